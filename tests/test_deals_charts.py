"""Tests for moneyloop.deals.charts (the chart builders), on hand-made graphs with answers worked out by hand."""

from __future__ import annotations

import pytest

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


def _encodings(spec: dict) -> set[str]:
    """Every field a chart (or any of its layers) encodes."""
    out = set()
    for part in [spec, *spec.get("layer", [])]:
        for ch in part.get("encoding", {}).values():
            for e in ch if isinstance(ch, list) else [ch]:
                if isinstance(e, dict) and "field" in e:
                    out.add(e["field"])
    return out


def test_cycles_chart_draws_the_triangle_at_its_bottleneck():
    cyc = {
        v: dl.find_cycles(dl.pair_flows(dl.build_graph(DEALS, COMPANIES, v))) for v in ("headline", "binding")
    }
    frame = dl.cycles_frame(cyc)
    # standing deals: lab → cloud 300, cloud → chips 40, chips → lab 30 (d4; d3 is superseded): min 30
    # plus the two-way lab ↔ cloud loop (warrant 2 against 300) in both views; on binding deals the
    # triangle does not close because the chip order is only reported
    assert sorted(frame["bottleneck_usd_bn"]) == [2, 2, 30]
    spec = dl.cycles_chart(frame).to_dict()
    assert "bottleneck_usd_bn" in _encodings(spec)


def test_round_trip_and_funding_charts_encode_their_measures():
    g = dl.build_graph(DEALS, COMPANIES, "headline")
    rt = dl.round_trip_share(dl.pair_flows(g))
    spec = dl.round_trip_chart(rt).to_dict()
    assert "pct" in _encodings(spec)
    pct = {r["company_id"]: r["pct"] for r in next(iter(spec["datasets"].values()))}
    assert pct["cloud"] == pytest.approx(100 * 300 / 318)  # from the lab it pays: 300 of 300 + 18
    kinds = {r["company_id"]: r["kind_name"] for r in next(iter(spec["datasets"].values()))}
    assert kinds["cloud"] == "cloud provider"  # the reader's name of kind "cloud", not the code
    assert spec["encoding"]["color"]["field"] == "kind_name"
    ff = dl.funding_frame(g)
    # the lab's capital: 40 from the fund (outside) and 30 + 2 from chips and cloud (members)
    assert ff.loc[ff["company_id"] == "lab", "usd_bn"].sum() == 72
    assert "usd_bn" in _encodings(dl.funding_chart(ff).to_dict())


def test_timeline_chart_has_headline_and_binding_lines_and_marks():
    events = EVENTS.assign(date_precision="day", sources="Test2026key")
    long = dl.timeline_frame(DEALS, events)
    marks = dl.story_marks(DEALS, events, ("d3", "d4"))
    spec = dl.timeline_chart(long, marks).to_dict()
    assert len(spec["layer"]) >= 2 and len(marks) >= 2
