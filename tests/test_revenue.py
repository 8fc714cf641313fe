"""Tests for moneyloop.revenue: the one rule that turns reported periods into a year's revenue (hand-worked fixtures)."""

from __future__ import annotations

import pandas as pd

from moneyloop import revenue


def rows(company: str, metric: str, periods: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "company_id": company,
            "metric": metric,
            "basis": "actual",
            "period_label": [p[0] for p in periods],
            "period_start": pd.to_datetime([p[1] for p in periods]),
            "period_end": pd.to_datetime([p[2] for p in periods]),
            "value_usd_bn": [p[3] for p in periods],
        }
    )


FY = ("FY2025", "2024-06-01", "2025-05-31", 50.0)
QUARTERS = [
    ("Q1", "2025-06-01", "2025-08-31", 10.0),
    ("Q2", "2025-09-01", "2025-11-30", 11.0),
    ("Q3", "2025-12-01", "2026-02-28", 12.0),
    ("Q4", "2026-03-01", "2026-05-31", 13.0),
]


def test_fiscal_year_when_no_later_quarter():
    r = revenue.annual(rows("a", "revenue", [FY]), "a")
    assert (r["value_usd_bn"], r["basis"], r["metric"]) == (50.0, "fiscal year FY2025", "revenue")


def test_four_later_quarters_are_summed():
    r = revenue.annual(rows("a", "revenue", [FY, *QUARTERS]), "a")
    assert r["value_usd_bn"] == 46.0  # 10 + 11 + 12 + 13
    assert r["period_end"] == pd.Timestamp("2026-05-31")


def test_fewer_than_four_quarters_annualise_the_last():
    r = revenue.annual(rows("a", "revenue", [FY, *QUARTERS[:2]]), "a")
    assert r["value_usd_bn"] == 44.0  # Q2's 11 × 4
    assert r["basis"] == "Q2 revenue times four, annualised"


def test_falls_back_to_the_next_metric_and_to_none():
    fin = rows("b", "cloud-revenue", [QUARTERS[0]])
    assert revenue.annual(fin, "b", ("revenue", "cloud-revenue"))["value_usd_bn"] == 40.0  # 10 × 4
    assert revenue.annual(fin, "b") is None
