"""Publish a figure once: glue it for the page and write PNG, SVG, CSV and slide exports with their sources."""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import altair as alt
import pandas as pd

from moneyloop import REPORT_TITLE, bib, charts, datasets, render, safecsv

FIGURES_ENV = "MONEYLOOP_FIGURES_DIR"  # set by the book's Sphinx extension for each page it executes
DOCNAME_ENV = "MONEYLOOP_DOCNAME"
DEFER_ENV = "MONEYLOOP_DEFER_DRAWING"  # set by the extension, which draws staged figures in worker processes
EXPORTS_ENV = (
    "MONEYLOOP_EXPORTS_DIR"  # outside the book (Jupyter), write each figure's exports into this folder
)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass
class Figure:
    """What the gallery, the exports and the citation text need to know about a figure."""

    id: str
    title: str
    subtitle: str
    caption: str
    alt: str
    sources: list[str]
    source_line: str
    as_of: str
    docname: str = ""
    files: dict[str, str] = field(default_factory=dict)

    def _ipython_display_(self) -> None:
        """Nothing: publish has already displayed the chart, so a cell ending in publish shows no repr."""


def _escape_md(text: str) -> str:
    """Caption text as literal Markdown: markup in data can never become HTML."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_{}\[\]|])", r"\\\1", text)


def _footer(lines: list[str], width: int, scale: float) -> dict:
    return {
        "data": {"values": [{"i": i, "t": t} for i, t in enumerate(lines)]},
        "mark": {
            "type": "text",
            "align": "left",
            "baseline": "top",
            "fontSize": 11 * scale,
            "color": "#555",
            "limit": width,
        },
        "encoding": {
            "text": {"field": "t"},
            "y": {"field": "i", "type": "ordinal", "axis": None},
            "x": {"value": 0},
        },
        "width": width,
        "height": int(16 * scale * len(lines)),
        "view": {"stroke": None},
    }


def _wrap(text: str, chars: int) -> list[str]:
    """Break a long source line at '; ' so every source stays readable in the image."""
    lines, current = [], ""
    for part in text.split("; "):
        candidate = f"{current}; {part}" if current else part
        if current and len(candidate) > chars:
            lines.append(current + ";")
            current = part
        else:
            current = candidate
    return lines + [current]


_COMPOUND = (alt.HConcatChart, alt.VConcatChart, alt.ConcatChart, alt.FacetChart, alt.RepeatChart)
"""Chart kinds whose width is set on their parts, not on the whole."""


def export_spec(chart: alt.TopLevelMixin, fig: Figure, width: int, scale: float = 1.0) -> dict:
    """A standalone spec with title, subtitle, source line, as-of date and the report's name drawn in."""
    if not isinstance(chart, _COMPOUND):  # concatenated charts size their parts themselves
        chart = chart.properties(width=width)
    spec = chart.to_dict()
    datasets_ = spec.pop("datasets", {})
    spec.pop("config", None)
    schema = spec.pop("$schema", None)
    spec.pop("title", None)
    # Variable parameters (sliders, radio buttons) must sit at the top level of a Vega-Lite spec; the export
    # wraps the chart in a vconcat, so they are lifted out of it. Selection parameters stay with their views.
    variables = [p for p in spec.get("params", []) if "select" not in p]
    if variables:
        spec["params"] = [p for p in spec["params"] if "select" in p]
        if not spec["params"]:
            spec.pop("params")
    lines = _wrap(f"Source: {fig.source_line}", int(width / (6.2 * scale))) + [
        f"Data as of {fig.as_of}. {REPORT_TITLE}, figure '{fig.id}'."
    ]
    out = {
        "$schema": schema,
        "title": {"text": fig.title, "subtitle": [fig.subtitle] if fig.subtitle else []},
        "vconcat": [spec, _footer(lines, width, scale)],
        "spacing": 14 * scale,
        "config": charts.theme_config(scale),
        "padding": 16 * scale,
    }
    if variables:
        out["params"] = variables
    if datasets_:
        out["datasets"] = datasets_
    return out


