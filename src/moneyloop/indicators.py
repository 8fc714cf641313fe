"""The scorecard's indicator values, each computed by the topic functions its chapter uses.

Every function takes the loaded tables (`datasets.load_all()`) and returns one row for `scorecard.score`:
the value at its date, the comparable value at the 2000 peak and a long-run norm where the data hold them
(NaN where they do not), the reference keys behind the value, and a short basis a reader can check.
An indicator whose data are missing returns a NaN value, so the scorecard reads it as unknown.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd

from moneyloop import bib, cashflow, concentration, credit, datasets, dotcom, labs, marketvalues
from moneyloop import buildout as bo
from moneyloop import deals as dl

Tables = dict[str, pd.DataFrame]
NAN = math.nan


def _row(value, date, peak=NAN, norm=NAN, keys=(), basis: str = "") -> dict:
    return {
        "value": float(value) if value is not None and pd.notna(value) else NAN,
        "value_date": pd.Timestamp(date) if date is not None and pd.notna(date) else pd.NaT,
        "peak_2000": float(peak) if pd.notna(peak) else NAN,
        "norm": float(norm) if pd.notna(norm) else NAN,
        "source_keys": ";".join(dict.fromkeys(k for cell in keys for k in bib.split_keys(cell))),
        "basis": basis,
    }


def _unknown(basis: str) -> dict:
    return _row(NAN, None, basis=basis)


# --- valuation -------------------------------------------------------------------------------


def _index_multiple(t: Tables, metric: str) -> dict:
    m = t["valuation_multiples"]
    now = dotcom.latest_multiple(m, "sp500", metric)
    then = dotcom.peak_multiple(m, "sp500", metric)
    return _row(now["value"], now["date"], then["value"], keys=[now["sources"], then["sources"]],
                basis=f"latest dated reading against the highest of the dot-com era ({then['date']:%b %Y})")  # fmt: skip


def cape(t: Tables) -> dict:
    """S&P 500 CAPE: the latest dated value against the dot-com record."""
    return _index_multiple(t, "cape")


def forward_pe(t: Tables) -> dict:
    """S&P 500 forward P/E: the latest dated value against the dot-com peak."""
    return _index_multiple(t, "forward-pe")


def _largest_now(t: Tables) -> pd.Series:
    """The latest market-cap row of the company with the largest latest market value in the data."""
    mv = t["market_values"]
    ids = mv.loc[mv["kind"] == "market-cap", "company_id"].unique()
    latest = pd.DataFrame([marketvalues.latest(mv, c) for c in ids])
    return latest.sort_values(["market_value_usd_bn", "date"]).iloc[-1]


def leader_forward_pe(t: Tables) -> dict:
    """Forward P/E of the most valuable company now, against the dot-com leader's with a forward P/E on record."""
    m = t["valuation_multiples"]
    leader = _largest_now(t)["company_id"]
    mine = m[(m["company_id"] == leader) & (m["metric"] == "forward-pe") & (m["era"] != "dot-com")]
    then = m[(m["metric"] == "forward-pe") & (m["era"] == "dot-com") & m["company_id"].notna()]
    peak = then.sort_values("value").iloc[-1] if not then.empty else None
    if mine.empty:
        return _unknown(f"no forward P/E for {leader} in the data")
    now = mine.sort_values("date").iloc[-1]
    return _row(
        now["value"], now["date"], peak["value"] if peak is not None else NAN,
        keys=[now["sources"], *([peak["sources"]] if peak is not None else [])],
        basis=f"{now['subject']} now; {peak['subject'] if peak is not None else 'none'} at the 2000 peak",
    )  # fmt: skip


# --- concentration ---------------------------------------------------------------------------


def top10_value_share(t: Tables) -> dict:
    """Top-10 share of S&P 500 value: latest reading, the reading at the dot-com peak, the long-run decade mean."""
    c = t["concentration"]
    now = concentration.latest(c, "sp500", "top10-share")
    then = concentration.reading_at(c, "sp500", "top10-share", "dot-com peak")
    decades = concentration.readings(c, "sp500", "top10-share")
    decades = decades[(decades["point"] == "decade point") & (decades["date"] < then["date"])]
    return _row(
        now["value_pct"], now["date"], then["value_pct"], decades["value_pct"].mean(),
        keys=[now["sources"], then["sources"], *decades["sources"]],
        basis=f"latest reading ({now['provider']}, {now['qualifier']}); norm: mean of {len(decades)} decade points before 2000",
    )  # fmt: skip


