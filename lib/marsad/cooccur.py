"""Which terms occur together: co-occurrence counts, association measures and collocates.

Units
-----
A *unit* is the stretch of text inside which two terms count as co-occurring:

``sentence`` (default)
    the sentences of ``text_clean`` as :func:`marsad.sentences.sentences` splits them;
``paragraph``
    the non-blank lines of ``text_clean``;
``article``
    the whole cleaned article;
``window=N``
    two terms at most ``N`` terms apart inside one sentence. Windows never cross a sentence
    boundary: the last term of one sentence and the first of the next are never a pair.
    Distances count the terms :func:`marsad.terms.terms` keeps (stopwords removed, a
    multi-word entity counts as one term), also in entity-only mode.

Terms are the canonical forms of ``keywords.csv``, read over the whole article exactly as
:func:`marsad.terms.terms` reads it (so ``كيم`` counts wherever the article names Kim Jong Un
in full) and then split into units: a gazetteer entity is its ``name_ar`` (every spelling
variant of it is that one term), an entity's adjective is its own term (``الروسية`` →
``الروسي``, type ``adjective``), other words are normalized words without stopwords. In
entity-only mode (the default) only entity names are terms (``adjectives="merge"`` counts
``الروسية`` as ``روسيا``). A term that occurs twice in a unit counts once (incidence is
binary), and a pair needs two different terms, so variants of one entity never pair with each
other and an entity never pairs with itself.

Counts and measures (per unordered pair *a*, *b*)
-------------------------------------------------
``N`` = number of units; ``f(a)`` = units containing *a*; ``f(ab)`` = units containing both.
For text units ``N`` counts every unit of the corpus, with or without terms. For windows the
units are (node, collocate) *slots*, as in AntConc: for every term position ``i``, each other
position ``j`` of the same sentence with ``|i - j| <= N``. ``f(ab)`` is then the number of times
*a* and *b* stand within ``N`` terms of each other, ``f(a)`` the number of slots around *a*'s
occurrences, and ``N`` the number of all slots (twice the number of position pairs; counting
each position pair once as a unit would make "holds *a*" and "holds *b*" dependent and double
the expected count). The formulas are those of :func:`association`. Pruning the vocabulary
(``min_count``, ``top_k``) never changes ``N`` or ``f``: it only limits which pairs are
reported.

Scale
-----
Units × terms is a binary ``scipy.sparse`` CSR matrix ``X``; pair counts are ``X.T @ X``
computed in blocks of columns keeping only the upper triangle and counts ``>= min_count``, over
a vocabulary pruned first (terms with ``f < min_count`` cannot reach ``min_count`` with anyone;
``top_k`` keeps the most frequent). A full-vocabulary product over all words is the wrong path
(428 M non-zeros on the 2018 corpus); ``max_pairs`` stops such a request with advice instead of
exhausting memory.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
import pandas as pd
from scipy import sparse

from marsad import gazetteer
from marsad.articles import require_column as _require
from marsad.normalize import normalize_with_offsets
from marsad.progress import bar
from marsad.sentences import split_sentences
from marsad.terms import read_text

UNITS = ("sentence", "paragraph", "article")
MEASURES = ("count", "expected", "pmi", "npmi", "g2", "dice", "t_score")
PAIR_COLUMNS = ["term_a", "term_b", "type_a", "type_b", *MEASURES, "relation"]
#: Relations that make a pair say nothing new (an entity with its own capital, metonym, leader
#: or a place or body of its own): kept in the table, left out of the default top pairs and
#: network.
RELATIONS = ("capital_of", "metonym_of", "leader_of", "in_country")
#: The default ranking shows pairs more frequent than chance at p < 0.05 (G² ≥ 3.84).
G2_SIGNIFICANT = 3.84
COLLOCATE_COLUMNS = ["node", "collocate", "type", *MEASURES, "units"]
UNIT_COLUMNS = ["unit", "article_id", "part_id", "start", "end", "text"]
DEFAULT_MAX_PAIRS = 5_000_000
_BLOCK_ENTRIES = 20_000_000  # upper bound of one block's product (rows × block columns)


# --------------------------------------------------------------------------------------------
# association measures
# --------------------------------------------------------------------------------------------


def association(count, f_a, f_b, n) -> pd.DataFrame:
    """Association measures from unit counts (vectorised over pairs).

    With ``O = f(ab)``, ``N`` units, and ``E = f(a)·f(b) / N``:

    * ``count``    = ``O``, the number of units containing both terms;
    * ``expected`` = ``E``, the count if the terms were independent;
    * ``pmi``      = ``log2(O / E)`` (bits; > 0 attraction, < 0 repulsion);
    * ``npmi``     = ``pmi / -log2(O / N)`` in [-1, 1]; 1 when ``O = N``;
    * ``g2``       = log-likelihood ``2 · Σ O_ij · ln(O_ij / E_ij)`` over the 2×2 table of units
      (``O11 = O``, ``O12 = f(a) - O``, ``O21 = f(b) - O``, ``O22 = N - f(a) - f(b) + O``;
      ``E_ij`` = row total × column total / N; ``0 · ln 0 = 0``), *signed*: negative when
      ``O < E``, so sorting by ``g2`` puts attraction first;
    * ``dice``     = ``2·O / (f(a) + f(b))``;
    * ``t_score``  = ``(O - E) / sqrt(O)``.
    """
    o = np.asarray(count, dtype=float)
    fa = np.asarray(f_a, dtype=float)
    fb = np.asarray(f_b, dtype=float)
    n = float(n)
    if n <= 0:
        raise ValueError("association: the number of units must be positive")
    if np.any(o < 0) or np.any(o > np.minimum(fa, fb)) or np.any(fa + fb - o > n):
        raise ValueError("association: counts must satisfy 0 <= f(ab) <= min(f(a), f(b)) "
                         "and f(a) + f(b) - f(ab) <= N")
    expected = fa * fb / n
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log2(o / expected)
        denominator = -np.log2(o / n)
        npmi = np.where(denominator > 0, pmi / np.where(denominator > 0, denominator, 1), 1.0)
        npmi = np.where(o > 0, npmi, -1.0)
        cells = (
            (o, expected),
            (fa - o, fa * (n - fb) / n),
            (fb - o, (n - fa) * fb / n),
            (n - fa - fb + o, (n - fa) * (n - fb) / n),
        )
        g2 = 2 * sum(np.where(obs > 0, obs * np.log(obs / exp), 0.0) for obs, exp in cells)
        t_score = np.where(o > 0, (o - expected) / np.sqrt(o), np.nan)
        dice = np.where(fa + fb > 0, 2 * o / (fa + fb), 0.0)
    g2 = np.sign(o - expected) * np.abs(g2)
    return pd.DataFrame({
        "count": o.astype("int64"), "expected": expected, "pmi": pmi, "npmi": npmi,
        "g2": g2, "dice": dice, "t_score": t_score,
    })


# --------------------------------------------------------------------------------------------
# units and terms
# --------------------------------------------------------------------------------------------



def _spans(clean: str, unit: str) -> list[tuple[int, int]]:
    """Unit spans ``(start, end)`` in one article's ``text_clean``."""
    if unit == "sentence":
        return split_sentences(clean)
    if unit == "paragraph":
        spans, offset = [], 0
        for line in clean.split("\n"):
            stripped = line.strip()
            if stripped:
                lead = len(line) - len(line.lstrip())
                spans.append((offset + lead, offset + lead + len(stripped)))
            offset += len(line) + 1
        return spans
    return [(0, len(clean))] if clean.strip() else []


