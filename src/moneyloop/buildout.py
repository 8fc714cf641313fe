"""Gigawatts to dollars: de-duplicated capacity, conversions with ranges, and one revenue-gap calculator."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace

import altair as alt
import pandas as pd

from moneyloop import charts
from moneyloop.deals.vocabulary import BINDING, ENDED, STATUS_LABELS

HOURS_PER_YEAR = 8760.0
ACTIVE = tuple(s for s in STATUS_LABELS if s not in ENDED)  # statuses still standing
CHIP_FLOWS = ("chip-purchase", "chip-supply", "leaseback")
CLOUD_FLOWS = ("compute-purchase", "capacity-commitment")
IN_SCOPE = ("chip", "cloud")  # financing, ownership and company-wide targets are shown but not summed
MAG7 = ("apple", "microsoft", "google", "amazon", "meta", "nvidia", "tesla")
HYPERSCALERS = ("amazon", "google", "meta", "microsoft", "oracle")
CASES = ("low", "base", "high")
TOPIC = "buildout"  # this chapter's topic in claims.csv


# --- assumptions ----------------------------------------------------------------------------


def assumption_table(assumptions: pd.DataFrame) -> pd.DataFrame:
    """Assumptions indexed by id with columns low/base/high, percentages turned into fractions."""
    out = assumptions.set_index("assumption_id")[["name", "unit", "value_low", "value", "value_high"]].copy()
    out.columns = ["name", "unit", "low", "base", "high"]
    pct = out["unit"].astype(str).eq("%")
    out.loc[pct, CASES] = out.loc[pct, list(CASES)] / 100.0
    return out


def assumption(assumptions: pd.DataFrame, assumption_id: str, case: str = "base") -> float:
    """One assumption's low, base or high value (fractions for percentages)."""
    table = assumption_table(assumptions)
    if assumption_id not in table.index:
        raise KeyError(f"no assumption {assumption_id!r} in assumptions.csv")
    return float(table.at[assumption_id, case])


# --- capacity -------------------------------------------------------------------------------


def capacity_role(flow_type: str) -> str:
    """What a deal's gigawatts are: chips, cloud or site capacity, or financing/ownership of capacity."""
    if flow_type in CHIP_FLOWS:
        return "chip"
    if flow_type in CLOUD_FLOWS:
        return "cloud"
    return "financing"


def capacity_rows(deals: pd.DataFrame) -> pd.DataFrame:
    """Deal rows that state a capacity, with the compute user and vendor named consistently."""
    rows = deals[deals["capacity_gw"].fillna(0) > 0].copy()
    rows["role"] = rows["flow_type"].astype(str).map(capacity_role)
    # chip-supply and leaseback rows run from vendor to user; every other row from user to vendor
    reverse = rows["flow_type"].astype(str).isin(["chip-supply", "leaseback"])
    rows["user"] = rows["payer"].where(~reverse, rows["payee"])
    rows["vendor"] = rows["payee"].where(~reverse, rows["payer"])
    rows["status"] = rows["status"].astype(str)
    return rows[
        [
            "deal_id",
            "group_id",
            "announced",
            "user",
            "vendor",
            "flow_type",
            "role",
            "status",
            "capacity_gw",
            "description",
            "sources",
        ]
    ].reset_index(drop=True)


def dedup_capacity(
    deals: pd.DataFrame,
    overlaps: pd.DataFrame,
    *,
    statuses: tuple = ACTIVE,
    roles: tuple = IN_SCOPE,
    case: str = "base",
) -> pd.DataFrame:
    """Each selected capacity row with the gigawatts it shares with another selected row removed once."""
    rows = capacity_rows(deals)
    rows = rows[rows["status"].isin(statuses) & rows["role"].isin(roles)].copy()
    column = {"low": "overlap_gw_low", "base": "overlap_gw", "high": "overlap_gw_high"}[case]
    kept = set(rows["deal_id"])
    live = overlaps[overlaps["deal_id"].isin(kept) & overlaps["within_deal_id"].isin(kept)]
    removed = live.groupby("deal_id")[column].sum()
    rows["gw_removed"] = rows["deal_id"].map(removed).fillna(0.0)
    rows["gw_removed"] = rows[["gw_removed", "capacity_gw"]].min(axis=1)  # never below zero
    rows["gw_net"] = rows["capacity_gw"] - rows["gw_removed"]
    return rows.reset_index(drop=True)


def dedup_total(deals: pd.DataFrame, overlaps: pd.DataFrame, **kwargs) -> float:
    """De-duplicated gigawatts of the selected rows."""
    return float(dedup_capacity(deals, overlaps, **kwargs)["gw_net"].sum())


