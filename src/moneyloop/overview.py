"""The numbers of the report's non-topic pages (intro opening, what changed, evidence summary), named and formatted.

Each function returns `{glue name: text}` so a page only glues; the intro and the evidence chapter read the
scorecard through the same `scorecard_numbers`, so the two pages cannot state different counts.
"""

from __future__ import annotations

import pandas as pd

from moneyloop import bib, datasets, evidence, fmt, scorecard, summary
from moneyloop import deals as dl

Tables = dict[str, pd.DataFrame]


def deal_tables() -> Tables:
    """What the intro's opening reads: annotated deals, money flows only, events, claims and companies."""
    all_deals = dl.load_deals()  # deals with their financing layers, conditions and not-a-flow notes
    excluded = dl.exclusions(datasets.load("flow_exclusions"))
    return {
        "all_deals": all_deals,
        "deals": summary.money_only(all_deals, excluded),  # stake values and share swaps are not money flows
        "excluded": excluded,
        "events": datasets.load("deal_events"),
        "claims": datasets.load("claims"),
        "companies": datasets.load("companies"),
        "schedules": datasets.load("commitment_schedules"),
    }


def deal_numbers(t: Tables, prefix: str = "intro") -> dict[str, str]:
    """Counts of flows, agreements, companies and statuses, and the three money aggregates in both views."""
    deals = t["deals"]
    tot = summary.totals(deals)
    out = {
        f"{prefix}-deals": fmt.count(tot["deals"]),
        f"{prefix}-agreements": fmt.count(tot["agreements"]),
        f"{prefix}-companies": fmt.count(len(set(deals["payer"]) | set(deals["payee"]))),
        f"{prefix}-with-amount": fmt.count(tot["with_amount"]),
        f"{prefix}-standing": fmt.count(tot["standing"]),
    }
    agg = dl.aggregate_table(t["all_deals"], t["schedules"], t["excluded"])
    for view, a in agg.items():  # capital, commitments and transfers are never added together
        for part in ("capital", "commitments", "commitments_annual", "transfers"):
            out[f"{prefix}-{part.replace('_', '-')}-{view}"] = fmt.usd_bn(a[f"{part}_usd_bn"])
    for part in ("capital", "commitments"):
        share = agg["binding"][f"{part}_usd_bn"] / agg["headline"][f"{part}_usd_bn"]
        out[f"{prefix}-{part}-binding-share"] = fmt.share(share)
    out |= {f"{prefix}-status-{k}": fmt.count(v) for k, v in summary.status_counts(deals).items()}
    return out


def source_numbers(
    claims: pd.DataFrame, sources: dict[str, bib.Source], prefix: str = "intro"
) -> dict[str, str]:
    """The claims ledger by verdict and the sources by grade."""
    out = {f"{prefix}-claims": fmt.count(len(claims)), f"{prefix}-sources": fmt.count(len(sources))}
    out |= {f"{prefix}-verdict-{k}": fmt.count(v) for k, v in summary.verdict_counts(claims).items()}
    out |= {f"{prefix}-grade-{k}": fmt.count(v) for k, v in summary.grade_counts(sources).items()}
    return out


def what_changed(t: Tables, sources: dict[str, bib.Source], prefix: str = "intro") -> dict[str, str]:
    """Deal events after the newest seed article, the seed figures overturned, and the largest replaced deal."""
    since = summary.latest_seed_date(sources)
    seeds = [pd.Timestamp(sources[k].date) for k in summary.SEED_KEYS]
    changes = summary.status_changes_since(t["events"], t["all_deals"], since)
    by_id = t["all_deals"].set_index("deal_id")
    old, new = (by_id.loc[i] for i in dl.largest_replaced(t["all_deals"]))
    return {
        f"{prefix}-seeds": fmt.count_word(len(seeds)),
        f"{prefix}-first-seed-month": fmt.month(min(seeds)),
        f"{prefix}-latest-seed-month": fmt.month(since),
        f"{prefix}-latest-seed": fmt.day(since),
        f"{prefix}-status-changes": fmt.count(len(changes)),
        f"{prefix}-transitions": fmt.count(int(changes["moved"].sum())),
        f"{prefix}-outdated": fmt.count(len(summary.changed_claims(t["claims"]))),
        f"{prefix}-loi-high": fmt.usd_bn(old["amount_high_usd_bn"]),
        f"{prefix}-stake": fmt.usd_bn(new["amount_usd_bn"]),
        f"{prefix}-stake-date": fmt.day(new["announced"]),
    }