def _article_terms(norm: str, spans: list[tuple[int, int]], *, entities_only: bool,
                   adjectives: str) -> list[list[str]]:
    """The terms of each unit of one article (``spans`` in ``norm``), read over the whole
    article.

    Entities are matched in the whole normalized article (so a short alias such as ``كيم``
    counts wherever the article names the person in full, as in ``keywords``). Every term
    (``entities_only=False``): the kept terms of :func:`marsad.terms.read_text` — the one
    reading of keywords — each in the unit where it starts, so the concatenation over units
    is ``terms(norm)`` (checked by the tests).
    """
    out: list[list[str]] = [[] for _ in spans]
    if not spans:
        return out
    starts = [a for a, _ in spans]

    def unit_of(at: int) -> int | None:
        k = bisect.bisect_right(starts, at) - 1
        return k if k >= 0 and at < spans[k][1] else None

    if entities_only:  # mentions as EntityMention field tuples: 3 name_ar, 6 start, 8 kind
        for m in gazetteer.default_matcher().find_values(norm):
            if m[8] == "adjective" and adjectives == "separate":
                continue
            k = unit_of(m[6])
            if k is not None:
                out[k].append(m[3])
        return out
    read = read_text(norm)
    found, term_starts, _, is_word = read.columns
    entity_of = _entity_of_adjective() if adjectives == "merge" else {}
    for term, at, word, kept in zip(found, term_starts, is_word, read.kept, strict=True):
        k = unit_of(at) if kept else None
        if k is not None:
            out[k].append(term if word else entity_of.get(term, term))
    return out


@gazetteer.derived
def _entity_of_adjective() -> dict[str, str]:
    """An entity's canonical adjective term (الروسي) → the entity's name (روسيا)."""
    active = gazetteer.active()
    names = dict(zip(active.table["id"], active.table["name_ar"], strict=True))
    return {adjective: names[eid] for eid, adjective in active.adjective_of.items()}