def capacity_scenarios(deals: pd.DataFrame, overlaps: pd.DataFrame) -> pd.DataFrame:
    """Headline sum against de-duplicated totals, from the widest count to the narrowest."""
    rows = capacity_rows(deals)
    active = rows[rows["status"].isin(ACTIVE) & rows["role"].isin(IN_SCOPE)]
    out = [
        (
            "headline",
            "Every stated gigawatt, any status, including financing and company targets",
            float(rows["capacity_gw"].sum()),
        ),
        (
            "active-gross",
            "Chip and cloud deals still standing, before removing overlaps",
            float(active["capacity_gw"].sum()),
        ),
        (
            "active-dedup-high",
            "Chip and cloud deals still standing, fewest overlaps removed",
            dedup_total(deals, overlaps, case="low"),
        ),
        (
            "active-dedup",
            "Chip and cloud deals still standing, overlaps removed (base case)",
            dedup_total(deals, overlaps),
        ),
        (
            "active-dedup-low",
            "Chip and cloud deals still standing, most overlaps removed",
            dedup_total(deals, overlaps, case="high"),
        ),
        (
            "binding-dedup",
            "Signed or funded chip and cloud deals only, overlaps removed",
            dedup_total(deals, overlaps, statuses=BINDING),
        ),
    ]
    return pd.DataFrame(out, columns=["scenario", "description", "gw"])


def capacity_by(deals: pd.DataFrame, overlaps: pd.DataFrame, by: str = "user") -> pd.DataFrame:
    """De-duplicated gigawatts (base case) summed by user or vendor and status, largest first."""
    d = dedup_capacity(deals, overlaps)
    out = d.groupby([by, "status"], as_index=False)[["capacity_gw", "gw_removed", "gw_net"]].sum()
    order = out.groupby(by)["gw_net"].sum().sort_values(ascending=False)
    out["_rank"] = out[by].map({k: i for i, k in enumerate(order.index)})
    return out.sort_values(["_rank", "status"]).drop(columns="_rank").reset_index(drop=True)


def user_total(deals: pd.DataFrame, overlaps: pd.DataFrame, user: str, **kwargs) -> float:
    """De-duplicated gigawatts whose compute user is `user`."""
    d = dedup_capacity(deals, overlaps, **kwargs)
    return float(d.loc[d["user"] == user, "gw_net"].sum())


# --- capacity in tiers -----------------------------------------------------------------------

TIERS = {
    "binding": "Binding: signed or funded",
    "tenant": "Standing, with a named tenant",
    "aspirational": "Standing, no tenant named",
}


def tier_of(status: str, tenant: str) -> str:
    """A standing capacity row's tier: binding if signed or funded, else by whether a tenant is named."""
    if status in BINDING:
        return "binding"
    if status not in ACTIVE:
        raise ValueError(f"status {status!r} is not standing; superseded or terminated capacity has no tier")
    return "tenant" if isinstance(tenant, str) and tenant.strip() else "aspirational"


def capacity_tiers(
    deals: pd.DataFrame, overlaps: pd.DataFrame, basis: pd.DataFrame, case: str = "base"
) -> pd.DataFrame:
    """Standing chip and cloud rows, counted once, each with its tier, tenant and power basis."""
    d = dedup_capacity(deals, overlaps, case=case)
    b = basis.set_index("deal_id")
    d["tenant"] = d["deal_id"].map(b["tenant"]).fillna("")
    d["power_basis"] = d["deal_id"].map(b["power_basis"]).astype(object).fillna("unstated")
    d["tier"] = [tier_of(s, t) for s, t in zip(d["status"], d["tenant"])]
    return d


def tier_totals(tiers: pd.DataFrame, user: str | None = None) -> dict[str, float]:
    """De-duplicated gigawatts per tier (never summed across tiers), for all users or one."""
    t = tiers if user is None else tiers[tiers["user"] == user]
    return {k: float(t.loc[t["tier"] == k, "gw_net"].sum()) for k in TIERS}


def like_for_like_gross(deals: pd.DataFrame) -> float:
    """Stated gigawatts of every chip and cloud row, any status: the gross count of the same kinds of rows."""
    rows = capacity_rows(deals)
    return float(rows.loc[rows["role"].isin(IN_SCOPE), "capacity_gw"].sum())


def facility_gw(it_gw: float, assumptions: pd.DataFrame) -> dict[str, float]:
    """Grid power for `it_gw` gigawatts of IT load, at the low, base and high PUE."""
    return {c: it_gw * assumption(assumptions, "pue", c) for c in CASES}


# --- conversions ----------------------------------------------------------------------------


def convert(gw: float, assumptions: pd.DataFrame) -> pd.DataFrame:
    """Capex, NVIDIA content, GPUs, homes, energy and power bill for `gw` gigawatts, as low/base/high."""
    if gw < 0:
        raise ValueError("gigawatts cannot be negative")
    a = assumption_table(assumptions)
    energy_twh = gw * HOURS_PER_YEAR / 1000.0  # GW x hours = GWh; /1000 = TWh
    rows = [
        ("capex", "All-in capex", "USD bn", {c: gw * a.at["cost-per-gw", c] for c in CASES}),
        (
            "nvidia-content",
            "NVIDIA content",
            "USD bn",
            {c: gw * a.at["nvidia-content-per-gw", c] for c in CASES},
        ),
        ("gpus", "GPUs", "million", {c: gw * a.at["gpus-per-gw", c] for c in CASES}),
        (
            "homes",
            "US homes with the same power use",
            "million",
            {c: gw * a.at["homes-per-gw", c] for c in CASES},
        ),
        ("energy", "Electricity at full load for a year", "TWh", {c: energy_twh for c in CASES}),
        # TWh x USD/MWh = million USD x 1e6/1e6; /1000 turns million USD into USD bn
        (
            "power-bill",
            "Electricity bill for a year",
            "USD bn",
            {c: energy_twh * a.at["electricity-price", c] / 1000.0 for c in CASES},
        ),
    ]
    return pd.DataFrame([{"quantity": q, "label": lab, "unit": u, **vals} for q, lab, u, vals in rows])


