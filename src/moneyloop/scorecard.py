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

VALUE_COLUMNS = ["indicator_id", "value", "value_date", "peak_2000", "norm", "source_keys", "basis"]
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


def scaled(value: float, bubble: float, benign: float) -> float:
    """A value on its thresholds' scale: 0 at the benign threshold, 1 at the bubble one, whatever the direction."""
    if pd.isna(value):
        return math.nan
    return (value - benign) / (bubble - benign)


def chart_data(scored: pd.DataFrame) -> pd.DataFrame:
    """The tidy table behind the scorecard chart: every indicator with a value, on its thresholds' scale."""
    d = scored[scored["reading"] != "unknown"].copy()
    d["scaled"] = [
        scaled(v, b, g) for v, b, g in zip(d["value"], d["bubble_threshold"], d["benign_threshold"])
    ]
    d["scaled_2000"] = [
        scaled(v, b, g) for v, b, g in zip(d["peak_2000"], d["bubble_threshold"], d["benign_threshold"])
    ]
    for col, src in (("value_text", "value"), ("norm_text", "norm"), ("peak_text", "peak_2000")):
        d[col] = [text(x, u) for x, u in zip(d[src], d["unit"])]
    d["bubble_text"] = [text(x, u) for x, u in zip(d["bubble_threshold"], d["unit"])]
    d["benign_text"] = [text(x, u) for x, u in zip(d["benign_threshold"], d["unit"])]
    d["reading_label"] = d["reading"].map(READING_LABELS)
    return d[
        ["label", "dimension", "value_text", "bubble_text", "benign_text", "peak_text", "norm_text", "scaled",
         "scaled_2000", "reading_label"]
    ].reset_index(drop=True)  # fmt: skip


SHIFTS = (-0.5, 0.5)
"""The looser and stricter threshold shifts the chapter reports, and the slider's range."""

VIEW = (-1.0, 2.0)
"""The chart's window on the thresholds' scale; values further out are drawn at its edge, their text unchanged."""


def chart(data: pd.DataFrame) -> alt.LayerChart:
    """Each indicator between its benign (0) and bubble (1) thresholds; a slider moves every threshold at once."""
    shift = alt.param(
        name="shift",
        value=0.0,
        bind=alt.binding_range(
            min=SHIFTS[0], max=SHIFTS[1], step=0.05, name="Move every threshold (stricter →) "
        ),
    )
    lo, hi = VIEW
    labels = [READING_LABELS[k] for k in ("for", "neutral", "against")]
    colours = [charts.PALETTE[3], charts.GREY, charts.PALETTE[0]]
    # Shifting both thresholds by s times their gap moves every point by -s on this scale.
    base = (
        alt.Chart(data)
        .transform_calculate(x="datum.scaled - shift", x2000="datum.scaled_2000 - shift")
        .transform_calculate(
            shown=f"clamp(datum.x, {lo}, {hi})",
            shown2000=f"clamp(datum.x2000, {lo}, {hi})",
            reading=f"datum.x >= 1 ? '{labels[0]}' : datum.x <= 0 ? '{labels[2]}' : '{labels[1]}'",
        )
        .encode(y=alt.Y("label:N", title=None, sort=alt.EncodingSortField("scaled", order="descending")))
    )
    x = alt.X(
        "shown:Q",
        title="0 = benign threshold, 1 = bubble threshold",
        scale=alt.Scale(domain=[lo, hi], nice=False),
    )
    zones = (
        alt.Chart(pd.DataFrame({"x": [lo, 1.0], "x2": [0.0, hi], "zone": ["against", "for"]}))
        .mark_rect(opacity=0.12)
        .encode(
            x=alt.X("x:Q", scale=alt.Scale(domain=[lo, hi], nice=False)),
            x2="x2:Q",
            color=alt.Color(
                "zone:N",
                scale=alt.Scale(domain=["against", "for"], range=[colours[2], colours[0]]),
                legend=None,
            ),
        )
    )
    then = (
        base.transform_filter("isValid(datum.scaled_2000)")
        .mark_point(shape="diamond", size=90, filled=False, color="#333333")
        .encode(
            x=alt.X("shown2000:Q", scale=alt.Scale(domain=[lo, hi], nice=False)),
            tooltip=[
                alt.Tooltip("label:N", title="Indicator"),
                alt.Tooltip("peak_text:N", title="At the 2000 peak"),
            ],
        )
    )
    dots = base.mark_point(filled=True, size=150).encode(
        x=x,
        color=alt.Color("reading:N", title="Reading", scale=alt.Scale(domain=labels, range=colours)),
        tooltip=[
            alt.Tooltip("label:N", title="Indicator"),
            alt.Tooltip("value_text:N", title="Now"),
            alt.Tooltip("benign_text:N", title="Benign at"),
            alt.Tooltip("bubble_text:N", title="Bubble at"),
            alt.Tooltip("peak_text:N", title="At the 2000 peak"),
            alt.Tooltip("reading:N", title="Reading"),
        ],
    )
    return alt.layer(zones, then, dots).add_params(shift).resolve_scale(color="independent")


