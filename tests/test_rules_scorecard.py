"""Tests for moneyloop.rules.scorecard: thresholds inside the range, on the right side, and sourced."""

from __future__ import annotations

import pandas as pd

from moneyloop.rules import scorecard


def rows(*records) -> dict[str, pd.DataFrame]:
    base = {
        "range_min": "0",
        "range_max": "100",
        "bubble_threshold": "80",
        "benign_threshold": "20",
        "direction": "higher",
        "sources": "Fixture2025a",
        "threshold_basis": "From the source.",
    }
    return {"scorecard": pd.DataFrame([{**base, **r} for r in records], dtype=str)}


def messages(tables) -> list[str]:
    return [str(p) for p in scorecard.check(tables, {})]


def test_a_consistent_row_passes_and_no_table_is_no_problem():
    assert messages(rows({})) == []
    assert messages({}) == []


def test_a_threshold_outside_the_range_is_located():
    # row 2 (the second record): 120 > 100
    assert messages(rows({}, {"bubble_threshold": "120"})) == [
        "scorecard.csv:3: bubble_threshold: 120 is outside the indicator's range 0 to 100"
    ]


def test_the_bubble_threshold_must_lie_beyond_the_benign_one():
    assert messages(rows({"bubble_threshold": "20", "benign_threshold": "80"})) == [
        "scorecard.csv:2: bubble_threshold: 20 must be above the benign threshold 80 when higher values are bubble-like"
    ]
    # lower is bubble-like: 20 below 80 passes; equal thresholds fail
    assert messages(rows({"direction": "lower", "bubble_threshold": "20", "benign_threshold": "80"})) == []
    assert messages(rows({"direction": "lower", "bubble_threshold": "50", "benign_threshold": "50"})) == [
        "scorecard.csv:2: bubble_threshold: 50 must be below the benign threshold 50 when lower values are bubble-like"
    ]


def test_a_threshold_without_a_source_must_be_the_reports_choice():
    assert messages(rows({"sources": " "})) == [
        "scorecard.csv:2: sources: blank, but the threshold basis is not the report's choice: cite the source it rests on"
    ]
    assert messages(rows({"sources": "", "threshold_basis": "The report's choice."})) == []


def test_unreadable_numbers_are_left_to_the_schema_checks():
    assert messages(rows({"range_min": "n/a", "bubble_threshold": "", "benign_threshold": "x"})) == []
