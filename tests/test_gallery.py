"""The parts of each figure's reuse block, which the gallery shares."""

from __future__ import annotations

from moneyloop import gallery
from moneyloop.bib import Source


def _src(key: str, author: str, grade: str) -> Source:
    return Source(key, author, "t", "2025", "2025-01-01", "https://x", "o", grade, "2026-01-01")


def test_downloads_list_every_export_in_a_fixed_order():
    html = gallery.downloads_html({"csv": "f.csv", "png": "f.png", "zip": "f.zip"})
    # png before csv before zip, whatever the dict order; missing kinds are left out
    assert html.index("f.png") < html.index("f.csv") < html.index("f.zip")
    assert html.count("<a ") == 3 and "slide" not in html


def test_sources_link_to_references_primary_first():
    known = {"B": _src("B", "Blog", "S"), "A": _src("A", "Oracle", "P")}
    html = gallery.sources_html(["B", "A"], known, "../refs.html", "../data/x.zip")
    assert html.index("Oracle 2025 [P]") < html.index("Blog 2025 [S]")
    assert '<a href="../refs.html#ref-A">' in html and '<a href="../data/x.zip">' in html
    assert "<details" not in html  # two sources: shown in full, not folded


def test_more_than_six_sources_name_the_primary_ones_and_count_the_rest():
    known = {f"K{i}": _src(f"K{i}", f"A{i}", "W") for i in range(7)} | {"P1": _src("P1", "Oracle", "P")}
    html = gallery.sources_html(list(known), known, "r.html", "d.zip")
    # 8 sources: the one primary source is linked, the other 7 are counted
    assert html.startswith(
        '<p class="ml-sources">Primary sources: <a href="r.html#ref-P1">Oracle 2025 [P]</a>; and 7 more'
    )
    assert html.count("#ref-") == 1


def test_table_is_escaped_and_cut_at_the_limit(tmp_path):
    csv = tmp_path / "f.csv"
    csv.write_text("Name,Value (USD bn)\n<b>x</b>,1\ny,2\nz,3\n", encoding="utf-8")
    html = gallery.table_html(csv, "Data", limit=2)
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x" not in html
    assert html.count("<tr>") == 3  # header row + 2 of the 3 data rows
    assert "first 2 of 3 rows" in html
    assert 'tabindex="0" role="region"' in html  # keyboard users can scroll it
