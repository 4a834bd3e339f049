"""Which words and names an article set is about: frequencies, n-grams, concordance (KWIC),
keyness against a reference corpus, and dispersion.

Terms
-----
Everything here counts the *terms* of :mod:`marsad.terms` (the one analyzer) read from
``text_norm`` (the cleaned, normalized article body): a gazetteer entity is one term, its
canonical ``name_ar``, whatever spelling or clitic it came with; other words normalized, with
proclitics stripped only where :mod:`marsad.tokens` judges it safe. Every word is counted and
kept in the table with its ``kind`` (entity, content, function, number, date); top lists,
n-grams and co-occurrence read the entities and content words. The same reading built the
shipped reference list, so counts here and there are comparable. A ``terms`` column
(:func:`marsad.terms.with_terms`) is reused when present, so a notebook tokenizes once.

N-grams
-------
:func:`ngrams` counts runs of *adjacent* terms: each sentence (:func:`marsad.sentences.sentences`)
is cut at punctuation (، , ؛ : « » " ( ) …) and at every removed stopword, and n-grams are taken
inside each piece. So ``وزير الخارجية الروسي سيرغي لافروف`` gives ``وزير الخارجيه`` and
``الخارجيه الروسي``; ``زيارة إلى روسيا`` gives no ``زياره روسيا`` (``إلى`` stood between). An
entity is one term of the n-gram. ``span_stopwords=True`` joins across removed stopwords instead.

KWIC
----
:func:`kwic` finds a term wherever :mod:`marsad.tokens` would count it — an entity through every
alias in the gazetteer, with attached proclitics; another word through its normalized form with
clitics — and shows it in the original letters of ``text_clean`` (diacritics and all). Matches
are found in a normalization of ``text_clean`` made character by character with an offset map
back to ``text_clean``, so ``char_start``/``char_end`` always index ``text_clean`` and the match
is extended to whole words (``لروسيا``, ``وبوتين``). ``left`` is the text *before* the match
and ``right`` the text after it (AntConc's names): in a right-to-left table ``left`` stands on
the right.

Keyness
-------
:func:`keyness` compares each term's frequency in a target (``a`` of ``c`` terms) with a
reference (``b`` of ``d``):

* log-likelihood G² (Rayson & Garside 2000): ``E1 = c(a+b)/(c+d)``, ``E2 = d(a+b)/(c+d)``,
  ``G² = 2 (a ln(a/E1) + b ln(b/E2))`` with ``0 ln 0 = 0``; ``p`` from χ² with 1 d.f.;
* %DIFF (Gabrielatos & Marchi 2012): ``100 (a/c − b/d) / (b/d)``;
* Log Ratio (Hardie 2014): ``log2((a/c) / (b/d))`` — one unit is a doubling.

For %DIFF and Log Ratio a zero frequency (either side) is replaced by ``smoothing`` (0.5, the
CQPweb convention) so they stay finite; G² uses the true counts. ``direction`` is ``over``
where the target's relative frequency is higher, ``under`` where lower. The shipped reference
(:func:`reference`) is pruned to frequent terms: a term missing from it is counted as 0 there
(``in_reference`` False), which makes its keyness an upper bound.

Dispersion
----------
:func:`dispersion` lists where each term stands inside each article (term index, and its
relative position ``(index + 0.5) / n_terms``); :func:`dispersion_measures` scores how evenly a
term is spread over articles: ``range`` (articles containing it), Gries' DP
(``0.5 Σ |v_i − s_i|``, ``v_i`` the share of the term's occurrences in article *i*, ``s_i`` the
article's share of all terms; 0 = spread in proportion to article size, → 1 = in one place),
DP normalised by ``1 − min s_i`` (Lijffijt & Gries 2012), and Juilland's D on relative
frequencies (``1 − V / √(k−1)``, ``V`` the coefficient of variation over the ``k`` articles).
"""

from __future__ import annotations

import bisect
import csv
import gzip
import io
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from marsad import gazetteer
from marsad.articles import CorpusError
from marsad.articles import require_column as _require
from marsad.normalize import normalize, normalize_with_offsets
from marsad.outputs import atomic_write_bytes
from marsad.sentences import split_sentences
from marsad.terms import (
    ArticleTerms,
    article_terms,
    count_terms,
    entity_info,
    read_text,
    term_kind,
    term_spans,
    terms,
)
from marsad.word_classes import COUNTED, KINDS

FREQUENCY_COLUMNS = ["term", "count", "docs", "share", "kind", "type", "name_en"]
PER_ARTICLE_COLUMNS = ["article_id", "term", "count"]
NGRAM_COLUMNS = ["ngram", "n", "count", "docs"]
KWIC_COLUMNS = ["article_id", "sentence_id", "left", "match", "right", "char_start", "char_end"]
KEYNESS_COLUMNS = ["term", "count", "ref_count", "per_million", "ref_per_million", "g2", "p",
                   "pct_diff", "log_ratio", "direction"]
POSITION_COLUMNS = ["term", "article_id", "position", "n_terms", "relative"]
DISPERSION_COLUMNS = ["term", "count", "range", "dp", "dp_norm", "juilland_d"]
REFERENCE_COLUMNS = ["term", "count", "docs"]

REFERENCE_FILE = "reference_ant2018.tsv.gz"
SMOOTHING = 0.5  # zero frequency substitute for %DIFF and Log Ratio (CQPweb)
NGRAM_JOINER = " "