# --- the revenue-gap calculator ------------------------------------------------------------


def capital_recovery_factor(rate: float, life: float) -> float:
    """Share of the capital to recover each year to repay it over `life` years at `rate` (annuity)."""
    if life <= 0:
        raise ValueError("life must be positive")
    if rate < 0:
        raise ValueError("rate cannot be negative")
    if math.isinf(life):
        return rate
    if rate * life < 1e-9:  # series r / (1 - e^(-rL)) = 1/L + r/2 + ...: exact to double precision here
        return 1.0 / life + rate / 2.0
    return rate / -math.expm1(-life * math.log1p(rate))  # 1 - (1 + r)^-L, accurate for tiny r


@dataclass(frozen=True)
class GapInputs:
    """The named inputs of the calculator (shares as fractions, money in USD bn per year)."""

    accelerator_spend: float
    accelerator_share: float = 1.0
    end_user_margin: float = 0.0
    depreciation_life: float = 1.0
    hurdle_rate: float = 0.0
    horizon_years: float = 1.0
    revenue_available: float = 0.0


def required_revenue(
    accelerator_spend: float,
    accelerator_share: float = 1.0,
    end_user_margin: float = 0.0,
    depreciation_life: float = 1.0,
    hurdle_rate: float = 0.0,
    horizon_years: float = 1.0,
) -> float:
    """Annual revenue that pays for the capital: spend grossed up to all-in capex, years still in service, annuity, margin."""
    if accelerator_spend < 0:
        raise ValueError("accelerator spend cannot be negative")
    if not 0 < accelerator_share <= 1:
        raise ValueError("accelerator share must be in (0, 1]")
    if not 0 <= end_user_margin < 1:
        raise ValueError("end-user margin must be in [0, 1)")
    if horizon_years <= 0:
        raise ValueError("horizon must be positive")
    annual_capex = accelerator_spend / accelerator_share
    vintages = min(horizon_years, depreciation_life)  # spending older than the asset life is paid off
    capital_charge = annual_capex * vintages * capital_recovery_factor(hurdle_rate, depreciation_life)
    return capital_charge / (1.0 - end_user_margin)


def revenue_gap(inputs: GapInputs) -> dict[str, float]:
    """Required revenue, the revenue assumed available, and the gap between them."""
    args = asdict(inputs)
    available = args.pop("revenue_available")
    need = required_revenue(**args)
    return {"required": need, "available": available, "gap": need - available}


def study_inputs(studies: pd.DataFrame) -> dict[str, GapInputs]:
    """Each published study's own inputs as calculator inputs (percent to fraction, blank life = perpetuity)."""
    out = {}
    for study_id, g in studies.groupby("study_id", sort=False):
        v = g.set_index("parameter")

        def get(name: str, default: float, v: pd.DataFrame = v) -> float:
            if name not in v.index:
                return default
            x = v.at[name, "value"]
            if pd.isna(x):
                return math.inf if name == "depreciation_life" else default
            return float(x) / 100.0 if str(v.at[name, "unit"]) == "%" else float(x)

        out[study_id] = GapInputs(
            accelerator_spend=get("accelerator_spend", 0.0),
            accelerator_share=get("accelerator_share", 1.0),
            end_user_margin=get("end_user_margin", 0.0),
            depreciation_life=get("depreciation_life", 1.0),
            hurdle_rate=get("hurdle_rate", 0.0),
            horizon_years=get("horizon_years", 1.0),
            revenue_available=get("revenue_available", 0.0),
        )
    return out


def reproduce_studies(studies: pd.DataFrame) -> pd.DataFrame:
    """Each study's published headline next to what the calculator gives from its own inputs."""
    rows = []
    for study_id, inputs in study_inputs(studies).items():
        g = studies[studies["study_id"] == study_id].set_index("parameter")
        res = revenue_gap(inputs)
        published_gap = g.at["headline_gap", "value"] if "headline_gap" in g.index else float("nan")
        rows.append(
            {
                "study_id": study_id,
                "study": g["study"].iloc[0],
                "publisher": g["publisher"].iloc[0],
                "published": g["published"].iloc[0],
                "annual_capex": inputs.accelerator_spend / inputs.accelerator_share,
                "published_required": float(g.at["headline_required_revenue", "value"]),
                "computed_required": res["required"],
                "published_gap": float(published_gap),
                "computed_gap": res["gap"] if inputs.revenue_available else float("nan"),
                "revenue_per_capex": res["required"] / (inputs.accelerator_spend / inputs.accelerator_share),
            }
        )
    return pd.DataFrame(rows)


def backed_out(studies: pd.DataFrame) -> dict[str, list[str]]:
    """For each study, the inputs implied by its own published answer rather than stated (what it calibrates on)."""
    rows = studies[
        (studies["kind"] == "implied") & studies["parameter"].isin(list(INPUT_LABELS) + ["revenue_available"])
    ]
    labels = {**INPUT_LABELS, "revenue_available": "Revenue already available (USD bn a year)"}
    out: dict[str, list[str]] = {sid: [] for sid in studies["study_id"].unique()}
    for sid, param in zip(rows["study_id"], rows["parameter"]):
        out[sid].append(labels[param].split(" (")[0].lower())
    return out


