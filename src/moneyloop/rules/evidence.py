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
TIE_TOLERANCE = 1e-6  # a claim's typed verified value must equal the row it points to, to the digits typed
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


_LATEST = re.compile(r"^latest\((?P<company>[a-z0-9][a-z0-9.-]*)\)$")


def split_tie(cell: str) -> tuple[list[str], list[str]]:
    """'a + b' as ([a, b], []); 'n / (a + b)' as ([n], [a, b]): the terms summed above and below the line."""

    def side(text: str) -> list[str]:
        text = text.strip()
        if text.startswith("(") and text.endswith(")"):
            text = text[1:-1]
        return [t.strip() for t in text.split(" + ") if t.strip()]

    top, _, bottom = cell.partition(" / ")
    return side(top), side(bottom)


def _latest_value(company: str, field: str, tables: Mapping[str, pd.DataFrame]) -> tuple[float | None, str]:
    """The field of a company's latest market-cap row, as moneyloop.marketvalues.latest chooses it."""
    from moneyloop import marketvalues

    mv = tables["market_values"].copy()
    mv["date"] = pd.to_datetime(mv["date"], errors="coerce")
    mv["market_value_usd_bn"] = pd.to_numeric(mv["market_value_usd_bn"], errors="coerce")
    try:
        row = marketvalues.latest(mv.dropna(subset=["date"]), company)
    except KeyError:
        return None, f"market_values has no market-cap row for {company!r}"
    if field not in row.index:
        return None, f"market_values has no column {field!r}"
    value = _num(row[field])
    return value, "" if value is not None else f"the latest {company} row holds no number in {field}"


def term_value(
    term: str, tables: Mapping[str, pd.DataFrame], keys: Mapping[str, list[str]]
) -> tuple[float | None, str]:
    """(value, '') for one term of a value_ref: a number, 'table:key:column', or
    'market_values:latest(company):column'; (None, why) when it names no readable number."""
    literal = _num(term)
    if literal is not None:
        return literal, ""
    ref, field = split_value_ref(term)
    table, _, key = ref.partition(":")
    latest = _LATEST.match(key)
    if latest and table == "market_values" and table in tables:
        return _latest_value(latest["company"], field, tables)
    row = find_row(ref, tables, keys)
    if row is None:
        return None, "; ".join(coverage.unresolved(ref, tables, keys)) or f"{ref}: names no row"
    if field not in row.index:
        return None, f"{term}: the table has no column {field!r}"
    value = _num(row[field])
    return value, "" if value is not None else f"{term}: the cell holds no number"


def tie_tables(cell: object) -> list[str]:
    """The tables a value_ref's terms read."""
    if not isinstance(cell, str) or not cell.strip():
        return []
    top, bottom = split_tie(cell)
    return [t.split(":", 1)[0] for t in top + bottom if _num(t) is None and ":" in t]


def tie_problems(
    cell: object, tables: Mapping[str, pd.DataFrame], keys: Mapping[str, list[str]]
) -> list[str]:
    """Why a value_ref yields no number: one message per unreadable term, or a zero denominator."""
    if not isinstance(cell, str) or not cell.strip():
        return []
    top, bottom = split_tie(cell)
    if not top:
        return [f"{cell}: names no term"]
    msgs = [m for t in top + bottom for m in [term_value(t, tables, keys)[1]] if m]
    if not msgs and bottom and sum(term_value(t, tables, keys)[0] for t in bottom) == 0:
        msgs.append(f"{cell}: the terms below the line sum to zero")
    return msgs


def tied_value(
    cell: object, tables: Mapping[str, pd.DataFrame], keys: Mapping[str, list[str]]
) -> float | None:
    """The number a claim's value_ref computes: one cell, a sum of cells, or a number over a sum;
    None if any term names no readable number."""
    if not isinstance(cell, str) or not cell.strip() or tie_problems(cell, tables, keys):
        return None
    top, bottom = split_tie(cell)
    total = sum(term_value(t, tables, keys)[0] for t in top)
    return total / sum(term_value(t, tables, keys)[0] for t in bottom) if bottom else total


def _num(text: object) -> float | None:
    value = pd.to_numeric(pd.Series([text]), errors="coerce").iloc[0]
    return None if pd.isna(value) else float(value)


def _tie_tolerance(row: pd.Series, tied: float) -> float:
    """How far a typed verified value may sit from its tie: half a unit in the last digit typed
    (2.068 stands for 2.0680 ± 0.0005), and never less than TIE_TOLERANCE relative."""
    text = str(row.get("verified_value", "")).strip()
    decimals = len(text.partition(".")[2]) if "." in text else 0
    return max(0.5 * 10.0**-decimals, TIE_TOLERANCE * max(1.0, abs(tied)))


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
            msgs = tie_problems(ref, tables, keys)
            out += [Problem(*where, "value_ref", m) for m in msgs]
            tied = None if msgs else tied_value(ref, tables, keys)
            typed = _num(row.get("verified_value"))
            if tied is not None and typed is not None and abs(typed - tied) > _tie_tolerance(row, tied):
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
