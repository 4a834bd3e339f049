"""Tables an analyst can search, sort and page inside an HTML report, offline (issue 16).

The tables are `ITables <https://mwouts.github.io/itables/>`_ (DataTables for pandas) with the
JavaScript and CSS embedded in the page (``connected=False``): nothing is fetched, the page works
from a USB stick. :func:`library` is that embedded library, once per page; :func:`searchable` is
one table; :func:`report_cells` the tables a notebook wrote (listed in ``data/report_tables.csv``)
for the end of its HTML reports.

Corpus text stays text: ITables escapes every cell (``allow_html=False``) before it goes into the
page, and controls and bidi overrides are shown as ``⟨U+XXXX⟩`` first. A table carries at most
:data:`MAX_ROWS` rows, with a line naming the CSV that holds all of them.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd

from marsad.datafiles import read_table
from marsad.outputs import read_csv
from marsad.safety import MATH_IGNORE_CLASSES, html_text, visible_text_controls
from marsad.workbook import numbers_as_numbers

#: Rows embedded in one table; the rest are in the CSV named under it (a report stays small).
MAX_ROWS = 1000
#: Characters of one cell shown (a whole article is in the CSV, not in the page).
MAX_CELL_CHARS = 400
#: Decimals of a number shown (G², PMI, shares); the CSV keeps them all.
FLOAT_DECIMALS = 3
#: A column whose cells are this long (3rd quartile, characters) gets room to be read (CSS ``long``).
LONG_TEXT = 24
#: Each cell takes the direction of its own text (an id such as ``000_c29d`` reads left to right
#: inside a right-to-left table, not ``c29d_000``); long text columns get a readable width.
_STYLE = """<style>
.searchable td, .searchable th { unicode-bidi: plaintext; }
.searchable td.long { min-width: 22em; }
.searchable .dt-search input { min-width: 12em; }
@media (max-width: 30rem) {
  .searchable table { font-size: 0.85rem; }
  .searchable table.dataTable th, .searchable table.dataTable td { padding: 4px 5px; }
  .searchable td.long { min-width: 14em; }
}
</style>"""


def library() -> str:
    """The DataTables library of ITables, embedded (base64) in a ``<script>``: put once in a
    page, before or after its tables."""
    from itables import options
    from itables.javascript import generate_init_offline_itables_html

    return _STYLE + generate_init_offline_itables_html(options.dt_bundle)


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
    right-to-left, every cell escaped, long text shortened, numbers to
    :data:`FLOAT_DECIMALS` decimals; a note under it names ``csv_name`` for the rest."""
    from itables import to_html_datatable

    shown = df.head(max_rows).copy()
    for i in range(shown.shape[1]):
        if shown.iloc[:, i].dtype == object or pd.api.types.is_string_dtype(shown.iloc[:, i]):
            shown.isetitem(i, shown.iloc[:, i].map(_shown).astype(object))
        elif pd.api.types.is_float_dtype(shown.iloc[:, i]):
            shown.isetitem(i, shown.iloc[:, i].round(FLOAT_DECIMALS))
    shown.columns = [visible_text_controls(str(c)) for c in shown.columns]
    long = [i for i in range(shown.shape[1]) if shown.iloc[:, i].dtype == object
            and shown.iloc[:, i].astype(str).str.len().quantile(0.75) >= LONG_TEXT]
    table = to_html_datatable(
        shown, table_id=table_id, connected=False, allow_html=False, showIndex=False,
        pageLength=page_length, lengthMenu=[10, 25, 100, max(len(shown), 1)], autoWidth=False,
        classes="display compact", display_logo_when_loading=False,
        # search first (on the right, in a right-to-left page), kept even for a short table
        layout={"topStart": "search", "topEnd": "pageLength", "bottomStart": "info",
                "bottomEnd": "paging"},
        language={"search": "بحث · search"},
        columnDefs=[{"targets": long, "className": "long"}] if long else [])
    note = ""
    if len(df) > max_rows:
        where = f"; all {len(df):,} are in <code>{html_text(csv_name)}</code>" if csv_name else ""
        note = f'<p class="table-note">The first {max_rows:,} of {len(df):,} rows{where}.</p>'
    elif csv_name:
        note = f'<p class="table-note">All {len(df):,} rows; also in <code>{html_text(csv_name)}</code>.</p>'
    return (f'<div class="searchable {MATH_IGNORE_CLASSES}" dir="rtl" lang="ar">{table}</div>'
            f"{note}")


#: Rows of one table appended to a notebook's report (the library and two copies of the rows —
#: the table and its no-script preview — must keep a report of a big corpus small).
REPORT_ROWS = 500


def report_tables(notebook: str, out) -> list[tuple[str, str, pd.DataFrame]]:
    """The tables ``report_tables.csv`` lists for ``notebook`` (a stem such as
    ``04-event-tables``) that the run wrote in ``out``: (title, CSV name, its shown columns)."""
    listed = read_table("report_tables.csv", ["notebook", "table", "columns", "title"])
    found = []
    for row in listed[listed["notebook"] == notebook[:2]].itertuples():
        path = Path(out) / row.table
        if not path.is_file():
            continue
        df = read_csv(path)
        wanted = [c for c in row.columns.split() if c in df.columns] or list(df.columns)
        found.append((row.title, row.table, df[wanted]))
    return found


def report_cells(notebook: str, out) -> list:
    """Raw HTML cells for the end of a notebook's report: a heading and one searchable table per
    :func:`report_tables` entry, the library once. Empty when there is no table."""
    found = report_tables(notebook, out)
    if not found:
        return []
    parts = ['<h2 id="searchable-tables">Searchable tables</h2>'
             "<p>The tables this notebook wrote, to search (Arabic or Latin), sort by a column "
             "and page through; the CSVs hold every row.</p>", library()]
    for i, (title, csv_name, df) in enumerate(found):
        parts.append(f"<h3>{html_text(title)}</h3>")
        parts.append(searchable(numbers_as_numbers(df), f"table-{notebook[:2]}-{i}",
                                csv_name=csv_name, max_rows=REPORT_ROWS))
    return [nbformat.v4.new_raw_cell("\n".join(parts), metadata={"raw_mimetype": "text/html"})]
