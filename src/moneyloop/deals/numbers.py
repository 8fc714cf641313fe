"""The chapter's numbers in one place: every table it reads, and every figure it quotes."""

from __future__ import annotations

import pandas as pd

from moneyloop.deals.accounting import aggregate_table, annotate, commitment_rates, credit_support
from moneyloop.deals.commitments import (
    annual_schedule,
    backlog_share,
    coverage,
    required_growth,
    revenue_by_year,
)
from moneyloop.deals.funding import latest_ocf, purchase_funding
from moneyloop.deals.graph import build_graph, pair_flows
from moneyloop.deals.loops import (
    cycle_through,
    find_cycles,
    funding_totals,
    round_trip_share,
    vendor_financing,
)
from moneyloop.deals.vocabulary import STATUS_ORDER, VIEWS, exclusions

TRIANGLE = ("openai", "oracle", "nvidia")


TABLES = (
    "deals",
    "companies",
    "deal_events",
    "financials",
    "market_events",
    "market_values",
    "commitment_schedules",
    "flow_exclusions",
    "deal_layers",
    "deal_conditions",
    "cashflows",
)


def load_tables() -> dict[str, pd.DataFrame]:
    """Every table the deal-loop analysis reads, validated and typed; deals carry their layer, condition and flow notes."""
    from moneyloop import datasets

    t = {n: datasets.load(n) for n in TABLES}
    t["deals"] = annotate(t["deals"], t["deal_layers"], t["deal_conditions"], t["flow_exclusions"])
    return t


def load_deals() -> pd.DataFrame:
    """The deals table with its layer, condition and flow notes attached, for pages that need only deals."""
    from moneyloop import datasets

    t = {n: datasets.load(n) for n in ("deals", "deal_layers", "deal_conditions", "flow_exclusions")}
    return annotate(t["deals"], t["deal_layers"], t["deal_conditions"], t["flow_exclusions"])


def key_numbers(t: dict[str, pd.DataFrame], shocked: str = "openai") -> dict:
    """Every number and table the chapter and the executive summary quote, computed from the data."""
    deals_, comp, fin = t["deals"], t["companies"], t["financials"]
    ex = exclusions(t["flow_exclusions"])
    k: dict = {"exclude": ex}
    graphs = {v: build_graph(deals_, comp, v, ex) for v in VIEWS}
    k["graphs"] = graphs
    k["cycles"] = {v: find_cycles(pair_flows(graphs[v])) for v in VIEWS}
    tri = {}
    for v in VIEWS:
        try:
            tri[v] = cycle_through(k["cycles"][v], list(TRIANGLE))
        except KeyError:
            tri[v] = None
    k["triangle"] = tri
    d_head, d_ann = pair_flows(graphs["headline"]), pair_flows(graphs["announced"])
    k["triangle_edges"] = {
        v: {f"{a}-{b}": d[a][b]["usd_bn"] for a, b in zip(TRIANGLE, TRIANGLE[1:] + TRIANGLE[:1])}
        for v, d in (("headline", d_head), ("announced", d_ann))
    }
    k["round_trip"] = {v: round_trip_share(pair_flows(graphs[v])) for v in ("headline", "binding")}
    k["vendor"] = {v: vendor_financing(graphs[v]) for v in ("headline", "binding")}
    k["funding"] = {v: funding_totals(graphs[v]) for v in VIEWS}
    k["schedule"] = {
        v: annual_schedule(deals_, t["commitment_schedules"], v) for v in ("headline", "binding")
    }
    k["revenue"] = revenue_by_year(fin, shocked)
    k["coverage"] = {v: coverage(s, k["revenue"]) for v, s in k["schedule"].items()}
    base = k["revenue"][k["revenue"]["basis"] == "actual"].iloc[-1]
    k["revenue_base"] = {"year": int(base["year"]), "usd_bn": float(base["revenue_usd_bn"])}
    k["growth"] = {
        v: required_growth(s, k["revenue_base"]["usd_bn"], k["revenue_base"]["year"])
        for v, s in k["schedule"].items()
    }
    bl = backlog_share(deals_, fin)
    k["backlog"] = bl[bl["customer_usd_bn"] > 0].reset_index(drop=True)
    k["status_now"] = deals_["status"].astype(str).value_counts().reindex(STATUS_ORDER, fill_value=0)
    k["aggregates"] = aggregate_table(deals_, t["commitment_schedules"], ex)
    k["rates"] = {
        v: commitment_rates(deals_, v, t["commitment_schedules"], ex) for v in ("headline", "binding")
    }
    k["credit_support"] = credit_support(deals_, "headline")
    names = dict(zip(comp["company_id"], comp["name"].astype(str).str.split(" (", regex=False).str[0]))
    ocf = latest_ocf(t["cashflows"])
    k["purchase_funding"] = {
        v: purchase_funding(k["rates"][v], k["vendor"][v], ocf).assign(
            payer_name=lambda d: d["payer"].map(names)
        )
        for v in ("headline", "binding")
    }
    return k
