"""Market concentration: top-N shares, HHI and effective N, NVIDIA against GDP, and who is exposed."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from moneyloop import charts, fmt

# The "Magnificent Seven", by company_id in companies.csv (Alphabet is `google`, both share classes).
MAG7 = ("apple", "microsoft", "google", "amazon", "nvidia", "meta", "tesla")
INDEX_NAMES = {"sp500": "S&P 500", "nasdaq100": "Nasdaq-100"}
_TOL = 0.05  # percentage points of rounding slack when published weights are summed


# --- weights: shares, HHI, effective number -------------------------------------------------


def _weights(weights: pd.DataFrame | pd.Series | list[float]) -> pd.Series:
    """Weights in percent as a float Series; rejects missing or negative values and totals above 100."""
    w = (
        pd.Series(weights, dtype="float64")
        if not isinstance(weights, pd.Series)
        else weights.astype("float64")
    )
    if w.empty:
        raise ValueError("no weights given")
    if w.isna().any():
        raise ValueError("a weight is missing; drop the constituent or find its weight")
    if (w < 0).any():
        raise ValueError("weights cannot be negative")
    if w.sum() > 100 + _TOL:
        raise ValueError(f"weights add up to {w.sum():.2f}%, more than the whole index")
    return w.reset_index(drop=True)


def by_company(snapshot: pd.DataFrame) -> pd.Series:
    """Weights summed per company (share classes of one issuer, e.g. Alphabet A and C, count once)."""
    key = snapshot["company_id"].fillna(snapshot["constituent"])
    return snapshot.groupby(key, sort=False)["weight_pct"].sum().sort_values(ascending=False, kind="stable")


def top_n_share(weights: pd.Series | list[float], n: int) -> float:
    """Combined weight (percent) of the n largest; needs at least n weights, since unlisted ones are unknown."""
    w = _weights(weights)
    if n < 1:
        raise ValueError("n must be at least 1")
    if len(w) < n:
        raise ValueError(f"only {len(w)} weights listed; the top {n} cannot be known")
    return float(w.sort_values(ascending=False).head(n).sum())


def group_share(snapshot: pd.DataFrame, members: tuple[str, ...] = MAG7) -> float:
    """Combined weight (percent) of a named group; every member must be listed in the snapshot."""
    per = by_company(snapshot)
    missing = [m for m in members if m not in per.index]
    if missing:
        raise ValueError(f"snapshot does not list {', '.join(missing)}")
    return float(per[list(members)].sum())


def hhi(weights: pd.Series | list[float]) -> float:
    """Herfindahl-Hirschman index in points (0-10,000) from a complete set of weights in percent."""
    w = _weights(weights)
    if abs(w.sum() - 100) > _TOL * max(len(w), 1):
        raise ValueError(f"weights add up to {w.sum():.2f}%, not 100%; use hhi_bounds for a partial list")
    return float((w**2).sum())


def effective_n(weights: pd.Series | list[float]) -> float:
    """Effective number of constituents, 10,000 / HHI: how many equal weights would be as concentrated."""
    return 10_000 / hhi(weights)


def hhi_bounds(weights: pd.Series | list[float], n_constituents: int | None = None) -> tuple[float, float]:
    """Lowest and highest HHI (points) consistent with a partial list of the largest weights.

    The unlisted remainder R contributes at least R^2/m if spread evenly over the m unlisted names
    (0 when their number is unknown) and at most R times the smallest listed weight, since no unlisted
    name can outweigh a listed one.
    """
    w = _weights(weights)
    listed = float((w**2).sum())
    rest = max(100 - float(w.sum()), 0.0)
    if rest <= _TOL:
        return listed, listed
    low = listed
    if n_constituents is not None:
        m = n_constituents - len(w)
        if m < 1:
            raise ValueError(
                f"{len(w)} weights listed for {n_constituents} constituents but {rest:.2f}% is unaccounted for"
            )
        low += rest**2 / m
    return low, listed + rest * float(w.min())


def effective_n_bounds(
    weights: pd.Series | list[float], n_constituents: int | None = None
) -> tuple[float, float]:
    """Fewest and most effective constituents consistent with a partial list (10,000 / HHI bounds)."""
    low, high = hhi_bounds(weights, n_constituents)
    return 10_000 / high, (10_000 / low if low > 0 else math.inf)


def weight_above(weights: pd.Series, threshold_pct: float) -> float:
    """Combined weight (percent) of the issuers individually above a threshold (the Nasdaq-100 4.5% test)."""
    w = _weights(weights)
    return float(w[w > threshold_pct].sum())


def snapshot_metrics(index_weights: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """One row per published snapshot: coverage, top-n and Mag 7 shares, largest name, HHI and effective-N bounds."""
    rows = []
    for snap, g in index_weights.groupby("snapshot", sort=False):
        g = g.sort_values("rank")
        per = by_company(g)
        low, high = hhi_bounds(per)
        has_mag7 = all(m in per.index for m in MAG7)
        top = g.iloc[0]
        rows.append(
            {
                "snapshot": snap,
                "index": g["index"].iloc[0],
                "basis": g["basis"].iloc[0],
                "provider": g["provider"].iloc[0],
                "date": g["date"].iloc[0],
                "date_precision": g["date_precision"].iloc[0],
                "lines": len(g),
                "companies": len(per),
                "listed_pct": float(per.sum()),
                "unlisted_pct": max(100 - float(per.sum()), 0.0),
                f"top{n}_pct": top_n_share(per, n) if len(per) >= n else math.nan,
                "mag7_pct": group_share(g) if has_mag7 else math.nan,
                "largest": str(top["constituent"]),
                "largest_company_id": top["company_id"],
                "largest_pct": float(per.iloc[0]),
                "hhi_low": low,
                "hhi_high": high,
                "eff_n_low": 10_000 / high,
                "eff_n_high": 10_000 / low,
                "sources": ";".join(dict.fromkeys(";".join(g["sources"]).split(";"))),
            }
        )
    return pd.DataFrame(rows)


# --- provider readings ----------------------------------------------------------------------

_QUAL = {"exact": "{}", "about": "about {}", "above": "more than {}", "below": "almost {}"}


def qualified_pct(value: float, qualifier: str) -> str:
    """A reading as the source states it: '35.8%', 'about 27%', 'more than 40%', 'almost 40%'."""
    digits = 0 if float(value).is_integer() else (2 if round(value, 1) != value else 1)
    return _QUAL[str(qualifier)].format(fmt.pct(value, digits))


def readings(concentration: pd.DataFrame, index: str, measure: str, basis: str | None = None) -> pd.DataFrame:
    """Provider readings of one measure for one index, oldest first, each labelled with its provider."""
    sel = (concentration["index"] == index) & (concentration["measure"] == measure)
    if basis:
        sel &= concentration["basis"] == basis
    out = concentration[sel].sort_values(["date", "provider"]).reset_index(drop=True)
    out["label"] = [qualified_pct(v, q) for v, q in zip(out["value_pct"], out["qualifier"])]
    return out


def latest(concentration: pd.DataFrame, index: str, measure: str, basis: str | None = None) -> pd.Series:
    """The most recent reading (ties on date: the highest value, as the sources then agree on a floor)."""
    r = readings(concentration, index, measure, basis)
    if r.empty:
        raise KeyError(f"no {measure} readings for {index}")
    return r.sort_values(["date", "value_pct"]).iloc[-1]


def reading_at(
    concentration: pd.DataFrame, index: str, measure: str, point: str, provider: str | None = None
) -> pd.Series:
    """The one reading for a named point (e.g. 'dot-com peak'); raises unless exactly one matches."""
    r = readings(concentration, index, measure)
    r = r[r["point"] == point]
    if provider:
        r = r[r["provider"] == provider]
    if len(r) != 1:
        raise KeyError(f"{len(r)} readings of {measure} for {index} at {point!r}")
    return r.iloc[0]


def top10_history(concentration: pd.DataFrame, index_weights: pd.DataFrame) -> pd.DataFrame:
    """S&P 500 top-10 readings by provider, plus top-10 shares summed here from published year-end weights."""
    rep = readings(concentration, "sp500", "top10-share")[
        ["date", "date_precision", "provider", "point", "qualifier", "value_pct", "label", "sources"]
    ]
    m = snapshot_metrics(index_weights)
    m = m[(m["index"] == "sp500") & m["top10_pct"].notna()]
    calc = pd.DataFrame(
        {
            "date": m["date"],
            "date_precision": m["date_precision"],
            "provider": m["provider"] + " (weights summed here)",
            "point": "top-10 table",
            "qualifier": "exact",
            "value_pct": m["top10_pct"].round(2),
            "label": [fmt.pct(v, 1) for v in m["top10_pct"]],
            "sources": m["sources"],
        }
    )
    out = pd.concat([rep, calc], ignore_index=True).sort_values(["date", "provider"]).reset_index(drop=True)
    out["qualifier"] = out["qualifier"].astype(str)
    return out


def largest_weights(concentration: pd.DataFrame, index_weights: pd.DataFrame) -> pd.DataFrame:
    """Largest single-stock weights in the S&P 500: provider readings plus the top name of each weights table."""
    rep = readings(concentration, "sp500", "largest-weight")
    rep = rep[
        [
            "date",
            "date_precision",
            "constituent",
            "company_id",
            "qualifier",
            "value_pct",
            "label",
            "provider",
            "note",
            "sources",
        ]
    ]
    m = snapshot_metrics(index_weights)
    m = m[m["index"] == "sp500"]
    calc = pd.DataFrame(
        {
            "date": m["date"],
            "date_precision": m["date_precision"],
            "constituent": m["largest"],
            "company_id": m["largest_company_id"],
            "qualifier": "exact",
            "value_pct": m["largest_pct"],
            "label": [fmt.pct(v, 1) for v in m["largest_pct"]],
            "provider": m["provider"],
            "note": "Top name of the published weights table",
            "sources": m["sources"],
        }
    )
    out = pd.concat([rep, calc], ignore_index=True).sort_values("date").reset_index(drop=True)
    out["qualifier"] = out["qualifier"].astype(str)
    return out


def record_weight(largest: pd.DataFrame, before: str | pd.Timestamp) -> pd.Series:
    """The highest largest-stock weight dated before a given day."""
    prior = largest[largest["date"] < pd.Timestamp(before)]
    if prior.empty:
        raise KeyError(f"no largest-weight readings before {before}")
    return prior.sort_values(["value_pct", "date"]).iloc[-1]


# --- market value against GDP ----------------------------------------------------------------


def _edition(gdp: pd.DataFrame, edition: str, year: int) -> pd.DataFrame:
    sel = gdp[(gdp["edition"] == edition) & (gdp["year"] == year) & (gdp["entity"] == "country")]
    if sel.empty:
        raise KeyError(f"no country GDP rows for edition {edition!r}, year {year}")
    return sel


def gdp_cross_section(gdp: pd.DataFrame, estimate: str) -> tuple[str, int]:
    """The latest edition with figures of one kind ('actual' or 'projection') and the year it gives for most economies."""
    rows = gdp[gdp["estimate"] == estimate]
    if rows.empty:
        raise LookupError(f"no {estimate} GDP figures")
    edition = max(rows["edition"].unique(), key=lambda e: (str(e)[-7:], str(e)))
    counts = rows[rows["edition"] == edition].groupby("year").size().sort_index()
    return str(edition), int(counts[counts == counts.max()].index.max())


def economies_larger(value_usd_bn: float, gdp: pd.DataFrame, edition: str, year: int) -> pd.DataFrame:
    """Countries whose GDP exceeds a value (strictly), largest first; refuses values below the table's floor."""
    sel = _edition(gdp, edition, year)
    if value_usd_bn < sel["gdp_usd_bn"].min():
        raise ValueError(
            f"{value_usd_bn} is below the smallest economy listed for {edition} {year}; "
            "the table does not hold every larger economy, so no rank can be given"
        )
    return (
        sel[sel["gdp_usd_bn"] > value_usd_bn]
        .sort_values("gdp_usd_bn", ascending=False)
        .reset_index(drop=True)
    )


