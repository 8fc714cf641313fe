"""The gigawatt chapter's tables (frame and caption) and figures (keyword arguments for `figures.publish`)."""

from __future__ import annotations

import pandas as pd

from moneyloop import buildout as bo
from moneyloop import cashflow, credit, fmt, labs, vintage
from moneyloop.buildout_chapter import Tables, chapter_claims
from moneyloop.deals.vocabulary import STATUS_LABELS, label, short_name

Table = tuple[pd.DataFrame, str]
ACCELERATOR_KEYS = ["NovaraNews2026nvidia", "FinancialWire2026broadcom"]  # the base case's run-rate sources


def _columns(frame: pd.DataFrame, cols: dict[str, str]) -> pd.DataFrame:
    """The named columns of a table, in that order, under their readers' headers."""
    return frame[list(cols)].rename(columns=cols)


def overlap_table(t: Tables) -> Table:
    """Pairs of deal rows that count the same gigawatts."""
    cols = {
        "deal_id": "Deal (reduced)",
        "within_deal_id": "Already counted in",
        "overlap_gw_low": "Low GW",
        "overlap_gw": "Base GW",
        "overlap_gw_high": "High GW",
        "kind": "Kind",
        "reasoning": "Why",
    }
    return (
        _columns(t["capacity_overlaps"], cols),
        "Capacity counted twice: pairs of deal rows and the gigawatts they share",
    )


def tier_table(t: Tables) -> Table:
    """De-duplicated gigawatts by tier and compute user."""
    tiers = bo.capacity_tiers(t["deals"], t["capacity_overlaps"], t["capacity_basis"])
    v = tiers.groupby(["tier", "user"], as_index=False)[["capacity_gw", "gw_removed", "gw_net"]].sum()
    v["tier"] = v["tier"].map(bo.TIERS)
    v = v.sort_values(["tier", "gw_net"], ascending=[True, False])
    cols = {
        "tier": "Tier",
        "user": "Compute user",
        "capacity_gw": "Stated GW",
        "gw_removed": "Counted elsewhere GW",
        "gw_net": "Counted GW",
    }
    return v.rename(
        columns=cols
    ), "De-duplicated gigawatts by tier and compute user (base case); tiers are not added together"


def assumptions_table(t: Tables) -> Table:
    """The model's assumptions with their ranges and bases."""
    cols = {
        "name": "Assumption",
        "unit": "Unit",
        "value_low": "Low",
        "value": "Base",
        "value_high": "High",
        "basis": "Where the values come from",
    }
    return _columns(t["assumptions"], cols), "Model assumptions"


def conversion_table(t: Tables, k: dict) -> Table:
    """OpenAI's de-duplicated gigawatts converted at the assumption ranges."""
    conv = bo.convert(k["openai_gw_base"], t["assumptions"])
    cols = {"label": "Quantity", "unit": "Unit", "low": "Low", "base": "Base", "high": "High"}
    return (
        conv[list(cols)].round(2).rename(columns=cols),
        "OpenAI's de-duplicated gigawatts converted (base-case gigawatts, assumption ranges)",
    )


def cover_table(t: Tables) -> Table:
    """Capex against operating cash flow per company and year."""
    cols = {
        "company_id": "Company",
        "fiscal_year": "Fiscal year",
        "year": "Counted in",
        "operating_cash_flow": "Operating cash flow (USD bn)",
        "capex": "Capex (USD bn)",
        "cover": "Capex / operating cash flow",
    }
    cover = cashflow.capex_cover(t["cashflows"])
    return cover[list(cols)].round(3).rename(
        columns=cols
    ), "Capex against operating cash flow, per company and year"


def missing_table(t: Tables) -> Table:
    """Company-years left out of the sources-and-uses split, and why."""
    m = cashflow.coverage(t["cashflows"])
    m = m[m["missing"] != ""]
    cols = {
        "company_id": "Company",
        "fiscal_year": "Fiscal year",
        "year": "Counted in",
        "missing": "Items not found in the sources we hold",
    }
    return m.rename(columns=cols), "Company-years left out of the sources-and-uses split, and why"


