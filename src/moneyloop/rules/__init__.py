"""Topic rules the validator runs after the schema checks: one module per topic, each with `check`.

Each submodule defines `check(tables, sources) -> list[Problem]`, where `tables` maps a resource name to
its raw table (every cell a string, blanks as "", row i of the frame being spreadsheet row i + 2) and
`sources` maps a bibliography key to its `bib.Source`. A rule must not raise on malformed values: the
schema checks have already reported them, so it skips what it cannot read. Adding a module here is all
it takes for `moneyloop validate` and the build to run it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping

import pandas as pd

from moneyloop.problem import Problem


def modules() -> list[str]:
    """The topic rule modules, in name order, so problems are reported the same way every time."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def run_all(tables: Mapping[str, pd.DataFrame], sources: Mapping[str, object]) -> list[Problem]:
    """Every topic rule's problems."""
    out: list[Problem] = []
    for name in modules():
        out += importlib.import_module(f"{__name__}.{name}").check(tables, sources)
    return out