def gdp_rank(value_usd_bn: float, gdp: pd.DataFrame, edition: str, year: int) -> int:
    """Where a value would rank among countries' GDP (1 = above every economy; a tie ranks with the country)."""
    return len(economies_larger(value_usd_bn, gdp, edition, year)) + 1


def share_of_gdp(value_usd_bn: float, gdp: pd.DataFrame, code: str, edition: str, year: int) -> float:
    """A value as a percent of one economy's GDP (a stock set against a yearly flow: an illustration only)."""
    sel = gdp[(gdp["economy_code"] == code) & (gdp["edition"] == edition) & (gdp["year"] == year)]
    if len(sel) != 1:
        raise KeyError(f"no single GDP row for {code} {edition} {year}")
    return 100 * value_usd_bn / float(sel["gdp_usd_bn"].iloc[0])


def milestones(market_values: pd.DataFrame, company_id: str = "nvidia") -> pd.DataFrame:
    """Market-cap milestone rows of one company (first $1T, $2T, ...), oldest first."""
    mv = market_values[(market_values["company_id"] == company_id) & (market_values["kind"] == "market-cap")]
    return mv[mv["milestone"].notna() & (mv["milestone"] != "")].sort_values("date").reset_index(drop=True)


def first_passing(market_values: pd.DataFrame, company_id: str, gdp_usd_bn: float) -> pd.Series:
    """The first market-cap row of a company above a GDP figure."""
    mv = market_values[
        (market_values["company_id"] == company_id)
        & (market_values["kind"] == "market-cap")
        & (market_values["market_value_usd_bn"] > gdp_usd_bn)
    ]
    if mv.empty:
        raise KeyError(f"{company_id} never exceeds {gdp_usd_bn}")
    return mv.sort_values("date").iloc[0]


