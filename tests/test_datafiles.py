"""The one reader of data files (marsad.datafiles, issue 13): columns, line numbers, one error
type naming the file and the line, one boolean spelling, one free-text column."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from marsad import datafiles
from marsad.datafiles import DataFileError, read_table, yes

DATA = Path(datafiles.data_file("months.csv")).parent


def _write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "mine.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_rows_are_numbered_by_their_line_in_the_file(tmp_path):
    path = _write(tmp_path, "\ufeffcue,role,note\n\nفي,month_cue, a note \n"
                            '"منذ\nمدة",month_cue,"two, lines"\n  \nخلال ,month_cue,\n')
    table = read_table(path, ("cue", "role"))
    assert table.columns.tolist() == ["cue", "role", "line"]  # note is never read
    assert table.values.tolist() == [["في", "month_cue", 3], ["منذ\nمدة", "month_cue", 4],
                                     ["خلال", "month_cue", 7]]


def test_optional_columns_are_empty_when_missing(tmp_path):
    table = read_table(_write(tmp_path, "name\nمحمد\n"), ("name",), ("ambiguous",))
    assert table[["name", "ambiguous"]].values.tolist() == [["محمد", ""]]


@pytest.mark.parametrize(("text", "message"), [
    ("", "mine.csv: empty file"),
    ("cue\nفي\n", "mine.csv, line 1: missing column(s) ['role']"),
    ("cue,role,comment\nفي,x,y\n", "mine.csv, line 1: unknown column(s) ['comment']"),
    ("cue,role\nفي,x\n\nمنذ\n", "mine.csv, line 4: 1 fields, the header has 2"),
])
def test_a_bad_file_is_named_with_its_line(tmp_path, text, message):
    path = _write(tmp_path, text)
    with pytest.raises(DataFileError) as info:
        read_table(path, ("cue", "role"))
    assert str(info.value).startswith(f"{tmp_path}/{message}")
    assert isinstance(info.value, ValueError)


def test_a_file_that_is_not_utf8_or_absent_is_named(tmp_path):
    with pytest.raises(DataFileError, match=r"mine\.csv: not UTF-8"):
        read_table(_write(tmp_path, "cue,role\nفي,x\n", encoding="cp1256"), ("cue", "role"))
    with pytest.raises(DataFileError, match=r"none\.csv: file not found"):
        read_table(tmp_path / "none.csv", ("cue",))
    with pytest.raises(DataFileError, match=r"^marsad/data/none\.csv: file not found"):
        read_table("none.csv", ("cue",))


def test_one_boolean_spelling():
    assert [yes(v) for v in ("yes", "YES ", "no", "", " ")] == [True, True, False, False, False]
    for spelt in ("true", "1", "y", "نعم"):
        with pytest.raises(DataFileError, match=rf"x\.csv, line 3: '{spelt}' is not yes or no"):
            yes(spelt, where="x.csv, line 3")


def test_packaged_files_use_one_boolean_spelling_and_the_note_column():
    """The files the one reader reads spell booleans yes/no and call free text ``note``."""
    read_by_it = {"boilerplate_boundaries.csv", "column_aliases.csv", "date_cues.csv",
                  "first_names.csv", "gazetteer.csv", "gazetteer_places.csv",
                  "gazetteer_world.csv", "months.csv", "name_cues.csv", "relative_dates.csv",
                  "report_tables.csv", "weekdays.csv", "word_classes.csv"}
    for name in sorted(read_by_it):
        header = (DATA / name).read_text(encoding="utf-8-sig").splitlines()[0].split(",")
        assert not {"comment", "comments", "notes", "remark"} & set(header), name
    for name, column in (("first_names.csv", "ambiguous"), ("name_cues.csv", "short_tail"),
                         ("name_cues.csv", "given_alone")):
        with (DATA / name).open(encoding="utf-8-sig", newline="") as fh:
            values = {row[column].strip() for row in csv.DictReader(fh)}
        assert values <= {"yes", "no", ""}, (name, column, values)
