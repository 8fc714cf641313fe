"""The dot-com chapter, section by section: named, formatted numbers keyed by glue name, and display tables."""

from __future__ import annotations

import pandas as pd

from moneyloop import datasets, dotcom, fmt, marketvalues, roles, telecom
from moneyloop import deals as dl

PRICE_KEYS = ["Sheppard2025arch", "BLS2018corecpi", "VegaDatasets2020stocks", "VegaDatasets2024catalog"]
"""Sources of the price series that ship inside installed packages."""

TABLES = (
    "dotcom_milestones", "vendor_financing", "fibre_use", "valuation_multiples", "market_values", "financials",
    "deals", "companies", "claims", "shiller_monthly", "dotcom_cohort", "gdp", "dotcom_telecom", "cashflows",
    "chapter_roles",
)  # fmt: skip
"""Tables the chapter reads."""


def load() -> dict:
    """Every table and price series the chapter uses, with the index paths on their three bases."""
    t = {name: datasets.load(name) for name in TABLES}
    t["deals"] = dl.load_deals()  # with financing layers, so a row inside another is counted once
    t["ohlc"] = {"nasdaq": dotcom.load_index("nasdaq"), "sp500": dotcom.load_index("sp500")}
    t["cpi"] = dotcom.load_core_cpi()
    t["amzn"] = dotcom.load_monthly_stock("AMZN")
    t["bases"] = dotcom.index_bases(t["ohlc"], t["cpi"])
    t["regain"] = dotcom.regain_bases(t["shiller_monthly"], t["ohlc"]["nasdaq"]["close"])
    t["cisco"] = dotcom.company_recovery(t["dotcom_milestones"], "cisco")
    t["amazon"] = dotcom.company_recovery(t["dotcom_milestones"], "amazon", t["amzn"])
    return t


SEED_ROLES = ("seed-cisco-years", "seed-amazon-years", "seed-dotcom-loss")
"""The chapter roles of the seed claims the chapter checks (claim ids live in data/chapter_roles.csv)."""


def seed(t: dict, role: str) -> pd.Series:
    """The ledger row of the seed claim a chapter role names."""
    return roles.claim(t["chapter_roles"], t["claims"], role)


def base_row(bases: pd.DataFrame, index: str, basis: str) -> pd.Series:
    """One index's row on one basis from index_bases."""
    return bases[(bases["index"] == index) & (bases["basis"] == basis)].iloc[0]


def _agrees(flag: bool) -> str:
    return "agrees" if flag else "does not agree"


def index_glue(t: dict) -> dict[str, str]:
    """Peaks, troughs, falls and regain dates of both indices on closes, intraday highs and core-CPI real closes."""
    bases, cpi, ms = t["bases"], t["cpi"], t["dotcom_milestones"]
    g: dict[str, str] = {}
    rows = {}
    for index, key in (("NASDAQ Composite", "nasdaq"), ("S&P 500", "sp500")):
        for basis, suffix in (("close", ""), ("intraday", "-intraday"), ("real close (core CPI)", "-real")):
            r = rows[key + suffix] = base_row(bases, index, basis)
            g[f"dotcom-{key}{suffix}-peak"] = dotcom.level_text(r["peak"])
            g[f"dotcom-{key}{suffix}-trough-date"] = fmt.day(r["trough_date"])
            g[f"dotcom-{key}{suffix}-fall"] = fmt.pct(-r["drawdown_pct"])
            g[f"dotcom-{key}{suffix}-regain-date"] = fmt.day(r["regain_date"])
            g[f"dotcom-{key}{suffix}-years"] = fmt.years(r["years_to_regain"])
            if not suffix:
                g[f"dotcom-{key}-peak-date"] = fmt.day(r["peak_date"])
                g[f"dotcom-{key}-trough"] = dotcom.level_text(r["trough"])
    nq = rows["nasdaq"]
    g["dotcom-peak-month"] = fmt.month(nq["peak_date"])
    g["dotcom-peak-year"] = str(nq["peak_date"].year)
    g["dotcom-nasdaq-trough-month"] = fmt.month(nq["trough_date"])
    g["dotcom-series-first-year"] = str(t["ohlc"]["nasdaq"].index.min().year)
    g["dotcom-series-last-year"] = str(t["ohlc"]["nasdaq"].index.max().year)
    g["dotcom-cpi-last"] = fmt.month(cpi.index.max())
    peak = dotcom.milestone(ms, "nasdaq-composite", "peak", "close")
    back = dotcom.milestone(ms, "nasdaq-composite", "regained", "close")
    level = float(dotcom.regain(t["ohlc"]["nasdaq"]["close"], nq["peak"], nq["peak_date"])[1])
    g["dotcom-check-peak"] = _agrees(
        round(nq["peak"], 2) == peak["value"] and nq["peak_date"] == peak["date"]
    )
    g["dotcom-check-regain"] = _agrees(round(level, 2) == back["value"] and nq["regain_date"] == back["date"])
    later = sorted(
        (r for _, r in ms.iterrows() if r["event"] == "peak-in-later-prices"), key=lambda r: r["date"]
    )
    for r, slug in zip(later, ("fundranker", "ap"), strict=True):
        g[f"dotcom-real-{slug}"] = dotcom.level_text(r["value"])
        g[f"dotcom-real-{slug}-month"] = fmt.month(r["date"])
        again = dotcom.level_in_later_prices(nq["peak"], cpi, nq["peak_date"], r["date"])
        g[f"dotcom-real-core-{slug}"] = dotcom.level_text(again)
    return g


