"""Loops and funding: the cycles money can go round, round-trip shares, vendor financing, outside money."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from moneyloop.deals.graph import pair_flows
from moneyloop.deals.vocabulary import CAPITAL_FLOWS, DEFAULT_MAX_CYCLE, EXTERNAL_KINDS, PAYMENT_FLOWS


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


def first_years(g: nx.MultiDiGraph, payer: str, payee: str, years: int) -> float:
    """What `payer` owes `payee` in the first `years` years of their purchase contracts, spread flat (NaN if a term is unknown)."""
    total, n = 0.0, 0
    for _, v, a in g.out_edges(payer, data=True):
        if v != payee or a["flow_type"] not in PAYMENT_FLOWS or a.get("excluded") or pd.isna(a["usd_bn"]):
            continue
        term = a.get("term_years", np.nan)
        if pd.isna(term) or term <= 0:
            return np.nan
        total += a["usd_bn"] * min(years, term) / term
        n += 1
    return total if n else np.nan


def vendor_financing(g: nx.MultiDiGraph, years: int = 3) -> pd.DataFrame:
    """Supplier → customer capital against the customer's purchases from it: in total, and in the contracts' first years.

    `financing_share` divides the supplier's capital by the contract totals; `first_years_share` by what is
    due in the first `years` years of those contracts (flat over each term), the money the capital could
    actually fund in that time; `covered_usd_bn` is the part of the purchases the supplier's own capital
    could pay for, the rest must come from the customer's other money (revenue or outside funding).
    """
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
                "first_years_usd_bn": (fy := first_years(g, c, s, years)),
                "first_years_share": cap / fy if pd.notna(cap) and pd.notna(fy) and fy > 0 else np.nan,
                "covered_usd_bn": min(cap, pur) if pd.notna(cap) and pd.notna(pur) else np.nan,
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
        "first_years_usd_bn",
        "first_years_share",
        "covered_usd_bn",
        "undisclosed_deals",
        "capital_deals",
        "purchase_deals",
    ]
    return (
        pd.DataFrame(rows, columns=cols)
        .sort_values(["capital_usd_bn", "supplier"], ascending=[False, True], na_position="last")
        .reset_index(drop=True)
    )


def aggregate_of(flow_type: str) -> str:
    """Which of the three aggregates a flow type belongs to: capital, commitments or transfers."""
    if flow_type in CAPITAL_FLOWS:
        return "capital"
    if flow_type in PAYMENT_FLOWS:
        return "commitments"
    return "transfers"


def external_funding(g: nx.MultiDiGraph) -> pd.DataFrame:
    """Per recipient inside the graph: disclosed inflows from outside funders (by kind) and from other members, by aggregate."""
    rows = []
    for u, v, k, a in g.edges(keys=True, data=True):
        ku, kv = g.nodes[u].get("kind", "other"), g.nodes[v].get("kind", "other")
        if kv in EXTERNAL_KINDS or pd.isna(a["usd_bn"]) or a.get("excluded"):
            continue
        term = a.get("term_years", np.nan)
        rows.append(
            {
                "company_id": v,
                "name": g.nodes[v].get("name", v),
                "source": ku if ku in EXTERNAL_KINDS else "inside the loop",
                "aggregate": "credit support" if a.get("credit") else aggregate_of(a["flow_type"]),
                "usd_bn": a["usd_bn"],
                "annual_usd_bn": a["usd_bn"] / term if pd.notna(term) and term > 0 else np.nan,
                "deal_id": k,
            }
        )
    cols = ["company_id", "name", "source", "aggregate", "usd_bn", "annual_usd_bn", "deal_id"]
    flows = pd.DataFrame(rows, columns=cols)
    keys = ["company_id", "name", "source", "aggregate"]
    return flows.groupby(keys, as_index=False, observed=True)[["usd_bn", "annual_usd_bn"]].sum(min_count=1)


def funding_totals(g: nx.MultiDiGraph) -> dict[str, float]:
    """Capital from outside funders and from members, and purchase commitments between members, never added (USD bn).

    Capital is one-off money (equity, debt, financed assets); commitments are multi-year contract totals,
    with their annual rate where a term is known. The ratio compares capital with capital only.
    """
    ext = external_funding(g)
    cap = ext[ext["aggregate"] == "capital"]
    outside = float(cap.loc[cap["source"] != "inside the loop", "usd_bn"].sum())
    inside = float(cap.loc[cap["source"] == "inside the loop", "usd_bn"].sum())
    com = ext[(ext["aggregate"] == "commitments") & (ext["source"] == "inside the loop")]
    return {
        "outside_capital_usd_bn": outside,
        "inside_capital_usd_bn": inside,
        "inside_capital_per_outside": inside / outside if outside > 0 else np.nan,
        "outside_capital_share": outside / (outside + inside) if outside + inside > 0 else np.nan,
        "member_commitments_usd_bn": float(com["usd_bn"].sum()),
        "member_commitments_annual_usd_bn": float(com["annual_usd_bn"].sum()),
    }
