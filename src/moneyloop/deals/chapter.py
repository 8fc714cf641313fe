"""The deal-loop chapter's numbers, one function per section: glue keys mapped to formatted text, ids and years from data."""

from __future__ import annotations

import pandas as pd

from moneyloop import bib, fmt
from moneyloop.deals.commitments import latest
from moneyloop.deals.history import developments, largest_replaced
from moneyloop.deals.numbers import TRIANGLE
from moneyloop.deals.vocabulary import BINDING, CAPITAL_FLOWS, VIEWS, standing

Glue = dict[str, str]


def _share(x: float) -> str:
    """A share, or a dash where it is undefined."""
    return "–" if pd.isna(x) else fmt.share(x)


def reason_amount(deals: pd.DataFrame, exclusions: pd.DataFrame, reason: str) -> float:
    """The amount of the first deal flow_exclusions.csv leaves out for `reason` (a stake's value, a derived figure)."""
    ids = exclusions.loc[exclusions["reason"] == reason, "deal_id"]
    return float(deals.set_index("deal_id").loc[ids.iloc[0], "amount_usd_bn"])


def data_numbers(t: dict[str, pd.DataFrame], k: dict, since: pd.Timestamp) -> Glue:
    """The data, the three aggregates, layers and conditions, and the developments since the newest seed."""
    deals = t["deals"]
    binding = int(k["status_now"][list(BINDING)].sum())
    out: Glue = {
        "n-deals": fmt.count(len(deals)),
        "n-companies": fmt.count(len(set(deals["payer"]) | set(deals["payee"]))),
        "n-binding": fmt.count(binding),
        "n-not-binding": fmt.count(len(deals) - binding),
    }
    out |= {f"n-{s}": fmt.count(n) for s, n in k["status_now"].items()}
    agg = k["aggregates"]
    for v, a in agg.items():  # three aggregates, never added together
        out[f"capital-{v}"] = fmt.usd_bn(a["capital_usd_bn"])
        out[f"commitments-{v}"] = fmt.usd_bn(a["commitments_usd_bn"])
        out[f"commitments-annual-{v}"] = fmt.usd_bn(a["commitments_annual_usd_bn"])
        out[f"commitments-term-{v}"] = fmt.usd_bn(a["commitments_with_term_usd_bn"])
        out[f"n-commitments-{v}"] = fmt.count(a["commitments_deals"])
        out[f"n-commitments-term-{v}"] = fmt.count(a["commitments_with_term"])
        out[f"transfers-{v}"] = fmt.usd_bn(a["transfers_usd_bn"])
        out[f"n-transfers-{v}"] = fmt.count(a["transfers_deals"])
    for x in ("capital", "commitments"):
        out[f"{x}-binding-share"] = fmt.share(agg["binding"][f"{x}_usd_bn"] / agg["headline"][f"{x}_usd_bn"])
    dev = developments(deals, t["deal_events"], since)
    ex = t["flow_exclusions"]
    return out | {
        "credit-support": fmt.usd_bn(agg["headline"]["credit_support_usd_bn"]),
        "n-excluded": fmt.count(len(k["exclude"])),
        "n-layers": fmt.count(len(t["deal_layers"])),
        "n-conditional": fmt.count(len(t["deal_conditions"])),
        "n-ended": fmt.count(int((~standing(deals)).sum())),
        "recap-amount": fmt.usd_bn(reason_amount(deals, ex, "stake-value")),
        "lease-amount": fmt.usd_bn(reason_amount(deals, ex, "derived-amount")),
        "n-changes": fmt.count(len(dev)),
        "n-moves": fmt.count(int(dev["moved"].sum())),
        "since": fmt.day(since),
        "record-end": fmt.month(t["deal_events"]["date"].max()),
    }


def replaced_pair(t: dict[str, pd.DataFrame]) -> tuple[pd.Series, pd.Series]:
    """The largest replaced headline and the deal that replaced it, as deal rows."""
    loi_id, stake_id = largest_replaced(t["deals"])
    d = t["deals"].set_index("deal_id")
    return d.loc[loi_id], d.loc[stake_id]


def loi_numbers(t: dict[str, pd.DataFrame], seed_keys: tuple[str, ...] = ()) -> Glue:
    """The largest replaced headline: its dates, its replacement, the replacement's share, and the seeds citing it."""
    loi, stake = replaced_pair(t)
    ev = t["deal_events"]
    own, new = ev[ev["deal_id"] == loi.name], ev[ev["deal_id"] == stake.name]
    return {
        "loi-amount": fmt.usd_bn(loi["amount_high_usd_bn"]),
        "loi-date": fmt.day(loi["announced"]),
        "loi-stalled": fmt.day(own.loc[own["status"] == "loi", "date"].max()),
        "loi-superseded": fmt.day(own.loc[own["status"] == "superseded", "date"].min()),
        "stake-amount": fmt.usd_bn(stake["amount_usd_bn"]),
        "stake-funded": fmt.day(new.loc[new["status"] == "funded", "date"].min()),
        "stake-share-of-loi": fmt.share(stake["amount_usd_bn"] / loi["amount_high_usd_bn"]),
        "loi-seeds": fmt.count_word(len(set(bib.split_keys(loi["seeds"])) & set(seed_keys))),
        "n-seeds": fmt.count_word(len(seed_keys)),
    }


