"""The book builds strictly from a clean copy, publishes its exports, and never serves stale numbers."""

from __future__ import annotations

import csv
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

import moneyloop
from conftest import IGNORE, ROOT, XSS, edit_cell_by, jupyter_book

pytestmark = pytest.mark.slow


def html(book: Path, page: str) -> str:
    return (book / "_build" / "html" / page).read_text(encoding="utf-8")


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


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
    # one export per {glue:figure} in the book's sources (counted from the Markdown, not by the build)
    glued = set(
        re.findall(r"```\{glue:figure\} (\S+)", "".join(map(read, (built_book / "book").rglob("*.md"))))
    )
    assert sorted(f["id"] for f in manifest) == sorted(glued)
    for fig in manifest:
        for kind in ("png", "slide"):
            assert (out / fig["files"][kind]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", (fig["id"], kind)
        assert "<svg" in read(out / fig["files"]["svg"]), fig["id"]
        assert read(out / fig["files"]["csv"]).count("\n") > 1, fig["id"]  # a header and at least one row
        assert fig["number"], fig["id"]
        assert fig["source_line"] and fig["as_of"]
        png = (out / fig["files"]["slide"]).read_bytes()
        # PNG header: width and height are big-endian integers at bytes 16-24.
        assert int.from_bytes(png[16:20], "big") == 1920 and int.from_bytes(png[20:24], "big") == 1080


def test_figure_numbers_are_unique_across_the_report(built_book):
    manifest = json.loads(
        (built_book / "_build" / "html" / "figures" / "manifest.json").read_text(encoding="utf-8")
    )
    numbers = [f["number"] for f in manifest]
    assert len(numbers) == len(set(numbers))
    # The intro is not a numbered chapter: its figures are 0.1, 0.2, ...; chapter 1's start at 1.1.
    intro = [f["number"] for f in manifest if f["docname"] == "book/intro"]
    assert intro == [f"0.{i}" for i in range(1, len(intro) + 1)]
    assert "Fig. 0.1" in html(built_book, "book/intro.html")


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
        assert "cdn.jsdelivr" not in text and "unpkg.com" not in text and "THEBE_JS_URL" not in text


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
        with zipfile.ZipFile(out / "figures" / fig["files"]["zip"]) as z:
            assert sorted(z.namelist()) == sorted(
                ["README.txt", f"{fig['id']}.csv", f"{fig['id']}.metadata.json"]
            )


def test_data_package_and_reference_anchors_are_published(built_book):
    out = built_book / "_build" / "html"
    data = built_book / "data"
    files = sorted(p.name for p in data.glob("*.csv")) + ["datapackage.json", "references.bib", "LICENSE.txt"]
    with zipfile.ZipFile(out / "data" / "ai-money-loop-data.zip") as z:
        assert z.namelist() == [f"ai-money-loop-data/{f}" for f in files]
    assert (out / "data" / "deals.csv").exists() and (out / "data" / "datapackage.json").exists()
    assert 'href="../../data/ai-money-loop-data.zip"' in html(built_book, "book/appendix/data.html")
    assert 'id="ref-Dong2025goldrush"' in html(built_book, "book/appendix/references.html")


def test_every_page_footer_states_licence_version_and_dates(built_book):
    for page in (built_book / "_build" / "html" / "book").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert (
            "CC BY 4.0" in text
            and f"version {moneyloop.__version__}" in text
            and "Data as of" in text
            and "Built " in text
        )


def test_vega_bundle_is_loaded_once_and_only_where_charts_are(built_book):
    tag = re.compile(r"<script[^>]+vega-bundle\.js")
    assert len(tag.findall(html(built_book, "book/intro.html"))) == 1
    assert not tag.findall(html(built_book, "book/appendix/references.html"))


def executed(log: str) -> set[str]:
    """Pages a build log says were executed."""
    return set(re.findall(r"book/([\w/-]+)\.md: Executing notebook", log))


def test_no_change_rebuild_executes_nothing(built_book):
    done = jupyter_book(built_book)
    assert done.returncode == 0
    assert "Executing notebook" not in done.stdout + done.stderr


def test_clean_build_runs_pages_in_workers_without_tcp_warnings(built_book):
    log = (built_book / "_build" / "build.log").read_text(encoding="utf-8")
    assert "Executing notebook in a worker process" in log
    assert "Executing notebook using local CWD" not in log  # myst-nb found every page in the cache
    assert "without encryption" not in log


def test_module_edit_reexecutes_only_importing_pages_and_a_revert_nothing(built_book, tmp_path):
    book = tmp_path / "repo"
    shutil.copytree(built_book, book, symlinks=True)
    module = book / "src" / "moneyloop" / "contagion.py"
    original = module.read_text(encoding="utf-8")
    module.write_text(original + "\n# an edit\n", encoding="utf-8")
    done = jupyter_book(book)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    # The stress-test module is imported by the intro and the deal-loop chapter only (grep "contagion" book/).
    assert executed(done.stdout + done.stderr) == {"intro", "deal-loop"}
    module.write_text(original, encoding="utf-8")
    done = jupyter_book(book)
    assert done.returncode == 0
    assert executed(done.stdout + done.stderr) == set()


def test_refused_build_fails_short(tmp_path):
    book = tmp_path / "repo"
    shutil.copytree(ROOT, book, ignore=IGNORE)
    edit_cell_by(book / "data" / "deals.csv", "deal_id", "nvda-openai-loi", "amount_usd_bn", "lots")
    done = jupyter_book(book)
    out = done.stdout + done.stderr
    assert done.returncode == 1
    assert re.search(r"^deals\.csv:\d+: amount_usd_bn: ", out, re.MULTILINE), out[-2000:]
    assert "The build stopped: the data package has" in out
    assert "Traceback" not in out and "Extension error" not in out


def test_stray_notebooks_are_ignored_and_removed_pages_disappear(built_book, tmp_path):
    book = tmp_path / "repo"
    shutil.copytree(built_book, book, symlinks=True)
    toc = book / "_toc.yml"
    original = toc.read_text(encoding="utf-8")
    (book / "book" / "appendix" / "extra.md").write_text(
        "# Extra\n\nA page that will be removed.\n", encoding="utf-8"
    )
    toc.write_text(
        original.replace(
            "      - file: book/appendix/references",
            "      - file: book/appendix/references\n      - file: book/appendix/extra",
        ),
        encoding="utf-8",
    )
    (book / "book" / "deal-loop.ipynb").write_text(
        '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', encoding="utf-8"
    )
    done = jupyter_book(book)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    page = book / "_build" / "html" / "book" / "appendix" / "extra.html"
    assert page.exists()
    (book / "book" / "appendix" / "extra.md").unlink()
    toc.write_text(original, encoding="utf-8")
    done = jupyter_book(book)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert not page.exists()


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

    # The letter of intent is superseded: a standing-deals total does not move when its amount changes.
    assert headline(book)["equity-investment"] == pytest.approx(headline(built_book)["equity-investment"])


def test_data_edit_reexecutes_only_dependent_pages(edited_book):
    _, log = edited_book
    executed = set(re.findall(r"book/([\w/-]+)\.md: Executing notebook", log))
    assert "intro" in executed
    assert (
        "appendix/claims" in executed
    )  # its claims are tied to deal rows, so a deal edit must reach the ledger
    assert "concentration" not in executed  # reads no deal data


def test_markup_in_data_is_escaped_in_html(edited_book):
    book, _ = edited_book
    for page in (book / "_build" / "html").rglob("*.html"):
        assert XSS not in page.read_text(encoding="utf-8"), page


def glued(book: Path) -> dict[str, dict[str, str]]:
    """Every page's glued values as the build stored them (name -> text), by page."""
    root = book / "_build" / "jupyter_execute"
    return {
        p.relative_to(root).as_posix().removesuffix(".glue.json"): {
            k: o["data"].get("text/plain", "") for k, o in json.loads(read(p)).items()
        }
        for p in root.rglob("*.glue.json")
    }


def test_pages_that_state_the_same_quantity_state_the_same_value(built_book):
    # The intro restates chapter numbers as 'intro-<name>' where the chapter glues '<name>'
    # (intro-ev-total and the evidence chapter's ev-total, intro-dotcom-... and dotcom-..., ...).
    pages = glued(built_book)
    intro = pages.pop("book/intro")
    pairs = [
        (name, page, text, values[name.removeprefix("intro-")])
        for name, text in intro.items()
        for page, values in pages.items()
        if name.removeprefix("intro-") in values
    ]
    # the pairing must not silently vanish: the scorecard's counts are on both pages by construction
    ev = {
        f"intro-ev-{n}" for n in ("total", "known", "for", "against", "neutral", "unknown", "beyond", "lean")
    }
    assert ev <= {p[0] for p in pairs}
    assert [p for p in pairs if p[2] != p[3]] == []
