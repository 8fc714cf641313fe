"""The deal graph: who pays whom, the loops money can go round, who funds it, and what breaks if one party pays less."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import networkx as nx
import numpy as np
import pandas as pd

from moneyloop import charts, fmt

# --- vocabulary ---------------------------------------------------------------------------

BINDING = ("definitive", "funded")
"""Statuses whose amounts are contractual: signed (definitive) or paid (funded)."""

ENDED = ("terminated", "superseded")
"""Statuses of deals that no longer stand: called off, or replaced by another deal."""

EXTERNAL_KINDS = ("investor", "sovereign-fund", "lender", "bond-investors")
"""Company kinds whose money comes from outside the loop: they fund it but sell it nothing."""

CAPITAL_FLOWS = ("equity-investment", "warrant", "debt", "leaseback", "chip-supply")
"""Flow types that put capital or financed assets into the payee: shares, loans, leased or supplier-financed chips."""

PAYMENT_FLOWS = ("compute-purchase", "chip-purchase", "capacity-commitment")
"""Flow types that are payments for goods or capacity over time: the edges a shortfall travels along."""

VIEWS = {
    "announced": "every deal as announced, including those later superseded or terminated (headline amounts)",
    "headline": "deals still standing, including letters of intent and unconfirmed reports (headline amounts)",
    "binding": "definitive or funded deals only, at their firm amount (the low end where a range is given)",
}

DEFAULT_MAX_CYCLE = 4
"""Longest loop searched for: four parties. Longer loops exist in principle but no source describes one."""


# --- amounts and the graph ------------------------------------------------------------------


def headline_amount(deals: pd.DataFrame) -> pd.Series:
    """The amount a headline would quote: the stated amount, else the top of the range, else its bottom (USD bn)."""
    return deals["amount_usd_bn"].fillna(deals["amount_high_usd_bn"]).fillna(deals["amount_low_usd_bn"])


def firm_amount(deals: pd.DataFrame) -> pd.Series:
    """The amount a binding deal commits for certain: the low end of a range if given, else the stated amount (USD bn)."""
    return deals["amount_low_usd_bn"].fillna(deals["amount_usd_bn"]).fillna(deals["amount_high_usd_bn"])


def is_binding(status: pd.Series) -> pd.Series:
    """True where a deal is definitive or funded."""
    return status.astype(str).isin(BINDING)


def select(deals: pd.DataFrame, view: str = "headline") -> pd.DataFrame:
    """The deals in one view (see VIEWS), with the column `usd_bn` holding the amount that view counts."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; use one of {', '.join(VIEWS)}")
    status = deals["status"].astype(str)
    if view == "announced":
        keep = pd.Series(True, index=deals.index)
        amount = headline_amount(deals)
    elif view == "headline":
        keep = ~status.isin(ENDED)
        amount = headline_amount(deals)
    else:
        keep = status.isin(BINDING)
        amount = firm_amount(deals)
    out = deals.loc[keep].copy()
    out["usd_bn"] = amount.loc[keep].astype(float)
    return out


def short_name(name: str) -> str:
    """A company's display name without its parenthetical ('OpenAI (OpenAI Group PBC)' → 'OpenAI')."""
    return str(name).split(" (")[0]


def build_graph(
    deals: pd.DataFrame,
    companies: pd.DataFrame | None = None,
    view: str = "announced",
    exclude: set[str] | frozenset[str] = frozenset(),
) -> nx.MultiDiGraph:
    """A payer → payee multigraph, one edge per deal keyed by deal_id, carrying amount, type, status, dates and sources.

    Deals in `exclude` (amounts that are not money flows, see flow_exclusions.csv) stay in the graph with
    `excluded=True` and no amount; pair_flows and everything built on it leave them out.
    """
    rows = select(deals, view)
    g = nx.MultiDiGraph(view=view)
    if companies is not None:
        for c in companies.itertuples(index=False):
            g.add_node(c.company_id, name=short_name(c.name), kind=str(c.kind))
    firm = firm_amount(rows)
    head = headline_amount(rows)
    for i, r in enumerate(rows.itertuples(index=False)):
        for node in (r.payer, r.payee):
            if node not in g:
                g.add_node(node, name=node, kind="other")
        out = r.deal_id in exclude
        g.add_edge(
            r.payer,
            r.payee,
            key=r.deal_id,
            usd_bn=float(r.usd_bn) if pd.notna(r.usd_bn) and not out else np.nan,
            headline_usd_bn=float(head.iloc[i]) if pd.notna(head.iloc[i]) else np.nan,
            firm_usd_bn=float(firm.iloc[i]) if pd.notna(firm.iloc[i]) else np.nan,
            flow_type=str(r.flow_type),
            status=str(r.status),
            binding=str(r.status) in BINDING,
            excluded=out,
            announced=r.announced,
            term_years=float(r.term_years) if pd.notna(r.term_years) else np.nan,
            sources=r.sources,
        )
    return g


def pair_flows(g: nx.MultiDiGraph, flow_types: tuple[str, ...] | None = None) -> nx.DiGraph:
    """Collapse parallel deals into one edge per ordered pair: `usd_bn` sums disclosed amounts (NaN if none is disclosed)."""
    d = nx.DiGraph()
    d.add_nodes_from(g.nodes(data=True))
    for u, v, key, a in g.edges(keys=True, data=True):
        if a.get("excluded") or (flow_types is not None and a["flow_type"] not in flow_types):
            continue
        if not d.has_edge(u, v):
            d.add_edge(u, v, usd_bn=np.nan, deals=[], undisclosed=0)
        e = d[u][v]
        e["deals"].append(key)
        if pd.isna(a["usd_bn"]):
            e["undisclosed"] += 1
        else:
            e["usd_bn"] = a["usd_bn"] if pd.isna(e["usd_bn"]) else e["usd_bn"] + a["usd_bn"]
    return d


