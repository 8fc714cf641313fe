"""The DeepSeek chapter's tables (frame and caption) and figures (keyword arguments for `figures.publish`)."""

from __future__ import annotations

import pandas as pd

from moneyloop import costs, fmt
from moneyloop.deepseek_chapter import (
    MARKET,
    SUBJECT,
    Tables,
    _points,
    capex_frame,
    guidance,
    reaction,
    roles,
    seed_claims,
    shock,
)

Table = tuple[pd.DataFrame, str]
PROSE_KEYS = ["Cottier2024rising", "TomsHardware2023h800", "TheRegister2025deepseek", "Amodei2025deepseek"]


def stage_table(t: Tables) -> Table:
    """DeepSeek's published stages recomputed."""
    return (
        costs.stage_table(t["deepseek_cost_components"], t["training_runs"]),
        "DeepSeek's published training stages, recomputed as GPU-hours × assumed price per GPU-hour",
    )


def contrast_table(t: Tables) -> Table:
    """The V3 gap on each yardstick."""
    ref = roles(t["training_runs"])["reference"]
    c = costs.contrast(_points(t), t["training_runs"], ref["run_id"])
    return (
        costs.contrast_table(c),
        f"The {ref['model']} gap redone on each yardstick: each model's figure divided by V3's on the same basis",
    )


def runs_table(t: Tables) -> Table:
    """Every published cost figure by model and basis."""
    return (
        costs.runs_table(_points(t)),
        "Published training-cost figures by model and basis, with compute and cost per 10¹⁸ FLOP",
    )


def claims_table(t: Tables) -> Table:
    """The seed's DeepSeek claims and the ledger's verdicts."""
    return (
        costs.claims_table(costs.seed_claims(t["claims"], SUBJECT)),
        "Seed claims on DeepSeek and the claims ledger's verdicts",
    )


def _value_path(t: Tables) -> pd.DataFrame:
    """The market value path from the start of the calendar year before the shock."""
    start = pd.Timestamp(year=shock(t).year - 1, month=1, day=1)
    return costs.value_path(t["market_values"], t["market_events"], MARKET, start)


