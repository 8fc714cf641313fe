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


SCENARIOS = {
    "low": "falls back to the last actual year's level",
    "base": "stays at the guided level",
    "high": "keeps growing at the actual years' rate",
}
"""After the guidance year, each scenario's rule for capex; every level comes from the data, none is assumed."""


def actual_growth(path: pd.DataFrame) -> float:
    """Compound annual growth of capex over the actual years of a capex path."""
    actual = path[path["kind"] == "actual"].set_index("year")["value_usd_bn"]
    first, last = int(actual.index.min()), int(actual.index.max())
    return float((actual.iloc[-1] / actual.iloc[0]) ** (1 / (last - first)) - 1)


def scenario_paths(path: pd.DataFrame, years_after: int = 4) -> pd.DataFrame:
    """The capex path extended `years_after` years past the guidance year under each scenario."""
    actual = path[path["kind"] == "actual"].set_index("year")["value_usd_bn"]
    guide_year = int(path["year"].max())
    guided = float(path.set_index("year").at[guide_year, "value_usd_bn"])
    growth = actual_growth(path)
    rows = []
    for name in SCENARIOS:
        for _, r in path.iterrows():
            rows.append({"scenario": name, "year": int(r["year"]), "value_usd_bn": float(r["value_usd_bn"]),
                         "kind": r["kind"]})  # fmt: skip
        for k in range(1, years_after + 1):
            level = {"low": float(actual.iloc[-1]), "base": guided, "high": guided * (1 + growth) ** k}[name]
            rows.append({"scenario": name, "year": guide_year + k, "value_usd_bn": level, "kind": "scenario"})
    return pd.DataFrame(rows)


def scenario_required(paths: pd.DataFrame, life: int, rate: float, margin: float) -> pd.DataFrame:
    """Revenue needed in every year from the guidance year on, under each scenario's capex path."""
    first = int(paths.loc[paths["kind"] != "actual", "year"].min())
    rows = []
    for name, g in paths.groupby("scenario", sort=False):
        capex = g.set_index("year")["value_usd_bn"]
        for year in capex.index[capex.index >= first]:
            rows.append({"scenario": name, "year": int(year), "capex_usd_bn": float(capex[year]),
                         "required_usd_bn": required_in_year(capex, int(year), life, rate, margin)})  # fmt: skip
    return pd.DataFrame(rows)


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
    req = scenario_required(scenario_paths(path), life, rate, margin)
    end = req[req["year"] == req["year"].max()].set_index("scenario")
    out["vintage_horizon_year"] = float(req["year"].max())
    for name in SCENARIOS:
        out[f"vintage_required_{name}"] = float(end.at[name, "required_usd_bn"])
        out[f"vintage_capex_{name}"] = float(end.at[name, "capex_usd_bn"])
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


def scenario_table(paths: pd.DataFrame, life: int, rate: float, margin: float) -> pd.DataFrame:
    """Capex and revenue needed from the guidance year on, one column pair per scenario, for the page."""
    req = scenario_required(paths, life, rate, margin)
    cap = req.pivot(index="year", columns="scenario", values="capex_usd_bn")[list(SCENARIOS)]
    need = req.pivot(index="year", columns="scenario", values="required_usd_bn")[list(SCENARIOS)]
    cap.columns = [f"Capex, {c} (USD bn)" for c in cap.columns]
    need.columns = [f"Revenue needed, {c} (USD bn)" for c in need.columns]
    return cap.join(need).round(0).reset_index().rename(columns={"year": "Year"})