def common_basis(studies: pd.DataFrame, base: GapInputs) -> pd.DataFrame:
    """Each study's own annual all-in capex run through our base-case economics, next to its headline."""
    rows = []
    for study_id, inputs in study_inputs(studies).items():
        annual_capex = inputs.accelerator_spend / inputs.accelerator_share
        same = replace(base, accelerator_spend=annual_capex, accelerator_share=1.0)
        g = studies[studies["study_id"] == study_id]
        rows.append(
            {
                "study_id": study_id,
                "publisher": g["publisher"].iloc[0],
                "annual_capex": annual_capex,
                "published_required": float(
                    g.loc[g["parameter"] == "headline_required_revenue", "value"].iloc[0]
                ),
                "common_required": revenue_gap(same)["required"],
            }
        )
    return pd.DataFrame(rows)


# --- our base case and its sensitivities ---------------------------------------------------


def accelerator_run_rate(financials: pd.DataFrame) -> dict[str, float]:
    """Annualised accelerator spending from NVIDIA data-centre and Broadcom AI-chip revenue: low, base, high."""
    f = financials

    def latest(company: str, metric: str, basis: str) -> pd.Series:
        rows = f[(f["company_id"] == company) & (f["metric"] == metric) & (f["basis"] == basis)]
        if rows.empty:
            raise KeyError(f"financials has no {basis} {metric} for {company}")
        return rows.sort_values(["period_end", "reported_on"]).iloc[-1]

    nv_dc = latest("nvidia", "data-centre-revenue", "actual")
    nv_total = f[
        (f["company_id"] == "nvidia")
        & (f["metric"] == "revenue")
        & (f["basis"] == "actual")
        & (f["period_label"] == nv_dc["period_label"])
    ]["value_usd_bn"].iloc[0]
    nv_guide = latest("nvidia", "revenue", "guidance")
    avgo = latest("broadcom", "ai-chip-revenue", "actual")
    avgo_guide = latest("broadcom", "ai-chip-revenue", "guidance")
    dc_share = nv_dc["value_usd_bn"] / nv_total
    low = run_rate(
        nv_dc
    )  # a quarter's revenue scaled to a year, as Sequoia did: a run-rate, not annual revenue
    base = low + run_rate(avgo)
    high = run_rate(nv_guide) * dc_share + run_rate(avgo_guide)
    return {"low": float(low), "base": float(base), "high": float(high)}


def run_rate(row: pd.Series) -> float:
    """A period's revenue scaled to twelve months (a run-rate; not the same idea as a year's reported revenue)."""
    months = round((row["period_end"] - row["period_start"]).days / (365.25 / 12))
    if months < 1:
        raise ValueError(
            f"financials: {row['company_id']} {row['metric']} {row['period_label']}: period under a month"
        )
    return float(row["value_usd_bn"]) * 12 / months


TORNADO_INPUTS = {  # calculator input -> assumption id (None: from financials)
    "accelerator_spend": None,
    "accelerator_share": "accelerator-share",
    "end_user_margin": "end-user-margin",
    "depreciation_life": "depreciation-life",
    "hurdle_rate": "hurdle-rate",
    "horizon_years": "horizon-years",
}
INPUT_LABELS = {
    "accelerator_spend": "Accelerator spend (USD bn a year)",
    "accelerator_share": "Accelerator share of all-in cost",
    "end_user_margin": "Revenue share not paying for capital",
    "depreciation_life": "Useful life (years)",
    "hurdle_rate": "Required return",
    "horizon_years": "Years of spending paid for at once",
}


def base_case(assumptions: pd.DataFrame, financials: pd.DataFrame, case: str = "base") -> GapInputs:
    """Our inputs: the current accelerator run-rate and the sourced assumptions, all at one case."""
    spend = accelerator_run_rate(financials)[case]
    kw = {k: assumption(assumptions, aid, case) for k, aid in TORNADO_INPUTS.items() if aid}
    return GapInputs(accelerator_spend=spend, **kw)


def tornado(assumptions: pd.DataFrame, financials: pd.DataFrame) -> pd.DataFrame:
    """Required revenue when one input at a time moves to its low and its high value, widest swing first."""
    base = base_case(assumptions, financials)
    spend = accelerator_run_rate(financials)
    centre = revenue_gap(base)["required"]
    rows = []
    for name, aid in TORNADO_INPUTS.items():
        lo = spend["low"] if aid is None else assumption(assumptions, aid, "low")
        hi = spend["high"] if aid is None else assumption(assumptions, aid, "high")
        r_lo = revenue_gap(replace(base, **{name: lo}))["required"]
        r_hi = revenue_gap(replace(base, **{name: hi}))["required"]
        rows.append(
            {
                "input": name,
                "label": INPUT_LABELS[name],
                "low_value": lo,
                "base_value": getattr(base, name),
                "high_value": hi,
                "revenue_at_low": r_lo,
                "revenue_at_high": r_hi,
                "base_revenue": centre,
                "swing": abs(r_hi - r_lo),
            }
        )
    return pd.DataFrame(rows).sort_values("swing", ascending=False).reset_index(drop=True)


# --- who can pay ---------------------------------------------------------------------------


