"""Figure CSVs are inert: a cell a spreadsheet would run as a formula is written with a leading apostrophe."""

from __future__ import annotations

import csv

import pandas as pd

from moneyloop import safecsv


def test_formula_leads_are_recognised_but_numbers_are_not():
    for text in ('=HYPERLINK("http://x","Oracle")', "+1+cmd", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"):
        assert safecsv.is_formula(text), text
    for value in ("-5", "+3.5", "-1e6", "Oracle", "", 7, None, "a=b"):
        assert not safecsv.is_formula(value), value


def test_neutralise_prefixes_an_apostrophe_and_leaves_the_rest():
    assert safecsv.neutralise("=1+1") == "'=1+1"
    assert safecsv.neutralise("-5") == "-5"
    assert safecsv.neutralise(-5.0) == -5.0


def test_written_csv_carries_no_live_formula(tmp_path):
    df = pd.DataFrame(
        {
            "company": ['=HYPERLINK("http://example.com","Oracle")', "NVIDIA", "@cmd"],
            "change_pct": [-5.0, 2.5, -0.5],
            "note": ["-down", "+up", "plain"],
            "=col": [1, 2, 3],
        }
    )
    path = tmp_path / "figure.csv"
    safecsv.write(df, path, index=False)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["company", "change_pct", "note", "'=col"]
    assert rows[1] == ['\'=HYPERLINK("http://example.com","Oracle")', "-5.0", "'-down", "1"]
    assert rows[2] == ["NVIDIA", "2.5", "'+up", "2"]
    assert rows[3] == ["'@cmd", "-0.5", "plain", "3"]
    cells = [c for r in rows for c in r]
    assert not [c for c in cells if safecsv.is_formula(c)]
    assert df.at[0, "company"].startswith("=")  # the caller's frame is not changed


def test_figure_exports_go_through_the_neutraliser(tmp_path, monkeypatch):
    from moneyloop import figures

    monkeypatch.setattr(figures.render, "spec_files", lambda folder, i: (folder / "p.vl", folder / "s.vl"))
    fig = figures.Figure(
        id="f",
        title="t",
        subtitle="",
        caption="c",
        alt="a",
        sources=["k"],
        source_line="s",
        as_of="2026-07-03",
    )
    import altair as alt

    data = pd.DataFrame({"name": ["=1+1"], "value": [1]})
    figures.stage_exports(alt.Chart(data).mark_bar().encode(x="value:Q", y="name:N"), fig, data, tmp_path)
    assert (tmp_path / "f.csv").read_text(encoding="utf-8").splitlines()[1] == "'=1+1,1"
