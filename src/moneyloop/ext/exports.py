"""Figure exports: draw staged figures in worker processes, number figures once across the report, publish them."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from moneyloop import render
from moneyloop.ext.stage import Stage

FRONT = 0
"""Chapter number given to figures on unnumbered pages (the intro), so no two figures share a number."""


@dataclass
class Drawing:
    """Figure drawings under way in worker processes, started as soon as a page has staged its figures."""

    stage: Stage
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    jobs: list[tuple[str, Future]] = field(default_factory=list)
    submitted: set[tuple] = field(default_factory=set)
    _pool: ProcessPoolExecutor | None = None

    def start(self, docname: str) -> None:
        """Draw the page's new or changed figures while other pages execute."""
        folder = self.stage.figures(docname)
        for spec in sorted(folder.glob("*.page.vl")):
            fig_id = spec.name[: -len(".page.vl")]
            # Keyed on the specs' sizes and times: a page that staged its figures again is drawn again.
            key = (
                docname,
                fig_id,
                *((p.stat().st_size, p.stat().st_mtime_ns) for p in render.spec_files(folder, fig_id)),
            )
            if key in self.submitted or render.current(folder, fig_id):
                continue
            if self._pool is None:
                ctx = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx)
            self.submitted.add(key)
            self.jobs.append((fig_id, self._pool.submit(render.draw, str(folder), fig_id)))

    def finish(self) -> None:
        """Wait for every drawing; a failed drawing fails the build."""
        if self._pool is None:
            return
        try:
            for fig_id, job in self.jobs:
                try:
                    job.result()
                except Exception as err:
                    from sphinx.errors import ExtensionError

                    raise ExtensionError(
                        f"figure {fig_id!r}: drawing its PNG, SVG or slide failed: {err}"
                    ) from err
        finally:
            self._pool.shutdown()
            self._pool, self.jobs = None, []


def unique_numbers(toc_fignumbers: dict) -> None:
    """Give figures on unnumbered pages chapter number FRONT (0.1, 0.2), in place, so numbers never collide."""
    for numbers in toc_fignumbers.values():
        figs = numbers.get("figure", {})
        for label, n in figs.items():
            if len(n) == 1:
                figs[label] = (FRONT, *n)


def number_figures(app, env) -> list[str]:
    """Sphinx hook (after the toctree collector numbered figures): make the numbers unique."""
    unique_numbers(env.toc_fignumbers)
    return []


def manifest(stage: Stage, found_docs) -> list[dict]:
    """Every published figure's metadata, for pages that still exist."""
    out = []
    for meta in sorted((stage.root / "figures").glob("**/*.json")):
        fig = json.loads(meta.read_text(encoding="utf-8"))
        if fig.get("docname") in found_docs:
            out.append(fig)
    return out


def number(env, fig: dict) -> str:
    """The figure's number as the page shows it ('1.3'), or '' if it has none."""
    n = env.toc_fignumbers.get(fig["docname"], {}).get("figure", {}).get(f"fig-{fig['id']}")
    return ".".join(map(str, n)) if n else ""


def ordered(env, figs: list[dict]) -> list[dict]:
    """Figures in reading order of their numbers; unnumbered ones last."""

    def key(f: dict) -> tuple:
        n = number(env, f)
        return tuple(int(x) for x in n.split(".")) if n else (10**6,)

    return sorted(figs, key=key)


def renumber(jobs: list[tuple[Path, dict]], workers: int) -> None:
    """Name each figure by its number in its exports' footers; redraw, side by side, those new to the number."""
    stale = []
    for folder, fig in jobs:
        (folder / f"{fig['id']}.number").write_text(fig["number"], encoding="utf-8")  # read when next staged
        if render.renumber(folder, fig["id"], render.number_line(fig["number"], fig["title"])):
            stale.append((str(folder), fig["id"]))
    if not stale:
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        for job in [pool.submit(render.draw, *s) for s in stale]:
            job.result()


def publish(app, stage: Stage) -> None:
    """Copy every figure's exports into the site with a manifest of numbers, pages and files."""
    out = Path(app.outdir) / "figures"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    figs = ordered(app.env, manifest(stage, app.env.found_docs))
    for fig in figs:
        fig["number"] = number(app.env, fig)
    renumber(
        [(stage.figures(f["docname"]), f) for f in figs], app.config.moneyloop_workers or os.cpu_count() or 1
    )
    for fig in figs:
        src = stage.figures(fig["docname"])
        for name in fig["files"].values():
            shutil.copy2(src / name, out / name)
        fig["page"] = app.builder.get_target_uri(fig["docname"]) + f"#fig-{fig['id']}"
    (out / "manifest.json").write_text(json.dumps(figs, indent=1, ensure_ascii=False), encoding="utf-8")
