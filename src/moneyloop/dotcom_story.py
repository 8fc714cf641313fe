"""The dot-com chapter's named numbers and figures, section by section, formatted for gluing."""

from __future__ import annotations

import pandas as pd

from moneyloop import dotcom, fmt

COUNT_SLUGS = dict(zip(dotcom.OUTCOMES, ("back", "below", "sold", "bankrupt"), strict=True))
"""Glue-name slug of each cohort outcome."""


def cohort_glue(cohort: pd.DataFrame) -> dict[str, str]:
    """The cohort's size, outcome counts, share never recovered, extremes and dates, keyed by glue name."""
    s = dotcom.cohort_summary(cohort)
    out = dotcom.cohort_outcomes(cohort)
    cisco = out[out["company_id"] == "cisco"]
    glued = {
        "dotcom-cohort-n": fmt.count(s["n"]),
        "dotcom-cohort-never-n": fmt.count(s["never_n"]),
        "dotcom-cohort-never": fmt.share(s["never_share"]),
        "dotcom-cohort-recovered": _names(s["recovered"]),
        "dotcom-cohort-worst": s["worst"],
        "dotcom-cohort-worst-pct": fmt.pct(s["worst_pct"]),
        "dotcom-cohort-median-pct": fmt.pct(s["median_pct"]),
        "dotcom-cohort-selection": "; ".join(s["selections"]),
        "dotcom-cohort-first-fate": str(s["first_fate"].year),
        "dotcom-cohort-last-fate": str(s["last_fate"].year),
        "dotcom-cohort-bankrupt-names": _names(
            list(out.loc[out["fate"] == "bankrupt"].sort_values("rank")["company"])
        ),
        "dotcom-cohort-sold-names": _names(list(out.loc[_sold_below(out)].sort_values("rank")["company"])),
    }
    for outcome, slug in COUNT_SLUGS.items():
        glued[f"dotcom-cohort-{slug}-n"] = fmt.count(s["counts"][outcome])
    if not cisco.empty:
        glued["dotcom-cohort-cisco-peak"] = fmt.usd_bn(cisco["peak_usd_bn"].iloc[0])
        glued["dotcom-cohort-cisco-pct"] = fmt.pct(cisco["fate_pct_of_peak"].iloc[0])
        glued["dotcom-cohort-cisco-check"] = fmt.day(cisco["fate_date"].iloc[0])
    return glued


def _sold_below(out: pd.DataFrame) -> pd.Series:
    """Rows acquired for less than their peak value."""
    return (out["fate"] == "acquired") & ~out["recovered"]


def _names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'; 'none' for an empty list."""
    if not names:
        return "none"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def cohort_caption(cohort: pd.DataFrame) -> str:
    """Caption of the cohort figure, naming the selection rules from the data."""
    rules = "; ".join(dotcom.cohort_summary(cohort)["selections"])
    return (
        f"Cohort rules: {rules}. Each bar is the company's market value at its fate (the price paid in an "
        "acquisition, nothing after a bankruptcy, or its value at the latest dated check found) divided by its "
        "value at the peak; the dashed rule marks 100%. Values are nominal US dollars."
    )


def cohort_alt(cohort: pd.DataFrame) -> str:
    """Alt text of the cohort figure: every company's outcome and % of peak, in rank order."""
    out = (
        dotcom.cohort_outcomes(cohort).assign(outcome=lambda d: dotcom.cohort_classes(d)).sort_values("rank")
    )
    parts = [
        f"{r.company} {fmt.pct(r.fate_pct_of_peak)} ({r.outcome}, {r.fate_date.year})"
        for r in out.itertuples()
    ]
    share = fmt.share(dotcom.share_never_recovered(cohort))
    return (
        f"Bar chart of market value at each company's fate as a percent of its peak; {share} never recovered: "
        + ("; ".join(parts) + ".")
    )


def cohort_table(cohort: pd.DataFrame) -> pd.DataFrame:
    """The cohort as a display table: rank, company, sector, peak and fate with dates and values."""
    out = (
        dotcom.cohort_outcomes(cohort).assign(outcome=lambda d: dotcom.cohort_classes(d)).sort_values("rank")
    )
    peak_when = [fmt.dated(d, p) for d, p in zip(out["peak_date"], out["peak_date_precision"], strict=True)]
    return pd.DataFrame(
        {
            "Rank": out["rank"],
            "Company": out["company"],
            "Sector": out["sector"],
            "Value at the peak": out["peak_usd_bn"].map(fmt.usd_bn),
            "Peak": peak_when,
            "Outcome": out["outcome"],
            "Fate": out["fate"],
            "Fate date": out["fate_date"].map(fmt.day),
            "Value at the fate": out["fate_usd_bn"].map(lambda v: "–" if pd.isna(v) else fmt.usd_bn(v)),
            "% of peak": out["fate_pct_of_peak"].map(lambda v: "–" if pd.isna(v) else fmt.pct(v)),
        }
    )


