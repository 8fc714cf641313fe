"""Tests for moneyloop.concentration: hand-computed shares, HHI bounds, GDP ranks and exposure."""

import math

import pandas as pd
import pytest

from moneyloop import concentration as c
from moneyloop import datasets, marketvalues


def snap(rows, snapshot="s1", index="sp500", basis="index-weight"):
    """A weights snapshot from (constituent, company_id, weight) tuples, ranked in the given order."""
    return pd.DataFrame(
        {
            "snapshot": snapshot,
            "index": index,
            "basis": basis,
            "provider": "P",
            "date": pd.Timestamp("2025-01-01"),
            "date_precision": "day",
            "rank": range(1, len(rows) + 1),
            "constituent": [r[0] for r in rows],
            "company_id": [r[1] for r in rows],
            "weight_pct": [float(r[2]) for r in rows],
            "sources": "Key2025a",
        }
    )


# --- shares --------------------------------------------------------------------------------


def test_top_n_share_sorts_before_summing():
    # largest two of 10, 30, 20, 5 are 30 + 20 = 50
    assert c.top_n_share([10, 30, 20, 5], 2) == pytest.approx(50)


def test_top_n_share_ties_at_the_boundary():
    # 5, 5, 5, 1: whichever 5 is taken second, the top two are 5 + 5 = 10
    assert c.top_n_share([5, 1, 5, 5], 2) == pytest.approx(10)


def test_top_n_share_one_constituent():
    assert c.top_n_share([100], 1) == pytest.approx(100)


def test_top_n_share_refuses_missing_and_short_lists():
    with pytest.raises(ValueError, match="missing"):
        c.top_n_share([10, float("nan")], 1)
    with pytest.raises(ValueError, match="only 1 weights"):
        c.top_n_share([50], 2)
    with pytest.raises(ValueError, match="more than the whole index"):
        c.top_n_share([60, 50], 1)
    with pytest.raises(ValueError, match="negative"):
        c.top_n_share([10, -1], 1)


def test_share_classes_count_once_per_company():
    s = snap([("Alphabet A", "google", 4.77), ("Tesla", "tesla", 4.49), ("Alphabet C", "google", 4.46)])
    per = c.by_company(s)
    # Alphabet = 4.77 + 4.46 = 9.23, ahead of Tesla 4.49
    assert list(per.index) == ["google", "tesla"]
    assert per["google"] == pytest.approx(9.23)
    assert c.top_n_share(per, 1) == pytest.approx(9.23)


def test_group_share_needs_every_member():
    s = snap([("A", "apple", 7), ("B", "microsoft", 6)])
    assert c.group_share(s, ("apple", "microsoft")) == pytest.approx(13)
    with pytest.raises(ValueError, match="nvidia"):
        c.group_share(s, ("apple", "nvidia"))


# --- HHI and effective N ---------------------------------------------------------------------


def test_hhi_one_constituent_and_equal_halves():
    assert c.hhi([100]) == pytest.approx(10_000)  # 100^2
    assert c.effective_n([100]) == pytest.approx(1)
    assert c.hhi([50, 50]) == pytest.approx(5_000)  # 2500 + 2500
    assert c.effective_n([50, 50]) == pytest.approx(2)


def test_hhi_uneven():
    # 60^2 + 30^2 + 10^2 = 3600 + 900 + 100 = 4600; 10000 / 4600 = 2.1739
    assert c.hhi([60, 30, 10]) == pytest.approx(4600)
    assert c.effective_n([60, 30, 10]) == pytest.approx(2.1739, abs=1e-4)


def test_hhi_refuses_partial_lists():
    with pytest.raises(ValueError, match="hhi_bounds"):
        c.hhi([40, 20])


