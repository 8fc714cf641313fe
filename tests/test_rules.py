"""Tests for moneyloop.rules: the validator finds every topic rule module and runs each."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from moneyloop import rules


def test_every_topic_module_is_found_in_name_order():
    folder = Path(rules.__file__).parent
    files = sorted(p.stem for p in folder.glob("*.py") if not p.stem.startswith("_"))
    assert rules.modules() == files
    assert {"deals", "scorecard", "stress"} <= set(files)


def test_run_all_collects_each_modules_problems(monkeypatch):
    called = []

    def fake_import(name):
        called.append(name)
        return type("M", (), {"check": staticmethod(lambda t, s, n=name: [n])})

    monkeypatch.setattr(rules.importlib, "import_module", fake_import)
    monkeypatch.setattr(rules, "modules", lambda: ["b", "a"])
    assert rules.run_all({"x": pd.DataFrame()}, {}) == ["moneyloop.rules.b", "moneyloop.rules.a"]
    assert called == ["moneyloop.rules.b", "moneyloop.rules.a"]