def edge_table(g: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per deal edge: payer, payee, deal_id and the edge attributes."""
    rows = [{"payer": u, "payee": v, "deal_id": k, **a} for u, v, k, a in g.edges(keys=True, data=True)]
    cols = [
        "payer",
        "payee",
        "deal_id",
        "usd_bn",
        "headline_usd_bn",
        "firm_usd_bn",
        "flow_type",
        "status",
        "binding",
        "excluded",
        "announced",
        "term_years",
        "sources",
    ]
    return pd.DataFrame(rows, columns=cols)


# --- loops ----------------------------------------------------------------------------------


def _rotate(cycle: list[str], rank: dict[str, float]) -> list[str]:
    """Start a cycle at its busiest node (ties by id), so each loop is written one way only."""
    start = min(range(len(cycle)), key=lambda i: (-rank.get(cycle[i], 0.0), cycle[i]))
    return cycle[start:] + cycle[:start]


def bounded_cycles(d: nx.DiGraph, max_len: int) -> list[list]:
    """Every simple cycle of 2..max_len nodes, each once, starting from its lowest-numbered node.

    A depth-first search from each node s that only visits nodes numbered above s, so each cycle is
    found from exactly one start. The last step looks only at the predecessors of s, so the work is
    about n · d^(k−2) set operations for n nodes of average degree d: linear in n for a fixed bound k.
    """
    order = {n: i for i, n in enumerate(sorted(d.nodes, key=str))}
    names = sorted(d.nodes, key=str)
    succ = [set() for _ in names]
    pred = [set() for _ in names]
    for u, v in d.edges():
        if u != v:
            succ[order[u]].add(order[v])
            pred[order[v]].add(order[u])
    out: list[list] = []
    for s in range(len(names)):
        back = {x for x in pred[s] if x > s}
        if not back:
            continue
        stack = [(s, [s])]
        while stack:
            node, path = stack.pop()
            if len(path) >= 2 and node in back:
                out.append([names[i] for i in path])
            if len(path) == max_len:
                continue
            nxt = succ[node] if len(path) < max_len - 1 else succ[node] & back
            for x in nxt:
                if x > s and x not in path:
                    stack.append((x, path + [x]))
    return out


def find_cycles(d: nx.DiGraph, max_len: int = DEFAULT_MAX_CYCLE) -> pd.DataFrame:
    """Every simple money cycle of at most `max_len` parties, with the smallest flow on it (what can go round)."""
    cols = [
        "cycle",
        "nodes",
        "length",
        "bottleneck_usd_bn",
        "smallest_known_usd_bn",
        "bottleneck_edge",
        "undisclosed_edges",
        "edge_usd_bn",
        "deals",
    ]
    if max_len < 2 or d.number_of_edges() == 0:
        return pd.DataFrame(columns=cols)
    rank = {
        n: sum(a["usd_bn"] for *_, a in d.edges(n, data=True) if pd.notna(a["usd_bn"]))
        + sum(a["usd_bn"] for *_, a in d.in_edges(n, data=True) if pd.notna(a["usd_bn"]))
        for n in d
    }
    rows = []
    for cyc in bounded_cycles(d, max_len):
        cyc = _rotate(cyc, rank)
        pairs = list(zip(cyc, cyc[1:] + cyc[:1]))
        amounts = [d[u][v]["usd_bn"] for u, v in pairs]
        known = [(a, p) for a, p in zip(amounts, pairs) if pd.notna(a)]
        missing = len(amounts) - len(known)
        smallest = min(known) if known else (np.nan, None)
        names = [d.nodes[n].get("name", n) for n in cyc]
        rows.append(
            {
                "cycle": " → ".join(names + names[:1]),
                "nodes": tuple(cyc),
                "length": len(cyc),
                "bottleneck_usd_bn": np.nan if missing else smallest[0],
                "smallest_known_usd_bn": smallest[0],
                "bottleneck_edge": smallest[1],
                "undisclosed_edges": missing,
                "edge_usd_bn": tuple(amounts),
                "deals": tuple(k for u, v in pairs for k in d[u][v]["deals"]),
            }
        )
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(
        ["bottleneck_usd_bn", "smallest_known_usd_bn", "cycle"],
        ascending=[False, False, True],
        na_position="last",
    ).reset_index(drop=True)


def cycle_through(cycles: pd.DataFrame, nodes: list[str]) -> pd.Series:
    """The cycle visiting exactly `nodes` in that order (rotation-insensitive), as a row of find_cycles."""
    n = len(nodes)
    for _, row in cycles.iterrows():
        c = list(row["nodes"])
        if len(c) == n and any(c[i:] + c[:i] == list(nodes) for i in range(n)):
            return row
    raise KeyError(f"no cycle through {' → '.join(nodes)}")


def round_trip_share(d: nx.DiGraph) -> pd.DataFrame:
    """Per company: share of its disclosed inflows that come from parties it also pays (money that can come back)."""
    rows = []
    for n in d:
        inflow = [(u, a["usd_bn"]) for u, _, a in d.in_edges(n, data=True) if pd.notna(a["usd_bn"])]
        total = sum(x for _, x in inflow)
        back = sum(x for u, x in inflow if d.has_edge(n, u))
        rows.append(
            {
                "company_id": n,
                "name": d.nodes[n].get("name", n),
                "kind": d.nodes[n].get("kind", "other"),
                "inflow_usd_bn": total,
                "from_payees_usd_bn": back,
                "round_trip_share": back / total if total > 0 else np.nan,
            }
        )
    out = pd.DataFrame(
        rows,
        columns=["company_id", "name", "kind", "inflow_usd_bn", "from_payees_usd_bn", "round_trip_share"],
    )
    return out.sort_values(["from_payees_usd_bn", "company_id"], ascending=[False, True]).reset_index(
        drop=True
    )


def vendor_financing(g: nx.MultiDiGraph) -> pd.DataFrame:
    """Supplier → customer capital as a share of the customer's purchases from it (disclosed amounts), per pair with both."""
    capital = pair_flows(g, CAPITAL_FLOWS)
    buys = pair_flows(g, PAYMENT_FLOWS)
    rows = []
    for s, c, a in capital.edges(data=True):
        if not buys.has_edge(c, s):
            continue
        b = buys[c][s]
        cap, pur = a["usd_bn"], b["usd_bn"]
        rows.append(
            {
                "supplier": s,
                "customer": c,
                "supplier_name": g.nodes[s].get("name", s),
                "customer_name": g.nodes[c].get("name", c),
                "capital_usd_bn": cap,
                "purchases_usd_bn": pur,
                "financing_share": cap / pur if pd.notna(cap) and pd.notna(pur) and pur > 0 else np.nan,
                "undisclosed_deals": a["undisclosed"] + b["undisclosed"],
                "capital_deals": tuple(a["deals"]),
                "purchase_deals": tuple(b["deals"]),
            }
        )
    cols = [
        "supplier",
        "customer",
        "supplier_name",
        "customer_name",
        "capital_usd_bn",
        "purchases_usd_bn",
        "financing_share",
        "undisclosed_deals",
        "capital_deals",
        "purchase_deals",
    ]
    return (
        pd.DataFrame(rows, columns=cols)
        .sort_values(["capital_usd_bn", "supplier"], ascending=[False, True], na_position="last")
        .reset_index(drop=True)
    )


def external_funding(g: nx.MultiDiGraph) -> pd.DataFrame:
    """Per recipient inside the loop: disclosed inflows from outside funders (by kind) and from other insiders."""
    rows = []
    for u, v, k, a in g.edges(keys=True, data=True):
        ku, kv = g.nodes[u].get("kind", "other"), g.nodes[v].get("kind", "other")
        if kv in EXTERNAL_KINDS or pd.isna(a["usd_bn"]) or a.get("excluded"):
            continue
        rows.append(
            {
                "company_id": v,
                "name": g.nodes[v].get("name", v),
                "source": ku if ku in EXTERNAL_KINDS else "inside the loop",
                "usd_bn": a["usd_bn"],
                "deal_id": k,
            }
        )
    flows = pd.DataFrame(rows, columns=["company_id", "name", "source", "usd_bn", "deal_id"])
    return flows.groupby(["company_id", "name", "source"], as_index=False, observed=True)["usd_bn"].sum()


def funding_totals(g: nx.MultiDiGraph) -> dict[str, float]:
    """Totals of outside money entering the loop and money moving between insiders, and their ratio (USD bn)."""
    ext = external_funding(g)
    outside = float(ext.loc[ext["source"] != "inside the loop", "usd_bn"].sum())
    inside = float(ext.loc[ext["source"] == "inside the loop", "usd_bn"].sum())
    return {
        "outside_usd_bn": outside,
        "inside_usd_bn": inside,
        "inside_per_outside": inside / outside if outside > 0 else np.nan,
        "outside_share": outside / (outside + inside) if outside + inside > 0 else np.nan,
    }


# --- commitments against revenue --------------------------------------------------------------


def annual_schedule(deals: pd.DataFrame, schedules: pd.DataFrame, view: str = "headline") -> pd.DataFrame:
    """Spread each scheduled contract over its years (flat, or ramping linearly) into payments per calendar year."""
    rows = select(deals, view).set_index("deal_id")
    out = []
    for s in schedules.itertuples(index=False):
        if s.deal_id not in rows.index or pd.isna(rows.at[s.deal_id, "usd_bn"]):
            continue
        years = np.arange(int(s.first_year), int(s.last_year) + 1)
        weights = np.ones(len(years)) if s.profile == "flat" else np.arange(1, len(years) + 1, dtype=float)
        amounts = rows.at[s.deal_id, "usd_bn"] * weights / weights.sum()
        for y, a in zip(years, amounts):
            out.append(
                {
                    "deal_id": s.deal_id,
                    "payer": rows.at[s.deal_id, "payer"],
                    "payee": rows.at[s.deal_id, "payee"],
                    "year": int(y),
                    "usd_bn": float(a),
                }
            )
    return pd.DataFrame(out, columns=["deal_id", "payer", "payee", "year", "usd_bn"])


def revenue_by_year(financials: pd.DataFrame, company: str = "openai") -> pd.DataFrame:
    """Calendar-year revenue of a company: the actual where reported, else its latest target or forecast."""
    f = financials[(financials["company_id"] == company) & (financials["metric"] == "revenue")].copy()
    span = (f["period_end"] - f["period_start"]).dt.days
    f = f[(span >= 364) & (span <= 366) & (f["period_start"].dt.month == 1)]
    f["year"] = f["period_start"].dt.year
    f["rank"] = (f["basis"].astype(str) != "actual").astype(int)
    f = f.sort_values(["year", "rank", "reported_on"], ascending=[True, True, False])
    best = f.groupby("year", as_index=False).first()
    return best[["year", "value_usd_bn", "basis", "sources"]].rename(
        columns={"value_usd_bn": "revenue_usd_bn"}
    )


def coverage(schedule: pd.DataFrame, revenue: pd.DataFrame) -> pd.DataFrame:
    """Per year: scheduled commitments, revenue, and revenue as a multiple of commitments (the coverage ratio)."""
    due = (
        schedule.groupby("year", as_index=False)["usd_bn"]
        .sum()
        .rename(columns={"usd_bn": "commitments_usd_bn"})
    )
    out = due.merge(revenue, on="year", how="outer").sort_values("year").reset_index(drop=True)
    out["commitments_usd_bn"] = out["commitments_usd_bn"].fillna(0.0)
    out["coverage"] = np.where(
        out["commitments_usd_bn"] > 0, out["revenue_usd_bn"] / out["commitments_usd_bn"], np.nan
    )
    return out


def required_growth(schedule: pd.DataFrame, base_revenue: float, base_year: int) -> pd.DataFrame:
    """Annual revenue growth needed from base_year for revenue to equal each later year's scheduled commitments."""
    due = schedule.groupby("year", as_index=False)["usd_bn"].sum()
    due = due[due["year"] > base_year].copy()
    due["required_cagr"] = (due["usd_bn"] / base_revenue) ** (1.0 / (due["year"] - base_year)) - 1.0
    return due.rename(columns={"usd_bn": "commitments_usd_bn"}).reset_index(drop=True)


def latest(
    financials: pd.DataFrame,
    company: str,
    metric: str,
    on: str | pd.Timestamp | None = None,
    basis: str = "actual",
) -> pd.Series:
    """The most recent figure of one metric for one company (by period end, then report date), optionally as of a date."""
    f = financials[
        (financials["company_id"] == company)
        & (financials["metric"] == metric)
        & (financials["basis"].astype(str) == basis)
    ]
    if on is not None:
        f = f[f["period_end"] <= pd.Timestamp(on)]
    if f.empty:
        raise KeyError(f"no {basis} {metric} for {company}" + (f" up to {on}" if on is not None else ""))
    return f.sort_values(["period_end", "reported_on"]).iloc[-1]


def backlog_share(
    deals: pd.DataFrame,
    financials: pd.DataFrame,
    customer: str = "openai",
    supplier: str = "oracle",
    view: str = "headline",
) -> pd.DataFrame:
    """Per reported backlog (RPO) date: the customer's disclosed contracts with the supplier, and their share of it."""
    rpo = financials[
        (financials["company_id"] == supplier)
        & (financials["metric"] == "rpo")
        & (financials["basis"].astype(str) == "actual")
    ].sort_values("period_end")
    sel = select(deals, view)
    sel = sel[
        (sel["payer"] == customer)
        & (sel["payee"] == supplier)
        & sel["flow_type"].astype(str).isin(PAYMENT_FLOWS)
    ]
    rows = []
    for r in rpo.itertuples(index=False):
        upto = sel[sel["announced"] <= r.period_end]
        amount = float(upto["usd_bn"].sum(min_count=1)) if upto["usd_bn"].notna().any() else 0.0
        rows.append(
            {
                "date": r.period_end,
                "rpo_usd_bn": r.value_usd_bn,
                "customer_usd_bn": amount,
                "share": amount / r.value_usd_bn,
                "sources": r.sources,
            }
        )
    return pd.DataFrame(rows, columns=["date", "rpo_usd_bn", "customer_usd_bn", "share", "sources"])


# --- stress test ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Network:
    """Payment obligations as edge arrays: src[e] owes dst[e] the amount owed[e] (USD bn), over term[e] years."""

    nodes: tuple[str, ...]
    src: np.ndarray
    dst: np.ndarray
    owed: np.ndarray
    term: np.ndarray
    deal_ids: tuple[str, ...]


def payment_network(g: nx.MultiDiGraph, terms: dict[str, float] | None = None) -> Network:
    """The obligations a shortfall can travel along: payment-type edges of the graph with a disclosed amount."""
    nodes = tuple(sorted(g.nodes))
    idx = {n: i for i, n in enumerate(nodes)}
    src, dst, owed, term, ids = [], [], [], [], []
    for u, v, k, a in g.edges(keys=True, data=True):
        if a["flow_type"] not in PAYMENT_FLOWS or pd.isna(a["usd_bn"]) or a["usd_bn"] <= 0 or u == v:
            continue
        src.append(idx[u])
        dst.append(idx[v])
        owed.append(a["usd_bn"])
        ids.append(k)
        term.append((terms or {}).get(k, a.get("term_years", np.nan)))
    return Network(
        nodes,
        np.array(src, dtype=int),
        np.array(dst, dtype=int),
        np.array(owed, dtype=float),
        np.array(term, dtype=float),
        tuple(ids),
    )


def clearing(net: Network, shocked: str, cut: float, buffers: dict[str, float] | None = None) -> np.ndarray:
    """Eisenberg–Noe clearing payments per node when `shocked` pays only (1 − cut) of what it owes.

    Each node pays its creditors pro rata to what it owes them. Its own means are its payments due in
    the unshocked baseline minus what it expects to receive (so every party pays in full when nobody is
    short), plus an optional buffer. A node that receives less pays less, down to those means: with zero
    buffers every dollar missing is passed on, the upper bound of contagion. The returned vector is the
    greatest clearing vector, found by the monotone fixed-point iteration (it converges in at most n steps
    of the fictitious-default algorithm; we iterate to machine precision).
    """
    if not 0.0 <= cut <= 1.0:
        raise ValueError(f"cut must be a share between 0 and 1, got {cut}")
    n = len(net.nodes)
    if shocked not in net.nodes:
        raise KeyError(f"{shocked!r} has no payment obligations in this network")
    s = net.nodes.index(shocked)
    due = np.bincount(net.src, weights=net.owed, minlength=n)
    expected = np.bincount(net.dst, weights=net.owed, minlength=n)
    means = np.maximum(due - expected, 0.0)
    for name, b in (buffers or {}).items():
        if name in net.nodes:
            means[net.nodes.index(name)] += b
    share = np.divide(net.owed, due[net.src], out=np.zeros_like(net.owed), where=due[net.src] > 0)
    cap = due.copy()
    cap[s] = (1.0 - cut) * due[s]
    p = cap.copy()
    for _ in range(10 * n + 100):
        received = np.bincount(net.dst, weights=share * p[net.src], minlength=n)
        nxt = np.minimum(cap, means + received)
        if np.allclose(nxt, p, rtol=0, atol=1e-12):
            p = nxt
            break
        p = nxt
    return p


def losses(net: Network, payments: np.ndarray) -> pd.DataFrame:
    """Per deal edge: what was owed, what is paid under the clearing vector, the shortfall, and its yearly equivalent."""
    due = np.bincount(net.src, weights=net.owed, minlength=len(net.nodes))
    paid_share = np.divide(
        payments[net.src], due[net.src], out=np.ones_like(net.owed), where=due[net.src] > 0
    )
    lost = net.owed * (1.0 - np.clip(paid_share, 0.0, 1.0))
    return pd.DataFrame(
        {
            "deal_id": net.deal_ids,
            "payer": [net.nodes[i] for i in net.src],
            "payee": [net.nodes[i] for i in net.dst],
            "owed_usd_bn": net.owed,
            "paid_usd_bn": net.owed - lost,
            "lost_usd_bn": lost,
            "term_years": net.term,
            "lost_per_year_usd_bn": lost / net.term,
        }
    )


def company_scale(financials: pd.DataFrame, companies: list[str]) -> pd.DataFrame:
    """Each company's latest actual annual revenue (a quarter × 4 if no full year is reported) and backlog (RPO)."""
    rows = []
    for c in companies:
        rev = basis = rpo = np.nan
        for metric in ("revenue", "cloud-revenue", "data-centre-revenue"):
            f = financials[
                (financials["company_id"] == c)
                & (financials["metric"] == metric)
                & (financials["basis"].astype(str) == "actual")
            ].copy()
            if f.empty:
                continue
            days = (f["period_end"] - f["period_start"]).dt.days + 1
            f["factor"] = np.select([days >= 360, (days >= 88) & (days <= 93)], [1.0, 4.0], np.nan)
            f = f.dropna(subset=["factor"]).sort_values(["period_end", "factor"], ascending=[True, False])
            if f.empty:
                continue
            last = f.iloc[-1]
            rev = float(last["value_usd_bn"] * last["factor"])
            basis = f"{metric}, {last['period_label']}" + (" × 4" if last["factor"] == 4 else "")
            break
        try:
            rpo = float(latest(financials, c, "rpo")["value_usd_bn"])
        except KeyError:
            pass
        rows.append({"company_id": c, "revenue_usd_bn": rev, "revenue_basis": basis, "rpo_usd_bn": rpo})
    return pd.DataFrame(rows, columns=["company_id", "revenue_usd_bn", "revenue_basis", "rpo_usd_bn"])


def stress_test(
    net: Network,
    scale: pd.DataFrame,
    shocked: str = "openai",
    cut: float = 0.5,
    buffers: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Each counterparty's shortfall when `shocked` cuts its payments by `cut`, as shares of its revenue and backlog."""
    pay = clearing(net, shocked, cut, buffers)
    edge = losses(net, pay)
    hit = edge[edge["payee"] != shocked].copy()
    hit["lost_direct_usd_bn"] = np.where(hit["payer"] == shocked, hit["lost_usd_bn"], 0.0)
    grouped = hit.groupby("payee")
    per = grouped[["lost_usd_bn", "lost_direct_usd_bn", "owed_usd_bn"]].sum()
    per["lost_per_year_usd_bn"] = grouped["lost_per_year_usd_bn"].sum(min_count=1)  # NaN if no term is known
    per = per.reset_index().rename(columns={"payee": "company_id"})
    per = per.merge(scale, on="company_id", how="left")
    per["revenue_share"] = per["lost_per_year_usd_bn"] / per["revenue_usd_bn"]
    per["backlog_share"] = per["lost_usd_bn"] / per["rpo_usd_bn"]
    per["cut"] = cut
    per["shocked"] = shocked
    return per.sort_values(["lost_usd_bn", "company_id"], ascending=[False, True]).reset_index(drop=True)


def scenarios(
    net: Network,
    scale: pd.DataFrame,
    shocked: str = "openai",
    cuts=None,
    buffers: dict[str, float] | None = None,
) -> pd.DataFrame:
    """stress_test for a range of cuts (default 0%, 5%, …, 100%), stacked, for the interactive chart."""
    cuts = np.round(np.arange(0, 1.0001, 0.05), 2) if cuts is None else cuts
    return pd.concat([stress_test(net, scale, shocked, float(c), buffers) for c in cuts], ignore_index=True)


# --- layout, timeline and status history ---------------------------------------------------------


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


def status_history(deals: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """One row per deal and status period: status from `valid_from` until `valid_to` (NaT = still current)."""
    ev = events[["deal_id", "date", "status", "note"]].copy()
    known = set(ev["deal_id"])
    first = deals.loc[~deals["deal_id"].isin(known), ["deal_id", "announced", "status"]].rename(
        columns={"announced": "date"}
    )
    first["note"] = ""
    ev = pd.concat([ev, first], ignore_index=True)
    ev["status"] = ev["status"].astype(str)
    ev = ev.sort_values(["deal_id", "date"]).reset_index(drop=True)
    ev["valid_to"] = ev.groupby("deal_id")["date"].shift(-1)
    return ev.rename(columns={"date": "valid_from"})[["deal_id", "valid_from", "valid_to", "status", "note"]]


def cumulative_amounts(deals: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Running totals over time: every headline amount announced, and amounts binding on each date (USD bn)."""
    head = headline_amount(deals)
    firm = firm_amount(deals)
    d = deals.assign(headline=head, firm=firm).set_index("deal_id")
    steps = [(r.announced, float(r.headline), 0.0) for r in d.itertuples() if pd.notna(r.headline)]
    hist = status_history(deals, events)
    for r in hist.itertuples(index=False):
        if r.status in BINDING and pd.notna(d.at[r.deal_id, "firm"]):
            steps.append((r.valid_from, 0.0, float(d.at[r.deal_id, "firm"])))
            if pd.notna(r.valid_to):
                steps.append((r.valid_to, 0.0, -float(d.at[r.deal_id, "firm"])))
    s = pd.DataFrame(steps, columns=["date", "headline", "binding"]).groupby("date", as_index=False).sum()
    s = s.sort_values("date")
    s["headline_usd_bn"] = s["headline"].cumsum()
    s["binding_usd_bn"] = s["binding"].cumsum().clip(lower=0)
    return s[["date", "headline_usd_bn", "binding_usd_bn"]].reset_index(drop=True)


def status_changes(deals: pd.DataFrame, events: pd.DataFrame, since: str = "2026-01-01") -> pd.DataFrame:
    """Every later event (status change or development) of a deal on or after `since`: announced vs what happened."""
    hist = status_history(deals, events)
    later = hist.groupby("deal_id").cumcount() > 0  # a deal's first event is its announcement, not a change
    changed = hist[later & (hist["valid_from"] >= pd.Timestamp(since))]
    first = hist.groupby("deal_id").first()
    d = deals.set_index("deal_id")
    rows = []
    for r in changed.itertuples(index=False):
        rows.append(
            {
                "deal_id": r.deal_id,
                "payer": d.at[r.deal_id, "payer"],
                "payee": d.at[r.deal_id, "payee"],
                "announced": d.at[r.deal_id, "announced"],
                "status_then": first.at[r.deal_id, "status"],
                "date": r.valid_from,
                "status_now": r.status,
                "note": r.note,
                "headline_usd_bn": headline_amount(d.loc[[r.deal_id]].reset_index()).iloc[0],
            }
        )
    cols = [
        "deal_id",
        "payer",
        "payee",
        "announced",
        "status_then",
        "date",
        "status_now",
        "note",
        "headline_usd_bn",
    ]
    return pd.DataFrame(rows, columns=cols).sort_values(["date", "deal_id"]).reset_index(drop=True)


def status_counts(deals: pd.DataFrame, events: pd.DataFrame, on: str | pd.Timestamp) -> pd.Series:
    """How many deals had each status on a date (deals announced by then)."""
    hist = status_history(deals, events)
    t = pd.Timestamp(on)
    live = hist[(hist["valid_from"] <= t) & (hist["valid_to"].isna() | (hist["valid_to"] > t))]
    return live["status"].value_counts().reindex(charts.STATUS_ORDER, fill_value=0)


# --- synthetic graphs (benchmark) ----------------------------------------------------------------


def synthetic(n_deals: int, n_companies: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A random deal table with the real schema: hub-skewed payers and payees, mixed types, statuses and amounts."""
    rng = np.random.default_rng(seed)
    ids = np.array([f"c{i:05d}" for i in range(n_companies)])
    kinds = np.where(
        rng.random(n_companies) < 0.15,
        rng.choice(EXTERNAL_KINDS, n_companies),
        rng.choice(["ai-lab", "cloud", "neocloud", "chipmaker", "hyperscaler"], n_companies),
    )
    companies = pd.DataFrame({"company_id": ids, "name": ids, "kind": kinds})
    weight = 1.0 / np.arange(1, n_companies + 1) ** 0.5
    weight /= weight.sum()
    payer = rng.choice(n_companies, n_deals, p=weight)
    payee = rng.choice(n_companies, n_deals, p=weight)
    payee = np.where(payee == payer, (payee + 1) % n_companies, payee)
    inside = ~np.isin(kinds, EXTERNAL_KINDS)
    members = np.flatnonzero(inside)
    payee = np.where(inside[payee], payee, rng.choice(members, n_deals))  # outside funders only pay in
    clash = payee == payer
    payee[clash] = members[(np.searchsorted(members, payee[clash]) + 1) % len(members)]
    flow = np.where(
        np.isin(kinds[payer], EXTERNAL_KINDS),
        rng.choice(CAPITAL_FLOWS, n_deals),
        rng.choice(PAYMENT_FLOWS + CAPITAL_FLOWS, n_deals),
    )
    amount = np.round(rng.lognormal(1.5, 1.2, n_deals), 2)
    amount[rng.random(n_deals) < 0.1] = np.nan
    status = rng.choice(
        ["reported", "loi", "definitive", "funded", "terminated", "superseded"],
        n_deals,
        p=[0.15, 0.1, 0.4, 0.25, 0.05, 0.05],
    )
    deals = pd.DataFrame(
        {
            "deal_id": [f"d{i:06d}" for i in range(n_deals)],
            "payer": ids[payer],
            "payee": ids[payee],
            "flow_type": flow,
            "amount_usd_bn": amount,
            "amount_low_usd_bn": np.nan,
            "amount_high_usd_bn": np.nan,
            "status": status,
            "announced": pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 1200, n_deals), "D"),
            "term_years": rng.choice([3.0, 5.0, 7.0, np.nan], n_deals),
            "sources": "Synthetic2026graph",
        }
    )
    return deals, companies


def analytics(
    deals: pd.DataFrame,
    companies: pd.DataFrame,
    financials: pd.DataFrame | None = None,
    shocked: str | None = None,
    max_len: int = DEFAULT_MAX_CYCLE,
    exclude: frozenset[str] = frozenset(),
) -> dict:
    """Every analysis the chapter runs on a deal table, in one call (what the benchmark times)."""
    out = {}
    for view in ("headline", "binding"):
        g = build_graph(deals, companies, view, exclude)
        d = pair_flows(g)
        out[view] = {
            "cycles": find_cycles(d, max_len),
            "round_trip": round_trip_share(d),
            "vendor_financing": vendor_financing(g),
            "funding": funding_totals(g),
        }
        net = payment_network(g)
        if len(net.owed):
            s = (
                shocked
                or net.nodes[int(np.argmax(np.bincount(net.src, weights=net.owed, minlength=len(net.nodes))))]
            )
            scale = (
                company_scale(financials, list(net.nodes))
                if financials is not None
                else pd.DataFrame(
                    {
                        "company_id": list(net.nodes),
                        "revenue_usd_bn": np.nan,
                        "revenue_basis": "",
                        "rpo_usd_bn": np.nan,
                    }
                )
            )
            out[view]["stress"] = scenarios(net, scale, s)
    return out


# --- chapter inputs and tables -----------------------------------------------------------------


def exclusions(flow_exclusions: pd.DataFrame) -> frozenset[str]:
    """The deal ids whose amounts are not flows of money (flow_exclusions.csv)."""
    return frozenset(flow_exclusions["deal_id"])


def schedule_terms(schedules: pd.DataFrame) -> dict[str, float]:
    """Contract length in years implied by each schedule row (last − first + 1)."""
    return {r.deal_id: float(r.last_year - r.first_year + 1) for r in schedules.itertuples(index=False)}


def decimal_year(dates: pd.Series) -> pd.Series:
    """Dates as decimal years (2025-07-01 → 2025.5), for sliders readers can read."""
    d = pd.to_datetime(dates)
    return d.dt.year + (d.dt.dayofyear - 1) / 365.25


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
    total = pd.concat([et.groupby("payer")["usd_bn"].sum(), et.groupby("payee")["usd_bn"].sum()], axis=1).sum(
        axis=1
    )
    first = (
        pd.concat(
            [
                et[["payer", "announced"]].rename(columns={"payer": "n"}),
                et[["payee", "announced"]].rename(columns={"payee": "n"}),
            ]
        )
        .groupby("n")["announced"]
        .min()
    )
    nodes = pd.DataFrame({"company_id": list(g.nodes)})
    nodes["name"] = [g.nodes[n]["name"] for n in nodes["company_id"]]
    nodes["kind"] = [g.nodes[n]["kind"] for n in nodes["company_id"]]
    nodes["x"] = pos.loc[nodes["company_id"], "x"].to_numpy()
    nodes["y"] = pos.loc[nodes["company_id"], "y"].to_numpy()
    nodes["flows_usd_bn"] = total.reindex(nodes["company_id"]).fillna(0.0).to_numpy()
    nodes["first_year"] = decimal_year(first.reindex(nodes["company_id"])).to_numpy()
    named = nodes[~nodes["kind"].isin(EXTERNAL_KINDS + ("vehicle", "other"))]
    top = set(named.nlargest(labels, "flows_usd_bn")["company_id"])
    nodes["label"] = np.where(nodes["company_id"].isin(top), nodes["name"], "")
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
    e["binding"] = e["status"].isin(BINDING)
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
    e["from_year"] = decimal_year(e["valid_from"])
    e["to_year"] = decimal_year(e["valid_to"]).fillna(9999.0)
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
        "from_year",
        "to_year",
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


def deal_table(
    deals: pd.DataFrame, companies: pd.DataFrame, exclude: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """The web as a readable table: one row per deal, with formatted amount, date, status and sources."""
    name = {c: short_name(n) for c, n in zip(companies["company_id"], companies["name"])}
    head = headline_amount(deals)
    out = pd.DataFrame(
        {
            "Announced": [fmt.dated(a, p) for a, p in zip(deals["announced"], deals["date_precision"])],
            "Payer": deals["payer"].map(name).fillna(deals["payer"]),
            "Payee": deals["payee"].map(name).fillna(deals["payee"]),
            "Type": deals["flow_type"].astype(str),
            "Amount": [
                ("–" if pd.isna(a) else fmt.usd_bn(a))
                + (" (up to)" if k == "up-to" else "")
                + (" (not a flow)" if i in exclude else "")
                for a, k, i in zip(head, deals["amount_kind"], deals["deal_id"])
            ],
            "Status": deals["status"].astype(str),
            "Sources": deals["sources"].str.replace(";", "; "),
            "_date": deals["announced"],
        }
    )
    return out.sort_values(["_date", "Payer"]).drop(columns="_date").reset_index(drop=True)


# --- charts ------------------------------------------------------------------------------------

KIND_ORDER = [
    "ai-lab",
    "hyperscaler",
    "cloud",
    "neocloud",
    "chipmaker",
    "data-centre-operator",
    "vehicle",
    "investor",
    "sovereign-fund",
    "lender",
    "bond-investors",
    "other",
]
FLOW_ORDER = [
    "compute-purchase",
    "chip-purchase",
    "capacity-commitment",
    "equity-investment",
    "debt",
    "warrant",
    "leaseback",
    "chip-supply",
    "acquisition",
]


def web_chart(nodes: pd.DataFrame, edges: pd.DataFrame) -> alt.LayerChart:
    """Interactive network: status filter (headline / binding only) and an 'as of' date slider."""
    last = float(np.ceil(edges["from_year"].max() * 12) / 12)
    view = alt.param(
        name="view",
        value="headline",
        bind=alt.binding_radio(options=["headline", "binding only"], name="Deals shown: "),
    )
    asof = alt.param(
        name="asof",
        value=round(last, 2),
        bind=alt.binding_range(min=2023.0, max=round(last, 2), step=1 / 12, name="As of (year): "),
    )
    keep = (
        "datum.from_year <= asof && asof < datum.to_year && "
        "(view == 'headline' ? datum.standing : datum.binding)"
    )
    ax = alt.Axis(title=None, labels=False, ticks=False, domain=False, grid=False)
    sx, sy = alt.Scale(domain=[-0.04, 1.04]), alt.Scale(domain=[-0.04, 1.04])
    tip = [
        alt.Tooltip("payer_name:N", title="Payer"),
        alt.Tooltip("payee_name:N", title="Payee"),
        alt.Tooltip("flow_type:N", title="Type"),
        alt.Tooltip("amount:N", title="Amount"),
        alt.Tooltip("announced_text:N", title="Announced"),
        alt.Tooltip("status:N", title="Status then"),
        alt.Tooltip("deal_id:N", title="Deal"),
        alt.Tooltip("sources:N", title="Sources"),
    ]
    base = alt.Chart(edges).transform_filter(keep)
    colour = alt.Color(
        "flow_type:N",
        title="Flow type",
        scale=alt.Scale(domain=FLOW_ORDER, range=charts.PALETTE + [charts.GREY]),
    )
    lines = base.mark_rule(opacity=0.75).encode(
        x=alt.X("x:Q", axis=ax, scale=sx),
        y=alt.Y("y:Q", axis=ax, scale=sy),
        x2="x2:Q",
        y2="y2:Q",
        color=colour,
        strokeWidth=alt.StrokeWidth(
            "width_usd_bn:Q", title="Amount (USD bn)", scale=alt.Scale(range=[0.8, 9]), legend=None
        ),
        strokeDash=alt.StrokeDash(
            "line:N",
            title="Status",
            scale=alt.Scale(
                domain=["binding (definitive or funded)", "not binding (reported, LOI or ended)"],
                range=[[1, 0], [5, 4]],
            ),
        ),
        tooltip=tip,
    )
    arrows = base.mark_point(shape="triangle-up", filled=True, size=45, opacity=0.9).encode(
        x=alt.X("xm:Q", axis=ax, scale=sx),
        y=alt.Y("ym:Q", axis=ax, scale=sy),
        angle=alt.Angle("angle:Q", scale=None),
        color=colour,
        tooltip=tip,
    )
    nbase = alt.Chart(nodes).transform_filter("datum.first_year <= asof")
    ntip = [
        alt.Tooltip("name:N", title="Company"),
        alt.Tooltip("kind:N", title="Kind"),
        charts.usd_tooltip("flows_usd_bn", "Disclosed flows in and out"),
    ]
    dots = nbase.mark_circle(stroke="white", strokeWidth=1, opacity=0.95).encode(
        x=alt.X("x:Q", axis=ax, scale=sx),
        y=alt.Y("y:Q", axis=ax, scale=sy),
        size=alt.Size("flows_usd_bn:Q", scale=alt.Scale(range=[40, 1400]), legend=None),
        fill=alt.Fill(
            "kind:N",
            title="Company kind",
            legend=alt.Legend(orient="top", columns=6),
            scale=alt.Scale(
                domain=KIND_ORDER,
                range=(
                    [
                        "#000000",
                        "#0072B2",
                        "#56B4E9",
                        "#009E73",
                        "#E69F00",
                        "#CC79A7",
                        "#F0E442",
                        "#D55E00",
                        "#D55E00",
                        "#8C8C8C",
                        "#8C8C8C",
                        "#BBBBBB",
                    ]
                ),
            ),
        ),
        tooltip=ntip,
    )
    text = nbase.mark_text(dy=-12, fontWeight="bold", color="#222").encode(
        x=alt.X("x:Q", axis=ax, scale=sx), y=alt.Y("y:Q", axis=ax, scale=sy), text="label:N", tooltip=ntip
    )
    return alt.layer(lines, arrows, dots, text).add_params(view, asof).properties(height=560)


def timeline_frame(
    deals: pd.DataFrame, events: pd.DataFrame, exclude: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """Cumulative headline and binding amounts in long form, amounts that are not flows left out."""
    kept = deals[~deals["deal_id"].isin(exclude)]
    cum = cumulative_amounts(kept, events[events["deal_id"].isin(kept["deal_id"])])
    long = cum.melt("date", var_name="series", value_name="usd_bn")
    long["series"] = long["series"].map(
        {
            "headline_usd_bn": "every amount announced (headline)",
            "binding_usd_bn": "amounts binding at the time",
        }
    )
    return long


def timeline_chart(long: pd.DataFrame, marks: pd.DataFrame) -> alt.LayerChart:
    """Step lines of cumulative headline vs binding amounts, with dated markers for one deal's story."""
    lines = charts.timeline(
        long,
        "date:T",
        "usd_bn:Q",
        color="series:N",
        step=True,
        x_title="Date",
        y_title="Cumulative amount (USD bn)",
        y_axis=charts.USD_BN_AXIS,
        tooltip=[
            alt.Tooltip("date:T", title="Date"),
            alt.Tooltip("series:N", title="Series"),
            charts.usd_tooltip("usd_bn", "Cumulative"),
        ],
    )
    m = marks.assign(label=marks["label"])
    rules = (
        alt.Chart(m)
        .mark_rule(color=charts.GREY, strokeDash=[4, 3])
        .encode(
            x="date:T", tooltip=[alt.Tooltip("date:T", title="Date"), alt.Tooltip("label:N", title="Event")]
        )
    )
    text = (
        alt.Chart(m)
        .mark_text(align="left", dx=4, color="#444", baseline="top")
        .encode(x="date:T", y=alt.Y("ypos:Q", scale=None), text="label:N")
    )
    return alt.layer(lines, rules, text).properties(height=360)


def story_marks(deals: pd.DataFrame, events: pd.DataFrame, deal_ids: tuple[str, ...]) -> pd.DataFrame:
    """Dated status events of the named deals, with a short label each, for timeline markers."""
    head = headline_amount(deals.set_index("deal_id").loc[list(deal_ids)].reset_index())
    amount = dict(zip(deal_ids, head))
    ev = events[events["deal_id"].isin(deal_ids)].sort_values("date").drop_duplicates(["deal_id", "status"])
    ev = ev.assign(
        label=[f"{fmt.usd_bn(amount[d])} {s}" for d, s in zip(ev["deal_id"], ev["status"].astype(str))]
    )
    ev["ypos"] = 6 + 20 * (np.arange(len(ev)) % 3)
    return ev[["deal_id", "date", "status", "note", "label", "ypos", "sources"]].reset_index(drop=True)


def cycles_frame(by_view: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Loops with a fully disclosed bottleneck, one row per loop and view, for the loops chart."""
    rows = [c.assign(view=v) for v, c in by_view.items()]
    out = pd.concat(rows, ignore_index=True)
    out = out[out["bottleneck_usd_bn"].notna()]
    return out[["cycle", "length", "bottleneck_usd_bn", "view"]].reset_index(drop=True)


def cycles_chart(frame: pd.DataFrame) -> alt.Chart:
    """Horizontal bars: the amount that can go round each loop, headline vs binding."""
    order = frame.sort_values("bottleneck_usd_bn", ascending=False).drop_duplicates("cycle")["cycle"].tolist()
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(
                "bottleneck_usd_bn:Q", title="Smallest flow on the loop (USD bn)", axis=charts.USD_BN_AXIS
            ),
            y=alt.Y("cycle:N", title=None, sort=order, axis=alt.Axis(labelLimit=520)),
            yOffset=alt.YOffset("view:N", sort=["headline", "binding"]),
            color=alt.Color("view:N", title="Deals counted", sort=["headline", "binding"]),
            tooltip=[
                alt.Tooltip("cycle:N", title="Loop"),
                alt.Tooltip("view:N", title="Deals counted"),
                charts.usd_tooltip("bottleneck_usd_bn", "Smallest flow"),
            ],
        )
        .properties(height=alt.Step(13))
    )


def round_trip_chart(rt: pd.DataFrame) -> alt.Chart:
    """Bars: share of each company's disclosed inflows that come from parties it pays."""
    df = rt[rt["from_payees_usd_bn"] > 0].assign(pct=lambda x: 100 * x["round_trip_share"])
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X(
                "pct:Q",
                title="Inflows from parties it also pays (% of disclosed inflows)",
                scale=alt.Scale(domain=[0, 100]),
            ),
            y=alt.Y("name:N", title=None, sort="-x"),
            color=alt.Color("kind:N", title="Company kind"),
            tooltip=[
                alt.Tooltip("name:N", title="Company"),
                alt.Tooltip("pct:Q", title="Round-trip share (%)", format=".1f"),
                charts.usd_tooltip("from_payees_usd_bn", "From parties it pays"),
                charts.usd_tooltip("inflow_usd_bn", "All disclosed inflows"),
            ],
        )
    )


def funding_frame(g: nx.MultiDiGraph, top: int = 12) -> pd.DataFrame:
    """External vs inside-the-loop inflows for the companies receiving the most, in long form."""
    ext = external_funding(g)
    keep = ext.groupby("company_id")["usd_bn"].sum().nlargest(top).index
    out = ext[ext["company_id"].isin(keep)].copy()
    out["source"] = out["source"].replace(
        {
            "investor": "investors",
            "sovereign-fund": "sovereign funds",
            "lender": "banks and lenders",
            "bond-investors": "bond and note buyers",
        }
    )
    return out.reset_index(drop=True)


def funding_chart(frame: pd.DataFrame) -> alt.Chart:
    """Stacked bars per recipient: money from outside funders by kind, and money from other loop members."""
    order = ["inside the loop", "investors", "sovereign funds", "banks and lenders", "bond and note buyers"]
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("sum(usd_bn):Q", title="Disclosed inflows (USD bn)", axis=charts.USD_BN_AXIS),
            y=alt.Y("name:N", title=None, sort="-x"),
            color=alt.Color(
                "source:N",
                title="From",
                sort=order,
                scale=alt.Scale(
                    domain=order,
                    range=[
                        charts.GREY,
                        charts.PALETTE[0],
                        charts.PALETTE[1],
                        charts.PALETTE[3],
                        charts.PALETTE[4],
                    ],
                ),
            ),
            order=alt.Order("source_order:Q"),
            tooltip=[
                alt.Tooltip("name:N", title="Recipient"),
                alt.Tooltip("source:N", title="From"),
                charts.usd_tooltip("usd_bn", "Amount"),
            ],
        )
        .transform_calculate(source_order=f"indexof({order!r}, datum.source)")
    )


def commitments_frame(schedule: pd.DataFrame, revenue: pd.DataFrame, companies: pd.DataFrame) -> pd.DataFrame:
    """Scheduled payments by year and payee, plus revenue rows, in one long table for the chart."""
    name = {c: short_name(n) for c, n in zip(companies["company_id"], companies["name"])}
    pay = schedule.groupby(["year", "payee"], as_index=False)["usd_bn"].sum()
    pay["series"] = pay["payee"].map(name)
    pay["kind"] = "commitment"
    rev = revenue.rename(columns={"revenue_usd_bn": "usd_bn"}).assign(
        series=lambda x: "OpenAI revenue (" + x["basis"].astype(str) + ")", kind="revenue", payee=""
    )
    return pd.concat(
        [pay[["year", "series", "kind", "usd_bn"]], rev[["year", "series", "kind", "usd_bn"]]],
        ignore_index=True,
    )


def commitments_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Stacked bars of scheduled compute payments per year, with OpenAI's revenue as points."""
    bars = (
        alt.Chart(frame[frame["kind"] == "commitment"])
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Calendar year"),
            y=alt.Y("sum(usd_bn):Q", title="USD bn per year", axis=charts.USD_BN_AXIS),
            color=alt.Color("series:N", title="Paid to"),
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("series:N", title="Paid to"),
                charts.usd_tooltip("usd_bn", "Scheduled"),
            ],
        )
    )
    pts = (
        alt.Chart(frame[frame["kind"] == "revenue"])
        .mark_point(shape="diamond", size=160, filled=True, color="#000")
        .encode(
            x="year:O",
            y="usd_bn:Q",
            shape=alt.Shape("series:N", title="Revenue", scale=alt.Scale(range=["diamond", "square"])),
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("series:N", title="Series"),
                charts.usd_tooltip("usd_bn", "Revenue"),
            ],
        )
    )
    return alt.layer(bars, pts).properties(height=340)


