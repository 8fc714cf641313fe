"""Every page in headless Chromium: no request leaves 127.0.0.1, no console error, every chart drawn."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import ROOT, XSS

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

if not Path(CHROMIUM).exists() and not os.environ.get("MONEYLOOP_REQUIRE_BROWSER"):
    pytest.skip("Debian chromium is not installed (apt-get install -y chromium)", allow_module_level=True)

pytestmark = [pytest.mark.slow, pytest.mark.browser]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


def serve(folder: Path):
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def visit_all(site: Path, shots: Path | None = None) -> list[dict]:
    """Open every page; report blocked requests, console errors, dialogs and chart rendering."""
    from playwright.sync_api import sync_playwright

    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    pages = sorted(p.relative_to(site).as_posix() for p in (site / "book").rglob("*.html"))
    results = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            ctx = browser.new_context(viewport={"width": 1280, "height": 900})
            for rel in pages:
                page = ctx.new_page()
                r = {"page": rel, "blocked": [], "errors": [], "dialogs": 0}

                def route(route, r=r):
                    host = urlparse(route.request.url).hostname
                    if host in ("127.0.0.1", "localhost"):
                        route.continue_()
                    else:
                        r["blocked"].append(route.request.url)
                        route.abort()

                page.route("**/*", route)
                page.on("console", lambda m, r=r: r["errors"].append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda e, r=r: r["errors"].append(str(e)))
                page.on("dialog", lambda d, r=r: (r.__setitem__("dialogs", r["dialogs"] + 1), d.dismiss()))
                page.goto(f"{base}/{rel}", wait_until="load")
                charts = page.locator(".vega-offline-chart").count()
                if charts:
                    page.wait_for_function(
                        "[...document.querySelectorAll('.vega-offline-chart')].every(d => d.querySelector('svg, canvas'))",
                        timeout=20000,
                    )
                r["charts"] = charts
                r["drawn"] = page.evaluate(
                    "[...document.querySelectorAll('.vega-offline-chart')].filter(d => d.querySelector('svg, canvas')).length"
                )
                r["text"] = page.inner_text("body")
                r["injected_images"] = page.evaluate("document.querySelectorAll('img[src=\"x\"]').length")
                if shots:
                    shots.mkdir(parents=True, exist_ok=True)
                    page.screenshot(
                        path=str(shots / (rel.replace("/", "_").replace(".html", ".png"))), full_page=True
                    )
                results.append(r)
                page.close()
            # Every figure download answers 200.
            manifest = json.loads((site / "figures" / "manifest.json").read_text(encoding="utf-8"))
            status = {}
            for fig in manifest:
                for name in fig["files"].values():
                    status[name] = ctx.request.get(f"{base}/figures/{name}").status
            results.append({"downloads": status})
            browser.close()
    finally:
        server.shutdown()
    return results


# --- layout, accessibility and weight at three widths ----------------------------------------

WIDTHS = (390, 768, 1440)
MIN_TEXT_PX = 10
AXE_DEFAULT = str(ROOT / "node_modules" / "axe-core" / "axe.min.js")  # .ci/run installs it with npm
AXE = os.environ.get("MONEYLOOP_AXE", AXE_DEFAULT)

# For every drawn chart: its width against its container's, its smallest text as drawn, and any text
# (title, legend, labels) that runs outside the chart's own box.
LAYOUT_JS = """() => [...document.querySelectorAll('.vega-offline-chart')].filter(d => d.offsetParent).map(d => {
  const svg = d.querySelector('svg'); if (!svg) return {id: d.id, drawn: false};
  const box = d.getBoundingClientRect(), s = svg.getBoundingClientRect();
  const vb = parseFloat(svg.getAttribute('width')) || s.width, scale = s.width / vb;
  let minPx = 1e9, clipped = [];
  svg.querySelectorAll('text').forEach(t => {
    if (!t.textContent.trim()) return;
    const fs = parseFloat(getComputedStyle(t).fontSize || t.getAttribute('font-size')) * scale;
    if (fs < minPx) minPx = fs;
    const r = t.getBoundingClientRect();
    if (r.width && (r.left < s.left - 1 || r.right > s.right + 1)) clipped.push(t.textContent.slice(0, 40));
  });
  return {id: d.id, drawn: true, container: box.width, chart: s.width, minPx: minPx, clipped: clipped};
})"""


def _bytes(page) -> list:
    """Collect the size of every response the page receives."""
    from playwright.sync_api import Error as PlaywrightError

    sizes = []

    def on_response(resp):
        with contextlib.suppress(PlaywrightError):  # redirects and aborted requests have no body
            sizes.append(len(resp.body()))

    page.on("response", on_response)
    return sizes


def _wait_for_charts(page) -> None:
    if page.locator(".vega-offline-chart").count():
        page.wait_for_function(
            "[...document.querySelectorAll('.vega-offline-chart')].every(d => d.querySelector('svg'))",
            timeout=180_000,
        )
        page.wait_for_timeout(400)  # a resize redraw is debounced by 120 ms


def audit(site: Path, shots: Path | None = None, axe: str | None = None) -> list[dict]:
    """Every page at each width, and after a resize from 390 to 1440 px: chart fit, text size, clipping,
    axe-core violations by impact (at desktop width), and bytes transferred."""
    from playwright.sync_api import sync_playwright

    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    pages = sorted(p.relative_to(site).as_posix() for p in (site / "book").rglob("*.html"))
    only = os.environ.get("MONEYLOOP_AUDIT_PAGES")  # a comma-separated subset, for a quick manual run
    pages = [p for p in pages if not only or any(o in p for o in only.split(","))]
    out = []
    axe_js = Path(axe).read_text(encoding="utf-8") if axe and Path(axe).exists() else None
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for width in (*WIDTHS, "resize"):
                start = 390 if width == "resize" else width
                ctx = browser.new_context(viewport={"width": start, "height": 900})
                for rel in pages:
                    page = ctx.new_page()
                    page.set_default_timeout(180_000)  # the shared test machine can be very slow
                    sizes = _bytes(page)
                    page.goto(f"{base}/{rel}", wait_until="load")
                    _wait_for_charts(page)
                    if width == "resize":
                        page.set_viewport_size({"width": 1440, "height": 900})
                        page.wait_for_timeout(800)
                        _wait_for_charts(page)
                    r = {"page": rel, "width": width, "charts": page.evaluate(LAYOUT_JS), "bytes": sum(sizes)}
                    if axe_js and width == 1440:
                        page.add_script_tag(content=axe_js)
                        found = page.evaluate(
                            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                            ".map(v => ({id: v.id, impact: v.impact, n: v.nodes.length}))"
                        )
                        r["axe"] = found
                    if shots and width in (390, 1440):
                        shots.mkdir(parents=True, exist_ok=True)
                        name = rel.replace("/", "_").replace(".html", f"-{width}.png")
                        page.screenshot(path=str(shots / name), full_page=True, timeout=120000)
                    out.append(r)
                    page.close()
                ctx.close()
            browser.close()
    finally:
        server.shutdown()
    return out


@pytest.fixture(scope="module")
def audits(built_book):
    return audit(built_book / "_build" / "html", shots=ROOT / "_build" / "screenshots", axe=AXE)


def test_no_chart_wider_than_its_container(audits):
    wide = [
        (r["page"], r["width"], c["id"])
        for r in audits
        for c in r["charts"]
        if c["chart"] > c["container"] + 1
    ]
    assert wide == []


def test_no_chart_text_under_10_px(audits):
    small = [
        (r["page"], r["width"], c["id"], round(c["minPx"], 1))
        for r in audits
        for c in r["charts"]
        if c["drawn"] and c["minPx"] < MIN_TEXT_PX
    ]
    assert small == []


def test_no_clipped_chart_text(audits):
    clipped = [
        (r["page"], r["width"], c["id"], c["clipped"]) for r in audits for c in r["charts"] if c["clipped"]
    ]
    assert clipped == []


def test_axe_finds_no_critical_or_serious_issue(audits):
    if not Path(AXE).exists():
        pytest.skip(f"axe-core is not installed at {AXE} (npm install axe-core)")
    bad = {
        r["page"]: [v for v in r["axe"] if v["impact"] in ("critical", "serious")]
        for r in audits
        if "axe" in r
    }
    assert {k: v for k, v in bad.items() if v} == {}


@pytest.fixture(scope="module")
def visits(built_book):
    shots = ROOT / "_build" / "screenshots"
    if shots.exists():
        shutil.rmtree(shots)
    return visit_all(built_book / "_build" / "html", shots)


def test_no_request_to_other_hosts(visits):
    blocked = {r["page"]: r["blocked"] for r in visits[:-1] if r["blocked"]}
    assert blocked == {}


def test_no_console_errors(visits):
    errors = {r["page"]: r["errors"] for r in visits[:-1] if r["errors"]}
    assert errors == {}


def test_every_chart_renders(visits):
    pages = visits[:-1]
    assert sum(r["charts"] for r in pages) >= 2
    for r in pages:
        assert r["drawn"] == r["charts"], r["page"]


def test_every_download_answers_200(visits):
    downloads = visits[-1]["downloads"]
    assert downloads and set(downloads.values()) == {200}


def test_markup_in_data_shows_as_text(edited_book):
    book, _ = edited_book
    results = visit_all(book / "_build" / "html")
    pages = results[:-1]
    assert all(r["dialogs"] == 0 for r in pages)
    assert all(r["injected_images"] == 0 for r in pages)
    assert any(XSS in r["text"] for r in pages), "the renamed company should appear, as text"


# --- reader checks: dark mode, tooltips by keyboard and tap, table filters, phone deal web, no icon font ---------

TIP_SHOWN = "() => { const t = document.getElementById('vg-tooltip-element'); return !!t && t.classList.contains('visible') && t.textContent.trim().length > 0; }"
CHART_COLOURS = """() => { const svg = document.querySelector('.vega-offline-chart svg'); if (!svg) return null;
  const title = svg.querySelector('.role-title-text text');
  return {background: getComputedStyle(svg).backgroundColor || '', svgBackground: svg.style.backgroundColor || '',
          title: title ? (title.getAttribute('fill') || getComputedStyle(title).fill) : ''}; }"""


def _open(ctx, url: str):
    page = ctx.new_page()
    page.set_default_timeout(180_000)
    page.goto(url, wait_until="load")
    _wait_for_charts(page)
    return page


def _dark_mode(browser, base: str, shots: Path | None) -> dict:
    """Chart colours in light mode, with the operating system set to dark, and after the theme switch."""
    out = {}
    for scheme in ("light", "dark"):
        ctx = browser.new_context(viewport={"width": 1440, "height": 900}, color_scheme=scheme)
        page = _open(ctx, f"{base}/book/intro.html")
        out[f"os-{scheme}"] = page.evaluate(CHART_COLOURS)
        if shots:
            page.screenshot(path=str(shots / f"dark-mode-os-{scheme}.png"))
        if scheme == "light":
            # The theme switch cycles light -> dark -> auto; click until the page is dark.
            for _ in range(3):
                if page.evaluate("document.documentElement.dataset.theme") == "dark":
                    break
                page.locator(".theme-switch-button").first.click()
            page.wait_for_timeout(800)
            _wait_for_charts(page)
            out["switch-dark"] = page.evaluate(CHART_COLOURS)
            out["switch-theme"] = page.evaluate("document.documentElement.dataset.theme")
            if shots:
                page.screenshot(path=str(shots / "dark-mode-switch.png"))
        ctx.close()
    return out


def _keyboard_tooltip(browser, base: str) -> dict:
    """Tab to the first chart and step through its marks with the arrow keys."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    page = _open(ctx, f"{base}/book/intro.html")
    focusable = page.evaluate("document.querySelector('.vega-offline-chart').tabIndex")
    page.focus(".vega-offline-chart")
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    shown = page.evaluate(TIP_SHOWN)
    said = page.evaluate(
        "(document.querySelector('.vega-offline-chart + .ml-sr-only') || {}).textContent || ''"
    )
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    hidden = not page.evaluate(TIP_SHOWN)
    ctx.close()
    return {"tabindex": focusable, "shown": shown, "said": said, "hidden_on_escape": hidden}