SENSITIVITY = (-0.5, -0.25, 0.0, 0.25, 0.5)
"""Threshold shifts the sensitivity table reports: looser (negative) to stricter (positive)."""

DIMENSIONS = {
    "valuation": "Valuation",
    "concentration": "Concentration",
    "circularity": "Circularity",
    "funding": "Funding",
    "coverage": "Revenue coverage",
    "credit": "Credit",
    "utilisation": "Demand signals",
    "scale": "Scale",
}


def display_table(scored: pd.DataFrame) -> pd.DataFrame:
    """The scorecard as readers see it: each value in its unit with its date, the comparisons, thresholds and reading."""
    u = scored["unit"]
    return pd.DataFrame(
        {
            "Indicator": scored["label"],
            "About": scored["dimension"].map(DIMENSIONS),
            "Now": [text(v, x) for v, x in zip(scored["value"], u)],
            "Dated": [fmt.day(d) if pd.notna(d) else "–" for d in scored["value_date"]],
            "At the 2000 peak": [text(v, x) for v, x in zip(scored["peak_2000"], u)],
            "Long-run norm": [text(v, x) for v, x in zip(scored["norm"], u)],
            "Benign at": [text(v, x) for v, x in zip(scored["benign_threshold"], u)],
            "Bubble at": [text(v, x) for v, x in zip(scored["bubble_threshold"], u)],
            "Reading": scored["reading"].map(READING_LABELS),
            "Basis of the value": scored["basis"],
        }
    )


def labels_reading(scored: pd.DataFrame, reading: str) -> list[str]:
    """The labels of the indicators with one reading, in table order."""
    return list(scored.loc[scored["reading"] == reading, "label"])


def summary(definitions: pd.DataFrame, values: pd.DataFrame, shifts: tuple[float, ...] = SENSITIVITY) -> dict:
    """Everything the evidence chapter and the intro quote: the scored table, verdict, sensitivity and chart data."""
    scored = score(definitions, values)
    return {
        "scored": scored,
        "verdict": verdict(scored),
        "sensitivity": sensitivity(definitions, values, list(shifts)),
        "chart": chart_data(scored),
        "table": display_table(scored),
        "by_reading": {k: labels_reading(scored, k) for k in READINGS},
    }


LEAN_PHRASES = {
    "toward a bubble": "leans toward a bubble",
    "against a bubble": "leans against a bubble",
    "balanced": "is evenly balanced",
}
"""The verdict's lean as a phrase that completes 'On this count the evidence …'."""


def listing(labels: list[str], empty: str = "none") -> str:
    """Labels joined for a sentence: 'a', 'a and b', 'a, b and c' (lower-cased first letters kept as given)."""
    if not labels:
        return empty
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def key_table(scored: pd.DataFrame) -> pd.DataFrame:
    """The key indicators with the values at which their reading would change."""
    k = scored[scored["key"].astype(str).str.lower().isin(["true", "1"])]
    return pd.DataFrame(
        {
            "Indicator": k["label"],
            "Now": [text(v, u) for v, u in zip(k["value"], k["unit"])],
            "Reading": k["reading"].map(READING_LABELS),
            "Reads against a bubble at": [
                ("≤ " if d == "higher" else "≥ ") + text(g, u)
                for g, d, u in zip(k["benign_threshold"], k["direction"], k["unit"])
            ],
            "Reads for a bubble at": [
                ("≥ " if d == "higher" else "≤ ") + text(b, u)
                for b, d, u in zip(k["bubble_threshold"], k["direction"], k["unit"])
            ],
        }
    )


def dimension_readings(scored: pd.DataFrame) -> dict[str, list[str]]:
    """Each dimension's net reading (more for than against: 'for'; fewer: 'against'; equal: 'mixed'; none known: 'unknown')."""
    out: dict[str, list[str]] = {"for": [], "against": [], "mixed": [], "unknown": []}
    for dim, g in scored.groupby("dimension", sort=False):
        net = int((g["reading"] == "for").sum()) - int((g["reading"] == "against").sum())
        known = int((g["reading"] != "unknown").sum())
        key = "unknown" if not known else "for" if net > 0 else "against" if net < 0 else "mixed"
        out[key].append(DIMENSIONS[dim].lower())
    return out


def derived_in(scored: pd.DataFrame) -> str:
    """MyST text linking each chapter (by its label in the data) to the indicators it derives."""
    parts = []
    for section, g in scored.groupby("section", sort=False):
        parts.append(f"{{ref}}`{section}`: " + listing([str(x) for x in g["label"]]))
    return "; ".join(parts) + "."
