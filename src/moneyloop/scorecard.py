"""The bubble scorecard: each indicator read against stated thresholds, counted into a verdict.

An indicator's definition (direction, thresholds, their reasons, its valid range) lives in
`data/scorecard.csv`; its value, date and comparison points (the 2000 peak, a long-run norm) come from the
topic modules. This module only scores: it never computes an indicator, so the rules here can be checked
by hand on any table of values.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from moneyloop import charts, fmt

READINGS = ("for", "neutral", "against", "unknown")
"""A reading says whether an indicator points toward a bubble (for), away from one (against), neither, or is unknown."""

READING_LABELS = {
    "for": "Points to a bubble",
    "neutral": "Between the thresholds",
    "against": "Points against a bubble",
    "unknown": "No data",
}

UNITS = {
    "pct": lambda x: fmt.pct(x, 1),
    "ratio": lambda x: fmt.ratio(x, 1),
    "multiple": lambda x: fmt.num(x, 3),
    "usd-bn": fmt.usd_bn,
    "share": lambda x: fmt.share(x, 0),
    "bp": lambda x: f"{fmt.num(x, 3)} bp",
}
"""How each unit in scorecard.csv is written for readers (one place, so table, chart and prose agree)."""

VALUE_COLUMNS = ["indicator_id", "value", "value_date", "peak_2000", "norm", "source_keys"]
"""What each indicator function supplies: the value at its date, and the 2000 and long-run comparison points."""


def _signed(direction: str) -> int:
    """+1 where a higher value is more bubble-like, -1 where a lower one is."""
    if direction not in ("higher", "lower"):
        raise ValueError(f"direction must be 'higher' or 'lower', not {direction!r}")
    return 1 if direction == "higher" else -1


def thresholds(bubble: float, benign: float, direction: str, shift: float = 0.0) -> tuple[float, float]:
    """Both thresholds moved by `shift` times their distance, in the bubble direction (shift > 0 is stricter)."""
    step = shift * abs(bubble - benign) * _signed(direction)
    return bubble + step, benign + step


def read(value: float, direction: str, bubble: float, benign: float) -> str:
    """'for' at or beyond the bubble threshold, 'against' at or inside the benign one, else 'neutral'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "unknown"
    s = _signed(direction)
    # "At" a threshold counts as reaching it, also when shifting it left a rounding error of 1e-17.
    if s * value >= s * bubble or math.isclose(value, bubble, rel_tol=1e-9, abs_tol=1e-12):
        return "for"
    if s * value <= s * benign or math.isclose(value, benign, rel_tol=1e-9, abs_tol=1e-12):
        return "against"
    return "neutral"


def position(value: float, norm: float, peak: float) -> float:
    """Where a value sits between its long-run norm (0) and its 2000 level (1); NaN without both."""
    if any(pd.isna(x) for x in (value, norm, peak)) or peak == norm:
        return math.nan
    return (value - norm) / (peak - norm)


def score(definitions: pd.DataFrame, values: pd.DataFrame, shift: float = 0.0) -> pd.DataFrame:
    """One row per defined indicator with its value, thresholds, reading and position; missing values read 'unknown'."""
    missing = set(VALUE_COLUMNS) - set(values.columns)
    if missing:
        raise ValueError(f"indicator values lack columns {sorted(missing)}")
    extra = set(values["indicator_id"]) - set(definitions["indicator_id"])
    if extra:
        raise ValueError(f"values for undefined indicators: {sorted(extra)}")
    out = definitions.merge(values[VALUE_COLUMNS], on="indicator_id", how="left")
    rows = []
    for r in out.itertuples(index=False):
        bubble, benign = thresholds(r.bubble_threshold, r.benign_threshold, r.direction, shift)
        value = float(r.value) if pd.notna(r.value) else math.nan
        s = _signed(r.direction)
        beyond = pd.notna(r.peak_2000) and not math.isnan(value) and s * value >= s * float(r.peak_2000)
        rows.append(
            {
                "bubble_at": bubble,
                "benign_at": benign,
                "reading": read(value, r.direction, bubble, benign),
                "position": position(value, r.norm, r.peak_2000),
                "beyond_2000": bool(beyond),
            }
        )
    return pd.concat([out.reset_index(drop=True), pd.DataFrame(rows)], axis=1)