# --- exposure --------------------------------------------------------------------------------


def figure(context: pd.DataFrame, figure_id: str) -> pd.Series:
    """One context figure by id."""
    sel = context[context["figure_id"] == figure_id]
    if len(sel) != 1:
        raise KeyError(f"no context figure {figure_id!r}")
    return sel.iloc[0]


def exposure_usd_bn(assets_usd_bn: float, share_pct: float, held_in_index_pct: float = 100.0) -> float:
    """Assets x share of the index x fraction of the assets assumed to track the index (USD bn)."""
    for name, v in (("share_pct", share_pct), ("held_in_index_pct", held_in_index_pct)):
        if not 0 <= v <= 100:
            raise ValueError(f"{name} must be a percent between 0 and 100, got {v}")
    if assets_usd_bn < 0:
        raise ValueError("assets cannot be negative")
    return assets_usd_bn * share_pct / 100 * held_in_index_pct / 100


def per_thousand(share_pct: float) -> float:
    """Dollars out of every $1,000 in an index fund that sit in holdings with this combined weight."""
    return exposure_usd_bn(1000, share_pct)


def seed_claims(claims: pd.DataFrame, topic: str = "concentration") -> pd.DataFrame:
    """The claims-ledger rows of one topic."""
    return claims[claims["topic"] == topic].reset_index(drop=True)


