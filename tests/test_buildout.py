"""Tests for moneyloop.buildout: capacity de-duplication, conversions, the revenue-gap calculator."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moneyloop import buildout as b
from moneyloop import datasets

# --- fixtures -------------------------------------------------------------------------------


def deal(deal_id, payer, payee, flow, gw, status="definitive", group=None):
    return {
        "deal_id": deal_id,
        "group_id": group or deal_id,
        "announced": pd.Timestamp("2025-01-01"),
        "payer": payer,
        "payee": payee,
        "flow_type": flow,
        "capacity_gw": gw,
        "status": status,
        "description": "fixture",
        "sources": "Fixture2025test",
    }


@pytest.fixture
def deals() -> pd.DataFrame:
    return pd.DataFrame(
        [
            deal("chip-a", "lab", "chipco", "chip-purchase", 10.0),  # 10 GW of chips
            deal("cloud-b", "lab", "cloudco", "compute-purchase", 4.0),  # 4 GW of cloud, filled with chip-a
            deal(
                "cloud-b-money", "lab", "cloudco", "compute-purchase", 4.0, status="reported"
            ),  # same 4 GW by money
            deal(
                "supply-c", "chipco2", "lab", "chip-supply", 6.0, status="loi"
            ),  # vendor to user: user is lab
            deal("loan-d", "bank", "cloudco", "debt", 4.0),  # financing: not summed
            deal("old-e", "lab", "chipco", "chip-purchase", 10.0, status="superseded"),
            deal("no-gw", "lab", "cloudco", "compute-purchase", float("nan")),
        ]
    )


@pytest.fixture
def overlaps() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "overlap_id": "o1",
                "deal_id": "cloud-b",
                "within_deal_id": "chip-a",
                "overlap_gw_low": 0.0,
                "overlap_gw": 3.0,
                "overlap_gw_high": 4.0,
            },
            {
                "overlap_id": "o2",
                "deal_id": "cloud-b-money",
                "within_deal_id": "cloud-b",
                "overlap_gw_low": 4.0,
                "overlap_gw": 4.0,
                "overlap_gw_high": 4.0,
            },
            {
                "overlap_id": "o3",
                "deal_id": "loan-d",
                "within_deal_id": "cloud-b",
                "overlap_gw_low": 4.0,
                "overlap_gw": 4.0,
                "overlap_gw_high": 4.0,
            },
            {
                "overlap_id": "o4",
                "deal_id": "old-e",
                "within_deal_id": "chip-a",
                "overlap_gw_low": 10.0,
                "overlap_gw": 10.0,
                "overlap_gw_high": 10.0,
            },
        ]
    )


@pytest.fixture
def assumptions() -> pd.DataFrame:
    rows = [
        ("cost-per-gw", "USD bn per GW", 40, 50, 60),
        ("nvidia-content-per-gw", "USD bn per GW", 35, 35, 35),
        ("gpus-per-gw", "million GPUs per GW", 0.4, 0.45, 0.5),
        ("homes-per-gw", "million homes per GW", 0.8, 0.8, 0.9),
        ("electricity-price", "USD per MWh", 50, 80, 100),
        ("accelerator-share", "%", 50, 70, 70),
        ("end-user-margin", "%", 35, 50, 75),
        ("depreciation-life", "years", 3, 5, 6),
        ("hurdle-rate", "%", 0, 10, 10),
        ("horizon-years", "years", 1, 5, 5),
    ]
    return pd.DataFrame(
        [
            {"assumption_id": i, "name": i, "unit": u, "value_low": lo, "value": v, "value_high": hi}
            for i, u, lo, v, hi in rows
        ]
    )


# --- capacity -------------------------------------------------------------------------------


def test_capacity_rows_roles_and_user(deals):
    rows = b.capacity_rows(deals).set_index("deal_id")
    assert "no-gw" not in rows.index  # rows without a capacity are left out
    assert rows.at["chip-a", "role"] == "chip" and rows.at["cloud-b", "role"] == "cloud"
    assert rows.at["loan-d", "role"] == "financing"
    # chip-supply runs vendor -> user, so the user is the payee
    assert rows.at["supply-c", "user"] == "lab" and rows.at["supply-c", "vendor"] == "chipco2"


def test_dedup_base(deals, overlaps):
    d = b.dedup_capacity(deals, overlaps).set_index("deal_id")
    # in scope: chip-a 10, cloud-b 4, cloud-b-money 4, supply-c 6 (loan is financing, old-e superseded)
    assert set(d.index) == {"chip-a", "cloud-b", "cloud-b-money", "supply-c"}
    # cloud-b loses 3 (base overlap with chip-a); cloud-b-money loses all 4
    assert d.at["cloud-b", "gw_net"] == pytest.approx(1.0)
    assert d.at["cloud-b-money", "gw_net"] == pytest.approx(0.0)
    # total: 10 + 1 + 0 + 6 = 17
    assert b.dedup_total(deals, overlaps) == pytest.approx(17.0)


def test_dedup_cases_and_statuses(deals, overlaps):
    assert b.dedup_total(deals, overlaps, case="low") == pytest.approx(20.0)  # 10 + 4 + 0 + 6
    assert b.dedup_total(deals, overlaps, case="high") == pytest.approx(16.0)  # 10 + 0 + 0 + 6
    # binding only: chip-a 10 and cloud-b 4 - 3 = 11
    assert b.dedup_total(deals, overlaps, statuses=b.BINDING) == pytest.approx(11.0)
    # if the duplicate's partner is not selected, nothing is removed: cloud-b-money alone keeps 4
    only = deals[deals["deal_id"] == "cloud-b-money"]
    assert b.dedup_total(only, overlaps, statuses=("reported",)) == pytest.approx(4.0)


def test_dedup_never_negative(deals, overlaps):
    more = pd.concat(
        [overlaps, overlaps.assign(overlap_id="dup")]
    )  # the same overlap twice: 6 GW from a 4 GW row
    d = b.dedup_capacity(deals, more).set_index("deal_id")
    assert d.at["cloud-b", "gw_net"] == 0.0


def test_capacity_scenarios(deals, overlaps):
    s = b.capacity_scenarios(deals, overlaps).set_index("scenario")["gw"]
    assert s["headline"] == pytest.approx(38.0)  # 10 + 4 + 4 + 6 + 4 + 10
    assert s["active-gross"] == pytest.approx(24.0)  # 10 + 4 + 4 + 6
    assert s["active-dedup"] == pytest.approx(17.0)
    assert s["active-dedup-high"] >= s["active-dedup"] >= s["active-dedup-low"]


def test_capacity_by_user(deals, overlaps):
    by = b.capacity_by(deals, overlaps, "user")
    assert set(by["user"]) == {"lab"}
    assert by["gw_net"].sum() == pytest.approx(17.0)


# --- conversions ----------------------------------------------------------------------------


def test_convert_two_gw(assumptions):
    c = b.convert(2.0, assumptions).set_index("quantity")
    assert tuple(c.loc["capex", ["low", "base", "high"]]) == pytest.approx(
        (80.0, 100.0, 120.0)
    )  # 2 x 40/50/60
    assert c.at["gpus", "base"] == pytest.approx(0.9)  # 2 x 0.45 million
    assert c.at["homes", "high"] == pytest.approx(1.8)  # 2 x 0.9 million
    assert c.at["energy", "base"] == pytest.approx(17.52)  # 2 GW x 8,760 h = 17,520 GWh
    # 17.52 TWh = 17.52 million MWh; x 80 USD = 1,401.6 million USD = 1.4016 bn
    assert c.at["power-bill", "base"] == pytest.approx(1.4016)
    assert c.at["power-bill", "low"] == pytest.approx(0.876)  # 17.52 x 50 / 1000


def test_convert_rejects_negative(assumptions):
    with pytest.raises(ValueError):
        b.convert(-1, assumptions)


def test_assumption_percent_to_fraction(assumptions):
    assert b.assumption(assumptions, "hurdle-rate") == pytest.approx(0.10)
    assert b.assumption(assumptions, "end-user-margin", "high") == pytest.approx(0.75)
    with pytest.raises(KeyError):
        b.assumption(assumptions, "no-such-input")


# --- calculator -----------------------------------------------------------------------------


def test_capital_recovery_factor():
    assert b.capital_recovery_factor(0.0, 5) == pytest.approx(0.2)  # 1/5
    # 10% over 2 years: 0.1 / (1 - 1/1.21) = 0.1 / 0.173554 = 0.576190
    assert b.capital_recovery_factor(0.10, 2) == pytest.approx(0.576190, rel=1e-5)
    assert b.capital_recovery_factor(0.10, math.inf) == pytest.approx(0.10)  # perpetuity
    with pytest.raises(ValueError):
        b.capital_recovery_factor(0.1, 0)


def test_required_revenue_sequoia_formula():
    # 150 x 2 (GPUs half of cost) x 2 (50% margin) = 600
    assert b.required_revenue(150, 0.5, 0.5) == pytest.approx(600.0)
    # the $200B question of 2023: 50 x 2 x 2 = 200
    assert b.required_revenue(50, 0.5, 0.5) == pytest.approx(200.0)


def test_required_revenue_full_formula():
    # 70 spend / 0.7 share = 100 capex a year; 2 years in service at 10% over 2 years:
    # 100 x 2 x 0.576190 = 115.238; / (1 - 0.2) = 144.048
    assert b.required_revenue(70, 0.7, 0.2, 2, 0.10, 2) == pytest.approx(144.048, rel=1e-4)
    # horizon beyond life adds nothing: only 2 vintages are still being paid for
    assert b.required_revenue(70, 0.7, 0.2, 2, 0.10, 9) == pytest.approx(144.048, rel=1e-4)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"accelerator_spend": -1},
        {"accelerator_spend": 1, "accelerator_share": 0},
        {"accelerator_spend": 1, "end_user_margin": 1},
        {"accelerator_spend": 1, "horizon_years": 0},
    ],
)
def test_required_revenue_rejects_bad_inputs(kwargs):
    with pytest.raises(ValueError):
        b.required_revenue(**kwargs)


def test_revenue_gap():
    res = b.revenue_gap(
        b.GapInputs(accelerator_spend=150, accelerator_share=0.5, end_user_margin=0.5, revenue_available=70)
    )
    assert res == {"required": pytest.approx(600.0), "available": 70, "gap": pytest.approx(530.0)}


# --- monotonicity (property test) -----------------------------------------------------------

spend = st.floats(1, 2000)
share = st.floats(0.05, 1.0)
margin = st.floats(0.0, 0.95)
life = st.floats(1, 30)
rate = st.floats(0.0, 0.5)
horizon = st.floats(0.5, 30)
INCREASING = {
    "accelerator_spend": True,
    "accelerator_share": False,
    "end_user_margin": True,
    "depreciation_life": None,
    "hurdle_rate": True,
    "horizon_years": True,
}


@settings(max_examples=300, deadline=None)
@given(spend, share, margin, life, rate, horizon, st.sampled_from(sorted(INCREASING)), st.floats(1.0001, 3.0))
def test_required_revenue_is_monotone(a, s, m, L, r, h, name, factor):
    base = {
        "accelerator_spend": a,
        "accelerator_share": s,
        "end_user_margin": m,
        "depreciation_life": L,
        "hurdle_rate": r,
        "horizon_years": h,
    }
    up = dict(base)
    if name == "accelerator_share":
        up[name] = min(1.0, base[name] * factor)
    elif name == "end_user_margin":
        up[name] = base[name] + (0.99 - base[name]) * (1 - 1 / factor)  # stays below 1
    elif name == "hurdle_rate":
        up[name] = base[name] + 0.01 * factor
    else:
        up[name] = base[name] * factor
    r0, r1 = b.required_revenue(**base), b.required_revenue(**up)
    tol = 1e-9 * max(1.0, r0)
    if INCREASING[name] is True:
        assert r1 >= r0 - tol
    elif INCREASING[name] is False:
        assert r1 <= r0 + tol
    else:
        # a longer life spreads the capital over more years: with the horizon at least as long as both lives,
        # more vintages are in service and the total grows; with a fixed single vintage it falls
        single = dict(base, horizon_years=min(h, 1.0))
        single_up = dict(up, horizon_years=min(h, 1.0))
        assert b.required_revenue(**single_up) <= b.required_revenue(**single) + tol


@settings(max_examples=200, deadline=None)
@given(st.floats(0, 500), st.floats(0, 500))
def test_conversions_are_monotone_in_gw(g1, g2):
    a = pd.DataFrame(
        [
            {
                "assumption_id": "cost-per-gw",
                "unit": "USD bn per GW",
                "name": "x",
                "value_low": 41,
                "value": 50,
                "value_high": 60,
            },
            {
                "assumption_id": "nvidia-content-per-gw",
                "unit": "USD bn per GW",
                "name": "x",
                "value_low": 35,
                "value": 35,
                "value_high": 35,
            },
            {
                "assumption_id": "gpus-per-gw",
                "unit": "million GPUs per GW",
                "name": "x",
                "value_low": 0.4,
                "value": 0.45,
                "value_high": 0.5,
            },
            {
                "assumption_id": "homes-per-gw",
                "unit": "million homes per GW",
                "name": "x",
                "value_low": 0.8,
                "value": 0.8,
                "value_high": 0.89,
            },
            {
                "assumption_id": "electricity-price",
                "unit": "USD per MWh",
                "name": "x",
                "value_low": 79,
                "value": 82.9,
                "value_high": 85.3,
            },
        ]
    )
    lo, hi = sorted((g1, g2))
    c_lo = b.convert(lo, a).set_index("quantity")
    c_hi = b.convert(hi, a).set_index("quantity")
    assert (c_hi[["low", "base", "high"]] >= c_lo[["low", "base", "high"]] - 1e-9).all().all()
    assert (c_hi["low"] <= c_hi["base"] + 1e-9).all() and (c_hi["base"] <= c_hi["high"] + 1e-9).all()


def test_tier_of():
    assert b.tier_of("definitive", "") == "binding"  # signed: binding even without a tenant
    assert b.tier_of("loi", "openai") == "tenant"
    assert b.tier_of("reported", "") == "aspirational"
    with pytest.raises(ValueError):
        b.tier_of("superseded", "openai")


def test_capacity_tiers_fixture(deals, overlaps):
    basis = pd.DataFrame(
        {
            "deal_id": ["chip-a", "cloud-b", "cloud-b-money"],
            "tenant": ["lab", "", "lab"],
            "power_basis": "unstated",
        }
    )
    tiers = b.capacity_tiers(deals, overlaps, basis).set_index("deal_id")
    assert tiers.at["chip-a", "tier"] == "binding" and tiers.at["cloud-b", "tier"] == "binding"
    assert tiers.at["cloud-b-money", "tier"] == "tenant"


def test_facility_gw():
    a = pd.DataFrame(
        [
            {
                "assumption_id": "pue",
                "unit": "ratio",
                "name": "x",
                "value_low": 1.1,
                "value": 1.34,
                "value_high": 1.58,
            }
        ]
    )
    # 10 GW of IT load x 1.1 / 1.34 / 1.58 = 11 / 13.4 / 15.8 GW at the meter
    assert b.facility_gw(10, a) == pytest.approx({"low": 11.0, "base": 13.4, "high": 15.8})


# --- real data ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real():
    return {
        n: datasets.load(n)
        for n in (
            "deals",
            "capacity_overlaps",
            "capacity_basis",
            "assumptions",
            "financials",
            "revenue_gap_studies",
            "funding_mix",
        )
    }


def test_published_studies_reproduced(real):
    r = b.reproduce_studies(real["revenue_gap_studies"]).set_index("study_id")
    # Sequoia: 150 / 0.5 / (1 - 0.5) = 600 exactly; gap 600 - (4 x 10 + 6 x 5) = 530, "$500B" at one significant figure
    assert r.at["sequoia-2024", "computed_required"] == pytest.approx(600.0)
    assert r.at["sequoia-2024", "computed_gap"] == pytest.approx(530.0)
    assert round(r.at["sequoia-2024", "computed_gap"], -2) == r.at["sequoia-2024", "published_gap"]
    # Bain: 500 of capex at a quarter of revenue = 2,000; 2,000 - 1,200 = 800
    assert r.at["bain-2025", "computed_required"] == pytest.approx(2000.0)
    assert r.at["bain-2025", "computed_gap"] == pytest.approx(800.0)
    # J.P. Morgan: 5 years x 1,000 = 5,000 at 10% in perpetuity = 500 a year; / 0.7692 = 650.0
    assert r.at["jpmorgan-2025", "computed_required"] == pytest.approx(650.0, abs=0.5)


def test_common_basis_ranks_by_capex(real):
    base = b.GapInputs(
        accelerator_spend=1, end_user_margin=0.5, depreciation_life=5, hurdle_rate=0.1, horizon_years=5
    )
    c = b.common_basis(real["revenue_gap_studies"], base).set_index("study_id")
    # same economics for all: revenue = capex x 5 x 0.263797 / 0.5 = 2.63797 x capex
    assert c.at["sequoia-2024", "common_required"] == pytest.approx(300 * 2.63797, rel=1e-5)
    assert c.at["jpmorgan-2025", "common_required"] == pytest.approx(1000 * 2.63797, rel=1e-5)


def test_mag7_cash_is_496(real):
    cash = b.mag7_cash(real["financials"])
    # 102 + 98 + 94 + 61 + 55 + 44 + 42 = 496
    assert cash["value_usd_bn"].sum() == pytest.approx(496.0)
    assert len(cash) == 7


def test_accelerator_run_rate(real):
    rr = b.accelerator_run_rate(real["financials"])
    assert rr["low"] == pytest.approx(300.8)  # 75.2 x 4
    assert rr["base"] == pytest.approx(344.0)  # 300.8 + 10.8 x 4
    # 91 x 4 x (75.2 / 81.6) + 16 x 4 = 335.45 + 64 = 399.45
    assert rr["high"] == pytest.approx(399.45, abs=0.01)


def test_capex_guidance_maps_fiscal_years(real):
    from moneyloop import cashflow

    g = cashflow.capex_guidance(real["financials"], 2026).set_index("company_id")
    # Oracle's FY2027 (Jun 2026 - May 2027, 7 months in 2026) counts in 2026, at 90-95 -> 92.5; FY2026 does not
    assert g.at["oracle", "period_label"] == "FY2027"
    assert g.at["oracle", "value_usd_bn"] == pytest.approx(92.5)
    # 200 (Amazon) + 185 (Alphabet 180-190) + 135 (Meta 125-145) + 190 (Microsoft) + 92.5 = 802.5
    assert g["value_usd_bn"].sum() == pytest.approx(802.5)


def test_lapsed_nvidia_lease_leaves_through_its_status(real):
    d, o = real["deals"], real["capacity_overlaps"]
    assert d.set_index("deal_id").at["openai-nvda-lease", "status"] == "superseded"
    # standing chip and cloud rows: 66.0 GW gross; OpenAI 25.75 GW once overlaps are removed
    assert b.user_total(d, o, "openai") == pytest.approx(25.75)


def test_capacity_tiers_real(real):
    tiers = b.capacity_tiers(real["deals"], real["capacity_overlaps"], real["capacity_basis"])
    t = b.tier_totals(tiers)
    # SoftBank's SB Neo (10 GW, no tenant) is the only aspirational row
    assert t["aspirational"] == pytest.approx(10.0)
    assert set(tiers.loc[tiers["tier"] == "aspirational", "deal_id"]) == {"sb-neo"}
    # the tiers partition the de-duplicated standing total: 31.3 + 12.8 + 10.0 = 54.1
    assert sum(t.values()) == pytest.approx(b.dedup_total(real["deals"], real["capacity_overlaps"]))


def test_funding_mix_adds_up(real):
    check = b.funding_check(real["funding_mix"])
    assert check["adds_up"].all()
    gap = check[check["parent_id"] == "financing-gap"].iloc[0]
    assert gap["parts_usd_bn"] == pytest.approx(1500.0)  # 800 + 350 + 200 + 150


def test_real_capacity_dedup(real):
    d, o = real["deals"], real["capacity_overlaps"]
    net = b.dedup_capacity(d, o).set_index("deal_id")
    # the 300 bn Oracle contract and the July 4.5 GW are the same capacity: counted once, inside the Stargate sites
    assert net.at["openai-oracle-300b", "gw_net"] == 0.0
    assert net.at["oracle-openai-4.5gw", "gw_net"] == 0.0
    scen = b.capacity_scenarios(d, o).set_index("scenario")["gw"]
    assert scen["headline"] > scen["active-gross"] > scen["active-dedup"] >= scen["active-dedup-low"]
    assert scen["binding-dedup"] < scen["active-dedup"]
    # every overlap pair names two real deal rows
    assert set(o["deal_id"]) | set(o["within_deal_id"]) <= set(d["deal_id"])


def test_tornado_real(real):
    t = b.tornado(real["assumptions"], real["financials"])
    assert list(t["swing"]) == sorted(t["swing"], reverse=True)
    base = t["base_revenue"].iloc[0]
    assert base == pytest.approx(
        b.revenue_gap(b.base_case(real["assumptions"], real["financials"]))["required"]
    )
    # inputs that move the result one way bracket the base case; the useful life does not (both ends lower)
    mono = t[t["input"] != "depreciation_life"]
    assert (
        (mono[["revenue_at_low", "revenue_at_high"]].min(axis=1) <= base + 1e-9)
        & (mono[["revenue_at_low", "revenue_at_high"]].max(axis=1) >= base - 1e-9)
    ).all()
    life = t.set_index("input").loc["depreciation_life"]
    assert max(life["revenue_at_low"], life["revenue_at_high"]) < base


def test_base_case_by_hand(real):
    base = b.base_case(real["assumptions"], real["financials"])
    # 344 / 0.7 = 491.43 capex a year; x 5 years in service x crf(10%, 5) = 0.263797 -> 648.19; / (1 - 0.5) = 1,296.4
    assert b.revenue_gap(base)["required"] == pytest.approx(1296.38, abs=0.01)


def test_lenders_fixture():
    deals = pd.DataFrame(
        [
            {
                "deal_id": "a",
                "announced": pd.Timestamp("2025-01-01"),
                "payee": "oracle",
                "flow_type": "debt",
                "amount_usd_bn": 18.0,
                "amount_kind": "stated",
                "status": "funded",
                "sources": "X2025x",
            },
            {
                "deal_id": "b",
                "announced": pd.Timestamp("2025-02-01"),
                "payee": "site-co",
                "flow_type": "debt",
                "amount_usd_bn": 10.0,
                "amount_kind": "estimate",
                "status": "reported",
                "sources": "X2025x",
            },
            {
                "deal_id": "c",
                "announced": pd.Timestamp("2025-03-01"),
                "payee": "oracle",
                "flow_type": "debt",
                "amount_usd_bn": 5.0,
                "amount_kind": "up-to",
                "status": "definitive",
                "sources": "X2025x",
            },
            {
                "deal_id": "d",
                "announced": pd.Timestamp("2025-04-01"),
                "payee": "oracle",
                "flow_type": "debt",
                "amount_usd_bn": 7.0,
                "amount_kind": "stated",
                "status": "superseded",
                "sources": "X2025x",
            },
        ]
    )
    lend = b.lenders(deals)
    assert set(lend["deal_id"]) == {"a", "b", "c"}  # the superseded loan is gone
    t = b.lender_totals(lend).set_index("kind")
    # only a is binding with a stated amount: 18; c is a ceiling, b is not binding
    assert t.at["builder", "binding_usd_bn"] == 18.0
    assert t.at["vehicle", "binding_usd_bn"] == 0.0 and t.at["vehicle", "rows_not_binding"] == 1


def test_reconcile_places_a_statement_against_the_tiers():
    # binding 14, tenant 11: 10 is within binding; 20 is within 14 + 11 = 25; 30 is above both
    assert b.reconcile(10, 14, 11).startswith("within the binding")
    assert "within binding and named-tenant" in b.reconcile(20, 14, 11)
    assert b.reconcile(30, 14, 11).startswith("above all")


def test_stated_capacity_takes_the_latest_of_a_scope():
    s = pd.DataFrame(
        {
            "company_id": ["x", "x", "x"],
            "scope": ["secured", "secured", "goal"],
            "stated_on": pd.to_datetime(["2026-01-01", "2026-04-29", "2026-04-23"]),
            "capacity_gw": [6.0, 10.0, 30.0],
        }
    )
    assert b.stated_capacity(s, "x", "secured")["capacity_gw"] == 10.0
    with pytest.raises(KeyError):
        b.stated_capacity(s, "y", "goal")


def test_goal_without_a_year_rejected(data_copy):
    from conftest import edit_cell, read_rows
    from moneyloop import datasets

    _, rows = read_rows(data_copy / "capacity_statements.csv")
    i = next(k for k, r in enumerate(rows) if r["scope"] == "goal")
    row = edit_cell(data_copy / "capacity_statements.csv", i, "by_year", "")
    msgs = [str(p) for p in datasets.validate(data_copy)]
    assert any(m.startswith(f"capacity_statements.csv:{row}: by_year:") for m in msgs), msgs
