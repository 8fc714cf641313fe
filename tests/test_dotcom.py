"""Tests for moneyloop.dotcom: hand-worked synthetic series, then the real shipped series' known dates."""

from __future__ import annotations

import importlib.metadata

import pandas as pd
import pytest

from moneyloop import dotcom


def series(values: list[float], start: str = "2000-01-03") -> pd.Series:
    """Business-daily series from a list."""
    return pd.Series(values, index=pd.bdate_range(start, periods=len(values)), dtype="float64")


# --- synthetic series ---------------------------------------------------------------------

# index: 0:100 1:120 2:90 3:60 4:80 5:120 6:125 7:50
BOOM = series([100, 120, 90, 60, 80, 120, 125, 50])


def test_peak_first_occurrence_and_window():
    assert dotcom.peak(BOOM) == (BOOM.index[6], 125.0)
    # before day 5 the max is 120 on day 1 (first of the two 120s)
    assert dotcom.peak(BOOM, end=BOOM.index[5]) == (BOOM.index[1], 120.0)
    with pytest.raises(ValueError):
        dotcom.peak(BOOM, start="1990-01-01", end="1990-12-31")


def test_drawdown_arithmetic():
    # 60 / 120 - 1 = -0.5 ; 1114.11 / 5048.62 = 0.22 + 3.414 / 5048.62 = 0.220676, minus 1 = -0.779324
    assert dotcom.drawdown(120, 60) == pytest.approx(-0.5)
    assert dotcom.drawdown(5048.62, 1114.11) == pytest.approx(-0.779324, abs=1e-6)
    with pytest.raises(ValueError):
        dotcom.drawdown(0, 1)


def test_regain_needs_strictly_higher_value():
    # peak 120 on day 1; day 5 equals 120 (not a regain), day 6 is 125 (the regain)
    assert dotcom.regain(BOOM, 120, BOOM.index[1]) == (BOOM.index[6], 125.0)
    assert dotcom.regain(BOOM, 200, BOOM.index[0]) is None


def test_episode_uses_trough_before_regain_not_after():
    e = dotcom.episode(BOOM, end=BOOM.index[4])
    # peak 120 (day 1), lowest before the regain on day 6 is 60 (day 3); the 50 on day 7 comes later
    assert (e.peak_date, e.peak) == (BOOM.index[1], 120.0)
    assert (e.trough_date, e.trough) == (BOOM.index[3], 60.0)
    assert (e.regain_date, e.regain_level) == (BOOM.index[6], 125.0)
    assert e.drawdown == pytest.approx(-0.5)
    # 2000-01-04 -> 2000-01-11 is 7 days = 7 / 365.25 years
    assert e.years_to_regain == pytest.approx(7 / 365.25)
    # trough 2000-01-06 -> regain 2000-01-11 is 5 days
    assert e.years_trough_to_regain == pytest.approx(5 / 365.25)


def test_episode_without_regain_runs_to_the_end():
    s = series([10, 8, 4, 6])
    e = dotcom.episode(s)
    assert e.regain_date is None and e.years_to_regain is None and e.years_trough_to_regain is None
    assert e.trough == 4.0 and e.drawdown == pytest.approx(-0.6)


def test_episode_from_a_given_level():
    # a published peak of 121 that the series never shows: regain needs > 121, i.e. 125 on day 6
    e = dotcom.episode(BOOM, level=121, peak_date=BOOM.index[1])
    assert e.regain_date == BOOM.index[6]
    with pytest.raises(ValueError):
        dotcom.episode(BOOM, level=121)


def test_drawdown_path():
    s = series([100, 50, 200, 150])
    # running max 100,100,200,200 -> 0, -0.5, 0, -0.25
    assert dotcom.drawdown_path(s).tolist() == pytest.approx([0, -0.5, 0, -0.25])


