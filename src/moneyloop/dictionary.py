"""The data dictionary: every table and field of datapackage.json, with units, rules and row counts."""

from __future__ import annotations

import pandas as pd


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