def read_units(articles: pd.DataFrame, unit: str = "sentence", *, entities_only: bool = True,
               adjectives: str = "separate", with_text: bool = True, progress: bool = False
               ) -> tuple[pd.DataFrame, list[list[str]]]:
    """The units of the cleaned ``articles`` and the terms of each, in text order.

    Units: ``unit`` (label ``article_id:part_id``, or ``article_id`` for whole articles),
    ``article_id``, ``part_id`` (sentence or paragraph number, 1-based, as
    :func:`marsad.sentences.sentences` numbers sentences; 0 for articles), ``start, end`` (offsets
    into ``text_clean``) and ``text``. Terms: gazetteer entity names only (``entities_only``),
    or every term of :func:`marsad.terms.terms`. ``adjectives``: ``"separate"`` (as
    ``keywords``: ``الروسية`` is the term ``الروسي``, not an entity) or ``"merge"`` (it counts
    as ``روسيا``). ``with_text=False`` leaves out ``text`` and adds ``row`` (the article's
    position in ``articles``) instead: the units of a large corpus then cost no copy of it.
    ``progress``: a progress bar over the articles (:mod:`marsad.progress`).
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}, got {unit!r}")
    if adjectives not in ("separate", "merge"):
        raise ValueError(f"adjectives must be 'separate' or 'merge', got {adjectives!r}")
    _require(articles, "text_clean", "read_units")
    ids = (articles["article_id"].astype(str).tolist() if "article_id" in articles.columns
           else [str(i) for i in articles.index])
    rows, term_lists = [], []
    read = bar(zip(ids, articles["text_clean"], strict=True), enabled=progress,
               total=len(ids), desc="reading units", unit=" articles")
    for row, (aid, clean) in enumerate(read):
        if not isinstance(clean, str) or not clean:
            continue
        spans = _spans(clean, unit)
        off = normalize_with_offsets(clean)
        norm = off.norm
        norm_spans = list(zip(off.normalizeds([a for a, _ in spans]).tolist(),
                              off.normalizeds([b for _, b in spans]).tolist(), strict=True))
        term_lists += _article_terms(norm, norm_spans, entities_only=entities_only,
                                     adjectives=adjectives)
        rows += [(aid, 0 if unit == "article" else k, a, b, clean[a:b] if with_text else row)
                 for k, (a, b) in enumerate(spans, 1)]
    last = "text" if with_text else "row"
    units = pd.DataFrame(rows, columns=["article_id", "part_id", "start", "end", last])
    units = units.astype({"article_id": "str", "part_id": "int64", "start": "int64",
                          "end": "int64", last: "str" if with_text else "int64"})
    label = units["article_id"] if unit == "article" else (
        units["article_id"] + ":" + units["part_id"].astype(str))
    units.insert(0, "unit", label)
    return units, term_lists


def text_units(articles: pd.DataFrame, unit: str = "sentence") -> pd.DataFrame:
    """The units of :func:`read_units` without their terms."""
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}, got {unit!r}")
    _require(articles, "text_clean", "text_units")
    ids = (articles["article_id"].astype(str).tolist() if "article_id" in articles.columns
           else [str(i) for i in articles.index])
    rows = []
    for aid, clean in zip(ids, articles["text_clean"], strict=True):
        if isinstance(clean, str) and clean:
            rows += [(aid, 0 if unit == "article" else k, a, b, clean[a:b])
                     for k, (a, b) in enumerate(_spans(clean, unit), 1)]
    units = pd.DataFrame(rows, columns=["article_id", "part_id", "start", "end", "text"])
    units = units.astype({"article_id": "str", "part_id": "int64", "start": "int64",
                          "end": "int64", "text": "str"})
    label = units["article_id"] if unit == "article" else (
        units["article_id"] + ":" + units["part_id"].astype(str))
    units.insert(0, "unit", label)
    return units


@gazetteer.derived
def entity_types() -> dict[str, str]:
    """Entity term → type: each entity's ``name_ar`` with its type, and each entity's canonical
    adjective (the term ``terms.terms`` gives ``الروسية``: ``الروسي``) with type
    ``adjective``, as in ``keywords.csv`` (the active gazetteer)."""
    return {term: info[0] for term, info in gazetteer.active().term_info.items()}


@gazetteer.derived
def entity_names() -> frozenset[str]:
    """The active gazetteer's entity names (``name_ar``): the terms of entity-only mode."""
    return frozenset(gazetteer.active().table["name_ar"].astype(str))


# --------------------------------------------------------------------------------------------
# the model: vocabulary, incidence, pair counts
# --------------------------------------------------------------------------------------------


