"""Each figure's reuse block (chart/table toggle, downloads, sources, citation, permalink) and the gallery.

The block under every figure and each gallery entry are rendered from the same parts, so they never disagree.
"""

from __future__ import annotations

import csv
import html
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.osutil import relative_uri

from moneyloop import LICENSE_CONTENT, LICENSE_CONTENT_URL, bib, citation, datasets, render
from moneyloop.ext import exports
from moneyloop.ext.stage import Stage
from moneyloop.site import DATA_FOLDER, DATA_ZIP, REFERENCES_DOC

TABLE_ROWS = 50  # rows shown in a figure's data table; the CSV download always has them all
DATA_PACKAGE = f"{DATA_FOLDER}/{DATA_ZIP}"


def _e(value: object) -> str:
    return html.escape(str(value))


# --- the parts (pure functions: metadata in, escaped HTML out) ----------------------------------


def downloads_html(files: dict[str, str]) -> str:
    """Download links for every export a figure has, labelled for readers."""
    names = {
        "png": "PNG",
        "svg": "SVG",
        "csv": "CSV data",
        "slide": f"slide PNG ({render.SLIDE[0]}×{render.SLIDE[1]})",
        "zip": "zip (CSV, metadata, README)",
    }
    links = [f'<a href="{_e(files[k])}" download>{v}</a>' for k, v in names.items() if k in files]
    return '<p class="ml-downloads">Download: ' + " · ".join(links) + "</p>"


def sources_html(keys: list[str], sources: dict[str, bib.Source], refs: str, data: str) -> str:
    """The sources behind the figure linked to their References entries; beyond six, the primary ones and a count."""
    keys = [k for k in dict.fromkeys(keys) if k in sources]
    keys.sort(key=lambda k: (list(bib.GRADES).index(sources[k].grade), sources[k].short()))

    def link(k: str) -> str:
        s = sources[k]
        return f'<a href="{_e(refs)}#ref-{_e(k)}">{_e(s.short())} [{_e(s.grade)}]</a>'

    pkg = f'<a href="{_e(data)}">the data package</a>'
    if len(keys) <= 6:
        return f'<p class="ml-sources">Sources: {"; ".join(link(k) for k in keys)}. Rows and their sources: {pkg}.</p>'
    primary = [k for k in keys if sources[k].grade == "P"]
    rest = len(keys) - len(primary)
    named = "; ".join(link(k) for k in primary)
    lead = f"Primary sources: {named}; and {rest} more" if primary else f"{rest} sources"
    return (
        f'<p class="ml-sources">{lead}, each listed on the <a href="{_e(refs)}">References</a> page '
        f"and named row by row in {pkg}.</p>"
    )


def citation_html(fig: dict, number: str) -> str:
    """Ready citation text for the figure, plain and BibTeX, folded."""
    plain, bibtex = citation.figure(fig, number)
    return (
        f'<details class="ml-cite"><summary>Cite this figure</summary><p>{_e(plain)}</p>'
        f"<pre>{_e(bibtex)}</pre></details>"
    )


def table_html(csv_path: Path, caption: str, limit: int = TABLE_ROWS) -> str:
    """The figure's public CSV as an escaped HTML table, first `limit` rows."""
    with csv_path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    if not rows:
        return ""
    head, body = rows[0], rows[1:]
    more = f" (first {limit} of {len(body)} rows; the CSV has all)" if len(body) > limit else ""
    cells = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in r) + "</tr>" for r in body[:limit])
    return (
        f'<div class="ml-table-wrap" tabindex="0" role="region" aria-label="{_e(caption)}">'
        f'<table class="ml-table"><caption>{_e(caption)}{_e(more)}</caption>'
        "<thead><tr>" + "".join(f'<th scope="col">{_e(h)}</th>' for h in head) + "</tr></thead>"
        f"<tbody>{cells}</tbody></table></div>"
    )


def figure_block(fig: dict, number: str, files: dict[str, str], refs: str, data: str, table: str) -> str:
    """The reuse block under a figure: toggle, downloads, sources, licence, citation and permalink."""
    fid = _e(fig["id"])
    label = f"Figure {number}" if number else "this figure"
    return (
        f'<div class="ml-figure-tools" id="tools-{fid}">'
        f'<p class="ml-figure-actions"><button type="button" class="ml-toggle" aria-controls="fig-{fid}" '
        f'aria-pressed="false">Show table</button> '
        f'<a class="ml-permalink" href="#fig-{fid}">Link to {_e(label)}</a> · '
        f'Licence: <a href="{_e(LICENSE_CONTENT_URL)}">{_e(LICENSE_CONTENT)}</a> · Data as of {_e(fig["as_of"])}</p>'
        f'<div class="ml-fig-table">{table}</div>'
        f"{downloads_html(files)}{sources_html(fig['sources'], datasets.sources(), refs, data)}"
        f"{citation_html(fig, number)}</div>"
    )


