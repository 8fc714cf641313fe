"""Tests for the deal-loop chapter's section functions (moneyloop.deals.chapter, chapter_tables), by hand."""

from __future__ import annotations

import math

import pandas as pd

from moneyloop.deals import chapter as dc
from moneyloop.deals import chapter_tables as dt


def _rows(rows):
    cols = [
        "deal_id",
        "group_id",
        "payer",
        "payee",
        "flow_type",
        "amount_usd_bn",
        "status",
        "superseded_by",
        "announced",
    ]
    d = pd.DataFrame(rows, columns=cols)
    d["announced"] = pd.to_datetime(d["announced"])
    d["amount_usd_bn"] = d["amount_usd_bn"].astype(float)
    return d


DEALS = _rows(
    [
        ("old", "old", "banks", "site", "debt", 22, "superseded", "new", "2025-08-20"),
        ("new", "g", "banks2", "site", "debt", 23.25, "reported", None, "2025-10-23"),
        ("new-wi", "g", "banks2", "site2", "debt", 14.75, "reported", None, "2025-10-23"),
        ("new-lease", "g", "cloud", "site", "capacity-commitment", None, "reported", None, "2025-10-23"),
        ("b1", "b1", "bonds", "cloud", "debt", 18, "funded", None, "2025-09-01"),
        ("b2", "b2", "bonds", "cloud", "debt", 30, "funded", None, "2026-03-10"),
        ("b3", "b3", "bonds", "cloud", "debt", 20, "funded", None, "2026-06-10"),
        ("b4", "b4", "bonds", "cloud", "debt", 99, "terminated", None, "2026-06-20"),
        ("recap", "recap", "m", "lab", "equity-investment", 135, "definitive", None, "2025-10-28"),
    ]
)


def test_replaced_debt_sums_the_replacement_package():
    # the superseded 22 bn loan was replaced by group g, whose debt rows are 23.25 + 14.75 = 38
    assert dc.replaced_debt(DEALS) == (22.0, 38.0)


def test_debt_by_year_counts_standing_debt_to_the_company():
    y = dc.debt_by_year(DEALS, "cloud")
    assert y.to_dict() == {2025: 18.0, 2026: 50.0}  # 30 + 20; the terminated 99 is left out


def test_reason_amount_reads_the_excluded_row():
    ex = pd.DataFrame({"deal_id": ["recap"], "reason": ["stake-value"]})
    assert dc.reason_amount(DEALS, ex, "stake-value") == 135


VENDOR = {
    "headline": pd.DataFrame(
        {
            "supplier": ["s"],
            "customer": ["c"],
            "capital_usd_bn": [8.0],
            "purchases_usd_bn": [38.0],
            "financing_share": [8 / 38],
            "first_years_share": [0.5],
        }
    ),
    "binding": pd.DataFrame(
        columns=[
            "supplier",
            "customer",
            "capital_usd_bn",
            "purchases_usd_bn",
            "financing_share",
            "first_years_share",
        ]
    ),
}


def test_vendor_numbers_headline_and_missing_binding_pair():
    n = dc.vendor_numbers(VENDOR)
    assert n["vf-s-c"] == "21%"  # 8 / 38 = 0.2105
    assert n["vf-s-c-first"] == "50%"
    assert n["vf-s-c-binding-capital"] == "none"
    assert n["vf-s-c-binding-purchases"] == "no binding value"
    assert n["vf-s-c-binding"] == "–"


def test_purchase_numbers_only_give_a_year_where_the_data_hold_cash_flow():
    split = pd.DataFrame(
        {
            "payer": ["a", "b"],
            "counterparty_share": [0.6, 0.0],
            "elsewhere_usd_bn": [60.0, 30.0],
            "annual_share_of_ocf": [0.1, math.nan],
            "ocf_year": [2025.0, math.nan],
        }
    )
    n = dc.purchase_numbers({"headline": split, "binding": split})
    assert n["pf-a-share"] == "60%" and n["pf-a-ocf-share"] == "10%" and n["pf-a-ocf-year"] == "2025"
    assert n["pf-b-ocf-share-binding"] == "–" and "pf-b-ocf-year" not in n


def test_loops_and_vendor_tables_name_undisclosed_amounts():
    cyc = pd.DataFrame(
        {"cycle": ["a → b → a"], "length": [2], "bottleneck_usd_bn": [math.nan], "undisclosed_edges": [1]}
    )
    assert dt.loops_table(cyc).iloc[0]["Most that can go round"] == "undisclosed edge"
    v = dict(VENDOR)
    v["headline"] = v["headline"].assign(supplier_name="S", customer_name="C")
    head, bind = dt.vendor_table(v).iloc[0], dt.vendor_table(v, "binding").iloc[0]
    assert head["Capital"] == "$8B" and bind["Capital"] == "not disclosed"
    assert list(bind.index) == list(head.index)  # same six columns in both views


def test_ocf_table_puts_payers_with_cash_flow_first():
    split = pd.DataFrame(
        {
            "payer_name": ["Lab", "Hyper"],
            "purchases_usd_bn": [700.0, 40.0],
            "counterparty_usd_bn": [60.0, 0.0],
            "counterparty_share": [60 / 700, 0.0],
            "annual_usd_bn": [120.0, 5.0],
            "ocf_usd_bn": [math.nan, 136.0],
            "ocf_year": [math.nan, 2025.0],
            "annual_share_of_ocf": [math.nan, 5 / 136],
        }
    )
    t = dt.ocf_table(split)
    assert list(t["Payer"]) == ["Hyper", "Lab"]
    assert t.iloc[0]["Cash flow (year)"] == "$136B (2025)"
    assert t.iloc[0]["A year / cash flow"] == "4%"  # 5 / 136 = 3.7%
    assert t.iloc[1]["Cash flow (year)"] == "not in the data"


def test_loi_numbers_count_the_seeds_that_cite_the_replaced_headline():
    deals = pd.DataFrame(
        {
            "deal_id": ["loi", "stake"],
            "status": ["superseded", "funded"],
            "amount_kind": ["up-to", "stated"],
            "amount_usd_bn": [math.nan, 30.0],
            "amount_high_usd_bn": [100.0, math.nan],
            "amount_low_usd_bn": [0.0, math.nan],
            "superseded_by": ["stake", None],
            "announced": pd.to_datetime(["2025-09-22", "2026-02-27"]),
            "seeds": ["S1; S2;Other", None],
        }
    )
    events = pd.DataFrame(
        {
            "deal_id": ["loi", "loi", "stake"],
            "status": ["loi", "superseded", "funded"],
            "date": pd.to_datetime(["2026-01-30", "2026-02-27", "2026-03-31"]),
        }
    )
    n = dc.loi_numbers({"deals": deals, "deal_events": events}, ("S1", "S2", "S3"))
    # seeds citing the letter: S1 and S2 of the three seed keys ("Other" is not a seed); stake 30 / 100 = 30%
    assert (n["loi-seeds"], n["n-seeds"]) == ("two", "three")
    assert n["stake-share-of-loi"] == "30%" and n["loi-stalled"] == "30 January 2026"


def test_span_years_of_a_period():
    row = pd.Series({"period_start": "2025-11-01", "period_end": "2033-10-31"})
    # 2025-11-01 to 2033-10-31 is 2,921 days; / 365.25 = 7.997 years
    assert round(dc._span_years(row)) == 8
