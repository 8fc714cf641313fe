"""The offline chart bundle and page assets: one local vega bundle on chart pages, nothing from another host."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from moneyloop.ext.stage import Stage

CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'"
)
STYLESHEET = Path(__file__).resolve().parents[1] / "moneyloop.css"


def add_static(app, config) -> None:
    """Serve the stage's static folder (bundle and stylesheet) with the site."""
    static = Stage.of(app).static
    static.mkdir(parents=True, exist_ok=True)
    config.html_static_path = [*config.html_static_path, str(static)]


def write_bundle(static: Path) -> Path:
    """Write vega, vega-lite and vega-embed from the pinned vl-convert once, matching Altair's schema."""
    import altair as alt
    import vl_convert as vlc

    vl = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    stamp = f"vl-convert {vlc.__version__}, vega-lite {vl}"
    target = static / "vega-bundle.js"
    if target.exists() and target.read_text(encoding="utf-8").startswith(f"/* {stamp} */"):
        return target
    js = vlc.javascript_bundle(vl_version=f"v{vl}")
    # The bundle declares top-level consts; a function scope keeps them off the page's globals.
    target.write_text(f"/* {stamp} */\n;(function(){{\n{js}\n}})();\n", encoding="utf-8")
    return target


def builder_inited(app) -> None:
    """Put the chart bundle and the stylesheet where Sphinx copies static files from."""
    static = Stage.of(app).static
    write_bundle(static)
    shutil.copy2(STYLESHEET, static / "moneyloop.css")


def page_context(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """One vega bundle on pages with charts, no duplicate inline scripts, a same-origin-only policy."""
    if "vega-offline-chart" in context.get("body", ""):
        app.builder.add_js_file("vega-bundle.js", priority=200, defer="defer")
    drop_thebe(context)
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


THEBE = re.compile(r'<script type="text/x-thebe-config">.*?</script>\s*', re.DOTALL)


def drop_thebe(context: dict) -> None:
    """Remove sphinx-thebe's loader, its unpkg.com address and its config: launch buttons are off."""
    if "script_files" in context:
        context["script_files"][:] = [
            js
            for js in context["script_files"]
            if "sphinx-thebe" not in str(js.filename or "")
            and "THEBE_JS_URL" not in js.attributes.get("body", "")
        ]
    if "css_files" in context:
        context["css_files"][:] = [
            c for c in context["css_files"] if "sphinx-thebe" not in str(c.filename or "")
        ]
    if "body" in context:
        context["body"] = THEBE.sub("", context["body"])
