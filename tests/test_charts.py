"""The chart theme's constants, human labels and the offline chart markup."""

from __future__ import annotations

import json

from moneyloop import charts


def test_headline_and_binding_have_one_colour_each():
    # Okabe-Ito: blue #0072B2 is PALETTE[0] (headline), orange #E69F00 is PALETTE[1] (binding)
    assert (charts.HEADLINE_COLOR, charts.BINDING_COLOR) == ("#0072B2", "#E69F00")
    scale = charts.view_color().to_dict()["scale"]
    assert scale == {"domain": ["headline", "binding"], "range": ["#0072B2", "#E69F00"]}


def test_codes_read_as_words():
    assert charts.label("loi") == "letter of intent"
    assert charts.label("chip-purchase") == "chip purchase"  # unknown code: dashes become spaces
    assert charts.label("cloud_contract") == "cloud contract"


def test_label_expr_maps_each_code_then_falls_back():
    expr = charts.label_expr(["loi", "funded"])
    assert expr == (
        'datum.label === "loi" ? "letter of intent" : datum.label === "funded" ? "funded" : datum.label'
    )


def test_slide_type_scale_multiplies_every_size():
    page, slide = charts.theme_config(1.0), charts.theme_config(charts.SLIDE_SCALE)
    # title 17 px on the page; on a slide 17 x 1.9 = 32.3 px; axis labels 12 x 1.9 = 22.8 px
    assert page["title"]["fontSize"] == 17
    assert round(slide["title"]["fontSize"], 1) == 32.3
    assert round(slide["axis"]["labelFontSize"], 1) == 22.8
    # plot height 320 x 1.9 = 608, discrete step 20 x 1.9 = 38, so slide rows never crowd their labels
    assert round(slide["view"]["continuousHeight"]) == 608
    assert round(slide["view"]["discreteHeight"]["step"]) == 38


def test_offline_chart_queues_its_spec_and_cannot_break_out_of_the_script():
    html = charts.offline_html({"title": "</script><b>x</b>"}, alt_text='A "quoted" <chart>')
    assert 'aria-label="A &quot;quoted&quot; &lt;chart>"' in html
    assert "</script><b>" not in html  # the title's markup is escaped inside the script
    start = html.index("spec:") + len("spec:")
    spec = json.loads(html[start : html.rindex("});</script>")])
    assert spec == {"title": "</script><b>x</b>"}
    assert "window.mlCharts" in html


def test_only_the_quarter_running_at_the_as_of_date_is_partial():
    import pandas as pd

    starts = pd.Series(pd.to_datetime(["2026-01-01", "2026-04-01", "2026-07-01"]))
    # as of 3 July 2026: Q1 and Q2 2026 are complete, Q3 (1 July to 30 September) has three days of data
    assert charts.is_partial(starts, pd.Timestamp("2026-07-03")).tolist() == [False, False, True]
    # as of 30 September 2026, the last day of Q3, no quarter is partial
    assert charts.is_partial(starts, pd.Timestamp("2026-09-30")).tolist() == [False, False, False]


def test_status_legend_shows_names_not_codes():
    enc = charts.status_color(
        ("funded", "definitive", "loi", "reported", "superseded", "terminated")
    ).to_dict()
    assert enc["scale"]["domain"] == ["funded", "definitive", "loi", "reported", "superseded", "terminated"]
    assert '"loi" ? "letter of intent"' in enc["legend"]["labelExpr"]
