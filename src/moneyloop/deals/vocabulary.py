"""Deal vocabulary: statuses, flow types, views, and the amount each view counts."""

from __future__ import annotations

import pandas as pd

BINDING = ("definitive", "funded")
"""Statuses whose amounts are contractual: signed (definitive) or paid (funded)."""


ENDED = ("terminated", "superseded")
"""Statuses of deals that no longer stand: called off, or replaced by another deal."""

LIFECYCLE = ("reported", "loi", "definitive", "funded", "superseded", "terminated")
"""Every deal status, in life-cycle order (datapackage.json's enum for deals.status)."""

STATUS_ORDER = LIFECYCLE[3::-1] + LIFECYCLE[4:]
"""The statuses firmest first, then the ended ones: the order of every legend and count."""


EXTERNAL_KINDS = ("investor", "sovereign-fund", "lender", "bond-investors")
"""Company kinds whose money comes from outside the loop: they fund it but sell it nothing."""


CAPITAL_FLOWS = ("equity-investment", "warrant", "debt", "leaseback", "chip-supply")
"""Flow types that put capital or financed assets into the payee: shares, loans, leased or supplier-financed chips."""


PAYMENT_FLOWS = ("compute-purchase", "chip-purchase", "capacity-commitment")
"""Flow types that are payments for goods or capacity over time: the edges a shortfall travels along."""


TRANSFER_FLOWS = ("acquisition",)
"""Flow types that move ownership of an existing business: money goes to the sellers, not into new capacity."""

TRANSFER_REASONS = ("all-stock", "secondary-sale")
"""flow_exclusions.csv reasons that make a row a transfer: a share swap, or shares resold by their holders."""

VIEWS = {
    "announced": "every deal as announced, including those later superseded or terminated (headline amounts)",
    "headline": "deals still standing, including letters of intent and unconfirmed reports (headline amounts)",
    "binding": "definitive or funded deals only, at their firm amount (the low end where a range is given), without conditional tranches",
}


FLOW_LABELS = {
    "compute-purchase": "cloud or compute purchase",
    "chip-purchase": "chip purchase",
    "capacity-commitment": "capacity or lease commitment",
    "equity-investment": "equity investment",
    "debt": "loan or bond",
    "warrant": "warrant (shares for purchases)",
    "leaseback": "financed chips or campus, leased back",
    "chip-supply": "supplier-financed chips",
    "acquisition": "acquisition",
}
"""Readers' names for flow types, for axes, legends and tooltips."""

STATUS_LABELS = {
    "reported": "reported, unconfirmed",
    "loi": "letter of intent or plan",
    "definitive": "signed",
    "funded": "paid",
    "superseded": "replaced by a later deal",
    "terminated": "called off",
}
"""Readers' names for deal statuses."""

KIND_LABELS = {
    "ai-lab": "AI lab",
    "hyperscaler": "hyperscaler",
    "cloud": "cloud provider",
    "neocloud": "GPU cloud (neocloud)",
    "chipmaker": "chipmaker",
    "data-centre-operator": "data-centre operator",
    "vehicle": "financing vehicle",
    "investor": "investor",
    "sovereign-fund": "sovereign fund",
    "lender": "bank or lender",
    "bond-investors": "bond buyers",
    "other": "other",
}
"""Readers' names for company kinds."""

VIEW_LABELS = {
    "announced": "as announced, replaced deals included",
    "headline": "headline (standing deals)",
    "binding": "binding (signed or paid)",
}
"""Readers' names for the three views, in legends."""


def label(mapping: dict[str, str], code: object) -> str:
    """A reader's name for a code, or the code itself if it has none."""
    return mapping.get(str(code), str(code))


UNIVERSE_MIN_USD_BN = 1.0
"""Smallest deal the universe rules call for (USD bn); smaller rows enter only as loop links, layers or tranches."""

DEFAULT_MAX_CYCLE = 4
"""Longest loop searched for: four parties. Longer loops exist in principle but no source describes one."""


def headline_amount(deals: pd.DataFrame) -> pd.Series:
    """The amount a headline would quote: the stated amount, else the top of the range, else its bottom (USD bn)."""
    return deals["amount_usd_bn"].fillna(deals["amount_high_usd_bn"]).fillna(deals["amount_low_usd_bn"])


def firm_amount(deals: pd.DataFrame) -> pd.Series:
    """The amount a binding deal commits for certain: the low end of a range if given, else the stated amount (USD bn)."""
    return deals["amount_low_usd_bn"].fillna(deals["amount_usd_bn"]).fillna(deals["amount_high_usd_bn"])


def is_binding(status: pd.Series) -> pd.Series:
    """True where a deal is definitive or funded."""
    return status.astype(str).isin(BINDING)


def standing(deals: pd.DataFrame) -> pd.Series:
    """True for deals still standing: the one rule that keeps a superseded or terminated deal out of every aggregate."""
    return ~deals["status"].astype(str).isin(ENDED)


def is_firm(deals: pd.DataFrame) -> pd.Series:
    """True for binding deals whose payment depends on nothing else (no IPO, milestone or backstop condition)."""
    cond = deals["condition"].notna() if "condition" in deals.columns else False
    return deals["status"].astype(str).isin(BINDING) & ~cond


def select(deals: pd.DataFrame, view: str = "headline") -> pd.DataFrame:
    """The deals in one view (see VIEWS), with the column `usd_bn` holding the amount that view counts."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; use one of {', '.join(VIEWS)}")
    if view == "announced":
        keep = pd.Series(True, index=deals.index)
        amount = headline_amount(deals)
    elif view == "headline":
        keep = standing(deals)
        amount = headline_amount(deals)
    else:
        keep = is_firm(deals)
        amount = firm_amount(deals)
    out = deals.loc[keep].copy()
    out["usd_bn"] = amount.loc[keep].astype(float)
    return out


def short_name(name: str) -> str:
    """A company's display name without its parenthetical ('OpenAI (OpenAI Group PBC)' → 'OpenAI')."""
    return str(name).split(" (")[0]


def exclusions(flow_exclusions: pd.DataFrame) -> frozenset[str]:
    """The deal ids whose amounts are not flows of money (flow_exclusions.csv)."""
    return frozenset(flow_exclusions["deal_id"])


def count_of(table: pd.DataFrame, column: str, value: str) -> int:
    """How many rows of a table have one value in one column."""
    return int((table[column].astype(str) == value).sum())
