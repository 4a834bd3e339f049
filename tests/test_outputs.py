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


def test_interrupted_write_keeps_the_old_file(tmp_path, monkeypatch):
    import os

    from marsad import outputs

    old = write_csv(pd.DataFrame({"a": ["قديم"]}), tmp_path / "x.csv").read_bytes()

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(outputs.os, "replace", interrupted)
    try:
        write_csv(pd.DataFrame({"a": ["جديد"] * 1000}), tmp_path / "x.csv")
    except KeyboardInterrupt:
        pass
    monkeypatch.setattr(outputs.os, "replace", os.replace)
    assert (tmp_path / "x.csv").read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["x.csv"]


def test_outputs_follow_the_umask_not_mkstemp_0600(tmp_path):
    import os

    mask = os.umask(0o022)
    try:
        path = write_csv(pd.DataFrame({"a": [1]}), tmp_path / "p.csv")
    finally:
        os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o644


def test_every_writer_follows_the_umask_and_writes_atomically(tmp_path, monkeypatch):
    """write_csv and keywords.write_reference share outputs.atomic_write_bytes: a private umask
    gives private files (the reference list once forced 0o644), an interrupted write keeps the
    old file and leaves no temporary one."""
    import os

    from marsad import keywords, outputs

    freq = pd.DataFrame({"term": ["روسيا", "بوتين"], "count": [9, 7], "docs": [3, 2]})
    mask = os.umask(0o077)
    try:
        csv_path = write_csv(pd.DataFrame({"a": [1]}), tmp_path / "p.csv")
        ref = keywords.write_reference(freq, tmp_path / "ref.tsv", total=16, articles=3,
                                       min_count=1, meta={"corpus": "test"})
    finally:
        os.umask(mask)
    assert csv_path.stat().st_mode & 0o777 == 0o600
    assert ref.stat().st_mode & 0o777 == 0o600
    old = ref.read_bytes()
    assert "روسيا\t9\t3\n".encode() in old

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(outputs.os, "replace", interrupted)
    try:
        keywords.write_reference(freq.assign(count=[99, 98]), ref, total=197, articles=3,
                                 min_count=1, meta={"corpus": "test"})
    except KeyboardInterrupt:
        pass
    assert ref.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.csv", "ref.tsv"]


def test_write_csv_neutralises_formulas_and_read_csv_restores_them(tmp_path):
    import csv
    import io

    import payloads

    texts = [v for v in payloads.ALL if v not in (payloads.NUL, payloads.BIDI)] + ["\r=1\r\nسطر"]
    df = pd.DataFrame({"id": texts, payloads.HYPERLINK: texts, "score": [-3.5] * len(texts),
                       "count": [-2] * len(texts)})
    path = write_csv(df, tmp_path / "p.csv")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    cells = [c for row in rows for c in row[:2]]  # the text columns and their names
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert {row[2] for row in rows[1:]} == {"-3.5"} and {row[3] for row in rows[1:]} == {"-2"}
    assert rows[0][1] == "'" + payloads.HYPERLINK
    assert "''quoted" in cells and "'''" in cells  # a leading ' is doubled: reading is exact
    assert len(rows) == len(df) + 1  # a CR inside a cell does not end the row
    back = read_csv(path)
    assert back.columns.tolist() == df.columns.tolist()
    exact = [t.replace("\r\n", "\n").replace("\r", "\n") for t in texts]  # CR line ends: \n
    assert back["id"].tolist() == exact and back[payloads.HYPERLINK].tolist() == exact
    assert df["id"].tolist() == texts  # the frame itself is untouched


def test_write_csv_shows_control_characters(tmp_path):
    df = pd.DataFrame({"name": ["a\x00b", "bidi-\u202egpj.exe", "سطر\nسطر\tعمود", "\x07"]})
    raw = write_csv(df, tmp_path / "c.csv").read_text(encoding="utf-8-sig")
    assert "\x00" not in raw and "\u202e" not in raw and "\x07" not in raw
    assert read_csv(tmp_path / "c.csv")["name"].tolist() == [
        "a⟨U+0000⟩b", "bidi-⟨U+202E⟩gpj.exe", "سطر\nسطر\tعمود", "⟨U+0007⟩"]


def test_write_csv_of_mixed_and_categorical_columns(tmp_path):
    df = pd.DataFrame({"obj": pd.Series(["=1", 2, None, 1.5], dtype=object),
                       "cat": pd.Categorical(["@a", "b", "@a", "b"])})
    raw = write_csv(df, tmp_path / "m.csv").read_text(encoding="utf-8-sig")
    assert raw.splitlines() == ["obj,cat", "'=1,'@a", "2,b", ",'@a", "1.5,b"]
    assert read_csv(tmp_path / "m.csv")["cat"].tolist() == ["@a", "b", "@a", "b"]
