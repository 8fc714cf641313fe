"""Bibliography style: each web source with outlet, date, translation of the title and its grade."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
from pybtex.database import Entry
from pybtex.plugin import register_plugin
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.template import field, join, optional, sentence

from . import bib

GRADE_WORDS = {"P": "primary", "W": "wire or major outlet", "S": "secondary", "L": "low"}
RAW_FIELDS = ("title", "titleaddon", "organization", "note", "origin", "undated", "nourl", "citedin")


@lru_cache(maxsize=1)
def _cited_in() -> dict[str, str]:
    """Where the shipped data cites each key (empty if the data cannot be read, so the page still builds)."""
    from . import datasets, evidence

    try:
        d = datasets.find_data_dir()
        desc = datasets.descriptor(d)
        tables = {
            r["name"]: pd.read_csv(d / r["path"], dtype=str, keep_default_na=False) for r in desc["resources"]
        }
    except (OSError, ValueError, KeyError):
        return {}
    return evidence.cited_in(tables, evidence.keys_of(desc))


def plain_entry(entry: Entry) -> Entry:
    """A copy of an entry whose text fields are plain (no braces, '\\$' as '$'), so the page shows
    '$300 billion' and '60%'; the template prints these fields raw, since LaTeX would read '%' as a comment."""
    fields = {k: (bib._clean(v) if k in RAW_FIELDS else v) for k, v in entry.fields.items()}
    if entry.key in _cited_in():
        fields["citedin"] = _cited_in()[entry.key]
    out = Entry(entry.type, fields=fields, persons=entry.persons)
    out.key = entry.key
    return out


class Style(UnsrtStyle):
    """unsrt, plus the fields our web sources carry (organization, titleaddon, grade), titles kept as written."""

    def format_entry(self, label, entry, bib_data=None):
        """Format an unescaped copy of the entry."""
        return super().format_entry(label, plain_entry(entry), bib_data=bib_data)

    def format_title(self, e, which, as_sentence=True):
        """The publisher's title as written: unsrt lower-cases all but the first letter ('openai', 'wsj')."""
        title = field(which, raw=True)
        return sentence[title] if as_sentence else title

    def get_online_template(self, e):
        grade = GRADE_WORDS.get(e.fields.get("grade", ""), "ungraded")
        return toplevel[
            optional[sentence[self.format_names("author")]],
            self.format_title(e, "title"),
            optional[sentence[join["[", field("titleaddon", raw=True), "]"]]],
            sentence[optional[field("organization", raw=True)], optional[field("date", raw=True)]],
            sentence[optional[field("note", raw=True)]],
            optional[sentence[join["Origin: ", field("origin", raw=True)]]],
            optional[sentence[join["Undated: ", field("undated", raw=True)]]],
            optional[sentence[join["No address: ", field("nourl", raw=True)]]],
            optional[sentence[join["Cited in the data: ", field("citedin", raw=True)]]],
            sentence[f"Source grade {e.fields.get('grade', '?')} ({grade})"],
            self.format_web_refs(e),
        ]

    def get_misc_template(self, e):
        return self.get_online_template(e)


def register() -> None:
    """Make the style available to sphinxcontrib-bibtex as 'moneyloop'."""
    register_plugin("pybtex.style.formatting", "moneyloop", Style, force=True)
