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


def key_numbers(spreads: pd.DataFrame, cashflows: pd.DataFrame) -> dict:
    """Headline credit numbers: the widest hyperscaler and the widest builder of all, and the latest net borrowing."""
    last = latest_spreads(spreads)
    hyper = widest(spreads)
    other = last.sort_values("peak_bp").iloc[-1]
    nb = net_borrowing(cashflows).sort_values("year").iloc[-1]
    return {
        "hyper_company": hyper["company_id"],
        "hyper_bp": float(hyper["spread_bp"]),
        "hyper_date": hyper["date"],
        "hyper_precision": hyper["date_precision"],
        "widest_company": other["company_id"],
        "widest_bp": float(other["spread_bp"]),
        "widest_date": other["date"],
        "widest_precision": other["date_precision"],
        "widest_peak_bp": float(other["peak_bp"]),
        "widest_peak_date": other["peak_date"],
        "widest_peak_precision": other["peak_precision"],
        "net_borrowing_year": int(nb["year"]),
        "net_borrowing": float(nb["net_debt_issued_usd_bn"]),
        "net_borrowing_companies": nb["companies"].split(", "),
    }


def spread_table(spreads: pd.DataFrame, companies: pd.DataFrame) -> pd.DataFrame:
    """The readings for the page: company name, date as precise as known, spread, kind of reading, what the source says."""
    names = cashflow.short_names(companies)
    s = spreads.sort_values(["company_id", "date"])
    when = [
        d.strftime("%d %b %Y") if p == "day" else d.strftime("%b %Y")
        for d, p in zip(s["date"], s["date_precision"])
    ]
    return pd.DataFrame(
        {
            "Company": s["company_id"].map(names).to_numpy(),
            "Date": when,
            "Five-year CDS (bp)": s["spread_bp"].round(0).to_numpy(),
            "Reading": s["reading"].to_numpy(),
            "What the source says": s["note"].to_numpy(),
        }
    )
