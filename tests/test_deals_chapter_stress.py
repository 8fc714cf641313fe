"""Tests for moneyloop.deals.chapter_stress: which creditors, lenders and deals the stress-test text quotes, by hand."""

from __future__ import annotations

import pandas as pd

from moneyloop.deals import chapter_stress as ds

OB = pd.DataFrame(
    {
        "deal_id": ["big", "big", "small", "chips"],
        "debtor": ["openai", "openai", "openai", "oracle"],
        "creditor": ["oracle", "oracle", "amd", "nvidia"],
        "year": [2027, 2028, 2026, 2025],
        "owed_usd_bn": [60.0, 60.0, 10.0, 20.0],
    }
)


def test_largest_obligation_and_its_years():
    assert ds.largest_obligation(OB, "openai") == ["big"]  # 120 against 10
    assert ds.largest_obligation(OB, "oracle", "nvidia") == ["chips"]
    assert ds._years(OB, ["big"]) == "2027–2028"


def test_lenders_to_picks_the_largest_lender():
    deals = pd.DataFrame(
        {
            "payer": ["bonds", "bonds", "bank", "x"],
            "payee": ["oracle", "oracle", "oracle", "oracle"],
            "flow_type": ["debt", "debt", "debt", "equity-investment"],
            "amount_usd_bn": [18.0, 30.0, 40.0, 100.0],
        }
    )
    assert ds.lenders_to(deals, "oracle") == "bonds"  # 18 + 30 = 48 > 40; equity is no loan


def test_valued_reads_the_stress_schedule():
    ts = {
        "stress_schedules": pd.DataFrame({"deal_id": ["a", "b", "c"], "valued_in": [None, "binding", "all"]})
    }
    assert ds.valued(ts, "binding") == "b" and ds.valued(ts, "all") == "c"


def test_closing_companies_order():
    summary = pd.DataFrame(
        {
            "company_id": ["oracle", "amd", "microsoft"],
            "rule": ["eisenberg-noe"] * 3,
            "cut": [0.5] * 3,
            "total_usd_bn": [150.0, 30.0, 125.0],
        }
    )
    kc = {
        "summary": {"headline": summary},
        "direct": {"openai", "oracle", "amd", "microsoft"},
        "finance": ["bank"],
    }
    # the largest direct creditor, then the triangle's chipmaker, then the other direct ones by loss, then lenders
    assert ds.closing_companies(kc) == ["oracle", "nvidia", "microsoft", "amd", "bank"]


def test_deal_days_keep_moves_on_the_shocked_partys_deals():
    t = {
        "deals": pd.DataFrame(
            {"deal_id": ["d1", "d2"], "payer": ["openai", "meta"], "payee": ["oracle", "coreweave"]}
        ),
        "market_events": pd.DataFrame(
            {
                "event_id": ["e1", "e2", "e3"],
                "company_id": ["oracle", "coreweave", None],
                "related_deal_id": ["d1", "d2", None],
                "close_change_pct": [36.0, 12.0, -3.0],
            }
        ),
    }
    assert list(ds.deal_days(t, "openai")["event_id"]) == ["e1"]
