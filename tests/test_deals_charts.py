"""Tests for moneyloop.deals.charts (the chart builders), on hand-made graphs with answers worked out by hand."""

from __future__ import annotations

from deals_fixtures import COMPANIES, DEALS, EVENTS
from moneyloop import deals as dl


def test_web_chart_has_filters_and_renders_offline():
    events = EVENTS.assign(date_precision="day", sources="Test2026key")
    nodes, edges = dl.web_tables(DEALS.assign(date_precision="day"), COMPANIES, events)
    assert set(edges["deal_id"]) == set(DEALS["deal_id"])
    assert len(edges[edges["deal_id"] == "d3"]) == 2  # LOI period, then superseded period
    spec = dl.web_chart(nodes, edges).to_dict()
    names = {p["name"] for p in spec["params"]}
    assert {"view", "asof"} <= names
    import vl_convert as vlc

    assert vlc.vegalite_to_svg(spec).startswith("<svg")
