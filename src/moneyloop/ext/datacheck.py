"""Refuse to build from invalid data: print the located problems and one sentence, and stop without a traceback."""

from __future__ import annotations

import sys

from moneyloop import datasets
from moneyloop.ext.stage import Stage


def refusal(problems: list) -> str:
    """The located lines, then one sentence saying what to do."""
    lines = [str(p) for p in problems]
    lines.append(
        f"The build stopped: the data package has {len(problems)} problem(s); "
        "fix the lines above and check with 'python -m moneyloop validate data'."
    )
    return "\n".join(lines)


def check(app, config) -> None:
    """Validate the data package before any page runs; exit with status 1 if it is invalid."""
    problems = datasets.validate(Stage.of(app).data)
    if problems:
        # SystemExit passes through Sphinx's and Jupyter Book's error handlers, which would add a traceback.
        print(refusal(problems), file=sys.stderr, flush=True)
        raise SystemExit(1)
