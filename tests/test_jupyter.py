"""Outside the book, each chapter runs as a notebook and draws: jupytext converts it, nbclient executes it.

This is what a rerunner gets in JupyterLab or from nbconvert: every chart output must carry a mimetype those
front ends draw without the site's script bundle, no cell may print a Figure repr, and every number the
prose glues must be visible in some output.
"""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from moneyloop import charts

CHAPTERS = sorted(
    str(p.relative_to(ROOT / "book"))
    for p in (ROOT / "book").rglob("*.md")
    if "kernelspec:" in p.read_text(encoding="utf-8")[:400]
)
GLUE_TEXT = re.compile(r"\{glue:text\}`([^`]+)`")


def outputs(nb) -> list[dict]:
    return [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]


def texts(out: dict) -> str:
    data = out.get("data", {})
    return "".join(v if isinstance(v, str) else "" for v in data.values()) + str(out.get("text", ""))


def test_every_notebook_chapter_is_listed():
    assert {"intro.md", "deal-loop.md", "appendix/claims.md"} <= set(CHAPTERS)


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_runs_and_draws_in_jupyter(chapter, monkeypatch):
    import jupytext
    from nbclient import NotebookClient

    for var in ("MONEYLOOP_FIGURES_DIR", "MONEYLOOP_DOCNAME", "MONEYLOOP_DEFER_DRAWING"):
        monkeypatch.delenv(var, raising=False)  # a notebook outside the book
    path = ROOT / "book" / chapter
    nb = jupytext.read(path)
    NotebookClient(
        nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    outs = outputs(nb)
    shown = "\n".join(texts(o) for o in outs)
    assert "not loaded" not in shown
    assert not re.search(r"^Figure\(", shown, re.MULTILINE), "a publish cell printed the Figure repr"
    charts_ = [o for o in outs if charts.JUPYTER_VEGALITE in o.get("data", {})]
    for o in charts_:
        assert o["data"]["image/svg+xml"].lstrip().startswith("<svg")
        assert o["data"][charts.JUPYTER_VEGALITE].get("width") != "container", (
            "no sized container in a notebook"
        )
        assert "text/html" not in o["data"]
    source = path.read_text(encoding="utf-8")
    if "publish(" in source or "figures.show(" in source:
        assert charts_, f"{chapter} publishes figures but no chart output was found"
    missing = [name for name in GLUE_TEXT.findall(source) if f"{name}: " not in shown]
    assert not missing, f"glued numbers not visible in the notebook: {missing[:10]}"


def test_notebook_chart_has_a_fixed_width():
    """A chart sized to its container in the book gets the book's column width in a notebook output."""
    spec = {"mark": "point", "width": "container", "data": {"values": [{"x": 1}]}, "encoding": {}}
    bundle = charts.jupyter_bundle(spec)
    assert bundle[charts.JUPYTER_VEGALITE]["width"] == 640
    assert spec["width"] == "container"  # the caller's spec is left alone
