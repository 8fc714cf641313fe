"""Chapter roles: look-ups by role on hand-built tables, and the validator rule on a role that resolves to nothing."""

from __future__ import annotations

import pandas as pd
import pytest

from moneyloop import concentration as conc
from moneyloop import roles
from moneyloop.rules import dotcom as rules

ROLES = pd.DataFrame(
    {
        "role": ["seed-a", "weights-x", "seed-day"],
        "chapter": ["dotcom", "concentration", "concentration"],
        "table": ["claims", "index_weights", "market_values"],
        "key": ["C2", "sp-x", "acme/2025-01-02/close"],
    }
)
CLAIMS = pd.DataFrame({"claim_id": ["C1", "C2"], "seed_value": [5.0, 25.0]})
MV = pd.DataFrame(
    {
        "company_id": ["acme", "acme"],
        "date": pd.to_datetime(["2025-01-02", "2025-01-03"]),
        "date_precision": ["day", "day"],
        "market_value_usd_bn": [10.0, 11.0],
        "kind": ["market-cap", "market-cap"],
        "price_basis": ["close", "close"],
        "sources": ["X2025a", "X2025a"],
    }
)
CC = pd.DataFrame(
    {
        "provider": ["P", "Q", "Q"],
        "date": pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01"]),
        "value_pct": [20.0, 30.0, 31.5],
        "qualifier": ["exact", "about", "above"],
        "role": ["peak", "annual", "annual"],
    }
)


def test_claim_snapshot_and_market_value_by_role():
    assert roles.claim(ROLES, CLAIMS, "seed-a")["seed_value"] == 25.0  # C2, not C1
    assert roles.snapshot(ROLES, "weights-x") == "sp-x"
    assert roles.market_value(ROLES, MV, "seed-day")["market_value_usd_bn"] == 10.0  # 2 January, not 3
    with pytest.raises(KeyError):
        roles.key(ROLES, "no-such-role")


def test_context_figure_by_role():
    ctx = pd.DataFrame({"figure_id": ["assets-q2", "assets-q3"], "value": [45.8, 47.0]})
    r = pd.DataFrame({"role": ["assets"], "table": ["context_figures"], "key": ["assets-q3"]})
    assert roles.figure(r, ctx, "assets")["value"] == 47.0  # the q3 row the role names, not q2


def test_readings_by_role_are_labelled_and_one_reading_must_be_unique():
    assert roles.reading(CC, "peak")["label"] == "20%"
    annual = roles.readings(CC, "annual")
    assert list(annual["label"]) == ["about 30%", "more than 31.5%"]  # oldest first, qualifier in words
    with pytest.raises(KeyError):
        roles.reading(CC, "annual")  # two rows share the role


def test_gdp_cross_section_takes_the_latest_edition_and_its_widest_year():
    gdp = pd.DataFrame(
        {
            "edition": ["wdi-2025-07", "wdi-2026-03", "wdi-2026-03", "wdi-2026-03", "weo-2025-04"],
            "year": [2022, 2000, 2023, 2023, 2025],
            "estimate": ["actual", "actual", "actual", "actual", "projection"],
        }
    )
    # the 2026-03 edition is later than 2025-07; within it 2023 has two economies against one for 2000
    assert conc.gdp_cross_section(gdp, "actual") == ("wdi-2026-03", 2023)
    assert conc.gdp_cross_section(gdp, "projection") == ("weo-2025-04", 2025)


def test_month_list_writes_a_shared_year_once():
    assert (
        conc.month_list(pd.to_datetime(["2025-11-03", "2025-10-20", "2025-11-10"]))
        == "October and November 2025"
    )
    assert conc.month_list(pd.to_datetime(["2024-12-31", "2025-01-02"])) == "December 2024 and January 2025"
    assert conc.month_list(pd.to_datetime(["2023-07-01"])) == "July 2023"


def test_a_role_that_resolves_to_no_row_is_a_located_error():
    tables = {
        "chapter_roles": pd.DataFrame(
            {
                "role": ["ok", "gone", "bad-key"],
                "table": ["claims", "claims", "market_values"],
                "key": ["C1", "C9", "acme/2025-01-02"],
            }
        ),
        "claims": pd.DataFrame({"claim_id": ["C1"]}),
        "market_values": pd.DataFrame(
            {"company_id": ["acme"], "date": ["2025-01-02"], "price_basis": ["close"]}
        ),
    }
    problems = [str(p) for p in rules.role_problems(tables)]
    assert problems == [
        "chapter_roles.csv:3: key: 'C9' matches no row of claims.csv",
        "chapter_roles.csv:4: key: 'acme/2025-01-02' matches no row of market_values.csv",
    ]
