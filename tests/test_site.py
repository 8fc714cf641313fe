"""Site furniture: footer, icon stylesheet, data package links."""

from __future__ import annotations

import moneyloop
from moneyloop import site

FAKE_FA = (
    'var a={"bars":[448,512,[],"f0c9","M0 96z"]};'  # an earlier (regular) set
    'var b={"moon":[384,512,[127769],"f186","M1 1z"],"bars":[448,512,["navicon"],"f0c9","M9 9z"]};'
)


def test_icon_css_uses_the_last_set_and_skips_unknown_icons():
    css = site.icon_css(FAKE_FA, ["bars", "moon", "nope"])
    # two icons found -> two rules with a mask; "bars" takes the solid (last) path M9 9z
    assert css.count("--ml-icon:url(") == 2
    assert "M9%209z" in css and "M0%2096z" not in css
    assert ".fa-nope" not in css


def test_footer_states_licences_version_and_dates():
    html = site.footer_html("2026-07-03", "2026-12-02")
    for part in (
        "CC BY 4.0",
        "MIT",
        f"version {moneyloop.__version__}",
        "Data as of 2026-07-03",
        "Built 2026-12-02",
        "ai-money-loop",
    ):
        assert part in html


def test_data_links_point_into_the_published_folder():
    html = site.data_links(["deals.csv", "claims.csv"], "../../data/")
    assert 'href="../../data/ai-money-loop-data.zip"' in html
    assert 'href="../../data/deals.csv"' in html and 'href="../../data/claims.csv"' in html


def test_admonition_and_brand_icons_never_ask_for_the_icon_fonts():
    fa = FAKE_FA + 'var c={"circle-info":[512,512,[],"f05a","M5 5z"],bell:[448,512,[],"f0f3","M7 7z"]};'
    css = site.icon_css(fa, ["bars"])
    # bars + the note admonition (circle-info) + admonitions of no listed kind (bell) -> three masks
    assert css.count("--ml-icon:url(") == 3
    assert ".admonition.note>.admonition-title::after{--ml-icon:" in css
    assert ".admonition>.admonition-title::after{--ml-icon:" in css and "M7%207z" in css
    assert "font:inherit!important" in css  # the titles' icon font is overridden
    assert "a.github::before,a.gitlab::before{content:none!important" in css
