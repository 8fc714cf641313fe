"""Tests for moneyloop.dictionary: the data dictionary's tables and constraint wording."""

from __future__ import annotations

import pandas as pd

from moneyloop import dictionary

RESOURCE = {
    "name": "deals",
    "path": "deals.csv",
    "description": "One row per deal.",
    "schema": {
        "primaryKey": ["deal_id"],
        "fields": [
            {"name": "deal_id", "type": "string", "constraints": {"required": True, "unique": True}},
            {"name": "payer_id", "type": "string", "description": "Who pays."},
            {"name": "amount_usd_bn", "constraints": {"minimum": 0, "maximum": 1000}, "type": "number"},
            {"name": "starts", "type": "date", "forwardLooking": True},
        ],
        "foreignKeys": [
            {"fields": "payer_id", "reference": {"resource": "companies", "fields": "company_id"}},
            {"fields": ["deal_id"], "reference": {"resource": "", "fields": ["deal_id"]}},
        ],
    },
}


def test_constraints_read_in_a_fixed_order():
    field = {
        "constraints": {
            "maxLength": 1000,
            "pattern": "^[a-z]+$",
            "enum": ["a", "b"],
            "required": True,
            "unique": True,
            "minimum": 0,
            "maximum": 5,
        }
    }
    assert dictionary.constraint_text(field) == (
        "required; unique; ≥ 0; ≤ 5; one of: a, b; pattern ^[a-z]+$; at most 1,000 characters"
    )


def test_forward_looking_fields_say_so_and_no_constraints_is_blank():
    assert dictionary.constraint_text({"forwardLooking": True}) == "may lie after the as-of date"
    assert dictionary.constraint_text({}) == ""


def test_tables_list_rows_key_and_description():
    other = {"name": "notes", "path": "notes.csv", "schema": {"primaryKey": "note_id", "fields": []}}
    t = dictionary.tables({"resources": [RESOURCE, other]}, {"deals": 3})
    assert t.to_dict("records") == [
        {
            "Table": "deals",
            "File": "deals.csv",
            "Rows": 3,
            "Primary key": "deal_id",
            "Description": "One row per deal.",
        },
        {"Table": "notes", "File": "notes.csv", "Rows": 0, "Primary key": "note_id", "Description": ""},
    ]


def test_fields_resolve_references_including_to_the_same_table():
    f = dictionary.fields(RESOURCE).set_index("Field")
    assert list(f.index) == ["deal_id", "payer_id", "amount_usd_bn", "starts"]
    assert f.loc["payer_id", "References"] == "companies.company_id"
    assert f.loc["deal_id", "References"] == "deals.deal_id"  # an empty resource means this table
    assert f.loc["amount_usd_bn", "Constraints"] == "≥ 0; ≤ 1000"
    assert f.loc["starts", "Type"] == "date" and f.loc["payer_id", "Description"] == "Who pays."
    assert f.loc["starts", "References"] == ""


def test_package_numbers_count_tables_rows_and_sources():
    tables = {"a": pd.DataFrame({"x": [1, 2]}), "b": pd.DataFrame({"y": range(1500)})}
    # 2 tables, 2 + 1,500 = 1,502 rows, 3 sources
    assert dictionary.package_numbers(tables, {"k1": 0, "k2": 0, "k3": 0}) == {
        "data-tables": "2",
        "data-rows": "1,502",
        "data-sources": "3",
    }
    assert dictionary.rows(tables) == {"a": 2, "b": 1500}


def test_universe_numbers_read_the_first_deal_and_the_standing_ones():
    deals = pd.DataFrame(
        {
            "announced": pd.to_datetime(["2024-03-05", "2023-11-20", "2025-01-01"]),
            "status": ["funded", "superseded", "loi"],
        }
    )
    n = dictionary.universe_numbers(deals)
    # first deal November 2023; the superseded one no longer stands: 2 of 3
    assert (n["data-universe-first"], n["data-universe-standing"]) == ("November 2023", "2")
    assert n["data-universe-min"] == "$1B"


def test_field_tables_caption_each_table_with_its_file_and_rows():
    parts = dictionary.field_tables({"resources": [RESOURCE]}, {"deals": pd.DataFrame({"x": [1, 2, 3]})})
    assert [caption for _, caption in parts] == ["deals (deals.csv, 3 rows)"]
    assert list(parts[0][0]["Field"]) == ["deal_id", "payer_id", "amount_usd_bn", "starts"]
    assert dictionary.paths({"resources": [RESOURCE]}) == ["deals.csv"]
    assert list(dictionary.grades()["Grade"]) == ["P", "W", "S", "L"]