def gallery_item(fig: dict, number: str, link: str, files: dict[str, str], refs: str, data: str) -> str:
    """One gallery entry: thumbnail, number and title, caption, then the same parts as under the figure."""
    e = {k: _e(v) for k, v in fig.items() if isinstance(v, str)}
    return (
        f'<div class="ml-gallery-item" id="gallery-{e["id"]}">'
        f'<a href="{_e(link)}"><img src="{_e(files["svg"])}" alt="{e["alt"]}" loading="lazy"></a>'
        f'<div class="ml-gallery-text"><p class="ml-gallery-title"><strong>Figure {_e(number)}.</strong> '
        f'<a href="{_e(link)}">{e["title"]}</a></p>'
        f'<p>{e["caption"]}</p><p class="ml-gallery-meta">Source: {e["source_line"]}. Data as of {e["as_of"]}. '
        f"Licence {_e(LICENSE_CONTENT)}.</p>"
        f"{downloads_html(files)}{sources_html(fig['sources'], datasets.sources(), refs, data)}"
        f"{citation_html(fig, number)}</div></div>"
    )


# --- Sphinx: the manifest, the blocks under figures, the gallery page, the copied exports ----------


def _figures(app: Sphinx) -> list[dict]:
    return exports.manifest(Stage.of(app), app.env.found_docs)


def _number(app: Sphinx, fig: dict) -> str:
    return exports.number(app.env, fig)


def _links(app: Sphinx, docname: str, fig: dict) -> tuple[dict[str, str], str, str]:
    here = app.builder.get_target_uri(docname)
    files = {k: relative_uri(here, f"figures/{v}") for k, v in fig["files"].items()}
    return (
        files,
        relative_uri(here, app.builder.get_target_uri(REFERENCES_DOC)),
        relative_uri(here, DATA_PACKAGE),
    )


class gallery_node(nodes.General, nodes.Element):
    """Placeholder replaced by the gallery once every page has been read."""


class GalleryDirective(Directive):
    """``{figure-gallery}``: every figure with thumbnail, number, downloads and citation text."""

    def run(self):
        env = self.state.document.settings.env
        if not hasattr(env, "moneyloop_galleries"):
            env.moneyloop_galleries = set()
        env.moneyloop_galleries.add(env.docname)
        return [gallery_node()]


def gallery_html(app: Sphinx, docname: str) -> str:
    """The gallery page's body: every figure, in number order."""
    figs = exports.ordered(app.env, _figures(app))
    if not figs:
        raise ExtensionError("figure gallery: no figures were published")
    here = app.builder.get_target_uri(docname)
    parts = []
    for fig in figs:
        link = relative_uri(here, app.builder.get_target_uri(fig["docname"])) + f"#fig-{fig['id']}"
        files, refs, data = _links(app, docname, fig)
        parts.append(gallery_item(fig, _number(app, fig), link, files, refs, data))
    return '<div class="ml-gallery">' + "".join(parts) + "</div>"


def _fill(app: Sphinx, doctree, docname: str) -> None:
    """Fill the gallery placeholder, and put the reuse block under every published figure of the page."""
    for node in doctree.findall(gallery_node):
        node.replace_self(nodes.raw("", gallery_html(app, docname), format="html"))
    figs = {f"fig-{f['id']}": f for f in _figures(app) if f["docname"] == docname}
    if not figs:
        return
    folder = Stage.of(app).figures(docname)
    for node in list(doctree.findall(nodes.figure)):
        fig = next((figs[i] for i in node["ids"] if i in figs), None)
        if fig is None:
            continue
        files, refs, data = _links(app, docname, fig)
        table = table_html(folder / fig["files"]["csv"], f"Data behind: {fig['title']}")
        block = figure_block(fig, _number(app, fig), files, refs, data, table)
        node.parent.insert(node.parent.index(node) + 1, nodes.raw("", block, format="html"))


def setup(app: Sphinx) -> None:
    """Register the gallery directive and the figure blocks (ext.exports copies the exports)."""
    app.add_node(gallery_node)
    app.add_directive("figure-gallery", GalleryDirective)
    app.connect("doctree-resolved", _fill)
