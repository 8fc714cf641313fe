"""Charts and display tables of the deal-loop chapter."""

from __future__ import annotations

import altair as alt
import networkx as nx
import numpy as np
import pandas as pd

from moneyloop import charts, fmt
from moneyloop.deals.accounting import nested, not_flows
from moneyloop.deals.history import cumulative_amounts
from moneyloop.deals.layout import NODE_SIZES, WEB_HEIGHT, month_options
from moneyloop.deals.loops import external_funding
from moneyloop.deals.vocabulary import (
    CAPITAL_FLOWS,
    FLOW_LABELS,
    KIND_LABELS,
    STATUS_LABELS,
    VIEW_LABELS,
    headline_amount,
    label,
    select,
    short_name,
)


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
            "Type": [label(FLOW_LABELS, f) for f in deals["flow_type"]],
            "Amount": [
                ("–" if pd.isna(a) else fmt.usd_bn(a))
                + (" (up to)" if k == "up-to" else "")
                + (" (not a flow)" if i in exclude else "")
                for a, k, i in zip(head, deals["amount_kind"], deals["deal_id"])
            ],
            "Status": [label(STATUS_LABELS, x) for x in deals["status"]],
            "Sources": deals["sources"].str.replace(";", "; "),
            "_date": deals["announced"],
        }
    )
    return out.sort_values(["_date", "Payer"]).drop(columns="_date").reset_index(drop=True)


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


VIEW_ORDER = [VIEW_LABELS["headline"], VIEW_LABELS["binding"]]
VIEW_COLOURS = [charts.PALETTE[0], charts.PALETTE[1]]
"""Headline in the first palette colour and binding in the second, in every deal-loop chart that shows both."""

KIND_COLOURS = [
    "#000000",
    "#0072B2",
    "#56B4E9",
    "#009E73",
    "#E69F00",
    "#CC79A7",
    "#F0E442",
    "#D55E00",
    "#882255",
    "#8C8C8C",
    "#332288",
    "#BBBBBB",
]
"""One colour per company kind in KIND_ORDER, no two alike (Okabe-Ito plus Tol's wine and indigo)."""