def claim(claims: pd.DataFrame, claim_id: str) -> pd.Series:
    """One claims-ledger row by id."""
    sel = claims[claims["claim_id"] == claim_id]
    if len(sel) != 1:
        raise KeyError(f"no claim {claim_id!r}")
    return sel.iloc[0]


# --- charts ----------------------------------------------------------------------------------

_SHAPES = {"exact": "circle", "about": "diamond", "above": "triangle-up", "below": "triangle-down"}


def chart_top10(history: pd.DataFrame) -> alt.LayerChart:
    """Top-10 share of the S&P 500 by date, one colour per provider, shape by how the value is stated."""
    df = history.assign(year=history["date"].dt.year)
    base = alt.Chart(df)
    tip = [
        alt.Tooltip("provider:N", title="Provider"),
        alt.Tooltip("date:T", title="Date", format="%Y-%m-%d"),
        alt.Tooltip("point:N", title="Point"),
        alt.Tooltip("label:N", title="Top-10 share"),
        alt.Tooltip("sources:N", title="Sources"),
    ]
    pts = base.mark_point(filled=True, size=110, opacity=0.9).encode(
        x=alt.X("date:T", title="Year", axis=alt.Axis(format="%Y", tickCount=10)),
        y=alt.Y("value_pct:Q", title="Top-10 share of the S&P 500 (%)", scale=alt.Scale(domain=[0, 45])),
        color=alt.Color(
            "provider:N",
            title=None,
            legend=alt.Legend(columns=2),
            scale=alt.Scale(range=charts.PALETTE + [charts.GREY, "#7F3C8D"]),
        ),
        shape=alt.Shape(
            "qualifier:N",
            title="Value stated as",
            scale=alt.Scale(domain=list(_SHAPES), range=list(_SHAPES.values())),
        ),
        tooltip=tip,
    )
    return alt.layer(pts).properties(height=340)


YEARLY_AXIS = alt.Axis(format="%Y", tickCount={"interval": "year", "step": 1})
"""A time axis with one tick per calendar year (a year-only label on half-year ticks would repeat)."""


def chart_mag7(mag7: pd.DataFrame, cap_pct: float, seed_pct: float) -> alt.LayerChart:
    """Magnificent Seven weight in the S&P 500 and the Nasdaq-100 over time, against the seed's figure and the cap."""
    tip = [
        alt.Tooltip("series:N", title="Series"),
        alt.Tooltip("provider:N", title="Provider"),
        alt.Tooltip("date:T", title="Date", format="%Y-%m-%d"),
        alt.Tooltip("point:N", title="Point"),
        alt.Tooltip("label:N", title="Share"),
    ]
    pts = (
        alt.Chart(mag7)
        .mark_point(filled=True, size=100)
        .encode(
            x=alt.X("date:T", title="Year", axis=YEARLY_AXIS),
            y=alt.Y("value_pct:Q", title="Magnificent Seven share (%)", scale=alt.Scale(domain=[0, 80])),
            color=alt.Color("series:N", title=None, legend=alt.Legend(columns=1)),
            shape=alt.Shape("series:N", title=None),
            tooltip=tip,
        )
    )
    refs = pd.DataFrame(
        {
            "value_pct": [seed_pct, cap_pct],
            "text": [
                f"Seed claim: {fmt.pct(seed_pct)} of the Nasdaq-100",
                f"Nasdaq-100 cap on names above the threshold: {fmt.pct(cap_pct)}",
            ],
        }
    )
    rule = (
        alt.Chart(refs)
        .mark_rule(color=charts.GREY, strokeDash=[5, 4])
        .encode(y="value_pct:Q", tooltip=["text:N"])
    )
    text = (
        alt.Chart(refs)
        .mark_text(align="left", dx=4, dy=-7, color="#444")
        .encode(y="value_pct:Q", x=alt.value(4), text="text:N")
    )
    return alt.layer(rule, text, pts).properties(height=340)


