"""Market-value lookups on a small hand-made table."""

import pandas as pd
import pytest

from moneyloop import marketvalues as mv

T = pd.DataFrame(
    {
        "company_id": ["x", "x", "x", "x", "y"],
        "date": pd.to_datetime(["2000-03-27", "2000-03-27", "2025-12-10", "2025-12-11", "2025-12-10"]),
        "kind": ["market-cap", "market-cap", "market-cap", "private-valuation-post-money", "market-cap"],
        "price_basis": ["close", "intraday", "close", "deal", "close"],
        "market_value_usd_bn": [555.0, 560.0, 317.0, 900.0, 10.0],
    }
)


def test_on_needs_one_row_unless_the_basis_is_given():
    assert mv.on(T, "x", "2000-03-27", "close")["market_value_usd_bn"] == 555
    with pytest.raises(KeyError, match="2 market-cap rows"):
        mv.on(T, "x", "2000-03-27")


def test_latest_and_peak_ignore_private_valuations():
    assert mv.latest(T, "x")["market_value_usd_bn"] == 317  # the 900 private valuation is later but not a cap
    assert mv.peak(T, "x")["market_value_usd_bn"] == 560


def test_unknown_company():
    with pytest.raises(KeyError, match="no market-cap rows for z"):
        mv.latest(T, "z")
