"""What lenders charge the builders: dated credit default swap spreads, and the builders' net borrowing by year."""

from __future__ import annotations

import pandas as pd

from moneyloop import cashflow


def latest_spreads(spreads: pd.DataFrame) -> pd.DataFrame:
    """Each company's latest reading (by date; on one date, the highest), with its peak in the data."""
    s = spreads.sort_values(["company_id", "date", "spread_bp"])
    last = s.groupby("company_id").tail(1).set_index("company_id")
    peak = s.loc[s.groupby("company_id")["spread_bp"].idxmax()].set_index("company_id")
    out = last[["date", "date_precision", "spread_bp", "reading", "sources"]].copy()
    out["peak_bp"] = peak["spread_bp"]
    out["peak_date"] = peak["date"]
    out["peak_precision"] = peak["date_precision"]
    return out.reset_index()


def widest(spreads: pd.DataFrame, companies: tuple = cashflow.HYPERSCALERS) -> pd.Series:
    """Among the given companies, the latest reading of the one whose latest spread is widest."""
    last = latest_spreads(spreads)
    last = last[last["company_id"].isin(companies)]
    if last.empty:
        raise LookupError(f"no credit spread for any of {', '.join(companies)}")
    return last.sort_values(["spread_bp", "date"]).iloc[-1]


def net_borrowing(cashflows: pd.DataFrame, companies: tuple = cashflow.HYPERSCALERS) -> pd.DataFrame:
    """Net debt issued per calendar year, summed over the companies with a figure, with their names."""
    w = cashflow.wide(cashflows)
    w = w[w["company_id"].isin(companies) & w["net_debt_issued"].notna()]
    g = w.groupby("year")
    out = g["net_debt_issued"].sum().to_frame("net_debt_issued_usd_bn")
    out["companies"] = g["company_id"].apply(lambda s: ", ".join(sorted(s)))
    out["issuers"] = g["net_debt_issued"].apply(lambda s: int((s > 0).sum()))
    return out.reset_index()
