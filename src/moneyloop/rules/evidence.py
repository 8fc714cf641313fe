"""Evidence rules: large deals and key figures rest on primary or wire sources, claims agree with the rows
they point to, and every bibliography entry is dated, locatable on its publisher's host and graded once."""

from __future__ import annotations

import ipaddress
import re
from collections import defaultdict
from collections.abc import Mapping
from urllib.parse import urlparse

import pandas as pd

from moneyloop import bib, coverage
from moneyloop.problem import Problem

LARGE_DEAL_USD_BN = 10.0  # a deal this large must rest on a P or W source, or be marked in key_figures.csv
STATUSES = ("primary", "no-primary-found", "not-yet-resourced")
CONFIRM_TOLERANCE = (
    0.10  # 'confirmed' allows the seed to differ from the verified value by rounding, up to 10%
)
TIE_TOLERANCE = 1e-6  # a claim's typed verified value must equal the row it points to
_BAD_HOST = re.compile(
    r"(^|[.-])(staging|stage|test|testing|dev|preview)[.-]|^localhost$|^archive\.(ph|is|today|org)$|"
    r"^web\.archive\.org$|webcache|^translate\.goog|\.translate\.goog$"
)
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_UNSTATED = re.compile(r"not stated|unknown|unstated", re.IGNORECASE)


def has_primary(cell: object, sources: Mapping[str, bib.Source]) -> bool:
    """Whether a sources cell names at least one P or W source (unknown keys count for nothing)."""
    return any(k in sources and sources[k].grade in bib.PRIMARY_GRADES for k in bib.split_keys(cell))


def _keys(tables: Mapping[str, pd.DataFrame]) -> dict[str, list[str]]:
    """Primary keys of the shipped package's tables; a table the descriptor lacks is keyed by its first column."""
    from moneyloop import datasets

    try:
        desc = datasets.descriptor(datasets.find_data_dir())
        keys = {r["name"]: r["schema"].get("primaryKey", []) for r in desc["resources"]}
    except (OSError, ValueError, KeyError):
        keys = {}
    return {name: keys.get(name) or [df.columns[0]] for name, df in tables.items() if len(df.columns)}


def find_row(ref: str, tables: Mapping[str, pd.DataFrame], keys: Mapping[str, list[str]]) -> pd.Series | None:
    """The one row a 'table:key/parts' reference names, or None."""
    refs = coverage.split_refs(ref)
    if len(refs) != 1 or coverage.unresolved(ref, tables, keys):
        return None
    table, parts = refs[0]
    df = tables[table]
    hit = pd.Series(True, index=df.index)
    for col, value in zip(keys[table], parts):
        hit &= df[col].astype(str) == value
    rows = df[hit]
    return rows.iloc[0] if len(rows) else None


def split_value_ref(cell: str) -> tuple[str, str]:
    """'deals:oracle-openai:amount_usd_bn' as ('deals:oracle-openai', 'amount_usd_bn')."""
    row, _, field = cell.strip().rpartition(":")
    return row, field


def tied_value(
    cell: object, tables: Mapping[str, pd.DataFrame], keys: Mapping[str, list[str]]
) -> float | None:
    """The number a claim's value_ref points to, or None if it names no readable number."""
    if not isinstance(cell, str) or not cell.strip():
        return None
    ref, field = split_value_ref(cell)
    row = find_row(ref, tables, keys)
    if row is None or field not in row.index:
        return None
    value = pd.to_numeric(pd.Series([row[field]]), errors="coerce").iloc[0]
    return None if pd.isna(value) else float(value)


def _num(text: object) -> float | None:
    value = pd.to_numeric(pd.Series([text]), errors="coerce").iloc[0]
    return None if pd.isna(value) else float(value)


def marked(key_figures: pd.DataFrame | None) -> dict[str, str]:
    """Reference -> status for every row of key_figures.csv."""
    if key_figures is None or not len(key_figures):
        return {}
    return dict(zip(key_figures["ref"].str.strip(), key_figures["status"].str.strip()))


def deal_problems(
    deals: pd.DataFrame, sources: Mapping[str, bib.Source], marks: Mapping[str, str]
) -> list[Problem]:
    """A deal of LARGE_DEAL_USD_BN or more rests on a P or W source, or is marked as lacking one."""
    out = []
    for i, row in deals.iterrows():
        amounts = [
            a for a in (_num(row.get("amount_usd_bn")), _num(row.get("amount_high_usd_bn"))) if a is not None
        ]
        if not amounts or max(amounts) < LARGE_DEAL_USD_BN or has_primary(row.get("sources"), sources):
            continue
        if marks.get(f"deals:{row['deal_id']}", "primary") != "primary":
            continue
        out.append(
            Problem(
                "deals.csv",
                i + 2,
                "sources",
                f"a deal of {max(amounts):g} bn rests on no P or W source; add one, or mark "
                f"deals:{row['deal_id']} in key_figures.csv as no-primary-found",
            )
        )
    return out


