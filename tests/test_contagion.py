"""The stress test: hand-solved networks per rule, annual schedules, properties of every rule, and bad inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import edit_cell
from moneyloop import contagion as c
from moneyloop import datasets


def net(edges, means=None, recovery=0.0, nodes=None) -> c.Year:
    """A one-year network from (debtor, creditor, owed, layer) tuples."""
    ob = pd.DataFrame(edges, columns=["debtor", "creditor", "owed_usd_bn", "layer"])
    names = nodes or tuple(sorted(set(ob["debtor"]) | set(ob["creditor"])))
    return c.year_network(ob, names, means or {}, recovery)


def losses(n: c.Year, shocked: str, cut: float, rule: str) -> dict[str, float]:
    """Each node's loss under one rule and cut, rounded to 1e-9."""
    lost = c.node_losses(n, c.clear(n, shocked, [cut], rule))[0]
    return {name: round(float(v), 9) for name, v in zip(n.nodes, lost)}


# --- hand-solved networks -------------------------------------------------------------------------

CHAIN = [("a", "b", 100.0, "supplier"), ("b", "c", 40.0, "supplier")]


def test_three_nodes_rules_disagree():
    n = net(CHAIN)
    # cut 50%: a pays 50, b loses 50.
    # Eisenberg–Noe: b's means = 0 + max(40 − 100, 0) = 0; pays min(40, 0 + 50) = 40, so c loses 0.
    # pass-through: b lost 50 of 100 receipts = 50%, pays 40 × 0.5 = 20, so c loses 20.
    # priority: the same means as Eisenberg–Noe, one layer: c loses 0.
    assert losses(n, "a", 0.5, "eisenberg-noe") == {"a": 0, "b": 50, "c": 0}
    assert losses(n, "a", 0.5, "pass-through") == {"a": 0, "b": 50, "c": 20}
    assert losses(n, "a", 0.5, "priority") == {"a": 0, "b": 50, "c": 0}
    # cut 80%: a pays 20. EN: b pays min(40, 20) = 20, c loses 20. Pass-through: 40 × 0.2 = 8, c loses 32.
    assert losses(n, "a", 0.8, "eisenberg-noe")["c"] == 20
    assert losses(n, "a", 0.8, "pass-through")["c"] == 32


def test_buffer_absorbs_the_shock():
    n = net(CHAIN, means={"b": 60.0})
    # pass-through, cut 50%: b lost 50, buffer 60 absorbs it all: c loses 0.
    assert losses(n, "a", 0.5, "pass-through")["c"] == 0
    # cut 100%: lost 100 − buffer 60 = 40 of 100 receipts, b pays 40 × 0.6 = 24, c loses 16.
    assert losses(n, "a", 1.0, "pass-through")["c"] == 16
    # Eisenberg–Noe, cut 100%: b pays min(40, 60 + 0 + 0) = 40, c loses 0.
    assert losses(n, "a", 1.0, "eisenberg-noe")["c"] == 0


LEASE = [
    ("a", "o", 100.0, "supplier"),  # the shocked customer owes the operator
    ("o", "s", 30.0, "senior"),  # the operator's lease to a vehicle
    ("o", "n", 30.0, "supplier"),  # the operator's chip order
    ("s", "l", 30.0, "senior"),  # the vehicle's loan from a lender
]


def test_four_nodes_lease_layer_with_recovery():
    n = net(LEASE, recovery=0.5)
    # cut 70%: a pays 30. o owes 60, receives 100 in the baseline, so its means are 0 under EN and priority.
    # EN: o pays min(60, 30) = 30 pro rata, 15 each. s receives 15 + 0.5 × 15 = 22.5 and pays it all to l;
    # l receives 22.5 + 0.5 × 7.5 = 26.25. Losses: o 70, s 0.5 × 15 = 7.5, n 15, l 0.5 × 7.5 = 3.75.
    assert losses(n, "a", 0.7, "eisenberg-noe") == {"a": 0, "l": 3.75, "n": 15, "o": 70, "s": 7.5}
    # priority: o's 30 goes to the senior lease first: s 30, n 0; s pays l in full. Losses: n 30, o 70.
    assert losses(n, "a", 0.7, "priority") == {"a": 0, "l": 0, "n": 30, "o": 70, "s": 0}
    # pass-through: o lost 70 of 100, pays 60 × 0.3 = 18, 9 each. s receives 9 + 0.5 × 21 = 19.5, lost
    # 10.5 of 30 = 35%, pays 30 × 0.65 = 19.5. Losses: s 0.5 × 21 = 10.5, n 21, l 0.5 × 10.5 = 5.25.
    assert losses(n, "a", 0.7, "pass-through") == {"a": 0, "l": 5.25, "n": 21, "o": 70, "s": 10.5}


