"""Load the data package as typed DataFrames, after validating every file, row and field."""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import json
import os
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from moneyloop import bib, coverage, deps, rules, safecsv
from moneyloop.problem import DataError, Problem

ALLOW_MARKUP_ENV = "MONEYLOOP_ALLOW_MARKUP"  # only for tests proving the site escapes markup anyway
DATA_ENV = "MONEYLOOP_DATA"
_MARKUP = re.compile(r"<\s*[A-Za-z/!?]|&#?[A-Za-z0-9]+;|javascript:", re.IGNORECASE)


def find_data_dir(start: str | Path | None = None) -> Path:
    """$MONEYLOOP_DATA, else the nearest data/ folder above the working directory, else the repository's."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV]).resolve()
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "datapackage.json").is_file():
            return folder / "data"
    return Path(__file__).resolve().parents[2] / "data"


def descriptor(data_dir: Path) -> dict:
    """The parsed datapackage.json."""
    return json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))


# --- validation ---------------------------------------------------------------------------


def _precheck(data_dir: Path, res: dict) -> list[Problem]:
    """Missing or empty file, bad bytes, and the header: the one header check (Frictionless never sees a bad one)."""
    name, path = res["path"], data_dir / res["path"]
    if not path.is_file():
        return [Problem(name, 0, "", "file not found")]
    raw = path.read_bytes()
    if not raw.strip():
        return [Problem(name, 1, "", "file is empty; expected a header row")]
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [
            Problem(
                name,
                line,
                "",
                f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded; save the file as UTF-8",
            )
        ]
    header = next(csv.reader(io.StringIO(raw.decode("utf-8").lstrip("\ufeff"))))
    expected = [f["name"] for f in res["schema"]["fields"]]
    out = [
        Problem(name, 1, col, "column is missing from the header") for col in expected if col not in header
    ]
    out += [
        Problem(name, 1, col, "column is not in datapackage.json") for col in header if col not in expected
    ]
    dupes = {c for c in header if header.count(c) > 1}
    out += [Problem(name, 1, col, "column appears twice") for col in dupes]
    if not out and header != expected:
        out.append(Problem(name, 1, "", "columns are out of order; expected " + ", ".join(expected)))
    return out


_CSV_ERRORS = {
    "unexpected end of data": "a quote opened on this row is never closed (or the file is cut off inside it)",
    "',' expected after '\"'": "text follows a closing quote; quote the whole cell and double any quote in it",
}


def _structure(data_dir: Path, res: dict) -> list[Problem]:
    """Rows a strict CSV reader rejects, rows of the wrong width, a repeated header: before pandas reads it."""
    name = res["path"]
    text = (data_dir / name).read_text(encoding="utf-8").lstrip("\ufeff")
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))  # a long cell is reported by its length, not a crash
    limits = {f["name"]: f.get("constraints", {}).get("maxLength") for f in res["schema"]["fields"]}
    out: list[Problem] = []
    row, header = 0, []
    try:
        for record in csv.reader(io.StringIO(text, newline=""), strict=True):
            row += 1
            if row == 1:
                header = record
                continue
            for col, cell in zip(header, record):  # checked here: a huge cell derails Frictionless
                if limits.get(col) and len(cell) > limits[col]:
                    out.append(Problem(name, row, col, _too_long(len(cell), limits[col])))
            if record == header:
                out.append(Problem(name, row, "", "the header row is repeated here; delete this row"))
            elif record and len(record) != len(header):
                cut = " (the file ends mid-row: is it cut off?)" if not text.endswith(("\n", "\r")) else ""
                out.append(
                    Problem(
                        name,
                        row,
                        "",
                        f"row has {len(record)} cells, the header has {len(header)}"
                        + (cut if len(record) < len(header) else "; is a comma in a cell unquoted?"),
                    )
                )
    except csv.Error as exc:
        why = _CSV_ERRORS.get(str(exc), f"cannot be read as CSV ({exc}); check the quotes on this row")
        out.append(Problem(name, row + 1, "", why))
    finally:
        csv.field_size_limit(limit)
    return out


def _too_long(length: int, limit: int) -> str:
    return f"text is {length:,} characters long; the limit is {limit:,} (maxLength in datapackage.json)"


def _short(cell: object, limit: int = 60) -> str:
    """A cell's repr for a message, shortened so a huge cell cannot flood the output."""
    text = repr(cell)
    return text if len(text) <= limit else text[: limit - 5] + "…" + text[-4:]


