"""Tests for moneyloop.deals.layout (the web layout), on hand-made graphs with answers worked out by hand."""

from __future__ import annotations

import pandas as pd

from deals_fixtures import graph
from moneyloop import deals as dl


def test_layout_is_deterministic_and_scaled():
    d = dl.pair_flows(graph("announced"))
    a, b = dl.layout(d, seed=3), dl.layout(d, seed=3)
    pd.testing.assert_frame_equal(a, b)
    assert a["x"].between(0, 1).all() and a["y"].between(0, 1).all()


def test_layout_does_not_depend_on_the_hash_seed():
    import os
    import subprocess
    import sys

    code = (
        "from tests.deals_fixtures import graph; from moneyloop import deals as dl; "
        "print(dl.layout(dl.pair_flows(graph('announced'))).round(6).to_json())"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            cwd=os.getcwd(),
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(runs) == 1
