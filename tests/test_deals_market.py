"""Tests for moneyloop.deals.market: the deal-day moves frame, its chart and the peak-to-trough fall, by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from moneyloop import deals as dl

EVENTS = pd.DataFrame(
    {
        "event_id": ["early", "deal", "news", "outside"],
        "date": pd.to_datetime(["2025-01-27", "2025-09-10", "2026-06-26", "2025-10-01"]),
        "date_precision": ["day"] * 4,
        "window": ["day", "day", "week", "day"],
        "company_id": ["cloud", "cloud", "cloud", "stranger"],
        "close_change_pct": [-5.0, None, -12.0, 3.0],
        "intraday_change_pct": [None, 43.0, None, None],
        "related_deal_id": [None, "d1", None, "d9"],
        "trigger": ["a", "b", "c", "d"],
        "market_value_change_usd_bn": [None, 244.0, None, None],
        "sources": ["Test2026key"] * 4,
    }
)
COMPANIES = pd.DataFrame({"company_id": ["cloud"], "name": ["Cloud (Cloud Corp.)"]})


def test_market_frame_starts_at_the_first_deal_day_and_labels_each_move():
    f = dl.market_frame(EVENTS, COMPANIES, {"cloud"})
    assert list(f["event_id"]) == [
        "deal",
        "news",
    ]  # the earlier move and the company outside the graph drop out
    deal, news = f.iloc[0], f.iloc[1]
    assert deal["move_pct"] == 43 and deal["measure"] == "intraday or after hours"  # no close given
    assert deal["kind"] == "on a deal announcement" and news["kind"] == "other news"
    assert news["label"].startswith("Cloud, ") and news["label"].endswith("(week)")
    spec = dl.market_chart(f).to_dict()
    assert spec["encoding"]["x"]["field"] == "move_pct"


def test_peak_drawdown_from_the_highest_close():
    mv = pd.DataFrame(
        {
            "company_id": ["cloud"] * 4,
            "date": pd.to_datetime(["2025-09-10", "2025-09-10", "2025-09-10", "2026-06-26"]),
            "kind": ["market-cap"] * 4,
            "price_basis": ["close", "close", "intraday", "close"],
            "market_value_usd_bn": [900.0, 930.0, 990.0, 620.0],
        }
    )
    d = dl.peak_drawdown(mv, "cloud", "2025-09-10", "2026-06-26")
    # the intraday 990 is not a close: peak 930, trough 620, 620 / 930 - 1 = -1/3
    assert d == {"peak_usd_bn": 930, "after_usd_bn": 620, "change": pytest.approx(-1 / 3)}
