"""Dot-com comparisons: peaks, troughs, drawdowns and recovery dates on shipped price series, and financing ratios."""

from __future__ import annotations

import importlib.metadata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from moneyloop import deps

# Files shipped inside installed PyPI packages (read by path: importing arch would pull in scipy and statsmodels).
ARCH_FILES = {
    "nasdaq": "arch/data/nasdaq/nasdaq.csv.gz",
    "sp500": "arch/data/sp500/sp500.csv.gz",
    "core_cpi": "arch/data/core_cpi/core-cpi.csv.gz",
}
VEGA_STOCKS = "vega_datasets/_data/stocks.csv"
DAYS_PER_YEAR = 365.25
INVESTMENT_FLOWS = ("equity-investment",)


class SeriesUnavailable(RuntimeError):
    """A price series the chapter reads from an installed package is missing."""


@dataclass(frozen=True)
class Episode:
    """One boom-bust-recovery cycle of a price series: peak, trough, drawdown and the first higher close."""

    peak_date: pd.Timestamp
    peak: float
    trough_date: pd.Timestamp
    trough: float
    regain_date: pd.Timestamp | None
    regain_level: float | None

    @property
    def drawdown(self) -> float:
        """Fall from peak to trough as a fraction (negative)."""
        return drawdown(self.peak, self.trough)

    @property
    def years_to_regain(self) -> float | None:
        """Years from the peak to the first higher value, or None if not regained in the series."""
        return None if self.regain_date is None else years_between(self.peak_date, self.regain_date)

    @property
    def years_trough_to_regain(self) -> float | None:
        """Years from the trough to the first value above the old peak."""
        return None if self.regain_date is None else years_between(self.trough_date, self.regain_date)


# --- loaders for the shipped series -------------------------------------------------------


def shipped_file(package: str, relative: str) -> Path:
    """Path of a data file inside an installed package, recorded as a page dependency; clear error if absent."""
    try:
        dist = importlib.metadata.distribution(package)
    except importlib.metadata.PackageNotFoundError:
        raise SeriesUnavailable(
            f"the Python package {package!r} is not installed, so its bundled price data cannot be read; "
            f"install it with 'pip install {package}' (see requirements.txt)"
        ) from None
    path = Path(dist.locate_file(relative))
    if not path.is_file():
        raise SeriesUnavailable(
            f"package {package!r} {dist.version} is installed but has no file {relative!r} "
            f"(looked in {path}); install the version pinned in requirements.txt"
        )
    deps.record(path)
    return path


def load_index(name: str) -> pd.DataFrame:
    """Daily NASDAQ Composite ('nasdaq') or S&P 500 ('sp500') OHLC from the arch package, indexed by date."""
    if name not in ("nasdaq", "sp500"):
        raise KeyError(f"no shipped index {name!r}; use 'nasdaq' or 'sp500'")
    raw = pd.read_csv(shipped_file("arch", ARCH_FILES[name]))
    raw.index = pd.to_datetime(raw.pop("Date"), format="%m/%d/%Y")
    out = raw.rename(columns=str.lower)[["open", "high", "low", "close"]].astype("float64")
    out.index.name = "date"
    return out.sort_index()


def load_core_cpi() -> pd.Series:
    """Monthly US core CPI (CPILFESL, BLS via FRED) shipped with arch, indexed by the first of each month."""
    raw = pd.read_csv(shipped_file("arch", ARCH_FILES["core_cpi"]))
    s = pd.Series(
        raw["CPILFESL"].astype("float64").to_numpy(),
        index=pd.to_datetime(raw["Date"], format="%m/%d/%Y"),
        name="core_cpi",
    )
    s.index.name = "date"
    return s.sort_index()


def load_monthly_stock(symbol: str) -> pd.Series:
    """Month-start prices of one ticker (AAPL, AMZN, GOOG, IBM, MSFT) from vega_datasets' local stocks.csv."""
    raw = pd.read_csv(shipped_file("vega_datasets", VEGA_STOCKS))
    rows = raw[raw["symbol"] == symbol]
    if rows.empty:
        raise KeyError(
            f"no symbol {symbol!r} in vega_datasets stocks.csv; it has {sorted(raw['symbol'].unique())}"
        )
    s = pd.Series(
        rows["price"].astype("float64").to_numpy(),
        index=pd.to_datetime(rows["date"], format="%b %d %Y"),
        name=symbol,
    )
    s.index.name = "date"
    return s.sort_index()


# --- peaks, troughs, recovery -------------------------------------------------------------


