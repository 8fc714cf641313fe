"""Tests for the build-out chapter's exhibits (moneyloop.buildout_exhibits), on hand-built tables."""

from __future__ import annotations

import pandas as pd

from moneyloop import buildout_exhibits as bx


def test_lender_table_writes_dates_as_precisely_as_known():
    deals = pd.DataFrame(
        {
            "deal_id": ["d1", "d2", "d3"],
            "announced": pd.to_datetime(["2025-01-01", "2025-09-24", "2026-03-10"]),
            "date_precision": ["year", "month", "day"],
            "payee": ["vehicle-a", "vehicle-b", "vehicle-c"],
            "flow_type": ["debt"] * 3,
            "amount_usd_bn": [10.0, 20.0, 30.0],
            "amount_kind": ["stated"] * 3,
            "status": ["funded"] * 3,
            "sources": ["K"] * 3,
        }
    )
    companies = pd.DataFrame({"company_id": ["vehicle-a"], "name": ["Vehicle A (campus)"]})
    table, _ = bx.lender_table({"deals": deals, "companies": companies})
    assert dict(zip(table["Deal"], table["Announced"])) == {
        "d1": "2025",
        "d2": "September 2025",
        "d3": "10 March 2026",
    }
    # borrowers by short company name (an id without a company row stays as it is), statuses in readers' words
    assert list(table["Borrower"]) == ["Vehicle A", "vehicle-b", "vehicle-c"]
    assert set(table["Status"]) == {"paid"}
