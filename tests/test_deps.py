"""Tests for moneyloop.deps: which package modules a page imports, directly or indirectly."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT, write
from moneyloop import deps


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
    write(pkg / "topic" / "__init__.py", "from moneyloop.topic.core import x\n")
    write(pkg / "topic" / "core.py", "x = 1\n")
    write(pkg / "topic" / "page.py", "from moneyloop import a\n")  # imported by name only, never by __init__
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


def test_a_package_that_imports_its_modules_by_statement_brings_only_those(tmp_path):
    pkg = toy_package(tmp_path)
    # topic/__init__ imports core by statement, so page.py (and the a -> b it imports) is not a dependency...
    assert names(deps.module_files("from moneyloop import topic", pkg), pkg) == {
        "__init__.py",
        "topic/__init__.py",
        "topic/core.py",
    }
    # ...until a page imports it by name.
    assert "b.py" in names(deps.module_files("from moneyloop.topic import page", pkg), pkg)


def test_the_deepseek_page_does_not_depend_on_the_deal_graph():
    files = names(deps.page_module_files(ROOT / "book" / "deepseek.md"), deps.PACKAGE_DIR)
    assert "costs.py" in files and "figures.py" in files
    assert "deals/__init__.py" not in files and "deals/graph.py" not in files
    assert "dotcom.py" not in files and "sphinxext.py" not in files
