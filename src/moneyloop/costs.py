"""DeepSeek cost contrasts: training cost from GPU-hours and prices, put on one yardstick per cost basis."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from moneyloop import charts

EXAFLOP = 1e18  # cost per FLOP is shown per 10^18 FLOP, so the numbers read as dollars
HOPPER = ("H100", "H800")  # same Hopper die; the H800 has cut-down chip-to-chip links
RENTAL, AMORTISED, TOTAL, STATEMENT, ACQUISITION = (
    "final-run-rental",
    "amortised-hardware-energy",
    "total-development",
    "company-statement",
    "cluster-acquisition",
)
# Claims-ledger rows (claims.csv, topic 'deepseek') this chapter weighs: the seed's "$294K" model, its "$100M+"
# for US rivals, its "~$3B" of infrastructure and NVIDIA's "$600B" loss.
SEED_R1_CLAIM, SEED_US_CLAIM, SEED_INFRA_CLAIM, SEED_NVDA_CLAIM = "C088", "C089", "C090", "C092"
BASIS_LABELS = {
    RENTAL: "Final run at rental or cloud prices",
    AMORTISED: "Final run, amortised hardware and energy",
    TOTAL: "Total development",
    STATEMENT: "Company statement (scope unstated)",
    ACQUISITION: "Buying the training cluster",
}


# --- arithmetic ---------------------------------------------------------------------------


def gpu_cost_usd_bn(gpu_hours, usd_per_gpu_hour):
    """Cost of GPU-hours at a price per GPU-hour, in USD billions (works on numbers and Series)."""
    return gpu_hours * usd_per_gpu_hour / 1e9


def implied_price(cost_usd_bn, gpu_hours):
    """The price per GPU-hour a cost estimate implies for a run of known GPU-hours, USD."""
    return cost_usd_bn * 1e9 / gpu_hours


def usd_per_exaflop(cost_usd_bn, flop):
    """Cost per 10^18 floating-point operations, USD: a yardstick independent of chip and price."""
    return cost_usd_bn * 1e9 / (flop / EXAFLOP)


def _mid(base, low, high):
    """The point value of a row: base, else the middle of low and high, else whichever bound exists."""
    if pd.notna(base):
        return float(base)
    if pd.notna(low) and pd.notna(high):
        return (float(low) + float(high)) / 2
    return float(low) if pd.notna(low) else float(high) if pd.notna(high) else math.nan


# --- DeepSeek's own figures -----------------------------------------------------------------


def stage_costs(components: pd.DataFrame) -> pd.DataFrame:
    """Each published stage with its cost recomputed as GPU-hours × assumed price, next to the stated cost."""
    out = components.sort_values(["run_id", "stage_order"]).reset_index(drop=True)
    out["cost_usd_bn"] = gpu_cost_usd_bn(out["gpu_hours"], out["usd_per_gpu_hour"])
    out["matches_stated"] = (out["cost_usd_bn"] - out["stated_cost_usd_bn"]).abs() < 1e-12
    return out


def run_totals(components: pd.DataFrame) -> pd.DataFrame:
    """GPU-hours and recomputed cost per run, summed over its stages (index: run_id)."""
    staged = stage_costs(components)
    return staged.groupby("run_id")[["gpu_hours", "cost_usd_bn", "stated_cost_usd_bn"]].sum()


def with_base(runs: pd.DataFrame, totals: pd.DataFrame, run_id: str) -> dict:
    """GPU-hours and cost of a run plus every base model it builds on (e.g. R1 on top of V3)."""
    by_id = runs.set_index("run_id")
    chain, hours, cost, current = [], 0.0, 0.0, run_id
    while isinstance(current, str) and current:
        if current in chain:
            raise ValueError(f"base_run_id loops back to {current!r}")
        chain.append(current)
        hours += float(totals.loc[current, "gpu_hours"])
        cost += float(totals.loc[current, "cost_usd_bn"])
        nxt = by_id.loc[current, "base_run_id"]
        current = nxt if isinstance(nxt, str) else None
    return {"chain": chain, "gpu_hours": hours, "cost_usd_bn": cost}


def component_check(runs: pd.DataFrame, components: pd.DataFrame) -> pd.DataFrame:
    """Runs whose stated GPU-hours differ from the sum of their published stages (empty when consistent)."""
    totals = run_totals(components)
    merged = runs.set_index("run_id")[["gpu_hours"]].join(
        totals["gpu_hours"].rename("stage_sum"), how="inner"
    )
    return merged[(merged["gpu_hours"] - merged["stage_sum"]).abs() > 0.5]


# --- one table of cost points -----------------------------------------------------------------


def cost_points(runs: pd.DataFrame, costs: pd.DataFrame) -> pd.DataFrame:
    """Every cost estimate joined to its run, with the compute it covers, implied price and cost per 10^18 FLOP.

    A run that builds on a base (R1 on V3) covers only its own increment of compute; a derived row adds
    the run with its base at the same price, so whole models can be compared with whole models.
    """
    r = runs.set_index("run_id")
    rows = []
    for _, c in costs.iterrows():
        run = r.loc[c["run_id"]]
        base_id = run["base_run_id"] if isinstance(run["base_run_id"], str) else None
        flop = run["training_flop"]
        if base_id is not None and pd.notna(flop):
            flop = flop - r.loc[base_id, "training_flop"]
        rows.append(
            {
                "run_id": c["run_id"],
                "label": run["model"] + (", increment only" if base_id else ""),
                "model": run["model"],
                "company_id": run["company_id"],
                "released": run["released"],
                "cost_basis": c["cost_basis"],
                "estimator": c["estimator"],
                "qualifier": c["qualifier"],
                "dollars": c["dollars"],
                "cost_usd_bn": c["cost_usd_bn"],
                "cost_low_usd_bn": c["cost_low_usd_bn"],
                "cost_high_usd_bn": c["cost_high_usd_bn"],
                "value_usd_bn": _mid(c["cost_usd_bn"], c["cost_low_usd_bn"], c["cost_high_usd_bn"]),
                "gpu_type": run["gpu_type"],
                "gpu_hours": run["gpu_hours"],
                "training_flop": flop,
                "usd_per_gpu_hour_stated": c["usd_per_gpu_hour"],
                "derived": False,
                "sources": c["sources"],
            }
        )
        if base_id is not None and c["cost_basis"] == RENTAL and pd.notna(c["usd_per_gpu_hour"]):
            base_cost = costs[(costs["run_id"] == base_id) & (costs["cost_basis"] == RENTAL)]
            if len(base_cost) and base_cost["usd_per_gpu_hour"].iloc[0] == c["usd_per_gpu_hour"]:
                b = base_cost.iloc[0]
                rows.append(
                    {
                        **rows[-1],
                        "label": f"{run['model']} with its base",
                        "estimator": "derived: run plus base, same price",
                        "qualifier": "exact",
                        "cost_usd_bn": c["cost_usd_bn"] + b["cost_usd_bn"],
                        "cost_low_usd_bn": math.nan,
                        "cost_high_usd_bn": math.nan,
                        "value_usd_bn": c["cost_usd_bn"] + b["cost_usd_bn"],
                        "gpu_hours": run["gpu_hours"] + r.loc[base_id, "gpu_hours"],
                        "training_flop": run["training_flop"],
                        "derived": True,
                        "sources": ";".join(dict.fromkeys(c["sources"].split(";") + b["sources"].split(";"))),
                    }
                )
    out = pd.DataFrame(rows)
    has_hours = out["gpu_hours"].notna() & out["cost_basis"].isin([RENTAL, AMORTISED])
    out["usd_per_gpu_hour_implied"] = implied_price(out["value_usd_bn"], out["gpu_hours"]).where(has_hours)
    out["usd_per_exaflop"] = usd_per_exaflop(out["value_usd_bn"], out["training_flop"]).where(
        out["cost_basis"].isin([RENTAL, AMORTISED])
    )
    return out


def peer_prices(points: pd.DataFrame, basis: str, exclude_company: str = "deepseek") -> pd.DataFrame:
    """Prices per Hopper GPU-hour implied by other developers' estimates on one basis (low, base, high)."""
    p = points[
        (points["cost_basis"] == basis)
        & points["gpu_type"].isin(HOPPER)
        & points["gpu_hours"].notna()
        & (points["company_id"] != exclude_company)
        & ~points["derived"]
    ].copy()
    for col in ("cost_usd_bn", "cost_low_usd_bn", "cost_high_usd_bn"):
        p[col.replace("cost", "price").replace("_usd_bn", "")] = implied_price(p[col], p["gpu_hours"])
    p["price_min"] = p[["price", "price_low", "price_high"]].min(axis=1)
    p["price_max"] = p[["price", "price_low", "price_high"]].max(axis=1)
    return p[
        ["run_id", "model", "gpu_hours", "cost_usd_bn", "price", "price_min", "price_max", "sources"]
    ].reset_index(drop=True)


