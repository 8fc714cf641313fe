"""The gigawatt chapter's numbers, tables and figures, one function per section; the chapter and the intro only glue.

Every numbers function returns `{glue name: text}` with names `buildout-<key>`; ids, years and periods come from
the data (claims are picked by the rule in `seed_claim`, studies and useful-life changes by iterating their rows).
"""

from __future__ import annotations

import pandas as pd

from moneyloop import buildout as bo
from moneyloop import cashflow, credit, datasets, fmt, labs, vintage
from moneyloop.deals.vocabulary import standing

Glue = dict[str, str]
Tables = dict[str, pd.DataFrame]
PREFIX = "buildout"
# The ledger rows the chapter weighs that belong to other chapters' topics: the NVIDIA GPU lease (deal loop) and
# the Magnificent Seven's cash and 2024 net income (concentration). No column of claims.csv names their role.
LEDGER = {"lease": "C005", "cash": "C084", "net-income": "C086"}


def load() -> Tables:
    """Every table the chapter reads, validated and typed."""
    t = bo.load_tables()
    for name in (
        "capacity_statements",
        "companies",
        "lab_finances",
        "ai_revenue",
        "credit_spreads",
        "useful_lives",
        "flow_exclusions",
    ):
        t[name] = datasets.load(name)
    return t


def _named(d: Glue) -> Glue:
    """Prefix every key with the chapter's name."""
    return {f"{PREFIX}-{k}": v for k, v in d.items()}


def chapter_claims(claims: pd.DataFrame) -> dict[str, pd.Series]:
    """The ledger rows the chapter quotes, by role."""
    by_id = claims.set_index("claim_id", drop=False)
    out = {role: by_id.loc[cid] for role, cid in LEDGER.items()}
    out["seed-gw"] = bo.seed_claim(claims, bo.TOPIC, "GW")  # the seed's NVIDIA plus AMD gigawatts
    out["ms"] = bo.seed_claim(claims, bo.TOPIC, "USD bn")  # Morgan Stanley's data-centre capex estimate
    out["retrofit"] = bo.seed_claim(claims, bo.TOPIC, "months", "smallest")
    out["newbuild"] = bo.seed_claim(claims, bo.TOPIC, "months", "largest")
    return out


def chain_numbers(overlaps: pd.DataFrame, deals: pd.DataFrame) -> Glue:
    """The largest same-capacity overlap between standing deals: the month of the agreement it sits within and of
    the site programme that delivers that agreement."""
    up = set(deals.loc[standing(deals), "deal_id"])
    same = overlaps[
        (overlaps["kind"] == "same-capacity")
        & overlaps["deal_id"].isin(up)
        & overlaps["within_deal_id"].isin(up)
    ]
    agreement = same.sort_values("overlap_gw").iloc[-1]["within_deal_id"]
    sites = overlaps[(overlaps["deal_id"] == agreement) & (overlaps["kind"] == "site-in-programme")]
    when = deals.set_index("deal_id")["announced"]
    return {
        "chain-agreement-month": fmt.month(when[agreement]),
        "chain-sites-month": fmt.month(when[sites.iloc[0]["within_deal_id"]]),
    }


def gigawatt_numbers(t: Tables, k: dict) -> Glue:
    """Gigawatts gross, standing and counted once; the tiers; OpenAI's own statements; the seed's figure."""
    out: Glue = {}
    for name in (
        "headline",
        "active_gross",
        "active_dedup",
        "active_dedup_low",
        "active_dedup_high",
        "binding_dedup",
        "like_for_like_gross",
    ):
        out[f"gw-{name.replace('_', '-')}"] = fmt.gw(k[f"gw_{name}"])
    for case in ("base", "low", "high", "gross"):
        out[f"openai-gw-{case}"] = fmt.gw(k[f"openai_gw_{case}"])
    for tier in bo.TIERS:
        out[f"tier-{tier}"] = fmt.gw(k[f"tier_{tier}"])
        out[f"openai-tier-{tier}"] = fmt.gw(k[f"openai_tier_{tier}"])
    out["tier-unstated-share"] = fmt.share(k["tier_unstated_share"])
    st = t["capacity_statements"]
    secured, goal = bo.stated_capacity(st, "openai", "secured"), bo.stated_capacity(st, "openai", "goal")
    binding, tenant = k["openai_tier_binding"], k["openai_tier_tenant"]
    out |= {
        "openai-secured-gw": fmt.gw(secured["capacity_gw"]),
        "openai-secured-when": fmt.day(secured["stated_on"]),
        "openai-secured-where": bo.reconcile(secured["capacity_gw"], binding, tenant),
        "openai-goal-gw": fmt.gw(goal["capacity_gw"]),
        "openai-goal-year": str(int(goal["by_year"])),
        "openai-goal-where": bo.reconcile(goal["capacity_gw"], binding, tenant),
        "openai-binding-capex": fmt.usd_bn(k["openai_binding_capex"]),
    }
    for c in ("low", "high"):
        out[f"tier-binding-facility-{c}"] = fmt.gw(k[f"tier_binding_facility_{c}"])
    cl = chapter_claims(t["claims"])
    out |= {
        "seed-gw": fmt.gw(cl["seed-gw"]["seed_value"]),
        "seed-gw-verdict": str(cl["seed-gw"]["verdict"]),
        "lease-verdict": str(cl["lease"]["verdict"]),
    }
    return out