def obligation_rows(rows) -> pd.DataFrame:
    """An obligations table from (deal, debtor, creditor, layer, year, owed) tuples."""
    ob = pd.DataFrame(rows, columns=["deal_id", "debtor", "creditor", "layer", "year", "owed_usd_bn"])
    return ob.assign(flow_type="compute-purchase", valued=False)


def test_payments_in_different_years_do_not_net():
    # o's chip order (40) falls in 2025, a's contract with o (100) in 2027.
    ob = obligation_rows(
        [("chips", "o", "n", "supplier", 2025, 40.0), ("cloud", "a", "o", "supplier", 2027, 100.0)]
    )
    for rule in c.RULES:
        grid = c.run(ob, {}, "a", [1.0], [rule])
        # a owes nothing in 2025, so that year is not shocked: n loses 0; o loses all 100 in 2027.
        assert set(grid["company_id"]) == {"o"}, rule
        assert grid["year"].tolist() == [2027]
        assert grid["lost_usd_bn"].tolist() == [100.0]
    # Netted on one date, pass-through would send the whole loss on: o loses 100% of receipts, pays 0 of 40.
    same = ob.assign(year=2027)
    grid = c.run(same, {}, "a", [1.0], ["pass-through"])
    assert grid.set_index("company_id").at["n", "lost_usd_bn"] == 40.0


# --- building obligations from the data's schema --------------------------------------------------


def small_tables():
    """Three deals: a scheduled contract, an unpriced binding agreement and a loan, with their schedules."""
    deal_rows = pd.DataFrame(
        {
            "deal_id": ["big", "gw", "loan"],
            "payer": ["a", "a", "bank"],
            "payee": ["o", "o", "o"],
            "flow_type": ["compute-purchase", "capacity-commitment", "debt"],
            "amount_usd_bn": [300.0, np.nan, 10.0],
            "amount_low_usd_bn": np.nan,
            "amount_high_usd_bn": np.nan,
            "capacity_gw": [4.5, 6.0, np.nan],
            "status": ["reported", "definitive", "funded"],
            "announced": pd.to_datetime(["2025-09-10", "2025-07-22", "2025-09-01"]),
            "service_start": pd.NaT,
            "term_years": np.nan,
        }
    )
    schedules = pd.DataFrame(
        {"deal_id": ["big"], "first_year": [2027], "last_year": [2031], "profile": ["flat"]}
    )
    stress = pd.DataFrame(
        {
            "deal_id": ["gw", "loan"],
            "first_year": [2027, 2026],
            "last_year": [2031, 2027],
            "profile": ["flat", "ramp"],
            "layer": ["supplier", "senior"],
            "price_per_gw_from": ["big", np.nan],
            "lease_covers": [np.nan, np.nan],
            "valued_in": ["binding", np.nan],
        }
    )
    assumptions = pd.DataFrame(
        {"assumption_id": ["stress-default-term"], "value_low": [3.0], "value": [5.0], "value_high": [8.0]}
    )
    return deal_rows, schedules, stress, assumptions


