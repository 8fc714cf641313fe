"""Tests for moneyloop.rules.stress: the stress test's inputs, on raw string fixtures."""

from __future__ import annotations

import pandas as pd

from moneyloop.rules import stress


def raw(**cols) -> pd.DataFrame:
    return pd.DataFrame(cols, dtype=str)


def messages(tables) -> list[str]:
    return [str(p) for p in stress.check(tables, {})]


def test_a_schedule_ending_before_it_starts_is_located():
    tables = {"stress_schedules": raw(first_year=["2026", "2030", ""], last_year=["2028", "2027", "2029"])}
    # row 2 (index 1): 2027 < 2030; the blank first_year is left to the schema checks
    assert messages(tables) == ["stress_schedules.csv:3: last_year: ends in 2027, before it starts in 2030"]


def test_unknown_deals_and_companies_are_named():
    tables = {
        "deals": raw(deal_id=["d1", "d2"]),
        "companies": raw(company_id=["acme"]),
        "commitment_schedules": raw(deal_id=["d1", "d9"], first_year=["1", "1"], last_year=["1", "1"]),
        "stress_schedules": raw(
            deal_id=["d2"], first_year=["1"], last_year=["2"], lease_covers=["d1;dx"], price_per_gw_from=[""]
        ),
        "outside_resources": raw(
            company_id=["acme", "nobody"],
            resource=["cash", "undrawn-credit"],
            per=["stock", "year"],  # row 3: undrawn credit is a balance, so 'year' is wrong
            value_low_usd_bn=["1", "2"],
            value_usd_bn=["-1", "3"],
            value_high_usd_bn=["x", "4"],
        ),
    }
    assert messages(tables) == [
        "commitment_schedules.csv:3: deal_id: 'd9' is not a known deal_id in deals",
        "stress_schedules.csv:2: lease_covers: 'dx' is not a known deal_id in deals",
        "outside_resources.csv:3: company_id: 'nobody' is not a known company_id in companies",
        "outside_resources.csv:3: per: undrawn-credit is a balance, so per must be 'stock'",
        "outside_resources.csv:2: value_usd_bn: buffer -1 is negative",
    ]


def test_recovery_rates_outside_0_to_100_percent_are_rejected():
    a = raw(
        assumption_id=["stress-recovery-gpu", "other-rate"],
        value_low=["-5", "-5"],
        value=["40", "500"],
        value_high=["101", "500"],
    )
    # only the recovery row is checked: -5 and 101 fail, 40 passes
    assert messages({"assumptions": a}) == [
        "assumptions.csv:2: value_low: recovery -5% is outside 0-100%",
        "assumptions.csv:2: value_high: recovery 101% is outside 0-100%",
    ]


def test_missing_tables_give_no_problems():
    assert messages({}) == []
