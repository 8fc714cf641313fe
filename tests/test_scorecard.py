"""The scorecard's reading rules, verdict and sensitivity on a hand-built fixture, and its validation."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from conftest import edit_cell, read_rows
from moneyloop import datasets, scorecard


def definitions() -> pd.DataFrame:
    """Five indicators: two 'higher is bubble-like' with a 2000 value, one 'lower', one benign, one without data."""
    return pd.DataFrame(
        {
            "indicator_id": ["a", "b", "c", "d", "e"],
            "label": ["A", "B", "C", "D", "E"],
            "dimension": ["valuation", "credit", "funding", "scale", "concentration"],
            "unit": ["multiple", "pct", "share", "pct", "ratio"],
            "direction": ["higher", "lower", "higher", "higher", "higher"],
            "bubble_threshold": [30.0, 1.0, 0.5, 1.0, 10.0],
            "benign_threshold": [20.0, 2.0, 0.3, 0.5, 5.0],
            "key": [True, False, False, False, True],
        }
    )


def values() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator_id": ["a", "b", "c", "e"],  # d has no value: it must read 'unknown', not vanish
            "value": [35.0, 1.5, 0.2, 10.0],
            "value_date": pd.to_datetime(["2026-06-30"] * 4),
            "peak_2000": [44.0, math.nan, math.nan, 9.0],
            "norm": [16.0, math.nan, math.nan, 5.0],
            "source_keys": [""] * 4,
            "basis": [""] * 4,
        }
    )


def test_readings_by_hand():
    s = scorecard.score(definitions(), values()).set_index("indicator_id")
    # a: 35 >= 30 -> for; b (lower): 1.0 < 1.5 < 2.0 -> neutral; c: 0.2 <= 0.3 -> against;
    # d: no value -> unknown; e: exactly at its bubble threshold 10 -> for.
    assert s["reading"].to_dict() == {"a": "for", "b": "neutral", "c": "against", "d": "unknown", "e": "for"}
    # a sits (35 - 16) / (44 - 16) = 19/28 of the way from its norm to its 2000 level.
    assert s.at["a", "position"] == pytest.approx(19 / 28)
    assert math.isnan(s.at["b", "position"])
    # e at 10 is beyond its 2000 value of 9; a at 35 is below 44.
    assert s["beyond_2000"].to_dict() == {"a": False, "b": False, "c": False, "d": False, "e": True}


def test_verdict_by_hand():
    v = scorecard.verdict(scorecard.score(definitions(), values()))
    assert (v["for"], v["neutral"], v["against"], v["unknown"]) == (2, 1, 1, 1)
    assert (v["total"], v["known"], v["beyond_2000"]) == (5, 4, 1)
    assert v["lean"] == "toward a bubble"  # 2 for > 1 against
    assert v["key"] == [("a", "for"), ("e", "for")]


def test_sensitivity_by_hand():
    table = scorecard.sensitivity(definitions(), values(), [-0.5, 0.0, 0.5]).set_index("shift")
    # Stricter (+0.5): each threshold moves half the gap further toward bubble.
    # a: 35/25 -> 35 >= 35 for; b (lower): 0.5/1.5 -> 1.5 <= 1.5 against; c: 0.6/0.4 -> against;
    # e: 12.5/7.5 -> 10 neutral. So 1 for, 1 neutral, 2 against.
    assert table.loc[0.5, ["for", "neutral", "against", "unknown"]].tolist() == [1, 1, 2, 1]
    assert table.at[0.5, "lean"] == "against a bubble"
    # Looser (-0.5): a: 25/15 for; b: 1.5/2.5 -> 1.5 for; c: 0.4/0.2 -> 0.2 against; e: 7.5/2.5 for.
    assert table.loc[-0.5, ["for", "neutral", "against", "unknown"]].tolist() == [3, 0, 1, 1]
    assert table.loc[0.0, ["for", "neutral", "against", "unknown"]].tolist() == [2, 1, 1, 1]


def test_thresholds_move_in_the_bubble_direction():
    assert scorecard.thresholds(30, 20, "higher", 0.5) == (35, 25)
    assert scorecard.thresholds(1.0, 2.0, "lower", 0.5) == (0.5, 1.5)
    with pytest.raises(ValueError):
        scorecard.thresholds(1, 2, "sideways")


def test_values_for_unknown_indicator_are_refused():
    extra = pd.concat([values(), values().iloc[[0]].assign(indicator_id="zz")])
    with pytest.raises(ValueError, match="zz"):
        scorecard.score(definitions(), extra)


def test_chart_data_scales_values_between_thresholds():
    d = scorecard.chart_data(scorecard.score(definitions(), values())).set_index("label")
    assert list(d.index) == ["A", "B", "C", "E"]  # every indicator with a value; D has none
    # a: (35 - 20) / (30 - 20) = 1.5; b (lower): (1.5 - 2) / (1 - 2) = 0.5; c: (0.2 - 0.3) / 0.2 = -0.5.
    assert d["scaled"].tolist() == pytest.approx([1.5, 0.5, -0.5, 1.0])
    # a's 2000 value 44 sits at (44 - 20) / 10 = 2.4 on the same scale; b has none.
    assert d.at["A", "scaled_2000"] == pytest.approx(2.4)
    assert math.isnan(d.at["B", "scaled_2000"])
    assert (d.at["A", "value_text"], d.at["C", "value_text"]) == ("35", "20%")
    assert d.at["E", "reading_label"] == "Points to a bubble"


def test_chart_has_a_threshold_slider():
    spec = scorecard.chart(scorecard.chart_data(scorecard.score(definitions(), values()))).to_dict()
    (param,) = spec["params"]
    assert (param["name"], param["bind"]["min"], param["bind"]["max"]) == ("shift", -0.5, 0.5)


def _problems(data_copy) -> list[str]:
    return [str(p) for p in datasets.validate(data_copy)]


def test_threshold_outside_range_is_rejected(data_copy):
    _, rows = read_rows(data_copy / "scorecard.csv")
    i = next(i for i, r in enumerate(rows) if r["indicator_id"] == "circular-share")
    row = edit_cell(data_copy / "scorecard.csv", i, "bubble_threshold", "1.5")  # a share cannot exceed 1
    assert f"scorecard.csv:{row}: bubble_threshold: 1.5 is outside the indicator's range 0 to 1" in _problems(
        data_copy
    )


def test_thresholds_on_the_wrong_side_are_rejected(data_copy):
    _, rows = read_rows(data_copy / "scorecard.csv")
    i = next(i for i, r in enumerate(rows) if r["indicator_id"] == "cape")
    row = edit_cell(data_copy / "scorecard.csv", i, "bubble_threshold", "15")  # below the benign 20
    assert any(
        p.startswith(f"scorecard.csv:{row}: bubble_threshold: 15 must be above") for p in _problems(data_copy)
    )


def test_unsourced_threshold_must_be_our_choice(data_copy):
    _, rows = read_rows(data_copy / "scorecard.csv")
    i = next(i for i, r in enumerate(rows) if r["indicator_id"] == "cape")
    row = edit_cell(data_copy / "scorecard.csv", i, "sources", "")
    assert any(p.startswith(f"scorecard.csv:{row}: sources: blank") for p in _problems(data_copy))


def test_dimension_readings_by_hand():
    s = scorecard.score(definitions(), values())
    # valuation: a for; credit: b neutral (known, net 0 -> mixed); funding: c against; scale: d unknown;
    # concentration: e for.
    assert scorecard.dimension_readings(s) == {
        "for": ["valuation", "concentration"],
        "against": ["funding"],
        "mixed": ["credit"],
        "unknown": ["scale"],
    }


def test_derived_in_links_each_chapter_once():
    s = scorecard.score(
        definitions().assign(section=["dotcom", "buildout", "buildout", "dotcom", "dotcom"]), values()
    )
    assert scorecard.derived_in(s) == "{ref}`dotcom`: A, D and E; {ref}`buildout`: B and C."
