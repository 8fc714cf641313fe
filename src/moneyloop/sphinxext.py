"""Sphinx extension for the book: offline Vega, no stale pages, figure drawing; gallery and site parts."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from moneyloop import citestyle, datasets, deps, figures, gallery, render, site

logger = logging.getLogger(__name__)
NOTEBOOK = re.compile(r"^---\s*\n.*?\bkernelspec:.*?\n---\s*\n", re.DOTALL)
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'"
)


def _stage(app: Sphinx) -> Path:
    """_build/.moneyloop: generated files that are not pages (bundle, dependency logs, figure exports)."""
    return Path(app.outdir).parent / ".moneyloop"


def _data_dir(app: Sphinx) -> Path:
    return Path(app.srcdir) / "data"


# --- data check before anything runs ------------------------------------------------------


def _stable_config(app: Sphinx, config) -> None:
    """Sort exclude_patterns: sphinx-external-toc appends in file-system order, which would re-read every page."""
    config.exclude_patterns = sorted(set(config.exclude_patterns))


def _check_data(app: Sphinx, config) -> None:
    problems = datasets.validate(_data_dir(app))
    if problems:
        for p in problems:
            logger.error(str(p), type="moneyloop", subtype="data")
        raise ExtensionError(
            f"the data package has {len(problems)} problem(s); run "
            f"'python -m moneyloop validate data' and fix the lines above"
        )
    static = _stage(app) / "static"
    static.mkdir(parents=True, exist_ok=True)
    config.html_static_path = [*config.html_static_path, str(static)]


# --- offline Vega bundle ------------------------------------------------------------------


def _vega_bundle(app: Sphinx) -> None:
    """Write vega, vega-lite and vega-embed from the pinned vl-convert once, matching Altair's schema."""
    import altair as alt
    import vl_convert as vlc

    vl = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    stamp = f"vl-convert {vlc.__version__}, vega-lite {vl}"
    target = _stage(app) / "static" / "vega-bundle.js"
    if target.exists() and target.read_text(encoding="utf-8").startswith(f"/* {stamp} */"):
        return
    js = vlc.javascript_bundle(vl_version=f"v{vl}")
    # The bundle declares top-level consts; a function scope keeps them off the page's globals.
    target.write_text(f"/* {stamp} */\n;(function(){{\n{js}\n}})();\n", encoding="utf-8")


# --- no stale pages -----------------------------------------------------------------------


def _record(app: Sphinx, docname: str) -> dict:
    """What the page read when it last executed, its fingerprint then, and its cache cell text."""
    path = _stage(app) / "deps" / f"{docname}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _dep_files(app: Sphinx, docname: str) -> list[Path]:
    """Files the page read when it last executed; every data and package file if unknown."""
    files = _record(app, docname).get("files")
    if files:  # paths inside the book are stored relative, so a moved or copied tree still works
        return [Path(app.srcdir) / p for p in files]
    pkg = Path(deps.__file__).parent
    return sorted(_data_dir(app).glob("*")) + sorted(pkg.glob("*.py"))


def _fingerprint(app: Sphinx, docname: str) -> str:
    """Relative paths, sizes and modification times of the page's inputs: any edit (or revert) changes it."""
    root = Path(app.srcdir).resolve()
    h = hashlib.sha256()
    for f in _dep_files(app, docname):
        st = f.stat() if f.exists() else None
        name = os.path.relpath(f, root) if f.resolve().is_relative_to(root) else str(f)
        h.update(f"{name}|{st.st_size if st else -1}|{st.st_mtime_ns if st else -1}\n".encode())
    return h.hexdigest()[:16]