def index_alt(t: dict) -> str:
    """Alt text of the index-path figure from the computed falls and regain months."""
    nq, sp = base_row(t["bases"], "NASDAQ Composite", "close"), base_row(t["bases"], "S&P 500", "close")
    nqr = base_row(t["bases"], "NASDAQ Composite", "real close (core CPI)")
    return (
        f"Line chart of index levels as a percent of the {fmt.month(nq['peak_date'])} closing peak. The NASDAQ falls "
        f"{fmt.pct(-nq['drawdown_pct'])} by {fmt.month(nq['trough_date'])} and first closes above the peak in "
        f"{fmt.month(nq['regain_date'])}; the S&P 500 falls {fmt.pct(-sp['drawdown_pct'])} and recovers in "
        f"{fmt.month(sp['regain_date'])}; in constant prices the NASDAQ recovers in {fmt.month(nqr['regain_date'])}."
    )


def regain_glue(t: dict) -> dict[str, str]:
    """Regain dates and years by index and basis (price, total return, real) and the Shiller series' span."""
    regain, g = t["regain"], {}
    for index, key in (("S&P 500", "sp500"), ("NASDAQ Composite", "nasdaq")):
        for basis in ("price", "total return", "real price", "real total return"):
            hit = regain[(regain["index"] == index) & (regain["basis"] == basis)]
            if hit.empty or pd.isna(hit["regain_date"].iloc[0]):
                continue
            r = hit.iloc[0]
            when = fmt.month if r["data"] == "monthly average" else fmt.day
            slug = f"dotcom-basis-{key}-{basis.replace(' ', '-')}"
            g[f"{slug}-years"] = fmt.years(r["years_to_regain"])
            g[f"{slug}-date"] = when(r["regain_date"])
            g[f"{slug}-peak-date"] = when(r["peak_date"])
            g[f"{slug}-fall"] = fmt.pct(-r["drawdown_pct"])
    headline = dotcom.basis_row(regain, "NASDAQ Composite", "real price")
    core = base_row(t["bases"], "NASDAQ Composite", "real close (core CPI)")
    g["dotcom-cpi-gap-days"] = fmt.count(abs((headline["regain_date"] - core["regain_date"]).days))
    g["dotcom-shiller-first"] = fmt.month(t["shiller_monthly"]["month"].min())
    g["dotcom-shiller-last"] = fmt.month(t["shiller_monthly"]["month"].max())
    return g


def _dash(fn):
    """A formatter that writes '–' for a missing value."""
    return lambda v: "–" if pd.isna(v) else fn(v)


def bases_table(t: dict) -> pd.DataFrame:
    """Peak, trough, fall and first value above the peak, by index and basis, for display."""
    b = t["bases"]
    return pd.DataFrame(
        {
            "Index": b["index"],
            "Basis": b["basis"],
            "Peak": b["peak"].map(dotcom.level_text),
            "Peak date": b["peak_date"].map(fmt.day),
            "Trough": b["trough"].map(dotcom.level_text),
            "Trough date": b["trough_date"].map(fmt.day),
            "Fall": b["drawdown_pct"].map(fmt.pct),
            "First value above peak": b["regain_date"].map(fmt.day),
            "Peak to regain": b["years_to_regain"].map(fmt.years),
        }
    )


