"""The validator checks that a run's stated GPU-hours equal the sum of its published stages."""

from __future__ import annotations

import pandas as pd

from moneyloop.rules import costs as rule


def _tables(r1_hours: str) -> dict[str, pd.DataFrame]:
    runs = pd.DataFrame({"run_id": ["v3", "r1"], "gpu_hours": ["2788000", r1_hours]})
    parts = pd.DataFrame(
        {
            "run_id": ["v3", "v3", "r1", "r1"],
            "stage_order": ["1", "2", "1", "2"],
            "gpu_hours": ["2664000", "124000", "101000", "46000"],
            "usd_per_gpu_hour": ["2", "2", "2", "2"],
            "stated_cost_usd_bn": ["", "", "", ""],
        }
    )
    return {"training_runs": runs, "deepseek_cost_components": parts}


def test_consistent_stages_pass():
    # v3: 2,664,000 + 124,000 = 2,788,000; r1: 101,000 + 46,000 = 147,000
    assert rule.check(_tables("147000"), {}) == []


def test_a_run_whose_stages_do_not_add_up_is_located_at_its_row():
    (p,) = rule.check(_tables("150000"), {})
    assert (p.file, p.row, p.field) == ("training_runs.csv", 3, "gpu_hours")  # r1 is data row 1 -> row 3
    assert "states 150,000 GPU-hours" in p.message and "add up to 147,000" in p.message


def test_unreadable_numbers_are_left_to_the_schema_checks():
    tables = _tables("150000")
    tables["deepseek_cost_components"].loc[0, "gpu_hours"] = "lots"
    assert rule.check(tables, {}) == []
    assert rule.check({"training_runs": tables["training_runs"]}, {}) == []
