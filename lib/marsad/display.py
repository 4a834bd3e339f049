"""Right-to-left display of Arabic tables and text in notebooks and their HTML reports.

nbconvert has no right-to-left switch: Arabic prose goes in ``<div dir="rtl" lang="ar">`` and
tables get ``dir="rtl"``. Table ids are fixed so notebook outputs stay byte-stable under nbval.

Everything shown comes from a corpus and reaches the HTML as text (:mod:`marsad.safety`): cell
values, index labels and column names are escaped (a pandas ``Styler`` escapes nothing by
itself), control characters and bidi overrides are shown as ``⟨U+XXXX⟩``, and every wrapper
carries the MathJax ignore classes, so "$5 مليون … $3" is never typeset as mathematics.
"""

from __future__ import annotations

import re

import pandas as pd
from IPython.display import HTML
from pandas.api.types import is_complex, is_float, is_integer

from marsad.safety import MATH_IGNORE_CLASSES, html_text

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
    """A pandas Styler that renders ``df`` right-to-left with a stable id: numbers with
    ``precision`` decimals, text escaped and shortened to :data:`MAX_CELL_CHARS`, index labels
    and column names escaped too."""
    def cell(value: object) -> str:
        return _shown(value, precision)

    return (
        _names_escaped(df).style
        .set_table_attributes(f'dir="rtl" lang="ar" class="{MATH_IGNORE_CLASSES}"')
        .set_uuid(table_id)
        .format(cell)
        .format_index(cell, axis=0)
        .format_index(cell, axis=1)
    )


def _shown(value: object, precision: int) -> str:
    """One cell or label as HTML: floats with ``precision`` decimals, integers as they are,
    anything else as escaped text (long text shortened first)."""
    if is_float(value) or is_complex(value):
        return f"{value:.{precision}f}"
    if is_integer(value):
        return str(value)
    return html_text(shorten(value, MAX_CELL_CHARS) if isinstance(value, str) else value)


def _names_escaped(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with its index and column-axis names escaped (the Styler prints them as given)."""
    names = [*df.index.names, *df.columns.names]
    if all(n is None for n in names):
        return df
    return df.rename_axis(index=[None if n is None else html_text(n) for n in df.index.names],
                          columns=[None if n is None else html_text(n) for n in df.columns.names])


def rtl_text(text: str, *, title: str | None = None, max_chars: int = MAX_SHOWN_CHARS) -> HTML:
    """Arabic text as a right-to-left block, line breaks kept."""
    head = f"<h4>{html_text(title)}</h4>" if title else ""
    return HTML(f'<div class="{MATH_IGNORE_CLASSES}">{head}{_block(text, max_chars)}</div>')


def _block(text: str, max_chars: int = MAX_SHOWN_CHARS) -> str:
    """``text`` (shortened, escaped, controls visible) in a right-to-left div, ``<br>`` per line."""
    body = html_text(shorten(text, max_chars)).replace("\n", "<br>")
    return f'<div dir="rtl" lang="ar" style="text-align:right">{body}</div>'


#: A run of Arabic-script text (words and the spaces between them).
_ARABIC_RUN = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]"
                         r"(?:[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\s]*"
                         r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF])?")


def sentence_list(lines: list[str], *, title: str) -> HTML:
    """Sentences computed from the data (:mod:`marsad.findings`) as a list: escaped, each
    run of Arabic isolated (``<bdi>``) so a name keeps its order inside an English sentence."""
    items = "".join(f"<li>{_ARABIC_RUN.sub(_isolated, html_text(line))}</li>" for line in lines)
    return HTML(f'<div class="{MATH_IGNORE_CLASSES}"><h4>{html_text(title)}</h4>'
                f"<ul>{items}</ul></div>")


def _isolated(match: re.Match) -> str:
    return f'<bdi dir="rtl" lang="ar">{match.group()}</bdi>'


def side_by_side(first: str, second: str, *, first_title: str, second_title: str) -> HTML:
    """Two Arabic texts in two columns, ``first`` on the left (e.g. raw, then cleaned)."""
    def column(title: str, text: str) -> str:
        return (f'<td style="vertical-align:top;width:50%"><h4>{html_text(title)}</h4>'
                f"{_block(text)}</td>")

    return HTML(f'<table class="{MATH_IGNORE_CLASSES}"><tr>{column(first_title, first)}'
                f"{column(second_title, second)}</tr></table>")


def kwic_table(concordance: pd.DataFrame, table_id: str = "kwic"):
    """A right-to-left Styler of a :func:`marsad.keywords.kwic` frame: text before the match on the right,
    aligned against the match, text after it on the left."""
    shown = concordance[["article_id", "left", "match", "right"]]
    return (rtl_table(shown, table_id)
            .set_properties(subset=["left"], **{"text-align": "left", "white-space": "nowrap"})
            .set_properties(subset=["right"], **{"text-align": "right", "white-space": "nowrap"})
            .set_properties(subset=["match"], **{"text-align": "center", "font-weight": "bold"})
            .hide(axis="index"))