def test_hhi_bounds_partial_list():
    # listed 40^2 + 20^2 = 2000; remainder 40 at most 40 * 20 = 800 -> (2000, 2800)
    assert c.hhi_bounds([40, 20]) == pytest.approx((2000, 2800))
    # 4 unlisted names share 40 evenly at least: 40^2 / 4 = 400 -> low 2400
    assert c.hhi_bounds([40, 20], n_constituents=6) == pytest.approx((2400, 2800))
    # effective N between 10000/2800 = 3.571 and 10000/2000 = 5
    assert c.effective_n_bounds([40, 20]) == pytest.approx((3.5714, 5.0), abs=1e-4)


def test_hhi_bounds_complete_list_collapses():
    assert c.hhi_bounds([50, 50]) == pytest.approx((5000, 5000))


def test_hhi_bounds_remainder_without_room():
    with pytest.raises(ValueError, match="unaccounted"):
        c.hhi_bounds([40, 20], n_constituents=2)


def test_weight_above_threshold():
    # 13.38 + 11.84 = 25.22; 4.49 is below 4.5
    assert c.weight_above(pd.Series([13.38, 11.84, 4.49]), 4.5) == pytest.approx(25.22)


def test_snapshot_metrics_fixture():
    s = snap([("A", "a", 40), ("B", "b", 20), ("C", None, 10)])
    m = c.snapshot_metrics(s, n=2).iloc[0]
    assert m["top2_pct"] == pytest.approx(60)  # 40 + 20
    assert m["unlisted_pct"] == pytest.approx(30)  # 100 - 70
    # listed 1600 + 400 + 100 = 2100; high adds 30 * 10 = 300
    assert (m["hhi_low"], m["hhi_high"]) == pytest.approx((2100, 2400))
    assert m["largest"] == "A" and m["largest_pct"] == pytest.approx(40)
    assert math.isnan(m["mag7_pct"])


# --- readings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,qualifier,text",
    [
        (40, "above", "more than 40%"),
        (27, "about", "about 27%"),
        (40, "below", "almost 40%"),
        (35.8, "exact", "35.8%"),
        (35.77, "exact", "35.77%"),
    ],
)
def test_qualified_pct(value, qualifier, text):
    assert c.qualified_pct(value, qualifier) == text


def test_latest_prefers_newest_then_highest():
    df = pd.DataFrame(
        {
            "index": "sp500",
            "measure": "top10-share",
            "basis": "index-weight",
            "provider": ["X", "Y", "Z"],
            "date": pd.to_datetime(["2025-01-01", "2025-06-01", "2025-06-01"]),
            "point": "p",
            "qualifier": "exact",
            "value_pct": [30.0, 35.0, 36.0],
        }
    )
    assert c.latest(df, "sp500", "top10-share")["provider"] == "Z"
    with pytest.raises(KeyError):
        c.latest(df, "nasdaq100", "top10-share")


# --- GDP -------------------------------------------------------------------------------------


@pytest.fixture
def gdp():
    return pd.DataFrame(
        {
            "economy_code": ["WLD", "USA", "CHN", "DEU", "JPN"],
            "economy": ["World", "US", "China", "Germany", "Japan"],
            "entity": ["world", "country", "country", "country", "country"],
            "year": 2025,
            "producer": "imf",
            "edition": "e1",
            "estimate": "projection",
            "gdp_usd_bn": [200.0, 100.0, 50.0, 20.0, 20.0],
        }
    )


def test_gdp_rank_ties_and_world_excluded(gdp):
    # 20 equals Germany and Japan: only the US and China are strictly larger -> rank 3
    assert list(c.economies_larger(20, gdp, "e1", 2025)["economy_code"]) == ["USA", "CHN"]
    assert c.gdp_rank(20, gdp, "e1", 2025) == 3
    # 300 exceeds every country; the world total (200) is not a country
    assert c.gdp_rank(300, gdp, "e1", 2025) == 1


def test_gdp_rank_refuses_values_below_the_floor(gdp):
    with pytest.raises(ValueError, match="smallest economy"):
        c.gdp_rank(10, gdp, "e1", 2025)
    with pytest.raises(KeyError):
        c.gdp_rank(50, gdp, "other", 2025)