def regain_table(t: dict) -> pd.DataFrame:
    """Regain of the peak on price, total-return and real bases, for display."""
    r = t["regain"]
    return pd.DataFrame(
        {
            "Index": r["index"],
            "Basis": r["basis"],
            "Data": r["data"],
            "Peak": r["peak_date"].map(_dash(fmt.day)),
            "Trough": r["trough_date"].map(_dash(fmt.day)),
            "Fall": r["drawdown_pct"].map(_dash(lambda x: fmt.pct(-x))),
            "First value above peak": r["regain_date"].map(_dash(fmt.day)),
            "Peak to regain": r["years_to_regain"].map(_dash(fmt.years)),
        }
    )


def cisco_glue(t: dict) -> dict[str, str]:
    """Cisco's price round trip, its market value then, and Cisco then and NVIDIA now against US GDP."""
    mv, ms, gdp, cisco = t["market_values"], t["dotcom_milestones"], t["gdp"], t["cisco"]
    peak_mv = marketvalues.peak(mv, "cisco")
    regain_mv = float(marketvalues.on(mv, "cisco", cisco["regain_date"])["market_value_usd_bn"])
    nv_peak, nv_now = marketvalues.peak(mv, "nvidia"), marketvalues.latest(mv, "nvidia")
    g_now, g_then = telecom.gdp_in(gdp, nv_now["date"].year), telecom.gdp_in(gdp, peak_mv["date"].year)
    return {
        "dotcom-cisco-peak": dotcom.price_text(cisco["peak"]),
        "dotcom-cisco-peak-date": fmt.day(cisco["peak_date"]),
        "dotcom-cisco-intraday": dotcom.price_text(
            dotcom.milestone(ms, "cisco", "peak", "intraday")["value"]
        ),
        "dotcom-cisco-trough": dotcom.price_text(cisco["trough"]),
        "dotcom-cisco-trough-date": fmt.day(cisco["trough_date"]),
        "dotcom-cisco-fall": fmt.pct(-cisco["drawdown_pct"]),
        "dotcom-cisco-regain": dotcom.price_text(cisco["regain_level"]),
        "dotcom-cisco-regain-date": fmt.day(cisco["regain_date"]),
        "dotcom-cisco-years": fmt.years(cisco["years_peak_to_regain"]),
        "dotcom-cisco-peak-mv": fmt.usd_bn(peak_mv["market_value_usd_bn"]),
        "dotcom-cisco-regain-mv": fmt.usd_bn(regain_mv),
        "dotcom-cisco-mv-gap": fmt.pct(100 * (1 - regain_mv / peak_mv["market_value_usd_bn"])),
        "dotcom-nvda-peak-mv": fmt.usd_bn(nv_peak["market_value_usd_bn"]),
        "dotcom-nvda-peak-mv-date": fmt.dated(nv_peak["date"], nv_peak["date_precision"]),
        "dotcom-nvda-now-mv": fmt.usd_bn(nv_now["market_value_usd_bn"]),
        "dotcom-nvda-now-date": fmt.dated(nv_now["date"], nv_now["date_precision"]),
        "dotcom-nvda-now-gdp": fmt.pct(100 * nv_now["market_value_usd_bn"] / g_now["gdp_usd_bn"], 1),
        "dotcom-nvda-peak-gdp": fmt.pct(100 * nv_peak["market_value_usd_bn"] / g_now["gdp_usd_bn"], 1),
        "dotcom-nvda-gdp-year": str(g_now["year"]),
        "dotcom-nvda-gdp-estimate": str(g_now["estimate"]),
        "dotcom-cisco-peak-gdp": fmt.pct(100 * peak_mv["market_value_usd_bn"] / g_then["gdp_usd_bn"], 1),
        "dotcom-cisco-peak-year": str(peak_mv["date"].year),
        "dotcom-seed-cisco": fmt.years(seed(t, "seed-cisco-years")["seed_value"], 0),
    }


