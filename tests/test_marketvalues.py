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


def test_recent_range_is_the_last_quarter_of_data():
    t = pd.DataFrame(
        {
            "company_id": "n",
            "date": pd.to_datetime(["2026-01-01", "2026-03-01", "2026-05-20", "2026-06-26"]),
            "kind": "market-cap",
            "market_value_usd_bn": [100.0, 90.0, 120.0, 110.0],
        }
    )
    r = mv.recent_range(t, "n")
    # 2026-06-26 minus 92 days is 2026-03-26 (back 31 to 05-26, 30 to 04-26, 31 to 03-26): 03-01 falls outside
    assert r["market_value_usd_bn"].tolist() == [110.0, 120.0]
    assert mv.latest(t, "n")["date"] == pd.Timestamp("2026-06-26")
