"""Display helpers shorten what they show, never the data."""

from __future__ import annotations

import pandas as pd

from marsad.display import MAX_CELL_CHARS, MAX_SHOWN_CHARS, rtl_table, rtl_text, side_by_side


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
