"""Tests for moneyloop.deals.numbers (key numbers and real-data anchors), on hand-made graphs with answers worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from deals_fixtures import COMPANIES, DEALS, FIN, T
from moneyloop import deals as dl


@pytest.fixture(scope="module")
def real():
    from moneyloop import datasets

    return {
        n: datasets.load(n)
        for n in (
            "deals",
            "companies",
            "deal_events",
            "financials",
            "market_events",
            "commitment_schedules",
            "flow_exclusions",
        )
    }


def test_real_triangle_headline_and_binding(real):
    ex = dl.exclusions(real["flow_exclusions"])
    head = dl.find_cycles(dl.pair_flows(dl.build_graph(real["deals"], real["companies"], "headline", ex)))
    # standing deals: OpenAI -> Oracle 300, Oracle -> NVIDIA 40, NVIDIA -> OpenAI 30 (the stake; the lease
    # has no reported value): min = 30
    assert dl.cycle_through(head, ["openai", "oracle", "nvidia"])["bottleneck_usd_bn"] == 30
    # as announced, the 100 bn letter of intent counts too (130), so Oracle's 40 bn chip order is narrowest
    ann = dl.find_cycles(dl.pair_flows(dl.build_graph(real["deals"], real["companies"], "announced", ex)))
    assert dl.cycle_through(ann, ["openai", "oracle", "nvidia"])["bottleneck_usd_bn"] == 40
    binding = dl.find_cycles(dl.pair_flows(dl.build_graph(real["deals"], real["companies"], "binding", ex)))
    with pytest.raises(KeyError):
        dl.cycle_through(binding, ["openai", "oracle", "nvidia"])


def test_real_oracle_backlog(real):
    # the stress test's real-data checks are in test_contagion.py
    b = dl.backlog_share(real["deals"], real["financials"]).set_index("date")
    assert b.loc[T("2026-05-31"), "share"] == pytest.approx(300 / 638)


def test_real_market_moves_named_in_the_issue(real):
    ev = real["market_events"].set_index("event_id")
    assert ev.loc["orcl-2025-09-10-rpo", "close_change_pct"] == 35.95
    assert ev.loc["orcl-2025-09-10-rpo", "intraday_change_pct"] == 43
    assert ev.loc["orcl-2025-09-10-rpo", "market_value_change_usd_bn"] == 244
    assert ev.loc["nvda-2025-09-22-openai-loi", "close_change_pct"] == 3.97
    assert ev.loc["nvda-2025-09-22-openai-loi", "market_value_after_usd_bn"] == 4460


def _triangle_tables() -> dict[str, pd.DataFrame]:
    """The fixture graph with its parties renamed to the triangle key_numbers follows, and the tables it reads."""
    ids = {"lab": "openai", "cloud": "oracle", "chips": "nvidia"}
    deals = DEALS.replace({"payer": ids, "payee": ids}).assign(
        group_id=DEALS["deal_id"], service_start=pd.NaT, superseded_by=None, capacity_gw=float("nan")
    )
    deals.loc[deals["deal_id"] == "d3", "superseded_by"] = "d4"
    companies = COMPANIES.replace({"company_id": ids})
    fin = FIN.replace({"company_id": ids})
    empty = {
        "deal_layers": pd.DataFrame(columns=["deal_id", "parent_deal_id", "relation"]),
        "deal_conditions": pd.DataFrame(columns=["deal_id", "condition"]),
        "flow_exclusions": pd.DataFrame(columns=["deal_id", "reason"]),
    }
    cashflows = pd.DataFrame(
        {
            "company_id": ["oracle"],
            "fiscal_year": ["FY2025"],
            "fiscal_year_start": pd.to_datetime(["2025-01-01"]),
            "fiscal_year_end": pd.to_datetime(["2025-12-31"]),
            "item": ["operating-cash-flow"],
            "value_usd_bn": [20.0],
            "sources": ["Test2026key"],
        }
    )
    t = {
        "deals": dl.annotate(deals, empty["deal_layers"], empty["deal_conditions"], empty["flow_exclusions"]),
        "companies": companies,
        "financials": fin,
        "commitment_schedules": pd.DataFrame(
            {"deal_id": ["d1"], "first_year": [2027], "last_year": [2031], "profile": ["flat"]}
        ),
        "cashflows": cashflows,
        **empty,
    }
    return t


def test_key_numbers_on_a_hand_made_triangle():
    k = dl.key_numbers(_triangle_tables())
    head, bind = k["aggregates"]["headline"], k["aggregates"]["binding"]
    # capital: d4 30 + d5 40 + d6 18 + d7 2 (the superseded d3 is history) = 90
    assert head["capital_usd_bn"] == 90
    # commitments: d1 300 + d2 40 = 340; binding only the definitive d1
    assert head["commitments_usd_bn"] == 340 and bind["commitments_usd_bn"] == 300
    # only d1 has a term: 300 over 2027-2031 = 60 a year
    assert head["commitments_annual_usd_bn"] == 60
    # the triangle carries at most NVIDIA's 30 bn stake; as announced the 100 bn letter counts, so 40 binds
    assert k["triangle"]["headline"]["bottleneck_usd_bn"] == 30
    assert k["triangle"]["announced"]["bottleneck_usd_bn"] == 40
    pf = k["purchase_funding"]["headline"].set_index("payer")
    # OpenAI buys 300 from Oracle, whose only capital in OpenAI is the 2 bn warrant: 2 / 300
    assert pf.loc["openai", "counterparty_share"] == pytest.approx(2 / 300)
    # Oracle's 40 bn chip order has no term, so no annual rate to set against its 20 bn operating cash flow
    assert pf.loc["oracle", "ocf_usd_bn"] == 20 and math.isnan(pf.loc["oracle", "annual_share_of_ocf"])
    assert k["revenue_base"] == {"year": 2025, "usd_bn": 13.0}
