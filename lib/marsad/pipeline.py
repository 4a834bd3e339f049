"""The first steps every notebook shares: load the raw corpus, then clean it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from marsad.clean import clean_corpus
from marsad.corpus import Corpus, load_corpus
from marsad.progress import bar

#: Articles per slice when a long step shows a progress bar.
CHUNK_SIZE = 2000


@dataclass
class Prepared:
    """A loaded corpus with its cleaned articles and the audit of removed lines."""

    corpus: Corpus
    articles: pd.DataFrame
    removed: pd.DataFrame


def prepare(path: str | Path, metadata: str | Path | None = None,
            rules: str | Path | pd.DataFrame | None = None, *, progress: bool = False) -> Prepared:
    """Load ``path`` (folder or file) with optional ``metadata`` and clean every article.

    ``rules``: None for the packaged boilerplate rules, or a rules file / table of one's own.
    """
    corpus = load_corpus(path, metadata=metadata, progress=progress)
    articles, removed = clean_in_chunks(corpus.articles, rules, progress=progress)
    return Prepared(corpus, articles, removed)


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


def require_column(articles: pd.DataFrame, column: str, where: str) -> None:
    """Raise a clear ``ValueError`` unless ``articles`` is a cleaned-articles table with ``column``."""
    if not isinstance(articles, pd.DataFrame):
        raise ValueError(f"{where} expects a DataFrame of cleaned articles, "
                         f"got {type(articles).__name__}")
    if column not in articles.columns:
        raise ValueError(f"{where}: articles have no {column!r} column "
                         f"(columns: {list(articles.columns)}); run clean_corpus / prepare first")
