"""The shipped data package loads typed and valid; every kind of broken copy is reported precisely."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from conftest import DATA, edit_cell, read_rows, write_rows
from moneyloop import datasets
from moneyloop.datasets import DataError


def messages(data_dir: Path) -> list[str]:
    return [str(p) for p in datasets.validate(data_dir)]


def assert_reported(data_dir: Path, file: str, row: int, field: str) -> str:
    """Exactly the located problem appears (and nothing unrelated to it fails)."""
    msgs = messages(data_dir)
    prefix = f"{file}:{row}: {field}:"
    hits = [m for m in msgs if m.startswith(prefix)]
    assert hits, f"expected a message starting {prefix!r}, got {msgs}"
    return hits[0]


# --- the shipped package ------------------------------------------------------------------


def test_shipped_package_is_valid():
    assert datasets.validate(DATA) == []


def test_tables_are_typed():
    deals = datasets.load("deals", DATA)
    assert pd.api.types.is_datetime64_any_dtype(deals["announced"])
    assert deals["amount_usd_bn"].dtype == "float64"
    assert isinstance(deals["status"].dtype, pd.CategoricalDtype)
    assert list(deals["status"].cat.categories) == [
        "reported",
        "loi",
        "definitive",
        "funded",
        "terminated",
        "superseded",
    ]
    claims = datasets.load("claims", DATA)
    assert isinstance(claims["verdict"].dtype, pd.CategoricalDtype)


def test_sizes_meet_the_coverage_the_fact_sheets_require():
    t = datasets.load_all(DATA)
    assert len(t["companies"]) >= 40
    assert len(t["deals"]) >= 50
    assert len(t["claims"]) >= 100
    assert t["deals"]["deal_id"].is_unique


def test_every_payer_and_payee_is_a_company():
    t = datasets.load_all(DATA)
    ids = set(t["companies"]["company_id"])
    assert set(t["deals"]["payer"]) <= ids and set(t["deals"]["payee"]) <= ids


def test_values_match_the_fact_sheets():
    deals = datasets.load("deals", DATA).set_index("deal_id")
    # facts-deal-loop.md §1: WSJ's Oracle contract, $300B over ~5 years, reported not confirmed.
    assert deals.at["openai-oracle-300b", "amount_usd_bn"] == 300
    assert deals.at["openai-oracle-300b", "payer"] == "openai"
    assert deals.at["openai-oracle-300b", "payee"] == "oracle"
    # The NVIDIA letter of intent was non-binding, "up to $100B", and replaced by an equity stake.
    loi = deals.loc["nvda-openai-loi"]
    assert loi["amount_high_usd_bn"] == 100
    assert loi["status"] == "superseded"
    assert deals.at[loi["superseded_by"], "amount_usd_bn"] == 30
    # AMD's deal is 6 GW, announced 6 October 2025.
    assert deals.at["amd-openai-6gw", "capacity_gw"] == 6
    assert deals.at["amd-openai-6gw", "announced"] == pd.Timestamp("2025-10-06")


def test_claims_ledger_verdicts_are_explained():
    claims = datasets.load("claims", DATA)
    verdicts = {"confirmed", "partly-true", "misleading", "differs", "unverifiable", "outdated"}
    assert set(claims["verdict"].dropna()) <= verdicts
    assert claims["explanation"].str.len().min() > 10
    outdated = claims[claims["verdict"] == "outdated"]
    assert outdated["changed_on"].notna().all()


def test_seed_articles_are_in_the_bibliography():
    src = datasets.sources(DATA)
    for key in [
        "Dong2025goldrush",
        "Anup2025loop",
        "TechFlow2026leverage",
        "MemeInsider2025trillion",
        "Wuyifan2025roulette",
    ]:
        assert key in src
    assert src["Dong2025goldrush"].title == "米国データセンターの「ゴールドラッシュ時代」"


def test_bib_keys_follow_author_year_word():
    for key in datasets.sources(DATA):
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9]*\d{4}[a-z0-9]+", key), key


def test_as_of_is_early_july_2026():
    # facts-2026-update.md: the stored sources stop in early July 2026.
    d = datasets.as_of(DATA)
    assert pd.Timestamp("2026-06-15") <= d <= pd.Timestamp("2026-07-31")


def test_load_unknown_table_names_the_tables():
    with pytest.raises(KeyError, match="no table 'dealz'"):
        datasets.load("dealz", DATA)


# --- broken copies: each names file, row and field ----------------------------------------


def test_wrong_type(data_copy):
    row = edit_cell(data_copy / "deals.csv", 0, "amount_usd_bn", "lots")
    assert "'lots' is not a valid number" in assert_reported(data_copy, "deals.csv", row, "amount_usd_bn")


def test_negative_amount(data_copy):
    row = edit_cell(data_copy / "deals.csv", 1, "amount_usd_bn", "-5")
    assert "minimum" in assert_reported(data_copy, "deals.csv", row, "amount_usd_bn")


def test_unknown_company(data_copy):
    row = edit_cell(data_copy / "deals.csv", 2, "payer", "acme-imaginary")
    msg = assert_reported(data_copy, "deals.csv", row, "payer")
    assert "'acme-imaginary' is not a known company_id in companies" in msg


def test_unknown_source_key(data_copy):
    row = edit_cell(data_copy / "deals.csv", 3, "sources", "Nobody2099nothing")
    assert "Nobody2099nothing" in assert_reported(data_copy, "deals.csv", row, "sources")


def test_duplicate_id(data_copy):
    header, rows = read_rows(data_copy / "deals.csv")
    rows[4]["deal_id"] = rows[3]["deal_id"]
    write_rows(data_copy / "deals.csv", header, rows)
    assert "duplicate" in assert_reported(data_copy, "deals.csv", 6, "deal_id")


def test_bad_date(data_copy):
    row = edit_cell(data_copy / "deals.csv", 5, "announced", "2025-13-45")
    assert "YYYY-MM-DD" in assert_reported(data_copy, "deals.csv", row, "announced")


def test_low_above_high(data_copy):
    path = data_copy / "deals.csv"
    edit_cell(path, 6, "amount_usd_bn", "")
    edit_cell(path, 6, "amount_low_usd_bn", "10")
    row = edit_cell(path, 6, "amount_high_usd_bn", "5")
    assert "above high" in assert_reported(data_copy, "deals.csv", row, "amount_low_usd_bn")


def test_missing_column(data_copy):
    header, rows = read_rows(data_copy / "deals.csv")
    header.remove("flow_type")
    for r in rows:
        r.pop("flow_type")
    write_rows(data_copy / "deals.csv", header, rows)
    assert "missing" in assert_reported(data_copy, "deals.csv", 1, "flow_type")


def test_extra_column(data_copy):
    header, rows = read_rows(data_copy / "companies.csv")
    header.append("mood")
    for r in rows:
        r["mood"] = "bullish"
    write_rows(data_copy / "companies.csv", header, rows)
    assert "not in datapackage.json" in assert_reported(data_copy, "companies.csv", 1, "mood")


def test_empty_file(data_copy):
    (data_copy / "claims.csv").write_text("", encoding="utf-8")
    msgs = messages(data_copy)
    assert any(m.startswith("claims.csv:1: -: file is empty") for m in msgs), msgs


def test_non_utf8_bytes(data_copy):
    path = data_copy / "companies.csv"
    lines = path.read_bytes().split(b"\n")
    lines[3] = lines[3].replace(b",", b",Soci\xe9t\xe9 ", 1)  # Latin-1 bytes on line 4
    path.write_bytes(b"\n".join(lines))
    msgs = messages(data_copy)
    assert any(m.startswith("companies.csv:4: -: not UTF-8") for m in msgs), msgs


def test_markup_in_text_field(data_copy):
    row = edit_cell(data_copy / "deals.csv", 7, "description", "<img src=x onerror=alert(1)>")
    assert "markup" in assert_reported(data_copy, "deals.csv", row, "description")


def test_bad_enum(data_copy):
    row = edit_cell(data_copy / "deals.csv", 8, "status", "maybe")
    assert "enum" in assert_reported(data_copy, "deals.csv", row, "status")


def test_required_value_missing(data_copy):
    row = edit_cell(data_copy / "companies.csv", 2, "name", "")
    assert "required" in assert_reported(data_copy, "companies.csv", row, "name")


def test_id_pattern(data_copy):
    path = data_copy / "companies.csv"
    header, rows = read_rows(path)
    old = rows[0]["company_id"]
    rows[0]["company_id"] = "Not A Slug"
    write_rows(path, header, rows)
    msgs = messages(data_copy)
    assert any(m.startswith("companies.csv:2: company_id:") and "pattern" in m for m in msgs), msgs
    # ... and every deal that used the old id is reported as pointing at an unknown company
    assert any(f"'{old}' is not a known company_id" in m for m in msgs)


def test_date_precision_must_match_the_date(data_copy):
    path = data_copy / "deals.csv"
    _, rows = read_rows(path)
    i = next(
        i for i, r in enumerate(rows) if r["date_precision"] == "day" and not r["announced"].endswith("-01")
    )
    row = edit_cell(path, i, "date_precision", "month")
    assert "first of the month" in assert_reported(data_copy, "deals.csv", row, "announced")


def test_outdated_claim_needs_its_date(data_copy):
    path = data_copy / "claims.csv"
    _, rows = read_rows(path)
    i = next(i for i, r in enumerate(rows) if r["verdict"] == "confirmed")
    row = edit_cell(path, i, "verdict", "outdated")
    assert "outdated" in assert_reported(data_copy, "claims.csv", row, "changed_on")


def test_low_grade_source_alone_is_rejected(data_copy):
    row = edit_cell(data_copy / "deals.csv", 9, "sources", "MemeInsider2025trillion")  # graded L
    assert "low-grade" in assert_reported(data_copy, "deals.csv", row, "sources")


def test_ungraded_source_is_rejected(data_copy):
    bib = data_copy / "references.bib"
    text = bib.read_text(encoding="utf-8")
    text = text.replace("  grade = {S},\n", "", 1)  # the first S-graded entry is Dong2025goldrush
    bib.write_text(text, encoding="utf-8")
    line = text[: text.index("@online{Dong2025goldrush")].count("\n") + 1
    msg = assert_reported(data_copy, "references.bib", line, "grade")
    assert "Dong2025goldrush" in msg


def test_superseded_by_must_name_a_deal(data_copy):
    path = data_copy / "deals.csv"
    _, rows = read_rows(path)
    i = next(i for i, r in enumerate(rows) if r["superseded_by"])
    row = edit_cell(path, i, "superseded_by", "no-such-deal")
    assert "no-such-deal" in assert_reported(data_copy, "deals.csv", row, "superseded_by")


def test_broken_datapackage_json(data_copy):
    (data_copy / "datapackage.json").write_text('{"resources": [', encoding="utf-8")
    assert any(m.startswith("datapackage.json:1: -: invalid JSON") for m in messages(data_copy))


def test_every_problem_is_listed_at_once(data_copy):
    edit_cell(data_copy / "deals.csv", 0, "amount_usd_bn", "lots")
    edit_cell(data_copy / "companies.csv", 0, "country", "usa")
    with pytest.raises(DataError) as info:
        datasets.load_all(data_copy)
    text = str(info.value)
    assert "deals.csv:2: amount_usd_bn:" in text and "companies.csv:2: country:" in text


def test_deal_status_must_match_its_latest_event(data_copy):
    _header, rows = read_rows(data_copy / "deals.csv")
    i = next(
        i for i, r in enumerate(rows) if r["deal_id"] == "nvda-openai-loi"
    )  # latest event: superseded, 2026-03-01
    row = edit_cell(data_copy / "deals.csv", i, "status", "loi")
    msg = assert_reported(data_copy, "deals.csv", row, "status")
    assert "'loi', but the latest event in deal_events.csv (2026-03-01) says 'superseded'" in msg


def test_deal_without_events_is_reported(data_copy):
    header, rows = read_rows(data_copy / "deal_events.csv")
    write_rows(data_copy / "deal_events.csv", header, [r for r in rows if r["deal_id"] != "spacex-cursor"])
    _, deals = read_rows(data_copy / "deals.csv")
    i = next(i for i, r in enumerate(deals) if r["deal_id"] == "spacex-cursor")
    assert "has no event" in assert_reported(data_copy, "deals.csv", i + 2, "status")
