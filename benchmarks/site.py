"""Print the site's quality figures: build times against the floor, page weights, load and render times.

Usage: .venv/bin/python benchmarks/site.py [--builds-only]   (takes a few minutes; builds in temporary copies)
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
IGNORE = shutil.ignore_patterns(
    ".venv", "_build", ".git", ".pytest_cache", "__pycache__", ".hypothesis", "*.egg-info"
)


CPU: list[float] = []
"""CPU seconds (user + system, the command and its descendants) of each timed command, in order."""


def timed(cmd: list[str], cwd: Path) -> tuple[float, str]:
    """Wall-clock seconds and output of a command; its CPU seconds are appended to CPU."""
    # The copy's own package is imported (ahead of the editable install), so edits to it count.
    env = {**os.environ, "PYTHONPATH": str(cwd / "src")}
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False, env=env)
    wall = time.perf_counter() - start
    after = os.times()
    CPU.append(after.children_user + after.children_system - before.children_user - before.children_system)
    if done.returncode:
        sys.exit(f"failed: {' '.join(cmd)}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return wall, done.stdout + done.stderr


def notebook_pages(book: Path) -> list[Path]:
    return [p for p in (book / "book").rglob("*.md") if "kernelspec:" in p.read_text(encoding="utf-8")[:600]]


def main(builds_only: bool = False) -> None:
    build = [str(BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"]
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "repo"
        shutil.copytree(ROOT, book, ignore=IGNORE)
        load_before = os.getloadavg()
        clean, log = timed(build, book)
        clean_cpu = CPU[-1]
        clean_executed = log.count("Executing notebook")
        nochange, log = timed(build, book)
        executed = log.count("Executing notebook")

        # An edit to one topic module re-executes only the pages importing it; reverting it executes nothing.
        module = book / "src" / "moneyloop" / "costs.py"
        original = module.read_text(encoding="utf-8")
        module.write_text(original + "\n# benchmark edit\n", encoding="utf-8")
        edit, log = timed(build, book)
        edit_executed = sorted(set(re.findall(r"book/([\w/-]+)\.md: Executing notebook", log)))
        module.write_text(original, encoding="utf-8")
        revert, log = timed(build, book)
        revert_executed = log.count("Executing notebook")

        # Floor: importing the libraries once per executed page, plus Sphinx with execution off.
        pages = notebook_pages(book)
        imp, _ = timed(
            [sys.executable, "-c", "import pandas, altair, networkx, vl_convert, moneyloop.charts"], book
        )
        floor_book = Path(tmp) / "floor"
        # Keep the staged figure exports (the gallery lists them) but not the outputs or the execution cache.
        shutil.copytree(
            book,
            floor_book,
            ignore=shutil.ignore_patterns("html", ".jupyter_cache", "jupyter_execute", ".doctrees"),
        )
        cfg = floor_book / "_config.yml"
        cfg.write_text(cfg.read_text().replace("execute_notebooks: cache", 'execute_notebooks: "off"'))
        imp_cpu = CPU[-1]
        off, _ = timed([str(BIN / "jupyter-book"), "build", ".", "--keep-going"], floor_book)
        floor = imp * len(pages) + off
        floor_cpu = imp_cpu * len(pages) + CPU[-1]

        print(
            f"load average (1, 5, 15 min) before the clean build: {load_before[0]:.1f} {load_before[1]:.1f} "
            f"{load_before[2]:.1f} on {os.cpu_count()} CPUs; after the benchmarks: "
            + " ".join(f"{x:.1f}" for x in os.getloadavg())
        )
        print(f"clean build            {clean:7.1f} s  ({clean_executed} pages executed)")
        print(
            f"floor                  {floor:7.1f} s  ({len(pages)} pages x {imp:.2f} s import + {off:.1f} s Sphinx, execution off)"
        )
        print(f"ratio clean / floor    {clean / floor:7.2f}   (target <= 1.5)")
        # On a loaded machine wall-clock times say more about the load than the build; CPU seconds do not.
        print(
            f"CPU seconds            clean {clean_cpu:.1f}, floor {floor_cpu:.1f} ({len(pages)} x {imp_cpu:.2f} import"
            f" + {CPU[-1]:.1f} Sphinx); on an idle {os.cpu_count()}-CPU machine the clean build needs at least"
            f" {clean_cpu / (os.cpu_count() or 1):.1f} s"
        )
        print(
            f"ratio CPU clean / floor {clean_cpu / floor_cpu:6.2f}   (the same ratio in CPU seconds: load-independent)"
        )
        print(f"no-change rebuild      {nochange:7.1f} s  ({executed} pages executed)")
        print(f"edit costs.py          {edit:7.1f} s  (executed: {', '.join(edit_executed) or 'none'})")
        print(f"revert that edit       {revert:7.1f} s  ({revert_executed} pages executed)")
        if builds_only:
            return
        html = book / "_build" / "html"
        bundle = (html / "_static" / "vega-bundle.js").stat().st_size
        print(f"shared vega bundle     {bundle / 1024:7.0f} KB (loaded once per chart page, cached)")
        print(
            "page weights (HTML + page's own images and figure data, excluding the shared bundle and theme):"
        )
        for page in sorted(html.glob("book/**/*.html")):
            text = page.read_text(encoding="utf-8")
            own = sum(
                (page.parent / m).stat().st_size
                for m in re.findall(r'<img[^>]+src="([^"]+)"', text)
                if (page.parent / m).exists() and not m.startswith("http")
            )
            total = page.stat().st_size + own
            flag = "" if total < 500 * 1024 else "  OVER 500 KB"
            print(f"  {page.relative_to(html).as_posix():40s} {total / 1024:7.0f} KB{flag}")

        t = [
            timed([sys.executable, "-c", "from moneyloop import datasets; datasets.load_all()"], book)[0]
            for _ in range(5)
        ]
        print(
            f"load all tables, cold  {statistics.median(t):7.2f} s  (new interpreter, median of 5, validation cached)"
        )
        render_times(html)


def render_times(html: Path) -> None:
    """Time from navigation to every chart drawn, per page, in headless Chromium."""
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        print("chart render times: skipped (no /usr/bin/chromium)")
        return
    sys.path.insert(0, str(ROOT / "tests"))
    from playwright.sync_api import sync_playwright

    from test_browser import CHROMIUM, FLAGS, serve

    server = serve(html)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    print("time until all charts render (median of 3):")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for page_path in sorted(html.glob("book/**/*.html")):
            rel = page_path.relative_to(html).as_posix()
            samples = []
            for _ in range(3):
                page = browser.new_page()
                start = time.perf_counter()
                page.goto(f"{base}/{rel}")
                page.wait_for_function(
                    "[...document.querySelectorAll('.vega-offline-chart')]"
                    ".every(d => d.querySelector('svg, canvas'))",
                    timeout=30000,
                )
                samples.append(time.perf_counter() - start)
                n = page.locator(".vega-offline-chart").count()
                page.close()
            print(f"  {rel:40s} {statistics.median(samples):6.2f} s  ({n} charts)")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main(builds_only="--builds-only" in sys.argv)
