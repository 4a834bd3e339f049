"""Tables an analyst can search, sort and page inside an HTML report, offline (issue 16).

The tables are `ITables <https://mwouts.github.io/itables/>`_ (DataTables for pandas) with the
JavaScript and CSS embedded in the page (``connected=False``): nothing is fetched, the page works
from a USB stick. :func:`library` is that embedded library, once per page; :func:`searchable` is
one table.

Corpus text stays text: ITables escapes every cell (``allow_html=False``) before it goes into the
page, and controls and bidi overrides are shown as ``⟨U+XXXX⟩`` first. A table carries at most
:data:`MAX_ROWS` rows, with a line naming the CSV that holds all of them.
"""

from __future__ import annotations

import pandas as pd

from marsad.safety import MATH_IGNORE_CLASSES, html_text, visible_text_controls

#: Rows embedded in one table; the rest are in the CSV named under it (a report stays small).
MAX_ROWS = 1000
#: Characters of one cell shown (a whole article is in the CSV, not in the page).
MAX_CELL_CHARS = 400


def library() -> str:
    """The DataTables library of ITables, embedded (base64) in a ``<script>``: put once in a
    page, before or after its tables."""
    from itables import options
    from itables.javascript import generate_init_offline_itables_html

    return generate_init_offline_itables_html(options.dt_bundle)


def _shown(value: object) -> object:
    if not isinstance(value, str):
        return value
    value = visible_text_controls(value)
    if len(value) > MAX_CELL_CHARS:
        return f"{value[:MAX_CELL_CHARS]} … [{len(value) - MAX_CELL_CHARS:,} more characters]"
    return value


def searchable(df: pd.DataFrame, table_id: str, *, csv_name: str | None = None,
               max_rows: int = MAX_ROWS, page_length: int = 10) -> str:
    """``df`` (its first ``max_rows`` rows) as an HTML table with search, sort and paging,
    right-to-left, every cell escaped; a note under it names ``csv_name`` for the rest."""
    from itables import to_html_datatable

    shown = df.head(max_rows).copy()
    for i in range(shown.shape[1]):
        if shown.iloc[:, i].dtype == object or pd.api.types.is_string_dtype(shown.iloc[:, i]):
            shown.isetitem(i, shown.iloc[:, i].map(_shown).astype(object))
    shown.columns = [visible_text_controls(str(c)) for c in shown.columns]
    table = to_html_datatable(
        shown, table_id=table_id, connected=False, allow_html=False, showIndex=False,
        pageLength=page_length, lengthMenu=[10, 25, 100, max(len(shown), 1)],
        classes="display compact", display_logo_when_loading=False,
        # search first (on the right, in a right-to-left page), kept even for a short table
        layout={"topStart": "search", "topEnd": "pageLength", "bottomStart": "info",
                "bottomEnd": "paging"},
        language={"search": "بحث · search"})
    note = ""
    if len(df) > max_rows:
        where = f"; all {len(df):,} are in <code>{html_text(csv_name)}</code>" if csv_name else ""
        note = f'<p class="table-note">The first {max_rows:,} of {len(df):,} rows{where}.</p>'
    elif csv_name:
        note = f'<p class="table-note">All {len(df):,} rows; also in <code>{html_text(csv_name)}</code>.</p>'
    return (f'<div class="searchable {MATH_IGNORE_CLASSES}" dir="rtl" lang="ar">{table}</div>'
            f"{note}")
