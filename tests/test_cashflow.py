"""Tests for moneyloop.cashflow and the build-out validation rules, on hand-computed fixtures."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from anchors import up_to
from conftest import edit_cell, read_rows, write_rows
from moneyloop import cashflow as cf
from moneyloop import datasets


def row(company, fy, start, end, item, value):
    return {
        "company_id": company,
        "fiscal_year": fy,
        "fiscal_year_start": pd.Timestamp(start),
        "fiscal_year_end": pd.Timestamp(end),
        "item": item,
        "value_usd_bn": value,
        "basis": "filing",
        "note": "fixture",
        "sources": "Fixture2025test",
    }


@pytest.fixture
def flows() -> pd.DataFrame:
    june = ("2024-07-01", "2025-06-30")  # a July-June year
    may = ("2024-06-01", "2025-05-31")  # a June-May year
    cal = ("2025-01-01", "2025-12-31")
    items = [
        # "rich": OCF 100, capex 50, payouts 30, net debt +10, capex with leases 60 (so leases 10)
        ("rich", "FY2025", *june, "operating-cash-flow", 100.0),
        ("rich", "FY2025", *june, "capex-cash", 50.0),
        ("rich", "FY2025", *june, "capex-incl-finance-leases", 60.0),
        ("rich", "FY2025", *june, "buybacks", 20.0),
        ("rich", "FY2025", *june, "dividends", 10.0),
        ("rich", "FY2025", *june, "net-debt-issued", 10.0),
        # "tight": OCF 40, capex 70, payouts 5, net debt +20
        ("tight", "FY2025", *may, "operating-cash-flow", 40.0),
        ("tight", "FY2025", *may, "capex-cash", 70.0),
        ("tight", "FY2025", *may, "buybacks", 0.0),
        ("tight", "FY2025", *may, "dividends", 5.0),
        ("tight", "FY2025", *may, "net-debt-issued", 20.0),
        # "thin": capex and free cash flow only, no payouts: OCF is derived, no full split
        ("thin", "2025", *cal, "capex-cash", 30.0),
        ("thin", "2025", *cal, "free-cash-flow", -5.0),
    ]
    return pd.DataFrame([row(*i) for i in items])


# --- fiscal to calendar years -------------------------------------------------------------------


def test_calendar_year_july_june_tie_goes_to_end_year():
    # Jul-Dec 2024 = 6 months, Jan-Jun 2025 = 6 months: a tie, so the year it ends in
    assert cf.calendar_year("2024-07-01", "2025-06-30") == 2025


def test_calendar_year_june_may_goes_to_start_year():
    # Jun-Dec 2024 = 7 months, Jan-May 2025 = 5 months: 2024
    assert cf.calendar_year("2024-06-01", "2025-05-31") == 2024


def test_calendar_year_calendar_and_february_years():
    assert cf.calendar_year("2025-01-01", "2025-12-31") == 2025
    # Feb 2025 - Jan 2026: 11 months in 2025, 1 in 2026
    assert cf.calendar_year("2025-02-01", "2026-01-31") == 2025


def test_consecutive_fiscal_years_never_share_a_calendar_year():
    years = [cf.calendar_year(f"{y - 1}-07-01", f"{y}-06-30") for y in (2023, 2024, 2025)]
    assert years == [2023, 2024, 2025]


@pytest.mark.parametrize("start,end", [("2025-01-01", "2025-06-30"), ("2025-06-30", "2025-01-01")])
def test_calendar_year_rejects_what_is_not_a_year(start, end):
    with pytest.raises(ValueError):
        cf.calendar_year(start, end)


# --- one capex basis ------------------------------------------------------------------------------


def test_wide_derives_ocf_from_free_cash_flow(flows):
    w = cf.wide(flows).set_index("company_id")
    # thin: OCF = FCF + capex = -5 + 30 = 25
    assert w.at["thin", "operating_cash_flow"] == pytest.approx(25.0)
    assert bool(w.at["thin", "ocf_derived"]) and not bool(w.at["rich", "ocf_derived"])
    # rich: leases = 60 - 50 = 10; tight's June-May FY2025 is counted in 2024
    assert w.at["rich", "finance_leases"] == pytest.approx(10.0)
    assert w.at["tight", "year"] == 2024 and w.at["rich", "year"] == 2025


def test_hyperscaler_capex_is_cash_capex(flows):
    c = cf.hyperscaler_capex(flows, companies=("rich", "tight", "thin")).set_index("company_id")
    assert c["value_usd_bn"].to_dict() == {"rich": 50.0, "tight": 70.0, "thin": 30.0}


def test_capex_by_year_only_complete_years(flows):
    # rich (2025) and thin (2025) both have a 2025 figure: 50 + 30 = 80; tight alone is in 2024
    t = cf.capex_by_year(flows, companies=("rich", "thin")).set_index("year")["value_usd_bn"]
    assert t.to_dict() == {2025: 80.0}
    assert cf.capex_by_year(flows, companies=("rich", "tight")).empty  # no year has both


# --- sources and uses -----------------------------------------------------------------------------


def test_allocate_rich():
    # OCF 100 - payouts 30 = 70 left, capex 50 all internal; debt and reserves 0; leases 10 on top
    a = cf.allocate(capex=50, payouts=30, ocf=100, net_debt=10, leases=10)
    assert a == {"internal": 50, "debt": 0, "leases": 10, "reserves": 0}


def test_allocate_tight():
    # OCF 40 - payouts 5 = 35 internal; capex 70 - 35 = 35 left; debt 20; reserves 15
    a = cf.allocate(capex=70, payouts=5, ocf=40, net_debt=20)
    assert a == {"internal": 35, "debt": 20, "leases": 0, "reserves": 15}


def test_allocate_debt_repaid_counts_as_no_debt():
    # payouts 60 > OCF 50: nothing internal; debt repaid (-5) funds nothing; reserves 20
    assert cf.allocate(capex=20, payouts=60, ocf=50, net_debt=-5) == {
        "internal": 0,
        "debt": 0,
        "leases": 0,
        "reserves": 20,
    }


def test_allocate_rejects_negative_outflows():
    with pytest.raises(ValueError):
        cf.allocate(capex=-1, payouts=0, ocf=10, net_debt=0)


def test_sources_and_uses_identity(flows):
    su = cf.sources_and_uses(flows, companies=("rich", "tight", "thin")).set_index("company_id")
    assert "thin" not in su.index  # no payouts or debt: no full split
    # uses = capex + leases: rich 50 + 10 = 60, tight 70 + 0 = 70; sources add up to the same
    assert su.at["rich", "uses"] == pytest.approx(60.0) and su.at["tight", "uses"] == pytest.approx(70.0)
    assert (su["uses"] - su["sources_total"]).abs().max() < 1e-12
    # capex-first rule: tight's OCF 40 covers 40 of 70
    assert su.at["tight", "internal_capex_first"] == pytest.approx(40.0)


def test_totals_by_year_shares(flows):
    su = cf.sources_and_uses(flows, companies=("rich", "tight"))
    t = cf.totals_by_year(su).set_index("year")
    # 2025 is rich alone: internal 50 of 60 = 5/6, leases 10/60 = 1/6
    assert t.at[2025, "internal_share"] == pytest.approx(5 / 6)
    assert t.at[2025, "leases_share"] == pytest.approx(1 / 6)
    # 2024 is tight alone: debt 20/70, reserves 15/70
    assert t.at[2024, "debt_share"] == pytest.approx(20 / 70)
    assert t.at[2024, "reserves_share"] == pytest.approx(15 / 70)


def test_coverage_names_missing_items(flows):
    c = cf.coverage(flows, companies=("rich", "thin")).set_index("company_id")
    assert c.at["rich", "missing"] == ""
    assert c.at["thin", "missing"] == "buybacks, dividends, net debt issued"


# --- the shipped data -----------------------------------------------------------------------------


def test_shipped_microsoft_fy2025_split():
    su = cf.sources_and_uses(datasets.load("cashflows")).set_index(["company_id", "fiscal_year"])
    r = su.loc[("microsoft", "FY2025")]
    # 10-K: OCF 136.162 - (buybacks 18.420 + dividends 24.082) = 93.660 > capex 64.551: all internal
    assert r["internal"] == pytest.approx(64.551)
    # finance leases = 88.2 with leases - 64.551 cash = 23.649
    assert r["leases"] == pytest.approx(23.649)


def test_shipped_capex_2025():
    t = cf.capex_by_year(datasets.load("cashflows")).set_index("year")["value_usd_bn"]
    # 2025: Amazon 131.819 + Alphabet 91.4 + Meta 69.691 + Microsoft FY2025 64.551 + Oracle FY2026 55.7 = 413.161
    assert t.at[2025] == pytest.approx(413.161)


# --- validation: bad input is reported as file:row: field: message --------------------------------


def _messages(data_dir: Path) -> list[str]:
    return [str(p) for p in datasets.validate(data_dir)]


def _find(data_dir: Path, prefix: str, text: str = "") -> str:
    msgs = _messages(data_dir)
    hits = [m for m in msgs if m.startswith(prefix) and text in m]
    assert hits, f"expected {prefix!r} with {text!r} in {msgs}"
    return hits[0]


def _index(data_dir: Path, company: str, fy: str, item: str) -> int:
    _, rows = read_rows(data_dir / "cashflows.csv")
    return next(
        i for i, r in enumerate(rows) if (r["company_id"], r["fiscal_year"], r["item"]) == (company, fy, item)
    )


def test_negative_operating_cash_flow_rejected(data_copy):
    i = _index(data_copy, "microsoft", "FY2024", "operating-cash-flow")
    row = edit_cell(data_copy / "cashflows.csv", i, "value_usd_bn", "-118.548")
    assert "only net-debt-issued and free-cash-flow may be negative" in _find(
        data_copy, f"cashflows.csv:{row}: value_usd_bn:"
    )


def test_fiscal_year_with_no_mapping_rejected(data_copy):
    i = _index(data_copy, "oracle", "FY2024", "capex-cash")
    row = edit_cell(data_copy / "cashflows.csv", i, "fiscal_year_start", "2024-01-01")  # five months long
    assert "no calendar year" in _find(data_copy, f"cashflows.csv:{row}: fiscal_year_end:")


def test_fiscal_year_label_must_match_end(data_copy):
    i = _index(data_copy, "meta", "2024", "dividends")
    row = edit_cell(data_copy / "cashflows.csv", i, "fiscal_year", "FY2023")
    _find(data_copy, f"cashflows.csv:{row}: fiscal_year:", "labelled by the year it ends in")


def test_capex_with_unknown_basis_rejected(data_copy):
    i = _index(data_copy, "amazon", "2025", "capex-cash")
    row = edit_cell(data_copy / "cashflows.csv", i, "basis", "guesswork")
    _find(data_copy, f"cashflows.csv:{row}: basis:")


def test_capex_with_unknown_item_rejected(data_copy):
    i = _index(data_copy, "amazon", "2025", "capex-cash")
    row = edit_cell(data_copy / "cashflows.csv", i, "item", "capex-whatever")
    _find(data_copy, f"cashflows.csv:{row}: item:")


def test_free_cash_flow_identity_rejected(data_copy):
    i = _index(data_copy, "google", "2025", "free-cash-flow")
    row = edit_cell(data_copy / "cashflows.csv", i, "value_usd_bn", "80")
    # 164.7 - 91.4 = 73.3, not 80
    assert "73.300" in _find(data_copy, f"cashflows.csv:{row}: value_usd_bn:")


def test_two_fiscal_years_in_one_calendar_year_rejected(data_copy):
    header, rows = read_rows(data_copy / "cashflows.csv")
    # Microsoft's FY2023 (Jul 2022 - Jun 2023) counts in 2023; a calendar-2023 row would count twice
    extra = dict(rows[0], fiscal_year="2023", fiscal_year_start="2023-01-01", fiscal_year_end="2023-12-31")
    rows.append(extra)
    write_rows(data_copy / "cashflows.csv", header, rows)
    _find(data_copy, f"cashflows.csv:{len(rows) + 1}: fiscal_year:", "both fall in calendar year 2023")


def test_funding_mix_parts_must_add_up(data_copy):
    _, rows = read_rows(data_copy / "funding_mix.csv")
    i = next(k for k, r in enumerate(rows) if r["parent_id"])
    parent = rows[i]["parent_id"]
    edit_cell(data_copy / "funding_mix.csv", i, "amount_usd_bn", str(float(rows[i]["amount_usd_bn"]) + 1))
    _, rows = read_rows(data_copy / "funding_mix.csv")
    prow = next(k for k, r in enumerate(rows) if r["component_id"] == parent) + 2
    assert "add up to" in _find(data_copy, f"funding_mix.csv:{prow}: amount_usd_bn:")


def test_shipped_cover_rises_for_every_company():
    # the chapter says capex took a larger share of each company's cash flow in every complete year
    flows = up_to({"cashflows": datasets.load("cashflows")}, "oracle-fy2026-results")["cashflows"]
    c = cf.capex_cover(flows)
    years = cf.cover_by_year(c)["year"]
    c = c[c["year"].between(years.min(), years.max())]
    for company, g in c.sort_values("year").groupby("company_id"):
        assert g["cover"].is_monotonic_increasing, company
    # 2025: Amazon 131.819 / 139.514 = 0.945; Oracle FY2026 55.7 / (55.7 - 23.7) = 1.741
    last = c[c["year"] == years.max()].set_index("company_id")["cover"]
    assert last["amazon"] == pytest.approx(0.9448, abs=1e-4)
    assert last["oracle"] == pytest.approx(1.7406, abs=1e-4)


def test_shipped_sources_equal_uses_on_every_row():
    flows = up_to({"cashflows": datasets.load("cashflows")}, "oracle-fy2026-results")["cashflows"]
    su = cf.sources_and_uses(flows)
    # company-years with OCF, capex, buybacks and dividends (and net debt where OCF after payouts < capex):
    # Amazon 2022-2025 (2025 needs no net debt), Alphabet 2024-2025 (no 2022-23 buybacks sourced),
    # Meta 2023-2025, Microsoft FY2022-FY2025, Oracle FY2022-FY2025 (no FY2026 payouts) = 4 + 2 + 3 + 4 + 4 = 17
    assert len(su) == 17
    assert (su["uses"] - su[list(cf.FUNDING)].sum(axis=1)).abs().max() < 1e-9


def test_capacity_figure_without_basis_rejected(data_copy):
    header, rows = read_rows(data_copy / "capacity_basis.csv")
    gone = rows.pop(0)["deal_id"]
    write_rows(data_copy / "capacity_basis.csv", header, rows)
    _, deals = read_rows(data_copy / "deals.csv")
    row = next(i for i, r in enumerate(deals) if r["deal_id"] == gone) + 2
    _find(data_copy, f"deals.csv:{row}: capacity_gw:", "no tenant or power basis")


def test_capacity_basis_unknown_value_rejected(data_copy):
    row = edit_cell(data_copy / "capacity_basis.csv", 0, "power_basis", "nameplate")
    _find(data_copy, f"capacity_basis.csv:{row}: power_basis:")


def test_net_debt_not_needed_when_cash_flow_after_payouts_covers_capex(flows):
    extra = [
        # "self": OCF 90, capex 60, payouts 20 and no net-debt figure: 90 - 20 = 70 >= 60, so the split stands
        row("self", "2025", "2025-01-01", "2025-12-31", "operating-cash-flow", 90.0),
        row("self", "2025", "2025-01-01", "2025-12-31", "capex-cash", 60.0),
        row("self", "2025", "2025-01-01", "2025-12-31", "buybacks", 20.0),
        row("self", "2025", "2025-01-01", "2025-12-31", "dividends", 0.0),
        # "short": OCF 50, capex 60, payouts 0, no net debt: 50 < 60, so the split needs the missing figure
        row("short", "2025", "2025-01-01", "2025-12-31", "operating-cash-flow", 50.0),
        row("short", "2025", "2025-01-01", "2025-12-31", "capex-cash", 60.0),
        row("short", "2025", "2025-01-01", "2025-12-31", "buybacks", 0.0),
        row("short", "2025", "2025-01-01", "2025-12-31", "dividends", 0.0),
    ]
    data = pd.concat([flows, pd.DataFrame(extra)], ignore_index=True)
    su = cf.sources_and_uses(data, companies=("self", "short")).set_index("company_id")
    assert list(su.index) == ["self"]
    assert su.at["self", "internal"] == pytest.approx(60.0) and su.at["self", "debt"] == 0.0
    assert not su.at["self", "net_debt_known"]
    c = cf.coverage(data, companies=("self", "short")).set_index("company_id")
    assert c.at["self", "missing"] == "" and c.at["short", "missing"] == "net debt issued"


def test_capex_scenarios_after_the_guidance_year():
    from moneyloop import vintage

    path = pd.DataFrame(
        {
            "year": [2023, 2024, 2025],
            "value_usd_bn": [100.0, 200.0, 300.0],
            "kind": ["actual", "actual", "guidance"],
        }
    )
    paths = vintage.scenario_paths(path, years_after=2)
    level = paths.set_index(["scenario", "year"])["value_usd_bn"]
    # actual growth 200 / 100 - 1 = 100% a year; low back to 200, base stays 300, high 300 x 2 = 600, then 1200
    assert [level[("low", 2027)], level[("base", 2027)], level[("high", 2026)], level[("high", 2027)]] == [
        200.0,
        300.0,
        600.0,
        1200.0,
    ]
    req = vintage.scenario_required(paths, life=2, rate=0.0, margin=0.0).set_index(["scenario", "year"])
    r = req["required_usd_bn"]
    # life 2 at 0%: half of the two live vintages; 2025: (200 + 300) / 2 = 250 in every scenario
    assert r[("low", 2025)] == r[("high", 2025)] == pytest.approx(250.0)
    # 2027: low (200 + 200) / 2 = 200; base (300 + 300) / 2 = 300; high (600 + 1200) / 2 = 900
    assert [r[("low", 2027)], r[("base", 2027)], r[("high", 2027)]] == pytest.approx([200.0, 300.0, 900.0])
