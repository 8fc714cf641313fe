"""Figure exports: staged specs are drawn once, redrawn only when they change, and carry their labels."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from moneyloop import figures, render


def _figure(tmp_path, title="Test figure"):
    data = pd.DataFrame({"x": [1, 2, 3], "y": [3, 1, 2]})
    chart = alt.Chart(data).mark_bar().encode(x="x:O", y="y:Q")
    fig = figures.Figure(
        id="test-fig",
        title=title,
        subtitle="",
        caption="c",
        alt="a",
        sources=["Dong2025goldrush"],
        source_line="Dong 2025 [S]",
        as_of="3 July 2026",
    )
    return chart, fig, data


def test_staging_writes_specs_but_draws_nothing(tmp_path):
    chart, fig, data = _figure(tmp_path)
    files = figures.stage_exports(chart, fig, data, tmp_path)
    assert (tmp_path / files["csv"]).exists() and (tmp_path / "test-fig.json").exists()
    assert not (tmp_path / files["png"]).exists()
    assert not render.current(tmp_path, "test-fig")


def test_drawing_is_skipped_until_a_spec_changes(tmp_path):
    chart, fig, data = _figure(tmp_path)
    figures.stage_exports(chart, fig, data, tmp_path)
    assert render.draw(tmp_path, "test-fig") is True
    assert render.draw(tmp_path, "test-fig") is False
    svg = (tmp_path / "test-fig.svg").read_text(encoding="utf-8")
    assert "Test figure" in svg and "3 July 2026" in svg and "Dong 2025 [S]" in svg

    chart, fig, data = _figure(tmp_path, title="Renamed figure")
    figures.stage_exports(chart, fig, data, tmp_path)
    assert not render.current(tmp_path, "test-fig")
    assert render.draw(tmp_path, "test-fig") is True
    assert "Renamed figure" in (tmp_path / "test-fig.svg").read_text(encoding="utf-8")


def test_deleted_output_is_redrawn(tmp_path):
    chart, fig, data = _figure(tmp_path)
    figures.write_exports(chart, fig, data, tmp_path)
    (tmp_path / "test-fig-slide.png").unlink()
    assert render.draw(tmp_path, "test-fig") is True
    png = (tmp_path / "test-fig-slide.png").read_bytes()
    # PNG header: width and height are big-endian at bytes 16-24
    assert (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")) == render.SLIDE


def test_metadata_lists_the_five_downloads(tmp_path):
    chart, fig, data = _figure(tmp_path)
    figures.stage_exports(chart, fig, data, tmp_path)
    meta = json.loads((tmp_path / "test-fig.json").read_text(encoding="utf-8"))
    assert meta["files"] == {
        "png": "test-fig.png",
        "svg": "test-fig.svg",
        "csv": "test-fig.csv",
        "slide": "test-fig-slide.png",
        "zip": "test-fig.zip",
    }


def test_public_csv_drops_layout_and_names_units():
    data = pd.DataFrame(
        {
            "quarter": pd.to_datetime(["2023-01-01", "2025-07-01"]),
            "usd_bn": [3.1799999999999997, 1.0],
            "width_usd_bn": [3.18, 1.0],  # line width: styling only
            "from_year": [2025.3887748117727, 2025.5],  # fractional year: positions marks only
            "to_year": [9999.0, 2026.0],
            "share_pct": [12.5, 50.0],
            "announced": pd.to_datetime(["2025-05-23", "2025-09-10"]),
        }
    )
    table, units = figures.public_table(data)
    # to_year holds whole years, so it stays (with 9999, "still standing", as a blank)
    assert list(table.columns) == ["Quarter", "USD bn", "To year", "Share (%)", "Announced"]
    assert table["To year"].isna().tolist() == [True, False]
    # 2023-01-01 is in Q1 (Jan-Mar); 2025-07-01 in Q3 (Jul-Sep)
    assert list(table["Quarter"]) == ["2023 Q1", "2025 Q3"]
    assert list(table["USD bn"]) == [3.18, 1.0]  # six significant digits: 3.17999... reads 3.18
    assert list(table["Announced"]) == ["2025-05-23", "2025-09-10"]
    assert units == {"USD bn": "US dollars, billions, nominal", "Share (%)": "percent"}


def test_open_end_year_is_blank_not_9999():
    table, _ = figures.public_table(pd.DataFrame({"until": [9999, 2026]}))
    assert table["Until"].isna().tolist() == [True, False]


def test_zip_holds_csv_metadata_and_readme(tmp_path):
    import zipfile

    chart, fig, data = _figure(tmp_path)
    figures.stage_exports(chart, fig, data, tmp_path)
    with zipfile.ZipFile(tmp_path / "test-fig.zip") as z:
        assert sorted(z.namelist()) == ["README.txt", "test-fig.csv", "test-fig.metadata.json"]
        meta = json.loads(z.read("test-fig.metadata.json"))
        readme = z.read("README.txt").decode()
    assert meta["license"]["name"] == "CC BY 4.0" and meta["as_of"] == "3 July 2026"
    assert meta["sources"][0]["key"] == "Dong2025goldrush" and meta["sources"][0]["grade"] == "S"
    assert set(meta["sources"][0]) == {"key", "citation", "title", "grade", "url"}
    assert "CC BY 4.0" in readme and "Test figure" in readme


def test_caption_names_primary_sources_and_counts_the_rest():
    from moneyloop.bib import Source

    def src(key, author, grade):
        return Source(key, author, "t", "2025", "2025-01-01", "https://x", "o", grade, "2026-01-01")

    known = {
        "A": src("A", "Oracle", "P"),
        **{f"W{i}": src(f"W{i}", f"Wire{i}", "W") for i in range(4)},
        **{f"S{i}": src(f"S{i}", f"Blog{i}", "S") for i in range(3)},
    }
    # 8 sources (more than 6): the one primary is named, the other 7 counted as 4 W and 3 S
    text = figures.caption_sources(list(known), known)
    assert text == "Oracle 2025 [P]; and 7 more (4 W, 3 S)"


# --- slides: the figure's number in the footer, a plot fitted to the 16:9 canvas ----------------


def test_footer_names_the_figure_by_the_number_the_last_build_gave_it(tmp_path):
    chart, fig, data = _figure(tmp_path)
    figures.stage_exports(chart, fig, data, tmp_path)
    for p in render.spec_files(tmp_path, "test-fig"):
        # first staging: no number known yet, the footer's first line is the title alone
        assert json.loads(p.read_text(encoding="utf-8"))["vconcat"][0]["title"]["text"][0] == "Test figure"
    (tmp_path / "test-fig.number").write_text("2.3", encoding="utf-8")
    figures.stage_exports(chart, fig, data, tmp_path)
    for p in render.spec_files(tmp_path, "test-fig"):
        footer = json.loads(p.read_text(encoding="utf-8"))["vconcat"][0]["title"]["text"]
        assert footer[0] == "Figure 2.3: Test figure"
        assert footer[-1].startswith("Data as of 3 July 2026. Licence CC BY 4.0.")


def test_renumbering_rewrites_both_footers_once(tmp_path):
    chart, fig, data = _figure(tmp_path)
    figures.stage_exports(chart, fig, data, tmp_path)
    line = render.number_line("4.1", "Test figure")
    assert line == "Figure 4.1: Test figure"
    assert render.renumber(tmp_path, "test-fig", line) is True
    assert render.renumber(tmp_path, "test-fig", line) is False  # already numbered: nothing to redraw


def test_slide_text_and_label_room_grow_with_the_type_scale():
    spec = {
        "layer": [
            {"mark": {"type": "text", "fontSize": 10}, "encoding": {"y": {"axis": {"labelLimit": 100}}}},
            {"mark": "bar", "encoding": {"color": {"legend": {"labelLimit": 50}}}},
        ]
    }
    figures._scale_text(spec, 2.0)
    # 10 px x 2 = 20 px; 100 px x 2 = 200 px; 50 px x 2 = 100 px
    assert spec["layer"][0]["mark"]["fontSize"] == 20
    assert spec["layer"][0]["encoding"]["y"]["axis"]["labelLimit"] == 200
    assert spec["layer"][1]["encoding"]["color"]["legend"]["labelLimit"] == 100