# Punctuation that ends a phrase inside a sentence (n-grams never cross it). Not "." or "-",
# which also sit inside numbers, web names and hyphenated words.
_PHRASE_BREAK = re.compile(r"[،,؛;:«»“”„\"‹›()\[\]{}!?؟…–—/|*•]+")
_WORD = re.compile(r"[^\W_]+")
_SPACES = re.compile(r"\s+")


# --------------------------------------------------------------------------------------------
# terms of articles
# --------------------------------------------------------------------------------------------


def _ids(articles: pd.DataFrame) -> list[str]:
    if "article_id" in articles.columns:
        return articles["article_id"].astype(str).tolist()
    return [str(i) for i in articles.index]


# --------------------------------------------------------------------------------------------
# frequencies
# --------------------------------------------------------------------------------------------


def frequency_table(counts: Mapping[str, int], docs: Mapping[str, int],
                    total: int | None = None) -> pd.DataFrame:
    """The frequency table of :func:`frequencies` from raw counters."""
    total = sum(counts.values()) if total is None else total
    terms = sorted(counts, key=lambda t: (-counts[t], -docs.get(t, 0), t))
    info = [entity_info(t) for t in terms]
    frame = pd.DataFrame({
        "term": pd.Series(terms, dtype="str"),
        "count": pd.Series([counts[t] for t in terms], dtype="int64"),
        "docs": pd.Series([docs.get(t, 0) for t in terms], dtype="int64"),
    })
    frame["share"] = frame["count"] / total if total else 0.0
    frame["kind"] = pd.Series([term_kind(t) for t in terms], dtype="str")
    frame["type"] = pd.Series([i[0] for i in info], dtype="str")
    frame["name_en"] = pd.Series([i[1] for i in info], dtype="str")
    frame.attrs["total_terms"] = int(total)
    return frame[FREQUENCY_COLUMNS]


