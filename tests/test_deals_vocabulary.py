"""Tests for moneyloop.deals.vocabulary (amounts and views), on hand-made graphs with answers worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from deals_fixtures import DEALS
from moneyloop import deals as dl


def test_headline_and_firm_amounts():
    # d3 is "up to 100" with a range 0..100: the headline quotes 100, the firm amount is the low end, 0.
    head = dl.headline_amount(DEALS).tolist()
    firm = dl.firm_amount(DEALS).tolist()
    assert head[2] == 100 and firm[2] == 0
    assert head[0] == firm[0] == 300


def test_views_select_the_right_deals():
    assert set(dl.select(DEALS, "announced")["deal_id"]) == {"d1", "d2", "d3", "d4", "d5", "d6", "d7"}
    assert set(dl.select(DEALS, "headline")["deal_id"]) == {
        "d1",
        "d2",
        "d4",
        "d5",
        "d6",
        "d7",
    }  # d3 superseded
    assert set(dl.select(DEALS, "binding")["deal_id"]) == {"d1", "d4", "d5", "d6", "d7"}  # d2 only reported
    with pytest.raises(ValueError):
        dl.select(DEALS, "everything")


def test_count_of_counts_one_value():
    t = pd.DataFrame({"resource": ["cash", "undrawn-credit", "undrawn-credit", None]})
    assert dl.count_of(t, "resource", "undrawn-credit") == 2 and dl.count_of(t, "resource", "debt") == 0


def test_lifecycle_names_every_status_the_data_allow():
    from moneyloop import datasets

    desc = datasets.descriptor(datasets.find_data_dir())
    (deals,) = (r for r in desc["resources"] if r["name"] == "deals")
    (status,) = (f for f in deals["schema"]["fields"] if f["name"] == "status")
    assert sorted(dl.LIFECYCLE) == sorted(status["constraints"]["enum"])
    assert dl.LIFECYCLE[:4] == ("reported", "loi", "definitive", "funded")  # weakest to firmest
