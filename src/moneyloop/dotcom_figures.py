"""The dot-com chapter's figures, each published under its id with a caption and alt text built from the data."""

from __future__ import annotations

from moneyloop import book, dotcom, figures, fmt, marketvalues
from moneyloop import dotcom_sections as sec
from moneyloop import dotcom_story as story
from moneyloop import telecom as tc


def index_paths(t: dict) -> None:
    """Both indices' month-end closes as % of their closing peak, with the NASDAQ in constant prices."""
    paths = dotcom.index_paths(t["ohlc"], t["cpi"])
    peak = fmt.month(sec.base_row(t["bases"], "NASDAQ Composite", "close")["peak_date"])
    figures.publish(
        dotcom.paths_chart(paths), id="dotcom-index-paths",
        title="Fifteen years back to the dot-com peak",
        subtitle=f"NASDAQ Composite and S&P 500, month-end closes as % of the {peak} closing peak",
        caption=("Each line is an index's month-end close divided by its own closing peak, by years since that "
                 "peak; the dashed rule marks the peak level. The constant-price line deflates the NASDAQ by US "
                 "core CPI, which the shipped copy carries only to its last month."),
        alt_text=sec.index_alt(t), sources=["Sheppard2025arch", "BLS2018corecpi"], data=paths,
    )  # fmt: skip


def regain_bases(t: dict) -> None:
    """Years to regain the peak by index and basis."""
    regain = t["regain"]
    figures.publish(
        dotcom.basis_chart(regain), id="dotcom-regain-bases",
        title="Dividends shorten the wait, inflation lengthens it",
        subtitle="Years from the dot-com peak to the first value above it, by index and basis",
        caption=("S&P 500 bars use Robert Shiller's monthly averages of daily closes, with dividends reinvested "
                 "each month for total return and deflated by US consumer prices (CPI-U) for real terms; NASDAQ "
                 "bars use daily closes deflated by the same monthly CPI. No sourced dividend series for the "
                 "NASDAQ Composite is in the data, so it has no total-return bar."),
        alt_text="Bar chart of years to regain the dot-com peak: " + "; ".join(
            f"{r['index']}, {r['basis']}: {fmt.years(r['years_to_regain'])}"
            for _, r in regain.dropna(subset=["years_to_regain"]).iterrows()) + ".",
        sources=["Shiller2026monthly", "Sheppard2025arch"], data=regain,
    )  # fmt: skip


def cohort(t: dict) -> None:
    """Each cohort company's value at its fate as % of its peak value."""
    c = t["dotcom_cohort"]
    figures.publish(
        dotcom.cohort_chart(dotcom.cohort_outcomes(c)), id="dotcom-cohort",
        title="Most of the dot-com giants never got back to their peak value",
        subtitle="Market value at each company's fate, as % of its value at the dot-com peak",
        caption=story.cohort_caption(c), alt_text=story.cohort_alt(c),
        sources=book.cited_keys(c), data=dotcom.cohort_outcomes(c),
    )  # fmt: skip


RECOVERY_KEYS = ["FactOfTheDay2023amazon", "Vlastelica2025cisco", "Baystreet2025cisco", "Benzinga2020cisco"]
"""Sources of the company milestones in the recovery figure."""


def recovery_years(t: dict) -> None:
    """Years to regain the old peak for the indices on three bases and for Amazon and Cisco."""
    years = dotcom.recovery_years(t["bases"], {"Amazon": t["amazon"], "Cisco": t["cisco"]})
    figures.publish(
        dotcom.recovery_chart(years), id="dotcom-recovery-years",
        title="How long 'recovered' takes depends on what you count",
        subtitle="Years from the dot-com peak (or trough) to the first price above that peak",
        caption=("Index bars come from the shipped daily series on three bases: closing prices, intraday highs, "
                 "and closes in constant core-CPI prices. Company bars use closing prices: Amazon month-end closes "
                 f"from the shipped monthly series against its {fmt.month(t['amazon']['peak_date'])} record, Cisco "
                 "published closing milestones."),
        alt_text="Bar chart of years to regain the old peak: " + "; ".join(
            f"{r['series']}, {r['measure']}: {fmt.years(r['years'])}" for _, r in years.iterrows()) + ".",
        sources=sec.PRICE_KEYS + RECOVERY_KEYS, data=years,
    )  # fmt: skip


