"""The deal web's layout: deterministic node positions and the node and edge tables the chart draws."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from moneyloop import fmt
from moneyloop.deals.graph import build_graph, edge_table, pair_flows
from moneyloop.deals.history import status_history
from moneyloop.deals.vocabulary import (
    BINDING,
    CAPITAL_FLOWS,
    ENDED,
    EXTERNAL_KINDS,
    FLOW_LABELS,
    KIND_LABELS,
    PAYMENT_FLOWS,
    STATUS_LABELS,
    label,
)


def layout(d: nx.DiGraph, seed: int = 7) -> pd.DataFrame:
    """Deterministic node positions in [0, 1]: the main component by force layout (fixed seed), the rest in a side column."""
    if d.number_of_nodes() == 0:
        return pd.DataFrame(columns=["company_id", "x", "y"])
    und = nx.Graph()
    und.add_nodes_from(sorted(d.nodes, key=str))
    for u, v, a in d.edges(data=True):
        w = a.get("usd_bn", np.nan)
        w = 1.0 + np.log1p(w) if pd.notna(w) else 1.0
        und.add_edge(u, v, weight=und[u][v]["weight"] + w if und.has_edge(u, v) else w)
    comps = sorted((sorted(c, key=str) for c in nx.connected_components(und)), key=lambda c: (-len(c), c[0]))

    def ordered(
        nodes: list,
    ) -> nx.Graph:  # networkx subgraph views iterate in hash order; rebuild them sorted
        keep = set(nodes)
        out_ = nx.Graph()
        out_.add_nodes_from(sorted(keep, key=str))
        out_.add_edges_from(sorted(((u, v) for u, v in und.edges() if u in keep and v in keep), key=str))
        return out_

    main = ordered(comps[0])
    # hubs are pushed apart by laying out their core first: leaves (one neighbour) are placed afterwards
    core = ordered([n for n in main if main.degree(n) > 1]) if len(main) > 2 else main
    base = nx.kamada_kawai_layout(core, weight=None) if len(core) > 2 else nx.spring_layout(core, seed=seed)
    pos = (
        nx.spring_layout(
            main,
            pos=base,
            fixed=list(core.nodes),
            seed=seed,
            weight=None,
            iterations=80,
            k=0.6 / np.sqrt(max(len(main), 1)),
        )
        if len(core) < len(main)
        else base
    )
    xy = np.array([pos[n] for n in main.nodes])
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    xy = (xy - lo) / np.where(hi - lo > 0, hi - lo, 1.0)
    rest = comps[1:]
    width = 0.8 if rest else 1.0
    out = {n: (width * x, y) for n, (x, y) in zip(main.nodes, xy)}
    for i, comp in enumerate(rest):  # small separate webs stacked down a side column, one row each
        y = 1.0 - i / max(len(rest) - 1, 1)
        for j, n in enumerate(comp):
            out[n] = (0.86 + 0.14 * j / max(len(comp) - 1, 1), y)
    return pd.DataFrame(
        {"company_id": list(out), "x": [p[0] for p in out.values()], "y": [p[1] for p in out.values()]}
    )


def month_index(dates: pd.Series) -> pd.Series:
    """Dates as months since year 0 with the day as a fraction (2025-07-16 → 2025·12 + 6.5), for the 'as of' control."""
    d = pd.to_datetime(dates)
    return d.dt.year * 12 + (d.dt.month - 1) + (d.dt.day - 1) / d.dt.days_in_month


def month_options(first: pd.Timestamp, last: pd.Timestamp) -> tuple[list[int], list[str]]:
    """The 'as of' choices: the end of each month from `first` to `last`, as month indices and readable labels."""
    months = pd.period_range(first, last, freq="M")
    return [int(p.year * 12 + p.month) for p in months], [p.strftime("%b %Y") for p in months]


def decimal_year(dates: pd.Series) -> pd.Series:
    """Dates as decimal years (2025-07-01 → 2025.5), for sliders readers can read."""
    d = pd.to_datetime(dates)
    return d.dt.year + (d.dt.dayofyear - 1) / 365.25


OPEN_END = 1e9
"""Month index standing for 'still current' (finite, because the chart's JSON cannot carry infinity)."""

WEB_HEIGHT = 560
"""Height of the deal web in pixels; labels are placed for it."""

NODE_SIZES = (40.0, 1400.0)
"""Smallest and largest circle area in the deal web (square pixels)."""


def _node_spans(nodes: pd.DataFrame, e: pd.DataFrame) -> pd.DataFrame:
    """When each node has a visible edge: first and last month index over its standing and its binding edges.

    The web shows a node only inside the span of the view chosen, so the binding view has no orphan nodes.
    Gaps inside a span (a node whose only deals end and restart) are ignored.
    """
    out = nodes.copy()
    for view, flag in (("standing", "standing"), ("binding", "binding")):
        ends = e[e[flag]].melt(id_vars=["from_m", "to_m"], value_vars=["payer", "payee"], value_name="n")
        span = ends.groupby("n").agg(lo=("from_m", "min"), hi=("to_m", "max"))
        out[f"{view}_from"] = span["lo"].reindex(out["company_id"]).fillna(OPEN_END).to_numpy()
        out[f"{view}_to"] = span["hi"].reindex(out["company_id"]).fillna(-OPEN_END).to_numpy()
    return out


def label_offsets(nodes: pd.DataFrame, height: float, size_range: tuple[float, float]) -> pd.Series:
    """Label positions just above each circle, in data units: the circle's radius plus a gap, for a chart `height` px high."""
    top = float(nodes["n_deals"].max()) or 1.0
    area = size_range[0] + (size_range[1] - size_range[0]) * nodes["n_deals"] / top
    radius_px = np.sqrt(area / np.pi)
    return nodes["y"] + (radius_px + 9) / (height / 1.12)


def web_tables(
    deals: pd.DataFrame,
    companies: pd.DataFrame,
    events: pd.DataFrame,
    exclude: frozenset[str] = frozenset(),
    seed: int = 7,
    labels: int = 14,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes (position, size, kind) and edges (one row per deal and status period) for the interactive web."""
    g = build_graph(deals, companies, "announced", exclude)
    g.remove_nodes_from([n for n in list(g) if g.degree(n) == 0])
    d = pair_flows(g)
    for u, v, k, a in g.edges(
        keys=True, data=True
    ):  # deals without an amount still pull their parties together
        if not d.has_edge(u, v):
            d.add_edge(u, v, usd_bn=np.nan, deals=[k], undisclosed=1)
    pos = layout(d, seed).set_index("company_id")
    et = edge_table(g)
    money = et[~et["excluded"].astype(bool)]
    cap = money[money["flow_type"].astype(str).isin(CAPITAL_FLOWS)]
    com = money[money["flow_type"].astype(str).isin(PAYMENT_FLOWS)]
    n_deals = pd.concat([et["payer"], et["payee"]]).value_counts()
    nodes = pd.DataFrame({"company_id": list(g.nodes)})
    nodes["name"] = [g.nodes[n]["name"] for n in nodes["company_id"]]
    nodes["kind"] = [g.nodes[n]["kind"] for n in nodes["company_id"]]
    nodes["x"] = pos.loc[nodes["company_id"], "x"].to_numpy()
    nodes["y"] = pos.loc[nodes["company_id"], "y"].to_numpy()
    nodes["n_deals"] = n_deals.reindex(nodes["company_id"]).fillna(0).astype(int).to_numpy()
    for col, frame, end in (
        ("capital_in_usd_bn", cap, "payee"),
        ("capital_out_usd_bn", cap, "payer"),
        ("commitments_in_usd_bn", com, "payee"),
        ("commitments_out_usd_bn", com, "payer"),
    ):
        nodes[col] = frame.groupby(end)["usd_bn"].sum().reindex(nodes["company_id"]).fillna(0.0).to_numpy()
    nodes["kind_label"] = [label(KIND_LABELS, k) for k in nodes["kind"]]
    named = nodes[~nodes["kind"].isin(EXTERNAL_KINDS + ("vehicle", "other"))]
    top = set(named.nlargest(labels, "n_deals")["company_id"])
    nodes["label"] = np.where(nodes["company_id"].isin(top), nodes["name"], "")
    nodes["label_y"] = label_offsets(nodes, WEB_HEIGHT, NODE_SIZES)
    hist = status_history(deals, events)
    hist = hist[hist["deal_id"].isin(et["deal_id"])]
    e = hist.merge(et.drop(columns=["status", "binding"]), on="deal_id")
    e = e.merge(deals[["deal_id", "date_precision", "amount_kind"]], on="deal_id")
    # parallel deals between one pair are fanned out sideways so each stays visible and hoverable
    e["pair"] = [tuple(sorted(p)) for p in zip(e["payer"], e["payee"])]
    rank = e.drop_duplicates("deal_id").copy()
    rank["slot"] = rank.groupby("pair").cumcount()
    rank["slots"] = rank.groupby("pair")["deal_id"].transform("count")
    e = e.merge(rank[["deal_id", "slot", "slots"]], on="deal_id")
    x1, y1 = pos.loc[e["payer"], "x"].to_numpy(), pos.loc[e["payer"], "y"].to_numpy()
    x2, y2 = pos.loc[e["payee"], "x"].to_numpy(), pos.loc[e["payee"], "y"].to_numpy()
    dx, dy = x2 - x1, y2 - y1
    length = np.hypot(dx, dy)
    length[length == 0] = 1.0
    off = (e["slot"].to_numpy() - (e["slots"].to_numpy() - 1) / 2) * 0.012
    nx_, ny_ = -dy / length * off, dx / length * off
    e["x"], e["y"], e["x2"], e["y2"] = x1 + nx_, y1 + ny_, x2 + nx_, y2 + ny_
    e["xm"], e["ym"] = x1 + nx_ + 0.62 * dx, y1 + ny_ + 0.62 * dy
    e["angle"] = (90 - np.degrees(np.arctan2(dy, dx))) % 360  # triangle-up rotated to point payer → payee
    name = dict(zip(nodes["company_id"], nodes["name"]))
    e["payer_name"] = e["payer"].map(name)
    e["payee_name"] = e["payee"].map(name)
    conditional = set(deals.loc[deals["condition"].notna(), "deal_id"]) if "condition" in deals else set()
    e["binding"] = e["status"].isin(BINDING) & ~e["deal_id"].isin(conditional)
    e["standing"] = ~e["status"].isin(ENDED)
    e["line"] = np.where(
        e["binding"], "binding (definitive or funded)", "not binding (reported, LOI or ended)"
    )
    e["amount"] = [
        ("not a money flow (see caveats)" if x else "not disclosed")
        if pd.isna(a)
        else fmt.usd_bn(a) + (" (up to)" if k == "up-to" else "")
        for a, k, x in zip(e["usd_bn"], e["amount_kind"], e["excluded"])
    ]
    e["width_usd_bn"] = e["usd_bn"].fillna(0.0)
    e["announced_text"] = [fmt.dated(a, p) for a, p in zip(e["announced"], e["date_precision"])]
    e["from_m"] = month_index(e["valid_from"])
    e["to_m"] = month_index(e["valid_to"]).fillna(OPEN_END)
    e["flow_label"] = [label(FLOW_LABELS, f) for f in e["flow_type"]]
    e["status_label"] = [label(STATUS_LABELS, s) for s in e["status"]]
    nodes = _node_spans(nodes, e)
    cols = [
        "deal_id",
        "payer",
        "payee",
        "payer_name",
        "payee_name",
        "flow_type",
        "status",
        "binding",
        "standing",
        "line",
        "amount",
        "usd_bn",
        "width_usd_bn",
        "announced",
        "announced_text",
        "flow_label",
        "status_label",
        "from_m",
        "to_m",
        "valid_from",
        "valid_to",
        "x",
        "y",
        "x2",
        "y2",
        "xm",
        "ym",
        "angle",
        "sources",
    ]
    return nodes, e[cols].reset_index(drop=True)
