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


def test_slide_plot_is_fitted_to_the_canvas():
    from moneyloop import render

    spec = {
        "vconcat": [{"mark": "bar", "width": 1180, "height": 646, "title": {"text": ["f"], "limit": 1180}}]
    }

    def measure(s):  # titles, axes and footer take 300 px across and 250 px down, whatever the plot's size
        inner = s["vconcat"][0]
        return inner["width"] + 300, inner["height"] + 250

    out = render.fitted(spec, measure)["vconcat"][0]
    # room: 1920 - 2 x 40 = 1840 across, 1080 - 2 x 30 = 1020 down
    # width 1840 - 300 = 1540; height 1020 - 250 = 770; the footer may run the plot's full width
    assert (out["width"], out["height"], out["title"]["limit"]) == (1540, 770, 1540)
    assert spec["vconcat"][0]["width"] == 1180  # the staged spec itself is left alone


def test_slide_plot_is_never_squeezed_below_its_minimum_height():
    from moneyloop import render

    spec = {"vconcat": [{"mark": "bar", "width": 1180, "height": 646}]}
    # a huge legend takes 900 px down: 1020 - 900 = 120 px left, below the 360 px minimum
    out = render.fitted(spec, lambda s: (s["vconcat"][0]["width"] + 300, s["vconcat"][0]["height"] + 900))
    assert out["vconcat"][0]["height"] == render.SLIDE_MIN_PLOT_HEIGHT == 360


def test_concatenated_slides_keep_their_own_sizes():
    from moneyloop import render

    spec = {"vconcat": [{"hconcat": [{"mark": "bar"}, {"mark": "bar"}]}]}
    assert render.fitted(spec, lambda s: (1, 1)) is spec
