"""The deal-loop chapter's stress-test, observed-strain and market-reaction numbers: glue keys mapped to text."""

from __future__ import annotations

import pandas as pd

from moneyloop import contagion as ct
from moneyloop import fmt
from moneyloop.deals.numbers import TRIANGLE

Glue = dict[str, str]
CUTS = (0.25, 0.5)
"""The two cuts the chapter's text and closing table quote."""


def _years(ob: pd.DataFrame, deal_ids) -> str:
    """The first and last year of one or more deals' scheduled payments, as 'first–last'."""
    y = ob.loc[ob["deal_id"].isin(list(deal_ids)), "year"]
    return f"{y.min()}–{y.max()}"


def largest_obligation(ob: pd.DataFrame, debtor: str, creditor: str | None = None) -> list[str]:
    """The deal ids of a debtor's largest scheduled obligation (to one creditor if given)."""
    o = ob[(ob["debtor"] == debtor) & ((ob["creditor"] == creditor) if creditor else True)]
    return [o.groupby("deal_id")["owed_usd_bn"].sum().idxmax()]


def lenders_to(deals: pd.DataFrame, company: str) -> str:
    """The party that lent a company the most in the data (its bondholders, for a bond issuer)."""
    d = deals[(deals["flow_type"] == "debt") & (deals["payee"] == company)]
    return str(d.groupby("payer")["amount_usd_bn"].sum().idxmax())


def valued(ts: dict[str, pd.DataFrame], valued_in: str) -> str:
    """The deal the stress test values at a comparable contract's price in the given views ('binding' or 'all')."""
    s = ts["stress_schedules"]
    return str(s.loc[s["valued_in"] == valued_in, "deal_id"].iloc[0])


def stress_numbers(t: dict[str, pd.DataFrame], ts: dict[str, pd.DataFrame], kc: dict, obs: dict) -> Glue:
    """Per cut and rule: each direct creditor's losses, the second round, lenders' losses, schedules and scenario values."""
    sh, sb = kc["summary"]["headline"], kc["summary"]["binding"]
    ob_h, ob_b = kc["inputs"]["headline"]["obligations"], kc["inputs"]["binding"]["obligations"]
    shocked = TRIANGLE[0]
    cloud, chips = TRIANGLE[1], TRIANGLE[2]
    bonds = lenders_to(t["deals"], cloud)
    sr = kc["second_round"]["headline"].set_index(["rule", "cut"])["total_usd_bn"]
    out: Glue = {}
    for cut in CUTS:
        p = str(round(cut * 100))
        out[f"st-{p}-cut"] = fmt.share(cut)
        for c in sorted(kc["direct"] - {shocked}):
            r = ct.loss(sh, c, cut, "eisenberg-noe")
            out[f"st-{p}-{c}"] = fmt.usd_bn(r["total_usd_bn"])
            out[f"st-{p}-{c}-year"] = fmt.usd_bn(r["peak_usd_bn"])
            out[f"st-{p}-{c}-peak"] = str(r["peak_year"])
            out[f"st-{p}-{c}-rev"] = (
                "–" if pd.isna(r["peak_revenue_share"]) else fmt.share(r["peak_revenue_share"])
            )
        out[f"st-{p}-oracle-rpo"] = fmt.share(
            ct.loss(sh, cloud, cut, "eisenberg-noe")["total_usd_bn"] / obs["rpo"]["value_usd_bn"]
        )
        for rule in ct.RULES:
            out[f"st-{p}-second-{rule}"] = fmt.usd_bn(sr[(rule, cut)])
            f = sh[(sh["cut"].round(2) == cut) & (sh["rule"] == rule) & sh["company_id"].isin(kc["finance"])]
            out[f"st-{p}-finance-{rule}"] = fmt.usd_bn(f["total_net_usd_bn"].sum())
        for level in ("low", "high"):
            lv = kc["levels"][level]
            lv = lv[
                (lv["cut"].round(2) == cut)
                & (lv["rule"] == "pass-through")
                & lv["company_id"].isin(kc["finance"])
            ]
            out[f"st-{p}-finance-pt-{level}"] = fmt.usd_bn(lv["total_net_usd_bn"].sum())
        b = ct.loss(sh, bonds, cut, "pass-through")
        out[f"st-{p}-bonds-pt"] = fmt.usd_bn(b.get("total_net_usd_bn", b["total_usd_bn"]))
        out[f"st-{p}-bonds-pt-year"] = fmt.usd_bn(b["peak_usd_bn"])
        out[f"st-{p}-bonds-pt-peak"] = str(b["peak_year"])
    grid = kc["grid"]
    nv = grid[(grid["company_id"] == chips) & (grid["shocked"] == shocked)]["lost_usd_bn"]
    val = ob_b[ob_b["valued"]].groupby("deal_id")["owed_usd_bn"].sum()
    scenario = valued(ts, "all")
    names = dict(zip(t["companies"]["company_id"], t["companies"]["name"]))
    payee = t["deals"].set_index("deal_id").at[scenario, "payee"]
    A = ts["assumptions"].set_index("assumption_id")
    means = kc["inputs"]["headline"]["means"]
    return out | {
        "st-oracle-years": _years(ob_h, largest_obligation(ob_h, shocked)),
        "st-oracle-revenue-basis": kc["scale"].set_index("company_id").at[cloud, "revenue_basis"],
        "st-nvidia-order-years": _years(ob_h, largest_obligation(ob_h, cloud, chips)),
        "st-nvidia-max": fmt.usd_bn(float(nv.max()) if len(nv) else 0.0),
        "st-bind-oracle-value": fmt.usd_bn(val[valued(ts, "binding")]),
        "st-amd-value": fmt.usd_bn(val[scenario]),
        "st-scenario-company": str(names.get(payee, payee)).split(" (")[0],
        "st-bind-50-oracle": fmt.usd_bn(ct.loss(sb, cloud, CUTS[1], "eisenberg-noe")["total_usd_bn"]),
        "st-recovery": fmt.pct(A.at[ct.RECOVERY, "value"]),
        "st-recovery-low": fmt.pct(A.at[ct.RECOVERY, "value_low"]),
        "st-recovery-high": fmt.pct(A.at[ct.RECOVERY, "value_high"]),
        "st-oracle-ocf": fmt.usd_bn(means.get(cloud, 0.0)),
    }


