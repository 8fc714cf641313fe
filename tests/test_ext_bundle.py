"""Tests for moneyloop.ext.bundle: the offline chart bundle and the dropped Thebe loader."""

from __future__ import annotations

from types import SimpleNamespace

from moneyloop.ext import bundle


def test_thebe_loader_and_its_address_are_dropped():
    js = [
        SimpleNamespace(
            filename=None, priority=500, attributes={"body": 'const THEBE_JS_URL = "https://unpkg.com/x"'}
        ),
        SimpleNamespace(filename="sphinx-thebe.js", priority=500, attributes={}),
        SimpleNamespace(filename="keep.js", priority=500, attributes={}),
    ]
    css = [
        SimpleNamespace(filename="_static/sphinx-thebe.css"),
        SimpleNamespace(filename="_static/moneyloop.css"),
    ]
    context = {
        "script_files": js,
        "css_files": css,
        "body": '<p>a</p><script type="text/x-thebe-config">{x}</script>\n<p>b</p>',
    }
    bundle.drop_thebe(context)
    assert [j.filename for j in context["script_files"]] == ["keep.js"]
    assert [c.filename for c in context["css_files"]] == ["_static/moneyloop.css"]
    assert context["body"] == "<p>a</p><p>b</p>"
