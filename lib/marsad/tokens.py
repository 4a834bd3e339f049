"""Words and terms of normalized Arabic text: the counting unit of keywords and co-occurrence.

* :func:`tokenize` — word tokens (Arabic letters, Latin letters, digits); punctuation dropped.
* :func:`terms` — what Marsad counts. Gazetteer mentions (:func:`marsad.gazetteer.find_entities`)
  become ONE term each: the entity's ``name_ar`` as written in the gazetteer (``كوريا الشمالية``,
  ``بيونغ يانغ``, ``فلاديمير بوتين``) whatever the spelling or proclitic in the text. Adjectives
  (``الروسي``، ``والروسية``، ``كوري شمالي``) are, by default, their own term — the entity's first
  listed adjective (``الروسي``, ``الكوري الشمالي``); ``adjectives="merge"`` counts them as the
  entity. Other words: proclitics و ف ب ل ك (and لل → ال) are stripped only when the stripped
  form is known (a gazetteer word, a given name, a stopword, or a word at least as frequent in
  ``vocabulary``);
  gazetteer words (بوتين، واشنطن، فلاديمير، كوريا) are never stripped; the article ال is kept
  (``والعلاقات`` → ``العلاقات``); stopwords, one-letter tokens and numbers are dropped; Latin is
  lower-cased.
* :func:`stem_groups` — light stemming (Snowball Arabic, PyStemmer) to group non-entity words for
  display, always showing the most frequent surface form.
* :func:`variant_key` — a coarse key that groups spelling variants (بيونغ يانغ / بيونجيانج,
  بوتين / بوتن, ترامب / ترمب) so a notebook can list them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from itertools import accumulate, compress, count, repeat
from operator import is_, sub

import pandas as pd

from marsad import clitics, gazetteer
from marsad.clitics import ARTICLE, CONJUNCTIONS, PREPOSITIONS
from marsad.normalize import normalize
from marsad.word_classes import counted, stopword_set

ADJECTIVE_MODES = ("separate", "merge")

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
