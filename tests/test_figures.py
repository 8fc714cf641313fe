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