def chart_largest(largest: pd.DataFrame) -> alt.LayerChart:
    """Largest single-stock weight in the S&P 500 at dated points, labelled with the stock."""
    df = largest.assign(when=largest["date"].dt.strftime("%Y-%m"), name=largest["constituent"])
    df["caption"] = df["name"] + " " + df["label"]
    tip = [
        alt.Tooltip("name:N", title="Stock"),
        alt.Tooltip("date:T", title="Date", format="%Y-%m-%d"),
        alt.Tooltip("label:N", title="Weight"),
        alt.Tooltip("provider:N", title="Provider"),
    ]
    base = alt.Chart(df).encode(y=alt.Y("when:N", title="Date (year-month)", sort=None), tooltip=tip)
    bars = base.mark_bar(color=charts.PALETTE[0]).encode(
        x=alt.X(
            "value_pct:Q",
            title="Weight of the largest stock in the S&P 500 (%)",
            scale=alt.Scale(domain=[0, 10]),
            axis=alt.Axis(values=list(range(11))),
        )
    )
    text = base.mark_text(align="left", dx=4, color="#333").encode(x="value_pct:Q", text="caption:N")
    return alt.layer(bars, text).properties(height=alt.Step(26))


def chart_gdp(gdp_rows: pd.DataFrame, marks: pd.DataFrame) -> alt.LayerChart:
    """Countries' GDP as bars with NVIDIA's market values as vertical rules (a stock against a flow)."""
    tip = [alt.Tooltip("economy:N", title="Economy"), charts.usd_tooltip("gdp_usd_bn", "GDP")]
    bars = (
        alt.Chart(gdp_rows)
        .mark_bar(color=charts.PALETTE[5])
        .encode(
            x=alt.X(
                "gdp_usd_bn:Q",
                title="GDP in 2025, IMF April 2025 projection (USD bn)",
                axis=charts.USD_BN_AXIS,
            ),
            y=alt.Y("economy:N", title=None, sort="-x"),
            tooltip=tip,
        )
    )
    mtip = [alt.Tooltip("label:N", title="NVIDIA"), charts.usd_tooltip("market_value_usd_bn", "Market value")]
    rule = (
        alt.Chart(marks)
        .mark_rule(strokeWidth=2.5, strokeDash=[6, 3])
        .encode(
            x="market_value_usd_bn:Q",
            color=alt.Color(
                "label:N",
                title="NVIDIA market value",
                scale=alt.Scale(range=[charts.PALETTE[3], charts.PALETTE[4], charts.PALETTE[7]]),
                legend=alt.Legend(columns=1),
            ),
            tooltip=mtip,
        )
    )
    return alt.layer(bars, rule).properties(height=alt.Step(28))


def chart_mag7_bases(bases: pd.DataFrame, seed_pct: float) -> alt.LayerChart:
    """The Magnificent Seven's share on each basis as bars, with the seed's figure as a dashed rule."""
    tip = [
        alt.Tooltip("measure:N", title="Measure"),
        alt.Tooltip("label:N", title="Share"),
        alt.Tooltip("as_of:N", title="As of"),
        alt.Tooltip("provider:N", title="Provider"),
    ]
    base = alt.Chart(bases).encode(y=alt.Y("measure:N", title=None, sort=None), tooltip=tip)
    bars = base.mark_bar(color=charts.PALETTE[0]).encode(
        x=alt.X("value_pct:Q", title="Magnificent Seven share (%)", scale=alt.Scale(domain=[0, 100]))
    )
    text = base.mark_text(align="left", dx=4, color="#333").encode(x="value_pct:Q", text="label:N")
    ref = pd.DataFrame({"value_pct": [seed_pct], "text": [f"Seed: {fmt.pct(seed_pct)} of the Nasdaq-100"]})
    rule = (
        alt.Chart(ref)
        .mark_rule(color=charts.PALETTE[3], strokeDash=[6, 3], strokeWidth=2)
        .encode(x="value_pct:Q", tooltip=["text:N"])
    )
    rtext = (
        alt.Chart(ref)
        .mark_text(align="right", dx=-4, baseline="top", color=charts.PALETTE[3])
        .encode(x="value_pct:Q", y=alt.value(2), text="text:N")
    )
    return alt.layer(bars, text, rule, rtext).properties(height=alt.Step(44))


