"""The DeepSeek chapter's numbers, one function per section; the chapter and the intro only glue.

Runs are picked by role from the data (the reference run, the run built on it, the next release, the peer with
stated Hopper hours), so no run, price or estimate id is typed here. Per-run numbers are glued for every run,
named by a slug of its id (`llama-3.1-405b` -> `llama-31-405b`).
"""

from __future__ import annotations

import pandas as pd

from moneyloop import costs, datasets, fmt

Glue = dict[str, str]
Tables = dict[str, pd.DataFrame]
PREFIX = "deepseek"
SUBJECT = "deepseek"  # the company this chapter is about (companies.csv id)
MARKET = "nvidia"  # the company whose market value the chapter follows
BASIS_STEMS = {
    costs.RENTAL: "cloud",
    costs.AMORTISED: "amort",
    costs.ACQUISITION: "cluster",
    costs.STATEMENT: "statement",
}


def load() -> Tables:
    """Every table the chapter reads, validated and typed."""
    names = (
        "training_runs",
        "training_costs",
        "deepseek_cost_components",
        "gpu_prices",
        "infra_estimates",
        "claims",
        "financials",
        "market_events",
        "market_values",
        "companies",
        "cashflows",
    )
    return {n: datasets.load(n) for n in names}


def slug(run_id: str) -> str:
    """A run id usable in a glue name."""
    return run_id.replace(".", "")


def roles(runs: pd.DataFrame) -> dict[str, pd.Series]:
    """The runs the chapter discusses, by role: reference (V3), increment (R1), next release (V4) and peer."""
    own = runs[runs["company_id"] == SUBJECT]
    hours = own[own["gpu_hours"].notna()]
    ref = hours[hours["base_run_id"].isna()].sort_values("released").iloc[-1]
    inc = hours[hours["base_run_id"] == ref["run_id"]].sort_values("released").iloc[-1]
    nxt = own[own["released"] > inc["released"]].sort_values("released").iloc[0]
    others = runs[(runs["company_id"] != SUBJECT) & runs["gpu_type"].isin(costs.HOPPER)]
    peer = others[others["gpu_hours_kind"] == "stated"]
    if len(peer) != 1:
        raise ValueError(f"expected one peer run with stated Hopper GPU-hours, found {len(peer)}")
    return {"reference": ref, "increment": inc, "next": nxt, "peer": peer.iloc[0]}


def shock(t: Tables) -> pd.Timestamp:
    """The market's one-day move on or after the increment's (R1's) release."""
    return costs.shock_date(t["market_events"], MARKET, roles(t["training_runs"])["increment"]["released"])


def seed_claims(claims: pd.DataFrame) -> dict[str, pd.Series]:
    """The seed's four figures the chapter weighs, from the ledger."""
    ids = {
        "r1": costs.SEED_R1_CLAIM,
        "us": costs.SEED_US_CLAIM,
        "infra": costs.SEED_INFRA_CLAIM,
        "nvda": costs.SEED_NVDA_CLAIM,
    }
    return {k: costs.claim(claims, v) for k, v in ids.items()}


def reported_numbers(t: Tables) -> Glue:
    """What DeepSeek reported, recomputed stage by stage, and the seed's figures."""
    comp, runs = t["deepseek_cost_components"], t["training_runs"]
    r = roles(runs)
    ref, inc = r["reference"], r["increment"]
    stages = costs.stage_costs(comp).set_index("component_id")
    totals = costs.run_totals(comp)
    whole = costs.with_base(runs, totals, inc["run_id"])
    out: Glue = {
        "as-of": fmt.day(datasets.as_of()),
        "v3-hours": fmt.count(totals.loc[ref["run_id"], "gpu_hours"]),
        "v3-cost": fmt.usd_bn(totals.loc[ref["run_id"], "cost_usd_bn"], 4),
        "v3-gpus": fmt.count(ref["gpu_count"]),
        "price": fmt.usd(float(stages["usd_per_gpu_hour"].iloc[0])),
        "r1-hours": fmt.count(totals.loc[inc["run_id"], "gpu_hours"]),
        "r1-cost": fmt.usd_bn(totals.loc[inc["run_id"], "cost_usd_bn"]),
        "r1-gpus": fmt.count(inc["gpu_count"]),
        "r1-released": fmt.dated(inc["released"], inc["date_precision"]),
        "r1-disclosed": fmt.day(datasets.sources()[inc["sources"].split(";")[0]].date),
        "r1-whole-hours": fmt.count(whole["gpu_hours"]),
        "r1-whole-cost": fmt.usd_bn(whole["cost_usd_bn"]),
        "r1-share": fmt.share(totals.loc[inc["run_id"], "cost_usd_bn"] / whole["cost_usd_bn"], 1),
    }
    for cid, s in stages.iterrows():
        out[f"stage-{cid}-hours"] = fmt.count(s["gpu_hours"])
        out[f"stage-{cid}-cost"] = fmt.usd_bn(s["cost_usd_bn"], 4)
        if pd.notna(s.get("wall_clock_hours")):
            out[f"stage-{cid}-wall"] = fmt.num(s["wall_clock_hours"])
    for k, c in seed_claims(t["claims"]).items():
        out[f"seed-{k}"] = fmt.usd_bn(c["seed_value"])
        out[f"seed-{k}-verdict"] = str(c["verdict"])
    return out