def key_figure_numbers(key_figures: pd.DataFrame, prefix: str = "intro") -> dict[str, str]:
    """How many data rows carry the key findings, and the share resting on a primary or wire source."""
    return {
        f"{prefix}-kf-primary-share": fmt.share(evidence.primary_share(key_figures)),
        f"{prefix}-kf-key-findings": fmt.count(int((key_figures["why"] == "key-finding").sum())),
    }


def scorecard_summary() -> tuple[dict, pd.DataFrame]:
    """The scorecard read from the shipped data (`scorecard.summary`) and its definitions table."""
    from moneyloop import indicators

    t = indicators.load_tables()
    defs = t["scorecard"]
    return scorecard.summary(defs, indicators.values(t, list(defs["indicator_id"]))), defs


def scorecard_numbers(sc: dict, prefix: str) -> dict[str, str]:
    """The verdict's counts and lean, worded the same on every page that states them."""
    v = sc["verdict"]
    out = {
        f"{prefix}-{n.removesuffix('_2000')}": fmt.count(v[n])
        for n in ("total", "known", "for", "against", "neutral", "unknown", "beyond_2000")
    }
    out[f"{prefix}-lean"] = scorecard.LEAN_PHRASES[v["lean"]]
    return out


def dimension_numbers(sc: dict, prefix: str) -> dict[str, str]:
    """Which dimensions of the scorecard read for a bubble, against it, or are open."""
    dims = scorecard.dimension_readings(sc["scored"])
    return {
        f"{prefix}-dims-for": scorecard.listing(dims["for"]),
        f"{prefix}-dims-against": scorecard.listing(dims["against"]),
        f"{prefix}-dims-open": scorecard.listing(dims["mixed"] + dims["unknown"]),
    }


def scorecard_source_keys(sc: dict, definitions: pd.DataFrame | None = None) -> list[str]:
    """Every source behind the scored values (and the thresholds' sources, if their table is given), sorted."""
    cells = list(sc["scored"]["source_keys"])
    if definitions is not None:
        cells += list(definitions["sources"].dropna())
    return sorted({k for cell in cells for k in bib.split_keys(cell)})


def scorecard_figure(sc: dict) -> dict:
    """The intro's scorecard figure: `figures.publish` arguments."""
    data = sc["chart"]
    readings = "; ".join(f"{r['label']}: {r['reading_label'].lower()}" for _, r in data.iterrows())
    return {
        "chart": scorecard.chart(data),
        "id": "intro-scorecard",
        "title": "The bubble scorecard at a glance",
        "subtitle": "Each indicator between the value that reads against a bubble (0) and the value that reads for one (1)",
        "caption": "The indicators of the evidence chapter, each on the scale of its own two thresholds; the slider "
        "moves every threshold at once. The chapter gives every value, date and source.",
        "alt_text": f"Dot chart of the scorecard: {readings}.",
        "sources": scorecard_source_keys(sc),
        "data": data,
    }


def quarter_figure(deals: pd.DataFrame) -> dict:
    """Deals announced per quarter, coloured by their status now: `figures.publish` arguments."""
    import altair as alt

    from moneyloop import book, charts

    quarters = summary.by_quarter(deals)
    tip = [
        alt.Tooltip("quarter:T", title="Quarter", timeUnit="yearquarter"),
        alt.Tooltip("status:N", title="Status"),
        alt.Tooltip("deals:Q", title="Deals"),
    ]
    chart = (
        alt.Chart(quarters)
        .mark_bar()
        .encode(
            x=alt.X("quarter:T", title="Quarter announced", timeUnit="yearquarter"),
            y=alt.Y("deals:Q", title="Deals announced (count)"),
            color=charts.status_color(dl.STATUS_ORDER, "Status now"),
            order=alt.Order("status:N"),
            tooltip=tip,
        )
        .properties(height=300)
    )
    first, last = quarters["quarter"].min(), quarters["quarter"].max()
    busiest = quarters.groupby("quarter")["deals"].sum().idxmax()
    return {
        "chart": chart,
        "id": "intro-deals-by-quarter",
        "title": "AI deals announced per quarter, by status today",
        "subtitle": "Each bar counts money flows in the deal data; colours show where each deal stands now",
        "caption": "Deals announced per calendar quarter, coloured by their latest status. "
        "Rows known only to the year are left out.",
        "alt_text": f"Stacked bar chart of deals announced per quarter from {first:%Y} to {last:%Y}, coloured by "
        f"status; the most deals were announced in the quarter starting {fmt.month(busiest)}.",
        "sources": book.cited_keys(deals),
        "data": quarters,
    }


