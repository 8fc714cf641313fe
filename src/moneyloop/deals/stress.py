"""The stress test: clearing payments when one party pays less, and its tables and chart."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import networkx as nx
import numpy as np
import pandas as pd

from moneyloop import charts, fmt
from moneyloop.deals.commitments import latest
from moneyloop.deals.market import peak_drawdown
from moneyloop.deals.vocabulary import PAYMENT_FLOWS, short_name


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
