"""Tests for moneyloop.citestyle: how the bibliography page prints an entry."""

from __future__ import annotations

from pybtex.database import Entry, Person

from moneyloop import citestyle


def entry(**fields) -> Entry:
    e = Entry("online", fields=fields, persons={"author": [Person("Reuters")]})
    e.key = "Fixture2025entry"
    return e


def test_plain_entry_unescapes_text_fields_and_keeps_urls():
    e = entry(title=r"A \$300 billion {OpenAI} deal, 60\%", url="https://example.org/a_b", grade="W")
    out = citestyle.plain_entry(e)
    assert out.fields["title"] == "A $300 billion OpenAI deal, 60%"
    assert out.fields["url"] == "https://example.org/a_b"
    assert out.key == "Fixture2025entry" and "citedin" not in out.fields  # the key is cited nowhere


def test_the_style_prints_outlet_date_grade_and_keeps_the_titles_case():
    e = entry(
        title="Oracle and OpenAI sign a deal",
        organization="Channel NewsAsia, via Reuters",
        date="2025-09-10",
        url="https://example.org/a",
        grade="W",
        year="2025",
    )
    text = citestyle.Style().format_entry("1", e).text.render_as("text")
    assert text.startswith(
        "Reuters. Oracle and OpenAI sign a deal. Channel NewsAsia, via Reuters, 2025-09-10."
    )
    assert "Source grade W (wire or major outlet)." in text
    assert "https://example.org/a" in text


def test_an_ungraded_entry_says_so():
    e = entry(title="T", organization="O", date="2025-01-01", url="https://example.org/", year="2025")
    text = citestyle.Style().format_entry("1", e).text.render_as("text")
    assert "Source grade ? (ungraded)." in text
