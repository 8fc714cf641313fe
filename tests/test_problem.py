"""Tests for moneyloop.problem: how a located problem prints and how the error lists them."""

from __future__ import annotations

from moneyloop.problem import DataError, Problem


def test_a_problem_prints_file_row_field_and_message():
    assert (
        str(Problem("deals.csv", 7, "amount_usd_bn", "is negative"))
        == "deals.csv:7: amount_usd_bn: is negative"
    )


def test_row_zero_and_no_field_print_the_file_and_a_dash():
    assert str(Problem("references.bib", 0, "", "file not found")) == "references.bib: -: file not found"


def test_problems_sort_by_file_then_row():
    a, b, c = Problem("b.csv", 2, "", "x"), Problem("a.csv", 9, "", "x"), Problem("a.csv", 3, "", "x")
    assert sorted([a, b, c]) == [c, b, a]


def test_the_error_counts_distinct_problems_and_lists_them_sorted():
    p, q = Problem("b.csv", 2, "f", "bad"), Problem("a.csv", 3, "g", "worse")
    err = DataError([p, q, p])  # the repeat is reported once: 2 problems
    assert err.problems == [q, p]
    assert str(err) == "2 problem(s) in the data package:\n  a.csv:3: g: worse\n  b.csv:2: f: bad"
    assert isinstance(err, ValueError)
