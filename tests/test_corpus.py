from __future__ import annotations

import codecs
import gzip
import json
import os
import re
import tempfile
import unicodedata
import zlib
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.clean import clean_corpus
from marsad.corpus import (
    CorpusError,
    describe_account,
    detect_encoding,
    html_to_text,
    iter_corpus,
    load_corpus,
)
from marsad.outputs import write_csv

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

# Three short hand-made articles (real Arabic news phrasing).
ARTICLES = [
    {"id": "a1", "title": "وفد روسي يغادر كوريا الشمالية",
     "date": "17th, November 2023 GMT", "source": "الراي", "url": "https://example.org/a1",
     "text": "أفادت وسائل إعلام كورية شمالية اليوم الجمعة بأن وفدا روسيًا غادر بيونغ يانغ.\n"
             "وجاءت الزيارة في أعقاب تحذير وزير الخارجية."},
    {"id": "a2", "title": "لافروف في بيونج يانج",
     "date": "2023-10-18", "source": "سكاي نيوز", "url": "https://example.org/a2",
     "text": "وصل وزير الخارجية الروسي سيرغي لافروف إلى بيونغ يانغ في 18 أكتوبر/تشرين الأول."},
    {"id": "a3", "title": "بوتين يستقبل كيم جونغ أون",
     "date": "Sun, 18 Feb 2018 21:35:43 +0400", "source": "CNN", "url": "https://example.org/a3",
     "text": "استقبل الرئيس فلاديمير بوتين الزعيم الكوري الشمالي كيم جونغ أون في قاعدة فوستوتشني."},
]
ARABIC = ARTICLES[0]["text"]
# What counts as blank: whitespace, bidi and zero-width marks, soft hyphen, BOM.
INVISIBLE = re.compile(r"[\s\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]*")


def write_jsonl(path: Path, rows: list[dict], opener=open) -> Path:
    with opener(path, "wt", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def reasons(corpus) -> list[tuple[str, str]]:
    return [(Path(p).name, r) for p, r in zip(corpus.skipped.path, corpus.skipped.reason,
                                               strict=True)]


# --- seeds ---------------------------------------------------------------------------------


def test_seeds_load_five_articles_with_file_text():
    corpus = load_corpus(SEEDS)
    files = sorted(SEEDS.glob("*.txt"))
    art = corpus.articles
    assert list(art.article_id) == [f.stem for f in files]
    assert list(art.article_id)[:2] == ["000_c29df2e807393e5d", "001_f8d0b1c6686edb80"]
    assert set(art.encoding) == {"utf-8"}
    assert list(art.text) == [f.read_bytes().decode("utf-8") for f in files]
    assert art.text[0].startswith("وفد روسي يغادر كوريا الشمالية بعد زيارة استغرقت يومين\n")
    assert list(art.path) == [str(SEEDS / f.name) for f in files]
    assert art.line.isna().all()
    assert art.published.isna().all()  # standard columns exist even when unknown
    assert corpus.skipped.empty and corpus.notes.empty
    assert corpus.files == [str(SEEDS / f.name) for f in files]
    assert len(corpus) == 5
    assert "5 articles from 5 of 5 files" in corpus.summary()
    assert repr(corpus).startswith("<Corpus: 5 articles")


def test_seed_as_single_file():
    path = sorted(SEEDS.glob("*.txt"))[2]
    art = load_corpus(path).articles
    assert list(art.article_id) == [path.stem]
    assert art.text[0] == path.read_text(encoding="utf-8")


def test_iter_corpus_chunks_match_load_corpus():
    reader = iter_corpus(SEEDS, chunk_size=2)
    chunks = list(reader)
    assert [len(c) for c in chunks] == [2, 2, 1]
    joined = pd.concat(chunks, ignore_index=True)
    pd.testing.assert_frame_equal(joined, load_corpus(SEEDS).articles)
    assert reader.corpus(joined).account()["balanced"]


# --- formats -------------------------------------------------------------------------------


def check_three(art: pd.DataFrame, lines: list[int | None]) -> None:
    assert list(art.article_id) == ["a1", "a2", "a3"]
    assert list(art.text) == [a["text"] for a in ARTICLES]
    assert list(art.title) == [a["title"] for a in ARTICLES]
    assert list(art.published) == [a["date"] for a in ARTICLES]
    assert list(art.source) == ["الراي", "سكاي نيوز", "CNN"]
    assert list(art.url) == [a["url"] for a in ARTICLES]
    assert art.line.tolist() == lines
    assert set(art.encoding) == {"utf-8"}
    assert "date" not in art.columns and "id" not in art.columns


def test_jsonl(tmp_path):
    path = write_jsonl(tmp_path / "news.jsonl", ARTICLES)
    corpus = load_corpus(path)
    check_three(corpus.articles, [1, 2, 3])
    assert set(corpus.articles.path) == {str(path)}


def test_jsonl_gz_with_blank_line(tmp_path):
    path = tmp_path / "news.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(ARTICLES[0], ensure_ascii=False) + "\n\n")
        for row in ARTICLES[1:]:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    check_three(load_corpus(path).articles, [1, 3, 4])


def test_json_list_and_wrapped_list(tmp_path):
    (tmp_path / "list.json").write_text(json.dumps(ARTICLES, ensure_ascii=False), "utf-8")
    check_three(load_corpus(tmp_path / "list.json").articles, [1, 2, 3])
    wrapped = {"count": 3, "articles": ARTICLES}
    (tmp_path / "wrapped.json").write_text(json.dumps(wrapped, ensure_ascii=False), "utf-8")
    check_three(load_corpus(tmp_path / "wrapped.json").articles, [1, 2, 3])


def test_json_name_holding_json_lines(tmp_path):
    path = write_jsonl(tmp_path / "news.json", ARTICLES)
    check_three(load_corpus(path).articles, [1, 2, 3])


def test_csv_and_tsv_with_multiline_text(tmp_path):
    frame = pd.DataFrame(ARTICLES)
    frame.to_csv(tmp_path / "news.csv", index=False)
    # header is line 1; article a1 spans lines 2-3 (its text has a line break)
    check_three(load_corpus(tmp_path / "news.csv").articles, [2, 4, 5])
    frame.to_csv(tmp_path / "news.tsv", index=False, sep="\t")
    check_three(load_corpus(tmp_path / "news.tsv").articles, [2, 4, 5])


def test_csv_semicolon_delimiter(tmp_path):
    pd.DataFrame(ARTICLES).to_csv(tmp_path / "news.csv", index=False, sep=";")
    check_three(load_corpus(tmp_path / "news.csv").articles, [2, 4, 5])


def test_parquet(tmp_path):
    pd.DataFrame(ARTICLES).to_parquet(tmp_path / "news.parquet")
    check_three(load_corpus(tmp_path / "news.parquet").articles, [1, 2, 3])


def test_folder_mixing_formats_is_sorted(tmp_path):
    (tmp_path / "sub").mkdir()
    write_jsonl(tmp_path / "b.jsonl", ARTICLES[1:])
    (tmp_path / "sub" / "c.txt.gz").write_bytes(gzip.compress("مقال ثالث عن موسكو".encode()))
    (tmp_path / "a.txt").write_text("مقال أول عن واشنطن", "utf-8")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "a-checkpoint.txt").write_text("نسخة", "utf-8")
    corpus = load_corpus(tmp_path)
    assert list(corpus.articles.article_id) == ["a", "a2", "a3", "c"]
    assert [Path(p).name for p in corpus.files] == ["a.txt", "b.jsonl", "c.txt.gz"]
    assert corpus.articles.text[3] == "مقال ثالث عن موسكو"
    assert corpus.articles.line.isna().tolist() == [True, False, False, True]
    assert corpus.articles.line.iloc[1:3].tolist() == [1, 2]


