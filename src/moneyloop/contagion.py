"""The stress test: what if one party pays less? Annual obligations, three clearing rules, lenders and lessors in the web."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd
from scipy import sparse

from moneyloop import charts, deals

# --- vocabulary ---------------------------------------------------------------------------------

RULES = {
    "eisenberg-noe": "Eisenberg–Noe clearing: pay pro rata out of receipts plus outside means, up to what is owed",
    "pass-through": "proportional pass-through: cut payments by the share of receipts lost beyond a buffer",
    "priority": "priority: means pay senior debt and leases first, then suppliers, then equity",
}
"""The three contagion rules, by the name the chart and the tables use."""

LAYERS = ("senior", "supplier", "equity")
"""Seniority classes in payment order under the priority rule."""

REVERSED_FLOWS = ("debt", "leaseback")
"""Flow types recorded lender → borrower (lessor → lessee) in deals.csv: the obligation runs the other way."""

SENIOR_FLOWS = REVERSED_FLOWS
"""Flow types that are senior claims by default: loans, bonds and leases."""

LEVELS = {"low": "value_low", "base": "value", "high": "value_high"}
"""Column of assumptions.csv for each scenario level."""

RECOVERY = "stress-recovery-senior"
"""assumptions.csv row of the share of an unpaid loan or lease payment a lender or landlord recovers."""

CUTS = tuple(np.round(np.arange(0, 1.0001, 0.05), 2))
"""The 21 cut sizes the chart offers: 0%, 5%, …, 100%."""


# --- obligations ---------------------------------------------------------------------------------


def assumption(assumptions: pd.DataFrame, name: str, level: str = "base") -> float:
    """One value of assumptions.csv at a level (low, base, high)."""
    row = assumptions.set_index("assumption_id").loc[name]
    return float(row[LEVELS[level]])


def scenario_value(deal: pd.Series, stress: pd.Series, amounts: pd.DataFrame, years: int, view: str) -> float:
    """The scenario amount of an unpriced deal: capacity × the reference deal's $/GW-year × years, or the loans a lease services."""
    if pd.isna(stress.get("valued_in")) or (stress["valued_in"] == "binding" and view != "binding"):
        return np.nan
    if pd.notna(stress.get("price_per_gw_from")):
        ref = amounts.loc[stress["price_per_gw_from"]]
        per_gw_year = ref["headline_usd_bn"] / ref["capacity_gw"] / ref["term"]
        return float(per_gw_year * deal["capacity_gw"] * years)
    if pd.notna(stress.get("lease_covers")):
        return float(amounts.loc[str(stress["lease_covers"]).split(";"), "headline_usd_bn"].sum())
    return np.nan


