"""Report-wide summaries: deal totals by status, the ledger by verdict, sources by grade, what changed."""

from __future__ import annotations

import pandas as pd

from moneyloop import bib
from moneyloop import deals as dl

SEED_KEYS = (
    "Dong2025goldrush",
    "Anup2025loop",
    "TechFlow2026leverage",
    "MemeInsider2025trillion",
    "Wuyifan2025roulette",
)


def headline_amount(deals: pd.DataFrame) -> pd.Series:
    """What each deal was announced as (the deal chapter's definition: stated, else the 'up to' ceiling)."""
    return dl.headline_amount(deals)


def binding_amount(deals: pd.DataFrame) -> pd.Series:
    """What unconditional definitive or funded deals commit for certain (the low end of a range); zero for the rest."""
    return dl.firm_amount(deals).where(dl.is_firm(deals), 0.0).fillna(0.0)


def totals(deals: pd.DataFrame) -> dict[str, float]:
    """How many deal rows, agreements, rows with an amount and standing rows there are (money totals: deals.aggregates)."""
    head = headline_amount(deals)
    return {
        "deals": float(len(deals)),
        "agreements": float(deals["group_id"].nunique()),
        "with_amount": float(head.notna().sum()),
        "standing": float(dl.standing(deals).sum()),
    }


def by_flow_type(deals: pd.DataFrame) -> pd.DataFrame:
    """Headline vs binding USD bn per flow type, standing deals counted once, each labelled with its aggregate."""
    parts = []
    for view in ("headline", "binding"):
        rows = dl.counted(deals, view)
        credit = rows["condition"].astype(str).isin(dl.CREDIT_CONDITIONS) if "condition" in rows else False
        rows = rows[~rows["flow_type"].astype(str).isin(dl.TRANSFER_FLOWS) & ~credit]  # backstops stand apart
        sums = rows.groupby(rows["flow_type"].astype(str))["usd_bn"].sum()
        sums["transfers"] = float(
            dl.transfers(deals, view)["usd_bn"].sum()
        )  # acquisitions, share sales, swaps
        parts.append(sums.rename(f"{view}_usd_bn"))
    out = pd.concat(parts, axis=1).fillna(0.0).rename_axis("flow_type").reset_index()
    out["aggregate"] = out["flow_type"].map(dl.aggregate_of)
    out["label"] = [
        "transfers: acquisitions, share sales and swaps"
        if f == "transfers"
        else f"{a}: {dl.label(dl.FLOW_LABELS, f)}"
        for a, f in zip(out["aggregate"], out["flow_type"])
    ]
    out = out.sort_values(["aggregate", "headline_usd_bn"], ascending=[True, False])
    return out[["flow_type", "label", "aggregate", "headline_usd_bn", "binding_usd_bn"]].reset_index(
        drop=True
    )


def by_quarter(deals: pd.DataFrame) -> pd.DataFrame:
    """Deals announced per calendar quarter and status (rows dated only to the year are left out)."""
    d = deals[deals["date_precision"] != "year"]
    q = d["announced"].dt.to_period("Q").dt.start_time
    out = (
        pd.DataFrame({"quarter": q, "status": d["status"].astype(str)})
        .value_counts()
        .rename("deals")
        .reset_index()
        .sort_values(["quarter", "status"])
    )
    return out.reset_index(drop=True)


def status_counts(deals: pd.DataFrame) -> dict[str, int]:
    """Deals per status, every status listed."""
    return {str(k): int(v) for k, v in deals["status"].value_counts(sort=False).items()}


def verdict_counts(claims: pd.DataFrame) -> dict[str, int]:
    """Claims per verdict, every verdict listed."""
    return {str(k): int(v) for k, v in claims["verdict"].value_counts(sort=False).items()}


def grade_counts(sources: dict[str, bib.Source]) -> dict[str, int]:
    """Sources per grade P, W, S, L."""
    counts = {g: 0 for g in bib.GRADES}
    for s in sources.values():
        counts[s.grade] = counts.get(s.grade, 0) + 1
    return counts


def seed_label(key: str, sources: dict[str, bib.Source]) -> str:
    """'S001 Anup 2025' style label for a seed key (other keys: author-year)."""
    if key in SEED_KEYS:
        return f"S{SEED_KEYS.index(key):03d} {sources[key].short()}"
    return sources[key].short()


source_names = bib.source_names


def ledger_view(claims: pd.DataFrame, sources: dict[str, bib.Source]) -> pd.DataFrame:
    """The claims ledger as a reader sees it: seeds and sources named, with grades."""

    def seeds(cell: object) -> str:
        return "; ".join(seed_label(k, sources) for k in bib.split_keys(cell))

    return pd.DataFrame(
        {
            "Id": claims["claim_id"],
            "Seeds": claims["seeds"].map(seeds),
            "Topic": claims["topic"].astype(str),
            "Claim": claims["claim"],
            "Seed says": claims["seed_value_text"],
            "Verified": claims["verified_value_text"].fillna("–"),
            "As of": claims["as_of"].dt.strftime("%Y-%m-%d").fillna("–"),
            "Verdict": claims["verdict"].astype(str),
            "Why": claims["explanation"],
            "Sources": claims["sources"].map(lambda c: source_names(c, sources)),
        }
    )


