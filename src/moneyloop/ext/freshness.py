"""No stale pages: a page re-executes when a data file it read or a package module it imports changes.

A page's fingerprint hashes the contents of its inputs: the files it read when it last ran (every data file
if that is unknown) and the package modules its code imports, directly or indirectly. The fingerprint keys a
hidden first cell, so jupyter-cache re-executes exactly the pages whose inputs changed, and an edit that is
reverted finds its earlier execution in the cache. Records are written only after a successful build.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from moneyloop import deps
from moneyloop.ext.stage import Stage

NOTEBOOK = re.compile(r"^---\s*\n.*?\bkernelspec:.*?\n---\s*\n", re.DOTALL)
KEEP = 32  # remembered fingerprints per page: enough to revert several edits without re-executing


@dataclass
class Freshness:
    """What this build learnt about each page, committed to the records only if the build succeeds."""

    stage: Stage
    package: Path = deps.PACKAGE_DIR  # the package whose modules pages import
    cells: dict[str, str] = field(default_factory=dict)  # docname -> the cell id the page was read with
    ran: dict[str, list[str]] = field(default_factory=dict)  # docname -> files it read when it ran now
    _digests: dict[tuple, str] = field(default_factory=dict)

    def record(self, docname: str) -> dict:
        """The page's last successful record: files read, the cell it was read with, fingerprint -> cell."""
        path = self.stage.records / f"{docname}.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def _rel(self, path: Path) -> str:
        """Paths inside the book are stored relative, so a moved or copied tree keeps its records."""
        path = Path(path).resolve()
        return (
            os.path.relpath(path, self.stage.srcdir) if path.is_relative_to(self.stage.srcdir) else str(path)
        )

    def _digest(self, path: Path) -> str:
        """The content hash of a file (or 'missing'), computed once per size and modification time."""
        try:
            st = path.stat()
        except FileNotFoundError:
            return "missing"
        key = (str(path), st.st_size, st.st_mtime_ns)
        if key not in self._digests:
            self._digests[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        return self._digests[key]

    def inputs(self, docname: str, page: Path, files: list[str] | None = None) -> list[Path]:
        """The page's inputs: the files it read (every data file if unknown) and the modules it imports."""
        files = files if files is not None else self.record(docname).get("files")
        read = [self.stage.srcdir / f for f in files] if files else sorted(self.stage.data.glob("*"))
        return read + deps.page_module_files(page, self.package)

    def fingerprint(self, docname: str, page: Path, files: list[str] | None = None) -> str:
        """A hash of the names and contents of the page's inputs."""
        h = hashlib.sha256()
        for f in sorted(set(self.inputs(docname, page, files))):
            h.update(f"{self._rel(f)}|{self._digest(f)}\n".encode())
        return h.hexdigest()[:16]

    def cell_id(self, docname: str, page: Path) -> str:
        """The id the page's hidden cell carries: the one an earlier run with the same inputs used."""
        fp = self.fingerprint(docname, page)
        return self.record(docname).get("cells", {}).get(fp, fp)

    def stale(self, docname: str, page: Path) -> bool:
        """True if the page's inputs differ from those of its last successful read."""
        return self.record(docname).get("cell") != self.cell_id(docname, page)

    def read(self, docname: str) -> None:
        """After a page was read: take the files it read from the log of the run its outputs came from.

        The log stays until a build succeeds, so a page run in a failed build and then read from the cache
        still has its record written.
        """
        log = self.stage.log(docname, self.cells[docname])
        if log.exists() and log.stat().st_size:
            paths = log.read_text(encoding="utf-8").split()
            self.ran[docname] = sorted({self._rel(Path(p)) for p in paths})

    def commit(self, pages: dict[str, Path]) -> None:
        """Write the records of every page read in this build (called only after a successful build)."""
        self.stage.records.mkdir(parents=True, exist_ok=True)
        for docname, cell in self.cells.items():
            rec = self.record(docname)
            files = self.ran.get(docname, rec.get("files"))  # None: not known, every data file counts
            cells = {**rec.get("cells", {}), self.fingerprint(docname, pages[docname], files): cell}
            cells = dict(list(cells.items())[-KEEP:])
            out = {"files": files, "cell": cell, "cells": cells}
            path = self.stage.records / f"{docname}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(out, indent=1), encoding="utf-8")
            for log in self.stage.records.glob(f"{glob.escape(docname)}.*.log"):
                log.unlink()


def inject(source: str, cell: str) -> str | None:
    """The page's text with a hidden first cell carrying the cell id, or None if it is not a notebook."""
    m = NOTEBOOK.match(source)
    if not m:
        return None
    code = f"```{{code-cell}} ipython3\n:tags: [remove-cell]\n# moneyloop dependencies: {cell}\n```\n\n"
    return source[: m.end()] + code + source[m.end() :]


def orphans(outdir: Path, found_docs: set[str]) -> list[Path]:
    """Pages in the site (and their copied sources) whose source file is gone: in a folder of pages, not a page."""
    folders = {d.split("/")[0] for d in found_docs if "/" in d}
    out = []
    for page in sorted(outdir.rglob("*.html")):
        doc = page.relative_to(outdir).with_suffix("").as_posix()
        if "/" in doc and doc.split("/")[0] in folders and doc not in found_docs:
            out += [page, *sorted(outdir.glob(f"_sources/{glob.escape(doc)}.*"))]
    return out
