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
