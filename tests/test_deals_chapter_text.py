"""Alt texts and dated phrases of the deal-loop chapter, on hand-built frames."""

from __future__ import annotations

import pandas as pd

from moneyloop.deals import chapter_text as dx
from moneyloop.deals.charts import TIMELINE_SERIES

D = pd.Timestamp


def test_months_and_years_are_distinct_and_ordered():
    dates = [D("2026-03-31"), D("2025-09-22"), D("2025-09-30")]
    assert dx.months(dates) == "September 2025 and March 2026"
    assert dx.years(dates) == "2025 and 2026"
    assert dx.years([D("2026-01-01")]) == "2026"


def test_timeline_alt_reads_span_largest_step_ends_and_markers():
    h, b = TIMELINE_SERIES
    long = pd.DataFrame(
        {
            "date": [D("2023-01-10"), D("2025-09-22"), D("2026-06-30")] * 2,
            "series": [h] * 3 + [b] * 3,
            # headline steps: +100 (Sep 2025), +20 (Jun 2026), so the largest is Sep 2025; ends 10+100+20 = 130
            "usd_bn": [10.0, 110.0, 130.0, 10.0, 10.0, 40.0],
        }
    )
    marks = pd.DataFrame(
        {"date": [D("2026-02-27"), D("2025-09-22")], "label": ["$100B replaced", "$100B letter"]}
    )
    text = dx.timeline_alt(long, marks)
    assert "from January 2023 to June 2026" in text
    assert "largest step in September 2025 and ends at $130B, above the binding line's $40B" in text
    assert "markers in September 2025 and February 2026" in text
    assert text.endswith("$100B replaced and $100B letter.")


def test_commitments_alt_finds_peak_leader_and_first_year_revenue_falls_short():
    frame = pd.DataFrame(
        {
            "year": [2025, 2025, 2026, 2026, 2027, 2024, 2025, 2026],
            "series": ["M", "O", "M", "O", "O", "rev", "rev", "rev"],
            "kind": ["commitment"] * 5 + ["revenue"] * 3,
            # bars: 2025 = 10 + 2 = 12, 2026 = 10 + 30 = 40, 2027 = 60 (peak); O totals 92, M 20;
            # O is the larger payee from 2026; revenue 15 > 12 in 2025, 20 < 40 in 2026
            "usd_bn": [10.0, 2.0, 10.0, 30.0, 60.0, 5.0, 15.0, 20.0],
        }
    )
    assert dx.commitments_alt(frame) == (
        "Stacked bars by year from 2025 to 2027, peaking at $60B in 2027; O is the largest payee in 2026 to 2027 "
        "and M the next largest over all years. Revenue markers for 2024 to 2026 sit below the bars from 2026 on."
    )


def test_market_alt_names_leaders_and_later_falls():
    frame = pd.DataFrame(
        {
            "event_id": ["e1", "e2", "e3", "e4"],
            "date": [D("2025-09-10"), D("2025-10-06"), D("2026-03-01"), D("2026-06-26")],
            "move_pct": [36.0, 24.0, -5.0, -19.0],
            "kind": [
                "on a deal announcement and results day",
                "on a deal announcement",
                "other news",
                "other news",
            ],
        }
    )
    events = pd.DataFrame({"event_id": ["e1", "e2", "e3", "e4"], "company_id": ["o", "a", "n", "o"]})
    companies = pd.DataFrame({"company_id": ["o", "a", "n"], "name": ["Oracle", "AMD (chips)", "NVIDIA"]})
    assert dx.market_alt(frame, events, companies) == (
        "Horizontal bars in date order: gains on deal days in September 2025 and October 2025, led by "
        "Oracle (+36%, on an earnings day) and AMD (+24%), followed by falls in 2026 for NVIDIA and Oracle."
    )


def test_funding_subtitle_counts_recipients_once():
    frame = pd.DataFrame(
        {"company_id": ["a", "a", "b"], "source": ["investors", "members of the graph", "investors"]}
    )
    assert "for the two largest recipients" in dx.funding_subtitle(frame)


def test_first_run_stops_at_the_first_gap():
    top = pd.Series(["C", "O", "O", "O", "M", "O"], index=[2025, 2026, 2027, 2028, 2029, 2030])
    assert dx._first_run(top, "O") == "2026 to 2028"  # 2030 is a second run, not counted
    assert dx._first_run(top, "M") == "2029"


def test_secondary_only_deals_are_named_largest_first():
    import pandas as pd

    deals = pd.DataFrame(
        {
            "deal_id": ["a", "b", "c"],
            "payer": ["lab", "cloud", "lab"],
            "payee": ["cloud", "chips", "chips"],
            "amount_usd_bn": [5.0, None, 40.0],
            "amount_high_usd_bn": [None, 20.0, None],
        }
    )
    companies = pd.DataFrame(
        {"company_id": ["lab", "cloud", "chips"], "name": ["Lab Inc.", "Cloud", "Chips"]}
    )
    kf = pd.DataFrame(
        {"ref": ["deals:a", "deals:b", "deals:c", "claims:C1"], "status": ["primary", "no-primary-found"] * 2}
    )
    # b (up to 20) rests on secondary reports only; a and c are primary; claims rows are not deals
    out = dx.secondary_only_numbers(deals, companies, kf)
    assert out == {"n-secondary": "1", "secondary-list": "Cloud → Chips ($20B)"}