def _did_you_mean(value: str, candidates: list[str]) -> str:
    """'; did you mean 'X'?' for the closest candidate (case first, then spelling), else ''."""
    same_case = [c for c in candidates if c.lower() == value.lower()]
    close = same_case or difflib.get_close_matches(value, candidates, n=1, cutoff=0.8)
    return f"; did you mean {close[0]!r}?" if close else ""


def _frictionless_message(e) -> str:
    """One plain sentence for a Frictionless error."""
    kind = e.type
    cell = getattr(e, "cell", None)
    note = getattr(e, "note", "") or ""
    if kind == "type-error":
        expected = re.sub(r'type is "([a-z]+)/.*', r"\1", note)
        return f"{_short(cell)} is not a valid {expected}" + (
            " (write YYYY-MM-DD)" if expected == "date" else ""
        )
    if kind == "constraint-error":
        m = re.search(r'"maxLength" is "(\d+)"', note)
        if m and isinstance(cell, str):
            return _too_long(len(cell), int(m.group(1)))
        return f"{_short(cell)} breaks the rule {note}"
    if kind == "extra-cell":
        return f"row has more cells than the header ({_short(cell)} is extra)"
    if kind == "missing-cell":
        return "row has fewer cells than the header"
    if kind == "blank-row":
        return "row is blank"
    if kind in ("primary-key", "unique-error"):
        return "duplicate id: " + note
    return note or e.message


_CHECKED: dict[tuple[str, str], list[Problem]] = {}
"""Frictionless results by (table schema, file bytes): an unchanged table is not checked twice in a process."""


def _frictionless_table(data_dir: Path, res: dict) -> list[Problem]:
    """Schema checks of one table (types, constraints, primary key) by Frictionless, remembered by content."""
    from frictionless import Resource, system  # imported here: 0.25 s, only needed when validating

    res = {**res, "schema": {k: v for k, v in res["schema"].items() if k != "foreignKeys"}}
    fname = res["path"]
    key = (json.dumps(res, sort_keys=True), hashlib.sha256((data_dir / fname).read_bytes()).hexdigest())
    if key in _CHECKED:
        return _CHECKED[key]
    with system.use_context(trusted=True):
        report = Resource(res, basepath=str(data_dir)).validate()
    pk = res["schema"].get("primaryKey") or []
    pk = [pk] if isinstance(pk, str) else pk
    problems, seen = [], set()
    for task in report.tasks:
        for e in task.errors:
            row = getattr(e, "row_number", None) or 1
            field = getattr(e, "field_name", None) or getattr(e, "label", None) or ""
            if e.type == "primary-key" and len(pk) == 1:
                field = pk[0]  # the same duplicate also breaks the field's 'unique' rule: report it once
            where = (row, field, e.type in ("primary-key", "unique-error"))
            if where[2] and where in seen:
                continue
            seen.add(where)
            problems.append(Problem(fname, row, field, _frictionless_message(e)))
    problems += [Problem(fname, 0, "", e.message) for e in report.errors]
    _CHECKED[key] = problems
    return problems


def _frictionless(data_dir: Path) -> list[Problem]:
    """Schema checks of every table; foreign keys are checked by `_foreign_keys` on the raw text."""
    return [p for res in descriptor(data_dir)["resources"] for p in _frictionless_table(data_dir, res)]


