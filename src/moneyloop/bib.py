"""Read data/references.bib: keys, grades and citation text for every source."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pybtex.database import BibliographyData, parse_string
from pybtex.scanner import PybtexError

GRADES = {
    "P": "primary (filing, company release, paper, official data)",
    "W": "wire service, major outlet or named research house",
    "S": "secondary (trade press, blog, aggregator)",
    "L": "low (anonymous, machine-written or mirror; never used alone)",
}


@dataclass(frozen=True)
class Source:
    """One bibliography entry, reduced to what tables and figures need."""

    key: str
    author: str
    title: str
    year: str
    date: str
    url: str
    outlet: str
    grade: str
    urldate: str
    line: int = 0
    undated: str = ""
    nourl: str = ""
    origin: str = ""
    note: str = ""

    def short(self) -> str:
        """Author-year label such as 'Reuters 2025'."""
        return f"{self.author} {self.year}".strip()


class BibError(ValueError):
    """The bibliography cannot be parsed; carries a file:line message."""


def _clean(text: str) -> str:
    """Drop BibTeX braces and escapes so text reads as plain text."""
    text = re.sub(r"\\([$%&_#{}])", r"\1", text)
    return text.replace("{", "").replace("}", "").strip()


def _author(entry) -> str:
    persons = entry.persons.get("author", [])
    if not persons:
        return _clean(entry.fields.get("organization", ""))
    names = []
    for p in persons:
        last = _clean(" ".join(p.last_names))
        names.append(last or _clean(str(p)))
    if len(names) > 2:
        return f"{names[0]} et al."
    return " and ".join(names)


@lru_cache(maxsize=8)
def _parse(path: str, mtime_ns: int) -> BibliographyData:
    text = Path(path).read_bytes().decode("utf-8")
    try:
        return parse_string(text, "bibtex")
    except PybtexError as exc:  # duplicate keys, unbalanced braces, ...
        line = getattr(exc, "lineno", None)
        where = f"{Path(path).name}:{line}" if line else Path(path).name
        raise BibError(f"{where}: {exc}") from None


def _lines(path: str, mtime_ns: int) -> dict[str, int]:
    """The line on which each entry starts, so rules can point at it."""
    text = Path(path).read_bytes().decode("utf-8")
    out = {}
    for m in re.finditer(r"@\w+\s*\{\s*([^,\s]+)\s*,", text):
        out.setdefault(m.group(1), text.count("\n", 0, m.start()) + 1)
    return out


def read(path: str | Path) -> dict[str, Source]:
    """Parse the bib file (cached on modification time) into Source records by key."""
    p = Path(path)
    mtime = p.stat().st_mtime_ns
    data = _parse(str(p), mtime)
    lines = _lines(str(p), mtime)
    out = {}
    for key, e in data.entries.items():
        f = e.fields
        out[key] = Source(
            key=key,
            author=_author(e),
            title=_clean(f.get("title", "")),
            year=_clean(f.get("year", "")),
            date=_clean(f.get("date", "")),
            url=f.get("url", "").strip(),
            outlet=_clean(f.get("organization", "") or f.get("journal", "") or f.get("publisher", "")),
            grade=_clean(f.get("grade", "")),
            urldate=_clean(f.get("urldate", "")),
            line=lines.get(key, 0),
            undated=_clean(f.get("undated", "")),
            nourl=_clean(f.get("nourl", "")),
            origin=_clean(f.get("origin", "")),
            note=_clean(f.get("note", "")),
        )
    return out


def split_keys(cell: object) -> list[str]:
    """Split a ';'-separated sources cell into keys (empty cells give none)."""
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return []
    return [k.strip() for k in str(cell).split(";") if k.strip()]


def source_names(cell: object, sources: dict[str, Source]) -> str:
    """A sources cell as readable names with grades: 'Reuters 2025 [W]; Oracle 2025 [P]'."""
    return "; ".join(f"{sources[k].short()} [{sources[k].grade}]" for k in split_keys(cell))


PRIMARY_GRADES = ("P", "W")


def primary_names(keys: list[str], sources: dict[str, Source]) -> list[str]:
    """Distinct author-year names of the P and W sources among `keys`, in order: who a reader can check."""
    names: list[str] = []
    for k in dict.fromkeys(keys):
        s = sources[k]
        if s.grade in PRIMARY_GRADES and s.short() not in names:
            names.append(s.short())
    return names


def source_line(keys: list[str], sources: dict[str, Source], limit: int = 6, named: int = 8) -> str:
    """One line naming each source with its grade; beyond `limit` sources, a count by grade that still
    names up to `named` primary and wire sources, so a caption always says whom to check."""
    keys = list(dict.fromkeys(keys))
    if len(keys) > limit:
        counts = {g: sum(sources[k].grade == g for k in keys) for g in GRADES}
        parts = ", ".join(f"{n} {g}" for g, n in counts.items() if n)
        prim = primary_names(keys, sources)
        if not prim:
            who = "none of them primary or wire"
        elif len(prim) > named:
            who = f"primary and wire: {', '.join(prim[:named])} and {len(prim) - named} more"
        else:
            who = f"primary and wire: {', '.join(prim)}"
        return f"{len(keys)} sources ({parts}; {who}), listed per row in the report's data files"
    seen: list[str] = []
    for k in keys:
        s = sources[k]
        label = f"{s.short()} [{s.grade}]"
        if label not in seen:
            seen.append(label)
    return "; ".join(seen)