def _points(t: Tables) -> pd.DataFrame:
    """Every published cost figure joined to its run."""
    return costs.cost_points(t["training_runs"], t["training_costs"])


def yardstick_numbers(t: Tables) -> Glue:
    """The gap to US models on each basis: same price, cloud, amortised, per unit of compute."""
    runs, points = t["training_runs"], _points(t)
    r = roles(runs)
    ref, peer = r["reference"], r["peer"]
    contrast = costs.contrast(points, runs, ref["run_id"])
    head = costs.headline(runs, t["training_costs"], t["claims"], ref["run_id"], peer["run_id"])
    price = float(costs.stage_costs(t["deepseek_cost_components"])["usd_per_gpu_hour"].iloc[0])
    out: Glue = {
        "seed-gap": fmt.ratio(head["seed_gap"], 0),
        "same-price-gap": fmt.ratio(head["same_price_gap"]),
        "compute-gap": fmt.ratio(head["compute_gap"]),
        "peer": head["peer_model"],
        "v3-per-ef": fmt.usd(head["reference_usd_per_exaflop"]),
        "us-amort-per-ef-low": fmt.usd(head["us_amortised_usd_per_exaflop_low"]),
        "us-amort-per-ef-high": fmt.usd(head["us_amortised_usd_per_exaflop_high"]),
        "v3-flop": fmt.sci(ref["training_flop"]),
    }
    for _, run in runs[runs["gpu_hours"].notna() | runs["training_flop"].notna()].iterrows():
        s = slug(run["run_id"])
        if pd.notna(run["gpu_hours"]):
            out[f"{s}-hours"] = fmt.count(run["gpu_hours"])
        if pd.notna(run["training_flop"]):
            out[f"{s}-flop"] = fmt.sci(run["training_flop"])
    for _, row in costs.reprice(runs, price).iterrows():
        s = slug(row["run_id"])
        out[f"{s}-at-price"] = fmt.usd_bn(row["cost_usd_bn"])
        out[f"{s}-per-ef-same"] = fmt.usd(row["usd_per_exaflop"])
    for _, row in contrast[contrast["yardstick"] == "same-price"].iterrows():
        out[f"{slug(row['run_id'])}-same-gap"] = fmt.ratio(row["ratio_low"], 0)
    for _, row in contrast[contrast["yardstick"] == "cloud-price"].iterrows():
        out[f"{slug(row['run_id'])}-cloud-gap"] = (
            f"{fmt.ratio(row['ratio_low'])} to {fmt.ratio(row['ratio_high'])}"
        )
    for _, p in points[~points["derived"]].drop_duplicates(["run_id", "cost_basis"]).iterrows():
        stem = f"{slug(p['run_id'])}-{BASIS_STEMS.get(p['cost_basis'], p['cost_basis'])}"
        if pd.notna(p["cost_usd_bn"]):
            out[stem] = fmt.usd_bn(p["cost_usd_bn"])
        for end in ("low", "high"):
            if pd.notna(p[f"cost_{end}_usd_bn"]):
                out[f"{stem}-{end}"] = fmt.usd_bn(p[f"cost_{end}_usd_bn"])
    hours = float(ref["gpu_hours"])
    amort = costs.convert_on_basis(hours, points, costs.AMORTISED)
    for name, basis in (("cloud", costs.RENTAL), ("amort", costs.AMORTISED)):
        conv = costs.convert_on_basis(hours, points, basis)
        out |= {
            f"{name}-price-low": fmt.usd(conv["price_low"]),
            f"{name}-price-high": fmt.usd(conv["price_high"]),
            f"v3-{name}-low": fmt.usd_bn(conv["cost_low_usd_bn"]),
            f"v3-{name}-high": fmt.usd_bn(conv["cost_high_usd_bn"]),
        }
    out["peers"] = " and ".join(amort["peers"])
    constant = sorted({d.removesuffix("-usd") for d in points["dollars"].astype(str) if d != "nominal"})
    out["constant-dollars-year"] = " and ".join(constant)  # the price year of Epoch AI's restated costs
    for name, yardstick, end in (("amort", "amortised", "ratio_high"), ("flop", "compute", "ratio_low")):
        gaps = contrast[contrast["yardstick"] == yardstick].sort_values("ratio_low")
        out[f"{name}-gap-low"] = fmt.ratio(gaps["ratio_low"].iloc[0])
        out[f"{name}-gap-low-model"] = gaps["model"].iloc[0]
        out[f"{name}-gap-high"] = fmt.ratio(gaps[end].iloc[-1], 0)
        out[f"{name}-gap-high-model"] = gaps["model"].iloc[-1]
    return out


