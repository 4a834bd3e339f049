"""Load a corpus of Arabic news articles into one DataFrame, accounting for every input.

``load_corpus(path)`` reads a folder (scanned recursively) or a single file of any supported
type and returns a :class:`Corpus`:

* ``articles`` — one row per article: ``article_id`` (str, unique), ``text`` (as decoded; only
  CRLF/CR line ends become ``\\n``), ``path`` (source file, as given), ``line`` (1-based line of
  the record in JSONL/CSV/TSV; 1-based record number in JSON arrays and Parquet; empty for .txt
  and .html), ``encoding`` (the codec that decodes the file), then ``title, published, source,
  url, category, author`` (always present, empty where unknown) and any other field as-is.
* ``skipped`` — what was *not* loaded: ``path, line, reason, detail, scope`` (scope ``file``: a
  whole file; ``record``: one line/row of a multi-record file; ``metadata``: a metadata row).
* ``notes`` — articles loaded with a remark: ``article_id, path, line, note, detail``
  (``no Arabic letters``, ``html stripped``, ``duplicate id renamed``, ``invalid bytes
  replaced`` — a few undecodable sequences in otherwise valid text became U+FFFD).
* ``files`` — every input file found (hidden files and folders, e.g. ``.ipynb_checkpoints``,
  are not looked at).

A problem with one file or line is recorded and the run goes on; :class:`CorpusError` is raised
only when nothing sensible can go on (missing path, no supported file, no article at all, a
single table without a text column, unreadable metadata). A file that breaks part-way (a
truncated .gz) keeps the rows read before and gets one ``unreadable file`` row. Blank lines in
JSONL/CSV are not records. ``Corpus.account()`` checks that every record read is either an
article or a ``skipped`` row, and that every file found appears in one of them.

Metadata (CSV/TSV or DataFrame with an ``article_id`` column) is joined on the final
``article_id``; its non-empty values override the corpus's; rows naming no loaded article go
to ``skipped`` (scope ``metadata``). A metadata file inside the corpus folder is not read as
part of the corpus.

Encodings: a BOM decides (UTF-8, UTF-16, UTF-32); else strict UTF-8; else UTF-16 without BOM
when the NUL bytes sit on one byte parity; else Windows-1256 when the result reads as Arabic.
Other NUL-bearing or control-heavy data is ``binary file``.

Column names are matched case-insensitively against :data:`COLUMN_ALIASES`; ``columns=``
overrides, e.g. ``{"text": "body_html", "published": "fecha"}``. A record without an id gets
``<file stem>:<line>``; a repeated id gets ``__2``, ``__3``… (and a note).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import sys
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import pandas as pd

from marsad.articles import CorpusError
from marsad.clean import decode_entities
from marsad.datafiles import read_table
from marsad.dates import parse_published
from marsad.normalize import normalize
from marsad.progress import bar as progress_bar
from marsad.safety import visible_controls

__all__ = [
    "COLUMN_ALIASES",
    "SUPPORTED_EXTENSIONS",
    "Corpus",
    "CorpusError",
    "CorpusReader",
    "describe_account",
    "detect_encoding",
    "html_to_text",
    "iter_corpus",
    "load_corpus",
]


# ---------------------------------------------------------------------------------------------
# Vocabulary: column aliases, file types, reasons. One place each.

#: The roles a column can play; the names accepted for each are data (``column_aliases.csv``).
ROLES = ("article_id", "text", "title", "published", "source", "url", "category", "author")


def _column_aliases() -> dict[str, tuple[str, ...]]:
    table = read_table("column_aliases.csv", ("role", "alias"))
    unknown = sorted(set(table["role"]) - set(ROLES))
    if unknown:
        raise CorpusError(f"marsad/data/column_aliases.csv: unknown role(s) {unknown}; "
                          f"use {list(ROLES)}")
    return {role: tuple(table.loc[table["role"] == role, "alias"]) for role in ROLES}


#: Output column → accepted input names (compared as :func:`_name_key`), in priority order.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = _column_aliases()
_METADATA_FIELDS = ("title", "published", "source", "url", "category", "author")
_PROVENANCE = ("path", "line", "encoding")
#: Columns every ``articles`` frame has, in this order; other fields follow.
ARTICLE_COLUMNS = ("article_id", "text", *_PROVENANCE, *_METADATA_FIELDS)
#: Columns later steps add to the articles (cleaning, terms); an input field of that name is
#: kept as ``<name>_orig`` so it can never pass for their result.
RESERVED_COLUMNS = ("text_clean", "text_norm", "terms")

#: File extension → reader kind. ``.gz`` may follow any of them except ``.parquet``.
SUPPORTED_EXTENSIONS: dict[str, str] = {
    ".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".csv": "csv", ".tsv": "tsv", ".parquet": "parquet",
}

# Reasons in ``skipped`` (what was not loaded) and notes (loaded, with a remark).
EMPTY_FILE = "empty file"
WHITESPACE_ONLY = "whitespace only"
BINARY = "binary file"
UNDECODABLE = "undecodable"
UNREADABLE = "unreadable file"
DANGLING_LINK = "dangling link"
LINK_LOOP = "symbolic link loop"
NOT_REGULAR = "not a regular file"
UNSUPPORTED = "unsupported file type"
NO_TEXT_COLUMN = "no text column"
COLUMN_NOT_FOUND = "column not found"
NO_TEXT_FIELD = "no text field"
BROKEN_JSON = "broken JSON"
NOT_OBJECT = "not a JSON object"
MALFORMED_ROW = "malformed CSV row"
EMPTY_TEXT = "empty text"
BAD_TEXT = "text is not a string"
META_UNKNOWN = "metadata: unknown article_id"
META_DUPLICATE = "metadata: duplicate article_id"
META_EMPTY_ID = "metadata: empty article_id"
NOTE_NO_ARABIC = "no Arabic letters"
NOTE_HTML = "html stripped"
NOTE_DUPLICATE = "duplicate id renamed"
NOTE_REPLACED = "invalid bytes replaced"
NOTE_CONTROLS = "control characters removed"
NOTE_BAD_DATE = "unreadable date"
NOTE_NAME_ENCODING = "file name not UTF-8"
NOTE_NAME_CONTROLS = "control characters in name shown"
NOTE_ID_NFC = "id normalized (NFC)"
NOTE_ID_CASE = "id differs only in case"
NOTE_AMBIGUOUS = "ambiguous column"

SKIPPED_COLUMNS = ("path", "line", "reason", "detail", "scope")
NOTES_COLUMNS = ("article_id", "path", "line", "note", "detail")

_SAMPLE_BYTES = 1 << 20  # encoding of a streamed file is decided on its first MiB
# Invalid byte sequences decode to this lone surrogate, which no valid input produces, so
# they can be counted and then shown as U+FFFD with a note (surrogateescape fails on UTF-16).
_MARK = "\udfff"
_ERRORS = "marsad-corpus-mark"
codecs.register_error(_ERRORS, lambda e: (_MARK, e.end))

_ARABIC_LETTER = re.compile("[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f\u08a0-\u08c9"
                            "\ufb50-\ufdfb\ufe70-\ufefc]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\x80-\x9f]")
# Control characters removed from article text (tab and the line breaks stay).
_TEXT_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f\x80-\x9f]+")
_BLANK = re.compile(r"[\s\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]*")
_LINE_ENDS = re.compile(r"\r\n?")


# ---------------------------------------------------------------------------------------------
# Result object


@dataclass(repr=False)
class Corpus:
    """Loaded articles plus the record of everything not loaded (``skipped``) or remarked on."""

    articles: pd.DataFrame
    skipped: pd.DataFrame
    files: list[str]
    notes: pd.DataFrame = field(default_factory=lambda: _frame_of([], NOTES_COLUMNS))
    records_read: int = 0  # input units seen: text/HTML files, JSONL lines, rows, whole files

    def __len__(self) -> int:
        return len(self.articles)

    def account(self) -> dict[str, Any]:
        """Counts that add up: ``records_read == articles + skipped_files + skipped_records``.

        ``files_without_articles`` are files that gave nothing (each has a ``skipped`` row);
        ``unaccounted_files`` must be empty: every file found is in ``articles`` or ``skipped``.
        """
        sk = self.skipped
        scope = sk["scope"].value_counts().to_dict() if len(sk) else {}
        loaded = set(self.articles["path"].astype(str)) if len(self.articles) else set()
        mentioned = set(sk.loc[sk["scope"] != "metadata", "path"].astype(str)) if len(sk) else set()
        found = set(self.files)
        skipped_corpus = scope.get("file", 0) + scope.get("record", 0)
        return {
            "files_found": len(self.files),
            "files_with_articles": len(found & loaded),
            "files_without_articles": len(found - loaded),
            "unaccounted_files": sorted(found - loaded - mentioned),
            "records_read": self.records_read,
            "articles": len(self.articles),
            "skipped_files": scope.get("file", 0),
            "skipped_records": scope.get("record", 0),
            "skipped_metadata_rows": scope.get("metadata", 0),
            "balanced": self.records_read == len(self.articles) + skipped_corpus,
            "skipped_by_reason": sk["reason"].value_counts().to_dict() if len(sk) else {},
            "notes_by_kind": self.notes["note"].value_counts().to_dict() if len(self.notes) else {},
        }

    def inventory(self) -> pd.DataFrame:
        """One row per input file found (sorted by path): ``path, records, articles, skipped,
        status, reasons, encoding, notes``; ``records == articles + skipped`` on every row."""
        sk = self.skipped[self.skipped["scope"] != "metadata"]

        def per_file(frame: pd.DataFrame, column: str, how) -> pd.Series:
            if not len(frame):
                return pd.Series(dtype=object)
            return frame.groupby(frame["path"].astype(str))[column].agg(how)

        def joined(values) -> str:
            return "; ".join(sorted(set(values)))

        inv = pd.DataFrame({"path": sorted(self.files)})
        for name, frame, column, how in (
                ("articles", self.articles, "article_id", "size"),
                ("skipped", sk, "reason", "size"),
                ("reasons", sk, "reason", joined),
                ("encoding", self.articles, "encoding", joined),
                ("notes", self.notes, "note", joined)):
            inv[name] = inv["path"].map(per_file(frame, column, how))
        for name in ("articles", "skipped"):
            inv[name] = inv[name].fillna(0).astype("int64")
        inv["records"] = inv["articles"] + inv["skipped"]
        inv["status"] = np.select([inv["skipped"].eq(0), inv["articles"].gt(0)],
                                  ["loaded", "partly loaded"], "skipped")
        text = ["reasons", "encoding", "notes"]
        inv[text] = inv[text].astype(object).fillna("")
        return inv[list(INVENTORY_COLUMNS)]

    def summary(self) -> str:
        """A few lines for a notebook: what was loaded, skipped and remarked on."""
        lines = describe_account(self.account()).splitlines()
        if len(self.articles):
            enc = self.articles["encoding"].value_counts()
            lines.insert(1, "encodings: " + ", ".join(f"{k} {v:,}" for k, v in enc.items()))
            src = self.articles["source"].value_counts()
            if len(src):
                lines.insert(2, "sources: " + ", ".join(f"{k} {v:,}" for k, v in src.items()))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<Corpus: {self.summary().splitlines()[0]}>"


INVENTORY_COLUMNS = ("path", "records", "articles", "skipped", "status", "reasons", "encoding",
                     "notes")


def describe_account(acc: Mapping[str, Any]) -> str:
    """The account of :meth:`Corpus.account` (or its JSON) as a few lines of text."""
    skipped = acc["skipped_files"] + acc["skipped_records"]
    check = "=" if acc["balanced"] else "≠ (UNBALANCED)"
    lines = [f"{acc['articles']:,} articles from {acc['files_with_articles']:,} of "
             f"{acc['files_found']:,} files ({acc['records_read']:,} records read)",
             f"records read {acc['records_read']:,} {check} {acc['articles']:,} loaded + "
             f"{skipped:,} skipped ({acc['skipped_files']:,} whole files, "
             f"{acc['skipped_records']:,} records)"]
    if acc["unaccounted_files"]:
        lines.append("UNACCOUNTED files: " + ", ".join(acc["unaccounted_files"]))
    for label, counts in (("skipped", acc["skipped_by_reason"]), ("notes", acc["notes_by_kind"])):
        total = sum(counts.values())
        parts = ", ".join(f"{k} {v:,}" for k, v in counts.items())
        lines.append(f"{label}: {total:,}" + (f" ({parts})" if parts else ""))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Encodings


class _FileProblem(Exception):
    """A whole file cannot be used (internal; becomes a ``skipped`` row or a CorpusError)."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason, detail)
        self.reason, self.detail = reason, detail