def mag7_cash(financials: pd.DataFrame, period_label: str | None = None) -> pd.DataFrame:
    """Cash of the Magnificent Seven at one period (by default the latest at which all seven have a figure)."""
    f = financials[(financials["metric"] == "cash") & financials["company_id"].isin(MAG7)]
    if period_label is None:
        full = f.groupby("period_label").filter(lambda g: g["company_id"].nunique() == len(MAG7))
        if full.empty:
            raise ValueError("no period has a cash figure for all of the Magnificent Seven")
        period_label = full.sort_values("period_end")["period_label"].iloc[-1]
    rows = f[f["period_label"] == period_label]
    if rows["company_id"].nunique() != len(MAG7):
        missing = sorted(set(MAG7) - set(rows["company_id"]))
        raise ValueError(f"cash for {period_label} is missing for {missing}")
    return (
        rows[["company_id", "period_label", "period_end", "value_usd_bn", "sources"]]
        .sort_values("value_usd_bn", ascending=False)
        .reset_index(drop=True)
    )


def trillion_question(gw: float, assumptions: pd.DataFrame, cash_total: float) -> dict[str, float]:
    """Implied all-in spend for `gw` against the Magnificent Seven's cash, low/base/high."""
    out = {}
    for c in CASES:
        spend = gw * assumption(assumptions, "cost-per-gw", c)
        out[f"spend_{c}"] = spend
        out[f"ratio_{c}"] = spend / cash_total
    return out


def funding_check(funding: pd.DataFrame) -> pd.DataFrame:
    """Each split of Morgan Stanley's total with its parts and whether they add up to the parent."""
    rows = []
    by_id = funding.set_index("component_id")
    for (parent, split), g in funding.dropna(subset=["parent_id"]).groupby(["parent_id", "split"]):
        rows.append(
            {
                "parent_id": parent,
                "split": split,
                "parent_usd_bn": float(by_id.at[parent, "amount_usd_bn"]),
                "parts_usd_bn": float(g["amount_usd_bn"].sum()),
            }
        )
    out = pd.DataFrame(rows)
    out["adds_up"] = (out["parent_usd_bn"] - out["parts_usd_bn"]).abs() < 1e-9
    return out


def latest_value(
    financials: pd.DataFrame, company: str, metric: str, period_label: str, basis: str = "actual"
) -> float:
    """One figure from financials (latest report if several)."""
    f = financials
    rows = f[
        (f["company_id"] == company)
        & (f["metric"] == metric)
        & (f["period_label"] == period_label)
        & (f["basis"] == basis)
    ]
    if rows.empty:
        raise KeyError(f"financials has no {basis} {metric} {period_label} for {company}")
    return float(rows.sort_values("reported_on")["value_usd_bn"].iloc[-1])


def latest_annual(financials: pd.DataFrame, company: str, metric: str, basis: str = "actual") -> pd.Series:
    """The latest full-year figure of one kind (the latest period, then the latest report)."""
    f = financials
    rows = f[(f["company_id"] == company) & (f["metric"] == metric) & (f["basis"] == basis)]
    rows = rows[(rows["period_end"] - rows["period_start"]).dt.days.between(360, 370)]
    if rows.empty:
        raise KeyError(f"financials has no full-year {basis} {metric} for {company}")
    return rows.sort_values(["period_end", "reported_on"]).iloc[-1]


def latest_report(financials: pd.DataFrame, company: str, metric: str, basis: str) -> pd.Series:
    """The most recently reported figure of one kind, whatever its period."""
    f = financials
    rows = f[(f["company_id"] == company) & (f["metric"] == metric) & (f["basis"] == basis)]
    if rows.empty:
        raise KeyError(f"financials has no {basis} {metric} for {company}")
    return rows.sort_values(["reported_on", "period_end"]).iloc[-1]


LENDER_KINDS = {
    "builder": "Builders' own bonds and notes",
    "investor": "Borrowing by investors in the builders' customers",
    "supplier": "Chip makers' own borrowing",
    "vehicle": "Project, site and vehicle financing",
}
INVESTORS = ("softbank",)
SUPPLIERS = ("nvidia", "cerebras")


def lenders(deals: pd.DataFrame, builders: tuple = (*HYPERSCALERS, "coreweave")) -> pd.DataFrame:
    """Standing debt rows of the deals table, by who borrows: the builders, their customers' investors, or vehicles."""
    d = deals[(deals["flow_type"].astype(str) == "debt") & deals["status"].astype(str).isin(ACTIVE)].copy()
    d["kind"] = [
        "builder"
        if p in builders
        else "investor"
        if p in INVESTORS
        else "supplier"
        if p in SUPPLIERS
        else "vehicle"
        for p in d["payee"].astype(str)
    ]
    d["binding"] = d["status"].astype(str).isin(BINDING)
    cols = [
        "deal_id",
        "announced",
        "payee",
        "kind",
        "amount_usd_bn",
        "amount_kind",
        "status",
        "binding",
        "sources",
    ]
    return d[cols].sort_values(["kind", "announced"]).reset_index(drop=True)


