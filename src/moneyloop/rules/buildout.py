"""Build-out rules: fiscal years that map to calendar years, signs and bases of cash flows, identities that must hold."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from moneyloop.problem import Problem

CASHFLOWS = "cashflows.csv"
SIGNED = ("net-debt-issued", "free-cash-flow")
TOLERANCE_USD_BN = 0.15  # sources rounding to one decimal


def _number(text: str) -> float | None:
    """A cell as a number, or None when blank or unreadable (the schema check reports those)."""
    try:
        return float(text) if str(text).strip() else None
    except ValueError:
        return None


def _date(text: str) -> pd.Timestamp | None:
    """A cell as a date, or None when blank or unreadable."""
    try:
        return pd.Timestamp(text) if str(text).strip() else None
    except ValueError:
        return None


def _fiscal_problems(i: int, row: Mapping[str, str]) -> list[Problem]:
    """The fiscal year must run about twelve months and carry the label of the year it ends in."""
    from moneyloop.cashflow import calendar_year

    start, end = _date(row.get("fiscal_year_start", "")), _date(row.get("fiscal_year_end", ""))
    if start is None or end is None:
        return []
    try:
        calendar_year(start, end)
    except ValueError as exc:
        return [Problem(CASHFLOWS, i + 2, "fiscal_year_end", f"no calendar year can be assigned: {exc}")]
    label = re.search(r"([0-9]{4})$", str(row.get("fiscal_year", "")))
    if label and int(label.group(1)) != end.year:
        return [
            Problem(
                CASHFLOWS,
                i + 2,
                "fiscal_year",
                f"{row['fiscal_year']} ends on {end.date()}; a fiscal year is labelled by the year it ends in",
            )
        ]
    return []


def _sign_problems(i: int, row: Mapping[str, str]) -> list[Problem]:
    """Outflows are stored as positive amounts; only net debt issued and free cash flow may be negative."""
    value = _number(row.get("value_usd_bn", ""))
    item = row.get("item", "")
    if value is not None and value < 0 and item not in SIGNED:
        return [
            Problem(
                CASHFLOWS,
                i + 2,
                "value_usd_bn",
                f"{item} is {value:g}; only {' and '.join(SIGNED)} may be negative (outflows are stored as positive)",
            )
        ]
    return []


def _identity_problems(cf: pd.DataFrame) -> list[Problem]:
    """Free cash flow equals operating cash flow less capex, capex with leases is at least cash capex,
    and no two fiscal years of a company fall in one calendar year."""
    from moneyloop.cashflow import calendar_year

    out: list[Problem] = []
    rows: dict[tuple[str, str], dict[str, tuple[int, float]]] = {}
    years: dict[tuple[str, int], tuple[int, str]] = {}
    for i, r in cf.iterrows():
        value = _number(r.get("value_usd_bn", ""))
        if value is not None:
            rows.setdefault((r["company_id"], r["fiscal_year"]), {})[r["item"]] = (i + 2, value)
        start, end = _date(r.get("fiscal_year_start", "")), _date(r.get("fiscal_year_end", ""))
        try:
            year = calendar_year(start, end) if start is not None and end is not None else None
        except ValueError:
            year = None
        if year is None:
            continue
        seen = years.setdefault((r["company_id"], year), (i + 2, r["fiscal_year"]))
        if seen[1] != r["fiscal_year"]:
            msg = f"{r['fiscal_year']} and {seen[1]} (row {seen[0]}) both fall in calendar year {year}"
            out.append(Problem(CASHFLOWS, i + 2, "fiscal_year", msg))
    for (company, fy), items in rows.items():
        if {"operating-cash-flow", "capex-cash", "free-cash-flow"} <= items.keys():
            row, fcf = items["free-cash-flow"]
            implied = items["operating-cash-flow"][1] - items["capex-cash"][1]
            if abs(implied - fcf) > TOLERANCE_USD_BN:
                msg = f"{company} {fy}: free cash flow {fcf:g} but operating cash flow less capex is {implied:.3f}"
                out.append(Problem(CASHFLOWS, row, "value_usd_bn", msg))
        if {"capex-cash", "capex-incl-finance-leases"} <= items.keys():
            row, incl = items["capex-incl-finance-leases"]
            if incl + TOLERANCE_USD_BN < items["capex-cash"][1]:
                msg = f"{company} {fy}: capex with finance leases ({incl:g}) is below cash capex ({items['capex-cash'][1]:g})"
                out.append(Problem(CASHFLOWS, row, "value_usd_bn", msg))
    return out


def _funding_problems(funding: pd.DataFrame) -> list[Problem]:
    """Each split of the funding-mix total (uses, sources) adds up to its parent."""
    out: list[Problem] = []
    amounts = {r["component_id"]: _number(r["amount_usd_bn"]) for _, r in funding.iterrows()}
    rows = {r["component_id"]: i + 2 for i, r in funding.iterrows()}
    parts: dict[tuple[str, str], float] = {}
    for _, r in funding.iterrows():
        value = _number(r["amount_usd_bn"])
        if r["parent_id"] and value is not None:
            parts[(r["parent_id"], r["split"])] = parts.get((r["parent_id"], r["split"]), 0.0) + value
    for (parent, split), total in sorted(parts.items()):
        want = amounts.get(parent)
        if want is not None and abs(want - total) > 1e-6:
            msg = f"the {split} parts of {parent} add up to {total:g}, not {want:g}"
            out.append(Problem("funding_mix.csv", rows.get(parent, 0), "amount_usd_bn", msg))
    return out


def _capacity_problems(deals: pd.DataFrame, basis: pd.DataFrame) -> list[Problem]:
    """Every deal row that states gigawatts has a row in capacity_basis.csv saying what kind of gigawatts."""
    known = set(basis["deal_id"]) if "deal_id" in basis else set()
    out = []
    for i, r in deals.iterrows():
        gw = _number(r.get("capacity_gw", ""))
        if gw and gw > 0 and r["deal_id"] not in known:
            msg = f"{r['deal_id']} states {gw:g} GW but capacity_basis.csv gives no tenant or power basis for it"
            out.append(Problem("deals.csv", i + 2, "capacity_gw", msg))
    return out


RUN_RATE_MAX_DAYS = 92  # a run-rate annualises a month or a quarter, never a longer period


def _lab_problems(labs: pd.DataFrame) -> list[Problem]:
    """A lab figure's period runs forwards; a balance is on one day; a run-rate annualises at most a quarter."""
    out: list[Problem] = []
    for i, r in labs.iterrows():
        start, end = _date(r.get("period_start", "")), _date(r.get("period_end", ""))
        if start is None or end is None:
            continue
        item, days = r.get("item", ""), (end - start).days
        if days < 0:
            out.append(
                Problem("lab_finances.csv", i + 2, "period_end", f"ends ({end.date()}) before it starts")
            )
        elif item == "cash" and days:
            msg = f"cash is a balance on one day, but the period runs {start.date()} to {end.date()}"
            out.append(Problem("lab_finances.csv", i + 2, "period_end", msg))
        elif item == "annualised-revenue" and days > RUN_RATE_MAX_DAYS:
            msg = f"a run-rate annualises a month or a quarter, not {days + 1} days; store a longer period as revenue"
            out.append(Problem("lab_finances.csv", i + 2, "period_end", msg))
    return out