def _decode(data: bytes, encoding: str, final: bool) -> str:
    """Decode; each invalid sequence becomes ``_MARK``."""
    return codecs.getincrementaldecoder(encoding)(_ERRORS).decode(data, final=final)


def _mostly_valid(text: str, bad: int, encoding: str) -> bool:
    """Few invalid sequences among many valid ones (for UTF-8: valid non-ASCII characters,
    which Windows-1256 Arabic almost never forms by chance)."""
    valid = len(text) - bad
    if encoding == "utf-8":
        valid = sum(1 for c in text if ord(c) > 127) - bad
    return valid >= 20 * bad


def _control_share(text: str) -> float:
    return len(_CONTROL.findall(text)) / max(len(text), 1)


def _looks_arabic(text: str) -> bool:
    """Most non-ASCII letters are Arabic and control characters are rare."""
    letters = [c for c in text if c.isalpha() and ord(c) > 127]
    arabic = sum(1 for c in letters if _ARABIC_LETTER.match(c))
    return arabic >= 1 and arabic >= 0.8 * len(letters) and _control_share(text) < 0.01


def _utf16_by_nul_pattern(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NUL bytes sit on one parity (ASCII chars in UTF-16)."""
    even, odd = data[0::2], data[1::2]
    n_even, n_odd = even.count(0), odd.count(0)
    if n_odd >= 0.05 * max(len(odd), 1) and n_even <= 0.1 * n_odd:
        return "utf-16-le"
    if n_even >= 0.05 * max(len(even), 1) and n_odd <= 0.1 * n_even:
        return "utf-16-be"
    return None


def detect_encoding(data: bytes, *, final: bool = True) -> str:
    """Name of the codec that decodes ``data`` (a whole file, or its start if not ``final``).

    Order: BOM → UTF-8 → UTF-16 without BOM (NUL pattern) → Windows-1256 if the result reads
    as Arabic. A few invalid sequences among many valid ones keep the codec (the loader
    replaces them with U+FFFD and notes it). Raises ``_FileProblem`` (binary / undecodable).
    """
    return _sniff(data, final)[0]


def _sniff(data: bytes, final: bool) -> tuple[str, str]:
    """(encoding, decoded text with ``_MARK`` for invalid sequences); see detect_encoding."""
    boms = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
            (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
            (codecs.BOM_UTF16_BE, "utf-16"))
    candidates = [enc for bom, enc in boms if data.startswith(bom)][:1]
    if not candidates:
        if b"\x00" in data:
            candidates = [enc] if (enc := _utf16_by_nul_pattern(data)) else []
            if not candidates:
                raise _FileProblem(BINARY, "NUL bytes")
        else:
            candidates = ["utf-8"]
    encoding = candidates[0]
    text = _decode(data, encoding, final)
    bad = text.count(_MARK)
    if bad and not _mostly_valid(text, bad, encoding):
        if encoding != "utf-8":
            raise _FileProblem(UNDECODABLE, f"{bad} invalid {encoding} sequences")
        text = data.decode("cp1256", errors="replace")
        if not _looks_arabic(text):
            raise _FileProblem(UNDECODABLE, f"not UTF-8 ({bad} invalid sequences) and not "
                                            "Arabic in Windows-1256")
        encoding = "cp1256"
    if _control_share(text) > 0.1:
        raise _FileProblem(BINARY, "mostly control characters")
    return encoding, text


# ---------------------------------------------------------------------------------------------
# HTML


class _TextExtractor(HTMLParser):
    _BLOCK = frozenset("address article aside blockquote br dd details dialog div dl dt "
                       "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li "
                       "main nav ol p pre section summary table td th tr ul".split())
    _HIDDEN = frozenset("script style noscript template head svg iframe".split())

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._hidden = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in self._HIDDEN:
            self._hidden += 1
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self._HIDDEN:
            self._hidden = max(self._hidden - 1, 0)
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._hidden:
            self.parts.append(data)


def html_to_text(markup: str) -> tuple[str, str | None]:
    """(text, title) of an HTML page: tags removed, block elements as line breaks, entities
    unescaped, runs of spaces collapsed, blank lines dropped."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    title = " ".join("".join(parser.title).split()) or None
    return "\n".join(line for line in lines if line), title


# ---------------------------------------------------------------------------------------------
# Small helpers


def _frame_of(rows: list[dict], columns: Iterable[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns))
    if "line" in frame:
        frame["line"] = pd.array(frame["line"].tolist(), dtype="Int64")
    return frame


def _file_kind(path: Path) -> tuple[str | None, bool, str]:
    """(kind, gzipped, stem) from the file name; kind is None when unsupported."""
    name = path.name
    gz = name.lower().endswith(".gz")
    base = name[:-3] if gz else name
    suffix = Path(base).suffix.lower()
    kind = SUPPORTED_EXTENSIONS.get(suffix)
    if gz and kind == "parquet":
        kind = None
    return kind, gz, base[: len(base) - len(suffix)] if kind else base


def _is_blank(text: str) -> bool:
    return _BLANK.fullmatch(text) is not None


def _as_str(value: Any) -> str | None:
    """A scalar field as a string; None/empty → None; lists joined with ', '."""
    if value is None:
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, float) and value != value:  # NaN
        return None
    if isinstance(value, list | tuple):
        return ", ".join(s for v in value if (s := _as_str(v))) or None
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _name_key(name: Any) -> str:
    """A column name as compared with the aliases: trimmed, lower case, Arabic normalized,
    inner spaces single (``"تاريخ  النشر"`` = ``"تاريخ النشر"``)."""
    return " ".join(normalize(str(name)).lower().split())


