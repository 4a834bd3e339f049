"""marsad.pipeline: the bundled seeds recognised by content; the columns of articles.csv."""

from __future__ import annotations

import shutil

from sources import SEEDS

from marsad.corpus import parse_columns
from marsad.pipeline import articles_csv_columns, is_bundled_seeds, is_bundled_seeds_path, prepare


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
    assert is_bundled_seeds_path(copy) and is_bundled_seeds_path(SEEDS)
    assert not is_bundled_seeds_path(mine) and not is_bundled_seeds_path(tmp_path / "nothing")
    (copy / "more.txt").write_text("نص آخر " * 20_000, encoding="utf-8")  # too big to be them
    assert not is_bundled_seeds_path(copy)


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


def test_a_report_on_another_corpus_leaves_out_what_was_written_for_the_seeds(tmp_path):
    import nbformat

    from marsad.report import SEEDS_PROSE_TAG, _for_this_corpus

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('CORPUS = "../seeds"', metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell('CORPUS = "/data/x"',
                                          metadata={"tags": ["injected-parameters"]}),
                nbformat.v4.new_markdown_cell("Computed from the data"),
                nbformat.v4.new_markdown_cell("On the five seed articles …",
                                              metadata={"tags": [SEEDS_PROSE_TAG]})]
    path = tmp_path / "02-x.ipynb"
    for seeds, kept in ((True, 4), (False, 2)):
        nbformat.write(nb, path)
        _for_this_corpus(path, seeds)
        cells = nbformat.read(path, as_version=4).cells
        assert len(cells) == kept
    assert [c.source for c in cells] == ['CORPUS = "/data/x"', "Computed from the data"]


def test_every_notebook_tags_its_seed_prose():
    """The prose written from the seeds is tagged, so a report elsewhere leaves it out; no
    untagged cell speaks of the seed articles."""
    import nbformat

    from marsad.report import SEEDS_PROSE_TAG

    for path in sorted((SEEDS.parent / "notebooks").glob("0*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        tagged = [c for c in cells if SEEDS_PROSE_TAG in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path.name
        for cell in cells:
            if cell not in tagged and "parameters" not in cell.metadata.get("tags", []):
                assert "seed" not in cell.source.lower(), (path.name, cell.source[:80])
