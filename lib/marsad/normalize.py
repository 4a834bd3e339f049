"""Arabic normalization at two levels.

* :func:`normalize_display` — light: keeps the letters a reader sees, removes what is
  invisible (bidi controls, zero-width marks, BOM) and folds presentation forms (NFKC).
  Used for ``text_clean``.
* :func:`normalize` — aggressive, for counting and matching: also removes diacritics,
  tatweel and a hashtag's marks, unifies alef forms, alef maqsura, teh marbuta (configurable), Persian/Urdu
  look-alikes and Eastern Arabic digits. Used for ``text_norm``.

Both are idempotent. Every rule is written once, below, as character ranges and one mapping,
and one contextual rule of :func:`normalize`: a name built on عبد is one word however it is
written (``عبد الله`` = ``عبدالله``);
:func:`normalize` applies them as one compiled regex and one ``str.translate`` table on short
strings and, on long ones (article bodies), as one lookup in a code-point table (NumPy), which
gives the same result several times faster.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import pandas as pd

from marsad.memo import TextMemo

# Invisible characters: bidi marks and embeddings (LRM, RLM, ALM, LRE…PDF, LRI…PDI),
# zero-width space/joiners, BOM / zero-width no-break space, soft hyphen.
_INVISIBLE = "\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
# Diacritics (harakat, tanwin, shadda, sukun, small marks), superscript alef, tatweel.
_DIACRITICS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
_TATWEEL = "\u0640"
# A hashtag's marks: ``#`` goes and ``_`` is the space it stands for (``#كوريا_الشمالية``,
# ``فلاديمير #بوتين``), so a name written as a tag is the name.
_HASH = "#"
_TAG_SPACE = {"_": " "}

# Arabic presentation forms A and B (and the Allah ligature), which NFKC folds to letters.
_PRESENTATION_RANGES = "\ufb50-\ufdff\ufe70-\ufefc"
_PRESENTATION = re.compile(f"[{_PRESENTATION_RANGES}]+")
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]+")
_STRIP_RE = re.compile(f"[{_INVISIBLE}{_DIACRITICS}{_TATWEEL}{_HASH}]+")

_LETTERS = {
    # alef forms
    "\u0623": "\u0627",  # أ
    "\u0625": "\u0627",  # إ
    "\u0622": "\u0627",  # آ
    "\u0671": "\u0627",  # ٱ wasla
    "\u0672": "\u0627",
    "\u0673": "\u0627",
    # alef maqsura and Persian/Urdu yeh forms
    "\u0649": "\u064a",  # ى
    "\u06cc": "\u064a",  # ی Farsi yeh
    "\u06d0": "\u064a",  # ې
    "\u06d2": "\u064a",  # ے yeh barree
    # kaf and heh look-alikes
    "\u06a9": "\u0643",  # ک keheh
    "\u06aa": "\u0643",  # ڪ swash kaf
    "\u06d5": "\u0647",  # ە ae
    "\u06c1": "\u0647",  # ہ heh goal
    "\u06be": "\u0647",  # ھ heh doachashmee
    # Arabic comma/semicolon/question mark stay: they are punctuation, not letters.
}
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
_TEH = {"\u0629": "\u0647"}  # ة → ه
_MATCH_TABLE = str.maketrans(_LETTERS | _DIGITS | _TAG_SPACE)
_MATCH_TABLE_TEH = str.maketrans(_LETTERS | _DIGITS | _TAG_SPACE | _TEH)

# Strings at least this long are normalized through the code-point table (below this the
# fixed cost of the array round trip is larger than what it saves).
_TABLE_MIN_CHARS = 64
_DELETE = np.uint32(0xFFFFFFFF)  # table value: the character is removed
_FOLD = np.uint32(0xFFFFFFFE)  # table value: a presentation form (NFKC may expand it)


def _code_points(ranges: str) -> list[int]:
    """The code points of a regex character-class body made of single chars and ``a-b``."""
    out, i = [], 0
    while i < len(ranges):
        if i + 2 < len(ranges) and ranges[i + 1] == "-":
            out += range(ord(ranges[i]), ord(ranges[i + 2]) + 1)
            i += 3
        else:
            out.append(ord(ranges[i]))
            i += 1
    return out


@lru_cache(maxsize=2)
def _code_table(teh_marbuta: bool) -> np.ndarray:
    """Code point → its normalized code point, :data:`_DELETE` or :data:`_FOLD`."""
    table = np.arange(0x110000, dtype=np.uint32)
    for src, dst in (_MATCH_TABLE_TEH if teh_marbuta else _MATCH_TABLE).items():
        table[src] = ord(dst)
    table[_code_points(_INVISIBLE + _DIACRITICS + _TATWEEL + _HASH)] = _DELETE
    table[_code_points(_PRESENTATION_RANGES)] = _FOLD
    table.flags.writeable = False
    return table


def _fold_presentation(text: str) -> str:
    if _PRESENTATION.search(text) is None:
        return text
    return _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def normalize_display(text: str) -> str:
    """Light normalization: fold presentation forms, drop invisible bidi/zero-width marks."""
    return _INVISIBLE_RE.sub("", _fold_presentation(text))


# A name built on عبد is one word however it is written: عبد الله = عبدالله, عبد العزيز =
# عبدالعزيز (so عبد الله never feeds the count of الله). The space(s) after عبد (with its
# proclitics) and before a letter are removed — the one contextual rule of normalization.
_ABD_SPACE = re.compile(r"(?<![^\W_])(?:[\u0648\u0641]?[\u0628\u0644\u0643]?)\u0639\u0628\u062f"
                        r"([^\S\n]+)(?=[^\W\d_])")


def _abd_spaces(norm: str) -> list[tuple[int, int]]:
    """Spans of ``norm`` that the عبد rule removes."""
    if "\u0639\u0628\u062f" not in norm:
        return []
    return [m.span(1) for m in _ABD_SPACE.finditer(norm)]


def _join_abd(norm: str) -> str:
    spans = _abd_spaces(norm)
    return without_spans(norm, spans) if spans else norm


def without_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with ``spans`` — ``(start, end)``, sorted, not overlapping — cut out."""
    parts, at = [], 0
    for a, b in spans:
        parts.append(text[at:a])
        at = b
    parts.append(text[at:])
    return "".join(parts)