def _edge(a: str, b: str) -> str:
    """The key of one triangle edge."""
    return f"{a}-{b}"


def loop_numbers(t: dict[str, pd.DataFrame], k: dict) -> Glue:
    """Loops, the triangle, vendor financing for every supplier–customer pair, and round-trip shares."""
    te, tri = k["triangle_edges"], k["triangle"]
    first, second, third = (_edge(a, b) for a, b in zip(TRIANGLE, TRIANGLE[1:] + TRIANGLE[:1]))
    out: Glue = {
        "tri-openai-oracle": fmt.usd_bn(te["headline"][first]),
        "tri-oracle-nvidia": fmt.usd_bn(te["headline"][second]),
        "tri-nvidia-openai": fmt.usd_bn(te["headline"][third]),
        "tri-nvidia-openai-announced": fmt.usd_bn(te["announced"][third]),
        "tri-headline": fmt.usd_bn(tri["headline"]["bottleneck_usd_bn"]),
        "tri-announced": fmt.usd_bn(tri["announced"]["bottleneck_usd_bn"]),
        "tri-share-of-contract": fmt.share(tri["headline"]["bottleneck_usd_bn"] / te["headline"][first]),
    }
    for v in VIEWS:
        c = k["cycles"][v]
        out[f"n-loops-{v}"] = fmt.count(len(c))
        out[f"n-loops-known-{v}"] = fmt.count(int(c["bottleneck_usd_bn"].notna().sum()))
    top = k["cycles"]["headline"].iloc[0]
    out |= {"top-loop": top["cycle"], "top-loop-amount": fmt.usd_bn(top["bottleneck_usd_bn"])}
    out |= vendor_numbers(k["vendor"])
    deals = t["deals"]
    cap = deals[deals["flow_type"].isin(CAPITAL_FLOWS)]
    for (payee, payer), d in cap.groupby(["payee", "payer"])["announced"].min().items():
        out[f"{payee}-{payer}-since"] = fmt.month(d)
    rt = k["round_trip"]["headline"]
    out |= {f"rt-{c}": _share(s) for c, s in zip(rt["company_id"], rt["round_trip_share"])}
    out["rt-n-full"] = fmt.count(int((rt["round_trip_share"] > 0.999).sum()))
    return out


def vendor_numbers(vendor: dict[str, pd.DataFrame]) -> Glue:
    """Capital, purchases and both ratios for every supplier–customer pair, headline and binding (`vf-<s>-<c>[-binding]`)."""
    out: Glue = {}
    pairs = set(zip(vendor["headline"]["supplier"], vendor["headline"]["customer"]))
    for v in ("headline", "binding"):
        vf = vendor[v].set_index(["supplier", "customer"])
        for s, c in sorted(pairs):
            r = vf.loc[(s, c)] if (s, c) in vf.index else None
            tag = f"vf-{s}-{c}" + ("" if v == "headline" else "-binding")

            def get(col: str, r=r) -> float:
                return float("nan") if r is None else float(r[col])

            out[tag] = _share(get("financing_share"))
            out[f"{tag}-capital"] = (
                "none" if pd.isna(get("capital_usd_bn")) else fmt.usd_bn(get("capital_usd_bn"))
            )
            p = get("purchases_usd_bn")
            out[f"{tag}-purchases"] = "no binding value" if pd.isna(p) else fmt.usd_bn(p)
            out[f"{tag}-first"] = _share(get("first_years_share"))
    return out


def funding_numbers(t: dict[str, pd.DataFrame], k: dict) -> Glue:
    """Outside and inside capital, member commitments, and the debt behind the triangle's cloud provider."""
    out: Glue = {}
    for v in ("headline", "binding"):
        f = k["funding"][v]
        out[f"outside-{v}"] = fmt.usd_bn(f["outside_capital_usd_bn"])
        out[f"inside-{v}"] = fmt.usd_bn(f["inside_capital_usd_bn"])
        out[f"outside-share-{v}"] = fmt.share(f["outside_capital_share"])
        out[f"member-commitments-{v}"] = fmt.usd_bn(f["member_commitments_usd_bn"])
        out[f"member-commitments-annual-{v}"] = fmt.usd_bn(f["member_commitments_annual_usd_bn"])
    old, new = replaced_debt(t["deals"])
    out["debt-replaced"], out["debt-replacement"] = fmt.usd_bn(old), fmt.usd_bn(new)
    out |= purchase_numbers(k["purchase_funding"])
    years = debt_by_year(t["deals"], TRIANGLE[1])
    out["cloud-debt-first"], out["cloud-debt-first-year"] = fmt.usd_bn(years.iloc[0]), str(years.index[0])
    out["cloud-debt-last"], out["cloud-debt-last-year"] = fmt.usd_bn(years.iloc[-1]), str(years.index[-1])
    return out