# --- encodings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codec", "raw_bytes", "recorded"),
    [
        ("utf-8", lambda t: t.encode("utf-8"), "utf-8"),
        ("utf-8-sig", lambda t: t.encode("utf-8-sig"), "utf-8-sig"),
        ("utf-16", lambda t: t.encode("utf-16"), "utf-16"),
        ("utf-16-be+BOM", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16"),
        ("utf-16-le no BOM", lambda t: t.encode("utf-16-le"), "utf-16-le"),
        ("cp1256", lambda t: t.encode("cp1256"), "cp1256"),
    ],
)
def test_txt_encodings_round_trip_arabic(tmp_path, codec, raw_bytes, recorded):
    (tmp_path / "doc.txt").write_bytes(raw_bytes(ARABIC))
    art = load_corpus(tmp_path / "doc.txt").articles
    assert art.text[0] == ARABIC
    assert art.encoding[0] == recorded
    assert (tmp_path / "doc.txt").read_bytes().decode(recorded) == ARABIC


def test_streamed_formats_in_cp1256_and_utf16(tmp_path):
    pd.DataFrame(ARTICLES).to_csv(tmp_path / "news.csv", index=False, encoding="cp1256")
    art = load_corpus(tmp_path / "news.csv").articles
    assert list(art.text) == [a["text"] for a in ARTICLES]
    assert set(art.encoding) == {"cp1256"}
    lines = "".join(json.dumps(a, ensure_ascii=False) + "\r\n" for a in ARTICLES)
    (tmp_path / "news.jsonl").write_bytes(lines.encode("utf-16"))
    art = load_corpus(tmp_path / "news.jsonl").articles
    assert list(art.title) == [a["title"] for a in ARTICLES]
    assert set(art.encoding) == {"utf-16"} and art.line.tolist() == [1, 2, 3]


def test_detect_encoding_rules():
    assert detect_encoding("مرصد".encode()) == "utf-8"
    assert detect_encoding("مرصد".encode("cp1256")) == "cp1256"
    # a UTF-8 sample cut inside a two-byte letter is still UTF-8 when not final
    assert detect_encoding("مرصد".encode()[:3], final=False) == "utf-8"
    assert detect_encoding("Pyongyang بيونغ يانغ".encode("utf-16-be")) == "utf-16-be"


def test_latin1_french_is_undecodable_not_cp1256(tmp_path):
    (tmp_path / "fr.txt").write_bytes("Le président a été reçu à Séoul".encode("latin-1"))
    (tmp_path / "ar.txt").write_text(ARABIC, "utf-8")
    corpus = load_corpus(tmp_path)
    assert list(corpus.articles.article_id) == ["ar"]
    row = corpus.skipped.iloc[0]
    assert (Path(row.path).name, row.reason, row.scope) == ("fr.txt", "undecodable", "file")
    assert "Windows-1256" in row.detail