def test_obligations_spread_price_and_reverse():
    d, sch, stz, a = small_tables()
    head = c.obligations(d, sch, stz, a, "headline")
    # 300 over 2027–2031 flat: 60 a year. The unpriced agreement is valued only in the binding view.
    big = head[head["deal_id"] == "big"]
    assert big["year"].tolist() == [2027, 2028, 2029, 2030, 2031]
    assert big["owed_usd_bn"].tolist() == pytest.approx([60.0] * 5)
    assert "gw" not in set(head["deal_id"])
    # the loan runs bank → o in deals.csv; o owes the bank, ramped 1:2 over 2026–27: 10/3 and 20/3.
    loan = head[head["deal_id"] == "loan"]
    assert loan["debtor"].unique().tolist() == ["o"] and loan["creditor"].unique().tolist() == ["bank"]
    assert loan["owed_usd_bn"].tolist() == pytest.approx([10 / 3, 20 / 3])
    assert loan["layer"].unique().tolist() == ["senior"]
    binding = c.obligations(d, sch, stz, a, "binding")
    # 300 bn / 4.5 GW / 5 years = 13.33 per GW-year; 6 GW × 5 years × 13.33 = 400, 80 a year.
    gw = binding[binding["deal_id"] == "gw"]
    assert gw["owed_usd_bn"].sum() == pytest.approx(400.0)
    assert gw["valued"].all()
    assert "big" not in set(binding["deal_id"])  # only reported: not binding


def test_outside_means_annualise():
    r = pd.DataFrame(
        {
            "company_id": ["x", "x", "y"],
            "per": ["stock", "quarter", "year"],
            "value_low_usd_bn": [0.0, 0.0, 0.0],
            "value_usd_bn": [50.0, 2.0, 7.0],
            "value_high_usd_bn": [50.0, 2.0, 7.0],
        }
    )
    # x: 50 spread over 5 years = 10, plus 2 a quarter × 4 = 8: 18 a year. y: 7. Low level: zero.
    assert c.outside_means(r, 5) == {"x": 18.0, "y": 7.0}
    assert c.outside_means(r, 5, "low") == {"x": 0.0, "y": 0.0}


def test_unknown_rule_and_bad_cut_are_refused():
    with pytest.raises(ValueError, match="unknown rule"):
        c.clear(net(CHAIN), "a", [0.5], "mystery")
    with pytest.raises(ValueError, match="between 0 and 1"):
        c.clear(net(CHAIN), "a", [1.5])


# --- properties of every rule ---------------------------------------------------------------------

NODES = ("n0", "n1", "n2", "n3", "n4")


@st.composite
def networks(draw):
    """Random small networks with layers, outside means and a recovery rate."""
    k = draw(st.integers(1, 10))
    edges = []
    for _ in range(k):
        a = draw(st.sampled_from(NODES))
        b = draw(st.sampled_from([x for x in NODES if x != a]))
        edges.append((a, b, draw(st.floats(0.1, 100)), draw(st.sampled_from(c.LAYERS))))
    means = {x: draw(st.floats(0, 50)) for x in NODES}
    return net(edges, means, draw(st.floats(0, 1)), NODES)


@settings(max_examples=150, deadline=None)
@given(networks(), st.floats(0, 1), st.sampled_from(NODES), st.sampled_from(tuple(c.RULES)))
def test_every_rule_respects_its_bounds(n, cut, shocked, rule):
    paid = c.clear(n, shocked, [0.0, cut], rule)
    # no node pays more than it owes, or less than nothing
    assert (paid <= n.owed + 1e-9).all() and (paid >= -1e-9).all()
    lost = c.node_losses(n, paid)
    # a zero cut gives zero losses
    assert np.abs(lost[0]).max() <= 1e-7
    # total losses never exceed the cut plus every other node's shortfall
    s = n.nodes.index(shocked)
    owes = np.bincount(n.debtor, weights=n.owed, minlength=len(n.nodes))
    short = owes - np.bincount(n.debtor, weights=paid[1], minlength=len(n.nodes))
    assert lost[1].sum() <= cut * owes[s] + short[np.arange(len(n.nodes)) != s].sum() + 1e-7


# --- bad inputs -----------------------------------------------------------------------------------


def problems(data_dir) -> list[str]:
    return [str(p) for p in datasets.validate(data_dir)]


def test_schedule_ending_before_it_starts(data_copy):
    row = edit_cell(data_copy / "stress_schedules.csv", 0, "last_year", "2024")
    assert any(
        m.startswith(f"stress_schedules.csv:{row}: last_year: ends in 2024") for m in problems(data_copy)
    )


