"""Where each row of the July 2026 update sheet went: resolving its data references and summarising it."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from . import bib

SECTIONS = ("deals", "figures", "status-checks")


def split_refs(cell: object) -> list[tuple[str, tuple[str, ...]]]:
    """'table:a/b;table2:c' as [(table, (a, b)), (table2, (c,))]."""
    if not isinstance(cell, str) or not cell.strip():
        return []
    out = []
    for ref in cell.split(";"):
        table, _, key = ref.partition(":")
        out.append((table.strip(), tuple(part.strip() for part in key.split("/"))))
    return out


def unresolved(cell: object, tables: Mapping[str, pd.DataFrame], keys: Mapping[str, list[str]]) -> list[str]:
    """Messages for each reference in a cell that names no table, too long a key, or no row."""
    problems = []
    for table, parts in split_refs(cell):
        ref = f"{table}:{'/'.join(parts)}"
        if table not in tables:
            problems.append(f"{ref}: no table {table!r} in the package")
            continue
        pk = keys.get(table, [])
        if len(parts) > len(pk):
            problems.append(f"{ref}: {table} has a key of {len(pk)} part(s) ({', '.join(pk)})")
            continue
        df = tables[table]
        hit = pd.Series(True, index=df.index)
        for col, value in zip(pk, parts):
            hit &= df[col].astype(str) == value
        if not hit.any():
            problems.append(
                f"{ref}: no row of {table}.csv has {', '.join(f'{c}={v!r}' for c, v in zip(pk, parts))}"
            )
    return problems


def consistency(row: Mapping[str, str], sources: Mapping[str, bib.Source]) -> list[tuple[str, str]]:
    """(field, message) for an item whose outcome, references, reason and source grades disagree."""
    out = []
    included = row["outcome"] == "in-data"
    if included and not row["data_refs"]:
        out.append(("data_refs", "an in-data item must name the rows that hold it"))
    if not included and row["data_refs"]:
        out.append(("data_refs", "an excluded item cannot name data rows"))
    if included and row["reason"]:
        out.append(("reason", "only excluded items have a reason"))
    if not included and not row["reason"]:
        out.append(("reason", "an excluded item needs a reason"))
    if not included and not row["note"]:
        out.append(("note", "an excluded item needs a note saying why"))
    keys = [k for k in bib.split_keys(row["sources"]) if k in sources]
    all_low = bool(keys) and all(sources[k].grade == "L" for k in keys)
    if row["reason"] == "low-grade-only" and not all_low:
        out.append(("reason", "low-grade-only, but a source graded above L is cited"))
    return out


def sheet_rows(coverage: pd.DataFrame) -> pd.DataFrame:
    """One line per sheet row: in data fully, partly (some items left out) or not at all."""
    g = coverage.groupby(["section", "sheet_row"], sort=False)["outcome"]
    status = g.agg(
        lambda s: "fully" if (s == "in-data").all() else "partly" if (s == "in-data").any() else "not at all"
    )
    return status.rename("in_data").reset_index()


def counts(coverage: pd.DataFrame) -> dict[str, int]:
    """Sheet rows by section and by how much of each is in the data, and excluded items by reason."""
    rows = sheet_rows(coverage)
    out = {f"rows-{s}": int((rows["section"] == s).sum()) for s in SECTIONS}
    out["rows"] = len(rows)
    for level in ("fully", "partly", "not at all"):
        out[f"rows-{level.replace(' ', '-')}"] = int((rows["in_data"] == level).sum())
    out["items"] = len(coverage)
    out["items-excluded"] = int((coverage["outcome"] == "excluded").sum())
    for reason, n in coverage["reason"].dropna().value_counts().items():
        out[f"reason-{reason}"] = int(n)
    return out


def excluded_view(coverage: pd.DataFrame, sources: Mapping[str, bib.Source]) -> pd.DataFrame:
    """The excluded items as a reader's table: sheet row, what, reason, why, graded sources."""
    ex = coverage[coverage["outcome"] == "excluded"]
    return pd.DataFrame(
        {
            "Sheet row": ex["sheet_row"],
            "What the sheet reports": ex["item"],
            "Reason": ex["reason"],
            "Why": ex["note"],
            "Sources": ex["sources"].map(lambda c: bib.source_names(c, sources)),
        }
    ).reset_index(drop=True)
