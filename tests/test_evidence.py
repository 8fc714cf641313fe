"""Evidence rules: primary sources for large deals and key figures, claims tied to data, clean references."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import edit_cell, read_rows
from moneyloop import bib, citestyle, datasets, evidence
from moneyloop.rules import evidence as rules

# Anchor facts: the only shipped values these tests pin. A routine data update should touch none of them.
ANCHOR_FACTS = [
    ("deals", "openai-oracle-300b", "amount_usd_bn", 300.0),  # WSJ, 2025-09-10
    ("market_events", "orcl-2025-09-10-rpo", "close_change_pct", 35.95),  # Oracle's close on 2025-09-10
]
# Anchor fact: the seven 2024 net incomes behind C086 (annual results, bn): Apple FY2024 93.736, Microsoft
# FY2024 88.136, NVIDIA FY2025 72.88, Alphabet 100.118, Amazon 59.248, Meta 62.36, Tesla 7.091; sum 483.569.
MAG7_NET_INCOME_2024 = 483.569


def src(key: str, grade: str, **kw) -> bib.Source:
    """A bibliography entry with just what the rules read."""
    base = {
        "author": key,
        "title": "t",
        "year": "2025",
        "date": "2025-09-10",
        "url": "https://www.reuters.com/x",
        "outlet": f"outlet-{key}",
        "urldate": "2026-11-21",
        "line": 7,
    }
    return bib.Source(key=key, grade=grade, **{**base, **kw})


SOURCES = {"wire": src("wire", "W"), "blog": src("blog", "S"), "junk": src("junk", "L")}
KEYS = {"deals": ["deal_id"], "key_figures": ["ref"], "claims": ["claim_id"]}


def deals(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"deal_id": d, "amount_usd_bn": a, "amount_high_usd_bn": "", "sources": s} for d, a, s in rows]
    )


def test_a_10bn_deal_on_secondary_sources_only_is_rejected():
    probs = rules.deal_problems(deals(("big", "10", "blog;junk")), SOURCES, {})
    # one data row -> spreadsheet row 2
    assert [(p.file, p.row, p.field) for p in probs] == [("deals.csv", 2, "sources")]


def test_a_10bn_deal_on_a_wire_source_is_accepted_and_smaller_deals_are_not_checked():
    assert (
        rules.deal_problems(deals(("big", "10", "blog;wire"), ("small", "9.99", "blog")), SOURCES, {}) == []
    )


def test_a_marked_deal_passes_only_while_its_mark_says_so():
    d = deals(("big", "25", "blog"))
    assert rules.deal_problems(d, SOURCES, {"deals:big": "no-primary-found"}) == []
    assert len(rules.deal_problems(d, SOURCES, {"deals:big": "primary"})) == 1


def test_key_figure_status_must_match_the_rows_sources():
    tables = {"deals": deals(("a", "5", "wire"), ("b", "5", "blog"))}
    kf = pd.DataFrame(
        [
            {"ref": "deals:a", "status": "no-primary-found", "note": "x"},  # row 2: stale, a has a W source
            {"ref": "deals:b", "status": "primary", "note": ""},  # row 3: b has none
            {"ref": "deals:b", "status": "not-yet-resourced", "note": ""},  # row 4: needs a note
            {"ref": "deals:zz", "status": "primary", "note": ""},  # row 5: no such row
        ]
    )
    probs = rules.key_figure_problems(kf, tables, KEYS, SOURCES)
    assert [(p.row, p.field) for p in probs] == [(2, "status"), (3, "status"), (4, "note"), (5, "ref")]


def claims(verdict: str, seed: str, verified: str, ref: str = "") -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "claim_id": "C001",
                "verdict": verdict,
                "seed_value": seed,
                "verified_value": verified,
                "value_ref": ref,
            }
        ]
    )


@pytest.mark.parametrize(
    ("verdict", "seed", "verified", "ok"),
    [
        ("confirmed", "250", "244", True),  # |250-244|/244 = 2.5% <= 10%
        ("confirmed", "9", "8", False),  # |9-8|/8 = 12.5% > 10%
        ("partly-true", "9", "8", True),  # partly true may differ by more than rounding
        ("misleading", "100", "30", True),
        ("differs", "100", "30", True),
        ("confirmed", "", "30", True),  # no seed figure: nothing to compare
    ],
)
def test_confirmed_means_within_rounding(verdict, seed, verified, ok):
    probs = rules.claim_problems(claims(verdict, seed, verified), {}, KEYS)
    assert (probs == []) is ok


def test_a_claim_tied_to_a_deal_follows_the_deal():
    tables = {"deals": deals(("oracle", "300", "wire"))}
    tied = claims("confirmed", "300", "300", "deals:oracle:amount_usd_bn")
    assert rules.claim_problems(tied, tables, KEYS) == []
    tables["deals"].loc[0, "amount_usd_bn"] = "350"  # the data changes, the typed claim does not
    probs = rules.claim_problems(tied, tables, KEYS)
    assert [(p.row, p.field) for p in probs] == [(2, "verified_value")]
    assert "300 disagrees with deals:oracle:amount_usd_bn = 350" in probs[0].message


def test_a_claim_pointing_nowhere_is_reported():
    tables = {"deals": deals(("oracle", "300", "wire"))}
    for ref in ("deals:nope:amount_usd_bn", "deals:oracle:no_such_column"):
        probs = rules.claim_problems(claims("confirmed", "300", "300", ref), tables, KEYS)
        assert [p.field for p in probs] == ["value_ref"]


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"url": "https://staging.irishtimes.com/a"}, "url"),
        ({"url": "https://englishline-test.example.uk/a"}, "url"),
        ({"url": "http://3.127.128.221/?p=1"}, "url"),
        ({"url": "https://archive.ph/abc"}, "url"),
        ({"url": ""}, "url"),
        ({"date": ""}, "date"),
        ({"date": "2025-01-01"}, "date"),
        ({"note": "data set; prices", "origin": ""}, "origin"),
        ({"note": "data set", "origin": "not stated by the package"}, "grade"),  # graded W below
    ],
)
def test_bad_bib_entries_are_rejected_with_their_line(kw, field):
    probs = rules.bib_problems({"e": src("e", "W", **kw)})
    assert [(p.file, p.row, p.field) for p in probs] == [("references.bib", 7, field)]
    assert str(probs[0]).startswith(f"references.bib:7: {field}: entry e ")


def test_flagged_entries_pass_and_pages_dev_is_a_real_host():
    ok = {
        "a": src("a", "W", date="", undated="no date shown"),
        "b": src("b", "W", url="", nourl="address not kept"),
        "c": src("c", "S", url="https://alphasteve.pages.dev/x"),
        "d": src("d", "W", date="2008"),  # year only: honest, not a placeholder
    }
    assert rules.bib_problems(ok) == []


def test_one_outlet_one_grade():
    probs = rules.bib_problems(
        {"a": src("a", "S", outlet="faq.com.tw"), "b": src("b", "L", outlet="faq.com.tw")}
    )
    assert sorted(p.message.split()[1] for p in probs) == ["a", "b"]


def test_source_line_names_primary_sources_beyond_the_limit():
    sources = {f"s{i}": src(f"s{i}", "S", author=f"Blog{i}") for i in range(6)}
    sources["p"] = src("p", "P", author="Oracle")
    line = bib.source_line(list(sources), sources)
    # 7 keys > limit 6: 6 S + 1 P, and the P source is named
    assert line == (
        "7 sources (1 P, 6 S; primary and wire: Oracle 2025), listed per row in the report's data files"
    )


def test_primary_share_counts_key_findings_only():
    kf = pd.DataFrame(
        {
            "why": ["key-finding", "key-finding", "key-finding", "large-deal"],
            "status": ["primary", "primary", "no-primary-found", "not-yet-resourced"],
        }
    )
    assert evidence.primary_share(kf) == pytest.approx(2 / 3)  # 2 of the 3 key-finding rows


def test_citestyle_unescapes_dollars_and_percents_and_keeps_title_case():
    from pybtex.database import parse_string

    bd = parse_string(
        "@online{k, title = {OpenAI Sign \\$300 Billion Deal, Up 60\\% on {NVIDIA}}, organization = {WSJ},"
        " grade = {W}, year = {2025}}",
        "bibtex",
    )
    text = next(iter(citestyle.Style().format_entries(bd.entries.values()))).text.render_as("text")
    # unsrt would print 'Openai sign \\$300 billion deal, up 60' (lower case, escape kept, '%' read as a comment)
    assert "OpenAI Sign $300 Billion Deal, Up 60% on NVIDIA." in text


def test_shipped_anchor_facts_and_ties():
    tables = datasets.load_all()
    keys = evidence.keys_of(datasets.descriptor(datasets.find_data_dir()))
    for table, key, col, value in ANCHOR_FACTS:
        row = tables[table].set_index(keys[table][0]).loc[key]
        assert float(row[col]) == pytest.approx(value)
    cl = tables["claims"]
    tied = evidence.tied_values(cl, tables, keys)
    c013 = cl.index[cl["claim_id"] == "C013"][0]
    assert tied[c013] == pytest.approx(300.0)
    c086 = cl.index[cl["claim_id"] == "C086"][0]
    assert tied[c086] == pytest.approx(MAG7_NET_INCOME_2024)


def test_editing_a_deal_breaks_its_claim(data_copy):
    _header, rows = read_rows(data_copy / "deals.csv")
    i = next(n for n, r in enumerate(rows) if r["deal_id"] == "openai-oracle-300b")
    edit_cell(data_copy / "deals.csv", i, "amount_usd_bn", "350")
    _, crow = read_rows(data_copy / "claims.csv")
    line = next(n for n, r in enumerate(crow) if r["claim_id"] == "C013") + 2
    probs = [str(p) for p in datasets.validate(data_copy)]
    assert (
        f"claims.csv:{line}: verified_value: 300 disagrees with deals:openai-oracle-300b:amount_usd_bn = 350; update the claim"
        in probs
    )


def test_cited_in_lists_rows_per_table_and_counts_the_rest():
    tables = {
        "deals": pd.DataFrame({"deal_id": ["a", "b", "c"], "sources": ["k;x", "k", "k"]}),
        "claims": pd.DataFrame({"claim_id": ["C001"], "seeds": ["k"], "sources": ["k"]}),
    }
    keys = {"deals": ["deal_id"], "claims": ["claim_id"]}
    got = evidence.cited_in(tables, keys, shown=2)
    # k: deals rows a, b, c (2 shown, 1 more); claims C001 once although it sits in two columns
    assert got["k"] == "deals.csv (a, b and 1 more); claims.csv (C001)"
    assert got["x"] == "deals.csv (a)"


def test_tables_named_reads_both_kinds_of_reference():
    cl = pd.DataFrame({"value_ref": ["deals:a:amount_usd_bn", "", None, "market_events:e:close_change_pct"]})
    kf = pd.DataFrame({"ref": ["training_costs:x/y", "deals:b"]})
    assert evidence.tables_named(cl, kf) == ["deals", "market_events", "training_costs"]


def test_a_claim_tied_to_a_sum_follows_every_row_in_it():
    tables = {"deals": deals(("a", "10", "wire"), ("b", "20.5", "wire"))}
    tied = claims("confirmed", "30", "30.5", "deals:a:amount_usd_bn + deals:b:amount_usd_bn")
    assert (
        rules.tied_value("deals:a:amount_usd_bn + deals:b:amount_usd_bn", tables, KEYS) == 30.5
    )  # 10 + 20.5
    assert rules.claim_problems(tied, tables, KEYS) == []
    tables["deals"].loc[1, "amount_usd_bn"] = "25"  # 10 + 25 = 35, the typed 30.5 no longer matches
    probs = rules.claim_problems(tied, tables, KEYS)
    assert [(p.row, p.field) for p in probs] == [(2, "verified_value")]
    assert probs[0].message.endswith("= 35; update the claim")


def test_a_number_over_a_sum_is_checked_to_the_digits_typed():
    tables = {"deals": deals(("a", "150", "wire"), ("b", "333.5", "wire"))}
    ref = "1000 / (deals:a:amount_usd_bn + deals:b:amount_usd_bn)"
    # 1000 / (150 + 333.5) = 1000 / 483.5 = 2.06825...
    assert rules.tied_value(ref, tables, KEYS) == pytest.approx(2.06825, abs=1e-5)
    # half a unit in the last digit typed: 2.068 -> 0.0005 (gap 0.00025), 2.07 -> 0.005 (gap 0.0017),
    # 2.06 -> 0.005 (gap 0.0083, rejected), 2.1 -> 0.05 (gap 0.032), 2.2 -> 0.05 (gap 0.13, rejected)
    for typed, ok in (("2.068", True), ("2.07", True), ("2.06", False), ("2.1", True), ("2.2", False)):
        probs = rules.claim_problems(claims("partly-true", "2", typed, ref), tables, KEYS)
        assert (probs == []) is ok, typed


def test_a_term_that_names_no_row_is_reported_and_yields_no_value():
    tables = {"deals": deals(("a", "10", "wire"))}
    ref = "deals:a:amount_usd_bn + deals:zz:amount_usd_bn"
    assert rules.tied_value(ref, tables, KEYS) is None
    probs = rules.claim_problems(claims("confirmed", "10", "10", ref), tables, KEYS)
    assert [p.field for p in probs] == ["value_ref"]
    assert "deals:zz" in probs[0].message


def market_values(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    cols = ("company_id", "date", "kind", "market_value_usd_bn")
    return pd.DataFrame([dict(zip(cols, r)) | {"price_basis": "close"} for r in rows])


def test_a_claim_tied_to_the_latest_market_value_moves_with_the_data():
    mv = market_values(
        ("nvidia", "2025-09-30", "market-cap", "4500"),
        ("nvidia", "2026-06-26", "market-cap", "4700"),
        ("nvidia", "2026-06-30", "private-valuation-post-money", "9999"),  # not a market cap: ignored
        ("amd", "2026-07-01", "market-cap", "300"),  # another company: ignored
    )
    tables = {"market_values": mv}
    keys = {"market_values": ["company_id", "date", "kind", "price_basis"]}
    ref = "market_values:latest(nvidia):market_value_usd_bn"
    assert rules.tied_value(ref, tables, keys) == 4700.0  # the 2026-06-26 row, the latest market cap
    assert rules.claim_problems(claims("confirmed", "4500", "4700", ref), tables, keys) == []
    tables["market_values"] = pd.concat([mv, market_values(("nvidia", "2026-07-01", "market-cap", "4000"))])
    probs = rules.claim_problems(claims("confirmed", "4500", "4700", ref), tables, keys)
    assert [p.field for p in probs] == ["verified_value"]  # the new latest row, 4000, disagrees with 4700
    assert rules.tied_value("market_values:latest(nobody):market_value_usd_bn", tables, keys) is None


def test_tables_named_reads_every_term_of_a_computed_tie():
    cl = pd.DataFrame({"value_ref": ["1000 / (financials:a/b:value_usd_bn + deals:c:amount_usd_bn)"]})
    kf = pd.DataFrame({"ref": ["market_events:x"]})
    assert evidence.tables_named(cl, kf) == ["deals", "financials", "market_events"]


def test_editing_one_net_income_moves_the_magnificent_seven_total(data_copy):
    _header, rows = read_rows(data_copy / "financials.csv")
    i = next(
        n
        for n, r in enumerate(rows)
        if (r["company_id"], r["metric"], r["period_label"]) == ("apple", "net-income", "FY2024")
    )
    edit_cell(data_copy / "financials.csv", i, "value_usd_bn", "100.6")
    _, crow = read_rows(data_copy / "claims.csv")
    lines = {r["claim_id"]: n + 2 for n, r in enumerate(crow)}
    probs = [str(p) for p in datasets.validate(data_copy)]
    # C086: MAG7_NET_INCOME_2024 483.569 - 93.736 + 100.6 = 490.433; C087: 1000 / 490.433 = 2.039, not 2.068
    assert any(
        p.startswith(f"claims.csv:{lines['C086']}: verified_value: 483.569 disagrees")
        and p.endswith("= 490.433; update the claim")
        for p in probs
    )
    assert any(p.startswith(f"claims.csv:{lines['C087']}: verified_value: 2.068 disagrees") for p in probs)
