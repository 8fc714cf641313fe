"""The concentration chapter, section by section: named numbers keyed by glue name, its figures and tables."""

from __future__ import annotations

import pandas as pd

from moneyloop import book, datasets, figures, fmt, marketvalues, roles
from moneyloop import concentration as conc


def load() -> dict:
    """The tables the chapter reads and the readings several sections share."""
    t = {k: datasets.load(n) for k, n in (("cc", "concentration"), ("iw", "index_weights"), ("gdp", "gdp"),
                                         ("mv", "market_values"), ("ctx", "context_figures"), ("claims", "claims"),
                                         ("roles", "chapter_roles"))}  # fmt: skip
    t["metrics"] = conc.snapshot_metrics(t["iw"])
    t["m"] = t["metrics"].set_index("snapshot")
    t["top_latest"] = conc.latest(t["cc"], "sp500", "top10-share")
    t["sp_latest"] = conc.latest(t["cc"], "sp500", "mag7-share", "index-weight")
    t["c79"] = claim(t, "seed-mag7-ndx-share")
    t["imf"], t["wb"] = (
        conc.gdp_cross_section(t["gdp"], "projection"),
        conc.gdp_cross_section(t["gdp"], "actual"),
    )
    largest = conc.largest_weights(t["cc"], t["iw"])
    t["nv_ye"] = largest[(largest["date"] == largest["date"].max())].iloc[0]
    t["ms"] = conc.milestones(t["mv"], "nvidia")
    t["pairs"] = conc.earnings_pairs(t["cc"])
    return t


def claim(t: dict, role: str) -> pd.Series:
    """The ledger claim a chapter role names."""
    return roles.claim(t["roles"], t["claims"], role)


def snap(t: dict, role: str) -> pd.Series:
    """The concentration metrics of the weight snapshot a chapter role names."""
    return t["m"].loc[roles.snapshot(t["roles"], role)]


def top10_section(t: dict) -> dict[str, str]:
    """Named numbers of the top-10 share of the S&P 500 section, keyed by glue name; publishes its figure where it has one."""
    cc, iw = (t["cc"], t["iw"])
    out: dict[str, str] = {}

    def g(key: str, text: str) -> None:
        out[f"concentration-{key}"] = text

    history = conc.top10_history(cc, iw)
    top_latest = conc.latest(cc, "sp500", "top10-share")
    top_peak = roles.reading(cc, "top10-dotcom-peak")
    sdji = roles.reading(cc, "top10-mid-2025")
    gfd = roles.reading(cc, "top10-record-gfd")
    vc_1980 = roles.reading(cc, "top10-early-decade")
    janney_1980 = roles.reading(cc, "top10-early-annual")
    vc_2000 = roles.reading(cc, "top10-dotcom-decade")
    vc_2024 = roles.reading(cc, "top10-recent-decade")
    janney_2014 = roles.reading(cc, "top10-series-low")
    latest_all = conc.readings(cc, "sp500", "top10-share")
    latest_all = latest_all[latest_all["value_pct"] == top_latest["value_pct"]]
    latest_all = latest_all[latest_all["date"] >= top_latest["date"] - pd.DateOffset(months=2)]

    g("top10-latest", top_latest["label"])
    g("top10-latest-date", fmt.dated(top_latest["date"], top_latest["date_precision"]))
    g("top10-latest-provider", top_latest["provider"])
    g("top10-peak2000", top_peak["label"])
    g("top10-peak2000-date", fmt.dated(top_peak["date"], top_peak["date_precision"]))
    g("top10-peak2000-year", str(top_peak["date"].year))
    g("top10-sdji", sdji["label"])
    g("top10-gfd", gfd["label"])
    g("top10-gfd-date", fmt.dated(gfd["date"], gfd["date_precision"]))
    g("top10-gs2000", fmt.pct(snap(t, "weights-dotcom")["top10_pct"], 1))
    g("top10-gs1990", fmt.pct(snap(t, "weights-early")["top10_pct"], 1))
    g("top10-gs2010", fmt.pct(snap(t, "weights-decade-after")["top10_pct"], 1))
    g("top10-gs2024", fmt.pct(snap(t, "weights-recent")["top10_pct"], 1))
    g("top10-vc1980", vc_1980["label"])
    g("top10-early-year", str(vc_1980["date"].year))
    g("top10-janney2014-year", str(janney_2014["date"].year))
    g("top10-latest-months", conc.month_list(latest_all["date"]))
    g("top10-janney1980", janney_1980["label"])
    g("top10-vc2000", vc_2000["label"])
    g("top10-vc2024", vc_2024["label"])
    g("top10-janney2014", janney_2014["label"])
    g("top10-points", fmt.count(len(history)))
    g("top10-providers", fmt.count(history["provider"].nunique()))
    peak_year, latest_year = top_peak["date"].year, top_latest["date"].year
    recent_low, _ = conc.range_between(history, f"{latest_year - 1}-01-01")
    _, dotcom_high = conc.range_between(history, f"{peak_year - 1}-01-01", f"{peak_year + 1}-12-31")
    g("top10-recent-low", fmt.pct(recent_low, 1))
    g("top10-dotcom-high", fmt.pct(dotcom_high, 1))

    figures.publish(
        conc.chart_top10(history),
        id="concentration-top10",
        title="Top-10 share of the S&P 500, by provider",
        subtitle="Each point as its provider reported it; providers are not blended",
        caption="Share of S&P 500 market value held by its ten largest stocks. Colours mark providers; shapes mark whether the source gives an exact value, an approximate one, a floor (more than) or a ceiling (almost). Points labelled 'weights summed here' add up published top-10 weights.",
        alt_text=(
            f"Scatter of top-10 shares by provider from {history['date'].min():%Y} to {history['date'].max():%Y}: "
            f"no reading from 1999 to 2001 above {fmt.pct(dotcom_high, 1)}, and none since 2024 below "
            f"{fmt.pct(recent_low, 1)}."
        ),
        sources=book.cited_keys(history),
        data=history,
    )

    return out