def test_deflate_and_later_prices():
    s = pd.Series([100.0, 110.0, 120.0], index=pd.to_datetime(["2000-01-15", "2000-02-15", "2000-03-15"]))
    cpi = pd.Series([100.0, 110.0], index=pd.to_datetime(["2000-01-01", "2000-02-01"]))
    real = dotcom.deflate(s, cpi, "2000-01-01")
    # Jan: 100 * 100/100 = 100; Feb: 110 * 100/110 = 100; Mar has no CPI and is dropped
    assert real.tolist() == pytest.approx([100.0, 100.0])
    # 5,048.62 at CPI 180.0 in later prices with CPI 240.749: 5048.62 * 240.749 / 180 = 6752.50
    cpi2 = pd.Series([180.0, 240.749], index=pd.to_datetime(["2000-03-01", "2015-03-01"]))
    assert dotcom.level_in_later_prices(5048.62, cpi2, "2000-03-10", "2015-03-20") == pytest.approx(
        6752.50, abs=0.01
    )


def test_aligned_paths_rebase_and_cut():
    a = series([50, 100, 80, 120])  # event on day 1 -> 100, 80, 120
    out = dotcom.aligned_paths({"a": a}, {"a": a.index[1]}, years_after=3 / 365.25)
    # days since event 0, 1 (Wed->Thu) ; Fri is 2 days ; cut at 3 days keeps all three
    assert out["rebased"].tolist() == pytest.approx([100.0, 80.0, 120.0])
    assert out["years_since_event"].iloc[0] == 0
    with pytest.raises(ValueError):
        dotcom.aligned_paths({"a": a}, {"a": pd.Timestamp("1999-01-01")}, years_after=1)


def test_vendor_financing_shares():
    vf = pd.DataFrame(
        {
            "amount_low_usd_bn": [2.4, 7.0],
            "amount_high_usd_bn": [2.4, 8.1],
            "revenue_usd_bn": [18.93, float("nan")],
            "reported_share_pct": [float("nan"), 20.0],
        }
    )
    out = dotcom.vendor_financing_shares(vf)
    # 2.4 / 18.93 = 12.678%
    assert out["share_low_pct"].iloc[0] == pytest.approx(12.678, abs=1e-3)
    assert out["share_high_pct"].iloc[1] == 20.0 and out["share_basis"].tolist() == [
        "computed",
        "as reported",
    ]


def deals_fixture() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "deal_id": ["a", "b", "c", "d", "e"],
            "announced": pd.to_datetime(
                ["2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01", "2025-05-01"]
            ),
            "payer": ["nvidia", "nvidia", "nvidia", "nvidia", "amd"],
            "flow_type": [
                "equity-investment",
                "equity-investment",
                "equity-investment",
                "chip-purchase",
                "equity-investment",
            ],
            "amount_usd_bn": [30.0, 100.0, 2.0, 9.0, 1.0],
            "amount_kind": ["stated", "up-to", "up-to", "stated", "stated"],
            "status": ["funded", "superseded", "reported", "definitive", "funded"],
        }
    )


def test_investments_by_excludes_superseded_and_flags_binding():
    inv = dotcom.investments_by(deals_fixture(), "nvidia")
    assert inv["deal_id"].tolist() == ["a", "c"]
    assert inv["binding"].tolist() == [True, False]
    assert dotcom.superseded_headline(deals_fixture(), "nvidia")["deal_id"].tolist() == ["b"]


def fin(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "company_id": "x",
            "metric": "revenue",
            "basis": "actual",
            "period_label": [r[0] for r in rows],
            "period_start": pd.to_datetime([r[1] for r in rows]),
            "period_end": pd.to_datetime([r[2] for r in rows]),
            "value_usd_bn": [r[3] for r in rows],
        }
    )


def test_annual_revenue_prefers_year_then_four_quarters_then_run_rate():
    q = [
        ("Q1", "2025-01-01", "2025-03-31", 10.0),
        ("Q2", "2025-04-01", "2025-06-30", 11.0),
        ("Q3", "2025-07-01", "2025-09-30", 12.0),
        ("Q4", "2025-10-01", "2025-12-31", 13.0),
    ]
    year = [("FY2025", "2025-01-01", "2025-12-31", 46.0)]
    assert dotcom.annual_revenue(fin(year + q), "x")[0] == 46.0
    # 10 + 11 + 12 + 13 = 46 from quarters alone
    value, basis, _ = dotcom.annual_revenue(fin(q), "x")
    assert value == 46.0 and "four" in basis
    # only Q3 and Q4: 13 * 4 = 52
    value, basis, end = dotcom.annual_revenue(fin(q[2:]), "x")
    assert value == 52.0 and "annualised" in basis and end == pd.Timestamp("2025-12-31")
    with pytest.raises(LookupError):
        dotcom.annual_revenue(fin(q), "y")


