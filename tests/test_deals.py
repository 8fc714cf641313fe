"""Tests for moneyloop.deals on small hand-made deal graphs with answers worked out by hand."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moneyloop import deals as dl

T = pd.Timestamp


def _deals(rows: list[tuple]) -> pd.DataFrame:
    """rows: (deal_id, payer, payee, flow_type, amount, low, high, kind, status, announced, term)."""
    cols = [
        "deal_id",
        "payer",
        "payee",
        "flow_type",
        "amount_usd_bn",
        "amount_low_usd_bn",
        "amount_high_usd_bn",
        "amount_kind",
        "status",
        "announced",
        "term_years",
    ]
    df = pd.DataFrame(rows, columns=cols)
    for c in ("amount_usd_bn", "amount_low_usd_bn", "amount_high_usd_bn", "term_years"):
        df[c] = df[c].astype(float)
    df["announced"] = pd.to_datetime(df["announced"])
    df["date_precision"] = "day"
    df["sources"] = "Test2026key"
    return df


COMPANIES = pd.DataFrame(
    {
        "company_id": ["lab", "cloud", "chips", "fund", "bank"],
        "name": ["Lab (Lab Group PBC)", "Cloud", "Chips", "Fund", "Bank"],
        "kind": ["ai-lab", "cloud", "chipmaker", "investor", "lender"],
    }
)

# A miniature of the OpenAI -> Oracle -> NVIDIA -> OpenAI triangle, with one superseded letter of intent.
DEALS = _deals(
    [
        (
            "d1",
            "lab",
            "cloud",
            "compute-purchase",
            300,
            None,
            None,
            "estimate",
            "definitive",
            "2025-09-10",
            5,
        ),
        ("d2", "cloud", "chips", "chip-purchase", 40, None, None, "estimate", "reported", "2025-05-23", None),
        ("d3", "chips", "lab", "equity-investment", 100, 0, 100, "up-to", "superseded", "2025-09-22", None),
        ("d4", "chips", "lab", "equity-investment", 30, None, None, "stated", "funded", "2026-02-27", None),
        ("d5", "fund", "lab", "equity-investment", 40, None, None, "stated", "funded", "2025-03-31", None),
        ("d6", "bank", "cloud", "debt", 18, None, None, "stated", "funded", "2025-09-01", None),
        ("d7", "cloud", "lab", "warrant", 2, None, None, "stated", "definitive", "2025-03-10", None),
    ]
)

EVENTS = pd.DataFrame(
    {
        "deal_id": ["d3", "d3", "d4", "d4"],
        "date": pd.to_datetime(["2025-09-22", "2026-02-27", "2026-02-27", "2026-03-31"]),
        "status": ["loi", "superseded", "definitive", "funded"],
        "note": ["letter", "replaced", "announced", "paid"],
    }
)


def graph(view: str, exclude=frozenset()) -> nx.MultiDiGraph:
    return dl.build_graph(DEALS, COMPANIES, view, exclude)


# --- amounts and views ----------------------------------------------------------------------


def test_headline_and_firm_amounts():
    # d3 is "up to 100" with a range 0..100: the headline quotes 100, the firm amount is the low end, 0.
    head = dl.headline_amount(DEALS).tolist()
    firm = dl.firm_amount(DEALS).tolist()
    assert head[2] == 100 and firm[2] == 0
    assert head[0] == firm[0] == 300


def test_views_select_the_right_deals():
    assert set(dl.select(DEALS, "announced")["deal_id"]) == {"d1", "d2", "d3", "d4", "d5", "d6", "d7"}
    assert set(dl.select(DEALS, "headline")["deal_id"]) == {
        "d1",
        "d2",
        "d4",
        "d5",
        "d6",
        "d7",
    }  # d3 superseded
    assert set(dl.select(DEALS, "binding")["deal_id"]) == {"d1", "d4", "d5", "d6", "d7"}  # d2 only reported
    with pytest.raises(ValueError):
        dl.select(DEALS, "everything")


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


# --- loops ----------------------------------------------------------------------------------


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


# --- commitments ------------------------------------------------------------------------------

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


def _fin(rows):
    cols = [
        "company_id",
        "metric",
        "period_label",
        "period_start",
        "period_end",
        "basis",
        "value_usd_bn",
        "reported_on",
        "sources",
    ]
    df = pd.DataFrame(rows, columns=cols)
    for c in ("period_start", "period_end", "reported_on"):
        df[c] = pd.to_datetime(df[c])
    df["basis"] = df["basis"].astype("category")
    return df


FIN = _fin(
    [
        ("cloud", "rpo", "Q1", "2025-08-31", "2025-08-31", "actual", 400.0, "2025-09-09", "A2025a"),
        ("cloud", "rpo", "Q2", "2025-11-30", "2025-11-30", "actual", 600.0, "2025-12-10", "A2025b"),
        ("cloud", "revenue", "FY", "2025-06-01", "2026-05-31", "actual", 60.0, "2026-06-10", "A2026c"),
        ("cloud", "revenue", "Q4", "2026-03-01", "2026-05-31", "actual", 20.0, "2026-06-10", "A2026c"),
        ("chips", "revenue", "Q1", "2026-02-01", "2026-04-30", "actual", 10.0, "2026-05-20", "A2026d"),
        ("lab", "revenue", "2025", "2025-01-01", "2025-12-31", "actual", 13.0, "2026-03-29", "A2026e"),
        ("lab", "revenue", "2026", "2026-01-01", "2026-12-31", "target", 30.0, "2026-03-29", "A2026e"),
        ("lab", "revenue", "2026 Q1", "2026-01-01", "2026-03-31", "actual", 5.7, "2026-05-01", "A2026f"),
    ]
)


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


def test_company_scale_prefers_full_year_then_quarter_times_four():
    s = dl.company_scale(FIN, ["cloud", "chips", "bank"]).set_index("company_id")
    assert s.loc["cloud", "revenue_usd_bn"] == 60 and s.loc["cloud", "rpo_usd_bn"] == 600
    assert s.loc["chips", "revenue_usd_bn"] == 40  # 10 × 4
    assert math.isnan(s.loc["bank", "revenue_usd_bn"])


# --- properties ---------------------------------------------------------------------------------

NAMES = ["a", "b", "c", "d", "e", "f"]
edge_st = st.tuples(st.sampled_from(NAMES), st.sampled_from(NAMES), st.floats(0.5, 500, allow_nan=False))


deal_st = st.tuples(
    st.sampled_from(NAMES[:5]),
    st.sampled_from(NAMES[:5]),
    st.sampled_from(["reported", "loi", "definitive", "funded"]),
    st.floats(1, 100),
)


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


# --- history, synthetic graphs, charts ------------------------------------------------------------


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
    changes = dl.status_changes(DEALS[DEALS["deal_id"].isin(["d3", "d4"])], EVENTS, "2026-01-01")
    # first events are announcements, not changes: d3's supersession and d4's funding remain
    assert set(zip(changes["deal_id"], changes["status_now"])) == {("d3", "superseded"), ("d4", "funded")}


def test_layout_is_deterministic_and_scaled():
    d = dl.pair_flows(graph("announced"))
    a, b = dl.layout(d, seed=3), dl.layout(d, seed=3)
    pd.testing.assert_frame_equal(a, b)
    assert a["x"].between(0, 1).all() and a["y"].between(0, 1).all()


def test_synthetic_graph_has_the_requested_size_and_runs_all_analytics():
    deals, companies = dl.synthetic(300, 60, seed=1)
    assert len(deals) == 300 and len(companies) == 60
    assert (deals["payer"] != deals["payee"]).all()
    out = dl.analytics(deals, companies)
    assert {"cycles", "round_trip", "vendor_financing", "funding"} <= set(out["headline"])


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


# --- the real data ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real():
    from moneyloop import datasets

    return {
        n: datasets.load(n)
        for n in (
            "deals",
            "companies",
            "deal_events",
            "financials",
            "market_events",
            "commitment_schedules",
            "flow_exclusions",
        )
    }


def test_real_triangle_headline_and_binding(real):
    ex = dl.exclusions(real["flow_exclusions"])
    head = dl.find_cycles(dl.pair_flows(dl.build_graph(real["deals"], real["companies"], "headline", ex)))
    # standing deals: OpenAI -> Oracle 300, Oracle -> NVIDIA 40, NVIDIA -> OpenAI 30 (the stake; the lease
    # has no reported value): min = 30
    assert dl.cycle_through(head, ["openai", "oracle", "nvidia"])["bottleneck_usd_bn"] == 30
    # as announced, the 100 bn letter of intent counts too (130), so Oracle's 40 bn chip order is narrowest
    ann = dl.find_cycles(dl.pair_flows(dl.build_graph(real["deals"], real["companies"], "announced", ex)))
    assert dl.cycle_through(ann, ["openai", "oracle", "nvidia"])["bottleneck_usd_bn"] == 40
    binding = dl.find_cycles(dl.pair_flows(dl.build_graph(real["deals"], real["companies"], "binding", ex)))
    with pytest.raises(KeyError):
        dl.cycle_through(binding, ["openai", "oracle", "nvidia"])


def test_real_oracle_backlog(real):
    # the stress test's real-data checks are in test_contagion.py
    b = dl.backlog_share(real["deals"], real["financials"]).set_index("date")
    assert b.loc[T("2026-05-31"), "share"] == pytest.approx(300 / 638)


def test_real_market_moves_named_in_the_issue(real):
    ev = real["market_events"].set_index("event_id")
    assert ev.loc["orcl-2025-09-10-rpo", "close_change_pct"] == 35.95
    assert ev.loc["orcl-2025-09-10-rpo", "intraday_change_pct"] == 43
    assert ev.loc["orcl-2025-09-10-rpo", "market_value_change_usd_bn"] == 244
    assert ev.loc["nvda-2025-09-22-openai-loi", "close_change_pct"] == 3.97
    assert ev.loc["nvda-2025-09-22-openai-loi", "market_value_after_usd_bn"] == 4460


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 5))
def test_bounded_cycles_match_networkx(seed, k):
    g = nx.gnm_random_graph(12, 40, seed=seed, directed=True)

    def canon(cycles):
        return {tuple(c[c.index(min(c)) :] + c[: c.index(min(c))]) for c in map(list, cycles)}

    assert canon(dl.bounded_cycles(g, k)) == canon(nx.simple_cycles(g, length_bound=k))


def test_layout_does_not_depend_on_the_hash_seed():
    import os
    import subprocess
    import sys

    code = (
        "from tests.test_deals import graph; from moneyloop import deals as dl; "
        "print(dl.layout(dl.pair_flows(graph('announced'))).round(6).to_json())"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            cwd=os.getcwd(),
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(runs) == 1