def test_share_of_gdp(gdp):
    assert c.share_of_gdp(10, gdp, "USA", "e1", 2025) == pytest.approx(10)  # 10 / 100


# --- exposure --------------------------------------------------------------------------------


def test_exposure_arithmetic():
    assert c.exposure_usd_bn(45_800, 40) == pytest.approx(18_320)  # 45,800 * 0.40
    assert c.exposure_usd_bn(45_800, 40, 50) == pytest.approx(9_160)  # ... * 0.5
    assert c.per_thousand(35.8) == pytest.approx(358)  # 1,000 * 0.358
    with pytest.raises(ValueError):
        c.exposure_usd_bn(100, 120)
    with pytest.raises(ValueError):
        c.exposure_usd_bn(-1, 10)


# --- the real data ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real():
    return {
        n: datasets.load(n)
        for n in ("concentration", "index_weights", "gdp", "market_values", "context_figures", "claims")
    }


def test_real_goldman_top10_sums(real):
    m = c.snapshot_metrics(real["index_weights"]).set_index("snapshot")
    # 1990: 2.9+2.9+2.3+2.2+1.9+1.6+1.6+1.6+1.5+1.4 = 19.9
    assert m.loc["sp500-1990-12-31", "top10_pct"] == pytest.approx(19.9)
    # 2000: 4.1+2.6+2.5+2.4+2.2+2.0+2.0+2.0+1.8+1.7 = 23.3
    assert m.loc["sp500-2000-12-31", "top10_pct"] == pytest.approx(23.3)
    # 2010: 3.2+2.6+1.8+1.7+1.6+1.6+1.6+1.5+1.5+1.5 = 18.6
    assert m.loc["sp500-2010-12-31", "top10_pct"] == pytest.approx(18.6)
    # 2024: 7.0+6.4+6.4+6.2+3.8+2.4+1.8+1.6+1.4+1.2 = 38.2
    assert m.loc["sp500-2024", "top10_pct"] == pytest.approx(38.2)


def test_real_mag7_shares(real):
    m = c.snapshot_metrics(real["index_weights"]).set_index("snapshot")
    # 2024: 7.0+6.4+6.4+6.2+3.8+2.4+1.4 = 33.6
    assert m.loc["sp500-2024", "mag7_pct"] == pytest.approx(33.6)
    # Jan 2025: 7.51+6.58+6.25+4.21+4.07+2.64+2.59 = 33.85
    assert m.loc["sp500-2025-01", "mag7_pct"] == pytest.approx(33.85)
    # Nasdaq-100 raw market value: 13.38+11.84+11.66+7.19+5.59+4.77+4.49+4.46 = 63.38
    assert m.loc["nasdaq100-raw-a", "mag7_pct"] == pytest.approx(63.38)
    # 13.32+11.31+10.30+7.65+6.22+5.78+4.69+4.39 = 63.66
    assert m.loc["nasdaq100-raw-b", "mag7_pct"] == pytest.approx(63.66)


def test_real_effective_n_bounds(real):
    m = c.snapshot_metrics(real["index_weights"]).set_index("snapshot")
    # 2000: squares 16.81+6.76+6.25+5.76+4.84+4+4+4+3.24+2.89 = 58.55; + 76.7*1.7 = 130.39 -> 188.94
    assert m.loc["sp500-2000-12-31", "hhi_high"] == pytest.approx(188.94)
    assert m.loc["sp500-2000-12-31", "eff_n_low"] == pytest.approx(52.93, abs=0.01)
    # 2024: squares 49+40.96+40.96+38.44+14.44+5.76+3.24+2.56+1.96+1.44 = 198.76; + 61.8*1.2 = 74.16
    assert m.loc["sp500-2024", "hhi_low"] == pytest.approx(198.76)
    assert m.loc["sp500-2024", "eff_n_high"] == pytest.approx(50.31, abs=0.01)
    assert m.loc["sp500-2024", "eff_n_low"] == pytest.approx(36.64, abs=0.01)