def stress_frame(by_view: dict[str, pd.DataFrame], companies: pd.DataFrame) -> pd.DataFrame:
    """Precomputed stress scenarios for the chart: counterparties hit at a 100% cut, shares in percent."""
    name = {c: short_name(n) for c, n in zip(companies["company_id"], companies["name"])}
    rows = []
    for v, sc in by_view.items():
        hit = set(sc.loc[(sc["cut"] == sc["cut"].max()) & (sc["lost_usd_bn"] > 0), "company_id"])
        rows.append(sc[sc["company_id"].isin(hit)].assign(view=v))
    out = pd.concat(rows, ignore_index=True)
    out["name"] = out["company_id"].map(name)
    out["cut_pct"] = (100 * out["cut"]).round().astype(int)
    out["backlog_pct"] = 100 * out["backlog_share"]
    out["revenue_pct"] = 100 * out["revenue_share"]
    return out[
        [
            "view",
            "cut_pct",
            "company_id",
            "name",
            "lost_usd_bn",
            "lost_per_year_usd_bn",
            "revenue_usd_bn",
            "revenue_basis",
            "rpo_usd_bn",
            "revenue_pct",
            "backlog_pct",
        ]
    ]


def stress_chart(frame: pd.DataFrame, start: int = 50) -> alt.Chart:
    """Bars of each counterparty's contract value lost, with a slider over the precomputed cuts."""
    cut = alt.param(
        name="cut",
        value=start,
        bind=alt.binding_range(min=0, max=100, step=5, name="OpenAI pays less by (%): "),
    )
    order = frame.groupby("name")["lost_usd_bn"].max().sort_values(ascending=False).index.tolist()
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(
                "lost_usd_bn:Q",
                title="Contract value not paid (USD bn)",
                axis=charts.USD_BN_AXIS,
                scale=alt.Scale(domain=[0, float(frame["lost_usd_bn"].max()) * 1.05]),
            ),
            y=alt.Y("name:N", title=None, sort=order),
            yOffset=alt.YOffset("view:N", sort=["headline", "binding"]),
            color=alt.Color("view:N", title="Contracts counted", sort=["headline", "binding"]),
            tooltip=[
                alt.Tooltip("name:N", title="Counterparty"),
                alt.Tooltip("view:N", title="Contracts counted"),
                alt.Tooltip("cut_pct:Q", title="OpenAI's cut (%)"),
                charts.usd_tooltip("lost_usd_bn", "Contract value not paid"),
                charts.usd_tooltip("lost_per_year_usd_bn", "Per year"),
                alt.Tooltip("revenue_pct:Q", title="Per year, % of revenue", format=".1f"),
                alt.Tooltip("backlog_pct:Q", title="% of backlog (RPO)", format=".1f"),
                alt.Tooltip("revenue_basis:N", title="Revenue used"),
            ],
        )
        .add_params(cut)
        .transform_filter("datum.cut_pct == cut")
        .properties(height=alt.Step(18))
    )