def purchase_numbers(split: dict[str, pd.DataFrame]) -> Glue:
    """Per payer and view: the share of its purchases its suppliers' capital could pay, the rest, and purchases a year / OCF."""
    out: Glue = {}
    for v, tag in (("headline", ""), ("binding", "-binding")):
        for r in split[v].itertuples():
            out[f"pf-{r.payer}-share{tag}"] = _share(r.counterparty_share)
            out[f"pf-{r.payer}-elsewhere{tag}"] = fmt.usd_bn(r.elsewhere_usd_bn)
            out[f"pf-{r.payer}-ocf-share{tag}"] = _share(r.annual_share_of_ocf)
            if pd.notna(r.ocf_year):
                out[f"pf-{r.payer}-ocf-year"] = str(int(r.ocf_year))
    return out


def replaced_debt(deals: pd.DataFrame) -> tuple[float, float]:
    """The largest superseded loan and the debt of the package that replaced it (every debt row of its group)."""
    debt = deals[deals["flow_type"] == "debt"]
    old = debt[debt["status"] == "superseded"].sort_values("amount_usd_bn").iloc[-1]
    group = deals.set_index("deal_id").at[old["superseded_by"], "group_id"]
    return float(old["amount_usd_bn"]), float(debt.loc[debt["group_id"] == group, "amount_usd_bn"].sum())


def debt_by_year(deals: pd.DataFrame, company: str) -> pd.Series:
    """Debt a company raised itself (bonds, loans to it), standing deals, summed by the year announced."""
    d = deals[standing(deals) & (deals["flow_type"] == "debt") & (deals["payee"] == company)]
    return d.groupby(d["announced"].dt.year)["amount_usd_bn"].sum()


def _span_years(row: pd.Series) -> float:
    """The length of a financials row's period in years."""
    return (pd.Timestamp(row["period_end"]) - pd.Timestamp(row["period_start"])).days / 365.25


def commitment_numbers(t: dict[str, pd.DataFrame], k: dict, shocked: str = "openai") -> Glue:
    """The shocked party's scheduled payments against its revenue, its reported targets, and Oracle's backlog share."""
    sched_h, sched_b = k["schedule"]["headline"], k["schedule"]["binding"]
    cov = k["coverage"]["headline"].set_index("year")
    rev = k["revenue"].set_index("year")
    base = k["revenue_base"]["year"]
    target = int(rev.index.max())
    peak = int(cov["commitments_usd_bn"].idxmax())
    fin = t["financials"]
    own = fin[fin["company_id"] == shocked]
    cc = own[own["metric"] == "compute-commitments"].sort_values("reported_on")
    burn = own[(own["metric"] == "cash-burn") & (own["period_label"].astype(str) == str(target))]
    bl = k["backlog"]
    out: Glue = {
        "sched-headline": fmt.usd_bn(sched_h["usd_bn"].sum()),
        "sched-binding": fmt.usd_bn(sched_b["usd_bn"].sum()),
        "n-scheduled": fmt.count(sched_h["deal_id"].nunique()),
        "peak-year": str(peak),
        "peak-due": fmt.usd_bn(cov.at[peak, "commitments_usd_bn"]),
        "target-year": str(target),
        "due-target": fmt.usd_bn(cov.at[target, "commitments_usd_bn"]),
        "cov-target": fmt.ratio(cov.at[target, "coverage"], 2),
        "cov-base": fmt.ratio(cov.at[base, "coverage"], 1),
        "prev-year": str(base - 1),
        "rev-prev": fmt.usd_bn(rev.at[base - 1, "revenue_usd_bn"]),
        "rev-base": fmt.usd_bn(rev.at[base, "revenue_usd_bn"]),
        "rev-target": fmt.usd_bn(rev.at[target, "revenue_usd_bn"]),
        "arr-base": fmt.usd_bn(
            latest(fin, shocked, "annualised-revenue", on=f"{base}-12-31")["value_usd_bn"]
        ),
        "commit-altman": fmt.usd_bn(cc.iloc[0]["value_usd_bn"]),
        "commit-target": fmt.usd_bn(cc.iloc[-1]["value_usd_bn"]),
        "commit-target-date": fmt.month(cc.iloc[-1]["reported_on"]),
        "commit-altman-years": fmt.count_word(round(_span_years(cc.iloc[0]))),
        "commit-target-through": str(pd.Timestamp(cc.iloc[-1]["period_end"]).year),
        "burn-target": fmt.usd_bn(burn.iloc[-1]["value_usd_bn"]),
        "oploss-q1": fmt.usd_bn(-latest(fin, shocked, "operating-income")["value_usd_bn"]),
        "rev-q1": fmt.usd_bn(latest(fin, shocked, "revenue")["value_usd_bn"]),
        "growth-peak": fmt.share(k["growth"]["headline"].set_index("year").at[peak, "required_cagr"]),
        "base-year": str(base),
    }
    for end, r in (("first", bl.iloc[0]), ("last", bl.iloc[-1])):
        out[f"backlog-{end}-share"] = fmt.share(r["share"])
        out[f"backlog-{end}-rpo"] = fmt.usd_bn(r["rpo_usd_bn"])
        out[f"backlog-{end}-date"] = fmt.day(r["date"])
    return out
