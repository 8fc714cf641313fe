"""What every chapter calls first: offline charts, a clean figure folder, glue and safe tables."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd

from moneyloop import charts, figures


def setup() -> None:
    """Prepare a chapter: the report's theme and renderer on, and this page's figure exports started afresh."""
    charts.enable()
    folder = os.environ.get(figures.FIGURES_ENV)
    if folder and Path(folder).is_dir():
        shutil.rmtree(folder)


def glue(name: str, text: str) -> None:
    """Glue a formatted string for {glue:text} without displaying it."""
    from myst_nb import glue as _glue

    if not isinstance(text, str):
        raise TypeError(f"glue {name!r}: format numbers with moneyloop.fmt first (got {type(text).__name__})")
    if charts.in_book():
        _glue(name, text, display=False)
    else:  # in Jupyter the {glue:text} roles stay unresolved, so show the value instead
        _show_glued(name, text)


_GLUED: dict = {"cell": None, "lines": [], "handle": None}
"""The values glued by the running cell outside the book, shown together as one output that grows."""


def _show_glued(name: str, text: str) -> None:
    """Add 'name: text' to the running cell's one output (Jupyter keeps only the first 50 outputs of a cell)."""
    from IPython import get_ipython
    from IPython.display import display

    shell = get_ipython()
    if shell is None:
        display({"text/plain": f"{name}: {text}"}, raw=True)
        return
    if _GLUED["cell"] != shell.execution_count or _GLUED["handle"] is None:
        handle = display({"text/plain": ""}, raw=True, display_id=True)
        _GLUED.update(cell=shell.execution_count, lines=[], handle=handle)
    _GLUED["lines"].append(f"{name}: {text}")
    _GLUED["handle"].update({"text/plain": "\n".join(_GLUED["lines"])}, raw=True)


def table(df: pd.DataFrame, caption: str = "", *, max_rows: int | None = None):
    """An HTML table with every cell escaped, so markup in data shows as text."""
    from IPython.display import HTML

    view = df if max_rows is None else df.head(max_rows)
    html = view.to_html(index=False, escape=True, na_rep="–", border=0, classes=["ml-table"])
    if caption:
        cap = caption.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        html = html.replace(
            '<table border="0" class="dataframe ml-table">',
            f'<table class="dataframe ml-table"><caption>{cap}</caption>',
            1,
        )
    return HTML(f'<div class="ml-table-wrap">{html}</div>')


def sources_table(keys: list[str]):
    """The sources a page cites, with outlet, date and grade, as an escaped table."""
    from moneyloop import datasets

    known = datasets.sources()
    rows = [
        {
            "Source": known[k].short(),
            "Title": known[k].title,
            "Outlet": known[k].outlet,
            "Date": known[k].date,
            "Grade": known[k].grade,
            "Key": k,
        }
        for k in dict.fromkeys(keys)
    ]
    return table(pd.DataFrame(rows).sort_values(["Source", "Date"]))


def cited_keys(*frames: pd.DataFrame) -> list[str]:
    """Every bib key in the sources column of the given tables, in first-seen order."""
    from moneyloop import bib

    out: list[str] = []
    for df in frames:
        for cell in df.get("sources", []):
            out += bib.split_keys(cell)
    return list(dict.fromkeys(out))
