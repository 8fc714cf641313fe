"""Report-wide summaries on a small hand-made deal table."""

import pandas as pd

from moneyloop import summary

DEALS = pd.DataFrame(
    {
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
    }
)


def test_totals_count_rows_agreements_and_standing():
    t = summary.totals(DEALS)
    # four rows in three agreements (b and c share one), all with an amount, none superseded or terminated
    assert t["deals"] == 4 and t["agreements"] == 3 and t["with_amount"] == 4 and t["standing"] == 4
    ended = DEALS.assign(status=["reported", "superseded", "funded", "terminated"])
    assert summary.totals(ended)["standing"] == 2


def test_by_flow_type_groups_by_aggregate_then_headline():
    f = summary.by_flow_type(DEALS)
    # capital first (equity 100 ceiling + 5 = 105, debt 20), then commitments (compute 300), then transfers (none)
    assert list(f["flow_type"]) == ["equity-investment", "debt", "compute-purchase", "transfers"]
    assert f.set_index("flow_type").at["transfers", "headline_usd_bn"] == 0
    e = f.set_index("flow_type").loc["equity-investment"]
    # binding equity: only c (funded, 5); b is a letter of intent
    assert (e["headline_usd_bn"], e["binding_usd_bn"]) == (105.0, 5.0)
    assert e["label"] == "capital: equity investment"
    # a superseded copy of the compute contract changes nothing
    extra = DEALS.iloc[[0]].assign(deal_id="a-old", status="superseded")
    more = summary.by_flow_type(pd.concat([DEALS, extra], ignore_index=True))
    pd.testing.assert_frame_equal(more, f)


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
    # deal a keeps its row but no longer has an amount: 3 of 4 rows disclose one
    assert summary.totals(m)["with_amount"] == 3


def _events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "deal_id": ["a", "a", "a", "b", "c"],
            "date": pd.to_datetime(["2025-01-01", "2025-06-01", "2025-09-01", "2025-03-01", "2025-08-01"]),
            "status": ["loi", "loi", "superseded", "definitive", "funded"],
            "note": ["", "", "", "", ""],
            "sources": ["", "", "", "", ""],
        }
    )


def test_status_at_takes_the_latest_event_on_or_before_the_date():
    e = _events()
    assert summary.status_at(e, pd.Timestamp("2025-07-01")).to_dict() == {"a": "loi", "b": "definitive"}
    assert summary.status_at(e, pd.Timestamp("2025-09-01")).to_dict() == {
        "a": "superseded",
        "b": "definitive",
        "c": "funded",
    }


def test_status_table_counts_and_totals():
    t = summary.status_table(
        _events(), {"then": pd.Timestamp("2025-04-01"), "now": pd.Timestamp("2025-12-31")}
    )
    assert t["then"].to_dict() == {
        "reported": 0,
        "loi": 1,
        "definitive": 1,
        "funded": 0,
        "superseded": 0,
        "terminated": 0,
        "all": 2,
    }
    assert (t.at["superseded", "now"], t.at["funded", "now"], t.at["all", "now"]) == (1, 1, 3)


def test_changes_since_label_moves_repeats_and_new_deals():
    deals = pd.DataFrame(
        {
            "deal_id": ["a", "b", "c"],
            "payer": ["x", "y", "z"],
            "payee": ["y", "z", "x"],
            "amount_usd_bn": [100.0, None, 5.0],
            "amount_high_usd_bn": [None, 7.0, None],
            "amount_low_usd_bn": [None, None, None],
        }
    )
    ch = summary.status_changes_since(_events(), deals, pd.Timestamp("2025-02-01"))
    assert ch["change"].tolist() == ["new: definitive", "still loi", "new: funded", "loi → superseded"]
    assert ch["headline_usd_bn"].tolist() == [7.0, 100.0, 5.0, 100.0]
    # two new deals and one repeat are not moves; only loi → superseded is
    assert ch["moved"].tolist() == [False, False, False, True]