def conversion_numbers(t: Tables, k: dict) -> Glue:
    """OpenAI's gigawatts in dollars, GPUs, homes and power, and the assumptions behind them."""
    out: Glue = {}
    for q in ("capex", "nvidia_content", "power_bill"):
        for c in bo.CASES:
            out[f"openai-{q.replace('_', '-')}-{c}"] = fmt.usd_bn(k[f"openai_{q}_{c}"])
    for c in bo.CASES:
        out[f"openai-gpus-{c}"] = fmt.num(k[f"openai_gpus_{c}"], 3) + " million"
        out[f"openai-homes-{c}"] = fmt.num(k[f"openai_homes_{c}"], 3) + " million"
    out["openai-energy"] = fmt.num(k["openai_energy_base"], 3) + " TWh"
    a = bo.assumption_table(t["assumptions"])
    out |= {f"cost-{c}": fmt.usd_bn(a.at["cost-per-gw", c]) for c in bo.CASES}
    out["nvidia-per-gw"] = fmt.usd_bn(a.at["nvidia-content-per-gw", "base"])
    for q in ("gpus", "homes"):
        for c in ("low", "high"):
            out[f"{q}-per-gw-{c}"] = fmt.count(a.at[f"{q}-per-gw", c] * 1e6)
    out["price-base"] = "$" + fmt.num(a.at["electricity-price", "base"], 3) + " per MWh"
    out |= {f"pue-{c}": fmt.num(a.at["pue", c], 3) for c in bo.CASES}
    return out


def seed_numbers(t: Tables, k: dict) -> Glue:
    """The seed's trillion-dollar question and the ledger's verdicts on its cash and net-income figures."""
    cl = chapter_claims(t["claims"])
    ni = cl["net-income"]
    return {
        "seed-low": fmt.usd_bn(k["seed_spend_base"]),
        "seed-high": fmt.usd_bn(k["seed_spend_high"]),
        "seed-ratio-low": fmt.ratio(k["seed_ratio_base"]),
        "seed-ratio-high": fmt.ratio(k["seed_ratio_high"]),
        "mag7-cash": fmt.usd_bn(k["mag7_cash"]),
        "mag7-cash-when": fmt.month(bo.mag7_cash(t["financials"])["period_end"].iloc[0]),
        "openai-ratio-low": fmt.ratio(k["openai_ratio_low"]),
        "openai-ratio-high": fmt.ratio(k["openai_ratio_high"]),
        "ni-seed": fmt.usd_bn(ni["seed_value"]),
        "ni-verified": fmt.usd_bn(ni["verified_value"]),
        "ni-verdict": str(ni["verdict"]),
        "ni-companies": fmt.count(str(ni["value_ref"]).count("financials:")),
        "cash-verdict": str(cl["cash"]["verdict"]),
    }


