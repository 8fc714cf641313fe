"""Tests for moneyloop.deals.history (status history and cumulative amounts), on hand-made graphs with answers worked out by hand."""

from __future__ import annotations

from deals_fixtures import DEALS, EVENTS, T
from moneyloop import deals as dl


def test_status_history_and_cumulative_amounts():
    hist = dl.status_history(DEALS, EVENTS)
    d3 = hist[hist["deal_id"] == "d3"]
    assert d3["status"].tolist() == ["loi", "superseded"]
    assert d3["valid_to"].iloc[0] == T("2026-02-27")
    cum = dl.cumulative_amounts(DEALS[DEALS["deal_id"].isin(["d3", "d4"])], EVENTS).set_index("date")
    # headline: 100 on the LOI, 130 once the 30 bn stake is announced
    assert cum.loc[T("2025-09-22"), "headline_usd_bn"] == 100
    assert cum.loc[T("2026-02-27"), "headline_usd_bn"] == 130
    # binding: nothing until the stake is signed, then 30 (definitive, then funded)
    assert cum.loc[T("2025-09-22"), "binding_usd_bn"] == 0
    assert cum.loc[T("2026-03-31"), "binding_usd_bn"] == 30
    counts = dl.status_counts(DEALS, EVENTS, "2026-01-01")
    assert counts["loi"] == 1 and counts["superseded"] == 0
