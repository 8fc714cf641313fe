"""Tests for moneyloop.deals.synthetic (the synthetic graph), on hand-made graphs with answers worked out by hand."""

from __future__ import annotations

from moneyloop import deals as dl


def test_synthetic_graph_has_the_requested_size_and_runs_all_analytics():
    deals, companies = dl.synthetic(300, 60, seed=1)
    assert len(deals) == 300 and len(companies) == 60
    assert (deals["payer"] != deals["payee"]).all()
    out = dl.analytics(deals, companies)
    assert {"cycles", "round_trip", "vendor_financing", "funding"} <= set(out["headline"])
