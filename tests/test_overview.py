"""Tests for moneyloop.overview: the named numbers of the intro and the evidence chapter, on hand-built fixtures."""

from __future__ import annotations

import pandas as pd
import pytest

from moneyloop import bib, overview, scorecard
from test_scorecard import definitions, values


@pytest.fixture(scope="module")
def sc() -> dict:
    # test_scorecard's five indicators: A and E read for, B neutral, C against, D unknown; E beyond 2000
    return scorecard.summary(definitions(), values(), shifts=(-0.5, 0.0, 0.5))


def test_scorecard_numbers_are_the_verdicts_counts_and_lean(sc):
    assert overview.scorecard_numbers(sc, "p") == {
        "p-total": "5",
        "p-known": "4",
        "p-for": "2",
        "p-against": "1",
        "p-neutral": "1",
        "p-unknown": "1",
        "p-beyond": "1",
        "p-lean": "leans toward a bubble",  # 2 for > 1 against
    }


def test_the_intro_and_the_evidence_chapter_state_the_same_counts(sc):
    intro = overview.scorecard_numbers(sc, "intro-ev")
    chapter = overview.evidence_numbers(sc, "ev")
    for name, text in intro.items():
        assert chapter[name.replace("intro-ev", "ev")] == text, name


def test_dimensions_net_their_readings(sc):
    # one indicator per dimension: valuation (A, for), concentration (E, for), funding (C, against),
    # credit (B, neutral: net 0 with one known, so mixed), scale (D, unknown)
    assert overview.dimension_numbers(sc, "p") == {
        "p-dims-for": "valuation and concentration",
        "p-dims-against": "funding",
        "p-dims-open": "credit and scale",
    }


def test_evidence_numbers_list_readings_and_the_lean_under_shifted_thresholds(sc):
    n = overview.evidence_numbers(sc)
    assert (n["ev-for-list"], n["ev-neutral-list"], n["ev-against-list"], n["ev-unknown-list"]) == (
        "A and E",
        "B",
        "C",
        "D",
    )
    assert n["ev-key-list"] == "A (points to a bubble) and E (points to a bubble)"
    # test_scorecard.test_sensitivity_by_hand: -0.5 gives 3 for, 1 against; +0.5 gives 1 for, 2 against
    assert (n["ev-shift"], n["ev-loose-for"], n["ev-loose-against"]) == ("50%", "3", "1")
    assert (n["ev-strict-for"], n["ev-strict-against"]) == ("1", "2")
    assert (n["ev-loose-lean"], n["ev-strict-lean"]) == ("leans toward a bubble", "leans against a bubble")
    assert n["ev-lean-holds"] == "changes within the range the table covers"


def test_sensitivity_table_has_the_shift_as_text(sc):
    t = overview.sensitivity_table(sc)
    assert list(t.columns) == ["Shift", "For", "Neutral", "Against", "Unknown", "Lean"]
    assert list(t["Shift"]) == ["\u221250%", "0%", "50%"]  # a true minus sign


def test_key_figure_numbers_count_only_key_findings():
    kf = pd.DataFrame({"why": ["key-finding", "key-finding", "key-finding", "other"],
                       "status": ["primary", "secondary-only", "primary", "primary"]})  # fmt: skip
    # 2 of the 3 key-finding rows are primary: 67%
    assert overview.key_figure_numbers(kf, "p") == {"p-kf-primary-share": "67%", "p-kf-key-findings": "3"}


def test_source_numbers_count_verdicts_and_grades():
    claims = pd.DataFrame({"verdict": pd.Categorical(["confirmed", "confirmed", "outdated"],
                                                     categories=["confirmed", "differs", "outdated"])})  # fmt: skip
    src = {
        k: bib.Source(k, "A", "T", "2025", "", "", "", g, "") for k, g in (("a", "P"), ("b", "S"), ("c", "S"))
    }
    assert overview.source_numbers(claims, src, "p") == {
        "p-claims": "3",
        "p-sources": "3",
        "p-verdict-confirmed": "2",
        "p-verdict-differs": "0",  # every verdict is listed, even when none has it
        "p-verdict-outdated": "1",
        "p-grade-P": "1",
        "p-grade-W": "0",
        "p-grade-S": "2",
        "p-grade-L": "0",
    }


def test_source_keys_are_split_merged_and_sorted(sc):
    scored = pd.DataFrame({"source_keys": ["b;a", "", "c;a"]})
    defs = pd.DataFrame({"sources": ["d", None]})
    assert overview.scorecard_source_keys({"scored": scored}) == ["a", "b", "c"]
    assert overview.scorecard_source_keys({"scored": scored}, defs) == ["a", "b", "c", "d"]


def test_methods_numbers_read_the_parameters_the_code_applies(monkeypatch):
    from moneyloop import cashflow
    from moneyloop.rules import evidence as evidence_rules

    monkeypatch.setattr(evidence_rules, "LARGE_DEAL_USD_BN", 25.0)
    monkeypatch.setattr(evidence_rules, "CONFIRM_TOLERANCE", 0.05)
    monkeypatch.setattr(cashflow, "HYPERSCALERS", ("a", "b"))
    n = overview.methods_numbers()
    assert (n["methods-large-deal"], n["methods-confirm-tolerance"], n["methods-builders"]) == (
        "$25B",
        "5%",
        "two",
    )
    # five seed keys; vendor financing looks at the first three years unless told otherwise
    assert (n["methods-seeds"], n["methods-first-years"]) == ("five", "three")


def test_claims_page_sections_have_distinct_captions_and_cover_every_claim():
    page = overview.claims_page()
    captions = [c for _, c in page["sections"].values()]
    assert (
        len(set(captions)) == len(captions) == 6
    )  # distinct labels: no two tables share a screen-reader name
    n = sum(len(t) for t, _ in page["sections"].values())
    assert str(n) == page["numbers"]["claims-n"]  # every claim sits in exactly one verdict section
    assert page["numbers"]["claims-seed-codes"] == "S000 to S004"  # five seeds, coded from zero
