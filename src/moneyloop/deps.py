"""Record which files a book page read, so the build re-executes it when they change."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "MONEYLOOP_DEPS_LOG"
_seen: set[str] = set()


def record(*paths: str | Path) -> None:
    """Append paths to the log named by $MONEYLOOP_DEPS_LOG (set by the book's Sphinx extension)."""
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


def record_package() -> None:
    """Record every source file of this package: a code change re-executes every page using it."""
    here = Path(__file__).parent
    record(*sorted(here.rglob("*.py")))
