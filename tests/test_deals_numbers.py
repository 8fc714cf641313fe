"""Tests for moneyloop.deals.numbers (key numbers and real-data anchors), on hand-made graphs with answers worked out by hand."""

from __future__ import annotations

import pytest

from deals_fixtures import T
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