def convert_on_basis(gpu_hours: float, points: pd.DataFrame, basis: str) -> dict:
    """A run's cost on another basis, by pricing its GPU-hours at the range of prices Hopper peers imply on it."""
    peers = peer_prices(points, basis)
    if peers.empty:
        raise ValueError(f"no Hopper-class run with GPU-hours has a {basis} estimate to convert with")
    lo, hi = peers["price_min"].min(), peers["price_max"].max()
    return {
        "basis": basis,
        "price_low": lo,
        "price_high": hi,
        "cost_low_usd_bn": gpu_cost_usd_bn(gpu_hours, lo),
        "cost_high_usd_bn": gpu_cost_usd_bn(gpu_hours, hi),
        "peers": list(peers["model"]),
    }


def reprice(runs: pd.DataFrame, usd_per_gpu_hour: float, gpu_types=HOPPER) -> pd.DataFrame:
    """Every run with known GPU-hours on the given chips, priced at one rate: the same-price yardstick."""
    r = runs[runs["gpu_type"].isin(gpu_types) & runs["gpu_hours"].notna()].copy()
    r["cost_usd_bn"] = gpu_cost_usd_bn(r["gpu_hours"], usd_per_gpu_hour)
    r["usd_per_exaflop"] = usd_per_exaflop(r["cost_usd_bn"], r["training_flop"])
    return r[
        [
            "run_id",
            "model",
            "company_id",
            "gpu_type",
            "gpu_hours",
            "training_flop",
            "cost_usd_bn",
            "usd_per_exaflop",
            "sources",
        ]
    ].reset_index(drop=True)


def contrast(
    points: pd.DataFrame, runs: pd.DataFrame, reference: str, price: float | None = None
) -> pd.DataFrame:
    """The DeepSeek-vs-US gap redone on each basis: other runs' cost over the reference's cost on the same basis.

    Rental at a common price uses the reference's own price (DeepSeek's $2) unless `price` is given; cloud
    prices and amortised costs for the reference come from the prices its Hopper peers imply on that basis.
    """
    ref_run = runs.set_index("run_id").loc[reference]
    ref_cost = points[
        (points["run_id"] == reference) & (points["cost_basis"] == RENTAL) & ~points["derived"]
    ].iloc[0]
    price = float(ref_cost["usd_per_gpu_hour_stated"]) if price is None else price
    rows = []
    same = reprice(runs, price)
    ref_same = float(same.loc[same["run_id"] == reference, "cost_usd_bn"].iloc[0])
    for _, o in same[same["company_id"] != ref_run["company_id"]].iterrows():
        rows.append(
            {
                "yardstick": "same-price",
                "run_id": o["run_id"],
                "model": o["model"],
                "other_usd_bn": o["cost_usd_bn"],
                "reference_low_usd_bn": ref_same,
                "reference_high_usd_bn": ref_same,
                "sources": o["sources"],
            }
        )
    for basis, key in ((RENTAL, "cloud-price"), (AMORTISED, "amortised")):
        conv = convert_on_basis(float(ref_run["gpu_hours"]), points, basis)
        others = points[
            (points["cost_basis"] == basis)
            & (points["company_id"] != ref_run["company_id"])
            & points["cost_usd_bn"].notna()
        ]
        for _, o in others.iterrows():
            rows.append(
                {
                    "yardstick": key,
                    "run_id": o["run_id"],
                    "model": o["model"],
                    "other_usd_bn": o["cost_usd_bn"],
                    "reference_low_usd_bn": conv["cost_low_usd_bn"],
                    "reference_high_usd_bn": conv["cost_high_usd_bn"],
                    "sources": o["sources"],
                }
            )
    others = runs[(runs["company_id"] != ref_run["company_id"]) & runs["training_flop"].notna()]
    for _, o in others.iterrows():
        rows.append(
            {
                "yardstick": "compute",
                "run_id": o["run_id"],
                "model": o["model"],
                "other_usd_bn": math.nan,
                "reference_low_usd_bn": math.nan,
                "reference_high_usd_bn": math.nan,
                "sources": o["sources"],
                "flop_ratio": o["training_flop"] / ref_run["training_flop"],
            }
        )
    out = pd.DataFrame(rows)
    out["ratio_low"] = out["other_usd_bn"] / out["reference_high_usd_bn"]
    out["ratio_high"] = out["other_usd_bn"] / out["reference_low_usd_bn"]
    if "flop_ratio" not in out:
        out["flop_ratio"] = math.nan
    compute = out["yardstick"] == "compute"
    out.loc[compute, ["ratio_low", "ratio_high"]] = out.loc[compute, ["flop_ratio", "flop_ratio"]].to_numpy()
    return out


