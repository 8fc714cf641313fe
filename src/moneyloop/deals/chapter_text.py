"""The deal-loop chapter's alt texts and dated phrases, built from the chart frames so no date is typed in the page."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from moneyloop import fmt
from moneyloop.cashflow import prose_list
from moneyloop.deals.charts import TIMELINE_SERIES
from moneyloop.deals.vocabulary import short_name


def months(dates: Iterable) -> str:
    """The distinct months of some dates, in order, as prose: 'September 2025 and March 2026'."""
    ts = sorted(pd.Timestamp(d) for d in dates)
    return prose_list(list(dict.fromkeys(fmt.month(d) for d in ts)))


def years(dates: Iterable) -> str:
    """The distinct years of some dates, as prose: '2026' or '2025 and 2026'."""
    return prose_list(list(dict.fromkeys(str(y) for y in sorted(pd.Timestamp(d).year for d in dates))))


def timeline_alt(long: pd.DataFrame, marks: pd.DataFrame) -> str:
    """Alt text of the timeline chart: its span, the headline line's largest step, both ends and the markers."""
    head, bind = (long[long["series"] == s].sort_values("date") for s in TIMELINE_SERIES)
    jump = head.loc[head["usd_bn"].diff().idxmax(), "date"]
    return (
        f"Two step lines rising from {fmt.month(long['date'].min())} to {fmt.month(long['date'].max())}. "
        f"The headline line takes its largest step in {fmt.month(jump)} and ends at "
        f"{fmt.usd_bn(head['usd_bn'].iloc[-1])}, above the binding line's {fmt.usd_bn(bind['usd_bn'].iloc[-1])}. "
        f"Dashed markers in {months(marks['date'])} label the steps of one deal's story: "
        f"{prose_list(list(marks['label']))}."
    )


def _first_run(top: pd.Series, who: str) -> str:
    """The first run of consecutive years in which `who` tops a by-year series, as '2027' or '2027 to 2031'."""
    years_top = list(top.index[top == who])
    end = years_top[0]
    while end + 1 in years_top:
        end += 1
    return str(years_top[0]) if end == years_top[0] else f"{years_top[0]} to {end}"


def commitments_alt(frame: pd.DataFrame) -> str:
    """Alt text of the commitments chart: span, peak, the largest payees, and where revenue falls below the bars."""
    pay = frame[frame["kind"] == "commitment"]
    by_year = pay.groupby("year")["usd_bn"].sum()
    by_payee = pay.groupby("series")["usd_bn"].sum().sort_values(ascending=False)
    lead = by_payee.index[0]
    top_each_year = pay.sort_values("usd_bn").groupby("year")["series"].last()
    rev = frame[frame["kind"] == "revenue"].groupby("year")["usd_bn"].max()
    below = [y for y, r in rev.items() if y in by_year.index and r < by_year[y]]
    text = (
        f"Stacked bars by year from {by_year.index.min()} to {by_year.index.max()}, peaking at "
        f"{fmt.usd_bn(by_year.max())} in {by_year.idxmax()}; {lead} is the largest payee "
        f"in {_first_run(top_each_year, lead)}"
    )
    if len(by_payee) > 1:
        text += f" and {by_payee.index[1]} the next largest over all years"
    text += f". Revenue markers for {rev.index.min()} to {rev.index.max()}"
    if below and below == [y for y in rev.index if y >= below[0]]:
        return text + f" sit below the bars from {below[0]} on."
    if below:
        return text + f" sit below the bars in {prose_list([str(y) for y in below])}."
    return text + " sit at or above the bars."


def market_alt(frame: pd.DataFrame, events: pd.DataFrame, companies: pd.DataFrame, leaders: int = 2) -> str:
    """Alt text of the market chart: the months of deal-day gains, the largest ones, and the falls that followed."""
    names = {c: short_name(n) for c, n in zip(companies["company_id"], companies["name"])}
    company = frame["event_id"].map(dict(zip(events["event_id"], events["company_id"])))
    f = frame.assign(name=company.map(lambda c: names.get(c, c)))
    deal = f["kind"].str.startswith("on a deal")
    gains = f[deal & (f["move_pct"] > 0)]
    top = gains.sort_values("move_pct", ascending=False).head(leaders)
    led = [
        f"{r.name} ({fmt.signed_pct(r.move_pct, 0)}"
        + (", on an earnings day)" if "results" in r.kind else ")")
        for r in top.itertuples()
    ]
    falls = f[(f["date"] > gains["date"].max()) & (f["move_pct"] < 0)]
    text = f"Horizontal bars in date order: gains on deal days in {months(gains['date'])}, led by {prose_list(led)}"
    if falls.empty:
        return text + "."
    return (
        text
        + f", followed by falls in {years(falls['date'])} for {prose_list(list(dict.fromkeys(falls['name'])))}."
    )


def funding_subtitle(frame: pd.DataFrame) -> str:
    """Subtitle of the funding chart, with the number of recipients it draws."""
    n = fmt.count_word(frame["company_id"].nunique())
    return f"Capital received by source, for the {n} largest recipients (standing deals, USD bn, one-off)"


def secondary_only_numbers(
    deals: pd.DataFrame, companies: pd.DataFrame, key_figures: pd.DataFrame
) -> dict[str, str]:
    """Deals that key_figures.csv marks as resting on no primary or wire source, named with their amounts, largest first."""
    refs = key_figures.loc[key_figures["status"] != "primary", "ref"].astype(str)
    ids = {r.removeprefix("deals:") for r in refs if r.startswith("deals:")}
    rows = deals[deals["deal_id"].isin(ids)].copy()
    rows["amount"] = rows["amount_usd_bn"].fillna(rows["amount_high_usd_bn"])
    rows = rows.sort_values(["amount", "deal_id"], ascending=[False, True], kind="stable")
    names = dict(zip(companies["company_id"], companies["name"]))
    items = [
        f"{short_name(names.get(r.payer, r.payer))} → {short_name(names.get(r.payee, r.payee))} ({fmt.usd_bn(r.amount)})"
        for r in rows.itertuples(index=False)
    ]
    return {"n-secondary": fmt.count(len(items)), "secondary-list": "; ".join(items) if items else "none"}
