r"""Writing results: atomic, deterministic, and readable by Excel with Arabic intact.

CSVs are meant for spreadsheets, so their text cells are made safe to open there
(:func:`marsad.safety.spreadsheet_cell`): a cell starting with ``= + - @``, tab or CR — which
Excel and LibreOffice would run as a formula (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``) — and
a cell starting with ``'`` get a leading ``'``; NUL, other control characters and bidi
overrides are written as ``⟨U+XXXX⟩``, CR line ends as ``\n``. :func:`read_csv` strips the ``'``
again, so a program reading the CSVs with it gets the exact text back (control characters stay
visible). Numbers are not text: ``-3.5`` in a numeric column is written as it is. A string that
looks like a number (``"-3.5"`` in a text column) is text and gets the ``'``: whether Excel
reads a cell as a number or a formula depends on its locale (``-1,5``, ``+1-2``), and the ``'``
keeps text as text (``-05`` stays ``-05``).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pandas as pd
from pandas.api.types import is_object_dtype, is_string_dtype

from marsad.safety import SPREADSHEET_UNSAFE, restore_cell, spreadsheet_cell


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` through a temporary file and a rename
    (:func:`atomic_write_bytes`); line ends are written as they are in ``text``."""
    return atomic_write_bytes(path, text.encode(encoding))


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename, with the permissions
    the umask gives a new file (as ``open`` would; not mkstemp's 0600).

    An interrupted run leaves either the old file or the new one, never half of one.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are for sharing
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Write ``df`` as CSV atomically, UTF-8 with a BOM (Excel then opens Arabic correctly).

    Rows keep the frame's order; callers sort with explicit tie-breakers so reruns give
    byte-identical files. Text cells and column names are written as
    :func:`marsad.safety.spreadsheet_cell` gives them (a leading ``'`` before a formula
    character, controls visible); numbers (``-3.5`` in a float column) are written as they are.
    """
    # "utf-8-sig" encodes the BOM once at the start of the text.
    text = spreadsheet_safe(df).to_csv(index=False, lineterminator="\n")
    return atomic_write_text(path, text, "utf-8-sig")


def spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with :func:`marsad.safety.spreadsheet_cell` applied to every text value and column
    name (``df`` itself is not changed; columns needing nothing are not copied)."""
    changed = {}
    for i in range(df.shape[1]):
        values = df.iloc[:, i]
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype(object)
        if is_string_dtype(values.dtype) and not is_object_dtype(values.dtype):
            unsafe = values.str.contains(SPREADSHEET_UNSAFE, na=False)
            if unsafe.any():
                changed[i] = values.mask(unsafe, values[unsafe].map(spreadsheet_cell))
        elif is_object_dtype(values.dtype):  # objects of any type: look at each
            safe = values.map(spreadsheet_cell, na_action="ignore")
            if not safe.equals(values):
                changed[i] = safe
    names = [spreadsheet_cell(c) for c in df.columns]
    if not changed and names == list(df.columns):
        return df
    out = df.copy(deep=False)
    for i, safe in changed.items():
        out.isetitem(i, safe)
    if names != list(df.columns):
        out.columns = names
    return out


def write_json(obj, path: str | Path) -> Path:
    """Write ``obj`` as JSON atomically, keys sorted, Arabic as is (byte-identical reruns)."""
    text = json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True, default=_plain) + "\n"
    return atomic_write_text(path, text)


def _plain(value):
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def read_csv(path: str | Path) -> pd.DataFrame:
    """Read a CSV written by :func:`write_csv` (BOM-aware), keeping ids and text as strings,
    with the ``'`` that :func:`write_csv` put before a cell or column name removed again."""
    df = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    df.columns = [restore_cell(c) for c in df.columns]
    for i in range(df.shape[1]):
        values = df.iloc[:, i]
        if values.str.startswith("'").any():
            df.isetitem(i, values.map(restore_cell))
    return df