def web_chart(nodes: pd.DataFrame, edges: pd.DataFrame) -> alt.LayerChart:
    """Interactive network: which deals to show (headline / binding only) and an 'as of' month."""
    values, labels = month_options(
        pd.Timestamp(edges["valid_from"].min()), pd.Timestamp(edges["valid_from"].max())
    )
    view = alt.param(
        name="view",
        value="headline",
        bind=alt.binding_radio(options=["headline", "binding only"], name="Deals shown: "),
    )
    asof = alt.param(
        name="asof",
        value=values[-1],
        bind=alt.binding_select(options=values, labels=labels, name="As of the end of: "),
    )
    keep = (
        "datum.from_m < asof && asof <= datum.to_m && (view == 'headline' ? datum.standing : datum.binding)"
    )
    ax = alt.Axis(title=None, labels=False, ticks=False, domain=False, grid=False)
    sx, sy = alt.Scale(domain=[-0.04, 1.04]), alt.Scale(domain=[-0.04, 1.08])
    tip = [
        alt.Tooltip("payer_name:N", title="Payer"),
        alt.Tooltip("payee_name:N", title="Payee"),
        alt.Tooltip("flow_label:N", title="Type"),
        alt.Tooltip("amount:N", title="Amount"),
        alt.Tooltip("announced_text:N", title="Announced"),
        alt.Tooltip("status_label:N", title="Status then"),
        alt.Tooltip("sources:N", title="Sources"),
    ]
    base = alt.Chart(edges).transform_filter(keep)
    colour = alt.Color(
        "flow_label:N",
        title="Flow type",
        scale=alt.Scale(
            domain=[label(FLOW_LABELS, f) for f in FLOW_ORDER], range=charts.PALETTE + [charts.GREY]
        ),
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
    shown = (
        "view == 'headline' ? (datum.standing_from < asof && asof <= datum.standing_to)"
        " : (datum.binding_from < asof && asof <= datum.binding_to)"
    )
    nbase = alt.Chart(nodes).transform_filter(shown)
    ntip = [
        alt.Tooltip("name:N", title="Company"),
        alt.Tooltip("kind_label:N", title="Kind"),
        alt.Tooltip("n_deals:Q", title="Deals in the web"),
        charts.usd_tooltip("capital_in_usd_bn", "Capital received"),
        charts.usd_tooltip("capital_out_usd_bn", "Capital provided"),
        charts.usd_tooltip("commitments_in_usd_bn", "Purchase commitments received"),
        charts.usd_tooltip("commitments_out_usd_bn", "Purchase commitments made"),
    ]
    dots = nbase.mark_circle(stroke="white", strokeWidth=1, opacity=0.95).encode(
        x=alt.X("x:Q", axis=ax, scale=sx),
        y=alt.Y("y:Q", axis=ax, scale=sy),
        size=alt.Size("n_deals:Q", scale=alt.Scale(range=list(NODE_SIZES), zero=True), legend=None),
        fill=alt.Fill(
            "kind_label:N",
            title="Company kind",
            legend=alt.Legend(orient="top", columns=6),
            scale=alt.Scale(domain=[label(KIND_LABELS, k) for k in KIND_ORDER], range=KIND_COLOURS),
        ),
        tooltip=ntip,
    )
    text = nbase.mark_text(fontWeight="bold", color="#222", baseline="bottom").encode(
        x=alt.X("x:Q", axis=ax, scale=sx),
        y=alt.Y("label_y:Q", axis=ax, scale=sy),
        text="label:N",
        tooltip=ntip,
    )
    return alt.layer(lines, arrows, dots, text).add_params(view, asof).properties(height=WEB_HEIGHT)


TIMELINE_SERIES = (
    "capital as announced, incl. replaced deals",
    "capital binding at the time",
)


def timeline_frame(
    deals: pd.DataFrame, events: pd.DataFrame, exclude: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """Cumulative capital announced and capital binding in long form; not-flows and counted layers left out.

    Only the capital aggregate is drawn, so one-off money is never added to contract totals or transfers.
    Superseded and terminated deals stay in the 'as announced' line: it is the history of the headlines.
    """
    rows = select(deals, "announced")
    drop = set(exclude) | nested(rows) | not_flows(rows)
    kept = deals[~deals["deal_id"].isin(drop) & deals["flow_type"].astype(str).isin(CAPITAL_FLOWS)]
    cum = cumulative_amounts(kept, events[events["deal_id"].isin(kept["deal_id"])])
    long = cum.melt("date", var_name="series", value_name="usd_bn")
    long["series"] = long["series"].map(
        {
            "headline_usd_bn": TIMELINE_SERIES[0],
            "binding_usd_bn": TIMELINE_SERIES[1],
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
    lines = lines.encode(
        color=alt.Color(
            "series:N",
            title=None,
            sort=list(TIMELINE_SERIES),
            scale=alt.Scale(domain=list(TIMELINE_SERIES), range=VIEW_COLOURS),
        )
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
        .mark_text(
            align="right", dx=-4, color="#444", baseline="top"
        )  # left of its rule: the lines rise on the right
        .encode(x="date:T", y=alt.Y("ypos:Q", scale=None), text="label:N")
    )
    return alt.layer(lines, rules, text).properties(height=360)


def story_marks(deals: pd.DataFrame, events: pd.DataFrame, deal_ids: tuple[str, ...]) -> pd.DataFrame:
    """Dated status events of the named deals, with a short label each, for timeline markers."""
    head = headline_amount(deals.set_index("deal_id").loc[list(deal_ids)].reset_index())
    amount = dict(zip(deal_ids, head))
    ev = events[events["deal_id"].isin(deal_ids)].sort_values("date").drop_duplicates(["deal_id", "status"])
    ev = ev.assign(
        label=[
            f"{fmt.usd_bn(amount[d])} {label(STATUS_LABELS, s)}" for d, s in zip(ev["deal_id"], ev["status"])
        ]
    )
    ev["ypos"] = 6 + 20 * np.arange(len(ev))  # one row per marker, so no two labels overlap
    return ev[["deal_id", "date", "status", "note", "label", "ypos", "sources"]].reset_index(drop=True)


def cycles_frame(by_view: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Loops with a fully disclosed bottleneck, one row per loop and view, for the loops chart."""
    rows = [c.assign(view=v) for v, c in by_view.items()]
    out = pd.concat(rows, ignore_index=True)
    out = out[out["bottleneck_usd_bn"].notna()]
    out["view"] = [label(VIEW_LABELS, v) for v in out["view"]]
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
            yOffset=alt.YOffset("view:N", sort=VIEW_ORDER),
            color=alt.Color(
                "view:N",
                title="Deals counted",
                sort=VIEW_ORDER,
                scale=alt.Scale(domain=VIEW_ORDER, range=VIEW_COLOURS),
            ),
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
    df = rt[rt["from_payees_usd_bn"] > 0].assign(
        pct=lambda x: 100 * x["round_trip_share"],
        kind_name=lambda x: [label(KIND_LABELS, k) for k in x["kind"]],
    )
    kinds = [
        label(KIND_LABELS, k) for k in KIND_ORDER
    ]  # the web's colours, so a kind looks the same everywhere
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
            color=alt.Color(
                "kind_name:N", title="Company kind", scale=alt.Scale(domain=kinds, range=KIND_COLOURS)
            ),
            tooltip=[
                alt.Tooltip("name:N", title="Company"),
                alt.Tooltip("kind_name:N", title="Kind"),
                alt.Tooltip("pct:Q", title="Round-trip share (%)", format=".1f"),
                charts.usd_tooltip("from_payees_usd_bn", "From parties it pays"),
                charts.usd_tooltip("inflow_usd_bn", "All disclosed inflows"),
            ],
        )
    )


def funding_frame(g: nx.MultiDiGraph, top: int = 12) -> pd.DataFrame:
    """External vs inside-the-loop inflows for the companies receiving the most, in long form."""
    ext = external_funding(g)
    ext = ext[ext["aggregate"] == "capital"].drop(columns=["aggregate", "annual_usd_bn"])
    keep = ext.groupby("company_id")["usd_bn"].sum().nlargest(top).index
    out = ext[ext["company_id"].isin(keep)].copy()
    out["source"] = out["source"].replace(
        {
            "investor": "investors",
            "sovereign-fund": "sovereign funds",
            "lender": "banks and lenders",
            "bond-investors": "bond and note buyers",
            "inside the loop": "members of the graph",
        }
    )
    return out.reset_index(drop=True)


def funding_chart(frame: pd.DataFrame) -> alt.Chart:
    """Stacked bars per recipient: money from outside funders by kind, and money from other loop members."""
    order = [
        "members of the graph",
        "investors",
        "sovereign funds",
        "banks and lenders",
        "bond and note buyers",
    ]
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("sum(usd_bn):Q", title="Capital received (USD bn, one-off)", axis=charts.USD_BN_AXIS),
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