def verdict(scored: pd.DataFrame) -> dict:
    """Counts by reading, the count at or beyond 2000 levels, the key indicators' readings, and the lean.

    The lean compares the two signed counts and nothing else: 'toward a bubble' when more indicators read
    for than against, 'against a bubble' when fewer, 'balanced' when equal. Unknown indicators count in
    neither, and are reported so a reader sees what the verdict is missing.
    """
    counts = {k: int((scored["reading"] == k).sum()) for k in READINGS}
    lean = (
        "toward a bubble"
        if counts["for"] > counts["against"]
        else "against a bubble"
        if counts["against"] > counts["for"]
        else "balanced"
    )
    key = (
        scored[scored["key"].astype(str).str.lower().isin(["true", "1"])]
        if "key" in scored
        else scored.iloc[:0]
    )
    return {
        **counts,
        "total": len(scored),
        "known": len(scored) - counts["unknown"],
        "beyond_2000": int(scored["beyond_2000"].sum()),
        "lean": lean,
        "key": list(zip(key["indicator_id"], key["reading"])),
    }


def sensitivity(definitions: pd.DataFrame, values: pd.DataFrame, shifts: list[float]) -> pd.DataFrame:
    """The verdict's counts with every threshold moved by each shift (negative looser, positive stricter)."""
    rows = []
    for s in shifts:
        v = verdict(score(definitions, values, s))
        rows.append({"shift": s, **{k: v[k] for k in READINGS}, "lean": v["lean"]})
    return pd.DataFrame(rows)


def text(x: float, unit: str) -> str:
    """A value in its indicator's unit, or an en dash where there is none."""
    return "–" if x is None or pd.isna(x) else UNITS[unit](float(x))


def chart_data(scored: pd.DataFrame) -> pd.DataFrame:
    """The tidy table behind the scorecard chart: indicators with a norm and a 2000 value, placed between them."""
    d = scored[scored["position"].notna()].copy()
    d["bubble_position"] = [position(b, n, p) for b, n, p in zip(d["bubble_at"], d["norm"], d["peak_2000"])]
    d["benign_position"] = [position(b, n, p) for b, n, p in zip(d["benign_at"], d["norm"], d["peak_2000"])]
    d["reading_label"] = d["reading"].map(READING_LABELS)
    for col, src in (("value_text", "value"), ("norm_text", "norm"), ("peak_text", "peak_2000")):
        d[col] = [text(x, u) for x, u in zip(d[src], d["unit"])]
    return d[
        ["label", "dimension", "value_text", "norm_text", "peak_text", "position", "bubble_position",
         "benign_position", "reading_label"]
    ]  # fmt: skip


def chart(data: pd.DataFrame) -> alt.LayerChart:
    """Each indicator between its long-run norm (0) and its 2000 level (1), coloured by its reading."""
    order = list(READING_LABELS.values())
    colours = [charts.PALETTE[3], charts.GREY, charts.PALETTE[0], "#BBBBBB"]
    base = alt.Chart(data).encode(
        y=alt.Y("label:N", title=None, sort=alt.EncodingSortField("position", order="descending"))
    )
    span = base.mark_rule(color="#CCCCCC", strokeWidth=6).encode(
        x=alt.X("benign_position:Q", title="Position between the long-run norm (0) and the 2000 level (1)"),
        x2="bubble_position:Q",
    )
    dots = base.mark_point(filled=True, size=140).encode(
        x="position:Q",
        color=alt.Color("reading_label:N", title="Reading", scale=alt.Scale(domain=order, range=colours)),
        tooltip=[
            alt.Tooltip("label:N", title="Indicator"),
            alt.Tooltip("value_text:N", title="Now"),
            alt.Tooltip("peak_text:N", title="2000"),
            alt.Tooltip("norm_text:N", title="Norm"),
            alt.Tooltip("reading_label:N", title="Reading"),
        ],
    )
    marks = (
        alt.Chart(pd.DataFrame({"x": [0.0, 1.0], "what": ["norm", "2000"]}))
        .mark_rule(strokeDash=[4, 3], color="#555555")
        .encode(x="x:Q")
    )
    return alt.layer(span, marks, dots)