def figure_specs(t: Tables) -> list[dict]:
    """Keyword arguments for `figures.publish`, one dict per figure of the chapter."""
    from moneyloop import book

    runs, points = t["training_runs"], _points(t)
    r = roles(runs)
    v3 = r["reference"]
    hours = float(v3["gpu_hours"])
    totals = costs.run_totals(t["deepseek_cost_components"])
    v3_cost = float(totals.loc[v3["run_id"], "cost_usd_bn"])
    rows = points[points["cost_basis"].isin([costs.RENTAL, costs.AMORTISED, costs.STATEMENT])]
    us = rows.loc[rows["company_id"] != SUBJECT, "value_usd_bn"]
    sens = costs.sensitivity(hours, t["gpu_prices"], points)
    p_lo, p_hi = costs.price_range(t["gpu_prices"])
    capex = capex_frame(t)
    kx = costs.capex_numbers(capex)
    frame = costs.infra_frame(t["infra_estimates"], t["claims"], capex, t["companies"])
    ds_vals = frame.loc[~frame["group"].str.startswith("Hyperscaler"), "value_usd_bn"]
    m = reaction(t)
    path = _value_path(t)
    return [
        {
            "chart": costs.cost_compute_chart(points),
            "id": "deepseek-cost-vs-compute",
            "title": "Training cost against training compute, by cost basis",
            "subtitle": "Both axes on log scales; diamonds are DeepSeek, circles US labs; vertical bars span low-high estimates",
            "caption": (
                "Each point is one published cost figure for one model, placed at the training compute Epoch AI "
                "estimates for it. Colours separate what the figure measures: a final run priced at rental or "
                "cloud rates, a final run priced as owned hardware wearing out plus energy, or an executive's "
                "statement. DeepSeek-R1 appears twice: its reinforcement-learning increment alone, and together "
                "with its V3 base."
            ),
            "alt_text": (
                f"Log-log scatter of training cost in USD millions against training compute in FLOP. "
                f"{v3['model']} sits at {fmt.usd_bn(v3_cost)} and {fmt.sci(v3['training_flop'])} FLOP; every US "
                f"model sits at more compute and, on each basis, at a higher cost, from {fmt.usd_bn(us.min())} "
                f"to {fmt.usd_bn(us.max())}."
            ),
            "sources": book.cited_keys(rows),
            "data": rows.drop(columns=["derived"]),
        },
        {
            "chart": costs.sensitivity_chart(sens, v3_cost),
            "id": "deepseek-price-sensitivity",
            "title": f"{v3['model']}'s final run at every dated GPU-hour price",
            "subtitle": f"{fmt.count(hours)} H800-hours priced at H800 and H100 rates; bars span a quoted price range",
            "caption": (
                "The same GPU-hours priced at DeepSeek's own assumption, at dated H100 rental and contract rates, "
                "and at the cloud prices implied by the cloud-price estimates for US models with known "
                "GPU-hours. The dashed line marks the cost DeepSeek published."
            ),
            "alt_text": (
                f"Horizontal bars of {v3['model']}'s cost at different prices per GPU-hour, from "
                f"{fmt.usd_bn(costs.gpu_cost_usd_bn(hours, p_lo))} at {fmt.usd(p_lo)} an hour to "
                f"{fmt.usd_bn(costs.gpu_cost_usd_bn(hours, p_hi))} at {fmt.usd(p_hi)}."
            ),
            "sources": book.cited_keys(sens),
            "data": sens,
        },
        {
            "chart": costs.infra_chart(frame),
            "id": "deepseek-infrastructure",
            "title": "DeepSeek's estimated fleet against one year of US hyperscaler capex",
            "subtitle": "USD billions, log scale; DeepSeek figures are third-party estimates of a multi-year fleet",
            "caption": (
                "DeepSeek has published no infrastructure spending. The estimates come from SemiAnalysis and "
                "Anthropic's chief executive; the seed's round figure has no source. Hyperscaler figures are one "
                f"year of capital spending (actual for {kx['year']}, guidance for {kx['next_year']}), covering "
                "all data centres, not only AI training."
            ),
            "alt_text": (
                f"Dot plot on a log scale. DeepSeek estimates and the seed's figure lie between "
                f"{fmt.usd_bn(ds_vals.min())} and {fmt.usd_bn(ds_vals.max())}; one year of capex at each large "
                f"US hyperscaler lies between {fmt.usd_bn(capex['value'].min())} and "
                f"{fmt.usd_bn(capex['value'].max())}."
            ),
            "sources": book.cited_keys(frame),
            "data": frame,
        },
        {
            "chart": costs.value_chart(path, m["date"], "DeepSeek sell-off"),
            "id": "deepseek-nvidia-value",
            "title": "NVIDIA's market value before and after the DeepSeek sell-off",
            "subtitle": "USD trillions; recorded closes, opens and threshold crossings",
            "caption": (
                "NVIDIA's market value at the dates the data package records, with the previous close before "
                "the sell-off derived as the value after it plus the loss. Dashed lines only join recorded "
                "observations; they are not a daily price series and hide other moves in between."
            ),
            "alt_text": (
                f"Line chart of NVIDIA's market value: {fmt.usd_bn(m['value_before_usd_bn'])} before "
                f"{fmt.day(m['date'])}, {fmt.usd_bn(m['value_after_usd_bn'])} after the sell-off, then "
                f"{fmt.usd_bn(m['four_tn_usd_bn'], 1)} on {fmt.day(m['four_tn_date'])} and "
                f"{fmt.usd_bn(m['five_tn_usd_bn'], 1)} on {fmt.day(m['five_tn_date'])}."
            ),
            "sources": book.cited_keys(path),
            "data": path,
        },
    ]


def source_keys(t: Tables) -> list[str]:
    """Every bib key the chapter cites through its data, its claims and its prose."""
    from moneyloop import book

    m = reaction(t)
    extra = [
        m["sources"],
        *(c["sources"] for c in seed_claims(t["claims"]).values()),
        guidance(t)["sources"].str.cat(sep=";"),
    ]
    keys = book.cited_keys(
        t["training_runs"],
        t["training_costs"],
        t["deepseek_cost_components"],
        t["gpu_prices"],
        t["infra_estimates"],
        capex_frame(t),
        _value_path(t),
        pd.DataFrame({"sources": extra}),
    )
    return keys + PROSE_KEYS
