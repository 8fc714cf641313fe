"""Site-wide reader furniture: chart script, footer, References anchors, published data package, light icons."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import quote

from docutils import nodes
from sphinx.application import Sphinx

from moneyloop import LICENSE_CODE, LICENSE_CONTENT, LICENSE_CONTENT_URL, REPORT_ID, __version__, datasets

REFERENCES_DOC = "book/appendix/references"
DATA_FOLDER = "data"
DATA_ZIP = "ai-money-loop-data.zip"
# The icons the book theme's pages use; each is drawn from the theme's own icon data, nothing else is shipped.
ICONS = [
    "angle-left",
    "angle-right",
    "arrow-up",
    "bars",
    "list",
    "magnifying-glass",
    "outdent",
    "download",
    "expand",
    "file",
    "file-pdf",
    "circle-half-stroke",
    "moon",
    "sun",
]


def footer_html(as_of: str, built: str) -> str:
    """The footer every page carries: licences, version, the data's as-of date, the build date."""
    return (
        f'<p class="ml-footer">Text, figures and data: <a href="{LICENSE_CONTENT_URL}">{LICENSE_CONTENT}</a>; '
        f"code: {LICENSE_CODE}. The AI Money Loop (project id {REPORT_ID}), version {__version__}. "
        f"Data as of {as_of}. Built {built}.</p>"
    )


# The theme marks each kind of admonition with an icon from its web font; each is drawn from the same path data.
ADMONITION_ICONS = {
    "": "bell",  # an admonition of no listed kind
    "note": "circle-info",
    "attention": "circle-exclamation",
    "important": "circle-exclamation",
    "caution": "triangle-exclamation",
    "warning": "triangle-exclamation",
    "danger": "triangle-exclamation",
    "error": "circle-xmark",
    "hint": "lightbulb",
    "tip": "lightbulb",
    "seealso": "share-from-square",
}
_MASK = (
    "background-color:currentColor;-webkit-mask:var(--ml-icon) center/contain no-repeat;"
    "mask:var(--ml-icon) center/contain no-repeat"
)


def icon_url(fontawesome_js: str, name: str) -> str | None:
    """A CSS url() holding the named icon's solid SVG path from Font Awesome's script, or None if absent."""
    pattern = r'[{,]"?' + re.escape(name) + r'"?:\[(\d+),(\d+),\[[^\]]*\],"?[^",]*"?,"([^"]*)"'
    found = re.findall(pattern, fontawesome_js)
    if not found:
        return None
    w, h, path = found[-1]  # the solid set is defined last
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}"><path d="{path}"/></svg>'
    return f'url("data:image/svg+xml,{quote(svg)}")'


def icon_css(fontawesome_js: str, names: list[str]) -> str:
    """CSS drawing each named icon (and the admonitions' icons) as a mask tinted by the text colour.

    Every rule that would ask for the theme's icon web fonts is overridden, so no font file is ever fetched.
    """
    rules = [
        (
            '.fa-solid::before,.fas::before{content:"";display:inline-block;width:1em;height:1em;'
            f"vertical-align:-0.125em;{_MASK}}}"
        ),
        ".fa-lg{font-size:1.25em;line-height:0.05em}",
        ".fa-solid,.fas{font-family:inherit!important}",  # so the theme's icon web font is never fetched
        # Admonition titles: the same mask in place of the font's glyph.
        (
            '.admonition>.admonition-title::after,div.admonition>.admonition-title::after{content:""!important;'
            f"font:inherit!important;{_MASK}}}"
        ),
        # Links the theme marks with a brand icon (github, gitlab) keep their text only.
        "a.github::before,a.gitlab::before{content:none!important;font-family:inherit!important}",
    ]
    for name in names:
        url = icon_url(fontawesome_js, name)
        if url:
            rules.append(f".fa-{name}{{--ml-icon:{url}}}")
    for kind, name in ADMONITION_ICONS.items():
        url = icon_url(fontawesome_js, name)
        if url:
            sel = f".admonition.{kind}" if kind else ".admonition"
            rules.append(f"{sel}>.admonition-title::after{{--ml-icon:{url}}}")
    return "\n".join(rules) + "\n"


def data_prefix() -> str:
    """The published data folder, relative to the page being executed."""
    from moneyloop import figures

    return "../" * os.environ.get(figures.DOCNAME_ENV, "").count("/") + DATA_FOLDER + "/"