def _foreign_keys(raw: dict[str, pd.DataFrame], desc: dict) -> list[Problem]:
    """Every reference to another row resolves, with the closest existing id suggested when it does not."""
    res = {r["name"]: r for r in desc["resources"]}
    out = []
    for name, r in res.items():
        for fk in r["schema"].get("foreignKeys", []):
            cols = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
            ref = fk["reference"]
            target = ref["resource"] or name
            ref_cols = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
            if target not in raw or not set(ref_cols) <= set(raw[target].columns):
                continue
            known = raw[target][ref_cols].agg("/".join, axis=1).tolist()
            df = raw[name][cols]
            values = df.agg("/".join, axis=1) if len(df) else pd.Series(dtype=str)
            bad = ~df.eq("").any(axis=1) & ~values.isin(set(known))
            where = target if ref["resource"] else "this table"
            out += [
                Problem(
                    r["path"],
                    i + 2,
                    cols[0],
                    f"{values[i]!r} is not a known {'/'.join(ref_cols)} in {where}"
                    + _did_you_mean(values[i], known),
                )
                for i in df.index[bad]
            ]
    return out


def _raw(data_dir: Path, res: dict) -> pd.DataFrame:
    return pd.read_csv(data_dir / res["path"], dtype=str, keep_default_na=False, encoding="utf-8")


def _row_rules(name: str, df: pd.DataFrame, fields: dict) -> list[Problem]:
    """Rules Frictionless cannot express: ranges, dates against their precision, table-specific logic."""
    out: list[Problem] = []
    fname = f"{name}.csv"

    def num(col: str) -> pd.Series:
        return pd.to_numeric(df[col].replace("", None), errors="coerce")

    for low in [c for c in df.columns if c.endswith(("_low_usd_bn", "_low"))]:
        high = low.replace("_low", "_high")
        base = low.replace("_low", "")
        if high in df.columns:
            bad = num(low) > num(high)
            out += [
                Problem(fname, i + 2, low, f"low {df.at[i, low]} is above high {df.at[i, high]}")
                for i in df.index[bad]
            ]
        if base in df.columns and base != low:
            below = num(base) < num(low)
            out += [
                Problem(fname, i + 2, base, f"{df.at[i, base]} is below its low {df.at[i, low]}")
                for i in df.index[below]
            ]
            if high in df.columns:
                above = num(base) > num(high)
                out += [
                    Problem(fname, i + 2, base, f"{df.at[i, base]} is above its high {df.at[i, high]}")
                    for i in df.index[above]
                ]

    if "date_precision" in df.columns:
        date_col = next((c for c in ("date", "announced") if c in df.columns), None)
        if date_col:
            for i, (d, p) in enumerate(zip(df[date_col], df["date_precision"])):
                if (p == "month" and not d.endswith("-01")) or (p == "year" and not d.endswith("-01-01")):
                    out.append(
                        Problem(fname, i + 2, date_col, f"{d} has precision {p}: write the first of the {p}")
                    )

    if name == "claims":
        for i, (v, c) in enumerate(zip(df["verdict"], df["changed_on"])):
            if (v == "outdated") != bool(c):
                out.append(
                    Problem(fname, i + 2, "changed_on", "required exactly when the verdict is 'outdated'")
                )
    if name == "deals":
        for i, (s, by) in enumerate(zip(df["status"], df["superseded_by"])):
            if by and s != "superseded":
                out.append(Problem(fname, i + 2, "status", f"has superseded_by {by!r} but status {s!r}"))
    if {"payer", "payee"} <= set(df.columns):
        same = df["payer"].ne("") & df["payer"].eq(df["payee"])
        out += [
            Problem(
                fname,
                i + 2,
                "payee",
                f"payer and payee are both {df.at[i, 'payer']!r}; money must change hands",
            )
            for i in df.index[same]
        ]

    for col, f in fields.items():
        if f.get("type", "string") == "string" and col in df.columns:
            out += [
                Problem(
                    fname,
                    i + 2,
                    col,
                    f"starts with {df.at[i, col][0]!r}, which a spreadsheet runs as a formula; reword it",
                )
                for i in df.index[df[col].map(safecsv.is_formula)]
            ]

    if not os.environ.get(ALLOW_MARKUP_ENV):
        for col, f in fields.items():
            if f.get("type", "string") != "string" or col not in df.columns:
                continue
            hits = df[col].str.contains(_MARKUP, na=False)
            out += [
                Problem(fname, i + 2, col, "contains markup (HTML tags or entities); write plain text")
                for i in df.index[hits]
            ]
    return out


