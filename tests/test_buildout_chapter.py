"""Tests for moneyloop.buildout_chapter and buildout_exhibits on small hand-built fixtures."""

from __future__ import annotations

import pandas as pd
import pytest

from moneyloop import buildout as bo
from moneyloop import buildout_chapter as bc
from moneyloop import buildout_exhibits as bx

T = pd.Timestamp


def _claims() -> pd.DataFrame:
    rows = [
        ("C005", "deal-loop", None, None, "outdated"),
        ("C084", "concentration", 500.0, "USD bn", "confirmed"),
        ("C086", "concentration", 480.0, "USD bn", "confirmed"),
        ("C101", "buildout", 16.0, "GW", "confirmed"),
        ("C102", "buildout", 4.5, "GW", "confirmed"),
        ("C103", "buildout", 3000.0, "USD bn", "confirmed"),
        ("C104", "buildout", 1000.0, "USD bn", "outdated"),
        ("C105", "buildout", 6.0, "months", "unverifiable"),
        ("C106", "buildout", 24.0, "months", "unverifiable"),
        ("C107", "buildout", None, "GW", "confirmed"),
    ]
    return pd.DataFrame(rows, columns=["claim_id", "topic", "seed_value", "unit", "verdict"])


def test_seed_claim_picks_the_largest_or_smallest_figure_in_a_unit():
    c = _claims()
    assert bo.seed_claim(c, "buildout", "GW")["claim_id"] == "C101"  # 16 > 4.5; C107 has no figure
    assert bo.seed_claim(c, "buildout", "USD bn")["claim_id"] == "C103"  # 3000 > 1000; other topics ignored
    assert bo.seed_claim(c, "buildout", "months", "smallest")["claim_id"] == "C105"  # 6 < 24
    with pytest.raises(KeyError, match="no 'buildout' claim in 'TWh'"):
        bo.seed_claim(c, "buildout", "TWh")


def test_chapter_claims_and_speed_numbers_read_the_rule_picked_rows():
    t = {"claims": _claims()}
    cl = bc.chapter_claims(t["claims"])
    assert cl["seed-gw"]["claim_id"] == "C101" and cl["ms"]["claim_id"] == "C103"
    assert cl["lease"]["verdict"] == "outdated"
    assert bc.speed_numbers(t) == {
        "retrofit-months": "6 months",
        "newbuild-months": "24 months",
        "retrofit-verdict": "unverifiable",
        "newbuild-verdict": "unverifiable",
    }


def test_run_rate_scales_any_period_to_twelve_months():
    q = pd.Series(
        {
            "company_id": "n",
            "metric": "r",
            "period_label": "Q",
            "value_usd_bn": 50.0,
            "period_start": T("2025-08-01"),
            "period_end": T("2025-10-31"),
        }
    )
    assert bo.run_rate(q) == 200.0  # 92 days = 3 months: 50 x 12 / 3
    m = q.copy()
    m["period_end"] = T("2025-08-31")
    assert bo.run_rate(m) == 600.0  # one month: 50 x 12
    d = q.copy()
    d["period_end"] = T("2025-08-05")
    with pytest.raises(ValueError, match="period under a month"):
        bo.run_rate(d)


def test_study_short_drops_the_year():
    assert bc.study_short("jpmorgan-2025") == "jpmorgan"
    assert bc.study_short("sequoia-2024") == "sequoia"


def test_life_numbers_cover_every_change():
    lives = pd.DataFrame(
        {
            "change_id": ["a-2022", "b-2025", "c-2025"],
            "effective": [T("2022-07-01"), T("2025-01-01"), T("2025-01-01")],
            "effective_precision": ["month", "year", "year"],
            "life_before_years": [4.0, 6.0, None],
            "life_after_years": [6.0, 5.0, 5.5],
            "effect_usd_bn": [3.7, -0.7, None],
        }
    )
    n = bc.life_numbers(lives)
    # a: 4 -> 6 lengthened; b: 6 -> 5 shortened; c has no "before", so it is neither
    assert n["lives-lengthened"] == "1" and n["lives-shortened"] == "1"
    assert n["lives-first-year"] == "2022" and n["lives-last-year"] == "2025"
    assert n["lives-a-2022-before"] == "4 years" and n["lives-a-2022-after"] == "6 years"
    assert n["lives-b-2025-effect"] == "$700M"  # |−0.7| bn
    assert "lives-c-2025-before" not in n and "lives-c-2025-effect" not in n
    assert n["lives-c-2025-after"] == "5.5 years"


def test_intro_numbers_are_the_chapter_text(monkeypatch):
    fake = {f"buildout-{c}": f"text of {c}" for c in bc.INTRO.values()}
    monkeypatch.setattr(bc, "chapter_numbers", lambda t, k: fake)
    intro = bc.intro_numbers({}, {})
    assert intro["intro-buildout-cds-bp"] == "text of cds-hyper-bp"
    assert intro["intro-buildout-gw-like-for-like"] == "text of gw-like-for-like-gross"
    assert len(intro) == len(bc.INTRO)


def test_debt_bars_names_the_company_years_that_borrow():
    companies = pd.DataFrame({"company_id": ["m", "o"], "name": ["Meta", "Oracle (OCI)"]})
    su = pd.DataFrame(
        {"company_id": ["m", "o", "m"], "fiscal_year": ["2024", "FY2025", "2025"], "debt": [0.0, 2.0, 3.5]}
    )
    assert bx.debt_bars(su, companies) == "Oracle's FY2025 and Meta's 2025 draw partly on new debt"
    assert bx.debt_bars(su.iloc[:2], companies) == "Oracle's FY2025 draws partly on new debt"
    assert bx.debt_bars(su.iloc[:1], companies) == "no bar draws on new debt"


def test_horizon_numbers_give_one_year_per_study_that_states_one():
    studies = pd.DataFrame(
        {"study_id": ["bain-2025", "bain-2025", "sequoia-2024"], "horizon_year": [2030, 2030, None]}
    )
    # sequoia states no horizon, so it has no key; bain's two rows give one key
    assert bc.horizon_numbers(studies) == {"bain-horizon": "2030"}


def test_chain_numbers_follow_the_largest_standing_same_capacity_overlap():
    deals = pd.DataFrame(
        {
            "deal_id": ["loi", "lease", "contract", "agreement", "sites"],
            "status": ["superseded", "superseded", "reported", "definitive", "definitive"],
            "announced": pd.to_datetime(
                ["2025-09-22", "2025-09-22", "2025-09-10", "2025-07-22", "2025-09-23"]
            ),
        }
    )
    overlaps = pd.DataFrame(
        {
            "deal_id": ["loi", "contract", "agreement"],
            "within_deal_id": ["lease", "agreement", "sites"],
            "kind": ["same-capacity", "same-capacity", "site-in-programme"],
            "overlap_gw": [10.0, 4.5, 4.5],
        }
    )
    # the 10 GW pair is larger but both rows are superseded, so the chain is contract -> agreement -> sites
    assert bc.chain_numbers(overlaps, deals) == {
        "chain-agreement-month": "July 2025",
        "chain-sites-month": "September 2025",
    }