def cash_numbers(t: Tables, k: dict) -> Glue:
    """Capex on one basis, its cover by operating cash flow, the sources-and-uses split and OpenAI's obligations."""
    out: Glue = {}
    for key in (
        "capex_first_year",
        "capex_last_year",
        "guidance_year",
        "cover_year",
        "cover_first_year",
        "su_year",
        "openai_revenue_year",
        "openai_revenue_target_year",
        "openai_commitments_cut_end_year",
    ):
        out[key.replace("_", "-")] = str(int(k[key]))
    for key in (
        "capex_first",
        "capex_last",
        "guidance_total",
        "guidance_low",
        "guidance_high",
        "ocf_last",
        "su_uses",
        "su_payouts",
        "su_ocf",
        "su_debt",
    ):
        out[key.replace("_", "-")] = fmt.usd_bn(k[key])
    out["capex-growth"] = fmt.ratio(k["capex_growth"])
    out["guidance-over-ocf"] = fmt.ratio(k["guidance_total"] / k["ocf_last"])
    for key in ("cover_last", "cover_first", "cover_amazon", "cover_google", "cover_meta", "cover_microsoft"):
        out[key.replace("_", "-")] = fmt.share(k[key])
    out["cover-oracle"] = fmt.ratio(k["cover_oracle"])
    cover = cashflow.capex_cover(t["cashflows"])
    last = cover[cover["year"] == int(k["cover_year"])]
    out["builders"] = fmt.count_word(last["company_id"].nunique())
    out["builders-covered"] = fmt.count_word(
        int((last["cover"] < 1).sum())
    )  # capex below operating cash flow
    for key in ("internal", "debt", "leases", "reserves", "internal_capex_first"):
        out[f"su-{key.replace('_', '-')}-share"] = fmt.share(k[f"su_{key}_share"])
    out["su-companies"] = fmt.num(k["su_companies"])
    outside = {"finance leases": k["su_leases_share"], "new debt": k["su_debt_share"]}
    out["su-largest-outside"] = max(outside, key=outside.get)  # ties go to leases, listed first
    cf, companies = t["cashflows"], t["companies"]
    out["su-names"] = cashflow.split_names(cf, companies, int(k["su_year"]))
    out["su-missing"] = cashflow.missing_names(cf, companies)
    f = t["financials"]
    first = bo.latest_report(f, "openai", "compute-commitments", "actual")
    cut = bo.latest_report(f, "openai", "compute-commitments", "target")
    out |= {
        "openai-rev": fmt.usd_bn(k["openai_revenue"]),
        "openai-rev-target": fmt.usd_bn(k["openai_revenue_target"]),
        "openai-commit-first": fmt.usd_bn(k["openai_commitments_first"]),
        "openai-commit-cut": fmt.usd_bn(k["openai_commitments_cut"]),
        "openai-commit-cut-per-year": fmt.usd_bn(k["openai_commitments_cut_per_year"]),
        "openai-commit-first-when": fmt.month(first["reported_on"]),
        "openai-commit-cut-when": fmt.month(cut["reported_on"]),
        "openai-commit-multiple": fmt.ratio(k["openai_commitments_cut_per_year"] / k["openai_revenue"], 0),
    }
    return out


def lender_numbers(t: Tables, k: dict) -> Glue:
    """Morgan Stanley's funding estimate, the debt rows of the deals table, default swaps and AI revenue."""
    out: Glue = {}
    for key in (
        "total",
        "hardware",
        "infrastructure",
        "hyperscaler_cash_flow",
        "financing_gap",
        "private_credit",
        "private_equity_sovereign",
        "corporate_debt",
        "asset_backed",
    ):
        out[f"ms-{key.replace('_', '-')}"] = fmt.usd_bn(k[f"ms_{key}"])
    ms = chapter_claims(t["claims"])["ms"]
    out |= {"ms-seed": fmt.usd_bn(ms["seed_value"]), "ms-verdict": str(ms["verdict"])}
    lend = bo.lenders(t["deals"])
    lt = bo.lender_totals(lend).set_index("kind")
    out["lend-rows"] = fmt.num(len(lend))
    for kind in bo.LENDER_KINDS:
        out[f"lend-{kind}"] = fmt.usd_bn(lt.at[kind, "binding_usd_bn"])
        out[f"lend-{kind}-nb"] = fmt.num(lt.at[kind, "rows_not_binding"])
    names = cashflow.short_names(t["companies"])
    kc = credit.key_numbers(t["credit_spreads"], t["cashflows"])
    to_capex = k["su_debt"] / kc["net_borrowing"]  # the rule's debt-funded capex over the year's net new debt
    out["su-borrowing-use"] = (
        "all of what they raised from lenders went to payouts and cash reserves rather than to capex"
        if to_capex == 0
        else f"{fmt.share(to_capex)} of what they raised from lenders went to capex and the rest to payouts and cash reserves"
    )
    for key in ("hyper", "widest"):
        out[f"cds-{key}-name"] = names[kc[f"{key}_company"]]
        out[f"cds-{key}-bp"] = fmt.num(kc[f"{key}_bp"], 3) + " basis points"
        out[f"cds-{key}-date"] = fmt.dated(kc[f"{key}_date"], kc[f"{key}_precision"])
    out |= {
        "cds-widest-peak": fmt.num(kc["widest_peak_bp"], 3) + " basis points",
        "cds-ratio": fmt.ratio(kc["widest_bp"] / kc["hyper_bp"]),
        "cds-widest-peak-date": fmt.dated(kc["widest_peak_date"], kc["widest_peak_precision"]),
        "net-borrowing": fmt.usd_bn(kc["net_borrowing"]),
        "net-borrowing-year": str(kc["net_borrowing_year"]),
        "net-borrowing-names": cashflow.prose_list([names[c] for c in kc["net_borrowing_companies"]]),
    }
    kl = labs.key_numbers(t["lab_finances"], t["ai_revenue"], k["base_required"])
    for key in ("low", "high", "mid"):
        out[f"ai-rev-{key}"] = fmt.usd_bn(kl[f"ai_{key}"])
        out[f"ai-cover-{key}"] = fmt.share(kl[f"coverage_{key}"])
    out |= {"ai-rev-from": fmt.month(kl["as_of_first"]), "ai-rev-to": fmt.month(kl["as_of_last"])}
    return out


