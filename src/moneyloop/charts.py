"""One chart theme, an offline renderer, and builders for the report's recurring chart kinds."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence

import altair as alt
import pandas as pd

# Okabe-Ito: distinguishable with every common colour-vision deficiency.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
GREY = "#8C8C8C"
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"  # vl-convert embeds Liberation Sans


# One colour for every "headline" (all announced, including ceilings) series and one for every "binding" series,
# in every figure, so a reader learns them once.
HEADLINE_COLOR = PALETTE[0]  # blue: what most figures already drew first
BINDING_COLOR = PALETTE[1]  # orange
VIEW_ORDER = ["headline", "binding"]

# Reader-facing names for the codes the data uses; charts show these, never the codes.
LABELS = {
    "loi": "letter of intent",
    "funded": "funded",
    "definitive": "definitive agreement",
    "reported": "reported",
    "superseded": "superseded",
    "terminated": "terminated",
    "headline": "headline (all announced)",
    "binding": "binding only",
}

# The type scale, in CSS pixels at page size; slides multiply every entry by SLIDE_SCALE.
TYPE_SCALE = {"title": 17, "subtitle": 13, "axis_title": 13, "label": 12, "footer": 11}
SLIDE_SCALE = 1.9


def theme_config(scale: float = 1.0) -> dict:
    """Vega-Lite config: readable type (scaled for slides), muted grid, the Okabe-Ito palette."""
    s, ts = scale, TYPE_SCALE
    return {
        "font": FONT,
        "background": "white",
        "view": {
            "stroke": None,
            "continuousWidth": 560,
            "continuousHeight": 320 * s,
            "discreteHeight": {"step": 20 * s},
        },
        "range": {"category": PALETTE},
        "title": {
            "fontSize": ts["title"] * s,
            "subtitleFontSize": ts["subtitle"] * s,
            "anchor": "start",
            "color": "#111",
            "subtitleColor": "#444",
            "offset": 10 * s,
        },
        "axis": {
            "labelFontSize": ts["label"] * s,
            "titleFontSize": ts["axis_title"] * s,
            "gridColor": "#e6e6e6",
            "domainColor": "#888",
            "tickColor": "#888",
            "labelColor": "#333",
            "titleColor": "#333",
            "labelLimit": 260 * s,
        },
        "legend": {
            "labelFontSize": ts["label"] * s,
            "titleFontSize": ts["axis_title"] * s,
            "titleLimit": 0,
            "labelLimit": 260 * s,
            "orient": "bottom",
            "direction": "horizontal",
            "columns": 3,
        },
        "header": {"labelFontSize": ts["label"] * s, "titleFontSize": ts["axis_title"] * s},
        "text": {"fontSize": ts["label"] * s},
        "mark": {"tooltip": True, "color": PALETTE[0]},
        "line": {"strokeWidth": 2.5 * s},
        "point": {"size": 60 * s * s, "filled": True},
    }


@alt.theme.register("moneyloop", enable=False)
def _theme() -> alt.theme.ThemeConfig:
    return alt.theme.ThemeConfig({"config": theme_config()})


# --- offline rendering --------------------------------------------------------------------


def _script_safe(obj: dict) -> str:
    """JSON that cannot end or break out of an inline <script> whatever the data contains."""
    text = json.dumps(obj, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
    for ch, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, esc)
    return text


def offline_html(spec: dict, alt_text: str = "") -> str:
    """A chart div plus a script queueing it for the site's moneyloop.js, which fits it to its column (no CDN)."""
    body = _script_safe(spec)
    div = "vl-" + hashlib.sha1(body.encode()).hexdigest()[:12]
    label = alt_text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return (
        f'<div id="{div}" class="vega-offline-chart" role="img" aria-label="{label}" style="width:100%"></div>'
        f'<script>(window.mlCharts=window.mlCharts||[]).push({{id:"{div}",spec:{body}}});</script>'
    )


def in_book() -> bool:
    """True inside a book build (the Sphinx extension names a figure folder for each page)."""
    return bool(os.environ.get("MONEYLOOP_FIGURES_DIR"))


JUPYTER_VEGALITE = "application/vnd.vegalite.v5+json"
JUPYTER_WIDTH = 640
"""Chart width in pixels outside the book, about the book's text column."""
"""The Vega-Lite mimetype JupyterLab 4 draws (its built-in vega5 extension); it has no renderer for v6."""


def jupyter_bundle(spec: dict, alt_text: str = "") -> dict:
    """What JupyterLab and nbconvert draw without the site: Vega-Lite for JupyterLab, a static SVG for the rest."""
    import vl_convert as vlc

    if spec.get("width") == "container":  # a notebook output has no sized container: draw at the book's width
        spec = {**spec, "width": JUPYTER_WIDTH}
    return {
        JUPYTER_VEGALITE: spec,
        "image/svg+xml": vlc.vegalite_to_svg(spec),
        "text/plain": f"<chart: {alt_text or spec.get('description', 'Vega-Lite')}>",
    }


def mimebundle(spec: dict, alt_text: str = "") -> dict:
    """Offline HTML in the book (myst-nb warns on other mimetypes); outside it, what Jupyter front ends draw."""
    if in_book():
        return {"text/html": offline_html(spec, alt_text)}
    return jupyter_bundle(spec, alt_text)


def offline_renderer(spec: dict, **_: object) -> dict:
    """Altair renderer: the page's local vega-embed in the book, Jupyter's own renderers elsewhere."""
    return mimebundle(spec)


alt.renderers.register("moneyloop_offline", offline_renderer)  # registering a name changes nothing yet


