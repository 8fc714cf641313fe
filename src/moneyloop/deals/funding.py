"""Who pays for the purchases: the part a supplier's own capital could fund, and the rest against operating cash flow."""

from __future__ import annotations

import numpy as np
import pandas as pd

from moneyloop import cashflow

COLUMNS = [
    "payer",
    "purchases_usd_bn",
    "counterparty_usd_bn",
    "elsewhere_usd_bn",
    "counterparty_share",
    "annual_usd_bn",
    "ocf_usd_bn",
    "ocf_year",
    "annual_share_of_ocf",
]


def latest_ocf(cashflows: pd.DataFrame) -> pd.DataFrame:
    """Each company's operating cash flow in its latest calendar year in cashflows.csv (USD bn a year)."""
    w = cashflow.wide(cashflows).dropna(subset=["operating_cash_flow"])
    last = w.sort_values("year").groupby("company_id").tail(1)
    return last[["company_id", "year", "operating_cash_flow"]].rename(
        columns={"year": "ocf_year", "operating_cash_flow": "ocf_usd_bn"}
    )


def purchase_funding(rates: pd.DataFrame, vendor: pd.DataFrame, ocf: pd.DataFrame) -> pd.DataFrame:
    """Each payer's counted purchases split into the part its suppliers' own capital could pay for and the rest.

    `rates` is commitment_rates (contract totals and annual rates), `vendor` is vendor_financing (its
    `covered_usd_bn` is min(capital, purchases) per supplier and customer), `ocf` is latest_ocf. The rest
    must come from the payer's other money: revenue earned outside the graph or outside funding; where the
    data hold the payer's operating cash flow, its annual purchases are set against it.
    """
    buys = rates.groupby("payer").agg(
        purchases_usd_bn=("usd_bn", "sum"), annual_usd_bn=("annual_usd_bn", lambda s: s.sum(min_count=1))
    )
    covered = vendor.groupby("customer")["covered_usd_bn"].sum(min_count=1).rename("counterparty_usd_bn")
    out = buys.join(covered).reset_index()
    out["counterparty_usd_bn"] = out["counterparty_usd_bn"].fillna(0.0).clip(upper=out["purchases_usd_bn"])
    out["elsewhere_usd_bn"] = out["purchases_usd_bn"] - out["counterparty_usd_bn"]
    pur = out["purchases_usd_bn"]
    out["counterparty_share"] = np.where(pur > 0, out["counterparty_usd_bn"] / pur.where(pur > 0), np.nan)
    out = out.merge(ocf.rename(columns={"company_id": "payer"}), on="payer", how="left")
    out["annual_share_of_ocf"] = out["annual_usd_bn"] / out["ocf_usd_bn"]
    return (
        out[COLUMNS]
        .sort_values(["purchases_usd_bn", "payer"], ascending=[False, True])
        .reset_index(drop=True)
    )