def study_short(study_id: str) -> str:
    """A study's glue stem: its publisher part (`jpmorgan-2025` -> `jpmorgan`)."""
    return study_id.rsplit("-", 1)[0]


def study_numbers(t: Tables) -> Glue:
    """Each published study calibrated, on a common basis, and the inputs each one states or implies."""
    studies = t["revenue_gap_studies"]
    rep = bo.reproduce_studies(studies).set_index("study_id")
    base = bo.base_case(t["assumptions"], t["financials"])
    common = bo.common_basis(studies, base).set_index("study_id")
    inputs, backed = bo.study_inputs(studies), bo.backed_out(studies)
    out: Glue = {}
    for sid, r in rep.iterrows():
        s, i = study_short(str(sid)), inputs[sid]
        out |= {
            f"{s}-published": fmt.usd_bn(r["published_required"]),
            f"{s}-computed": fmt.usd_bn(r["computed_required"]),
            f"{s}-capex": fmt.usd_bn(r["annual_capex"]),
            f"{s}-multiple": fmt.ratio(r["revenue_per_capex"], 2),
            f"{s}-common": fmt.usd_bn(common.at[sid, "common_required"]),
            f"{s}-backed-out": " and ".join(backed[sid]),
            f"{s}-spend": fmt.usd_bn(i.accelerator_spend),
            f"{s}-available": fmt.usd_bn(i.revenue_available),
            f"{s}-capital-share": fmt.share(1 - i.end_user_margin),
            f"{s}-hurdle": fmt.share(i.hurdle_rate),
            f"{s}-capital": fmt.usd_bn(i.accelerator_spend * i.horizon_years),
            f"{s}-return": fmt.usd_bn(i.accelerator_spend * i.horizon_years * i.hurdle_rate),
        }
        if pd.notna(r["published_gap"]):
            out[f"{s}-gap-published"] = fmt.usd_bn(r["published_gap"])
            out[f"{s}-gap-computed"] = fmt.usd_bn(r["computed_gap"])
    gw = studies[studies["parameter"] == "capacity_gw"]
    out |= {f"{study_short(sid)}-gw": fmt.gw(v) for sid, v in zip(gw["study_id"], gw["value"])}
    return out | horizon_numbers(studies)


def horizon_numbers(studies: pd.DataFrame) -> Glue:
    """The last year of each study's horizon where its sources state one (`<study>-horizon`)."""
    hz = studies.dropna(subset=["horizon_year"]).drop_duplicates("study_id")
    return {f"{study_short(sid)}-horizon": str(int(y)) for sid, y in zip(hz["study_id"], hz["horizon_year"])}


def base_numbers(t: Tables, k: dict) -> Glue:
    """The base case on today's accelerator run-rate and the tornado around it."""
    base = bo.base_case(t["assumptions"], t["financials"])
    tor = bo.tornado(t["assumptions"], t["financials"])
    one_sided = tor[(tor["low_value"] == tor["base_value"]) | (tor["high_value"] == tor["base_value"])]
    return {
        "base-spend": fmt.usd_bn(k["base_spend"]),
        "base-capex": fmt.usd_bn(k["base_annual_capex"]),
        "base-required": fmt.usd_bn(k["base_required"]),
        "base-share": fmt.share(base.accelerator_share),
        "base-margin": fmt.share(base.end_user_margin),
        "base-life": fmt.years(base.depreciation_life, 0),
        "base-hurdle": fmt.share(base.hurdle_rate),
        "base-horizon": fmt.years(base.horizon_years, 0),
        "tornado-min": fmt.usd_bn(k["tornado_min"]),
        "tornado-max": fmt.usd_bn(k["tornado_max"]),
        "tornado-top": tor["label"].iloc[0].lower(),
        "tornado-second": tor["label"].iloc[1].lower(),
        "tornado-one-sided": "; ".join(one_sided["label"].str.split(" \\(").str[0].str.lower()),
        "tornado-one-sided-n": fmt.num(len(one_sided)),
    }


