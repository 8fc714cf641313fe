"""Tests for moneyloop.deals.funding: the part of each payer's purchases its suppliers' capital could pay, by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from moneyloop.deals import funding

# Payer A buys 100 from S1 over five years (20 a year) and 50 from S2 with no known term;
# payer B buys 30 from S1 over three years (10 a year).
RATES = pd.DataFrame(
    {
        "deal_id": ["r1", "r2", "r3"],
        "payer": ["A", "A", "B"],
        "payee": ["S1", "S2", "S1"],
        "usd_bn": [100.0, 50.0, 30.0],
        "annual_usd_bn": [20.0, math.nan, 10.0],
    }
)
# S1 put 40 into A, S2 put 80 into A: S1 could cover min(40, 100) = 40, S2 min(80, 50) = 50.
VENDOR = pd.DataFrame({"supplier": ["S1", "S2"], "customer": ["A", "A"], "covered_usd_bn": [40.0, 50.0]})
CASHFLOWS = pd.DataFrame(
    {
        "company_id": ["A", "A"],
        "fiscal_year": ["FY2024", "FY2025"],
        "fiscal_year_start": pd.to_datetime(["2024-01-01", "2025-01-01"]),
        "fiscal_year_end": pd.to_datetime(["2024-12-31", "2025-12-31"]),
        "item": ["operating-cash-flow", "operating-cash-flow"],
        "value_usd_bn": [100.0, 200.0],
        "sources": ["Test2026a", "Test2026b"],
    }
)


def test_latest_ocf_takes_the_latest_calendar_year():
    o = funding.latest_ocf(CASHFLOWS).set_index("company_id")
    assert o.loc["A", "ocf_year"] == 2025 and o.loc["A", "ocf_usd_bn"] == 200


def test_purchase_funding_by_hand():
    s = funding.purchase_funding(RATES, VENDOR, funding.latest_ocf(CASHFLOWS)).set_index("payer")
    a, b = s.loc["A"], s.loc["B"]
    assert a["purchases_usd_bn"] == 150  # 100 + 50
    assert a["counterparty_usd_bn"] == 90  # 40 + 50
    assert a["elsewhere_usd_bn"] == 60  # 150 - 90
    assert a["counterparty_share"] == pytest.approx(0.6)  # 90 / 150
    assert a["annual_usd_bn"] == 20  # the contract without a term adds nothing a year
    assert a["annual_share_of_ocf"] == pytest.approx(0.1)  # 20 / 200
    assert b["counterparty_usd_bn"] == 0 and b["counterparty_share"] == 0  # no capital from S1 to B
    assert math.isnan(b["ocf_usd_bn"]) and math.isnan(b["annual_share_of_ocf"])
    assert list(s.index) == ["A", "B"]  # largest purchases first


def test_covered_never_exceeds_purchases():
    v = VENDOR.assign(covered_usd_bn=[400.0, 500.0])  # more than A buys
    s = funding.purchase_funding(RATES, v, funding.latest_ocf(CASHFLOWS)).set_index("payer")
    assert s.loc["A", "counterparty_usd_bn"] == 150 and s.loc["A", "elsewhere_usd_bn"] == 0
