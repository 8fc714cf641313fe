"""One chart theme, an offline renderer, and builders for the report's recurring chart kinds."""

from __future__ import annotations

import hashlib
import json
import os

import altair as alt
import pandas as pd

# Okabe-Ito: distinguishable with every common colour-vision deficiency.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
GREY = "#8C8C8C"
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"  # vl-convert embeds Liberation Sans

STATUS_ORDER = ["funded", "definitive", "loi", "reported", "superseded", "terminated"]
BINDING = ("definitive", "funded")


def theme_config(scale: float = 1.0) -> dict:
    """Vega-Lite config: readable type (scaled for slides), muted grid, the Okabe-Ito palette."""
    s = scale
    return {
        "font": FONT,
        "background": "white",
        "view": {"stroke": None, "continuousWidth": 560, "continuousHeight": 320},
        "range": {"category": PALETTE},
        "title": {
            "fontSize": 17 * s,
            "subtitleFontSize": 13 * s,
            "anchor": "start",
            "color": "#111",
            "subtitleColor": "#444",
            "offset": 10 * s,
        },
        "axis": {
            "labelFontSize": 12 * s,
            "titleFontSize": 13 * s,
            "gridColor": "#e6e6e6",
            "domainColor": "#888",
            "tickColor": "#888",
            "labelColor": "#333",
            "titleColor": "#333",
            "labelLimit": 260 * s,
        },
        "legend": {
            "labelFontSize": 12 * s,
            "titleFontSize": 13 * s,
            "labelLimit": 260 * s,
            "orient": "bottom",
            "direction": "horizontal",
            "columns": 3,
        },
        "header": {"labelFontSize": 12 * s, "titleFontSize": 13 * s},
        "text": {"fontSize": 12 * s},
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
    """A chart div plus a script drawing it with the page's local vega-embed (no CDN)."""
    body = _script_safe(spec)
    div = "vl-" + hashlib.sha1(body.encode()).hexdigest()[:12]
    label = alt_text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return (
        f'<div id="{div}" class="vega-offline-chart" role="img" aria-label="{label}" style="width:100%"></div>'
        "<script>(function(){"
        f'var el=document.getElementById("{div}"),spec={body};'
        "function draw(){if(!window.vegaEmbed){el.textContent='Chart library (vega-bundle.js) not loaded.';return;}"
        "window.vegaEmbed(el,spec,{mode:'vega-lite',actions:false,renderer:'svg'})"
        ".catch(function(e){el.textContent='Chart failed to render: '+e.message;});}"
        "if(document.readyState==='loading'){document.addEventListener('DOMContentLoaded',draw);}else{draw();}"
        "})();</script>"
    )


def in_book() -> bool:
    """True inside a book build (the Sphinx extension names a figure folder for each page)."""
    return bool(os.environ.get("MONEYLOOP_FIGURES_DIR"))


JUPYTER_VEGALITE = "application/vnd.vegalite.v5+json"
"""The Vega-Lite mimetype JupyterLab 4 draws (its built-in vega5 extension); it has no renderer for v6."""


def jupyter_bundle(spec: dict, alt_text: str = "") -> dict:
    """What JupyterLab and nbconvert draw without the site: Vega-Lite for JupyterLab, a static SVG for the rest."""
    import vl_convert as vlc

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