def _outdated(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Pages whose data or code changed since they executed, and every gallery page."""
    stale = []
    for d in sorted(env.found_docs - added - changed):
        rec = _record(app, d)
        if rec and rec["fingerprint"] != _fingerprint(app, d):
            stale.append(d)
    if stale:
        logger.info(f"moneyloop: data or code changed for {', '.join(stale)}")
    return stale + sorted(getattr(env, "moneyloop_galleries", set()) & env.found_docs)


def _source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Point the kernel at this page's logs, and key the execution cache on its dependencies."""
    m = NOTEBOOK.match(source[0])
    if not m:
        return
    stage = _stage(app)
    rec, fp = _record(app, docname), _fingerprint(app, docname)
    # Unchanged inputs keep the cell text of the last execution, so re-reading a page hits the cache;
    # changed inputs change the notebook's code, so jupyter-cache re-executes exactly this page.
    cell_id = rec["cell"] if rec and rec["fingerprint"] == fp else fp
    app.moneyloop_cells = {**getattr(app, "moneyloop_cells", {}), docname: cell_id}
    new_log = stage / "deps" / f"{docname}.new"
    new_log.parent.mkdir(parents=True, exist_ok=True)
    new_log.unlink(missing_ok=True)
    os.environ[deps.ENV_VAR] = str(new_log)
    os.environ[figures.FIGURES_ENV] = str(stage / "figures" / docname)
    os.environ[figures.DOCNAME_ENV] = docname
    os.environ[figures.DEFER_ENV] = "1"
    os.environ[datasets.DATA_ENV] = str(_data_dir(app))
    cell = f"```{{code-cell}} ipython3\n:tags: [remove-cell]\n# moneyloop dependencies: {cell_id}\n```\n\n"
    source[0] = source[0][: m.end()] + cell + source[0][m.end() :]


def _doctree_read(app: Sphinx, doctree) -> None:
    """After a page executed, store what it read, their fingerprint and the cell it ran with."""
    doc = app.env.docname
    stage = _stage(app) / "deps"
    new_log = stage / f"{doc}.new"
    if new_log.exists() and new_log.stat().st_size:
        root = Path(app.srcdir).resolve()
        paths = [Path(p) for p in new_log.read_text(encoding="utf-8").split()]
        rel = sorted({os.path.relpath(p, root) if p.is_relative_to(root) else str(p) for p in paths})
        record = stage / f"{doc}.json"
        record.write_text(
            json.dumps({"files": rel, "fingerprint": "", "cell": app.moneyloop_cells[doc]}), encoding="utf-8"
        )
        rec = json.loads(record.read_text(encoding="utf-8"))
        rec["fingerprint"] = _fingerprint(app, doc)
        record.write_text(json.dumps(rec, indent=1), encoding="utf-8")
        new_log.unlink()
    _draw_figures(app, doc)


def _draw_figures(app: Sphinx, doc: str) -> None:
    """Draw the page's new or changed figures in worker processes while the next page executes."""
    folder = _stage(app) / "figures" / doc
    todo = [p.name[: -len(".page.vl")] for p in sorted(folder.glob("*.page.vl"))]
    todo = [f for f in todo if not render.current(folder, f)]
    if not todo:
        return
    os.environ[deps.ENV_VAR] = ""  # this page has executed; the workers must not write to its log
    if getattr(app, "moneyloop_pool", None) is None:
        app.moneyloop_pool = ProcessPoolExecutor(
            max_workers=os.cpu_count() or 1, mp_context=multiprocessing.get_context("spawn")
        )
        app.moneyloop_drawing = []
    app.moneyloop_drawing += [(f, app.moneyloop_pool.submit(render.draw, str(folder), f)) for f in todo]


def _finish_drawing(app: Sphinx, exc) -> None:
    """Wait for every figure drawing before the exports are copied; a failed drawing fails the build."""
    pool = getattr(app, "moneyloop_pool", None)
    if pool is None:
        return
    try:
        for fig_id, job in app.moneyloop_drawing:
            try:
                job.result()
            except Exception as err:
                raise ExtensionError(
                    f"figure {fig_id!r}: drawing its PNG, SVG or slide failed: {err}"
                ) from err
    finally:
        pool.shutdown()
        app.moneyloop_pool = None


def _purge(app: Sphinx, env, docname: str) -> None:
    # Fingerprints survive a purge on purpose: Sphinx purges every page it is about to re-read.
    getattr(env, "moneyloop_galleries", set()).discard(docname)


# --- page assets and safety ---------------------------------------------------------------


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """One vega bundle on pages with charts, no duplicate inline scripts, a same-origin-only policy."""
    if "vega-offline-chart" in context.get("body", ""):
        app.builder.add_js_file("vega-bundle.js", priority=200, defer="defer")
    seen, unique = set(), []
    for js in context.get("script_files", []):
        key = (str(js.filename or ""), js.priority, tuple(sorted(js.attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(js)
    if "script_files" in context:
        context["script_files"][:] = unique
    context["metatags"] = context.get("metatags", "") + (
        f'\n<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    )


# --- setup --------------------------------------------------------------------------------


def setup(app: Sphinx) -> dict:
    """Register the extension's events, directive, bibliography style and stylesheet."""
    citestyle.register()
    app.connect("config-inited", _check_data)
    app.connect("config-inited", _stable_config, priority=900)
    app.connect("builder-inited", _vega_bundle)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-purge-doc", _purge)
    app.connect("source-read", _source_read)
    app.connect("doctree-read", _doctree_read)
    app.connect("html-page-context", _page_context, priority=900)
    app.connect("build-finished", _finish_drawing, priority=400)
    gallery.setup(app)  # the block under every figure, the gallery page and the copied exports
    site.setup(app)  # chart script, footer, References anchors, published data package, light icons
    app.add_css_file("moneyloop.css")
    css = Path(__file__).with_name("moneyloop.css")
    app.connect("builder-inited", lambda a: shutil.copy2(css, _stage(a) / "static" / "moneyloop.css"))
    return {"version": "1.0", "parallel_read_safe": False, "parallel_write_safe": True, "env_version": 3}
