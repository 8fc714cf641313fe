"""Who pays for the build-out: fiscal years on calendar years, capex on one basis, and sources and uses."""

from __future__ import annotations

import altair as alt
import pandas as pd

from moneyloop import charts

ITEMS = (
    "operating-cash-flow",
    "capex-cash",
    "capex-incl-finance-leases",
    "buybacks",
    "dividends",
    "net-debt-issued",
    "free-cash-flow",
)
SIGNED_ITEMS = ("net-debt-issued", "free-cash-flow")  # the only items that may be negative
BASES = ("filing", "company-release", "aggregator", "press")
HYPERSCALERS = ("amazon", "google", "meta", "microsoft", "oracle")
NEEDED = ("operating_cash_flow", "capex", "buybacks", "dividends", "net_debt_issued")  # for a full split
TOLERANCE_USD_BN = 0.15  # rounding in sources that give one decimal

# Sources of funds, in the order the allocation rule draws on them, and their labels.
FUNDING = {
    "internal": "Operating cash flow after payouts",
    "debt": "New debt (net)",
    "leases": "Finance leases",
    "reserves": "Cash reserves and other flows",
}


def _months(start: pd.Timestamp, end: pd.Timestamp) -> dict[int, int]:
    """Whole calendar months from start to end, counted per calendar year."""
    out: dict[int, int] = {}
    month = pd.Timestamp(start.year, start.month, 1)
    while month <= end:
        out[month.year] = out.get(month.year, 0) + 1
        month = month + pd.DateOffset(months=1)
    return out