def observed_numbers(obs: dict) -> Glue:
    """What strained at the triangle's cloud provider by the end of the data (moneyloop.deals.oracle_observed)."""
    return {
        "oracle-revenue": fmt.usd_bn(obs["revenue"]["value_usd_bn"]),
        "oracle-rpo": fmt.usd_bn(obs["rpo"]["value_usd_bn"]),
        "rpo-jump": fmt.usd_bn(obs["rpo_at_deal_day"]["value_usd_bn"]),
        "rpo-jump-date": fmt.day(obs["rpo_at_deal_day"]["period_end"]),
        "oracle-fcf": fmt.usd_bn(obs["fcf"]["value_usd_bn"]),
        "oracle-fcf-to": fmt.month(obs["fcf"]["period_end"]),
        "oracle-after-date": fmt.day(obs["worst_week"]["date"]),
        "oracle-capex": fmt.usd_bn(obs["capex"]["value_usd_bn"]),
        "oracle-debt-low": fmt.usd_bn(obs["debt_low"]),
        "oracle-debt-high": fmt.usd_bn(obs["debt_high"]),
        "oracle-peak": fmt.usd_bn(obs["drawdown"]["peak_usd_bn"]),
        "oracle-after": fmt.usd_bn(obs["drawdown"]["after_usd_bn"]),
        "oracle-drawdown": fmt.share(-obs["drawdown"]["change"]),
        "oracle-worst-week": fmt.pct(-obs["worst_week"]["close_change_pct"]),
        "oracle-worst-week-date": fmt.month(obs["worst_week"]["date"]),
    }


def deal_days(t: dict[str, pd.DataFrame], shocked: str = TRIANGLE[0]) -> pd.DataFrame:
    """Single-stock moves on the announcement of a deal the shocked party is in, largest close move first."""
    ev = t["market_events"]
    d = t["deals"].set_index("deal_id")
    rel = ev[ev["related_deal_id"].isin(d.index) & ev["company_id"].notna()].copy()
    side = d.loc[rel["related_deal_id"], ["payer", "payee"]].to_numpy()
    rel = rel[[shocked in s for s in side]]
    return rel.sort_values("close_change_pct", ascending=False)


