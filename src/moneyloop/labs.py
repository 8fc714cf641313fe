"""The AI labs' own money, and how much revenue AI earns: lab finances, equity raised, and AI-attributable revenue."""

from __future__ import annotations

import pandas as pd

from moneyloop.deals import vocabulary as voc

LABS = ("openai", "anthropic", "xai")
ORIGINS = {
    "reported": "Reported",
    "company-statement": "Company statement",
    "press-estimate": "Press estimate",
}
ITEMS = {
    "revenue": "Revenue",
    "annualised-revenue": "Annualised revenue (run-rate)",
    "cash-burn": "Cash burn",
    "cash": "Cash and securities",
    "contract-payments": "Compute payments committed",
}


def latest(lab_finances: pd.DataFrame, lab: str, item: str) -> pd.Series:
    """A lab's latest figure of one kind: the latest period, then the latest report."""
    f = lab_finances[(lab_finances["lab_id"] == lab) & (lab_finances["item"] == item)]
    if f.empty:
        raise KeyError(f"lab_finances has no {item} for {lab}")
    return f.sort_values(["period_end", "reported_on"]).iloc[-1]


def summary(lab_finances: pd.DataFrame) -> pd.DataFrame:
    """One row per lab and item: the latest figure, its period, its basis and its sources."""
    rows = []
    for lab in LABS:
        for item, label in ITEMS.items():
            try:
                r = latest(lab_finances, lab, item)
            except KeyError:
                continue
            rows.append({"lab_id": lab, "item": item, "label": label, "period": r["period_label"],
                         "value_usd_bn": r["value_usd_bn"], "basis": ORIGINS[r["origin"]],
                         "reported_on": r["reported_on"], "sources": r["sources"]})  # fmt: skip
    return pd.DataFrame(rows)


def equity_raised(deals: pd.DataFrame, exclusions: pd.DataFrame, labs: tuple = LABS) -> pd.DataFrame:
    """Binding equity put into each lab, per calendar year announced (firm amount: the low end of an up-to range);
    rows flow_exclusions.csv says moved no money (a stake's value, a share swap) are left out."""
    d = deals[(deals["flow_type"].astype(str) == "equity-investment") & deals["payee"].isin(labs)]
    d = d[~d["deal_id"].isin(set(exclusions["deal_id"]))]
    d = d[voc.is_binding(d["status"]) & voc.standing(d)].copy()
    d["usd_bn"] = voc.firm_amount(d)
    d["year"] = pd.to_datetime(d["announced"]).dt.year
    out = d.groupby(["payee", "year"], as_index=False).agg(
        usd_bn=("usd_bn", "sum"), rows=("deal_id", "count"), sources=("sources", ";".join)
    )
    return out.rename(columns={"payee": "lab_id"})


def ai_revenue(lab_finances: pd.DataFrame, clouds: pd.DataFrame, labs: tuple = LABS) -> pd.DataFrame:
    """The components of AI-attributable revenue: each lab's latest run-rate (else its latest annual revenue) and
    each cloud's stated AI run-rate; rows that overlap the labs' spending enter the high end only."""
    rows = []
    for lab in labs:
        try:
            r = latest(lab_finances, lab, "annualised-revenue")
        except KeyError:
            r = latest(lab_finances, lab, "revenue")
        rows.append({"company_id": lab, "as_of": r["period_end"], "usd_bn": r["value_usd_bn"],
                     "measure": r["item"], "origin": r["origin"], "low": True, "sources": r["sources"]})  # fmt: skip
    for _, c in clouds.iterrows():
        rows.append({"company_id": c["company_id"], "as_of": c["as_of"], "usd_bn": c["value_usd_bn"],
                     "measure": c["measure"], "origin": c["origin"], "low": not bool(c["overlaps_labs"]),
                     "sources": c["sources"]})  # fmt: skip
    return pd.DataFrame(rows)


def ai_revenue_range(components: pd.DataFrame) -> dict[str, float]:
    """Low (rows without overlap), high (every row) and their mid-point, USD bn a year."""
    low = float(components.loc[components["low"], "usd_bn"].sum())
    high = float(components["usd_bn"].sum())
    return {"low": low, "high": high, "mid": (low + high) / 2}


def coverage(revenue: dict[str, float], required: float) -> dict[str, float]:
    """AI-attributable revenue as a share of the revenue the capex needs, for each end of the range."""
    if required <= 0:
        raise ValueError("the revenue requirement must be positive")
    return {case: value / required for case, value in revenue.items()}


def key_numbers(lab_finances: pd.DataFrame, clouds: pd.DataFrame, required: float) -> dict:
    """Headline numbers: the AI revenue range, its dates, and its coverage of the revenue requirement."""
    parts = ai_revenue(lab_finances, clouds)
    rng = ai_revenue_range(parts)
    cov = coverage(rng, required)
    out = {f"ai_{k}": v for k, v in rng.items()}
    out.update({f"coverage_{k}": v for k, v in cov.items()})
    out["as_of_first"], out["as_of_last"] = parts["as_of"].min(), parts["as_of"].max()
    out["required"] = required
    return out


def summary_table(lab_finances: pd.DataFrame, companies: pd.DataFrame) -> pd.DataFrame:
    """The labs' latest figures for the page, one row per lab and item, with the basis of each."""
    from moneyloop.cashflow import short_names

    s = summary(lab_finances)
    return pd.DataFrame(
        {
            "Lab": s["lab_id"].map(short_names(companies)).to_numpy(),
            "Figure": s["label"].to_numpy(),
            "Period": s["period"].to_numpy(),
            "USD bn": s["value_usd_bn"].to_numpy(),
            "Basis": s["basis"].to_numpy(),
        }
    )


def equity_table(deals: pd.DataFrame, exclusions: pd.DataFrame, companies: pd.DataFrame) -> pd.DataFrame:
    """Binding equity raised by each lab per year, for the page."""
    from moneyloop.cashflow import short_names

    e = equity_raised(deals, exclusions)
    wide = e.pivot_table(index="year", columns="lab_id", values="usd_bn", aggfunc="sum").fillna(0.0)
    wide.columns = [short_names(companies)[c] for c in wide.columns]
    return wide.reset_index().rename(columns={"year": "Year announced"})


def components_table(
    lab_finances: pd.DataFrame, clouds: pd.DataFrame, companies: pd.DataFrame
) -> pd.DataFrame:
    """The parts of the AI revenue estimate for the page: whose revenue, as of when, how much, and in which end."""
    from moneyloop.cashflow import short_names

    c = ai_revenue(lab_finances, clouds)
    return pd.DataFrame(
        {
            "Company": c["company_id"].map(short_names(companies)).to_numpy(),
            "As of": c["as_of"].dt.strftime("%b %Y").to_numpy(),
            "Measure": c["measure"]
            .map({"annualised-revenue": "Run-rate", "revenue": "Annual revenue"})
            .to_numpy(),
            "USD bn a year": c["usd_bn"].to_numpy(),
            "Basis": c["origin"].map(ORIGINS).to_numpy(),
            "Counted in": ["low and high" if low else "high only" for low in c["low"]],
        }
    )