def market_frame(events: pd.DataFrame, companies: pd.DataFrame, graph_nodes: set[str]) -> pd.DataFrame:
    """Single-stock moves of loop companies from the first deal-day move on, with the move used and its kind."""
    name = {c: short_name(n) for c, n in zip(companies["company_id"], companies["name"])}
    ev = events[events["company_id"].isin(graph_nodes)].copy()
    ev = ev[ev["date"] >= ev.loc[ev["related_deal_id"].notna(), "date"].min()]
    ev["move_pct"] = ev["close_change_pct"].fillna(ev["intraday_change_pct"])
    ev["measure"] = np.where(ev["close_change_pct"].notna(), "close", "intraday or after hours")
    ev["window"] = ev["window"].astype(str)
    ev["kind"] = np.where(ev["related_deal_id"].notna(), "on a deal announcement", "other news")
    ev["label"] = [
        f"{name.get(c, c)}, {fmt.dated(d, p)}" + ("" if w == "day" else f" ({w})")
        for c, d, p, w in zip(ev["company_id"], ev["date"], ev["date_precision"], ev["window"])
    ]
    return (
        ev[
            [
                "event_id",
                "date",
                "label",
                "move_pct",
                "measure",
                "kind",
                "trigger",
                "market_value_change_usd_bn",
                "sources",
            ]
        ]
        .sort_values("date")
        .reset_index(drop=True)
    )