FORWARD = "forwardLooking"
"""A date field marked `"forwardLooking": true` in datapackage.json may lie after the as-of date (a schedule)."""


def _as_of_rules(name: str, df: pd.DataFrame, fields: dict, as_of: pd.Timestamp) -> list[Problem]:
    """No recorded date lies after the as-of date (the latest publication in references.bib), unless forward-looking.

    A row dated later than every source cannot have been reported by one; adding the newer source moves the
    as-of date and clears the error.
    """
    out: list[Problem] = []
    if pd.isna(as_of):
        return out
    for col, f in fields.items():
        if f.get("type") != "date" or f.get(FORWARD) or col not in df.columns:
            continue
        dates = pd.to_datetime(df[col].replace("", None), format="%Y-%m-%d", errors="coerce")
        out += [
            Problem(
                f"{name}.csv",
                i + 2,
                col,
                f"{df.at[i, col]} is after the data's as-of date {as_of:%Y-%m-%d} (the latest source "
                "publication date); add the source that reports it, or correct the date",
            )
            for i in df.index[dates > as_of]
        ]
    return out


def _source_rules(name: str, df: pd.DataFrame, sources: dict[str, bib.Source]) -> list[Problem]:
    """Every cited key exists; no row rests on low-grade (L) sources alone."""
    out = []
    for col in ("sources", "seeds"):
        if col not in df.columns:
            continue
        for i, cell in enumerate(df[col]):
            keys = bib.split_keys(cell)
            missing = [k for k in keys if k not in sources]
            if missing:
                hints = "".join(_did_you_mean(k, list(sources)) for k in missing)
                out.append(
                    Problem(
                        f"{name}.csv",
                        i + 2,
                        col,
                        f"unknown reference key(s) {', '.join(missing)} (not in references.bib){hints}",
                    )
                )
            elif (
                col == "sources"
                and keys
                and all(sources[k].grade == "L" for k in keys)
                and not _records_rejection(df, i)
            ):
                out.append(
                    Problem(
                        f"{name}.csv", i + 2, col, "rests only on low-grade (L) sources; add a better one"
                    )
                )
    return out


def _records_rejection(df: pd.DataFrame, i: int) -> bool:
    """A coverage item that documents leaving out L-only evidence may cite just that evidence."""
    return "reason" in df.columns and "outcome" in df.columns and df.at[i, "reason"] == "low-grade-only"


def _coverage_rules(
    tables: dict[str, pd.DataFrame], desc: dict, sources: dict[str, bib.Source]
) -> list[Problem]:
    """Each update-sheet item points at rows that exist, or says why it was left out."""
    res = {r["name"]: r for r in desc["resources"]}
    if "update_coverage" not in res:
        return []
    keys = {name: r["schema"].get("primaryKey", []) for name, r in res.items()}
    out = []
    for i, row in tables["update_coverage"].iterrows():
        out += [
            Problem("update_coverage.csv", i + 2, "data_refs", m)
            for m in coverage.unresolved(row["data_refs"], tables, keys)
        ]
        out += [Problem("update_coverage.csv", i + 2, f, m) for f, m in coverage.consistency(row, sources)]
    return out


def _status_rules(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """A deal's status is the status of its latest dated event, so the web and the timeline agree."""
    if "deals" not in tables or "deal_events" not in tables:
        return []
    deals, events = tables["deals"], tables["deal_events"]
    latest = (
        events.sort_values(["deal_id", "date"], kind="stable").groupby("deal_id")[["date", "status"]].last()
    )
    out = []
    for i, (deal, status) in enumerate(zip(deals["deal_id"], deals["status"])):
        if deal not in latest.index:
            out.append(Problem("deals.csv", i + 2, "status", f"{deal} has no event in deal_events.csv"))
        elif latest.at[deal, "status"] != status:
            date, last = latest.at[deal, "date"], latest.at[deal, "status"]
            out.append(
                Problem(
                    "deals.csv",
                    i + 2,
                    "status",
                    f"{status!r}, but the latest event in deal_events.csv ({date}) says {last!r}",
                )
            )
    return out


def _bib_rules(path: Path, sources: dict[str, bib.Source]) -> list[Problem]:
    """Every entry is graded, dated as accessed, and locatable."""
    text = path.read_text(encoding="utf-8")
    lines = {
        m.group(1): text.count("\n", 0, m.start()) + 1
        for m in re.finditer(r"@\w+\s*\{\s*([^,\s]+)\s*,", text)
    }
    out = []
    for key, s in sources.items():
        line = lines.get(key, 0)
        if s.grade not in bib.GRADES:
            out.append(
                Problem(path.name, line, "grade", f"entry {key} has grade {s.grade!r}; use one of P, W, S, L")
            )
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s.urldate):
            out.append(
                Problem(path.name, line, "urldate", f"entry {key} needs the access date as YYYY-MM-DD")
            )
        if not s.year:
            out.append(Problem(path.name, line, "year", f"entry {key} has no year"))
    return out