def ratio_range(contrast_table: pd.DataFrame, yardstick: str) -> tuple[float, float]:
    """Smallest and largest gap (other ÷ reference) on one yardstick."""
    t = contrast_table[contrast_table["yardstick"] == yardstick]
    return float(t["ratio_low"].min()), float(t["ratio_high"].max())


def ratio_for(contrast_table: pd.DataFrame, yardstick: str, run_id: str) -> tuple[float, float]:
    """The gap to one run on one yardstick, as (low, high)."""
    t = contrast_table[
        (contrast_table["yardstick"] == yardstick) & (contrast_table["run_id"] == run_id)
    ].iloc[0]
    return float(t["ratio_low"]), float(t["ratio_high"])


# --- sensitivity to the price of a GPU-hour -----------------------------------------------------


def price_range(
    prices: pd.DataFrame, kinds=("rental-market", "contract-index", "assumption"), gpu_types=HOPPER
) -> tuple[float, float]:
    """Lowest and highest dated Hopper price of the given kinds (a missing low counts as its high)."""
    p = prices[prices["price_kind"].isin(kinds) & prices["gpu_type"].isin(gpu_types)]
    low = p["usd_per_gpu_hour_low"].fillna(p["usd_per_gpu_hour_high"])
    return float(low.min()), float(p["usd_per_gpu_hour_high"].max())


def sensitivity(
    gpu_hours: float, prices: pd.DataFrame, points: pd.DataFrame | None = None, gpu_types=HOPPER
) -> pd.DataFrame:
    """A run's cost at every dated Hopper price, plus the US cloud prices implied by peers' cloud estimates."""
    p = prices[prices["gpu_type"].isin(gpu_types)]
    kind_names = {
        "assumption": "price assumed by DeepSeek",
        "rental-market": "rental market",
        "contract-index": "one-year contract index",
        "cloud-list": "cloud list price",
    }
    rows = [
        {
            "label": f"{r['gpu_type']} {kind_names[r['price_kind']]}",
            "description": r["description"],
            "date": r["date"],
            "date_precision": r["date_precision"],
            "price_kind": r["price_kind"],
            "price_low": r["usd_per_gpu_hour_low"]
            if pd.notna(r["usd_per_gpu_hour_low"])
            else r["usd_per_gpu_hour_high"],
            "price_high": r["usd_per_gpu_hour_high"],
            "sources": r["sources"],
        }
        for _, r in p.iterrows()
    ]
    if points is not None:
        for _, peer in peer_prices(points, RENTAL).iterrows():
            rows.append(
                {
                    "label": f"US cloud price implied for {peer['model']}",
                    "description": f"Cloud-price cost estimate for {peer['model']} divided by its GPU-hours",
                    "date": points.loc[points["run_id"] == peer["run_id"], "released"].iloc[0],
                    "date_precision": "month",
                    "price_kind": "cloud-implied",
                    "price_low": peer["price_min"],
                    "price_high": peer["price_max"],
                    "sources": peer["sources"],
                }
            )
    out = pd.DataFrame(rows)
    out["cost_low_usd_bn"] = gpu_cost_usd_bn(gpu_hours, out["price_low"])
    out["cost_high_usd_bn"] = gpu_cost_usd_bn(gpu_hours, out["price_high"])
    return out.sort_values(["price_high", "price_low"]).reset_index(drop=True)


# --- infrastructure and capex -------------------------------------------------------------------


def infra_total(infra: pd.DataFrame, estimator: str = "SemiAnalysis") -> dict:
    """One estimator's server capex, operating cost and their sum for DeepSeek, USD bn."""
    e = infra[infra["estimator"] == estimator].set_index("item")
    capex, opex = float(e.loc["server-capex", "value_usd_bn"]), float(e.loc["operating-cost", "value_usd_bn"])
    return {
        "capex_usd_bn": capex,
        "operating_usd_bn": opex,
        "total_usd_bn": capex + opex,
        "sources": ";".join(dict.fromkeys(";".join(e["sources"]).split(";"))),
    }


def _point(df: pd.DataFrame) -> pd.Series:
    return pd.Series(
        [
            _mid(b, lo, hi)
            for b, lo, hi in zip(df["value_usd_bn"], df["value_low_usd_bn"], df["value_high_usd_bn"])
        ],
        index=df.index,
        dtype="float64",
    )


def hyperscaler_capex_years(cashflows: pd.DataFrame, financials: pd.DataFrame) -> pd.DataFrame:
    """One year of each hyperscaler's capex on the build-out chapter's basis: the latest calendar year every
    company reports (cash purchases of property and equipment), then each company's guidance for the next year."""
    from moneyloop import cashflow

    per = cashflow.hyperscaler_capex(cashflows)
    year = int(cashflow.capex_by_year(cashflows)["year"].max())
    now = per[per["year"] == year].assign(basis="actual", period_label=lambda d: d["fiscal_year"].astype(str))
    guide = cashflow.capex_guidance(financials, year + 1).assign(basis="guidance")
    cols = ["company_id", "year", "period_label", "basis", "value_usd_bn", "sources"]
    out = pd.concat([now[cols], guide[cols]], ignore_index=True)
    return out.rename(columns={"value_usd_bn": "value"})


