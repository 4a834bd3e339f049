"""The terms of a text — Marsad's one analyzer: what every count, n-gram, co-occurrence and
event reads.

A *term* is the counting unit of a normalized text (:mod:`marsad.normalize`):

* a gazetteer mention (:mod:`marsad.gazetteer`, the corpus's own names included once
  :func:`marsad.pipeline.corpus_entities` ran) is ONE term, the entity's ``name_ar`` whatever the
  spelling or proclitic in the text (``كوريا الشمالية``, ``بيونغ يانغ``, ``فلاديمير بوتين``);
  an adjective (``الروسي``، ``والروسية``) is by default its own term, the entity's first listed
  adjective; ``adjectives="merge"`` counts it as the entity;
* another word token (:func:`marsad.tokens.tokenize`) loses its proclitics و ف ب ل ك (لل → ال)
  only when the stripped form is known (:func:`marsad.tokens.strip_proclitics`: a name's word,
  a given name, a stopword, or a word at least as frequent in the article), keeps the article
  ال, is lower-cased when Latin; one-letter tokens are no term;
* each word term has a kind (:mod:`marsad.word_classes`: content, function, number, date);
  entities and content words are *kept* (what top lists, n-grams and co-occurrence read).

Views of the one reading
------------------------
:func:`term_columns` — one text's terms with offsets into it and whether each is a word;
:func:`terms` — the list (stopwords dropped by default); :func:`term_spans` — the same with
``stopword`` flags; :func:`read_text` — all of that at once (what the engine reads);
:func:`article_columns` / :func:`article_terms` / :func:`with_terms` — per article of a table;
:func:`count_terms` / :func:`counts_by` — occurrences, articles and total (per group).

Each word *type* is decided once per run, not per token: what a token becomes is remembered
(:data:`_WORDS`, bounded), and a proclitic strip only the article's own counts can settle is
kept as a plan (:data:`_PLANS`) tried against them. A batch reader that factorized a chunk's
tokens into integer ids and settled strips with numpy per (article, type) pair gave the same
terms but was slower than these memoized list lookups (1.5–1.9 s against 0.8–1.1 s for 3,000
articles of 2018, warm), so it was not kept.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress, count, repeat
from operator import is_, sub
from typing import NamedTuple

import numpy as np
import pandas as pd

from marsad import gazetteer
from marsad.articles import require_column as _require
from marsad.normalize import normalize
from marsad.progress import bar
from marsad.tokens import _TOKEN, _strip_candidates, _vocab_parts, protected_words, stem
from marsad.word_classes import counted, not_counted, stopword_set, word_kind

ADJECTIVE_MODES = ("separate", "merge")
ADJECTIVE_TYPE = gazetteer.ADJECTIVE  # type of an entity's canonical adjective term (الروسي)


# --------------------------------------------------------------------------------------------
# one word: what a token becomes (decided once per word type)
# --------------------------------------------------------------------------------------------


def _gazetteer() -> pd.DataFrame:
    return gazetteer.active().table


def _adjective_terms() -> dict[str, str]:
    return gazetteer.active().adjective_of


@gazetteer.derived
def _known_words() -> frozenset[str]:
    """Words that license a proclitic strip whatever the corpus: a name's word (see
    :attr:`marsad.gazetteer.Matcher.licensing_words`), a given name, a stopword."""
    from marsad.discovery import load_cues

    return (gazetteer.default_matcher().licensing_words | load_cues().first_names
            | stopword_set())


# What a word token becomes, memoized across calls (bounded). :data:`_WORDS`, per (stopwords,
# stem) option: the tokens whose term is the same for every vocabulary — their term, or "" when
# dropped. :data:`_PLANS`: the tokens only the vocabulary can decide on (a proclitic strip), as
# plans ``(word, candidates)``: ``word`` is the term unless one of ``candidates`` (in
# :func:`_strip` order) is licensed by the vocabulary. Keys and values are strings and tuples of
# strings, which the garbage collector does not keep scanning.
_WORDS: dict = {}  # (stopwords, stem) → {token: term}, and "version": the gazetteer's
_PLANS: dict[str, tuple[str, tuple[str, ...]]] = {}
_WORDS_MAX = 400_000
_MISSING = object()
_EMPTY = object()  # stands for a term "" (a stem can be empty) while resolving


def _plan(token: str, known: frozenset[str], stops: frozenset[str],
          protected: frozenset[str]) -> tuple[str, tuple[str, ...]] | None:
    """What :func:`_strip` would do with ``token`` for any vocabulary: None (never a term),
    or ``(word, candidates)`` (see :data:`_PLANS`)."""
    if token.isdigit():  # a number: a term of kind "number" (never stripped)
        return token, ()
    if len(token) < 2:
        return None
    if token.isascii():
        return token.lower(), ()
    if token in protected or token in stops:
        return token, ()
    candidates: list[str] = []
    for candidate in _strip_candidates(token):
        if candidate in known:
            return candidate, tuple(candidates)
        candidates.append(candidate)
    return token, tuple(candidates)


@lru_cache(maxsize=200_000)
def _stem_memo(word: str) -> str:
    return stem(word)


def _word_cache(stopwords: bool, stem_words: bool) -> dict[str, str]:
    if _WORDS.get("version") != gazetteer.version():  # another gazetteer: other protected words
        _WORDS.clear()
        _PLANS.clear()
        _WORDS["version"] = gazetteer.version()
    cache = _WORDS.setdefault((stopwords, stem_words), {})
    if len(cache) >= _WORDS_MAX:
        cache.clear()
    if len(_PLANS) >= _WORDS_MAX:
        _PLANS.clear()
    return cache


def _finish(word: str | None, stopwords: bool, stem_words: bool) -> str | None:
    """The term of a chosen ``word``: None for a word that is not counted — a stopword or a
    number (when dropped), else its stem (when stemming, entity words excepted) or itself."""
    if word is None or stopwords and not counted(word):
        return None
    if stem_words and word not in protected_words():
        return _stem_memo(word)
    return word


def _resolve(token: str, cache: dict[str, str], vocab, counts, *,
             stopwords: bool, stem_words: bool) -> str | None:
    """The term of a word ``token`` that is not in ``cache`` (None: dropped); remembers it in
    ``cache`` or :data:`_PLANS`."""
    plan = _PLANS.get(token)
    if plan is None:
        plan = _plan(token, _known_words(), stopword_set(), protected_words())
        if plan is None or not plan[1]:  # the same for every vocabulary
            word = _finish(None if plan is None else plan[0], stopwords, stem_words)
            if word is None:
                cache[token] = ""
            elif word:
                cache[token] = word
            return word
        _PLANS[token] = plan
    word, candidates = plan
    for candidate in candidates:
        if candidate in vocab and (counts is None
                                   or counts.get(candidate, 0) >= counts.get(token, 0)):
            word = candidate
            break
    return _finish(word, stopwords, stem_words)


def terms(text_norm: str, *, stopwords: bool = True, stem: bool = False,
          vocabulary: Mapping[str, int] | Iterable[str] | None = None,
          adjectives: str = "separate", short_aliases: bool = True) -> list[str]:
    """The counting units of a normalized text, in order (see the module docstring).

    ``vocabulary``: words that license clitic stripping — best :func:`build_vocabulary` over the
    whole corpus; default: the text's own token counts. ``adjectives``: ``"separate"`` (default,
    ``الروسية`` → ``الروسي``) or ``"merge"`` (→ ``روسيا``). ``stem``: non-entity words become
    their Snowball stem (group them for display with :func:`stem_groups` instead).
    """
    if adjectives not in ADJECTIVE_MODES:
        raise ValueError(f"adjectives must be one of {ADJECTIVE_MODES}, got {adjectives!r}")
    # mentions as EntityMention field tuples: 0 entity_id, 3 name_ar, 6 start, 7 end, 8 kind,
    # 9 prefix. The words between them are read gap by gap (cheaper than :func:`_read`'s
    # offsets, which terms do not need).
    mentions = gazetteer.default_matcher().find_values(text_norm, short_aliases=short_aliases)
    findall = _TOKEN.findall
    cache = _word_cache(stopwords, stem)
    get = cache.get
    adjective_of = _adjective_terms() if adjectives == "separate" else None
    # per token (None for a match): ``toks``; its term (a match's term; "" = dropped; None = to
    # resolve): ``vals``
    vals: list = []
    toks: list = []
    pos = 0
    for m in mentions:
        tokens = findall(text_norm, pos, m[6] - len(m[9]))
        toks += tokens
        vals += map(get, tokens)
        toks.append(None)
        vals.append(adjective_of[m[0]] if adjective_of is not None and m[8] == "adjective"
                    else m[3])
        pos = m[7]
    tokens = findall(text_norm, pos)
    toks += tokens
    vals += map(get, tokens)
    todo = list(compress(count(), map(is_, vals, repeat(None))))
    if not todo:
        return list(filter(None, vals))
    if vocabulary is None:  # build_vocabulary of the text: the gaps' tokens and the matches'
        vocabulary = Counter(toks)
        del vocabulary[None]
        for m in mentions:
            vocabulary.update(findall(text_norm, m[6] - len(m[9]), m[7]))
    if _resolve_at(todo, toks, vals, cache, vocabulary, stopwords=stopwords, stem_words=stem):
        # a stem can be "": kept as a term
        return ["" if v is _EMPTY else v for v in filter(None, vals)]
    return list(filter(None, vals))


def term_slots(text_norm: str, *, vocabulary: Mapping[str, int] | Iterable[str] | None = None
               ) -> list[tuple[str, int, int, bool]]:
    """Every term of :func:`terms` ``(text_norm, stopwords=False)`` with where it stands:
    ``(term, start, end, is_word)`` — a gazetteer match spans its proclitics too (``is_word``
    False); a word term spans its token. :func:`term_columns` as rows."""
    return list(zip(*term_columns(text_norm, vocabulary=vocabulary), strict=True))


TermColumns = tuple[list[str], list[int], list[int], list[bool]]


def term_columns(text_norm: str, *, vocabulary: Mapping[str, int] | Iterable[str] | None = None
                 ) -> TermColumns:
    """:func:`term_slots` as four aligned lists ``(terms, starts, ends, is_word)``: the same
    reading of the text as :func:`terms` ``(text_norm, stopwords=False)``."""
    read = _read(text_norm, vocabulary)
    if read is None:
        return [], [], [], []
    tokens, ends, vals, heads = read
    starts = list(map(sub, ends, map(len, tokens)))
    is_word = [True] * len(tokens)
    for i, end in heads:
        ends[i] = end
        is_word[i] = False
    return (list(compress(vals, vals)), list(compress(starts, vals)),
            list(compress(ends, vals)), list(compress(is_word, vals)))


def _read(text_norm: str, vocabulary) -> tuple[list[str], list[int], list,
                                                list[tuple[int, int]]] | None:
    """One reading of a text for :func:`term_columns` (None: no tokens): its word ``tokens``,
    where each ends, and per token its term (``vals``: a word's term; ``""`` for a token that
    is no term — a dropped word, or a word inside a gazetteer match), a match's term standing
    on its first token; ``heads``: ``(token, match end)`` of each match.

    The text's tokens are read once: a match starts and ends on token boundaries, so the tokens
    it covers are whole. Words are resolved as by :func:`terms` ``(stopwords=False)`` with
    ``vocabulary`` (default: the text's own token counts)."""
    pieces = _PIECES.findall(text_norm)
    if not pieces:
        return None
    first = 0 if pieces[0][0].isalnum() else 1  # isalnum() is exactly [^\W_]
    tokens = pieces[first::2]
    ends = list(accumulate(map(len, pieces)))[first::2]
    cache = _word_cache(False, False)
    vals: list = list(map(cache.get, tokens))  # None: to resolve
    heads: list[tuple[int, int]] = []
    # mentions as EntityMention field tuples: 0 entity_id, 3 name_ar, 6 start, 7 end, 8 kind,
    # 9 prefix
    mentions = gazetteer.default_matcher().find_values(text_norm)
    if mentions:
        adjective_of = _adjective_terms()
        for m in mentions:
            i = bisect_right(ends, m[6] - len(m[9]))  # the token the match starts
            j = bisect_left(ends, m[7]) + 1
            term = adjective_of[m[0]] if m[8] == "adjective" else m[3]
            vals[i:j] = [term] + [""] * (j - i - 1)
            heads.append((i, m[7]))
    todo = list(compress(count(), map(is_, vals, repeat(None))))
    if todo:
        _resolve_at(todo, tokens, vals, cache, Counter(tokens) if vocabulary is None
                    else vocabulary, stopwords=False, stem_words=False)
    return tokens, ends, vals, heads


def _resolve_at(todo: list[int], tokens: list, vals: list, cache: dict[str, str], vocabulary,
                *, stopwords: bool, stem_words: bool) -> bool:
    """Put the term of ``tokens[i]`` into ``vals[i]`` for each ``i`` of ``todo`` (words not in
    ``cache``), with ``vocabulary``: ``""`` when dropped, :data:`_EMPTY` for an empty stem.
    True when there was an empty stem."""
    vocab, counts = _vocab_parts(vocabulary)
    local: dict[str, object] = {}
    empty = False
    for i in todo:
        token = tokens[i]
        word = local.get(token, _MISSING)
        if word is _MISSING:
            word = _resolve(token, cache, vocab, counts, stopwords=stopwords,
                            stem_words=stem_words)
            word = local[token] = "" if word is None else (_EMPTY if word == "" else word)
        empty = empty or word is _EMPTY
        vals[i] = word
    return empty


# Maximal runs of token characters and of other characters: they alternate and cover the text.
_PIECES = re.compile(r"[^\W_]+|[\W_]+")


@gazetteer.derived
def _term_rows() -> dict[str, int]:
    table = _gazetteer()
    rows: dict[str, int] = {}
    for idx, rec in table.iterrows():
        for term in (rec["name_ar"], gazetteer.adjective_term(rec)):
            rows.setdefault(term, idx)
            rows.setdefault(normalize(term), idx)
    return rows


def _term_row(term: str) -> int | None:
    rows = _term_rows()
    idx = rows.get(term)
    return rows.get(normalize(term)) if idx is None else idx


def term_entity(term: str) -> pd.Series | None:
    """The gazetteer row of an entity term (``name_ar`` or canonical adjective), else ``None``."""
    idx = _term_row(term)
    return None if idx is None else _gazetteer().loc[idx].copy()


def is_entity_term(term: str) -> bool:
    """Does ``term`` stand for a gazetteer entity (its name or its canonical adjective)?"""
    return _term_row(term) is not None


# --------------------------------------------------------------------------------------------
# articles: views of the one reading
# --------------------------------------------------------------------------------------------


def text_terms(text_norm: str) -> list[str]:
    """Every term of one normalized text, in order, whatever its :func:`term_kind` — the
    function, number and date words too (:func:`term_columns`)."""
    if not isinstance(text_norm, str) or not text_norm:
        return []
    return term_columns(text_norm)[0]


def article_terms(articles: pd.DataFrame, *, progress: bool = False) -> list[list[str]]:
    """One list of every term per article (the ``terms`` column of :func:`with_terms` when
    present, else read from ``text_norm``; ``progress``: a progress bar over the articles)."""
    if isinstance(articles, pd.DataFrame) and "terms" in articles.columns:
        return [list(t) if isinstance(t, (list, tuple)) else [] for t in articles["terms"]]
    _require(articles, "text_norm", "article_terms")
    texts = bar(articles["text_norm"], enabled=progress, total=len(articles),
                desc="tokenizing", unit=" articles")
    return [text_terms(t) for t in texts]


class ArticleTerms(NamedTuple):
    """One article's terms read once (:func:`article_columns`): ``text_norm``, its
    :func:`term_columns` ``(terms, starts, ends, is_word)``, and per term
    ``kept`` — a corpus's own word (kind ``entity`` or ``content``): what n-grams join."""

    text_norm: str
    columns: tuple[list[str], list[int], list[int], list[bool]]
    kept: list[bool]


def article_columns(articles: pd.DataFrame) -> list[ArticleTerms]:
    """Per article its :class:`ArticleTerms` (:func:`read_text` of ``text_norm``): every term
    with its offsets, read once and shared by keyword counts and n-grams, as
    :mod:`marsad.engine` does."""
    _require(articles, "text_norm", "article_columns")
    return [read_text(t if isinstance(t, str) else "") for t in articles["text_norm"]]


def read_text(text_norm: str) -> ArticleTerms:
    """The :class:`ArticleTerms` of one normalized text."""
    columns = term_columns(text_norm) if text_norm else ([], [], [], [])
    found, _, _, words = columns
    # kept: an entity (not a word) or a word that is counted
    kept = ~(np.array(words, dtype=bool) & not_counted(found))
    return ArticleTerms(text_norm, columns, kept.tolist())


def with_terms(articles: pd.DataFrame, *, progress: bool = False) -> pd.DataFrame:
    """A copy of ``articles`` with a ``terms`` column (list of terms per article)."""
    out = articles.copy()
    out["terms"] = pd.Series(article_terms(articles, progress=progress), index=out.index,
                             dtype=object)
    return out


def entity_info(term: str) -> tuple[str, str]:
    """``(type, name_en)`` of an entity term of the active gazetteer (``type`` = the gazetteer
    type, or ``adjective`` for an entity's canonical adjective), else ``("", "")``."""
    info = gazetteer.active().term_info.get(term)
    return ("", "") if info is None else info[:2]


def count_terms(term_lists: Iterable[Sequence[str]]) -> tuple[Counter, Counter, int]:
    """``(counts, docs, total)`` over term lists: occurrences, lists containing, all terms."""
    counts: Counter = Counter()
    docs: Counter = Counter()
    for terms in term_lists:
        counts.update(terms)
        docs.update(set(terms))
    return counts, docs, sum(counts.values())


def counts_by(articles: pd.DataFrame, keys: Iterable[Hashable]
              ) -> dict[Hashable, tuple[Counter, Counter, int]]:
    """:func:`count_terms` of each group of ``articles`` (``keys``: one per article — an outlet,
    a period), groups in first-seen order; the articles are read once (:func:`article_terms`)."""
    lists: dict[Hashable, list] = {}
    for key, found in zip(keys, article_terms(articles), strict=True):
        lists.setdefault(key, []).append(found)
    return {key: count_terms(term_lists) for key, term_lists in lists.items()}


def term_kind(term: str) -> str:
    """``entity`` for a gazetteer name, else the :func:`marsad.word_classes.word_kind` of the
    word (an entity's adjective, ``الروسي``, is ``content`` with type ``adjective``)."""
    kind = entity_info(term)[0]
    if kind and kind != ADJECTIVE_TYPE:
        return "entity"
    return "content" if kind else word_kind(term)


@dataclass(frozen=True)
class TermSpan:
    """One term of a normalized text: ``term``, ``start``/``end`` (the whole written form,
    proclitics included), ``stopword`` (True where :func:`terms` drops it: a
    function, number or date word)."""

    term: str
    start: int
    end: int
    stopword: bool


def term_spans(text_norm: str, *, vocabulary=None) -> list[TermSpan]:
    """Every term of a normalized text with its offsets, stopwords included and flagged.

    The terms are exactly :func:`terms` with ``stopwords=False`` (so the clitic,
    adjective and short-alias rules stay in one place); the offsets come from the same gazetteer
    matches (:func:`marsad.gazetteer.find_entities`) and the word tokens between them, minus
    the tokens ``terms`` never keeps (one letter). A word term is flagged ``stopword`` when it
    is not :func:`marsad.word_classes.counted` — a function, number or date word, what
    ``terms`` drops; entity terms never are.
    ``vocabulary``: as for ``terms`` (default: the text's own tokens).
    """
    if not isinstance(text_norm, str) or not text_norm:
        return []
    return [TermSpan(t, a, b, word and not counted(t))
            for t, a, b, word in term_slots(text_norm, vocabulary=vocabulary)]


def stem_groups(counts: pd.Series) -> pd.DataFrame:
    """Group term counts by light stem for display.

    ``counts``: term → count (e.g. ``pd.Series(all_terms).value_counts()``). Entity terms are
    their own group. Returns ``term`` (most frequent surface form; ties: code-point order),
    ``stem``, ``forms`` (``|``-joined, most frequent first), ``count`` (sum), most frequent
    group first.
    """
    frame = pd.DataFrame({"form": counts.index.astype(str), "n": counts.to_numpy()})
    frame["stem"] = [f if is_entity_term(f) else stem(f) for f in frame["form"]]
    frame = frame.sort_values(["n", "form"], ascending=[False, True], kind="stable")
    grouped = frame.groupby("stem", sort=False)
    result = pd.DataFrame({
        "term": grouped["form"].first(),
        "forms": grouped["form"].agg("|".join),
        "count": grouped["n"].sum(),
    }).reset_index()
    result = result[["term", "stem", "forms", "count"]]
    return result.sort_values(["count", "term"], ascending=[False, True],
                              kind="stable").reset_index(drop=True)