def value_to_earnings(t: Tables) -> dict:
    """The Magnificent Seven's share of S&P 500 value over their share of its earnings, latest matched reading."""
    try:
        ve = concentration.earnings_vs_value(t["concentration"], "sp500", "mag7")
    except KeyError:
        return _unknown("no earnings share matched to a market-value share")
    now = ve.sort_values("date").iloc[-1]
    return _row(now["value_to_earnings"], now["date"], keys=[now["sources"]],
                basis=f"{now['provider']}: value share over earnings share on the same date")  # fmt: skip


def us_gdp(gdp: pd.DataFrame, year: int) -> pd.Series:
    """US GDP for a year, else the latest year before it (newest edition first, actuals before projections)."""
    us = gdp[(gdp["economy_code"] == "USA") & (gdp["year"] <= year)]
    if us.empty:
        raise KeyError(f"no US GDP up to {year}")
    return us.sort_values(["year", "estimate"], ascending=[True, False]).iloc[-1]


def leader_value_gdp(t: Tables) -> dict:
    """The largest company's latest market value as % of US GDP, against the 2000 cohort's largest at the peak."""
    now = _largest_now(t)
    g_now = us_gdp(t["gdp"], now["date"].year)
    cohort = t["dotcom_cohort"].sort_values("peak_usd_bn").iloc[-1]
    g_then = us_gdp(t["gdp"], cohort["peak_date"].year)
    return _row(
        100 * now["market_value_usd_bn"] / g_now["gdp_usd_bn"],
        now["date"],
        100 * cohort["peak_usd_bn"] / g_then["gdp_usd_bn"],
        keys=[now["sources"], g_now["sources"], cohort["sources"], g_then["sources"]],
        basis=f"{now['company_id']} against US GDP of {int(g_now['year'])} ({g_now['estimate']}); "
        f"2000: {cohort['company']} at the peak against GDP of {int(g_then['year'])}",
    )


# --- circularity -----------------------------------------------------------------------------


def load_tables() -> Tables:
    """Every table, validated and typed, with the deals annotated by their layers and conditions."""
    t = datasets.load_all()
    t.update(dl.load_tables())
    return t


def _deal_numbers(t: Tables) -> dict:
    return dl.key_numbers(t)


def circular_share(t: Tables, k: dict | None = None) -> dict:
    """Standing purchase commitments the seller's own investment could pay for, over all standing commitments."""
    k = k or _deal_numbers(t)
    vf = k["vendor"]["headline"]
    total = k["aggregates"]["headline"]["commitments_usd_bn"]
    covered = vf["covered_usd_bn"].sum()
    keys = t["deals"].loc[
        t["deals"]["deal_id"].isin(set().union(*vf["capital_deals"], *vf["purchase_deals"])), "sources"
    ]
    return _row(covered / total, t["deals"]["announced"].max(), keys=list(keys),
                basis=f"{len(vf)} seller-customer pairs on standing headline amounts")  # fmt: skip


def vendor_financing_phased(t: Tables, k: dict | None = None) -> dict:
    """Sellers' capital over what their customers owe them in the contracts' first three years, all pairs."""
    k = k or _deal_numbers(t)
    vf = k["vendor"]["headline"]
    vf = vf[vf["first_years_usd_bn"].notna() & vf["capital_usd_bn"].notna()]
    if vf.empty:
        return _unknown("no pair with a contract term")
    keys = t["deals"].loc[
        t["deals"]["deal_id"].isin(set().union(*vf["capital_deals"], *vf["purchase_deals"])), "sources"
    ]
    return _row(vf["capital_usd_bn"].sum() / vf["first_years_usd_bn"].sum(), t["deals"]["announced"].max(),
                keys=list(keys), basis=f"{len(vf)} pairs with a known contract term, standing headline amounts")  # fmt: skip


# --- funding ---------------------------------------------------------------------------------


