"""Deal accounting rules: replacements resolve, financing layers resolve without cycles, nested amounts fit their parent."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from moneyloop.problem import Problem


def _amount(row: pd.Series) -> float | None:
    """A raw deal row's headline amount (stated, else top of range, else bottom), or None if it has none or is unreadable."""
    for col in ("amount_usd_bn", "amount_high_usd_bn", "amount_low_usd_bn"):
        try:
            if str(row.get(col, "")).strip():
                return float(row[col])
        except ValueError:
            return None
    return None


def _replacements(deals: pd.DataFrame) -> list[Problem]:
    """A superseded deal names its replacement, and the replacement exists and is not the deal itself."""
    ids = set(deals["deal_id"])
    out = []
    for i, r in deals.iterrows():
        by = str(r.get("superseded_by", "")).strip()
        if r.get("status") == "superseded" and not by:
            out.append(
                Problem("deals.csv", i + 2, "superseded_by", "a superseded deal must name its replacement")
            )
        elif by and by not in ids:
            out.append(Problem("deals.csv", i + 2, "superseded_by", f"replacement {by!r} is not a deal_id"))
        elif by and by == r["deal_id"]:
            out.append(Problem("deals.csv", i + 2, "superseded_by", "a deal cannot replace itself"))
    return out


def _layers(layers: pd.DataFrame, deals: pd.DataFrame) -> list[Problem]:
    """Each layer link resolves, is not circular, and an amount inside its parent does not exceed it."""
    rows = deals.set_index("deal_id") if "deal_id" in deals else pd.DataFrame()
    parent = dict(zip(layers["deal_id"], layers["parent_deal_id"]))
    out = []
    for i, r in layers.iterrows():
        d, p = r["deal_id"], r["parent_deal_id"]
        for field, x in (("deal_id", d), ("parent_deal_id", p)):
            if x and x not in rows.index:
                out.append(Problem("deal_layers.csv", i + 2, field, f"{x!r} is not a deal_id in deals.csv"))
        seen, q = {d}, p
        while q in parent and q not in seen:
            seen.add(q)
            q = parent[q]
        if q == d or p == d:
            out.append(
                Problem("deal_layers.csv", i + 2, "parent_deal_id", f"layer links from {d!r} form a cycle")
            )
            continue
        if r.get("relation") == "inside" and d in rows.index and p in rows.index:
            a, b = _amount(rows.loc[d]), _amount(rows.loc[p])
            if a is not None and b is not None and a > b:
                out.append(
                    Problem(
                        "deal_layers.csv",
                        i + 2,
                        "parent_deal_id",
                        f"{d!r} ({a:g} bn) sits inside {p!r} but is larger ({b:g} bn)",
                    )
                )
    return out


def _conditions(conditions: pd.DataFrame, deals: pd.DataFrame) -> list[Problem]:
    """Each conditional row names a deal that exists."""
    ids = set(deals["deal_id"])
    return [
        Problem("deal_conditions.csv", i + 2, "deal_id", f"{d!r} is not a deal_id in deals.csv")
        for i, d in enumerate(conditions["deal_id"])
        if d and d not in ids
    ]


def check(tables: Mapping[str, pd.DataFrame], sources: Mapping[str, object]) -> list[Problem]:
    """Every deal-accounting problem in the raw tables."""
    deals = tables.get("deals")
    if deals is None or "deal_id" not in deals:
        return []
    out = _replacements(deals)
    layers = tables.get("deal_layers")
    if layers is not None and {"deal_id", "parent_deal_id"} <= set(layers.columns):
        out += _layers(layers, deals)
    conditions = tables.get("deal_conditions")
    if conditions is not None and "deal_id" in conditions:
        out += _conditions(conditions, deals)
    return out