def _normalize_small(text: str, teh_marbuta: bool) -> str:
    text = _STRIP_RE.sub("", _fold_presentation(text))
    return _join_abd(text.translate(_MATCH_TABLE_TEH if teh_marbuta else _MATCH_TABLE))


def normalize(text: str, *, teh_marbuta: bool = True) -> str:
    """Aggressive normalization for counting and matching.

    Removes diacritics, tatweel, invisible marks and hashtag marks (``#``; ``_`` → space);
    maps أ إ آ ٱ → ا, ى/ی → ي, ک → ك, ە → ه, Eastern Arabic digits → 0–9, and (if
    ``teh_marbuta``) ة → ه.
    """
    if not isinstance(text, str) or len(text) < _TABLE_MIN_CHARS:
        return _normalize_small(text, teh_marbuta)
    out = _looked_up(text, teh_marbuta)
    if out is None:
        return _normalize_small(text, teh_marbuta)
    return _join_abd(out[out != _DELETE].tobytes().decode("utf-32-le"))


def _looked_up(text: str, teh_marbuta: bool) -> np.ndarray | None:
    """Each character of ``text`` through :func:`_code_table`; None when the table cannot say
    (lone surrogates; presentation forms, which must be folded first — rare)."""
    try:
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:
        return None
    out = _code_table(teh_marbuta)[codes]
    return None if (out == _FOLD).any() else out


