"""Tests for moneyloop.book: glue, escaped tables (folded, stacked, linked keys) and cited keys."""

from __future__ import annotations

import pandas as pd
import pytest

from moneyloop import book


def test_21_rows_fold_and_20_do_not():
    # FOLD_ROWS is 20: a 20-row table stays open, a 21-row table is folded behind a summary
    assert "<details" not in book.table(pd.DataFrame({"a": range(20)})).data
    html = book.table(pd.DataFrame({"a": range(21)}), "Deals").data
    assert html.startswith('<details class="ml-fold"><summary>Show Deals (21 rows)</summary>')
    assert "<details" in book.table(pd.DataFrame({"a": [1]}), fold=True).data


def test_cells_are_escaped_and_wide_tables_stack_on_phones():
    html = book.table(
        pd.DataFrame({"Name": ["<img src=x>"], "b": [0.1 + 0.2], "c": [2.0], "d": [None], "e": [1]})
    ).data
    assert "&lt;img src=x&gt;" in html and "<img" not in html
    assert "<td>0.3</td>" in html  # 0.30000000000000004 shown as 0.3
    assert "<td>2</td>" in html and "<td>–</td>" in html
    assert "ml-stack" in html  # five columns (more than 4): stacked as cards on phones
    assert 'tabindex="0" role="region"' in html


def test_source_keys_link_to_references(monkeypatch):
    monkeypatch.setenv("MONEYLOOP_DOCNAME", "book/deal-loop")
    html = book.table(pd.DataFrame({"Sources": ["Dong2025goldrush;Anup2025loop"]})).data
    # from book/deal-loop.html the References page is ../book/appendix/references.html
    assert '<a href="../book/appendix/references.html#ref-Dong2025goldrush">' in html
    assert '<a href="../book/appendix/references.html#ref-Anup2025loop">' in html


def test_cited_keys_are_distinct_in_first_seen_order():
    a = pd.DataFrame({"sources": ["K1;K2", "K2", None]})
    b = pd.DataFrame({"sources": ["K3;K1"]})
    assert book.cited_keys(a, b, pd.DataFrame({"x": [1]})) == ["K1", "K2", "K3"]


def test_references_are_reached_from_any_depth(monkeypatch):
    monkeypatch.setenv("MONEYLOOP_DOCNAME", "book/appendix/data")
    assert book.references_href() == "../../book/appendix/references.html"
    monkeypatch.setenv("MONEYLOOP_DOCNAME", "index")
    assert book.references_href() == "book/appendix/references.html"


def test_glue_takes_only_formatted_text():
    with pytest.raises(TypeError, match="format numbers with moneyloop.fmt first"):
        book.glue("x", 3.0)


def test_glue_all_glues_each_pair_in_order(monkeypatch):
    seen = []
    monkeypatch.setattr(book, "glue", lambda name, text: seen.append((name, text)))
    book.glue_all({"b": "2", "a": "1"})
    assert seen == [("b", "2"), ("a", "1")]
