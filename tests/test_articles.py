"""marsad.articles: one check and one error type for an articles table handed to a step."""

from __future__ import annotations

import pandas as pd
import pytest

from marsad import articles, cooccur, corpus, keywords
from marsad.articles import CorpusError, require_column
from marsad.clean import clean_corpus
from marsad.sentences import sentences


def test_require_column_names_the_step_and_what_is_missing():
    frame = pd.DataFrame({"article_id": ["a"], "text": ["قال بوتين"]})
    require_column(frame, ["article_id", "text"], "step")  # present: no error
    with pytest.raises(CorpusError, match=r"^kwic: articles have no 'text_clean' column "
                       r"\(columns: \['article_id', 'text'\]\); run clean_corpus / prepare"):
        require_column(frame, "text_clean", "kwic")
    with pytest.raises(CorpusError, match=r"'text_clean', 'text_norm' column.*; load it"):
        require_column(frame, ("text", "text_clean", "text_norm"), "x", hint="load it")
    with pytest.raises(CorpusError, match="ngrams expects a DataFrame of articles, got list"):
        require_column(["قال بوتين"], "text_clean", "ngrams")


def test_one_error_type_across_steps():
    assert corpus.CorpusError is articles.CorpusError and issubclass(CorpusError, ValueError)
    raw = pd.DataFrame({"article_id": ["a"], "text": ["قال بوتين"]})
    with pytest.raises(CorpusError, match="clean_corpus: articles have no 'text' column"):
        clean_corpus(raw.rename(columns={"text": "body"}))
    with pytest.raises(CorpusError, match="sentences: .*run clean_corpus first"):
        sentences(raw)
    with pytest.raises(CorpusError, match="text_units: .*'text_clean'"):
        cooccur.text_units(raw)
    with pytest.raises(CorpusError, match="ngrams: .*'text_clean'"):
        keywords.ngrams(raw)
