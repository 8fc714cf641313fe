"""Publish a figure once: glue it for the page and write PNG, SVG, CSV and slide exports with their sources."""

from __future__ import annotations

import json
import os
import re
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import altair as alt
import pandas as pd

from moneyloop import (
    LICENSE_CONTENT,
    LICENSE_CONTENT_URL,
    REPORT_ADDRESS,
    bib,
    charts,
    datasets,
    render,
    safecsv,
)

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
    units: dict[str, str] = field(default_factory=dict)
    license: str = LICENSE_CONTENT

    def _ipython_display_(self) -> None:
        """Nothing: publish has already displayed the chart, so a cell ending in publish shows no repr."""


# --- the public CSV behind a figure --------------------------------------------------------

_UNITS = [  # column-name suffix, unit shown in the header, unit named in the metadata
    ("_usd_bn", "USD bn", "US dollars, billions, nominal"),
    ("usd_bn", "USD bn", "US dollars, billions, nominal"),
    ("_pct", "%", "percent"),
    ("_gw", "GW", "gigawatts"),
]
_LAYOUT = re.compile(r"^(width_.*|.*_width|stroke.*|opacity|dx|dy)$")
"""Columns that only style a drawing (line widths, offsets): they never go into a public CSV."""
_OPEN_END = 9999  # a sentinel year some builders use for "still standing"


def header(column: str) -> tuple[str, str]:
    """A readable header with its unit ('value_usd_bn' -> 'Value (USD bn)') and the unit's full name."""
    for suffix, short, full in _UNITS:
        if column.endswith(suffix):
            stem = column[: -len(suffix)].strip("_").replace("_", " ")
            text = f"{stem} ({short})" if stem else short
            return text[:1].upper() + text[1:], full
    text = column.replace("_", " ")
    return text[:1].upper() + text[1:], ""


def _fractional_years(s: pd.Series) -> bool:
    """True for a column of years with fractions (2025.39), which only position marks on a time axis."""
    if not pd.api.types.is_float_dtype(s) or not s.name.endswith("year"):
        return False
    v = s.dropna()
    return bool(len(v)) and bool(((v % 1) != 0).any())


def _quarter(s: pd.Series) -> pd.Series:
    """Dates standing for quarters, written as '2023 Q1'."""
    d = pd.to_datetime(s, errors="coerce")
    return d.dt.year.astype("Int64").astype(str) + " Q" + d.dt.quarter.astype("Int64").astype(str)


def _significant(v: object) -> object:
    """A float rounded to six significant digits, so 3.1799999999999997 reads 3.18."""
    return float(f"{v:.6g}") if isinstance(v, float) and pd.notna(v) else v


