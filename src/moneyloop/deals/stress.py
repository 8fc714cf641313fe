"""Company scale and Oracle's observed strain: the yardsticks the stress test (moneyloop.contagion) sets losses against."""

from __future__ import annotations

import numpy as np
import pandas as pd

from moneyloop import revenue
from moneyloop.deals.commitments import latest
from moneyloop.deals.market import peak_drawdown
from moneyloop.deals.numbers import TRIANGLE


def company_scale(financials: pd.DataFrame, companies: list[str]) -> pd.DataFrame:
    """Each company's latest annual revenue (moneyloop.revenue's one rule; cloud or data-centre revenue if no total) and backlog (RPO)."""
    rows = []
    for c in companies:
        rev = revenue.annual(financials, c, ("revenue", "cloud-revenue", "data-centre-revenue"))
        try:
            rpo = float(latest(financials, c, "rpo")["value_usd_bn"])
        except KeyError:
            rpo = np.nan
        rows.append(
            {
                "company_id": c,
                "revenue_usd_bn": rev["value_usd_bn"] if rev else np.nan,
                "revenue_basis": f"{rev['metric']}, {rev['basis']}" if rev else np.nan,
                "rpo_usd_bn": rpo,
            }
        )
    return pd.DataFrame(rows, columns=["company_id", "revenue_usd_bn", "revenue_basis", "rpo_usd_bn"])


def oracle_observed(t: dict[str, pd.DataFrame], company: str = TRIANGLE[1]) -> dict:
    """What actually strained at the triangle's cloud provider: backlog, free cash flow, capex, debt and market value.

    The drawdown runs from its first deal-day move in market_events.csv to its worst weekly move there.
    """
    fin, mv, ev = t["financials"], t["market_values"], t["market_events"]
    own = ev[ev["company_id"] == company].sort_values("date")
    deal_day = own[own["related_deal_id"].notna()].iloc[0]
    worst = own[own["window"] == "week"].sort_values("close_change_pct").iloc[0]
    debt = latest(fin, company, "debt")
    return {
        "rpo": latest(fin, company, "rpo"),
        "rpo_at_deal_day": latest(fin, company, "rpo", on=deal_day["date"]),
        "fcf": latest(fin, company, "free-cash-flow"),
        "capex": latest(fin, company, "capex"),
        "revenue": latest(fin, company, "revenue"),
        "debt_low": float(debt["value_low_usd_bn"]),
        "debt_high": float(debt["value_high_usd_bn"]),
        "debt": debt,
        "drawdown": peak_drawdown(mv, company, deal_day["date"], worst["date"]),
        "deal_day": deal_day,
        "worst_week": worst,
    }