@dataclass
class _Columns:
    """How the names of one file (or metadata table) map to output columns."""

    mapping: dict[Any, str]  # input name → output column
    missing: list[str]  # roles named by ``columns=`` that the input lacks
    ambiguous: list[str]  # one sentence per role that two input names could fill


def _column_map(names: Iterable[Any], columns: Mapping[str, str] | None,
                roles: Iterable[str] = ROLES) -> _Columns:
    """Map input names to output names (see :class:`_Columns`). For each role the first alias
    (in :data:`COLUMN_ALIASES` order) present wins, a name written exactly as the alias before
    one differing in case (``id`` before ``ID``); every other candidate is kept as a field and
    reported in ``ambiguous``. A name equal to an output column is kept as ``<name>_orig``."""
    names = list(names)
    by_key: dict[str, list[Any]] = {}
    for name in names:
        by_key.setdefault(_name_key(name), []).append(name)
    mapping: dict[Any, str] = {}
    missing: list[str] = []
    ambiguous: list[str] = []
    for role in roles:
        if columns and role in columns:
            wanted = columns[role]
            same = by_key.get(_name_key(wanted), [])
            found = wanted if wanted in names else (same[0] if same else None)
            if found is None:
                missing.append(role)
            elif found not in mapping:
                mapping[found] = role
            continue
        candidates = [name for alias in COLUMN_ALIASES[role]
                      for name in sorted(by_key.get(_name_key(alias), []),
                                         key=lambda n, a=alias: str(n).strip() != a)
                      if name not in mapping]
        candidates = list(dict.fromkeys(candidates))
        if candidates:
            mapping[candidates[0]] = role
        if len(candidates) > 1:
            others = ", ".join(repr(str(c)) for c in candidates[1:])
            ambiguous.append(f"{role}: used {str(candidates[0])!r}; also could be: {others} "
                             "(kept as fields; name the column with columns= / COLUMNS=)")
    taken = {c.lower() for c in (*ARTICLE_COLUMNS, *RESERVED_COLUMNS)}
    for name in names:
        if name not in mapping:
            out = str(name).strip()
            mapping[name] = f"{out}_orig" if out.lower() in taken else out
    return _Columns(mapping, missing, ambiguous)