def capex_numbers(capex: pd.DataFrame) -> dict:
    """The actual year's total, count and largest spender, and the next year's guided total."""
    now, nxt = capex[capex["basis"] == "actual"], capex[capex["basis"] == "guidance"]
    largest = now.sort_values("value").iloc[-1]
    return {
        "year": int(now["year"].max()),
        "next_year": int(nxt["year"].max()),
        "total": float(now["value"].sum()),
        "count": len(now),
        "next_total": float(nxt["value"].sum()),
        "next_count": len(nxt),
        "largest": float(largest["value"]),
        "largest_company": largest["company_id"],
    }


def guidance_path(
    financials: pd.DataFrame,
    period_label: str,
    after: str | pd.Timestamp,
    companies: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """For each company, its capex guidance for one year as first stated, then as stated after a date, and the actual.

    Without `companies`, every company that guided capex for `period_label` (a calendar-year label, so
    companies with other fiscal years, whose labels read 'FY...', drop out by themselves).
    """
    f = financials[(financials["metric"] == "capex") & (financials["period_label"] == period_label)].copy()
    if companies is None:
        companies = tuple(f.loc[f["basis"] == "guidance", "company_id"].unique())
    f = f[f["company_id"].isin(companies)]
    f["value"] = _point(f)
    after = pd.Timestamp(after)
    rows = []
    for cid, g in f.sort_values("reported_on").groupby("company_id"):
        guide = g[g["basis"] == "guidance"]
        actual = g[g["basis"] == "actual"]
        first_after = guide[guide["reported_on"] > after]
        vals, dates = guide["value"].to_numpy(), guide["reported_on"].to_numpy()
        raises_after = sum(1 for i in range(1, len(vals)) if vals[i] > vals[i - 1] and dates[i] > after)
        cuts = sum(1 for i in range(1, len(vals)) if vals[i] < vals[i - 1])
        rows.append(
            {
                "company_id": cid,
                "first_guidance": float(guide["value"].iloc[0]),
                "first_guidance_on": guide["reported_on"].iloc[0],
                "first_after": float(first_after["value"].iloc[0]) if len(first_after) else math.nan,
                "last_guidance": float(guide["value"].iloc[-1]),
                "last_guidance_on": guide["reported_on"].iloc[-1],
                "actual": float(actual["value"].iloc[-1]) if len(actual) else math.nan,
                "guidance_updates": len(guide),
                "raises_after": raises_after,
                "cuts": cuts,
                "sources": ";".join(dict.fromkeys(";".join(g["sources"]).split(";"))),
            }
        )
    out = pd.DataFrame(rows)
    out["actual_vs_first"] = out["actual"] / out["first_guidance"] - 1
    return out


# --- market reaction ------------------------------------------------------------------------------


def shock_date(events: pd.DataFrame, company: str, after: str | pd.Timestamp) -> pd.Timestamp:
    """The first one-day move of a company's market value recorded on or after a date (e.g. a model's release)."""
    ev = events[
        (events["company_id"] == company)
        & (events["window"] == "day")
        & events["market_value_change_usd_bn"].notna()
        & (events["date"] >= pd.Timestamp(after))
    ]
    if ev.empty:
        raise ValueError(f"market_events.csv has no one-day move of {company!r} on or after {after}")
    return pd.Timestamp(ev["date"].min())


def market_reaction(
    events: pd.DataFrame,
    values: pd.DataFrame,
    company: str,
    date: str | pd.Timestamp,
) -> dict:
    """The one-day shock, the record it broke, the next day's rebound and the later market-value milestones."""
    date = pd.Timestamp(date)
    ev = events[(events["company_id"] == company) & (events["window"] == "day")]
    shock = ev[ev["date"] == date].iloc[0]
    before = ev[(ev["date"] < date) & ev["market_value_change_usd_bn"].notna()]
    record = before.loc[before["market_value_change_usd_bn"].idxmin()]
    nxt = ev[ev["date"] > date].sort_values("date").iloc[0]
    v = values[(values["company_id"] == company) & (values["kind"] == "market-cap")]

    def first_reach(threshold: float, basis: str) -> pd.Series:
        hits = v[(v["date"] > date) & (v["market_value_usd_bn"] >= threshold) & (v["price_basis"] == basis)]
        return hits.sort_values("date").iloc[0]

    four, five = first_reach(4000, "close"), first_reach(5000, "open")
    after = float(shock["market_value_after_usd_bn"])
    loss = float(shock["market_value_change_usd_bn"])
    return {
        "date": date,
        "change_pct": float(shock["close_change_pct"]),
        "intraday_pct": float(shock["intraday_change_pct"]),
        "loss_usd_bn": loss,
        "value_after_usd_bn": after,
        "value_before_usd_bn": after - loss,
        "record_before_usd_bn": float(record["market_value_change_usd_bn"]),
        "record_before_date": record["date"],
        "record_before_precision": record["date_precision"],
        "loss_vs_record": loss / float(record["market_value_change_usd_bn"]),
        "rebound_pct": float(nxt["close_change_pct"]),
        "rebound_date": nxt["date"],
        "four_tn_date": four["date"],
        "four_tn_usd_bn": float(four["market_value_usd_bn"]),
        "five_tn_date": five["date"],
        "five_tn_usd_bn": float(five["market_value_usd_bn"]),
        "days_to_four_tn": int((four["date"] - date).days),
        "days_to_five_tn": int((five["date"] - date).days),
        "sources": ";".join(
            dict.fromkeys(
                ";".join(
                    [shock["sources"], record["sources"], nxt["sources"], four["sources"], five["sources"]]
                ).split(";")
            )
        ),
    }


def value_path(
    values: pd.DataFrame, events: pd.DataFrame, company: str, start: str | pd.Timestamp
) -> pd.DataFrame:
    """Market-value observations over time, adding the value just before each one-day shock (after minus change)."""
    v = values[
        (values["company_id"] == company) & (values["kind"] == "market-cap") & (values["date"] >= start)
    ]
    v = v[["date", "market_value_usd_bn", "price_basis", "milestone", "sources"]].copy()
    v["derived"] = False
    e = events[
        (events["company_id"] == company)
        & events["market_value_after_usd_bn"].notna()
        & events["market_value_change_usd_bn"].notna()
        & (events["date"] >= start)
    ]
    pre = pd.DataFrame(
        {
            "date": e["date"] - pd.tseries.offsets.BDay(1),
            "market_value_usd_bn": e["market_value_after_usd_bn"] - e["market_value_change_usd_bn"],
            "price_basis": "close",
            "milestone": "previous close (derived)",
            "sources": e["sources"],
            "derived": True,
        }
    )
    out = pd.concat([v, pre], ignore_index=True).sort_values(["date", "market_value_usd_bn"])
    out["milestone"] = out["milestone"].fillna("")
    return out.drop_duplicates(["date", "market_value_usd_bn"]).reset_index(drop=True)


def events_near(events: pd.DataFrame, company: str, date, days: int = 7) -> pd.DataFrame:
    """One company's market events within `days` calendar days of a date (e.g. a model release)."""
    date = pd.Timestamp(date)
    e = events[(events["company_id"] == company)]
    return e[(e["date"] - date).abs() <= pd.Timedelta(days=days)]


def short_names(companies: pd.DataFrame) -> pd.Series:
    """Company names without their parenthetical ('Amazon (AWS)' becomes 'Amazon'), by company_id."""
    return companies.set_index("company_id")["name"].str.replace(r" \(.*\)$", "", regex=True)


def seed_claims(claims: pd.DataFrame, topic: str = "deepseek") -> pd.DataFrame:
    """The claims-ledger rows on this chapter's topic."""
    return claims[claims["topic"] == topic].reset_index(drop=True)


def claim(claims: pd.DataFrame, claim_id: str) -> pd.Series:
    """One ledger row by id, with a clear error if the ledger has been renumbered."""
    hit = claims[claims["claim_id"] == claim_id]
    if hit.empty:
        raise KeyError(
            f"claims.csv has no claim {claim_id!r}; update the SEED_*_CLAIM ids in moneyloop.costs"
        )
    return hit.iloc[0]


def headline(
    runs: pd.DataFrame,
    costs: pd.DataFrame,
    claims: pd.DataFrame,
    reference: str,
    peer: str,
) -> dict:
    """The chapter's summary numbers: the seed's gap, the same-basis gap, the compute gap and cost per 10^18 FLOP."""
    points = cost_points(runs, costs)
    table = contrast(points, runs, reference)
    seed_gap = float(claim(claims, SEED_US_CLAIM)["seed_value"]) / float(
        claim(claims, SEED_R1_CLAIM)["seed_value"]
    )
    ref = points[
        (points["run_id"] == reference) & (points["cost_basis"] == RENTAL) & ~points["derived"]
    ].iloc[0]
    amort = convert_on_basis(float(ref["gpu_hours"]), points, AMORTISED)
    us_amort = points[(points["cost_basis"] == AMORTISED) & (points["company_id"] != ref["company_id"])]
    return {
        "seed_gap": seed_gap,
        "same_price_gap": ratio_for(table, "same-price", peer)[0],
        "compute_gap": ratio_for(table, "compute", peer)[0],
        "amortised_gap_low": ratio_range(table, "amortised")[0],
        "amortised_gap_high": ratio_range(table, "amortised")[1],
        "reference_usd_bn": float(ref["cost_usd_bn"]),
        "reference_amortised_low_usd_bn": amort["cost_low_usd_bn"],
        "reference_amortised_high_usd_bn": amort["cost_high_usd_bn"],
        "reference_usd_per_exaflop": float(ref["usd_per_exaflop"]),
        "us_amortised_usd_per_exaflop_low": float(us_amort["usd_per_exaflop"].min()),
        "us_amortised_usd_per_exaflop_high": float(us_amort["usd_per_exaflop"].max()),
        "peer_model": runs.set_index("run_id").loc[peer, "model"],
    }


# --- tables for the page ---------------------------------------------------------------------------


def stage_table(components: pd.DataFrame, runs: pd.DataFrame) -> pd.DataFrame:
    """Reader-facing table of DeepSeek's published stages with recomputed costs."""
    from moneyloop import fmt

    s = stage_costs(components).merge(runs[["run_id", "model"]], on="run_id")
    return pd.DataFrame(
        {
            "Model": s["model"],
            "Stage": s["stage"],
            "GPU": s["gpu_type"],
            "GPU-hours": s["gpu_hours"].map(fmt.count),
            "Price per GPU-hour": s["usd_per_gpu_hour"].map(lambda x: fmt.usd(x)),
            "Cost, recomputed": s["cost_usd_bn"].map(lambda x: fmt.usd_bn(x, 4)),
            "Cost, as published": s["stated_cost_usd_bn"].map(lambda x: fmt.usd_bn(x, 4)),
        }
    )


def _money_range(base, low, high, qualifier) -> str:
    from moneyloop import fmt

    if qualifier == "at-least":
        return "more than " + fmt.usd_bn(low)
    if qualifier == "range" or pd.isna(base):
        return f"{fmt.usd_bn(low)} to {fmt.usd_bn(high)}"
    text = fmt.usd_bn(base)
    if pd.notna(low) and pd.notna(high) and fmt.usd_bn(low) != fmt.usd_bn(high):
        text += f" ({fmt.usd_bn(low)} to {fmt.usd_bn(high)})"
    return text


def runs_table(points: pd.DataFrame) -> pd.DataFrame:
    """Reader-facing yardstick table: one row per model and basis, with compute and cost per 10^18 FLOP."""
    from moneyloop import fmt

    p = points.sort_values(["released", "run_id", "cost_basis"])
    return pd.DataFrame(
        {
            "Model": p["label"],
            "Basis": p["cost_basis"].map(BASIS_LABELS),
            "Estimator": p["estimator"],
            "Cost": [
                _money_range(b, lo, hi, q)
                for b, lo, hi, q in zip(
                    p["cost_usd_bn"], p["cost_low_usd_bn"], p["cost_high_usd_bn"], p["qualifier"]
                )
            ],
            "Dollars": p["dollars"].astype(str).str.removesuffix("-usd"),
            "Chip": p["gpu_type"].astype(object).fillna("–"),
            "GPU-hours": p["gpu_hours"].map(lambda x: fmt.count(x) if pd.notna(x) else "–"),
            "Training compute (FLOP)": p["training_flop"].map(lambda x: fmt.sci(x) if pd.notna(x) else "–"),
            "Cost per 10¹⁸ FLOP": p["usd_per_exaflop"].map(lambda x: fmt.usd(x) if pd.notna(x) else "–"),
        }
    )


def claims_table(claims: pd.DataFrame) -> pd.DataFrame:
    """Reader-facing view of the ledger rows on DeepSeek."""
    return pd.DataFrame(
        {
            "Claim": claims["claim"],
            "Seed says": claims["seed_value_text"],
            "Best evidence": claims["verified_value_text"],
            "Verdict": claims["verdict"].astype(str),
        }
    )


# --- charts -----------------------------------------------------------------------------------------

_SUP = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _pow10_label(lo: int, hi: int) -> str:
    """A Vega label expression writing 1e24 as 10²⁴ for the exponents lo..hi."""
    expr = "''"
    for e in range(hi, lo - 1, -1):
        expr = f"abs(log(datum.value)/LN10 - {e}) < 0.01 ? '10{str(e).translate(_SUP)}' : {expr}"
    return expr


def cost_compute_chart(points: pd.DataFrame) -> alt.LayerChart:
    """Training cost against training compute, both on log scales, coloured by cost basis."""
    d = points[
        points["cost_basis"].isin([RENTAL, AMORTISED, STATEMENT]) & points["training_flop"].notna()
    ].copy()
    d["basis"] = d["cost_basis"].map(BASIS_LABELS)
    d["cost_musd"] = d["value_usd_bn"] * 1000
    d["low_musd"] = d["cost_low_usd_bn"].fillna(d["value_usd_bn"]) * 1000
    d["high_musd"] = d["cost_high_usd_bn"].fillna(d["value_usd_bn"]) * 1000
    d["developer"] = d["company_id"].map(lambda c: "DeepSeek" if c == "deepseek" else "US labs")
    d["point"] = d["qualifier"] != "range"
    domain = [BASIS_LABELS[b] for b in (RENTAL, AMORTISED, STATEMENT)]
    color = alt.Color(
        "basis:N",
        title="Cost basis",
        scale=alt.Scale(domain=domain, range=charts.PALETTE[:3]),
        legend=alt.Legend(columns=1),
    )
    x = alt.X(
        "training_flop:Q",
        title="Training compute (FLOP, log scale)",
        scale=alt.Scale(type="log", domain=[1e23, 1e27]),
        axis=alt.Axis(values=[1e23, 1e24, 1e25, 1e26, 1e27], labelExpr=_pow10_label(23, 27)),
    )
    y = alt.Y(
        "cost_musd:Q",
        title="Training cost (USD millions, log scale)",
        scale=alt.Scale(type="log", domain=[0.1, 2000]),
        axis=alt.Axis(values=[0.1, 1, 10, 100, 1000], format="$,~g"),
    )
    tooltip = [
        alt.Tooltip("label:N", title="Model"),
        alt.Tooltip("basis:N", title="Basis"),
        alt.Tooltip("estimator:N", title="Estimator"),
        alt.Tooltip("cost_musd:Q", title="Cost (USD millions)", format=",.3f"),
        alt.Tooltip("low_musd:Q", title="Low (USD millions)", format=",.3f"),
        alt.Tooltip("high_musd:Q", title="High (USD millions)", format=",.3f"),
        alt.Tooltip("training_flop:Q", title="Compute (FLOP)", format=".3~e"),
        alt.Tooltip("dollars:N", title="Dollars"),
        alt.Tooltip("sources:N", title="Sources"),
    ]
    base = alt.Chart(d)
    rules = base.mark_rule(strokeWidth=2, opacity=0.7).encode(
        x=x, y=alt.Y("low_musd:Q"), y2="high_musd:Q", color=color, tooltip=tooltip
    )
    dots = (
        base.transform_filter("datum.point")
        .mark_point(filled=True, size=110, opacity=0.9)
        .encode(
            x=x,
            y=y,
            color=color,
            shape=alt.Shape(
                "developer:N",
                title="Developer",
                legend=None,
                scale=alt.Scale(domain=["DeepSeek", "US labs"], range=["diamond", "circle"]),
            ),
            tooltip=tooltip,
        )
    )
    lab = _chart_labels(d)
    # offsets in px, so a label keeps its distance from its point at any chart width; below the width the layout
    # was made for, only DeepSeek's labels show (the others are in the tooltips)
    narrow = alt.ExprRef(expr=f"width < {LABEL_DECADES * LABEL_DECADE_PX[0]:.0f} ? 0 : 1")
    layers = [
        alt.Chart(part)
        .mark_text(
            fontSize=11,
            color="#333",
            baseline="middle",
            align="left" if dx > 0 else "right",
            dx=dx,
            dy=dy,
            opacity=1 if ds else narrow,
        )
        .encode(x=x, y=y, text="text:N")
        for (dx, dy, ds), part in lab.groupby(["dx", "dy", "is_ds"])
    ]
    return alt.layer(rules, dots, *layers).properties(height=400)


LABEL_SPOTS = ((8, 0), (-8, 0), (8, -14), (8, 14), (-8, -14), (-8, 14))
"""Label offsets in px from its point, tried in turn: level on the right, level on the left, then above or below."""


def _overlaps(box: tuple[float, ...], boxes: list[tuple[float, ...]]) -> bool:
    """Whether a box (x0, x1, y0, y1) overlaps any of the others."""
    return any(box[0] < b[1] and b[0] < box[1] and box[2] < b[3] and b[2] < box[3] for b in boxes)


def _nearest_is_own(ax: float, ay: float, own: tuple[float, float], dots: list[tuple[float, float]]) -> bool:
    """Whether a label's anchor (in px) is clearly nearer its own point than any other (by half as far again),
    so it reads as that point's."""
    d_own = math.dist((ax, ay), own)
    return all(math.dist((ax, ay), p) > 1.5 * d_own for p in dots if p != own)


def _label_box(own: tuple[float, float], dx: float, dy: float, w: float, h: float) -> tuple[float, ...]:
    """The box (x0, x1, y0, y1, in px) of a label w wide and h high, offset (dx, dy) from its point."""
    x0 = own[0] + dx if dx > 0 else own[0] + dx - w
    return (x0, x0 + w, own[1] + dy - h / 2, own[1] + dy + h / 2)


LABEL_DECADE_PX = (150.0, 90.0)
"""Width and height in px of one power of ten that the label layout is made for."""
LABEL_DECADES = 4
"""Powers of ten across the x axis (1e23 to 1e27)."""


def _chart_labels(d: pd.DataFrame, decade_px: tuple[float, float] = LABEL_DECADE_PX) -> pd.DataFrame:
    """One label per plotted point with its offset in px, clear of other labels and points and nearer its own
    point than any other; labels that cannot be placed are left to the tooltips (DeepSeek's are always placed).

    `decade_px` is the width and height of one power of ten on the page's chart; wider drawings only add room.
    """
    pts = d[d["point"]]
    px_x, px_y = decade_px
    half = 7.0  # half the width of a plotted point, px
    dots = [
        (math.log10(f) * px_x, -math.log10(c) * px_y) for f, c in zip(pts["training_flop"], pts["cost_musd"])
    ]
    boxes = [(x - half, x + half, y - half, y + half) for x, y in dots]
    cand = pts[pts["cost_basis"] != STATEMENT].copy()
    cand["is_ds"] = cand["company_id"] == "deepseek"
    cand = cand.sort_values(["is_ds", "cost_musd"], ascending=[False, False]).drop_duplicates("label")
    rows = []
    for _, r in cand.iterrows():
        own = (math.log10(r["training_flop"]) * px_x, -math.log10(r["cost_musd"]) * px_y)
        w, h = 6.2 * len(r["label"]), 13.0
        free = [(dx, dy) for dx, dy in LABEL_SPOTS if not _overlaps(_label_box(own, dx, dy, w, h), boxes)]
        clear = [(dx, dy) for dx, dy in free if _nearest_is_own(own[0] + dx, own[1] + dy, own, dots)]
        if not clear and not r["is_ds"]:
            continue  # left to the tooltip
        dx, dy = (clear or free or LABEL_SPOTS)[0]
        boxes.append(_label_box(own, dx, dy, w, h))
        rows.append(
            {
                "training_flop": r["training_flop"],
                "cost_musd": r["cost_musd"],
                "text": r["label"],
                "dx": dx,
                "dy": dy,
                "is_ds": bool(r["is_ds"]),
            }
        )
    return pd.DataFrame(rows, columns=["training_flop", "cost_musd", "text", "dx", "dy", "is_ds"])


def sensitivity_chart(sens: pd.DataFrame, stated_usd_bn: float) -> alt.LayerChart:
    """The run's cost at each dated price (bars span a price range), against the cost DeepSeek published."""
    d = sens.copy()
    d["low_musd"], d["high_musd"] = d["cost_low_usd_bn"] * 1000, d["cost_high_usd_bn"] * 1000
    d["when"] = [fmt_when(t, p) for t, p in zip(d["date"], d["date_precision"])]
    d["row"] = d["when"] + ": " + d["label"]
    d["row"] = d["row"].where(
        ~d["row"].duplicated(), d["row"] + " (" + d["description"].str.slice(0, 30) + ")"
    )
    order = list(d["row"])
    kinds = ["assumption", "rental-market", "contract-index", "cloud-list", "cloud-implied"]
    names = [
        "DeepSeek's assumption",
        "Rental market",
        "One-year contract index",
        "Cloud list price",
        "US cloud price (implied)",
    ]
    d["kind"] = d["price_kind"].astype(str).map(dict(zip(kinds, names)))
    shown = [n for n in names if n in set(d["kind"])]
    color = alt.Color(
        "kind:N",
        title=None,
        legend=alt.Legend(columns=2),
        scale=alt.Scale(domain=shown, range=[charts.PALETTE[names.index(n)] for n in shown]),
    )
    y = alt.Y("row:N", title=None, sort=order, axis=alt.Axis(labelLimit=360))
    x = alt.X(
        "low_musd:Q",
        title="DeepSeek-V3 final run at that price (USD millions)",
        scale=alt.Scale(domain=[0, 25]),
    )
    tooltip = [
        alt.Tooltip("row:N", title="Price"),
        alt.Tooltip("description:N", title="What"),
        alt.Tooltip("price_low:Q", title="Low (USD per GPU-hour)", format=".3f"),
        alt.Tooltip("price_high:Q", title="High (USD per GPU-hour)", format=".3f"),
        alt.Tooltip("low_musd:Q", title="Cost at low (USD millions)", format=",.2f"),
        alt.Tooltip("high_musd:Q", title="Cost at high (USD millions)", format=",.2f"),
        alt.Tooltip("sources:N", title="Sources"),
    ]
    bars = alt.Chart(d).mark_bar(height=12).encode(x=x, x2="high_musd:Q", y=y, color=color, tooltip=tooltip)
    ticks = alt.Chart(d).mark_tick(thickness=3, size=18).encode(x=x, y=y, color=color, tooltip=tooltip)
    ref = alt.Chart(pd.DataFrame({"v": [stated_usd_bn * 1000], "t": ["Published cost"]}))
    rule = ref.mark_rule(color="#444", strokeDash=[5, 3]).encode(x="v:Q")
    text = ref.mark_text(align="left", dx=4, dy=-4, baseline="bottom", color="#444").encode(
        x="v:Q", y=alt.value(0), text="t:N"
    )
    return alt.layer(bars, ticks, rule, text).properties(height=alt.Step(34))


def fmt_when(ts, precision) -> str:
    """A date at its known precision, for chart labels."""
    from moneyloop import fmt

    return fmt.dated(ts, str(precision))


def infra_frame(
    infra: pd.DataFrame, claims: pd.DataFrame, capex: pd.DataFrame, companies: pd.DataFrame
) -> pd.DataFrame:
    """DeepSeek's estimated fleet costs, the seed's '$3B', and hyperscalers' annual capex on one USD scale."""
    rows = []
    for _, r in infra.iterrows():
        v = _mid(r["value_usd_bn"], r["value_low_usd_bn"], r["value_high_usd_bn"])
        label = {
            "server-capex": "Server capex (SemiAnalysis)",
            "operating-cost": "Running cost (SemiAnalysis)",
            "gpu-spend": "GPU spending, lower bound (SemiAnalysis via CNBC)",
            "gpu-stock-value": "Value of Hopper GPUs (Amodei)",
        }[r["item"]]
        rows.append(
            {"group": "DeepSeek (estimates)", "label": label, "value_usd_bn": v, "sources": r["sources"]}
        )
    t = infra_total(infra)
    rows.append(
        {
            "group": "DeepSeek (estimates)",
            "label": "Server capex plus running cost (SemiAnalysis, summed)",
            "value_usd_bn": t["total_usd_bn"],
            "sources": t["sources"],
        }
    )
    seed = claims[claims["claim_id"] == SEED_INFRA_CLAIM]
    for _, c in seed.iterrows():
        rows.append(
            {
                "group": "Seed claim (no source found)",
                "label": "Seed: DeepSeek's infrastructure, about",
                "value_usd_bn": float(c["seed_value"]),
                "sources": c["sources"],
            }
        )
    names = short_names(companies)
    for _, r in capex.iterrows():
        rows.append(
            {
                "group": f"Hyperscaler capex {'actual' if r['basis'] == 'actual' else 'guidance'}",
                "label": f"{names.get(r['company_id'], r['company_id'])} {r['period_label']}",
                "value_usd_bn": float(r["value"]),
                "sources": r["sources"],
            }
        )
    return pd.DataFrame(rows)


def infra_chart(frame: pd.DataFrame) -> alt.Chart:
    """Dot plot on a log scale: DeepSeek's fleet estimates against one year of hyperscaler capex."""
    groups = list(dict.fromkeys(frame["group"]))
    order = list(frame.sort_values("value_usd_bn")["label"])
    return (
        alt.Chart(frame)
        .mark_point(filled=True, size=120)
        .encode(
            x=alt.X(
                "value_usd_bn:Q",
                title="USD billions (log scale)",
                scale=alt.Scale(type="log", domain=[0.3, 300]),
                axis=alt.Axis(values=[0.3, 1, 3, 10, 30, 100, 300], format="$,~g"),
            ),
            y=alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=380)),
            color=alt.Color(
                "group:N",
                title=None,
                legend=alt.Legend(columns=2),
                scale=alt.Scale(domain=groups, range=charts.PALETTE[: len(groups)]),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Item"),
                charts.usd_tooltip("value_usd_bn", "Value"),
                alt.Tooltip("sources:N", title="Sources"),
            ],
        )
        .properties(height=alt.Step(26))
    )


