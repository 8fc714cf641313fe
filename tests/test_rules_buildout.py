"""Tests for moneyloop.rules.buildout: cash-flow signs and identities, funding splits, capacity bases."""

from __future__ import annotations

import pandas as pd

from moneyloop.rules import buildout as rule


def raw(**cols) -> pd.DataFrame:
    return pd.DataFrame(cols, dtype=str)


def cashflows(items: dict[str, str]) -> pd.DataFrame:
    n = len(items)
    return raw(
        company_id=["acme"] * n,
        fiscal_year=["FY2025"] * n,
        fiscal_year_start=["2025-01-01"] * n,
        fiscal_year_end=["2025-12-31"] * n,
        item=list(items),
        value_usd_bn=list(items.values()),
    )


def messages(**tables) -> list[str]:
    return [str(p) for p in rule.check(tables, {})]


def test_consistent_cash_flows_pass():
    # 100 - 60 = 40 = free cash flow; capex with leases 70 >= cash capex 60
    cf = cashflows({"operating-cash-flow": "100", "capex-cash": "60", "free-cash-flow": "40",
                    "capex-incl-finance-leases": "70", "net-debt-issued": "-5"})  # fmt: skip
    assert messages(cashflows=cf) == []


def test_free_cash_flow_must_equal_operating_cash_flow_less_capex():
    # 100 - 60 = 40, stated 40.2: off by 0.2, beyond the 0.15 allowed for rounding (40.1 is within it)
    cf = cashflows({"operating-cash-flow": "100", "capex-cash": "60", "free-cash-flow": "40.2"})
    assert messages(cashflows=cf) == [
        "cashflows.csv:4: value_usd_bn: acme FY2025: free cash flow 40.2 but operating cash flow less capex is 40.000"
    ]
    within = cashflows({"operating-cash-flow": "100", "capex-cash": "60", "free-cash-flow": "40.1"})
    assert messages(cashflows=within) == []


def test_outflows_are_positive_and_leases_do_not_shrink_capex():
    cf = cashflows({"capex-cash": "-60", "capex-incl-finance-leases": "-70"})
    neg = "only net-debt-issued and free-cash-flow may be negative (outflows are stored as positive)"
    assert messages(cashflows=cf) == [
        f"cashflows.csv:2: value_usd_bn: capex-cash is -60; {neg}",
        f"cashflows.csv:3: value_usd_bn: capex-incl-finance-leases is -70; {neg}",
        "cashflows.csv:3: value_usd_bn: acme FY2025: capex with finance leases (-70) is below cash capex (-60)",
    ]


def test_funding_parts_add_up_to_their_parent():
    funding = raw(
        component_id=["uses", "capex", "buybacks"],
        parent_id=["", "uses", "uses"],
        split=["", "uses", "uses"],
        amount_usd_bn=["100", "70", "20"],
    )
    # 70 + 20 = 90, not 100: reported on the parent's row
    assert messages(funding_mix=funding) == [
        "funding_mix.csv:2: amount_usd_bn: the uses parts of uses add up to 90, not 100"
    ]


def test_stated_gigawatts_need_a_capacity_basis():
    deals = raw(deal_id=["a", "b", "c"], capacity_gw=["1.5", "", "0"])
    basis = raw(deal_id=["x"])
    assert messages(deals=deals, capacity_basis=basis) == [
        "deals.csv:2: capacity_gw: a states 1.5 GW but capacity_basis.csv gives no tenant or power basis for it"
    ]


def test_a_study_has_one_horizon_year():
    studies = raw(study_id=["s", "s", "t"], horizon_year=["2030", "2028", ""])
    # row 3 of the file (second data row) disagrees with row 2; study t states none, which is allowed
    assert messages(revenue_gap_studies=studies) == [
        "revenue_gap_studies.csv:3: horizon_year: s has horizon_year 2030 on an earlier row; a study has one horizon"
    ]
