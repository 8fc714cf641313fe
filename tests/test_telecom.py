"""Tests for moneyloop.telecom: telecom capex then and hyperscaler capex now against US GDP, worked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from moneyloop import cashflow, telecom


def gdp_table() -> pd.DataFrame:
    """US GDP for 2000 and 2002 (actual) and 2002 again as a projection; a non-US row that must be ignored."""
    return pd.DataFrame(
        {
            "economy_code": ["USA", "USA", "USA", "CHN"],
            "year": [2000, 2002, 2002, 2001],
            "estimate": ["actual", "actual", "projection", "actual"],
            "gdp_usd_bn": [10000.0, 11000.0, 99999.0, 5000.0],
            "sources": ["G2000", "G2002", "P2002", "C2001"],
        }
    )


def telecom_rows() -> pd.DataFrame:
    """Carrier capex of 100 in 2000, 55 in 2001 (estimate) and a 44-66 range in 2002; defaults of 80, 20 of them telecom."""
    return pd.DataFrame(
        {
            "measure": ["carrier-capex"] * 3
            + ["rated-defaults", "telecom-defaults", "vendor-loan-write-off"],
            "scope": ["carriers"] * 3 + ["world", "world", "Vendor"],
            "year": [2000, 2001, 2002, 2001, 2001, 2000],
            "value_low_usd_bn": [100.0, 55.0, 44.0, 80.0, 20.0, 0.5],
            "value_high_usd_bn": [100.0, 55.0, 66.0, 80.0, 20.0, 0.5],
            "basis": ["actual", "estimate", "forecast", "actual", "actual", "actual"],
            "sources": ["T"] * 6,
        }
    )


def test_gdp_in_takes_the_year_or_the_latest_before_and_prefers_actuals():
    g = gdp_table()
    assert telecom.gdp_in(g, 2002)["gdp_usd_bn"] == 11000.0  # actual beats the 2002 projection
    assert telecom.gdp_in(g, 2001)["year"] == 2000  # no US 2001: the latest year before
    with pytest.raises(LookupError):
        telecom.gdp_in(g, 1999)


def test_telecom_capex_share_by_hand():
    df = telecom.telecom_capex(telecom_rows(), gdp_table()).set_index("year")
    # 2000: 100 / 10,000 = 1.00%; 2001: 55 / 10,000 (GDP of 2000) = 0.55%; 2002: 44 / 11,000 = 0.40% to 66 / 11,000 = 0.60%
    assert df.loc[2000, "share_pct"] == pytest.approx(1.0)
    assert (df.loc[2001, "share_pct"], df.loc[2001, "gdp_year"]) == (pytest.approx(0.55), 2000)
    assert df.loc[2002, "share_pct"] == pytest.approx(0.4)
    assert df.loc[2002, "share_high_pct"] == pytest.approx(0.6)
    # the peak counts actual values only: 2000's 1.00%, not a forecast
    assert telecom.peak(df.reset_index())["year"] == 2000


def test_ai_capex_uses_the_cashflow_series():
    rows = []
    for cid, capex in zip(cashflow.HYPERSCALERS, (10.0, 20.0, 30.0, 25.0, 15.0), strict=True):
        rows.append([cid, "FY2002", "2002-01-01", "2002-12-31", "capex-cash", capex, "filing", "", f"S{cid}"])
    cf = pd.DataFrame(rows, columns=["company_id", "fiscal_year", "fiscal_year_start", "fiscal_year_end", "item",
                                     "value_usd_bn", "basis", "note", "sources"])  # fmt: skip
    df = telecom.ai_capex(cf, gdp_table())
    # 10 + 20 + 30 + 25 + 15 = 100 in calendar 2002, against 11,000 of GDP = 0.909...%
    assert df["value_usd_bn"].tolist() == [100.0]
    assert df["share_pct"].iloc[0] == pytest.approx(100 / 110)
    assert set(df["sources"].iloc[0].split(";")) == {f"S{c}" for c in cashflow.HYPERSCALERS}


def test_defaults_and_vendor_losses_by_hand():
    d = telecom.telecom_defaults(telecom_rows()).iloc[0]
    # 20 of 80 = 25%
    assert (d["year"], d["telecom_share_pct"]) == (2001, pytest.approx(25.0))
    assert telecom.vendor_losses(telecom_rows(), "Vendor") == {"vendor-loan-write-off": 0.5}
    with pytest.raises(LookupError):
        telecom.vendor_losses(telecom_rows(), "Nobody")


def test_telecom_rules_reject_bad_rows():
    from moneyloop.rules import dotcom as rules

    raw = pd.DataFrame(
        {
            "measure": ["rated-defaults", "telecom-defaults", "carrier-capex"],
            "scope": ["world", "world", "carriers"],
            "year": ["2001", "2001", "2002"],
            "value_low_usd_bn": ["80", "90", "51"],
            "value_high_usd_bn": ["80", "90", "46"],
        }
    )
    got = [str(p) for p in rules.check({"dotcom_telecom": raw}, {})]
    assert got == [
        "dotcom_telecom.csv:3: value_low_usd_bn: telecom defaults 90 exceed all defaults 80 of the same year and scope",
        "dotcom_telecom.csv:4: value_high_usd_bn: high end 46 is below the low end 51",
    ]


def test_capex_gdp_indicator_carries_the_telecom_peak():
    from moneyloop import indicators

    rows = [
        [cid, "FY2002", "2002-01-01", "2002-12-31", "capex-cash", 22.0, "filing", "", "S"]
        for cid in cashflow.HYPERSCALERS
    ]
    cf = pd.DataFrame(rows, columns=["company_id", "fiscal_year", "fiscal_year_start", "fiscal_year_end", "item",
                                     "value_usd_bn", "basis", "note", "sources"])  # fmt: skip
    row = indicators.capex_gdp({"cashflows": cf, "gdp": gdp_table(), "dotcom_telecom": telecom_rows()})
    # now: 5 x 22 = 110 against 11,000 = 1.0%; the 2000 comparator: 100 against 10,000 = 1.0%
    assert row["value"] == pytest.approx(1.0)
    assert row["peak_2000"] == pytest.approx(1.0)
    assert "2000: Telecom capex: carriers" in row["basis"]