def value_chart(path: pd.DataFrame, shock_date, shock_label: str) -> alt.LayerChart:
    """Market value over time with the shock day marked."""
    d = path.copy()
    d["value_tn"] = d["market_value_usd_bn"] / 1000
    line = (
        alt.Chart(d)
        .mark_line(
            point=alt.OverlayMarkDef(filled=True, size=70),
            color=charts.PALETTE[0],
            strokeWidth=1.5,
            strokeDash=[4, 2],
        )
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y", tickCount=6)),
            y=alt.Y(
                "value_tn:Q", title="NVIDIA market value (USD trillions)", scale=alt.Scale(domain=[0, 6])
            ),
            tooltip=[
                alt.Tooltip("date:T", title="Date"),
                alt.Tooltip("market_value_usd_bn:Q", title="Market value (USD bn)", format=",.0f"),
                alt.Tooltip("price_basis:N", title="Price basis"),
                alt.Tooltip("milestone:N", title="Milestone"),
                alt.Tooltip("sources:N", title="Sources"),
            ],
        )
    )
    marks = charts.rules_with_labels(
        pd.DataFrame({"date": [pd.Timestamp(shock_date)], "label": [shock_label]}), "date", "label"
    )
    return alt.layer(line, marks).properties(height=340)


YARDSTICK_LABELS = {
    "same-price": "Same price per GPU-hour as DeepSeek (Hopper chips, known GPU-hours)",
    "cloud-price": "Final run at US cloud prices (DeepSeek converted at its peers' implied price)",
    "amortised": "Final run, amortised hardware and energy (DeepSeek converted likewise)",
    "compute": "Training compute (FLOP), no prices at all",
}