def obligations(
    deals_: pd.DataFrame,
    schedules: pd.DataFrame,
    stress: pd.DataFrame,
    assumptions: pd.DataFrame,
    view: str = "headline",
    exclude: frozenset[str] = frozenset(),
    level: str = "base",
) -> pd.DataFrame:
    """Every obligation the shock can travel along, one row per deal and year: debtor, creditor, layer, amount due.

    Payment flows run payer → payee; loans and leases are recorded lender → borrower, so the obligation is
    reversed. Timing comes from commitment_schedules.csv, then stress_schedules.csv, else the default term.
    Swap `deals.select` for the standing-deals rule when it lands.
    """
    rows = deals.select(deals_, view)
    rows = rows[~rows["deal_id"].isin(exclude)]
    rows = rows[rows["flow_type"].astype(str).isin(deals.PAYMENT_FLOWS + REVERSED_FLOWS)]
    sched = pd.concat(
        [
            stress.set_index("deal_id")[["first_year", "last_year", "profile"]],
            schedules.set_index("deal_id")[["first_year", "last_year", "profile"]],
        ]
    )
    sched = sched[~sched.index.duplicated(keep="last")]  # the compute schedule wins where both give one
    st = stress.set_index("deal_id")
    every = deals_.set_index("deal_id")
    ref = pd.DataFrame(
        {
            "headline_usd_bn": deals.headline_amount(every),
            "capacity_gw": every["capacity_gw"],
            "term": [
                float(sched.at[d, "last_year"] - sched.at[d, "first_year"] + 1)
                if d in sched.index
                else every.at[d, "term_years"]
                for d in every.index
            ],
        }
    )
    default = round(assumption(assumptions, "stress-default-term", level))
    out = []
    for r in rows.itertuples(index=False):
        if r.deal_id in sched.index:
            first, last, profile = sched.loc[r.deal_id, ["first_year", "last_year", "profile"]]
        else:
            start = r.service_start if pd.notna(r.service_start) else r.announced + pd.DateOffset(years=1)
            term = int(r.term_years) if pd.notna(r.term_years) else default
            first, last, profile = start.year, start.year + term - 1, "flat"
        years = np.arange(int(first), int(last) + 1)
        amount, valued = r.usd_bn, False
        if pd.isna(amount) and r.deal_id in st.index:
            amount = scenario_value(every.loc[r.deal_id], st.loc[r.deal_id], ref, len(years), view)
            valued = pd.notna(amount)
        if pd.isna(amount) or amount <= 0:
            continue
        weights = np.ones(len(years)) if profile == "flat" else np.arange(1, len(years) + 1, dtype=float)
        reverse = r.flow_type in REVERSED_FLOWS
        layer = (
            st.at[r.deal_id, "layer"]
            if r.deal_id in st.index
            else ("senior" if r.flow_type in SENIOR_FLOWS else "supplier")
        )
        for y, w in zip(years, weights / weights.sum()):
            out.append(
                {
                    "deal_id": r.deal_id,
                    "debtor": r.payee if reverse else r.payer,
                    "creditor": r.payer if reverse else r.payee,
                    "flow_type": r.flow_type,
                    "layer": layer,
                    "year": int(y),
                    "owed_usd_bn": float(amount * w),
                    "valued": valued,
                }
            )
    cols = ["deal_id", "debtor", "creditor", "flow_type", "layer", "year", "owed_usd_bn", "valued"]
    return pd.DataFrame(out, columns=cols)


def outside_means(resources: pd.DataFrame, n_years: int, level: str = "base") -> dict[str, float]:
    """Each party's outside means per year: flows per year (a quarter × 4) plus balances spread over the years modelled."""
    col = {"low": "value_low_usd_bn", "base": "value_usd_bn", "high": "value_high_usd_bn"}[level]
    factor = resources["per"].astype(str).map({"year": 1.0, "quarter": 4.0, "stock": 1.0 / max(n_years, 1)})
    per_year = resources[col].astype(float) * factor.astype(float)
    return per_year.groupby(resources["company_id"].astype(str)).sum().to_dict()


# --- one year's clearing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Year:
    """One year's obligations as arrays: debtor[e] owes creditor[e] owed[e] (USD bn) in layer rank[e]."""

    nodes: tuple[str, ...]
    debtor: np.ndarray
    creditor: np.ndarray
    owed: np.ndarray
    rank: np.ndarray
    recovery: np.ndarray
    means: np.ndarray


def year_network(ob: pd.DataFrame, nodes: tuple[str, ...], means: dict[str, float], recovery: float) -> Year:
    """Arrays for one year's obligations over a fixed node list; senior claims recover `recovery`, others nothing."""
    idx = {n: i for i, n in enumerate(nodes)}
    rank = ob["layer"].map({name: i for i, name in enumerate(LAYERS)}).to_numpy(int)
    return Year(
        nodes,
        ob["debtor"].map(idx).to_numpy(int),
        ob["creditor"].map(idx).to_numpy(int),
        ob["owed_usd_bn"].to_numpy(float),
        rank,
        np.where(rank == 0, recovery, 0.0),
        np.array([means.get(n, 0.0) for n in nodes], dtype=float),
    )