def test_real_nvidia_against_gdp(real):
    gdp, mv = real["gdp"], real["market_values"]
    sept = marketvalues.on(mv, "nvidia", "2025-09-22", "close")["market_value_usd_bn"]
    assert sept == pytest.approx(4460)
    # IMF 2025: US 30,507, China 19,232, Germany 4,744 are larger -> rank 4
    assert list(c.economies_larger(sept, gdp, "weo-2025-04", 2025)["economy_code"]) == ["USA", "CHN", "DEU"]
    # World Bank 2023: Germany 4,456.1 < 4,460 -> only the US and China -> rank 3
    assert c.gdp_rank(sept, gdp, "wdi-2026-03", 2023) == 3
    # 4,460 / 30,507 = 14.62%
    assert c.share_of_gdp(sept, gdp, "USA", "weo-2025-04", 2025) == pytest.approx(14.62, abs=0.01)
    # Cisco's 2000 peak: 555.4 / 10,251.0 = 5.42% of US GDP
    cisco = marketvalues.on(mv, "cisco", "2000-03-27", "close")["market_value_usd_bn"]
    assert c.share_of_gdp(cisco, gdp, "USA", "wdi-2026-03", 2000) == pytest.approx(5.42, abs=0.01)


def test_real_readings(real):
    top = c.latest(real["concentration"], "sp500", "top10-share")
    assert (top["value_pct"], top["qualifier"]) == (40, "above")
    peak = c.reading_at(real["concentration"], "sp500", "top10-share", "dot-com peak")
    assert peak["value_pct"] == 27
    largest = c.largest_weights(real["concentration"], real["index_weights"])
    # before NVIDIA: the dot-com record was Microsoft just above 5%
    rec = c.record_weight(largest, "2000-12-31")
    assert rec["company_id"] == "microsoft" and rec["value_pct"] == 5


def test_real_exposure(real):
    assets = c.figure(real["context_figures"], "us-retirement-assets-2025q2")["value"]
    # 45,800 * 40% = 18,320
    assert c.exposure_usd_bn(assets, 40) == pytest.approx(18_320)
    assert set(c.seed_claims(real["claims"])["claim_id"]) >= {"C079", "C082"}


def test_range_between_and_economy_list(gdp):
    h = pd.DataFrame(
        {
            "date": pd.to_datetime(["1999-12-31", "2000-03-01", "2024-06-30", "2025-11-18"]),
            "value_pct": [25.47, 27.0, 35.77, 40.0],
        }
    )
    assert c.range_between(h, "1999-01-01", "2001-12-31") == (25.47, 27.0)
    assert c.range_between(h, "2024-01-01") == (35.77, 40.0)
    with pytest.raises(KeyError):
        c.range_between(h, "2030-01-01")
    us_cn = c.economies_larger(
        20, gdp.assign(economy=["World", "United States", "China", "Germany", "Japan"]), "e1", 2025
    )
    assert c.economy_list(us_cn) == "the United States and China"
    assert c.economy_list(us_cn.head(1)) == "the United States"


def test_earnings_vs_value_pairs_provider_and_date():
    cc = pd.DataFrame(
        {
            "index": "sp500",
            "measure": ["mag7-share", "mag7-earnings-share", "mag7-share"],
            "basis": "index-weight",
            "provider": ["P", "P", "Q"],
            "date": pd.to_datetime(["2025-10-13", "2025-10-13", "2025-12-01"]),
            "date_precision": "day",
            "qualifier": "exact",
            "value_pct": [34.0, 27.0, 35.0],
            "sources": "K2025x",
        }
    )
    out = c.earnings_vs_value(cc)
    # only provider P on 2025-10-13 has both: 34 / 27 = 1.259259
    assert len(out) == 1 and out["value_to_earnings"].iloc[0] == pytest.approx(1.259259, abs=1e-6)
    with pytest.raises(KeyError):
        c.earnings_vs_value(cc[cc["measure"] == "mag7-share"])


