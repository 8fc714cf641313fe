"""Bibliography style: each web source with outlet, date, translation of the title and its grade."""

from __future__ import annotations

from pybtex.plugin import register_plugin
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.template import field, join, optional, sentence

GRADE_WORDS = {"P": "primary", "W": "wire or major outlet", "S": "secondary", "L": "low"}


class Style(UnsrtStyle):
    """unsrt, plus the fields our web sources carry (organization, titleaddon, grade)."""

    def get_online_template(self, e):
        grade = GRADE_WORDS.get(e.fields.get("grade", ""), "ungraded")
        return toplevel[
            optional[sentence[self.format_names("author")]],
            self.format_title(e, "title"),
            optional[sentence[join["[", field("titleaddon"), "]"]]],
            sentence[optional[field("organization")], optional[field("date", raw=True)]],
            sentence[optional[field("note")]],
            sentence[f"Source grade {e.fields.get('grade', '?')} ({grade})"],
            self.format_web_refs(e),
        ]

    def get_misc_template(self, e):
        return self.get_online_template(e)


def register() -> None:
    """Make the style available to sphinxcontrib-bibtex as 'moneyloop'."""
    register_plugin("pybtex.style.formatting", "moneyloop", Style, force=True)