def enable() -> None:
    """Switch Altair to the report's theme and renderer; chapters call it (via book.setup), importing does not."""
    alt.theme.enable("moneyloop")
    alt.renderers.enable("moneyloop_offline")


# --- formats ------------------------------------------------------------------------------

USD_BN_AXIS = alt.Axis(format="$,.0f", labelExpr="datum.label + 'B'")


def label(code: str) -> str:
    """The reader-facing name of a data code ('loi' -> 'letter of intent'); unknown codes read as words."""
    return LABELS.get(code, str(code).replace("-", " ").replace("_", " "))


def label_expr(codes: list[str]) -> str:
    """A Vega labelExpr that shows human names for the given codes on an axis or legend."""
    cases = "".join(f"datum.label === {json.dumps(c)} ? {json.dumps(label(c))} : " for c in codes)
    return cases + "datum.label"


def view_color(title: str | None = None) -> alt.Color:
    """Colour encoding of a 'view' field: headline and binding in their one colour each, with human names."""
    return alt.Color(
        "view:N",
        title=title,
        sort=VIEW_ORDER,
        scale=alt.Scale(domain=VIEW_ORDER, range=[HEADLINE_COLOR, BINDING_COLOR]),
        legend=alt.Legend(labelExpr=label_expr(VIEW_ORDER)),
    )


def status_color(order: Sequence[str], title: str | None = "Status") -> alt.Color:
    """Colour encoding of a deal 'status' field in the report's order, with human names in the legend."""
    order = list(order)  # deals.vocabulary.STATUS_ORDER, passed in: charts imports no topic module
    return alt.Color(
        "status:N",
        title=title,
        sort=order,
        scale=alt.Scale(domain=order, range=PALETTE[: len(order)]),
        legend=alt.Legend(labelExpr=label_expr(order)),
    )


def is_partial(period_start: pd.Series, as_of: pd.Timestamp, freq: str = "Q") -> pd.Series:
    """True for periods that end after the data's as-of date, which a chart must mark as partial."""
    start = pd.to_datetime(period_start)
    end = start.dt.to_period(freq).dt.end_time
    return end > pd.Timestamp(as_of) + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)


PARTIAL_OPACITY = alt.condition("datum.partial", alt.value(0.4), alt.value(1.0))
"""Opacity encoding that fades marks whose row has partial=True (a period still running at the as-of date)."""


def usd_tooltip(field: str, title: str) -> alt.Tooltip:
    """Tooltip showing an exact USD-billion value."""
    return alt.Tooltip(field, title=f"{title} (USD bn)", format=",.2f")


# --- builders -----------------------------------------------------------------------------


def bar(
    df: pd.DataFrame,
    x: str,
    y: str,
    *,
    color: str | None = None,
    x_title: str = "",
    y_title: str = "",
    tooltip: list | None = None,
    sort: list | str | None = "-x",
    color_sort: list | None = None,
    x_axis: alt.Axis | None = None,
) -> alt.Chart:
    """Horizontal bars (category on y), optionally stacked by colour."""
    enc = {
        "x": alt.X(x, title=x_title, axis=x_axis or alt.Axis()),
        "y": alt.Y(y, title=y_title, sort=sort),
        "tooltip": tooltip or [y, x],
    }
    if color:
        enc["color"] = alt.Color(
            color,
            title=None,
            sort=color_sort,
            scale=alt.Scale(domain=color_sort) if color_sort else alt.Undefined,
        )
    return alt.Chart(df).mark_bar().encode(**enc)


def timeline(
    df: pd.DataFrame,
    x: str,
    y: str,
    *,
    color: str | None = None,
    x_title: str = "",
    y_title: str = "",
    tooltip: list | None = None,
    step: bool = False,
    y_axis: alt.Axis | None = None,
) -> alt.Chart:
    """Lines over time (one per colour value), stepped for cumulative totals."""
    mark = alt.Chart(df).mark_line(interpolate="step-after" if step else "linear", point=False)
    enc = {
        "x": alt.X(x, title=x_title, type="temporal"),
        "y": alt.Y(y, title=y_title, axis=y_axis or alt.Axis()),
        "tooltip": tooltip or [x, y],
    }
    if color:
        enc["color"] = alt.Color(color, title=None)
    return mark.encode(**enc)


def dots(
    df: pd.DataFrame,
    x: str,
    y: str,
    *,
    color: str | None = None,
    size: str | None = None,
    x_title: str = "",
    y_title: str = "",
    tooltip: list | None = None,
    log: bool = False,
) -> alt.Chart:
    """Scatter of points, with log scales for quantities spanning orders of magnitude."""
    scale = alt.Scale(type="log") if log else alt.Scale(zero=False)
    enc = {
        "x": alt.X(x, title=x_title, scale=scale),
        "y": alt.Y(y, title=y_title, scale=scale),
        "tooltip": tooltip or [x, y],
    }
    if color:
        enc["color"] = alt.Color(color, title=None)
    if size:
        enc["size"] = alt.Size(size, legend=None)
    return alt.Chart(df).mark_point(filled=True, opacity=0.85).encode(**enc)


def rules_with_labels(df: pd.DataFrame, x: str, label: str) -> alt.LayerChart:
    """Vertical date markers with short labels, to annotate a timeline."""
    base = alt.Chart(df)
    rule = base.mark_rule(color=GREY, strokeDash=[4, 3]).encode(
        x=alt.X(x, type="temporal"), tooltip=[label, x]
    )
    text = base.mark_text(align="left", dx=4, dy=-6, color="#444", baseline="top").encode(
        x=alt.X(x, type="temporal"), y=alt.value(2), text=label
    )
    return alt.layer(rule, text)