# --- earnings against market value --------------------------------------------------------


def _cc_rows(rows):
    """Concentration readings from (measure, provider, date, precision, qualifier, value) tuples."""
    return pd.DataFrame(
        {
            "index": "sp500",
            "measure": [r[0] for r in rows],
            "basis": "index-weight",
            "provider": [r[1] for r in rows],
            "date": pd.to_datetime([r[2] for r in rows]),
            "date_precision": [r[3] for r in rows],
            "point": "",
            "qualifier": [r[4] for r in rows],
            "value_pct": [float(r[5]) for r in rows],
            "sources": [f"{r[1]}2025x" for r in rows],
        }
    )


def test_earnings_pairs_by_hand():
    cc = _cc_rows(
        [
            ("top10-share", "A", "2024-03-27", "day", "exact", 33.0),
            ("top10-earnings-share", "A", "2024-03-27", "day", "above", 22.0),
            ("it-sector-share", "Y", "2000-03-01", "month", "exact", 32.0),
            ("it-sector-earnings-share", "Y", "2000-09-01", "month", "exact", 16.0),
            # an earnings share with no value share from its provider, and one too far from the only value share
            ("mag7-earnings-share", "B", "2025-01-01", "day", "exact", 25.0),
            ("mag7-share", "C", "2025-01-01", "day", "exact", 30.0),
            ("mag7-earnings-share", "C", "2026-06-01", "day", "exact", 26.0),
        ]
    )
    p = c.earnings_pairs(cc).set_index("group")
    # top 10: 33 / 22 = 1.5, same day; IT: 32 / 16 = 2.0, peaks 184 days apart (1 March to 1 September)
    assert p.loc["top10", "value_to_earnings"] == pytest.approx(1.5)
    assert p.loc["top10", "earnings_label"] == "more than 22%"
    assert (p.loc["it-sector", "value_to_earnings"], p.loc["it-sector", "gap_days"]) == (
        pytest.approx(2.0),
        184,
    )
    assert "mag7" not in p.index  # B has no value share; C's pair is 516 days apart, beyond 200
    s = c.earnings_summary(c.earnings_pairs(cc))
    assert s["latest"].loc["top10", "value_share_pct"] == 33.0
    with pytest.raises(KeyError):
        c.earnings_pairs(cc[cc["measure"].str.startswith("mag7")])


def test_edition_text_and_gdp_basis():
    from moneyloop import concentration_sections as cs

    imf = pd.Series({"producer": "imf", "edition": "weo-2025-04"})
    wb = pd.Series({"producer": "world-bank", "edition": "wdi-2026-03"})
    assert cs.edition_text(imf) == "IMF, April 2025"
    assert cs.edition_text(wb) == "World Bank, March 2026"
    gdp = pd.DataFrame(
        {
            "economy_code": ["USA", "USA"],
            "year": [2023, 2025],
            "estimate": ["actual", "projection"],
            "gdp_usd_bn": [27000.0, 30000.0],
            "sources": ["A", "B"],
            "producer": ["world-bank", "imf"],
            "edition": ["wdi-2026-03", "weo-2025-04"],
        }
    )
    mv = pd.DataFrame(
        {
            "company_id": ["nvidia"],
            "date": pd.to_datetime(["2026-06-26"]),
            "date_precision": ["day"],
            "market_value_usd_bn": [4700.0],
            "kind": ["market-cap"],
            "sources": ["M"],
        }
    )
    # NVIDIA's latest value is dated 2026; the latest US GDP at or before 2026 is the 2025 projection
    assert cs.gdp_basis({"gdp": gdp, "mv": mv})["year"] == 2025