class Offsets:
    """``normalize(text)`` and the map between positions in it and in ``text`` — the one owner
    of text coordinates: keywords, n-grams, KWIC, co-occurrence units, dates and events all
    move spans between ``text_clean`` and its normalized form through it.

    :meth:`original` of normalized position ``n`` is the position in ``text`` of normalized
    character ``n``, and of ``len(norm)`` it is ``len(text)``: an end offset maps past the
    characters deleted right after the span (diacritics after the last letter belong to it).
    :meth:`normalized` of a position in ``text`` is the first normalized character at or after
    it. A presentation form that NFKC expands (``ﷲ`` → ``الله``) gives several normalized
    characters the same origin. Stored compactly: only the deleted positions (usually few),
    or a full map when presentation forms expand.
    """

    __slots__ = ("norm", "_deleted", "_shifted", "_mapping")

    def __init__(self, norm: str, deleted: np.ndarray | None, mapping: np.ndarray | None = None):
        self.norm = norm
        self._deleted = deleted  # ascending positions in text of the deleted characters
        # deleted[k] - k: the normalized position before which the k-th deletion stands
        self._shifted = None if deleted is None else deleted - np.arange(len(deleted))
        self._mapping = mapping  # normalized position → position in text, + len(text)

    def originals(self, positions) -> np.ndarray:
        """:meth:`original` of many normalized positions at once."""
        n = np.asarray(positions, dtype=np.int64)
        if self._mapping is not None:
            return self._mapping[n]
        return n + np.searchsorted(self._shifted, n, side="right")

    def normalizeds(self, positions) -> np.ndarray:
        """:meth:`normalized` of many positions of ``text`` at once."""
        o = np.asarray(positions, dtype=np.int64)
        if self._mapping is not None:
            return np.searchsorted(self._mapping[:-1], o, side="left")
        return o - np.searchsorted(self._deleted, o, side="left")

    def original(self, n: int) -> int:
        """The position in ``text`` of normalized position ``n`` (``n`` may be the end)."""
        return int(self.originals(n))

    def normalized(self, o: int) -> int:
        """The first normalized position whose character stands at or after ``o`` in ``text``
        (``o`` may be the end)."""
        return int(self.normalizeds(o))


def normalize_with_offsets(text: str) -> Offsets:
    """``normalize(text)`` with its :class:`Offsets` (remembered per text: n-grams, KWIC,
    co-occurrence, dates and events read the same articles)."""
    return _OFFSETS_MEMO(text, _offsets)


_OFFSETS_MEMO: TextMemo[Offsets] = TextMemo(60_000_000)


def _offsets(text: str) -> Offsets:
    norm, deleted = _with_deletions(text)
    if deleted is not None:  # each character maps to one character or is deleted
        return Offsets(norm, deleted.astype(np.int64))
    # presentation forms: character by character (the normalizer is character-local but for
    # the عبد rule, whose removed spaces leave the map after)
    chars = [(i, out) for i, ch in enumerate(text) for out in _normalize_small(ch, True)]
    mapping = np.array([i for i, _ in chars], dtype=np.int64)
    spans = _abd_spaces("".join(out for _, out in chars))
    if spans:
        keep = np.ones(len(mapping), dtype=bool)
        for a, b in spans:
            keep[a:b] = False
        mapping = mapping[keep]
    if len(mapping) != len(norm):
        raise AssertionError("normalize is not character-local on this text")
    return Offsets(norm, None, np.append(mapping, len(text)))


def _with_deletions(text: str) -> tuple[str, np.ndarray | None]:
    """``normalize(text)`` and the ascending positions in ``text`` of the characters it
    deletes, when each character maps to one character or none; else ``(normalize(text),
    None)`` (presentation forms)."""
    out = _looked_up(text, True)
    if out is None:
        return normalize(text), None
    gone = out == _DELETE
    norm = out[~gone].tobytes().decode("utf-32-le")
    spans = _abd_spaces(norm)
    if spans:  # the spaces the عبد rule removes, back in text's positions
        kept = np.flatnonzero(~gone)
        gone[np.concatenate([kept[a:b] for a, b in spans])] = True
        norm = _join_abd(norm)
    deleted = np.flatnonzero(gone)
    deleted.flags.writeable = False
    return norm, deleted


def normalize_series(texts: pd.Series, *, teh_marbuta: bool = True) -> pd.Series:
    """:func:`normalize` over a Series, keeping missing values missing."""
    return texts.map(lambda t: normalize(t, teh_marbuta=teh_marbuta), na_action="ignore")