MIN_SPLIT = 2
"""Fewest hyperscalers with a full sources-and-uses split for a year to stand for the group."""


def _funding_year(t: Tables) -> pd.Series:
    """The latest calendar year in which at least MIN_SPLIT hyperscalers are fully split into sources and uses."""
    years = cashflow.totals_by_year(cashflow.sources_and_uses(t["cashflows"]))
    years = years[years["n_companies"] >= MIN_SPLIT]
    if years.empty:
        raise LookupError(f"no year with {MIN_SPLIT} hyperscalers fully split")
    return years.sort_values("year").iloc[-1]


def capex_cash_share(t: Tables) -> dict:
    """Share of the hyperscalers' capex and finance leases paid from operating cash flow left after payouts."""
    y = _funding_year(t)
    keys = t["cashflows"].loc[t["cashflows"]["company_id"].isin(y["companies"].split(", ")), "sources"]
    return _row(y["internal_share"], pd.Timestamp(year=int(y["year"]), month=12, day=31), keys=list(keys),
                basis=f"calendar {int(y['year'])}, {y['companies']}")  # fmt: skip


def debt_funded_share(t: Tables) -> dict:
    """Share of the hyperscalers' capex and finance leases paid by net new debt and by the leases themselves."""
    y = _funding_year(t)
    keys = t["cashflows"].loc[t["cashflows"]["company_id"].isin(y["companies"].split(", ")), "sources"]
    return _row(y["debt_share"] + y["leases_share"], pd.Timestamp(year=int(y["year"]), month=12, day=31),
                keys=list(keys), basis=f"calendar {int(y['year'])}, {y['companies']}; vehicles off the balance sheet not counted")  # fmt: skip


# --- utilisation and prices ------------------------------------------------------------------


def gpu_rental_change(t: Tables) -> dict:
    """Change in the GPU rental price between the two latest readings of one kind, at most a year apart."""
    p = t["gpu_prices"].copy()
    p = p[p["price_kind"] != "assumption"]
    p["mid"] = p[["usd_per_gpu_hour_low", "usd_per_gpu_hour_high"]].mean(axis=1)
    kind = p.sort_values("date").iloc[-1]["price_kind"]
    same = p[(p["price_kind"] == kind) & p["mid"].notna()].sort_values("date")
    if len(same) < 2:
        return _unknown("fewer than two readings of one kind")
    a, b = same.iloc[-2], same.iloc[-1]
    if (b["date"] - a["date"]).days > 366:
        return _unknown("the two latest readings are more than a year apart")
    return _row(100 * (b["mid"] / a["mid"] - 1), b["date"], keys=[a["sources"], b["sources"]],
                basis=f"{b['gpu_type']} {kind}, {a['date']:%b %Y} to {b['date']:%b %Y}")  # fmt: skip


def backlog_growth(t: Tables, window_days: int = 45) -> dict:
    """Growth of the summed backlog of every cloud with a reading a year (± window) before its latest one."""
    f = t["financials"]
    r = f[(f["metric"] == "rpo") & (f["basis"] == "actual")]
    now_total = then_total = 0.0
    used, keys, latest = [], [], None
    for company, g in r.groupby("company_id"):
        g = g.sort_values("period_end")
        now = g.iloc[-1]
        gap = (now["period_end"] - g["period_end"]).dt.days
        earlier = g[(gap - 365).abs() <= window_days]
        if earlier.empty:
            continue
        then = earlier.iloc[0]
        now_total += now["value_usd_bn"]
        then_total += then["value_usd_bn"]
        used.append(company)
        keys += [now["sources"], then["sources"]]
        latest = max(latest, now["period_end"]) if latest is not None else now["period_end"]
    if not used:
        return _unknown("no cloud has backlog readings a year apart")
    return _row(100 * (now_total / then_total - 1), latest, keys=keys,
                basis=f"{', '.join(used)}: latest backlog against a year earlier")  # fmt: skip


# --- credit and revenue (build-out) -------------------------------------------------------------


