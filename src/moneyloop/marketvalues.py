"""Look up a company's listed market value in market_values.csv: on a day, latest, or peak."""

from __future__ import annotations

import pandas as pd


def caps(market_values: pd.DataFrame, company_id: str) -> pd.DataFrame:
    """The market-cap rows (not private valuations) of one company; KeyError if it has none."""
    rows = market_values[
        (market_values["company_id"] == company_id) & (market_values["kind"] == "market-cap")
    ]
    if rows.empty:
        raise KeyError(f"no market-cap rows for {company_id}")
    return rows


def on(
    market_values: pd.DataFrame, company_id: str, date: str | pd.Timestamp, price_basis: str | None = None
) -> pd.Series:
    """The one market-cap row of a company on a day (optionally with a given price basis)."""
    rows = caps(market_values, company_id)
    rows = rows[rows["date"] == pd.Timestamp(date)]
    if price_basis is not None:
        rows = rows[rows["price_basis"] == price_basis]
    if len(rows) != 1:
        raise KeyError(
            f"{len(rows)} market-cap rows for {company_id} on {date} ({price_basis or 'any basis'})"
        )
    return rows.iloc[0]


def latest(market_values: pd.DataFrame, company_id: str) -> pd.Series:
    """The most recent market-cap row of a company (the larger value on a tie)."""
    return caps(market_values, company_id).sort_values(["date", "market_value_usd_bn"]).iloc[-1]


def peak(market_values: pd.DataFrame, company_id: str) -> pd.Series:
    """The highest market-cap row recorded for a company (the first date on a tie)."""
    return (
        caps(market_values, company_id)
        .sort_values(["market_value_usd_bn", "date"], ascending=[False, True])
        .iloc[0]
    )


QUARTER_DAYS = 92


def recent_range(market_values: pd.DataFrame, company_id: str, days: int = QUARTER_DAYS) -> pd.DataFrame:
    """The market-cap rows in the last `days` days up to the company's latest row, lowest value first.

    Used with `latest` so that a 'now' value is shown with the range it moved in over the last quarter of data.
    """
    rows = caps(market_values, company_id)
    end = rows["date"].max()
    window = rows[rows["date"] >= end - pd.Timedelta(days=days)]
    return window.sort_values(["market_value_usd_bn", "date"])