def amazon_glue(t: dict) -> dict[str, str]:
    """Amazon's record, trough, interim high and regain, from the milestones and the monthly series."""
    a, ms = t["amazon"], t["dotcom_milestones"]
    interim = dotcom.milestone(ms, "amazon", "interim-high", "close")
    return {
        "dotcom-amzn-peak": dotcom.price_text(a["peak"]),
        "dotcom-amzn-peak-month": fmt.month(a["peak_date"]),
        "dotcom-amzn-trough": dotcom.price_text(a["trough"]),
        "dotcom-amzn-trough-month": fmt.month(a["trough_date"]),
        "dotcom-amzn-fall": fmt.pct(-a["drawdown_pct"]),
        "dotcom-amzn-regain": dotcom.price_text(a["regain_level"]),
        "dotcom-amzn-regain-month": fmt.month(a["regain_date"]),
        "dotcom-amzn-years-peak": fmt.years(a["years_peak_to_regain"]),
        "dotcom-amzn-years-trough": fmt.years(a["years_trough_to_regain"]),
        "dotcom-amzn-interim": dotcom.price_text(interim["value"]),
        "dotcom-amzn-interim-date": fmt.day(interim["date"]),
        "dotcom-amzn-series-start": fmt.month(t["amzn"].index.min()),
        "dotcom-seed-amazon": fmt.years(seed(t, "seed-amazon-years")["seed_value"], 0),
    }


def loss_glue(t: dict) -> dict[str, str]:
    """The seed's worldwide loss figure against the verified US loss."""
    c = seed(t, "seed-dotcom-loss")
    return {
        "dotcom-seed-loss": fmt.usd_bn(c["seed_value"]),
        "dotcom-us-loss": fmt.usd_bn(c["verified_value"]),
        "dotcom-us-loss-date": fmt.day(c["as_of"]),
    }


def financing(t: dict) -> dict:
    """The vendor-financing comparison and the NVIDIA deal subsets it rests on."""
    deals, companies = t["deals"], t["companies"]
    comparison = dotcom.financing_comparison(t["vendor_financing"], companies, deals, t["financials"])
    investments = dotcom.investments_by(deals, "nvidia")
    in_customers = dotcom.customers_only(investments, companies)
    backstops = dotcom.customers_only(
        dotcom.investments_by(deals, "nvidia", dotcom.BACKSTOP_FLOWS), companies
    )
    return {
        "comparison": comparison,
        "investments": investments,
        "in_customers": in_customers,
        "outside": investments[~investments["deal_id"].isin(in_customers["deal_id"])],
        "backstops": backstops,
        "headline": dotcom.superseded_headline(deals, "nvidia").iloc[0],
        "revenue": dotcom.annual_revenue(t["financials"], "nvidia"),
    }


def _amount(r: pd.Series) -> str:
    low, high = r["amount_low_usd_bn"], r["amount_high_usd_bn"]
    return fmt.usd_bn(low) if low == high else f"{fmt.usd_bn(low)}–{fmt.usd_bn(high)}"


def financing_glue(t: dict) -> dict[str, str]:
    """Customer financing by instrument: the telecom makers' loans then, NVIDIA's backstops and stakes now."""
    f, companies, deals, fin = financing(t), t["companies"], t["deals"], t["financials"]
    names = companies.set_index("company_id")["name"]
    then = f["comparison"][f["comparison"]["era"] == "dot-com"].set_index("vendor")
    now = f["comparison"][f["comparison"]["era"] != "dot-com"].set_index("what")
    g: dict[str, str] = {}
    for _, r in t["vendor_financing"].iterrows():
        g[f"dotcom-vf-{r['company_id']}"] = _amount(r)
        g[f"dotcom-vf-{r['company_id']}-share"] = fmt.pct(
            then.loc[names[r["company_id"]], "share_of_revenue_pct"]
        )
    revenue, basis, _ = f["revenue"]
    binding, every = now.loc["binding equity stakes in customers"], now.loc["all equity stakes in customers"]
    backstop = now.loc["backstops and capacity commitments"]
    headline = f["headline"]
    period = dotcom.latest_period(fin, "nvidia", "free-cash-flow")
    fcf = dotcom.financial(fin, "nvidia", "free-cash-flow", period)
    listed = lambda df: ", ".join(names[c] for c in dict.fromkeys(df["payee"]))
    g.update(
        {
            "dotcom-nv-backstop": fmt.usd_bn(backstop["amount_usd_bn"]),
            "dotcom-nv-backstop-share": fmt.pct(backstop["share_of_revenue_pct"], 1),
            "dotcom-nv-revenue": fmt.usd_bn(revenue),
            "dotcom-nv-revenue-basis": basis,
            "dotcom-nv-binding": fmt.usd_bn(binding["amount_usd_bn"]),
            "dotcom-nv-binding-share": fmt.pct(binding["share_of_revenue_pct"]),
            "dotcom-nv-all": fmt.usd_bn(every["amount_usd_bn"]),
            "dotcom-nv-all-share": fmt.pct(every["share_of_revenue_pct"]),
            "dotcom-nv-count": fmt.count(len(f["in_customers"])),
            "dotcom-nv-investees": listed(f["in_customers"]),
            "dotcom-nv-outside": listed(f["outside"]),
            "dotcom-nv-outside-amount": fmt.usd_bn(f["outside"]["amount_usd_bn"].sum()),
            "dotcom-nv-backstop-names": listed(f["backstops"]),
            "dotcom-nv-headline": fmt.usd_bn(headline["amount_usd_bn"]),
            "dotcom-nv-headline-date": fmt.day(headline["announced"]),
            "dotcom-nv-headline-year": str(headline["announced"].year),
            "dotcom-nv-replacement": fmt.usd_bn(
                deals.set_index("deal_id").loc[headline["superseded_by"], "amount_usd_bn"]
            ),
            "dotcom-nv-fcf-q": fmt.usd_bn(fcf),
            "dotcom-nv-binding-vs-fcf": fmt.ratio(binding["amount_usd_bn"] / fcf),
        }
    )
    return g


