"""Dot-com rules: the 2000 cohort's peaks, troughs and fates, and a monthly dividend series without gaps."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from moneyloop.problem import Problem

COHORT = "dotcom_cohort"
SHILLER = "shiller_monthly"
FATES_WITH_DATE = ("regained", "below-peak", "above-peak", "acquired", "bankrupt")


def _number(text: str) -> float | None:
    """A cell as a number, or None when blank or unreadable (the schema checks report those)."""
    try:
        return float(text) if str(text).strip() else None
    except ValueError:
        return None


def _month(text: str) -> pd.Period | None:
    """A YYYY-MM-01 cell as a monthly period, or None when unreadable."""
    try:
        return pd.Period(pd.Timestamp(text), "M")
    except (ValueError, TypeError):
        return None


def cohort_problems(df: pd.DataFrame) -> list[Problem]:
    """A trough above its peak, a fate without its date, an acquisition without its price, a check that contradicts its fate."""
    name = f"{COHORT}.csv"
    out: list[Problem] = []
    for i, row in df.iterrows():
        peak, trough = _number(row.get("peak_usd_bn", "")), _number(row.get("trough_usd_bn", ""))
        if peak is not None and trough is not None and trough > peak:
            out.append(
                Problem(
                    name,
                    i + 2,
                    "trough_usd_bn",
                    f"trough {row['trough_usd_bn']} is above the peak {row['peak_usd_bn']}",
                )
            )
        fate = row.get("fate", "")
        if fate in FATES_WITH_DATE and not str(row.get("fate_date", "")).strip():
            out.append(Problem(name, i + 2, "fate_date", f"fate {fate!r} needs the date it happened"))
        value = _number(row.get("fate_usd_bn", ""))
        if fate in ("acquired", "below-peak", "above-peak") and value is None:
            what = "the value paid" if fate == "acquired" else "the market value at the check"
            out.append(Problem(name, i + 2, "fate_usd_bn", f"fate {fate!r} needs {what} (USD bn)"))
        known = peak is not None and value is not None
        if known and ((fate == "below-peak" and value > peak) or (fate == "above-peak" and value <= peak)):
            message = f"{fate!r} contradicts {row['fate_usd_bn']} against a peak of {row['peak_usd_bn']}"
            out.append(Problem(name, i + 2, "fate", message))
    return out


def dividend_problems(df: pd.DataFrame) -> list[Problem]:
    """A blank dividend, a month written other than as its first day, or a month missing from the sequence."""
    name = f"{SHILLER}.csv"
    out: list[Problem] = []
    previous: pd.Period | None = None
    for i, row in df.iterrows():
        if not str(row.get("dividend_usd", "")).strip():
            out.append(
                Problem(name, i + 2, "dividend_usd", "blank: the dividend series has a gap in this month")
            )
        text = str(row.get("month", ""))
        month = _month(text)
        if month is None:
            previous = None
            continue
        if not text.endswith("-01"):
            out.append(Problem(name, i + 2, "month", f"{text}: write the month as its first day"))
        if previous is not None and month != previous + 1:
            out.append(
                Problem(
                    name,
                    i + 2,
                    "month",
                    f"{month} follows {previous}: the dividend series has a gap or is out of order",
                )
            )
        previous = month
    return out


def check(tables: Mapping[str, pd.DataFrame], sources: Mapping[str, object]) -> list[Problem]:
    """Every dot-com rule on the tables that are present."""
    out: list[Problem] = []
    if COHORT in tables:
        out += cohort_problems(tables[COHORT])
    if SHILLER in tables:
        out += dividend_problems(tables[SHILLER])
    return out
