"""The anchor facts hold in the shipped data, and each rests on a source the data cite for that row."""

from __future__ import annotations

import pytest

from anchors import ANCHORS, row, shipped
from moneyloop import bib, datasets


@pytest.mark.parametrize("name", sorted(ANCHORS))
def test_anchor_holds(name):
    assert shipped(name) == ANCHORS[name].value


@pytest.mark.parametrize("name", sorted(ANCHORS))
def test_anchor_source_is_cited_by_its_row(name):
    a = ANCHORS[name]
    assert a.source in bib.split_keys(row(a.table, a.key)["sources"])
    assert a.source in datasets.sources()
