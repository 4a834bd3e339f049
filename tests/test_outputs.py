from __future__ import annotations

import pandas as pd

from marsad.outputs import read_csv, write_csv


def test_write_csv_is_excel_friendly_and_round_trips(tmp_path):
    df = pd.DataFrame({"article_id": ["001", "002"], "title": ["كوريا الشمالية", "بوتين، لافروف"]})
    path = write_csv(df, tmp_path / "out" / "a.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    assert raw.count(b"\xef\xbb\xbf") == 1
    assert b"\r\n" not in raw
    back = read_csv(path)
    assert back.equals(df)
    assert [p.name for p in path.parent.iterdir()] == ["a.csv"]  # no temp file left


def test_write_csv_is_byte_identical_on_rerun(tmp_path):
    df = pd.DataFrame({"term": ["روسيا", "كيم جونغ أون"], "count": [12, 7]})
    first = write_csv(df, tmp_path / "k.csv").read_bytes()
    second = write_csv(df, tmp_path / "k.csv").read_bytes()
    assert first == second