def mag7_section(t: dict) -> dict[str, str]:
    """Named numbers of the Magnificent Seven section, keyed by glue name; publishes its figure where it has one."""
    cc, iw, ctx, claims, metrics = (t["cc"], t["iw"], t["ctx"], t["claims"], t["metrics"])
    out: dict[str, str] = {}

    def g(key: str, text: str) -> None:
        out[f"concentration-{key}"] = text

    c79 = claim(t, "seed-mag7-ndx-share")
    bases = conc.mag7_bases(cc, metrics)
    mag7_hist = conc.mag7_history(cc)
    threshold = conc.figure(ctx, "nasdaq100-large-weight-threshold")
    cap = conc.figure(ctx, "nasdaq100-large-weight-cap")
    single = conc.figure(ctx, "nasdaq100-single-issuer-cap")
    sp_latest = conc.latest(cc, "sp500", "mag7-share", "index-weight")
    sp_seeddate = roles.reading(cc, "mag7-sp-seed-date")
    ndx_latest = conc.latest(cc, "nasdaq100", "mag7-share", "index-weight")
    ndx_invesco = roles.reading(cc, "mag7-ndx-fund")
    before = roles.reading(cc, "mag7-ndx-before-rebalance")
    after = roles.reading(cc, "mag7-ndx-after-rebalance")
    callan_before = roles.reading(cc, "mag7-ndx-before-rebalance-callan")
    callan_after = roles.reading(cc, "mag7-ndx-after-rebalance-callan")
    ndx_gx = roles.readings(cc, "mag7-ndx-annual")
    raw = metrics[(metrics["index"] == "nasdaq100") & (metrics["basis"] == "raw-market-value")]
    raw_a = iw[iw["snapshot"] == raw["snapshot"].iloc[0]]
    uncapped = conc.weight_above(conc.by_company(raw_a), threshold["value"])

    g("seed-ndx", fmt.pct(c79["seed_value"]))
    g("seed-ndx-text", c79["seed_value_text"])
    g("mag7-sp-latest", sp_latest["label"])
    g("mag7-sp-latest-date", fmt.dated(sp_latest["date"], sp_latest["date_precision"]))
    g("mag7-sp-seeddate", sp_seeddate["label"])
    g("mag7-ndx-latest", ndx_latest["label"])
    g("mag7-ndx-latest-date", fmt.dated(ndx_latest["date"], ndx_latest["date_precision"]))
    g("mag7-ndx-invesco", ndx_invesco["label"])
    g("mag7-ndx-invesco-date", fmt.dated(ndx_invesco["date"], ndx_invesco["date_precision"]))
    g("mag7-ndx-before", before["label"])
    g("mag7-ndx-after", after["label"])
    g("mag7-ndx-callan-before", callan_before["label"])
    g("mag7-ndx-callan-after", callan_after["label"])
    g("mag7-ndx-rebalance-month", fmt.month(before["date"]))
    g("mag7-ndx-gx-min", fmt.pct(ndx_gx["value_pct"].min(), 1))
    g("mag7-ndx-gx-max", fmt.pct(ndx_gx["value_pct"].max(), 1))
    g("mag7-ndx-gx-first", fmt.dated(ndx_gx["date"].min(), "year"))
    g("mag7-ndx-gx-last", fmt.dated(ndx_gx["date"].max(), "year"))
    g("mag7-raw-low", fmt.pct(raw["mag7_pct"].min(), 1))
    g("mag7-raw-high", fmt.pct(raw["mag7_pct"].max(), 1))
    g("mag7-gs2024", fmt.pct(snap(t, "weights-recent")["mag7_pct"], 1))
    g("mag7-wt2025", fmt.pct(snap(t, "weights-recent-month")["mag7_pct"], 2))
    g("ndx-threshold", fmt.pct(threshold["value"], 1))
    g("ndx-cap", fmt.pct(cap["value"]))
    g("ndx-single", fmt.pct(single["value"]))
    g("ndx-uncapped", fmt.pct(uncapped, 1))
    g("seed-ndx-gap", fmt.num(c79["seed_value"] - ndx_latest["value_pct"], 2))

    figures.publish(
        conc.chart_mag7_bases(bases, c79["seed_value"]),
        id="concentration-mag7-bases",
        title="The Magnificent Seven: share by index and basis",
        subtitle="Index weight and raw market value are different measures",
        caption=f"Latest Magnificent Seven share of the S&P 500 and of the Nasdaq-100 by index weight, and of the Nasdaq-100 constituents' summed market value before capping (computed here from {fmt.count(len(raw))} undated {', '.join(raw['provider'].unique())} snapshots). The dashed line is the seed's figure for the Nasdaq-100.",
        alt_text=conc.mag7_bases_alt(bases, c79["seed_value"]),
        sources=book.cited_keys(bases) + ["Anup2025loop"],
        data=bases,
    )

    figures.publish(
        conc.chart_mag7(mag7_hist, cap["value"], c79["seed_value"]),
        id="concentration-mag7-history",
        title="Magnificent Seven weight in the S&P 500 and the Nasdaq-100",
        subtitle="Index weights by provider, against the Nasdaq-100 cap and the seed's figure",
        caption=f"Combined index weight of Apple, Microsoft, Alphabet, Amazon, NVIDIA, Meta and Tesla. The Nasdaq-100 caps the combined weight of names above its threshold; the special rebalance of {fmt.month(before['date'])} cut the group's weight. No source puts the weight near the seed's three-quarters.",
        alt_text=conc.mag7_history_alt(mag7_hist, cap["value"], c79["seed_value"]),
        sources=book.cited_keys(mag7_hist, conc.seed_claims(claims).query("claim_id == @c79.claim_id"))
        + ["Callan2023rebalance"],
        data=mag7_hist,
    )

    return out


