"""Charts reach every front end: offline HTML in the book, Vega-Lite 5 and SVG in Jupyter; nothing global on import."""

from __future__ import annotations

import subprocess
import sys

import altair as alt
import pandas as pd

from moneyloop import book, charts, figures

SPEC = alt.Chart(pd.DataFrame({"x": [1, 2], "y": [3, 4]})).mark_line().encode(x="x:Q", y="y:Q").to_dict()


def test_importing_the_package_switches_nothing_on():
    code = (
        "import altair as alt; before = (alt.renderers.active, alt.theme.active); "
        "import moneyloop.book, moneyloop.charts, moneyloop.figures; "
        "print(before == (alt.renderers.active, alt.theme.active), alt.renderers.active)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "default"]


def test_enable_switches_on_the_theme_and_the_renderer():
    before = alt.renderers.active, alt.theme.active
    try:
        charts.enable()
        assert (alt.renderers.active, alt.theme.active) == ("moneyloop_offline", "moneyloop")
    finally:
        alt.renderers.enable(before[0])
        alt.theme.enable(before[1])


def test_outside_the_book_charts_use_mimetypes_jupyter_draws(monkeypatch):
    monkeypatch.delenv(figures.FIGURES_ENV, raising=False)
    bundle = charts.mimebundle(SPEC, "Two points")
    assert set(bundle) == {"application/vnd.vegalite.v5+json", "image/svg+xml", "text/plain"}
    assert bundle["image/svg+xml"].startswith("<svg")
    assert bundle["text/plain"] == "<chart: Two points>"


def test_in_the_book_charts_use_the_page_bundle_only(monkeypatch, tmp_path):
    monkeypatch.setenv(figures.FIGURES_ENV, str(tmp_path))
    bundle = charts.mimebundle(SPEC, "Two points")
    assert list(bundle) == ["text/html"]
    assert 'class="vega-offline-chart"' in bundle["text/html"]


def test_a_published_figure_shows_no_repr():
    assert figures.Figure._ipython_display_(None) is None  # IPython calls this instead of printing a repr


def test_glue_shows_the_value_outside_the_book(monkeypatch):
    shown = []
    monkeypatch.delenv(figures.FIGURES_ENV, raising=False)
    monkeypatch.setattr("myst_nb.glue", lambda *a, **k: None)
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: shown.append(obj))
    book.glue("deal-loop-n-deals", "54")
    assert shown == [{"text/plain": "deal-loop-n-deals: 54"}]