def clear(net: Year, shocked: str, cuts, rule: str = "eisenberg-noe", tol: float = 1e-10) -> np.ndarray:
    """Payments on every edge (rows: cuts, columns: edges) when `shocked` pays only (1 − cut) of each obligation.

    Every rule starts from full payment and lowers payments until they are consistent (the greatest fixed
    point). A creditor's receipts on a senior edge include the recovered share of what is unpaid. Rules:
    eisenberg-noe, P_i = min(L_i, e_i + max(L_i − R_i, 0) + received_i) paid pro rata; pass-through,
    P_i = L_i (1 − min(1, max(0, R_i − received_i − e_i) / R_i)) paid pro rata; priority, the same means
    as Eisenberg–Noe paid to senior, then supplier, then equity claims, pro rata within a layer.
    """
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}; use one of {', '.join(RULES)}")
    cuts = np.atleast_1d(np.asarray(cuts, dtype=float))
    if ((cuts < 0) | (cuts > 1)).any():
        raise ValueError("cuts must be shares between 0 and 1")
    n, m = len(net.nodes), len(net.owed)
    if m == 0:
        return np.zeros((len(cuts), 0))
    s = net.nodes.index(shocked) if shocked in net.nodes else -1
    to_creditor = sparse.csr_matrix((np.ones(m), (np.arange(m), net.creditor)), shape=(m, n))
    owes = np.bincount(net.debtor, weights=net.owed, minlength=n)
    due = np.bincount(net.creditor, weights=net.owed, minlength=n)
    means = net.means + (np.maximum(owes - due, 0.0) if rule != "pass-through" else 0.0)
    share = net.owed / owes[net.debtor]
    fixed = net.debtor == s
    cap = np.tile(net.owed, (len(cuts), 1))
    cap[:, fixed] *= (1.0 - cuts)[:, None]
    layer_owed = [np.bincount(net.debtor, weights=net.owed * (net.rank == k), minlength=n) for k in range(3)]
    x = cap.copy()
    for _ in range(50 * n + 100):
        unpaid = net.owed - x
        received = (x + net.recovery * unpaid) @ to_creditor
        if rule == "pass-through":
            lost = due - received
            hit = np.divide(np.maximum(lost - net.means, 0.0), due, out=np.zeros_like(lost), where=due > 0)
            total = owes * (1.0 - np.minimum(hit, 1.0))
            nxt = total[:, net.debtor] * share
        elif rule == "eisenberg-noe":
            total = np.minimum(owes, means + received)
            nxt = total[:, net.debtor] * share
        else:
            left = means + received
            nxt = np.zeros_like(x)
            for k in range(3):
                paid_k = np.minimum(layer_owed[k], np.maximum(left, 0.0))
                left = left - paid_k
                frac = np.divide(paid_k, layer_owed[k], out=np.ones_like(paid_k), where=layer_owed[k] > 0)
                on = net.rank == k
                nxt[:, on] = frac[:, net.debtor[on]] * net.owed[on]
        nxt = np.where(fixed, cap, np.minimum(nxt, cap))
        done = np.abs(nxt - x).max() <= tol
        x = nxt
        if done:
            break
    return x


def node_losses(net: Year, paid: np.ndarray) -> np.ndarray:
    """What each creditor loses (rows: cuts, columns: nodes): the unpaid part of its claims less recoveries."""
    lost = (1.0 - net.recovery) * (net.owed - paid)
    lost[lost < 1e-9] = 0.0  # round-off of the fixed-point iteration
    onto = sparse.csr_matrix(
        (np.ones(len(net.owed)), (np.arange(len(net.owed)), net.creditor)),
        shape=(len(net.owed), len(net.nodes)),
    )
    return np.asarray(lost @ onto)


def node_passed(net: Year, paid: np.ndarray) -> np.ndarray:
    """What each debtor leaves unpaid (rows: cuts, columns: nodes): the part of its losses it passes on."""
    short = net.owed - paid
    short[short < 1e-9] = 0.0
    onto = sparse.csr_matrix(
        (np.ones(len(net.owed)), (np.arange(len(net.owed)), net.debtor)),
        shape=(len(net.owed), len(net.nodes)),
    )
    return np.asarray(short @ onto)


# --- scenarios over years ----------------------------------------------------------------------------