def test_recovery_outside_zero_to_hundred(data_copy):
    from conftest import read_rows

    _, rows = read_rows(data_copy / "assumptions.csv")
    i = next(j for j, r in enumerate(rows) if r["assumption_id"] == "stress-recovery-senior")
    row = edit_cell(data_copy / "assumptions.csv", i, "value_high", "150")
    assert f"assumptions.csv:{row}: value_high: recovery 150% is outside 0-100%" in problems(data_copy)


def test_negative_buffer(data_copy):
    row = edit_cell(data_copy / "outside_resources.csv", 0, "value_low_usd_bn", "-1")
    assert f"outside_resources.csv:{row}: value_low_usd_bn: buffer -1 is negative" in problems(data_copy)


def test_unknown_company_in_resources(data_copy):
    row = edit_cell(data_copy / "outside_resources.csv", 0, "company_id", "acme-imaginary")
    assert any(m.startswith(f"outside_resources.csv:{row}: company_id:") for m in problems(data_copy))


def test_undrawn_credit_must_be_a_balance(data_copy):
    from conftest import read_rows

    _, rows = read_rows(data_copy / "outside_resources.csv")
    i = next(j for j, r in enumerate(rows) if r["resource"] == "undrawn-credit")
    row = edit_cell(data_copy / "outside_resources.csv", i, "per", "year")
    msg = f"outside_resources.csv:{row}: per: undrawn-credit is a balance, so per must be 'stock'"
    assert msg in problems(data_copy)


def test_unknown_deal_in_schedule(data_copy):
    row = edit_cell(data_copy / "stress_schedules.csv", 0, "lease_covers", "no-such-loan")
    msg = f"stress_schedules.csv:{row}: lease_covers: 'no-such-loan' is not a known deal_id in deals"
    assert msg in problems(data_copy)


# --- net losses, summaries and tables -------------------------------------------------------------


def test_net_losses_count_no_dollar_twice():
    n = net(LEASE, recovery=0.5)
    paid = c.clear(n, "a", [0.7], "eisenberg-noe")
    kept = dict(zip(n.nodes, (c.node_losses(n, paid) - c.node_passed(n, paid))[0].round(9)))
    # EN at 70%: o lost 70 and paid 30 of its 60, so it passes 30 on and keeps 40; s lost 7.5 and paid
    # 22.5 of 30, passing 7.5 on: keeps 0. n keeps 15, l keeps 3.75. Total 58.75 = the 70 unpaid by a
    # less recoveries of 0.5 × 15 + 0.5 × 7.5 = 11.25. The shocked a keeps the 70 it did not pay: −70.
    assert kept == {"a": -70, "l": 3.75, "n": 15, "o": 40, "s": 0}


def test_summarise_peak_and_total():
    grid = pd.DataFrame(
        {
            "rule": "priority",
            "year": [2026, 2027, 2028],
            "cut": 0.5,
            "company_id": "o",
            "lost_usd_bn": [10.0, 30.0, 20.0],
            "net_usd_bn": [5.0, 15.0, 10.0],
        }
    )
    scale = pd.DataFrame({"company_id": ["o"], "revenue_usd_bn": [60.0], "revenue_basis": ["revenue, FY"]})
    r = c.summarise(grid, scale).iloc[0]
    # total 10 + 30 + 20 = 60, net 30; worst year 2027 with 30, half of revenue 60.
    assert (r["total_usd_bn"], r["total_net_usd_bn"], r["peak_year"], r["peak_usd_bn"]) == (60, 30, 2027, 30)
    assert r["peak_revenue_share"] == 0.5
    table = c.closing_table(
        c.summarise(grid, scale), pd.DataFrame({"company_id": ["o"], "name": ["Oh (Oh Inc)"]}), ["o"], (0.5,)
    )
    assert table.at[0, "priority"] == "$30B in 2027 (50% of a year's revenue); $60B over all years"
    assert table.at[0, "eisenberg-noe"] == "none"
    second = c.second_round(c.summarise(grid, scale), direct={"a"}).set_index("rule")["total_usd_bn"]
    assert second["priority"] == 30 and second["pass-through"] == 0


