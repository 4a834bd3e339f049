"""Issue 7 end to end: a corpus folder with one of each bad input goes through the report runner
(what `make report` calls) with every file accounted for, nothing lost, no traceback, and
byte-identical CSV outputs when run again — the second time with ENGINE=dask (issue 6)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import bad_corpus
import pytest

from marsad.clean_rules import load_rules
from marsad.outputs import read_csv

ROOT = Path(__file__).resolve().parents[1]


def report(corpus: Path, out: Path, *extra: str, metadata: Path | None = None):
    env = {**os.environ, "TQDM_DISABLE": "1", "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}
    cmd = [sys.executable, "-m", "marsad.report", "--corpus", str(corpus), "--out", str(out),
           "--reports", str(out / "reports"), "--notebooks", str(ROOT / "notebooks"), *extra]
    if metadata:
        cmd += ["--metadata", str(metadata)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=1800)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("bad-corpus")
    bad_corpus.write(corpus)
    outs = []
    for name, engine in (("first", "local"), ("second", "dask")):
        out = tmp_path_factory.mktemp(name)
        outs.append((out, report(corpus, out, "--engine", engine,
                                 metadata=corpus / "metadata.csv")))
    return corpus, outs


def test_report_finishes_and_prints_the_account(runs):
    _, [(_, done), _] = runs
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stdout + done.stderr
    assert "marsad: account of the inputs" in done.stdout
    assert "records read 14 = 9 loaded + 5 skipped (4 whole files, 1 records)" in done.stdout
    assert "partly loaded: " in done.stdout and "10-feed.jsonl — broken JSON" in done.stdout


def test_every_file_is_accounted_for(runs):
    corpus, [(out, _), _] = runs
    inputs = read_csv(out / "inputs.csv")
    inputs["name"] = inputs["path"].map(lambda p: Path(p).name)
    assert sorted(inputs["name"]) == sorted(bad_corpus.EXPECTED)  # metadata.csv is not corpus
    for row in inputs.itertuples():
        outcome, why = bad_corpus.EXPECTED[row.name]
        assert int(row.records) == int(row.articles) + int(row.skipped)
        if outcome == "skipped":
            assert (row.status, row.reasons) == ("skipped", why), row
        else:
            assert int(row.articles) > 0 and (why is None or why in row.notes), row
    account = json.loads((out / "account.json").read_text(encoding="utf-8"))
    assert account["balanced"] and account["unaccounted_files"] == []
    skipped = read_csv(out / "skipped.csv")
    assert skipped[["reason", "line"]].values.tolist()[3:] == [
        ["broken JSON", str(bad_corpus.FEED_BROKEN_LINE)], ["no text column", ""],
        ["metadata: unknown article_id", "3"]]


def test_nothing_is_lost(runs):
    corpus, [(out, _), _] = runs
    articles = read_csv(out / "articles.csv").set_index("article_id")
    assert [i for i in articles.index if i.startswith("feed-")] == bad_corpus.FEED_IDS
    assert articles.loc["feed-2", "source"] == "وكالة تجريبية"  # metadata applied
    assert articles.loc["04-windows-1256", "encoding"] == "cp1256"
    assert articles.loc["05-utf16", "encoding"] == "utf-16"
    seed0 = bad_corpus.cp1256_text(bad_corpus._seed(0))
    assert articles.loc["04-windows-1256", "title"] == seed0.splitlines()[0]
    long_text = (corpus / "08-long-line.txt").read_text(encoding="utf-8")
    # 10 MB kept: only strip rules (a tweet link inside) cut pieces out, each one audited
    removed = read_csv(out / "removed.csv")
    pieces = removed.loc[removed["article_id"] == "08-long-line"]
    rules = load_rules().set_index("name")["kind"]
    assert set(rules[pieces["rule"]]) <= {"strip"}
    kept = articles.loc["08-long-line", "text_clean"]
    assert len(kept) > 10_000_000 * 0.5  # characters; the file is 10 MB of UTF-8
    assert len(long_text) - len(kept) <= pieces["text"].str.len().sum() + 2 * len(pieces)
    assert "Pyongyang" in articles.loc["06-english", "text_clean"]
    assert "var x" not in articles.loc["07-page", "text_clean"]  # script dropped, text kept
    assert "\r" not in "".join(articles["text_clean"])
    encodings = {"04-windows-1256": "cp1256", "05-utf16": "utf-16", "09-crlf": "utf-8"}
    assert set(encodings) <= set(removed["article_id"])
    for article_id, codec in encodings.items():  # removed lines are pieces of the original
        raw = (corpus / f"{article_id}.txt").read_bytes().decode(codec)
        pieces = removed.loc[removed["article_id"] == article_id, "text"]
        assert all(piece in raw for piece in pieces), article_id
    reports = out / "reports"
    assert len(list(reports.glob("*.html"))) == 11
    assert max(p.stat().st_size for p in reports.glob("*.html")) < 5_000_000  # display capped


def test_rerun_on_dask_gives_byte_identical_outputs(runs):
    # the second run (`make report ENGINE=dask`, two local workers) must write the same bytes:
    # one check for stable orders on a rerun and for the engine changing nothing
    _, [(first, _), (second, again)] = runs
    assert again.returncode == 0
    # manifest.json records the run itself (its id, engine and times): every other file equal
    names = sorted(p.name for p in first.iterdir()
                   if p.suffix in {".csv", ".json"} and p.name != "manifest.json")
    assert {"articles.csv", "events.csv", "timeline.csv", "keywords.csv", "cooccurrence.csv",
            "inputs.csv", "account.json"} <= set(names)
    assert names == sorted(p.name for p in second.iterdir()
                           if p.suffix in {".csv", ".json"} and p.name != "manifest.json")
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert not list(first.glob(".*.tmp"))  # no half-written temporary left


def test_missing_corpus_is_a_clear_error(tmp_path):
    done = report(tmp_path / "no-such-folder", tmp_path / "out")
    assert done.returncode == 2
    assert f"corpus not found: {tmp_path / 'no-such-folder'}" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_corpus_with_nothing_loadable_names_the_file(tmp_path):
    (tmp_path / "only.csv").write_text("id,title\n1,عنوان\n", encoding="utf-8")
    done = report(tmp_path / "only.csv", tmp_path / "out")
    assert done.returncode == 1
    assert "01-cleaning.ipynb stopped at cell" in done.stderr
    assert "CorpusError" in done.stderr and "only.csv" in done.stderr and "no text column" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