HEADLINE, BINDING = "Headline (as announced)", "Binding (signed or funded)"


def flow_figure(all_deals: pd.DataFrame, deals: pd.DataFrame) -> dict:
    """Headline against binding money by kind of flow: `figures.publish` arguments."""
    import altair as alt

    from moneyloop import book

    flows = summary.by_flow_type(all_deals)
    long = flows.drop(columns=["flow_type", "aggregate"]).melt(
        id_vars="label", var_name="measure", value_name="usd_bn"
    )
    long["measure"] = long["measure"].map({"headline_usd_bn": HEADLINE, "binding_usd_bn": BINDING})
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None, sort=list(flows["label"]), axis=alt.Axis(labelLimit=320)),
            x=alt.X("usd_bn:Q", title="USD billions, nominal"),
            yOffset=alt.YOffset("measure:N", sort=[HEADLINE, BINDING]),
            color=alt.Color("measure:N", title=None, sort=[HEADLINE, BINDING]),
            tooltip=[
                alt.Tooltip("label:N", title="Flow type"),
                alt.Tooltip("measure:N", title="Measure"),
                alt.Tooltip("usd_bn:Q", title="USD bn", format=",.1f"),
            ],
        )
        .properties(height=340)
    )
    gap = (flows["headline_usd_bn"] - flows["binding_usd_bn"]).idxmax()
    return {
        "chart": chart,
        "id": "intro-headline-vs-binding",
        "title": "Headline versus binding money, by kind of flow",
        "subtitle": "Standing deals, each dollar once; bars of different aggregates (capital, commitments, "
        "transfers) are never summed",
        "caption": 'Sum of deal amounts per flow type, standing deals only, in the headline view ("up to" '
        "ceilings and unconfirmed reports included) and the binding view (signed or paid, unconditional, at firm "
        "value). Each label names its aggregate: capital is one-off money, commitments are multi-year contract "
        "totals, transfers move existing ownership.",
        "alt_text": "Paired horizontal bars per flow type, grouped as capital, commitments and transfers, comparing "
        f"headline and binding amounts; the largest gap is in {flows.at[gap, 'label']}.",
        "sources": book.cited_keys(deals),
        "data": flows,
    }


def largest_binding(t: Tables, n: int = 10) -> pd.DataFrame:
    """The largest signed or funded money flows, for the intro's table."""
    return summary.largest_binding(t["deals"], t["companies"], n)


def citation_block() -> str:
    """The report's citation as the intro shows it: quoted text and a BibTeX block, dated by the data."""
    from moneyloop import citation

    return citation.report_markdown(datasets.as_of())


def evidence_numbers(sc: dict, prefix: str = "ev") -> dict[str, str]:
    """The evidence chapter's glued text: the verdict, the lists by reading, and how the lean moves with thresholds."""
    out = scorecard_numbers(sc, prefix)
    for reading, names in sc["by_reading"].items():
        out[f"{prefix}-{reading}-list"] = scorecard.listing(names)
    key = sc["scored"][sc["scored"]["key"].astype(bool)]
    out[f"{prefix}-key-list"] = scorecard.listing(
        [f"{lab} ({scorecard.READING_LABELS[r].lower()})" for lab, r in zip(key["label"], key["reading"])]
    )
    sens = sc["sensitivity"].set_index("shift")
    loose, strict = sens.index.min(), sens.index.max()
    out[f"{prefix}-shift"] = fmt.share(strict)
    for name, shift in (("loose", loose), ("strict", strict)):
        out[f"{prefix}-{name}-for"] = fmt.count(sens.at[shift, "for"])
        out[f"{prefix}-{name}-against"] = fmt.count(sens.at[shift, "against"])
        out[f"{prefix}-{name}-lean"] = scorecard.LEAN_PHRASES[sens.at[shift, "lean"]]
    holds = sens["lean"].nunique() == 1
    out[f"{prefix}-lean-holds"] = (
        "holds at every setting in the table" if holds else "changes within the range the table covers"
    )
    return out


