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


def slide_png(spec: dict) -> bytes:
    """The figure centred on a white 1920x1080 canvas."""
    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(spec)
    m = re.search(r'<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"', svg)
    w, h = (float(m.group(1)), float(m.group(2))) if m else SLIDE
    s = min((SLIDE[0] - 80) / w, (SLIDE[1] - 60) / h)
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