# --- columns -------------------------------------------------------------------------------


def test_column_detection_is_case_insensitive(tmp_path):
    frame = pd.DataFrame({
        "DOC_ID": ["x1", "x2"], "Headline": ["عنوان أول", "عنوان ثان"],
        "Body": ["نص عن كوريا الشمالية", "نص عن روسيا"], "PubDate": ["2023-09-14", ""],
        "Link": ["https://e.org/1", "https://e.org/2"], "Outlet": ["BBC", "CNN"],
        "Section": ["سياسة", "اقتصاد"], "Byline": ["هوين لو", ""], "Tags": ["كوريا", "روسيا"],
        "path": ["p1", "p2"],
    })
    frame.to_csv(tmp_path / "t.csv", index=False)
    art = load_corpus(tmp_path / "t.csv").articles
    assert list(art.article_id) == ["x1", "x2"]
    assert list(art.text) == ["نص عن كوريا الشمالية", "نص عن روسيا"]
    assert list(art.title) == ["عنوان أول", "عنوان ثان"]
    assert art.published[0] == "2023-09-14" and pd.isna(art.published[1])
    assert list(art.source) == ["BBC", "CNN"] and list(art.category) == ["سياسة", "اقتصاد"]
    assert art.author[0] == "هوين لو" and list(art.Tags) == ["كوريا", "روسيا"]
    # a field named like a provenance column is kept under another name
    assert list(art.path_orig) == ["p1", "p2"] and list(art.path) == [str(tmp_path / "t.csv")] * 2
    assert list(art.columns[:11]) == ["article_id", "text", "path", "line", "encoding", "title",
                                      "published", "source", "url", "category", "author"]


def test_column_override(tmp_path):
    frame = pd.DataFrame({"my_body_col": ["مقال عن واشنطن"], "text": ["ملخص"],
                          "fecha": ["14 سبتمبر 2023"], "ref": ["r-7"]})
    frame.to_csv(tmp_path / "t.csv", index=False)
    cols = {"text": "my_body_col", "published": "FECHA", "id": "ref"}
    art = load_corpus(tmp_path / "t.csv", columns=cols).articles
    assert art.text[0] == "مقال عن واشنطن"
    assert art.published[0] == "14 سبتمبر 2023"
    assert art.article_id[0] == "r-7"
    assert art.text_orig[0] == "ملخص"  # the unused 'text' column is kept, renamed
    with pytest.raises(CorpusError, match=r"t\.csv.*my_text.*my_body_col"):
        load_corpus(tmp_path / "t.csv", columns={"text": "my_text"})
    with pytest.raises(CorpusError, match="unknown key"):
        load_corpus(tmp_path / "t.csv", columns={"body": "my_body_col"})


def test_rows_without_id_get_stem_and_line(tmp_path):
    rows = [{"content": "خبر عن بيونغ يانغ"}, {"content": "خبر عن موسكو", "id": ""}]
    path = write_jsonl(tmp_path / "feed.jsonl.gz", rows, opener=gzip.open)
    assert list(load_corpus(path).articles.article_id) == ["feed:1", "feed:2"]


# --- metadata ------------------------------------------------------------------------------


def test_iter_corpus_applies_metadata_per_chunk(tmp_path):
    path = write_jsonl(tmp_path / "news.jsonl", ARTICLES)
    meta = pd.DataFrame({"article_id": ["a3", "q"], "source": ["سي إن إن", "؟"]})
    reader = iter_corpus(path, chunk_size=1, metadata=meta, progress=True)
    chunks = list(reader)
    assert [c.source.tolist() for c in chunks] == [["الراي"], ["سكاي نيوز"], ["سي إن إن"]]
    assert reader.skipped[["line", "reason", "detail"]].values.tolist() == [
        [2, "metadata: unknown article_id", "q"]]


def test_metadata_join_overrides_and_records_unknown_ids(tmp_path):
    write_jsonl(tmp_path / "news.jsonl", ARTICLES)
    meta = tmp_path / "meta.csv"
    meta.write_text(
        "article_id,published,source,url,region\n"
        "a1,2023-11-17,الراي الكويتية,,آسيا\n"
        "a3,,CNN بالعربية,https://arabic.cnn.com/x,\n"
        "zz9,2023-01-01,مجهول,,\n", "utf-8")
    corpus = load_corpus(tmp_path / "news.jsonl", metadata=meta)
    art = corpus.articles.set_index("article_id")
    assert art.loc["a1", "published"] == "2023-11-17"
    assert art.loc["a1", "source"] == "الراي الكويتية"
    assert art.loc["a1", "url"] == "https://example.org/a1"  # empty value does not override
    assert art.loc["a3", "published"] == ARTICLES[2]["date"]
    assert art.loc["a3", "url"] == "https://arabic.cnn.com/x"
    assert art.loc["a2", "source"] == "سكاي نيوز"
    assert art.loc["a1", "region"] == "آسيا" and pd.isna(art.loc["a2", "region"])
    sk = corpus.skipped
    assert sk[["line", "reason", "detail", "scope"]].values.tolist() == [
        [4, "metadata: unknown article_id", "zz9", "metadata"]]
    acc = corpus.account()
    assert acc["skipped_metadata_rows"] == 1 and acc["balanced"]


