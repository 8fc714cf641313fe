"""Hand-made deal graphs and financials shared by the tests of the moneyloop.deals modules."""

from __future__ import annotations

import networkx as nx
import pandas as pd
from hypothesis import strategies as st

from moneyloop import deals as dl

T = pd.Timestamp


def _deals(rows: list[tuple]) -> pd.DataFrame:
    """rows: (deal_id, payer, payee, flow_type, amount, low, high, kind, status, announced, term)."""
    cols = [
        "deal_id",
        "payer",
        "payee",
        "flow_type",
        "amount_usd_bn",
        "amount_low_usd_bn",
        "amount_high_usd_bn",
        "amount_kind",
        "status",
        "announced",
        "term_years",
    ]
    df = pd.DataFrame(rows, columns=cols)
    for c in ("amount_usd_bn", "amount_low_usd_bn", "amount_high_usd_bn", "term_years"):
        df[c] = df[c].astype(float)
    df["announced"] = pd.to_datetime(df["announced"])
    df["date_precision"] = "day"
    df["sources"] = "Test2026key"
    return df


COMPANIES = pd.DataFrame(
    {
        "company_id": ["lab", "cloud", "chips", "fund", "bank"],
        "name": ["Lab (Lab Group PBC)", "Cloud", "Chips", "Fund", "Bank"],
        "kind": ["ai-lab", "cloud", "chipmaker", "investor", "lender"],
    }
)

# A miniature of the OpenAI -> Oracle -> NVIDIA -> OpenAI triangle, with one superseded letter of intent.


DEALS = _deals(
    [
        (
            "d1",
            "lab",
            "cloud",
            "compute-purchase",
            300,
            None,
            None,
            "estimate",
            "definitive",
            "2025-09-10",
            5,
        ),
        ("d2", "cloud", "chips", "chip-purchase", 40, None, None, "estimate", "reported", "2025-05-23", None),
        ("d3", "chips", "lab", "equity-investment", 100, 0, 100, "up-to", "superseded", "2025-09-22", None),
        ("d4", "chips", "lab", "equity-investment", 30, None, None, "stated", "funded", "2026-02-27", None),
        ("d5", "fund", "lab", "equity-investment", 40, None, None, "stated", "funded", "2025-03-31", None),
        ("d6", "bank", "cloud", "debt", 18, None, None, "stated", "funded", "2025-09-01", None),
        ("d7", "cloud", "lab", "warrant", 2, None, None, "stated", "definitive", "2025-03-10", None),
    ]
)


EVENTS = pd.DataFrame(
    {
        "deal_id": ["d3", "d3", "d4", "d4"],
        "date": pd.to_datetime(["2025-09-22", "2026-02-27", "2026-02-27", "2026-03-31"]),
        "status": ["loi", "superseded", "definitive", "funded"],
        "note": ["letter", "replaced", "announced", "paid"],
    }
)


def graph(view: str, exclude=frozenset()) -> nx.MultiDiGraph:
    return dl.build_graph(DEALS, COMPANIES, view, exclude)


def _fin(rows):
    cols = [
        "company_id",
        "metric",
        "period_label",
        "period_start",
        "period_end",
        "basis",
        "value_usd_bn",
        "reported_on",
        "sources",
    ]
    df = pd.DataFrame(rows, columns=cols)
    for c in ("period_start", "period_end", "reported_on"):
        df[c] = pd.to_datetime(df[c])
    df["basis"] = df["basis"].astype("category")
    return df


FIN = _fin(
    [
        ("cloud", "rpo", "Q1", "2025-08-31", "2025-08-31", "actual", 400.0, "2025-09-09", "A2025a"),
        ("cloud", "rpo", "Q2", "2025-11-30", "2025-11-30", "actual", 600.0, "2025-12-10", "A2025b"),
        ("cloud", "revenue", "FY", "2025-06-01", "2026-05-31", "actual", 60.0, "2026-06-10", "A2026c"),
        ("cloud", "revenue", "Q4", "2026-03-01", "2026-05-31", "actual", 20.0, "2026-06-10", "A2026c"),
        ("chips", "revenue", "Q1", "2026-02-01", "2026-04-30", "actual", 10.0, "2026-05-20", "A2026d"),
        ("lab", "revenue", "2025", "2025-01-01", "2025-12-31", "actual", 13.0, "2026-03-29", "A2026e"),
        ("lab", "revenue", "2026", "2026-01-01", "2026-12-31", "target", 30.0, "2026-03-29", "A2026e"),
        ("lab", "revenue", "2026 Q1", "2026-01-01", "2026-03-31", "actual", 5.7, "2026-05-01", "A2026f"),
    ]
)


NAMES = ["a", "b", "c", "d", "e", "f"]


edge_st = st.tuples(st.sampled_from(NAMES), st.sampled_from(NAMES), st.floats(0.5, 500, allow_nan=False))


deal_st = st.tuples(
    st.sampled_from(NAMES[:5]),
    st.sampled_from(NAMES[:5]),
    st.sampled_from(["reported", "loi", "definitive", "funded"]),
    st.floats(1, 100),
)
