"""What a book page depends on: the files it read when it ran, and the package modules it imports."""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

ENV_VAR = "MONEYLOOP_DEPS_LOG"
PACKAGE = "moneyloop"
PACKAGE_DIR = Path(__file__).resolve().parent
_seen: set[str] = set()
_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def record(*paths: str | Path) -> None:
    """Append paths to the log named by $MONEYLOOP_DEPS_LOG (set only for a page the book executes)."""
    log = os.environ.get(ENV_VAR)
    if not log:
        return
    new = [str(Path(p).resolve()) for p in paths if str(Path(p).resolve()) not in _seen]
    if not new:
        return
    _seen.update(new)
    Path(log).parent.mkdir(parents=True, exist_ok=True)
    with open(log, "a", encoding="utf-8") as fh:
        fh.write("".join(p + "\n" for p in new))


def code_cells(markdown: str) -> str:
    """The Python in a MyST notebook's code cells, without cell options, magics or shell lines."""
    out = []
    for body in _CELL.findall(markdown):
        lines = body.splitlines()
        if lines and lines[0].strip() == "---":  # a YAML block of cell options
            end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), 0)
            lines = lines[end + 1 :]
        out += [ln for ln in lines if not ln.lstrip().startswith((":", "%", "!"))]
        out.append("")
    return "\n".join(out)


def _module_file(name: str, root: Path) -> Path | None:
    """The file of a module inside the package (`moneyloop.deals` -> deals.py), or None if not a module."""
    parts = name.split(".")[1:]
    base = root.joinpath(*parts)
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    return None


def _imported(tree: ast.AST, here: str) -> set[str]:
    """Package modules named by the import statements of one parsed module (`here` is its own name)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if node.level:  # relative: resolve against the importing module's package
                base = here.split(".")[: -node.level]  # an __init__ counts as a module inside its package
                mod = ".".join([*base, *([mod] if mod else [])])
            names.add(mod)
            names |= {f"{mod}.{a.name}" for a in node.names}
    return {n for n in names if n == PACKAGE or n.startswith(PACKAGE + ".")}


def _files_of(name: str, root: Path) -> list[Path]:
    """A module's file plus the __init__ of every package above it; a subpackage that finds its modules at run time brings them all."""
    parts = name.split(".")
    out = [f for i in range(1, len(parts) + 1) if (f := _module_file(".".join(parts[:i]), root))]
    target = _module_file(name, root)
    if target is not None and target.name == "__init__.py" and target.parent != root and _discovers(target):
        # e.g. rules: its modules are imported by name at run time, so no import statement names them
        out += sorted(target.parent.glob("*.py"))
    return out


def _discovers(init: Path) -> bool:
    """True when a package's __init__ imports its modules at run time (pkgutil or importlib), not by statements."""
    return bool(re.search(r"\bpkgutil\b|\bimport_module\b", init.read_text(encoding="utf-8")))


def module_files(code: str, root: Path = PACKAGE_DIR) -> list[Path]:
    """Every package file the code imports, directly or through other package modules."""
    todo = list(_imported(ast.parse(code), "__main__"))
    seen: set[Path] = set()
    while todo:
        name = todo.pop()
        for f in _files_of(name, root):
            if f in seen:
                continue
            seen.add(f)
            rel = f.relative_to(root).with_suffix("")
            here = ".".join([PACKAGE, *rel.parts])
            todo += _imported(ast.parse(f.read_text(encoding="utf-8")), here)
    return sorted(seen)


def page_module_files(page: Path, root: Path = PACKAGE_DIR) -> list[Path]:
    """Every package file a MyST notebook page imports, directly or indirectly."""
    return module_files(code_cells(page.read_text(encoding="utf-8")), root)
