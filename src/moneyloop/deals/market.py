"""Market reaction: single-stock moves of loop companies and market-value drawdowns."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from moneyloop import fmt
from moneyloop.deals.vocabulary import short_name


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
