"""Format numbers for prose in one place, so every page writes money, shares and dates alike."""

from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd


def _sig(x: float, digits: int) -> str:
    """x rounded to `digits` significant figures, without trailing zeros."""
    if x == 0:
        return "0"
    places = max(digits - math.floor(math.log10(abs(x))) - 1, 0)
    text = f"{round(x, places):,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def usd_bn(x: float, digits: int = 3) -> str:
    """USD billions as '$300B', '$1.4T', '$5.58M' or '$294K' (sign first for losses)."""
    if x is None or pd.isna(x):
        raise ValueError("cannot format a missing amount")
    if x == 0:
        return "$0"
    sign, x = ("−" if x < 0 else ""), abs(float(x))
    for scale, suffix in ((1000.0, "T"), (1.0, "B"), (1e-3, "M"), (1e-6, "K")):
        if x >= scale or suffix == "K":
            return f"{sign}${_sig(x / scale, digits)}{suffix}"
    raise AssertionError("unreachable")


def pct(x: float, digits: int = 0) -> str:
    """A percent number (35.95) as '36%'; pass a share (0.36) through share()."""
    if x is None or pd.isna(x):
        raise ValueError("cannot format a missing percentage")
    sign = "−" if x < 0 else ""
    return f"{sign}{abs(float(x)):.{digits}f}%"


def share(x: float, digits: int = 0) -> str:
    """A fraction (0.359) as '36%'."""
    return pct(100 * float(x), digits)


def signed_pct(x: float, digits: int = 1) -> str:
    """A change in percent with its sign: '+36.0%', '−17.0%'."""
    return ("+" if x >= 0 else "") + pct(x, digits)


def num(x: float, digits: int = 3) -> str:
    """A plain quantity with thousands separators and `digits` significant figures."""
    x = float(x)
    if abs(x) >= 10**digits:
        return f"{round(x):,}"
    return _sig(x, digits)


def count(n: int) -> str:
    """A whole count with thousands separators."""
    return f"{int(n):,}"


WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count_word(n: int) -> str:
    """A small count in words ('five'), as style wants in prose; 11 and above in figures."""
    return WORDS[int(n)] if 0 <= int(n) < len(WORDS) else count(n)


def gw(x: float) -> str:
    """Gigawatts: '4.5 GW'."""
    return f"{_sig(float(x), 3)} GW"


def ratio(x: float, digits: int = 1) -> str:
    """A multiple: '6.0×'."""
    return f"{float(x):.{digits}f}×"


def years(x: float, digits: int = 1) -> str:
    """A duration in years: '25.7 years'."""
    return f"{float(x):.{digits}f} years"


def day(d: date | datetime | pd.Timestamp | str) -> str:
    """A date as '10 September 2025'."""
    ts = pd.Timestamp(d)
    return f"{ts.day} {ts:%B %Y}"


def month(d: date | datetime | pd.Timestamp | str) -> str:
    """A date as 'September 2025', for dates known to the month."""
    return f"{pd.Timestamp(d):%B %Y}"


def dated(d: date | datetime | pd.Timestamp | str, precision: str) -> str:
    """A date written only as precisely as it is known."""
    if precision == "day":
        return day(d)
    if precision == "month":
        return month(d)
    return f"{pd.Timestamp(d):%Y}"


def usd(x: float, digits: int = 3) -> str:
    """Plain US dollars for small unit prices: '$2', '$4.92', '$1.64' (use usd_bn for totals)."""
    if x is None or pd.isna(x):
        raise ValueError("cannot format a missing amount")
    sign = "−" if x < 0 else ""
    return f"{sign}${_sig(abs(float(x)), digits)}"


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def sci(x: float, digits: int = 2) -> str:
    """A very large or small quantity in powers of ten: 3.4e24 as '3.4 × 10²⁴'."""
    x = float(x)
    if x == 0:
        return "0"
    exp = math.floor(math.log10(abs(x)))
    mant = x / 10**exp
    if round(abs(mant), digits - 1) >= 10:
        exp, mant = exp + 1, mant / 10
    return f"{_sig(mant, digits)} × 10{str(exp).translate(_SUPERSCRIPT)}"