def calendar_year(start, end) -> int:
    """The calendar year a fiscal year is counted in: the one holding most of its months, the year it ends on a tie."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if end < start:
        raise ValueError(f"fiscal year ends ({end.date()}) before it starts ({start.date()})")
    months = _months(start, end)
    if not 11 <= sum(months.values()) <= 13:
        raise ValueError(f"{start.date()} to {end.date()} is not a fiscal year of about twelve months")
    best = max(months.values())
    return max(y for y, m in months.items() if m == best)  # ties go to the later year, the one it ends in


def wide(cashflows: pd.DataFrame) -> pd.DataFrame:
    """One row per company and fiscal year, one column per item, with the calendar year it is counted in."""
    cf = cashflows.copy()
    cf["year"] = [calendar_year(s, e) for s, e in zip(cf["fiscal_year_start"], cf["fiscal_year_end"])]
    keys = ["company_id", "fiscal_year", "year"]
    out = cf.pivot_table(index=keys, columns="item", values="value_usd_bn", aggfunc="first").reset_index()
    for item in ITEMS:
        if item not in out.columns:
            out[item] = float("nan")
    out.columns = [str(c).replace("-", "_") for c in out.columns]
    out = out.rename(columns={"capex_cash": "capex", "capex_incl_finance_leases": "capex_incl_leases"})
    sources = cf.groupby(keys)["sources"].agg(lambda s: ";".join(dict.fromkeys(";".join(s).split(";"))))
    out = out.merge(sources.reset_index(), on=keys)
    # operating cash flow from free cash flow where a source gives only those two (FCF = OCF - capex)
    derive = out["operating_cash_flow"].isna() & out["free_cash_flow"].notna() & out["capex"].notna()
    out["ocf_derived"] = derive
    out.loc[derive, "operating_cash_flow"] = out.loc[derive, "free_cash_flow"] + out.loc[derive, "capex"]
    out["finance_leases"] = (out["capex_incl_leases"] - out["capex"]).clip(lower=0)
    return out.sort_values(["company_id", "year"]).reset_index(drop=True)


def hyperscaler_capex(cashflows: pd.DataFrame, companies: tuple = HYPERSCALERS) -> pd.DataFrame:
    """Capex per company and calendar year on one basis: cash purchases of property and equipment, finance leases apart."""
    w = wide(cashflows)
    w = w[w["company_id"].isin(companies) & w["capex"].notna()]
    cols = ["company_id", "year", "fiscal_year", "capex", "finance_leases", "sources"]
    return w[cols].rename(columns={"capex": "value_usd_bn"}).reset_index(drop=True)


def capex_by_year(cashflows: pd.DataFrame, companies: tuple = HYPERSCALERS) -> pd.DataFrame:
    """Total capex per calendar year, only for years in which every company has a figure."""
    c = hyperscaler_capex(cashflows, companies)
    g = c.groupby("year").agg(value_usd_bn=("value_usd_bn", "sum"), companies=("company_id", "nunique"))
    g = g[g["companies"] == len(companies)]
    return g.drop(columns="companies").reset_index()


def allocate(
    capex: float, payouts: float, ocf: float, net_debt: float, leases: float = 0.0
) -> dict[str, float]:
    """Split capex plus finance leases among the sources: cash flow left after payouts, then net new debt,
    then the leases themselves, and the rest from reserves; uses equal sources by construction."""
    if min(capex, payouts, leases) < 0:
        raise ValueError("capex, payouts and leases are outflows and cannot be negative")
    internal = min(capex, max(ocf - payouts, 0.0))
    debt = min(capex - internal, max(net_debt, 0.0))
    reserves = capex - internal - debt
    return {"internal": internal, "debt": debt, "leases": leases, "reserves": reserves}


def sources_and_uses(cashflows: pd.DataFrame, companies: tuple = HYPERSCALERS) -> pd.DataFrame:
    """Per company and calendar year: capex and payouts (uses) against the sources that paid for the capex.

    A company-year needs operating cash flow, capex, buybacks and dividends; net debt issued only when cash flow
    after payouts does not cover capex (otherwise the allocation never reaches debt, and a missing figure counts as 0).
    """
    w = wide(cashflows)
    w = w[w["company_id"].isin(companies)].copy()
    w["payouts"] = w["buybacks"] + w["dividends"]
    # net debt is needed only when cash flow after payouts falls short of capex: otherwise the rule never draws on it
    covered = (w["operating_cash_flow"] - w["payouts"]) >= w["capex"]
    w["complete"] = w[[c for c in NEEDED if c != "net_debt_issued"]].notna().all(axis=1) & (
        w["net_debt_issued"].notna() | covered
    )
    w = w[w["complete"]].copy()
    w["net_debt_known"] = w["net_debt_issued"].notna()
    w["net_debt_issued"] = w["net_debt_issued"].fillna(0.0)
    w["finance_leases"] = w["finance_leases"].fillna(0.0)
    parts = [
        allocate(c, p, o, d, fl)
        for c, p, o, d, fl in zip(
            w["capex"], w["payouts"], w["operating_cash_flow"], w["net_debt_issued"], w["finance_leases"]
        )
    ]
    for key in FUNDING:
        w[key] = [p[key] for p in parts]
    # the alternative rule: capex first, payouts from what is left
    w["internal_capex_first"] = w[["capex", "operating_cash_flow"]].min(axis=1).clip(lower=0)
    w["uses"] = w["capex"] + w["finance_leases"]
    w["sources_total"] = w[list(FUNDING)].sum(axis=1)
    cols = [
        "company_id",
        "fiscal_year",
        "year",
        "operating_cash_flow",
        "ocf_derived",
        "capex",
        "finance_leases",
        "payouts",
        "net_debt_issued",
        "net_debt_known",
        *FUNDING,
        "internal_capex_first",
        "uses",
        "sources_total",
        "sources",
    ]
    return w[cols].reset_index(drop=True)


def coverage(cashflows: pd.DataFrame, companies: tuple = HYPERSCALERS) -> pd.DataFrame:
    """For each company and calendar year, which of the items a full split needs are missing."""
    w = wide(cashflows)
    w = w[w["company_id"].isin(companies)]
    missing = w[list(NEEDED)].isna()
    payouts = w["buybacks"] + w["dividends"]
    covered = (w["operating_cash_flow"] - payouts) >= w["capex"]
    missing["net_debt_issued"] &= ~covered  # net debt is not needed when cash flow after payouts covers capex
    w = w.assign(
        missing=missing.apply(lambda r: ", ".join(c.replace("_", " ") for c, m in r.items() if m), axis=1)
    )
    return w[["company_id", "fiscal_year", "year", "missing"]].reset_index(drop=True)


def totals_by_year(su: pd.DataFrame) -> pd.DataFrame:
    """Sources and uses summed over the companies with a full split, per calendar year, with shares of capex."""
    cols = [
        "capex",
        "finance_leases",
        "payouts",
        "operating_cash_flow",
        "uses",
        *FUNDING,
        "internal_capex_first",
    ]
    g = su.groupby("year")
    out = g[cols].sum()
    out["companies"] = g["company_id"].apply(lambda s: ", ".join(sorted(s)))
    out["n_companies"] = g["company_id"].nunique()
    for key in (*FUNDING, "internal_capex_first"):
        out[f"{key}_share"] = out[key] / out["uses"]
    return out.reset_index()


def sources_chart(su: pd.DataFrame) -> alt.Chart:
    """Stacked bars: how each company's capex in each year was paid for, by source."""
    long = su.melt(
        id_vars=["company_id", "fiscal_year", "year"],
        value_vars=list(FUNDING),
        var_name="source",
        value_name="usd_bn",
    )
    long["source"] = long["source"].map(FUNDING)
    long["label"] = long["company_id"] + " " + long["fiscal_year"].astype(str)
    order = list(FUNDING.values())
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("usd_bn:Q", title="Capex paid for (USD bn)", axis=charts.USD_BN_AXIS, stack="zero"),
            y=alt.Y("label:N", title=None, sort=alt.EncodingSortField("year")),
            color=alt.Color(
                "source:N",
                title=None,
                sort=order,
                scale=alt.Scale(domain=order, range=charts.PALETTE[: len(order)]),
            ),
            order=alt.Order("source_order:Q"),
            tooltip=[
                alt.Tooltip("label:N", title="Company and fiscal year"),
                alt.Tooltip("year:O", title="Counted in calendar year"),
                alt.Tooltip("source:N", title="Source"),
                charts.usd_tooltip("usd_bn:Q", "Amount"),
            ],
        )
        .transform_calculate(source_order=f"indexof({order!r}, datum.source)")
        .properties(height=alt.Step(18))
    )