def _tap_tooltip(browser, base: str) -> dict:
    """On a phone, a tap on a bar shows its tooltip."""
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = _open(ctx, f"{base}/book/intro.html")
    box = page.evaluate(
        "() => { const m = [...document.querySelectorAll('.vega-offline-chart .mark-rect path')]"
        ".find(p => { const r = p.getBoundingClientRect(); return r.width > 6 && r.height > 6; });"
        " if (!m) return null; m.scrollIntoView({block: 'center'}); const r = m.getBoundingClientRect();"
        " return {x: r.x + r.width / 2, y: r.y + r.height / 2}; }"
    )
    shown = False
    if box:
        page.touchscreen.tap(box["x"], box["y"])
        page.wait_for_timeout(400)
        shown = page.evaluate(TIP_SHOWN)
    ctx.close()
    return {"found_mark": box is not None, "shown": shown}


def _table_filter(browser, base: str) -> dict:
    """The deal table's filter: words narrow the rows, a status choice keeps only that status."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    page = _open(ctx, f"{base}/book/deal-loop.html")
    page.evaluate("document.querySelectorAll('details.ml-fold').forEach(d => d.open = true)")
    n_filters = page.locator(".ml-filter").count()
    box = page.locator(".ml-filter").first
    rows = "(box) => [...box.nextElementSibling.querySelectorAll('tbody tr')]"
    total = box.evaluate(f"b => ({rows})(b).length")
    box.locator("input").fill("oracle")
    found = box.evaluate(f"b => ({rows})(b).filter(r => !r.hidden).map(r => r.textContent.toLowerCase())")
    box.locator("input").fill("")
    picked = {}
    select = box.locator("label", has_text="Status").locator("select")
    if select.count():
        value = select.locator("option").nth(1).get_attribute("value")
        select.select_option(value)
        col = box.evaluate(
            "b => [...b.nextElementSibling.querySelectorAll('thead th')].findIndex(t => t.textContent.trim() === 'Status')"
        )
        cells = box.evaluate(
            f"b => ({rows})(b).filter(r => !r.hidden).map(r => r.children[{col}].textContent.trim())"
        )
        picked = {"value": value, "cells": cells}
    ctx.close()
    return {"filters": n_filters, "total": total, "found": found, "picked": picked}


def _phone_web(browser, base: str, shots: Path | None) -> dict:
    """At 390 px the deal web keeps its largest nodes and links to the full table."""
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    page = _open(ctx, f"{base}/book/deal-loop.html")
    note = page.locator(".ml-phone-note")
    notes = note.count()
    link = note.locator("a").first.get_attribute("href") if notes else None
    target = page.evaluate(f"!!document.getElementById({json.dumps((link or '#')[1:])})")
    if shots and notes:
        page.locator("#fig-deal-loop-web").screenshot(path=str(shots / "deal-web-390.png"))
    ctx.close()
    return {"notes": notes, "link": link, "target": target}


def _font_requests(browser, base: str, pages: list[str]) -> list[str]:
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    fonts = []
    for rel in pages:
        page = ctx.new_page()
        page.on(
            "request", lambda r: fonts.append(r.url) if r.url.endswith((".woff2", ".woff", ".ttf")) else None
        )
        page.goto(f"{base}/{rel}", wait_until="load")
        page.wait_for_timeout(300)
        page.close()
    ctx.close()
    return fonts


@contextlib.contextmanager
def browsing(site: Path):
    """Chromium and the address of the site served on 127.0.0.1, for as long as the block runs."""
    from playwright.sync_api import sync_playwright

    server = serve(site)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            yield browser, f"http://127.0.0.1:{server.server_address[1]}"
            browser.close()
    finally:
        server.shutdown()


def reader_checks(site: Path, shots: Path | None = None) -> dict:
    """Dark mode, keyboard and tap tooltips, table filters, the phone deal web and icon fonts, in one browser."""
    pages = sorted(p.relative_to(site).as_posix() for p in (site / "book").rglob("*.html"))
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    with browsing(site) as (browser, base):
        return {
            "dark": _dark_mode(browser, base, shots),
            "keyboard": _keyboard_tooltip(browser, base),
            "tap": _tap_tooltip(browser, base),
            "filter": _table_filter(browser, base),
            "web": _phone_web(browser, base, shots),
            "fonts": _font_requests(browser, base, pages),
        }


@pytest.fixture(scope="module")
def reader(built_book):
    return reader_checks(built_book / "_build" / "html", ROOT / "_build" / "screenshots")


def test_charts_follow_the_os_and_the_theme_switch_into_dark_mode(reader):
    d = reader["dark"]
    # light: the theme's white background and near-black title (#111); dark: transparent and light (#e6e6e6)
    assert d["os-light"]["title"] == "#111"
    assert d["os-dark"]["title"] == "#e6e6e6" and d["switch-dark"]["title"] == "#e6e6e6"
    assert d["switch-theme"] == "dark"
    assert d["os-light"]["svgBackground"] != d["os-dark"]["svgBackground"]


def test_chart_tooltips_reach_the_keyboard(reader):
    k = reader["keyboard"]
    assert k["tabindex"] == 0 and k["shown"] and k["hidden_on_escape"]
    assert k["said"].startswith("1 of ")  # read out: "1 of N: ..."


def test_chart_tooltips_show_on_tap(reader):
    assert reader["tap"] == {"found_mark": True, "shown": True}


def test_long_tables_filter_offline(reader):
    f = reader["filter"]
    assert f["filters"] >= 2 and f["total"] > 20
    assert 0 < len(f["found"]) < f["total"] and all("oracle" in r for r in f["found"])
    assert f["picked"]["cells"] and set(f["picked"]["cells"]) == {f["picked"]["value"]}


def test_phone_deal_web_links_to_the_full_table(reader):
    w = reader["web"]
    assert w["notes"] == 1 and w["link"].startswith("#") and w["target"]


def test_no_icon_font_is_requested(reader):
    assert reader["fonts"] == []
