"""Load the data package as typed DataFrames, after validating every file, row and field."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from moneyloop import bib, coverage, deps, rules
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
    """Problems Frictionless reports confusingly: missing file, empty file, bad bytes."""
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


def _frictionless_message(e) -> str:
    kind = e.type
    cell = getattr(e, "cell", None)
    note = getattr(e, "note", "") or ""
    if kind == "type-error":
        expected = re.sub(r'type is "([a-z]+)/.*', r"\1", note)
        return f"{cell!r} is not a valid {expected}" + (" (write YYYY-MM-DD)" if expected == "date" else "")
    if kind == "constraint-error":
        return f"{cell!r} breaks the rule {note}"
    if kind == "missing-label":
        return "column is missing from the header"
    if kind == "extra-label":
        return f"column {getattr(e, 'label', '')!r} is not in datapackage.json"
    if kind == "incorrect-label":
        return f"header {getattr(e, 'label', '')!r} is not the expected column (check the column order)"
    if kind == "duplicate-label":
        return "column appears twice"
    if kind == "extra-cell":
        return f"row has more cells than the header ({cell!r} is extra)"
    if kind == "missing-cell":
        return "row has fewer cells than the header"
    if kind == "blank-row":
        return "row is blank"
    if kind in ("primary-key", "unique-error"):
        return "duplicate id: " + note
    if kind == "foreign-key":
        m = re.search(r'values "([^"]*)" not found in the lookup table "([^"]*)" as "([^"]*)"', note)
        if m:
            table = m.group(2) or "this table"
            return f"{m.group(1)!r} is not a known {m.group(3)} in {table}"
        return note or e.message
    return note or e.message


def _frictionless(data_dir: Path) -> list[Problem]:
    from frictionless import Package, system  # imported here: 0.25 s, only needed when validating

    with system.use_context(trusted=True):
        report = Package(str(data_dir / "datapackage.json")).validate()
    problems = []
    for task in report.tasks:
        fname = Path(task.place).name if getattr(task, "place", None) else task.name
        for e in task.errors:
            row = getattr(e, "row_number", None) or 1
            field = getattr(e, "field_name", None) or getattr(e, "label", None) or ""
            if e.type == "foreign-key":
                m = re.search(r'for "([^"]+)"', getattr(e, "note", "") or "")
                field = m.group(1) if m else field
            problems.append(Problem(fname, row, field, _frictionless_message(e)))
    for e in report.errors:
        problems.append(Problem("datapackage.json", 0, "", e.message))
    return problems


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
            if by and by == df.at[i, "deal_id"]:
                out.append(Problem(fname, i + 2, "superseded_by", "a deal cannot supersede itself"))

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
                out.append(
                    Problem(
                        f"{name}.csv",
                        i + 2,
                        col,
                        f"unknown reference key(s) {', '.join(missing)} (not in references.bib)",
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


def _coverage_rules(data_dir: Path, desc: dict, sources: dict[str, bib.Source]) -> list[Problem]:
    """Each update-sheet item points at rows that exist, or says why it was left out."""
    res = {r["name"]: r for r in desc["resources"]}
    if "update_coverage" not in res:
        return []
    tables = {name: _raw(data_dir, r) for name, r in res.items()}
    keys = {name: r["schema"].get("primaryKey", []) for name, r in res.items()}
    out = []
    for i, row in tables["update_coverage"].iterrows():
        out += [
            Problem("update_coverage.csv", i + 2, "data_refs", m)
            for m in coverage.unresolved(row["data_refs"], tables, keys)
        ]
        out += [Problem("update_coverage.csv", i + 2, f, m) for f, m in coverage.consistency(row, sources)]
    return out


def _status_rules(data_dir: Path, desc: dict) -> list[Problem]:
    """A deal's status is the status of its latest dated event, so the web and the timeline agree."""
    res = {r["name"]: r for r in desc["resources"]}
    if "deals" not in res or "deal_events" not in res:
        return []
    deals, events = _raw(data_dir, res["deals"]), _raw(data_dir, res["deal_events"])
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
    out = []
    for key, s in sources.items():
        m = re.search(r"@\w+\s*\{\s*" + re.escape(key) + r"\s*,", text)
        line = text[: m.start()].count("\n") + 1 if m else 0
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
    problems = [p for res in desc["resources"] for p in _precheck(data_dir, res)]
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
    for res in desc["resources"]:
        df = _raw(data_dir, res)
        fields = {f["name"]: f for f in res["schema"]["fields"]}
        present = [c for c in df.columns if c in fields]
        problems += _row_rules(res["name"], df[present], fields)
        problems += _source_rules(res["name"], df, sources)
    problems += _coverage_rules(data_dir, desc, sources)
    problems += _status_rules(data_dir, desc)
    tables = {res["name"]: _raw(data_dir, res) for res in desc["resources"]}
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
    [_HERE / n for n in ("datasets.py", "problem.py", "bib.py", "coverage.py")]
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
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "moneyloop"
    return base / f"valid-{_content_hash(data_dir)}"


@lru_cache(maxsize=4)
def _load_all(data_dir: str, signature: tuple) -> dict[str, pd.DataFrame]:
    d = Path(data_dir)
    stamp = _stamp(d)
    if not stamp.exists():  # Frictionless takes ~1 s; identical bytes need not be checked twice
        problems = validate(d)
        if problems:
            raise DataError(problems)
        try:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.touch()
        except OSError:
            pass
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


def as_of(data_dir: str | Path | None = None) -> pd.Timestamp:
    """The report's 'as of' date: the latest publication date among its sources (access dates excluded)."""
    dated = [s.date for s in sources(data_dir).values() if s.date and s.date != s.urldate]
    return pd.to_datetime(pd.Series(dated), format="%Y-%m-%d", errors="coerce").max()


def as_of_label(data_dir: str | Path | None = None) -> str:
    """The as-of date as YYYY-MM-DD, for figure footers."""
    return f"{as_of(data_dir):%Y-%m-%d}"
