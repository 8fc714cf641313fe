"""Tests for moneyloop.rules.deals: replacements, financing layers and conditions, on raw string fixtures."""

from __future__ import annotations

import pandas as pd

from moneyloop.rules import deals as rule


def raw(**cols) -> pd.DataFrame:
    return pd.DataFrame(cols, dtype=str)


DEALS = raw(
    deal_id=["a", "b", "c", "d"],
    status=["superseded", "superseded", "funded", "superseded"],
    superseded_by=["c", "", "", "d"],
    amount_usd_bn=["10", "", "", "5"],
    amount_high_usd_bn=["", "40", "", ""],
    amount_low_usd_bn=["", "", "", ""],
)


def messages(**tables) -> list[str]:
    return [str(p) for p in rule.check({"deals": DEALS, **tables}, {})]


def test_replacements_are_named_resolved_and_not_the_deal_itself():
    assert messages() == [
        "deals.csv:3: superseded_by: a superseded deal must name its replacement",  # b
        "deals.csv:5: superseded_by: a deal cannot replace itself",  # d
    ]
    gone = DEALS.assign(superseded_by=["zz", "c", "", "a"])
    assert [str(p) for p in rule.check({"deals": gone}, {})] == [
        "deals.csv:2: superseded_by: replacement 'zz' is not a deal_id"
    ]


def test_layers_resolve_do_not_cycle_and_fit_inside_their_parent():
    layers = raw(
        deal_id=["a", "b", "c", "x"],
        parent_deal_id=["b", "a", "d", "a"],
        relation=["inside", "inside", "inside", "beside"],
    )
    # a -> b -> a is a cycle, reported on both rows; c (no amount) inside d is not compared;
    # x is not a deal
    assert messages(deal_layers=layers)[2:] == [
        "deal_layers.csv:2: parent_deal_id: layer links from 'a' form a cycle",
        "deal_layers.csv:3: parent_deal_id: layer links from 'b' form a cycle",
        "deal_layers.csv:5: deal_id: 'x' is not a deal_id in deals.csv",
    ]
    bigger = raw(deal_id=["b"], parent_deal_id=["a"], relation=["inside"])
    # b's headline is its 40 bn ceiling, larger than a's stated 10 bn
    assert messages(deal_layers=bigger)[2:] == [
        "deal_layers.csv:2: parent_deal_id: 'b' (40 bn) sits inside 'a' but is larger (10 bn)"
    ]


def test_conditions_name_existing_deals():
    assert messages(deal_conditions=raw(deal_id=["a", "nope", ""]))[2:] == [
        "deal_conditions.csv:3: deal_id: 'nope' is not a deal_id in deals.csv"
    ]


def test_no_deals_table_is_no_problem():
    assert rule.check({}, {}) == []
