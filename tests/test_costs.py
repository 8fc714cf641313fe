"""moneyloop.costs: GPU-hour arithmetic, basis conversions, sensitivity, capex guidance and the market shock."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from moneyloop import costs, datasets, fmt

T = pd.Timestamp


# --- fixtures built by hand ------------------------------------------------------------------------


def _components() -> pd.DataFrame:
    # DeepSeek's published stages (V3 technical report Table 1; R1 Nature supplementary Table 7).
    rows = [
        ("v3-pre", "v3", 1, 2_664_000, 0.005328),
        ("v3-ctx", "v3", 2, 119_000, 0.000238),
        ("v3-post", "v3", 3, 5_000, 0.00001),
        ("r1-zero", "r1", 1, 101_000, 0.000202),
        ("r1-sft", "r1", 2, 5_000, 0.00001),
        ("r1-rl", "r1", 3, 41_000, 0.000082),
    ]
    return pd.DataFrame(
        [
            {
                "component_id": c,
                "run_id": r,
                "stage_order": o,
                "stage": c,
                "gpu_type": "H800",
                "gpu_hours": float(h),
                "usd_per_gpu_hour": 2.0,
                "stated_cost_usd_bn": s,
            }
            for c, r, o, h, s in rows
        ]
    )


def _runs() -> pd.DataFrame:
    cols = [
        "run_id",
        "model",
        "company_id",
        "released",
        "base_run_id",
        "gpu_type",
        "gpu_hours",
        "training_flop",
        "sources",
    ]
    rows = [
        ("a", "Model A", "deepseek", T("2024-12-01"), None, "H800", 1e6, 1e24, "K2024a"),
        ("a2", "Model A2", "deepseek", T("2025-01-01"), "a", "H800", 1e5, 1.5e24, "K2025a"),
        ("b", "Model B", "us", T("2024-07-01"), None, "H100", 1e7, 1e25, "K2024b"),
        ("c", "Model C", "us", T("2024-06-01"), None, None, math.nan, 2e25, "K2024c"),
        ("d", "Model D", "us", T("2023-03-01"), None, "A100", 5e7, 3e25, "K2023d"),
    ]
    return pd.DataFrame(rows, columns=cols)


def _costs() -> pd.DataFrame:
    cols = [
        "run_id",
        "cost_basis",
        "estimator",
        "cost_usd_bn",
        "cost_low_usd_bn",
        "cost_high_usd_bn",
        "qualifier",
        "dollars",
        "usd_per_gpu_hour",
        "sources",
    ]
    nan = math.nan
    rows = [
        ("a", costs.RENTAL, "A's maker", 0.002, nan, nan, "exact", "nominal", 2.0, "K2024a"),  # 1e6 h x $2
        ("a2", costs.RENTAL, "A's maker", 0.0002, nan, nan, "exact", "nominal", 2.0, "K2025a"),  # 1e5 h x $2
        ("b", costs.RENTAL, "index", 0.05, nan, nan, "about", "nominal", nan, "K2024b"),  # implies $5/h
        (
            "b",
            costs.AMORTISED,
            "epoch",
            0.012,
            0.01,
            0.012,
            "about",
            "2023-usd",
            nan,
            "K2024b",
        ),  # $1.2/h, low $1/h
        ("c", costs.AMORTISED, "epoch", 0.03, nan, nan, "about", "2023-usd", nan, "K2024c"),
        (
            "d",
            costs.RENTAL,
            "index",
            0.08,
            nan,
            nan,
            "about",
            "nominal",
            nan,
            "K2023d",
        ),  # A100: not a Hopper peer
    ]
    return pd.DataFrame(rows, columns=cols)


# --- arithmetic ---------------------------------------------------------------------------------------


def test_gpu_cost_reproduces_deepseek_v3_and_r1_exactly():
    # V3: 2,788,000 H800-hours x $2 = $5,576,000 = 0.005576 bn
    assert costs.gpu_cost_usd_bn(2_788_000, 2.0) == pytest.approx(0.005576, rel=1e-12)
    # R1 RL stages: 147,000 x $2 = $294,000 = 0.000294 bn
    assert costs.gpu_cost_usd_bn(147_000, 2.0) == pytest.approx(0.000294, rel=1e-12)
    assert fmt.usd_bn(costs.gpu_cost_usd_bn(2_788_000, 2.0), 4) == "$5.576M"
    assert fmt.usd_bn(costs.gpu_cost_usd_bn(147_000, 2.0)) == "$294K"


def test_implied_price_and_cost_per_exaflop():
    # 169.8M USD over 30.84M GPU-hours = 5.5058... USD per hour
    assert costs.implied_price(0.1698, 30_840_000) == pytest.approx(169.8 / 30.84)
    # 5.576M USD over 3.4078e24 FLOP = 5.576e6 / 3.4078e6 exaFLOP = 1.63625 USD per 10^18 FLOP
    assert costs.usd_per_exaflop(0.005576, 3.4078e24) == pytest.approx(1.636246, rel=1e-6)
    assert costs.usd_per_exaflop(0.0, 1e24) == 0.0


def test_stage_costs_match_every_published_stage():
    staged = costs.stage_costs(_components())
    assert staged["matches_stated"].all()
    # pre-training: 2,664,000 x 2 = 5,328,000 USD
    assert staged.set_index("component_id").loc["v3-pre", "cost_usd_bn"] == pytest.approx(0.005328)


def test_stage_costs_flags_a_wrong_published_figure():
    comp = _components()
    comp.loc[comp["component_id"] == "r1-rl", "stated_cost_usd_bn"] = (
        0.00009  # 41,000 x 2 is 82,000, not 90,000
    )
    staged = costs.stage_costs(comp).set_index("component_id")
    assert not staged.loc["r1-rl", "matches_stated"]
    assert staged["matches_stated"].sum() == 5


def test_run_totals_and_with_base():
    totals = costs.run_totals(_components())
    assert totals.loc["v3", "gpu_hours"] == 2_788_000  # 2,664,000 + 119,000 + 5,000
    assert totals.loc["r1", "gpu_hours"] == 147_000  # 101,000 + 5,000 + 41,000
    assert totals.loc["r1", "cost_usd_bn"] == pytest.approx(0.000294)
    runs = pd.DataFrame({"run_id": ["v3", "r1"], "base_run_id": [None, "v3"]})
    whole = costs.with_base(runs, totals, "r1")
    assert whole["chain"] == ["r1", "v3"]
    assert whole["gpu_hours"] == 2_935_000  # 147,000 + 2,788,000
    assert whole["cost_usd_bn"] == pytest.approx(0.00587)  # 0.000294 + 0.005576
    assert costs.with_base(runs, totals, "v3")["cost_usd_bn"] == pytest.approx(0.005576)


def test_with_base_rejects_a_loop():
    totals = pd.DataFrame({"gpu_hours": [1.0, 1.0], "cost_usd_bn": [1.0, 1.0]}, index=["x", "y"])
    runs = pd.DataFrame({"run_id": ["x", "y"], "base_run_id": ["y", "x"]})
    with pytest.raises(ValueError, match="loops"):
        costs.with_base(runs, totals, "x")


def test_component_check_finds_mismatched_totals():
    runs = pd.DataFrame({"run_id": ["v3", "r1"], "gpu_hours": [2_788_000.0, 150_000.0]})
    bad = costs.component_check(runs, _components())
    assert list(bad.index) == ["r1"]  # stages sum to 147,000, not 150,000


# --- points, conversions and the contrast ------------------------------------------------------------


def test_cost_points_increment_and_derived_whole_model():
    p = costs.cost_points(_runs(), _costs())
    inc = p[(p["run_id"] == "a2") & ~p["derived"]].iloc[0]
    assert inc["training_flop"] == pytest.approx(0.5e24)  # 1.5e24 - 1e24: only the increment
    whole = p[p["derived"]].iloc[0]
    assert whole["cost_usd_bn"] == pytest.approx(0.0022)  # 0.0002 + 0.002 at the same $2
    assert whole["gpu_hours"] == 1.1e6  # 1e5 + 1e6
    assert whole["training_flop"] == 1.5e24
    b = p[(p["run_id"] == "b") & (p["cost_basis"] == costs.RENTAL)].iloc[0]
    assert b["usd_per_gpu_hour_implied"] == pytest.approx(5.0)  # 0.05e9 / 1e7
    assert b["usd_per_exaflop"] == pytest.approx(5.0)  # 5e7 USD / 1e7 exaFLOP
    assert math.isnan(p[p["run_id"] == "c"].iloc[0]["usd_per_gpu_hour_implied"])  # no GPU-hours


def test_peer_prices_use_only_other_hopper_runs():
    p = costs.cost_points(_runs(), _costs())
    rental = costs.peer_prices(p, costs.RENTAL)
    assert list(rental["run_id"]) == ["b"]  # d is an A100 run, a is DeepSeek's own
    amort = costs.peer_prices(p, costs.AMORTISED).iloc[0]
    assert amort["price_min"] == pytest.approx(1.0)  # 0.01e9 / 1e7
    assert amort["price_max"] == pytest.approx(1.2)  # 0.012e9 / 1e7


def test_convert_on_basis_prices_hours_at_peer_range():
    p = costs.cost_points(_runs(), _costs())
    conv = costs.convert_on_basis(1e6, p, costs.AMORTISED)
    assert conv["cost_low_usd_bn"] == pytest.approx(0.001)  # 1e6 h x $1.0
    assert conv["cost_high_usd_bn"] == pytest.approx(0.0012)  # 1e6 h x $1.2
    with pytest.raises(ValueError):
        costs.convert_on_basis(1e6, p[p["run_id"] == "a"], costs.AMORTISED)


def test_reprice_keeps_hopper_runs_with_hours():
    r = costs.reprice(_runs(), 2.0)
    assert set(r["run_id"]) == {"a", "a2", "b"}
    assert r.set_index("run_id").loc["b", "cost_usd_bn"] == pytest.approx(0.02)  # 1e7 h x $2


def test_contrast_on_each_yardstick():
    t = costs.contrast(costs.cost_points(_runs(), _costs()), _runs(), reference="a")
    # same price ($2): B 0.02 vs A 0.002 -> 10x
    assert costs.ratio_for(t, "same-price", "b") == pytest.approx((10.0, 10.0))
    # cloud: A at B's implied $5 -> 0.005; B 0.05 -> 10x
    assert costs.ratio_for(t, "cloud-price", "b") == pytest.approx((10.0, 10.0))
    # amortised: A at $1.0-$1.2 -> 0.001-0.0012; C 0.03 -> 25x to 30x; B 0.012 -> 10x to 12x
    assert costs.ratio_for(t, "amortised", "c") == pytest.approx((25.0, 30.0))
    assert costs.ratio_for(t, "amortised", "b") == pytest.approx((10.0, 12.0))
    assert costs.ratio_range(t, "amortised") == pytest.approx((10.0, 30.0))
    # compute: C 2e25 / A 1e24 = 20x; D 3e25 / 1e24 = 30x
    assert costs.ratio_for(t, "compute", "c") == pytest.approx((20.0, 20.0))
    assert costs.ratio_range(t, "compute") == pytest.approx((10.0, 30.0))
    assert "a2" not in set(t["run_id"])  # DeepSeek's own runs are not "others"


# --- sensitivity -------------------------------------------------------------------------------------


def _prices() -> pd.DataFrame:
    nan = math.nan
    rows = [
        ("own", "H800", T("2024-12-01"), "month", 2.0, 2.0, "assumption", "assumed"),
        ("peak", "H100", T("2023-01-01"), "year", 4.7, 8.0, "rental-market", "peak"),
        ("dip", "H100", T("2024-10-01"), "month", nan, 2.0, "rental-market", "below two"),
        ("low", "H100", T("2025-10-01"), "month", 1.7, 1.7, "contract-index", "contract"),
        ("a100", "A100", T("2024-01-01"), "year", 1.0, 1.0, "rental-market", "older chip"),
    ]
    cols = [
        "price_id",
        "gpu_type",
        "date",
        "date_precision",
        "usd_per_gpu_hour_low",
        "usd_per_gpu_hour_high",
        "price_kind",
        "description",
    ]
    df = pd.DataFrame(rows, columns=cols)
    df["sources"] = "K2024x"
    return df


def test_price_range_ignores_other_chips_and_fills_missing_low():
    assert costs.price_range(_prices()) == (1.7, 8.0)
    assert costs.price_range(_prices(), kinds=("rental-market",)) == (
        2.0,
        8.0,
    )  # dip's missing low counts as 2.0


def test_sensitivity_costs_at_each_price():
    s = costs.sensitivity(1e6, _prices())
    assert list(s["cost_low_usd_bn"].round(6)) == [0.0017, 0.002, 0.002, 0.0047]  # 1e6 h x 1.7, 2, 2, 4.7
    assert s["cost_high_usd_bn"].max() == pytest.approx(0.008)  # 1e6 h x $8
    with_cloud = costs.sensitivity(1e6, _prices(), costs.cost_points(_runs(), _costs()))
    implied = with_cloud[with_cloud["price_kind"] == "cloud-implied"].iloc[0]
    assert implied["cost_low_usd_bn"] == pytest.approx(0.005)  # 1e6 h x B's implied $5


# --- capex guidance and infrastructure ---------------------------------------------------------------


def _financials() -> pd.DataFrame:
    nan = math.nan
    rows = [
        ("x", "2025", "guidance", nan, 60, 65, T("2025-01-24")),
        ("x", "2025", "guidance", nan, 64, 72, T("2025-04-30")),
        ("x", "2025", "guidance", nan, 70, 72, T("2025-10-29")),
        ("x", "2025", "actual", 72.2, nan, nan, T("2026-01-28")),
        ("y", "2025", "guidance", 100, nan, nan, T("2025-02-06")),
        ("y", "2025", "guidance", 90, nan, nan, T("2025-07-31")),
        ("y", "2024", "actual", 80, nan, nan, T("2025-02-06")),
    ]
    df = pd.DataFrame(
        rows,
        columns=[
            "company_id",
            "period_label",
            "basis",
            "value_usd_bn",
            "value_low_usd_bn",
            "value_high_usd_bn",
            "reported_on",
        ],
    )
    df["metric"], df["sources"] = "capex", "K2025f"
    df["period_start"] = df["period_end"] = df["reported_on"]
    df["note"] = ""
    return df


def test_guidance_path_counts_raises_after_the_shock():
    g = costs.guidance_path(_financials(), "2025", "2025-01-27", companies=("x", "y")).set_index("company_id")
    # x: midpoints 62.5 (before the shock), 68, 71 -> two raises after; actual 72.2 = 15.52% above 62.5
    assert g.loc["x", "first_guidance"] == 62.5
    assert g.loc["x", "first_after"] == 68.0
    assert g.loc["x", "raises_after"] == 2
    assert g.loc["x", "actual_vs_first"] == pytest.approx(72.2 / 62.5 - 1)
    # y: 100 then 90 is a cut, no raise, no actual yet
    assert g.loc["y", "raises_after"] == 0 and g.loc["y", "cuts"] == 1
    assert math.isnan(g.loc["y", "actual"])


def test_hyperscaler_capex_years_uses_the_one_capex_basis():
    def cf_row(company, fy, start, end, value):
        return {"company_id": company, "fiscal_year": fy, "fiscal_year_start": pd.Timestamp(start),
                "fiscal_year_end": pd.Timestamp(end), "item": "capex-cash", "value_usd_bn": value,
                "basis": "filing", "note": "", "sources": "A2025a"}  # fmt: skip

    companies = ("amazon", "google", "meta", "microsoft", "oracle")
    flows = pd.DataFrame(
        [cf_row(c, "2025", "2025-01-01", "2025-12-31", 10.0 * (i + 1)) for i, c in enumerate(companies[:3])]
        + [cf_row("microsoft", "FY2025", "2024-07-01", "2025-06-30", 40.0),  # tie: counted in 2025
           cf_row("oracle", "FY2026", "2025-06-01", "2026-05-31", 50.0),  # 7 months in 2025
           cf_row("amazon", "2024", "2024-01-01", "2024-12-31", 5.0)]  # an earlier year: not shown
    )  # fmt: skip
    guide = pd.DataFrame(
        [{"company_id": c, "metric": "capex", "basis": "guidance", "period_label": "2026",
          "period_start": pd.Timestamp("2026-01-01"), "period_end": pd.Timestamp("2026-12-31"),
          "value_usd_bn": None, "value_low_usd_bn": 10.0, "value_high_usd_bn": 20.0,
          "reported_on": pd.Timestamp("2026-02-01"), "note": "", "sources": "B2026b"} for c in ("amazon", "meta")]
    )  # fmt: skip
    c = costs.hyperscaler_capex_years(flows, guide)
    k = costs.capex_numbers(c)
    # 2025: 10 + 20 + 30 + 40 + 50 = 150 over five companies; Oracle's 50 is the largest
    assert (k["year"], k["total"], k["count"], k["largest_company"]) == (2025, 150.0, 5, "oracle")
    # 2026 guidance: two mid-points of 10-20 = 15 + 15 = 30
    assert (k["next_year"], k["next_total"], k["next_count"]) == (2026, 30.0, 2)


def test_infra_total_sums_capex_and_running_cost():
    infra = pd.DataFrame(
        {
            "estimator": ["SemiAnalysis", "SemiAnalysis", "Other"],
            "item": ["server-capex", "operating-cost", "server-capex"],
            "value_usd_bn": [1.6, 0.944, 9.0],
            "sources": ["K2025s", "K2025s", "K2025o"],
        }
    )
    t = costs.infra_total(infra)
    assert t["total_usd_bn"] == pytest.approx(2.544)  # 1.6 + 0.944
    assert t["sources"] == "K2025s"


# --- market reaction ---------------------------------------------------------------------------------


def _events() -> pd.DataFrame:
    nan = math.nan
    rows = [
        ("old", T("2024-09-01"), "month", "day", "nv", -9, -279, nan, "K2025l"),
        ("shock", T("2025-01-27"), "day", "day", "nv", -16.97, -589, 2903, "K2025n"),
        ("next", T("2025-01-28"), "day", "day", "nv", 9, nan, nan, "K2025m"),
        ("week", T("2025-02-07"), "day", "week", "nv", -2, nan, nan, "K2025w"),
        ("other", T("2025-01-27"), "day", "day", "zz", -17, -200, nan, "K2025z"),
    ]
    df = pd.DataFrame(
        rows,
        columns=[
            "event_id",
            "date",
            "date_precision",
            "window",
            "company_id",
            "close_change_pct",
            "market_value_change_usd_bn",
            "market_value_after_usd_bn",
            "sources",
        ],
    )
    df["intraday_change_pct"] = -18.0
    return df


def _values() -> pd.DataFrame:
    rows = [
        (T("2025-07-09"), 3970, "close"),
        (T("2025-07-09"), 4000, "intraday"),
        (T("2025-07-10"), 4004, "close"),
        (T("2025-10-28"), 4890, "close"),
        (T("2025-10-29"), 5050, "open"),
        (T("2024-06-05"), 3010, "not-stated"),
    ]
    df = pd.DataFrame(rows, columns=["date", "market_value_usd_bn", "price_basis"])
    df["company_id"], df["kind"], df["milestone"], df["sources"] = "nv", "market-cap", None, "K2025v"
    return df


def test_market_reaction_numbers():
    m = costs.market_reaction(_events(), _values(), "nv", T("2025-01-27"))
    assert m["value_before_usd_bn"] == 3492  # 2903 + 589
    assert m["record_before_usd_bn"] == -279
    assert m["loss_vs_record"] == pytest.approx(589 / 279)  # 2.11x the previous record
    assert m["rebound_pct"] == 9
    assert m["four_tn_date"] == T("2025-07-10")  # first close at or above 4,000 (not the intraday)
    assert m["days_to_four_tn"] == 164  # 4 (Jan) + 28 + 31 + 30 + 31 + 30 + 10
    assert m["five_tn_usd_bn"] == 5050
    assert m["days_to_five_tn"] == 275  # 164 + 21 (Jul) + 31 + 30 + 29


def test_shock_date_is_the_first_move_on_or_after_a_release():
    # released 2025-01-20: the next "nv" day event with a value change is "shock" on 2025-01-27 ("next" has none)
    assert costs.shock_date(_events(), "nv", "2025-01-20") == T("2025-01-27")
    # after the shock, "next" (28 January) has no market-value change, so nothing is left
    with pytest.raises(ValueError, match="no one-day move"):
        costs.shock_date(_events(), "nv", "2025-01-28")


def test_guidance_path_without_companies_takes_every_guider():
    # no companies given: x and y both guided capex for "2025", so both appear
    g = costs.guidance_path(_financials(), "2025", "2025-01-27")
    assert sorted(g["company_id"]) == ["x", "y"]


def test_value_path_adds_the_previous_close():
    path = costs.value_path(_values(), _events(), company="nv", start="2024-01-01")
    pre = path[path["derived"]].iloc[0]
    assert pre["market_value_usd_bn"] == 3492
    assert pre["date"] == T("2025-01-24")  # the business day before Monday 27 January


def test_events_near_window():
    assert list(costs.events_near(_events(), "nv", "2025-01-30", days=3)["event_id"]) == ["shock", "next"]
    assert costs.events_near(_events(), "nv", "2026-04-24").empty


# --- formatters added for this chapter ----------------------------------------------------------------


def test_small_dollar_and_power_of_ten_formatters():
    assert fmt.usd(2) == "$2"
    assert fmt.usd(4.916) == "$4.92"
    assert fmt.sci(3.4078e24) == "3.4 × 10²⁴"
    assert fmt.sci(9.99e24) == "1 × 10²⁵"  # rounding carries into the exponent
    assert fmt.sci(6.1e23) == "6.1 × 10²³"


# --- the shipped data ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real():
    names = [
        "training_runs",
        "training_costs",
        "deepseek_cost_components",
        "gpu_prices",
        "claims",
        "market_events",
        "market_values",
        "financials",
    ]
    return {n: datasets.load(n) for n in names}


def test_real_deepseek_figures_reproduced(real):
    totals = costs.run_totals(real["deepseek_cost_components"])
    assert costs.stage_costs(real["deepseek_cost_components"])["matches_stated"].all()
    assert totals.loc["deepseek-v3", "cost_usd_bn"] == pytest.approx(0.005576, rel=1e-12)
    assert totals.loc["deepseek-r1", "cost_usd_bn"] == pytest.approx(0.000294, rel=1e-12)
    whole = costs.with_base(real["training_runs"], totals, "deepseek-r1")
    assert whole["cost_usd_bn"] == pytest.approx(0.00587)  # 5.576M + 0.294M
    assert costs.component_check(real["training_runs"], real["deepseek_cost_components"]).empty


def test_real_equal_basis_gap(real):
    h = costs.headline(
        real["training_runs"], real["training_costs"], real["claims"], "deepseek-v3", "llama-3.1-405b"
    )
    assert h["seed_gap"] == pytest.approx(0.1 / 0.000294)  # $100M / $294K = 340x
    assert h["same_price_gap"] == pytest.approx(
        30.84 / 2.788
    )  # same $2: Llama 30.84M h vs V3 2.788M h = 11.06x
    assert h["compute_gap"] == pytest.approx(3.8e25 / 3.4078e24)  # 11.15x


def test_real_market_shock(real):
    release = real["training_runs"].set_index("run_id").at["deepseek-r1", "released"]
    day = costs.shock_date(
        real["market_events"], "nvidia", release
    )  # R1 on 20 January; the sell-off on the 27th
    assert day == T("2025-01-27")
    m = costs.market_reaction(real["market_events"], real["market_values"], "nvidia", day)
    assert m["change_pct"] == -16.97
    assert m["loss_usd_bn"] == -589
    assert m["record_before_usd_bn"] == -279
    assert m["four_tn_date"] == T("2025-07-10") and m["five_tn_date"] == T("2025-10-29")


def test_price_extremes_name_the_rows_behind_the_range():
    low, high = costs.price_extremes(_prices())
    assert low["price_id"] == "low" and high["price_id"] == "peak"


def test_short_names_drop_the_parenthetical():
    companies = pd.DataFrame({"company_id": ["amazon", "meta"], "name": ["Amazon (AWS)", "Meta Platforms"]})
    assert costs.short_names(companies).to_dict() == {"amazon": "Amazon", "meta": "Meta Platforms"}


def test_contrast_table_writes_single_ratios_and_ranges():
    t = costs.contrast(costs.cost_points(_runs(), _costs()), _runs(), reference="a")
    view = costs.contrast_table(t)
    assert list(view.columns) == ["Yardstick", "Compared with", "Their figure ÷ DeepSeek-V3's"]
    row = view[
        (view["Compared with"] == "Model C") & view["Yardstick"].str.startswith("Final run, amortised")
    ].iloc[0]
    assert row["Their figure ÷ DeepSeek-V3's"] == "25.0× to 30.0×"
    same = view[view["Yardstick"].str.startswith("Same price")].iloc[0]
    assert same["Their figure ÷ DeepSeek-V3's"] == "10.0×"


def test_runs_table_formats_cost_ranges():
    p = costs.cost_points(_runs(), _costs())
    view = costs.runs_table(p).set_index(["Model", "Basis"])
    assert view.loc[("Model B", costs.BASIS_LABELS[costs.AMORTISED]), "Cost"] == "$12M ($10M to $12M)"
    assert (
        view.loc[("Model A", costs.BASIS_LABELS[costs.RENTAL]), "Cost per 10¹⁸ FLOP"] == "$2"
    )  # 2e6 USD / 1e6 EF


def _label_points(third_company: str) -> pd.DataFrame:
    """Three points 0.15 and 0.3 decades apart at about the same cost, for the label layout."""
    return pd.DataFrame(
        {
            "label": ["AAAAAAAAAA", "B", "C"],
            "company_id": ["a", "b", third_company],
            "training_flop": [1e25, 10**25.3, 10**25.16],
            "cost_musd": [100.0, 90.0, 95.0],
            "cost_basis": [costs.RENTAL] * 3,
            "point": [True] * 3,
        }
    )


def test_chart_labels_sit_level_with_their_point_clear_of_other_points():
    # at 100 px a decade, in px: A (2500, -200), B (2530, -195.4), C (2516, -197.8). A's 62 px label on its right
    # (2508-2570) would cover B's dot (2523-2537), so it goes left (2430-2492); B's fits on its right; C's is
    # blocked level on both sides by the dots, and above or below it would sit nearer B or A than 1.5 x its own
    # distance (16.1 px from C, 17.4 px from B at (8, -14)), so C is left to the tooltip
    lab = costs._chart_labels(_label_points("c"), decade_px=(100.0, 100.0)).set_index("text")
    assert list(lab.index) == ["AAAAAAAAAA", "B"]
    assert (lab.at["AAAAAAAAAA", "dx"], lab.at["B", "dx"]) == (-8, 8)
    assert (lab["dy"] == 0).all() and lab.at["B", "cost_musd"] == 90.0  # level with its point


def test_chart_labels_always_place_deepseek_where_it_is_free():
    lab = costs._chart_labels(_label_points("deepseek"), decade_px=(100.0, 100.0)).set_index("text")
    # C is placed first; level spots are blocked by B's and A's dots, so the first free spot is 14 px above right,
    # though it is not clearly nearer C than B; A and B are then placed as before
    assert (lab.at["C", "dx"], lab.at["C", "dy"]) == (8, -14)
    assert list(lab["is_ds"]) == [True, False, False]  # only DeepSeek's labels stay on narrow charts
    assert (lab.at["AAAAAAAAAA", "dx"], lab.at["B", "dx"]) == (-8, 8)
