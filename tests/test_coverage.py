"""Every row of the July 2026 update sheet is in the data or left out with a reason the validator checks."""

from __future__ import annotations

import pandas as pd
import pytest

from anchors import SHEET_ROWS, row, shipped
from conftest import edit_cell, read_rows
from moneyloop import coverage, datasets


def located(data_dir, row: int, field: str) -> list[str]:
    prefix = f"update_coverage.csv:{row}: {field}:"
    return [str(p) for p in datasets.validate(data_dir) if str(p).startswith(prefix)]


def row_of(path, item_id: str) -> int:
    _, rows = read_rows(path)
    return next(i for i, r in enumerate(rows) if r["item_id"] == item_id)


# --- the shipped table --------------------------------------------------------------------


def test_every_sheet_row_is_accounted_for():
    # Counted by hand in facts-2026-update.md (anchors.SHEET_ROWS): 36 rows in the deals table (section 1),
    # 56 in the figures table (section 2), and 4 "status checks with nothing new found": 96 in all.
    c = coverage.counts(datasets.load("update_coverage"))
    assert {s: c[f"rows-{s}"] for s in SHEET_ROWS} == SHEET_ROWS
    assert c["rows-fully"] + c["rows-partly"] + c["rows-not-at-all"] == 96


def test_deal_rows_keep_the_sheets_ids():
    cov = datasets.load("update_coverage")
    deals = set(cov.loc[cov["section"] == "deals", "sheet_row"])
    for sheet_id in ("spacex-xai-merger", "nvda-openai-loi-end", "openai-s1", "anthropic-s1", "sb-neo"):
        assert sheet_id in deals


def test_the_two_ipo_filings_are_handled_differently():
    # anchors: OpenAI's filing matters to Amazon's conditional tranche, so it is an event on it;
    # Anthropic's filing has no counterparty and no deal that depends on it.
    assert (shipped("openai-s1-outcome"), shipped("anthropic-s1-outcome")) == ("in-data", "excluded")
    assert shipped("anthropic-s1-reason") == "no-counterparty"
    refs = row("update_coverage", "openai-s1")["data_refs"]
    assert refs.startswith("deal_events:amzn-openai-50b-conditional/2026-05-22")


def test_low_grade_exclusions_cite_only_low_grade_sources():
    cov = datasets.load("update_coverage")
    src = datasets.sources()
    low = cov[cov["reason"] == "low-grade-only"]
    assert set(low["item_id"]) >= {
        "nebius-cloud-day",
        "hyperscaler-bonds",
        "oracle-openai-share",
        "deepseek-v4-cost-leak",
    }
    for cell in low["sources"]:
        assert {src[k].grade for k in cell.split(";")} == {"L"}


def test_sheet_rows_summary_on_a_small_frame():
    frame = pd.DataFrame(
        {
            "section": ["deals", "deals", "deals", "figures"],
            "sheet_row": ["a", "a", "b", "c"],
            "outcome": ["in-data", "excluded", "excluded", "in-data"],
            "reason": [None, "forecast", "no-figure", None],
        }
    )
    rows = coverage.sheet_rows(frame).set_index("sheet_row")["in_data"].to_dict()
    assert rows == {"a": "partly", "b": "not at all", "c": "fully"}
    c = coverage.counts(frame)
    assert (c["rows"], c["rows-fully"], c["rows-partly"], c["rows-not-at-all"]) == (3, 1, 1, 1)
    assert (c["items-excluded"], c["reason-forecast"], c["reason-no-figure"]) == (2, 1, 1)


def test_split_refs_reads_multi_part_keys():
    assert coverage.split_refs("financials:openai/cash/2026-03-31;deals:x") == [
        ("financials", ("openai", "cash", "2026-03-31")),
        ("deals", ("x",)),
    ]
    assert coverage.split_refs("") == []


# --- broken copies ------------------------------------------------------------------------


def test_reference_to_a_missing_row_is_reported(data_copy):
    path = data_copy / "update_coverage.csv"
    row = edit_cell(path, row_of(path, "crwv-meta-21b"), "data_refs", "deals:crwv-meta-99b")
    msgs = located(data_copy, row, "data_refs")
    assert msgs and "no row of deals.csv has deal_id='crwv-meta-99b'" in msgs[0]


def test_renaming_a_deal_breaks_the_reference_to_it(data_copy):
    deals = data_copy / "deals.csv"
    _, rows = read_rows(deals)
    i = next(i for i, r in enumerate(rows) if r["deal_id"] == "spacex-cursor")
    edit_cell(deals, i, "deal_id", "spacex-cursor-renamed")
    path = data_copy / "update_coverage.csv"
    assert located(data_copy, row_of(path, "spacex-cursor") + 2, "data_refs")


def test_reference_to_an_unknown_table_or_too_long_a_key(data_copy):
    path = data_copy / "update_coverage.csv"
    row = edit_cell(path, row_of(path, "oracle-debt"), "data_refs", "ledger:C001;deals:a/b")
    msgs = " | ".join(located(data_copy, row, "data_refs"))
    assert "no table 'ledger'" in msgs
    assert "deals has a key of 1 part(s) (deal_id)" in msgs


@pytest.mark.parametrize(
    "item_id, field, value, reported_field, expected",
    [
        ("anthropic-s1", "reason", "", "reason", "needs a reason"),
        ("anthropic-s1", "note", "", "note", "needs a note"),
        ("oracle-debt", "data_refs", "", "data_refs", "must name the rows"),
        ("oracle-debt", "reason", "forecast", "reason", "only excluded items"),
        ("anthropic-s1", "data_refs", "deals:spacex-cursor", "data_refs", "cannot name data rows"),
        (
            "nebius-cloud-day",
            "sources",
            "CryptoMarketImpact2026nebius;ReturnLab2026coreweave",
            "reason",
            "graded above L",
        ),
    ],
)
def test_outcome_reason_and_grades_must_agree(data_copy, item_id, field, value, reported_field, expected):
    path = data_copy / "update_coverage.csv"
    row = edit_cell(path, row_of(path, item_id), field, value)
    assert any(expected in m for m in located(data_copy, row, reported_field))


def test_l_only_exemption_is_limited_to_recorded_rejections(data_copy):
    path = data_copy / "update_coverage.csv"
    row = edit_cell(path, row_of(path, "oracle-headcount"), "sources", "Omega2026oracle")  # graded L
    assert any("low-grade" in m for m in located(data_copy, row, "sources"))
