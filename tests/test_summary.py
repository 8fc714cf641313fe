"""Report-wide summaries on a small hand-made deal table."""

import pandas as pd

from moneyloop import summary

DEALS = pd.DataFrame({
    "deal_id": ["a", "b", "c", "d"],
    "group_id": ["a", "b", "b", "d"],
    "announced": pd.to_datetime(["2025-01-15", "2025-02-01", "2025-02-01", "2025-07-04"]),
    "date_precision": ["day", "month", "month", "day"],
    "payer": ["x", "y", "z", "x"],
    "payee": ["y", "x", "x", "z"],
    "flow_type": pd.Categorical(["compute-purchase", "equity-investment", "equity-investment", "debt"]),
    "amount_usd_bn": [300.0, None, 5.0, 20.0],
    "amount_low_usd_bn": [None, None, None, None],
    "amount_high_usd_bn": [None, 100.0, None, None],
    "amount_kind": ["stated", "up-to", "stated", "stated"],
    "status": pd.Categorical(["reported", "loi", "funded", "definitive"]),
})


def test_headline_counts_ceilings_and_binding_does_not():
    t = summary.totals(DEALS)
    # headline: 300 + 100 (ceiling) + 5 + 20 = 425; binding: funded 5 + definitive 20 = 25
    assert t["headline_usd_bn"] == 425 and t["binding_usd_bn"] == 25
    assert t["deals"] == 4 and t["agreements"] == 3 and t["with_amount"] == 4


def test_by_flow_type_sorted_by_headline():
    f = summary.by_flow_type(DEALS)
    assert list(f["flow_type"]) == ["compute-purchase", "equity-investment", "debt"]
    assert f.set_index("flow_type").loc["equity-investment"].tolist() == [105.0, 5.0]


def test_by_quarter_counts_statuses():
    q = summary.by_quarter(DEALS)
    first = q[q["quarter"] == pd.Timestamp("2025-01-01")]
    assert dict(zip(first["status"], first["deals"])) == {"reported": 1, "loi": 1, "funded": 1}


def test_largest_binding_uses_names():
    companies = pd.DataFrame({"company_id": ["x", "y", "z"], "name": ["Ex", "Why", "Zed"]})
    top = summary.largest_binding(DEALS, companies)
    assert list(top["Payer"]) == ["Ex", "Zed"] and list(top["USD bn"]) == [20.0, 5.0]


def test_money_only_blanks_excluded_amounts_but_keeps_rows():
    m = summary.money_only(DEALS, {"a"})
    assert len(m) == 4 and pd.isna(m.loc[0, "amount_usd_bn"])
    # headline without deal a: 100 + 5 + 20 = 125
    assert summary.totals(m)["headline_usd_bn"] == 125