def largest_section(t: dict) -> dict[str, str]:
    """Named numbers of the largest single stock section, keyed by glue name; publishes its figure where it has one."""
    cc, iw = (t["cc"], t["iw"])
    out: dict[str, str] = {}

    def g(key: str, text: str) -> None:
        out[f"concentration-{key}"] = text

    largest = conc.largest_weights(cc, iw)
    peak_year = roles.reading(cc, "top10-dotcom-peak")["date"].year
    rec_dotcom = conc.record_weight(largest, f"{peak_year + 1}-01-01")
    nv_peak = roles.reading(cc, "largest-record")
    apple_2023 = roles.reading(cc, "largest-before-record")
    ge_2000 = largest[largest["date"] == snap(t, "weights-dotcom")["date"]].iloc[0]
    nv_ye = largest[(largest["date"] == largest["date"].max())].iloc[0]
    g("largest-dotcom", rec_dotcom["label"])
    g("largest-dotcom-name", rec_dotcom["constituent"])
    g("largest-dotcom-date", fmt.dated(rec_dotcom["date"], rec_dotcom["date_precision"]))
    g("largest-nvidia", nv_peak["label"])
    g("largest-nvidia-date", fmt.dated(nv_peak["date"], nv_peak["date_precision"]))
    g("largest-apple2023", apple_2023["label"])
    g("largest-ge2000", ge_2000["label"])
    g("largest-ge2000-name", ge_2000["constituent"])
    g("largest-ye", nv_ye["label"])
    g("largest-ye-name", nv_ye["constituent"])
    g("largest-ye-date", fmt.dated(nv_ye["date"], nv_ye["date_precision"]))
    g("largest-ratio", fmt.ratio(nv_peak["value_pct"] / rec_dotcom["value_pct"]))

    figures.publish(
        conc.chart_largest(largest),
        id="concentration-largest-weight",
        title="The largest single stock in the S&P 500",
        subtitle="Weight of the biggest constituent at dated points, 1990 to 2025",
        caption=(
            f"Weight of the largest S&P 500 stock. In the dot-com era {rec_dotcom['constituent']} topped out at "
            f"{rec_dotcom['label']} ({fmt.dated(rec_dotcom['date'], rec_dotcom['date_precision'])}); NVIDIA reached "
            f"{nv_peak['label']} ({fmt.dated(nv_peak['date'], nv_peak['date_precision'])}), the highest in the providers' "
            "records. Year-end points come from published top-10 tables."
        ),
        alt_text=(
            f"Horizontal bars of the largest constituent's weight by date, from {rec_dotcom['constituent']} at "
            f"{rec_dotcom['label']} in the dot-com era to NVIDIA at {nv_peak['label']} and "
            f"{nv_ye['constituent']} at {nv_ye['label']} at {fmt.dated(nv_ye['date'], nv_ye['date_precision'])}."
        ),
        sources=book.cited_keys(largest),
        data=largest,
    )

    return out