def run(
    ob: pd.DataFrame,
    means: dict[str, float],
    shocked: str = "openai",
    cuts=CUTS,
    rules=tuple(RULES),
    recovery: float = 0.5,
) -> pd.DataFrame:
    """Losses per creditor, rule, cut and year: the whole grid the chart and the tables read.

    `lost_usd_bn` is what the creditor is not paid, net of recoveries; `net_usd_bn` is what it keeps of that
    loss after paying its own creditors less, so summing it over parties counts no dollar twice.
    """
    nodes = tuple(sorted(set(ob["debtor"]) | set(ob["creditor"])))
    cuts = np.atleast_1d(np.asarray(cuts, dtype=float))
    frames = []
    for year, part in ob.groupby("year"):
        net = year_network(part, nodes, means, recovery)
        if shocked not in set(part["debtor"]):
            continue
        for rule in rules:
            paid = clear(net, shocked, cuts, rule)
            lost, passed = node_losses(net, paid), node_passed(net, paid)
            hit = np.flatnonzero(lost.max(axis=0) > 1e-9)
            for i in hit:
                frames.append(
                    pd.DataFrame(
                        {
                            "rule": rule,
                            "year": int(year),
                            "cut": cuts,
                            "company_id": nodes[i],
                            "lost_usd_bn": lost[:, i],
                            "net_usd_bn": lost[:, i] - passed[:, i],
                        }
                    )
                )
    cols = ["rule", "year", "cut", "company_id", "lost_usd_bn", "net_usd_bn"]
    return pd.concat(frames, ignore_index=True)[cols] if frames else pd.DataFrame(columns=cols)


def summarise(grid: pd.DataFrame, scale: pd.DataFrame) -> pd.DataFrame:
    """Per creditor, rule and cut: total loss, peak year and its loss, and the peak as a share of latest annual revenue."""
    g = grid[grid["company_id"].notna()]
    tot = g.groupby(["rule", "cut", "company_id"], as_index=False)[["lost_usd_bn", "net_usd_bn"]].sum()
    peak = g.sort_values(["lost_usd_bn", "year"], ascending=[False, True]).drop_duplicates(
        ["rule", "cut", "company_id"]
    )
    out = tot.merge(
        peak[["rule", "cut", "company_id", "year", "lost_usd_bn"]].rename(
            columns={"year": "peak_year", "lost_usd_bn": "peak_usd_bn"}
        ),
        on=["rule", "cut", "company_id"],
    ).rename(columns={"lost_usd_bn": "total_usd_bn", "net_usd_bn": "total_net_usd_bn"})
    out = out.merge(scale[["company_id", "revenue_usd_bn", "revenue_basis"]], on="company_id", how="left")
    out["peak_revenue_share"] = out["peak_usd_bn"] / out["revenue_usd_bn"]
    out["total_revenue_share"] = out["total_usd_bn"] / out["revenue_usd_bn"]
    return out


# --- the chapter's inputs in one call -------------------------------------------------------------------


def inputs(
    t: dict[str, pd.DataFrame], view: str = "headline", level: str = "base", shocked: str = "openai"
) -> dict:
    """Obligations, outside means and recovery for one view and scenario level, from the loaded tables.

    Balances (cash) are spread evenly over the years in which the shocked party owes anything.
    """
    ex = deals.exclusions(t["flow_exclusions"])
    ob = obligations(
        t["deals"], t["commitment_schedules"], t["stress_schedules"], t["assumptions"], view, ex, level
    )
    n_years = ob.loc[ob["debtor"] == shocked, "year"].nunique()
    return {
        "obligations": ob,
        "means": outside_means(t["outside_resources"], n_years, level),
        "recovery": assumption(t["assumptions"], RECOVERY, level) / 100.0,
    }


def scenario(
    t: dict[str, pd.DataFrame],
    shocked: str = "openai",
    cut: float = 0.5,
    rule: str = "eisenberg-noe",
    view: str = "headline",
    level: str = "base",
) -> pd.DataFrame:
    """Rerun one scenario from the data: each creditor's loss per year, with totals per creditor in year 'total'."""
    i = inputs(t, view, level, shocked)
    grid = run(i["obligations"], i["means"], shocked, [cut], [rule], i["recovery"])
    table = grid.pivot_table(
        index="company_id", columns="year", values="lost_usd_bn", aggfunc="sum", fill_value=0.0
    )
    table["total"] = table.sum(axis=1)
    return table.sort_values("total", ascending=False)


