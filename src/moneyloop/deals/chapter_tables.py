"""The deal-loop chapter's tables and chart frames, ready to show: no look-ups left for the page to do."""

from __future__ import annotations

import numpy as np
import pandas as pd

from moneyloop import fmt
from moneyloop.deals.market import market_frame
from moneyloop.deals.numbers import TRIANGLE
from moneyloop.deals.vocabulary import STATUS_LABELS, label, short_name

WEB_LAYOUT = ["x", "y", "x2", "y2", "xm", "ym", "angle", "from_m", "to_m", "width_usd_bn", "line"]
WEB_CODES = ["flow_type", "status", "binding", "standing"]


def _share(x: float) -> str:
    """A share, or a dash where it is undefined."""
    return "–" if pd.isna(x) else fmt.share(x)


def _money(x: float, none: str = "undisclosed") -> str:
    """An amount, or a word where it is undisclosed."""
    return none if pd.isna(x) else fmt.usd_bn(x)


def web_data(edges: pd.DataFrame) -> pd.DataFrame:
    """The web chart's edges without layout coordinates and codes: the data a reader downloads."""
    return edges.drop(columns=[c for c in WEB_LAYOUT + WEB_CODES if c in edges.columns])


def developments_table(dev: pd.DataFrame, companies: pd.DataFrame) -> pd.DataFrame:
    """Deal events after the newest seed, with the status before and after each."""
    names = {c: short_name(n) for c, n in zip(companies["company_id"], companies["name"])}
    return pd.DataFrame(
        {
            "Date": dev["date"].map(fmt.day),
            "Deal": [f"{names.get(a, a)} → {names.get(b, b)}" for a, b in zip(dev["payer"], dev["payee"])],
            "Status before": [
                "new deal" if pd.isna(x) else label(STATUS_LABELS, x) for x in dev["status_before"]
            ],
            "Status after": [label(STATUS_LABELS, x) for x in dev["status"]],
            "What happened": dev["note"],
        }
    )


def loops_table(cycles: pd.DataFrame) -> pd.DataFrame:
    """Every loop with its length, the most that can go round it, and its edges without an amount."""
    return pd.DataFrame(
        {
            "Loop": cycles["cycle"],
            "Parties": cycles["length"],
            "Most that can go round": cycles["bottleneck_usd_bn"].map(
                lambda x: _money(x, "undisclosed edge")
            ),
            "Edges without an amount": cycles["undisclosed_edges"],
        }
    )


def vendor_table(vendor: dict[str, pd.DataFrame], view: str = "headline") -> pd.DataFrame:
    """Vendor financing per supplier–customer pair in one view, rows in the headline view's order (narrow enough for a column)."""
    vh = vendor["headline"]
    v = vendor[view].set_index(["supplier", "customer"]).reindex(list(zip(vh["supplier"], vh["customer"])))
    return pd.DataFrame(
        {
            "Supplier": vh["supplier_name"].to_numpy(),
            "Customer": vh["customer_name"].to_numpy(),
            "Capital": v["capital_usd_bn"].map(lambda x: _money(x, "not disclosed")).to_numpy(),
            "Purchases": v["purchases_usd_bn"].map(lambda x: _money(x, "not disclosed")).to_numpy(),
            "Capital / purchases": v["financing_share"].map(_share).to_numpy(),
            "Capital / first 3 years": v["first_years_share"].map(_share).to_numpy(),
        }
    )


def ocf_table(split: pd.DataFrame) -> pd.DataFrame:
    """The purchase-funding split for the page: payers whose operating cash flow the data hold first."""
    s = split.sort_values(["ocf_usd_bn", "purchases_usd_bn"], ascending=False, na_position="last")
    return pd.DataFrame(
        {
            "Payer": s["payer_name"],
            "Purchases": s["purchases_usd_bn"].map(fmt.usd_bn),
            "Suppliers' capital could cover": s["counterparty_usd_bn"].map(fmt.usd_bn),
            "Share": s["counterparty_share"].map(_share),
            "A year": s["annual_usd_bn"].map(lambda x: _money(x, "–")),
            "Cash flow (year)": [
                "not in the data" if pd.isna(o) else f"{fmt.usd_bn(o)} ({int(y)})"
                for o, y in zip(s["ocf_usd_bn"], s["ocf_year"])
            ],
            "A year / cash flow": s["annual_share_of_ocf"].map(_share),
        }
    )


def benchmark_table(bench: pd.DataFrame, companies: pd.DataFrame) -> pd.DataFrame:
    """Single-stock moves with an index move for the same date and window (contagion.benchmarked), for the page."""
    names = dict(zip(companies["company_id"], companies["name"]))
    return pd.DataFrame(
        {
            "Date": bench["date"].map(fmt.day),
            "Move": [
                f"{short_name(names.get(c, c))} ({w})" for c, w in zip(bench["company_id"], bench["window"])
            ],
            "Stock": bench["move_pct"].map(lambda x: fmt.signed_pct(x, 1)),
            "Benchmark": bench["scope"],
            "Benchmark move": bench["benchmark_pct"].map(lambda x: fmt.signed_pct(x, 1)),
            "Difference (points)": bench["excess_pp"].map(lambda x: fmt.signed_pct(x, 1).replace("%", "")),
        }
    )


def market_frame_marked(t: dict[str, pd.DataFrame], nodes: pd.DataFrame, results: pd.Series) -> pd.DataFrame:
    """The market chart's frame, with deal-day moves that fell on a results day marked apart.

    `nodes` is the web's node table (companies drawn); `results` is contagion.on_results_day over market_events.csv.
    """
    ev = t["market_events"]
    mf = market_frame(ev, t["companies"], set(nodes["company_id"]))
    on_results = dict(zip(ev["event_id"], results.to_numpy()))
    res = mf["event_id"].map(on_results).fillna(False).astype(bool).to_numpy()
    deal_day = (mf["kind"] == "on a deal announcement").to_numpy()
    mf["kind"] = np.where(res & deal_day, "on a deal announcement and results day", mf["kind"])
    return mf


def chapter_sources(t: dict[str, pd.DataFrame]) -> list[str]:
    """Citation keys of every table the chapter draws on: deals, events, layers, and the main parties' figures."""
    from moneyloop import book

    deals, fin, mv = t["deals"], t["financials"], t["market_values"]
    parties = set(TRIANGLE) | set(deals.loc[deals["payer"] == TRIANGLE[0], "payee"])
    return book.cited_keys(
        deals,
        t["deal_events"],
        t["commitment_schedules"],
        t["flow_exclusions"],
        t["deal_layers"],
        t["deal_conditions"],
        fin[fin["company_id"].isin(parties)],
        t["market_events"],
        mv[mv["company_id"] == TRIANGLE[1]],
    )


def with_inflows(round_trip: pd.DataFrame) -> pd.DataFrame:
    """The round-trip table's companies that receive anything from parties they also pay (the chart's rows)."""
    return round_trip[round_trip["from_payees_usd_bn"] > 0]


def commitment_sources(t: dict[str, pd.DataFrame], revenue: pd.DataFrame) -> list[str]:
    """Citation keys behind the commitments chart: schedules, the shocked party's revenue and its own deals."""
    from moneyloop import book

    deals = t["deals"]
    return book.cited_keys(t["commitment_schedules"], revenue, deals[deals["payer"] == TRIANGLE[0]])
