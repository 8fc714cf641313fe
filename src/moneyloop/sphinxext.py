"""Sphinx extension for the book: wires the parts in `moneyloop.ext` (one job each), the gallery and the site parts.

Parts: `ext.datacheck` refuses invalid data, `ext.bundle` serves the offline chart bundle and page assets,
`ext.freshness` decides which pages re-execute, `ext.execute` runs them in parallel worker processes, and
`ext.exports` draws, numbers and publishes the figure exports; `gallery` puts a reuse block under every figure
and fills the gallery page, `site` adds the footer, the published data package and light icons. Shared state
lives in one `Build` object on the Sphinx application and is passed to them explicitly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from moneyloop import citestyle, gallery, site
from moneyloop.ext import bundle, datacheck, execute, exports, freshness
from moneyloop.ext.stage import Stage

logger = logging.getLogger(__name__)


@dataclass
class Build:
    """Everything the extension's parts share during one build."""

    stage: Stage
    fresh: freshness.Freshness
    drawing: exports.Drawing
    myst_nb_runs: set[str] | None = None  # pages myst-nb itself must execute; None: all it decides to


def _build(app: Sphinx) -> Build:
    """The build's shared state, created once per Sphinx application."""
    if getattr(app, "moneyloop", None) is None:
        stage = Stage.of(app)
        app.moneyloop = Build(stage, freshness.Freshness(stage), exports.Drawing(stage))
    return app.moneyloop


def _page(app: Sphinx, docname: str) -> Path:
    return Path(app.env.doc2path(docname))


def _is_notebook(path: Path) -> bool:
    return path.suffix == ".md" and bool(freshness.NOTEBOOK.match(path.read_text(encoding="utf-8")[:2000]))


# --- configuration ------------------------------------------------------------------------


def _stable_config(app: Sphinx, config) -> None:
    """Sort exclude_patterns: sphinx-external-toc appends in file-system order, which would re-read every page."""
    config.exclude_patterns = sorted(set(config.exclude_patterns))


# --- freshness and execution --------------------------------------------------------------