def test_missing_package_gives_clear_error():
    with pytest.raises(dotcom.SeriesUnavailable, match="not installed"):
        dotcom.shipped_file("no-such-package-moneyloop", "x.csv")
    with pytest.raises(dotcom.SeriesUnavailable, match="has no file"):
        dotcom.shipped_file("pandas", "pandas/no/such/file.csv.gz")


# --- the real shipped series --------------------------------------------------------------

needs_arch = pytest.mark.skipif(
    not any(d.metadata["Name"] == "arch" for d in importlib.metadata.distributions()),
    reason="arch not installed",
)


@needs_arch
def test_nasdaq_close_basis_known_dates():
    e = dotcom.episode(dotcom.load_index("nasdaq")["close"], "1999-01-01", "2001-12-31")
    assert e.peak_date == pd.Timestamp("2000-03-10") and e.peak == pytest.approx(5048.62, abs=0.01)
    assert e.trough_date == pd.Timestamp("2002-10-09") and e.trough == pytest.approx(1114.11, abs=0.01)
    assert e.regain_date == pd.Timestamp("2015-04-23") and e.regain_level == pytest.approx(5056.06, abs=0.01)
    # 2000-03-10 -> 2015-04-23 = 5,522 days / 365.25 = 15.12 years
    assert e.years_to_regain == pytest.approx(15.12, abs=0.01)


@needs_arch
def test_nasdaq_intraday_basis():
    ohlc = dotcom.load_index("nasdaq")
    e = dotcom.episode(ohlc["high"], "1999-01-01", "2001-12-31")
    assert e.peak == pytest.approx(5132.52, abs=0.01) and e.regain_date == pd.Timestamp("2015-06-18")
    assert dotcom.trough(ohlc["low"], e.peak_date, e.regain_date) == (
        pd.Timestamp("2002-10-10"),
        pytest.approx(1108.49, abs=0.01),
    )


@needs_arch
def test_sp500_close_basis_known_dates():
    e = dotcom.episode(dotcom.load_index("sp500")["close"], "1999-01-01", "2001-12-31")
    assert e.peak_date == pd.Timestamp("2000-03-24") and e.peak == pytest.approx(1527.46, abs=0.01)
    assert e.trough_date == pd.Timestamp("2002-10-09") and e.trough == pytest.approx(776.76, abs=0.01)
    assert e.regain_date == pd.Timestamp("2007-05-30")
    # 776.76 / 1527.46 - 1 = -0.4915
    assert e.drawdown == pytest.approx(-0.4915, abs=1e-4)


@needs_arch
def test_core_cpi_values():
    cpi = dotcom.load_core_cpi()
    assert cpi.loc["2000-03-01"] == 180.0 and cpi.loc["2015-03-01"] == pytest.approx(240.749)
    assert cpi.index.max() == pd.Timestamp("2018-11-01")


def test_amazon_monthly_series():
    amzn = dotcom.load_monthly_stock("AMZN")
    # month-end closes: Sep 2001 5.97 is the low; Oct 2009 118.81 is the first above 106.69 (Sep 2009 was 93.36)
    assert dotcom.trough(amzn, pd.Timestamp("1999-12-01")) == (pd.Timestamp("2001-09-01"), 5.97)
    assert dotcom.regain(amzn, 106.69, pd.Timestamp("1999-12-01")) == (pd.Timestamp("2009-10-01"), 118.81)
    with pytest.raises(KeyError):
        dotcom.load_monthly_stock("CSCO")


def test_month_ends_keeps_event_and_last_of_month():
    df = pd.DataFrame(
        {
            "series": "a",
            "date": pd.to_datetime(["2000-03-10", "2000-03-20", "2000-04-05", "2000-04-28"]),
            "rebased": [100.0, 90.0, 80.0, 70.0],
        }
    )
    out = dotcom.month_ends(df)
    # event row 03-10, last of March 03-20, last of April 04-28
    assert out["date"].dt.strftime("%m-%d").tolist() == ["03-10", "03-20", "04-28"]