def market_price(prices: pd.DataFrame, price: float) -> pd.Series:
    """The earliest rental-market Hopper price at or below a given rate per GPU-hour."""
    p = prices[(prices["price_kind"] == "rental-market") & prices["gpu_type"].isin(costs.HOPPER)]
    p = p[p["usd_per_gpu_hour_high"] <= price]
    if p.empty:
        raise ValueError(f"no rental-market price at or below {price} per GPU-hour in gpu_prices.csv")
    return p.sort_values("date").iloc[0]


def price_numbers(t: Tables) -> Glue:
    """V3 and R1 priced across every dated Hopper price."""
    prices, runs = t["gpu_prices"], t["training_runs"]
    r = roles(runs)
    hours = float(r["reference"]["gpu_hours"])
    whole = costs.with_base(runs, costs.run_totals(t["deepseek_cost_components"]), r["increment"]["run_id"])
    price = float(costs.stage_costs(t["deepseek_cost_components"])["usd_per_gpu_hour"].iloc[0])
    lo, hi = costs.price_range(prices)
    low_row, high_row = costs.price_extremes(prices)
    dip = market_price(prices, price)
    return {
        "price-range-low": fmt.usd(lo),
        "price-range-high": fmt.usd(hi),
        "price-range-low-when": fmt.dated(low_row["date"], low_row["date_precision"]),
        "price-range-high-when": fmt.dated(high_row["date"], high_row["date_precision"]),
        "dip-when": fmt.dated(dip["date"], dip["date_precision"]),
        "dip-price": fmt.usd(dip["usd_per_gpu_hour_high"]),
        "v3-at-low": fmt.usd_bn(costs.gpu_cost_usd_bn(hours, lo)),
        "v3-at-high": fmt.usd_bn(costs.gpu_cost_usd_bn(hours, hi)),
        "r1-whole-at-high": fmt.usd_bn(costs.gpu_cost_usd_bn(whole["gpu_hours"], hi)),
    }


def infra_rows(infra: pd.DataFrame) -> dict[str, pd.Series]:
    """One estimate per item (server capex, GPU spend, GPU stock value)."""
    return {item: g.iloc[0] for item, g in infra.groupby("item")}


def capex_frame(t: Tables) -> pd.DataFrame:
    """One year of each hyperscaler's capex and the next year's guidance, on the build-out chapter's basis."""
    return costs.hyperscaler_capex_years(t["cashflows"], t["financials"])


def infra_numbers(t: Tables) -> Glue:
    """DeepSeek's estimated fleet against one year of US hyperscaler capex."""
    semi = costs.infra_total(t["infra_estimates"])
    items = infra_rows(t["infra_estimates"])
    kx = costs.capex_numbers(capex_frame(t))
    return {
        "semi-capex": fmt.usd_bn(semi["capex_usd_bn"]),
        "semi-opex": fmt.usd_bn(semi["operating_usd_bn"]),
        "semi-total": fmt.usd_bn(semi["total_usd_bn"]),
        "semi-gpus": fmt.count(items["server-capex"]["gpu_count"]),
        "semi-floor": fmt.usd_bn(items["gpu-spend"]["value_low_usd_bn"]),
        "amodei-value": fmt.usd_bn(items["gpu-stock-value"]["value_usd_bn"]),
        "amodei-gpus": fmt.count(items["gpu-stock-value"]["gpu_count"]),
        "capex-year": str(kx["year"]),
        "capex-next-year": str(kx["next_year"]),
        "capex-sum": fmt.usd_bn(kx["total"]),
        "capex-count": fmt.count(kx["count"]),
        "capex-ratio": fmt.ratio(kx["total"] / semi["capex_usd_bn"], 0),
        "capex-next-sum": fmt.usd_bn(kx["next_total"]),
        "capex-largest": fmt.usd_bn(kx["largest"]),
        "capex-largest-name": costs.short_names(t["companies"])[kx["largest_company"]],
    }


def guidance(t: Tables) -> pd.DataFrame:
    """Capex guidance for the shock's calendar year, first stated and after the shock, per company."""
    day = shock(t)
    return costs.guidance_path(t["financials"], str(day.year), day)