def lender_totals(lend: pd.DataFrame) -> pd.DataFrame:
    """Binding (signed or funded) debt with a stated amount, per kind of borrower; other rows are counted, not summed."""
    b = lend[lend["binding"] & (lend["amount_kind"].astype(str) == "stated")]
    out = pd.DataFrame({"kind": list(LENDER_KINDS)})
    out["binding_usd_bn"] = out["kind"].map(b.groupby("kind")["amount_usd_bn"].sum()).fillna(0.0)
    out["rows_not_binding"] = (
        out["kind"].map(lend[~lend["binding"]].groupby("kind").size()).fillna(0).astype(int)
    )
    return out


# --- charts ---------------------------------------------------------------------------------


def capacity_chart(dedup: pd.DataFrame) -> alt.Chart:
    """Stated gigawatts per deal, split into what is counted and what another row already counts."""
    long = dedup.melt(
        id_vars=["deal_id", "user", "vendor", "status", "role"],
        value_vars=["gw_net", "gw_removed"],
        var_name="part",
        value_name="gw",
    )
    long["part"] = long["part"].map({"gw_net": "Counted", "gw_removed": "Already counted in another row"})
    long["deal"] = (
        long["user"].astype(str) + " / " + long["vendor"].astype(str) + " (" + long["deal_id"] + ")"
    )
    order = dedup.assign(
        deal=dedup["user"].astype(str) + " / " + dedup["vendor"].astype(str) + " (" + dedup["deal_id"] + ")"
    )
    order = order.sort_values("capacity_gw", ascending=False)["deal"].tolist()
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X(
                "gw:Q", title="Stated capacity (GW)", stack="zero", axis=alt.Axis(tickCount=10, format=",.0f")
            ),
            y=alt.Y("deal:N", title=None, sort=order),
            color=alt.Color(
                "part:N",
                title=None,
                sort=["Counted", "Already counted in another row"],
                scale=alt.Scale(
                    domain=["Counted", "Already counted in another row"],
                    range=[charts.PALETTE[0], charts.GREY],
                ),
            ),
            tooltip=[
                alt.Tooltip("deal:N", title="Deal (user / vendor)"),
                alt.Tooltip("status:N", title="Status"),
                alt.Tooltip("role:N", title="Counted as"),
                alt.Tooltip("part:N", title="Part"),
                alt.Tooltip("gw:Q", title="Capacity (GW)", format=",.2f"),
            ],
        )
        .properties(height=alt.Step(16))
    )


def studies_chart(reproduced: pd.DataFrame, common: pd.DataFrame) -> alt.Chart:
    """Published headline, our reproduction from the study's own inputs, and the same capex on our basis."""
    df = reproduced[["study_id", "publisher", "published_required", "computed_required"]].merge(
        common[["study_id", "common_required"]], on="study_id"
    )
    long = df.melt(id_vars=["study_id", "publisher"], var_name="measure", value_name="usd_bn")
    labels = {
        "published_required": "Published figure",
        "computed_required": "Calculator, study's own inputs",
        "common_required": "Calculator, study's capex on our base case",
    }
    long["measure"] = long["measure"].map(labels)
    order = list(labels.values())
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("usd_bn:Q", title="Revenue needed per year (USD bn)", axis=charts.USD_BN_AXIS),
            y=alt.Y("publisher:N", title=None),
            yOffset=alt.YOffset("measure:N", sort=order),
            color=alt.Color(
                "measure:N",
                title=None,
                sort=order,
                scale=alt.Scale(domain=order, range=charts.PALETTE[:3]),
                legend=alt.Legend(columns=1),
            ),
            tooltip=[
                alt.Tooltip("publisher:N", title="Study"),
                alt.Tooltip("measure:N", title="Measure"),
                charts.usd_tooltip("usd_bn:Q", "Revenue needed per year"),
            ],
        )
        .properties(height=alt.Step(22))
    )


def tornado_chart(t: pd.DataFrame) -> alt.LayerChart:
    """Bars from the base case to the revenue needed when one input moves to its low or its high value."""
    long = pd.concat(
        [
            t.assign(end="Input at its low value", value=t["low_value"], revenue=t["revenue_at_low"]),
            t.assign(end="Input at its high value", value=t["high_value"], revenue=t["revenue_at_high"]),
        ]
    )[["label", "end", "value", "base_value", "revenue", "base_revenue"]]
    order = t["label"].tolist()
    ends = ["Input at its low value", "Input at its high value"]
    bars = (
        alt.Chart(long)
        .mark_bar(opacity=0.85)
        .encode(
            x=alt.X(
                "base_revenue:Q",
                title="Revenue needed per year (USD bn)",
                axis=charts.USD_BN_AXIS,
                scale=alt.Scale(zero=True),
            ),
            x2="revenue:Q",
            y=alt.Y("label:N", title=None, sort=order),
            yOffset=alt.YOffset("end:N", sort=ends),
            color=alt.Color(
                "end:N",
                title=None,
                sort=ends,
                scale=alt.Scale(domain=ends, range=[charts.PALETTE[5], charts.PALETTE[3]]),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Input"),
                alt.Tooltip("end:N", title="Case"),
                alt.Tooltip("value:Q", title="Input value", format=",.3~f"),
                alt.Tooltip("base_value:Q", title="Base value", format=",.3~f"),
                charts.usd_tooltip("revenue:Q", "Revenue needed"),
                charts.usd_tooltip("base_revenue:Q", "Base case"),
            ],
        )
        .properties(height=alt.Step(14))
    )
    rule = (
        alt.Chart(t.head(1))
        .mark_rule(color="#111", strokeDash=[4, 3])
        .encode(x="base_revenue:Q", tooltip=[charts.usd_tooltip("base_revenue:Q", "Base case")])
    )
    return alt.layer(bars, rule)


