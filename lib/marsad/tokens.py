"""Words of normalized Arabic text, before they become terms (:mod:`marsad.terms`).

* :func:`tokenize` — word tokens (Arabic letters, Latin letters, digits); punctuation dropped.
* :func:`strip_proclitics` — the proclitic rule: و ف ب ل ك (and لل → ال) are stripped only when
  the stripped form is known (a name's word, a given name, a stopword, or a word at least as
  frequent in ``vocabulary``); :func:`protected_words` (every word of a gazetteer alias, every
  given name: بوتين، واشنطن، فيصل) are never stripped; the article ال is kept.
* :func:`stem` — light stemming (Snowball Arabic, PyStemmer) for grouping words for display.
* :func:`variant_key` — a coarse key that groups spelling variants (بيونغ يانغ / بيونجيانج,
  بوتين / بوتن, ترامب / ترمب) so a notebook can list them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache

import pandas as pd

from marsad import clitics, gazetteer
from marsad.clitics import ARTICLE, CONJUNCTIONS, PREPOSITIONS
from marsad.normalize import normalize
from marsad.word_classes import stopword_set

_TOKEN = re.compile(r"[^\W_]+")
_MIN_STRIPPED = 3  # a stripped word keeps at least 3 letters (بحر → حر is never tried)


# --------------------------------------------------------------------------------------------
# tokens and stopwords
# --------------------------------------------------------------------------------------------


def tokenize(text_norm: str) -> list[str]:
    """Word tokens of a normalized text: runs of letters and digits (Arabic, Latin, other)."""
    return _TOKEN.findall(text_norm)


@gazetteer.derived
def protected_words() -> frozenset[str]:
    """Words never stripped of a proclitic: every word of every gazetteer alias (the
    corpus's own names included once :func:`marsad.pipeline.corpus_entities` ran) and every
    given name (``first_names.csv``): فيصل is never ف + يصل."""
    from marsad.discovery import load_cues

    return gazetteer.default_matcher().alias_words | load_cues().first_names


def build_vocabulary(texts: Iterable[str]) -> Counter[str]:
    """Token counts over normalized texts — the ``vocabulary`` that licenses clitic stripping."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(tokenize(text))
    return counts


# Proclitic strips, longest first: (prefix, what replaces it).
_STRIPS = clitics.strips()


def strip_proclitics(token: str, vocabulary: Mapping[str, int] | Iterable[str] | None = None,
                     *, known: Iterable[str] = ()) -> str:
    """``token`` without its proclitics when the result is a known word, else ``token``.

    Known: in ``known`` (gazetteer words and stopwords in :func:`terms`), or in ``vocabulary``;
    when ``vocabulary`` has counts (a ``Counter``), the stripped form must be at least as frequent
    as ``token`` (``وزارة`` is not ``و + زاره``; ``كبير`` is not ``ك + بير``). A stripped form
    keeps at least three letters (two after ال). Gazetteer words are returned unchanged by
    :func:`terms`.
    """
    vocab, counts = _vocab_parts(vocabulary)
    known = known if isinstance(known, (set, frozenset)) else frozenset(known)
    return _strip(token, vocab, counts, known)


def _vocab_parts(vocabulary) -> tuple[Mapping | set | frozenset, Mapping | None]:
    if vocabulary is None:
        return frozenset(), None
    if isinstance(vocabulary, Mapping):
        return vocabulary, vocabulary
    if isinstance(vocabulary, (set, frozenset)):
        return vocabulary, None
    return frozenset(vocabulary), None


def _strip(token: str, vocab, counts: Mapping | None, known) -> str:
    for candidate in _strip_candidates(token):
        if candidate in known:
            return candidate
        if candidate in vocab:
            if counts is None or counts.get(candidate, 0) >= counts.get(token, 0):
                return candidate
    return token


def _strip_candidates(token: str) -> Iterator[str]:
    """The words left by each proclitic rule that applies to ``token``, in rule order (the
    rest must keep at least :data:`_MIN_STRIPPED` letters)."""
    for prefix, repl in _STRIPS_BY_FIRST.get(token[:1], ()):
        if not token.startswith(prefix):
            continue
        candidate = repl + token[len(prefix):]
        core = candidate[len(ARTICLE):] if repl else candidate
        if len(core) >= _MIN_STRIPPED - (1 if repl else 0):
            yield candidate


_STRIPS_BY_FIRST = {first: tuple(s for s in _STRIPS if s[0][0] == first)
                    for first in CONJUNCTIONS + PREPOSITIONS}


# --------------------------------------------------------------------------------------------
# terms
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("arabic")


def stem(word: str) -> str:
    """Light stem of a normalized non-entity word, for grouping only.

    Snowball Arabic (PyStemmer) treats a word differently with and without the article and
    expects ة, which :func:`normalize` turned into ه: so the article is removed, a final ه read
    as ة, and ``ال`` + word is stemmed — ``العقوبات``, ``عقوبات``, ``عقوبة`` all give ``عقوب``.
    """
    core = word[len(ARTICLE):] if word.startswith(ARTICLE) and len(word) > 3 else word
    if core.endswith("\u0647"):
        core = core[:-1] + "\u0629"
    return _stemmer().stemWord(ARTICLE + core)




# --------------------------------------------------------------------------------------------
# spelling variants
# --------------------------------------------------------------------------------------------

_VARIANT_FOLD = str.maketrans({"\u063a": "\u062c",  # غ → ج (g: بيونغ / بيونج)
                               "\u0629": "\u0647",  # ة → ه
                               "\u0649": "\u064a"})  # ى → ي
_VOWEL_LETTERS = set("\u0627\u0648\u064a")  # ا و ي
_SEPARATORS = re.compile(r"[\s\-\u2010\u2011]+")


def variant_key(token: str) -> str:
    """Coarse key grouping spelling variants of a (normalized) word or name.

    After :func:`normalize`: spaces and hyphens removed (``بيونغ يانغ`` = ``بيونغيانغ``), غ → ج,
    ة → ه, ى → ي, long-vowel letters ا و ي dropped except first and last letter
    (``بوتين`` = ``بوتن``, ``ترامب`` = ``ترمب``, ``الأميركي`` = ``الأمريكي``, ``سيول`` = ``سول``),
    doubled letters collapsed. Deliberately coarse (``كاتب`` = ``كتب``): it proposes candidates
    for a reader, it is not used for counting.
    """
    word = _SEPARATORS.sub("", normalize(token)).translate(_VARIANT_FOLD).lower()
    if len(word) <= 2:
        return word
    kept = [word[0]] + [c for c in word[1:-1] if c not in _VOWEL_LETTERS] + [word[-1]]
    out: list[str] = []
    for char in kept:
        if not out or out[-1] != char:
            out.append(char)
    return "".join(out)


def variant_groups(texts_norm: pd.Series, *, min_count: int = 3) -> pd.DataFrame:
    """Spelling variants found in ``texts_norm``: words (not stopwords) sharing a
    :func:`variant_key`, more than one form, at least ``min_count`` occurrences together. One
    row per group, most frequent first: ``key, count, variants`` (``"form (n) / form (n)"``,
    most frequent form first). Empty (with these columns) when the texts hold no such group."""
    words = texts_norm.dropna().str.findall(r"[\u0621-\u064A]+").explode().dropna()
    words = words[~words.isin(stopword_set())]
    counts = (words.value_counts().rename("count").rename_axis("form").reset_index()
              .sort_values(["count", "form"], ascending=[False, True], kind="stable"))
    counts["key"] = counts["form"].map(variant_key)
    groups = counts.groupby("key", sort=False).agg(
        forms=("form", "size"), count=("count", "sum"),
        variants=("form", list), counts=("count", list))
    groups = groups[(groups["forms"] > 1) & (groups["count"] >= min_count)]
    groups["variants"] = [" / ".join(f"{f} ({c})" for f, c in zip(fs, cs, strict=True))
                          for fs, cs in zip(groups["variants"], groups["counts"], strict=True)]
    return (groups.reset_index()[["key", "count", "variants"]]
            .sort_values(["count", "key"], ascending=[False, True], kind="stable")
            .reset_index(drop=True))