def market_chart(frame: pd.DataFrame) -> alt.Chart:
    """Horizontal bars of one-day (or stated-window) moves in date order, coloured by deal day vs other news."""
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("move_pct:Q", title="Share-price change (%)"),
            y=alt.Y("label:N", title=None, sort=frame["label"].tolist(), axis=alt.Axis(labelLimit=320)),
            color=alt.Color("kind:N", title="Move", sort=["on a deal announcement", "other news"]),
            tooltip=[
                alt.Tooltip("label:N", title="Stock and date"),
                alt.Tooltip("move_pct:Q", title="Change (%)", format="+.2f"),
                alt.Tooltip("measure:N", title="Measured at"),
                alt.Tooltip("trigger:N", title="Trigger"),
                alt.Tooltip("market_value_change_usd_bn:Q", title="Value change (USD bn)", format=",.0f"),
            ],
        )
        .properties(height=alt.Step(18))
    )


# --- the chapter's numbers in one place -----------------------------------------------------------

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
)


def load_tables() -> dict[str, pd.DataFrame]:
    """Every table the deal-loop analysis reads, validated and typed."""
    from moneyloop import datasets

    return {n: datasets.load(n) for n in TABLES}


def peak_drawdown(values: pd.DataFrame, company: str, peak_on: str, trough_on: str) -> dict[str, float]:
    """Fall in market value from the highest close on `peak_on` to the value on `trough_on` (fraction, USD bn)."""
    v = values[values["company_id"] == company]
    peak = v[
        (v["date"] == pd.Timestamp(peak_on))
        & (v["kind"].astype(str) == "market-cap")
        & (v["price_basis"].astype(str) == "close")
    ]["market_value_usd_bn"].max()
    low = v[(v["date"] == pd.Timestamp(trough_on)) & (v["kind"].astype(str) == "market-cap")][
        "market_value_usd_bn"
    ].min()
    return {"peak_usd_bn": float(peak), "after_usd_bn": float(low), "change": float(low / peak - 1)}


