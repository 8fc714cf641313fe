"""Tests for moneyloop.ext.freshness: which pages re-execute after an edit, and what a revert reuses."""

from __future__ import annotations

import shutil

from conftest import ROOT, write
from moneyloop import deps
from moneyloop.ext import freshness
from moneyloop.ext.stage import Stage

PAGES = sorted(
    p for p in (ROOT / "book").rglob("*.md") if freshness.NOTEBOOK.match(p.read_text(encoding="utf-8"))
)


def fingerprints(fresh: freshness.Freshness) -> dict[str, str]:
    return {p.stem: fresh.fingerprint(p.stem, p) for p in PAGES}


def test_editing_a_topic_module_changes_only_the_pages_that_import_it(tmp_path):
    pkg = tmp_path / "moneyloop"
    shutil.copytree(deps.PACKAGE_DIR, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    fresh = freshness.Freshness(Stage(ROOT, tmp_path / "stage"), package=pkg)
    before = fingerprints(fresh)
    module = pkg / "contagion.py"
    original = module.read_text(encoding="utf-8")
    module.write_text(original + "\n# an edit\n", encoding="utf-8")
    after = fingerprints(fresh)
    # The stress-test module is imported by the deal-loop chapter and the intro only (grep "contagion" book/);
    # costs.py would not do: the validator's rules import it, so every page that loads data depends on it.
    assert {p for p in before if before[p] != after[p]} == {"intro", "deal-loop"}
    module.write_text(original, encoding="utf-8")  # a revert restores the fingerprint: contents, not times
    assert fingerprints(fresh) == before


def test_records_are_written_on_commit_and_a_revert_finds_the_earlier_cell(tmp_path):
    src = tmp_path / "book"
    data = write(src / "data" / "t.csv", "a\n1\n")
    page = write(src / "p.md", "---\nkernelspec: {}\n---\n```{code-cell} ipython3\nimport os\n```\n")
    stage = Stage(src, tmp_path / "stage")
    fresh = freshness.Freshness(stage)
    first = fresh.cell_id("p", page)
    assert fresh.stale("p", page)  # never read
    fresh.cells["p"] = first
    write(stage.log("p", first), f"{data}\n")
    fresh.read("p")
    assert fresh.ran == {"p": ["data/t.csv"]}
    assert not (stage.records / "p.json").exists()  # nothing is recorded before the build succeeds
    fresh.commit({"p": page})
    assert not stage.log("p", first).exists()
    assert not fresh.stale("p", page) and fresh.cell_id("p", page) == first
    data.write_text("a\n2\n", encoding="utf-8")
    edited = freshness.Freshness(stage)
    assert edited.stale("p", page)
    second = edited.cell_id("p", page)
    edited.cells["p"] = second
    edited.commit({"p": page})
    data.write_text("a\n1\n", encoding="utf-8")
    reverted = freshness.Freshness(stage)
    assert reverted.cell_id("p", page) == first  # the cached execution of the first state is reused


def test_inject_adds_a_hidden_cell_after_the_front_matter_only_in_notebooks():
    text = freshness.inject("---\nkernelspec: {}\n---\n# T\n", "abc")
    assert text.startswith("---\nkernelspec: {}\n---\n```{code-cell} ipython3\n:tags: [remove-cell]\n")
    assert "# moneyloop dependencies: abc" in text and text.endswith("# T\n")
    assert freshness.inject("# Plain page\n", "abc") is None


def test_orphans_are_pages_whose_source_is_gone(tmp_path):
    out = tmp_path / "html"
    for name in ("index.html", "search.html", "book/intro.html", "book/appendix/gone.html", "_static/x.html"):
        write(out / name, "")
    write(out / "_sources" / "book" / "appendix" / "gone.md", "")
    write(out / "_sources" / "book" / "intro.md", "")
    found = {"book/intro", "book/appendix/kept"}
    assert [p.relative_to(out).as_posix() for p in freshness.orphans(out, found)] == [
        "book/appendix/gone.html",
        "_sources/book/appendix/gone.md",
    ]