def latest_seed_date(sources: dict[str, bib.Source]) -> pd.Timestamp:
    """Publication date of the newest seed article."""
    return max(pd.Timestamp(sources[k].date) for k in SEED_KEYS)


def changed_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """Seed figures that later events overturned: old value, new value, when, sources."""
    c = claims[claims["verdict"] == "outdated"].sort_values("changed_on")
    return c[
        ["claim_id", "claim", "seed_value_text", "verified_value_text", "unit", "changed_on", "sources"]
    ].reset_index(drop=True)


def status_changes_since(events: pd.DataFrame, deals: pd.DataFrame, since: pd.Timestamp) -> pd.DataFrame:
    """Deal events dated after `since` (the deal chapter's one definition, moneyloop.deals.developments)."""
    return dl.developments(deals, events, since)


def status_at(events: pd.DataFrame, on: pd.Timestamp) -> pd.Series:
    """Each deal's status on a date: its latest event on or before it (deals not yet announced are absent)."""
    e = events[events["date"] <= on].sort_values(["deal_id", "date"], kind="stable")
    return e.groupby("deal_id")["status"].last().astype(str)


def status_table(events: pd.DataFrame, dates: dict[str, pd.Timestamp]) -> pd.DataFrame:
    """Number of deal rows in each status on each of the labelled dates, statuses in life-cycle order."""
    order = list(dl.LIFECYCLE)
    cols = {
        label: status_at(events, d).value_counts().reindex(order, fill_value=0) for label, d in dates.items()
    }
    out = pd.DataFrame(cols)
    out.loc["all"] = out.sum()
    return out.astype(int)


def largest_binding(deals: pd.DataFrame, companies: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The n largest signed or funded flows, with company names, for a reader's first look."""
    names = companies.set_index("company_id")["name"]
    b = dl.counted(deals, "binding").rename(columns={"usd_bn": "firm"})
    top = b[b["firm"] > 0].sort_values(["firm", "announced"], ascending=[False, True]).head(n)
    return pd.DataFrame(
        {
            "Announced": top["announced"].dt.strftime("%Y-%m-%d"),
            "Payer": top["payer"].map(names),
            "Payee": top["payee"].map(names),
            "Flow": [dl.label(dl.FLOW_LABELS, f) for f in top["flow_type"]],
            "USD bn": top["firm"],
            "Status": [dl.label(dl.STATUS_LABELS, x) for x in top["status"]],
        }
    ).reset_index(drop=True)


def money_only(deals: pd.DataFrame, excluded: frozenset[str] | set[str]) -> pd.DataFrame:
    """Deals with the amounts that are not money flows (flow_exclusions.csv) blanked; the rows stay."""
    out = deals.copy()
    cols = ["amount_usd_bn", "amount_low_usd_bn", "amount_high_usd_bn"]
    out.loc[out["deal_id"].isin(excluded), cols] = float("nan")
    return out


INTRO_DEAL_LOOP = {
    "capital-headline": "capital-headline",
    "capital-binding": "capital-binding",
    "commitments-headline": "commitments-headline",
    "commitments-binding": "commitments-binding",
    "commitments-annual-headline": "commitments-annual-headline",
    "commitments-annual-binding": "commitments-annual-binding",
    "transfers-headline": "transfers-headline",
    "transfers-binding": "transfers-binding",
    "triangle": "tri-headline",
    "oracle-contract": "tri-openai-oracle",
    "anthropic-since": "anthropic-amazon-since",
    "vf-amazon-anthropic-first": "vf-amazon-anthropic-first",
    "vf-amazon-anthropic-first-binding": "vf-amazon-anthropic-binding-first",
    "st50-cut": "st-50-cut",
    "st50-oracle": "st-50-oracle",
    "st50-oracle-year": "st-50-oracle-year",
    "st50-oracle-rev": "st-50-oracle-rev",
    "st50-oracle-rpo": "st-50-oracle-rpo",
    "st50-second-en": "st-50-second-eisenberg-noe",
    "st50-second-pt": "st-50-second-pass-through",
    "oracle-fcf": "oracle-fcf",
    "oracle-drawdown": "oracle-drawdown",
}
"""The intro's deal-loop key findings: intro glue key (after 'intro-dl-') → the chapter's glue key (after 'deal-loop-')."""


def deal_loop_intro(chapter_numbers: dict[str, str]) -> dict[str, str]:
    """The deal-loop chapter's key findings under the intro's glue keys, so both pages quote one computation."""
    return {k: chapter_numbers[v] for k, v in INTRO_DEAL_LOOP.items()}