def years_between(start: pd.Timestamp, end: pd.Timestamp) -> float:
    """Elapsed calendar time in years of 365.25 days."""
    return (pd.Timestamp(end) - pd.Timestamp(start)).days / DAYS_PER_YEAR


def peak(
    s: pd.Series, start: str | pd.Timestamp | None = None, end: str | pd.Timestamp | None = None
) -> tuple[pd.Timestamp, float]:
    """Highest value in [start, end] and the first date it occurred."""
    window = s.loc[start:end].dropna()
    if window.empty:
        raise ValueError(f"no values between {start} and {end}")
    return window.idxmax(), float(window.max())


def trough(
    s: pd.Series, after: pd.Timestamp, until: pd.Timestamp | None = None
) -> tuple[pd.Timestamp, float]:
    """Lowest value after a date (inclusive) up to an optional end date (inclusive), first occurrence."""
    window = s.loc[after:until].dropna()
    if window.empty:
        raise ValueError(f"no values between {after} and {until}")
    return window.idxmin(), float(window.min())


def drawdown(peak_value: float, trough_value: float) -> float:
    """Fractional change from a peak to a trough (−0.779 for a 77.9% fall)."""
    if peak_value <= 0:
        raise ValueError("peak must be positive")
    return trough_value / peak_value - 1.0


def regain(s: pd.Series, level: float, after: pd.Timestamp) -> tuple[pd.Timestamp, float] | None:
    """First date strictly after `after` with a value strictly above `level`, and that value; None if never."""
    later = s.loc[s.index > pd.Timestamp(after)].dropna()
    above = later[later > level]
    if above.empty:
        return None
    return above.index[0], float(above.iloc[0])


def episode(
    s: pd.Series,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    level: float | None = None,
    peak_date: pd.Timestamp | None = None,
) -> Episode:
    """Peak in [start, end] (or a given level and date), trough before the first higher value, and that value."""
    if level is None:
        peak_date, level = peak(s, start, end)
    elif peak_date is None:
        raise ValueError("give peak_date together with level")
    back = regain(s, level, peak_date)
    until = None if back is None else back[0] - pd.Timedelta(days=1)
    low_date, low = trough(s, peak_date, until)
    return Episode(
        pd.Timestamp(peak_date),
        float(level),
        low_date,
        low,
        None if back is None else back[0],
        None if back is None else back[1],
    )


def drawdown_path(s: pd.Series) -> pd.Series:
    """Fraction below the running maximum at each date (0 at new highs)."""
    return s / s.cummax() - 1.0


def deflate(s: pd.Series, cpi: pd.Series, base: str | pd.Timestamp) -> pd.Series:
    """A nominal series in constant prices of the base month, using the monthly CPI of each observation's month.

    Observations after the last CPI month are dropped rather than extrapolated.
    """
    months = s.index.to_period("M").to_timestamp()
    factor = cpi.reindex(months).to_numpy()
    base_cpi = float(cpi.loc[pd.Timestamp(base).to_period("M").to_timestamp()])
    real = pd.Series(s.to_numpy() * base_cpi / factor, index=s.index, name=s.name)
    return real.dropna()


def level_in_later_prices(
    level: float, cpi: pd.Series, base: str | pd.Timestamp, later: str | pd.Timestamp
) -> float:
    """An index level of the base month expressed in the prices of a later month."""
    month = lambda d: pd.Timestamp(d).to_period("M").to_timestamp()
    return level * float(cpi.loc[month(later)]) / float(cpi.loc[month(base)])


def recovery_table(series: dict[str, pd.Series], start: str, end: str) -> pd.DataFrame:
    """One row per named series: peak, trough, drawdown and regain on that series' own basis."""
    rows = []
    for name, s in series.items():
        e = episode(s, start, end)
        rows.append(
            {
                "series": name,
                "peak_date": e.peak_date,
                "peak": e.peak,
                "trough_date": e.trough_date,
                "trough": e.trough,
                "drawdown_pct": 100 * e.drawdown,
                "regain_date": e.regain_date,
                "regain_level": e.regain_level,
                "years_to_regain": e.years_to_regain,
            }
        )
    return pd.DataFrame(rows)