TABLES = (
    "deals",
    "companies",
    "financials",
    "commitment_schedules",
    "stress_schedules",
    "outside_resources",
    "assumptions",
    "flow_exclusions",
    "market_events",
)


def load_tables() -> dict[str, pd.DataFrame]:
    """Every table the stress test reads, validated and typed."""
    from moneyloop import datasets

    return {n: datasets.load(n) for n in TABLES}


def grids(t: dict[str, pd.DataFrame], shocked=("openai", "anthropic"), level: str = "base") -> pd.DataFrame:
    """The full grid for both views and every shocked party the chart offers."""
    frames = []
    for view in ("headline", "binding"):
        for s in shocked:
            i = inputs(t, view, level, s)
            frames.append(
                run(i["obligations"], i["means"], s, CUTS, tuple(RULES), i["recovery"]).assign(
                    view=view, shocked=s
                )
            )
    return pd.concat(frames, ignore_index=True)


# --- tables and the chart -----------------------------------------------------------------------------


def chart_frame(grid: pd.DataFrame, companies: pd.DataFrame, scale: pd.DataFrame) -> pd.DataFrame:
    """The grid with a total per creditor added as period 'total', names, and each loss as a share of latest revenue."""
    g = grid[(grid["company_id"] != grid["shocked"]) & (grid["lost_usd_bn"] > 1e-6)].copy()
    keys = ["view", "shocked", "rule", "cut", "company_id"]
    tot = g.groupby(keys, as_index=False)["lost_usd_bn"].sum().assign(period="total")
    g["period"] = g["year"].astype(str)
    out = pd.concat([g[[*keys, "period", "lost_usd_bn"]], tot], ignore_index=True)
    name = dict(zip(companies["company_id"], companies["name"].map(deals.short_name)))
    out["name"] = out["company_id"].map(name).fillna(out["company_id"])
    out = out.merge(scale[["company_id", "revenue_usd_bn"]], on="company_id", how="left")
    out["revenue_pct"] = (100 * out["lost_usd_bn"] / out["revenue_usd_bn"]).round(1)
    out["cut_pct"] = (100 * out["cut"]).round().astype(int)
    out["lost_usd_bn"] = out["lost_usd_bn"].round(3)
    return out.drop(columns=["cut"])


