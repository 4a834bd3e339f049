"""The articles table and its one error type.

Every step takes the articles as a DataFrame, one row per article: :func:`marsad.corpus.load_corpus`
gives ``article_id, text`` and the metadata it found, :func:`marsad.clean.clean_corpus` adds
``title, published, source, tags, text_clean, text_norm``. A step handed something else says so
with :class:`CorpusError` through :func:`require_column`, naming the step and what is missing.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


class CorpusError(ValueError):
    """An input problem that stops a step: a corpus file that cannot be loaded (the message names
    the file) or an articles table without the columns a step needs (the message names the step
    and the columns)."""


def require_column(articles: pd.DataFrame, column: str | Sequence[str], where: str, *,
                   hint: str = "run clean_corpus / prepare first") -> None:
    """Raise :class:`CorpusError` unless ``articles`` is a DataFrame with ``column`` (one name or
    several); ``where`` names the step in the message, ``hint`` says how to get the column."""
    if not isinstance(articles, pd.DataFrame):
        raise CorpusError(f"{where} expects a DataFrame of articles, "
                          f"got {type(articles).__name__}")
    wanted = [column] if isinstance(column, str) else list(column)
    missing = [c for c in wanted if c not in articles.columns]
    if missing:
        names = ", ".join(repr(c) for c in missing)
        raise CorpusError(f"{where}: articles have no {names} column "
                          f"(columns: {list(articles.columns)}); {hint}")