def aligned_paths(
    series: dict[str, pd.Series], events: dict[str, pd.Timestamp], years_after: float
) -> pd.DataFrame:
    """Each series rebased to 100 on its event date, with years since the event, up to `years_after` years."""
    frames = []
    for name, s in series.items():
        when = pd.Timestamp(events[name])
        base = s.loc[:when].dropna()
        if base.empty:
            raise ValueError(f"{name}: no value on or before the event date {when:%Y-%m-%d}")
        window = s.loc[when:].dropna()
        years = (window.index - when).days / DAYS_PER_YEAR
        keep = years <= years_after
        frames.append(
            pd.DataFrame(
                {
                    "series": name,
                    "date": window.index[keep],
                    "years_since_event": years[keep],
                    "level": window.to_numpy()[keep],
                    "rebased": 100 * window.to_numpy()[keep] / float(base.iloc[-1]),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


# --- milestones, market values and multiples from the data package -----------------------


def milestone(milestones: pd.DataFrame, subject: str, event: str, basis: str | None = None) -> pd.Series:
    """The single dotcom_milestones row for a subject, event and (optionally) price basis."""
    rows = milestones[(milestones["subject"] == subject) & (milestones["event"] == event)]
    if basis is not None:
        rows = rows[rows["price_basis"] == basis]
    if len(rows) != 1:
        raise LookupError(f"expected one milestone for {subject}/{event}/{basis}, found {len(rows)}")
    return rows.iloc[0]


def multiple(multiples: pd.DataFrame, multiple_id: str) -> pd.Series:
    """One valuation_multiples row by id."""
    rows = multiples[multiples["multiple_id"] == multiple_id]
    if len(rows) != 1:
        raise LookupError(f"no valuation multiple {multiple_id!r}")
    return rows.iloc[0]


# --- vendor financing then and now -------------------------------------------------------


def vendor_financing_shares(vf: pd.DataFrame) -> pd.DataFrame:
    """Customer-financing amounts with their share of the vendor's revenue (computed, else as reported)."""
    out = vf.copy()
    out["share_low_pct"] = 100 * out["amount_low_usd_bn"] / out["revenue_usd_bn"]
    out["share_high_pct"] = 100 * out["amount_high_usd_bn"] / out["revenue_usd_bn"]
    reported = out["revenue_usd_bn"].isna()
    out.loc[reported, "share_low_pct"] = out.loc[reported, "reported_share_pct"]
    out.loc[reported, "share_high_pct"] = out.loc[reported, "reported_share_pct"]
    out["share_basis"] = ["as reported" if r else "computed" for r in reported]
    return out


def investments_by(
    deals: pd.DataFrame, payer: str, flows: tuple[str, ...] = INVESTMENT_FLOWS
) -> pd.DataFrame:
    """A payer's investments in other companies, excluding superseded and terminated rows, flagged binding or not."""
    from moneyloop.deals.accounting import nested
    from moneyloop.deals.vocabulary import BINDING, ENDED

    rows = deals[(deals["payer"] == payer) & deals["flow_type"].isin(flows) & ~deals["status"].isin(ENDED)]
    # a row whose money sits inside another of these rows (deal_layers.csv) is counted once, in its parent
    inside = nested(rows.assign(usd_bn=rows["amount_usd_bn"]))
    rows = rows[~rows["deal_id"].isin(inside)].copy()
    rows["binding"] = rows["status"].isin(BINDING).astype(bool)
    return rows.sort_values("announced")


def superseded_headline(
    deals: pd.DataFrame, payer: str, flows: tuple[str, ...] = INVESTMENT_FLOWS
) -> pd.DataFrame:
    """A payer's investment pledges that were later replaced (for showing the headline that never happened)."""
    return deals[
        (deals["payer"] == payer) & deals["flow_type"].isin(flows) & (deals["status"] == "superseded")
    ]


def annual_revenue(financials: pd.DataFrame, company_id: str) -> tuple[float, str, pd.Timestamp]:
    """Latest yearly revenue by the report's one rule (moneyloop.revenue): amount (USD bn), basis and period end."""
    from moneyloop import revenue

    r = revenue.annual(financials, company_id)
    if r is None:
        raise LookupError(f"no actual revenue rows for {company_id}")
    return r["value_usd_bn"], r["basis"], r["period_end"]


# --- chapter tables -----------------------------------------------------------------------

BOOM_START, BOOM_END = "1999-01-01", "2001-12-31"
INDEX_NAMES = {"nasdaq": "NASDAQ Composite", "sp500": "S&P 500"}


def index_bases(ohlc: dict[str, pd.DataFrame], cpi: pd.Series) -> pd.DataFrame:
    """Peak, trough and regain of each index on three bases: close, intraday, and close in constant core-CPI prices."""
    rows = []
    for key, df in ohlc.items():
        name = INDEX_NAMES[key]
        close = episode(df["close"], BOOM_START, BOOM_END)
        high = episode(df["high"], BOOM_START, BOOM_END)
        low_date, low = trough(
            df["low"],
            high.peak_date,
            None if high.regain_date is None else high.regain_date - pd.Timedelta(days=1),
        )
        base_month = close.peak_date.to_period("M").to_timestamp()
        real = episode(deflate(df["close"], cpi, base_month), BOOM_START, BOOM_END)
        for basis, e, t_date, t in (
            ("close", close, close.trough_date, close.trough),
            ("intraday", high, low_date, low),
            ("real close (core CPI)", real, real.trough_date, real.trough),
        ):
            rows.append(
                {
                    "index": name,
                    "basis": basis,
                    "peak_date": e.peak_date,
                    "peak": e.peak,
                    "trough_date": t_date,
                    "trough": t,
                    "drawdown_pct": 100 * drawdown(e.peak, t),
                    "regain_date": e.regain_date,
                    "years_to_regain": e.years_to_regain,
                }
            )
    return pd.DataFrame(rows)


def index_paths(ohlc: dict[str, pd.DataFrame], cpi: pd.Series, years_after: float = 19) -> pd.DataFrame:
    """Closing paths rebased to 100 at each index's closing peak, plus the NASDAQ in constant prices."""
    series, events = {}, {}
    for key, df in ohlc.items():
        when, _ = peak(df["close"], BOOM_START, BOOM_END)
        series[INDEX_NAMES[key]] = df["close"]
        events[INDEX_NAMES[key]] = when
        if key == "nasdaq":
            label = "NASDAQ Composite, constant prices"
            series[label] = deflate(df["close"], cpi, when.to_period("M").to_timestamp())
            events[label] = when
    return month_ends(aligned_paths(series, events, years_after))


def month_ends(paths: pd.DataFrame) -> pd.DataFrame:
    """The first row and each month's last row per series: a light chart that keeps the event point."""
    month = paths["date"].dt.to_period("M")
    last = paths.groupby([paths["series"], month]).tail(1)
    first = paths.groupby("series").head(1)
    return pd.concat([first, last]).drop_duplicates().sort_values(["series", "date"]).reset_index(drop=True)


def company_recovery(milestones: pd.DataFrame, subject: str, prices: pd.Series | None = None) -> dict:
    """Peak, trough and regain of a company's share price: from a monthly series if given, else from milestones."""
    top = milestone(milestones, subject, "peak", "close")
    if prices is not None:
        e = episode(prices, level=float(top["value"]), peak_date=top["date"])
        low_date, low, back_date, back = e.trough_date, e.trough, e.regain_date, e.regain_level
    else:
        low_row = milestone(milestones, subject, "trough", "close")
        back_row = milestone(milestones, subject, "regained", "close")
        low_date, low, back_date, back = (
            low_row["date"],
            float(low_row["value"]),
            back_row["date"],
            float(back_row["value"]),
        )
    return {
        "peak_date": top["date"],
        "peak": float(top["value"]),
        "peak_precision": top["date_precision"],
        "trough_date": low_date,
        "trough": low,
        "drawdown_pct": 100 * drawdown(float(top["value"]), low),
        "regain_date": back_date,
        "regain_level": back,
        "years_peak_to_regain": years_between(top["date"], back_date),
        "years_trough_to_regain": years_between(low_date, back_date),
    }


def recovery_years(bases: pd.DataFrame, companies: dict[str, dict]) -> pd.DataFrame:
    """Years from peak to regain (and trough to regain) for indices and companies, for one chart."""
    rows = [
        {"series": f"{r['index']}, {r['basis']}", "measure": "peak to regain", "years": r["years_to_regain"]}
        for _, r in bases.iterrows()
        if pd.notna(r["years_to_regain"])
    ]
    for name, c in companies.items():
        rows.append(
            {
                "series": f"{name} share price, close",
                "measure": "peak to regain",
                "years": c["years_peak_to_regain"],
            }
        )
        rows.append(
            {
                "series": f"{name} share price, close",
                "measure": "trough to regain",
                "years": c["years_trough_to_regain"],
            }
        )
    return pd.DataFrame(rows)


NON_CUSTOMER_KINDS = ("chipmaker",)
BACKSTOP_FLOWS = ("capacity-commitment", "compute-purchase")


def customers_only(rows: pd.DataFrame, companies: pd.DataFrame, column: str = "payee") -> pd.DataFrame:
    """Rows whose counterparty is a buyer of chips or compute: fellow chip makers (such as Intel) are left out."""
    kinds = companies.set_index("company_id")["kind"]
    return rows[~rows[column].map(kinds).isin(NON_CUSTOMER_KINDS)]


def financing_comparison(
    vf: pd.DataFrame,
    companies: pd.DataFrame,
    deals: pd.DataFrame,
    financials: pd.DataFrame,
    payer: str = "nvidia",
) -> pd.DataFrame:
    """Customer financing then and now by instrument, each as a share of the lender's annual revenue.

    Then: telecom-equipment makers' loans and loan commitments to customers. Now: the chip maker's
    backstops and capacity commitments to customers (the closer analogue of those loans and guarantees),
    and apart from them its equity stakes in customers, binding and all standing. Stakes in fellow chip
    makers are not customer financing and are left out.
    """
    names = companies.set_index("company_id")["name"]
    then = vendor_financing_shares(vf)
    rows = [
        {
            "vendor": names.get(r["company_id"], r["company_id"]),
            "era": "dot-com",
            "instrument": "loans and guarantees",
            "what": "loans and commitments",
            "amount_usd_bn": r["amount_high_usd_bn"],
            "share_of_revenue_pct": r["share_high_pct"],
            "basis": f"{r['share_basis']}, revenue {r['revenue_period']}"
            if pd.notna(r["revenue_period"])
            else r["share_basis"],
        }
        for _, r in then.iterrows()
    ]
    revenue, basis, _ = annual_revenue(financials, payer)
    name = names.get(payer, payer)
    backstops = customers_only(investments_by(deals, payer, BACKSTOP_FLOWS), companies)
    stakes = customers_only(investments_by(deals, payer), companies)
    for instrument, what, amount in (
        ("loans and guarantees", "backstops and capacity commitments", backstops["amount_usd_bn"].sum()),
        (
            "equity stakes",
            "binding equity stakes in customers",
            stakes.loc[stakes["binding"], "amount_usd_bn"].sum(),
        ),
        ("equity stakes", "all equity stakes in customers", stakes["amount_usd_bn"].sum()),
    ):
        rows.append(
            {
                "vendor": name,
                "era": "AI boom",
                "instrument": instrument,
                "what": what,
                "amount_usd_bn": float(amount),
                "share_of_revenue_pct": 100 * float(amount) / revenue,
                "basis": f"computed, revenue {basis}",
            }
        )
    return pd.DataFrame(rows)


# --- charts -------------------------------------------------------------------------------


def paths_chart(paths: pd.DataFrame):
    """Lines of each index as a percent of its closing peak, by years since that peak, with a 100 rule."""
    import altair as alt

    from moneyloop import charts

    lines = charts.timeline(
        paths,
        "years_since_event:Q",
        "rebased:Q",
        color="series:N",
        x_title="Years since the closing peak of March 2000",
        y_title="Level, % of the closing peak",
        tooltip=[
            alt.Tooltip("series:N", title="Series"),
            alt.Tooltip("date:T", title="Date"),
            alt.Tooltip("level:Q", title="Level (index points)", format=",.2f"),
            alt.Tooltip("rebased:Q", title="% of peak", format=".1f"),
        ],
    )
    lines = lines.encode(x=alt.X("years_since_event:Q", title="Years since the closing peak of March 2000"))
    rule = (
        alt.Chart(pd.DataFrame({"y": [100.0]}))
        .mark_rule(color=charts.GREY, strokeDash=[4, 3])
        .encode(y="y:Q")
    )
    return alt.layer(lines, rule)


def recovery_chart(years: pd.DataFrame):
    """Horizontal bars of years to regain the old peak, by series and by count start."""
    import altair as alt

    from moneyloop import charts

    order = list(dict.fromkeys(years["series"]))
    return (
        charts.bar(
            years,
            "years:Q",
            "series:N",
            color="measure:N",
            sort=order,
            x_title="Years to regain the old peak",
            y_title="",
            color_sort=["peak to regain", "trough to regain"],
            tooltip=[
                alt.Tooltip("series:N", title="Series"),
                alt.Tooltip("measure:N", title="Counted"),
                alt.Tooltip("years:Q", title="Years", format=".1f"),
            ],
        )
        .encode(yOffset="measure:N")
        .properties(height=alt.Step(22))
    )


def financing_chart(comparison: pd.DataFrame):
    """Bars of financing as a percent of the lender's revenue, then and now."""
    import altair as alt

    from moneyloop import charts

    df = comparison.assign(label=comparison["vendor"] + ", " + comparison["what"])
    return charts.bar(
        df,
        "share_of_revenue_pct:Q",
        "label:N",
        color="era:N",
        sort=list(df["label"]),
        x_title="Financing or investment, % of the company's annual revenue",
        y_title="",
        tooltip=[
            alt.Tooltip("label:N", title="Company and measure"),
            alt.Tooltip("amount_usd_bn:Q", title="Amount (USD bn)", format=",.2f"),
            alt.Tooltip("share_of_revenue_pct:Q", title="% of revenue", format=".1f"),
            alt.Tooltip("basis:N", title="Basis"),
        ],
    ).properties(height=alt.Step(44))


# --- lookups and formatting for the chapter ----------------------------------------------


def financial(
    financials: pd.DataFrame, company_id: str, metric: str, period_label: str, basis: str = "actual"
) -> float:
    """One reported figure from financials (USD bn)."""
    rows = financials[
        (financials["company_id"] == company_id)
        & (financials["metric"] == metric)
        & (financials["period_label"] == period_label)
        & (financials["basis"] == basis)
    ]
    if rows.empty:
        raise LookupError(f"no {basis} {metric} for {company_id} in {period_label}")
    return float(rows.sort_values("reported_on")["value_usd_bn"].iloc[-1])


def seed_claim(claims: pd.DataFrame, topic: str, unit: str, seed_value: float) -> pd.Series:
    """The ledger row of a seed figure, found by topic, unit and the seed's number."""
    rows = claims[
        (claims["topic"] == topic) & (claims["unit"] == unit) & (claims["seed_value"] == seed_value)
    ]
    if len(rows) != 1:
        raise LookupError(f"expected one {topic} claim of {seed_value} {unit}, found {len(rows)}")
    return rows.iloc[0]


def level_text(x: float) -> str:
    """An index level or share price with two decimals as quoted ('5,048.62', '8.60'); whole numbers stay whole."""
    return f"{float(x):,.0f}" if float(x).is_integer() else f"{float(x):,.2f}"


def price_text(x: float) -> str:
    """A share price in dollars with two decimals ('$80.06')."""
    return "$" + level_text(x)


# --- total return and real terms (Shiller's monthly S&P 500) -----------------------------

MONTHS_PER_YEAR = 12


def shiller_series(shiller: pd.DataFrame) -> dict[str, pd.Series]:
    """Monthly S&P 500 price, twelve-month dividend and CPI from the shiller_monthly table, indexed by month."""
    df = shiller.sort_values("month").set_index("month")
    df.index.name = "date"
    return {
        "price": df["sp500_price"].astype("float64"),
        "dividend": df["dividend_usd"].astype("float64"),
        "cpi": df["cpi"].astype("float64"),
    }


def total_return(price: pd.Series, dividend: pd.Series) -> pd.Series:
    """Total-return index from monthly prices and an annual dividend rate: each month earns a twelfth of it.

    The first month keeps its price; month t multiplies the index by (P_t + D_t / 12) / P_(t-1), Shiller's own
    convention for his total-return price, so the series starts at the price level and then runs ahead of it.
    """
    if dividend.isna().any():
        raise ValueError("the dividend series has a gap; a total return cannot be built across it")
    growth = (price + dividend / MONTHS_PER_YEAR) / price.shift(1)
    growth.iloc[0] = 1.0
    return (float(price.iloc[0]) * growth.cumprod()).rename("total_return")


def real_terms(s: pd.Series, cpi: pd.Series) -> pd.Series:
    """A nominal series in prices of its own first month: value times CPI of the first month over CPI of each month."""
    months = s.index.to_period("M").to_timestamp()
    factor = cpi.reindex(months).to_numpy()
    base = float(cpi.reindex(months[:1]).iloc[0])
    return pd.Series(s.to_numpy() * base / factor, index=s.index, name=s.name).dropna()


def regain_bases(shiller: pd.DataFrame, nasdaq_close: pd.Series) -> pd.DataFrame:
    """Peak, trough and regain on price, total-return and inflation-adjusted bases for both indices.

    The S&P 500 uses Shiller's monthly averages on all bases so that they differ only in dividends and
    inflation; the NASDAQ uses daily closes, deflated by the same monthly CPI. No sourced NASDAQ dividend
    series is in the data, so its total-return row is reported as unavailable rather than estimated.
    """
    sh = shiller_series(shiller)
    tr = total_return(sh["price"], sh["dividend"])
    cases = [
        ("S&P 500", "price", "monthly average", sh["price"]),
        ("S&P 500", "total return", "monthly average", tr),
        ("S&P 500", "real price", "monthly average", real_terms(sh["price"], sh["cpi"])),
        ("S&P 500", "real total return", "monthly average", real_terms(tr, sh["cpi"])),
        ("NASDAQ Composite", "price", "daily close", nasdaq_close),
        ("NASDAQ Composite", "total return", "not available", None),
        ("NASDAQ Composite", "real price", "daily close", real_terms(nasdaq_close, sh["cpi"])),
    ]
    rows = []
    for index, basis, data, s in cases:
        row = {"index": index, "basis": basis, "data": data}
        if s is not None:
            e = episode(s, BOOM_START, BOOM_END)
            row |= {
                "peak_date": e.peak_date,
                "trough_date": e.trough_date,
                "drawdown_pct": 100 * e.drawdown,
                "regain_date": e.regain_date,
                "years_to_regain": e.years_to_regain,
            }
        rows.append(row)
    return pd.DataFrame(rows)


def basis_row(bases: pd.DataFrame, index: str, basis: str) -> pd.Series:
    """The one regain_bases row for an index and basis."""
    rows = bases[(bases["index"] == index) & (bases["basis"] == basis)]
    if len(rows) != 1:
        raise LookupError(f"expected one row for {index} / {basis}, found {len(rows)}")
    return rows.iloc[0]


def basis_chart(bases: pd.DataFrame):
    """Bars of years from the peak to the first value above it, by index and basis (missing bases left out)."""
    import altair as alt

    from moneyloop import charts

    df = bases.dropna(subset=["years_to_regain"]).assign(
        label=lambda d: d["index"] + ", " + d["basis"],
        regain=lambda d: d["regain_date"].dt.strftime("%b %Y"),
    )
    return charts.bar(
        df,
        "years_to_regain:Q",
        "label:N",
        color="index:N",
        sort=list(df["label"]),
        x_title="Years from the 2000 peak to the first value above it",
        y_title="",
        tooltip=[
            alt.Tooltip("label:N", title="Index and basis"),
            alt.Tooltip("data:N", title="Data"),
            alt.Tooltip("regain:N", title="Regained"),
            alt.Tooltip("years_to_regain:Q", title="Years", format=".1f"),
        ],
    ).properties(height=alt.Step(30))


# --- profit quality and latest dated multiples ---------------------------------------------


def latest_period(financials: pd.DataFrame, company_id: str, metric: str) -> str:
    """Label of the latest period with an actual figure for a company and metric (by period end)."""
    rows = financials[
        (financials["company_id"] == company_id)
        & (financials["metric"] == metric)
        & (financials["basis"] == "actual")
    ]
    if rows.empty:
        raise LookupError(f"no actual {metric} for {company_id}")
    return str(rows.sort_values(["period_end", "reported_on"])["period_label"].iloc[-1])


def profit_split(financials: pd.DataFrame, company_id: str, period_label: str) -> dict[str, float]:
    """Revenue, operating income and net income of one period, with both margins and the non-operating rest.

    The operating margin is the like-for-like profit measure: net income can be lifted by gains on stakes
    in other companies, which the 'other' figure (net minus operating income, before tax effects) shows.
    """
    revenue = financial(financials, company_id, "revenue", period_label)
    operating = financial(financials, company_id, "operating-income", period_label)
    net = financial(financials, company_id, "net-income", period_label)
    return {
        "revenue": revenue,
        "operating_income": operating,
        "net_income": net,
        "operating_margin": operating / revenue,
        "net_margin": net / revenue,
        "net_above_operating": net - operating,
    }


def latest_multiple(multiples: pd.DataFrame, subject: str, metric: str) -> pd.Series:
    """The most recent dated valuation_multiples row for a subject and metric."""
    rows = multiples[(multiples["subject"] == subject) & (multiples["metric"] == metric)]
    if rows.empty:
        raise LookupError(f"no {metric} for {subject}")
    return rows.sort_values("date").iloc[-1]


def peak_multiple(multiples: pd.DataFrame, subject: str, metric: str, era: str = "dot-com") -> pd.Series:
    """The highest valuation_multiples row of a subject and metric in an era (the first date on a tie)."""
    rows = multiples[
        (multiples["subject"] == subject) & (multiples["metric"] == metric) & (multiples["era"] == era)
    ]
    if rows.empty:
        raise LookupError(f"no {era} {metric} for {subject}")
    return rows.sort_values(["value", "date"], ascending=[False, True]).iloc[0]


# --- the 2000 cohort -----------------------------------------------------------------------

RECOVERED_FATES = ("regained", "above-peak")


def cohort_outcomes(cohort: pd.DataFrame) -> pd.DataFrame:
    """Each cohort company with whether it got back to its peak value and its value at the fate as % of the peak.

    Regained or above the peak at the check counts as recovered; an acquisition counts only if the price paid
    reached the peak value; a bankruptcy is valued at nothing and never recovered.
    """
    out = cohort.copy()
    value = out["fate_usd_bn"].where(out["fate"] != "bankrupt", 0.0)
    out["fate_pct_of_peak"] = 100 * value / out["peak_usd_bn"]
    acquired_at_peak = (out["fate"] == "acquired") & (out["fate_usd_bn"] >= out["peak_usd_bn"])
    out["recovered"] = out["fate"].isin(RECOVERED_FATES) | acquired_at_peak
    return out


OUTCOMES = ("back above its peak", "still below at a check", "sold below its peak", "bankrupt")


def cohort_classes(outcomes: pd.DataFrame) -> pd.Series:
    """Each company's outcome, one of OUTCOMES, from cohort_outcomes' rows."""
    fate = outcomes["fate"]
    cls = pd.Series(OUTCOMES[1], index=outcomes.index)
    cls = cls.mask(fate == "acquired", OUTCOMES[2]).mask(fate == "bankrupt", OUTCOMES[3])
    return cls.mask(outcomes["recovered"], OUTCOMES[0])


def cohort_counts(cohort: pd.DataFrame) -> pd.DataFrame:
    """Companies per outcome, in OUTCOMES order, with each outcome's share of the cohort (0 to 1)."""
    classes = cohort_classes(cohort_outcomes(cohort))
    counts = classes.value_counts().reindex(list(OUTCOMES), fill_value=0)
    return pd.DataFrame(
        {"outcome": list(OUTCOMES), "companies": counts.to_numpy(), "share": counts.to_numpy() / len(classes)}
    )


def cohort_summary(cohort: pd.DataFrame) -> dict:
    """Named numbers for the cohort: size, how many never recovered, who did, the median and worst value at the fate."""
    out = cohort_outcomes(cohort)
    never = out[~out["recovered"]]
    worst = out.sort_values("fate_pct_of_peak").iloc[0]
    dates = out["fate_date"].dropna()
    return {
        "n": len(out),
        "never_n": len(never),
        "never_share": share_never_recovered(cohort),
        "recovered": list(out.loc[out["recovered"]].sort_values("rank")["company"]),
        "median_pct": float(out["fate_pct_of_peak"].median()),
        "worst": worst["company"],
        "worst_pct": float(worst["fate_pct_of_peak"]),
        "counts": {r.outcome: int(r.companies) for r in cohort_counts(cohort).itertuples()},
        "selections": list(dict.fromkeys(out.sort_values("rank")["selection"])),
        "first_fate": dates.min(),
        "last_fate": dates.max(),
    }


def share_never_recovered(cohort: pd.DataFrame) -> float:
    """Fraction of the cohort that had not got back to its peak value by its fate (0 to 1)."""
    if cohort.empty:
        raise ValueError("an empty cohort has no share")
    return float(1 - cohort_outcomes(cohort)["recovered"].mean())


def cohort_chart(outcomes: pd.DataFrame):
    """Bars of each company's value at its fate as % of its peak value, coloured by outcome, with a 100% rule."""
    import altair as alt

    from moneyloop import charts

    df = outcomes.assign(fate=outcomes["fate"].astype(str), outcome=cohort_classes(outcomes))
    df = df.assign(fate_when=df["fate"] + ", " + df["fate_date"].dt.strftime("%b %Y"))
    bars = charts.bar(
        df,
        "fate_pct_of_peak:Q",
        "company:N",
        color="outcome:N",
        color_sort=list(OUTCOMES),
        sort=list(df.sort_values("rank")["company"]),
        x_title="Market value at the fate, % of the value at the peak",
        y_title="",
        tooltip=[
            alt.Tooltip("company:N", title="Company"),
            alt.Tooltip("peak_usd_bn:Q", title="Value at the peak (USD bn)", format=",.1f"),
            alt.Tooltip("outcome:N", title="Outcome"),
            alt.Tooltip("fate_when:N", title="Fate"),
            alt.Tooltip("fate_usd_bn:Q", title="Value at the fate (USD bn)", format=",.1f"),
            alt.Tooltip("fate_pct_of_peak:Q", title="% of peak", format=".0f"),
        ],
    ).properties(height=alt.Step(30))
    rule = (
        alt.Chart(pd.DataFrame({"x": [100.0]}))
        .mark_rule(color=charts.GREY, strokeDash=[4, 3])
        .encode(x="x:Q")
    )
    return alt.layer(bars, rule)