def lab_tables(t: Tables) -> list[Table]:
    """The labs' latest figures and the binding equity they raised."""
    return [
        (
            labs.summary_table(t["lab_finances"], t["companies"]),
            "The AI labs' latest reported, stated or estimated figures, with the basis of each",
        ),
        (
            labs.equity_table(t["deals"], t["flow_exclusions"], t["companies"]),
            "Binding equity raised by the labs, USD bn, by year announced (from the deals table)",
        ),
    ]


def funding_table(t: Tables) -> Table:
    """Morgan Stanley's data-centre capex estimate and its funding split."""
    cols = {"component": "Component", "split": "Split by", "amount_usd_bn": "USD bn", "note": "Note"}
    return (
        _columns(t["funding_mix"], cols),
        "Morgan Stanley's data-centre capex through 2028 and how it is funded",
    )


def spread_table(t: Tables) -> Table:
    """Reported five-year default-swap spreads."""
    return (
        credit.spread_table(t["credit_spreads"], t["companies"]),
        "Five-year credit default swap spreads of the builders, as reported",
    )


def lender_table(t: Tables) -> Table:
    """Standing debt tied to the build-out."""
    lend = bo.lenders(t["deals"])
    precision = t["deals"].set_index("deal_id")["date_precision"]
    names = {c: short_name(n) for c, n in zip(t["companies"]["company_id"], t["companies"]["name"])}
    lend = lend.assign(
        kind=lend["kind"].map(bo.LENDER_KINDS),
        announced=[fmt.dated(d, precision[i]) for d, i in zip(lend["announced"], lend["deal_id"])],
        payee=[names.get(str(c), str(c)) for c in lend["payee"]],
        status=[label(STATUS_LABELS, s) for s in lend["status"]],
    )
    cols = {
        "deal_id": "Deal",
        "announced": "Announced",
        "payee": "Borrower",
        "kind": "Kind",
        "amount_usd_bn": "USD bn",
        "amount_kind": "Amount is",
        "status": "Status",
    }
    return _columns(lend, cols), "Standing debt tied to the build-out in the deals table"


def study_table(t: Tables) -> Table:
    """Each study's own inputs."""
    cols = {
        "publisher": "Study",
        "parameter": "Input",
        "value": "Value",
        "unit": "Unit",
        "kind": "Kind",
        "note": "Note",
    }
    return (
        _columns(t["revenue_gap_studies"], cols),
        "Each study's own inputs: published, implied by its published figures, or fixed by its method",
    )


def ai_revenue_table(t: Tables) -> Table:
    """The labs' run-rates and the clouds' stated AI run-rates."""
    return (
        labs.components_table(t["lab_finances"], t["ai_revenue"], t["companies"]),
        "AI-attributable revenue: the labs' latest run-rates and the clouds' stated AI run-rates",
    )


def _base_rates(t: Tables) -> tuple[float, float]:
    """The base-case hurdle rate and end-user margin."""
    a = t["assumptions"]
    return bo.assumption(a, "hurdle-rate"), bo.assumption(a, "end-user-margin")


def scenario_table(t: Tables) -> Table:
    """Capex after the guidance year under three rules and the revenue its vintages need."""
    rate, margin = _base_rates(t)
    life = int(bo.assumption(t["assumptions"], "depreciation-life"))
    paths = vintage.scenario_paths(vintage.capex_path(t["cashflows"], t["financials"]))
    return (
        vintage.scenario_table(paths, life, rate, margin),
        "The five builders' capex after the guidance year under three rules, and the revenue its vintages need",
    )


def lives_table(t: Tables) -> Table:
    """Changes to server useful lives."""
    cols = {
        "company_id": "Company",
        "effective": "From",
        "assets": "Assets",
        "life_before_years": "Life before (years)",
        "life_after_years": "Life after (years)",
        "effect_usd_bn": "Disclosed effect (USD bn)",
        "effect_measure": "Effect on",
        "note": "Note",
    }
    return (
        _columns(t["useful_lives"], cols),
        "Changes to the useful lives of servers, from the companies' filings as quoted by the sources",
    )


