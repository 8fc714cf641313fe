"""Dot-com rules: the 2000 cohort's peaks, troughs and fates, a monthly dividend series without gaps, telecom ranges,
and the chapter roles (dot-com and concentration) resolving to their rows."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from moneyloop.problem import Problem

COHORT = "dotcom_cohort"
SHILLER = "shiller_monthly"
TELECOM = "dotcom_telecom"
ROLES = "chapter_roles"
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
    """A trough above its peak, a fate without its date or value, a value that contradicts its fate, a fate before its peak."""
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
        below = fate == "below-peak" and known and value > peak
        above = known and ((fate == "above-peak" and value <= peak) or (fate == "regained" and value < peak))
        if below or above:
            message = f"{fate!r} contradicts {row['fate_usd_bn']} against a peak of {row['peak_usd_bn']}"
            out.append(Problem(name, i + 2, "fate", message))
        out += _date_problems(row, i + 2)
    return out


def _date_problems(row: pd.Series, line: int) -> list[Problem]:
    """A fate dated before its peak, or a month-precision peak not written as the first of its month."""
    name = f"{COHORT}.csv"
    out: list[Problem] = []
    peak, fate = _day(row.get("peak_date", "")), _day(row.get("fate_date", ""))
    if peak is not None and fate is not None and fate < peak:
        message = f"{row['fate_date']} is before the peak of {row['peak_date']}"
        out.append(Problem(name, line, "fate_date", message))
    if row.get("peak_date_precision", "") == "month" and peak is not None and peak.day != 1:
        message = f"{row['peak_date']}: a peak known only to the month is written as the first of the month"
        out.append(Problem(name, line, "peak_date", message))
    return out


def _day(text: str) -> pd.Timestamp | None:
    """A YYYY-MM-DD cell as a timestamp, or None when blank or unreadable."""
    if not str(text).strip():
        return None
    try:
        return pd.Timestamp(text)
    except (ValueError, TypeError):
        return None


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


def telecom_problems(df: pd.DataFrame) -> list[Problem]:
    """A range whose high end is below its low end, a span that starts after it ends, or a telecom part larger than all
    defaults of its year and scope."""
    name = f"{TELECOM}.csv"
    out: list[Problem] = []
    totals = {
        (str(r.get("year", "")), str(r.get("scope", ""))): _number(r.get("value_low_usd_bn", ""))
        for _, r in df.iterrows()
        if r.get("measure", "") == "rated-defaults"
    }
    for i, row in df.iterrows():
        low, high = _number(row.get("value_low_usd_bn", "")), _number(row.get("value_high_usd_bn", ""))
        if low is not None and high is not None and high < low:
            message = f"high end {row['value_high_usd_bn']} is below the low end {row['value_low_usd_bn']}"
            out.append(Problem(name, i + 2, "value_high_usd_bn", message))
        first, last = _number(row.get("first_year", "")), _number(row.get("year", ""))
        if first is not None and last is not None and first > last:
            message = f"first year {row['first_year']} is after the year {row['year']} the value runs to"
            out.append(Problem(name, i + 2, "first_year", message))
        total = totals.get((str(row.get("year", "")), str(row.get("scope", ""))))
        if (
            row.get("measure", "") == "telecom-defaults"
            and low is not None
            and total is not None
            and low > total
        ):
            message = f"telecom defaults {row['value_low_usd_bn']} exceed all defaults {total:g} of the same year and scope"
            out.append(Problem(name, i + 2, "value_low_usd_bn", message))
    return out


def _matches(tables: Mapping[str, pd.DataFrame], table: str, key: str) -> int | None:
    """How many rows of a table a role's key picks out, or None when that table is absent."""
    df = tables.get(table)
    if df is None:
        return None
    if table == "claims":
        return int((df.get("claim_id", pd.Series(dtype=str)) == key).sum())
    if table == "index_weights":
        return int((df.get("snapshot", pd.Series(dtype=str)) == key).sum())
    if table == "context_figures":
        return int((df.get("figure_id", pd.Series(dtype=str)) == key).sum())
    parts = key.split("/")
    if len(parts) != 3:
        return 0
    cols = ("company_id", "date", "price_basis")
    if not all(c in df.columns for c in cols):
        return None
    return int(
        ((df["company_id"] == parts[0]) & (df["date"] == parts[1]) & (df["price_basis"] == parts[2])).sum()
    )


def role_problems(tables: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """A chapter role whose key picks out no row (or, for a claim or market value, more than one)."""
    name = f"{ROLES}.csv"
    out: list[Problem] = []
    for i, row in tables[ROLES].iterrows():
        table, key = str(row.get("table", "")), str(row.get("key", ""))
        n = _matches(tables, table, key)
        if n is None:
            continue
        if n == 0:
            out.append(Problem(name, i + 2, "key", f"{key!r} matches no row of {table}.csv"))
        elif n > 1 and table != "index_weights":
            out.append(
                Problem(name, i + 2, "key", f"{key!r} matches {n} rows of {table}.csv; a role needs one")
            )
    return out


def check(tables: Mapping[str, pd.DataFrame], sources: Mapping[str, object]) -> list[Problem]:
    """Every dot-com rule on the tables that are present."""
    out: list[Problem] = []
    if ROLES in tables:
        out += role_problems(tables)
    if COHORT in tables:
        out += cohort_problems(tables[COHORT])
    if SHILLER in tables:
        out += dividend_problems(tables[SHILLER])
    if TELECOM in tables:
        out += telecom_problems(tables[TELECOM])
    return out