def _outdated(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Pages whose data or imported code changed since they were last read, and every gallery page."""
    b = _build(app)
    stale = []
    for d in sorted(env.found_docs - added - changed):
        page = _page(app, d)
        if _is_notebook(page) and b.fresh.stale(d, page):
            stale.append(d)
    if stale:
        logger.info(f"moneyloop: data or code changed for {', '.join(stale)}")
    return stale + sorted(getattr(env, "moneyloop_galleries", set()) & env.found_docs)


def _pre_execute(app: Sphinx, env, docnames: list[str]) -> None:
    """Execute the pages about to be read that the cache lacks, side by side, before Sphinx reads them."""
    nb_config = env.mystnb_config
    if nb_config.execution_mode != "cache":
        return
    from jupyter_cache import get_cache
    from myst_nb.core.read import create_nb_reader

    b = _build(app)
    cache = get_cache(nb_config.execution_cache_path or ".jupyter_cache")
    notebooks, jobs = [], {}
    for d in docnames:
        page = _page(app, d)
        if not _is_notebook(page):
            continue
        b.fresh.cells[d] = b.fresh.cell_id(d, page)
        text = freshness.inject(page.read_text(encoding="utf-8"), b.fresh.cells[d])
        reader = create_nb_reader(str(page), env.myst_config, nb_config, text)
        if reader is None:
            continue
        nb = reader.read(text)
        notebooks.append((d, nb))
        jobs[d] = (page, nb)
    import nbformat

    todo = []
    for d in execute.missing(cache, notebooks):
        page, nb = jobs[d]
        log = b.stage.log(d, b.fresh.cells[d])
        log.unlink(missing_ok=True)
        log.parent.mkdir(parents=True, exist_ok=True)
        todo.append(
            execute.Job(
                d,
                page,
                nbformat.writes(nb),
                b.stage.kernel_env(d, b.fresh.cells[d]),
                nb_config.execution_timeout,
            )
        )
    # Longest first (a page's length stands in for its running time), so no long page starts last.
    todo.sort(key=lambda j: -j.path.stat().st_size)
    workers = app.config.moneyloop_workers or os.cpu_count() or 1
    b.myst_nb_runs = set(execute.execute_all(todo, cache, workers, logger.info, done=b.drawing.start))


def _source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Key the page's execution on its inputs through a hidden first cell."""
    if not freshness.NOTEBOOK.match(source[0]):
        return
    b = _build(app)
    cell = b.fresh.cells.get(docname) or b.fresh.cell_id(docname, _page(app, docname))
    b.fresh.cells[docname] = cell
    source[0] = freshness.inject(source[0], cell)
    if b.myst_nb_runs is None or docname in b.myst_nb_runs:
        # myst-nb starts this page's kernel itself (the parallel step failed or did not run); the kernel inherits
        # this process's environment, which is then the one channel to tell it its page, figures and data.
        os.environ.update(b.stage.kernel_env(docname, cell))


def _doctree_read(app: Sphinx, doctree) -> None:
    """After a page was read: note what it read if it ran, and start drawing its figures."""
    b = _build(app)
    if app.env.docname in b.fresh.cells:
        b.fresh.read(app.env.docname)
    b.drawing.start(app.env.docname)


def _purge(app: Sphinx, env, docname: str) -> None:
    # Records survive a purge on purpose: Sphinx purges every page it is about to re-read.
    getattr(env, "moneyloop_galleries", set()).discard(docname)


# --- end of the build ---------------------------------------------------------------------


def _finish_drawing(app: Sphinx, exc) -> None:
    """Wait for every figure drawing before the exports are copied."""
    _build(app).drawing.finish()


def _copy_figures(app: Sphinx, exc) -> None:
    if exc or app.builder.format != "html":
        return
    exports.publish(app, _build(app).stage)


def _succeeded(app: Sphinx, exc) -> bool:
    """No exception and, in a strict build, no warning."""
    return exc is None and not (app.warningiserror and getattr(app, "_warncount", 0))


def _commit(app: Sphinx, exc) -> None:
    """After a successful build only: record what each page read, and remove the pages of deleted sources."""
    if not _succeeded(app, exc):
        return
    b = _build(app)
    b.fresh.commit({d: _page(app, d) for d in b.fresh.cells if d in app.env.found_docs})
    if app.builder.format == "html":
        for f in freshness.orphans(Path(app.outdir), set(app.env.found_docs)):
            f.unlink()


# --- setup --------------------------------------------------------------------------------


def setup(app: Sphinx) -> dict:
    """Register the parts' events, the gallery and site parts, the bibliography style and the stylesheet."""
    citestyle.register()
    app.add_config_value("moneyloop_workers", 0, "env", [int])  # pages executed at once; 0: one per CPU
    app.connect("config-inited", datacheck.check)
    app.connect("config-inited", bundle.add_static)
    app.connect("config-inited", _stable_config, priority=900)
    app.connect("builder-inited", bundle.builder_inited)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-before-read-docs", _pre_execute, priority=900)
    app.connect("env-purge-doc", _purge)
    app.connect("source-read", _source_read)
    app.connect("doctree-read", _doctree_read)
    app.connect("env-get-updated", exports.number_figures, priority=900)
    app.connect("html-page-context", bundle.page_context, priority=900)
    app.connect("build-finished", _finish_drawing, priority=400)
    app.connect("build-finished", _copy_figures)
    app.connect("build-finished", _commit, priority=900)
    gallery.setup(app)  # the block under every figure and the gallery page
    site.setup(app)  # footer, References anchors, published data package, light icons, chart script
    app.add_css_file("moneyloop.css")
    return {"version": "1.0", "parallel_read_safe": False, "parallel_write_safe": True, "env_version": 4}