def stage_exports(chart: alt.TopLevelMixin, fig: Figure, data: pd.DataFrame, folder: Path) -> dict[str, str]:
    """Write the CSV, the metadata and the two specs the drawings are made from; return the export names."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "png": f"{fig.id}.png",
        "svg": f"{fig.id}.svg",
        "csv": f"{fig.id}.csv",
        "slide": f"{fig.id}-slide.png",
    }
    page_spec, slide_spec = render.spec_files(folder, fig.id)
    page_spec.write_text(json.dumps(export_spec(chart, fig, width=640), sort_keys=True), encoding="utf-8")
    slide_spec.write_text(
        json.dumps(export_spec(chart, fig, width=1180, scale=1.9), sort_keys=True), encoding="utf-8"
    )
    safecsv.write(data, folder / files["csv"], index=False, date_format="%Y-%m-%d")
    fig.files = files
    (folder / f"{fig.id}.json").write_text(
        json.dumps(asdict(fig), indent=1, ensure_ascii=False), encoding="utf-8"
    )
    return files


def write_exports(chart: alt.TopLevelMixin, fig: Figure, data: pd.DataFrame, folder: Path) -> dict[str, str]:
    """Write <id>.png (2x), .svg, .csv, -slide.png and .json into folder; return the file names."""
    files = stage_exports(chart, fig, data, folder)
    render.draw(folder, fig.id)
    return files


def caption_markdown(fig: Figure) -> str:
    """Caption, then the graded source line and the as-of date, as safe Markdown."""
    return f"{_escape_md(fig.caption)} Source: {_escape_md(fig.source_line)}. Data as of {_escape_md(fig.as_of)}."


def publish(
    chart: alt.TopLevelMixin,
    *,
    id: str,
    title: str,
    caption: str,
    alt_text: str,
    sources: list[str],
    data: pd.DataFrame,
    subtitle: str = "",
    as_of: str | None = None,
) -> Figure:
    """Glue chart and caption for {glue:figure} under `id`, and write its exports when the book builds."""
    from IPython.display import Markdown
    from myst_nb import glue

    if not _ID.match(id):
        raise ValueError(f"figure id {id!r} must be a lower-case slug")
    known = datasets.sources()
    missing = [k for k in sources if k not in known]
    if missing or not sources:
        raise KeyError(f"figure {id!r}: unknown or no source keys {missing} (see data/references.bib)")
    fig = Figure(
        id=id,
        title=title,
        subtitle=subtitle,
        caption=caption,
        alt=alt_text,
        sources=list(sources),
        source_line=bib.source_line(sources, known),
        as_of=as_of or datasets.as_of_label(),
        docname=os.environ.get(DOCNAME_ENV, ""),
    )
    page = chart.properties(title=alt.TitleParams(title, subtitle=[subtitle] if subtitle else []))
    if not isinstance(page, _COMPOUND):
        page = page.properties(width="container")
    shown = Shown(page, alt_text)
    glue(id, shown, display=not charts.in_book())  # outside the book (JupyterLab) the chart shows in place
    if charts.in_book():  # outside the book a caption record would only add an invisible output
        glue(f"{id}-caption", Markdown(caption_markdown(fig)), display=False)
    folder = os.environ.get(FIGURES_ENV) or os.environ.get(EXPORTS_ENV)
    if folder and os.environ.get(DEFER_ENV):
        stage_exports(chart, fig, data, Path(folder))
    elif folder:
        write_exports(chart, fig, data, Path(folder))
    return fig


class Shown:
    """A chart with its alt text, displayed through the offline renderer."""

    def __init__(self, chart: alt.TopLevelMixin, alt_text: str):
        self.chart = chart
        self.alt_text = alt_text

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return charts.mimebundle(self.chart.to_dict(), self.alt_text)


def show(chart: alt.TopLevelMixin, alt_text: str) -> Shown:
    """An unnumbered chart (e.g. an interactive explorer) to display offline, with alt text."""
    return Shown(chart, alt_text)
