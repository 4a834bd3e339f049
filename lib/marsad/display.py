"""Right-to-left display of Arabic tables and text in notebooks and their HTML reports.

nbconvert has no right-to-left switch: Arabic prose goes in ``<div dir="rtl" lang="ar">`` and
tables get ``dir="rtl"``. Table ids are fixed so notebook outputs stay byte-stable under nbval.
"""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML

#: Longest text shown in one block / one table cell; a 10 MB article must not make a 10 MB
#: report. Only the display is shortened (with a note); data and CSV outputs are whole.
MAX_SHOWN_CHARS = 5000
MAX_CELL_CHARS = 400


def shorten(text: str, max_chars: int = MAX_SHOWN_CHARS) -> str:
    """``text`` cut to ``max_chars`` with a note of how much is not shown."""
    if not isinstance(text, str) or len(text) <= max_chars:
        return text
    return f"{text[:max_chars]} … [{len(text) - max_chars:,} more characters not shown]"


def rtl_table(df: pd.DataFrame, table_id: str, *, precision: int = 3):
    """A pandas Styler that renders ``df`` right-to-left with a stable id (long cells shortened)."""
    return (
        df.style.set_table_attributes('dir="rtl" lang="ar"')
        .set_uuid(table_id)
        .format(precision=precision)
        .format(lambda v: shorten(v, MAX_CELL_CHARS), subset=_long_columns(df))
    )


def _long_columns(df: pd.DataFrame) -> list:
    """Columns holding a string longer than :data:`MAX_CELL_CHARS`."""
    return [c for c in df.columns
            if any(isinstance(v, str) and len(v) > MAX_CELL_CHARS for v in df[c].to_numpy())]


def rtl_text(text: str, *, title: str | None = None, max_chars: int = MAX_SHOWN_CHARS) -> HTML:
    """Arabic text as a right-to-left block, line breaks kept."""
    text = shorten(text, max_chars)
    head = f"<h4>{html.escape(title)}</h4>" if title else ""
    body = html.escape(text).replace("\n", "<br>")
    return HTML(f'{head}<div dir="rtl" lang="ar" style="text-align:right">{body}</div>')


def side_by_side(first: str, second: str, *, first_title: str, second_title: str) -> HTML:
    """Two Arabic texts in two columns, ``first`` on the left (e.g. raw, then cleaned)."""
    def column(title: str, text: str) -> str:
        body = html.escape(shorten(text)).replace("\n", "<br>")
        return (f'<td style="vertical-align:top;width:50%"><h4>{html.escape(title)}</h4>'
                f'<div dir="rtl" lang="ar" style="text-align:right">{body}</div></td>')

    return HTML(f"<table><tr>{column(first_title, first)}{column(second_title, second)}</tr></table>")