def fibre_glue(t: dict) -> dict[str, str]:
    """Every fibre-use observation as a percentage, and its date, keyed by its observation id."""
    g: dict[str, str] = {}
    for _, r in t["fibre_use"].iterrows():
        g[f"dotcom-fibre-{r['observation_id']}"] = fmt.pct(r["value_pct"], 1 if r["value_pct"] % 1 else 0)
        g[f"dotcom-fibre-{r['observation_id']}-date"] = fmt.dated(r["date"], r["date_precision"])
    return g


def valuation_glue(t: dict) -> dict[str, str]:
    """Every valuation multiple with its date, NVIDIA's profit split, and CAPE and forward P/E then and now."""
    mult, fin = t["valuation_multiples"], t["financials"]
    g: dict[str, str] = {}
    for _, m in mult.iterrows():
        g[f"dotcom-{m['multiple_id']}"] = fmt.ratio(m["value"], 1 if m["value"] < 100 else 0)
        g[f"dotcom-{m['multiple_id']}-date"] = fmt.dated(m["date"], m["date_precision"])
    period = dotcom.latest_period(fin, "nvidia", "operating-income")
    p = dotcom.profit_split(fin, "nvidia", period)
    g.update(
        {
            "dotcom-nv-period": period,
            "dotcom-nv-ni-q": fmt.usd_bn(p["net_income"]),
            "dotcom-nv-op-q": fmt.usd_bn(p["operating_income"]),
            "dotcom-nv-rev-q": fmt.usd_bn(p["revenue"]),
            "dotcom-nv-op-margin-q": fmt.share(p["operating_margin"]),
            "dotcom-nv-net-margin-q": fmt.share(p["net_margin"]),
            "dotcom-nv-net-above-op": fmt.usd_bn(p["net_above_operating"]),
        }
    )
    for metric in ("cape", "forward-pe"):
        then_m = dotcom.peak_multiple(mult, "sp500", metric)
        now_m = dotcom.latest_multiple(mult, "sp500", metric)
        g[f"dotcom-{metric}-then"] = fmt.ratio(then_m["value"], 1)
        g[f"dotcom-{metric}-then-date"] = fmt.dated(then_m["date"], then_m["date_precision"])
        g[f"dotcom-{metric}-now"] = fmt.ratio(now_m["value"], 1)
        g[f"dotcom-{metric}-now-date"] = fmt.dated(now_m["date"], now_m["date_precision"])
        g[f"dotcom-{metric}-gap"] = fmt.pct(100 * (1 - now_m["value"] / then_m["value"]))
    return g