def nvidia_gdp_section(t: dict) -> dict[str, str]:
    """Named numbers of the NVIDIA against economies section, keyed by glue name; publishes its figure where it has one."""
    gdp, mv = (t["gdp"], t["mv"])
    (imf_ed, imf_year), (wb_ed, wb_year) = t["imf"], t["wb"]
    out: dict[str, str] = {}

    def g(key: str, text: str) -> None:
        out[f"concentration-{key}"] = text

    ms = conc.milestones(mv, "nvidia")
    sept = roles.market_value(t["roles"], mv, "nvidia-seed-day")
    now = marketvalues.latest(mv, "nvidia")
    quarter = marketvalues.recent_range(mv, "nvidia")
    q_low, q_high = quarter.iloc[0], quarter.iloc[-1]
    high_larger = conc.economies_larger(q_high["market_value_usd_bn"], gdp, imf_ed, imf_year)
    imf_larger = conc.economies_larger(sept["market_value_usd_bn"], gdp, imf_ed, imf_year)
    wb_larger = conc.economies_larger(sept["market_value_usd_bn"], gdp, wb_ed, wb_year)
    now_larger = conc.economies_larger(now["market_value_usd_bn"], gdp, imf_ed, imf_year)
    imf = gdp[(gdp["edition"] == imf_ed) & (gdp["year"] == imf_year)]
    germany_imf = imf[imf["economy_code"] == "DEU"].iloc[0]
    germany_wb = gdp[
        (gdp["edition"] == wb_ed)
        & (gdp["year"] == wb_year)
        & (gdp["economy_code"] == germany_imf["economy_code"])
    ].iloc[0]
    passes_germany = conc.first_passing(mv, "nvidia", germany_imf["gdp_usd_bn"])
    cisco_peak = marketvalues.peak(mv, "cisco")
    first_tn = ms.iloc[0]
    first_5tn = ms[ms["market_value_usd_bn"] >= 5000].iloc[0]

    g("nv-first", fmt.usd_bn(first_tn["market_value_usd_bn"]))
    g("nv-first-date", fmt.dated(first_tn["date"], first_tn["date_precision"]))
    g("nv-5t", fmt.usd_bn(first_5tn["market_value_usd_bn"]))
    g("nv-5t-date", fmt.dated(first_5tn["date"], first_5tn["date_precision"]))
    g("nv-5t-years", fmt.years((first_5tn["date"] - first_tn["date"]).days / 365.25))
    g("nv-sept", fmt.usd_bn(sept["market_value_usd_bn"]))
    g("nv-sept-date", fmt.day(sept["date"]))
    g("nv-now", fmt.usd_bn(now["market_value_usd_bn"]))
    g("nv-now-date", fmt.dated(now["date"], now["date_precision"]))
    g("nv-imf-rank", fmt.count(len(imf_larger) + 1))
    g("nv-imf-larger", conc.economy_list(imf_larger))
    g("nv-imf-larger-n", fmt.count(len(imf_larger)))
    g("nv-wb-larger", conc.economy_list(wb_larger))
    g("nv-wb-larger-n", fmt.count(len(wb_larger)))
    g("nv-now-larger", conc.economy_list(now_larger))
    g("nv-now-rank", fmt.count(len(now_larger) + 1))
    g("nv-q-low", fmt.usd_bn(q_low["market_value_usd_bn"]))
    g("nv-q-low-date", fmt.dated(q_low["date"], q_low["date_precision"]))
    g("nv-q-high", fmt.usd_bn(q_high["market_value_usd_bn"]))
    g("nv-q-high-date", fmt.dated(q_high["date"], q_high["date_precision"]))
    g("nv-q-high-larger", conc.economy_list(high_larger))
    g("nv-q-n", fmt.count(len(quarter)))
    g(
        "nv-now-us-share",
        fmt.pct(conc.share_of_gdp(now["market_value_usd_bn"], gdp, "USA", imf_ed, imf_year), 1),
    )
    g("germany-imf", fmt.usd_bn(germany_imf["gdp_usd_bn"]))
    g("germany-wb", fmt.usd_bn(germany_wb["gdp_usd_bn"], 4))
    g("nv-sept-exact", fmt.usd_bn(sept["market_value_usd_bn"], 4))
    g("nv-passes-germany-date", fmt.day(passes_germany["date"]))
    g("nv-passes-germany", fmt.usd_bn(passes_germany["market_value_usd_bn"]))
    g(
        "nv-us-share",
        fmt.pct(conc.share_of_gdp(sept["market_value_usd_bn"], gdp, "USA", imf_ed, imf_year), 1),
    )
    g("cisco-peak", fmt.usd_bn(cisco_peak["market_value_usd_bn"]))
    g(
        "cisco-us-share",
        fmt.pct(
            conc.share_of_gdp(cisco_peak["market_value_usd_bn"], gdp, "USA", wb_ed, cisco_peak["date"].year),
            1,
        ),
    )
    g(
        "cisco-world-share",
        fmt.pct(
            conc.share_of_gdp(cisco_peak["market_value_usd_bn"], gdp, "WLD", wb_ed, cisco_peak["date"].year),
            1,
        ),
    )
    g(
        "nv-world-share",
        fmt.pct(conc.share_of_gdp(sept["market_value_usd_bn"], gdp, "WLD", wb_ed, wb_year), 1),
    )
    g("imf-n", fmt.count(len(imf)))
    basis = gdp_basis(t)
    g("gdp-year", str(int(basis["year"])))
    g("gdp-source", edition_text(basis))
    g("cisco-peak-date", fmt.day(cisco_peak["date"]))
    g("cisco-peak-year", str(cisco_peak["date"].year))
    g("nv-sept-month", fmt.month(sept["date"]))

    mark_rows = list(
        {(r["date"], r["market_value_usd_bn"]): r for r in (sept, passes_germany, q_high, now)}.values()
    )
    marks = pd.DataFrame(
        {
            "label": [
                f"{fmt.usd_bn(r['market_value_usd_bn'])} ({fmt.dated(r['date'], r['date_precision'])})"
                for r in mark_rows
            ],
            "market_value_usd_bn": [r["market_value_usd_bn"] for r in mark_rows],
            "sources": [r["sources"] for r in mark_rows],
        }
    )
    gdp_chart_data = imf[["economy_code", "economy", "year", "edition", "gdp_usd_bn", "sources"]]
    figures.publish(
        conc.chart_gdp(gdp_chart_data, marks),
        id="concentration-nvidia-gdp",
        title="NVIDIA's market value against the largest economies' GDP",
        subtitle="A stock (what investors pay today) set against a flow (one year's output)",
        caption=(
            f"Bars: {imf_year} GDP of the {fmt.count(len(imf))} largest economies, {edition_text(germany_imf)} "
            f"({germany_imf['estimate']}s). "
            f"Dashed lines: NVIDIA's market value on {fmt.count(len(marks))} dates, the last being the latest dated "
            "value in the data. The comparison only illustrates scale: a market value is not output and could "
            "not be spent like a year's GDP."
        ),
        alt_text=(
            f"Horizontal bars of {imf_year} GDP: "
            + "; ".join(
                f"{r['economy']} {fmt.usd_bn(r['gdp_usd_bn'])}"
                for _, r in imf.sort_values("gdp_usd_bn", ascending=False).iterrows()
            )
            + ". Dashed lines for NVIDIA's market value at "
            + ", ".join(marks["label"])
            + "."
        ),
        sources=book.cited_keys(gdp_chart_data, marks),
        data=pd.concat([gdp_chart_data, marks], ignore_index=True),
    )

    return out


