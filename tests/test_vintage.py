"""Tests for moneyloop.vintage: revenue needed to pay back capex over a useful life, on hand-computed fixtures."""

from __future__ import annotations

import pandas as pd
import pytest

from moneyloop import vintage


def test_required_in_year_counts_only_live_vintages():
    capex = pd.Series({2022: 100.0, 2023: 100.0, 2024: 200.0, 2025: 400.0})
    # life 3 in 2025: vintages 2023-2025 = 700; zero rate: crf = 1/3; margin 0.5: 700 / 3 / 0.5 = 466.67
    assert vintage.required_in_year(capex, 2025, 3, 0.0, 0.5) == pytest.approx(466.6667, abs=1e-3)
    # life 1: only 2025: 400 x 1 / 1 = 400
    assert vintage.required_in_year(capex, 2025, 1, 0.0, 0.0) == pytest.approx(400.0)


def test_flat_capex_life_barely_matters_growing_capex_it_does():
    # flat capex, 10%: 3-yr life 3 x 0.402115 = 1.20634; 6-yr life 6 x 0.229607 = 1.37764 (per unit of capex)
    assert vintage.steady_growth_required(1, 0.0, 3, 0.1, 0.0) == pytest.approx(1.20634, abs=1e-5)
    assert vintage.steady_growth_required(1, 0.0, 6, 0.1, 0.0) == pytest.approx(1.37764, abs=1e-5)
    # 50% growth: 3-yr (1 + 1/1.5 + 1/2.25) = 2.11111 x 0.402115 = 0.84891
    # 6-yr (2.11111 + 0.29630 + 0.19753 + 0.13169) = 2.73663 x 0.229607 = 0.62835; ratio 1.351
    three = vintage.steady_growth_required(1, 0.5, 3, 0.1, 0.0)
    six = vintage.steady_growth_required(1, 0.5, 6, 0.1, 0.0)
    assert three == pytest.approx(0.84891, abs=1e-5) and six == pytest.approx(0.62835, abs=1e-5)
    assert three / six == pytest.approx(1.351, abs=1e-3)


def test_life_sensitivity_shape():
    s = vintage.life_sensitivity(100, {"flat": 0.0, "growing": 0.5}, range(2, 5), 0.1, 0.5)
    assert len(s) == 6 and set(s["path"]) == {"flat", "growing"}
    # flat, life 2, margin 0.5: 100 x 2 x crf(10%, 2) = 0.576190 -> 115.238 / 0.5 = 230.476
    assert s.iloc[0]["required"] == pytest.approx(230.476, abs=1e-3)


def test_life_changes_counts():
    lives = pd.DataFrame(
        {
            "effective": pd.to_datetime(["2022-01-01", "2024-01-01", "2025-01-01", "2023-01-01"]),
            "life_before_years": [4, 5, 6, float("nan")],
            "life_after_years": [5, 6, 5, 6],
        }
    )
    # 4->5 and 5->6 lengthen, 6->5 shortens; the row with no earlier life is not counted either way
    assert vintage.life_changes(lives) == {
        "lengthened": 2.0,
        "shortened": 1.0,
        "first_year": 2022.0,
        "last_year": 2025.0,
    }