def key_numbers(t: dict[str, pd.DataFrame], shocked: str = "openai") -> dict:
    """Every number and table the chapter and the executive summary quote, computed from the data."""
    deals_, comp, ev, fin = t["deals"], t["companies"], t["deal_events"], t["financials"]
    ex = exclusions(t["flow_exclusions"])
    terms = schedule_terms(t["commitment_schedules"])
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
    nets = {v: payment_network(graphs[v], terms) for v in ("headline", "binding")}
    k["scale"] = {v: company_scale(fin, list(n.nodes)) for v, n in nets.items()}
    k["nets"] = nets
    k["scenarios"] = {v: scenarios(nets[v], k["scale"][v], shocked) for v in nets}
    k["status_now"] = deals_["status"].astype(str).value_counts().reindex(charts.STATUS_ORDER, fill_value=0)
    k["headline_total"] = float(headline_amount(deals_[~deals_["deal_id"].isin(ex)]).sum())
    k["binding_total"] = float(select(deals_[~deals_["deal_id"].isin(ex)], "binding")["usd_bn"].sum())
    k["changes"] = status_changes(deals_, ev, "2026-01-01")
    return k


def stress_table(k: dict, cuts=(0.25, 0.5, 1.0), view: str = "headline") -> pd.DataFrame:
    """Display table: each counterparty's loss at a few cuts, in money and as shares of revenue and backlog."""
    name = {
        c: short_name(n)
        for c, n in zip(
            k["graphs"][view].nodes, [k["graphs"][view].nodes[c]["name"] for c in k["graphs"][view].nodes]
        )
    }
    sc = k["scenarios"][view]
    rows = []
    for cut in cuts:
        for r in sc[(sc["cut"].round(2) == round(cut, 2)) & (sc["lost_usd_bn"] > 0)].itertuples(index=False):
            rows.append(
                {
                    "OpenAI pays less by": fmt.share(cut),
                    "Counterparty": name.get(r.company_id, r.company_id),
                    "Contract value not paid": fmt.usd_bn(r.lost_usd_bn),
                    "Per year": "–"
                    if pd.isna(r.lost_per_year_usd_bn)
                    else fmt.usd_bn(r.lost_per_year_usd_bn),
                    "Share of annual revenue": "–"
                    if pd.isna(r.revenue_share)
                    else fmt.share(r.revenue_share),
                    "Share of backlog (RPO)": "–" if pd.isna(r.backlog_share) else fmt.share(r.backlog_share),
                    "Revenue used": "not in the data" if pd.isna(r.revenue_basis) else r.revenue_basis,
                }
            )
    return pd.DataFrame(rows)