def contrast_table(table: pd.DataFrame) -> pd.DataFrame:
    """Reader-facing gaps: how many times DeepSeek-V3's figure each other model's is, per yardstick."""
    from moneyloop import fmt

    t = table.copy()
    t["order"] = t["yardstick"].map({k: i for i, k in enumerate(YARDSTICK_LABELS)})
    t = t.sort_values(["order", "ratio_low"])
    gap = [
        fmt.ratio(lo) if abs(hi - lo) < 0.05 else f"{fmt.ratio(lo)} to {fmt.ratio(hi)}"
        for lo, hi in zip(t["ratio_low"], t["ratio_high"])
    ]
    return pd.DataFrame(
        {
            "Yardstick": t["yardstick"].map(YARDSTICK_LABELS),
            "Compared with": t["model"],
            "Their figure ÷ DeepSeek-V3's": gap,
        }
    )


def price_extremes(
    prices: pd.DataFrame, kinds=("rental-market", "contract-index", "assumption"), gpu_types=HOPPER
) -> tuple[pd.Series, pd.Series]:
    """The price rows holding the lowest and the highest dated Hopper price (the ends of price_range)."""
    p = prices[prices["price_kind"].isin(kinds) & prices["gpu_type"].isin(gpu_types)]
    low = p["usd_per_gpu_hour_low"].fillna(p["usd_per_gpu_hour_high"])
    return p.loc[low.idxmin()], p.loc[p["usd_per_gpu_hour_high"].idxmax()]
