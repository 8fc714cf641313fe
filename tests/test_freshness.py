"""Page-level dependencies and the build's parts: which pages re-execute, figure numbers, short refusals."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

from conftest import ROOT
from moneyloop import deps
from moneyloop.ext import bundle, datacheck, execute, exports, freshness
from moneyloop.ext.stage import Stage
from moneyloop.problem import Problem

PAGES = sorted(
    p for p in (ROOT / "book").rglob("*.md") if freshness.NOTEBOOK.match(p.read_text(encoding="utf-8"))
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def toy_package(tmp_path: Path) -> Path:
    """moneyloop/{__init__, a, b, c, rules/{__init__, one, two}}: a imports b; c imports rules; one imports b."""
    pkg = tmp_path / "moneyloop"
    write(pkg / "__init__.py", '"""toy"""\n')
    write(pkg / "a.py", "from moneyloop import b\n")
    write(pkg / "b.py", "import json\n")
    write(pkg / "c.py", "def f():\n    from moneyloop import rules\n")
    write(pkg / "rules" / "__init__.py", "import pkgutil\n")
    write(pkg / "rules" / "one.py", "from .. import b\n")
    write(pkg / "rules" / "two.py", "from moneyloop.rules import one\n")
    return pkg


def names(files: list[Path], root: Path) -> set[str]:
    return {f.relative_to(root).as_posix() for f in files}


def test_code_cells_keeps_code_and_drops_options_and_magics():
    page = "---\nkernelspec: {}\n---\n# T\n\n```{code-cell} ipython3\n:tags: [hide]\n%matplotlib\nimport x\n```\ntext\n"
    assert deps.code_cells(page).split("\n") == ["import x", ""]


def test_module_files_follows_imports_transitively(tmp_path):
    pkg = toy_package(tmp_path)
    # a -> b, plus the package's __init__; nothing else.
    assert names(deps.module_files("from moneyloop import a", pkg), pkg) == {"__init__.py", "a.py", "b.py"}
    # c imports the rules subpackage (inside a function): all its modules count, and one.py's relative import of b.
    assert names(deps.module_files("import moneyloop.c", pkg), pkg) == {
        "__init__.py",
        "c.py",
        "rules/__init__.py",
        "rules/one.py",
        "rules/two.py",
        "b.py",
    }
    # Names that are not modules (constants of __init__) bring only __init__.
    assert names(deps.module_files("from moneyloop import VERSION\nimport os", pkg), pkg) == {"__init__.py"}


def test_the_deepseek_page_does_not_depend_on_the_deal_graph():
    files = names(deps.page_module_files(ROOT / "book" / "deepseek.md"), deps.PACKAGE_DIR)
    assert "costs.py" in files and "figures.py" in files
    assert "deals.py" not in files and "dotcom.py" not in files and "sphinxext.py" not in files


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


def test_figures_on_unnumbered_pages_get_chapter_zero():
    nums = {
        "book/intro": {"figure": {"fig-a": (1,), "fig-b": (2,)}},
        "book/deal-loop": {"figure": {"fig-c": (1, 1)}},
    }
    exports.unique_numbers(nums)
    assert nums == {
        "book/intro": {"figure": {"fig-a": (0, 1), "fig-b": (0, 2)}},
        "book/deal-loop": {"figure": {"fig-c": (1, 1)}},
    }
    env = SimpleNamespace(toc_fignumbers=nums)
    figs = [{"docname": "book/deal-loop", "id": "c"}, {"docname": "book/intro", "id": "b"}]
    assert [exports.number(env, f) for f in exports.ordered(env, figs)] == ["0.2", "1.1"]


def test_a_refusal_is_the_located_lines_and_one_sentence():
    text = datacheck.refusal([Problem("deals.csv", 7, "amount_usd_bn", "must be a number")])
    lines = text.splitlines()
    assert lines[0] == "deals.csv:7: amount_usd_bn: must be a number"
    assert len(lines) == 2 and lines[1].startswith("The build stopped: the data package has 1 problem(s)")


def test_thebe_loader_and_its_address_are_dropped():
    js = [
        SimpleNamespace(
            filename=None, priority=500, attributes={"body": 'const THEBE_JS_URL = "https://unpkg.com/x"'}
        ),
        SimpleNamespace(filename="sphinx-thebe.js", priority=500, attributes={}),
        SimpleNamespace(filename="keep.js", priority=500, attributes={}),
    ]
    css = [
        SimpleNamespace(filename="_static/sphinx-thebe.css"),
        SimpleNamespace(filename="_static/moneyloop.css"),
    ]
    context = {
        "script_files": js,
        "css_files": css,
        "body": '<p>a</p><script type="text/x-thebe-config">{x}</script>\n<p>b</p>',
    }
    bundle.drop_thebe(context)
    assert [j.filename for j in context["script_files"]] == ["keep.js"]
    assert [c.filename for c in context["css_files"]] == ["_static/moneyloop.css"]
    assert context["body"] == "<p>a</p><p>b</p>"


def test_missing_lists_notebooks_the_cache_lacks():
    class Cache:
        def match_cache_notebook(self, nb):
            if nb != "cached":
                raise KeyError(nb)

    assert execute.missing(Cache(), [("a", "cached"), ("b", "new")]) == ["b"]


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


def test_stage_tells_each_page_kernel_its_own_log_figures_and_data(tmp_path):
    stage = Stage(tmp_path / "src", tmp_path / "_build" / ".moneyloop")
    env = stage.kernel_env("book/intro", "abc")
    assert env == {
        deps.ENV_VAR: str(tmp_path / "_build" / ".moneyloop" / "deps" / "book" / "intro.abc.log"),
        "MONEYLOOP_FIGURES_DIR": str(tmp_path / "_build" / ".moneyloop" / "figures" / "book" / "intro"),
        "MONEYLOOP_DOCNAME": "book/intro",
        "MONEYLOOP_DEFER_DRAWING": "1",
        "MONEYLOOP_DATA": str(tmp_path / "src" / "data"),
    }
