"""Execute the pages that must run in parallel worker processes, into the cache myst-nb then reads from.

myst-nb executes notebooks one after another while Sphinx reads them. Before reading starts, this module
builds each page's notebook exactly as myst-nb will (same text, same reader), looks it up in jupyter-cache,
runs the missing ones side by side, and caches them under the key myst-nb looks up, so myst-nb finds every
page already executed. A page that fails here is left to myst-nb, which runs it again and reports the error.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

IOPUB_TIMEOUT = 120
"""Seconds to wait for a cell's outputs after the kernel has replied."""


@dataclass
class Job:
    """One page to execute: its notebook (JSON), the folder it runs in and its kernel's environment."""

    docname: str
    path: Path
    notebook: str
    env: dict[str, str]
    timeout: int | None


def run(notebook: str, cwd: str, env: dict[str, str], timeout: int | None) -> tuple[str, float, str]:
    """Execute a notebook in a fresh kernel; return it executed, the seconds taken and the error (or "")."""
    import nbformat
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    nb = nbformat.reads(notebook, as_version=4)
    name = nb.metadata.get("kernelspec", {}).get("name", "python3")
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="moneyloop-kernel-") as sockets:
        # Local sockets instead of TCP ports: nothing listens on the network, and the kernel does not warn
        # that its TCP traffic is unencrypted.
        km = AsyncKernelManager(kernel_name=name, transport="ipc", ip=os.path.join(sockets, "kernel"))
        client = NotebookClient(
            nb,
            km=km,
            timeout=timeout,
            allow_errors=False,
            record_timing=False,
            # On a busy machine a cell's last outputs can arrive seconds after its reply; nbclient's default
            # (4 s, then drop them with a warning) would cache a page with missing glue. Wait, or fail loudly.
            iopub_timeout=IOPUB_TIMEOUT,
            raise_on_iopub_timeout=True,
            resources={"metadata": {"path": cwd}},
        )
        try:
            client.execute(env={**os.environ, **env})
        except (CellExecutionError, CellTimeoutError) as err:
            return "", time.perf_counter() - start, str(err)
        finally:
            if km.has_kernel:  # the client does not stop a kernel it was handed
                run_sync(km.shutdown_kernel)(now=True)
    return nbformat.writes(nb), time.perf_counter() - start, ""


def merge(notebook: str, executed: str):
    """The notebook as myst-nb built it, with the executed copy's outputs: its cache key stays myst-nb's."""
    import nbformat

    nb = nbformat.reads(notebook, as_version=4)
    done = nbformat.reads(executed, as_version=4)
    for cell, ran in zip(nb.cells, done.cells, strict=True):
        if cell.cell_type == "code":
            cell.outputs = ran.outputs
            cell.execution_count = ran.execution_count
    if "language_info" in done.metadata:
        nb.metadata["language_info"] = done.metadata["language_info"]
    return nb


def missing(cache, notebooks: Iterable[tuple[str, object]]) -> list[str]:
    """The docnames whose notebook has no executed copy in the cache."""
    out = []
    for docname, nb in notebooks:
        try:
            cache.match_cache_notebook(nb)
        except KeyError:
            out.append(docname)
    return out


def execute_all(
    jobs: list[Job],
    cache,
    workers: int,
    log: Callable[[str], None],
    done: Callable[[str], None] = lambda docname: None,
) -> list[str]:
    """Run the jobs side by side, cache each success, call `done` as each finishes; return the failures."""
    from jupyter_cache.base import CacheBundleIn

    failed: list[str] = []
    if not jobs:
        return failed
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=max(1, min(workers, len(jobs))), mp_context=ctx) as pool:
        futures: dict[Future, Job] = {
            pool.submit(run, j.notebook, str(j.path.parent), j.env, j.timeout): j for j in jobs
        }
        for job in jobs:
            log(f"{job.path}: Executing notebook in a worker process")
        for fut in as_completed(futures):
            job = futures[fut]
            text, seconds, error = fut.result()
            if error:
                log(f"{job.path}: execution failed in the worker; myst-nb runs it again to report it")
                failed.append(job.docname)
                continue
            bundle = CacheBundleIn(
                merge(job.notebook, text), str(job.path), data={"execution_seconds": seconds}
            )
            cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)
            log(f"{job.path}: executed in {seconds:.1f} s")
            done(job.docname)
    return failed