def wide(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per view, payer, rule, year and creditor, one column per cut ('c0' … 'c100'): small enough to embed."""
    keys = ["view", "shocked", "rule", "period", "company_id", "name", "revenue_usd_bn"]
    w = frame.assign(revenue_usd_bn=frame["revenue_usd_bn"].fillna(-1.0)).pivot_table(
        index=keys, columns="cut_pct", values="lost_usd_bn", aggfunc="sum", fill_value=0.0
    )
    w = w.reindex(columns=[round(100 * x) for x in CUTS], fill_value=0.0)
    w.columns = [f"c{x}" for x in w.columns]
    out = w.reset_index()
    out["revenue_usd_bn"] = out["revenue_usd_bn"].where(out["revenue_usd_bn"] >= 0)
    return out


def stress_chart(frame: pd.DataFrame, companies: pd.DataFrame, cut: int = 50) -> alt.Chart:
    """Bars of each creditor's loss; the reader picks who pays less, by how much, the rule and the year."""
    name = dict(zip(companies["company_id"], companies["name"].map(deals.short_name)))
    payers = sorted(frame["shocked"].unique())
    periods = ["total", *sorted(p for p in frame["period"].unique() if p != "total")]
    who = alt.param(
        name="payer",
        value=payers[0] if "openai" not in payers else "openai",
        bind=alt.binding_select(
            options=payers, labels=[name.get(p, p) for p in payers], name="Who pays less: "
        ),
    )
    size = alt.param(name="cut", value=cut, bind=alt.binding_range(min=0, max=100, step=5, name="By (%): "))
    rule = alt.param(
        name="rule", value="eisenberg-noe", bind=alt.binding_radio(options=list(RULES), name="Rule: ")
    )
    period = alt.param(
        name="period", value="total", bind=alt.binding_select(options=periods, name="Year (or total): ")
    )
    cols = [f"c{round(100 * x)}" for x in CUTS]
    return (
        alt.Chart(wide(frame))
        .transform_fold(cols, as_=["cut_key", "lost_usd_bn"])
        .transform_calculate(
            cut_pct="toNumber(slice(datum.cut_key, 1))",
            revenue_pct="datum.revenue_usd_bn > 0 ? 100 * datum.lost_usd_bn / datum.revenue_usd_bn : null",
        )
        .transform_filter(
            "datum.shocked == payer && datum.cut_pct == cut && datum.rule == rule && datum.period == period"
            " && datum.lost_usd_bn > 0"
        )
        .mark_bar()
        .encode(
            x=alt.X("lost_usd_bn:Q", title="Loss (USD bn)", axis=charts.USD_BN_AXIS),
            y=alt.Y("name:N", title=None, sort="-x"),
            yOffset=alt.YOffset("view:N", sort=["headline", "binding"]),
            color=alt.Color("view:N", title="Contracts counted", sort=["headline", "binding"]),
            tooltip=[
                alt.Tooltip("name:N", title="Creditor"),
                alt.Tooltip("view:N", title="Contracts counted"),
                alt.Tooltip("rule:N", title="Rule"),
                alt.Tooltip("period:N", title="Year"),
                alt.Tooltip("cut_pct:Q", title="Cut (%)"),
                alt.Tooltip("lost_usd_bn:Q", title="Loss (USD bn)", format=",.2f"),
                alt.Tooltip("revenue_pct:Q", title="% of latest annual revenue", format=".1f"),
            ],
        )
        .add_params(who, size, rule, period)
        .properties(height=alt.Step(18))
    )


def closing_table(
    summary: pd.DataFrame, companies: pd.DataFrame, who: list[str], cuts=(0.25, 0.5)
) -> pd.DataFrame:
    """Per cut and creditor, one column per rule: loss in the peak year (which year, share of latest annual revenue) and in total."""
    from moneyloop import fmt

    name = dict(zip(companies["company_id"], companies["name"].map(deals.short_name)))
    s = summary.assign(cut=summary["cut"].round(2)).set_index(["cut", "company_id", "rule"])

    def cell(cut: float, company: str, rule: str) -> str:
        if (round(cut, 2), company, rule) not in s.index or s.loc[
            (round(cut, 2), company, rule), "total_usd_bn"
        ] <= 0:
            return "none"
        r = s.loc[(round(cut, 2), company, rule)]
        peak = f"{fmt.usd_bn(r['peak_usd_bn'])} in {r['peak_year']}"
        if pd.notna(r["revenue_usd_bn"]):
            peak += f" ({fmt.share(r['peak_revenue_share'])} of a year's revenue)"
        return f"{peak}; {fmt.usd_bn(r['total_usd_bn'])} over all years"

    rows = [
        {"Cut": fmt.share(cut), "Creditor": name.get(w, w)} | {rule: cell(cut, w, rule) for rule in RULES}
        for cut in cuts
        for w in who
    ]
    return pd.DataFrame(rows)


# --- market reaction: dated moves, benchmarks where the data hold one ------------------------------------


def results_days(financials: pd.DataFrame) -> set[tuple[str, pd.Timestamp]]:
    """(company, date) pairs on which the data record a results release reported to the day."""
    f = financials[financials["reported_on_precision"].astype(str) == "day"]
    return set(zip(f["company_id"].astype(str), pd.to_datetime(f["reported_on"])))


def on_results_day(events: pd.DataFrame, financials: pd.DataFrame) -> pd.Series:
    """True where a single-stock move falls on a results release or the next business day (an after-close release)."""
    days = results_days(financials)
    prev = pd.to_datetime(events["date"]) - pd.offsets.BDay(1)
    return pd.Series(
        [
            (str(c), pd.Timestamp(d)) in days or (str(c), pd.Timestamp(p)) in days
            for c, d, p in zip(events["company_id"], pd.to_datetime(events["date"]), prev)
        ],
        index=events.index,
    )


def benchmarked(events: pd.DataFrame) -> pd.DataFrame:
    """Single-stock moves that have an index move in the data on the same date and window, and the excess over it."""
    stock = events[events["company_id"].notna()].drop(columns=["scope"]).copy()
    index = events[events["company_id"].isna() & events["close_change_pct"].notna()]
    stock["move_pct"] = stock["close_change_pct"]
    pairs = stock.dropna(subset=["move_pct"]).merge(
        index[["date", "window", "scope", "close_change_pct", "sources"]].rename(
            columns={"close_change_pct": "benchmark_pct", "sources": "benchmark_sources"}
        ),
        on=["date", "window"],
    )
    pairs["excess_pp"] = pairs["move_pct"] - pairs["benchmark_pct"]
    cols = ["event_id", "date", "window", "company_id", "move_pct", "scope", "benchmark_pct", "excess_pp"]
    return pairs[[*cols, "related_deal_id", "sources", "benchmark_sources"]].sort_values(["date", "event_id"])


# --- the chapter's numbers in one place -----------------------------------------------------------------

FINANCE_KINDS = ("lender", "bond-investors", "vehicle", "data-centre-operator")
"""Company kinds reported as lenders and lessors: banks, bondholders, financing vehicles and site owners."""


def second_round(summary: pd.DataFrame, direct: set[str]) -> pd.DataFrame:
    """Per rule and cut: losses kept by parties the shocked one does not owe directly (net, so no dollar twice)."""
    s = summary[~summary["company_id"].isin(direct)]
    out = s.groupby(["rule", "cut"], as_index=False)["total_net_usd_bn"].sum()
    out = out.rename(columns={"total_net_usd_bn": "total_usd_bn"})
    full = pd.MultiIndex.from_product([list(RULES), sorted(summary["cut"].unique())], names=["rule", "cut"])
    return out.set_index(["rule", "cut"]).reindex(full, fill_value=0.0).reset_index()


def key_numbers(t: dict[str, pd.DataFrame], shocked: str = "openai") -> dict:
    """Every number, table and frame the stress-test sections quote, computed from the data."""
    grid = grids(t)
    scale = deals.company_scale(t["financials"], sorted(set(grid["company_id"])))
    k: dict = {"grid": grid, "scale": scale}
    k["frame"] = chart_frame(grid, t["companies"], scale)
    k["inputs"] = {v: inputs(t, v, "base", shocked) for v in ("headline", "binding")}
    k["summary"] = {
        v: summarise(grid[(grid["view"] == v) & (grid["shocked"] == shocked)], scale)
        for v in ("headline", "binding")
    }
    ob = k["inputs"]["headline"]["obligations"]
    direct = set(ob.loc[ob["debtor"] == shocked, "creditor"]) | {shocked}
    k["direct"] = direct
    k["second_round"] = {v: second_round(s, direct) for v, s in k["summary"].items()}
    kinds = dict(zip(t["companies"]["company_id"], t["companies"]["kind"].astype(str)))
    hit = set(k["summary"]["headline"].query("total_usd_bn > 0")["company_id"])
    k["finance"] = sorted(c for c in hit if kinds.get(c) in FINANCE_KINDS)
    k["levels"] = {}
    for level in ("low", "high"):
        i = inputs(t, "headline", level, shocked)
        g = run(i["obligations"], i["means"], shocked, [0.25, 0.5], tuple(RULES), i["recovery"])
        k["levels"][level] = summarise(g, scale)
    return k


def loss(summary: pd.DataFrame, company: str, cut: float, rule: str) -> pd.Series:
    """One creditor's summary row (total, peak year and its loss, revenue share); zeros if it loses nothing."""
    s = summary[
        (summary["company_id"] == company)
        & (summary["cut"].round(2) == round(cut, 2))
        & (summary["rule"] == rule)
    ]
    if s.empty:
        return pd.Series(
            {"total_usd_bn": 0.0, "peak_usd_bn": 0.0, "peak_year": None, "peak_revenue_share": np.nan}
        )
    return s.iloc[0]