def vendor_financing(t: dict) -> None:
    """Customer financing by instrument as % of revenue, then and now."""
    f = sec.financing(t)
    comparison, basis = f["comparison"], f["revenue"][1]
    figures.publish(
        dotcom.financing_chart(comparison), id="dotcom-vendor-financing",
        title="Customer financing by instrument, then and now",
        subtitle="Loans and guarantees against backstops; equity stakes shown apart; % of annual revenue",
        caption=("Like against like: telecom-equipment makers' loans and loan commitments to customers beside "
                 "NVIDIA's backstops and capacity commitments to customers, and, as a separate instrument, NVIDIA's "
                 "equity stakes in customers (superseded pledges and stakes in other chip makers excluded). Each is "
                 "a share of the company's revenue of the time; Lucent's share is as reported by the source, the "
                 "others are computed. NVIDIA's revenue basis: " + basis + "."),
        alt_text="Bar chart of financing as a share of revenue: " + "; ".join(
            f"{r['vendor']}, {r['what']} ({r['era']}): {fmt.pct(r['share_of_revenue_pct'], 1)}"
            for _, r in comparison.iterrows()) + ".",
        sources=book.cited_keys(t["vendor_financing"], f["investments"], f["backstops"]), data=comparison,
    )  # fmt: skip


def telecom_scale(t: dict) -> None:
    """Telecom carriers' capex then and the cloud builders' capex now, as % of US GDP."""
    scale = tc.scale_comparison(t["dotcom_telecom"], t["cashflows"], t["gdp"])
    figures.publish(
        tc.scale_chart(scale), id="dotcom-telecom-scale",
        title="Today's builders already outspend the telecom carriers of the boom, relative to GDP",
        subtitle="Capital spending as % of US GDP: telecom carriers then, the five largest cloud builders now",
        caption=story.telecom_caption(scale), alt_text=story.telecom_alt(scale),
        sources=story.telecom_sources(scale), data=scale,
    )  # fmt: skip


def publish_all(t: dict) -> None:
    """Every figure of the chapter, in page order."""
    for fig in (index_paths, regain_bases, cohort, recovery_years, vendor_financing, telecom_scale):
        fig(t)


def page_keys(t: dict) -> list[str]:
    """Every source the chapter cites through its data, figures and prose, without repeats."""
    mv, claims, deals, fin = t["market_values"], t["claims"], t["deals"], t["financials"]
    f = sec.financing(t)
    seeds = [sec.seed(t, role)["claim_id"] for role in sec.SEED_ROLES]
    headline = f["headline"]
    used = [
        marketvalues.peak(mv, "cisco"),
        marketvalues.peak(mv, "nvidia"),
        marketvalues.latest(mv, "nvidia"),
    ]
    used_keys = [k for r in used for k in str(r["sources"]).split(";")]
    mv_rows = mv[(mv["company_id"] == "cisco") & (mv["date"] == t["cisco"]["regain_date"])]
    scale = tc.scale_comparison(t["dotcom_telecom"], t["cashflows"], t["gdp"])
    keys = (
        sec.PRICE_KEYS + RECOVERY_KEYS + used_keys
        + book.cited_keys(t["dotcom_milestones"], t["vendor_financing"], t["fibre_use"], t["valuation_multiples"])
        + book.cited_keys(mv_rows, claims[claims["claim_id"].isin(seeds)], f["investments"], f["backstops"])
        + book.cited_keys(deals[deals["deal_id"].isin([headline["deal_id"], headline["superseded_by"]])])
        + book.cited_keys(fin[(fin["company_id"] == "nvidia") & (fin["basis"] == "actual")])
        + book.cited_keys(t["shiller_monthly"], t["dotcom_cohort"], t["dotcom_telecom"])
        + book.cited_keys(t["gdp"][t["gdp"]["economy_code"] == "USA"])
        + story.telecom_sources(scale)
        + ["TechFlow2026leverage", "AP2015nasdaq", "Fundranker2015nasdaq", "MacroRadar2026cape",
           "Slashdot2017microsoft", "Neowin2017microsoft"]
    )  # fmt: skip
    return list(dict.fromkeys(keys))