def telecom_glue(telecom_rows: pd.DataFrame, cashflows: pd.DataFrame, gdp: pd.DataFrame) -> dict[str, str]:
    """Telecom capex then and hyperscaler capex now as % of GDP, the defaults that followed and Lucent's loan losses."""
    from moneyloop import telecom

    df = telecom.scale_comparison(telecom_rows, cashflows, gdp)
    then = telecom.peak(df[df["era"] == "telecom boom"])
    now = df[df["era"] == "AI build-out"].sort_values("year")
    first, last = now.iloc[0], now.iloc[-1]
    tail = df[df["series"] == then["series"]].sort_values("year").iloc[-1]
    borrowed = now[now["gdp_year"] != now["year"]]
    defaults = telecom.telecom_defaults(telecom_rows).sort_values("year")
    lucent = telecom.vendor_losses(telecom_rows, "Lucent Technologies")
    glued = {
        "dotcom-tel-peak-share": fmt.pct(then["share_pct"], 2),
        "dotcom-tel-peak-year": str(then["year"]),
        "dotcom-tel-peak-value": fmt.usd_bn(then["value_usd_bn"]),
        "dotcom-tel-peak-scope": then["series"].split(": ", 1)[-1],
        "dotcom-tel-last-share": fmt.pct(tail["share_pct"], 2),
        "dotcom-tel-last-year": str(tail["year"]),
        "dotcom-tel-last-basis": str(tail["basis"]),
        "dotcom-ai-first-share": fmt.pct(first["share_pct"], 2),
        "dotcom-ai-first-year": str(first["year"]),
        "dotcom-ai-last-share": fmt.pct(last["share_pct"], 2),
        "dotcom-ai-last-year": str(last["year"]),
        "dotcom-ai-last-value": fmt.usd_bn(last["value_usd_bn"]),
        "dotcom-ai-last-gdp": f"{fmt.usd_bn(last['gdp_usd_bn'])} ({last['gdp_estimate']})",
        "dotcom-ai-vs-tel": fmt.ratio(last["share_pct"] / then["share_pct"]),
        "dotcom-ai-gdp-borrowed": "; ".join(
            f"{r.year} uses GDP of {r.gdp_year}" for r in borrowed.itertuples()
        )
        or "every year has its own GDP",
        "dotcom-lucent-writeoff": fmt.usd_bn(lucent["vendor-loan-write-off"]),
        "dotcom-lucent-year": str(
            int(telecom_rows.loc[telecom_rows["scope"] == "Lucent Technologies", "year"].max())
        ),
        "dotcom-lucent-provision": fmt.usd_bn(lucent["vendor-loan-provision"]),
        "dotcom-lucent-loans": fmt.usd_bn(lucent["vendor-loans-outstanding"]),
    }
    for i, r in enumerate(defaults.itertuples(), 1):
        glued[f"dotcom-defaults-{i}-year"] = str(r.year)
        glued[f"dotcom-defaults-{i}-all"] = fmt.usd_bn(r.defaults_usd_bn)
        glued[f"dotcom-defaults-{i}-share"] = fmt.pct(r.telecom_share_pct)
        glued[f"dotcom-defaults-{i}-scope"] = (
            r.scope if r.scope[1:2].isupper() else r.scope[0].lower() + r.scope[1:]
        )
    return glued


def build_up_glue(telecom_rows: pd.DataFrame) -> dict[str, str]:
    """The telecom sector's capital spending and debt summed over the whole build-out, with their years and scope."""
    capex = _one(telecom_rows, "sector-capex-total")
    debt = _one(telecom_rows, "sector-debt")
    return {
        "dotcom-tel-total-capex": fmt.usd_bn(capex["value_low_usd_bn"]),
        "dotcom-tel-total-first": str(int(capex["first_year"])),
        "dotcom-tel-total-last": str(int(capex["year"])),
        "dotcom-tel-total-scope": str(capex["scope"]),
        "dotcom-tel-debt": fmt.usd_bn(debt["value_low_usd_bn"]),
        "dotcom-tel-debt-year": str(int(debt["year"])),
        "dotcom-tel-debt-per-capex": fmt.pct(100 * debt["value_low_usd_bn"] / capex["value_low_usd_bn"]),
    }


def _one(telecom_rows: pd.DataFrame, measure: str) -> pd.Series:
    """The one telecom row of a measure."""
    rows = telecom_rows[telecom_rows["measure"] == measure]
    if len(rows) != 1:
        raise LookupError(f"expected one {measure} row, found {len(rows)}")
    return rows.iloc[0]


def telecom_caption(df: pd.DataFrame) -> str:
    """Caption of the scale figure, naming each series and any year measured against an earlier year's GDP."""
    borrowed = df[df["gdp_year"] != df["year"]]
    note = "".join(
        f" {r.year} is set against the GDP of {r.gdp_year}, the latest in the data."
        for r in borrowed.itertuples()
    )
    return (
        "Each point is a year's capital spending divided by US GDP in current dollars. Telecom points are carriers' "
        "capex as counted by the research firm RHK (North American wireline carriers, and all North American "
        "carriers), including its estimates and forecasts made at the time (square markers); a vertical rule spans a "
        "reported range. The hyperscaler points are the five builders' total capex from their cash-flow statements, "
        "worldwide and for all purposes, so they overstate AI data-centre spending in the US, while the telecom "
        "points leave out wireless carriers and the equipment makers, so they understate the telecom boom."
        + note
    )


def telecom_alt(df: pd.DataFrame) -> str:
    """Alt text of the scale figure: every point's series, year and share of GDP."""
    parts = [f"{r.series}, {r.year} ({r.basis}): {fmt.pct(r.share_pct, 2)}" for r in df.itertuples()]
    return "Dot chart of capital spending as a percent of US GDP: " + "; ".join(parts) + "."


def telecom_sources(df: pd.DataFrame) -> list[str]:
    """Every source key behind the scale comparison: the spending rows and the GDP rows."""
    keys = ";".join(list(df["sources"]) + list(df["gdp_sources"])).split(";")
    return list(dict.fromkeys(k for k in keys if k))