def oracle_observed(t: dict[str, pd.DataFrame]) -> dict:
    """What actually strained at Oracle by mid-2026: backlog, free cash flow, capex, debt and market value."""
    fin, mv = t["financials"], t["market_values"]
    debt = latest(fin, "oracle", "debt")
    dd = peak_drawdown(mv, "oracle", "2025-09-10", "2026-06-26")
    week = t["market_events"].set_index("event_id")
    return {
        "rpo": latest(fin, "oracle", "rpo"),
        "fcf": latest(fin, "oracle", "free-cash-flow"),
        "capex": latest(fin, "oracle", "capex"),
        "revenue": latest(fin, "oracle", "revenue"),
        "debt_low": float(debt["value_low_usd_bn"]),
        "debt_high": float(debt["value_high_usd_bn"]),
        "debt": debt,
        "drawdown": dd,
        "worst_week": week.loc["orcl-2026-06-26-worst-week"],
    }


def oracle_comparison(k: dict, observed: dict, cuts=(0.25, 0.5, 1.0)) -> pd.DataFrame:
    """Display table: the model's Oracle losses for OpenAI cuts next to Oracle's observed 2026 figures."""
    sc = k["scenarios"]["headline"].set_index(["company_id", "cut"])
    rows = []
    for cut in cuts:
        r = sc.loc[("oracle", cut)]
        rows.append(
            {
                "Figure": f"Model: OpenAI pays {fmt.share(cut)} less, Oracle's contract value not paid",
                "Value": f"{fmt.usd_bn(r['lost_usd_bn'])} ({fmt.share(r['backlog_share'])} of backlog; "
                f"{fmt.usd_bn(r['lost_per_year_usd_bn'])} a year, {fmt.share(r['revenue_share'])} "
                "of annual revenue)",
            }
        )
    o = observed
    rows += [
        {
            "Figure": f"Observed: backlog (RPO), {fmt.day(o['rpo']['period_end'])}",
            "Value": fmt.usd_bn(o["rpo"]["value_usd_bn"]),
        },
        {
            "Figure": f"Observed: free cash flow, {o['fcf']['period_label']}",
            "Value": fmt.usd_bn(o["fcf"]["value_usd_bn"]),
        },
        {
            "Figure": f"Observed: capital expenditure, {o['capex']['period_label']}",
            "Value": fmt.usd_bn(o["capex"]["value_usd_bn"]),
        },
        {
            "Figure": f"Observed: total debt, {fmt.month(o['debt']['period_end'])}",
            "Value": f"{fmt.usd_bn(o['debt_low'])} to {fmt.usd_bn(o['debt_high'])}",
        },
        {
            "Figure": "Observed: market value, record close to late June 2026",
            "Value": f"{fmt.usd_bn(o['drawdown']['peak_usd_bn'])} to {fmt.usd_bn(o['drawdown']['after_usd_bn'])} "
            f"({fmt.share(o['drawdown']['change'])})",
        },
    ]
    return pd.DataFrame(rows)