def metrics_section(t: dict) -> dict[str, str]:
    """Named numbers of the concentration metrics section, keyed by glue name; publishes its figure where it has one."""
    metrics = t["metrics"]
    out: dict[str, str] = {}

    def g(key: str, text: str) -> None:
        out[f"concentration-{key}"] = text

    e2000 = snap(t, "weights-dotcom")
    e2024 = snap(t, "weights-recent")
    g("effn-2000-low", fmt.num(e2000["eff_n_low"], 2))
    g("effn-2000-high", fmt.num(e2000["eff_n_high"], 2))
    g("effn-2024-low", fmt.num(e2024["eff_n_low"], 2))
    g("effn-2024-high", fmt.num(e2024["eff_n_high"], 2))
    g("unlisted-2000", fmt.pct(e2000["unlisted_pct"], 1))
    g("unlisted-2024", fmt.pct(e2024["unlisted_pct"], 1))
    g("snapshots-n", fmt.count(len(metrics)))

    return out


def exposure_section(t: dict) -> dict[str, str]:
    """Named numbers of the exposure section, keyed by glue name; publishes its figure where it has one."""
    cc, ctx, top_latest, sp_latest, c79, nv_ye = (
        t["cc"],
        t["ctx"],
        t["top_latest"],
        t["sp_latest"],
        t["c79"],
        t["nv_ye"],
    )
    out: dict[str, str] = {}

    def g(key: str, text: str) -> None:
        out[f"concentration-{key}"] = text

    ret = roles.figure(t["roles"], ctx, "retirement-assets")
    ret_q3 = roles.figure(t["roles"], ctx, "retirement-assets-later")
    hh = roles.figure(t["roles"], ctx, "retirement-share-of-household")
    k401 = roles.figure(t["roles"], ctx, "k401-assets")
    k401_eq = roles.figure(t["roles"], ctx, "k401-equity-funds")
    ai_growth = roles.figure(t["roles"], ctx, "ai-share-of-gdp-growth")
    ai_gdp = roles.figure(t["roles"], ctx, "ai-share-of-gdp")
    no_ai = roles.figure(t["roles"], ctx, "gdp-growth-without-ai")
    cash = claim(t, "seed-mag7-cash")
    c77 = claim(t, "seed-bailout-fear")
    g("ret", fmt.usd_bn(ret["value"]))
    g("ret-date", fmt.day(ret["date"]))
    g("ret-q3", fmt.usd_bn(ret_q3["value"]))
    g("ret-q3-date", fmt.day(ret_q3["date"]))
    g("ret-hh", fmt.pct(hh["value"]))
    g("k401", fmt.usd_bn(k401["value"]))
    g("k401-eq", fmt.usd_bn(k401_eq["value"]))
    g("exp-ceiling", fmt.usd_bn(conc.exposure_usd_bn(ret["value"], top_latest["value_pct"])))
    g("exp-401k", fmt.usd_bn(conc.exposure_usd_bn(k401_eq["value"], top_latest["value_pct"])))
    g("exp-mag7-401k", fmt.usd_bn(conc.exposure_usd_bn(k401_eq["value"], sp_latest["value_pct"])))
    g("per1000-top10", "$" + fmt.count(conc.per_thousand(top_latest["value_pct"])))
    g("per1000-mag7", "$" + fmt.count(conc.per_thousand(sp_latest["value_pct"])))
    g("per1000-nvidia", "$" + fmt.num(conc.per_thousand(nv_ye["value_pct"]), 2))
    g("ai-growth", fmt.pct(ai_growth["value"]))
    g("ai-gdp", fmt.pct(ai_gdp["value"]))
    g("no-ai", fmt.pct(no_ai["value"], 1))
    g("mag7-cash", fmt.usd_bn(cash["verified_value"]))
    g("c77", c77["claim_id"])
    c78 = claim(t, "seed-mag7-sp-share")
    g("c78", c78["claim_id"])
    g("seed-sp", fmt.pct(c78["seed_value"]))
    g("mag7-cash-date", fmt.day(cash["as_of"]))
    sp2015 = roles.reading(cc, "mag7-sp-first")
    g("mag7-sp-2015", sp2015["label"])
    g("c79", c79["claim_id"])
    g("c82", claim(t, "seed-larger-than-economies")["claim_id"])
    g("c80", claim(t, "seed-too-concentrated")["claim_id"])
    ev_all = conc.earnings_vs_value(cc)
    ev = ev_all.sort_values("date").iloc[-1]
    g("ev-value", fmt.pct(ev["value_share_pct"]))
    g("ev-earnings", fmt.pct(ev["earnings_share_pct"]))
    g("ev-ratio", fmt.ratio(ev["value_to_earnings"], 2))
    g("ev-provider", ev["provider"])
    g("ev-date", fmt.dated(ev["date"], ev["date_precision"]))
    for key, text in conc.earnings_glue(cc).items():
        g(key, text)
    pairs = conc.earnings_pairs(cc)
    figures.publish(
        conc.earnings_chart(pairs),
        id="concentration-earnings",
        title="The leaders' weight runs ahead of their profits, by less than at the dot-com peak",
        subtitle="Share of S&P 500 market value and of index earnings, by group and reading",
        caption=conc.earnings_caption(pairs),
        alt_text="Dot chart of shares of S&P 500 market value and earnings: "
        + "; ".join(
            f"{r.group_name} ({r.provider}): {fmt.pct(r.value_share_pct, 1)} of value, {r.earnings_label} of earnings"
            for r in pairs.itertuples()
        )
        + ".",
        sources=book.cited_keys(pairs),
        data=pairs,
    )
    return out


