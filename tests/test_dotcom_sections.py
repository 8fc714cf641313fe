"""Tests for the dot-com chapter's section helpers, on small hand-made tables."""

from __future__ import annotations

import pandas as pd
import pytest

from moneyloop import dotcom_sections as sec
from moneyloop import dotcom_story as story


def test_fibre_glue_keys_by_id_with_dates():
    fibre = pd.DataFrame(
        {
            "observation_id": ["a-2001", "b-2005"],
            "date": pd.to_datetime(["2001-01-01", "2005-05-01"]),
            "date_precision": ["year", "month"],
            "value_pct": [2.6, 85.0],
        }
    )
    g = sec.fibre_glue({"fibre_use": fibre})
    # 2.6 keeps its decimal, 85.0 is a whole number; dates only as precise as known
    assert g == {
        "dotcom-fibre-a-2001": "2.6%",
        "dotcom-fibre-a-2001-date": "2001",
        "dotcom-fibre-b-2005": "85%",
        "dotcom-fibre-b-2005-date": "May 2005",
    }


def test_amount_writes_ranges_and_points():
    assert sec._amount(pd.Series({"amount_low_usd_bn": 7.0, "amount_high_usd_bn": 8.1})) == "$7B–$8.1B"
    assert sec._amount(pd.Series({"amount_low_usd_bn": 2.4, "amount_high_usd_bn": 2.4})) == "$2.4B"


def test_base_row_and_caption():
    bases = pd.DataFrame(
        {
            "index": ["NASDAQ Composite", "NASDAQ Composite"],
            "basis": ["close", "intraday"],
            "peak_date": pd.to_datetime(["2000-03-10", "2000-03-10"]),
            "peak": [5048.62, 5132.52],
        }
    )
    assert sec.base_row(bases, "NASDAQ Composite", "intraday")["peak"] == 5132.52
    assert sec.bases_caption({"bases": bases}).endswith("(constant prices: March 2000 core-CPI dollars)")


def test_story_names_and_slugs():
    assert story._names([]) == "none"
    assert story._names(["A"]) == "A"
    assert story._names(["A", "B", "C"]) == "A, B and C"


def test_telecom_glue_by_hand():
    telecom_rows = pd.DataFrame(
        {
            "measure": ["carrier-capex", "carrier-capex", "rated-defaults", "telecom-defaults"]
            + ["vendor-loan-provision", "vendor-loan-write-off", "vendor-loans-outstanding"],
            "scope": ["Carriers", "Carriers", "US bonds", "US bonds"] + ["Lucent Technologies"] * 3,
            "year": [2000, 2001, 2002, 2002, 2000, 2000, 2000],
            "value_low_usd_bn": [100.0, 60.0, 100.0, 50.0, 0.25, 0.07, 1.3],
            "value_high_usd_bn": [100.0, 60.0, 100.0, 50.0, 0.25, 0.07, 1.3],
            "basis": ["actual", "forecast", "actual", "actual", "actual", "actual", "actual"],
            "sources": ["T"] * 7,
        }
    )
    gdp = pd.DataFrame(
        {
            "economy_code": ["USA"] * 3,
            "year": [2000, 2001, 2002],
            "estimate": ["actual"] * 3,
            "gdp_usd_bn": [10000.0, 10000.0, 11000.0],
            "sources": ["G"] * 3,
        }
    )
    from moneyloop import cashflow

    cf = pd.DataFrame(
        [[c, "FY2002", "2002-01-01", "2002-12-31", "capex-cash", 33.0, "filing", "", "S"] for c in cashflow.HYPERSCALERS],
        columns=["company_id", "fiscal_year", "fiscal_year_start", "fiscal_year_end", "item", "value_usd_bn",
                 "basis", "note", "sources"],
    )  # fmt: skip
    g = story.telecom_glue(telecom_rows, cf, gdp)
    # telecom peak: 100 / 10,000 = 1.00% in 2000 (the 2001 forecast, 0.60%, is the series' last point)
    assert (g["dotcom-tel-peak-share"], g["dotcom-tel-peak-year"]) == ("1.00%", "2000")
    assert (g["dotcom-tel-last-share"], g["dotcom-tel-last-basis"]) == ("0.60%", "forecast")
    # cloud builders: 5 x 33 = 165 against 11,000 = 1.50%, 1.5 times the telecom peak
    assert (g["dotcom-ai-last-share"], g["dotcom-ai-vs-tel"]) == ("1.50%", "1.5×")
    # defaults: 50 of 100 = 50%; the lowercased scope keeps 'US'
    assert (g["dotcom-defaults-1-share"], g["dotcom-defaults-1-scope"]) == ("50%", "US bonds")
    assert (g["dotcom-lucent-writeoff"], g["dotcom-lucent-year"]) == ("$70M", "2000")
    with pytest.raises(KeyError):
        g["dotcom-defaults-2-share"]