def mag7_bases(concentration: pd.DataFrame, metrics: pd.DataFrame) -> pd.DataFrame:
    """Latest Mag 7 share on each basis: S&P 500 weight, Nasdaq-100 weight, Nasdaq-100 raw market value."""
    rows = []
    for index, name in (("sp500", "S&P 500, index weight"), ("nasdaq100", "Nasdaq-100, index weight")):
        r = latest(concentration, index, "mag7-share", "index-weight")
        rows.append(
            {
                "measure": name,
                "value_pct": float(r["value_pct"]),
                "label": r["label"],
                "as_of": fmt.dated(r["date"], r["date_precision"]),
                "provider": r["provider"],
                "sources": r["sources"],
            }
        )
    raw = metrics[
        (metrics["index"] == "nasdaq100")
        & (metrics["basis"] == "raw-market-value")
        & metrics["mag7_pct"].notna()
    ]
    if not raw.empty:
        lo, hi = raw["mag7_pct"].min(), raw["mag7_pct"].max()
        rows.append(
            {
                "measure": "Nasdaq-100, raw market value",
                "value_pct": float(hi),
                "label": fmt.pct(lo, 1) + (f" to {fmt.pct(hi, 1)}" if hi != lo else ""),
                "as_of": "undated 2025 snapshots",
                "provider": ", ".join(raw["provider"].unique()),
                "sources": ";".join(dict.fromkeys(raw["sources"])),
            }
        )
    return pd.DataFrame(rows)


def mag7_history(concentration: pd.DataFrame) -> pd.DataFrame:
    """Mag 7 index-weight readings for both indices, labelled by series for a timeline."""
    parts = []
    for index in ("sp500", "nasdaq100"):
        r = readings(concentration, index, "mag7-share", "index-weight")
        parts.append(r.assign(series=INDEX_NAMES[index] + ", index weight"))
    out = pd.concat(parts, ignore_index=True)
    out["qualifier"] = out["qualifier"].astype(str)
    return out[
        [
            "series",
            "date",
            "date_precision",
            "provider",
            "point",
            "qualifier",
            "value_pct",
            "label",
            "sources",
        ]
    ]


def mag7_bases_alt(bases: pd.DataFrame, seed_pct: float) -> str:
    """Alt text of the bases chart, from its rows: each basis's share and the seed's line."""
    bars = "; ".join(f"{r.measure} {r.label} ({r.as_of})" for r in bases.itertuples())
    return f"Bars: {bars}; a dashed line at {fmt.pct(seed_pct)} marks the seed's claim."


def mag7_history_alt(mag7: pd.DataFrame, cap_pct: float, seed_pct: float) -> str:
    """Alt text of the Magnificent Seven timeline, from its rows: each series' range and the two reference lines."""
    parts = []
    for series, g in mag7.groupby("series", sort=False):
        g = g.sort_values("date")
        parts.append(
            f"{series} from {fmt.pct(g['value_pct'].iloc[0], 1)} in {g['date'].iloc[0]:%Y} to "
            f"{fmt.pct(g['value_pct'].iloc[-1], 1)} in {g['date'].iloc[-1]:%Y}, between "
            f"{fmt.pct(g['value_pct'].min(), 1)} and {fmt.pct(g['value_pct'].max(), 1)}"
        )
    return (
        f"Points from {mag7['date'].min():%Y} to {mag7['date'].max():%Y}: "
        + "; ".join(parts)
        + f"; dashed lines at {fmt.pct(cap_pct)} (cap) and {fmt.pct(seed_pct)} (seed claim)."
    )


# --- display tables (formatted text; the page escapes it) ------------------------------------


def metrics_table(metrics: pd.DataFrame) -> pd.DataFrame:
    """Snapshot metrics as a readable table: coverage, shares, largest name and effective-N range."""

    def opt(v):
        return "–" if pd.isna(v) else fmt.pct(v, 1)

    return pd.DataFrame(
        {
            "Index": metrics["index"].map(INDEX_NAMES),
            "As of": [fmt.dated(d, p) for d, p in zip(metrics["date"], metrics["date_precision"])],
            "Basis": metrics["basis"].str.replace("-", " "),
            "Provider": metrics["provider"],
            "Names listed": [fmt.count(n) for n in metrics["companies"]],
            "Weight listed": [fmt.pct(v, 1) for v in metrics["listed_pct"]],
            "Top 10": [opt(v) for v in metrics["top10_pct"]],
            "Mag 7": [opt(v) for v in metrics["mag7_pct"]],
            "Largest": [
                f"{n} {fmt.pct(v, 2 if round(v, 1) != v else 1)}"
                for n, v in zip(metrics["largest"], metrics["largest_pct"])
            ],
            "Effective N": [
                f"{fmt.num(lo, 2)} to {fmt.num(hi, 2)}" if math.isfinite(hi) else f"at least {fmt.num(lo, 2)}"
                for lo, hi in zip(metrics["eff_n_low"], metrics["eff_n_high"])
            ],
        }
    )


