"""Arabic normalization at two levels.

* :func:`normalize_display` — light: keeps the letters a reader sees, removes what is
  invisible (bidi controls, zero-width marks, BOM) and folds presentation forms (NFKC).
  Used for ``text_clean``.
* :func:`normalize` — aggressive, for counting and matching: also removes diacritics and
  tatweel, unifies alef forms, alef maqsura, teh marbuta (configurable), Persian/Urdu
  look-alikes and Eastern Arabic digits. Used for ``text_norm``.

Both are idempotent. Every step is one compiled regex or one ``str.translate`` table.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

# Invisible characters: bidi marks and embeddings (LRM, RLM, ALM, LRE…PDF, LRI…PDI),
# zero-width space/joiners, BOM / zero-width no-break space, soft hyphen.
_INVISIBLE = "\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
# Diacritics (harakat, tanwin, shadda, sukun, small marks), superscript alef, tatweel.
_DIACRITICS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
_TATWEEL = "\u0640"

# Arabic presentation forms A and B (and the Allah ligature), which NFKC folds to letters.
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]+")
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
_MATCH_TABLE = str.maketrans(_LETTERS | _DIGITS)
_MATCH_TABLE_TEH = str.maketrans(_LETTERS | _DIGITS | {"\u0629": "\u0647"})  # ة → ه


def _fold_presentation(text: str) -> str:
    if _PRESENTATION.search(text) is None:
        return text
    return _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def normalize_display(text: str) -> str:
    """Light normalization: fold presentation forms, drop invisible bidi/zero-width marks."""
    return _INVISIBLE_RE.sub("", _fold_presentation(text))


def normalize(text: str, *, teh_marbuta: bool = True) -> str:
    """Aggressive normalization for counting and matching.

    Removes diacritics, tatweel and invisible marks; maps أ إ آ ٱ → ا, ى/ی → ي, ک → ك,
    ە → ه, Eastern Arabic digits → 0–9, and (if ``teh_marbuta``) ة → ه.
    """
    text = _STRIP_RE.sub("", _fold_presentation(text))
    return text.translate(_MATCH_TABLE_TEH if teh_marbuta else _MATCH_TABLE)


def normalize_series(texts: pd.Series, *, teh_marbuta: bool = True) -> pd.Series:
    """:func:`normalize` over a Series, keeping missing values missing."""
    return texts.map(lambda t: normalize(t, teh_marbuta=teh_marbuta), na_action="ignore")
