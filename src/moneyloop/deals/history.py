"""Status history: what each deal's status was when, running totals, and later developments."""

from __future__ import annotations

import pandas as pd

from moneyloop.deals.vocabulary import BINDING, STATUS_ORDER, firm_amount, headline_amount


def status_history(deals: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """One row per deal and status period: status from `valid_from` until `valid_to` (NaT = still current)."""
    ev = events[["deal_id", "date", "status", "note"]].copy()
    known = set(ev["deal_id"])
    first = deals.loc[~deals["deal_id"].isin(known), ["deal_id", "announced", "status"]].rename(
        columns={"announced": "date"}
    )
    first["note"] = ""
    ev = pd.concat([ev, first], ignore_index=True)
    ev["status"] = ev["status"].astype(str)
    ev = ev.sort_values(["deal_id", "date"]).reset_index(drop=True)
    ev["valid_to"] = ev.groupby("deal_id")["date"].shift(-1)
    return ev.rename(columns={"date": "valid_from"})[["deal_id", "valid_from", "valid_to", "status", "note"]]


def cumulative_amounts(deals: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Running totals over time: every headline amount announced, and amounts binding on each date (USD bn)."""
    head = headline_amount(deals)
    firm = firm_amount(deals)
    d = deals.assign(headline=head, firm=firm).set_index("deal_id")
    steps = [(r.announced, float(r.headline), 0.0) for r in d.itertuples() if pd.notna(r.headline)]
    hist = status_history(deals, events)
    conditional = set(deals.loc[deals["condition"].notna(), "deal_id"]) if "condition" in deals else set()
    for r in hist.itertuples(index=False):
        if r.status in BINDING and r.deal_id not in conditional and pd.notna(d.at[r.deal_id, "firm"]):
            steps.append((r.valid_from, 0.0, float(d.at[r.deal_id, "firm"])))
            if pd.notna(r.valid_to):
                steps.append((r.valid_to, 0.0, -float(d.at[r.deal_id, "firm"])))
    s = pd.DataFrame(steps, columns=["date", "headline", "binding"]).groupby("date", as_index=False).sum()
    s = s.sort_values("date")
    s["headline_usd_bn"] = s["headline"].cumsum()
    s["binding_usd_bn"] = s["binding"].cumsum().clip(lower=0)
    return s[["date", "headline_usd_bn", "binding_usd_bn"]].reset_index(drop=True)


def status_counts(deals: pd.DataFrame, events: pd.DataFrame, on: str | pd.Timestamp) -> pd.Series:
    """How many deals had each status on a date (deals announced by then)."""
    hist = status_history(deals, events)
    t = pd.Timestamp(on)
    live = hist[(hist["valid_from"] <= t) & (hist["valid_to"].isna() | (hist["valid_to"] > t))]
    return live["status"].value_counts().reindex(STATUS_ORDER, fill_value=0)


def developments(deals: pd.DataFrame, events: pd.DataFrame, since: str | pd.Timestamp) -> pd.DataFrame:
    """Every dated deal event after `since`: the one definition of 'what changed' every page counts.

    A deal's first event is 'new'; a later one is a move when the status differs from the one before
    (`moved` is True), otherwise a development within the same status. Superseded and terminated deals
    are kept: this is history, and the status column says what each became.
    """
    e = events.sort_values(["deal_id", "date"], kind="stable").copy()
    before = e.groupby("deal_id")["status"].shift().astype(object)
    now = e["status"].astype(str)
    e["status_before"] = before
    e["moved"] = before.notna() & (before.astype(str) != now)
    e["change"] = [
        f"new: {s}" if pd.isna(b) else (f"{b} → {s}" if b != s else f"still {s}") for b, s in zip(before, now)
    ]
    e = e[e["date"] > pd.Timestamp(since)]
    d = deals[["deal_id", "payer", "payee"]].assign(headline_usd_bn=headline_amount(deals))
    e = e.merge(d, on="deal_id", how="left")
    cols = [
        "date",
        "deal_id",
        "payer",
        "payee",
        "headline_usd_bn",
        "status_before",
        "status",
        "moved",
        "change",
    ]
    cols += ["note", "sources"]
    return e[cols].sort_values(["date", "deal_id"]).reset_index(drop=True)


def largest_replaced(deals: pd.DataFrame) -> tuple[str, str]:
    """The superseded deal with the largest announced headline and the deal that replaced it (ids from the data).

    Amounts we derived ourselves (amount_kind 'derived', such as a lease valued from its gigawatts) are not
    announced headlines, so they are left out of the comparison.
    """
    ended = deals[
        (deals["status"].astype(str) == "superseded") & (deals["amount_kind"].astype(str) != "derived")
    ]
    old = ended.loc[headline_amount(ended).idxmax()]
    return str(old["deal_id"]), str(old["superseded_by"])