def capex_chart(capex: pd.DataFrame, guidance: pd.DataFrame) -> alt.Chart:
    """Cash capex by company and calendar year, stacked, with the next year's guidance told apart."""
    actual = capex.assign(
        kind="Actual (cash purchases of property and equipment)", label=capex["fiscal_year"]
    )
    guide = guidance.assign(kind="Guidance (each company's own basis)", label=guidance["period_label"])
    cols = ["company_id", "year", "label", "kind", "value_usd_bn"]
    df = pd.concat([actual[cols], guide[cols]], ignore_index=True)
    kinds = list(dict.fromkeys(df["kind"]))
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X(
                "year:O",
                title="Calendar year (fiscal years by the majority-of-months rule)",
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y(
                "value_usd_bn:Q", title="Capital expenditure (USD bn)", axis=charts.USD_BN_AXIS, stack="zero"
            ),
            color=alt.Color("company_id:N", title=None),
            opacity=alt.Opacity(
                "kind:N", title=None, scale=alt.Scale(domain=kinds, range=[1.0, 0.5][: len(kinds)])
            ),
            tooltip=[
                alt.Tooltip("company_id:N", title="Company"),
                alt.Tooltip("label:N", title="Fiscal period"),
                alt.Tooltip("kind:N", title="Basis"),
                charts.usd_tooltip("value_usd_bn:Q", "Capex"),
            ],
        )
    )


# --- the chapter's numbers in one place -----------------------------------------------------


def load_tables() -> dict[str, pd.DataFrame]:
    """The tables this chapter reads, validated and typed."""
    from moneyloop import datasets

    names = (
        "deals",
        "capacity_overlaps",
        "capacity_basis",
        "assumptions",
        "financials",
        "cashflows",
        "revenue_gap_studies",
        "funding_mix",
        "claims",
    )
    return {n: datasets.load(n) for n in names}


def _capacity_numbers(t: dict[str, pd.DataFrame]) -> dict[str, float]:
    """Gigawatts: scenarios, tiers, OpenAI's share and its conversions."""
    d, o, a = t["deals"], t["capacity_overlaps"], t["assumptions"]
    scen = capacity_scenarios(d, o).set_index("scenario")["gw"]
    out = {f"gw_{k.replace('-', '_')}": float(v) for k, v in scen.items()}
    out["gw_like_for_like_gross"] = like_for_like_gross(d)
    tiers = capacity_tiers(d, o, t["capacity_basis"])
    out.update({f"tier_{k}": v for k, v in tier_totals(tiers).items()})
    out.update({f"openai_tier_{k}": v for k, v in tier_totals(tiers, "openai").items()})
    out["tier_unstated_share"] = float(
        tiers.loc[tiers["power_basis"] == "unstated", "gw_net"].sum() / tiers["gw_net"].sum()
    )
    for case, overlap_case in (("base", "base"), ("high", "low"), ("low", "high")):
        out[f"openai_gw_{case}"] = user_total(d, o, "openai", case=overlap_case)
    out["openai_gw_gross"] = float(
        capacity_rows(d)
        .query("user == 'openai' and status in @ACTIVE and role in @IN_SCOPE")["capacity_gw"]
        .sum()
    )
    conv = convert(out["openai_gw_base"], a).set_index("quantity")
    for q in conv.index:
        for c in CASES:
            out[f"openai_{q.replace('-', '_')}_{c}"] = float(conv.at[q, c])
    out["openai_capex_low"] = out["openai_gw_low"] * assumption(a, "cost-per-gw", "low")
    out["openai_capex_high"] = out["openai_gw_high"] * assumption(a, "cost-per-gw", "high")
    out["openai_binding_capex"] = out["openai_tier_binding"] * assumption(a, "cost-per-gw")
    fac = facility_gw(out["tier_binding"], a)
    out.update({f"tier_binding_facility_{c}": v for c, v in fac.items()})
    return out


def seed_claim(claims: pd.DataFrame, topic: str, unit: str, rank: str = "largest") -> pd.Series:
    """The ledger row of a topic stating the largest (or smallest) seed figure in one unit."""
    c = claims[(claims["topic"] == topic) & (claims["unit"] == unit) & claims["seed_value"].notna()]
    if c.empty:
        raise KeyError(f"claims.csv has no {topic!r} claim in {unit!r}")
    c = c.sort_values("seed_value", kind="stable")
    return c.iloc[-1] if rank == "largest" else c.iloc[0]


