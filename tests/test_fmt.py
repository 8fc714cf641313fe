"""Numbers in prose are written one way everywhere."""

import pandas as pd
import pytest

from moneyloop import fmt


@pytest.mark.parametrize(
    "value, text",
    [
        (300, "$300B"),
        (22.4, "$22.4B"),
        (1400, "$1.4T"),
        (4460, "$4.46T"),
        (0.005576, "$5.58M"),  # DeepSeek V3: 2.788M GPU-hours x $2
        (0.000294, "$294K"),  # DeepSeek R1's RL stages
        (-589, "−$589B"),
        (0, "$0"),
    ],
)
def test_usd_bn(value, text):
    assert fmt.usd_bn(value) == text


def test_usd_bn_refuses_missing():
    with pytest.raises(ValueError):
        fmt.usd_bn(float("nan"))


def test_percentages():
    assert fmt.pct(35.95) == "36%"
    assert fmt.pct(35.95, 1) == "36.0%"
    assert fmt.share(0.359) == "36%"
    assert fmt.signed_pct(-16.97, 2) == "−16.97%"
    assert fmt.signed_pct(3.97, 2) == "+3.97%"


def test_other_quantities():
    assert fmt.gw(4.5) == "4.5 GW"
    assert fmt.gw(10) == "10 GW"
    assert fmt.ratio(6) == "6.0×"
    assert fmt.count(1234) == "1,234"
    assert fmt.num(2788000) == "2,788,000"
    assert fmt.num(0.1234) == "0.123"
    assert fmt.years(25.7) == "25.7 years"


def test_dates_only_as_precise_as_known():
    d = pd.Timestamp("2025-09-10")
    assert fmt.day(d) == "10 September 2025"
    assert fmt.dated(d, "month") == "September 2025"
    assert fmt.dated(d, "year") == "2025"


def test_small_counts_in_words():
    assert [fmt.count_word(n) for n in (0, 5, 10, 11, 1200)] == ["zero", "five", "ten", "11", "1,200"]