SECTIONS = (
    top10_section,
    mag7_section,
    largest_section,
    nvidia_gdp_section,
    metrics_section,
    exposure_section,
)
"""The chapter's sections in page order."""


def all_glue(t: dict) -> dict[str, str]:
    """Every section's named numbers, in page order (each section publishes its figures as it runs)."""
    out: dict[str, str] = {}
    for section in SECTIONS:
        out.update(section(t))
    return out


def milestones_table(t: dict) -> pd.DataFrame:
    """NVIDIA's market-value milestones for display."""
    return conc.milestones_table(t["ms"])


def metrics_table(t: dict) -> pd.DataFrame:
    """Concentration metrics from the published weight tables, for display."""
    return conc.metrics_table(t["metrics"])


PROSE_KEYS = [
    "Livemint2025nvidia", "AP2025nvidia", "MenonLab2026earnings", "Benzinga2020cisco", "CapitalAIDaily2025cash",
    "TechFlow2026leverage", "Anup2025loop", "Boursel2026selloff", "WAM2025nvidia", "Invesco2025magnificent",
]  # fmt: skip
"""Sources cited in the chapter's prose that no table row carries."""


def page_keys(t: dict) -> list[str]:
    """Every source the chapter cites through its data and prose, without repeats."""
    gdp = t["gdp"]
    editions = gdp[gdp["edition"].isin([t["imf"][0], t["wb"][0]])]
    keys = book.cited_keys(t["cc"], t["iw"], editions, t["ctx"], t["ms"], conc.seed_claims(t["claims"]))
    return list(dict.fromkeys(keys + book.cited_keys(t["pairs"]) + PROSE_KEYS))


