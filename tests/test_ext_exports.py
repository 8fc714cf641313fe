"""Tests for moneyloop.ext.exports: figure numbers unique across the report."""

from __future__ import annotations

from types import SimpleNamespace

from moneyloop.ext import exports


def test_figures_on_unnumbered_pages_get_chapter_zero():
    nums = {
        "book/intro": {"figure": {"fig-a": (1,), "fig-b": (2,)}},
        "book/deal-loop": {"figure": {"fig-c": (1, 1)}},
    }
    exports.unique_numbers(nums)
    assert nums == {
        "book/intro": {"figure": {"fig-a": (0, 1), "fig-b": (0, 2)}},
        "book/deal-loop": {"figure": {"fig-c": (1, 1)}},
    }
    env = SimpleNamespace(toc_fignumbers=nums)
    figs = [{"docname": "book/deal-loop", "id": "c"}, {"docname": "book/intro", "id": "b"}]
    assert [exports.number(env, f) for f in exports.ordered(env, figs)] == ["0.2", "1.1"]
