"""Tests for moneyloop.deals.loops (loops, round trips and vendor financing), on hand-made graphs with answers worked out by hand."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deals_fixtures import _deals, deal_st, graph
from moneyloop import deals as dl


def test_triangle_bottleneck_headline_announced_and_binding():
    # headline: min(lab->cloud 300, cloud->chips 40, chips->lab 30) = 30
    cyc = dl.find_cycles(dl.pair_flows(graph("headline")))
    tri = dl.cycle_through(cyc, ["lab", "cloud", "chips"])
    assert tri["bottleneck_usd_bn"] == 30 and tri["length"] == 3
    assert tri["cycle"] == "Lab → Cloud → Chips → Lab"  # starts at the busiest node
    # announced: the LOI counts too, chips->lab = 130, so the 40 bn chip order is the bottleneck
    cyc = dl.find_cycles(dl.pair_flows(graph("announced")))
    assert dl.cycle_through(cyc, ["cloud", "chips", "lab"])["bottleneck_usd_bn"] == 40
    # binding: the chip order is only reported, so the triangle does not close
    cyc = dl.find_cycles(dl.pair_flows(graph("binding")))
    with pytest.raises(KeyError):
        dl.cycle_through(cyc, ["lab", "cloud", "chips"])
    # the lab <-> cloud two-cycle survives: min(300, 2) = 2
    assert dl.cycle_through(cyc, ["lab", "cloud"])["bottleneck_usd_bn"] == 2


def test_cycle_search_is_bounded_and_flags_undisclosed_edges():
    ring = _deals(
        [
            (
                f"r{i}",
                f"n{i}",
                f"n{(i + 1) % 5}",
                "debt",
                10 + i,
                None,
                None,
                "stated",
                "funded",
                "2025-01-01",
                None,
            )
            for i in range(5)
        ]
    )
    d = dl.pair_flows(dl.build_graph(ring))
    assert len(dl.find_cycles(d, max_len=4)) == 0  # the only loop has five parties
    five = dl.find_cycles(d, max_len=5)
    assert len(five) == 1 and five.loc[0, "bottleneck_usd_bn"] == 10  # smallest of 10..14
    ring.loc[0, "amount_usd_bn"] = np.nan
    five = dl.find_cycles(dl.pair_flows(dl.build_graph(ring)), max_len=5)
    assert math.isnan(five.loc[0, "bottleneck_usd_bn"])
    assert five.loc[0, "smallest_known_usd_bn"] == 11 and five.loc[0, "undisclosed_edges"] == 1
    assert dl.find_cycles(d, max_len=1).empty


def test_round_trip_share():
    rt = dl.round_trip_share(dl.pair_flows(graph("headline"))).set_index("company_id")
    # lab receives 30 (chips) + 40 (fund) + 2 (cloud) = 72; it pays only cloud, which sent 2: 2/72
    assert rt.loc["lab", "inflow_usd_bn"] == 72
    assert rt.loc["lab", "round_trip_share"] == pytest.approx(2 / 72)
    # cloud receives 300 (lab) + 18 (bank); it pays chips and lab, and lab sent 300: 300/318
    assert rt.loc["cloud", "round_trip_share"] == pytest.approx(300 / 318)
    assert math.isnan(rt.loc["fund", "round_trip_share"])  # no inflows at all


def test_vendor_financing():
    vf = dl.vendor_financing(graph("headline"))
    # cloud gives lab a 2 bn warrant and lab buys 300 bn of compute from cloud: 2/300
    row = vf[(vf["supplier"] == "cloud") & (vf["customer"] == "lab")].iloc[0]
    assert row["financing_share"] == pytest.approx(2 / 300)
    # time-phased: the first 3 of the contract's 5 years owe 300 × 3/5 = 180, so 2/180
    assert row["first_years_usd_bn"] == pytest.approx(180)
    assert row["first_years_share"] == pytest.approx(2 / 180)
    assert row["covered_usd_bn"] == 2  # min(capital 2, purchases 300)
    assert len(vf) == 1  # chips invests in lab but lab buys nothing from chips directly


def test_external_funding_and_totals():
    tot = dl.funding_totals(graph("headline"))
    # outside capital: fund 40 + bank 18 = 58; capital between members: chips 30 + cloud's warrant 2 = 32
    assert tot["outside_capital_usd_bn"] == 58 and tot["inside_capital_usd_bn"] == 32
    assert tot["inside_capital_per_outside"] == pytest.approx(32 / 58)
    # commitments between members, never added to capital: 300 (lab → cloud) + 40 (cloud → chips) = 340;
    # a year: 300 / 5 = 60, the 40 order has no term
    assert tot["member_commitments_usd_bn"] == 340
    assert tot["member_commitments_annual_usd_bn"] == pytest.approx(60)
    ext = dl.external_funding(graph("headline")).set_index(["company_id", "source", "aggregate"])["usd_bn"]
    assert ext[("cloud", "lender", "capital")] == 18 and ext[("lab", "inside the loop", "capital")] == 32


@settings(max_examples=150, deadline=None)
@given(st.lists(deal_st, min_size=1, max_size=15), st.data())
def test_removing_a_non_binding_edge_never_adds_a_cycle(rows, data):
    table = _deals(
        [
            (f"k{i}", u, v, "debt", a, None, None, "stated", s, "2025-01-01", None)
            for i, (u, v, s, a) in enumerate(rows)
        ]
    )
    loose = table[~table["status"].isin(dl.BINDING)]
    if loose.empty:
        return
    drop = data.draw(st.sampled_from(loose["deal_id"].tolist()))

    def loops(t):  # each cycle written from its smallest node id, so rotations compare equal
        found = dl.find_cycles(dl.pair_flows(dl.build_graph(t, view="headline")))["nodes"]
        return {c[c.index(min(c)) :] + c[: c.index(min(c))] for c in found}

    assert loops(table[table["deal_id"] != drop]) <= loops(table)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 5))
def test_bounded_cycles_match_networkx(seed, k):
    g = nx.gnm_random_graph(12, 40, seed=seed, directed=True)

    def canon(cycles):
        return {tuple(c[c.index(min(c)) :] + c[: c.index(min(c))]) for c in map(list, cycles)}

    assert canon(dl.bounded_cycles(g, k)) == canon(nx.simple_cycles(g, length_bound=k))
