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
