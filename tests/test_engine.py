"""The chunked engines give exactly the single-process tables (values, order, dtypes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from marsad import cooccur, engine, events, keywords
from marsad.corpus import CorpusError, iter_corpus
from marsad.outputs import read_csv
from marsad.pipeline import prepare

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def assert_tables_equal(got: dict[str, pd.DataFrame], expected: dict[str, pd.DataFrame]) -> None:
    assert list(got) == list(expected)
    for name, frame in expected.items():
        assert_frame_equal(got[name], frame, obj=name)
    assert got["keywords"].attrs == expected["keywords"].attrs


def direct_tables(articles: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The single-process functions on all articles at once."""
    mentions = events.extract_events(articles)
    return {
        "keywords": keywords.frequencies(articles),
        "ngrams": keywords.ngrams(articles, (2, 3)),
        "cooccurrence": cooccur.build(articles).pairs(),
        "events": mentions,
        "timeline": events.merge_timeline(mentions),
    }


@pytest.fixture(scope="module")
def seeds():
    return prepare(SEEDS)


@pytest.fixture(scope="module")
def seed_tables(seeds):
    return direct_tables(seeds.articles)


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def sample_2018(corpus_2018):
    return next(iter(iter_corpus(corpus_2018, chunk_size=400)))


def test_local_equals_direct_functions_on_seeds(seeds, seed_tables):
    result = engine.run(SEEDS)
    assert_tables_equal(result.tables, seed_tables)
    assert len(seed_tables["keywords"]) > 100 and len(seed_tables["cooccurrence"]) > 10
    assert len(seed_tables["events"]) > 10 and len(seed_tables["timeline"]) > 5
    assert result.engine == "local" and result.chunks == 1
    assert result.account == seeds.corpus.account() | {"removed_lines": len(seeds.removed)}


def test_stream_equals_direct_functions_on_seeds(seeds, seed_tables):
    result = engine.run(SEEDS, engine="stream", chunk_size=2)
    assert result.chunks == 3
    assert_tables_equal(result.tables, seed_tables)
    # the account is load_corpus's, without holding the articles
    assert result.account == seeds.corpus.account() | {"removed_lines": len(seeds.removed)}
    assert result.account["articles"] == 5 and result.account["balanced"]


def test_dask_equals_direct_functions_on_seeds(seeds, seed_tables, cluster):
    result = engine.run(SEEDS, engine="dask", chunk_size=2, scheduler=cluster)
    assert result.engine == "dask" and result.chunks == 3
    assert_tables_equal(result.tables, seed_tables)
    assert result.account == seeds.corpus.account() | {"removed_lines": len(seeds.removed)}


def test_dask_reads_the_scheduler_from_the_environment(seed_tables, cluster, monkeypatch):
    monkeypatch.setenv(engine.SCHEDULER_ENV, cluster)
    result = engine.run(SEEDS, engine="dask", chunk_size=3, parts=["keywords"])
    assert list(result.tables) == ["keywords"]
    assert_frame_equal(result.tables["keywords"], seed_tables["keywords"])


