"""Stress-test inputs: schedules that end before they start, recoveries outside 0–100%, negative buffers, unknown parties."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from moneyloop.problem import Problem

RECOVERY_PREFIX = "stress-recovery-"
"""Assumption ids that are recovery rates, stored in percent."""


BALANCES = {"cash": True, "undrawn-credit": True, "operating-cash-flow": False, "free-cash-flow": False}
"""outside_resources.csv resources that are balances (stock) rather than flows (per year or quarter)."""


def _num(value: str) -> float | None:
    """A cell as a number, or None when it is blank or not a number (the schema checks report those)."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _schedule_order(name: str, df: pd.DataFrame) -> list[Problem]:
    """A schedule's last year must not precede its first."""
    out = []
    if not {"first_year", "last_year"} <= set(df.columns):
        return out
    for i, (a, b) in enumerate(zip(df["first_year"], df["last_year"])):
        first, last = _num(a), _num(b)
        if first is not None and last is not None and last < first:
            out.append(Problem(f"{name}.csv", i + 2, "last_year", f"ends in {b}, before it starts in {a}"))
    return out


def _known(name: str, df: pd.DataFrame, col: str, known: set[str], what: str) -> list[Problem]:
    """Every id in `col` (';'-separated) must be one of `known`."""
    out = []
    if col not in df.columns or not known:
        return out
    for i, cell in enumerate(df[col]):
        for part in [p for p in str(cell).split(";") if p]:
            if part not in known:
                out.append(Problem(f"{name}.csv", i + 2, col, f"{part!r} is not a known {what}"))
    return out


def check(tables: Mapping[str, pd.DataFrame], sources: Mapping[str, object]) -> list[Problem]:
    """Every problem in the stress test's schedules, outside resources and recovery assumptions."""
    out: list[Problem] = []
    deal_ids = set(tables["deals"]["deal_id"]) if "deals" in tables else set()
    companies = set(tables["companies"]["company_id"]) if "companies" in tables else set()
    for name in ("commitment_schedules", "stress_schedules"):
        if name in tables:
            out += _schedule_order(name, tables[name])
            out += _known(name, tables[name], "deal_id", deal_ids, "deal_id in deals")
    if "stress_schedules" in tables:
        s = tables["stress_schedules"]
        out += _known("stress_schedules", s, "lease_covers", deal_ids, "deal_id in deals")
        out += _known("stress_schedules", s, "price_per_gw_from", deal_ids, "deal_id in deals")
    if "outside_resources" in tables:
        r = tables["outside_resources"]
        out += _known("outside_resources", r, "company_id", companies, "company_id in companies")
        for i, (res, per) in enumerate(zip(r["resource"].astype(str), r["per"].astype(str))):
            want = BALANCES.get(res)
            if want is not None and (per == "stock") != want:
                kind = (
                    "a balance, so per must be 'stock'"
                    if want
                    else "a flow, so per must be 'year' or 'quarter'"
                )
                out.append(Problem("outside_resources.csv", i + 2, "per", f"{res} is {kind}"))
        for col in ("value_low_usd_bn", "value_usd_bn", "value_high_usd_bn"):
            for i, v in enumerate(r[col]):
                x = _num(v)
                if x is not None and x < 0:
                    out.append(Problem("outside_resources.csv", i + 2, col, f"buffer {v} is negative"))
    if "assumptions" in tables:
        a = tables["assumptions"]
        for i, aid in enumerate(a["assumption_id"]):
            if not str(aid).startswith(RECOVERY_PREFIX):
                continue
            for col in ("value_low", "value", "value_high"):
                x = _num(a.at[i, col])
                if x is not None and not 0 <= x <= 100:
                    out.append(
                        Problem("assumptions.csv", i + 2, col, f"recovery {a.at[i, col]}% is outside 0-100%")
                    )
    return out
