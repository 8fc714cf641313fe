"""The code is formatted and linted as pyproject.toml says: ruff runs inside the test command, so CI runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

RUFF = Path(sys.executable).with_name("ruff")


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(RUFF), *args], cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_check_is_clean():
    done = ruff("check", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format_leaves_every_file_as_it_is():
    done = ruff("format", "--check", ".")
    assert done.returncode == 0, done.stdout + done.stderr