def builder_credit_spread(t: Tables) -> dict:
    """Five-year CDS of the hyperscaler whose latest reading is widest (the neoclouds, rated below investment grade, apart)."""
    w = credit.widest(t["credit_spreads"])
    return _row(w["spread_bp"], w["date"], keys=[w["sources"]],
                basis=f"{w['company_id']}, {w['reading']} reading of {w['date']:%d %b %Y}; "
                f"hyperscalers only: {', '.join(cashflow.HYPERSCALERS)}")  # fmt: skip


def revenue_coverage(t: Tables) -> dict:
    """Mid-point of the AI-attributable revenue range against the base case's annual revenue requirement."""
    parts = labs.ai_revenue(t["lab_finances"], t["ai_revenue"])
    rng = labs.ai_revenue_range(parts)
    required = bo.revenue_gap(bo.base_case(t["assumptions"], t["financials"]))["required"]
    cov = labs.coverage(rng, required)
    return _row(cov["mid"], parts["as_of"].max(), keys=list(parts["sources"]),
                basis=f"AI revenue {rng['low']:.0f} to {rng['high']:.0f} bn a year (mid-point used) against "
                f"{required:.0f} bn needed in the base case; latest readings {parts['as_of'].min():%b %Y} "
                f"to {parts['as_of'].max():%b %Y}")  # fmt: skip


# --- scale -----------------------------------------------------------------------------------


def capex_gdp(t: Tables) -> dict:
    """The hyperscalers' capex in the latest year all of them report, as % of US GDP in that year (or the latest before)."""
    c = cashflow.capex_by_year(t["cashflows"])
    if c.empty:
        return _unknown("no year with every hyperscaler's capex")
    last = c.sort_values("year").iloc[-1]
    g = us_gdp(t["gdp"], int(last["year"]))
    rows = cashflow.hyperscaler_capex(t["cashflows"])
    keys = rows.loc[rows["year"] == last["year"], "sources"]
    then = _telecom_peak(t)
    return _row(100 * last["value_usd_bn"] / g["gdp_usd_bn"], pd.Timestamp(year=int(last["year"]), month=12, day=31),
                then["share_pct"] if then is not None else NAN,
                keys=[*keys, g["sources"], *([then["sources"], then["gdp_sources"]] if then is not None else [])],
                basis=f"calendar {int(last['year'])}, {', '.join(cashflow.HYPERSCALERS)}: all capex worldwide, "
                f"against US GDP of {int(g['year'])} ({g['estimate']})"
                + (f"; {int(then['year'])}: {then['series']}" if then is not None else ""))  # fmt: skip


def _telecom_peak(t: Tables) -> pd.Series | None:
    """The telecom carriers' highest actual capex as % of US GDP around 2000, or None without the table."""
    from moneyloop import telecom

    if "dotcom_telecom" not in t:
        return None
    return telecom.peak(telecom.telecom_capex(t["dotcom_telecom"], t["gdp"]))


REGISTRY: dict[str, Callable[[Tables], dict]] = {
    "cape": cape,
    "forward-pe": forward_pe,
    "leader-forward-pe": leader_forward_pe,
    "top10-value-share": top10_value_share,
    "value-to-earnings-concentration": value_to_earnings,
    "leader-value-gdp": leader_value_gdp,
    "circular-share": circular_share,
    "vendor-financing-phased": vendor_financing_phased,
    "capex-cash-share": capex_cash_share,
    "debt-funded-share": debt_funded_share,
    "gpu-rental-change": gpu_rental_change,
    "backlog-growth": backlog_growth,
    "capex-gdp": capex_gdp,
    "builder-credit-spread": builder_credit_spread,
    "revenue-coverage": revenue_coverage,
}
"""Indicator id (as in scorecard.csv) to the function that computes it."""


def values(t: Tables, ids: list[str]) -> pd.DataFrame:
    """One row per indicator id; an id whose data the package does not hold, or whose data lack a row, is unknown."""
    rows = []
    for i in ids:
        fn = REGISTRY.get(i)
        try:
            row = fn(t) if fn else _unknown("the data hold no value for this indicator yet")
        except (KeyError, LookupError, IndexError) as exc:  # a missing reading: unknown, and say which
            row = _unknown(f"data missing: {exc}")
        rows.append({"indicator_id": i, **row})
    return pd.DataFrame(rows)