@pytest.mark.parametrize("chunk_size", [1, 2, 7])
def test_tables_do_not_depend_on_the_chunk_size(seeds, seed_tables, chunk_size):
    result = engine.run(seeds.articles, engine="stream", chunk_size=chunk_size)
    assert result.chunks == -(-5 // chunk_size)
    assert_tables_equal(result.tables, seed_tables)


def test_combine_of_chunk_tallies_equals_one_tally(seeds, seed_tables):
    articles = seeds.articles
    parts = [engine.tally(articles.iloc[i:i + 2]) for i in range(0, len(articles), 2)]
    whole = engine.tally(articles)
    merged = engine.combine(parts)
    assert merged.articles == whole.articles == 5
    assert merged.term_counts == whole.term_counts and merged.term_total == whole.term_total
    assert list(merged.ngram_counts) == list(whole.ngram_counts)  # first-seen order kept
    assert merged.pair_counts == whole.pair_counts and merged.n_units == whole.n_units
    assert_tables_equal(engine.tables(merged), seed_tables)
    with pytest.raises(ValueError, match="parts differ"):
        engine.Tally(parts=("keywords",)).merge(whole)


def test_merged_cooccurrence_model_answers_other_questions(seeds):
    model = cooccur.build(seeds.articles)
    merged = engine.cooccurrence_model(engine.combine(
        engine.tally(seeds.articles.iloc[[i]], parts=["cooccurrence"]) for i in range(5)))
    assert merged.n_units == model.n_units
    for kwargs in ({"min_count": 1}, {"min_count": 1, "top_k": 6, "sort_by": "npmi"},
                   {"min_count": 3, "sort_by": "g2"}):
        assert_frame_equal(merged.pairs(**kwargs), model.pairs(**kwargs))
    assert_frame_equal(merged.frequencies(), model.frequencies())
    with pytest.raises(NotImplementedError, match="cooccur.build"):
        merged.collocates("روسيا")


def test_raw_dataframe_is_cleaned_first(seeds, seed_tables):
    result = engine.run(seeds.corpus.articles, engine="stream", chunk_size=4)
    assert_tables_equal(result.tables, seed_tables)
    assert result.account["removed_lines"] == len(seeds.removed) > 0


def test_dask_equals_local_on_a_2018_sample(sample_2018, cluster):
    local = engine.run(sample_2018)
    dask = engine.run(sample_2018, engine="dask", chunk_size=150, scheduler=cluster)
    assert dask.chunks == 3 and local.account["articles"] == 400
    assert_tables_equal(dask.tables, local.tables)
    assert dask.account == local.account
    assert len(local.tables["ngrams"]) > 10_000 and len(local.tables["events"]) > 0


def test_many_chunks_equal_local_on_a_2018_sample(sample_2018):
    """More chunks than a tally holds n-gram parts of (engine.NGRAM_PARTS_HELD): they are added
    up along the way, and the tables still equal one pass over all articles."""
    local = engine.run(sample_2018)
    stream = engine.run(sample_2018, engine="stream", chunk_size=20)
    assert stream.chunks == 20 > engine.NGRAM_PARTS_HELD
    assert len(stream.tally.ngram_parts) == 1
    assert_tables_equal(stream.tables, local.tables)


def test_unknown_engine_names_the_engines():
    with pytest.raises(ValueError, match="unknown engine 'spark'.*local, stream, dask"):
        engine.run(SEEDS, engine="spark")
    with pytest.raises(ValueError, match="parts must be"):
        engine.run(SEEDS, parts=["keywords", "topics"])


def test_bad_scheduler_address_is_named(monkeypatch):
    monkeypatch.setattr(engine, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(ConnectionError, match="tcp://127.0.0.1:9"):
        engine.run(SEEDS, engine="dask", scheduler="tcp://127.0.0.1:9")
    with pytest.raises(ConnectionError, match="invalid dask scheduler address 'localhost'"):
        engine.run(SEEDS, engine="dask", scheduler="localhost")


def test_missing_corpus_is_a_corpus_error(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        engine.run(tmp_path / "nothing", engine="stream")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    with pytest.raises(CorpusError, match="no article loaded.*empty.txt"):
        engine.run(tmp_path, engine="stream")


def test_command_line_writes_the_tables(tmp_path, seed_tables):
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "marsad.engine", str(SEEDS), "--engine",
                           "stream", "--chunk-size", "2", "--out", str(out)],
                          capture_output=True, text=True,
                          env=os.environ | {"TQDM_DISABLE": "1"}, check=False)
    assert done.returncode == 0, done.stderr
    assert "records read 5 = 5 loaded + 0 skipped" in done.stdout  # corpus.describe_account
    assert "removed lines: " in done.stdout
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.csv" for n in engine.TABLES)
    for name, frame in seed_tables.items():
        written = read_csv(out / f"{name}.csv")
        assert list(written.columns) == list(frame.columns)
        assert len(written) == len(frame)
    words = read_csv(out / "keywords.csv")
    assert words["term"].tolist() == seed_tables["keywords"]["term"].tolist()
    assert words["count"].astype(int).tolist() == seed_tables["keywords"]["count"].tolist()

    bad = subprocess.run([sys.executable, "-m", "marsad.engine", str(tmp_path / "missing"),
                          "--out", str(out)], capture_output=True, text=True, check=False)
    assert bad.returncode == 2
    assert "error:" in bad.stderr and "missing" in bad.stderr and "Traceback" not in bad.stderr


def test_command_line_survives_unreadable_dates_and_reads_named_columns(tmp_path):
    # issue 12: one '0000-00-00' date once stopped the stream engine before any table
    feed = tmp_path / "feed.csv"
    feed.write_text("المعرف;متى;الخبر\n"
                    "a;0000-00-00 00:00:00;زار فلاديمير بوتين بيونغ يانغ يوم الأربعاء.\n"
                    "b;2023-09-13;التقى بوتين كيم جونغ أون في قاعدة فوستوتشني.\n",
                    encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "marsad.engine", str(feed), "--engine",
                           "stream", "--columns", "published:متى,text:الخبر", "--out",
                           str(out)], capture_output=True, text=True,
                          env=os.environ | {"TQDM_DISABLE": "1"}, check=False)
    assert done.returncode == 0, done.stderr
    assert "notes: 1 (unreadable date 1)" in done.stdout
    events = read_csv(out / "events.csv")
    assert set(events["article_id"]) == {"a", "b"}
    assert set(events.loc[events["article_id"] == "a", "published"]) == {""}
