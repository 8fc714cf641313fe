"""Commitments against revenue: scheduled payments per year, revenue, coverage and backlog."""

from __future__ import annotations

import numpy as np
import pandas as pd

from moneyloop.deals.vocabulary import PAYMENT_FLOWS, select


def annual_schedule(deals: pd.DataFrame, schedules: pd.DataFrame, view: str = "headline") -> pd.DataFrame:
    """Spread each scheduled contract over its years (flat, or ramping linearly) into payments per calendar year."""
    rows = select(deals, view).set_index("deal_id")
    out = []
    for s in schedules.itertuples(index=False):
        if s.deal_id not in rows.index or pd.isna(rows.at[s.deal_id, "usd_bn"]):
            continue
        years = np.arange(int(s.first_year), int(s.last_year) + 1)
        weights = np.ones(len(years)) if s.profile == "flat" else np.arange(1, len(years) + 1, dtype=float)
        amounts = rows.at[s.deal_id, "usd_bn"] * weights / weights.sum()
        for y, a in zip(years, amounts):
            out.append(
                {
                    "deal_id": s.deal_id,
                    "payer": rows.at[s.deal_id, "payer"],
                    "payee": rows.at[s.deal_id, "payee"],
                    "year": int(y),
                    "usd_bn": float(a),
                }
            )
    return pd.DataFrame(out, columns=["deal_id", "payer", "payee", "year", "usd_bn"])


def revenue_by_year(financials: pd.DataFrame, company: str = "openai") -> pd.DataFrame:
    """Calendar-year revenue of a company: the actual where reported, else its latest target or forecast."""
    f = financials[(financials["company_id"] == company) & (financials["metric"] == "revenue")].copy()
    span = (f["period_end"] - f["period_start"]).dt.days
    f = f[(span >= 364) & (span <= 366) & (f["period_start"].dt.month == 1)]
    f["year"] = f["period_start"].dt.year
    f["rank"] = (f["basis"].astype(str) != "actual").astype(int)
    f = f.sort_values(["year", "rank", "reported_on"], ascending=[True, True, False])
    best = f.groupby("year", as_index=False).first()
    return best[["year", "value_usd_bn", "basis", "sources"]].rename(
        columns={"value_usd_bn": "revenue_usd_bn"}
    )


def coverage(schedule: pd.DataFrame, revenue: pd.DataFrame) -> pd.DataFrame:
    """Per year: scheduled commitments, revenue, and revenue as a multiple of commitments (the coverage ratio)."""
    due = (
        schedule.groupby("year", as_index=False)["usd_bn"]
        .sum()
        .rename(columns={"usd_bn": "commitments_usd_bn"})
    )
    out = due.merge(revenue, on="year", how="outer").sort_values("year").reset_index(drop=True)
    out["commitments_usd_bn"] = out["commitments_usd_bn"].fillna(0.0)
    out["coverage"] = np.where(
        out["commitments_usd_bn"] > 0, out["revenue_usd_bn"] / out["commitments_usd_bn"], np.nan
    )
    return out


def required_growth(schedule: pd.DataFrame, base_revenue: float, base_year: int) -> pd.DataFrame:
    """Annual revenue growth needed from base_year for revenue to equal each later year's scheduled commitments."""
    due = schedule.groupby("year", as_index=False)["usd_bn"].sum()
    due = due[due["year"] > base_year].copy()
    due["required_cagr"] = (due["usd_bn"] / base_revenue) ** (1.0 / (due["year"] - base_year)) - 1.0
    return due.rename(columns={"usd_bn": "commitments_usd_bn"}).reset_index(drop=True)


def latest(
    financials: pd.DataFrame,
    company: str,
    metric: str,
    on: str | pd.Timestamp | None = None,
    basis: str = "actual",
) -> pd.Series:
    """The most recent figure of one metric for one company (by period end, then report date), optionally as of a date."""
    f = financials[
        (financials["company_id"] == company)
        & (financials["metric"] == metric)
        & (financials["basis"].astype(str) == basis)
    ]
    if on is not None:
        f = f[f["period_end"] <= pd.Timestamp(on)]
    if f.empty:
        raise KeyError(f"no {basis} {metric} for {company}" + (f" up to {on}" if on is not None else ""))
    return f.sort_values(["period_end", "reported_on"]).iloc[-1]


def backlog_share(
    deals: pd.DataFrame,
    financials: pd.DataFrame,
    customer: str = "openai",
    supplier: str = "oracle",
    view: str = "headline",
) -> pd.DataFrame:
    """Per reported backlog (RPO) date: the customer's disclosed contracts with the supplier, and their share of it."""
    rpo = financials[
        (financials["company_id"] == supplier)
        & (financials["metric"] == "rpo")
        & (financials["basis"].astype(str) == "actual")
    ].sort_values("period_end")
    sel = select(deals, view)
    sel = sel[
        (sel["payer"] == customer)
        & (sel["payee"] == supplier)
        & sel["flow_type"].astype(str).isin(PAYMENT_FLOWS)
    ]
    rows = []
    for r in rpo.itertuples(index=False):
        upto = sel[sel["announced"] <= r.period_end]
        amount = float(upto["usd_bn"].sum(min_count=1)) if upto["usd_bn"].notna().any() else 0.0
        rows.append(
            {
                "date": r.period_end,
                "rpo_usd_bn": r.value_usd_bn,
                "customer_usd_bn": amount,
                "share": amount / r.value_usd_bn,
                "sources": r.sources,
            }
        )
    return pd.DataFrame(rows, columns=["date", "rpo_usd_bn", "customer_usd_bn", "share", "sources"])


def schedule_terms(schedules: pd.DataFrame) -> dict[str, float]:
    """Contract length in years implied by each schedule row (last − first + 1)."""
    return {r.deal_id: float(r.last_year - r.first_year + 1) for r in schedules.itertuples(index=False)}
