"""The deal graph: a payer → payee multigraph, one edge per deal, and its pairwise collapse."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from moneyloop.deals.accounting import CREDIT_CONDITIONS, nested, not_flows
from moneyloop.deals.vocabulary import firm_amount, headline_amount, is_firm, select, short_name


def build_graph(
    deals: pd.DataFrame,
    companies: pd.DataFrame | None = None,
    view: str = "announced",
    exclude: set[str] | frozenset[str] = frozenset(),
) -> nx.MultiDiGraph:
    """A payer → payee multigraph, one edge per deal keyed by deal_id, carrying amount, type, status, dates and sources.

    Deals in `exclude`, amounts that are not money flows (flow_exclusions.csv) and financing layers whose
    parent is counted (deal_layers.csv) stay in the graph with `excluded=True` and no amount; pair_flows
    and everything built on it leave them out, so no dollar is counted twice.
    """
    rows = select(deals, view)
    exclude = frozenset(exclude) | nested(rows) | not_flows(rows)
    g = nx.MultiDiGraph(view=view)
    if companies is not None:
        for c in companies.itertuples(index=False):
            g.add_node(c.company_id, name=short_name(c.name), kind=str(c.kind))
    firm = firm_amount(rows)
    head = headline_amount(rows)
    firm_deal = is_firm(rows).to_numpy()
    cond = rows["condition"] if "condition" in rows else pd.Series(np.nan, index=rows.index)
    credit = cond.astype(str).isin(CREDIT_CONDITIONS).to_numpy()
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
            binding=bool(firm_deal[i]),
            credit=bool(credit[i]),
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
