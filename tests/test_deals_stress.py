"""Tests for moneyloop.deals.stress (company scale and observed strain), on hand-made graphs with answers worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from deals_fixtures import FIN
from moneyloop import deals as dl


def test_company_scale_prefers_full_year_then_quarter_times_four():
    s = dl.company_scale(FIN, ["cloud", "chips", "bank"]).set_index("company_id")
    assert s.loc["cloud", "revenue_usd_bn"] == 60 and s.loc["cloud", "rpo_usd_bn"] == 600
    assert s.loc["chips", "revenue_usd_bn"] == 40  # 10 × 4
    assert math.isnan(s.loc["bank", "revenue_usd_bn"])


def _observed_tables():
    fin = pd.DataFrame(
        {
            "company_id": ["cloud"] * 6,
            "metric": ["rpo", "rpo", "free-cash-flow", "capex", "revenue", "debt"],
            "period_label": ["Q1", "Q2", "FY", "FY", "FY", "Q2"],
            "period_start": pd.to_datetime(
                ["2025-06-01", "2025-09-01", "2025-06-01", "2025-06-01", "2025-06-01", "2025-09-01"]
            ),
            "period_end": pd.to_datetime(
                ["2025-08-31", "2025-11-30", "2026-05-31", "2026-05-31", "2026-05-31", "2025-11-30"]
            ),
            "basis": ["actual"] * 6,
            "value_usd_bn": [455.0, 523.0, -10.0, 50.0, 67.0, 110.0],
            "value_low_usd_bn": [None, None, None, None, None, 100.0],
            "value_high_usd_bn": [None, None, None, None, None, 120.0],
            "reported_on": pd.to_datetime(
                ["2025-09-09", "2025-12-10", "2026-06-10", "2026-06-10", "2026-06-10", "2025-12-10"]
            ),
        }
    )
    mv = pd.DataFrame(
        {
            "company_id": ["cloud"] * 3,
            "date": pd.to_datetime(["2025-09-10", "2025-09-10", "2026-06-26"]),
            "kind": ["market-cap"] * 3,
            "price_basis": ["close", "close", "close"],
            "market_value_usd_bn": [850.0, 900.0, 600.0],
        }
    )
    ev = pd.DataFrame(
        {
            "event_id": ["before", "deal", "week-small", "week-worst"],
            "company_id": ["cloud"] * 4,
            "date": pd.to_datetime(["2025-01-27", "2025-09-10", "2026-03-06", "2026-06-26"]),
            "window": ["day", "day", "week", "week"],
            "related_deal_id": [None, "d1", None, None],
            "close_change_pct": [-5.0, 36.0, -5.0, -20.0],
        }
    )
    return {"financials": fin, "market_values": mv, "market_events": ev}


def test_oracle_observed_takes_its_dates_from_the_events():
    o = dl.oracle_observed(_observed_tables(), "cloud")
    assert o["deal_day"]["event_id"] == "deal"  # the first move tied to a deal, not the earlier one
    assert o["worst_week"]["event_id"] == "week-worst"  # -20 is worse than -5
    # highest close on the deal day is 900, the value on the worst week's date 600: 600 / 900 - 1 = -1/3
    assert o["drawdown"]["peak_usd_bn"] == 900 and o["drawdown"]["after_usd_bn"] == 600
    assert o["drawdown"]["change"] == pytest.approx(-1 / 3)
    assert (
        o["rpo"]["value_usd_bn"] == 523 and o["rpo_at_deal_day"]["value_usd_bn"] == 455
    )  # as of the deal day
    assert (o["debt_low"], o["debt_high"]) == (100, 120)