def _mid(value: float, low: float, high: float) -> float:
    """A point value, or the mid-point of a range."""
    return float(value) if pd.notna(value) else (float(low) + float(high)) / 2


def capex_guidance(financials: pd.DataFrame, year: int, companies: tuple = HYPERSCALERS) -> pd.DataFrame:
    """Each company's latest capex guidance for its fiscal year counted in `year` (mid-point of a range)."""
    f = financials[
        (financials["metric"] == "capex")
        & (financials["basis"] == "guidance")
        & financials["company_id"].isin(companies)
    ].copy()
    days = (f["period_end"] - f["period_start"]).dt.days
    f = f[days.between(360, 370)]
    f["year"] = [calendar_year(s, e) for s, e in zip(f["period_start"], f["period_end"])]
    f = f[f["year"] == year].sort_values("reported_on").groupby("company_id").tail(1)
    f["value_usd_bn"] = [
        _mid(v, lo, hi) for v, lo, hi in zip(f["value_usd_bn"], f["value_low_usd_bn"], f["value_high_usd_bn"])
    ]
    f["low_usd_bn"] = f["value_low_usd_bn"].fillna(f["value_usd_bn"])
    f["high_usd_bn"] = f["value_high_usd_bn"].fillna(f["value_usd_bn"])
    cols = [
        "company_id",
        "year",
        "period_label",
        "reported_on",
        "value_usd_bn",
        "low_usd_bn",
        "high_usd_bn",
        "note",
        "sources",
    ]
    return f[cols].sort_values("company_id").reset_index(drop=True)


def capex_cover(cashflows: pd.DataFrame, companies: tuple = HYPERSCALERS) -> pd.DataFrame:
    """Capex as a share of operating cash flow, per company and calendar year (needs only those two items)."""
    w = wide(cashflows)
    w = w[w["company_id"].isin(companies) & w["capex"].notna() & w["operating_cash_flow"].notna()].copy()
    w["cover"] = w["capex"] / w["operating_cash_flow"]
    cols = [
        "company_id",
        "fiscal_year",
        "year",
        "operating_cash_flow",
        "ocf_derived",
        "capex",
        "cover",
        "sources",
    ]
    return w[cols].reset_index(drop=True)


def cover_by_year(cover: pd.DataFrame, companies: tuple = HYPERSCALERS) -> pd.DataFrame:
    """Summed capex against summed operating cash flow, for years in which every company has both."""
    g = cover.groupby("year").agg(
        capex=("capex", "sum"),
        operating_cash_flow=("operating_cash_flow", "sum"),
        n=("company_id", "nunique"),
    )
    g = g[g["n"] == len(companies)].drop(columns="n")
    g["cover"] = g["capex"] / g["operating_cash_flow"]
    return g.reset_index()


def prose_list(items: list[str]) -> str:
    """Items joined for a sentence: 'A', 'A and B', 'A, B and C'."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def short_names(companies: pd.DataFrame) -> pd.Series:
    """Company names without the bracketed unit: 'Alphabet (Google Cloud)' becomes 'Alphabet'."""
    return companies.set_index("company_id")["name"].str.split(" (", regex=False).str[0]


def split_names(cashflows: pd.DataFrame, companies: pd.DataFrame, year: int) -> str:
    """The companies with a full sources-and-uses split in a calendar year, for a sentence."""
    names = short_names(companies)
    su = sources_and_uses(cashflows)
    return prose_list([names[c] for c in su.loc[su["year"] == year, "company_id"]])


def missing_names(cashflows: pd.DataFrame, companies: pd.DataFrame) -> str:
    """The company-years left out of the split, for a sentence ("Oracle's FY2026")."""
    names = short_names(companies)
    c = coverage(cashflows)
    c = c[c["missing"] != ""]
    return prose_list([f"{names[r.company_id]}'s {r.fiscal_year}" for r in c.itertuples()])
