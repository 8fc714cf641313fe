"""The data dictionary: every table and field of datapackage.json, with units, rules and row counts."""

from __future__ import annotations

import pandas as pd

from moneyloop import bib, fmt


def constraint_text(field: dict) -> str:
    """A field's constraints in words: required, unique, minimum, allowed values, pattern."""
    c = field.get("constraints", {})
    parts = []
    if c.get("required"):
        parts.append("required")
    if c.get("unique"):
        parts.append("unique")
    if "minimum" in c:
        parts.append(f"≥ {c['minimum']}")
    if "maximum" in c:
        parts.append(f"≤ {c['maximum']}")
    if "enum" in c:
        parts.append("one of: " + ", ".join(map(str, c["enum"])))
    if "pattern" in c:
        parts.append(f"pattern {c['pattern']}")
    if "maxLength" in c:
        parts.append(f"at most {c['maxLength']:,} characters")
    if field.get("forwardLooking"):
        parts.append("may lie after the as-of date")
    return "; ".join(parts)


def tables(descriptor: dict, rows: dict[str, int]) -> pd.DataFrame:
    """One line per table: name, file, rows, key, description."""
    return pd.DataFrame(
        [
            {
                "Table": r["name"],
                "File": r["path"],
                "Rows": rows.get(r["name"], 0),
                "Primary key": ", ".join(r["schema"].get("primaryKey", []))
                if isinstance(r["schema"].get("primaryKey"), list)
                else r["schema"].get("primaryKey", ""),
                "Description": r.get("description", ""),
            }
            for r in descriptor["resources"]
        ]
    )


def fields(resource: dict) -> pd.DataFrame:
    """One line per field of a table: name, type, description (with unit), constraints, references."""
    refs = {}
    for fk in resource["schema"].get("foreignKeys", []):
        target = fk["reference"]["resource"] or resource["name"]
        for a, b in zip(
            fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]],
            fk["reference"]["fields"]
            if isinstance(fk["reference"]["fields"], list)
            else [fk["reference"]["fields"]],
        ):
            refs[a] = f"{target}.{b}"
    return pd.DataFrame(
        [
            {
                "Field": f["name"],
                "Type": f.get("type", "string"),
                "Description": f.get("description", ""),
                "Constraints": constraint_text(f),
                "References": refs.get(f["name"], ""),
            }
            for f in resource["schema"]["fields"]
        ]
    )


def package_numbers(tables: dict[str, pd.DataFrame], sources: dict) -> dict[str, str]:
    """How many tables, rows and sources the package holds, for the dictionary's opening sentence."""
    return {
        "data-tables": fmt.count(len(tables)),
        "data-rows": fmt.count(sum(len(t) for t in tables.values())),
        "data-sources": fmt.count(len(sources)),
    }


def universe_numbers(deals: pd.DataFrame) -> dict[str, str]:
    """The deal universe's size floor, its first deal's month and how many deals still stand."""
    from moneyloop import deals as dl

    return {
        "data-universe-min": fmt.usd_bn(dl.UNIVERSE_MIN_USD_BN),
        "data-universe-first": fmt.month(deals["announced"].min()),
        "data-universe-standing": fmt.count(int(dl.standing(deals).sum())),
    }


QUALIFIERS = ("deal_layers", "deal_conditions", "stress_schedules", "outside_resources")
"""The tables that qualify deal rows (layers, conditions, stress-test terms, outside means)."""


def qualifier_numbers(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Row counts of the tables that qualify deal rows, and how many outside resources are undrawn credit."""
    from moneyloop import deals as dl

    out = {f"data-n-{name}": fmt.count(len(tables[name])) for name in QUALIFIERS}
    out["data-n-undrawn"] = fmt.count(dl.count_of(tables["outside_resources"], "resource", "undrawn-credit"))
    return out


def rows(tables: dict[str, pd.DataFrame]) -> dict[str, int]:
    """Rows per table."""
    return {name: len(t) for name, t in tables.items()}


def grades() -> pd.DataFrame:
    """The source grades and what each means."""
    return pd.DataFrame({"Grade": list(bib.GRADES), "Meaning": list(bib.GRADES.values())})


def paths(descriptor: dict) -> list[str]:
    """Every table's file, in the package's order."""
    return [r["path"] for r in descriptor["resources"]]


def field_tables(descriptor: dict, tables: dict[str, pd.DataFrame]) -> list[tuple[pd.DataFrame, str]]:
    """Each table's fields with a caption naming the table, its file and its rows."""
    return [
        (fields(r), f"{r['name']} ({r['path']}, {len(tables[r['name']])} rows)")
        for r in descriptor["resources"]
    ]