def parse_columns(spec: str) -> dict[str, str]:
    """``"text:النص,id:المعرف"`` (as ``make report COLUMNS=…`` takes it) → ``{"text": "النص",
    "article_id": "المعرف"}``; CorpusError for anything else."""
    out: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        role, sep, name = item.partition(":")
        if not sep or not role.strip() or not name.strip():
            raise CorpusError(f"columns {spec!r}: write role:name pairs separated by commas, "
                              "e.g. text:النص,id:المعرف")
        out[role.strip()] = name.strip()
    return _check_columns(out) or {}


def _check_columns(columns: Mapping[str, str] | str | None) -> dict[str, str] | None:
    if isinstance(columns, str):
        return parse_columns(columns) or None
    if columns is None:
        return None
    out = {("article_id" if k == "id" else k): v for k, v in columns.items()}
    unknown = sorted(set(out) - set(COLUMN_ALIASES))
    if unknown:
        raise CorpusError(f"columns=: unknown key(s) {unknown}; use {sorted(COLUMN_ALIASES)}")
    return out


# ---------------------------------------------------------------------------------------------
# Streams of text lines


class _Gunzip(io.RawIOBase):
    """The decompressed bytes of a gzip file (several members allowed). Where the file breaks
    off (truncated), everything decompressed before the break is still delivered; the stream
    then ends and :attr:`truncated` is set, for the caller to report after the last complete
    line instead of losing a buffer of lines to an exception."""

    def __init__(self, path: Path):
        self._fh = open(path, "rb")  # noqa: SIM115 - closed by close()
        self._unzip = zlib.decompressobj(wbits=31)
        self._pending = b""
        self._pos = 0
        self._ended = False
        self.truncated = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while self._pos >= len(self._pending) and not self._ended:
            self._fill()
        n = min(len(buffer), len(self._pending) - self._pos)
        buffer[:n] = self._pending[self._pos:self._pos + n]
        self._pos += n
        return n

    def _fill(self) -> None:
        compressed = self._fh.read(1 << 16)
        if not compressed:
            self._ended = True
            self.truncated = not self._unzip.eof
            return
        out = []
        while compressed:
            if self._unzip.eof:  # the next gzip member
                if not compressed.strip(b"\0"):  # zero padding after the last member
                    break
                self._unzip = zlib.decompressobj(wbits=31)
            out.append(self._unzip.decompress(compressed))
            compressed = self._unzip.unused_data
        self._pending, self._pos = b"".join(out), 0

    def close(self) -> None:
        self._fh.close()
        super().close()


class TruncatedFile(EOFError):
    """A compressed file that ends before its end-of-stream marker."""


def _open_binary(path: Path, gz: bool) -> io.BufferedIOBase:
    return io.BufferedReader(_Gunzip(path)) if gz else open(path, "rb")  # noqa: SIM115


def _truncated(fh: io.BufferedIOBase) -> bool:
    return bool(getattr(getattr(fh, "raw", None), "truncated", False))


def _read_bytes(path: Path, gz: bool) -> bytes:
    with _open_binary(path, gz) as fh:
        data = fh.read()
        if _truncated(fh):
            raise TruncatedFile(f"the compressed file ends early ({len(data):,} bytes read)")
        return data


def _replace_marks(text: str) -> tuple[str, tuple[str, ...]]:
    """Invalid sequences → U+FFFD, with the note to attach to the article."""
    if _MARK not in text:
        return text, ()
    return text.replace(_MARK, "\ufffd"), (NOTE_REPLACED,)


