"""Deal accounting: standing deals, financing layers, conditional tranches, and three aggregates never added together."""

from __future__ import annotations

import numpy as np
import pandas as pd

from moneyloop.deals.vocabulary import (
    BINDING,
    CAPITAL_FLOWS,
    PAYMENT_FLOWS,
    TRANSFER_FLOWS,
    TRANSFER_REASONS,
    firm_amount,
    select,
    standing,
)

AGGREGATES = {
    "capital": "capital raised: equity, debt and financed assets, one-off amounts (USD bn)",
    "commitments": "purchase commitments: multi-year contract totals (USD bn), and their annual rate (USD bn a year)",
    "transfers": "transfers: acquisitions, secondary share sales and share swaps, which move ownership, not new money (USD bn)",
    "credit_support": "credit support: backstops and guarantees, payable only if something else fails (USD bn)",
}
"""The aggregates the report keeps apart, each with its unit; none is ever added to another."""

CREDIT_CONDITIONS = ("backstop",)
"""deal_conditions.csv conditions that make a row credit support: it pays only if the counterparty cannot."""

LAYER_COLUMNS = ("parent_deal_id", "layer_relation", "condition", "not_flow_reason")


def annotate(
    deals: pd.DataFrame,
    layers: pd.DataFrame | None = None,
    conditions: pd.DataFrame | None = None,
    flow_exclusions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Deals with their financing-layer parent, condition and not-a-flow reason attached, so every view reads one table."""
    out = deals.drop(columns=[c for c in LAYER_COLUMNS if c in deals.columns]).copy()
    empty = pd.Series(np.nan, index=out.index, dtype=object)
    for col, table, key, value in (
        ("parent_deal_id", layers, "deal_id", "parent_deal_id"),
        ("layer_relation", layers, "deal_id", "relation"),
        ("condition", conditions, "deal_id", "condition"),
        ("not_flow_reason", flow_exclusions, "deal_id", "reason"),
    ):
        if table is None or table.empty:
            out[col] = empty
        else:
            m = dict(zip(table[key], table[value].astype(str)))
            out[col] = out["deal_id"].map(m).astype(object)
    return out


def is_conditional(deals: pd.DataFrame) -> pd.Series:
    """True where a deal's payment depends on a future event (an IPO, a milestone) or on a failure (a backstop)."""
    if "condition" not in deals.columns:
        return pd.Series(False, index=deals.index)
    return deals["condition"].notna()


def nested(rows: pd.DataFrame) -> frozenset[str]:
    """Deal ids left out of sums because their money sits inside, funds, or is the same as another counted row.

    A row is nested when its layer parent, or the parent's parent, is among `rows` with an amount in the
    `usd_bn` column (see vocabulary.select): the parent is counted and the layer below it is not. A parent
    without a disclosed amount in this view does not hide its layers, so no money drops out unseen.
    """
    if "parent_deal_id" not in rows.columns:
        return frozenset()
    parent = {d: p for d, p in zip(rows["deal_id"], rows["parent_deal_id"]) if isinstance(p, str)}
    has_amount = set(rows.loc[rows["usd_bn"].notna(), "deal_id"]) if "usd_bn" in rows else set()
    out = set()
    for d in parent:
        p, seen = parent.get(d), {d}
        while p is not None and p not in seen:
            if p in has_amount:
                out.add(d)
                break
            seen.add(p)
            p = parent.get(p)
    return frozenset(out)


def not_flows(rows: pd.DataFrame, exclude: frozenset[str] | set[str] = frozenset()) -> frozenset[str]:
    """Deal ids whose amount is no flow of money into the payee: a stake's value, a swap, a resale, a derived figure."""
    ids = set(exclude)
    if "not_flow_reason" in rows.columns:
        ids |= set(rows.loc[rows["not_flow_reason"].notna(), "deal_id"])
    return frozenset(ids)


def counted(deals: pd.DataFrame, view: str, exclude: frozenset[str] | set[str] = frozenset()) -> pd.DataFrame:
    """The rows of one view whose amounts enter a sum: standing (per view), a money flow, and not a nested layer."""
    rows = select(deals, view)
    drop = nested(rows) | not_flows(rows, exclude)
    return rows[~rows["deal_id"].isin(drop)]


def _term_years(rows: pd.DataFrame, schedules: pd.DataFrame | None) -> pd.DataFrame:
    """First and last calendar year of each contract: its schedule if recorded, else the start year plus its term."""
    start = pd.to_datetime(rows["service_start"]) if "service_start" in rows else rows["announced"]
    first = start.fillna(rows["announced"]).dt.year.astype(float)
    term = rows["term_years"].astype(float)
    out = pd.DataFrame(
        {"deal_id": rows["deal_id"], "first_year": first, "last_year": first + np.ceil(term) - 1}
    )
    if schedules is not None and not schedules.empty:
        s = schedules.set_index("deal_id")
        has = out["deal_id"].isin(s.index)
        out.loc[has, "first_year"] = s.loc[out.loc[has, "deal_id"], "first_year"].astype(float).to_numpy()
        out.loc[has, "last_year"] = s.loc[out.loc[has, "deal_id"], "last_year"].astype(float).to_numpy()
    out["years"] = out["last_year"] - out["first_year"] + 1
    return out


def commitment_rates(
    deals: pd.DataFrame,
    view: str = "headline",
    schedules: pd.DataFrame | None = None,
    exclude: frozenset[str] | set[str] = frozenset(),
) -> pd.DataFrame:
    """Each counted purchase commitment: contract total, first and last year, and annual rate (NaN where no term is known)."""
    rows = counted(deals, view, exclude)
    credit = rows["condition"].astype(str).isin(CREDIT_CONDITIONS) if "condition" in rows else False
    rows = rows[rows["flow_type"].astype(str).isin(PAYMENT_FLOWS) & ~credit]
    rows = rows[rows["usd_bn"].notna()]
    terms = _term_years(rows, schedules)
    out = rows[["deal_id", "payer", "payee", "usd_bn"]].reset_index(drop=True)
    out = out.merge(terms, on="deal_id", how="left")
    out["annual_usd_bn"] = out["usd_bn"] / out["years"]
    return out


def aggregates(
    deals: pd.DataFrame,
    view: str = "headline",
    schedules: pd.DataFrame | None = None,
    exclude: frozenset[str] | set[str] = frozenset(),
) -> dict[str, float]:
    """Capital, commitments (total and annual rate), transfers and credit support of one view, in USD bn."""
    rows = counted(deals, view, exclude)
    flow = rows["flow_type"].astype(str)
    capital = rows[flow.isin(CAPITAL_FLOWS)]
    rates = commitment_rates(deals, view, schedules, exclude)
    tr = transfers(deals, view)
    with_term = rates["annual_usd_bn"].notna()
    return {
        "capital_usd_bn": float(capital["usd_bn"].sum()),
        "capital_deals": int(capital["usd_bn"].notna().sum()),
        "commitments_usd_bn": float(rates["usd_bn"].sum()),
        "commitments_deals": len(rates),
        "commitments_with_term_usd_bn": float(rates.loc[with_term, "usd_bn"].sum()),
        "commitments_annual_usd_bn": float(rates.loc[with_term, "annual_usd_bn"].sum()),
        "commitments_with_term": int(with_term.sum()),
        "transfers_usd_bn": float(tr["usd_bn"].sum()),
        "transfers_deals": int(tr["usd_bn"].notna().sum()),
        "credit_support_usd_bn": float(credit_support(deals, view)["usd_bn"].sum()),
    }


def transfers(deals: pd.DataFrame, view: str = "headline") -> pd.DataFrame:
    """The transfers of one view: acquisitions, and share swaps and staff share sales listed in flow_exclusions.csv."""
    every = select(deals, view)
    reason = every["not_flow_reason"] if "not_flow_reason" in every else pd.Series(np.nan, index=every.index)
    other = reason.notna() & ~reason.isin(
        TRANSFER_REASONS
    )  # a stake's value or a derived figure is no transfer
    return every[
        (every["flow_type"].astype(str).isin(TRANSFER_FLOWS) | reason.isin(TRANSFER_REASONS)) & ~other
    ]


def credit_support(deals: pd.DataFrame, view: str = "headline") -> pd.DataFrame:
    """Backstops and guarantees of one view, at that view's amount: binding ones when the view is binding."""
    if "condition" not in deals.columns:
        return deals.iloc[0:0].assign(usd_bn=np.nan)
    base = select(deals, "headline" if view == "binding" else view)
    rows = base[base["condition"].astype(str).isin(CREDIT_CONDITIONS)].copy()
    if view == "binding":
        rows = rows[rows["status"].astype(str).isin(BINDING)]
        rows["usd_bn"] = firm_amount(rows)
    return rows


def aggregate_table(
    deals: pd.DataFrame,
    schedules: pd.DataFrame | None = None,
    exclude: frozenset[str] | set[str] = frozenset(),
) -> dict[str, dict[str, float]]:
    """The aggregates for the headline and the binding view, side by side."""
    return {v: aggregates(deals, v, schedules, exclude) for v in ("headline", "binding")}


def standing_ids(deals: pd.DataFrame) -> frozenset[str]:
    """The ids of the deals still standing (neither superseded nor terminated)."""
    return frozenset(deals.loc[standing(deals), "deal_id"])
