"""The first steps every notebook shares: load the raw corpus, then clean it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd

from marsad import boilerplate, discovery, gazetteer
from marsad.clean import clean_corpus
from marsad.corpus import Corpus, load_corpus
from marsad.outputs import read_csv, write_csv
from marsad.progress import bar

#: Articles per slice when a long step shows a progress bar.
CHUNK_SIZE = 2000
#: The five seed articles bundled with the project (absent when marsad is installed alone).
BUNDLED_SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@dataclass
class Prepared:
    """A loaded corpus with its cleaned articles, the audit of removed lines and the
    boilerplate learned from it (:mod:`marsad.boilerplate`; empty when none)."""

    corpus: Corpus
    articles: pd.DataFrame
    removed: pd.DataFrame
    learned: pd.DataFrame = field(default_factory=boilerplate.empty)


def prepare(path: str | Path, metadata: str | Path | None = None,
            rules: str | Path | pd.DataFrame | None = None, *, progress: bool = False,
            columns: dict[str, str] | str | None = None, learn=None) -> Prepared:
    """Load ``path`` (folder or file) with optional ``metadata`` and clean every article.

    ``rules``: None for the packaged boilerplate rules, or a rules file / table of one's own.
    ``columns``: which input columns hold the text, id … (``"text:النص,id:المعرف"`` or a
    dict; see :func:`marsad.corpus.load_corpus`). ``learn``: boilerplate learned from the
    corpus (see :func:`clean_learning`).
    """
    corpus = load_corpus(path, metadata=metadata, columns=columns or None, progress=progress)
    articles, removed, learned = clean_learning(corpus.articles, rules, learn=learn,
                                                progress=progress)
    return Prepared(corpus, articles, removed, learned)


def clean_learning(articles: pd.DataFrame, rules=None, *, learn=None, progress: bool = False
                   ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Clean ``articles`` with ``rules`` plus the boilerplate learned from them; return
    ``(articles_out, removed, learned)``.

    ``learn`` (:func:`marsad.boilerplate.setting`): True learns per source from these articles
    (:func:`marsad.boilerplate.learn`: they are cleaned once with ``rules``, counted, and
    cleaned again with the learned rules added when something was learned); False uses
    ``rules`` only; a table or a path gives learned rules to use as they are (an edited
    ``learned_rules.csv``); None (default) reads ``$MARSAD_LEARN`` (``make report LEARN=…``),
    learning when it is unset."""
    how = boilerplate.setting(learn)
    if how is False:
        return (*clean_in_chunks(articles, rules, progress=progress), boilerplate.empty())
    if how is True:
        base, removed = clean_in_chunks(articles, rules, progress=progress)
        learned = boilerplate.learned_from(articles, base)
        if not len(learned):
            return base, removed, learned
    else:
        learned = how
    combined = boilerplate.with_learned(rules, learned)
    return (*clean_in_chunks(articles, combined, progress=progress), learned)