def validate(data_dir: str | Path | None = None) -> list[Problem]:
    """Every problem in the package: file checks, Frictionless schema checks, sources and grades."""
    data_dir = Path(data_dir) if data_dir else find_data_dir()
    try:
        desc = descriptor(data_dir)
    except FileNotFoundError:
        return [Problem("datapackage.json", 0, "", f"not found in {data_dir}")]
    except json.JSONDecodeError as exc:
        return [Problem("datapackage.json", exc.lineno, "", f"invalid JSON: {exc.msg}")]
    problems = []
    for res in desc["resources"]:
        problems += _precheck(data_dir, res) or _structure(data_dir, res)
    bib_path = data_dir / "references.bib"
    try:
        sources = bib.read(bib_path)
    except FileNotFoundError:
        return problems + [Problem("references.bib", 0, "", "file not found")]
    except (bib.BibError, UnicodeDecodeError) as exc:
        return problems + [Problem("references.bib", 0, "", str(exc))]
    problems += _bib_rules(bib_path, sources)
    if any(p.file != "references.bib" for p in problems):
        return problems  # unreadable files: schema checks would only add noise
    problems += _frictionless(data_dir)
    tables = {res["name"]: _raw(data_dir, res) for res in desc["resources"]}
    problems += _foreign_keys(tables, desc)
    latest = latest_publication(sources)
    for res in desc["resources"]:
        df = tables[res["name"]]
        fields = {f["name"]: f for f in res["schema"]["fields"]}
        present = [c for c in df.columns if c in fields]
        problems += _row_rules(res["name"], df[present], fields)
        problems += _as_of_rules(res["name"], df[present], fields, latest)
        problems += _source_rules(res["name"], df, sources)
    problems += _coverage_rules(tables, desc, sources)
    problems += _status_rules(tables)
    problems += rules.run_all(tables, sources)
    return sorted(set(problems))


# --- loading ------------------------------------------------------------------------------


def _typed(df: pd.DataFrame, fields: list[dict]) -> pd.DataFrame:
    out = {}
    for f in fields:
        col, kind = df[f["name"]], f.get("type", "string")
        blank = col.eq("")
        if kind == "date":
            out[f["name"]] = pd.to_datetime(col.mask(blank), format="%Y-%m-%d")
        elif kind == "number":
            out[f["name"]] = pd.to_numeric(col.mask(blank)).astype("float64")
        elif kind == "integer":
            out[f["name"]] = pd.to_numeric(col.mask(blank)).astype("Int64")
        elif kind == "boolean":
            out[f["name"]] = col.mask(blank).map({"true": True, "false": False}).astype("boolean")
        elif "enum" in f.get("constraints", {}):
            out[f["name"]] = pd.Categorical(col.mask(blank), categories=f["constraints"]["enum"])
        else:
            out[f["name"]] = col.mask(blank)
    return pd.DataFrame(out, index=df.index)


def _signature(data_dir: Path) -> tuple:
    files = sorted(data_dir.glob("*.csv")) + [data_dir / "datapackage.json", data_dir / "references.bib"]
    return tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files if f.exists())


_HERE = Path(__file__).resolve().parent
_RULE_CODE = sorted(
    [_HERE / n for n in ("datasets.py", "problem.py", "bib.py", "coverage.py", "safecsv.py")]
    + list((_HERE / "rules").glob("*.py"))
)
"""The code that decides validity: a change to any of it invalidates remembered validations."""


