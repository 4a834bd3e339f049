"""Issue 16: output/marsad.xlsx — one right-to-left sheet per table, header frozen, widths set,
text never a formula, Excel's limits respected. Read back with openpyxl."""

from __future__ import annotations

import pandas as pd
from openpyxl import load_workbook

from marsad import workbook
from marsad.outputs import write_csv

FORMULAS = ['=HYPERLINK("http://example.com","click")', "=cmd|' /C calc'!A0", "+1+2", "-3+4",
            "@SUM(A1)", "\t=1", "\r=2"]


def test_every_table_is_a_right_to_left_sheet_with_text_kept_as_text(tmp_path):
    write_csv(pd.DataFrame({
        "article_id": ["007", *[f"f{i}" for i in range(len(FORMULAS))]],
        "source": ["الراي", *FORMULAS],
        "count": ["3", *["-4"] * len(FORMULAS)],
        "share": ["0.25", "2.86e-06", *[""] * (len(FORMULAS) - 1)],
    }), tmp_path / "articles.csv")
    write_csv(pd.DataFrame({"term": ["بوتين"], "count": ["12"], "id": ["1234567890123456789"]}),
              tmp_path / "keywords.csv")
    book = load_workbook(workbook.write_workbook(tmp_path))
    assert book.sheetnames == ["about", "articles", "keywords"]  # only the CSVs that exist
    ws = book["articles"]
    assert ws.sheet_view.rightToLeft and ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width == len("article_id") + 2
    assert ws["A1"].font.bold
    rows = list(ws.iter_rows(min_row=2))
    assert rows[0][0].value == "007" and rows[0][0].data_type == "s"  # an id stays text
    assert rows[0][2].value == 3 and rows[0][3].value == 0.25  # numbers are numbers
    assert rows[1][3].value == 2.86e-06
    for row, text in zip(rows[1:], FORMULAS, strict=True):
        cell = row[1]
        # written as read from the CSV: its leading "'" removed, a CR line end as "\n"
        assert cell.value == text.replace("\r", "\n") and cell.data_type == "s", cell.value
        assert cell.quotePrefix == (text[0] != "\r")  # edited in Excel, it stays text
    assert rows[2][3].value is None  # an empty number is empty, not 0
    assert [c.value for c in book["about"]["A"]] == ["sheet", "articles", "keywords"]
    assert book["keywords"]["B2"].value == 12
    assert book["keywords"]["C2"].value == "1234567890123456789"  # Excel would round it
    assert all(book[name].sheet_view.rightToLeft for name in book.sheetnames)


def test_excel_limits_cut_with_a_note_and_never_crash(tmp_path, monkeypatch):
    long_text = "كلمة " * 8000  # 40,000 characters
    write_csv(pd.DataFrame({"article_id": ["a1", "a2", "a3"],
                            "text_clean": [long_text, "\x00 نص", "قصير"]}),
              tmp_path / "articles.csv")
    monkeypatch.setattr(workbook, "MAX_ROWS", 3)  # a header and two rows
    book = load_workbook(workbook.write_workbook(tmp_path, tmp_path / "x.xlsx"))
    ws = book["articles"]
    assert ws.max_row == 3
    cut = ws["B2"].value
    assert len(cut) == workbook.MAX_CELL_CHARS and cut.startswith(long_text[:1000])
    assert cut.endswith("[40,000 characters; whole in articles.csv]")
    assert ws["B3"].value == "⟨U+0000⟩ نص"  # a control XML cannot hold, shown
    note = book["about"]["D2"].value
    assert "only the first 2 of 3 rows" in note and "1 cell(s) longer than 32,767" in note


def test_a_run_with_no_table_still_gets_a_workbook(tmp_path):
    book = load_workbook(workbook.write_workbook(tmp_path))
    assert book.sheetnames == ["about"]
    assert book["about"]["D2"].value == "no table was written by this run"