def clean_in_chunks(articles: pd.DataFrame, rules=None, *, chunk_size: int = CHUNK_SIZE,
                    progress: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`marsad.clean.clean_corpus` over slices of ``chunk_size`` articles, with a progress
    bar when ``progress``; the result equals one call on the whole table (cleaning is per
    article)."""
    if not progress or len(articles) <= chunk_size:
        return clean_corpus(articles, rules)
    parts = [clean_corpus(articles.iloc[i:i + chunk_size], rules)
             for i in bar(range(0, len(articles), chunk_size), desc="cleaning",
                          unit=" chunks")]
    return (pd.concat([a for a, _ in parts], ignore_index=True),
            pd.concat([r for _, r in parts], ignore_index=True))


#: The columns of ``articles.csv`` in this order; any other field of the input (``category``,
#: ``author``, metadata columns of one's own) follows the named ones. The raw ``text`` stays in
#: the input files; computed ``terms`` are not written.
ARTICLES_CSV_FIRST = ("article_id", "title", "published", "source", "url", "category", "author",
                      "tags")
ARTICLES_CSV_LAST = ("path", "line", "encoding", "text_clean", "text_norm")


def articles_csv_columns(articles: pd.DataFrame) -> list[str]:
    """The columns of ``articles`` that ``articles.csv`` holds (see :data:`ARTICLES_CSV_FIRST`)."""
    named = (*ARTICLES_CSV_FIRST, *ARTICLES_CSV_LAST)
    others = [c for c in articles.columns if c not in named and c not in ("text", "terms")]
    return [c for c in (*ARTICLES_CSV_FIRST, *others, *ARTICLES_CSV_LAST) if c in articles.columns]


def is_bundled_seeds(articles: pd.DataFrame, seeds: Path = BUNDLED_SEEDS) -> bool:
    """True when ``articles`` are the bundled seed articles — the same texts, whatever folder
    or file they were loaded from. Facts written for the seeds (notebook checks and prose) hold
    only then; a user's folder that happens to be named ``seeds`` is not them."""
    if not seeds.is_dir() or "text" not in articles.columns:
        return False
    files = sorted(seeds.glob("*.txt"))
    if len(articles) != len(files):
        return False
    bundled = sorted(load_corpus(seeds).articles["text"])
    return sorted(articles["text"].astype(str)) == bundled


def is_bundled_seeds_path(path: str | Path, seeds: Path = BUNDLED_SEEDS) -> bool:
    """:func:`is_bundled_seeds` for a corpus path, without reading a corpus larger than twice
    the seeds (it cannot be them)."""
    path, limit = Path(path), 2 * sum(p.stat().st_size for p in seeds.glob("*.txt"))
    if not seeds.is_dir() or not path.exists():
        return False
    total = 0
    try:
        for file in (path.rglob("*") if path.is_dir() else [path]):
            total += file.stat().st_size if file.is_file() else 0
            if total > limit:
                return False
        return is_bundled_seeds(load_corpus(path).articles, seeds)
    except Exception:  # noqa: BLE001 - whatever it is, it is not the seeds
        return False


def corpus_entities(articles: pd.DataFrame, out: str | Path | None = None,
                    user: str | Path | None = None, *, discover: bool = True):
    """Count this corpus's own names from now on: :func:`marsad.discovery.corpus_gazetteer`
    (the built-in layers, the analyst's ``user`` gazetteer file, the names found in the
    cleaned ``articles``) installed with :func:`marsad.gazetteer.use`; returns the
    :class:`marsad.discovery.Found` (its ``entities`` table is ``entities.csv``).

    Notebooks 02-05 each call it, and each runs on its own: the result is kept in
    ``out/.cache/`` under a fingerprint of the articles, the user file and the data files, so
    only the first one computes it. ``discover=False``: the built-in layers and the user file
    only."""
    mark = _fingerprint(articles, user, discover)
    cache = Path(out) / ".cache" if out is not None else None
    if cache is not None and (cache / f"gazetteer-{mark}.csv").exists():
        table = read_csv(cache / f"gazetteer-{mark}.csv")
        entities = read_csv(cache / f"entities-{mark}.csv").astype(
            {"count": "int64", "docs": "int64", "titled": "int64"})
        found = discovery.Found(entities, table[table["origin"] == "discovered"])
    elif discover:
        table, found = discovery.corpus_gazetteer(articles, user)
    else:
        table, found = discovery.corpus_gazetteer(articles.head(0), user)
    if cache is not None and not (cache / f"gazetteer-{mark}.csv").exists():
        for old in cache.glob("*-*.csv") if cache.exists() else []:
            old.unlink()  # one corpus's cache at a time
        write_csv(found.entities, cache / f"entities-{mark}.csv")
        write_csv(table, cache / f"gazetteer-{mark}.csv")
    gazetteer.use(table)
    return found


def _fingerprint(articles: pd.DataFrame, user, discover: bool) -> str:
    """What the corpus's gazetteer depends on: the articles' ids and normalized texts, the
    analyst's file, the packaged data files, and whether names are discovered."""
    digest = hashlib.sha256(b"discover" if discover else b"builtin")
    for aid, text in zip(articles.get("article_id", pd.Series(dtype=str)).astype(str),
                         articles.get("text_norm", pd.Series(dtype=str)).fillna(""),
                         strict=True):
        digest.update(aid.encode() + b"\0" + text.encode() + b"\1")
    if user:
        digest.update(Path(user).read_bytes())
    package = resources.files("marsad")
    for name in ("discovery.py", "gazetteer.py", "word_classes.py"):
        digest.update((package / name).read_bytes())
    for item in sorted((package / "data").iterdir(), key=lambda p: p.name):
        if item.name.endswith(".csv"):
            digest.update(item.read_bytes())
    return digest.hexdigest()[:16]

