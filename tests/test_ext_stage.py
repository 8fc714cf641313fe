"""Tests for moneyloop.ext.stage: where the build keeps its files and what a page's kernel is told."""

from __future__ import annotations

from moneyloop import deps
from moneyloop.ext.stage import Stage


def test_stage_tells_each_page_kernel_its_own_log_figures_and_data(tmp_path):
    stage = Stage(tmp_path / "src", tmp_path / "_build" / ".moneyloop")
    env = stage.kernel_env("book/intro", "abc")
    assert env == {
        deps.ENV_VAR: str(tmp_path / "_build" / ".moneyloop" / "deps" / "book" / "intro.abc.log"),
        "MONEYLOOP_FIGURES_DIR": str(tmp_path / "_build" / ".moneyloop" / "figures" / "book" / "intro"),
        "MONEYLOOP_DOCNAME": "book/intro",
        "MONEYLOOP_DEFER_DRAWING": "1",
        "MONEYLOOP_DATA": str(tmp_path / "src" / "data"),
    }
