"""Arabic normalization at two levels.

* :func:`normalize_display` — light: keeps the letters a reader sees, removes what is
  invisible (bidi controls, zero-width marks, BOM) and folds presentation forms (NFKC).
  Used for ``text_clean``.
* :func:`normalize` — aggressive, for counting and matching: also removes diacritics and
  tatweel, unifies alef forms, alef maqsura, teh marbuta (configurable), Persian/Urdu
  look-alikes and Eastern Arabic digits. Used for ``text_norm``.

Both are idempotent. Every rule is written once, below, as character ranges and one mapping;
:func:`normalize` applies them as one compiled regex and one ``str.translate`` table on short
strings and, on long ones (article bodies), as one lookup in a code-point table (NumPy), which
gives the same result several times faster.
"""

from __future__ import annotations

import re
import unicodedata
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

# Arabic presentation forms A and B (and the Allah ligature), which NFKC folds to letters.
_PRESENTATION_RANGES = "\ufb50-\ufdff\ufe70-\ufefc"
_PRESENTATION = re.compile(f"[{_PRESENTATION_RANGES}]+")
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]+")
_STRIP_RE = re.compile(f"[{_INVISIBLE}{_DIACRITICS}{_TATWEEL}]+")

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
_MATCH_TABLE = str.maketrans(_LETTERS | _DIGITS)
_MATCH_TABLE_TEH = str.maketrans(_LETTERS | _DIGITS | _TEH)

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
    table[_code_points(_INVISIBLE + _DIACRITICS + _TATWEEL)] = _DELETE
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


def _normalize_small(text: str, teh_marbuta: bool) -> str:
    text = _STRIP_RE.sub("", _fold_presentation(text))
    return text.translate(_MATCH_TABLE_TEH if teh_marbuta else _MATCH_TABLE)


def normalize(text: str, *, teh_marbuta: bool = True) -> str:
    """Aggressive normalization for counting and matching.

    Removes diacritics, tatweel and invisible marks; maps أ إ آ ٱ → ا, ى/ی → ي, ک → ك,
    ە → ه, Eastern Arabic digits → 0–9, and (if ``teh_marbuta``) ة → ه.
    """
    if not isinstance(text, str) or len(text) < _TABLE_MIN_CHARS:
        return _normalize_small(text, teh_marbuta)
    out = _looked_up(text, teh_marbuta)
    if out is None:
        return _normalize_small(text, teh_marbuta)
    return out[out != _DELETE].tobytes().decode("utf-32-le")


def _looked_up(text: str, teh_marbuta: bool) -> np.ndarray | None:
    """Each character of ``text`` through :func:`_code_table`; None when the table cannot say
    (lone surrogates; presentation forms, which must be folded first — rare)."""
    try:
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:
        return None
    out = _code_table(teh_marbuta)[codes]
    return None if (out == _FOLD).any() else out


def normalize_with_deletions(text: str) -> tuple[str, np.ndarray | None]:
    """``normalize(text)`` and, when every character either maps to one character or is
    deleted (no presentation form), the ascending positions in ``text`` of the deleted ones;
    else ``(normalize(text), None)``. Position ``p`` of ``text`` is then position
    ``p - (deletions before p)`` of the result. Remembered per text (n-grams and events read the
    same articles); the positions array is read-only."""
    return _DELETIONS_MEMO(text, _with_deletions)


_DELETIONS_MEMO: TextMemo[tuple[str, np.ndarray | None]] = TextMemo(60_000_000)


def _with_deletions(text: str) -> tuple[str, np.ndarray | None]:
    out = _looked_up(text, True)
    if out is None:
        return normalize(text), None
    gone = out == _DELETE
    deleted = np.flatnonzero(gone)
    deleted.flags.writeable = False
    return out[~gone].tobytes().decode("utf-32-le"), deleted


def normalize_series(texts: pd.Series, *, teh_marbuta: bool = True) -> pd.Series:
    """:func:`normalize` over a Series, keeping missing values missing."""
    return texts.map(lambda t: normalize(t, teh_marbuta=teh_marbuta), na_action="ignore")
