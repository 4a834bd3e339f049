"""Corpora beyond one notebook: the analysis tables in chunks, in one process or on a cluster.

Map and merge
-------------
:func:`tally` reads one chunk of cleaned articles into a :class:`Tally` — a *mergeable* partial
result: term counts (:func:`marsad.terms.count_terms`), n-gram counts (2- and 3-grams,
:func:`marsad.keywords.ngram_counts`, what :func:`marsad.keywords.ngrams` counts), entity
co-occurrence counts (sentence units, the default model of :func:`marsad.cooccur.build`: units
per term, units per pair, number of units), the event mentions
(:func:`marsad.events.extract_events`) and the number of articles and removed lines. Each
article is read once for keywords and n-grams (:func:`marsad.terms.article_columns`); sentence
spans, normalization offsets and gazetteer matches are remembered per text
(:mod:`marsad.memo`), so n-grams, co-occurrence and events do not redo them.
``Tally.merge`` adds another tally to it; :func:`tables` turns the total into
the final tables, *equal* (values, row order, dtypes) to the single-process functions on all
articles at once:

``keywords``      = ``keywords.frequencies(articles)``
``ngrams``        = ``keywords.ngrams(articles, (2, 3))``
``cooccurrence``  = ``cooccur.build(articles).pairs()``
``events``        = ``events.extract_events(articles)``
``timeline``      = ``events.merge_timeline(events)`` (run once on the merged events: merging
                    mentions across articles is not a sum, but the event table is small)

This works because every count is a sum over articles (cleaning is per article too, with the
boilerplate learned from the whole corpus first: :func:`run`), every ranking of the final tables is a sort with tie-breakers, and the few ties a sort
leaves to insertion order (n-grams with the same words but other term boundaries) are kept in
first-seen order by merging in corpus order. The merged counts grow with the *vocabulary* of the
corpus (terms, n-grams: every n-gram is kept, as ``ngrams`` keeps it), not with its text.

Engines
-------
:func:`run` takes a corpus path (or a DataFrame of articles) and one of :data:`ENGINES`:

``local``   load and clean everything in one go (:func:`marsad.pipeline.prepare`), tally once;
``stream``  read :func:`marsad.corpus.iter_corpus` chunks, clean and tally each, merge as it
            goes: only one chunk of text is in memory at a time;
``dask``    the same chunks, cleaned and tallied on a ``dask.distributed`` cluster: the address
            in ``scheduler`` (or the ``MARSAD_SCHEDULER`` environment variable), else a local
            cluster of two worker processes, started and closed by the run. This process reads
            the corpus (so skipped records, notes and renamed duplicate ids are those of
            ``load_corpus``), keeps at most two chunks per worker thread in flight, and merges
            the results in corpus order, so the tables do not depend on the engine, the chunk
            size or the number of workers. Remote workers need ``marsad`` installed.

Memory: ``stream`` and ``dask`` hold one chunk of text (per worker) and the merged counts; the
counts grow with the vocabulary, mostly the n-grams (2.6 M distinct 2- and 3-grams in the 31,328
articles of 2018, held as integer arrays: about 0.1 GB merged), and building the final n-gram
table (strings) briefly needs a few times that.

From a shell (a corpus too big for the notebooks)::

    python -m marsad.engine CORPUS --engine stream --out DIR [--metadata M] [--chunk-size N]

writes ``DIR/<table>.csv`` with :func:`marsad.outputs.write_csv` and prints the account.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from marsad import boilerplate, cooccur, events, gazetteer, keywords, terms
from marsad.articles import require_column
from marsad.clean import clean_corpus
from marsad.corpus import (
    SKIPPED_COLUMNS,
    Corpus,
    CorpusError,
    describe_account,
    iter_corpus,
    load_corpus,
    no_article_error,
)
from marsad.outputs import write_csv
from marsad.pipeline import corpus_entities, prepare
from marsad.progress import bar

ENGINES = ("local", "stream", "dask")
ALL_PARTS = ("keywords", "ngrams", "cooccurrence", "events")
TABLES = ("keywords", "ngrams", "cooccurrence", "events", "timeline")
NGRAM_SIZES = (2, 3)
SCHEDULER_ENV = "MARSAD_SCHEDULER"
CONNECT_TIMEOUT = "5s"  # to reach a dask scheduler
LOCAL_WORKERS = 2
IN_FLIGHT_PER_WORKER = 2
DEFAULT_CHUNK_SIZE = 5000
NGRAM_PARTS_HELD = 8  # chunks' n-gram counts held before they are added up

# --------------------------------------------------------------------------------------------
# the partial result
# --------------------------------------------------------------------------------------------


@dataclass
class Tally:
    """Mergeable counts of a set of cleaned articles (see the module docstring).

    ``term_counts``/``term_docs``/``term_total``: as :func:`marsad.terms.count_terms`;
    ``ngram_counts``: a :class:`marsad.keywords.NgramCounts` (each n-gram's occurrences
    ``.count`` and articles ``.docs``, in first-seen order; ``ngram_docs`` gives the articles as
    a dict), kept as the merged chunks' parts (``ngram_parts``, up to :data:`NGRAM_PARTS_HELD`)
    and added up in one pass when read; ``unit_freq`` (entity → sentences containing it),
    ``pair_counts`` ((a, b) with a < b → sentences containing both), ``n_units`` (sentences);
    ``events``: the event frames of the chunks, in order; ``articles``, ``removed`` (lines or
    spans removed by cleaning); ``parts``: what was counted.
    """

    parts: tuple[str, ...] = ALL_PARTS
    articles: int = 0
    removed: int = 0
    term_counts: Counter = field(default_factory=Counter)
    term_docs: Counter = field(default_factory=Counter)
    term_total: int = 0
    ngram_parts: list[keywords.NgramCounts] = field(default_factory=list)
    unit_freq: Counter = field(default_factory=Counter)
    pair_counts: Counter = field(default_factory=Counter)
    n_units: int = 0
    events: list[pd.DataFrame] = field(default_factory=list)

    def merge(self, other: Tally) -> Tally:
        """Add ``other`` into this tally (in place: streaming merges cost no copies) and return
        it. Merge in corpus order: n-gram ties and event rows keep that order."""
        if tuple(other.parts) != tuple(self.parts):
            raise ValueError(f"Tally.merge: parts differ ({self.parts} vs {other.parts})")
        self.articles += other.articles
        self.removed += other.removed
        self.term_counts.update(other.term_counts)
        self.term_docs.update(other.term_docs)
        self.term_total += other.term_total
        self.ngram_parts.extend(other.ngram_parts)  # added up when read (ngram_counts)
        if len(self.ngram_parts) >= NGRAM_PARTS_HELD:
            self.ngram_parts = [self.ngram_counts]
        self.unit_freq.update(other.unit_freq)
        self.pair_counts.update(other.pair_counts)
        self.n_units += other.n_units
        self.events.extend(other.events)
        return self

    @property
    def ngram_counts(self) -> keywords.NgramCounts:
        """The n-gram counts: the merged parts, added up in one pass
        (:meth:`marsad.keywords.NgramCounts.combine`) when read."""
        if len(self.ngram_parts) != 1:
            self.ngram_parts = [keywords.NgramCounts.combine(self.ngram_parts, NGRAM_SIZES)]
        return self.ngram_parts[0]

    @ngram_counts.setter
    def ngram_counts(self, counts: keywords.NgramCounts) -> None:
        self.ngram_parts = [counts]

    @property
    def ngram_docs(self) -> dict[tuple[str, ...], int]:
        """n-gram (term tuple) → articles containing it, in first-seen order."""
        return self.ngram_counts.doc_counts()


def combine(tallies: Iterable[Tally], parts: Sequence[str] | None = None) -> Tally:
    """A new tally, the sum of ``tallies`` in the order given (``parts``: of an empty sum)."""
    total: Tally | None = None
    for t in tallies:
        total = Tally(parts=tuple(t.parts)) if total is None else total
        total.merge(t)
    return total if total is not None else Tally(parts=_check_parts(parts or ALL_PARTS))


def _check_parts(parts: Iterable[str]) -> tuple[str, ...]:
    parts = tuple(dict.fromkeys(parts))
    unknown = [p for p in parts if p not in ALL_PARTS]
    if unknown or not parts:
        raise ValueError(f"parts must be a non-empty selection of {ALL_PARTS}, got {parts}")
    return tuple(p for p in ALL_PARTS if p in parts)


# --------------------------------------------------------------------------------------------
# map: one chunk
# --------------------------------------------------------------------------------------------


def tally(articles: pd.DataFrame, parts: Iterable[str] = ALL_PARTS) -> Tally:
    """The :class:`Tally` of a chunk of cleaned articles (``prepare(...).articles`` rows)."""
    parts = _check_parts(parts)
    require_column(articles, "text_clean", "engine.tally", hint="use tally_raw for raw articles")
    out = Tally(parts=parts, articles=len(articles))
    if not len(articles):
        return out
    # the terms of each article, with offsets, read once for keywords and n-grams
    columns = terms.article_columns(articles) if {"keywords", "ngrams"} & set(parts) else None
    if "keywords" in parts:
        out.term_counts, out.term_docs, out.term_total = terms.count_terms(
            read.columns[0] for read in columns)
    if "ngrams" in parts:
        out.ngram_counts = keywords.ngram_counts(articles, NGRAM_SIZES, columns=columns)
    if "cooccurrence" in parts:
        model = cooccur.build(articles)
        a, b, count = model.pair_counts(1, max_pairs=None)
        vocab = model.vocab.tolist()
        out.unit_freq = Counter(dict(zip(vocab, model.f.tolist(), strict=True)))
        out.pair_counts = Counter({(vocab[i], vocab[j]): c for i, j, c in
                                   zip(a.tolist(), b.tolist(), count.tolist(), strict=True)})
        out.n_units = int(model.n_units)
    if "events" in parts:
        out.events = [events.extract_events(articles)]
    return out


def tally_raw(articles: pd.DataFrame, rules=None, parts: Iterable[str] = ALL_PARTS) -> Tally:
    """:func:`marsad.clean.clean_corpus` a chunk of raw articles (``rules`` as there), then
    :func:`tally` it; ``removed`` counts the audit rows."""
    clean, removed = clean_corpus(articles, rules)
    out = tally(clean, parts)
    out.removed = len(removed)
    return out


# --------------------------------------------------------------------------------------------
# reduce: final tables
# --------------------------------------------------------------------------------------------


@dataclass
class MergedCooccurrence(cooccur.Cooccurrence):
    """A :class:`marsad.cooccur.Cooccurrence` rebuilt from merged counts: ``pairs()`` and
    ``frequencies()`` work as on a model built from all articles (any ``min_count``,
    ``top_k``, ``sort_by``); collocates need the units, so build a model for those."""

    merged_pairs: tuple[np.ndarray, np.ndarray, np.ndarray] | None = field(default=None,
                                                                          repr=False)

    def pair_counts(self, min_count: int = 2, top_k: int | None = None, *,
                    max_pairs: int | None = cooccur.DEFAULT_MAX_PAIRS
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        a, b, count = self.merged_pairs
        keep = np.zeros(len(self.vocab), dtype=bool)
        keep[self.prune(min_count, top_k)] = True
        mask = keep[a] & keep[b] & (count >= min_count)
        if max_pairs is not None and int(mask.sum()) > max_pairs:
            raise ValueError(f"co-occurrence: {int(mask.sum()):,} pairs reach the minimum count "
                             f"(more than max_pairs={max_pairs:,}); raise min_count or set top_k")
        return a[mask], b[mask], count[mask]

    def collocates(self, node: str, min_count: int = 1, *, sort_by: str = "count"):
        raise NotImplementedError("a merged co-occurrence model holds counts, not units: use "
                                  "cooccur.build(articles) for collocates and concordances")

    def concordance(self, node: str, collocate: str):
        self.collocates(node)


def cooccurrence_model(t: Tally) -> MergedCooccurrence:
    """The merged sentence/entity co-occurrence model of a tally (``.pairs(...)``)."""
    vocab = np.array(sorted(t.unit_freq), dtype=object)
    ids = {term: i for i, term in enumerate(vocab.tolist())}
    f = np.array([t.unit_freq[term] for term in vocab.tolist()], dtype=np.int64)
    keys = sorted(t.pair_counts, key=lambda p: (ids[p[0]], ids[p[1]]))
    a = np.array([ids[p[0]] for p in keys], dtype=np.int64)
    b = np.array([ids[p[1]] for p in keys], dtype=np.int64)
    count = np.array([t.pair_counts[p] for p in keys], dtype=np.int64)
    names = np.array(sorted(cooccur.entity_names()), dtype=object)
    units = pd.DataFrame({c: pd.Series(dtype="str" if c in ("unit", "article_id", "text")
                                       else "int64") for c in cooccur.UNIT_COLUMNS})
    return MergedCooccurrence(units, vocab, f, t.n_units, cooccur.entity_types(), None,
                              np.isin(vocab, names), merged_pairs=(a, b, count))


def _events_table(t: Tally) -> pd.DataFrame:
    frames = [f for f in t.events if len(f)]
    if not frames:
        return t.events[0] if t.events else events.extract_events(
            pd.DataFrame({"article_id": pd.Series(dtype="str"),
                          "text_clean": pd.Series(dtype="str")}))
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    return pd.concat(frames, ignore_index=True)


def tables(t: Tally, *, submit: Callable | None = None) -> dict[str, pd.DataFrame]:
    """The final tables of a tally (names in :data:`TABLES`; only those of ``t.parts``).
    ``submit``: runs :func:`marsad.events.merge_timeline` elsewhere while the other tables are
    built here (a dask ``Client.submit``: the timeline on a worker); the result is the same."""
    out: dict[str, pd.DataFrame] = {}
    timeline = None
    if "events" in t.parts:
        out["events"] = _events_table(t)
        if submit is not None:
            timeline = submit(events.merge_timeline, out["events"])
    if "keywords" in t.parts:
        out["keywords"] = keywords.frequency_table(t.term_counts, t.term_docs, t.term_total)
    if "ngrams" in t.parts:
        out["ngrams"] = keywords.ngram_table(t.ngram_counts, NGRAM_SIZES)
    if "cooccurrence" in t.parts:
        model = cooccurrence_model(t)
        # cooccur.association needs N > 0; with no sentence at all there is no pair either
        out["cooccurrence"] = (model if model.n_units else replace(model, n_units=1)).pairs()
    if "events" in t.parts:
        out["timeline"] = (events.merge_timeline(out["events"]) if timeline is None
                           else timeline.result())
    return {name: out[name] for name in TABLES if name in out}


# --------------------------------------------------------------------------------------------
# running a corpus
# --------------------------------------------------------------------------------------------


@dataclass
class Run:
    """The result of :func:`run`: ``tables`` (see :func:`tables`), ``account`` (the input
    accounting of :meth:`marsad.corpus.Corpus.account`, plus ``removed_lines``), ``engine``,
    ``chunks`` (how many chunks were tallied) and the merged ``tally``."""

    tables: dict[str, pd.DataFrame]
    account: dict[str, Any]
    engine: str
    chunks: int
    tally: Tally = field(repr=False)

    def summary(self) -> str:
        acc = self.account
        return (f"{acc['articles']:,} articles from {acc.get('files_with_articles', 0):,} of "
                f"{acc.get('files_found', 0):,} files, engine {self.engine}, "
                f"{self.chunks:,} chunk(s); " + ", ".join(f"{k} {len(v):,} rows"
                                                         for k, v in self.tables.items()))


def run(source: str | Path | pd.DataFrame, metadata=None, *, engine: str = "local",
        chunk_size: int = DEFAULT_CHUNK_SIZE, scheduler=None, parts: Iterable[str] = ALL_PARTS,
        progress: bool = False, rules=None, columns=None, discover: bool = True,
        gazetteer_file=None, learn=None) -> Run:
    """The tables of a corpus (folder or file, with optional ``metadata``) or of a DataFrame of
    articles (cleaned — with ``text_clean`` — or raw, which is cleaned first), computed by
    ``engine`` (one of :data:`ENGINES`) in chunks of ``chunk_size`` articles. ``scheduler``: a
    dask scheduler address (``"tcp://host:8786"``) or a ``distributed.Client``, for
    ``engine="dask"``; default ``$MARSAD_SCHEDULER``, else a local cluster. ``rules``: the
    cleaning rules (as for :func:`marsad.clean.clean_corpus`). ``columns``: which input
    columns hold the text, id … (as for :func:`marsad.corpus.load_corpus`). ``learn``:
    boilerplate learned from raw articles, as for :func:`marsad.pipeline.clean_learning`
    (default: ``$MARSAD_LEARN``, learning when unset): it is learned from the whole corpus
    before any chunk is cleaned — for ``stream`` and ``dask`` by a first pass over the chunks
    in this process — so every engine cleans with the same rules as
    :func:`marsad.pipeline.prepare`.

    Entities: a DataFrame is counted with this process's gazetteer (notebooks install the
    corpus's own with :func:`marsad.pipeline.corpus_entities`); a corpus path is first read
    for its own names (``discover``) and an analyst's ``gazetteer_file`` — on a cluster the
    workers count with the same gazetteer."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    parts = _check_parts(parts)
    if isinstance(chunk_size, bool) or int(chunk_size) != chunk_size or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive whole number, got {chunk_size!r}")
    if isinstance(source, pd.DataFrame):
        if metadata is not None:
            raise ValueError("metadata joins a corpus path; merge it into the DataFrame instead")
        if "text_clean" not in source.columns and "text" in source.columns:
            rules = _with_learned(rules, learn, lambda: boilerplate.learn(source, rules))
        # "local" takes the table in one go, unless a progress bar wants slices to count
        whole = engine == "local" and not progress
        size = len(source) if whole else int(chunk_size)
        chunks: Iterable[pd.DataFrame] = _slices(source, size)
        if progress:
            chunks = bar(chunks, total=max(1, -(-len(source) // max(size, 1))),
                          desc=f"counting ({engine})", unit=" chunks")
        reader = None
    elif engine == "local":
        corpus = load_corpus(source, metadata, columns, progress=progress)
        rules = _with_learned(rules, learn, lambda: boilerplate.learn(corpus.articles, rules))
        cleaned, removed = clean_corpus(corpus.articles, rules)
        corpus_entities(cleaned, None, gazetteer_file, discover=discover)
        t = tally(cleaned, parts)
        t.removed = len(removed)
        return Run(tables(t), corpus.account() | {"removed_lines": t.removed}, engine, 1, t)
    else:
        rules = _with_learned(rules, learn, lambda: boilerplate.learn_chunks(
            iter_corpus(source, columns, chunk_size=int(chunk_size), metadata=metadata), rules))
        # the names of the corpus are found first, on the whole cleaned corpus (a pass that
        # holds its cleaned texts; discover=False skips it for a corpus too large for that)
        if discover or gazetteer_file:
            corpus_entities(prepare(source, metadata, rules, columns=columns, learn=False).articles
                            if discover else pd.DataFrame(), None, gazetteer_file,
                            discover=discover)
        reader = iter_corpus(source, columns, chunk_size=int(chunk_size), metadata=metadata,
                             progress=progress)
        chunks = reader
    paths: Counter = Counter()
    clean = isinstance(source, pd.DataFrame) and "text_clean" in source.columns

    def counted(items: Iterable[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for chunk in items:
            paths.update(chunk["path"].astype(str) if "path" in chunk.columns
                         else ["<DataFrame>"] * len(chunk))
            yield chunk

    if engine == "dask":
        t, n, final = _dask(counted(chunks), clean, parts, rules, scheduler)
    else:
        t, n, final = Tally(parts=parts), 0, None
        for chunk in counted(chunks):
            t.merge(_tally_chunk(chunk, clean, parts, rules))
            n += 1
    if reader is not None and n == 0:
        raise no_article_error(source, reader.skipped)
    account = _account(reader, paths, t.articles) | {"removed_lines": t.removed}
    return Run(final if final is not None else tables(t), account, engine, n, t)


def _with_learned(rules, learn, learning: Callable[[], pd.DataFrame]):
    """``rules`` plus the learned boilerplate (``learning()`` when ``learn`` says to learn)."""
    how = boilerplate.setting(learn)
    if how is False:
        return rules
    return boilerplate.with_learned(rules, learning() if how is True else how)


def _slices(frame: pd.DataFrame, size: int) -> Iterator[pd.DataFrame]:
    if not len(frame):
        yield frame
    for start in range(0, len(frame), max(size, 1)):
        yield frame.iloc[start:start + size]


def _tally_chunk(chunk: pd.DataFrame, clean: bool, parts: tuple[str, ...], rules,
                 entities: tuple[pd.DataFrame | None, str | None] | None = None) -> Tally:
    """The map step (also what a dask worker runs, told which gazetteer to count with:
    ``entities`` = (table, fingerprint), (None, None) for the built-in one; None: the
    process's own, as it is)."""
    if entities is not None:
        gazetteer.use_if_other(*entities)
    if clean:
        return tally(chunk, parts)
    if "text" not in chunk.columns:
        raise ValueError(f"engine.run: articles need 'text_clean' (cleaned) or 'text' (raw); "
                         f"columns: {list(chunk.columns)}")
    return tally_raw(chunk, rules, parts)


def _with_entities(fn: Callable, frame: pd.DataFrame, entities: tuple) -> Any:
    """``fn(frame)`` counted with the gazetteer ``entities`` (see :func:`_tally_chunk`)."""
    gazetteer.use_if_other(*entities)
    return fn(frame)


def _account(reader, paths: Counter, n_articles: int) -> dict[str, Any]:
    """``Corpus.account()`` without the articles: a stand-in frame holds only each article's
    file (categorical codes)."""
    names = list(paths)
    codes = np.repeat(np.arange(len(names), dtype=np.int32), [paths[p] for p in names])
    stand_in = pd.DataFrame({"path": pd.Categorical.from_codes(codes, categories=names)})
    if len(stand_in) != n_articles:
        raise RuntimeError(f"engine: {len(stand_in)} articles read but {n_articles} tallied")
    if reader is not None:
        return reader.corpus(stand_in).account()
    empty = pd.DataFrame({c: pd.Series(dtype="str") for c in SKIPPED_COLUMNS})
    return Corpus(articles=stand_in, skipped=empty, files=names,
                  records_read=n_articles).account()


# --------------------------------------------------------------------------------------------
# dask
# --------------------------------------------------------------------------------------------


def _scheduler_address(scheduler) -> str | None:
    if scheduler is None:
        return os.environ.get(SCHEDULER_ENV) or None
    return scheduler


def connect(address: str, timeout: str | None = None):
    """A ``distributed.Client`` of the scheduler at ``address``; ``ConnectionError`` naming the
    address when it cannot be reached within ``timeout`` (default :data:`CONNECT_TIMEOUT`)."""
    from distributed import Client

    timeout = timeout or CONNECT_TIMEOUT
    try:
        return Client(address, timeout=timeout)
    except (ValueError, TypeError) as exc:
        raise ConnectionError(f"invalid dask scheduler address {address!r} ({exc}); expected "
                              f"e.g. tcp://host:8786") from None
    except (OSError, TimeoutError) as exc:
        raise ConnectionError(f"cannot reach the dask scheduler at {address!r} within {timeout} "
                              f"({type(exc).__name__}: {exc}); start one with `dask scheduler` "
                              f"and `dask worker {address}`, or leave the address out for a "
                              f"local cluster") from None


def _dask(chunks: Iterable[pd.DataFrame], clean: bool, parts: tuple[str, ...], rules,
          scheduler) -> tuple[Tally, int, dict[str, pd.DataFrame] | None]:
    """Tally the chunks on a cluster, at most ``IN_FLIGHT_PER_WORKER`` × worker threads at a
    time (each chunk is scattered to a worker, then tallied there), merging the results in
    chunk order; then (when some chunk was read) the tables, the timeline merged on a worker
    meanwhile."""
    from distributed import Client, LocalCluster

    address = _scheduler_address(scheduler)
    cluster = None
    if isinstance(address, Client):
        client, own = address, False
    elif address:
        client, own = connect(str(address)), True
    else:
        cluster = LocalCluster(n_workers=LOCAL_WORKERS, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        client, own = Client(cluster), True
    try:
        slots = sum(client.nthreads().values()) or LOCAL_WORKERS  # worker threads
        limit = IN_FLIGHT_PER_WORKER * slots
        total, n = Tally(parts=parts), 0
        pending: deque = deque()
        active = gazetteer.active()  # the workers count with this process's gazetteer
        entities = ((None, None) if active.builtin else
                    (client.scatter(active.table, broadcast=True, hash=False),
                     active.fingerprint))
        for chunk in chunks:
            data = client.scatter(chunk, hash=False)
            pending.append(client.submit(_tally_chunk, data, clean, parts, rules, entities,
                                         pure=False))
            del data
            n += 1
            if len(pending) >= limit:
                total.merge(pending.popleft().result())
        while pending:
            total.merge(pending.popleft().result())
        def submit(fn: Callable, frame: pd.DataFrame):  # the frame goes to a worker first
            return client.submit(_with_entities, fn, client.scatter(frame, hash=False),
                                 entities, pure=False)

        return total, n, tables(total, submit=submit) if n else None
    finally:
        if own:
            client.close()
        if cluster is not None:
            cluster.close()


# --------------------------------------------------------------------------------------------
# command line
# --------------------------------------------------------------------------------------------


def write_tables(result: Run, out: str | Path) -> list[Path]:
    """Write every table of ``result`` to ``out/<name>.csv`` (:func:`marsad.outputs.write_csv`)."""
    out = Path(out)
    return [write_csv(frame, out / f"{name}.csv") for name, frame in result.tables.items()]


def _learn_arg(value: str):
    """``--learn`` → True, False or the path of a learned-rules file."""
    low = value.strip().lower()
    return True if low in ("1", "yes", "true", "on") else False if low in (
        "0", "no", "false", "off") else value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m marsad.engine",
        description="Keyword, n-gram, co-occurrence, event and timeline tables of a corpus, "
                    "in chunks (stream) or on a dask cluster; CSVs to --out.")
    parser.add_argument("corpus", help="corpus folder or file")
    parser.add_argument("--metadata", default=None, help="metadata CSV/TSV (article_id column)")
    parser.add_argument("--columns", default=None,
                        help="input columns by role, e.g. text:النص,id:المعرف")
    parser.add_argument("--gazetteer", default=None,
                        help="a CSV of your own entities to add, rename or reject")
    parser.add_argument("--no-discovery", action="store_true",
                        help="count only the built-in (and --gazetteer) entities: no pass over "
                             "the whole corpus for its own names")
    parser.add_argument("--engine", default="stream", choices=ENGINES)
    parser.add_argument("--scheduler", default=None,
                        help=f"dask scheduler address (default: ${SCHEDULER_ENV}, else a local "
                             "cluster)")
    parser.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK_SIZE)
    parser.add_argument("--parts", default=",".join(ALL_PARTS),
                        help=f"comma-separated subset of {','.join(ALL_PARTS)}")
    parser.add_argument("--out", required=True, help="folder for the CSV tables")
    parser.add_argument("--progress", action="store_true", help="show a progress bar")
    parser.add_argument("--learn", default=None,
                        help="boilerplate learned per source: 1 (learn), 0 (packaged rules only) "
                             f"or a learned_rules.csv to use (default: ${boilerplate.LEARN_ENV}, "
                             "else learn)")
    args = parser.parse_args(argv)
    try:
        result = run(args.corpus, args.metadata or None, engine=args.engine,
                     chunk_size=args.chunk_size, scheduler=args.scheduler,
                     parts=[p.strip() for p in args.parts.split(",") if p.strip()],
                     progress=args.progress, columns=args.columns,
                     discover=not args.no_discovery, gazetteer_file=args.gazetteer,
                     learn=None if args.learn is None else _learn_arg(args.learn))
        written = write_tables(result, args.out)
    except (CorpusError, ConnectionError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(result.summary())
    print(describe_account(result.account))
    print(f"removed lines: {result.account['removed_lines']:,}")
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