def market_numbers(t: dict[str, pd.DataFrame], obs: dict, loi_id: str) -> Glue:
    """The deal-day moves the text quotes, the benchmark coverage, and the worst week against its index."""
    mev, fin = t["market_events"], t["financials"]
    orcl = obs["deal_day"]
    nvda = mev[mev["related_deal_id"] == loi_id].iloc[0]
    days = deal_days(t)
    other = days[~days["event_id"].isin([orcl["event_id"], nvda["event_id"]])].iloc[0]
    names = dict(zip(t["companies"]["company_id"], t["companies"]["name"]))
    bench = ct.benchmarked(mev)
    index_dates = mev[mev["company_id"].isna()]["date"]
    deal_dates = mev[mev["related_deal_id"].notna()]["date"]
    ow = bench[bench["event_id"] == obs["worst_week"]["event_id"]].iloc[0]
    rd = fin[(fin["company_id"] == orcl["company_id"]) & (fin["reported_on"] <= orcl["date"])][
        "reported_on"
    ].max()
    results = ct.on_results_day(mev, fin)
    return {
        "orcl-close": fmt.signed_pct(orcl["close_change_pct"], 0),
        "orcl-intraday": fmt.signed_pct(orcl["intraday_change_pct"], 0),
        "orcl-added": fmt.usd_bn(orcl["market_value_change_usd_bn"]),
        "orcl-date": fmt.day(orcl["date"]),
        "orcl-results-date": fmt.day(rd),
        "nvda-close": fmt.signed_pct(nvda["close_change_pct"], 2),
        "nvda-after": fmt.usd_bn(nvda["market_value_after_usd_bn"]),
        "nvda-date": fmt.day(nvda["date"]),
        "amd-close": fmt.signed_pct(other["close_change_pct"], 0),
        "amd-company": str(names.get(other["company_id"], other["company_id"])).split(" (")[0],
        "mk-n-index-dates": fmt.count(index_dates.nunique()),
        "mk-n-deal-days": fmt.count(deal_dates.nunique()),
        "mk-n-deal-days-benchmarked": fmt.count(len(set(deal_dates) & set(index_dates))),
        "mk-orcl-week": fmt.signed_pct(ow["move_pct"], 0),
        "mk-orcl-week-bench": fmt.signed_pct(ow["benchmark_pct"], 1),
        "mk-orcl-week-excess": fmt.num(-ow["excess_pp"], 3),
        "mk-orcl-week-date": fmt.day(ow["date"]),
        "mk-n-results-days": fmt.count(int((results & mev["related_deal_id"].notna()).sum())),
    }


def closing_companies(kc: dict) -> list[str]:
    """The creditors the closing table lists: direct ones by loss, the triangle's chipmaker, then lenders and lessors."""
    s = kc["summary"]["headline"]
    s = s[(s["rule"] == "eisenberg-noe") & (s["cut"].round(2) == CUTS[1])].set_index("company_id")[
        "total_usd_bn"
    ]
    direct = sorted(kc["direct"] - {TRIANGLE[0]}, key=lambda c: (-float(s.get(c, 0.0)), c))
    return list(dict.fromkeys([*direct[:1], TRIANGLE[2], *direct[1:], *kc["finance"]]))


def stress_sources(t: dict[str, pd.DataFrame], ts: dict[str, pd.DataFrame], frame: pd.DataFrame) -> list[str]:
    """The citation keys behind the stress chart: the shocked party's deals, schedules, resources, assumptions, revenue."""
    from moneyloop import book

    a = ts["assumptions"]
    fin = t["financials"]
    return book.cited_keys(
        t["deals"][t["deals"]["payer"] == TRIANGLE[0]],
        t["commitment_schedules"],
        ts["stress_schedules"],
        ts["outside_resources"],
        a[a["assumption_id"].str.startswith("stress-")],
        fin[fin["company_id"].isin(frame["company_id"].unique())],
    )