def vintage_numbers(t: Tables) -> Glue:
    """The vintage model: required revenue on the builders' capex path, life sensitivity and scenarios."""
    kv = vintage.key_numbers(t)
    out: Glue = {
        key.replace("_", "-"): str(int(kv[key]))
        for key in ("vintage_first_year", "vintage_guidance_year", "vintage_horizon_year")
    }
    out |= {
        "vintage-life": fmt.years(kv["vintage_life"], 0),
        "vintage-required-guidance-year": fmt.usd_bn(kv["vintage_required_guidance_year"]),
        "vintage-growth": fmt.share(kv["vintage_growth"]),
        "vintage-flat-3-over-6": fmt.share(kv["vintage_flat_3_over_6"]),
        "vintage-growing-3-over-6": fmt.ratio(kv["vintage_growing_3_over_6"], 2),
    }
    for name, rule in vintage.SCENARIOS.items():
        out[f"vintage-required-{name}"] = fmt.usd_bn(kv[f"vintage_required_{name}"])
        out[f"vintage-capex-{name}"] = fmt.usd_bn(kv[f"vintage_capex_{name}"])
        out[f"vintage-rule-{name}"] = rule
    return out


def life_numbers(lives: pd.DataFrame) -> Glue:
    """Changes to server useful lives: counts, span, and each change's lives, date and disclosed effect."""
    lc = vintage.life_changes(lives)
    out: Glue = {
        "lives-lengthened": fmt.num(lc["lengthened"]),
        "lives-shortened": fmt.num(lc["shortened"]),
        "lives-first-year": str(int(lc["first_year"])),
        "lives-last-year": str(int(lc["last_year"])),
    }
    for _, r in lives.iterrows():
        cid = r["change_id"]
        out[f"lives-{cid}-year"] = fmt.dated(r["effective"], r["effective_precision"])
        for end in ("before", "after"):
            if pd.notna(r[f"life_{end}_years"]):
                out[f"lives-{cid}-{end}"] = fmt.num(r[f"life_{end}_years"]) + " years"
        if pd.notna(r["effect_usd_bn"]):
            out[f"lives-{cid}-effect"] = fmt.usd_bn(abs(r["effect_usd_bn"]))
    return out


def speed_numbers(t: Tables) -> Glue:
    """The seed's build times and the ledger's verdicts on them."""
    cl = chapter_claims(t["claims"])
    return {
        "retrofit-months": fmt.num(cl["retrofit"]["seed_value"]) + " months",
        "newbuild-months": fmt.num(cl["newbuild"]["seed_value"]) + " months",
        "retrofit-verdict": str(cl["retrofit"]["verdict"]),
        "newbuild-verdict": str(cl["newbuild"]["verdict"]),
    }


def chapter_numbers(t: Tables, k: dict) -> Glue:
    """Every glued number of the chapter, named `buildout-<key>`."""
    return _named(
        gigawatt_numbers(t, k)
        | conversion_numbers(t, k)
        | seed_numbers(t, k)
        | cash_numbers(t, k)
        | lender_numbers(t, k)
        | study_numbers(t)
        | chain_numbers(t["capacity_overlaps"], t["deals"])
        | base_numbers(t, k)
        | vintage_numbers(t)
        | life_numbers(t["useful_lives"])
        | speed_numbers(t)
    )


INTRO = {  # intro glue name (after `intro-buildout-`) -> chapter glue name (after `buildout-`)
    **{f"tier-{tier}": f"tier-{tier}" for tier in bo.TIERS},
    "gw-like-for-like": "gw-like-for-like-gross",
    "openai-binding": "openai-tier-binding",
    "capex-last": "capex-last",
    "capex-last-year": "capex-last-year",
    "cover-last": "cover-last",
    "cover-first": "cover-first",
    "cover-first-year": "cover-first-year",
    "cover-oracle": "cover-oracle",
    "builders": "builders",
    "builders-covered": "builders-covered",
    "base-required": "base-required",
    "tornado-min": "tornado-min",
    "tornado-max": "tornado-max",
    "su-year": "su-year",
    "su-internal-share": "su-internal-share",
    "ai-cover-low": "ai-cover-low",
    "ai-cover-high": "ai-cover-high",
    "cds-bp": "cds-hyper-bp",
}


def intro_numbers(t: Tables, k: dict) -> Glue:
    """The intro's key findings for this chapter, the same text the chapter glues, named `intro-buildout-<key>`."""
    ch = chapter_numbers(t, k)
    return {f"intro-{PREFIX}-{i}": ch[f"{PREFIX}-{c}"] for i, c in INTRO.items()}
