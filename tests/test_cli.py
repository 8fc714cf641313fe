"""`python -m moneyloop validate` prints located problems and exits 1, or a summary and exits 0."""

from __future__ import annotations

import subprocess
import sys

from conftest import DATA, ROOT, edit_cell


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "moneyloop", *args], capture_output=True, text=True, cwd=ROOT, check=False
    )


def test_valid_package_prints_a_summary():
    done = run("validate", str(DATA))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "valid" in done.stdout and "tables" in done.stdout and "rows" in done.stdout
    assert len(done.stdout.strip().splitlines()) == 1


def test_default_folder_is_data():
    assert run("validate").returncode == 0


def test_broken_package_prints_each_problem_and_exits_1(data_copy):
    edit_cell(data_copy / "deals.csv", 0, "amount_usd_bn", "lots")
    edit_cell(data_copy / "companies.csv", 1, "kind", "wizard")
    done = run("validate", str(data_copy))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert any(line.startswith("deals.csv:2: amount_usd_bn:") for line in lines)
    assert any(line.startswith("companies.csv:3: kind:") for line in lines)
    assert "Traceback" not in done.stdout + done.stderr


def test_missing_folder_is_reported_without_a_traceback(tmp_path):
    done = run("validate", str(tmp_path / "nowhere"))
    assert done.returncode == 1
    assert "datapackage.json" in done.stdout and "Traceback" not in done.stderr
