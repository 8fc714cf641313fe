"""Citation text for the report and for each figure, in plain text and BibTeX."""

from __future__ import annotations

import re

import pandas as pd

from moneyloop import REPORT_TITLE, __version__

AUTHOR = "The AI Money Loop contributors"
SUBTITLE = "Circular financing in the AI boom"


def report(as_of: pd.Timestamp) -> tuple[str, str]:
    """Plain-text and BibTeX citation of the whole report, stating the data's as-of date."""
    year, date = f"{as_of:%Y}", f"{as_of:%Y-%m-%d}"
    plain = (
        f"{AUTHOR} ({year}). {REPORT_TITLE}: {SUBTITLE}. Executable research report, "
        f"version {__version__}, data as of {date}."
    )
    bibtex = (
        f"@report{{AIMoneyLoop{year}report,\n  author = {{{{{AUTHOR}}}}},\n"
        f"  title = {{{REPORT_TITLE}: {SUBTITLE}}},\n  year = {{{year}}},\n"
        f"  type = {{Executable research report}},\n  version = {{{__version__}}},\n"
        f"  note = {{Data as of {date}}}\n}}"
    )
    return plain, bibtex


def report_markdown(as_of: pd.Timestamp) -> str:
    """The report citation for the intro: the plain text quoted, the BibTeX in a code block one can copy."""
    plain, bibtex = report(as_of)
    return f"> {plain}\n\n```bibtex\n{bibtex}\n```\n"


def figure(fig: dict, number: str) -> tuple[str, str]:
    """Plain-text and BibTeX citation of one published figure."""
    year = fig["as_of"][:4]
    label = f"Figure {number}" if number else "Figure"
    plain = (
        f"{AUTHOR} ({year}). {fig['title']}. {label} in {REPORT_TITLE}: {SUBTITLE}, version {__version__}. "
        f"Data as of {fig['as_of']}. Sources: {fig['source_line']}."
    )
    key = "AIMoneyLoop" + year + re.sub(r"[^a-z0-9]", "", fig["id"])
    bibtex = (
        f"@misc{{{key},\n  author = {{{{{AUTHOR}}}}},\n  title = {{{fig['title']}}},\n"
        f"  year = {{{year}}},\n  howpublished = {{{label} in {REPORT_TITLE}, version {__version__}}},\n"
        f"  note = {{Data as of {fig['as_of']}. Sources: {fig['source_line']}. File {fig['id']}.png}}\n}}"
    )
    return plain, bibtex