def frequencies(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per canonical term, every word kept: ``term, count, docs`` (articles
    containing it), ``share`` (count / all terms), ``kind`` (``entity``, ``content``,
    ``function``, ``number``, ``date``: :mod:`marsad.word_classes`), ``type`` and ``name_en``
    (entities; empty for other words). Top lists show the kinds in :data:`COUNTED`.

    Sorted by count, then docs (both descending), then term. The total number of terms is in
    ``.attrs["total_terms"]`` (the sum of ``count``).
    """
    counts, docs, total = count_terms(article_terms(articles))
    return frequency_table(counts, docs, total)


def per_article(articles: pd.DataFrame, *, wide: bool = False) -> pd.DataFrame:
    """Counts per article and term: long ``article_id, term, count`` (article order, then
    count descending, then term), or ``wide`` (articles × terms, zeros filled)."""
    rows = []
    for aid, found in zip(_ids(articles), article_terms(articles), strict=True):
        counts = Counter(found)
        rows += [(aid, t, counts[t]) for t in sorted(counts, key=lambda t: (-counts[t], t))]
    long = pd.DataFrame(rows, columns=PER_ARTICLE_COLUMNS).astype(
        {"article_id": "str", "term": "str", "count": "int64"})
    if not wide:
        return long
    order = list(dict.fromkeys(_ids(articles)))
    table = long.pivot_table(index="article_id", columns="term", values="count", aggfunc="sum",
                             fill_value=0)
    return table.reindex(order, fill_value=0).astype("int64")


_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]+")


def display_forms(articles: pd.DataFrame, terms: Iterable[str]) -> pd.Series:
    """The most frequent written form (in ``text_clean``, diacritics and tatweel removed, ة and
    hamzas kept) of each term, for labels: ``زياره`` → ``زيارة``. An entity shows its
    ``name_ar``; a term never written alone (always with a clitic) shows itself. Ties: the
    form first in code-point order."""
    _require(articles, "text_clean", "display_forms")
    wanted = list(dict.fromkeys(terms))
    todo = {t for t in wanted if not entity_info(t)[0]}
    seen: dict[str, Counter] = {t: Counter() for t in todo}
    for text in articles["text_clean"]:
        if not isinstance(text, str):
            continue
        for word in _WORD.findall(_MARKS.sub("", text)):
            key = _norm_word(word)
            if key in seen:
                seen[key][word] += 1
    out = {}
    for t in wanted:
        forms = seen.get(t)
        out[t] = min(forms, key=lambda w: (-forms[w], w)) if forms else t
    return pd.Series(out, dtype="str", name="display")


@lru_cache(maxsize=200_000)
def _norm_word(word: str) -> str:
    return normalize(word)


def top_terms(freq: pd.DataFrame, n: int = 20, *, entities: bool | None = None,
              kinds: Sequence[str] = COUNTED) -> pd.Series:
    """The ``n`` most frequent terms of a :func:`frequencies` table as a Series (term → count)
    among ``kinds`` (default: entities and content words, not function, number or date
    words); ``entities=True`` keeps only entities, ``False`` only other words, None both."""
    table = freq[freq["kind"].isin(kinds)] if "kind" in freq.columns else freq
    if entities is True:
        table = table[table["type"] != ""]
    elif entities is False:
        table = table[table["type"] == ""]
    return table.head(n).set_index("term")["count"]


def set_aside(freq: pd.DataFrame, shown: Sequence[str] = COUNTED, n: int = 8) -> pd.DataFrame:
    """What the top lists leave out, so nothing is silent: per kind not in ``shown`` (function,
    number, date …), its ``n`` most frequent words as one line ``word (count)، …`` (the
    ``display`` form when the table has one). Columns ``kind, words, occurrences``; no row for a
    kind the corpus lacks."""
    rows = []
    label = "display" if "display" in freq.columns else "term"
    for kind in [k for k in KINDS if k not in shown]:
        part = freq[freq["kind"] == kind]
        if len(part):
            words = "، ".join(f"{w} ({c:,})" for w, c in zip(part[label].head(n),
                                                              part["count"].head(n), strict=True))
            rows.append((kind, words, int(part["count"].sum())))
    return pd.DataFrame(rows, columns=["kind", "words", "occurrences"]).astype(
        {"kind": "str", "words": "str", "occurrences": "int64"})


# --------------------------------------------------------------------------------------------
# where terms stand: spans in the normalized text
# --------------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------------
# n-grams
# --------------------------------------------------------------------------------------------


def article_runs(clean: str, *, span_stopwords: bool = False) -> list[list[str]]:
    """The runs of adjacent terms of one article's ``text_clean``: a run ends at a sentence end
    (:func:`marsad.sentences.split_sentences`), at phrase punctuation and — unless
    ``span_stopwords`` — at any word that is not a term (a stopword, a number, one letter)."""
    terms, lengths = _run_terms(clean, span_stopwords)
    runs, at = [], 0
    for n in lengths:
        runs.append(terms[at:at + n])
        at += n
    return runs


def _run_terms(clean: str, span_stopwords: bool, read: ArticleTerms | None = None
               ) -> tuple[list[str], list[int]]:
    """The terms of :func:`article_runs` in a row, and the length of each run. ``read``: the
    article's :class:`ArticleTerms`, used when its ``text_norm`` is the normalized ``clean``
    (it is, in cleaned articles)."""
    if not isinstance(clean, str) or not clean:
        return [], []
    off = normalize_with_offsets(clean)
    norm = off.norm
    sentence_of = off.normalizeds([a for a, _ in split_sentences(clean)])
    if read is None or read.text_norm != norm:
        read = read_text(norm)
    terms, term_start, term_end, _ = read.columns
    kept = np.flatnonzero(read.kept)
    if not len(kept):
        return [], []
    start = np.asarray(term_start, dtype=np.int64)[kept]
    end = np.asarray(term_end, dtype=np.int64)[kept]
    # each kept term after the first joins the previous one unless a sentence starts between
    # them, a stopword stands between (unless span_stopwords) or the gap between them cuts
    sentence = np.searchsorted(sentence_of, start, side="right")
    prev_end = end[:-1]
    joins = sentence[1:] == sentence[:-1]
    if not span_stopwords:
        joins &= np.diff(kept) == 1
    text = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32)
    spaced = start[1:] == prev_end + 1
    spaced[spaced] = text[prev_end[spaced]] == 32  # one space between: the usual case
    for i in np.flatnonzero(joins & ~spaced).tolist():
        joins[i] = _joins(norm[prev_end[i]:start[i + 1]], span_stopwords)
    cuts = np.flatnonzero(~joins) + 1
    lengths = np.diff(cuts, prepend=0, append=len(kept)).tolist()
    return [terms[i] for i in kept.tolist()], lengths


def _joins(gap: str, span_stopwords: bool) -> bool:
    """Can two terms with ``gap`` between them belong to one n-gram?"""
    if gap == " ":
        return True
    if "\n" in gap or _PHRASE_BREAK.search(gap):
        return False
    return span_stopwords or _WORD.search(gap) is None


def _ngram_sizes(n: int | Iterable[int], caller: str = "ngrams") -> tuple[int, ...]:
    sizes = tuple(sorted({n} if isinstance(n, int) else set(n)))
    if not sizes or sizes[0] < 1:
        raise ValueError(f"{caller}: n must be ≥ 1, got {n}")
    return sizes


@dataclass(eq=False)
class NgramCounts:
    """Mergeable n-gram counts (:func:`ngram_counts`), one row per distinct n-gram in
    first-seen order (article, run, size, position — the order a Counter fed run by run would
    keep): ``grams`` (rows × max size, int32: term id + 1 into ``terms``; 0 pads shorter
    n-grams), ``count`` (occurrences) and ``docs`` (articles), for the n-gram ``sizes``.
    Iterating gives the n-grams as term tuples; :meth:`merge` adds counts of later articles."""

    sizes: tuple[int, ...]
    terms: list[str] = field(default_factory=list)
    grams: np.ndarray | None = None
    count: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    docs: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def __post_init__(self) -> None:
        self.sizes = tuple(self.sizes)
        if self.grams is None:
            self.grams = np.zeros((0, max(self.sizes)), dtype=np.int32)

    def __len__(self) -> int:
        return len(self.count)

    def __iter__(self):
        terms = self.terms
        return (tuple(terms[i - 1] for i in row if i) for row in self.grams.tolist())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NgramCounts):
            return NotImplemented
        return (self.sizes == other.sizes and np.array_equal(self.count, other.count)
                and np.array_equal(self.docs, other.docs) and list(self) == list(other))

    def counts(self) -> dict[tuple[str, ...], int]:
        """n-gram (term tuple) → occurrences, in first-seen order."""
        return dict(zip(self, self.count.tolist(), strict=True))

    def doc_counts(self) -> dict[tuple[str, ...], int]:
        """n-gram (term tuple) → articles containing it, in first-seen order."""
        return dict(zip(self, self.docs.tolist(), strict=True))

    def merge(self, other: NgramCounts) -> NgramCounts:
        """Add the counts of ``other`` (later articles) into these, in place, and return them:
        n-grams new here are appended in their first-seen order in ``other``."""
        merged = NgramCounts.combine([self, other], self.sizes)
        self.terms, self.grams = merged.terms, merged.grams
        self.count, self.docs = merged.count, merged.docs
        return self

    @staticmethod
    def combine(parts: Sequence[NgramCounts], sizes: Iterable[int]) -> NgramCounts:
        """The counts of ``parts`` (consecutive slices of articles, in order) added up in one
        pass: the same as merging them one by one, without re-reading the total each time."""
        sizes = tuple(sizes)
        if any(tuple(p.sizes) != sizes for p in parts):
            raise ValueError(f"NgramCounts.combine: sizes differ from {sizes}")
        parts = [p for p in parts if len(p)]
        if len(parts) <= 1:
            one = parts[0] if parts else NgramCounts(sizes)
            return NgramCounts(sizes, list(one.terms), one.grams.copy(), one.count.copy(),
                               one.docs.copy())
        terms: list[str] = []
        index: dict[str, int] = {}
        rows = []
        for part in parts:
            remap = np.zeros(len(part.terms) + 1, dtype=np.int32)  # 0 (padding) stays 0
            for k, term in enumerate(part.terms, 1):
                i = index.get(term)
                if i is None:
                    i = index[term] = len(terms)
                    terms.append(term)
                remap[k] = i + 1
            rows.append(remap[part.grams])
        rows = np.concatenate(rows)
        codes = _row_codes(rows, len(terms) + 1)
        size = int(codes.max()) + 1
        return NgramCounts(sizes, terms, rows[_first_index(codes)],
                           _sum_by(codes, np.concatenate([p.count for p in parts]), size),
                           _sum_by(codes, np.concatenate([p.docs for p in parts]), size))


def _row_codes(rows: np.ndarray, radix: int) -> np.ndarray:
    """A code per row of small non-negative ints (< ``radix``): equal rows, equal codes;
    codes numbered in order of first appearance."""
    key = rows[:, 0].astype(np.int64)
    limit = np.iinfo(np.int64).max // radix
    for j in range(1, rows.shape[1]):
        if len(key) and int(key.max()) >= limit:  # would overflow: renumber the prefix first
            key = pd.factorize(key)[0].astype(np.int64)
        key = key * radix + rows[:, j]
    return pd.factorize(key)[0]


def _first_index(codes: np.ndarray) -> np.ndarray:
    """Where each code of first-appearance-numbered ``codes`` occurs first (by code)."""
    if not len(codes):
        return np.zeros(0, dtype=np.int64)
    top = np.maximum.accumulate(codes)
    return np.flatnonzero(np.diff(top, prepend=-1) > 0)


def _sum_by(codes: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    out = np.zeros(size, dtype=np.int64)
    np.add.at(out, codes, values)
    return out


def _count_runs(flat: list[str], run_lengths: list[int], run_articles: list[int],
                sizes: tuple[int, ...]) -> NgramCounts:
    """:class:`NgramCounts` of runs given as all their terms in a row (``flat``), each run's
    length and article number."""
    width = max(sizes)
    if not flat:
        return NgramCounts(sizes)
    ids, uniques = pd.factorize(np.array(flat, dtype=object))
    terms = [str(t) for t in uniques]
    code = ids.astype(np.int32) + 1
    lengths = np.asarray(run_lengths, dtype=np.int64)
    run_of = np.repeat(np.arange(len(lengths)), lengths)
    left = np.repeat(np.cumsum(lengths), lengths) - np.arange(len(flat))  # terms to run end
    article_of = np.asarray(run_articles, dtype=np.int64)
    n_articles = int(article_of[-1]) + 1
    grams, counts, docs, first_seen = [], [], [], []
    for k_index, k in enumerate(sizes):
        at = np.flatnonzero(left >= k)  # where a k-gram starts, in text order
        if not len(at):
            continue
        rows = np.zeros((len(at), width), dtype=np.int32)
        for j in range(k):
            rows[:, j] = code[at + j]
        codes = _row_codes(rows, len(terms) + 1)
        first = _first_index(codes)
        grams.append(rows[first])
        counts.append(np.bincount(codes))
        in_article = pd.unique(codes * n_articles + article_of[run_of[at]])
        docs.append(np.bincount(in_article // n_articles, minlength=len(first)))
        first_seen.append(run_of[at[first]] * len(sizes) + k_index)
    if not grams:
        return NgramCounts(sizes, terms)
    order = np.argsort(np.concatenate(first_seen), kind="stable")
    return NgramCounts(sizes, terms, np.concatenate(grams)[order],
                       np.concatenate(counts).astype(np.int64)[order],
                       np.concatenate(docs).astype(np.int64)[order])


def ngram_counts(articles: pd.DataFrame, sizes: int | Iterable[int] = (2, 3), *,
                 span_stopwords: bool = False,
                 columns: Sequence[ArticleTerms] | None = None) -> NgramCounts:
    """Occurrences and articles of every n-gram of the given ``sizes`` in ``articles``
    (``text_clean``), runs cut as :func:`article_runs` says. Mergeable: the counts of two
    consecutive slices of articles, merged in order, equal the counts of all of them.
    ``columns``: the articles' :func:`article_columns` when already computed; the result is the
    same."""
    sizes = _ngram_sizes(sizes, "ngram_counts")
    _require(articles, "text_clean", "ngram_counts")
    flat: list[str] = []
    run_lengths: list[int] = []
    run_articles: list[int] = []
    if columns is not None and len(columns) != len(articles):
        raise ValueError(f"ngram_counts: {len(columns)} columns for {len(articles)} articles")
    given = columns if columns is not None else [None] * len(articles)
    for a, (clean, read) in enumerate(zip(articles["text_clean"], given, strict=True)):
        terms, lengths = _run_terms(clean, span_stopwords, read)
        flat += terms
        run_lengths += lengths
        run_articles += [a] * len(lengths)
    return _count_runs(flat, run_lengths, run_articles, sizes)


def ngram_table(counts: NgramCounts, sizes: int | Iterable[int] | None = None,
                min_count: int = 1) -> pd.DataFrame:
    """The :func:`ngrams` table of ``counts``: the n-grams of ``sizes`` (default: all counted
    sizes) with ``count >= min_count``, columns ``ngram, n, count, docs, term_1 … term_k``
    (k the largest size), sorted by n, count and docs (descending), then ngram (code-point
    order); equal keys keep their first-seen order. Built in Arrow (millions of rows)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    sizes = counts.sizes if sizes is None else _ngram_sizes(sizes, "ngram_table")
    if not set(sizes) <= set(counts.sizes):
        raise ValueError(f"ngram_table: sizes {sizes} were not all counted ({counts.sizes})")
    width = max(sizes)
    n = (counts.grams > 0).sum(axis=1)
    keep = np.flatnonzero((counts.count >= min_count) & np.isin(n, sizes))
    grams = counts.grams[keep, :width]
    vocab = pa.array(counts.terms, type=pa.large_string())
    columns = [vocab.take(pa.array(grams[:, j].astype(np.int64) - 1, mask=grams[:, j] == 0))
               for j in range(width)]
    table = pa.table({
        "ngram": pc.binary_join_element_wise(
            *columns, pa.scalar(NGRAM_JOINER, pa.large_string()), null_handling="skip")
        if width > 1 else columns[0],
        "n": pa.array(n[keep].astype(np.int64)),
        "count": pa.array(counts.count[keep]),
        "docs": pa.array(counts.docs[keep]),
    })
    order = pc.sort_indices(table, sort_keys=[("n", "ascending"), ("count", "descending"),
                                              ("docs", "descending"), ("ngram", "ascending")])
    frame = pd.DataFrame({
        "ngram": pd.Series(table["ngram"].take(order), dtype="str"),
        **{c: table[c].take(order).to_numpy() for c in ("n", "count", "docs")},
        **{f"term_{j + 1}": pd.Series(pc.fill_null(columns[j].take(order), ""), dtype="str")
           for j in range(width)},
    })
    return frame.astype({"n": "int64", "count": "int64", "docs": "int64"})


def ngrams(articles: pd.DataFrame, n: int | Iterable[int] = 2, *, span_stopwords: bool = False,
           min_count: int = 1) -> pd.DataFrame:
    """Counts of ``n``-grams of adjacent terms: ``ngram`` (terms joined by a space; an entity is
    one term), ``n``, ``count``, ``docs`` (articles), then ``term_1 … term_n``. ``n`` may be
    several sizes (``(2, 3)``: the text is read once; shorter n-grams get ``""`` in the extra
    ``term_k`` columns). Sorted by n, then count and docs (descending), then ngram; equal keys
    keep their first-seen order. Runs are cut as :func:`article_runs` says (module docstring).
    The same as :func:`ngram_table` of :func:`ngram_counts`."""
    sizes = _ngram_sizes(n)
    _require(articles, "text_clean", "ngrams")
    return ngram_table(ngram_counts(articles, sizes, span_stopwords=span_stopwords), sizes,
                       min_count)


# --------------------------------------------------------------------------------------------
# KWIC
# --------------------------------------------------------------------------------------------


def _whole_words(norm: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and norm[start - 1].isalnum():
        start -= 1
    while end < len(norm) and norm[end].isalnum():
        end += 1
    return start, end


@gazetteer.derived
def _alias_index() -> dict[str, str]:
    """Normalized alias (name, short form, adjective) → the term it counts as."""
    out: dict[str, str] = {}
    for _, row in gazetteer.active().table.iterrows():
        for column in ("name_ar", "aliases", "short_aliases"):
            for alias in gazetteer.split_list(row[column]):
                out.setdefault(gazetteer.alias_key(alias), str(row["name_ar"]))
        for alias in gazetteer.split_list(row["adjectives"]):
            out.setdefault(gazetteer.alias_key(alias), gazetteer.adjective_term(row))
    return out


def canonical(term: str) -> str:
    """The term a query counts as: any spelling of an entity (alias, short form, with
    proclitics) → its ``name_ar``; an adjective → the entity's canonical adjective; another
    word → what :func:`marsad.terms.terms` makes of it (``والعلاقات`` → ``العلاقات``)."""
    norm = " ".join(normalize(term).split())
    if term in gazetteer.active().term_info:
        return term
    key = gazetteer.alias_key(norm)
    if key in _alias_index():
        return _alias_index()[key]
    found = terms(norm, stopwords=False)
    return found[0] if len(found) == 1 else norm


def _probe(term: str) -> re.Pattern:
    """A cheap test that a normalized article may contain ``term``: the longest word of any
    alias of the entity (or of the term itself) as a substring. Only pre-selects articles."""
    keys = {gazetteer.alias_key(term)}
    keys |= {alias for alias, name in _alias_index().items() if name == term}
    pieces = {max(k.split(), key=len) for k in keys if k.strip()}
    # ل + ال is written لل (للسعودية): look for the word without its article
    pieces = {p[2:] if p.startswith("\u0627\u0644") and len(p) > 4 else p for p in pieces}
    # alias keys fold ة into ه; normalized text may still hold ة when teh_marbuta=False
    pattern = "|".join(re.escape(p).replace("\u0647", "[\u0647\u0629]")
                       for p in sorted(pieces, key=lambda p: (-len(p), p)))
    return re.compile(pattern)


def kwic(articles: pd.DataFrame, term: str, width: int = 60) -> pd.DataFrame:
    """Concordance of ``term`` — any spelling; it is resolved by :func:`canonical`, so
    ``"بوتن"`` finds every mention of فلاديمير بوتين, with or without proclitics.

    One row per occurrence: ``article_id, sentence_id`` (as :func:`marsad.sentences.sentences`
    numbers them), ``left`` (up to ``width`` characters before, whole words), ``match`` (the
    whole written words, from ``text_clean``), ``right`` (after), ``char_start, char_end``
    (offsets into ``text_clean``). Line breaks in the context become spaces.
    """
    _require(articles, "text_clean", "kwic")
    wanted = canonical(term)
    probe = _probe(wanted)
    rows = []
    for aid, clean in zip(_ids(articles), articles["text_clean"], strict=True):
        if not isinstance(clean, str) or not clean:
            continue
        off = normalize_with_offsets(clean)
        norm = off.norm
        if probe.search(norm) is None:
            continue
        hits = [(s.start, s.end) for s in term_spans(norm) if s.term == wanted]
        if not hits:
            continue
        sent_starts = [a for a, _ in split_sentences(clean)]
        for s, e in hits:
            s, e = _whole_words(norm, s, e)
            a, b = off.original(s), off.original(e)
            rows.append((aid, bisect.bisect_right(sent_starts, a), _context(clean, a, -width),
                         clean[a:b], _context(clean, b, width), a, b))
    frame = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    return frame.astype({"article_id": "str", "sentence_id": "int64", "left": "str",
                         "match": "str", "right": "str", "char_start": "int64",
                         "char_end": "int64"})


def _context(text: str, at: int, width: int) -> str:
    """Up to ``|width|`` characters before (width < 0) or after ``at``, cut at a word boundary
    (a word cut by the window is left out), line breaks as spaces."""
    if width < 0:
        a = max(0, at + width)
        piece = text[a:at]
        if a > 0 and not text[a - 1].isspace():
            piece = piece.split(None, 1)[1] if len(piece.split(None, 1)) > 1 else ""
        return _SPACES.sub(" ", piece).strip()
    b = min(len(text), at + width)
    piece = text[at:b]
    if b < len(text) and not text[b].isspace():
        piece = piece.rsplit(None, 1)[0] if len(piece.rsplit(None, 1)) > 1 else ""
    return _SPACES.sub(" ", piece).strip()


# --------------------------------------------------------------------------------------------
# keyness
# --------------------------------------------------------------------------------------------


def _as_counts(counts: pd.Series | pd.DataFrame | Mapping[str, int], label: str) -> pd.Series:
    if isinstance(counts, pd.DataFrame):
        if not {"term", "count"} <= set(counts.columns):
            raise ValueError(f"keyness: {label} table needs 'term' and 'count' columns "
                             f"(columns: {list(counts.columns)})")
        counts = counts.set_index("term")["count"]
    series = pd.Series(counts, dtype="float64") if not isinstance(counts, pd.Series) else counts
    series = series.astype("float64")
    if series.index.has_duplicates:
        series = series.groupby(level=0).sum()
    if (series < 0).any():
        raise ValueError(f"keyness: negative counts in {label}")
    series.index = series.index.astype(str)
    return series


def log_likelihood(a, b, c, d) -> np.ndarray:
    """Rayson & Garside's G² for frequencies ``a`` (of ``c``) and ``b`` (of ``d``)."""
    a, b = np.asarray(a, dtype="float64"), np.asarray(b, dtype="float64")
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(a > 0, a * np.log(a / e1), 0.0)
        t2 = np.where(b > 0, b * np.log(b / e2), 0.0)
    return 2.0 * (t1 + t2)


def keyness(target_counts, reference_counts, target_total: float, reference_total: float, *,
            smoothing: float = SMOOTHING) -> pd.DataFrame:
    """Keyness of every term of target or reference: ``term, count, ref_count, per_million,
    ref_per_million, g2, p, pct_diff, log_ratio, direction``, sorted by G² (descending), then
    term. Counts: Series (term → count), dict, or a table with ``term`` and ``count``."""
    if not (target_total > 0 and reference_total > 0):
        raise ValueError(f"keyness: totals must be positive (target {target_total}, "
                         f"reference {reference_total})")
    target = _as_counts(target_counts, "target")
    ref = _as_counts(reference_counts, "reference")
    terms = target.index.union(ref.index)
    a = target.reindex(terms, fill_value=0.0).to_numpy()
    b = ref.reindex(terms, fill_value=0.0).to_numpy()
    c, d = float(target_total), float(reference_total)
    if (a > c).any() or (b > d).any():
        raise ValueError("keyness: a count exceeds its corpus total")
    g2 = log_likelihood(a, b, c, d)
    a_s = np.where(a > 0, a, smoothing) / c
    b_s = np.where(b > 0, b, smoothing) / d
    frame = pd.DataFrame({
        "term": pd.Series(terms, dtype="str"),
        "count": a.astype("int64"),
        "ref_count": b.astype("int64"),
        "per_million": a / c * 1e6,
        "ref_per_million": b / d * 1e6,
        "g2": g2,
        "p": stats.chi2.sf(g2, 1),
        "pct_diff": 100.0 * (a_s - b_s) / b_s,
        "log_ratio": np.log2(a_s / b_s),
    })
    rel = a / c - b / d
    frame["direction"] = pd.Series(np.where(rel > 0, "over", np.where(rel < 0, "under", "")),
                                   dtype="str")
    frame = frame.sort_values(["g2", "term"], ascending=[False, True], kind="stable")
    return frame.reset_index(drop=True)[KEYNESS_COLUMNS]


def keyness_vs_reference(freq: pd.DataFrame, ref: Reference | None = None, *,
                         min_count: int = 0) -> pd.DataFrame:
    """:func:`keyness` of a :func:`frequencies` table against a reference list (the shipped
    one by default): every term of either with target ``count >= min_count`` (the default 0
    keeps reference terms absent from the target — the under-used ones); adds
    ``in_reference`` (False: below the reference's pruning threshold, counted as 0 there),
    ``kind``, ``type`` and ``name_en``. The target total is ``freq.attrs["total_terms"]`` (else the sum
    of ``count``), so pass the whole table, not its head. A corpus with no counted term has
    nothing to compare: the table is empty."""
    ref = reference() if ref is None else ref
    total = freq.attrs.get("total_terms", int(freq["count"].sum()))
    if total == 0:
        table = keyness({}, {}, 1, 1)  # the columns, no row
    else:
        table = keyness(freq[["term", "count"]], ref.counts[["term", "count"]], total, ref.total)
    table = table[table["count"] >= min_count].reset_index(drop=True)
    table["in_reference"] = table["term"].isin(ref.counts["term"])
    table["kind"] = pd.Series([term_kind(t) for t in table["term"]], dtype="str")
    info = [entity_info(t) for t in table["term"]]
    table["type"] = pd.Series([i[0] for i in info], dtype="str")
    table["name_en"] = pd.Series([i[1] for i in info], dtype="str")
    return table


# --------------------------------------------------------------------------------------------
# the reference list
# --------------------------------------------------------------------------------------------


@dataclass
class Reference:
    """A reference frequency list: ``counts`` (``term, count, docs``), ``total`` (all terms of
    the reference corpus, before pruning), ``articles``, ``min_count`` and the header ``meta``."""

    counts: pd.DataFrame
    total: int
    articles: int
    min_count: int
    meta: dict[str, str] = field(default_factory=dict)


def _reference_error(path, message: str):
    return CorpusError(f"{path}: {message}")


def read_reference(path: str | Path) -> Reference:
    """Read a reference list written by :func:`write_reference` (gzip or plain TSV): ``# key:
    value`` header lines, then a ``term, count, docs`` table."""
    path = Path(path)
    if not path.exists():
        raise _reference_error(path, "reference list not found")
    try:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        text = raw.decode("utf-8-sig")
    except (OSError, EOFError, UnicodeDecodeError, gzip.BadGzipFile) as exc:
        raise _reference_error(path, f"unreadable reference list ({exc})") from exc
    meta: dict[str, str] = {}
    lines = text.split("\n")
    k = 0
    while k < len(lines) and lines[k].startswith("#"):
        key, _, value = lines[k][1:].partition(":")
        if value:
            meta.setdefault(key.strip(), value.strip())
        k += 1
    try:
        counts = pd.read_csv(io.StringIO("\n".join(lines[k:])), sep="\t", dtype={"term": "str"},
                             keep_default_na=False,
                             quoting=csv.QUOTE_NONE)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise _reference_error(path, f"bad table ({exc})") from exc
    missing = [c for c in REFERENCE_COLUMNS if c not in counts.columns]
    if missing:
        raise _reference_error(path, f"missing column(s) {missing} (found {list(counts.columns)})")
    for key in ("total_terms", "articles", "min_count"):
        if not meta.get(key, "").isdigit():
            raise _reference_error(path, f"header line '# {key}: <number>' missing or not a number")
    try:
        counts = counts[REFERENCE_COLUMNS].astype({"term": "str", "count": "int64",
                                                   "docs": "int64"})
    except (ValueError, TypeError) as exc:
        raise _reference_error(path, f"non-numeric count/docs ({exc})") from exc
    total = int(meta["total_terms"])
    if counts["count"].sum() > total:
        raise _reference_error(path, "counts add up to more than total_terms")
    return Reference(counts, total, int(meta["articles"]), int(meta["min_count"]), meta)


@lru_cache(maxsize=2)
def _shipped(name: str) -> Reference:
    with resources.as_file(resources.files("marsad") / "data" / name) as path:
        return read_reference(path)


def reference(path: str | Path | None = None) -> Reference:
    """The shipped reference list (ANT 2018 corpus; see ``data/README.md``), or one's own."""
    if path is None:
        return _shipped(REFERENCE_FILE)
    return read_reference(path)


@lru_cache(maxsize=1)
def _shipped_counts() -> dict[str, int]:
    ref = reference()
    return dict(zip(ref.counts["term"], ref.counts["count"], strict=True))


def reference_count(term: str) -> int:
    """How often normalized ``term`` occurs in the shipped reference list (0 if pruned)."""
    return _shipped_counts().get(term, 0)


def write_reference(freq: pd.DataFrame, path: str | Path, *, total: int, articles: int,
                    min_count: int, meta: Mapping[str, str]) -> Path:
    """Write ``freq`` (``term, count, docs``) pruned to ``count >= min_count`` as a reference
    list: ``# key: value`` header (``meta`` then ``articles``, ``total_terms``, ``min_count``,
    ``terms_listed``), then TSV. ``.gz`` paths are gzipped without a timestamp (reproducible
    bytes). Written atomically (:func:`marsad.outputs.atomic_write_bytes`)."""
    path = Path(path)
    kept = freq.loc[freq["count"] >= min_count, REFERENCE_COLUMNS]
    kept = kept.sort_values(["count", "docs", "term"], ascending=[False, False, True],
                            kind="stable")
    bad = kept["term"].str.contains(r"[\t\n\r]", regex=True)
    if bad.any():
        raise ValueError(f"write_reference: terms with tabs or line breaks: "
                         f"{kept.loc[bad, 'term'].head(5).tolist()}")
    header = dict(meta) | {"articles": str(articles), "total_terms": str(total),
                           "min_count": str(min_count), "terms_listed": str(len(kept))}
    lines = [f"# {k}: {' '.join(str(v).split())}" for k, v in header.items()]
    body = kept.to_csv(sep="\t", index=False, lineterminator="\n", quoting=csv.QUOTE_NONE)
    data = ("\n".join(lines) + "\n" + body).encode("utf-8")
    if path.suffix == ".gz":
        buffer = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
            gz.write(data)
        data = buffer.getvalue()
    return atomic_write_bytes(path, data)


# --------------------------------------------------------------------------------------------
# dispersion
# --------------------------------------------------------------------------------------------


def dispersion(articles: pd.DataFrame, terms: Iterable[str]) -> pd.DataFrame:
    """Where each of ``terms`` occurs: ``term, article_id, position`` (0-based index among the
    article's terms), ``n_terms`` (the article's number of terms), ``relative`` ((position +
    0.5) / n_terms, in (0, 1)). Rows by term (in the order given), article order, position."""
    wanted = list(dict.fromkeys(terms))
    rank = {t: i for i, t in enumerate(wanted)}
    rows = []
    for k, (aid, seq) in enumerate(zip(_ids(articles), article_terms(articles), strict=True)):
        n = len(seq)
        rows += [(rank[t], k, t, aid, i, n, (i + 0.5) / n) for i, t in enumerate(seq) if t in rank]
    rows.sort(key=lambda r: (r[0], r[1], r[4]))
    frame = pd.DataFrame([r[2:] for r in rows], columns=POSITION_COLUMNS)
    return frame.astype({"term": "str", "article_id": "str", "position": "int64",
                         "n_terms": "int64", "relative": "float64"})


def dispersion_measures(articles: pd.DataFrame, terms: Iterable[str]) -> pd.DataFrame:
    """How evenly each of ``terms`` spreads over the articles: ``term, count, range`` (articles
    containing it), ``dp`` (Gries' DP), ``dp_norm`` (DP / (1 − min s_i)), ``juilland_d``.
    Articles without any term are left out (they have no size)."""
    wanted = list(dict.fromkeys(terms))
    seqs = [s for s in article_terms(articles) if s]
    sizes = np.array([len(s) for s in seqs], dtype="float64")
    k = len(seqs)
    rows = [(term, 0, 0, math.nan, math.nan, math.nan) for term in wanted] if not k else []
    if k:
        s = sizes / sizes.sum()
        per = [Counter(seq) for seq in seqs]
        for term in wanted:
            f = np.array([c.get(term, 0) for c in per], dtype="float64")
            total = f.sum()
            if total == 0:
                rows.append((term, 0, 0, math.nan, math.nan, math.nan))
                continue
            dp = 0.5 * np.abs(f / total - s).sum()
            dp_norm = dp / (1 - s.min()) if k > 1 else math.nan
            rel = f / sizes
            mean = rel.mean()
            d = 1 - (rel.std() / mean) / math.sqrt(k - 1) if k > 1 else math.nan
            rows.append((term, int(total), int((f > 0).sum()), dp, dp_norm, d))
    frame = pd.DataFrame(rows, columns=DISPERSION_COLUMNS)
    return frame.astype({"term": "str", "count": "int64", "range": "int64", "dp": "float64",
                         "dp_norm": "float64", "juilland_d": "float64"})