def _encode(term_lists: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vocabulary (sorted by code point), term id per token, unit index per token."""
    lengths = np.fromiter((len(terms) for terms in term_lists), dtype=np.int64,
                          count=len(term_lists))
    flat = pd.Series(list(chain.from_iterable(term_lists)), dtype=object)
    codes, uniques = pd.factorize(flat, sort=False)
    uniques = np.asarray(uniques, dtype=object)
    # Python's str order is code point order.
    order = np.array(sorted(range(len(uniques)), key=uniques.__getitem__), dtype=np.int64)
    rank = np.empty(len(order), dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    ids = rank[codes] if len(codes) else np.array([], dtype=np.int32)
    unit_of = np.repeat(np.arange(len(term_lists), dtype=np.int32), lengths)
    return uniques[order], ids.astype(np.int32), unit_of


@dataclass
class Cooccurrence:
    """Counts for one corpus and one kind of unit; ask it for pairs or collocates.

    Build it with :func:`build` (from articles) or :func:`from_terms` (from term lists).
    ``X`` is the binary units × vocabulary CSR matrix (text units) or ``None`` (windows);
    ``f`` the unit frequency of each vocabulary term and ``n_units`` the N of the measures.
    """

    units: pd.DataFrame
    vocab: np.ndarray
    f: np.ndarray
    n_units: int
    types: dict[str, str] = field(default_factory=dict)
    window: int | None = None
    allowed: np.ndarray | None = None  # terms that may form pairs (entity-only); None = all
    X: sparse.csr_matrix | None = None
    ids: np.ndarray | None = None  # windows: term id per position, in text order
    unit_of: np.ndarray | None = None  # windows: unit (sentence) index per position
    texts: list | None = field(default=None, repr=False)  # text_clean by article row
    _type_of: np.ndarray | None = field(default=None, repr=False)

    # ---- vocabulary ------------------------------------------------------------------------

    def term_id(self, term: str) -> int:
        i = int(np.searchsorted(self.vocab, term))
        if i >= len(self.vocab) or self.vocab[i] != term:
            raise KeyError(f"{term!r} is not a term of this corpus (check the spelling: terms are "
                           f"canonical entity names or normalized words)")
        return i

    def frequencies(self) -> pd.DataFrame:
        """``term, type, units`` (units containing the term), most frequent first."""
        ok = self._allowed()
        frame = pd.DataFrame({"term": self.vocab[ok].astype(str),
                              "type": self._types(np.flatnonzero(ok)),
                              "units": self.f[ok].astype("int64")})
        return frame.sort_values(["units", "term"], ascending=[False, True],
                                 kind="stable").reset_index(drop=True)

    def _allowed(self) -> np.ndarray:
        return np.ones(len(self.vocab), bool) if self.allowed is None else self.allowed

    def _types(self, ids: np.ndarray) -> pd.Series:
        """Entity type of each vocabulary id (missing for plain words)."""
        if self._type_of is None:
            self._type_of = pd.Series(self.vocab).map(self.types).astype("str").to_numpy()
        return pd.Series(self._type_of[ids], dtype="str")

    def prune(self, min_count: int = 2, top_k: int | None = None) -> np.ndarray:
        """Vocabulary ids kept: ``f >= min_count`` (lossless for pairs with count >=
        min_count), then the ``top_k`` most frequent (ties: code-point order), sorted."""
        if min_count < 1:
            raise ValueError(f"min_count must be >= 1, got {min_count}")
        keep = np.flatnonzero((self.f >= min_count) & self._allowed())
        if top_k is not None:
            if top_k < 1:
                raise ValueError(f"top_k must be >= 1 or None, got {top_k}")
            order = np.lexsort((keep, -self.f[keep]))  # by frequency, then code point
            keep = np.sort(keep[order[:top_k]])
        return keep

    # ---- pairs -----------------------------------------------------------------------------

    def pair_counts(self, min_count: int = 2, top_k: int | None = None, *,
                    max_pairs: int | None = DEFAULT_MAX_PAIRS
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Vocabulary ids ``(a, b)`` with ``a < b`` and their counts, for counts >= min_count."""
        keep = self.prune(min_count, top_k)
        if self.window is None:
            return _unit_pairs(self.X, keep, min_count, max_pairs)
        return _window_pairs(self.ids, self.unit_of, self.window, keep, len(self.vocab),
                             min_count, max_pairs)

    def pairs(self, min_count: int = 2, top_k: int | None = None, *, sort_by: str = "count",
              max_pairs: int | None = DEFAULT_MAX_PAIRS) -> pd.DataFrame:
        """One row per unordered pair: ``term_a < term_b`` (code point order), ``type_a,
        type_b`` (entity types, missing for plain words), ``count`` and the measures of
        :func:`association`; sorted by ``sort_by`` (descending), then ``term_a, term_b``."""
        a, b, count = self.pair_counts(min_count, top_k, max_pairs=max_pairs)
        frame = pd.concat([
            pd.DataFrame({"term_a": self.vocab[a].astype(str), "term_b": self.vocab[b].astype(str),
                          "type_a": self._types(a), "type_b": self._types(b)}),
            association(count, self.f[a], self.f[b], self.n_units),
        ], axis=1)
        frame["relation"] = relations(frame["term_a"], frame["term_b"])
        return sort_measure(frame, sort_by, ["term_a", "term_b"])

    # ---- collocates ------------------------------------------------------------------------

    def collocates(self, node: str, min_count: int = 1, *, sort_by: str = "count"
                   ) -> pd.DataFrame:
        """Every other term co-occurring with ``node`` (AntConc's collocates): ``node,
        collocate, type``, ``count`` and the measures, and ``units`` — the labels of the units
        (sentences) where they co-occur, the link to the concordance lines."""
        j = self.term_id(node)
        if not self._allowed()[j]:
            raise KeyError(f"{node!r} is not an entity; build with entities_only=False "
                           "for collocates of plain words")
        if self.window is None:
            other, unit_idx = _unit_links(self.X, j)
        else:
            other, unit_idx = _window_links(self.ids, self.unit_of, self.window, j)
        mask = self._allowed()[other]
        other, unit_idx = other[mask], unit_idx[mask]
        order = np.lexsort((unit_idx, other))
        other, unit_idx = other[order], unit_idx[order]
        others, starts, count = np.unique(other, return_index=True, return_counts=True)
        keep = count >= min_count
        labels = self.units["unit"].to_numpy()
        units = [list(labels[np.unique(u)])
                 for u, k in zip(np.split(unit_idx, starts[1:]), keep, strict=True) if k]
        others, count = others[keep], count[keep]
        frame = pd.concat([
            pd.DataFrame({"node": node, "collocate": self.vocab[others].astype(str),
                          "type": self._types(others)}),
            association(count, np.full(len(others), self.f[j]), self.f[others], self.n_units),
        ], axis=1)
        frame["units"] = pd.Series(units, dtype=object)
        return sort_measure(frame, sort_by, ["collocate"])

    def concordance(self, node: str, collocate: str) -> pd.DataFrame:
        """The units where ``node`` and ``collocate`` co-occur: ``unit, article_id, part_id,
        text`` (the cleaned sentence, paragraph or article)."""
        self.term_id(collocate)
        table = self.collocates(node)
        hit = table.loc[table["collocate"] == collocate, "units"]
        labels = hit.iloc[0] if len(hit) else []
        rows = self.units[self.units["unit"].isin(labels)]
        if "text" not in rows.columns:  # built without copies of the text: slice the articles
            rows = rows.assign(text=pd.Series(
                [self.texts[r][a:b] for r, a, b in zip(rows["row"], rows["start"], rows["end"],
                                                        strict=True)],
                index=rows.index, dtype="str"))
        return rows[UNIT_COLUMNS].reset_index(drop=True)

    def kwic(self, articles: pd.DataFrame, node: str, collocate: str, width: int = 60
             ) -> pd.DataFrame:
        """KWIC lines of ``node`` (:func:`marsad.keywords.kwic`) in the units where it
        co-occurs with ``collocate``, with a ``unit`` column first. ``articles``: the cleaned
        articles this model was built from."""
        from marsad.keywords import kwic

        lines = kwic(articles, node, width)
        units = self.concordance(node, collocate)
        if lines.empty or units.empty:
            return lines.head(0).assign(unit=pd.Series(dtype="str"))[["unit", *lines.columns]]
        spans = {aid: _Spans(g["start"].tolist(), g["end"].tolist(), g["unit"].tolist())
                 for aid, g in units.groupby("article_id", sort=False)}
        labels = [spans[aid].holding(at) if aid in spans else None
                  for aid, at in zip(lines["article_id"], lines["char_start"], strict=True)]
        lines.insert(0, "unit", pd.Series(labels, dtype="str"))
        return lines[lines["unit"].notna()].reset_index(drop=True)


@gazetteer.derived
def _places() -> tuple[dict[str, tuple[str, str, str]], dict[str, str]]:
    """Entity term → (type, country ISO3, metonym ISO3), and country term → its ISO3."""
    info, country_of = {}, {}
    for rec in gazetteer.active().table.itertuples(index=False):
        info[rec.name_ar] = (rec.type, rec.country, rec.metonym_of)
        if rec.type == "country" and rec.country:
            country_of[rec.name_ar] = rec.country
    return info, country_of


def relation(term_a: str, term_b: str) -> str:
    """What makes a pair of entities expected whatever the news: ``capital_of`` (a capital
    with its country: طهران – إيران), ``metonym_of`` (a name standing for the country:
    الكرملين – روسيا), ``leader_of`` (a person the gazetteer files under that country — its
    leaders and officials: ترامب – الولايات المتحدة), ``in_country`` (a city, place or body
    of that country: جدة – السعودية); "" otherwise. Either order."""
    info, country_of = _places()
    for one, other in ((term_a, term_b), (term_b, term_a)):
        iso = country_of.get(other)
        entity = info.get(one)
        if iso is None or entity is None or one == other:
            continue
        kind, country, metonym = entity
        if metonym == iso:
            return "capital_of" if kind == "city" else "metonym_of"
        if country == iso and kind != "country":
            return "leader_of" if kind == "person" else "in_country"
    return ""


def relations(terms_a: Iterable[str], terms_b: Iterable[str]) -> pd.Series:
    """:func:`relation` of each pair."""
    return pd.Series([relation(a, b) for a, b in zip(terms_a, terms_b, strict=True)],
                     dtype="str")


def meaningful(pairs: pd.DataFrame, g2: float = G2_SIGNIFICANT) -> pd.DataFrame:
    """The pairs the default tables and network show: more frequent than chance (``g2`` and
    above, p < 0.05 at 3.84) and not an entity with its own capital, metonym or country."""
    keep = (pairs["g2"] >= g2) & (pairs.get("relation", "") == "")
    return pairs[keep].reset_index(drop=True)


class _Spans:
    """The units of one article (``start``, ``end``, label lists, in the units' order)."""

    def __init__(self, starts: list[int], ends: list[int], labels: list[str]):
        self.starts, self.ends, self.labels = starts, ends, labels
        # in text order without overlap (sentences, paragraphs): found by bisection
        self.ordered = all(a <= b for a, b in zip(starts, starts[1:], strict=False)) and all(
            e <= b for e, b in zip(ends, starts[1:], strict=False))

    def holding(self, at: int) -> str | None:
        """The label of the first unit whose span holds offset ``at``, or None."""
        if self.ordered:
            k = bisect.bisect_right(self.starts, at) - 1
            return self.labels[k] if k >= 0 and at < self.ends[k] else None
        return next((u for a, b, u in zip(self.starts, self.ends, self.labels, strict=True)
                     if a <= at < b), None)


def sort_measure(frame: pd.DataFrame, sort_by: str, ties: list[str]) -> pd.DataFrame:
    """Sort by a measure (descending; missing last), ties broken by ``ties`` ascending."""
    if sort_by not in MEASURES:
        raise ValueError(f"sort_by must be one of {MEASURES}, got {sort_by!r}")
    keys = [sort_by, *ties] + (["count"] if sort_by != "count" else [])
    ascending = [False, *[True] * len(ties)] + ([False] if sort_by != "count" else [])
    return frame.sort_values(keys, ascending=ascending, kind="stable",
                             na_position="last").reset_index(drop=True)


def partners(pairs: pd.DataFrame, node: str | None, *, sort_by: str = "count") -> pd.DataFrame:
    """The rows of a pair table (:meth:`Cooccurrence.pairs`) that hold ``node``, seen from it:
    ``node, collocate, type`` and the measures (symmetric in the two terms), sorted as
    :meth:`Cooccurrence.collocates` sorts — its table without the ``units`` links, for a model
    built from merged counts (:func:`marsad.engine.cooccurrence_model`)."""
    rows = []
    for mine, other in (("a", "b"), ("b", "a")):
        hit = pairs[pairs[f"term_{mine}"] == node]
        rows.append(pd.DataFrame({"node": node, "collocate": hit[f"term_{other}"],
                                  "type": hit[f"type_{other}"]}).join(hit[list(MEASURES)]))
    frame = pd.concat(rows, ignore_index=True)
    return sort_measure(frame, sort_by, ["collocate"])[COLLOCATE_COLUMNS[:-1]]


def _too_many(found: int, max_pairs: int) -> ValueError:
    return ValueError(
        f"co-occurrence: more than {max_pairs:,} pairs reach the minimum count ({found:,} so "
        "far); raise min_count, set top_k (e.g. 2000), use entities_only=True, or pass a larger "
        "max_pairs if the memory is there")


def _unit_pairs(X: sparse.csr_matrix, keep: np.ndarray, min_count: int,
                max_pairs: int | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Upper triangle of ``X[:, keep].T @ X[:, keep]`` with counts >= min_count, in blocks."""
    empty = np.array([], dtype=np.int64)
    if len(keep) < 2:
        return empty, empty, empty
    sub = X[:, keep]
    rows_t = sub.T.tocsr()  # terms × units
    cols = sub.tocsc()
    block = max(1, _BLOCK_ENTRIES // len(keep))
    found_a, found_b, found_c, total = [], [], [], 0
    for start in range(0, len(keep), block):
        end = min(start + block, len(keep))
        product = (rows_t[:end] @ cols[:, start:end]).tocoo()  # only rows < end can be < col
        a, b, c = product.row, product.col + start, product.data
        mask = (a < b) & (c >= min_count)
        found_a.append(a[mask])
        found_b.append(b[mask])
        found_c.append(c[mask])
        total += int(mask.sum())
        if max_pairs is not None and total > max_pairs:
            raise _too_many(total, max_pairs)
    a, b, c = (np.concatenate(x) for x in (found_a, found_b, found_c))
    return keep[a].astype(np.int64), keep[b].astype(np.int64), c.astype(np.int64)


def _unit_links(X: sparse.csr_matrix, j: int) -> tuple[np.ndarray, np.ndarray]:
    """(other term id, unit index) for every unit containing term ``j`` and another term."""
    col = X[:, j].tocoo().row
    sub = X[col].tocoo()
    mask = sub.col != j
    return sub.col[mask].astype(np.int64), col[sub.row[mask]].astype(np.int64)


def _offsets(ids: np.ndarray, unit_of: np.ndarray, k: int):
    """Position pairs ``(i, i + k)`` inside one unit: left ids, right ids, unit, left position."""
    same = unit_of[:-k] == unit_of[k:]
    left = np.flatnonzero(same)
    return ids[left], ids[left + k], unit_of[left], left


def _window_pairs(ids, unit_of, window, keep, n_vocab, min_count, max_pairs):
    """Position pairs at distance 1..window in one unit, counted per unordered term pair."""
    kept = np.zeros(n_vocab, dtype=bool)
    kept[keep] = True
    total = sparse.csr_matrix((n_vocab, n_vocab), dtype=np.int64)
    for k in range(1, window + 1):
        if len(ids) <= k:
            break
        left, right, _, _ = _offsets(ids, unit_of, k)
        mask = (left != right) & kept[left] & kept[right]
        a = np.minimum(left[mask], right[mask])
        b = np.maximum(left[mask], right[mask])
        total = total + sparse.csr_matrix((np.ones(len(a), dtype=np.int64), (a, b)),
                                          shape=(n_vocab, n_vocab))
    coo = total.tocoo()
    mask = coo.data >= min_count
    if max_pairs is not None and int(mask.sum()) > max_pairs:
        raise _too_many(int(mask.sum()), max_pairs)
    order = np.lexsort((coo.col[mask], coo.row[mask]))
    return (coo.row[mask][order].astype(np.int64), coo.col[mask][order].astype(np.int64),
            coo.data[mask][order].astype(np.int64))


def _window_links(ids, unit_of, window, j) -> tuple[np.ndarray, np.ndarray]:
    """(other term id, unit index), one row per position pair of ``j`` with another term."""
    others, units = [], []
    for k in range(1, window + 1):
        if len(ids) <= k:
            break
        left, right, unit, _ = _offsets(ids, unit_of, k)
        for node_side, other_side in ((left, right), (right, left)):
            mask = (node_side == j) & (other_side != j)
            others.append(other_side[mask])
            units.append(unit[mask])
    if not others:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    return np.concatenate(others).astype(np.int64), np.concatenate(units).astype(np.int64)


def _window_frequencies(ids, unit_of, window, n_vocab) -> tuple[np.ndarray, int]:
    """``f(a)`` = (node, collocate) slots with node ``a`` = the sum over ``a``'s positions of
    the terms within reach; ``N`` = all slots = twice the number of position pairs."""
    f = np.zeros(n_vocab, dtype=np.int64)
    n = 0
    for k in range(1, window + 1):
        if len(ids) <= k:
            break
        left, right, _, _ = _offsets(ids, unit_of, k)
        n += 2 * len(left)
        f += np.bincount(left, minlength=n_vocab)
        f += np.bincount(right, minlength=n_vocab)
    return f, n


# --------------------------------------------------------------------------------------------
# building
# --------------------------------------------------------------------------------------------


def from_terms(term_lists: Sequence[Sequence[str]], units: pd.DataFrame | None = None, *,
               window: int | None = None, types: dict[str, str] | None = None,
               only: Iterable[str] | None = None) -> Cooccurrence:
    """A :class:`Cooccurrence` from one list of terms per unit (in text order).

    ``units``: one row per term list with at least ``unit`` (a label); default labels are
    ``"1", "2", …``. ``window``: None for text units, or N for position pairs at most N
    terms apart inside one list (a list is one sentence). ``only``: the terms that may form
    pairs (entity-only mode); the others still count for ``N``, ``f`` and distances.
    """
    if isinstance(term_lists, str) or any(isinstance(t, str) for t in term_lists[:1]):
        raise ValueError("from_terms expects one list of terms per unit, not strings")
    if units is None:
        units = pd.DataFrame({"unit": [str(i) for i in range(1, len(term_lists) + 1)]})
    if len(units) != len(term_lists):
        raise ValueError(f"from_terms: {len(term_lists)} term lists for {len(units)} units")
    for column in UNIT_COLUMNS:
        if column not in units.columns and not (column == "text" and "row" in units.columns):
            units = units.assign(**{column: "" if column in ("article_id", "text") else 0})
    vocab, ids, unit_of = _encode(term_lists)
    types = dict(types or {})
    allowed = None if only is None else np.isin(vocab, np.array(sorted(set(only)), dtype=object))
    units = units.reset_index(drop=True)
    if window is None:
        X = sparse.csr_matrix((np.ones(len(ids), dtype=np.int32), (unit_of, ids)),
                              shape=(len(term_lists), len(vocab)))
        X.sum_duplicates()
        X.data[:] = 1
        f = np.diff(X.tocsc().indptr).astype(np.int64)
        return Cooccurrence(units, vocab, f, len(term_lists), types, None, allowed, X)
    if isinstance(window, bool) or int(window) != window or window < 1:
        raise ValueError(f"window must be a positive whole number of terms, got {window!r}")
    f, n = _window_frequencies(ids, unit_of, int(window), len(vocab))
    if n == 0:
        raise ValueError("window co-occurrence: no sentence holds two terms")
    return Cooccurrence(units, vocab, f, n, types, int(window), allowed, None, ids, unit_of)


def build(articles: pd.DataFrame, unit: str = "sentence", window: int | None = None,
          entities_only: bool = True, *, adjectives: str = "separate",
          progress: bool = False) -> Cooccurrence:
    """Read the terms of every unit of the cleaned ``articles`` (``prepare(...).articles``).

    ``window``: N for windows of ±N terms inside sentences (``unit`` must then be
    ``"sentence"``). ``entities_only``: only gazetteer entity names are terms (default), else
    every term of :func:`marsad.terms.terms`. ``adjectives``, ``progress``: see
    :func:`read_units`.
    """
    if window is not None and unit != "sentence":
        raise ValueError(f"a window never crosses a sentence boundary: use unit='sentence' with "
                         f"window={window} (got unit={unit!r})")
    # Windows measure distances over all terms, so they read all terms even when only
    # entities may pair.
    units, term_lists = read_units(articles, unit, adjectives=adjectives, with_text=False,
                                   entities_only=entities_only and window is None,
                                   progress=progress)
    model = from_terms(term_lists, units, window=window, types=entity_types(),
                       only=entity_names() if entities_only else None)
    model.texts = articles["text_clean"].tolist()
    return model


def cooccurrence(articles: pd.DataFrame, unit: str = "sentence", window: int | None = None,
                 entities_only: bool = True, min_count: int = 2, top_k: int | None = None, *,
                 sort_by: str = "count", max_pairs: int | None = DEFAULT_MAX_PAIRS
                 ) -> pd.DataFrame:
    """Co-occurring pairs of the cleaned ``articles``: one row per unordered pair
    (``term_a < term_b`` by code point), ``type_a, type_b``, ``count, expected, pmi, npmi,
    g2, dice, t_score`` (see :func:`association`), count >= ``min_count``, over the
    ``top_k`` most frequent terms if given; sorted by ``sort_by``."""
    model = build(articles, unit, window, entities_only)
    return model.pairs(min_count, top_k, sort_by=sort_by, max_pairs=max_pairs)


def collocates(articles: pd.DataFrame | Cooccurrence, node: str, *, unit: str = "sentence",
               window: int | None = None, entities_only: bool = False, min_count: int = 1,
               sort_by: str = "count") -> pd.DataFrame:
    """Collocates of ``node`` (see :meth:`Cooccurrence.collocates`), from articles or a model."""
    model = articles if isinstance(articles, Cooccurrence) else build(
        articles, unit, window, entities_only)
    return model.collocates(node, min_count, sort_by=sort_by)


def pair_matrix(pairs: pd.DataFrame, terms: Iterable[str], measure: str = "count",
                fill: float = 0.0) -> pd.DataFrame:
    """Symmetric term × term table of ``measure`` for ``terms`` (in the order given)."""
    terms = list(terms)
    both = pd.concat([
        pairs[["term_a", "term_b", measure]],
        pairs[["term_b", "term_a", measure]].set_axis(["term_a", "term_b", measure], axis=1),
    ])
    both = both[both["term_a"].isin(terms) & both["term_b"].isin(terms)]
    table = both.pivot(index="term_a", columns="term_b", values=measure)
    return table.reindex(index=terms, columns=terms).astype(float).fillna(fill).rename_axis(
        index=None, columns=None)


# --------------------------------------------------------------------------------------------
# networks and pictures
# --------------------------------------------------------------------------------------------


def graph(pairs: pd.DataFrame, weight: str = "npmi", *, min_count: int = 1,
          top_n: int | None = None):
    """A networkx graph of ``pairs``: one node per term (attribute ``type``), one edge per pair
    with ``count >= min_count`` (attributes: every measure; ``weight`` = the chosen one); the
    ``top_n`` strongest edges by ``weight`` (ties by count, then terms) if given."""
    import networkx as nx

    if weight not in MEASURES:
        raise ValueError(f"weight must be one of {MEASURES}, got {weight!r}")
    edges = sort_measure(pairs[pairs["count"] >= min_count], weight, ["term_a", "term_b"])
    if top_n is not None:
        edges = edges.head(top_n)
    g = nx.Graph()
    for row in edges.itertuples(index=False):
        g.add_node(row.term_a, type=row.type_a if isinstance(row.type_a, str) else "")
        g.add_node(row.term_b, type=row.type_b if isinstance(row.type_b, str) else "")
        g.add_edge(row.term_a, row.term_b, weight=float(getattr(row, weight)),
                   **{m: getattr(row, m) for m in MEASURES})
    return g


def centre(g, prefer: str | None = None) -> str | None:
    """``prefer`` when it is a node of ``g``, else the node with the most partners (ties: the
    heavier total ``weight``, then code-point order); None for a graph without nodes."""
    if prefer is not None and prefer in g:
        return prefer
    if not len(g):
        return None
    return min(g.nodes, key=lambda n: (-g.degree[n], -g.degree(n, weight="weight"), n))


def ego(g, node: str | None, radius: int = 1, *, top_n: int | None = None):
    """The ego network of ``node``: itself, its neighbours (within ``radius``) and the edges
    among them; with ``top_n``, only its ``top_n`` strongest partners (edge ``weight``, ties by
    name) — a frequent node in a large corpus has too many to draw. An empty graph for
    ``node=None`` (see :func:`centre`)."""
    import networkx as nx

    if node is None:
        return nx.Graph()
    if node not in g:
        raise KeyError(f"{node!r} is not in the graph")
    sub = nx.ego_graph(g, node, radius=radius)
    if top_n is not None:
        partners = sorted(g.neighbors(node), key=lambda n: (-g.edges[node, n]["weight"], n))
        sub = sub.subgraph([node, *partners[:top_n]]).copy()
    return sub