def key_figure_problems(
    key_figures: pd.DataFrame,
    tables: Mapping[str, pd.DataFrame],
    keys: Mapping[str, list[str]],
    sources: Mapping[str, bib.Source],
) -> list[Problem]:
    """Each marked row exists, and its status says truly whether it rests on a P or W source."""
    out = []
    for i, row in key_figures.iterrows():
        where = ("key_figures.csv", i + 2)
        bad = coverage.unresolved(row["ref"], tables, keys)
        if bad:
            out += [Problem(*where, "ref", m) for m in bad]
            continue
        target = find_row(row["ref"], tables, keys)
        if target is None or "sources" not in target.index:
            out.append(Problem(*where, "ref", f"{row['ref']}: names no single row with a sources column"))
            continue
        primary = has_primary(target["sources"], sources)
        if primary and row["status"] != "primary":
            out.append(
                Problem(*where, "status", f"{row['ref']} now rests on a P or W source; set status to primary")
            )
        if not primary and row["status"] == "primary":
            out.append(
                Problem(*where, "status", f"{row['ref']} rests on no P or W source; re-source it or mark it")
            )
        if row["status"] != "primary" and not str(row.get("note", "")).strip():
            out.append(Problem(*where, "note", "say what was searched and why no primary source was used"))
    return out


def claim_problems(
    claims: pd.DataFrame, tables: Mapping[str, pd.DataFrame], keys: Mapping[str, list[str]]
) -> list[Problem]:
    """Claims tied to a data row agree with it; a 'confirmed' seed figure matches within rounding."""
    out = []
    for i, row in claims.iterrows():
        where = ("claims.csv", i + 2)
        ref = str(row.get("value_ref", "") or "").strip()
        if ref:
            row_ref, field = split_value_ref(ref)
            found = find_row(row_ref, tables, keys)
            if found is None:
                msgs = coverage.unresolved(row_ref, tables, keys) or [f"{row_ref}: names no row"]
                out += [Problem(*where, "value_ref", m) for m in msgs]
            elif field not in found.index:
                out.append(Problem(*where, "value_ref", f"{ref}: the table has no column {field!r}"))
            else:
                tied = tied_value(ref, tables, keys)
                typed = _num(row.get("verified_value"))
                if tied is None:
                    out.append(Problem(*where, "value_ref", f"{ref}: the cell holds no number"))
                elif typed is not None and abs(typed - tied) > TIE_TOLERANCE * max(1.0, abs(tied)):
                    out.append(
                        Problem(
                            *where,
                            "verified_value",
                            f"{typed:g} disagrees with {ref} = {tied:g}; update the claim",
                        )
                    )
        seed, verified = _num(row.get("seed_value")), _num(row.get("verified_value"))
        if row.get("verdict") == "confirmed" and seed is not None and verified:
            gap = abs(seed - verified) / abs(verified)
            if gap > CONFIRM_TOLERANCE:
                out.append(
                    Problem(
                        *where,
                        "verdict",
                        f"confirmed, but the seed's {seed:g} is {gap:.0%} from the verified {verified:g}; "
                        "use partly-true, misleading or differs",
                    )
                )
    return out


def _host(url: str) -> str:
    return (urlparse(url).hostname or "").lower()


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def bib_problems(sources: Mapping[str, bib.Source]) -> list[Problem]:
    """Each entry has a real date or an undated reason, a URL on its publisher's host or a nourl reason,
    a stated origin for data sets (graded by that origin), and one grade per outlet."""
    out = []

    def add(s: bib.Source, field: str, message: str) -> None:
        out.append(Problem("references.bib", s.line, field, f"entry {s.key} {message}"))

    for s in sources.values():
        if not s.date and not s.undated:
            add(s, "date", "has no date; give the publication date or an undated = {reason} field")
        elif s.date and not _DATE.match(s.date):
            add(
                s,
                "date",
                f"has date {s.date!r}; write YYYY-MM-DD, or YYYY-MM or YYYY when only that is known",
            )
        elif s.date.endswith("-01-01") and not s.undated:
            add(s, "date", f"has the placeholder date {s.date}; give the real day, or the year alone")
        if not s.url and not s.nourl:
            add(s, "url", "has no URL; give the publisher's address or a nourl = {reason} field")
        elif s.url:
            host = _host(s.url)
            if not host or _is_ip(host):
                add(s, "url", f"points at {host or s.url!r}, not a publisher's named host")
            elif _BAD_HOST.search(host):
                add(s, "url", f"points at {host}, a staging, test or archive host; use the publisher's own")
        if s.note.lower().startswith("data set") and not s.origin:
            add(s, "origin", "is a data set; name its original producer in an origin field")
        if s.origin and _UNSTATED.search(s.origin) and s.grade in bib.PRIMARY_GRADES:
            add(s, "grade", f"is graded {s.grade} although its origin is not stated; grade it S or L")
    by_outlet: dict[str, list[bib.Source]] = defaultdict(list)
    for s in sources.values():
        if s.outlet:
            by_outlet[s.outlet.strip().lower()].append(s)
    for group in by_outlet.values():
        grades = sorted({s.grade for s in group})
        if len(grades) > 1:
            for s in group:
                add(
                    s,
                    "grade",
                    f"is graded {s.grade}, but its outlet {s.outlet!r} is graded {'/'.join(grades)} elsewhere",
                )
    return out


def check(tables: Mapping[str, pd.DataFrame], sources: Mapping[str, bib.Source]) -> list[Problem]:
    """Every evidence problem in the package."""
    keys = _keys(tables)
    kf = tables.get("key_figures")
    out = bib_problems(sources)
    if kf is not None:
        out += key_figure_problems(kf, tables, keys, sources)
    if "deals" in tables:
        out += deal_problems(tables["deals"], sources, marked(kf))
    if "claims" in tables:
        out += claim_problems(tables["claims"], tables, keys)
    return out
