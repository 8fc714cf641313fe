"""Where the build keeps what is not a page, and what a page's kernel is told: one object, passed explicitly."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from moneyloop import datasets, deps, figures


@dataclass(frozen=True)
class Stage:
    """The book's source folder and _build/.moneyloop (bundle, dependency records, figure exports)."""

    srcdir: Path
    root: Path

    @classmethod
    def of(cls, app) -> Stage:
        """The stage of a Sphinx application: beside its output folder, so a clean build starts afresh."""
        return cls(Path(app.srcdir).resolve(), (Path(app.outdir).parent / ".moneyloop").resolve())

    @property
    def data(self) -> Path:
        """The data package the book is built from."""
        return self.srcdir / "data"

    @property
    def static(self) -> Path:
        """Static files Sphinx copies into the site (the chart bundle, the stylesheet)."""
        return self.root / "static"

    @property
    def records(self) -> Path:
        """Per-page records of what each page read when it last ran."""
        return self.root / "deps"

    def log(self, docname: str, cell: str) -> Path:
        """The file a page appends the paths it reads to when it runs with the given cell id."""
        return self.records / f"{docname}.{cell}.log"

    def figures(self, docname: str) -> Path:
        """The folder a page's figure exports are staged in."""
        return self.root / "figures" / docname

    def kernel_env(self, docname: str, cell: str) -> dict[str, str]:
        """What a page's kernel must know: its dependency log, figure folder, name and data package."""
        return {
            deps.ENV_VAR: str(self.log(docname, cell)),
            figures.FIGURES_ENV: str(self.figures(docname)),
            figures.DOCNAME_ENV: docname,
            figures.DEFER_ENV: "1",
            datasets.DATA_ENV: str(self.data),
        }