def guidance_numbers(t: Tables) -> Glue:
    """What the hyperscalers with calendar-year guidance did after the shock."""
    guide = guidance(t).set_index("company_id")
    names = costs.short_names(t["companies"])
    out: Glue = {"guide-year": str(shock(t).year)}
    for cid, row in guide.iterrows():
        out |= {
            f"guide-{cid}-name": names[cid],
            f"guide-{cid}-first": fmt.usd_bn(row["first_guidance"]),
            f"guide-{cid}-first-on": fmt.day(row["first_guidance_on"]),
            f"guide-{cid}-last": fmt.usd_bn(row["last_guidance"]),
            f"guide-{cid}-actual": fmt.usd_bn(row["actual"]),
            f"guide-{cid}-raises": fmt.count(row["raises_after"]),
            f"guide-{cid}-up": fmt.share(row["actual_vs_first"]),
        }
    out |= {
        "guide-cuts": fmt.count(guide["cuts"].sum()),
        "guide-count": fmt.count(len(guide)),
        "guide-raised-count": fmt.count((guide["raises_after"] > 0).sum()),
    }
    return out


def reaction(t: Tables) -> dict:
    """The market's one-day shock and what followed."""
    return costs.market_reaction(t["market_events"], t["market_values"], MARKET, shock(t))


def market_numbers(t: Tables) -> Glue:
    """The one-day loss, the record it broke, the rebound and the later milestones; the next release."""
    m = reaction(t)
    r = roles(t["training_runs"])
    nxt = r["next"]
    near = costs.events_near(t["market_events"], MARKET, nxt["released"], days=7)
    return {
        "nvda-date": fmt.day(m["date"]),
        "nvda-pct": fmt.pct(abs(m["change_pct"]), 2),
        "nvda-loss": fmt.usd_bn(abs(m["loss_usd_bn"])),
        "nvda-before": fmt.usd_bn(m["value_before_usd_bn"]),
        "nvda-after": fmt.usd_bn(m["value_after_usd_bn"]),
        "nvda-record": fmt.usd_bn(abs(m["record_before_usd_bn"])),
        "nvda-record-when": fmt.dated(m["record_before_date"], m["record_before_precision"]),
        "nvda-vs-record": fmt.ratio(m["loss_vs_record"]),
        "nvda-rebound": fmt.pct(m["rebound_pct"]),
        "nvda-rebound-date": fmt.day(m["rebound_date"]),
        "nvda-4t-date": fmt.day(m["four_tn_date"]),
        "nvda-4t-days": fmt.count(m["days_to_four_tn"]),
        "nvda-5t-date": fmt.day(m["five_tn_date"]),
        "nvda-5t-value": fmt.usd_bn(m["five_tn_usd_bn"], 1),
        "nvda-4t-value": fmt.usd_bn(m["four_tn_usd_bn"], 1),
        "r1-to-shock-days": fmt.count((m["date"] - r["increment"]["released"]).days),
        "v4-released": fmt.dated(nxt["released"], nxt["date_precision"]),
        "v4-nvda-events": fmt.count(len(near)),
    }


def chapter_numbers(t: Tables) -> Glue:
    """Every glued number of the chapter, named `deepseek-<key>`."""
    parts = (
        reported_numbers(t)
        | yardstick_numbers(t)
        | price_numbers(t)
        | infra_numbers(t)
        | guidance_numbers(t)
        | market_numbers(t)
    )
    return {f"{PREFIX}-{k}": v for k, v in parts.items()}


INTRO = {  # intro glue name (after `intro-deepseek-`) -> chapter glue name (after `deepseek-`)
    "seed-gap": "seed-gap",
    "peer": "peer",
    "same-price-gap": "same-price-gap",
    "compute-gap": "compute-gap",
    "v3-cost": "v3-cost",
    "v3-per-ef": "v3-per-ef",
    "us-per-ef-low": "us-amort-per-ef-low",
    "us-per-ef-high": "us-amort-per-ef-high",
    "nvda-loss": "nvda-loss",
    "nvda-pct": "nvda-pct",
    "nvda-date": "nvda-date",
    "nvda-4t-value": "nvda-4t-value",
    "nvda-4t-date": "nvda-4t-date",
    "capex-raisers": "guide-raised-count",
    "capex-companies": "guide-count",
    "guide-year": "guide-year",
}


def intro_numbers(t: Tables) -> Glue:
    """The intro's key findings for this chapter, the same text the chapter glues, named `intro-deepseek-<key>`."""
    ch = chapter_numbers(t)
    return {f"intro-{PREFIX}-{i}": ch[f"{PREFIX}-{c}"] for i, c in INTRO.items()}
