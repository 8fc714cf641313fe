"""The book builds strictly from a clean copy, publishes its exports, and never serves stale numbers."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from conftest import XSS, jupyter_book

pytestmark = pytest.mark.slow


def html(book: Path, page: str) -> str:
    return (book / "_build" / "html" / page).read_text(encoding="utf-8")


def text_of(page_html: str) -> str:
    """Visible text, roughly: tags dropped, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page_html))


def test_every_toc_page_is_built(built_book):
    toc = (built_book / "_toc.yml").read_text(encoding="utf-8")
    for doc in re.findall(r"file: (\S+)", toc) + ["book/intro"]:
        assert (built_book / "_build" / "html" / f"{doc}.html").exists(), doc


def test_figures_are_exported_with_a_manifest(built_book):
    out = built_book / "_build" / "html" / "figures"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest) >= 2
    for fig in manifest:
        for kind in ("png", "svg", "csv", "slide"):
            assert (out / fig["files"][kind]).stat().st_size > 0, (fig["id"], kind)
        assert fig["number"], fig["id"]
        assert fig["source_line"] and fig["as_of"]
        png = (out / fig["files"]["slide"]).read_bytes()
        # PNG header: width and height are big-endian integers at bytes 16-24.
        assert int.from_bytes(png[16:20], "big") == 1920 and int.from_bytes(png[20:24], "big") == 1080


def test_svg_export_carries_title_source_and_date(built_book):
    out = built_book / "_build" / "html" / "figures"
    fig = json.loads((out / "manifest.json").read_text(encoding="utf-8"))[0]
    svg = (out / fig["files"]["svg"]).read_text(encoding="utf-8")
    assert "Source:" in svg and f"Data as of {fig['as_of']}" in svg and "The AI Money Loop" in svg


def test_no_page_points_at_another_host(built_book):
    root = built_book / "_build" / "html"
    for page in root.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', text):
            # Outbound links to sources are fine; nothing may be *loaded* from another host.
            assert not re.search(r'<(?:script|link|img|iframe)[^>]+"' + re.escape(url), text), (page, url)
        assert "cdn.jsdelivr" not in text and "unpkg.com/vega" not in text


def test_every_figure_has_its_reuse_block(built_book):
    out = built_book / "_build" / "html"
    for fig in json.loads((out / "figures" / "manifest.json").read_text(encoding="utf-8")):
        page = html(built_book, fig["page"].split("#")[0])
        block = page[page.index(f'id="tools-{fig["id"]}"') :]
        for part in (
            "ml-toggle",
            f"{fig['id']}.zip",
            f"{fig['id']}-slide.png",
            "Cite this figure",
            f'href="#fig-{fig["id"]}"',
        ):
            assert part in block[:200_000], (fig["id"], part)
        assert (out / "figures" / fig["files"]["zip"]).stat().st_size > 0


def test_data_package_and_reference_anchors_are_published(built_book):
    out = built_book / "_build" / "html"
    assert (out / "data" / "ai-money-loop-data.zip").stat().st_size > 0
    assert (out / "data" / "deals.csv").exists() and (out / "data" / "datapackage.json").exists()
    assert 'href="../../data/ai-money-loop-data.zip"' in html(built_book, "book/appendix/data.html")
    assert 'id="ref-Dong2025goldrush"' in html(built_book, "book/appendix/references.html")


def test_every_page_footer_states_licence_version_and_dates(built_book):
    for page in (built_book / "_build" / "html" / "book").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "CC BY 4.0" in text and "version 1.0.0" in text and "Data as of" in text and "Built " in text


def test_vega_bundle_is_loaded_once_and_only_where_charts_are(built_book):
    tag = re.compile(r"<script[^>]+vega-bundle\.js")
    assert len(tag.findall(html(built_book, "book/intro.html"))) == 1
    assert not tag.findall(html(built_book, "book/appendix/references.html"))


def test_no_change_rebuild_executes_nothing(built_book):
    done = jupyter_book(built_book)
    assert done.returncode == 0
    assert "Executing notebook" not in done.stdout + done.stderr


def test_data_edit_shows_everywhere(built_book, edited_book):
    book, _ = edited_book
    # "... NVIDIA's letter of intent to invest "up to" $100B in OpenAI ..." now reads $150B.
    assert "$150B in OpenAI" in text_of(html(book, "book/intro.html"))
    assert "$100B in OpenAI" in text_of(html(built_book, "book/intro.html"))

    def headline(b: Path) -> dict[str, float]:
        with (b / "_build" / "html" / "figures" / "intro-headline-vs-binding.csv").open(
            encoding="utf-8"
        ) as fh:
            return {r["Flow type"]: float(r["Headline (USD bn)"]) for r in csv.DictReader(fh)}

    # The letter of intent is an equity investment: its headline rose from 100 to 150.
    assert headline(book)["equity-investment"] == pytest.approx(
        headline(built_book)["equity-investment"] + 50
    )


def test_data_edit_reexecutes_only_dependent_pages(edited_book):
    _, log = edited_book
    executed = set(re.findall(r"book/([\w/-]+)\.md: Executing notebook", log))
    assert "intro" in executed
    assert "appendix/claims" not in executed  # reads claims.csv only, which did not change


def test_markup_in_data_is_escaped_in_html(edited_book):
    book, _ = edited_book
    for page in (book / "_build" / "html").rglob("*.html"):
        assert XSS not in page.read_text(encoding="utf-8"), page