def test_level_and_price_text():
    assert dotcom.level_text(5048.620117) == "5,048.62"
    assert dotcom.price_text(8.6) == "$8.60"
    assert dotcom.level_text(6908.0) == "6,908"


def test_seed_claim_and_financial_lookup():
    claims = pd.DataFrame(
        {
            "topic": ["dotcom", "dotcom"],
            "unit": ["years", "years"],
            "seed_value": [8.0, 25.0],
            "claim_id": ["C1", "C2"],
        }
    )
    assert dotcom.seed_claim(claims, "dotcom", "years", 25.0)["claim_id"] == "C2"
    with pytest.raises(LookupError):
        dotcom.seed_claim(claims, "dotcom", "years", 5.0)
    f = fin([("Q1", "2025-01-01", "2025-03-31", 10.0)]).assign(reported_on=pd.Timestamp("2025-04-30"))
    assert dotcom.financial(f, "x", "revenue", "Q1") == 10.0


# --- total return, real terms, bases --------------------------------------------------------


def months(values: list[float], start: str = "1999-01-01") -> pd.Series:
    """Month-start series from a list."""
    return pd.Series(values, index=pd.date_range(start, periods=len(values), freq="MS"), dtype="float64")


def test_total_return_adds_a_twelfth_of_the_dividend_each_month():
    price, dividend = months([100, 110, 99]), months([12, 12, 24])
    tr = dotcom.total_return(price, dividend)
    # m0 100; m1 100 * (110 + 12/12) / 100 = 111; m2 111 * (99 + 24/12) / 110 = 111 * 101 / 110 = 101.91818
    assert tr.tolist() == pytest.approx([100.0, 111.0, 101.918182], abs=1e-6)
    with pytest.raises(ValueError, match="gap"):
        dotcom.total_return(price, months([12, float("nan"), 12]))


def test_total_return_regains_before_price():
    price, dividend = months([100, 90, 99, 101]), months([12, 12, 12, 12])
    tr = dotcom.total_return(price, dividend)
    # m1 100 * 91/100 = 91 ; m2 91 * (99 + 1) / 90 = 101.11 > 100, while the price first beats 100 in m3 (101)
    assert dotcom.regain(tr, 100, tr.index[0])[0] == pd.Timestamp("1999-03-01")
    assert dotcom.regain(price, 100, price.index[0])[0] == pd.Timestamp("1999-04-01")


def test_real_terms_uses_the_first_month_as_base():
    s = months([100, 110, 132])
    cpi = months([100, 110, 120])
    # 100 * 100/100 = 100 ; 110 * 100/110 = 100 ; 132 * 100/120 = 110
    assert dotcom.real_terms(s, cpi).tolist() == pytest.approx([100.0, 100.0, 110.0])


def shiller_fixture() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month": pd.date_range("2001-09-01", periods=6, freq="MS"),
            "sp500_price": [100, 120, 90, 100, 119, 121],
            "dividend_usd": [24.0] * 6,
            "cpi": [100, 100, 100, 100, 110, 110],
        }
    )