def data_links(files: list[str], prefix: str) -> str:
    """HTML links to the published package zip and to each table's CSV."""
    csvs = " · ".join(f'<a href="{prefix}{f}" download>{f}</a>' for f in files)
    return (
        f'<p class="ml-data-links"><a href="{prefix}{DATA_ZIP}" download>The whole data package (zip: '
        f"datapackage.json, references.bib and every table)</a>. Tables: {csvs}.</p>"
    )


# --- Sphinx hooks -------------------------------------------------------------------------------


def _footer(app: Sphinx, config) -> None:
    """Put the footer into the theme's extra-footer slot, computed from the data and today's date."""
    as_of = datasets.as_of_label(Path(app.srcdir) / "data")
    built = dt.date.today().isoformat()
    opts = dict(config.html_theme_options or {})
    opts["extra_footer"] = footer_html(as_of, built)
    config.html_theme_options = opts


def _reference_anchors(app: Sphinx, doctree, docname: str) -> None:
    """Give each References entry a stable anchor 'ref-<key>' beside sphinxcontrib-bibtex's numbered id."""
    if docname != REFERENCES_DOC:
        return
    keys = {c.citation_id: c.key for c in app.env.get_domain("cite").citations}
    for node in doctree.findall(nodes.citation):
        for i in list(node["ids"]):
            if i in keys:
                # Inside the entry, not as a second id on it: extra ids on the entry are written as <a>
                # elements beside it, which a role="list" container may not hold (axe: aria-required-children).
                para = next(iter(node.findall(nodes.paragraph)), None)
                if para is not None:
                    para.insert(0, nodes.inline("", "", ids=[f"ref-{keys[i]}"]))


def _publish_data(app: Sphinx, exc) -> None:
    """Copy every table, datapackage.json and references.bib into the site, and zip them together."""
    if exc or app.builder.format != "html":
        return
    src = Path(app.srcdir) / "data"
    out = Path(app.outdir) / DATA_FOLDER
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    files = sorted(src.glob("*.csv")) + [src / "datapackage.json", src / "references.bib"]
    with zipfile.ZipFile(out / DATA_ZIP, "w", zipfile.ZIP_DEFLATED) as z:
        for f in files:
            shutil.copy2(f, out / f.name)
            z.write(f, f"ai-money-loop-data/{f.name}")
        z.writestr(
            "ai-money-loop-data/LICENSE.txt",
            f"Data: {LICENSE_CONTENT} ({LICENSE_CONTENT_URL}). Credit: The AI Money Loop (project id {REPORT_ID}).\n",
        )


def _light_icons(app: Sphinx, exc) -> None:
    """Replace the theme's 1.5 MB icon script with a stub; the icons come from a small stylesheet instead."""
    if exc or app.builder.format != "html":
        return
    scripts = Path(app.outdir) / "_static" / "scripts"
    fa = scripts / "fontawesome.js"
    if fa.exists() and fa.stat().st_size > 10_000:
        css = icon_css(fa.read_text(encoding="utf-8"), ICONS)
        (Path(app.outdir) / "_static" / "icons.css").write_text(css, encoding="utf-8")
        fa.write_text("/* icons are drawn by icons.css (The AI Money Loop) */\n", encoding="utf-8")
    (scripts / "fontawesome.js.map").unlink(missing_ok=True)


def _citation_roles(app: Sphinx, exc) -> None:
    """Give bibliography entries the listitem role their role="list" container requires.

    Docutils marks each entry role="doc-biblioentry", a role ARIA 1.3 deprecates; axe-core then reads the
    entry's links as children of the list and reports the list as critical (aria-required-children).
    """
    if exc or app.builder.format != "html":
        return
    page = Path(app.outdir) / (REFERENCES_DOC + ".html")
    if page.exists():
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace('role="doc-biblioentry"', 'role="listitem"'), encoding="utf-8")


def setup(app: Sphinx) -> None:
    """Register the footer, anchors, data package, icons and the chart script."""
    app.connect("config-inited", _footer)
    app.connect("doctree-resolved", _reference_anchors)
    app.connect("build-finished", _publish_data)
    app.connect("build-finished", _light_icons)
    app.connect("build-finished", _citation_roles)
    app.add_css_file("icons.css")
    app.add_js_file("moneyloop.js", priority=210, defer="defer")  # after the Vega bundle (priority 200)
    js = Path(__file__).with_name("moneyloop.js")
    app.connect(
        "builder-inited",
        lambda a: shutil.copy2(js, Path(a.outdir).parent / ".moneyloop" / "static" / js.name),
    )
