"""Tests for moneyloop.ext.execute: which pages still need executing."""

from __future__ import annotations

from moneyloop.ext import execute


def test_missing_lists_notebooks_the_cache_lacks():
    class Cache:
        def match_cache_notebook(self, nb):
            if nb != "cached":
                raise KeyError(nb)

    assert execute.missing(Cache(), [("a", "cached"), ("b", "new")]) == ["b"]
