"""Tests for moneyloop.deals.commitments (commitment schedules, coverage, revenue and backlog), on hand-made graphs with answers worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from deals_fixtures import DEALS, FIN
from moneyloop import deals as dl

SCHED = pd.DataFrame({"deal_id": ["d1"], "first_year": [2027], "last_year": [2031], "profile": ["flat"]})


def test_flat_and_ramp_schedules():
    flat = dl.annual_schedule(DEALS, SCHED)
    assert flat["year"].tolist() == [2027, 2028, 2029, 2030, 2031]
    assert flat["usd_bn"].tolist() == pytest.approx([60] * 5)  # 300 / 5
    ramp = dl.annual_schedule(DEALS, SCHED.assign(last_year=2029, profile="ramp"))
    assert ramp["usd_bn"].tolist() == pytest.approx([50, 100, 150])  # 300 × 1/6, 2/6, 3/6
    # a deal not in the view is skipped: d2 is only reported
    assert dl.annual_schedule(DEALS, SCHED.assign(deal_id="d2"), view="binding").empty


def test_coverage_and_required_growth():
    sched = dl.annual_schedule(DEALS, SCHED)
    rev = pd.DataFrame({"year": [2025, 2027], "revenue_usd_bn": [15.0, 30.0], "basis": ["actual", "target"]})
    cov = dl.coverage(sched, rev).set_index("year")
    assert cov.loc[2027, "coverage"] == pytest.approx(0.5)  # 30 / 60
    assert math.isnan(cov.loc[2025, "coverage"])  # nothing due in 2025
    g = dl.required_growth(sched, base_revenue=15.0, base_year=2025).set_index("year")
    assert g.loc[2027, "required_cagr"] == pytest.approx(1.0)  # (60/15)^(1/2) - 1 = 1
    assert g.loc[2028, "required_cagr"] == pytest.approx(4 ** (1 / 3) - 1)


def test_revenue_by_year_prefers_actuals_and_whole_years():
    r = dl.revenue_by_year(FIN, "lab").set_index("year")
    assert (
        r.loc[2025, "revenue_usd_bn"] == 13 and r.loc[2026, "revenue_usd_bn"] == 30
    )  # the quarter is ignored
    assert r.loc[2026, "basis"] == "target"


def test_backlog_share_counts_contracts_announced_by_each_rpo_date():
    b = dl.backlog_share(DEALS, FIN, customer="lab", supplier="cloud")
    # d1 (300) was announced 2025-09-10: after the first RPO date, before the second
    assert b["customer_usd_bn"].tolist() == [0, 300]
    assert b["share"].tolist() == pytest.approx([0, 0.5])  # 300 / 600
