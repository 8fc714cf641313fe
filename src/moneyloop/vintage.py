"""Revenue needed by vintage: each year's capex is paid off over its own life, so the capex path matters."""

from __future__ import annotations

import altair as alt
import pandas as pd

from moneyloop import charts
from moneyloop.buildout import capital_recovery_factor


def required_in_year(capex: pd.Series, year: int, life: int, rate: float, margin: float) -> float:
    """Revenue needed in `year` to recover every capex vintage still inside its life (capex indexed by year)."""
    if life < 1:
        raise ValueError("life must be at least one year")
    if not 0 <= margin < 1:
        raise ValueError("margin must be in [0, 1)")
    live = capex[(capex.index <= year) & (capex.index > year - life)]
    return float(live.sum()) * capital_recovery_factor(rate, life) / (1.0 - margin)


def steady_growth_required(capex_now: float, growth: float, life: int, rate: float, margin: float) -> float:
    """Revenue needed now when capex has grown at `growth` a year for at least `life` years up to `capex_now`."""
    if growth <= -1:
        raise ValueError("growth must be above -100%")
    vintages = sum((1.0 + growth) ** -k for k in range(life))  # this year's capex, last year's, ...
    return capex_now * vintages * capital_recovery_factor(rate, life) / (1.0 - margin)


def life_sensitivity(
    capex_now: float, growths: dict[str, float], lives: range, rate: float, margin: float
) -> pd.DataFrame:
    """Revenue needed for each asset life under each capex path (flat, growing)."""
    rows = [
        {
            "path": name,
            "growth": g,
            "life": life,
            "required": steady_growth_required(capex_now, g, life, rate, margin),
        }
        for name, g in growths.items()
        for life in lives
    ]
    return pd.DataFrame(rows)


def life_chart(sens: pd.DataFrame) -> alt.Chart:
    """Lines of revenue needed against asset life, one per capex path."""
    paths = list(dict.fromkeys(sens["path"]))
    return (
        alt.Chart(sens)
        .mark_line(point=True)
        .encode(
            x=alt.X("life:O", title="Economic life of the assets (years)", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("required:Q", title="Revenue needed this year (USD bn)", axis=charts.USD_BN_AXIS),
            color=alt.Color(
                "path:N",
                title=None,
                sort=paths,
                scale=alt.Scale(domain=paths, range=charts.PALETTE[: len(paths)]),
            ),
            tooltip=[
                alt.Tooltip("path:N", title="Capex path"),
                alt.Tooltip("life:O", title="Life (years)"),
                charts.usd_tooltip("required:Q", "Revenue needed"),
            ],
        )
    )


def capex_path(cashflows: pd.DataFrame, financials: pd.DataFrame) -> pd.DataFrame:
    """The five builders' capex by calendar year: complete actual years, then the next year's guidance."""
    from moneyloop import cashflow

    actual = cashflow.capex_by_year(cashflows).assign(kind="actual")
    nxt = int(actual["year"].max()) + 1
    guide = cashflow.capex_guidance(financials, nxt)
    row = pd.DataFrame(
        [{"year": nxt, "value_usd_bn": float(guide["value_usd_bn"].sum()), "kind": "guidance"}]
    )
    return pd.concat([actual, row], ignore_index=True)


def key_numbers(t: dict[str, pd.DataFrame]) -> dict[str, float]:
    """The vintage model's headline numbers on the base-case life, return and margin."""
    from moneyloop.buildout import assumption

    a = t["assumptions"]
    life, rate, margin = (
        int(assumption(a, "depreciation-life")),
        assumption(a, "hurdle-rate"),
        assumption(a, "end-user-margin"),
    )
    path = capex_path(t["cashflows"], t["financials"])
    capex = path.set_index("year")["value_usd_bn"]
    actual = path[path["kind"] == "actual"].set_index("year")["value_usd_bn"]
    last, first = int(actual.index.max()), int(actual.index.min())
    growth = (actual.iloc[-1] / actual.iloc[0]) ** (1 / (last - first)) - 1
    out = {
        "vintage_life": float(life),
        "vintage_first_year": float(first),
        "vintage_guidance_year": float(capex.index.max()),
        "vintage_required_guidance_year": required_in_year(capex, int(capex.index.max()), life, rate, margin),
        "vintage_required_last_year": required_in_year(capex, last, life, rate, margin),
        "vintage_growth": float(growth),
    }
    for name, g in (("flat", 0.0), ("growing", growth)):
        short = steady_growth_required(actual.iloc[-1], g, 3, rate, margin)
        long = steady_growth_required(actual.iloc[-1], g, 6, rate, margin)
        out[f"vintage_{name}_3_over_6"] = float(short / long)
    return out


def life_changes(lives: pd.DataFrame) -> dict[str, float]:
    """Counts of server-life changes that lengthened and shortened lives, and the years they span."""
    d = lives.dropna(subset=["life_before_years"])
    longer = d[d["life_after_years"] > d["life_before_years"]]
    shorter = d[d["life_after_years"] < d["life_before_years"]]
    return {
        "lengthened": float(len(longer)),
        "shortened": float(len(shorter)),
        "first_year": float(lives["effective"].dt.year.min()),
        "last_year": float(lives["effective"].dt.year.max()),
    }
