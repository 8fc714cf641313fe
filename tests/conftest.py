"""Shared fixtures: the repository's paths and throwaway copies of the data package."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def read_rows(path: Path) -> tuple[list[str], list[dict]]:
    """Header and rows of a CSV, as text."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict]) -> None:
    """Write rows back with the given header (extra keys are written if in header)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def edit_cell(path: Path, index: int, field: str, value: str) -> int:
    """Set one cell (data row `index`, 0-based); return the row number a spreadsheet shows."""
    header, rows = read_rows(path)
    rows[index][field] = value
    write_rows(path, header, rows)
    return index + 2