def _capex(t: Tables, k: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Capex on one basis and the latest guidance."""
    return cashflow.hyperscaler_capex(t["cashflows"]), cashflow.capex_guidance(
        t["financials"], int(k["guidance_year"])
    )


def debt_bars(su: pd.DataFrame, companies: pd.DataFrame) -> str:
    """Which company-years of the sources-and-uses split draw on new debt, as words."""
    names = cashflow.short_names(companies)
    d = su[su["debt"] > 0]
    if d.empty:
        return "no bar draws on new debt"
    parts = [f"{names[c]}'s {y}" for c, y in zip(d["company_id"], d["fiscal_year"])]
    return cashflow.prose_list(parts) + (" draw" if len(parts) > 1 else " draws") + " partly on new debt"


def figure_specs(t: Tables, k: dict) -> list[dict]:
    """Keyword arguments for `figures.publish`, one dict per figure of the chapter."""
    from moneyloop import book

    dedup = bo.dedup_capacity(t["deals"], t["capacity_overlaps"])
    capex, guide = _capex(t, k)
    su = cashflow.sources_and_uses(t["cashflows"])
    studies = t["revenue_gap_studies"]
    rep = bo.reproduce_studies(studies)
    base = bo.base_case(t["assumptions"], t["financials"])
    rate, margin = _base_rates(t)
    growth = vintage.key_numbers(t)["vintage_growth"]
    sens = vintage.life_sensitivity(
        k["capex_last"],
        {"Flat capex": 0.0, "Capex growing as in the data": growth},
        range(2, 9),
        rate,
        margin,
    )
    tor = bo.tornado(t["assumptions"], t["financials"])
    return [
        {
            "chart": bo.capacity_chart(dedup),
            "id": "buildout-capacity",
            "title": "Announced gigawatts, counted once",
            "subtitle": "Chip and cloud deals still standing; grey is capacity another row already counts",
            "caption": (
                "Stated capacity of each chip or cloud deal that is still standing, split into the part counted "
                "in the de-duplicated total and the part already counted in another row (base case of the "
                "overlap table)."
            ),
            "alt_text": (
                "Horizontal bars, one per standing chip or cloud deal, of stated gigawatts. Broadcom's plan for "
                "OpenAI and SoftBank's SB Neo are the largest; Oracle's own capacity rows for OpenAI are grey "
                "because the Stargate sites already count them."
            ),
            "sources": book.cited_keys(dedup, t["capacity_overlaps"]),
            "data": dedup,
        },
        {
            "chart": bo.capex_chart(capex, guide),
            "id": "buildout-capex",
            "title": "Hyperscaler capex on one basis",
            "subtitle": (
                "Amazon, Alphabet, Meta, Microsoft and Oracle; cash purchases of property and equipment, then "
                "guidance"
            ),
            "caption": (
                "Capital expenditure by company and calendar year, measured in every year as cash purchases of "
                "property and equipment (finance leases excluded). Fiscal years are counted in the calendar year "
                "that holds most of their months (the year they end in on a tie). The last bar is the latest "
                "guidance, on each company's own basis, and is not comparable with the actual bars."
            ),
            "alt_text": (
                "Stacked bars of capex for five companies by calendar year, rising every year, with a paler "
                "final bar for the guidance, higher than any actual year."
            ),
            "sources": book.cited_keys(capex, guide),
            "data": capex,
        },
        {
            "chart": cashflow.sources_chart(su),
            "id": "buildout-sources",
            "title": "Who paid for the capex",
            "subtitle": "Company-years with a full cash-flow split; cash flow after payouts is drawn on first",
            "caption": (
                "Capex plus finance leases of each company-year for which operating cash flow, capex, buybacks, "
                "dividends and net debt issued are all in the data, split by the allocation rule in the methods "
                "appendix: cash flow left after buybacks and dividends first, then net new debt, then the "
                "finance leases themselves, and the rest from cash reserves."
            ),
            "alt_text": (
                "Horizontal stacked bars, one per company and fiscal year. Almost every bar is paid from cash "
                "flow after payouts; Microsoft's latest year adds a large finance-lease part, and "
                + debt_bars(su, t["companies"])
                + "."
            ),
            "sources": book.cited_keys(su),
            "data": su,
        },
        {
            "chart": bo.studies_chart(rep, bo.common_basis(studies, base)),
            "id": "buildout-studies",
            "title": "Three revenue-gap studies on one calculator",
            "subtitle": "Published figure, the calculator calibrated to it, and the same capex on our base-case economics",
            "caption": (
                "For each study: its published annual revenue requirement, the calculator's result from the "
                "study's own inputs with the unpublished ones backed out of that figure (so the two match by "
                "construction), and the result when the study's annual all-in capex is run through our "
                "base-case life, return and margin."
            ),
            "alt_text": (
                "Grouped bars for Sequoia, Bain and J.P. Morgan. The calibrated bars equal the published ones "
                "by construction; on a common basis the ranking follows each study's capex, with J.P. Morgan's "
                "largest capex needing the most revenue."
            ),
            "sources": book.cited_keys(studies),
            "data": rep,
        },
        {
            "chart": vintage.life_chart(sens),
            "id": "buildout-life",
            "title": "Asset life matters when capex grows",
            "subtitle": "Revenue needed this year for the latest year's capex and its predecessors, by economic life",
            "caption": (
                "Revenue needed in one year to recover every vintage of capex still within its economic life, "
                "at the base-case return and margin, when capex has been flat at the latest year's level and "
                "when it has grown at the rate the five builders' capex grew over the years in the data."
            ),
            "alt_text": (
                "Two lines against asset life. The flat-capex line rises gently with longer lives; the "
                "growing-capex line falls steeply, so short lives need far more revenue only when spending is "
                "rising."
            ),
            "sources": book.cited_keys(capex, t["assumptions"]),
            "data": sens,
        },
        {
            "chart": bo.tornado_chart(tor),
            "id": "buildout-tornado",
            "title": "What drives the revenue needed",
            "subtitle": "Base case with one input at a time moved to its low or high value",
            "caption": (
                "Annual revenue needed to pay for the current accelerator run-rate when each input moves alone "
                "to the low or high value in the assumptions table; the dashed line is the base case."
            ),
            "alt_text": (
                "Tornado chart. The share of revenue not available for capital and the number of years of "
                "spending being paid for move the result most; the useful life matters least."
            ),
            "sources": book.cited_keys(t["assumptions"]) + ACCELERATOR_KEYS,
            "data": tor,
        },
    ]


def source_keys(t: Tables, k: dict) -> list[str]:
    """Every bib key the chapter cites through its data, its claims and its prose."""
    from moneyloop import book

    dedup = bo.dedup_capacity(t["deals"], t["capacity_overlaps"])
    capex, guide = _capex(t, k)
    claims = pd.DataFrame(list(chapter_claims(t["claims"]).values()))
    keys = book.cited_keys(
        t["assumptions"],
        t["capacity_overlaps"],
        t["revenue_gap_studies"],
        t["funding_mix"],
        dedup,
        capex,
        claims,
    )
    keys += book.cited_keys(
        t["cashflows"], t["capacity_basis"], t["useful_lives"], guide, bo.lenders(t["deals"])
    )
    keys += book.cited_keys(t["lab_finances"], t["ai_revenue"], t["credit_spreads"], t["capacity_statements"])
    keys += [
        "CapitalAIDaily2025cash",
        "AIforAutomation2026openai",
        "Aihola2025openai",
        "AnalyticsInsight2026openai",
        *ACCELERATOR_KEYS,
    ]
    return keys