def gdp_basis(t: dict) -> pd.Series:
    """The US GDP row that 'now' values are set against: the latest year at or before NVIDIA's latest date."""
    from moneyloop import telecom

    return telecom.gdp_in(t["gdp"], marketvalues.latest(t["mv"], "nvidia")["date"].year)


def edition_text(row: pd.Series) -> str:
    """A GDP row's producer and edition month as running text: 'IMF, April 2025'."""
    month = pd.Timestamp(str(row["edition"])[-7:] + "-01")
    return f"{str(row['producer']).upper() if row['producer'] == 'imf' else 'World Bank'}, {fmt.month(month)}"


def intro_glue(t: dict) -> dict[str, str]:
    """The introduction's concentration findings: top-10 and Magnificent Seven shares, NVIDIA against economies."""
    cc, iw, mv, gdp = t["cc"], t["iw"], t["mv"], t["gdp"]
    top = conc.latest(cc, "sp500", "top10-share")
    peak = conc.reading_at(cc, "sp500", "top10-share", "dot-com peak")
    ndx = conc.latest(cc, "nasdaq100", "mag7-share", "index-weight")
    raw = conc.snapshot_metrics(iw).query("index == 'nasdaq100' and basis == 'raw-market-value'")["mag7_pct"]
    now = marketvalues.latest(mv, "nvidia")
    basis = gdp_basis(t)
    quarter = marketvalues.recent_range(mv, "nvidia")
    ev = conc.earnings_vs_value(cc).sort_values("date").iloc[-1]
    earn = conc.earnings_glue(cc)
    larger = conc.economies_larger(now["market_value_usd_bn"], gdp, basis["edition"], int(basis["year"]))
    return {
        "intro-conc-top10": top["label"],
        "intro-conc-top10-date": fmt.dated(top["date"], top["date_precision"]),
        "intro-conc-top10-2000": peak["label"],
        "intro-conc-peak-month": fmt.dated(peak["date"], peak["date_precision"]),
        "intro-conc-mag7-ndx": ndx["label"],
        "intro-conc-mag7-ndx-date": fmt.dated(ndx["date"], ndx["date_precision"]),
        "intro-conc-seed-ndx": fmt.pct(t["c79"]["seed_value"]),
        "intro-conc-mag7-raw": f"{fmt.pct(raw.min(), 1)} to {fmt.pct(raw.max(), 1)}",
        "intro-conc-nvidia": fmt.usd_bn(now["market_value_usd_bn"]),
        "intro-conc-nvidia-date": fmt.dated(now["date"], now["date_precision"]),
        "intro-conc-nvidia-larger": conc.economy_list(larger),
        "intro-conc-gdp-year": str(int(basis["year"])),
        "intro-conc-gdp-source": edition_text(basis),
        "intro-conc-nvidia-low": fmt.usd_bn(quarter["market_value_usd_bn"].iloc[0]),
        "intro-conc-nvidia-high": fmt.usd_bn(quarter["market_value_usd_bn"].iloc[-1]),
        "intro-conc-mag7-value": fmt.pct(ev["value_share_pct"]),
        "intro-conc-mag7-earnings": fmt.pct(ev["earnings_share_pct"]),
        "intro-conc-mag7-ev-date": fmt.dated(ev["date"], ev["date_precision"]),
        "intro-conc-it-ratio": earn["earn-it-latest-ratio"],
        "intro-conc-mag7-ratio": fmt.ratio(ev["value_to_earnings"], 2),
    }