def _content_hash(data_dir: Path) -> str:
    """Hash of every data file and of all validation code, so a passed validation can be remembered."""
    h = hashlib.sha256()
    for f in _RULE_CODE:
        h.update(f.read_bytes())
    for f in sorted(data_dir.glob("*.csv")) + [data_dir / "datapackage.json", data_dir / "references.bib"]:
        if f.exists():
            h.update(f.name.encode() + b"\0" + f.read_bytes())
    h.update(os.environ.get(ALLOW_MARKUP_ENV, "").encode())
    return h.hexdigest()


def _stamp(data_dir: Path) -> Path:
    """The file whose existence says these exact bytes passed this exact rule code: beside the data, in _build/."""
    return data_dir.parent / "_build" / ".moneyloop" / f"valid-{_content_hash(data_dir)}"


def check(data_dir: str | Path | None = None) -> list[Problem]:
    """Validate the package and, if it is valid, remember that under _build/ so loading it does not check again."""
    d = Path(data_dir) if data_dir else find_data_dir()
    problems = validate(d)
    if not problems:
        stamp = _stamp(d)
        try:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            for old in stamp.parent.glob("valid-*"):  # only the latest validation is worth remembering
                old.unlink(missing_ok=True)  # a parallel test worker may have removed it
            stamp.touch()
        except OSError:
            pass
    return problems


@lru_cache(maxsize=4)
def _load_all(data_dir: str, signature: tuple) -> dict[str, pd.DataFrame]:
    d = Path(data_dir)
    if not _stamp(d).exists():  # Frictionless takes ~1 s; identical bytes need not be checked twice
        problems = check(d)
        if problems:
            raise DataError(problems)
    return {res["name"]: _typed(_raw(d, res), res["schema"]["fields"]) for res in descriptor(d)["resources"]}


def load_all(data_dir: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Every table, validated and typed (copies, so callers may modify them)."""
    d = Path(data_dir) if data_dir else find_data_dir()
    deps.record(d / "datapackage.json", d / "references.bib", *sorted(d.glob("*.csv")))
    return {k: v.copy() for k, v in _load_all(str(d), _signature(d)).items()}


def load(name: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    """One table by resource name, validated (with the whole package) and typed."""
    d = Path(data_dir) if data_dir else find_data_dir()
    tables = _load_all(str(d), _signature(d))
    if name not in tables:
        raise KeyError(f"no table {name!r} in {d / 'datapackage.json'}; tables: {', '.join(sorted(tables))}")
    deps.record(d / "datapackage.json", d / "references.bib", d / f"{name}.csv")
    return tables[name].copy()


def sources(data_dir: str | Path | None = None) -> dict[str, bib.Source]:
    """The bibliography as Source records by key."""
    d = Path(data_dir) if data_dir else find_data_dir()
    deps.record(d / "references.bib")
    return bib.read(d / "references.bib")


def fields(name: str, data_dir: str | Path | None = None) -> list[dict]:
    """The schema fields of one table, as declared in datapackage.json."""
    d = Path(data_dir) if data_dir else find_data_dir()
    deps.record(d / "datapackage.json")
    return next(r for r in descriptor(d)["resources"] if r["name"] == name)["schema"]["fields"]


def latest_publication(known: dict[str, bib.Source]) -> pd.Timestamp:
    """The latest publication date among sources (access dates excluded): what the data can know about."""
    dated = [s.date for s in known.values() if s.date and s.date != s.urldate]
    return pd.to_datetime(pd.Series(dated, dtype=object), format="%Y-%m-%d", errors="coerce").max()


def as_of(data_dir: str | Path | None = None) -> pd.Timestamp:
    """The report's 'as of' date: the latest publication date among its sources (access dates excluded)."""
    return latest_publication(sources(data_dir))


def as_of_label(data_dir: str | Path | None = None) -> str:
    """The as-of date as YYYY-MM-DD, for figure footers."""
    return f"{as_of(data_dir):%Y-%m-%d}"
