"""Shared fixtures: the repository's paths and throwaway copies of the data package."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from moneyloop import datasets

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


@pytest.fixture(scope="session", autouse=True)
def shipped_problems() -> list:
    """The shipped data, validated once per test run (per worker); a clean result is remembered under _build/,
    so every later datasets.load of the shipped data in the run checks nothing again."""
    return datasets.check(DATA)


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


def write(path: Path, text: str) -> Path:
    """Write a text file, creating its folders; return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def edit_cell(path: Path, index: int, field: str, value: str) -> int:
    """Set one cell (data row `index`, 0-based); return the row number a spreadsheet shows."""
    header, rows = read_rows(path)
    rows[index][field] = value
    write_rows(path, header, rows)
    return index + 2


# --- built books (slow): one clean strict build per session, and one edited copy of it ------

import os
import subprocess
import sys

IGNORE = shutil.ignore_patterns(
    ".venv", "_build", ".git", ".pytest_cache", "__pycache__", ".hypothesis", "*.egg-info"
)


def jupyter_book(book: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the strict build the README documents, in `book`."""
    exe = Path(sys.executable).with_name("jupyter-book")
    # The copy's own package is imported (ahead of the editable install), so the copy is self-contained.
    env = {**os.environ, "PYTHONPATH": str(book / "src"), **(env or {})}
    return subprocess.run(
        [str(exe), "build", ".", "-W", "-n", "--keep-going"],
        cwd=book,
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=1800,
    )


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """A fresh copy of the repository, built strictly from scratch."""
    book = tmp_path_factory.mktemp("book") / "repo"
    shutil.copytree(ROOT, book, ignore=IGNORE)
    done = jupyter_book(book)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert "build succeeded" in done.stdout
    (book / "_build" / "build.log").write_text(done.stdout + done.stderr, encoding="utf-8")
    return book


XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="session")
def edited_book(built_book: Path, tmp_path_factory) -> tuple[Path, str]:
    """The built copy, copied again, with a deal amount raised and a company renamed to markup, then rebuilt."""
    book = tmp_path_factory.mktemp("edited") / "repo"
    shutil.copytree(built_book, book, symlinks=True)
    for field in ("amount_usd_bn", "amount_high_usd_bn"):
        edit_cell_by(book / "data" / "deals.csv", "deal_id", "nvda-openai-loi", field, "150")
    edit_cell_by(book / "data" / "companies.csv", "company_id", "openai", "name", XSS)
    done = jupyter_book(book, env={"MONEYLOOP_ALLOW_MARKUP": "1"})
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    return book, done.stdout + done.stderr


def edit_cell_by(path: Path, key: str, value: str, field: str, new: str) -> None:
    """Set `field` of the row whose `key` column equals `value`."""
    header, rows = read_rows(path)
    row = next(r for r in rows if r[key] == value)
    row[field] = new
    write_rows(path, header, rows)
