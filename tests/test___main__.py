"""Tests for moneyloop.__main__: `python -m moneyloop validate` prints located problems and exits 1, or a summary."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, edit_cell


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "moneyloop", *args], capture_output=True, text=True, cwd=ROOT, check=False
    )


def test_valid_package_prints_one_summary_line(monkeypatch, capsys):
    from moneyloop.__main__ import main

    monkeypatch.chdir(ROOT)  # the default folder is ./data
    assert main(["validate"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and " valid - " in out[0] and " tables, " in out[0] and " rows, " in out[0]


def test_broken_package_prints_each_problem_and_exits_1(data_copy, capsys):
    from moneyloop.__main__ import main

    edit_cell(data_copy / "deals.csv", 0, "amount_usd_bn", "lots")
    edit_cell(data_copy / "companies.csv", 1, "kind", "wizard")
    assert main(["validate", str(data_copy)]) == 1
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert any(line.startswith("deals.csv:2: amount_usd_bn:") for line in lines)
    assert any(line.startswith("companies.csv:3: kind:") for line in lines)
    assert out.err.strip().endswith(f"problem(s) in {data_copy}") and "Traceback" not in out.out + out.err


def test_the_module_runs_as_a_command(tmp_path):
    # `python -m moneyloop` itself, in a fresh process: a missing folder is reported without a traceback
    done = run("validate", str(tmp_path / "nowhere"))
    assert done.returncode == 1
    assert "datapackage.json" in done.stdout and "Traceback" not in done.stderr