def test_regain_bases_by_hand():
    # the peak is sought in 1999-2001 only, so the fixture's 2002 months can regain it
    days = pd.to_datetime(["2001-12-27", "2001-12-28", "2001-12-31", "2002-01-02"])
    nasdaq = pd.Series([10.0, 20.0, 15.0, 25.0], index=days)
    out = dotcom.regain_bases(shiller_fixture(), nasdaq)
    row = lambda i, b: dotcom.basis_row(out, i, b)
    # price: peak 120 in Oct 2001, first above it 121 in Feb 2002: 1 Oct -> 1 Feb = 31 + 30 + 31 + 31 = 123 days
    assert row("S&P 500", "price")["regain_date"] == pd.Timestamp("2002-02-01")
    assert row("S&P 500", "price")["years_to_regain"] == pytest.approx(123 / 365.25)
    # total return (2 a month): 100; 122; 122*92/120 = 93.533; *102/90 = 106.004; *121/100 = 128.265 > 122 in Jan
    assert row("S&P 500", "total return")["regain_date"] == pd.Timestamp("2002-01-01")
    # trough of the total return is 93.533 in Nov: 93.533 / 122 - 1 = -23.33%
    assert row("S&P 500", "total return")["drawdown_pct"] == pytest.approx(-23.333, abs=1e-3)
    # real price: Jan 119/1.1 = 108.2, Feb 121/1.1 = 110 < 120 -> never; real TR: Feb 132.577/1.1 = 120.5 < 122
    assert pd.isna(row("S&P 500", "real price")["regain_date"])
    assert pd.isna(row("S&P 500", "real total return")["regain_date"])
    # NASDAQ daily: peak 20 on 28 Dec, 25 on 2 Jan; real in Dec 2001 prices: 25 * 100/110 = 22.7 > 20
    assert row("NASDAQ Composite", "price")["regain_date"] == pd.Timestamp("2002-01-02")
    assert row("NASDAQ Composite", "real price")["regain_date"] == pd.Timestamp("2002-01-02")
    assert row("NASDAQ Composite", "total return")["data"] == "not available"
    assert pd.isna(row("NASDAQ Composite", "total return")["regain_date"])
    with pytest.raises(LookupError):
        dotcom.basis_row(out, "Dow", "price")


def test_profit_split_margins():
    f = pd.DataFrame(
        {
            "company_id": "x",
            "metric": ["revenue", "operating-income", "net-income"],
            "basis": "actual",
            "period_label": "Q1",
            "value_usd_bn": [80.0, 52.0, 60.0],
            "reported_on": pd.Timestamp("2026-05-20"),
        }
    )
    p = dotcom.profit_split(f, "x", "Q1")
    # 52 / 80 = 0.65 ; 60 / 80 = 0.75 ; 60 - 52 = 8
    assert p["operating_margin"] == pytest.approx(0.65) and p["net_margin"] == pytest.approx(0.75)
    assert p["net_above_operating"] == pytest.approx(8.0)


def test_latest_and_peak_multiple():
    m = pd.DataFrame(
        {
            "subject": ["sp500"] * 4,
            "metric": ["cape"] * 4,
            "era": ["dot-com", "dot-com", "ai-boom", "ai-boom"],
            "value": [44.2, 43.0, 40.0, 39.6],
            "date": pd.to_datetime(["1999-12-01", "2000-03-01", "2025-09-24", "2026-05-01"]),
        }
    )
    assert dotcom.latest_multiple(m, "sp500", "cape")["value"] == 39.6  # latest date, not the highest value
    assert dotcom.peak_multiple(m, "sp500", "cape")["value"] == 44.2
    with pytest.raises(LookupError):
        dotcom.latest_multiple(m, "sp500", "forward-pe")


def test_financing_by_instrument_keeps_non_customers_out():
    vf = pd.DataFrame(
        {
            "company_id": ["lucent"],
            "amount_low_usd_bn": [2.0],
            "amount_high_usd_bn": [2.0],
            "revenue_usd_bn": [10.0],
            "revenue_period": ["2000"],
            "reported_share_pct": [float("nan")],
        }
    )
    companies = pd.DataFrame(
        {
            "company_id": ["lucent", "nvidia", "a", "b"],
            "name": ["Lucent", "NVIDIA", "A", "B"],
            "kind": ["equipment", "chipmaker", "ai-lab", "chipmaker"],
        }
    )
    deals = pd.DataFrame(
        {
            "deal_id": ["d1", "d2", "d3", "d4"],
            "announced": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01"]),
            "payer": "nvidia",
            "payee": ["a", "b", "a", "a"],
            "flow_type": [
                "equity-investment",
                "equity-investment",
                "capacity-commitment",
                "equity-investment",
            ],
            "amount_usd_bn": [3.0, 5.0, 4.0, 6.0],
            "status": ["definitive", "definitive", "definitive", "reported"],
        }
    )
    financials = fin([("FY", "2025-01-01", "2025-12-31", 100.0)]).assign(company_id="nvidia")
    out = dotcom.financing_comparison(vf, companies, deals, financials).set_index("what")
    # then: 2 / 10 = 20% ; now on revenue 100: backstop 4 -> 4% ; binding stakes in customers 3 (B is a
    # chip maker, left out) -> 3% ; all stakes in customers 3 + 6 = 9 -> 9%
    assert out.loc["loans and commitments", "share_of_revenue_pct"] == pytest.approx(20.0)
    assert out.loc["backstops and capacity commitments", "share_of_revenue_pct"] == pytest.approx(4.0)
    assert out.loc["binding equity stakes in customers", "share_of_revenue_pct"] == pytest.approx(3.0)
    assert out.loc["all equity stakes in customers", "amount_usd_bn"] == pytest.approx(9.0)
    assert out.loc["backstops and capacity commitments", "instrument"] == "loans and guarantees"


