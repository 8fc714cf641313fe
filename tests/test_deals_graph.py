"""Tests for moneyloop.deals.graph (the deal graph and its pair flows), on hand-made graphs with answers worked out by hand."""

from __future__ import annotations

import math

from deals_fixtures import _deals, graph
from moneyloop import deals as dl


def test_graph_has_one_edge_per_deal_and_short_names():
    g = graph("announced")
    assert g.number_of_edges() == 7
    assert g.nodes["lab"]["name"] == "Lab"
    assert g["chips"]["lab"]["d3"]["status"] == "superseded"
    assert g["lab"]["cloud"]["d1"]["binding"] is True


def test_pair_flows_sums_parallel_deals_and_marks_undisclosed():
    d = dl.pair_flows(graph("announced"))
    assert d["chips"]["lab"]["usd_bn"] == 130  # 100 (LOI) + 30 (stake)
    extra = _deals(
        [
            ("x1", "a", "b", "debt", None, None, None, None, "funded", "2025-01-01", None),
            ("x2", "a", "b", "debt", 5, None, None, "stated", "funded", "2025-01-01", None),
            ("x3", "b", "c", "debt", None, None, None, None, "funded", "2025-01-01", None),
        ]
    )
    e = dl.pair_flows(dl.build_graph(extra))
    assert e["a"]["b"]["usd_bn"] == 5 and e["a"]["b"]["undisclosed"] == 1
    assert math.isnan(e["b"]["c"]["usd_bn"])


def test_excluded_amounts_leave_the_flows():
    d = dl.pair_flows(graph("announced", frozenset({"d3"})))
    assert d["chips"]["lab"]["usd_bn"] == 30
    assert graph("announced", frozenset({"d3"}))["chips"]["lab"]["d3"]["excluded"] is True