def milestones_table(ms: pd.DataFrame) -> pd.DataFrame:
    """Market-value milestones as a readable table."""
    return pd.DataFrame(
        {
            "Date": [fmt.dated(d, p) for d, p in zip(ms["date"], ms["date_precision"])],
            "Milestone": ms["milestone"],
            "Market value": [fmt.usd_bn(v) for v in ms["market_value_usd_bn"]],
            "Price basis": ms["price_basis"].astype(str),
            "Sources": ms["sources"],
        }
    )


def claims_table(cl: pd.DataFrame) -> pd.DataFrame:
    """The chapter's seed claims with verdicts, as a readable table."""
    return pd.DataFrame(
        {
            "Claim": cl["claim_id"],
            "Seed says": cl["claim"],
            "Seed value": cl["seed_value_text"],
            "Verified": cl["verified_value_text"].fillna("–"),
            "Verdict": cl["verdict"].astype(str),
        }
    )


def range_between(history: pd.DataFrame, start: str, end: str | None = None) -> tuple[float, float]:
    """Lowest and highest reading dated from start to end (inclusive), across all providers."""
    sel = history[
        (history["date"] >= pd.Timestamp(start)) & ((history["date"] <= pd.Timestamp(end)) if end else True)
    ]
    if sel.empty:
        raise KeyError(f"no readings between {start} and {end}")
    return float(sel["value_pct"].min()), float(sel["value_pct"].max())


def month_list(dates: pd.Series) -> str:
    """Distinct months as running text, the year written once when shared: 'October and November 2025'."""
    months = sorted({pd.Timestamp(d).to_period("M") for d in dates})
    if not months:
        raise ValueError("no dates")
    if len({m.year for m in months}) == 1:
        names = [f"{m:%B}" for m in months]
        head = ", ".join(names[:-1])
        return (f"{head} and {names[-1]}" if head else names[-1]) + f" {months[-1].year}"
    names = [f"{m:%B %Y}" for m in months]
    return ", ".join(names[:-1]) + f" and {names[-1]}"


def economy_list(larger: pd.DataFrame) -> str:
    """Economy names as running text: 'the United States, China and Germany'."""
    names = [("the " + n if n.startswith("United ") else n) for n in larger["economy"]]
    if not names:
        raise ValueError("no economies to list")
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def earnings_vs_value(concentration: pd.DataFrame, index: str = "sp500", group: str = "mag7") -> pd.DataFrame:
    """A group's share of index earnings beside its share of market value, from the same provider and date.

    The ratio of value share to earnings share says how much more richly the group is priced than the rest
    of the index: 1 means its weight is fully matched by its earnings.
    """
    value = readings(concentration, index, f"{group}-share", "index-weight")
    earn = readings(concentration, index, f"{group}-earnings-share")
    both = earn.merge(value, on=["provider", "date"], suffixes=("_earnings", "_value"))
    if both.empty:
        raise KeyError(f"no {group} earnings share with a matching market-value share for {index}")
    return pd.DataFrame(
        {
            "provider": both["provider"],
            "date": both["date"],
            "date_precision": both["date_precision_value"],
            "value_share_pct": both["value_pct_value"],
            "earnings_share_pct": both["value_pct_earnings"],
            "value_to_earnings": both["value_pct_value"] / both["value_pct_earnings"],
            "sources": both["sources_earnings"],
        }
    )


EARNINGS_GROUPS = {
    "top10": "ten largest stocks",
    "mag7": "Magnificent Seven",
    "it-sector": "information-technology sector",
}
"""Groups whose share of index earnings the data can set beside their share of market value."""


def earnings_pairs(
    concentration: pd.DataFrame, index: str = "sp500", max_gap_days: int = 200
) -> pd.DataFrame:
    """Each group's share of index earnings beside the same provider's market-value share nearest in date.

    Most pairs share a date; where a provider gives the two peaks in different months (the dot-com technology
    sector), the pair is kept if they are at most `max_gap_days` apart and the gap is reported.
    """
    rows = []
    for group, name in EARNINGS_GROUPS.items():
        value = readings(concentration, index, f"{group}-share", "index-weight")
        for _, e in readings(concentration, index, f"{group}-earnings-share").iterrows():
            same = value[value["provider"] == e["provider"]]
            if same.empty:
                continue
            gap = (same["date"] - e["date"]).abs().dt.days
            if gap.min() > max_gap_days:
                continue
            v = same.loc[gap.idxmin()]
            rows.append(
                {
                    "group": group,
                    "group_name": name,
                    "provider": e["provider"],
                    "value_date": v["date"],
                    "value_precision": v["date_precision"],
                    "earnings_date": e["date"],
                    "earnings_precision": e["date_precision"],
                    "value_share_pct": float(v["value_pct"]),
                    "earnings_share_pct": float(e["value_pct"]),
                    "earnings_label": e["label"],
                    "value_to_earnings": float(v["value_pct"]) / float(e["value_pct"]),
                    "gap_days": int(gap.min()),
                    "sources": ";".join(dict.fromkeys(f"{v['sources']};{e['sources']}".split(";"))),
                }
            )
    if not rows:
        raise KeyError(f"no earnings share with a market-value share for {index}")
    return pd.DataFrame(rows).sort_values(["value_date", "group"]).reset_index(drop=True)


