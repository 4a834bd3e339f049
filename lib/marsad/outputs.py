"""Writing results: atomic, deterministic, and readable by Excel with Arabic intact."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pandas as pd


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` through a temporary file and a rename.

    An interrupted run leaves either the old file or the new one, never half of one.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are for sharing
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            fh.write(text)
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
    byte-identical files.
    """
    # "utf-8-sig" encodes the BOM once at the start of the text.
    return atomic_write_text(path, df.to_csv(index=False, lineterminator="\n"), "utf-8-sig")


def write_json(obj, path: str | Path) -> Path:
    """Write ``obj`` as JSON atomically, keys sorted, Arabic as is (byte-identical reruns)."""
    text = json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True, default=_plain) + "\n"
    return atomic_write_text(path, text)


def _plain(value):
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def read_csv(path: str | Path) -> pd.DataFrame:
    """Read a CSV written by :func:`write_csv` (BOM-aware), keeping ids and text as strings."""
    return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