# --- validation rules -----------------------------------------------------------------------


def test_cohort_rules_reject_bad_rows():
    from moneyloop.rules import dotcom as rules

    raw = pd.DataFrame(
        {
            "peak_usd_bn": ["100", "50", "80", "40", "30", "30"],
            "trough_usd_bn": ["10", "60", "5", "2", "", ""],
            "fate": ["bankrupt", "bankrupt", "regained", "acquired", "below-peak", "above-peak"],
            "fate_date": ["2002-07-21", "2002-01-28", "", "2006-11-30", "2014-08-21", "2014-08-21"],
            "fate_usd_bn": ["", "", "", "", "35", "29"],
        }
    )
    got = [str(p) for p in rules.check({"dotcom_cohort": raw}, {})]
    # data row 1 is spreadsheet row 3, and so on; row 2 (spreadsheet) is clean
    assert got == [
        "dotcom_cohort.csv:3: trough_usd_bn: trough 60 is above the peak 50",
        "dotcom_cohort.csv:4: fate_date: fate 'regained' needs the date it happened",
        "dotcom_cohort.csv:5: fate_usd_bn: fate 'acquired' needs the value paid (USD bn)",
        "dotcom_cohort.csv:6: fate: 'below-peak' contradicts 35 against a peak of 30",
        "dotcom_cohort.csv:7: fate: 'above-peak' contradicts 29 against a peak of 30",
    ]


def test_dividend_rules_reject_gaps():
    from moneyloop.rules import dotcom as rules

    raw = pd.DataFrame(
        {
            "month": ["2000-01-01", "2000-02-01", "2000-04-01", "2000-05-15"],
            "dividend_usd": ["16.7", "", "16.8", "16.8"],
        }
    )
    got = [str(p) for p in rules.check({"shiller_monthly": raw}, {})]
    assert got == [
        "shiller_monthly.csv:3: dividend_usd: blank: the dividend series has a gap in this month",
        "shiller_monthly.csv:4: month: 2000-04 follows 2000-02: the dividend series has a gap or is out of order",
        "shiller_monthly.csv:5: month: 2000-05-15: write the month as its first day",
    ]
    assert rules.check({}, {}) == []


def test_latest_period_by_period_end():
    f = fin([("Q4", "2025-10-01", "2025-12-31", 13.0), ("Q1", "2026-01-01", "2026-03-31", 14.0)]).assign(
        reported_on=pd.Timestamp("2026-04-30")
    )
    # Q1 2026 ends later than Q4 2025, whatever the row order
    assert dotcom.latest_period(f.iloc[::-1], "x", "revenue") == "Q1"
    with pytest.raises(LookupError):
        dotcom.latest_period(f, "x", "net-income")


def test_cohort_outcomes_by_hand():
    cohort = pd.DataFrame(
        {
            "company": ["Survivor", "Failure", "Bought", "Checked"],
            "peak_usd_bn": [100.0, 50.0, 80.0, 40.0],
            "fate": ["regained", "bankrupt", "acquired", "below-peak"],
            "fate_date": pd.to_datetime(["2010-05-03", "2002-07-21", "2006-11-30", "2014-08-21"]),
            "fate_usd_bn": [float("nan"), float("nan"), 20.0, 30.0],
        }
    )
    out = dotcom.cohort_outcomes(cohort)
    # recovered: Survivor only; not recovered: Failure, Bought (20 < 80), Checked (30 < 40) -> 3 of 4 = 75%
    assert out["recovered"].tolist() == [True, False, False, False]
    assert dotcom.share_never_recovered(cohort) == pytest.approx(0.75)
    # value at the fate as % of peak: Bought 20/80 = 25%, Checked 30/40 = 75%, bankrupt 0
    assert out.set_index("company").loc["Bought", "fate_pct_of_peak"] == pytest.approx(25.0)
    assert out.set_index("company").loc["Failure", "fate_pct_of_peak"] == 0.0
    # one survivor, one failure, one acquisition below its peak: 2 of 3 never recovered
    assert dotcom.share_never_recovered(cohort.iloc[:3]) == pytest.approx(2 / 3)