def test_chart_frame_adds_totals_and_wide_has_every_cut():
    grid = pd.DataFrame(
        {
            "rule": "pass-through",
            "year": [2026, 2027, 2027],
            "cut": [0.5, 0.5, 0.5],
            "company_id": ["o", "o", "a"],
            "lost_usd_bn": [1.0, 2.0, 9.0],
            "net_usd_bn": [1.0, 2.0, 9.0],
            "view": "headline",
            "shocked": "a",
        }
    )
    comp = pd.DataFrame({"company_id": ["o", "a"], "name": ["Oh (Oh Inc)", "A"]})
    scale = pd.DataFrame({"company_id": ["o"], "revenue_usd_bn": [4.0]})
    f = c.chart_frame(grid, comp, scale)
    # the shocked party's own row is dropped; total 1 + 2 = 3, which is 75% of revenue 4
    assert set(f["period"]) == {"2026", "2027", "total"} and set(f["name"]) == {"Oh"}
    assert f.set_index("period").at["total", "revenue_pct"] == 75.0
    w = c.wide(f)
    assert len(w) == 3 and len([x for x in w.columns if x[0] == "c" and x[1:].isdigit()]) == 21
    assert w.set_index("period").at["total", "c50"] == 3.0 and w.set_index("period").at["total", "c45"] == 0.0


def test_market_moves_benchmarked_and_results_days():
    ev = pd.DataFrame(
        {
            "event_id": ["x-day", "idx-day", "x-deal"],
            "date": pd.to_datetime(["2026-06-26", "2026-06-26", "2025-09-10"]),
            "window": ["week", "week", "day"],
            "company_id": ["x", np.nan, "x"],
            "scope": [np.nan, "Index", np.nan],
            "close_change_pct": [-19.0, -4.6, 36.0],
            "related_deal_id": [np.nan, np.nan, "d"],
            "sources": "K2026a",
        }
    )
    b = c.benchmarked(ev)
    # only the week has a benchmark: −19 − (−4.6) = −14.4 points
    assert b["event_id"].tolist() == ["x-day"] and b["excess_pp"].iloc[0] == pytest.approx(-14.4)
    fin = pd.DataFrame(
        {"company_id": ["x"], "reported_on": pd.to_datetime(["2025-09-09"]), "reported_on_precision": ["day"]}
    )
    # 10 September 2025 is the business day after a 9 September release
    assert c.on_results_day(ev, fin).tolist() == [False, False, True]


# --- the shipped data -----------------------------------------------------------------------------


def test_real_oracle_and_its_bondholders():
    t = c.load_tables()
    i = c.inputs(t, "headline")
    grid = c.run(i["obligations"], i["means"], "openai", [0.5], tuple(c.RULES), i["recovery"])
    g = grid.set_index(["rule", "company_id", "year"])["lost_usd_bn"]
    # OpenAI's 300 bn over 2027–2031 is 60 a year; half unpaid: Oracle loses 30 a year under every rule
    for rule in c.RULES:
        assert g[(rule, "oracle", 2027)] == pytest.approx(30)
    # NVIDIA's order is paid in 2025–26, before the contract starts: no rule reaches it
    assert "nvidia" not in set(grid["company_id"])
    # pass-through, 2027: Oracle receives 60 from OpenAI + 20/5 from Meta = 64 and loses 30. Its buffer is
    # its operating cash flow, 22.3 a year, plus its undrawn 6 bn revolver spread over the 9 years
    # (2025-2033) in which OpenAI owes anything: 22.3 + 6/9. It cuts payments by (30 - 22.3 - 6/9)/64; its
    # bonds due in 2027 are 18/5 + 30/5 + 20/5 = 13.6; half the unpaid part is recovered.
    gap = 30 - 22.3 - 6 / 9
    assert g[("pass-through", "oracle-bond-investors", 2027)] == pytest.approx(0.5 * 13.6 * gap / 64)
    # Eisenberg–Noe: Oracle's surplus and buffer cover its own obligations: its bondholders lose nothing
    assert ("eisenberg-noe", "oracle-bond-investors", 2027) not in g.index


# --- the reader's controls, in headless Chromium ------------------------------------------------------


