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


def glue_all(named: dict[str, str]) -> None:
    """Glue every name -> text pair a package function returned (see moneyloop.overview)."""
    for name, text in named.items():
        glue(name, text)


def html(text: str):
    """Trusted HTML the package built (links, stacked tables), as a cell's output."""
    from IPython.display import HTML

    return HTML(text)


def tables(parts: list[tuple[pd.DataFrame, str]], *, fold: bool | None = None):
    """Several escaped tables (each with its caption) as one output."""
    return html("".join(table(df, caption, fold=fold).data for df, caption in parts))


def glue_md(name: str, text: str) -> None:
    """Glue Markdown for a {glue:md} directive, without displaying it."""
    from myst_nb import glue as _glue

    _glue(name, markdown(text), display=False)


def markdown(text: str):
    """Markdown for a cell's output (a quoted citation, a fenced block), shown as written."""
    from IPython.display import Markdown

    return Markdown(text)


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


FOLD_ROWS = 20  # longer tables are folded behind a summary line and scroll inside the page
STACK_COLUMNS = 4  # wider tables become one card per row on phones
KEY_COLUMNS = ("Sources", "sources", "Key", "Source keys")  # columns of bib keys, linked to References


def _esc(value: object) -> str:
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def references_href() -> str:
    """The References page, relative to the page being executed (so links work from disk and when served)."""
    doc = os.environ.get(figures.DOCNAME_ENV, "")
    return "../" * doc.count("/") + "book/appendix/references.html"


def _cell(value: object, linked: bool, known: set[str]) -> str:
    """One escaped cell; in a key column, each known bib key links to its References entry."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return "–"
    if isinstance(value, float):  # as pandas showed it: no float noise (0.30000000000000004 reads 0.3)
        value = int(value) if value.is_integer() and abs(value) < 1e15 else float(f"{value:.6g}")
    if linked:
        keys = [k.strip() for k in str(value).split(";")]
        if keys and all(k in known for k in keys if k):
            href = references_href()
            return "; ".join(f'<a href="{href}#ref-{_esc(k)}">{_esc(k)}</a>' for k in keys if k)
    return _esc(value)


def table(df: pd.DataFrame, caption: str = "", *, max_rows: int | None = None, fold: bool | None = None):
    """An HTML table with every cell escaped; long tables folded, wide ones stacked on phones, keys linked.

    `fold` forces folding on or off; by default a table is folded when it has more than FOLD_ROWS rows.
    """
    from IPython.display import HTML

    from moneyloop import datasets

    view = df if max_rows is None else df.head(max_rows)
    cols = [str(c) for c in view.columns]  # on phones, moneyloop.js labels each stacked cell with its column
    linked = [c in KEY_COLUMNS for c in cols]
    known = set(datasets.sources()) if any(linked) else set()
    head = "".join(f'<th scope="col">{_esc(c)}</th>' for c in cols)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_cell(v, ln, known)}</td>" for v, ln in zip(r, linked)) + "</tr>"
        for r in view.itertuples(index=False, name=None)
    )
    classes = "dataframe ml-table" + (" ml-stack" if len(cols) > STACK_COLUMNS else "")
    cap = f"<caption>{_esc(caption)}</caption>" if caption else ""
    tall = len(view) > FOLD_ROWS if fold is None else fold
    label = _esc(caption or f"Table of {len(view)} rows: {', '.join(cols)}")
    html = (
        f'<div class="ml-table-wrap{" ml-tall" if tall else ""}" tabindex="0" role="region" aria-label="{label}">'
        f'<table class="{classes}">{cap}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>'
    )
    if tall:
        what = _esc(caption) if caption else "the table"
        html = f'<details class="ml-fold"><summary>Show {what} ({len(view)} rows)</summary>{html}</details>'
    return HTML(html)


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
