"""The run's tables in one Excel workbook, ``OUT/marsad.xlsx``, for analysts who live in Excel.

One sheet per table the notebooks wrote (:data:`SHEETS`: articles, removed lines, keywords,
n-grams, co-occurrence, events, timeline, trends), each right-to-left, its header row bold and
frozen, its columns sized to their contents; a first sheet, ``about``, names the CSV behind each
sheet, its rows, and anything Excel could not hold. The CSVs stay the complete record.

Text stays text: every text cell is stored as a string — one starting with ``= + - @``, tab or
CR too (a formula is never written; such a cell also gets Excel's quote prefix, so editing it in
Excel keeps it text). Controls that XML cannot hold are shown as ``⟨U+XXXX⟩``. Excel's limits are
respected, never crashed on: a cell of more than 32,767 characters is cut with a note, a table
of more than 1,048,575 rows is cut and the ``about`` sheet says so.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from marsad.outputs import read_csv
from marsad.safety import FORMULA_STARTS, visible_text_controls

#: sheet name → CSV in OUT, in the workbook's order; a CSV that a run did not write is left out.
SHEETS = {
    "articles": "articles.csv",
    "removed": "removed.csv",
    "keywords": "keywords.csv",
    "ngrams": "ngrams.csv",
    "by group": "keyness_by_group.csv",
    "cooccurrence": "cooccurrence.csv",
    "events": "events.csv",
    "timeline": "timeline.csv",
    "trends": "trends.csv",
}
#: Excel's limits: characters in one cell, rows in one sheet (the header is one of them).
MAX_CELL_CHARS = 32_767
MAX_ROWS = 1_048_576
#: Widest column set (in characters); a long text column stays readable, wrapped off.
MAX_WIDTH = 60
WORKBOOK = "marsad.xlsx"

# A number as the CSVs write one (pandas: 12, -0.5, 2.86e-06); no leading zero, so an id such
# as 007 stays text.
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:e[-+][0-9]+)?")
# Excel keeps 15 digits: a longer integer (a numeric article id) stays text, exact.
_LONG_INTEGER = re.compile(r"-?[0-9]{16,}")


def numbers_as_numbers(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` (all text, as :func:`marsad.outputs.read_csv` gives it) with each column whose
    every non-empty cell is a plain number turned into numbers (empty cells: missing), so an
    analyst can sort and sum them; ids with leading zeros or more than 15 digits (Excel would
    round them) and every other column stay text."""
    out = df.copy(deep=False)
    for i in range(df.shape[1]):
        values = df.iloc[:, i]
        filled = values[values != ""]
        if (len(filled) and filled.str.fullmatch(_NUMBER).all()
                and not filled.str.fullmatch(_LONG_INTEGER).any()):
            out.isetitem(i, pd.to_numeric(values.mask(values == "")))
    return out


def cell_text(value: str, csv_name: str) -> tuple[str, bool]:
    """``value`` as Excel can hold it, and whether it was cut: controls XML cannot carry made
    visible, then at most :data:`MAX_CELL_CHARS` characters with a note naming ``csv_name``."""
    value = visible_text_controls(value)
    if len(value) <= MAX_CELL_CHARS:
        return value, False
    note = f" … [{len(value):,} characters; whole in {csv_name}]"
    return value[:MAX_CELL_CHARS - len(note)] + note, True


def column_widths(df: pd.DataFrame, sample: int = 1000) -> list[float]:
    """A width per column: the longer of its name and the 90th percentile of its first
    ``sample`` cells' lengths, plus a margin, at most :data:`MAX_WIDTH`."""
    head = df.head(sample)
    widths = []
    for i, name in enumerate(df.columns):
        lengths = head.iloc[:, i].astype(str).str.len()
        typical = float(lengths.quantile(0.9)) if len(lengths) else 0.0
        widths.append(min(max(len(str(name)), typical) + 2, MAX_WIDTH))
    return widths


def write_workbook(out: str | Path, path: str | Path | None = None) -> Path:
    """Write ``OUT/marsad.xlsx`` (or ``path``) from the CSVs of :data:`SHEETS` found in ``out``;
    return its path. Streams rows (openpyxl's write-only mode): memory stays that of one table."""
    from openpyxl import Workbook

    out = Path(out)
    path = Path(path) if path else out / WORKBOOK
    book = Workbook(write_only=True)
    about = book.create_sheet("about")
    account: list[list[object]] = []
    for sheet, csv_name in SHEETS.items():
        source = out / csv_name
        if not source.is_file():
            continue
        df = numbers_as_numbers(read_csv(source))
        kept = min(len(df), MAX_ROWS - 1)
        cut = _write_sheet(book.create_sheet(sheet), df.iloc[:kept], csv_name)
        notes = []
        if kept < len(df):
            notes.append(f"only the first {kept:,} of {len(df):,} rows (Excel's limit); "
                         f"all of them are in {csv_name}")
        if cut:
            notes.append(f"{cut:,} cell(s) longer than {MAX_CELL_CHARS:,} characters cut; "
                         f"whole in {csv_name}")
        account.append([sheet, csv_name, kept, "; ".join(notes)])
    _write_about(about, account)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    book.save(partial)
    partial.replace(path)  # a reader never sees half a workbook
    return path


def _sheet_setup(ws, widths: list[float]) -> None:
    from openpyxl.utils import get_column_letter

    ws.sheet_view.rightToLeft = True
    ws.freeze_panes = "A2"
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def _write_sheet(ws, df: pd.DataFrame, csv_name: str) -> int:
    """Write ``df`` with a bold header; return how many cells were cut to Excel's limit."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    _sheet_setup(ws, column_widths(df))
    bold = Font(bold=True)
    header = []
    for name in df.columns:
        cell = _text_cell(ws, cell_text(str(name), csv_name)[0])
        cell.font = bold
        header.append(cell)
    ws.append(header)
    cut = 0
    for row in df.itertuples(index=False, name=None):
        cells = []
        for value in row:
            if isinstance(value, str):
                text, was_cut = cell_text(value, csv_name)
                cut += was_cut
                cells.append(_text_cell(ws, text) if text else None)
            else:
                cells.append(None if pd.isna(value) else WriteOnlyCell(ws, value=value))
        ws.append(cells)
    return cut


def _text_cell(ws, text: str):
    """A cell holding ``text`` as a string, never a formula (openpyxl makes any value starting
    with ``=`` one); a text that would be a formula when typed gets Excel's quote prefix."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def _write_about(ws, account: list[list[object]]) -> None:
    header = ["sheet", "from", "rows", "note"]
    rows = account or [["", "", 0, "no table was written by this run"]]
    _sheet_setup(ws, [14, 18, 10, MAX_WIDTH])
    ws.append([_text_cell(ws, name) for name in header])
    for sheet, source, kept, note in rows:
        ws.append([_text_cell(ws, sheet), _text_cell(ws, source), kept, _text_cell(ws, note)
                   if note else None])