def _control_frame() -> pd.DataFrame:
    """A hand-made chart frame: payers a and b, creditors x and y, two cuts, two rules, a total and one year."""
    rows = [  # (shocked, rule, period, company, cut %, loss)
        ("a", "eisenberg-noe", "total", "x", 50, 10.0),
        ("a", "eisenberg-noe", "total", "y", 50, 4.0),
        ("a", "eisenberg-noe", "total", "x", 25, 5.0),
        ("a", "eisenberg-noe", "total", "y", 25, 2.0),
        ("a", "pass-through", "total", "x", 50, 10.0),
        ("a", "pass-through", "total", "y", 50, 8.0),
        ("a", "eisenberg-noe", "2027", "x", 50, 6.0),
        ("b", "eisenberg-noe", "total", "y", 50, 3.0),
    ]
    f = pd.DataFrame(rows, columns=["shocked", "rule", "period", "company_id", "cut_pct", "lost_usd_bn"])
    return f.assign(view="headline", name=f["company_id"].str.upper(), revenue_usd_bn=100.0)


CONTROL_COMPANIES = pd.DataFrame({"company_id": ["a", "b", "x", "y"], "name": ["A", "B", "X", "Y"]})


@pytest.fixture(scope="module")
def stress_page(tmp_path_factory):
    """The stress chart alone on a page with the site's own chart bundle and script, served from 127.0.0.1."""
    from pathlib import Path

    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip("Debian chromium is not installed")
    import shutil

    from moneyloop import charts
    from moneyloop.ext.bundle import write_bundle

    site = tmp_path_factory.mktemp("stress")
    write_bundle(site)
    shutil.copy2(Path(charts.__file__).with_name("moneyloop.js"), site / "moneyloop.js")
    spec = c.stress_chart(_control_frame(), CONTROL_COMPANIES, 50).to_dict()
    (site / "index.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>stress</title></head><body style='width:900px'>"
        + charts.offline_html(spec, "stress chart")
        + "<script src='vega-bundle.js'></script><script src='moneyloop.js'></script></body></html>",
        encoding="utf-8",
    )
    return site


BARS_JS = """() => [...document.querySelectorAll('.vega-offline-chart svg [aria-roledescription="bar"]')]
  .map(b => b.getAttribute('aria-label') || '').sort()"""


def _losses(labels: list[str]) -> dict[str, float]:
    """Creditor → loss read back from the drawn bars' accessible labels ('Loss (USD bn): $10; name: X; …')."""
    import re

    out = {}
    for label in labels:
        m = re.search(r"Loss \(USD bn\): \$([0-9.]+); name: (\w+)", label)
        out[m.group(2)] = float(m.group(1))
    return out


def _bars(page) -> list[str]:
    page.wait_for_function("document.querySelector('.vega-offline-chart svg')", timeout=60_000)
    page.wait_for_timeout(300)
    return page.evaluate(BARS_JS)


@pytest.mark.slow
@pytest.mark.browser
def test_each_stress_control_changes_the_drawn_bars(stress_page):
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(stress_page))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1000, "height": 900})
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html", wait_until="load")
            # payer a, 50%, Eisenberg-Noe, total: X loses 10 and Y 4 (the hand-made frame's rows)
            assert _losses(_bars(page)) == {"X": 10, "Y": 4}
            selects = page.locator(".vega-bindings select")
            selects.nth(0).select_option("b")  # who pays less: b owes only Y, 3
            assert _losses(_bars(page)) == {"Y": 3}
            selects.nth(0).select_option("a")
            page.locator(".vega-bindings input[type=range]").fill("25")  # the 25% rows: X 5, Y 2
            assert _losses(_bars(page)) == {"X": 5, "Y": 2}
            page.locator(".vega-bindings input[type=range]").fill("50")
            page.locator(".vega-bindings input[type=radio][value=pass-through]").check()  # X 10, Y 8
            assert _losses(_bars(page)) == {"X": 10, "Y": 8}
            page.locator(".vega-bindings input[type=radio][value=eisenberg-noe]").check()
            selects.nth(1).select_option("2027")  # one year: only X, 6
            assert _losses(_bars(page)) == {"X": 6}
            browser.close()
    finally:
        server.shutdown()