def _spread_problems(spreads: pd.DataFrame) -> list[Problem]:
    """A reading known only to the month is dated the first of that month."""
    out: list[Problem] = []
    for i, r in spreads.iterrows():
        d = _date(r.get("date", ""))
        if d is not None and r.get("date_precision") == "month" and d.day != 1:
            msg = f"{d.date()} has month precision, so it must be the first of the month ({d.replace(day=1).date()})"
            out.append(Problem("credit_spreads.csv", i + 2, "date", msg))
    return out


def _statement_problems(statements: pd.DataFrame) -> list[Problem]:
    """A goal names the year it is for; capacity already secured does not."""
    out: list[Problem] = []
    for i, r in statements.iterrows():
        has_year = bool(str(r.get("by_year", "")).strip())
        if r.get("scope") == "goal" and not has_year:
            out.append(
                Problem("capacity_statements.csv", i + 2, "by_year", "a goal needs the year it is for")
            )
        elif r.get("scope") == "secured" and has_year:
            msg = "capacity already secured has no target year; record an aim as scope goal"
            out.append(Problem("capacity_statements.csv", i + 2, "by_year", msg))
    return out


def _study_problems(studies: pd.DataFrame) -> list[Problem]:
    """A study has one horizon year: every row of a study gives the same horizon_year (or none)."""
    out: list[Problem] = []
    first: dict[str, str] = {}
    for i, r in studies.iterrows():
        study, year = str(r.get("study_id", "")), str(r.get("horizon_year", "")).strip()
        seen = first.setdefault(study, year)
        if year != seen:
            msg = f"{study} has horizon_year {seen or 'empty'} on an earlier row; a study has one horizon"
            out.append(Problem("revenue_gap_studies.csv", i + 2, "horizon_year", msg))
    return out


def check(tables: Mapping[str, pd.DataFrame], sources: Mapping[str, object]) -> list[Problem]:
    """Every build-out rule on the raw tables."""
    out: list[Problem] = []
    cf = tables.get("cashflows")
    if cf is not None and not cf.empty:
        for i, row in cf.iterrows():
            out += _fiscal_problems(i, row)
            out += _sign_problems(i, row)
        out += _identity_problems(cf)
    funding = tables.get("funding_mix")
    if funding is not None and not funding.empty:
        out += _funding_problems(funding)
    rules = (
        ("lab_finances", _lab_problems),
        ("credit_spreads", _spread_problems),
        ("capacity_statements", _statement_problems),
        ("revenue_gap_studies", _study_problems),
    )
    for name, rule in rules:
        table = tables.get(name)
        if table is not None and not table.empty:
            out += rule(table)
    deals, basis = tables.get("deals"), tables.get("capacity_basis")
    if deals is not None and basis is not None:
        out += _capacity_problems(deals, basis)
    return out