def _decode_whole(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """(text with \\n line ends, encoding, notes) of a whole file; _FileProblem if unusable."""
    if not data:
        raise _FileProblem(EMPTY_FILE)
    encoding, text = _sniff(data, final=True)
    text, notes = _replace_marks(text)
    if "\r" in text:
        text = _LINE_ENDS.sub("\n", text)
    if not text:
        raise _FileProblem(EMPTY_FILE, "only a byte order mark")
    if _is_blank(text):
        raise _FileProblem(WHITESPACE_ONLY)
    return text, encoding, notes


def _read_sample(path: Path, gz: bool) -> tuple[bytes, bool]:
    """(first MiB, whole file?). A file that breaks after some bytes yields what came before
    (the error comes again, at its line, when the file is read in full)."""
    parts: list[bytes] = []
    size = 0
    with _open_binary(path, gz) as fh:
        try:
            while size <= _SAMPLE_BYTES:
                if not (block := fh.read(1 << 16)):
                    if not parts and _truncated(fh):
                        raise TruncatedFile("the compressed file ends before any data")
                    return b"".join(parts), not _truncated(fh)
                parts.append(block)
                size += len(block)
        except (OSError, EOFError, zlib.error):
            if not parts:
                raise
    return b"".join(parts)[:_SAMPLE_BYTES], False


def _text_lines(path: Path, gz: bool) -> tuple[str, Iterator[str]]:
    """(encoding, lines) of a streamed file, decided on its first MiB. A line holding
    undecodable bytes contains ``_MARK``. Lines keep their ends; only ``\\n`` splits."""
    sample, complete = _read_sample(path, gz)
    if not sample:
        raise _FileProblem(EMPTY_FILE)
    encoding, head = _sniff(sample, final=complete)
    if complete and _is_blank(head):
        raise _FileProblem(WHITESPACE_ONLY if head else EMPTY_FILE, "" if head else "only a BOM")

    def lines() -> Iterator[str]:
        with _open_binary(path, gz) as fh:
            text = io.TextIOWrapper(fh, encoding=encoding, errors=_ERRORS, newline="\n")
            n = 0
            for line in text:
                if not line.endswith("\n") and _truncated(fh):
                    break  # the broken tail: reported below, never read as a record
                n += 1
                yield line
            if _truncated(fh):
                raise TruncatedFile(f"the compressed file ends early, after line {n:,} "
                                    "(every complete line before it was read)")

    return encoding, lines()


# ---------------------------------------------------------------------------------------------
# The reader


@dataclass
class _File:
    path: Path
    display: str  # path as shown in outputs: decoded, control characters visible
    kind: str | None
    gz: bool
    stem: str
    problem: tuple[str, str] | None = None  # (reason, detail) when it cannot be read at all
    notes: tuple[tuple[str, str], ...] = ()  # (note, detail) about the file's name


def _readable_part(part: str) -> tuple[str, str | None]:
    """A path component as text. A name that is not UTF-8 (an Arabic name in Windows-1256, as
    unzipping a Windows archive leaves it) comes from the OS with surrogate escapes: read it as
    Windows-1256 when that gives Arabic, else show the bad bytes as U+FFFD."""
    if not any("\udc80" <= ch <= "\udcff" for ch in part):
        return part, None
    raw = os.fsencode(part)
    arabic = raw.decode("cp1256", errors="replace")
    if _looks_arabic(arabic):
        return arabic, "read as Windows-1256"
    return raw.decode("utf-8", errors="replace"), "undecodable bytes shown as U+FFFD"


def _readable_path(path: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """(path as shown, notes): see :func:`_readable_part` and :func:`visible_controls`."""
    notes = []
    parts = []
    for part in path.split(os.sep):
        text, how = _readable_part(part)
        if how:
            notes.append((NOTE_NAME_ENCODING, f"{text}: {how}"))
        parts.append(text)
    shown = visible_controls(os.sep.join(parts))
    if shown != os.sep.join(parts):
        notes.append((NOTE_NAME_CONTROLS, shown))
    return shown, tuple(notes)


def _entry_problem(path: Path) -> tuple[str, str] | None:
    """Why a folder entry that is not a plain file or folder cannot be read, else None."""
    if path.is_symlink():
        try:
            path.resolve(strict=True)
        except FileNotFoundError:
            return DANGLING_LINK, f"points to {os.readlink(path)}"
        except (RuntimeError, OSError) as err:  # 3.11 raises RuntimeError on a loop
            if isinstance(err, RuntimeError) or getattr(err, "errno", None) == 40:
                return LINK_LOOP, f"points to {os.readlink(path)}"
            return UNREADABLE, f"{type(err).__name__}: {err}"
    if path.is_file() or path.is_dir():
        return None
    kind = "FIFO" if path.is_fifo() else "socket" if path.is_socket() else "device"
    return NOT_REGULAR, kind


def _walk(root: Path) -> list[tuple[Path, PurePosixPath, tuple[str, str] | None]]:
    """Every entry under ``root`` that is not a folder, as ``(path, path relative to root,
    problem)``, sorted by relative path; hidden names (``.git``, ``.ipynb_checkpoints``) are not
    looked at. Symbolic links to folders are followed once: a folder already read (a loop) is
    an entry with a problem, as are dangling links, FIFOs, sockets and devices — so that each
    is listed with its reason, never silently left out."""
    found: list[tuple[Path, PurePosixPath, tuple[str, str] | None]] = []
    seen = {os.path.realpath(root)}
    todo = [(root, PurePosixPath())]
    while todo:
        folder, rel = todo.pop()
        try:
            names = sorted(os.listdir(folder))
        except OSError as err:
            found.append((folder, rel, (UNREADABLE, f"folder: {err.strerror}")))
            continue
        for name in names:
            if name.startswith("."):
                continue
            path, sub = folder / name, rel / name
            problem = _entry_problem(path)
            if problem is None and path.is_dir():
                real = os.path.realpath(path)
                if real not in seen:
                    seen.add(real)
                    todo.append((path, sub))
                    continue
                problem = (LINK_LOOP, "a folder already read (the link leads back into the "
                                      "corpus)")
            found.append((path, sub, problem))
    return sorted(found, key=lambda item: item[1].as_posix())


class CorpusReader:
    """Iterate a corpus as DataFrame chunks; ``skipped``, ``notes`` and ``account()`` fill in
    as it goes. Built by :func:`iter_corpus`; :func:`load_corpus` drains it."""

    def __init__(self, path: str | Path, columns: Mapping[str, str] | None = None,
                 chunk_size: int = 10_000, metadata: str | Path | pd.DataFrame | None = None,
                 progress: bool = False):
        self.path = Path(path)
        self.columns = _check_columns(columns)
        self.chunk_size = max(int(chunk_size), 1)
        self.progress = progress
        self._skipped: list[dict] = []
        self._notes: list[dict] = []
        self._seen_ids: set[str] = set()
        self._folded_ids: dict[str, str] = {}  # casefolded id → the first id with that fold
        self.records_read = 0
        self._line: int | None = None
        self._meta = _load_metadata(metadata) if metadata is not None else None
        self._meta_used: set[str] = set()
        self._files = self._find_files(exclude=self._meta.path if self._meta else None)
        self.files = [f.display for f in self._files]
        self._done = False

    # -- discovery ------------------------------------------------------------------------

    def _find_files(self, exclude: Path | None) -> list[_File]:
        shown = _readable_path(str(self.path))[0]
        if not self.path.exists():
            raise CorpusError(f"corpus path does not exist: {shown}")
        if not self.path.is_dir():
            if not self.path.is_file():
                raise CorpusError(f"{shown}: {_entry_problem(self.path) or NOT_REGULAR}")
            kind, gz, stem = _file_kind(Path(shown))
            if kind is None:
                raise CorpusError(f"{shown}: unsupported file type; use one of "
                                  f"{', '.join(SUPPORTED_EXTENSIONS)} (or .gz of the text ones)")
            return [_File(self.path, shown, kind, gz, stem,
                          notes=_readable_path(str(self.path))[1])]
        found = []
        for p, rel, problem in _walk(self.path):
            if exclude is not None and problem is None and p.resolve() == exclude:
                continue
            display, notes = _readable_path(str(self.path / rel))
            kind, gz, stem = _file_kind(Path(display))
            found.append(_File(p, display, kind if problem is None else None, gz, stem,
                               problem, notes))
        if not any(f.kind for f in found):
            names = ", ".join(Path(f.display).name for f in found[:10]) or "nothing"
            raise CorpusError(f"{shown}: no supported files ({', '.join(SUPPORTED_EXTENSIONS)}"
                              f") in this folder; found: {names}")
        return found

    # -- records ------------------------------------------------------------------------

    def _skip(self, f: _File, line: int | None, reason: str, detail: str = "",
              scope: str = "record") -> None:
        self._skipped.append({"path": f.display, "line": line, "reason": reason,
                              "detail": detail, "scope": scope})

    def _note(self, row: dict, note: str, detail: str = "") -> None:
        self._notes.append({"article_id": row["article_id"], "path": row["path"],
                            "line": row["line"], "note": note, "detail": detail})

    def _file_note(self, path: str, note: str, detail: str) -> None:
        """A remark about a whole file (its name, its columns): no article id."""
        entry = {"article_id": "", "path": path, "line": None, "note": note, "detail": detail}
        if entry not in self._notes:
            self._notes.append(entry)

    def _columns(self, f: _File, names: Iterable[Any]) -> _Columns:
        """:func:`_column_map` of a file's names, its ambiguities noted once for the file."""
        found = _column_map(names, self.columns)
        for sentence in found.ambiguous:
            self._file_note(f.display, NOTE_AMBIGUOUS, sentence)
        return found

    def _article_id(self, row: dict, given: str) -> tuple[str, list[tuple[str, str]]]:
        """The final, unique id for ``given`` and the notes it earns: NFC form (an NFD id and
        its NFC twin are one id), control characters made visible, ``__2``… for a repeat, and
        a remark when it differs from an earlier id only in case."""
        notes = []
        nfc = unicodedata.normalize("NFC", given)
        if nfc != given:
            notes.append((NOTE_ID_NFC, f"{given!r} → {nfc!r}"))
        if (shown := visible_controls(nfc)) != nfc:
            notes.append((NOTE_NAME_CONTROLS, shown))
            nfc = shown
        aid, n = nfc, 1
        while aid in self._seen_ids:
            n += 1
            aid = f"{nfc}__{n}"
        if aid != nfc:
            notes.append((NOTE_DUPLICATE, f"{nfc} → {aid}"))
        self._seen_ids.add(aid)
        first = self._folded_ids.setdefault(aid.casefold(), aid)
        if first != aid:
            notes.append((NOTE_ID_CASE, f"{aid} and {first} are different articles"))
        return aid, notes

    def _accept(self, f: _File, row: dict, line: int | None, encoding: str,
                notes: tuple[str, ...] = ()) -> dict | None:
        """Finish a candidate row (text checks, id, provenance) or skip it."""
        text = row.get("text")
        if isinstance(text, list) and all(isinstance(t, str) for t in text):
            text = "\n".join(text)
        if text is not None and not isinstance(text, str):
            self._skip(f, line, BAD_TEXT, type(text).__name__)
            return None
        if text is not None and "\r" in text:
            text = _LINE_ENDS.sub("\n", text)
        controls = 0
        if text is not None and _TEXT_CONTROL.search(text):
            controls = sum(m.end() - m.start() for m in _TEXT_CONTROL.finditer(text))
            text = _TEXT_CONTROL.sub("", text)
        if text is None or _is_blank(text):
            self._skip(f, line, EMPTY_TEXT, f"{controls} control characters only"
                       if controls else "")
            return None
        raw_id = _as_str(row.get("article_id"))
        aid, id_notes = self._article_id(row, raw_id.strip() if raw_id else f"{f.stem}:{line}")
        row.update(article_id=aid, text=text, path=f.display, line=line, encoding=encoding)
        for name in _METADATA_FIELDS:
            if name not in row:
                continue
            value = _as_str(row[name])
            if value and _TEXT_CONTROL.search(value):
                controls += sum(m.end() - m.start() for m in _TEXT_CONTROL.finditer(value))
                value = _TEXT_CONTROL.sub("", value)
            if value and name != "url":  # scraped titles carry &#8221; (never decoded to <, >)
                value = decode_entities(value)
            row[name] = value
        for note in notes:
            self._note(row, note)
        for note, detail in id_notes:
            self._note(row, note, detail)
        if controls:
            self._note(row, NOTE_CONTROLS, f"{controls} (NUL and other C0/C1 controls)")
        if row.get("published") and parse_published(row["published"]) is None:
            self._note(row, NOTE_BAD_DATE, f"{row['published']!r}: not a date; the article "
                                           "is undated")
        if _ARABIC_LETTER.search(text) is None:
            self._note(row, NOTE_NO_ARABIC)
        return row

    def _mapped(self, record: Mapping, mapping: dict[str, str]) -> dict:
        return {mapping[k]: v for k, v in record.items() if k in mapping}

    # -- file readers: each yields rows and records its own problems ------------------------

    def _read_text_file(self, f: _File) -> Iterator[dict]:
        text, encoding, notes = _decode_whole(_read_bytes(f.path, f.gz))
        self.records_read += 1  # after reading: a file that fails is counted once, by _rows
        row: dict[str, Any] = {"article_id": f.stem}
        if f.kind == "html":
            text, row["title"] = html_to_text(text)
            notes += (NOTE_HTML,)
        row["text"] = text
        if (done := self._accept(f, row, None, encoding, notes)) is not None:
            yield done

    def _read_jsonl(self, f: _File) -> Iterator[dict]:
        encoding, lines = _text_lines(f.path, f.gz)
        any_record = False
        cache: dict[tuple, dict[str, str]] = {}
        for lineno, line in enumerate(lines, 1):
            self._line = lineno
            if not line.strip():
                continue
            self.records_read += 1
            any_record = True
            line, notes = _replace_marks(line)
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                self._skip(f, lineno, BROKEN_JSON, f"{err.msg.removesuffix(' at')} at column {err.colno}")
                continue
            if (row := self._from_object(f, obj, lineno, encoding, cache, notes)) is not None:
                yield row
        if not any_record:
            raise _FileProblem(WHITESPACE_ONLY)

    def _from_object(self, f: _File, obj: Any, line: int, encoding: str,
                     cache: dict[tuple, dict[str, str]], notes: tuple[str, ...] = ()
                     ) -> dict | None:
        if not isinstance(obj, dict):
            self._skip(f, line, NOT_OBJECT, type(obj).__name__)
            return None
        keys = tuple(obj)
        if keys not in cache:
            cache[keys] = self._columns(f, keys).mapping
        row = self._mapped(obj, cache[keys])
        if "text" not in row:
            self._skip(f, line, NO_TEXT_FIELD, "keys: " + ", ".join(map(str, keys)))
            return None
        return self._accept(f, row, line, encoding, notes)

    def _read_json(self, f: _File) -> Iterator[dict]:
        text, encoding, notes = _decode_whole(_read_bytes(f.path, f.gz))
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            if err.msg == "Extra data":  # JSON Lines under a .json name
                yield from self._read_jsonl(f)
                return
            raise _FileProblem(BROKEN_JSON, f"{err.msg} at line {err.lineno}") from None
        if isinstance(data, dict):  # one article, or {"articles": [...]}
            lists = [v for v in data.values() if isinstance(v, list)]
            is_article = "text" in _column_map(data, self.columns).mapping.values()
            data = lists[0] if len(lists) == 1 and not is_article else [data]
        if not isinstance(data, list) or not data:
            raise _FileProblem(NOT_OBJECT, "expected a list of objects")
        self.records_read += len(data)
        cache: dict[tuple, dict[str, str]] = {}
        for i, obj in enumerate(data, 1):
            if (row := self._from_object(f, obj, i, encoding, cache, notes)) is not None:
                yield row

    def _read_table(self, f: _File, names: list[str]) -> dict[str, str]:
        found = self._columns(f, names)
        mapping, missing = found.mapping, found.missing
        if missing:
            raise _FileProblem(NO_TEXT_COLUMN if "text" in missing else COLUMN_NOT_FOUND,
                               f"columns= names {[self.columns[m] for m in missing]} "
                               f"but the columns are: {', '.join(map(str, names))}")
        if "text" not in mapping.values():
            raise _FileProblem(NO_TEXT_COLUMN, "columns found: " + ", ".join(map(str, names)))
        return mapping

    def _read_csv(self, f: _File) -> Iterator[dict]:
        encoding, lines = _text_lines(f.path, f.gz)
        bad_lines: set[int] = set()
        counter = [0]

        def numbered() -> Iterator[str]:
            for line in lines:
                counter[0] += 1
                if _MARK in line:
                    bad_lines.add(counter[0])
                yield line

        header, mapping, any_record, end = None, {}, False, 0
        for start, end, fields in _csv_records(numbered(), f.kind == "tsv"):
            self._line = start
            if header is None:
                header = _dedupe([h.strip().lstrip("\ufeff") for h in fields])
                mapping = self._read_table(f, header)
                continue
            self.records_read += 1
            any_record = True
            notes: tuple[str, ...] = ()
            if bad_lines and any(start <= n <= end for n in bad_lines):
                fields = [v.replace(_MARK, "\ufffd") for v in fields]
                notes = (NOTE_REPLACED,)
            if len(fields) != len(header):
                self._skip(f, start, MALFORMED_ROW,
                           f"{len(fields)} fields, header has {len(header)}")
                continue
            row = {mapping[h]: v or None for h, v in zip(header, fields, strict=True)}
            if (done := self._accept(f, row, start, encoding, notes)) is not None:
                yield done
        if header is None:
            raise _FileProblem(WHITESPACE_ONLY)
        if not any_record:
            raise _FileProblem(EMPTY_FILE, "a header and no rows")

    def _read_parquet(self, f: _File) -> Iterator[dict]:
        import pyarrow.parquet as pq

        try:
            pf = pq.ParquetFile(f.path)
        except Exception as err:  # pyarrow raises several types for a bad file
            raise _FileProblem(UNREADABLE, str(err)) from None
        names = pf.schema_arrow.names
        mapping = self._read_table(f, names)
        if pf.metadata.num_rows == 0:
            raise _FileProblem(EMPTY_FILE, "no rows")
        line = 0
        for batch in pf.iter_batches(batch_size=self.chunk_size):
            for record in batch.to_pylist():
                line += 1
                self._line = line
                self.records_read += 1
                row = self._mapped(record, mapping)
                if (done := self._accept(f, row, line, "utf-8")) is not None:
                    yield done

    # -- iteration ----------------------------------------------------------------------

    def _rows(self) -> Iterator[dict]:
        readers = {"txt": self._read_text_file, "html": self._read_text_file,
                   "jsonl": self._read_jsonl, "json": self._read_json, "csv": self._read_csv,
                   "tsv": self._read_csv, "parquet": self._read_parquet}
        single = self.path.is_file()
        for f in self._files:
            for note, detail in f.notes:
                self._file_note(f.display, note, detail)
            if f.kind is None:
                self.records_read += 1
                reason, detail = f.problem or (UNSUPPORTED, Path(f.display).suffix)
                self._skip(f, None, reason, detail, scope="file")
                continue
            self._line = None
            n_before = self.records_read
            try:
                yield from readers[f.kind](f)
            except _FileProblem as problem:
                if single and problem.reason in (NO_TEXT_COLUMN, COLUMN_NOT_FOUND):
                    raise CorpusError(f"{f.display}: {problem.reason} ({problem.detail})") from None
                self._skip(f, None, problem.reason, problem.detail, scope="file")
                if self.records_read == n_before:  # the file is the unit (a .txt already is)
                    self.records_read += 1
            except (OSError, EOFError, zlib.error, csv.Error, UnicodeError) as err:
                # A file that breaks: rows read so far stay; the rest of it is one unit.
                self.records_read += 1
                where = f"after line {self._line}: " if self._line else ""
                detail = (str(err) if isinstance(err, TruncatedFile)
                          else f"{where}{type(err).__name__}: {err}")
                self._skip(f, None, UNREADABLE, detail, scope="file")

    def __iter__(self) -> Iterator[pd.DataFrame]:
        if self._done:
            raise RuntimeError("a CorpusReader can be iterated once")
        self._done = True
        bar = progress_bar(enabled=self.progress, unit=" articles", desc=str(self.path.name))
        buffer: list[dict] = []
        with bar:
            for row in self._rows():
                buffer.append(row)
                if len(buffer) >= self.chunk_size:
                    yield self._chunk(buffer)
                    bar.update(len(buffer))
                    buffer = []
            if buffer:
                yield self._chunk(buffer)
                bar.update(len(buffer))
        self._finish_metadata()

    def _chunk(self, rows: list[dict]) -> pd.DataFrame:
        extras = list(dict.fromkeys(k for row in rows for k in row if k not in ARTICLE_COLUMNS))
        frame = _frame_of(rows, [*ARTICLE_COLUMNS, *extras])
        for name in _METADATA_FIELDS:
            frame[name] = frame[name].astype("str")
        return self._apply_metadata(frame) if self._meta is not None else frame

    def _apply_metadata(self, frame: pd.DataFrame) -> pd.DataFrame:
        meta = self._meta.table
        ids = frame["article_id"]
        known = ids.isin(meta.index)
        if not known.any():
            return frame
        self._meta_used.update(ids[known])
        for row in frame.loc[known & ids.isin(self._meta.bad_dates)].itertuples():
            self._note({"article_id": row.article_id, "path": row.path, "line": row.line},
                       NOTE_BAD_DATE, f"{self._meta.bad_dates[row.article_id]}: not a date; "
                                      "the article keeps the corpus's date, if any")
        for col in meta.columns:
            values = ids.map(meta[col])
            use = known & values.notna() & (values.astype("str").str.strip() != "")
            if col not in frame:
                frame[col] = pd.Series(pd.NA, index=frame.index, dtype="str")
            if use.any():
                frame.loc[use, col] = values[use]
        return frame

    def _finish_metadata(self) -> None:
        if self._meta is None:
            return
        meta = self._meta
        for sentence in meta.ambiguous:
            self._file_note(meta.source, NOTE_AMBIGUOUS, sentence)
        for aid in meta.table.index:
            if aid not in self._meta_used:
                near = self._folded_ids.get(aid.casefold())
                hint = f" (the article {near} differs only in case)" if near else ""
                self._skipped.append({"path": meta.source, "line": meta.lines.get(aid),
                                      "reason": META_UNKNOWN, "detail": aid + hint,
                                      "scope": "metadata"})
        self._skipped.extend(meta.skipped)

    # -- results ------------------------------------------------------------------------

    @property
    def skipped(self) -> pd.DataFrame:
        return _frame_of(self._skipped, SKIPPED_COLUMNS).astype(
            {"path": "str", "reason": "str", "detail": "str", "scope": "str"})

    @property
    def notes(self) -> pd.DataFrame:
        return _frame_of(self._notes, NOTES_COLUMNS).astype(
            {"article_id": "str", "path": "str", "note": "str", "detail": "str"})

    def corpus(self, articles: pd.DataFrame | None = None) -> Corpus:
        """A :class:`Corpus` of ``articles`` (the chunks, concatenated) and this reader's
        record; call it once the reader is exhausted."""
        if articles is None:
            articles = _frame_of([], ARTICLE_COLUMNS)
        return Corpus(articles=articles, skipped=self.skipped, files=self.files,
                      notes=self.notes, records_read=self.records_read)


def _dedupe(names: list[str]) -> list[str]:
    seen: Counter[str] = Counter()
    out = []
    for name in names:
        seen[name] += 1
        out.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return out


def _csv_records(lines: Iterator[str], tab: bool) -> Iterator[tuple[int, int, list[str]]]:
    """(first line, last line, fields) of each non-empty CSV record. The delimiter of a .csv
    is whichever of , ; \\t is most frequent in its header line."""
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))  # 10 MB fields are fine
    first = next(lines, None)
    if first is None:
        return
    delimiter = "\t" if tab else max(",;\t", key=first.count)
    reader = csv.reader(_chain_first(first, lines), delimiter=delimiter)
    end = 0
    for fields in reader:
        start, end = end + 1, reader.line_num
        if fields and any(v.strip() for v in fields):
            yield start, end, fields


