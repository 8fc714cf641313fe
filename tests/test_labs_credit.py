"""The labs' finances, AI-attributable revenue and credit spreads, on hand-built tables; bad input rejected."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from conftest import edit_cell, read_rows
from moneyloop import credit, datasets, indicators, labs


def _labs(rows: list[tuple]) -> pd.DataFrame:
    cols = ["lab_id", "item", "period_label", "period_start", "period_end", "value_usd_bn", "origin", "reported_on",
            "sources"]  # fmt: skip
    df = pd.DataFrame(rows, columns=cols)
    for c in ("period_start", "period_end", "reported_on"):
        df[c] = pd.to_datetime(df[c])
    return df


@pytest.fixture
def lab_table() -> pd.DataFrame:
    return _labs(
        [
            ("openai", "annualised-revenue", "a", "2025-12-01", "2025-12-31", 20, "company-statement", "2026-01-18", "A2026a"),
            ("openai", "annualised-revenue", "b", "2026-03-01", "2026-03-31", 25, "press-estimate", "2026-04-01", "B2026b"),
            ("anthropic", "annualised-revenue", "c", "2026-04-06", "2026-04-06", 30, "company-statement", "2026-04-06", "C2026c"),
            ("xai", "revenue", "2025", "2025-01-01", "2025-12-31", 3.2, "reported", "2026-05-20", "D2026d"),
            ("xai", "cash", "x", "2025-03-31", "2025-03-31", 4, "press-estimate", "2025-06-19", "E2025e"),
        ]
    )  # fmt: skip


@pytest.fixture
def clouds() -> pd.DataFrame:
    return pd.DataFrame(
        [
            (
                "microsoft",
                "annualised-revenue",
                pd.Timestamp("2026-03-31"),
                37.0,
                "company-statement",
                True,
                "F2026f",
            ),
            (
                "amazon",
                "annualised-revenue",
                pd.Timestamp("2026-03-31"),
                15.0,
                "company-statement",
                True,
                "G2026g",
            ),
        ],
        columns=["company_id", "measure", "as_of", "value_usd_bn", "origin", "overlaps_labs", "sources"],
    )


def test_summary_takes_each_labs_latest_figure(lab_table):
    s = labs.summary(lab_table).set_index(["lab_id", "item"])
    assert s.at[("openai", "annualised-revenue"), "value_usd_bn"] == 25  # March beats December
    assert s.at[("openai", "annualised-revenue"), "basis"] == "Press estimate"
    assert s.at[("xai", "revenue"), "basis"] == "Reported"
    assert ("anthropic", "cash") not in s.index  # absent, never guessed


def test_ai_revenue_range_adds_overlapping_clouds_only_at_the_high_end(lab_table, clouds):
    parts = labs.ai_revenue(lab_table, clouds)
    r = labs.ai_revenue_range(parts)
    # low: OpenAI 25 + Anthropic 30 + xAI 3.2 (no run-rate, so its annual revenue) = 58.2
    assert r["low"] == pytest.approx(58.2)
    # high: 58.2 + Microsoft 37 + AWS 15 = 110.2; mid-point (58.2 + 110.2) / 2 = 84.2
    assert r["high"] == pytest.approx(110.2) and r["mid"] == pytest.approx(84.2)
    # against 842 bn needed: 84.2 / 842 = 0.1
    assert labs.coverage(r, 842)["mid"] == pytest.approx(0.1)
    with pytest.raises(ValueError):
        labs.coverage(r, 0)


def test_equity_raised_counts_binding_cash_only():
    deals = pd.DataFrame(
        [
            ("a", "2025-03-31", "x", "openai", "equity-investment", 30, None, None, "funded", "S2025a"),
            ("b", "2025-10-28", "y", "openai", "equity-investment", 135, None, None, "definitive", "S2025b"),  # stake value
            ("c", "2025-11-18", "z", "anthropic", "equity-investment", 10, 2, 10, "definitive", "S2025c"),  # up to 10
            ("d", "2025-09-22", "w", "openai", "equity-investment", 100, 0, 100, "loi", "S2025d"),  # not binding
        ],
        columns=["deal_id", "announced", "payer", "payee", "flow_type", "amount_usd_bn", "amount_low_usd_bn",
                 "amount_high_usd_bn", "status", "sources"],
    )  # fmt: skip
    out = labs.equity_raised(deals, pd.DataFrame({"deal_id": ["b"]})).set_index(["lab_id", "year"])["usd_bn"]
    # OpenAI 2025: 30 (b is excluded, d is a letter of intent); Anthropic 2025: the firm low end, 2
    assert out.to_dict() == {("anthropic", 2025): 2, ("openai", 2025): 30}


def _spreads() -> pd.DataFrame:
    df = pd.DataFrame(
        [
            ("oracle", "2025-11-01", "month", 125.0, "level", "A2025a"),
            ("oracle", "2025-12-11", "day", 139.0, "intraday", "B2025b"),
            ("meta", "2025-12-20", "day", 60.0, "close", "C2025c"),
            ("coreweave", "2025-12-01", "month", 881.0, "peak", "D2026d"),
            ("coreweave", "2025-12-05", "day", 643.0, "close", "E2025e"),
        ],
        columns=["company_id", "date", "date_precision", "spread_bp", "reading", "sources"],
    )
    df["date"] = pd.to_datetime(df["date"])
    return df


def test_widest_hyperscaler_and_peaks():
    last = credit.latest_spreads(_spreads()).set_index("company_id")
    # CoreWeave: latest reading 5 Dec (643), peak 881 in December
    assert last.at["coreweave", "spread_bp"] == 643 and last.at["coreweave", "peak_bp"] == 881
    w = credit.widest(_spreads())
    # among hyperscalers Oracle's 139 beats Meta's 60; CoreWeave is not a hyperscaler
    assert (w["company_id"], w["spread_bp"]) == ("oracle", 139)
    r = indicators.builder_credit_spread({"credit_spreads": _spreads()})
    assert (
        r["value"] == 139 and r["value_date"] == pd.Timestamp("2025-12-11") and r["source_keys"] == "B2025b"
    )
    with pytest.raises(LookupError):
        credit.widest(_spreads(), companies=("amazon",))


# --- bad input -----------------------------------------------------------------------------------


def _messages(data_dir: Path) -> list[str]:
    return [str(p) for p in datasets.validate(data_dir)]


def _row_of(path: Path, **match) -> int:
    _, rows = read_rows(path)
    return next(i for i, r in enumerate(rows) if all(r[k] == v for k, v in match.items()))


def test_cash_over_a_period_rejected(data_copy):
    path = data_copy / "lab_finances.csv"
    row = edit_cell(path, _row_of(path, lab_id="xai", item="cash"), "period_start", "2025-01-01")
    assert any(
        m.startswith(f"lab_finances.csv:{row}: period_end:") and "balance" in m for m in _messages(data_copy)
    )


def test_run_rate_over_a_year_rejected(data_copy):
    path = data_copy / "lab_finances.csv"
    i = _row_of(path, lab_id="openai", item="annualised-revenue", period_label="end-2025")
    row = edit_cell(path, i, "period_start", "2025-01-01")
    assert any(
        m.startswith(f"lab_finances.csv:{row}: period_end:") and "run-rate" in m for m in _messages(data_copy)
    )


def test_unknown_origin_rejected(data_copy):
    path = data_copy / "lab_finances.csv"
    row = edit_cell(path, 0, "origin", "rumour")
    assert any(m.startswith(f"lab_finances.csv:{row}: origin:") for m in _messages(data_copy))


def test_month_reading_not_on_the_first_rejected(data_copy):
    path = data_copy / "credit_spreads.csv"
    row = edit_cell(path, _row_of(path, company_id="oracle", date_precision="month"), "date", "2025-11-25")
    assert any(
        m.startswith(f"credit_spreads.csv:{row}: date:") and "first of the month" in m
        for m in _messages(data_copy)
    )


def test_negative_spread_and_unknown_overlap_rejected(data_copy):
    row = edit_cell(data_copy / "credit_spreads.csv", 0, "spread_bp", "-5")
    row2 = edit_cell(data_copy / "ai_revenue.csv", 0, "overlaps_labs", "maybe")
    msgs = _messages(data_copy)
    assert any(m.startswith(f"credit_spreads.csv:{row}: spread_bp:") for m in msgs)
    assert any(m.startswith(f"ai_revenue.csv:{row2}: overlaps_labs:") for m in msgs)
