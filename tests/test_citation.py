"""The report's and each figure's citation text: BibTeX that a reference manager accepts as pasted."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from pybtex.database import parse_string

from moneyloop import REPORT_TITLE, __version__, citation

AS_OF = pd.Timestamp("2026-07-03")


def test_report_bibtex_parses_with_pybtex():
    _, bibtex = citation.report(AS_OF)
    entry = parse_string(bibtex, "bibtex").entries["AIMoneyLoop2026report"]
    assert entry.type == "report"
    assert entry.fields["year"] == "2026"
    assert entry.fields["note"] == "Data as of 2026-07-03"
    assert entry.fields["version"] == __version__
    assert entry.fields["title"] == f"{REPORT_TITLE}: {citation.SUBTITLE}"


def test_report_markdown_quotes_the_text_and_fences_the_bibtex():
    plain, bibtex = citation.report(AS_OF)
    md = citation.report_markdown(AS_OF)
    assert md.startswith(f"> {plain}\n\n```bibtex\n")
    fenced = re.search(r"```bibtex\n(.*?)\n```", md, re.DOTALL).group(1)
    assert fenced == bibtex and "\\n" not in fenced and "\u00a0" not in fenced


@pytest.mark.slow
def test_the_intro_bibtex_block_can_be_copied_and_parsed(built_book):
    from bs4 import BeautifulSoup

    page = next((built_book / "_build" / "html").rglob("intro.html"))
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    block = soup.select_one("div.highlight-bibtex pre")
    assert block is not None, "the intro shows no BibTeX code block"
    copied = block.get_text()  # what the copy button puts on the clipboard
    (key,) = parse_string(copied, "bibtex").entries.keys()
    assert key.startswith("AIMoneyLoop")


def test_a_figure_citation_names_its_number_sources_and_file():
    fig = {
        "id": "fig-deal-web",
        "title": "The deal web",
        "as_of": "2026-07-03",
        "source_line": "Reuters 2025 [W]",
    }
    plain, bibtex = citation.figure(fig, "1.2")
    assert plain == (
        f"The AI Money Loop contributors (2026). The deal web. Figure 1.2 in {REPORT_TITLE}: "
        f"{citation.SUBTITLE}, version {__version__}. Data as of 2026-07-03. Sources: Reuters 2025 [W]."
    )
    entry = parse_string(bibtex, "bibtex").entries["AIMoneyLoop2026figdealweb"]  # id without '-'
    assert entry.fields["howpublished"] == f"Figure 1.2 in {REPORT_TITLE}, version {__version__}"
    assert entry.fields["note"] == "Data as of 2026-07-03. Sources: Reuters 2025 [W]. File fig-deal-web.png"
    assert citation.figure(fig, "")[0].startswith(
        "The AI Money Loop contributors (2026). The deal web. Figure in "
    )