def _chain_first(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


# ---------------------------------------------------------------------------------------------
# Metadata


@dataclass
class _Metadata:
    table: pd.DataFrame  # indexed by article_id, string values, output column names
    lines: dict[str, int]  # article_id → line in the metadata file
    source: str  # as shown in ``skipped``
    skipped: list[dict]  # rows with an empty or repeated article_id
    path: Path | None  # resolved, to leave it out of a folder scan
    bad_dates: dict[str, str] = field(default_factory=dict)  # article_id → unreadable date
    ambiguous: list[str] = field(default_factory=list)  # see _Columns


def _load_metadata(metadata: str | Path | pd.DataFrame) -> _Metadata:
    """Read a metadata CSV/TSV (or take a DataFrame); CorpusError if it cannot be used."""
    path: Path | None = None
    skipped: list[dict] = []
    lines: dict[str, int] = {}
    if isinstance(metadata, pd.DataFrame):
        names = [str(c) for c in metadata.columns]
        records = [(i, dict(zip(names, r, strict=True)))
                   for i, r in enumerate(metadata.itertuples(index=False), 1)]
        source = "<metadata DataFrame>"
    else:
        path = Path(metadata)
        source = str(path)
        if not path.is_file():
            raise CorpusError(f"metadata file does not exist: {path}")
        kind, gz, _ = _file_kind(path)
        try:
            text, _enc, _notes = _decode_whole(_read_bytes(path, gz))
            recs = list(_csv_records(io.StringIO(text, newline="\n"), kind == "tsv"))
        except _FileProblem as problem:
            raise CorpusError(f"unreadable metadata {path}: {problem.reason} "
                              f"{problem.detail}".rstrip()) from None
        except (OSError, EOFError, zlib.error, csv.Error) as err:
            raise CorpusError(f"unreadable metadata {path}: {err}") from None
        if not recs:
            raise CorpusError(f"unreadable metadata {path}: no header row")
        names = _dedupe([h.strip().lstrip("\ufeff") for h in recs[0][2]])
        records = [(start, dict(zip(names, fields, strict=False)))
                   for start, _end, fields in recs[1:]]
    roles = [r for r in COLUMN_ALIASES if r != "text"]
    exact = {n.strip().lower(): n for n in names}
    columns = {"article_id": exact["article_id"]} if "article_id" in exact else None
    found = _column_map(names, columns, roles)
    mapping = found.mapping
    if "article_id" not in mapping.values():
        raise CorpusError(f"metadata {source} has no article_id column; columns found: "
                          f"{', '.join(names)}")
    rows: dict[str, dict] = {}
    bad_dates: dict[str, str] = {}
    for line, record in records:
        row = {mapping[k]: _as_str(v) for k, v in record.items() if k in mapping}
        aid = visible_controls(unicodedata.normalize("NFC", (row.pop("article_id", None)
                                                             or "").strip()))
        if row.get("published") and parse_published(row["published"]) is None:
            bad_dates[aid] = f"metadata line {line}: {row.pop('published')!r}"
        if not aid:
            skipped.append({"path": source, "line": line, "reason": META_EMPTY_ID,
                            "detail": "", "scope": "metadata"})
        elif aid in rows:
            skipped.append({"path": source, "line": line, "reason": META_DUPLICATE,
                            "detail": f"{aid} (first at line {lines[aid]})",
                            "scope": "metadata"})
        else:
            rows[aid], lines[aid] = row, line
    out_cols = [c for c in mapping.values() if c != "article_id"]
    table = pd.DataFrame.from_dict(rows, orient="index", columns=out_cols, dtype="str")
    return _Metadata(table, lines, source, skipped, path.resolve() if path else None,
                     bad_dates, found.ambiguous)


# ---------------------------------------------------------------------------------------------
# Public entry points


def iter_corpus(path: str | Path, columns: Mapping[str, str] | None = None,
                chunk_size: int = 10_000, *, metadata: str | Path | pd.DataFrame | None = None,
                progress: bool = False) -> CorpusReader:
    """Articles of ``path`` as DataFrames of at most ``chunk_size`` rows, streaming JSONL/CSV
    line by line. The returned reader's ``skipped``, ``notes`` and ``corpus()`` are complete
    once it is exhausted. Raises CorpusError at once for a missing path or no supported file.
    """
    return CorpusReader(path, columns, chunk_size, metadata, progress)


def no_article_error(path: str | Path, skipped: pd.DataFrame) -> CorpusError:
    """The error for a corpus that gave no article, naming the first skipped files and why."""
    sk = skipped[skipped["scope"] != "metadata"]
    reasons = "; ".join(f"{r.path}: {r.reason}" + (f" ({r.detail})" if r.detail else "")
                        for r in sk.head(5).itertuples())
    more = f" (and {len(sk) - 5} more)" if len(sk) > 5 else ""
    return CorpusError(f"no article loaded from {path}: {reasons or 'nothing found'}{more}")


def load_corpus(path: str | Path, metadata: str | Path | pd.DataFrame | None = None,
                columns: Mapping[str, str] | None = None, *, progress: bool = False) -> Corpus:
    """Load a folder or file of articles (see the module docstring) into a :class:`Corpus`.

    ``metadata``: CSV/TSV (or DataFrame) with an ``article_id`` column; its non-empty values
    override the corpus's, matched on the final ``article_id``; rows for unknown ids go to
    ``skipped``. Raises :class:`CorpusError` if no article can be loaded.
    """
    reader = iter_corpus(path, columns, metadata=metadata, progress=progress)
    chunks = list(reader)
    if not chunks:
        raise no_article_error(path, reader.skipped)
    articles = chunks[0] if len(chunks) == 1 else pd.concat(chunks, ignore_index=True)
    return reader.corpus(articles)


if __name__ == "__main__":  # pragma: no cover - quick look from a shell
    print(load_corpus(sys.argv[1], *(sys.argv[2:3] or [None])).summary())
