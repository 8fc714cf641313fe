"""Indicator values on hand-built tables, and on the shipped data only through named anchor facts."""

from __future__ import annotations

import pandas as pd
import pytest

from anchors import ANCHORS, up_to
from moneyloop import datasets, indicators


def _prices(rows: list[tuple]) -> pd.DataFrame:
    cols = ["gpu_type", "date", "usd_per_gpu_hour_low", "usd_per_gpu_hour_high", "price_kind", "sources"]
    df = pd.DataFrame(rows, columns=cols)
    df["date"] = pd.to_datetime(df["date"])
    return df


def test_gpu_rental_change_compares_the_two_latest_readings_of_one_kind():
    t = {
        "gpu_prices": _prices(
            [
                ("H800", "2024-12-01", 2.0, 2.0, "assumption", "A2024a"),  # an assumption is never a price
                ("H100", "2024-10-01", None, 2.0, "rental-market", "B2024b"),
                ("H100", "2025-10-01", 1.7, 1.7, "contract-index", "C2025c"),
                ("H100", "2026-03-01", 2.35, 2.35, "contract-index", "C2026c"),
            ]
        )
    }
    r = indicators.gpu_rental_change(t)
    # 2.35 / 1.70 - 1 = 0.65 / 1.70 = 38.2353 %
    assert r["value"] == pytest.approx(38.2353, abs=1e-4)
    assert r["value_date"] == pd.Timestamp("2026-03-01")
    assert r["source_keys"] == "C2025c;C2026c"


def test_gpu_rental_change_is_unknown_across_more_than_a_year():
    t = {
        "gpu_prices": _prices(
            [("H100", "2024-01-01", 2, 2, "x", "A2024a"), ("H100", "2025-03-01", 3, 3, "x", "B2025b")]
        )
    }
    assert pd.isna(indicators.gpu_rental_change(t)["value"])


def _rpo(rows: list[tuple]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["company_id", "period_end", "value_usd_bn", "sources"])
    df["period_end"] = pd.to_datetime(df["period_end"])
    df["metric"], df["basis"] = "rpo", "actual"
    return df


def test_backlog_growth_sums_clouds_with_a_reading_a_year_earlier():
    t = {
        "financials": _rpo(
            [
                ("a", "2024-05-31", 100, "A2024a"),
                ("a", "2025-02-28", 120, "A2025a"),
                ("a", "2025-05-31", 150, "A2025b"),
                ("b", "2024-06-30", 40, "B2024a"),
                ("b", "2025-06-30", 50, "B2025a"),
                ("c", "2025-06-30", 999, "C2025a"),  # no reading a year earlier: left out
            ]
        )
    }
    r = indicators.backlog_growth(t)
    # (150 + 50) / (100 + 40) - 1 = 200 / 140 - 1 = 42.857 %
    assert r["value"] == pytest.approx(42.857, abs=1e-3)
    assert r["value_date"] == pd.Timestamp("2025-06-30")
    assert r["basis"].startswith("a, b:")


def test_us_gdp_takes_the_year_else_the_latest_before_it():
    gdp = pd.DataFrame(
        {
            "economy_code": ["USA", "USA", "USA", "CHN"],
            "year": [2000, 2023, 2025, 2026],
            "estimate": ["actual", "actual", "projection", "actual"],
            "gdp_usd_bn": [10251.0, 27360.9, 30507.0, 1.0],
        }
    )
    assert indicators.us_gdp(gdp, 2000)["gdp_usd_bn"] == 10251.0
    assert indicators.us_gdp(gdp, 2026)["gdp_usd_bn"] == 30507.0
    with pytest.raises(KeyError):
        indicators.us_gdp(gdp, 1999)


def test_values_reports_a_missing_reading_as_unknown():
    v = indicators.values({"gpu_prices": _prices([])}, ["gpu-rental-change", "no-such-indicator"]).set_index(
        "indicator_id"
    )
    assert v["value"].isna().all()
    assert v.at["no-such-indicator", "basis"] == "the data hold no value for this indicator yet"


# --- shipped data: anchor facts only (tests/anchors.py) -----------------------------------------


def test_every_scorecard_indicator_has_a_function():
    defs = datasets.load("scorecard")
    # two indicators are defined before the data can give them a value; every other has a function
    assert set(defs["indicator_id"]) - set(indicators.REGISTRY) <= {
        "revenue-coverage",
        "builder-credit-spread",
    }


def test_cape_reads_the_dated_row_and_the_dot_com_record():
    # the shipped tables as of May 2026: a later reading added by an update does not change this test
    t = up_to(datasets.load_all(), "cape-2026-05-date")
    v = indicators.cape(t)
    assert (v["value"], v["value_date"]) == (
        ANCHORS["cape-2026-05"].value,
        ANCHORS["cape-2026-05-date"].value,
    )
    assert v["peak_2000"] == ANCHORS["cape-1999-12"].value
    assert v["source_keys"] == f"{ANCHORS['cape-2026-05'].source};{ANCHORS['cape-1999-12'].source}"
