"""A corpus of broken copies of the data package: each yields its located line, never a traceback.

Every case breaks a fresh copy of data/ in one way and names the line the validator must print:
`file:row: field:` (rows numbered as a spreadsheet shows them) and a fragment of the message. Each case
runs through the command line (`python -m moneyloop validate`, in process) and, in the slow suite, through
the data check the book build runs before anything executes; one case runs a real strict build.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import ROOT, edit_cell, read_rows, write_rows

Case = Callable[[Path], tuple[str, str]]
CASES: dict[str, Case] = {}


def case(fn: Case) -> Case:
    """Register a way of breaking the data; it returns the expected 'file:row: field:' and a message fragment."""
    CASES[fn.__name__] = fn
    return fn


def row_of(path: Path, key: str, value: str) -> int:
    """The 0-based data index of the row whose `key` column equals `value`."""
    _, rows = read_rows(path)
    return next(i for i, r in enumerate(rows) if r[key] == value)


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


# --- schema: types, constraints, keys ------------------------------------------------------


@case
def wrong_type(d: Path) -> tuple[str, str]:
    row = edit_cell(d / "deals.csv", 0, "amount_usd_bn", "lots")
    return f"deals.csv:{row}: amount_usd_bn:", "'lots' is not a valid number"


@case
def negative_amount(d: Path) -> tuple[str, str]:
    row = edit_cell(d / "deals.csv", 1, "amount_usd_bn", "-5")
    return f"deals.csv:{row}: amount_usd_bn:", "minimum"


@case
def unknown_company(d: Path) -> tuple[str, str]:
    row = edit_cell(d / "deals.csv", 2, "payer", "acme-imaginary")
    return f"deals.csv:{row}: payer:", "'acme-imaginary' is not a known company_id in companies"


@case
def misspelt_company(d: Path) -> tuple[str, str]:
    i = row_of(d / "deals.csv", "payer", "openai")
    row = edit_cell(d / "deals.csv", i, "payer", "opneai")  # two letters swapped
    return f"deals.csv:{row}: payer:", "did you mean 'openai'?"


@case
def unknown_source_key(d: Path) -> tuple[str, str]:
    row = edit_cell(d / "deals.csv", 3, "sources", "Nobody2099nothing")
    return f"deals.csv:{row}: sources:", "Nobody2099nothing"


@case
def wrong_case_source_key(d: Path) -> tuple[str, str]:
    row = edit_cell(d / "deals.csv", 3, "sources", "wsj2025oracle")
    return f"deals.csv:{row}: sources:", "did you mean 'WSJ2025oracle'?"


@case
def duplicate_id(d: Path) -> tuple[str, str]:
    header, rows = read_rows(d / "deals.csv")
    rows[4]["deal_id"] = rows[3]["deal_id"]
    write_rows(d / "deals.csv", header, rows)
    return "deals.csv:6: deal_id:", "duplicate"


@case
def bad_date(d: Path) -> tuple[str, str]:
    row = edit_cell(d / "deals.csv", 5, "announced", "2025-13-45")
    return f"deals.csv:{row}: announced:", "YYYY-MM-DD"


@case
def low_above_high(d: Path) -> tuple[str, str]:
    path = d / "deals.csv"
    edit_cell(path, 6, "amount_usd_bn", "")
    edit_cell(path, 6, "amount_low_usd_bn", "10")
    row = edit_cell(path, 6, "amount_high_usd_bn", "5")
    return f"deals.csv:{row}: amount_low_usd_bn:", "above high"


@case
def missing_column(d: Path) -> tuple[str, str]:
    header, rows = read_rows(d / "deals.csv")
    header.remove("flow_type")
    for r in rows:
        r.pop("flow_type")
    write_rows(d / "deals.csv", header, rows)
    return "deals.csv:1: flow_type:", "missing"


@case
def extra_column(d: Path) -> tuple[str, str]:
    header, rows = read_rows(d / "companies.csv")
    header.append("mood")
    for r in rows:
        r["mood"] = "bullish"
    write_rows(d / "companies.csv", header, rows)
    return "companies.csv:1: mood:", "not in datapackage.json"


@case
def bad_enum(d: Path) -> tuple[str, str]:
    row = edit_cell(d / "deals.csv", 8, "status", "maybe")
    return f"deals.csv:{row}: status:", "enum"


@case
def required_value_missing(d: Path) -> tuple[str, str]:
    row = edit_cell(d / "companies.csv", 2, "name", "")
    return f"companies.csv:{row}: name:", "required"


@case
def id_pattern(d: Path) -> tuple[str, str]:
    header, rows = read_rows(d / "companies.csv")
    rows[0]["company_id"] = "Not A Slug"
    write_rows(d / "companies.csv", header, rows)
    return "companies.csv:2: company_id:", "pattern"


@case
def superseded_by_unknown(d: Path) -> tuple[str, str]:
    _, rows = read_rows(d / "deals.csv")
    i = next(i for i, r in enumerate(rows) if r["superseded_by"])
    row = edit_cell(d / "deals.csv", i, "superseded_by", "no-such-deal")
    return f"deals.csv:{row}: superseded_by:", "'no-such-deal' is not a known deal_id"


# --- files that cannot be read -------------------------------------------------------------


@case
def empty_file(d: Path) -> tuple[str, str]:
    (d / "claims.csv").write_text("", encoding="utf-8")
    return "claims.csv:1: -:", "file is empty"


@case
def non_utf8_bytes(d: Path) -> tuple[str, str]:
    path = d / "companies.csv"
    raw = path.read_bytes().split(b"\n")
    raw[3] = raw[3].replace(b",", b",Soci\xe9t\xe9 ", 1)  # Latin-1 bytes on line 4
    path.write_bytes(b"\n".join(raw))
    return "companies.csv:4: -:", "not UTF-8"


@case
def broken_datapackage_json(d: Path) -> tuple[str, str]:
    (d / "datapackage.json").write_text('{"resources": [', encoding="utf-8")
    return "datapackage.json:1: -:", "invalid JSON"


@case
def unclosed_quote(d: Path) -> tuple[str, str]:
    path = d / "companies.csv"
    text = lines(path)
    last = len([t for t in text if t]) - 1  # index of the last data line; spreadsheet row last + 1
    assert '"' not in text[last]
    text[last] = text[last].replace(",", ',"', 1)  # the second cell opens a quote that nothing closes
    path.write_text("\n".join(text), encoding="utf-8")
    return f"companies.csv:{last + 1}: -:", "never closed"


@case
def text_after_closing_quote(d: Path) -> tuple[str, str]:
    path = d / "companies.csv"
    text = lines(path)
    assert '"' not in text[4]
    text[4] = text[4].replace(",US,", ',US,"AI" lab ', 1)  # row 5: "AI" lab ... is not valid CSV
    path.write_text("\n".join(text), encoding="utf-8")
    return "companies.csv:5: -:", "text follows a closing quote"


@case
def extra_cell(d: Path) -> tuple[str, str]:
    path = d / "deals.csv"
    text = lines(path)
    text[5] += ",surplus"
    path.write_text("\n".join(text), encoding="utf-8")
    return "deals.csv:6: -:", "is a comma in a cell unquoted?"


@case
def short_row(d: Path) -> tuple[str, str]:
    path = d / "gdp.csv"
    text = lines(path)
    text[2] = text[2].rsplit(",", 1)[0]  # the last cell is gone
    path.write_text("\n".join(text), encoding="utf-8")
    return "gdp.csv:3: -:", "cells, the header has"


@case
def truncated_file(d: Path) -> tuple[str, str]:
    path = d / "gdp.csv"
    text = path.read_text(encoding="utf-8").rstrip("\n")
    n = text.count("\n") + 1  # spreadsheet row of the last line
    last_line_start = text.rindex("\n") + 1
    cut = text.index(",", last_line_start) + 1  # cut off just after the first cell of the last row
    path.write_text(text[:cut], encoding="utf-8")
    return f"gdp.csv:{n}: -:", "cut off"


@case
def header_repeated(d: Path) -> tuple[str, str]:
    path = d / "deals.csv"
    text = lines(path)
    text.insert(5, text[0])  # becomes spreadsheet row 6
    path.write_text("\n".join(text), encoding="utf-8")
    return "deals.csv:6: -:", "header row is repeated"


# --- rules beyond the schema --------------------------------------------------------------


@case
def markup_in_text(d: Path) -> tuple[str, str]:
    row = edit_cell(d / "deals.csv", 7, "description", "<img src=x onerror=alert(1)>")
    return f"deals.csv:{row}: description:", "markup"


@case
def formula_in_company_name(d: Path) -> tuple[str, str]:
    i = row_of(d / "companies.csv", "company_id", "oracle")
    row = edit_cell(d / "companies.csv", i, "name", '=HYPERLINK("http://example.com/x","Oracle")')
    return f"companies.csv:{row}: name:", "formula"


@case
def formula_tab_in_description(d: Path) -> tuple[str, str]:
    row = edit_cell(d / "deals.csv", 9, "description", "\tcmd /c calc")
    return f"deals.csv:{row}: description:", "formula"


@case
def formula_at_in_note(d: Path) -> tuple[str, str]:
    row = edit_cell(d / "deal_events.csv", 4, "note", "@SUM(1+1)*cmd")
    return f"deal_events.csv:{row}: note:", "formula"


@case
def text_over_its_limit(d: Path) -> tuple[str, str]:
    row = edit_cell(d / "deals.csv", 10, "description", "x" * 5000)
    return f"deals.csv:{row}: description:", "text is 5,000 characters long; the limit is 1,000"


@case
def huge_text(d: Path) -> tuple[str, str]:
    # 2 MB: above the csv module's default field limit (131,072), which must not crash the reader
    row = edit_cell(d / "companies.csv", 1, "description", "y" * 2_000_000)
    return f"companies.csv:{row}: description:", "text is 2,000,000 characters long"


@case
def payer_is_payee(d: Path) -> tuple[str, str]:
    header, rows = read_rows(d / "deals.csv")
    i = next(i for i, r in enumerate(rows) if r["payer"] != r["payee"])
    rows[i]["payee"] = rows[i]["payer"]
    write_rows(d / "deals.csv", header, rows)
    return f"deals.csv:{i + 2}: payee:", "payer and payee are both"


@case
def deal_announced_after_as_of(d: Path) -> tuple[str, str]:
    path = d / "deals.csv"
    i = row_of(path, "date_precision", "day")
    row = edit_cell(path, i, "announced", "2099-06-15")  # far past any source in the bibliography
    return f"deals.csv:{row}: announced:", "is after the data's as-of date"


@case
def event_after_as_of(d: Path) -> tuple[str, str]:
    path = d / "deal_events.csv"
    i = row_of(path, "date_precision", "day")
    row = edit_cell(path, i, "date", "2099-06-15")
    return f"deal_events.csv:{row}: date:", "is after the data's as-of date"


@case
def date_precision_mismatch(d: Path) -> tuple[str, str]:
    path = d / "deals.csv"
    _, rows = read_rows(path)
    i = next(
        i for i, r in enumerate(rows) if r["date_precision"] == "day" and not r["announced"].endswith("-01")
    )
    row = edit_cell(path, i, "date_precision", "month")
    return f"deals.csv:{row}: announced:", "first of the month"


@case
def outdated_claim_without_date(d: Path) -> tuple[str, str]:
    path = d / "claims.csv"
    i = row_of(path, "verdict", "confirmed")
    row = edit_cell(path, i, "verdict", "outdated")
    return f"claims.csv:{row}: changed_on:", "outdated"


@case
def low_grade_source_alone(d: Path) -> tuple[str, str]:
    row = edit_cell(d / "deals.csv", 9, "sources", "MemeInsider2025trillion")  # graded L
    return f"deals.csv:{row}: sources:", "low-grade"


@case
def ungraded_source(d: Path) -> tuple[str, str]:
    bib = d / "references.bib"
    text = bib.read_text(encoding="utf-8")
    start = text.index("@online{Dong2025goldrush")
    text = text[:start] + text[start:].replace("  grade = {S},\n", "", 1)
    bib.write_text(text, encoding="utf-8")
    return f"references.bib:{text[:start].count(chr(10)) + 1}: grade:", "Dong2025goldrush"


@case
def status_disagrees_with_latest_event(d: Path) -> tuple[str, str]:
    i = row_of(d / "deals.csv", "deal_id", "nvda-openai-loi")  # its latest event says 'superseded'
    row = edit_cell(d / "deals.csv", i, "status", "loi")
    return f"deals.csv:{row}: status:", "but the latest event in deal_events.csv"


@case
def deal_without_events(d: Path) -> tuple[str, str]:
    header, rows = read_rows(d / "deal_events.csv")
    write_rows(d / "deal_events.csv", header, [r for r in rows if r["deal_id"] != "spacex-cursor"])
    return f"deals.csv:{row_of(d / 'deals.csv', 'deal_id', 'spacex-cursor') + 2}: status:", "has no event"


@case
def stages_do_not_add_up(d: Path) -> tuple[str, str]:
    i = row_of(d / "training_runs.csv", "run_id", "deepseek-r1")
    row = edit_cell(d / "training_runs.csv", i, "gpu_hours", "150000")
    # its three published stages add up to 147,000 GPU-hours
    return f"training_runs.csv:{row}: gpu_hours:", "add up to 147,000"


ONE_LINE = {"duplicate_id", "header_repeated", "payer_is_payee", "misspelt_company"}
"""Cases whose single fault must give exactly one line (no echo from later checks)."""


# --- through the command line ---------------------------------------------------------------


def cli_lines(data_dir: Path, capsys) -> list[str]:
    from moneyloop.__main__ import main

    assert main(["validate", str(data_dir)]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return out.out.splitlines()


def test_every_case_is_registered_once():
    # every function decorated with @case in this file, counted in its text (40 when written)
    assert len(CASES) == Path(__file__).read_text(encoding="utf-8").count("\n@case\n")


@pytest.mark.parametrize("name", sorted(CASES))
def test_validate_locates_the_problem(name, data_copy, capsys):
    prefix, fragment = CASES[name](data_copy)
    found = cli_lines(data_copy, capsys)
    hits = [line for line in found if line.startswith(prefix + " ")]
    assert hits, f"expected a line starting {prefix!r}, got {found}"
    assert any(fragment in h for h in hits), hits
    if name in ONE_LINE:
        here = prefix.split(" ")[0]  # 'file:row:'
        assert len([line for line in found if line.startswith(here + " ")]) == 1, found


# --- through the build's data check ------------------------------------------------------------


def build_lines(data_dir: Path, capsys) -> list[str]:
    """What the book build prints or logs when it checks the data, before any page executes."""
    from moneyloop.ext.datacheck import check  # the build's own data check

    records: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: records.append(record.getMessage())
    log = logging.getLogger("sphinx")
    log.addHandler(handler)
    app = SimpleNamespace(srcdir=str(data_dir.parent), outdir=str(data_dir.parent / "_build" / "html"))
    try:
        with pytest.raises((Exception, SystemExit)):
            check(app, SimpleNamespace(html_static_path=[]))
    finally:
        log.removeHandler(handler)
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return records + (out.out + out.err).splitlines()


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CASES))
def test_build_check_locates_the_problem(name, data_copy, capsys):
    prefix, fragment = CASES[name](data_copy)
    found = build_lines(data_copy, capsys)
    assert any(line.startswith(prefix + " ") and fragment in line for line in found), found


@pytest.mark.slow
def test_a_real_build_refuses_with_the_located_line(tmp_path):
    import shutil

    from conftest import IGNORE, jupyter_book

    book = tmp_path / "repo"
    shutil.copytree(ROOT, book, ignore=IGNORE)
    prefix, _ = payer_is_payee(book / "data")
    done = jupyter_book(book)
    assert done.returncode != 0
    assert prefix in done.stdout + done.stderr
