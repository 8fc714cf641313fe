"""The telecom sector's build-out totals: glue from hand-built rows, and a span that starts after it ends rejected."""

from __future__ import annotations

import pandas as pd

from moneyloop import dotcom_story as story
from moneyloop.rules import dotcom as rules

ROWS = pd.DataFrame(
    {
        "measure": ["sector-capex-total", "sector-debt", "carrier-capex"],
        "scope": ["Ten carriers", "Ten carriers", "Some carriers"],
        "first_year": [1996, 1996, None],
        "year": [2001, 2001, 2000],
        "value_low_usd_bn": [400.0, 100.0, 90.0],
    }
)


def test_build_up_glue_sums_the_span_and_sets_debt_against_spending():
    g = story.build_up_glue(ROWS)
    assert g["dotcom-tel-total-capex"] == "$400B"
    assert (g["dotcom-tel-total-first"], g["dotcom-tel-total-last"]) == ("1996", "2001")
    assert g["dotcom-tel-debt"] == "$100B"
    assert g["dotcom-tel-debt-per-capex"] == "25%"  # 100 / 400


def test_a_span_that_starts_after_it_ends_is_a_located_error():
    raw = pd.DataFrame(
        {
            "measure": ["sector-debt", "sector-debt"],
            "scope": ["A", "B"],
            "first_year": ["1996", "2003"],
            "year": ["2001", "2001"],
            "value_low_usd_bn": ["1", "1"],
            "value_high_usd_bn": ["1", "1"],
        }
    )
    problems = [str(p) for p in rules.telecom_problems(raw)]
    assert problems == [
        "dotcom_telecom.csv:3: first_year: first year 2003 is after the year 2001 the value runs to"
    ]