def test_metadata_in_folder_is_not_read_as_corpus(tmp_path):
    (tmp_path / "001.txt").write_text("خبر عن لافروف", "utf-8")
    (tmp_path / "meta.csv").write_text("article_id,date\n001,2019-04-01\n", "utf-8")
    corpus = load_corpus(tmp_path, metadata=tmp_path / "meta.csv")
    assert corpus.articles.published.tolist() == ["2019-04-01"]  # 'date' maps to published
    assert corpus.files == [str(tmp_path / "001.txt")]


def test_metadata_dataframe_and_duplicates(tmp_path):
    (tmp_path / "001.txt").write_text("خبر عن لافروف", "utf-8")
    meta = pd.DataFrame({"article_id": ["001", "001", ""], "source": ["BBC", "CNN", "X"]})
    corpus = load_corpus(tmp_path, metadata=meta)
    assert corpus.articles.source.tolist() == ["BBC"]
    assert sorted(corpus.skipped.reason) == ["metadata: duplicate article_id",
                                             "metadata: empty article_id"]


def test_metadata_errors_name_the_file(tmp_path):
    (tmp_path / "001.txt").write_text("خبر", "utf-8")
    bad = tmp_path / "meta.csv"
    bad.write_text("name,published\nx,2020-01-01\n", "utf-8")
    with pytest.raises(CorpusError, match=r"meta\.csv.*no article_id column.*name, published"):
        load_corpus(tmp_path, metadata=bad)
    with pytest.raises(CorpusError, match="metadata file does not exist: .*nope.csv"):
        load_corpus(tmp_path, metadata=tmp_path / "nope.csv")
    bad.write_bytes(b"\x00\x01\x02\x03" * 100)
    with pytest.raises(CorpusError, match=r"unreadable metadata .*meta\.csv: binary"):
        load_corpus(tmp_path, metadata=bad)


# --- bad input -----------------------------------------------------------------------------


