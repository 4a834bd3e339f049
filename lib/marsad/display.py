"""Right-to-left display of Arabic tables and text in notebooks and their HTML reports.

nbconvert has no right-to-left switch: Arabic prose goes in ``<div dir="rtl" lang="ar">`` and
tables get ``dir="rtl"``. Table ids are fixed so notebook outputs stay byte-stable under nbval.
"""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML


def rtl_table(df: pd.DataFrame, table_id: str, *, precision: int = 3):
    """A pandas Styler that renders ``df`` right-to-left with a stable id."""
    return (
        df.style.set_table_attributes('dir="rtl" lang="ar"')
        .set_uuid(table_id)
        .format(precision=precision)
    )


def rtl_text(text: str, *, title: str | None = None, max_chars: int | None = None) -> HTML:
    """Arabic text as a right-to-left block, line breaks kept."""
    if max_chars is not None and len(text) > max_chars:
        text = text[:max_chars] + " …"
    head = f"<h4>{html.escape(title)}</h4>" if title else ""
    body = html.escape(text).replace("\n", "<br>")
    return HTML(f'{head}<div dir="rtl" lang="ar" style="text-align:right">{body}</div>')


def side_by_side(first: str, second: str, *, first_title: str, second_title: str) -> HTML:
    """Two Arabic texts in two columns, ``first`` on the left (e.g. raw, then cleaned)."""
    def column(title: str, text: str) -> str:
        body = html.escape(text).replace("\n", "<br>")
        return (f'<td style="vertical-align:top;width:50%"><h4>{html.escape(title)}</h4>'
                f'<div dir="rtl" lang="ar" style="text-align:right">{body}</div></td>')

    return HTML(f"<table><tr>{column(first_title, first)}{column(second_title, second)}</tr></table>")