def test_cohort_rules_reject_bad_dates():
    from moneyloop.rules import dotcom as rules

    raw = pd.DataFrame(
        {
            "peak_date": ["2000-03-10", "2000-03-10", "1999-12-15", "2000-03-10"],
            "peak_date_precision": ["day", "day", "month", "day"],
            "peak_usd_bn": ["100", "100", "100", "100"],
            "fate": ["bankrupt", "acquired", "bankrupt", "regained"],
            "fate_date": ["2002-07-21", "1999-06-30", "2009-01-14", "2017-01-27"],
            "fate_usd_bn": ["", "20", "", "90"],
        }
    )
    got = [str(p) for p in rules.check({"dotcom_cohort": raw}, {})]
    # spreadsheet row 2 is clean; 3: sold before its own peak; 4: a month written as the 15th; 5: "regained" at 90 < 100
    assert got == [
        "dotcom_cohort.csv:3: fate_date: 1999-06-30 is before the peak of 2000-03-10",
        "dotcom_cohort.csv:4: peak_date: 1999-12-15: a peak known only to the month is written as the first of the month",
        "dotcom_cohort.csv:5: fate: 'regained' contradicts 90 against a peak of 100",
    ]


def _cohort_fixture() -> pd.DataFrame:
    """Five companies, one of each outcome plus a second failure; values in USD bn."""
    return pd.DataFrame(
        {
            "company": ["Survivor", "Failure", "Bought", "Checked", "Riser"],
            "rank": [1, 2, 3, 4, 5],
            "selection": ["rule A", "rule A", "rule B", "rule A", "rule B"],
            "peak_usd_bn": [100.0, 50.0, 80.0, 40.0, 10.0],
            "fate": ["regained", "bankrupt", "acquired", "below-peak", "above-peak"],
            "fate_date": pd.to_datetime(
                ["2010-05-03", "2002-07-21", "2006-11-30", "2014-08-21", "2013-02-01"]
            ),
            "fate_usd_bn": [float("nan"), float("nan"), 20.0, 30.0, 12.0],
        }
    )


def test_cohort_counts_by_hand():
    counts = dotcom.cohort_counts(_cohort_fixture()).set_index("outcome")
    # back above: Survivor, Riser (2); still below: Checked (1); sold below: Bought (1); bankrupt: Failure (1)
    assert counts["companies"].tolist() == [2, 1, 1, 1]
    assert list(counts.index) == list(dotcom.OUTCOMES)
    # shares of five: 2/5 = 0.4, then 1/5 = 0.2 each
    assert counts["share"].tolist() == pytest.approx([0.4, 0.2, 0.2, 0.2])


def test_cohort_summary_by_hand():
    s = dotcom.cohort_summary(_cohort_fixture())
    # never recovered: Failure, Bought, Checked = 3 of 5 = 60%
    assert (s["n"], s["never_n"]) == (5, 3)
    assert s["never_share"] == pytest.approx(0.6)
    assert s["recovered"] == ["Survivor", "Riser"]
    # % of peak at the fate: Survivor has no value (NaN), Failure 0, Bought 25, Checked 75, Riser 120 -> median of
    # the four known values (0, 25, 75, 120) = (25 + 75) / 2 = 50
    assert s["median_pct"] == pytest.approx(50.0)
    assert (s["worst"], s["worst_pct"]) == ("Failure", 0.0)
    assert s["selections"] == ["rule A", "rule B"]
    assert s["first_fate"] == pd.Timestamp("2002-07-21") and s["last_fate"] == pd.Timestamp("2014-08-21")
