"""Draw a figure's PNG, SVG and slide PNG from its staged Vega-Lite specs, skipping drawings that are current.

Kept free of pandas and Altair so the book build can draw figures in worker processes that start quickly.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

SLIDE = (1920, 1080)
SLIDE_PLOT_WIDTH = 1180  # the slide spec's width in its own units, before it is scaled onto the canvas


def spec_files(folder: Path, fig_id: str) -> tuple[Path, Path]:
    """The staged page-width and slide-width specs of a figure."""
    return folder / f"{fig_id}.page.vl", folder / f"{fig_id}.slide.vl"


def outputs(folder: Path, fig_id: str) -> list[Path]:
    return [folder / f"{fig_id}.png", folder / f"{fig_id}.svg", folder / f"{fig_id}-slide.png"]


def _digest(folder: Path, fig_id: str) -> str:
    import vl_convert as vlc

    h = hashlib.sha256(vlc.__version__.encode())
    for spec in spec_files(folder, fig_id):
        h.update(spec.read_bytes())
    return h.hexdigest()


def current(folder: Path, fig_id: str) -> bool:
    """True if the drawings exist and were made from exactly the staged specs."""
    stamp = folder / f"{fig_id}.drawn"
    return (
        stamp.exists()
        and all(p.exists() for p in outputs(folder, fig_id))
        and stamp.read_text(encoding="utf-8") == _digest(folder, fig_id)
    )


SLIDE_MARGIN = (40, 30)  # px left free on each side and at top and bottom of the slide
SLIDE_MIN_PLOT_HEIGHT = 360  # a plot is never squeezed below this to fit; the slide shrinks instead
_COMPOUND_KEYS = ("hconcat", "vconcat", "concat", "facet", "repeat")


def _svg_size(svg: str) -> tuple[float, float]:
    m = re.search(r'<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"', svg)
    return (float(m.group(1)), float(m.group(2))) if m else (float(SLIDE[0]), float(SLIDE[1]))


def fitted(spec: dict, measure) -> dict:
    """The slide spec with its plot widened and heightened (or shortened) to fill the 16:9 canvas.

    `measure(spec)` returns the drawn (width, height). Drawn size grows linearly with the plot's size, so two
    drawings give the room taken by titles, axes, legends and footer, and the plot gets the rest.
    """
    inner = spec["vconcat"][0]
    if any(k in inner for k in _COMPOUND_KEYS) or not isinstance(inner.get("width"), (int, float)):
        return spec  # concatenated charts size their own parts
    room_w, room_h = SLIDE[0] - 2 * SLIDE_MARGIN[0], SLIDE[1] - 2 * SLIDE_MARGIN[1]
    # Both trial widths exceed the footer's line length, so the plot, not the footer, sets the drawn width.
    (a_w, a_h), (b_w, b_h) = (1200, 400), (1400, 600)
    trial = json.loads(json.dumps(spec))
    trial["vconcat"][0]["width"], trial["vconcat"][0]["height"] = a_w, a_h
    w1, h1 = measure(trial)
    trial["vconcat"][0]["width"], trial["vconcat"][0]["height"] = b_w, b_h
    w2, h2 = measure(trial)
    kw, kh = (w2 - w1) / (b_w - a_w) or 1.0, (h2 - h1) / (b_h - a_h) or 1.0
    width = a_w + (room_w - w1) / kw
    height = max(a_h + (room_h - h1) / kh, SLIDE_MIN_PLOT_HEIGHT)
    out = json.loads(json.dumps(spec))
    out["vconcat"][0]["width"], out["vconcat"][0]["height"] = round(max(width, 400)), round(height)
    if isinstance(out["vconcat"][0].get("title"), dict):  # the footer may use the widened plot's width
        out["vconcat"][0]["title"]["limit"] = round(max(width, 400))
    return out


def slide_png(spec: dict) -> bytes:
    """The figure filling a white 1920x1080 canvas at its stated type size, centred."""
    import vl_convert as vlc

    spec = fitted(spec, lambda s: _svg_size(vlc.vegalite_to_svg(s)))
    svg = vlc.vegalite_to_svg(spec)
    w, h = _svg_size(svg)
    s = min((SLIDE[0] - 2 * SLIDE_MARGIN[0]) / w, (SLIDE[1] - 2 * SLIDE_MARGIN[1]) / h, 1.0)
    x, y = (SLIDE[0] - w * s) / 2, (SLIDE[1] - h * s) / 2
    inner = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    head = re.match(r"<svg[^>]*>", inner).group(0)
    inner = re.sub(r'\s(width|height|viewBox)="[^"]*"', "", head) + inner[len(head) :]
    inner = re.sub(
        r"<svg ",
        f'<svg x="{x:.1f}" y="{y:.1f}" width="{w * s:.1f}" height="{h * s:.1f}" viewBox="0 0 {w} {h}" ',
        inner,
        count=1,
    )
    page = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SLIDE[0]}" height="{SLIDE[1]}">'
        f'<rect width="100%" height="100%" fill="white"/>{inner}</svg>'
    )
    return vlc.svg_to_png(page, scale=1)


def draw(folder: str | Path, fig_id: str) -> bool:
    """Write <id>.png (2x), <id>.svg and <id>-slide.png from the staged specs; False if they were current."""
    import vl_convert as vlc

    folder = Path(folder)
    if current(folder, fig_id):
        return False
    page_file, slide_file = spec_files(folder, fig_id)
    page = json.loads(page_file.read_text(encoding="utf-8"))
    png, svg, slide = outputs(folder, fig_id)
    png.write_bytes(vlc.vegalite_to_png(page, scale=2))
    svg.write_text(vlc.vegalite_to_svg(page), encoding="utf-8")
    slide.write_bytes(slide_png(json.loads(slide_file.read_text(encoding="utf-8"))))
    (folder / f"{fig_id}.drawn").write_text(_digest(folder, fig_id), encoding="utf-8")
    return True


def number_line(number: str, title: str) -> str:
    """The footer's first line: the figure's number as the report prints it, and its title."""
    return f"Figure {number}: {title}" if number else title


def renumber(folder: str | Path, fig_id: str, line: str) -> bool:
    """Put `line` first in both staged specs' footers; True if it changed (the drawings are then stale)."""
    changed = False
    for path in spec_files(Path(folder), fig_id):
        spec = json.loads(path.read_text(encoding="utf-8"))
        footer = spec["vconcat"][0]["title"]["text"]
        if footer[0] != line:
            footer[0] = line
            path.write_text(json.dumps(spec, sort_keys=True), encoding="utf-8")
            changed = True
    return changed