def sensitivity_table(sc: dict) -> pd.DataFrame:
    """Readings with every threshold moved by a share of its gap, as the evidence chapter shows them."""
    st = sc["sensitivity"].assign(Shift=[fmt.share(s) for s in sc["sensitivity"]["shift"]])
    return st[["Shift", "for", "neutral", "against", "unknown", "lean"]].rename(columns=str.capitalize)


def evidence_figure(sc: dict, keys: list[str]) -> dict:
    """The evidence chapter's scorecard figure: `figures.publish` arguments."""
    data = sc["chart"]
    readings = "; ".join(
        f"{r['label']}: {r['value_text']}, {r['reading_label'].lower()}" for _, r in data.iterrows()
    )
    return {
        "chart": scorecard.chart(data),
        "id": "evidence-scorecard",
        "title": "Where each indicator stands between its thresholds",
        "subtitle": "0 = reads against a bubble, 1 = reads for one; hollow diamonds mark the 2000 peak",
        "caption": "Each indicator with a value is placed on the scale of its own two thresholds, so indicators "
        "in different units can be read side by side; the slider moves every threshold by the same share of its "
        "gap. Values beyond the window are drawn at its edge; the table gives them exactly.",
        "alt_text": f"Dot chart of the scorecard indicators between their benign and bubble thresholds. {readings}.",
        "sources": keys,
        "data": data,
    }


def methods_numbers() -> dict[str, str]:
    """The method parameters the methods appendix states, read from the code that applies them."""
    import inspect

    from moneyloop import cashflow
    from moneyloop.rules import evidence as evidence_rules

    window = inspect.signature(dl.vendor_financing).parameters["years"].default
    return {
        "methods-seeds": fmt.count_word(len(summary.SEED_KEYS)),
        "methods-large-deal": fmt.usd_bn(evidence_rules.LARGE_DEAL_USD_BN),
        "methods-confirm-tolerance": fmt.share(evidence_rules.CONFIRM_TOLERANCE),
        "methods-first-years": fmt.count_word(window),
        "methods-builders": fmt.count_word(len(cashflow.HYPERSCALERS)),
    }


VERDICT_CAPTIONS = {
    "partly-true": "Claims whose core holds but a part does not",
    "misleading": "Claims right in figure but misleading in framing",
    "differs": "Claims that better evidence contradicts",
    "outdated": "Claims that later events overturned",
    "unverifiable": "Claims no adequate source could check",
    "confirmed": "Claims that better evidence confirms",
}
"""One caption per verdict section of the claims ledger (captions also name each table for screen readers)."""


def claims_page() -> dict:
    """The claims ledger page: its numbers, one table per verdict (with the value read from tied rows) and the key-figure gaps."""
    from moneyloop.rules import evidence as evidence_rules

    claims, src, kf = datasets.load("claims"), datasets.sources(), datasets.load("key_figures")
    tables = {
        n: datasets.load(n) for n in evidence.tables_named(claims, kf)
    }  # only the tables claims point to
    keys = evidence.keys_of(datasets.descriptor(datasets.find_data_dir()))
    view = summary.ledger_view(claims, src)
    tied = evidence.tied_values(claims, tables, keys)
    view.insert(6, "From the data", [fmt.num(v) if pd.notna(v) else "–" for v in tied])
    counts = summary.verdict_counts(claims)
    codes = [summary.seed_label(k, src).split()[0] for k in summary.SEED_KEYS]
    lacking = evidence.key_figures_view(kf, tables, keys, src)
    numbers = {
        "claims-n": fmt.count(len(claims)),
        "claims-tied": fmt.count(int(tied.notna().sum())),
        "claims-seed-codes": f"{codes[0]} to {codes[-1]}",
        "claims-seeds": fmt.count_word(len(codes)),
        "kf-n": fmt.count(len(kf)),
        "kf-lacking": fmt.count(len(lacking)),
        "kf-large-deal": fmt.usd_bn(evidence_rules.LARGE_DEAL_USD_BN),
    }
    numbers |= {f"claims-{k}": fmt.count(counts.get(k, 0)) for k in VERDICT_CAPTIONS}
    sections = {
        k: (view[view["Verdict"] == k].drop(columns="Verdict").reset_index(drop=True), caption)
        for k, caption in VERDICT_CAPTIONS.items()
    }
    return {"numbers": numbers, "sections": sections, "lacking": lacking}
