"""Synthetic deal tables and the full analysis in one call, for the benchmark."""

from __future__ import annotations

import numpy as np
import pandas as pd

from moneyloop.deals.graph import build_graph, pair_flows
from moneyloop.deals.loops import find_cycles, funding_totals, round_trip_share, vendor_financing
from moneyloop.deals.vocabulary import CAPITAL_FLOWS, DEFAULT_MAX_CYCLE, EXTERNAL_KINDS, PAYMENT_FLOWS


def synthetic(n_deals: int, n_companies: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A random deal table with the real schema: hub-skewed payers and payees, mixed types, statuses and amounts."""
    rng = np.random.default_rng(seed)
    ids = np.array([f"c{i:05d}" for i in range(n_companies)])
    kinds = np.where(
        rng.random(n_companies) < 0.15,
        rng.choice(EXTERNAL_KINDS, n_companies),
        rng.choice(["ai-lab", "cloud", "neocloud", "chipmaker", "hyperscaler"], n_companies),
    )
    companies = pd.DataFrame({"company_id": ids, "name": ids, "kind": kinds})
    weight = 1.0 / np.arange(1, n_companies + 1) ** 0.5
    weight /= weight.sum()
    payer = rng.choice(n_companies, n_deals, p=weight)
    payee = rng.choice(n_companies, n_deals, p=weight)
    payee = np.where(payee == payer, (payee + 1) % n_companies, payee)
    inside = ~np.isin(kinds, EXTERNAL_KINDS)
    members = np.flatnonzero(inside)
    payee = np.where(inside[payee], payee, rng.choice(members, n_deals))  # outside funders only pay in
    clash = payee == payer
    payee[clash] = members[(np.searchsorted(members, payee[clash]) + 1) % len(members)]
    flow = np.where(
        np.isin(kinds[payer], EXTERNAL_KINDS),
        rng.choice(CAPITAL_FLOWS, n_deals),
        rng.choice(PAYMENT_FLOWS + CAPITAL_FLOWS, n_deals),
    )
    amount = np.round(rng.lognormal(1.5, 1.2, n_deals), 2)
    amount[rng.random(n_deals) < 0.1] = np.nan
    status = rng.choice(
        ["reported", "loi", "definitive", "funded", "terminated", "superseded"],
        n_deals,
        p=[0.15, 0.1, 0.4, 0.25, 0.05, 0.05],
    )
    deals = pd.DataFrame(
        {
            "deal_id": [f"d{i:06d}" for i in range(n_deals)],
            "payer": ids[payer],
            "payee": ids[payee],
            "flow_type": flow,
            "amount_usd_bn": amount,
            "amount_low_usd_bn": np.nan,
            "amount_high_usd_bn": np.nan,
            "status": status,
            "announced": pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 1200, n_deals), "D"),
            "term_years": rng.choice([3.0, 5.0, 7.0, np.nan], n_deals),
            "sources": "Synthetic2026graph",
        }
    )
    return deals, companies


def analytics(
    deals: pd.DataFrame,
    companies: pd.DataFrame,
    max_len: int = DEFAULT_MAX_CYCLE,
    exclude: frozenset[str] = frozenset(),
) -> dict:
    """Every graph analysis the chapter runs on a deal table, in one call (what the benchmark times; the stress
    test has its own benchmark, benchmarks/contagion.py)."""
    out = {}
    for view in ("headline", "binding"):
        g = build_graph(deals, companies, view, exclude)
        d = pair_flows(g)
        out[view] = {
            "cycles": find_cycles(d, max_len),
            "round_trip": round_trip_share(d),
            "vendor_financing": vendor_financing(g),
            "funding": funding_totals(g),
        }
    return out
