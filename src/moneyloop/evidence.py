"""What the evidence layer shows a reader: claims' values read from the data, and the figures that lack a
primary source."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from . import bib
from .rules import evidence as rules


def keys_of(descriptor: dict) -> dict[str, list[str]]:
    """Primary key columns of every resource in a data package descriptor."""
    return {r["name"]: r["schema"].get("primaryKey", []) for r in descriptor["resources"]}


def _text_tables(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Typed tables as text, so keys compare as they are written in references."""

    def text(df: pd.DataFrame) -> pd.DataFrame:
        out = df.copy()
        for col in out.columns:
            if pd.api.types.is_datetime64_any_dtype(out[col]):
                out[col] = out[col].dt.strftime("%Y-%m-%d")
        return out.astype(object).where(out.notna(), "").astype(str)

    return {name: text(df) for name, df in tables.items()}


def tied_values(
    claims: pd.DataFrame, tables: Mapping[str, pd.DataFrame], keys: Mapping[str, list[str]]
) -> pd.Series:
    """For each claim, the number its value_ref computes from the data: one cell, a sum of cells, or a
    number over a sum (NaN where it points nowhere)."""
    text = _text_tables(tables)
    refs = claims.get("value_ref", pd.Series("", index=claims.index)).fillna("")
    return pd.Series([rules.tied_value(r, text, keys) for r in refs], index=claims.index, dtype="float64")


def key_figures_view(
    key_figures: pd.DataFrame,
    tables: Mapping[str, pd.DataFrame],
    keys: Mapping[str, list[str]],
    sources: Mapping[str, bib.Source],
) -> pd.DataFrame:
    """Marked figures with no primary or wire source, as a reader sees them: row, why, status, sources, note."""
    text = _text_tables(tables)
    lacking = key_figures[key_figures["status"] != "primary"]

    def names(ref: str) -> str:
        row = rules.find_row(ref, text, keys)
        return "–" if row is None else bib.source_names(row["sources"], dict(sources))

    return pd.DataFrame(
        {
            "Row": lacking["ref"],
            "Used for": lacking["why"].map(
                {"key-finding": "key finding", "large-deal": "deal of 10 bn or more"}
            ),
            "Chapter": lacking["chapter"],
            "Status": lacking["status"].str.replace("-", " "),
            "Sources": lacking["ref"].map(names),
            "Note": lacking["note"].fillna(""),
        }
    ).reset_index(drop=True)


def primary_share(key_figures: pd.DataFrame) -> float:
    """Share of the rows behind key findings that rest on at least one P or W source."""
    kf = key_figures[key_figures["why"] == "key-finding"]
    return float((kf["status"] == "primary").mean()) if len(kf) else float("nan")


def cited_in(
    tables: Mapping[str, pd.DataFrame], keys: Mapping[str, list[str]], shown: int = 4
) -> dict[str, str]:
    """For each bibliography key, where the data cites it: 'deals.csv (a, b); claims.csv (C013)', at most
    `shown` row ids per table, so a reader of the References page can go back from a source to its rows."""
    found: dict[str, dict[str, list[str]]] = {}
    for name, df in tables.items():
        cols = [c for c in ("sources", "seeds") if c in df.columns]
        pk = [c for c in keys.get(name, []) if c in df.columns] or [df.columns[0]]
        for _, row in df.iterrows():
            rid = "/".join(str(row[c]) for c in pk)
            for col in cols:
                for k in bib.split_keys(row[col]):
                    ids = found.setdefault(k, {}).setdefault(f"{name}.csv", [])
                    if rid not in ids:
                        ids.append(rid)

    def line(per_table: dict[str, list[str]]) -> str:
        parts = []
        for table, ids in per_table.items():
            more = f" and {len(ids) - shown} more" if len(ids) > shown else ""
            parts.append(f"{table} ({', '.join(ids[:shown])}{more})")
        return "; ".join(parts)

    return {k: line(v) for k, v in found.items()}


def tables_named(claims: pd.DataFrame, key_figures: pd.DataFrame) -> list[str]:
    """The tables that claims' value_ref cells and key_figures' refs point to, so a page loads only those."""
    refs = claims.get("value_ref", pd.Series(dtype=str)).dropna()
    names = [t for r in refs for t in rules.tie_tables(str(r))]
    names += [str(r).split(":", 1)[0] for r in key_figures["ref"].dropna() if str(r).strip()]
    return sorted(set(names))
