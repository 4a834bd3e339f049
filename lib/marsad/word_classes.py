"""What kind of word a term is — the stopword policy, one rule for every corpus (issue 17).

Every word counted by Marsad has a ``kind``:

``function``
    closed-class and frame words that say nothing of a story's topic: the ``arabic-stopwords``
    list (13k forms, passed through :func:`marsad.normalize.normalize`, which it lacks — it is
    hamza-sensitive), plus the reviewed rows of ``data/word_classes.csv`` of kind ``function``
    — reporting verbs (قال، أضاف), auxiliaries and light verbs (كان، تم، قام)، modals (يمكن،
    يجب)، compound prepositions (بسبب، عبر، ضد)، adverbs (بشكل، مؤخرا)، quantifiers (أحد،
    أخرى، العديد) and frame nouns (عدم، وجود، الأمر). The rows were proposed by a measure on the
    2018 reference corpus (``scripts/function_word_candidates.py``: frequent words spread evenly
    across outlets, sections and months) and kept only where a reader agrees, with the reason.
``number``
    cardinals, ordinals and quantities of time or share (ثلاثة، الأول، مليون، عاما، بالمئة), and
    tokens of digits — a class of their own, which tables can show or hide.
``date``
    month names of every calendar and family and weekdays (from the date module's data files,
    so a month is a date wherever dates are read) and time words relative to publication
    (اليوم، أمس، الأسبوع، الماضي).
``content``
    everything else (entities are marked by the analyzer, not here).

Each listed word also counts with the clitics Arabic allows on it (:func:`marsad.clitics.variants`:
و/ف, ب/ل/ك, لل; pronoun suffixes on particles: بسببه، عليها). A word listed under two kinds is
an error. Nothing is removed from the keyword table: the kind is a column, and top lists and
charts show ``content`` and entities.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import arabicstopwords.arabicstopwords as stp
import numpy as np

from marsad import clitics, dates
from marsad.datafiles import DataFileError, read_table
from marsad.normalize import normalize

#: Every kind a term can have (``entity`` is given by the analyzer to gazetteer names).
KINDS = ("entity", "content", "function", "number", "date")
#: The kinds that are counted as a corpus's own words in top lists, n-grams and co-occurrence.
COUNTED = ("entity", "content")
#: Kinds a row of ``word_classes.csv`` may have.
LISTED = ("function", "number", "date")
WORD_CLASSES_FILE = "word_classes.csv"


def load_word_classes(path: str | Path | None = None):
    """The reviewed word list: ``word, kind, pos, reason`` (and ``line``), validated."""
    table = read_table(path or WORD_CLASSES_FILE, ("word", "kind", "pos", "reason"))
    label = str(path or f"marsad/data/{WORD_CLASSES_FILE}")
    for row in table.itertuples(index=False):
        where = f"{label}, line {row.line}"
        if not row.word or " " in row.word:
            raise DataFileError(f"{where}: word must be one word, got {row.word!r}")
        if row.kind not in LISTED:
            raise DataFileError(f"{where}: kind {row.kind!r} is not one of {LISTED}")
        if row.pos not in clitics.POS:
            raise DataFileError(f"{where}: pos {row.pos!r} is not one of {clitics.POS}")
        if not row.reason:
            raise DataFileError(f"{where}: every word needs its reason")
    repeated = table.loc[table["word"].map(normalize).duplicated(), ["word", "line"]]
    if len(repeated):
        first = repeated.iloc[0]
        raise DataFileError(f"{label}, line {first.line}: {first.word!r} is listed twice")
    return table


@lru_cache(maxsize=1)
def _kinds() -> dict[str, str]:
    """Normalized word form → kind: the listed words first (``word_classes.csv``), then the
    ``arabic-stopwords`` forms (function), then month and weekday words (date); each word's
    own form before any clitic form of another (``واحد`` is "one", not و + أحد)."""
    listed = load_word_classes()
    sources = [(row.word, row.kind, row.pos) for row in listed.itertuples(index=False)]
    sources += [(word, "function", None) for word in stp.stopwords_list()]  # clitics included
    sources += [(word, "date", "noun") for word in dates.date_words()]
    kinds: dict[str, str] = {}
    for word, kind, _ in sources:
        kinds.setdefault(normalize(word), kind)
    for word, kind, pos in sources:
        if pos is not None:
            for form in clitics.variants(normalize(word), pos):
                kinds.setdefault(form, kind)
    kinds.pop("", None)
    return kinds


def word_kind(word: str) -> str:
    """``function``, ``number``, ``date`` or ``content`` for a normalized word (not an entity)."""
    if word.isdigit():
        return "number"
    return _kinds().get(word, "content")


def counted(word: str) -> bool:
    """Is a normalized word (not an entity) a corpus's own word — kind ``content``? What
    n-grams join and co-occurrence and top lists count."""
    return word not in stopword_set() and not word.isdigit()


def not_counted(words: Sequence[str]) -> np.ndarray:
    """``not counted(w)`` for each of ``words`` as a boolean array — the same test mapped at C
    speed, for the per-token flags of :func:`marsad.terms.read_text`."""
    n = len(words)
    return (np.fromiter(map(stopword_set().__contains__, words), dtype=bool, count=n)
            | np.fromiter(map(str.isdigit, words), dtype=bool, count=n))


@lru_cache(maxsize=1)
def stopword_set() -> frozenset[str]:
    """Every normalized word form that is not content: what the analyzer does not count as a
    corpus's own word (function words, number words, date words, with their clitic forms)."""
    return frozenset(_kinds())