def test_bad_files_in_folder_are_recorded_and_run_goes_on(tmp_path):
    (tmp_path / "01_good.txt").write_text(ARABIC, "utf-8")
    (tmp_path / "02_empty.txt").write_bytes(b"")
    (tmp_path / "03_spaces.txt").write_text(" \n\t\n \u200f\n", "utf-8")
    (tmp_path / "04_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300))
    (tmp_path / "05_bom_only.txt").write_bytes(codecs.BOM_UTF8)
    (tmp_path / "06_english.txt").write_text("Pyongyang, North Korea", "utf-8")
    (tmp_path / "07_notes.docx").write_bytes(b"PK\x03\x04")
    corpus = load_corpus(tmp_path)
    assert list(corpus.articles.article_id) == ["01_good", "06_english"]
    assert reasons(corpus) == [("02_empty.txt", "empty file"), ("03_spaces.txt", "whitespace only"),
                               ("04_binary.txt", "binary file"), ("05_bom_only.txt", "empty file"),
                               ("07_notes.docx", "unsupported file type")]
    # loaded, with a note: no Arabic at all
    assert corpus.notes[["article_id", "note"]].values.tolist() == [
        ["06_english", "no Arabic letters"]]
    acc = corpus.account()
    assert acc["files_found"] == 7 == acc["articles"] + acc["skipped_files"]
    assert acc["balanced"] and acc["unaccounted_files"] == []
    assert acc["skipped_by_reason"]["empty file"] == 2


def test_jsonl_bad_lines_skip_only_that_line(tmp_path):
    lines = [
        json.dumps(ARTICLES[0], ensure_ascii=False),
        '{"id": "b2", "text": "خبر مقطوع',  # broken JSON
        json.dumps({"id": "b3", "text": "   "}, ensure_ascii=False),  # empty text
        json.dumps(["قائمة"], ensure_ascii=False),  # not an object
        json.dumps({"id": "b5", "summary": "لا نص"}, ensure_ascii=False),  # no text field
        json.dumps(ARTICLES[1], ensure_ascii=False),
        json.dumps({"id": "b7", "text": 42}),
    ]
    path = tmp_path / "feed.jsonl"
    raw = "\n".join(lines).encode() + b"\n" + b'{"id": "b8", "text": "\xff\xfe"}\n'
    path.write_bytes(raw)
    corpus = load_corpus(path)
    # invalid bytes in an otherwise UTF-8 file: that article loads, with U+FFFD and a note
    assert list(corpus.articles.article_id) == ["a1", "a2", "b8"]
    assert corpus.articles.line.tolist() == [1, 6, 8]
    assert corpus.articles.text[2] == "\ufffd\ufffd" and set(corpus.articles.encoding) == {"utf-8"}
    assert corpus.notes[["article_id", "note"]].values.tolist() == [
        ["b8", "invalid bytes replaced"], ["b8", "no Arabic letters"]]
    sk = corpus.skipped
    assert sk[["line", "reason"]].values.tolist() == [
        [2, "broken JSON"], [3, "empty text"], [4, "not a JSON object"], [5, "no text field"],
        [7, "text is not a string"]]
    assert "keys: id, summary" in sk.detail[3]
    acc = corpus.account()
    assert acc["records_read"] == 8 == acc["articles"] + acc["skipped_records"]
    assert acc["balanced"]


def test_txt_cut_inside_a_letter_loads_with_replacement(tmp_path):
    text = "وجاءت الزيارة في أعقاب تحذير وزير الخارجية"
    (tmp_path / "cut.txt").write_bytes(text.encode()[:-1])  # last letter cut in half
    corpus = load_corpus(tmp_path / "cut.txt")
    assert corpus.articles.text[0] == text[:-1] + "\ufffd"
    assert corpus.articles.encoding[0] == "utf-8"
    assert corpus.notes.note.tolist() == ["invalid bytes replaced"]


def test_truncated_gzip_keeps_rows_read_before(tmp_path):
    rows = [{"id": f"n{i}", "text": f"خبر رقم {i} عن كوريا الشمالية " * 50} for i in range(300)]
    full = write_jsonl(tmp_path / "full.jsonl.gz", rows, opener=gzip.open).read_bytes()
    (tmp_path / "cut.jsonl.gz").write_bytes(full[: len(full) // 2])
    corpus = load_corpus(tmp_path / "cut.jsonl.gz")
    n = len(corpus.articles)
    assert 0 < n < 300
    # every complete line before the break is kept, not only those before the last buffer
    readable = zlib.decompressobj(wbits=31).decompress(full[: len(full) // 2])
    assert n == readable.count(b"\n")
    assert f"after line {n:,}" in corpus.skipped.iloc[-1].detail
    assert list(corpus.articles.article_id) == [f"n{i}" for i in range(n)]
    last = corpus.skipped.iloc[-1]
    assert last.reason == "unreadable file" and last.scope == "file"
    assert corpus.account()["balanced"]


def test_csv_without_text_column_names_file_and_columns(tmp_path):
    pd.DataFrame({"id": ["1"], "headline": ["عنوان"], "when": ["2023"]}).to_csv(
        tmp_path / "t.csv", index=False)
    with pytest.raises(CorpusError, match=r"t\.csv: no text column .*id, headline, when"):
        load_corpus(tmp_path / "t.csv")
    # inside a folder the same file is recorded and the others load
    (tmp_path / "z.txt").write_text(ARABIC, "utf-8")
    corpus = load_corpus(tmp_path)
    assert reasons(corpus) == [("t.csv", "no text column")]
    assert "id, headline, when" in corpus.skipped.detail[0]


def test_parquet_without_text_column(tmp_path):
    pd.DataFrame({"id": ["1"], "title": ["عنوان"]}).to_parquet(tmp_path / "t.parquet")
    with pytest.raises(CorpusError, match=r"t\.parquet: no text column .*id, title"):
        load_corpus(tmp_path / "t.parquet")


def test_malformed_and_empty_csv_rows(tmp_path):
    (tmp_path / "t.csv").write_text(
        "id,text\nc1,خبر عن موسكو\nc2,خبر,زائد\nc3,\n\nc5,خبر عن سيول\n", "utf-8")
    corpus = load_corpus(tmp_path / "t.csv")
    assert list(corpus.articles.article_id) == ["c1", "c5"]
    assert corpus.articles.line.tolist() == [2, 6]
    assert corpus.skipped[["line", "reason"]].values.tolist() == [
        [3, "malformed CSV row"], [4, "empty text"]]


def test_missing_path_and_empty_inputs_raise(tmp_path):
    with pytest.raises(CorpusError, match=r"does not exist: .*no_such_folder"):
        load_corpus(tmp_path / "no_such_folder")
    (tmp_path / "readme.md").write_text("# notes", "utf-8")
    with pytest.raises(CorpusError, match=r"no supported files .* found: readme\.md"):
        load_corpus(tmp_path)
    (tmp_path / "empty.jsonl").write_bytes(b"")
    with pytest.raises(CorpusError, match=r"no article loaded from .*empty\.jsonl.*empty file"):
        load_corpus(tmp_path / "empty.jsonl")
    with pytest.raises(CorpusError, match=r"no article loaded .*whitespace only"):
        (tmp_path / "blank.txt").write_text("\n \n", "utf-8")
        load_corpus(tmp_path / "blank.txt")
    with pytest.raises(CorpusError, match=r"readme\.md: unsupported file type"):
        load_corpus(tmp_path / "readme.md")
    assert issubclass(CorpusError, ValueError)


def test_duplicate_ids_are_kept_and_made_unique(tmp_path):
    rows = [{"id": "d", "text": "خبر أول"}, {"id": "d", "text": "خبر ثان"},
            {"id": "d__2", "text": "خبر ثالث"}, {"id": "d", "text": "خبر رابع"}]
    corpus = load_corpus(write_jsonl(tmp_path / "dup.jsonl", rows))
    assert list(corpus.articles.article_id) == ["d", "d__2", "d__2__2", "d__3"]
    assert list(corpus.articles.text) == [r["text"] for r in rows]
    notes = corpus.notes
    assert list(notes.note) == ["duplicate id renamed"] * 3
    assert notes.detail.tolist() == ["d → d__2", "d__2 → d__2__2", "d → d__3"]
    assert notes.line.tolist() == [2, 3, 4]


def test_duplicate_stems_across_subfolders(tmp_path):
    for sub in ("bbc", "cnn"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "001.txt").write_text(f"خبر من {sub}", "utf-8")
    art = load_corpus(tmp_path).articles
    assert list(art.article_id) == ["001", "001__2"]
    assert art.text.tolist() == ["خبر من bbc", "خبر من cnn"]


def test_html_page_is_stripped(tmp_path):
    page = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>بوتين يستقبل كيم &amp; لافروف</title><style>p {color: red}</style>
<script>var x = "<p>لا</p>";</script></head>
<body><h1>قمة  في  فوستوتشني</h1><p>استقبل الرئيس فلاديمير بوتين<br>الزعيم &quot;كيم&quot;</p>
<ul><li>موسكو</li><li>بيونغ يانغ</li></ul></body></html>"""
    (tmp_path / "page.html").write_text(page, "utf-8")
    corpus = load_corpus(tmp_path / "page.html")
    row = corpus.articles.iloc[0]
    assert row.text == ("قمة في فوستوتشني\nاستقبل الرئيس فلاديمير بوتين\nالزعيم \"كيم\"\n"
                        "موسكو\nبيونغ يانغ")
    assert row.title == "بوتين يستقبل كيم & لافروف"
    assert row.encoding == "utf-8" and row.article_id == "page"
    assert corpus.notes.note.tolist() == ["html stripped"]
    assert html_to_text("<p>أ</p><p>ب</p>") == ("أ\nب", None)


def test_crlf_and_cr_become_newlines(tmp_path):
    (tmp_path / "crlf.txt").write_bytes("سطر أول\r\nسطر ثان\rسطر ثالث\r\n".encode())
    text = load_corpus(tmp_path / "crlf.txt").articles.text[0]
    assert text == "سطر أول\nسطر ثان\nسطر ثالث\n"
    pd.DataFrame({"id": ["x"], "text": ["أ\r\nب"]}).to_csv(tmp_path / "t.csv", index=False)
    assert load_corpus(tmp_path / "t.csv").articles.text[0] == "أ\nب"


def test_ten_megabyte_single_line(tmp_path):
    big = "كوريا الشمالية وروسيا " * 260_000  # ~10.7 MB in UTF-8, no line break
    assert len(big.encode()) > 10_000_000
    (tmp_path / "big.txt").write_text(big, "utf-8")
    write_jsonl(tmp_path / "big.jsonl", [{"id": "j", "text": big}])
    pd.DataFrame({"id": ["c"], "text": [big]}).to_csv(tmp_path / "big.csv", index=False)
    art = load_corpus(tmp_path).articles
    assert list(art.article_id) == ["c", "j", "big"]
    assert all(t == big for t in art.text)


# --- arbitrary text ------------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
       codec=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_txt_loader_round_trips_arbitrary_text(text, codec):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "a_anchor.txt").write_text(ARABIC, "utf-8")
        (folder / "b_doc.txt").write_bytes(text.encode(codec))
        corpus = load_corpus(folder)  # never raises: the anchor always loads
        assert corpus.account()["balanced"]
        loaded = corpus.articles[corpus.articles.article_id == "b_doc"]
        expected = text.replace("\r\n", "\n").replace("\r", "\n")
        if codec == "utf-8":
            expected = expected.removeprefix("\ufeff")  # a leading U+FEFF is read as a BOM
        # NUL and other controls leave the text (noted); tab, line breaks, \v, \f stay
        expected = re.sub("[\x00-\x08\x0e-\x1f\x7f-\x9f]", "", expected)
        if len(loaded) == 1:
            if "\x00" not in text:  # NUL-bearing bytes may legitimately read as UTF-16
                assert loaded.text.iloc[0] == expected
                assert loaded.encoding.iloc[0] == codec
        else:
            reason = corpus.skipped.reason.iloc[0]
            assert reason in {"empty file", "whitespace only", "binary file", "undecodable",
                              "empty text"}
            if reason == "empty text":  # nothing but control characters and blanks
                assert INVISIBLE.fullmatch(expected)
            if reason == "undecodable":  # NUL bytes with no UTF-16 shape
                assert "\x00" in text
            elif reason == "binary file":
                assert any(ord(c) < 32 and c not in "\t\n\r\f" or 0x7F <= ord(c) <= 0x9F
                           for c in text)
            else:
                assert INVISIBLE.fullmatch(expected)


# --- the 2018 corpus -----------------------------------------------------------------------


def test_2018_corpus_loads_every_article(corpus_2018):
    corpus = load_corpus(corpus_2018)
    art = corpus.articles
    assert len(art) == 31_328
    assert art.source.value_counts().to_dict() == {
        "skynews": 13641, "alarabia": 6487, "france24": 3940, "BBC": 3783, "CNN": 3477}
    assert art.article_id.is_unique and art.article_id[0] == "AL-culture-1-20180218"
    assert art.published[0] == "Sun, 18 Feb 2018 21:35:43 +0400"
    assert art.line.tolist()[:3] == [1, 2, 3]
    assert set(art.encoding) == {"utf-8"}
    acc = corpus.account()
    assert acc["records_read"] == 31_328 and acc["balanced"] and corpus.skipped.empty


def test_inventory_has_one_balanced_row_per_file(tmp_path):
    (tmp_path / "a.txt").write_text(ARABIC, "utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    write_jsonl(tmp_path / "c.jsonl", [{"id": "1", "text": ARABIC}, {"id": "1", "text": ARABIC}])
    with open(tmp_path / "c.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"id": "2", "text": \n')
    corpus = load_corpus(tmp_path)
    inv = corpus.inventory()
    assert [p.rsplit("/", 1)[1] for p in inv["path"]] == ["a.txt", "b.txt", "c.jsonl"]
    assert inv[["records", "articles", "skipped", "status", "reasons", "notes"]].values.tolist() == [
        [1, 1, 0, "loaded", "", ""],
        [1, 0, 1, "skipped", "empty file", ""],
        [3, 2, 1, "partly loaded", "broken JSON", "duplicate id renamed"]]
    assert inv["records"].sum() == corpus.records_read
    text = describe_account(corpus.account())
    assert "records read 5 = 3 loaded + 2 skipped (1 whole files, 1 records)" in text
    unbalanced = {**corpus.account(), "balanced": False, "unaccounted_files": ["x.txt"]}
    assert "UNBALANCED" in describe_account(unbalanced)
    assert "UNACCOUNTED files: x.txt" in describe_account(unbalanced)


# --- hostile and messy input (issue 12) ------------------------------------------------------


def test_truncated_txt_gz_is_one_skipped_file_and_the_account_balances(tmp_path):
    (tmp_path / "a.txt").write_text(ARABIC, "utf-8")
    whole = gzip.compress(("مقال طويل عن موسكو وبيونغ يانغ. " * 2000).encode())
    (tmp_path / "b.txt.gz").write_bytes(whole[: len(whole) // 2])
    corpus = load_corpus(tmp_path)
    account = corpus.account()
    assert account["balanced"] and account["records_read"] == 2
    assert reasons(corpus) == [("b.txt.gz", "unreadable file")]
    assert "ends early" in corpus.skipped.detail.iloc[0]


def test_file_name_in_windows_1256_is_read_and_noted(tmp_path):
    name = "تقرير موسكو".encode("cp1256") + b".txt"  # as unzipping a Windows archive leaves it
    (tmp_path.joinpath(os.fsdecode(name))).write_text(ARABIC, "utf-8")
    corpus = load_corpus(tmp_path)
    assert corpus.articles.article_id.tolist() == ["تقرير موسكو"]
    assert Path(corpus.articles.path.iloc[0]).name == "تقرير موسكو.txt"
    assert corpus.notes.note.tolist() == ["file name not UTF-8"]
    write_csv(corpus.inventory(), tmp_path / "out" / "inputs.csv")  # no UnicodeEncodeError
    write_csv(corpus.notes, tmp_path / "out" / "notes.csv")


def test_control_characters_in_file_names_are_shown(tmp_path):
    (tmp_path / "bidi-\u202egpj.txt").write_text(ARABIC, "utf-8")
    (tmp_path / "two\nlines.txt").write_text(ARABIC, "utf-8")
    corpus = load_corpus(tmp_path)
    assert sorted(corpus.articles.article_id) == ["bidi-⟨U+202E⟩gpj", "two⟨U+000A⟩lines"]
    account = describe_account(corpus.account())
    assert "\u202e" not in "".join(corpus.files) and "\n" not in "".join(corpus.files)
    assert len(account.splitlines()) == 4
    assert set(corpus.notes.note) == {"control characters in name shown"}


def test_links_loops_and_fifos_are_listed_with_their_reason(tmp_path):
    corpus_dir, elsewhere = tmp_path / "corpus", tmp_path / "elsewhere"
    corpus_dir.mkdir()
    elsewhere.mkdir()
    (corpus_dir / "a.txt").write_text(ARABIC, "utf-8")
    (elsewhere / "b.txt").write_text(ARTICLES[1]["text"], "utf-8")
    (corpus_dir / "linked").symlink_to(elsewhere, target_is_directory=True)  # followed
    (corpus_dir / "loop").symlink_to(corpus_dir, target_is_directory=True)  # back into it
    (corpus_dir / "gone.txt").symlink_to(tmp_path / "no-such-file.txt")
    (corpus_dir / "self.txt").symlink_to(corpus_dir / "self.txt")
    os.mkfifo(corpus_dir / "pipe.txt")
    corpus = load_corpus(corpus_dir)  # must not block on the FIFO
    assert sorted(corpus.articles.article_id) == ["a", "b"]
    assert sorted(reasons(corpus)) == [("gone.txt", "dangling link"),
                                       ("loop", "symbolic link loop"),
                                       ("pipe.txt", "not a regular file"),
                                       ("self.txt", "symbolic link loop")]
    account = corpus.account()
    assert account["balanced"] and not account["unaccounted_files"]
    assert account["files_found"] == 6 and len(corpus.inventory()) == 6


def test_nul_and_control_characters_leave_the_text_with_a_note(tmp_path):
    # A .txt holding NUL bytes is a binary file; in JSON (\\u0000) or CSV they reach the text.
    write_jsonl(tmp_path / "f.jsonl", [{"id": "a", "text": "خبر\x00 عن\x1b موسكو\tوبيونغ يانغ\n"},
                                       {"id": "b", "text": "\x00\x01\x02 \n"}])
    corpus = load_corpus(tmp_path)
    assert corpus.articles.text.tolist() == ["خبر عن موسكو\tوبيونغ يانغ\n"]
    assert corpus.notes[["article_id", "note", "detail"]].values.tolist() == [
        ["a", "control characters removed", "2 (NUL and other C0/C1 controls)"]]
    assert corpus.skipped[["line", "reason"]].values.tolist() == [[2, "empty text"]]
    assert corpus.account()["balanced"]


@pytest.mark.parametrize("bad", ["0000-00-00 00:00:00", "2023-02-30", "yesterday"])
def test_unreadable_dates_are_noted_and_leave_the_article_undated(tmp_path, bad):
    write_jsonl(tmp_path / "feed.jsonl", [{"id": "x", "date": bad, "text": ARABIC},
                                          {"id": "y", "date": "2023-09-13", "text": ARABIC}])
    meta = tmp_path.parent / f"meta-{abs(hash(bad))}.csv"
    meta.write_text(f"article_id,published\ny,{bad}\n", "utf-8")
    corpus = load_corpus(tmp_path / "feed.jsonl", metadata=meta)
    notes = corpus.notes.set_index("article_id")
    assert notes.loc["x", "note"] == "unreadable date" and bad in notes.loc["x", "detail"]
    assert notes.loc["y", "note"] == "unreadable date"  # metadata's bad date: noted ...
    art = corpus.articles.set_index("article_id")
    assert art.loc["y", "published"] == "2023-09-13"  # ... and not put over a good one
    cleaned, _ = clean_corpus(corpus.articles)
    assert cleaned.set_index("article_id")["published"].isna().tolist() == [True, False]


def test_fields_named_like_computed_columns_are_kept_apart(tmp_path):
    write_jsonl(tmp_path / "f.jsonl", [{"id": "a", "text": ARABIC, "terms": "x y",
                                        "text_clean": "not the cleaned text"}])
    (tmp_path.parent / "m.csv").write_text("article_id,terms,desk\na,z,العالم\n", "utf-8")
    art = load_corpus(tmp_path / "f.jsonl", metadata=tmp_path.parent / "m.csv").articles
    assert "terms" not in art.columns and "text_clean" not in art.columns
    assert art.loc[0, "terms_orig"] == "z" and art.loc[0, "text_clean_orig"] == "not the cleaned text"
    assert art.loc[0, "desk"] == "العالم"  # any other metadata column reaches the articles


def test_ambiguous_id_columns(tmp_path):
    write_jsonl(tmp_path / "f.jsonl", [{"ID": "upper", "id": "lower", "text": ARABIC}])
    corpus = load_corpus(tmp_path / "f.jsonl")
    assert corpus.articles.article_id.tolist() == ["lower"]  # written as the alias: wins
    assert corpus.articles.ID.tolist() == ["upper"]  # the other is kept as a field
    note = corpus.notes.iloc[0]
    assert (note.article_id, note.note) == ("", "ambiguous column")
    assert "'id'" in note.detail and "'ID'" in note.detail
    assert corpus.inventory().notes.tolist() == ["ambiguous column"]


def test_ids_differing_by_unicode_form_or_case(tmp_path):
    nfc, nfd = (unicodedata.normalize(f, "مآل") for f in ("NFC", "NFD"))
    assert nfc != nfd
    write_jsonl(tmp_path / "f.jsonl", [{"id": nfc, "text": ARABIC}, {"id": nfd, "text": ARABIC},
                                       {"id": "A1", "text": ARABIC}, {"id": "a1", "text": ARABIC}])
    (tmp_path.parent / "m.csv").write_text(f"article_id,source\n{nfd},مصدر\n", "utf-8")
    corpus = load_corpus(tmp_path / "f.jsonl", metadata=tmp_path.parent / "m.csv")
    art = corpus.articles.set_index("article_id")
    assert art.index.tolist() == [nfc, f"{nfc}__2", "A1", "a1"]
    assert art.loc[nfc, "source"] == "مصدر"  # the NFD metadata id reaches the NFC article
    notes = corpus.notes.groupby("article_id")["note"].apply(list).to_dict()
    assert notes[f"{nfc}__2"] == ["id normalized (NFC)", "duplicate id renamed"]
    assert notes["a1"] == ["id differs only in case"]


def test_arabic_headers_and_semicolons(tmp_path):
    (tmp_path / "excel.csv").write_bytes(
        "\ufeffالمعرف;العنوان;التاريخ;النص\n"
        "1;قمة موسكو;2023-09-13;التقى بوتين كيم في موسكو.\n".encode("utf-8"))
    art = load_corpus(tmp_path / "excel.csv").articles
    assert art[["article_id", "title", "published", "text"]].values.tolist() == [
        ["1", "قمة موسكو", "2023-09-13", "التقى بوتين كيم في موسكو."]]
    (tmp_path / "own.csv").write_text("رقم الخبر;الخبر كاملا\nk9;التقى بوتين كيم.\n", "utf-8")
    art = load_corpus(tmp_path / "own.csv", columns={"id": "رقم الخبر",
                                                      "text": "الخبر كاملا"}).articles
    assert art[["article_id", "text"]].values.tolist() == [["k9", "التقى بوتين كيم."]]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file; CI runs as root")
def test_a_file_without_read_permission_is_skipped_once(tmp_path):
    (tmp_path / "a.txt").write_text(ARABIC, "utf-8")
    (tmp_path / "b.txt").write_text(ARABIC, "utf-8")
    (tmp_path / "b.txt").chmod(0)
    corpus = load_corpus(tmp_path)
    assert reasons(corpus) == [("b.txt", "unreadable file")]
    assert corpus.account()["balanced"] and corpus.account()["records_read"] == 2
