"""Charts and display tables of the deal-loop chapter."""

from __future__ import annotations

import altair as alt
import networkx as nx
import numpy as np
import pandas as pd

from moneyloop import charts, fmt
from moneyloop.deals.history import cumulative_amounts
from moneyloop.deals.loops import external_funding
from moneyloop.deals.vocabulary import headline_amount, short_name


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