def public_table(data: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """The figure's data as readers get it: no styling columns, dates as dates, headers with units."""
    df = data.copy()
    drop = [c for c in df.columns if _LAYOUT.match(str(c)) or _fractional_years(df[c])]
    df = df.drop(columns=drop)
    units: dict[str, str] = {}
    for c in list(df.columns):
        s = df[c]
        if str(c) == "quarter" or str(c).endswith("_quarter"):
            df[c] = _quarter(s)
        elif pd.api.types.is_datetime64_any_dtype(s):
            df[c] = s.dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            df[c] = s.where(s != _OPEN_END).map(_significant)
    names = {}
    for c in df.columns:
        names[c], unit = header(str(c))
        if unit:
            units[names[c]] = unit
    return df.rename(columns=names), units


def write_csv(data: pd.DataFrame, path: Path) -> None:
    """The one place a figure's CSV is written: formula-leading cells are neutralised on the way out."""
    safecsv.write(data, path, index=False, date_format="%Y-%m-%d")


def metadata(fig: Figure, sources: dict[str, bib.Source]) -> dict:
    """What a downloaded figure needs to stand alone: title, units, sources with URLs, as-of date, licence."""
    return {
        "title": fig.title,
        "subtitle": fig.subtitle,
        "description": fig.caption,
        "units": fig.units,
        "sources": [
            {
                "key": k,
                "citation": sources[k].short(),
                "title": sources[k].title,
                "grade": sources[k].grade,
                "url": sources[k].url,
            }
            for k in fig.sources
            if k in sources
        ],
        "as_of": fig.as_of,
        "license": {"name": LICENSE_CONTENT, "url": LICENSE_CONTENT_URL},
        "published_in": REPORT_ADDRESS,
        "figure_id": fig.id,
    }


def readme(fig: Figure) -> str:
    """The short README inside a figure's zip."""
    units = "".join(f"- {k}: {v}\n" for k, v in fig.units.items()) or "- see the column names\n"
    return (
        f"{fig.title}\n\n{fig.caption}\n\n"
        f"{fig.id}.csv holds the data drawn in the figure; {fig.id}.metadata.json holds its title, units, "
        f"sources (with URLs and grades), as-of date and licence.\n\nUnits:\n{units}\n"
        f"Source: {fig.source_line}.\nData as of {fig.as_of}.\n"
        f"Licence: {LICENSE_CONTENT} ({LICENSE_CONTENT_URL}); credit {REPORT_ADDRESS}.\n"
    )


def write_zip(fig: Figure, folder: Path, sources: dict[str, bib.Source]) -> str:
    """Pack the CSV, its metadata and a README into <id>.zip; return the file name."""
    name = f"{fig.id}.zip"
    with zipfile.ZipFile(folder / name, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(folder / f"{fig.id}.csv", f"{fig.id}.csv")
        z.writestr(
            f"{fig.id}.metadata.json", json.dumps(metadata(fig, sources), indent=1, ensure_ascii=False)
        )
        z.writestr("README.txt", readme(fig))
    return name


def caption_sources(keys: list[str], sources: dict[str, bib.Source]) -> str:
    """The primary sources by name, then how many others by grade: the caption's source text."""
    keys = list(dict.fromkeys(keys))
    primary = list(dict.fromkeys(f"{sources[k].short()} [P]" for k in keys if sources[k].grade == "P"))
    rest = [k for k in keys if sources[k].grade != "P"]
    if not primary or len(keys) <= 6:
        return bib.source_line(keys, sources)
    counts = ", ".join(f"{n} {g}" for g in bib.GRADES if (n := sum(sources[k].grade == g for k in rest)))
    return f"{'; '.join(primary)}; and {len(rest)} more ({counts})"


def _escape_md(text: str) -> str:
    """Caption text as literal Markdown: markup in data can never become HTML."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_{}\[\]|])", r"\\\1", text)


def _footer(lines: list[str], width: int, scale: float) -> dict:
    """The source, as-of, licence and address lines, drawn under the chart from its left edge (axes included)."""
    return {
        "text": lines,
        "orient": "bottom",
        "anchor": "start",
        "frame": "bounds",
        "fontSize": charts.TYPE_SCALE["footer"] * scale,
        "fontWeight": "normal",
        "color": "#555",
        "limit": width,
        "offset": 14 * scale,
        "lineHeight": charts.TYPE_SCALE["footer"] * scale * 1.35,
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


def _wrap_words(text: str, chars: int) -> list[str]:
    """Break text between words into lines of at most `chars` characters."""
    lines, current = [], ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > chars:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return lines + [current]


def _scale_rows(spec: dict, scale: float) -> None:
    """Grow a chart's row step or fixed height with the type, so scaled labels never overlap."""
    height = spec.get("height")
    if isinstance(height, dict) and "step" in height:
        spec["height"] = {"step": height["step"] * scale}
    elif isinstance(height, (int, float)):
        spec["height"] = height * scale


_COMPOUND = (alt.HConcatChart, alt.VConcatChart, alt.ConcatChart, alt.FacetChart, alt.RepeatChart)
"""Chart kinds whose width is set on their parts, not on the whole."""


def _scale_text(spec: object, scale: float) -> None:
    """Multiply the font sizes and label lengths a chart sets on its own marks, axes and legends, so slide
    notes and labels grow with the type scale and show as much text as on the page."""
    if isinstance(spec, dict):
        mark = spec.get("mark")
        if isinstance(mark, dict) and isinstance(mark.get("fontSize"), (int, float)):
            mark["fontSize"] = mark["fontSize"] * scale
        for key in ("axis", "legend"):
            part = spec.get(key)
            if isinstance(part, dict) and isinstance(part.get("labelLimit"), (int, float)):
                part["labelLimit"] = part["labelLimit"] * scale
        for v in spec.values():
            _scale_text(v, scale)
    elif isinstance(spec, list):
        for v in spec:
            _scale_text(v, scale)


def export_spec(
    chart: alt.TopLevelMixin, fig: Figure, width: int, scale: float = 1.0, number: str = ""
) -> dict:
    """A standalone spec with title, subtitle, and a footer: figure number, source line, as-of date, licence."""
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
    chars = int(width / (5.4 * scale))  # about the average character width of the footer type
    lines = (
        [render.number_line(number, fig.title)]
        + _wrap(f"Source: {fig.source_line}", chars)
        + _wrap_words(f"Data as of {fig.as_of}. Licence {LICENSE_CONTENT}. {REPORT_ADDRESS}.", chars)
    )
    if not isinstance(chart, _COMPOUND):
        _scale_rows(spec, scale)
    if scale != 1.0:
        _scale_text(spec, scale)
    spec["title"] = _footer(lines, width, scale)
    config = charts.theme_config(scale)
    config["legend"]["orient"] = "top"  # under the subtitle, never below the source lines
    # Several legends stack under the subtitle instead of standing side by side past the image's edge.
    config["legend"]["layout"] = {"top": {"anchor": "start", "direction": "vertical", "margin": 8 * scale}}
    # Long row labels read in full where the image is wide (a slide's plot is widened to fill the canvas).
    config["axis"]["labelLimit"] = round(width * (0.42 if scale == 1.0 else 0.6))
    out = {
        "$schema": schema,
        "title": {"text": fig.title, "subtitle": [fig.subtitle] if fig.subtitle else []},
        "vconcat": [spec],
        "config": config,
        "padding": 16 * scale,
    }
    if variables:
        out["params"] = variables
    if datasets_:
        out["datasets"] = datasets_
    return out


def stage_exports(chart: alt.TopLevelMixin, fig: Figure, data: pd.DataFrame, folder: Path) -> dict[str, str]:
    """Write the CSV, its zip, the metadata and the two specs the drawings are made from; return the names."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "png": f"{fig.id}.png",
        "svg": f"{fig.id}.svg",
        "csv": f"{fig.id}.csv",
        "slide": f"{fig.id}-slide.png",
        "zip": f"{fig.id}.zip",
    }
    page_spec, slide_spec = render.spec_files(folder, fig.id)
    # The number the last build gave the figure (the book writes it when it publishes the figures); a figure
    # drawn for the first time, or outside the book, is named by its title until then.
    known = folder / f"{fig.id}.number"
    number = known.read_text(encoding="utf-8").strip() if known.exists() else ""
    page = export_spec(chart, fig, width=640, number=number)
    page_spec.write_text(json.dumps(page, sort_keys=True), encoding="utf-8")
    slide = export_spec(chart, fig, width=render.SLIDE_PLOT_WIDTH, scale=charts.SLIDE_SCALE, number=number)
    slide_spec.write_text(json.dumps(slide, sort_keys=True), encoding="utf-8")
    table, fig.units = public_table(data)
    write_csv(table, folder / files["csv"])
    write_zip(fig, folder, datasets.sources())
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
    """Caption, then the primary sources (and a count of the rest) and the as-of date, as safe Markdown."""
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
        source_line=caption_sources(sources, known),
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
