"""Deal accounting on hand-built fixtures: standing deals, financing layers, conditional tranches, transfers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from conftest import read_rows, write_rows
from moneyloop import datasets
from moneyloop import deals as dl


def _deals(rows: list[tuple]) -> pd.DataFrame:
    """rows: (deal_id, payer, payee, flow_type, amount, high, status, announced, term, superseded_by)."""
    cols = ["deal_id", "payer", "payee", "flow_type", "amount_usd_bn", "amount_high_usd_bn", "status"]
    cols += ["announced", "term_years", "superseded_by"]
    df = pd.DataFrame(rows, columns=cols)
    for c in ("amount_usd_bn", "amount_high_usd_bn", "term_years"):
        df[c] = df[c].astype(float)
    df["amount_low_usd_bn"] = float("nan")
    df["announced"] = pd.to_datetime(df["announced"])
    df["date_precision"] = "day"
    df["amount_kind"] = "stated"
    df["sources"] = "Test2026key"
    return df


N = None
RAW = _deals(
    [
        # a letter of intent for up to 100, superseded by a 30 stake
        ("loi", "chips", "lab", "equity-investment", 100, 100, "superseded", "2025-09-22", N, "stake"),
        ("stake", "chips", "lab", "equity-investment", 30, N, "funded", "2026-02-27", N, N),
        # a vehicle leasing GPUs to the lab (20), funded by equity (7.5, of which chips' 2) and debt (12.5)
        ("lease", "vehicle", "lab", "leaseback", 20, N, "definitive", "2025-10-08", 5, N),
        ("veq", "fund", "vehicle", "equity-investment", 7.5, N, "definitive", "2025-10-08", N, N),
        ("vchips", "chips", "vehicle", "equity-investment", 2, N, "definitive", "2025-10-08", N, N),
        ("vdebt", "bank", "vehicle", "debt", 12.5, N, "definitive", "2025-10-08", N, N),
        # a 40 bridge loan paying for a 30 stake
        ("bridge", "bank", "fund", "debt", 40, N, "definitive", "2026-03-01", 1, N),
        ("fstake", "fund", "lab", "equity-investment", 30, N, "funded", "2026-03-31", N, N),
        # a 35 tranche payable only on a listing
        ("cond", "cloud", "lab", "equity-investment", 35, N, "definitive", "2026-02-27", N, N),
        # an all-stock acquisition worth 9, and a 100 five-year cloud contract
        ("swap", "cloud", "holders", "acquisition", 9, N, "definitive", "2025-07-07", N, N),
        ("buy", "lab", "cloud", "compute-purchase", 100, N, "definitive", "2025-11-03", 5, N),
    ]
)
LAYERS = pd.DataFrame(
    {
        "deal_id": ["veq", "vdebt", "vchips", "bridge"],
        "parent_deal_id": ["lease", "lease", "veq", "fstake"],
        "relation": ["funds", "funds", "inside", "funds"],
    }
)
CONDITIONS = pd.DataFrame({"deal_id": ["cond"], "condition": ["ipo-or-milestone"]})
EXCLUSIONS = pd.DataFrame({"deal_id": ["swap"], "reason": ["all-stock"]})
DEALS = dl.annotate(RAW, LAYERS, CONDITIONS, EXCLUSIONS)


def test_standing_drops_superseded_and_terminated():
    # loi is superseded: 11 rows − 1 = 10 standing
    assert dl.standing(DEALS).sum() == 10
    assert "loi" not in set(dl.select(DEALS, "headline")["deal_id"])


def test_layers_are_counted_once():
    # headline rows with amounts: lease has 20, so veq and vdebt (its funding) are nested; vchips sits in veq
    # (7.5, counted? no: veq is itself nested, but veq has an amount, so vchips is nested too); fstake has 30,
    # so the bridge is nested.
    rows = dl.select(DEALS, "headline")
    assert dl.nested(rows) == {"veq", "vdebt", "vchips", "bridge"}


def test_aggregates_headline_by_hand():
    a = dl.aggregates(DEALS, "headline")
    # capital: stake 30 + lease 20 + fstake 30 + cond 35 = 115 (loi superseded; veq, vchips, vdebt, bridge nested)
    assert a["capital_usd_bn"] == pytest.approx(115.0)
    # commitments: buy 100 over 5 years = 20 a year
    assert a["commitments_usd_bn"] == pytest.approx(100.0)
    assert a["commitments_annual_usd_bn"] == pytest.approx(20.0)
    # transfers: the 9 all-stock swap, never in capital
    assert a["transfers_usd_bn"] == pytest.approx(9.0)


def test_aggregates_binding_leave_out_the_conditional_tranche():
    a = dl.aggregates(DEALS, "binding")
    # binding capital: stake 30 + lease 20 + fstake 30 = 80; cond (35) is conditional, so never binding
    assert a["capital_usd_bn"] == pytest.approx(80.0)
    assert "cond" not in set(dl.select(DEALS, "binding")["deal_id"])


def test_a_superseded_copy_changes_no_aggregate():
    copy = RAW[RAW["deal_id"] == "buy"].assign(deal_id="buy-old", status="superseded", superseded_by="buy")
    more = dl.annotate(pd.concat([RAW, copy], ignore_index=True), LAYERS, CONDITIONS, EXCLUSIONS)
    for view in ("headline", "binding"):
        assert dl.aggregates(more, view) == dl.aggregates(DEALS, view)


def test_graph_counts_a_layer_once():
    g = dl.build_graph(DEALS, None, "headline")
    # the vehicle's equity edge stays in the web but carries no amount: the lease is the counted money
    assert g["fund"]["vehicle"]["veq"]["excluded"]
    assert g["vehicle"]["lab"]["lease"]["usd_bn"] == 20.0
    # the lab's disclosed capital inflows: stake 30 + lease 20 + fstake 30 + cond 35 = 115
    d = dl.pair_flows(g, dl.CAPITAL_FLOWS)
    assert sum(a["usd_bn"] for _, v, a in d.edges(data=True) if v == "lab") == pytest.approx(115.0)


# --- the validator ----------------------------------------------------------------------------


def _append(path: Path, row: dict) -> int:
    """Append one row to a CSV; return the row number a spreadsheet shows."""
    header, rows = read_rows(path)
    rows.append(row)
    write_rows(path, header, rows)
    return len(rows) + 1


def _messages(data_dir: Path) -> list[str]:
    return [str(p) for p in datasets.validate(data_dir)]


def _layer(deal: str, parent: str, relation: str = "funds") -> dict:
    return {
        "deal_id": deal,
        "parent_deal_id": parent,
        "relation": relation,
        "note": "test",
        "sources": "AHN2025xai",
    }


def test_layer_to_unknown_deal(data_copy):
    row = _append(data_copy / "deal_layers.csv", _layer("openai-aws-138b", "no-such-deal"))
    assert any(m.startswith(f"deal_layers.csv:{row}: parent_deal_id:") for m in _messages(data_copy))


def test_nested_amount_above_parent(data_copy):
    # openai-aws-138b (100) cannot sit inside crwv-openai-4b (4)
    row = _append(data_copy / "deal_layers.csv", _layer("openai-aws-138b", "crwv-openai-4b", "inside"))
    msgs = [m for m in _messages(data_copy) if m.startswith(f"deal_layers.csv:{row}: parent_deal_id:")]
    assert msgs and "larger" in msgs[0]


def test_cycle_of_layer_links(data_copy):
    # xai-valor-spv -> nvda-xai-2b -> xai-valor-spv-equity -> xai-valor-spv closes a loop
    row = _append(data_copy / "deal_layers.csv", _layer("xai-valor-spv", "nvda-xai-2b"))
    msgs = [m for m in _messages(data_copy) if m.startswith(f"deal_layers.csv:{row}: parent_deal_id:")]
    assert msgs and "cycle" in msgs[0]


def test_superseded_without_replacement(data_copy):
    header, rows = read_rows(data_copy / "deals.csv")
    i = next(i for i, r in enumerate(rows) if r["deal_id"] == "nvda-openai-loi")
    rows[i]["superseded_by"] = ""
    write_rows(data_copy / "deals.csv", header, rows)
    assert any(m.startswith(f"deals.csv:{i + 2}: superseded_by:") for m in _messages(data_copy))


# --- the web's controls and labels ---------------------------------------------------------------


def test_month_options_are_readable_dates():
    values, labels = dl.month_options(pd.Timestamp("2025-11-10"), pd.Timestamp("2026-01-05"))
    # the end of Nov 2025 is the start of month index 2025·12 + 11 = 24311, and so on
    assert values == [24311, 24312, 24313]
    assert labels == ["Nov 2025", "Dec 2025", "Jan 2026"]
    # 16 July 2025: 2025·12 + 6 months, plus 15 of July's 31 days
    assert dl.month_index(pd.Series([pd.Timestamp("2025-07-16")])).iloc[0] == pytest.approx(24306 + 15 / 31)


def test_human_labels_replace_codes():
    assert dl.label(dl.STATUS_LABELS, "loi") == "letter of intent or plan"
    assert dl.label(dl.FLOW_LABELS, "compute-purchase") == "cloud or compute purchase"
    assert dl.label(dl.FLOW_LABELS, "unknown-code") == "unknown-code"


def test_web_nodes_have_spans_per_view_and_labels_clear_their_circle():
    events = pd.DataFrame(
        {
            "deal_id": RAW["deal_id"],
            "date": RAW["announced"],
            "status": RAW["status"].replace({"superseded": "loi"}),
            "note": "",
        }
    )
    companies = pd.DataFrame(
        {
            "company_id": ["lab", "cloud", "chips", "fund", "bank", "vehicle", "holders"],
            "name": ["Lab", "Cloud", "Chips", "Fund", "Bank", "Vehicle", "Holders"],
            "kind": ["ai-lab", "cloud", "chipmaker", "investor", "lender", "vehicle", "investor"],
        }
    )
    nodes, edges = dl.web_tables(DEALS, companies, events)
    n = nodes.set_index("company_id")
    # the cond tranche is definitive but conditional: it never draws as binding
    assert not edges.loc[edges["deal_id"] == "cond", "binding"].any()
    # every node with a deal has a standing span; a label sits above its circle's centre
    assert (n["standing_from"] < dl.OPEN_END).all()
    assert (n["label_y"] > n["y"]).all()
    # payee of loi, stake, lease, fstake, cond; payer of buy → 6
    assert n.at["lab", "n_deals"] == 6


def test_largest_replaced_skips_amounts_we_derived():
    # A superseded lease valued by us at 350 (derived) must not displace the 100 letter of intent.
    rows = _deals(
        [
            ("loi", "chips", "lab", "equity-investment", 100, 100, "superseded", "2025-09-22", N, "stake"),
            ("stake", "chips", "lab", "equity-investment", 30, N, "funded", "2026-02-27", N, N),
            ("lease", "chips", "lab", "leaseback", 350, N, "superseded", "2025-09-22", 5, "stake"),
        ]
    )
    rows.loc[rows["deal_id"] == "lease", "amount_kind"] = "derived"
    assert dl.largest_replaced(rows) == ("loi", "stake")
    rows["amount_kind"] = "stated"  # counted as a headline, the 350 lease would be the largest
    assert dl.largest_replaced(rows) == ("lease", "stake")


def test_web_draws_its_marks_in_the_static_image():
    import vl_convert as vlc

    events = pd.DataFrame(
        {"deal_id": RAW["deal_id"], "date": RAW["announced"], "status": RAW["status"], "note": ""}
    ).assign(status=lambda x: x["status"].replace({"superseded": "loi"}))
    companies = pd.DataFrame(
        {
            "company_id": ["lab", "cloud", "chips", "fund", "bank", "vehicle", "holders"],
            "name": ["Lab", "Cloud", "Chips", "Fund", "Bank", "Vehicle", "Holders"],
            "kind": ["ai-lab", "cloud", "chipmaker", "investor", "lender", "vehicle", "investor"],
        }
    )
    nodes, edges = dl.web_tables(DEALS, companies, events)
    svg = vlc.vegalite_to_svg(dl.web_chart(nodes, edges).to_dict())
    # the default view (headline, end of the data) shows the labelled companies, so their names are drawn
    assert ">Lab<" in svg and ">Cloud<" in svg


def test_backstops_are_credit_support_not_commitments():
    raw = _deals(
        [
            ("bs", "chips", "cloud", "capacity-commitment", 6, N, "definitive", "2025-09-01", N, N),
            ("buy2", "lab", "cloud", "compute-purchase", 10, N, "definitive", "2025-11-03", 2, N),
        ]
    )
    deals = dl.annotate(raw, None, pd.DataFrame({"deal_id": ["bs"], "condition": ["backstop"]}), None)
    a = dl.aggregates(deals, "headline")
    # commitments: only buy2 (10, over 2 years = 5 a year); the 6 backstop is credit support
    assert (a["commitments_usd_bn"], a["commitments_annual_usd_bn"], a["credit_support_usd_bn"]) == (10, 5, 6)
    tot = dl.funding_totals(dl.build_graph(deals, None, "headline"))
    assert tot["member_commitments_usd_bn"] == 10
