"""Tests for moneyloop.bib: reading the bibliography and naming sources, on a small .bib written here."""

from __future__ import annotations

import pytest

from moneyloop import bib

BIB = r"""% a comment line
@online{Reuters2025oracle,
  author = {{Reuters}},
  title = {Oracle signs a \$300 billion {OpenAI} deal},
  organization = {Channel NewsAsia, via Reuters},
  year = {2025},
  date = {2025-09-10},
  url = {https://example.org/a},
  urldate = {2026-11-21},
  grade = {W},
}

@online{Smith2026chips,
  author = {Smith, Ann and Jones, Bob and Lee, Cy},
  title = {Chips},
  organization = {Trade Weekly},
  year = {2026},
  date = {2026-01-05},
  urldate = {2026-11-21},
  grade = {S},
  nourl = {print only},
}

@online{Oracle2025results,
  title = {Results},
  organization = {Oracle},
  year = {2025},
  date = {2025-06-11},
  url = {https://example.org/b},
  urldate = {2026-11-21},
  grade = {P},
}
"""


@pytest.fixture
def sources(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text(BIB, encoding="utf-8")
    return bib.read(path)


def test_entries_are_read_with_lines_authors_and_plain_titles(sources):
    r = sources["Reuters2025oracle"]
    assert (r.line, r.author, r.title, r.outlet, r.grade) == (
        2,
        "Reuters",
        "Oracle signs a $300 billion OpenAI deal",
        "Channel NewsAsia, via Reuters",
        "W",
    )
    s = sources["Smith2026chips"]
    assert (s.line, s.author, s.short(), s.url, s.nourl) == (
        13,
        "Smith et al.",
        "Smith et al. 2026",
        "",
        "print only",
    )
    # no author: the organization stands in
    assert sources["Oracle2025results"].short() == "Oracle 2025"


def test_a_broken_file_is_a_located_error(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text(BIB + BIB.split("\n\n")[0].replace("% a comment line\n", ""), encoding="utf-8")
    with pytest.raises(bib.BibError, match="references.bib"):
        bib.read(path)


def test_split_keys_ignores_blanks_and_missing_cells():
    assert bib.split_keys(" a; b;;c ") == ["a", "b", "c"]
    assert bib.split_keys(None) == [] and bib.split_keys(float("nan")) == [] and bib.split_keys("") == []


def test_source_names_carry_grades(sources):
    cell = "Reuters2025oracle;Oracle2025results"
    assert bib.source_names(cell, sources) == "Reuters 2025 [W]; Oracle 2025 [P]"


def test_primary_names_keep_p_and_w_once_in_order(sources):
    keys = ["Smith2026chips", "Oracle2025results", "Reuters2025oracle", "Oracle2025results"]
    assert bib.primary_names(keys, sources) == ["Oracle 2025", "Reuters 2025"]


def test_a_short_source_line_names_each_source(sources):
    keys = ["Reuters2025oracle", "Smith2026chips", "Reuters2025oracle"]
    assert bib.source_line(keys, sources) == "Reuters 2025 [W]; Smith et al. 2026 [S]"


def test_a_long_source_line_counts_by_grade_and_names_primary_ones(sources):
    keys = ["Reuters2025oracle", "Smith2026chips", "Oracle2025results"]
    # 3 sources over a limit of 2: 1 P, 1 W, 1 S; P and W named in order of the keys
    assert bib.source_line(keys, sources, limit=2) == (
        "3 sources (1 P, 1 W, 1 S; primary and wire: Reuters 2025, Oracle 2025), "
        "listed per row in the report's data files"
    )
    assert bib.source_line(keys, sources, limit=2, named=1) == (
        "3 sources (1 P, 1 W, 1 S; primary and wire: Reuters 2025 and 1 more), "
        "listed per row in the report's data files"
    )
