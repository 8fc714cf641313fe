"""Tests for moneyloop.deepseek_chapter on small hand-built fixtures."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from moneyloop import deepseek_chapter as dc

T = pd.Timestamp
nan = math.nan


def _runs() -> pd.DataFrame:
    rows = [
        # run_id, company, released, base, gpu_type, gpu_hours, hours_kind
        ("ds-a", "deepseek", T("2024-06-01"), None, "H800", 1.0e6, "stated"),
        ("ds-b", "deepseek", T("2024-12-01"), None, "H800", 2.0e6, "stated"),
        ("ds-b-rl", "deepseek", T("2025-01-20"), "ds-b", "H800", 1.5e5, "stated"),
        ("ds-c", "deepseek", T("2026-04-24"), None, None, nan, None),
        ("us-peer", "meta", T("2024-07-01"), None, "H100", 3.0e7, "stated"),
        ("us-est", "xai", T("2025-02-01"), None, "H100", 2.4e8, "estimate"),
        ("us-a100", "openai", T("2023-03-01"), None, "A100", 5.7e7, "stated"),
    ]
    cols = ["run_id", "company_id", "released", "base_run_id", "gpu_type", "gpu_hours", "gpu_hours_kind"]
    return pd.DataFrame(rows, columns=cols)


def test_roles_are_read_from_the_data():
    r = dc.roles(_runs())
    assert r["reference"]["run_id"] == "ds-b"  # the latest DeepSeek run with hours and no base
    assert r["increment"]["run_id"] == "ds-b-rl"  # the run built on it
    assert r["next"]["run_id"] == "ds-c"  # the first DeepSeek release after the increment
    assert (
        r["peer"]["run_id"] == "us-peer"
    )  # the one non-DeepSeek Hopper run with stated hours (A100 excluded)


def test_roles_refuse_two_peers():
    runs = _runs()
    runs.loc[runs["run_id"] == "us-est", "gpu_hours_kind"] = "stated"
    with pytest.raises(ValueError, match="found 2"):
        dc.roles(runs)


def test_slug_drops_dots():
    assert dc.slug("llama-3.1-405b") == "llama-31-405b"
    assert dc.slug("grok-3") == "grok-3"


def test_market_price_is_the_first_rental_price_at_or_below_a_rate():
    prices = pd.DataFrame(
        {
            "price_id": ["own", "launch", "dip", "later", "a100"],
            "gpu_type": ["H800", "H100", "H100", "H100", "A100"],
            "date": [T("2024-12-01"), T("2023-01-01"), T("2024-10-01"), T("2025-06-01"), T("2024-01-01")],
            "usd_per_gpu_hour_high": [2.0, 8.0, 2.0, 1.8, 1.0],
            "price_kind": ["assumption", "rental-market", "rental-market", "rental-market", "rental-market"],
        }
    )
    # 8 > 2; the dip (2 <= 2) comes before the later 1.8; the A100 and the assumption do not count
    assert dc.market_price(prices, 2.0)["price_id"] == "dip"
    with pytest.raises(ValueError, match="no rental-market price"):
        dc.market_price(prices, 1.5)


def test_infra_rows_by_item():
    infra = pd.DataFrame({"item": ["server-capex", "gpu-spend", "server-capex"], "value": [1.6, 0.5, 9.9]})
    rows = dc.infra_rows(infra)
    assert (
        rows["server-capex"]["value"] == 1.6 and rows["gpu-spend"]["value"] == 0.5
    )  # first row of each item


def test_intro_numbers_are_the_chapter_text(monkeypatch):
    fake = {f"deepseek-{c}": f"text of {c}" for c in dc.INTRO.values()}
    monkeypatch.setattr(dc, "chapter_numbers", lambda t: fake)
    intro = dc.intro_numbers({})
    assert intro["intro-deepseek-capex-raisers"] == "text of guide-raised-count"
    assert intro["intro-deepseek-us-per-ef-low"] == "text of us-amort-per-ef-low"
    assert len(intro) == len(dc.INTRO)
