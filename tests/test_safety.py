"""marsad.safety: corpus text shown as text."""

from __future__ import annotations

import payloads
import pytest

from marsad.safety import (
    external_references,
    html_text,
    restore_cell,
    spreadsheet_cell,
    visible_controls,
    visible_text_controls,
)


def test_controls_and_bidi_overrides_become_visible():
    assert visible_controls("bidi-\u202egpj.exe") == "bidi-⟨U+202E⟩gpj.exe"
    assert visible_controls("a\nb\x00c\td") == "a⟨U+000A⟩b⟨U+0000⟩c⟨U+0009⟩d"
    assert visible_controls("مآل.txt") == "مآل.txt"  # ordinary Arabic untouched


def test_running_text_keeps_its_layout_and_marks():
    assert visible_text_controls("سطر\nسطر\tعمود\r\n") == "سطر\nسطر\tعمود\r\n"
    assert visible_text_controls("a\x00b\x07\x85\u202e\u2066") == (
        "a⟨U+0000⟩b⟨U+0007⟩⟨U+0085⟩⟨U+202E⟩⟨U+2066⟩")
    assert visible_text_controls("\u200fمرحبا\u061c") == "\u200fمرحبا\u061c"  # RLM, ALM kept


def test_html_text_is_inert():
    for value in payloads.ALL:
        assert payloads.live_markup(html_text(value)) == []
    assert html_text(payloads.IMG) == "&lt;img src=x onerror=alert(1)&gt;"
    assert html_text(payloads.ENCODED_IMG) == "&amp;lt;img src=x onerror=alert(1)&amp;gt;"
    assert html_text(["<b>"]) == "[&#x27;&lt;b&gt;&#x27;]"  # not a string: str() escaped too


@pytest.mark.parametrize("value", payloads.ALL)
def test_spreadsheet_cells_are_text_and_restore_exactly(value):
    cell = spreadsheet_cell(value)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    if value in (payloads.NUL, payloads.BIDI) or "\r" in value:
        return  # made visible / CR written as \n: one way
    assert restore_cell(cell) == value


def test_numbers_are_not_spreadsheet_text():
    assert spreadsheet_cell(-3.5) == -3.5 and spreadsheet_cell(-2) == -2
    assert spreadsheet_cell("-3.5") == "'-3.5"  # a string is text, even when it looks numeric


def test_external_references_are_found():
    page = ('<a href="https://example.org">a link is no load</a><img src="data:image/png;base64,x">'
            '<script src="https://cdn.example/mathjax.js"></script><link href="//cdn.example/a.css">'
            '<style>b{background:url(data:x)} @import url("https://f.example/x.css");</style>'
            '<script type="module">const m = await import("https://cdn.example/mermaid.mjs")</script>')
    assert external_references(page) == [
        "<script src=https://cdn.example/mathjax.js>", "<link href=//cdn.example/a.css>",
        "<style> https://f.example/x.css", "<script> https://cdn.example/mermaid.mjs"]