def earnings_chart(pairs: pd.DataFrame):
    """One row per reading: a group's share of market value and of earnings joined by a line (a dumbbell)."""
    import altair as alt

    from moneyloop import charts

    rows = [
        f"{n}, {fmt.dated(dt, p)}"
        for n, dt, p in zip(pairs["group_name"], pairs["value_date"], pairs["value_precision"], strict=True)
    ]
    dup = pd.Series(rows).duplicated(keep=False)
    d = pairs.assign(
        row=[f"{r} ({pv})" if dd else r for r, pv, dd in zip(rows, pairs["provider"], dup, strict=True)]
    )
    order = list(d["row"])
    long = d.melt(
        id_vars=["row", "provider", "value_to_earnings"],
        value_vars=["value_share_pct", "earnings_share_pct"],
        var_name="share",
        value_name="pct",
    )
    long["share"] = long["share"].map({"value_share_pct": "market value", "earnings_share_pct": "earnings"})
    y = alt.Y("row:N", title=None, sort=order, axis=alt.Axis(labelLimit=320))
    line = (
        alt.Chart(d)
        .mark_rule(color=charts.GREY, strokeWidth=2)
        .encode(y=y, x=alt.X("earnings_share_pct:Q", title="% of the S&P 500"), x2="value_share_pct:Q")
    )
    dots = (
        alt.Chart(long)
        .mark_point(size=110, filled=True)
        .encode(
            y=y,
            x="pct:Q",
            color=alt.Color("share:N", title="Share of", sort=["market value", "earnings"]),
            tooltip=[
                alt.Tooltip("row:N", title="Reading"),
                alt.Tooltip("provider:N", title="Provider"),
                alt.Tooltip("share:N", title="Share of"),
                alt.Tooltip("pct:Q", title="%", format=".1f"),
                alt.Tooltip("value_to_earnings:Q", title="Value over earnings", format=".2f"),
            ],
        )
    )
    return alt.layer(line, dots).properties(height=alt.Step(34))


def earnings_summary(pairs: pd.DataFrame) -> dict:
    """The latest pair for each group and the earliest: the rows a chapter compares, by group."""
    latest = pairs.sort_values("value_date").groupby("group").tail(1).set_index("group")
    earliest = pairs.sort_values("value_date").groupby("group").head(1).set_index("group")
    return {"latest": latest, "earliest": earliest}


def earnings_glue(concentration: pd.DataFrame) -> dict[str, str]:
    """Named, formatted numbers for the earnings-against-value comparison, now and at the dot-com peak."""
    pairs = earnings_pairs(concentration)
    s = earnings_summary(pairs)
    out: dict[str, str] = {}
    for group, slug in (("mag7", "mag7"), ("top10", "top10"), ("it-sector", "it")):
        for when in ("latest", "earliest"):
            if group not in s[when].index:
                continue
            r = s[when].loc[group]
            key = f"earn-{slug}-{when}"
            out[f"{key}-value"] = fmt.pct(r["value_share_pct"], 1 if r["value_share_pct"] % 1 else 0)
            out[f"{key}-earnings"] = r["earnings_label"]
            out[f"{key}-ratio"] = fmt.ratio(r["value_to_earnings"], 2)
            out[f"{key}-date"] = fmt.dated(r["value_date"], r["value_precision"])
            out[f"{key}-earnings-date"] = fmt.dated(r["earnings_date"], r["earnings_precision"])
            out[f"{key}-provider"] = r["provider"]
    return out


def earnings_caption(pairs: pd.DataFrame) -> str:
    """Caption of the earnings figure, flagging any pair whose two shares are dated apart."""
    apart = pairs[pairs["gap_days"] > 0]
    note = "".join(
        f" The {r.group_name} pair sets the market-value share of {fmt.dated(r.value_date, r.value_precision)}"
        f" beside the earnings share of {fmt.dated(r.earnings_date, r.earnings_precision)}, each at its own peak."
        for r in apart.itertuples()
    )
    return (
        "Each row is one provider's reading: a group's share of S&P 500 market value (right-hand dot when it is "
        "the larger) beside its share of index earnings; the longer the line, the further weight runs ahead of "
        "profits. Groups differ: the ten largest stocks, the Magnificent Seven, and for the dot-com peak the "
        "information-technology sector, the only dot-com split in the sources." + note
    )
