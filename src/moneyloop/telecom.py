"""Telecom then, AI now: the 2000 telecom build-out and today's hyperscaler capex, each against US GDP."""

from __future__ import annotations

import pandas as pd

from moneyloop import cashflow

AI_SERIES = "Cloud builders' capex (worldwide, all purposes)"
"""Label of today's series: the five builders' capex from the cash-flow statements."""


def gdp_in(gdp: pd.DataFrame, year: int) -> pd.Series:
    """The US GDP row for a year, else the latest year before it; actual figures before projections."""
    us = gdp[(gdp["economy_code"] == "USA") & (gdp["year"] <= year)]
    if us.empty:
        raise LookupError(f"no US GDP in or before {year}")
    rank = us["estimate"].map({"actual": 0}).fillna(1)
    return us.assign(rank=rank).sort_values(["year", "rank"], ascending=[True, False]).iloc[-1]


def _with_gdp(df: pd.DataFrame, gdp: pd.DataFrame) -> pd.DataFrame:
    """Add the GDP used for each row's year, its year and sources, and the value's share of it (%)."""
    rows = [gdp_in(gdp, int(y)) for y in df["year"]]
    out = df.assign(
        gdp_year=[int(r["year"]) for r in rows],
        gdp_usd_bn=[float(r["gdp_usd_bn"]) for r in rows],
        gdp_estimate=[str(r["estimate"]) for r in rows],
        gdp_sources=[r["sources"] for r in rows],
    )
    return out.assign(
        share_pct=100 * out["value_usd_bn"] / out["gdp_usd_bn"],
        share_high_pct=100 * out["value_high_usd_bn"] / out["gdp_usd_bn"],
    )


def telecom_capex(telecom: pd.DataFrame, gdp: pd.DataFrame) -> pd.DataFrame:
    """Carrier capex per year and scope as % of US GDP, with the low and high ends of reported ranges."""
    rows = telecom[telecom["measure"] == "carrier-capex"]
    df = pd.DataFrame(
        {
            "series": "Telecom capex: " + rows["scope"].astype(str),
            "year": rows["year"].astype(int),
            "value_usd_bn": rows["value_low_usd_bn"],
            "value_high_usd_bn": rows["value_high_usd_bn"],
            "basis": rows["basis"].astype(str),
            "sources": rows["sources"],
        }
    )
    return _with_gdp(df, gdp).reset_index(drop=True)


def ai_capex(cashflows: pd.DataFrame, gdp: pd.DataFrame) -> pd.DataFrame:
    """The hyperscalers' total capex per calendar year (cashflow.capex_by_year) as % of US GDP."""
    c = cashflow.capex_by_year(cashflows)
    rows = cashflow.hyperscaler_capex(cashflows)
    keys = rows.groupby("year")["sources"].agg(lambda s: ";".join(dict.fromkeys(";".join(s).split(";"))))
    df = pd.DataFrame(
        {
            "series": AI_SERIES,
            "year": c["year"].astype(int),
            "value_usd_bn": c["value_usd_bn"],
            "value_high_usd_bn": c["value_usd_bn"],
            "basis": "actual",
            "sources": c["year"].map(keys),
        }
    )
    return _with_gdp(df, gdp).reset_index(drop=True)


def scale_comparison(telecom: pd.DataFrame, cashflows: pd.DataFrame, gdp: pd.DataFrame) -> pd.DataFrame:
    """Telecom carriers' capex then and the hyperscalers' capex now, one row per series and year, as % of GDP."""
    then = telecom_capex(telecom, gdp).assign(era="telecom boom")
    now = ai_capex(cashflows, gdp).assign(era="AI build-out")
    return pd.concat([then, now], ignore_index=True)


def peak(df: pd.DataFrame) -> pd.Series:
    """The row with the highest share of GDP among actual (not estimated or forecast) values."""
    actual = df[df["basis"] == "actual"]
    if actual.empty:
        raise LookupError("no actual value to take a peak from")
    return actual.sort_values("share_pct").iloc[-1]


def telecom_defaults(telecom: pd.DataFrame) -> pd.DataFrame:
    """Rated defaults per year and scope beside the telecom part of them and its share (%)."""
    allv = telecom[telecom["measure"] == "rated-defaults"].set_index(["year", "scope"])["value_low_usd_bn"]
    tel = telecom[telecom["measure"] == "telecom-defaults"].set_index(["year", "scope"])["value_low_usd_bn"]
    df = pd.DataFrame({"defaults_usd_bn": allv, "telecom_usd_bn": tel}).dropna().reset_index()
    return df.assign(telecom_share_pct=100 * df["telecom_usd_bn"] / df["defaults_usd_bn"])


def vendor_losses(telecom: pd.DataFrame, company: str) -> dict[str, float]:
    """One equipment maker's customer-loan figures by measure (USD bn), from the vendor-loan rows."""
    rows = telecom[
        (telecom["scope"] == company) & telecom["measure"].astype(str).str.startswith("vendor-loan")
    ]
    if rows.empty:
        raise LookupError(f"no vendor-loan rows for {company}")
    return dict(zip(rows["measure"].astype(str), rows["value_low_usd_bn"].astype(float), strict=True))


def scale_chart(df: pd.DataFrame):
    """Points per series and year as % of US GDP, with a rule across reported ranges and hollow forecasts."""
    import altair as alt

    d = df.assign(reported=df["basis"].map({"actual": "actual"}).fillna("estimate or forecast"))
    x = alt.X("year:O", title="", axis=alt.Axis(labelAngle=0))
    legend = alt.Legend(orient="bottom", direction="vertical", labelLimit=320)
    color = alt.Color("series:N", title=None, legend=legend)
    tooltip = [
        alt.Tooltip("series:N", title="Series"),
        alt.Tooltip("year:Q", title="Year", format="d"),
        alt.Tooltip("value_usd_bn:Q", title="USD bn", format=",.1f"),
        alt.Tooltip("share_pct:Q", title="% of US GDP", format=".2f"),
        alt.Tooltip("gdp_year:Q", title="GDP of", format="d"),
        alt.Tooltip("basis:N", title="Basis"),
    ]
    base = alt.Chart(d).encode(x=x, color=color)
    points = base.mark_point(size=90, filled=True).encode(
        y=alt.Y("share_pct:Q", title="% of US GDP"),
        shape=alt.Shape("reported:N", title=None, legend=alt.Legend(orient="bottom", direction="vertical")),
        tooltip=tooltip,
    )
    ranges = base.mark_rule(strokeWidth=2).encode(y="share_pct:Q", y2="share_high_pct:Q")
    return alt.layer(ranges, points).properties(height=260)
