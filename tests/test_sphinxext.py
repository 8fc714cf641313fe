"""Tests for moneyloop.sphinxext: the wiring of the build's parts, with a stand-in Sphinx application."""

from __future__ import annotations

from types import SimpleNamespace

from conftest import write
from moneyloop import sphinxext


class App:
    """Records what `setup` registers, like a Sphinx application."""

    def __init__(self):
        self.events: list[tuple[str, str, int]] = []
        self.config_values: list[str] = []
        self.css: list[str] = []

    def connect(self, event, handler, priority=500):
        self.events.append((event, handler.__name__, priority))

    def add_config_value(self, name, default, rebuild, types=()):
        self.config_values.append(name)

    def add_css_file(self, name):
        self.css.append(name)

    def __getattr__(self, name):  # gallery and site register directives, nodes and more: accept them all
        return lambda *a, **k: None


def test_setup_wires_each_part_to_its_event_in_order(monkeypatch):
    monkeypatch.setattr(sphinxext.gallery, "setup", lambda app: None)
    monkeypatch.setattr(sphinxext.site, "setup", lambda app: None)
    app = App()
    meta = sphinxext.setup(app)
    assert meta == {
        "version": "1.0",
        "parallel_read_safe": False,
        "parallel_write_safe": True,
        "env_version": 4,
    }
    assert app.config_values == ["moneyloop_workers"] and app.css == ["moneyloop.css"]
    assert app.events == [
        ("config-inited", "check", 500),  # the data check runs before anything else
        ("config-inited", "add_static", 500),
        ("config-inited", "_stable_config", 900),
        ("builder-inited", "builder_inited", 500),
        ("env-get-outdated", "_outdated", 500),
        ("env-before-read-docs", "_pre_execute", 900),
        ("env-purge-doc", "_purge", 500),
        ("source-read", "_source_read", 500),
        ("doctree-read", "_doctree_read", 500),
        ("env-get-updated", "number_figures", 900),
        ("html-page-context", "page_context", 900),
        ("build-finished", "_finish_drawing", 400),
        ("build-finished", "_copy_figures", 500),
        ("build-finished", "_commit", 900),
    ]


def test_exclude_patterns_are_sorted_and_unique():
    config = SimpleNamespace(exclude_patterns=["b", "_build", "b", "a"])
    sphinxext._stable_config(None, config)
    assert config.exclude_patterns == ["_build", "a", "b"]


def test_a_notebook_is_a_markdown_page_with_a_kernelspec(tmp_path):
    head = (
        "---\njupytext:\n  text_representation:\n    format_name: myst\nkernelspec:\n  name: python3\n---\n"
    )
    assert sphinxext._is_notebook(write(tmp_path / "nb.md", head + "# T\n"))
    assert not sphinxext._is_notebook(write(tmp_path / "plain.md", "# Plain\n"))
    assert not sphinxext._is_notebook(write(tmp_path / "nb.ipynb", head))


def test_a_build_succeeds_without_exception_or_strict_warnings():
    strict = SimpleNamespace(warningiserror=True, _warncount=0)
    assert sphinxext._succeeded(strict, None)
    assert not sphinxext._succeeded(strict, RuntimeError("x"))
    assert not sphinxext._succeeded(SimpleNamespace(warningiserror=True, _warncount=1), None)
    assert sphinxext._succeeded(SimpleNamespace(warningiserror=False, _warncount=3), None)