def _cash_numbers(t: dict[str, pd.DataFrame]) -> dict[str, float]:
    """Who has the money: the seed's cash comparison, capex on one basis, and sources and uses."""
    from moneyloop import cashflow

    a, f, cf, claims = t["assumptions"], t["financials"], t["cashflows"], t["claims"]
    out: dict[str, float] = {}
    cash = mag7_cash(f)
    out["mag7_cash"] = float(cash["value_usd_bn"].sum())
    seed_gw = float(seed_claim(claims, TOPIC, "GW")["seed_value"])  # the seeds' headline: NVIDIA plus AMD
    seed = trillion_question(seed_gw, a, out["mag7_cash"])
    out.update({f"seed_{k}": v for k, v in seed.items()})
    totals = cashflow.capex_by_year(cf).set_index("year")["value_usd_bn"]
    out["capex_first_year"], out["capex_last_year"] = float(totals.index.min()), float(totals.index.max())
    out["capex_first"], out["capex_last"] = float(totals.iloc[0]), float(totals.iloc[-1])
    out["capex_growth"] = out["capex_last"] / out["capex_first"]
    guide = cashflow.capex_guidance(f, int(out["capex_last_year"]) + 1)
    out["guidance_year"] = out["capex_last_year"] + 1
    out["guidance_total"] = float(guide["value_usd_bn"].sum())
    out["guidance_low"], out["guidance_high"] = (
        float(guide["low_usd_bn"].sum()),
        float(guide["high_usd_bn"].sum()),
    )
    out["guidance_companies"] = float(guide["company_id"].nunique())
    cover = cashflow.cover_by_year(cashflow.capex_cover(cf)).set_index("year")
    last = cover.index.max()
    out["cover_year"], out["cover_last"] = float(last), float(cover.at[last, "cover"])
    out["cover_first_year"], out["cover_first"] = float(cover.index.min()), float(cover["cover"].iloc[0])
    out["ocf_last"] = float(cover.at[last, "operating_cash_flow"])
    per = cashflow.capex_cover(cf)
    per = per[per["year"] == last].set_index("company_id")
    for company in per.index:
        out[f"cover_{company}"] = float(per.at[company, "cover"])
    su = cashflow.sources_and_uses(cf)
    tot = cashflow.totals_by_year(su).set_index("year")
    y = tot.index.max()
    out["su_year"], out["su_companies"] = float(y), float(tot.at[y, "n_companies"])
    for key in (*cashflow.FUNDING, "internal_capex_first"):
        out[f"su_{key}_share"] = float(tot.at[y, f"{key}_share"])
    out["su_uses"] = float(tot.at[y, "uses"])
    out["su_payouts"] = float(tot.at[y, "payouts"])
    out["su_ocf"] = float(tot.at[y, "operating_cash_flow"])
    out["su_debt"] = float(tot.at[y, "debt"])
    return out


def key_numbers(t: dict[str, pd.DataFrame]) -> dict[str, float]:
    """Every headline number of the chapter (and the intro), unformatted, from the loaded tables."""
    a, f = t["assumptions"], t["financials"]
    out = _capacity_numbers(t)
    out.update(_cash_numbers(t))
    out["openai_ratio_base"] = out["openai_capex_base"] / out["mag7_cash"]
    out["openai_ratio_low"] = out["openai_capex_low"] / out["mag7_cash"]
    out["openai_ratio_high"] = out["openai_capex_high"] / out["mag7_cash"]
    rev = latest_annual(f, "openai", "revenue")
    out["openai_revenue"], out["openai_revenue_year"] = (
        float(rev["value_usd_bn"]),
        float(rev["period_end"].year),
    )
    target = latest_annual(f, "openai", "revenue", "target")
    out["openai_revenue_target"] = float(target["value_usd_bn"])
    out["openai_revenue_target_year"] = float(target["period_end"].year)
    first = latest_report(f, "openai", "compute-commitments", "actual")
    cut = latest_report(f, "openai", "compute-commitments", "target")
    out["openai_commitments_first"], out["openai_commitments_cut"] = (
        float(first["value_usd_bn"]),
        float(cut["value_usd_bn"]),
    )
    out["openai_commitments_cut_end_year"] = float(cut["period_end"].year)
    years = (cut["period_end"] - cut["period_start"]).days / 365.25
    out["openai_commitments_cut_per_year"] = out["openai_commitments_cut"] / round(years)
    fm = t["funding_mix"].set_index("component_id")["amount_usd_bn"]
    out.update({f"ms_{k.replace('-', '_')}": float(v) for k, v in fm.items()})
    base = base_case(a, f)
    out["base_required"] = revenue_gap(base)["required"]
    out["base_spend"] = base.accelerator_spend
    out["base_annual_capex"] = base.accelerator_spend / base.accelerator_share
    tor = tornado(a, f)
    out["tornado_min"] = float(tor[["revenue_at_low", "revenue_at_high"]].min().min())
    out["tornado_max"] = float(tor[["revenue_at_low", "revenue_at_high"]].max().max())
    return out


def stated_capacity(statements: pd.DataFrame, company: str, scope: str) -> pd.Series:
    """A company's latest statement of capacity of one scope (secured, or goal)."""
    s = statements[(statements["company_id"] == company) & (statements["scope"] == scope)]
    if s.empty:
        raise KeyError(f"capacity_statements.csv has no {scope} statement for {company}")
    return s.sort_values("stated_on").iloc[-1]


def reconcile(stated_gw: float, binding_gw: float, tenant_gw: float) -> str:
    """Where a stated capacity falls against the tiers counted from the deals, in words."""
    if stated_gw <= binding_gw:
        return "within the binding capacity counted here"
    if stated_gw <= binding_gw + tenant_gw:
        return "above the binding capacity counted here but within binding and named-tenant capacity together"
    return "above all the binding and named-tenant capacity counted here"
