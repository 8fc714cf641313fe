"""Annual revenue from financials.csv: the one rule that turns a company's reported periods into a year's revenue."""

from __future__ import annotations

import pandas as pd

YEAR_DAYS = 360
"""A reported period at least this long counts as a full (fiscal) year."""

QUARTER_DAYS = (80, 100)
"""A reported period this long (inclusive) counts as a quarter."""


def annual(financials: pd.DataFrame, company_id: str, metrics: tuple[str, ...] = ("revenue",)) -> dict | None:
    """Latest yearly revenue of the first metric with actual rows: a fiscal year, else four quarters summed, else a quarter × 4.

    A fiscal year is used unless a later quarter has been reported; four quarters are summed only when they are
    consecutive. Returns value (USD bn), metric, a plain-words basis and the period's end, or None without data.
    """
    for metric in metrics:
        rev = financials[
            (financials["company_id"] == company_id)
            & (financials["metric"] == metric)
            & (financials["basis"].astype(str) == "actual")
        ].copy()
        if rev.empty:
            continue
        rev["days"] = (rev["period_end"] - rev["period_start"]).dt.days + 1
        years = rev[rev["days"] >= YEAR_DAYS].sort_values("period_end", kind="stable")
        quarters = (
            rev[rev["days"].between(*QUARTER_DAYS)]
            .sort_values("period_end", kind="stable")
            .drop_duplicates("period_end", keep="last")
        )
        if years.empty and quarters.empty:
            continue
        latest_q = quarters["period_end"].max() if not quarters.empty else pd.NaT
        if not years.empty and (pd.isna(latest_q) or years["period_end"].iloc[-1] >= latest_q):
            row = years.iloc[-1]
            return _result(
                row["value_usd_bn"], metric, f"fiscal year {row['period_label']}", row["period_end"]
            )
        last4 = quarters.tail(4)
        gaps = zip(last4["period_end"], last4["period_end"].iloc[1:])
        if len(last4) == 4 and all((b - a).days <= QUARTER_DAYS[1] for a, b in gaps):
            basis = "sum of the last four reported quarters"
            return _result(last4["value_usd_bn"].sum(), metric, basis, last4["period_end"].iloc[-1])
        row = quarters.iloc[-1]
        basis = f"{row['period_label']} revenue times four, annualised"
        return _result(4 * row["value_usd_bn"], metric, basis, row["period_end"])
    return None


def _result(value: float, metric: str, basis: str, end: pd.Timestamp) -> dict:
    return {"value_usd_bn": float(value), "metric": metric, "basis": basis, "period_end": end}
