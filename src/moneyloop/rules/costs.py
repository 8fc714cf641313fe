"""DeepSeek cost rules: a run's stated GPU-hours equal the sum of its published training stages."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from moneyloop import costs
from moneyloop.problem import Problem

RUNS, COMPONENTS = "training_runs", "deepseek_cost_components"
_NUMBERS = ("stage_order", "gpu_hours", "usd_per_gpu_hour", "stated_cost_usd_bn")


def _numeric(df: pd.DataFrame, cols: tuple[str, ...]) -> pd.DataFrame:
    """The raw table with the named columns as numbers (unreadable cells become NaN; the schema reports them)."""
    out = df.copy()
    for col in cols:
        out[col] = pd.to_numeric(out[col].replace("", None), errors="coerce")
    return out


def check(tables: Mapping[str, pd.DataFrame], sources: Mapping[str, object]) -> list[Problem]:
    """Each run whose stages do not add up to its stated GPU-hours, located at its training_runs.csv row."""
    if RUNS not in tables or COMPONENTS not in tables:
        return []
    runs = _numeric(tables[RUNS], ("gpu_hours",))
    parts = _numeric(tables[COMPONENTS], _NUMBERS)
    if parts["gpu_hours"].isna().any() or runs["run_id"].duplicated().any():
        return []  # a stage without GPU-hours, or a duplicate run, is already reported by the schema checks
    bad = costs.component_check(runs.dropna(subset=["gpu_hours"]), parts)
    sums = costs.run_totals(parts)["gpu_hours"]
    rows = {run: i + 2 for i, run in enumerate(runs["run_id"])}
    return [
        Problem(
            f"{RUNS}.csv",
            rows[run],
            "gpu_hours",
            f"{run} states {bad.at[run, 'gpu_hours']:,.0f} GPU-hours but its stages in "
            f"{COMPONENTS}.csv add up to {sums[run]:,.0f}",
        )
        for run in bad.index
    ]
