"""Display helpers shorten what they show, never the data."""

from __future__ import annotations

import re

import pandas as pd
import payloads

from marsad.display import (
    MAX_CELL_CHARS,
    MAX_SHOWN_CHARS,
    kwic_table,
    rtl_table,
    rtl_text,
    side_by_side,
)


def test_huge_text_is_shortened_with_a_note():
    big = "كوريا الشمالية " * 700_000  # ~10 MB
    shown = side_by_side(big, "قصير", first_title="raw", second_title="clean").data
    assert len(shown) < MAX_SHOWN_CHARS * 2
    assert f"[{len(big) - MAX_SHOWN_CHARS:,} more characters not shown]" in shown
    assert "قصير" in shown
    assert len(rtl_text(big).data) < MAX_SHOWN_CHARS * 2


def test_table_cells_are_shortened_but_numbers_keep_their_format():
    df = pd.DataFrame({"text": ["ب" * 2000, "روسيا"], "score": [1.23456, 2.0]})
    html = rtl_table(df, "t").to_html()
    assert "1.235" in html and "روسيا" in html
    assert "ب" * MAX_CELL_CHARS in html and "ب" * (MAX_CELL_CHARS + 1) not in html
    assert df.loc[0, "text"] == "ب" * 2000  # the frame itself is untouched


def payload_frame() -> pd.DataFrame:
    """Payloads as values, index labels, column names and axis names."""
    df = pd.DataFrame({"text": payloads.ALL, "score": [-1.5] * len(payloads.ALL)},
                      index=pd.Index(payloads.ALL, name=payloads.SVG))
    return df.rename(columns={"score": payloads.IMG}).rename_axis(columns=payloads.SCRIPT)


def test_table_values_labels_and_names_reach_html_as_text():
    page = rtl_table(payload_frame(), "payloads").to_html()
    assert payloads.live_markup(page) == []
    assert page.count("&lt;img src=x onerror=alert(1)&gt;") == 2 + 1  # cell, label, column
    assert "&amp;lt;img" in page  # an entity in the data is shown as written, not decoded
    assert "-1.500" in page  # numbers keep their format
    assert 'id="T_payloads"' in page  # fixed id: byte-stable outputs


def test_table_controls_are_visible_and_math_is_not_typeset():
    page = rtl_table(payload_frame(), "payloads").to_html()
    assert "\x00" not in page and "\u202e" not in page
    assert "a⟨U+0000⟩b" in page and "bidi-⟨U+202E⟩gpj.exe" in page
    table = re.search(r"<table [^>]*>", page).group()
    assert 'class="tex2jax_ignore mathjax_ignore"' in table and 'dir="rtl"' in table


def test_long_payload_cell_is_shortened_before_escaping():
    cell = payloads.IMG * 200
    page = rtl_table(pd.DataFrame({"t": [cell]}), "t").to_html()
    assert payloads.live_markup(page) == []
    assert "more characters not shown" in page
    assert re.search(r"&[a-z]*\s", page) is None  # no entity cut in half


def test_kwic_table_escapes_every_column():
    conc = pd.DataFrame({"article_id": [payloads.BIDI], "left": [payloads.IMG],
                         "match": [payloads.SVG], "right": [payloads.DOLLARS]})
    page = kwic_table(conc, "kwic-payloads").to_html()
    assert payloads.live_markup(page) == []
    assert "bidi-⟨U+202E⟩gpj.exe" in page and payloads.DOLLARS in page
    assert "tex2jax_ignore" in page


def test_text_blocks_escape_and_ignore_math():
    text = "\n".join(payloads.ALL)
    for shown in (rtl_text(text, title=payloads.IMG).data,
                  side_by_side(text, text, first_title=payloads.SVG, second_title=payloads.IMG).data):
        assert payloads.live_markup(shown) == []
        assert "\x00" not in shown and "⟨U+202E⟩" in shown
        assert shown.count("<br>") >= len(payloads.ALL) - 1  # line breaks kept
        assert shown.startswith(('<div class="tex2jax_ignore', '<table class="tex2jax_ignore'))
