"""Anchor facts: the only values of the shipped data that tests pin, each with where it comes from.

A test on shipped data reads it here, by a row's key, never as "the latest row" or "the largest value":
a routine update adds rows and later dates and leaves every anchor true, so it fails a test only where
a fact really changed. When a source corrects one, change its value here together with its source.
Logic is tested on small fixtures built in each test; these facts check only that the data say what the
sources say, and that the code reads the data it is pointed at.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from conftest import DATA
from moneyloop import datasets


@dataclass(frozen=True)
class Anchor:
    """One cell of a shipped table: its row's key, its field, its value and the source that states it."""

    table: str
    key: str
    field: str
    value: object
    source: str


ANCHORS: dict[str, Anchor] = {
    # facts-deal-loop.md §1: the WSJ reported a 300 bn, roughly five-year Oracle contract, not confirmed.
    "oracle-contract-usd-bn": Anchor("deals", "openai-oracle-300b", "amount_usd_bn", 300.0, "WSJ2025oracle"),
    "oracle-contract-payer": Anchor("deals", "openai-oracle-300b", "payer", "openai", "WSJ2025oracle"),
    "oracle-contract-payee": Anchor("deals", "openai-oracle-300b", "payee", "oracle", "WSJ2025oracle"),
    # NVIDIA's letter of intent: non-binding, "up to 100 bn", replaced by a 30 bn equity stake.
    "nvidia-loi-up-to-usd-bn": Anchor(
        "deals", "nvda-openai-loi", "amount_high_usd_bn", 100.0, "OpenAI2025gigawatts"
    ),
    "nvidia-loi-status": Anchor("deals", "nvda-openai-loi", "status", "superseded", "Reuters2026stalled"),
    "nvidia-loi-replaced-by": Anchor(
        "deals", "nvda-openai-loi", "superseded_by", "nvda-openai-30b", "AFP2026openai"
    ),
    "nvidia-stake-usd-bn": Anchor("deals", "nvda-openai-30b", "amount_usd_bn", 30.0, "AFP2026openai"),
    # AMD's release: 6 GW of GPUs for OpenAI, announced on 6 October 2025.
    "amd-openai-gw": Anchor("deals", "amd-openai-6gw", "capacity_gw", 6.0, "AMD2025gigawatts"),
    "amd-openai-announced": Anchor(
        "deals", "amd-openai-6gw", "announced", pd.Timestamp("2025-10-06"), "AMD2025gigawatts"
    ),
    # Shiller's CAPE: the dot-com record (December 1999) and the May 2026 monthly value (FRED's copy).
    "cape-1999-12": Anchor("valuation_multiples", "sp500-cape-1999-12", "value", 44.2, "Shiller2026data"),
    "cape-2026-05": Anchor("valuation_multiples", "sp500-cape-2026-05", "value", 39.58, "MacroRadar2026cape"),
    "cape-2026-05-date": Anchor(
        "valuation_multiples", "sp500-cape-2026-05", "date", pd.Timestamp("2026-05-01"), "MacroRadar2026cape"
    ),
    # facts-2026-update.md: OpenAI's draft S-1 is recorded on Amazon's listing-dependent tranche;
    # Anthropic's has no counterparty and no deal that depends on it, so it is left out.
    "openai-s1-outcome": Anchor("update_coverage", "openai-s1", "outcome", "in-data", "Krasa2026openai"),
    "anthropic-s1-outcome": Anchor(
        "update_coverage", "anthropic-s1", "outcome", "excluded", "NDTV2026anthropic"
    ),
    "anthropic-s1-reason": Anchor(
        "update_coverage", "anthropic-s1", "reason", "no-counterparty", "NDTV2026anthropic"
    ),
    # Oracle's FY2026 results and its financing plan for FY2027, announced on 10 June 2026: the latest fiscal
    # year the cash-flow tests read (Oracle's FY2026 ended on 31 May 2026).
    "oracle-fy2026-results": Anchor(
        "deals", "oracle-fy27-funding", "announced", pd.Timestamp("2026-06-10"), "Boursel2026oracle"
    ),
}

SHEET_ROWS = {"deals": 36, "figures": 56, "status-checks": 4}
"""Rows of the 2026 update sheet by section, counted by hand in facts-2026-update.md (update_coverage.csv)."""


def row(table: str, key: str) -> pd.Series:
    """One shipped row by its primary key (a single-field key)."""
    fields = datasets.fields(table, DATA)
    pk = next(r for r in datasets.descriptor(DATA)["resources"] if r["name"] == table)["schema"]["primaryKey"]
    pk = pk[0] if isinstance(pk, list) else pk
    assert any(f["name"] == pk for f in fields)
    df = datasets.load(table, DATA)
    return df.loc[df[pk] == key].squeeze(axis=0)


def shipped(name: str) -> object:
    """The shipped value of an anchor fact."""
    a = ANCHORS[name]
    return row(a.table, a.key)[a.field]


def up_to(tables: dict[str, pd.DataFrame], anchor: str) -> dict[str, pd.DataFrame]:
    """The tables cut to rows dated on or before an anchor's date: 'latest' then means the anchor's row."""
    when = ANCHORS[anchor].value
    out = {}
    for name, df in tables.items():
        col = next((c for c in ("date", "announced", "fiscal_year_end") if c in df.columns), None)
        out[name] = (
            df[df[col].isna() | (df[col] <= when)]
            if col and pd.api.types.is_datetime64_any_dtype(df[col])
            else df
        )
    return out
