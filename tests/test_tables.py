"""Issue 16 item 3: the tables a notebook wrote, appended to its HTML reports as searchable
tables (ITables, offline), capped with the CSV named, corpus text escaped."""

from __future__ import annotations

import pandas as pd

from marsad import tables
from marsad.events import EVENT_COLUMNS
from marsad.outputs import write_csv
from marsad.safety import external_references

PAYLOAD = '<img src=x onerror="alert(1)">'


def _events(n: int) -> pd.DataFrame:
    rows = [{c: "" for c in EVENT_COLUMNS} for _ in range(n)]
    for i, row in enumerate(rows):
        row.update(event_id=f"a{i:04d}-e01", article_id=f"a{i:04d}", trigger="زار",
                   sentence="زار فلاديمير بوتين بيونغ يانغ." if i else PAYLOAD,
                   actor1_ar="فلاديمير بوتين", char_start=str(i))
    return pd.DataFrame(rows)


def test_the_listed_tables_that_exist_are_appended_with_their_columns(tmp_path):
    write_csv(_events(3), tmp_path / "events.csv")
    found = tables.report_tables("04-event-tables", tmp_path)
    assert [(title, name) for title, name, _ in found] == [
        ("Events (one row per mention)", "events.csv")]  # timeline.csv was not written
    shown = found[0][2]
    assert list(shown.columns)[:4] == ["event_id", "article_id", "sentence", "trigger"]
    assert "char_start" not in shown.columns  # only the columns report_tables.csv lists
    assert tables.report_tables("01-cleaning", tmp_path) == []
    assert tables.report_cells("01-cleaning", tmp_path) == []


def test_a_report_table_is_capped_names_its_csv_and_escapes_the_corpus(tmp_path):
    write_csv(_events(tables.REPORT_ROWS + 20), tmp_path / "events.csv")
    [cell] = tables.report_cells("04-event-tables", tmp_path)
    assert cell.cell_type == "raw" and cell.metadata["raw_mimetype"] == "text/html"
    html = cell.source
    assert f"The first {tables.REPORT_ROWS:,} of {tables.REPORT_ROWS + 20:,} rows" in html
    assert "<code>events.csv</code>" in html
    assert PAYLOAD not in html and "&lt;img src=x onerror=" in html
    assert f"a{tables.REPORT_ROWS - 1:04d}-e01" in html and f"a{tables.REPORT_ROWS:04d}-e01" not in html
    assert external_references(html) == []  # the library is embedded, nothing is fetched
    assert html.count("_itables_") > 0 and 'dir="rtl"' in html
