"""Scorecard definitions: thresholds inside their indicator's range and on the right side of each other."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from moneyloop.problem import Problem


def _num(cell: str) -> float | None:
    try:
        return float(cell) if cell != "" else None
    except ValueError:
        return None  # the schema check reports it


def check(tables: Mapping[str, pd.DataFrame], sources: Mapping[str, object]) -> list[Problem]:
    """Thresholds inside the range, the bubble one beyond the benign one, and a source unless the basis is our choice."""
    df = tables.get("scorecard")
    if df is None:
        return []
    out = []
    for i, r in df.iterrows():
        lo, hi = _num(r["range_min"]), _num(r["range_max"])
        bubble, benign = _num(r["bubble_threshold"]), _num(r["benign_threshold"])
        for col, x in (("bubble_threshold", bubble), ("benign_threshold", benign)):
            if x is not None and lo is not None and hi is not None and not lo <= x <= hi:
                out.append(
                    Problem(
                        "scorecard.csv",
                        i + 2,
                        col,
                        f"{x:g} is outside the indicator's range {lo:g} to {hi:g}",
                    )
                )
        if bubble is not None and benign is not None and r["direction"] in ("higher", "lower"):
            s = 1 if r["direction"] == "higher" else -1
            if s * bubble <= s * benign:
                side = "above" if s == 1 else "below"
                out.append(
                    Problem("scorecard.csv", i + 2, "bubble_threshold",
                            f"{bubble:g} must be {side} the benign threshold {benign:g} when {r['direction']} values are bubble-like")
                )  # fmt: skip
        if not r["sources"].strip() and "The report's choice." not in r["threshold_basis"]:
            out.append(
                Problem("scorecard.csv", i + 2, "sources",
                        "blank, but the threshold basis is not the report's choice: cite the source it rests on")
            )  # fmt: skip
    return out
