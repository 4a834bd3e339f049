"""The one reader of Marsad's data files (rules and word lists in ``marsad/data/``, or a user's).

Every data file is a UTF-8 CSV (a BOM is fine) with a header row. :func:`read_table` checks the
columns, numbers each row by its line in the file (``line``), strips cells, skips blank lines,
and raises :class:`DataFileError` — naming the file and the line — for anything it cannot use.
Booleans are spelt ``yes`` / ``no`` (empty = no) and read by :func:`yes`; free text for the
reader of the file goes in a column named ``note``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import pandas as pd

#: The column for a human comment on a row; never read by code.
NOTE_COLUMN = "note"


class DataFileError(ValueError):
    """A data file that cannot be used; the message names the file (and line)."""


def data_file(name: str):
    """The packaged data file ``marsad/data/<name>``."""
    return resources.files("marsad").joinpath("data").joinpath(name)


def _label(source) -> str:
    if isinstance(source, str) and "/" not in source and "\\" not in source:
        return f"marsad/data/{source}"
    return str(source)


def read_table(source: str | Path, required: Sequence[str],
               optional: Sequence[str] = ()) -> pd.DataFrame:
    """The rows of a data file: ``required`` and ``optional`` columns (missing optional ones
    are empty strings) plus ``line`` (the row's line in the file). ``source``: a packaged file
    name (``"column_aliases.csv"``) or a path. Extra columns are an error, except ``note``."""
    label = _label(source)
    path = data_file(source) if label.startswith("marsad/data/") else Path(source)
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as fh:
            text = fh.read()
    except FileNotFoundError:
        raise DataFileError(f"{label}: file not found") from None
    except UnicodeDecodeError as err:
        raise DataFileError(f"{label}: not UTF-8 ({err.reason} at byte {err.start})") from None
    except OSError as err:
        raise DataFileError(f"{label}: cannot be read ({err.strerror})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise DataFileError(f"{label}: empty file (a header row is needed)")
    header = [h.strip() for h in header]
    missing = [c for c in required if c not in header]
    if missing:
        raise DataFileError(f"{label}, line 1: missing column(s) {missing}; found {header}")
    unknown = [c for c in header if c not in (*required, *optional, NOTE_COLUMN)]
    if unknown:
        raise DataFileError(f"{label}, line 1: unknown column(s) {unknown}; "
                            f"use {[*required, *optional, NOTE_COLUMN]}")
    rows, lines = [], []
    end = 1
    for fields in reader:
        start, end = end + 1, reader.line_num
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            raise DataFileError(f"{label}, line {start}: {len(fields)} fields, the header "
                                f"has {len(header)}")
        rows.append([f.strip() for f in fields])
        lines.append(start)
    table = pd.DataFrame(rows, columns=header, dtype="str")
    for column in optional:
        if column not in table.columns:
            table[column] = ""
    table = table[[*required, *optional]].astype("str")
    table["line"] = pd.Series(lines, dtype="int64")
    return table


def yes(value: str, *, where: str = "") -> bool:
    """``yes`` → True, ``no`` or empty → False; anything else is a :class:`DataFileError`."""
    spelt = (value or "").strip().lower()
    if spelt in ("yes", "no", ""):
        return spelt == "yes"
    raise DataFileError(f"{where}: {value!r} is not yes or no".lstrip(": "))
