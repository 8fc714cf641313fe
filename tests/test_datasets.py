"""The shipped data package loads typed and valid; every kind of broken copy is reported precisely."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from conftest import DATA, edit_cell, read_rows
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


def test_shipped_package_is_valid(shipped_problems):
    assert [str(p) for p in shipped_problems] == []


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
    # Floors, not counts: the fact sheets ask for at least 40 companies, 50 deals and 100 claims,
    # and a routine data update adds rows; exact values of shipped data are anchors (tests/anchors.py).
    t = datasets.load_all(DATA)
    assert len(t["companies"]) >= 40
    assert len(t["deals"]) >= 50
    assert len(t["claims"]) >= 100
    assert t["deals"]["deal_id"].is_unique


def test_every_payer_and_payee_is_a_company():
    t = datasets.load_all(DATA)
    ids = set(t["companies"]["company_id"])
    assert set(t["deals"]["payer"]) <= ids and set(t["deals"]["payee"]) <= ids


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


# --- broken copies: the corpus is tests/test_broken_data.py; here, what spans several problems ---------


def test_every_problem_is_listed_at_once(data_copy):
    edit_cell(data_copy / "deals.csv", 0, "amount_usd_bn", "lots")
    edit_cell(data_copy / "companies.csv", 0, "country", "usa")
    with pytest.raises(DataError) as info:
        datasets.load_all(data_copy)
    text = str(info.value)
    assert "deals.csv:2: amount_usd_bn:" in text and "companies.csv:2: country:" in text


def test_did_you_mean_prefers_the_same_letters_then_the_closest_spelling():
    assert datasets._did_you_mean("wsj2025oracle", ["WSJ2025oracle", "Reuters2025oracle"]) == (
        "; did you mean 'WSJ2025oracle'?"
    )
    assert datasets._did_you_mean("opneai", ["openai", "oracle"]) == "; did you mean 'openai'?"
    assert datasets._did_you_mean("acme-imaginary", ["openai", "oracle"]) == ""


def test_latest_publication_ignores_access_dates():
    from moneyloop.bib import Source

    def src(date: str, urldate: str) -> Source:
        return Source(
            key="k",
            author="a",
            title="t",
            year=date[:4],
            date=date,
            url="",
            outlet="o",
            grade="P",
            urldate=urldate,
        )

    known = {"a": src("2026-05-01", "2026-11-01"), "b": src("2026-11-20", "2026-11-20"), "c": src("", "x")}
    # b's date is its access date (no publication date), c has none: the latest publication is a's
    assert datasets.latest_publication(known) == pd.Timestamp("2026-05-01")


def test_validation_is_remembered_under_build_beside_the_data(data_copy):
    datasets.load_all(data_copy)
    stamps = list((data_copy.parent / "_build" / ".moneyloop").glob("valid-*"))
    assert len(stamps) == 1
    edit_cell(data_copy / "companies.csv", 0, "description", "A new description.")
    datasets.load_all(data_copy)
    again = list((data_copy.parent / "_build" / ".moneyloop").glob("valid-*"))
    assert len(again) == 1 and again != stamps  # the old bytes' stamp is replaced, not kept beside it


def test_status_vocabularies_match_the_schema():
    from moneyloop.deals import vocabulary

    enum = next(f for f in datasets.fields("deals", DATA) if f["name"] == "status")["constraints"]["enum"]
    assert set(vocabulary.STATUS_LABELS) == set(enum)
    # binding and ended statuses are disjoint parts of the schema's list; the rest are announced, not signed
    assert not set(vocabulary.BINDING) & set(vocabulary.ENDED)
    assert set(enum) - set(vocabulary.BINDING) - set(vocabulary.ENDED) == {"reported", "loi"}


def test_a_deal_replacing_itself_is_reported_once(data_copy):
    _, rows = read_rows(data_copy / "deals.csv")
    i = next(k for k, r in enumerate(rows) if r["deal_id"] == "nvda-openai-loi")
    row = edit_cell(data_copy / "deals.csv", i, "superseded_by", "nvda-openai-loi")
    # one rule says it (rules/deals.py); the generic table rules no longer repeat it in other words
    assert [p for p in messages(data_copy) if p.startswith(f"deals.csv:{row}: superseded_by:")] == [
        f"deals.csv:{row}: superseded_by: a deal cannot replace itself"
    ]
