"""Tests for moneyloop.ext.datacheck: a build refused for bad data says where and what to do."""

from __future__ import annotations

from moneyloop.ext import datacheck
from moneyloop.problem import Problem


def test_a_refusal_is_the_located_lines_and_one_sentence():
    text = datacheck.refusal([Problem("deals.csv", 7, "amount_usd_bn", "must be a number")])
    lines = text.splitlines()
    assert lines[0] == "deals.csv:7: amount_usd_bn: must be a number"
    assert len(lines) == 2 and lines[1].startswith("The build stopped: the data package has 1 problem(s)")
