"""Chapter roles: the claim, weight snapshot or market-value row a chapter section reads, chosen in the data."""

from __future__ import annotations

import pandas as pd


def key(roles: pd.DataFrame, role: str) -> str:
    """The key a role points at (a claim_id, a snapshot id, or company_id/date/price_basis)."""
    rows = roles[roles["role"] == role]
    if len(rows) != 1:
        raise KeyError(f"{len(rows)} rows for role {role!r} in chapter_roles")
    return str(rows.iloc[0]["key"])


def claim(roles: pd.DataFrame, claims: pd.DataFrame, role: str) -> pd.Series:
    """The ledger row of the claim a role names."""
    rows = claims[claims["claim_id"] == key(roles, role)]
    if len(rows) != 1:
        raise KeyError(f"role {role!r}: {len(rows)} claims")
    return rows.iloc[0]


def figure(roles: pd.DataFrame, context: pd.DataFrame, role: str) -> pd.Series:
    """The context figure a role names."""
    rows = context[context["figure_id"] == key(roles, role)]
    if len(rows) != 1:
        raise KeyError(f"role {role!r}: {len(rows)} context figures")
    return rows.iloc[0]


def snapshot(roles: pd.DataFrame, role: str) -> str:
    """The index_weights snapshot id a role names."""
    return key(roles, role)


def market_value(roles: pd.DataFrame, market_values: pd.DataFrame, role: str) -> pd.Series:
    """The market-value row a role names (company_id/date/price_basis)."""
    from moneyloop import marketvalues

    company, date, basis = key(roles, role).split("/")
    return marketvalues.on(market_values, company, date, basis)


def reading(concentration: pd.DataFrame, role: str) -> pd.Series:
    """The one concentration reading with a role, labelled like concentration.readings."""
    rows = readings(concentration, role)
    if len(rows) != 1:
        raise KeyError(f"{len(rows)} concentration readings with role {role!r}")
    return rows.iloc[0]


def readings(concentration: pd.DataFrame, role: str) -> pd.DataFrame:
    """Every concentration reading with a role, oldest first, labelled like concentration.readings."""
    from moneyloop.concentration import qualified_pct

    out = (
        concentration[concentration["role"] == role].sort_values(["date", "provider"]).reset_index(drop=True)
    )
    return out.assign(label=[qualified_pct(v, q) for v, q in zip(out["value_pct"], out["qualifier"])])