def all_glue(t: dict) -> dict[str, str]:
    """Every section's named numbers, in page order."""
    from moneyloop import dotcom_story as story

    g: dict[str, str] = {}
    for section in (index_glue, regain_glue, cisco_glue, amazon_glue, loss_glue, financing_glue, fibre_glue,
                    valuation_glue):  # fmt: skip
        g.update(section(t))
    g.update(story.cohort_glue(t["dotcom_cohort"]))
    g.update(story.telecom_glue(t["dotcom_telecom"], t["cashflows"], t["gdp"]))
    g.update(story.build_up_glue(t["dotcom_telecom"]))
    return g


def bases_caption(t: dict) -> str:
    """Caption of the bases table, naming the month whose prices the constant-price rows use."""
    peak = base_row(t["bases"], "NASDAQ Composite", "close")["peak_date"]
    return f"Peak, trough and first value above the peak, by basis (constant prices: {fmt.month(peak)} core-CPI dollars)"


def cohort_table(t: dict) -> pd.DataFrame:
    """The cohort as a display table (see dotcom_story.cohort_table)."""
    from moneyloop import dotcom_story as story

    return story.cohort_table(t["dotcom_cohort"])


def intro_glue(t: dict) -> dict[str, str]:
    """The introduction's dot-com findings: index falls and regains by basis, the cohort, Cisco, Amazon, financing."""
    from moneyloop import dotcom_story as story

    nq = base_row(t["bases"], "NASDAQ Composite", "close")
    cisco, amazon = t["cisco"], t["amazon"]
    mv = t["market_values"]
    gap = 1 - (
        marketvalues.on(mv, "cisco", cisco["regain_date"])["market_value_usd_bn"]
        / marketvalues.peak(mv, "cisco")["market_value_usd_bn"]
    )
    share = financing(t)["comparison"].set_index(["vendor", "what"])["share_of_revenue_pct"]
    years = lambda index, basis: fmt.years(dotcom.basis_row(t["regain"], index, basis)["years_to_regain"])
    profit = dotcom.profit_split(
        t["financials"], "nvidia", dotcom.latest_period(t["financials"], "nvidia", "operating-income")
    )
    cohort = story.cohort_glue(t["dotcom_cohort"])
    tel = story.telecom_glue(t["dotcom_telecom"], t["cashflows"], t["gdp"])
    return {
        "intro-dotcom-peak-month": fmt.month(nq["peak_date"]),
        "intro-dotcom-nasdaq-fall": fmt.pct(-nq["drawdown_pct"]),
        "intro-dotcom-nasdaq-years": fmt.years(nq["years_to_regain"]),
        "intro-dotcom-cisco-years": fmt.years(cisco["years_peak_to_regain"]),
        "intro-dotcom-cisco-mv-gap": fmt.share(gap),
        "intro-dotcom-amzn-years": fmt.years(amazon["years_peak_to_regain"]),
        "intro-dotcom-amzn-trough-years": fmt.years(amazon["years_trough_to_regain"]),
        "intro-dotcom-seed-amazon": amazon_glue(t)["dotcom-seed-amazon"],
        "intro-dotcom-lucent-share": fmt.pct(share[("Lucent Technologies", "loans and commitments")]),
        "intro-dotcom-nvda-backstop-share": fmt.pct(
            share[("NVIDIA", "backstops and capacity commitments")], 1
        ),
        "intro-dotcom-nvda-share": fmt.pct(share[("NVIDIA", "binding equity stakes in customers")]),
        "intro-dotcom-basis-nasdaq-real-price-years": years("NASDAQ Composite", "real price"),
        "intro-dotcom-sp500-price-years": years("S&P 500", "price"),
        "intro-dotcom-sp500-tr-years": years("S&P 500", "total return"),
        "intro-dotcom-sp500-real-tr-years": years("S&P 500", "real total return"),
        "intro-dotcom-nvda-op-margin": fmt.share(profit["operating_margin"]),
        "intro-dotcom-cohort-n": cohort["dotcom-cohort-n"],
        "intro-dotcom-cohort-never": cohort["dotcom-cohort-never"],
        "intro-dotcom-cohort-bankrupt-n": cohort["dotcom-cohort-bankrupt-n"],
        "intro-dotcom-tel-peak-share": tel["dotcom-tel-peak-share"],
        "intro-dotcom-tel-peak-year": tel["dotcom-tel-peak-year"],
        "intro-dotcom-ai-last-share": tel["dotcom-ai-last-share"],
        "intro-dotcom-ai-last-year": tel["dotcom-ai-last-year"],
    }
