"""marsad.pipeline: the bundled seeds recognised by content; the columns of articles.csv."""

from __future__ import annotations

import shutil

from sources import SEEDS

from marsad.corpus import parse_columns
from marsad.pipeline import articles_csv_columns, is_bundled_seeds, prepare


def test_bundled_seeds_are_known_by_their_text_not_their_folder_name(tmp_path):
    assert is_bundled_seeds(prepare(SEEDS).articles)
    mine = tmp_path / "seeds"  # a user's folder that happens to be called seeds
    mine.mkdir()
    for path in sorted(SEEDS.glob("*.txt")):
        (mine / path.name).write_text(path.read_text(encoding="utf-8").replace("2023", "2019"),
                                      encoding="utf-8")
    assert not is_bundled_seeds(prepare(mine).articles)
    copy = tmp_path / "elsewhere"
    shutil.copytree(SEEDS, copy)  # the same texts under another name are the seeds
    assert is_bundled_seeds(prepare(copy).articles)


def test_articles_csv_keeps_every_field_but_the_raw_text(tmp_path):
    (tmp_path / "a.jsonl").write_text(
        '{"id": "a", "text": "التقى بوتين كيم في موسكو.", "category": "سياسة", "desk": "العالم"}\n',
        encoding="utf-8")
    columns = articles_csv_columns(prepare(tmp_path / "a.jsonl").articles)
    assert columns[:1] == ["article_id"] and columns[-2:] == ["text_clean", "text_norm"]
    assert {"category", "desk", "line", "published"} <= set(columns)
    assert "text" not in columns


def test_columns_spec_of_make_report():
    assert parse_columns("text:النص, id:المعرف") == {"text": "النص", "article_id": "المعرف"}
    assert parse_columns("") == {}
