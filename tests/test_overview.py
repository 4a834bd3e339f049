"""Issue 16: the overview page (reports/index.html), from the CSVs a run wrote, and in a real
headless browser (Chromium): no JavaScript error, the tables' search finds an Arabic name, and
corpus text carrying markup stays text."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from marsad import overview
from marsad.events import TIMELINE_COLUMNS
from marsad.outputs import write_csv, write_json

SCRIPT_NAME = '<img src=x onerror="document.body.dataset.pwned=1">'
SCRIPT_SOURCE = '<script>document.body.dataset.pwned=2</script>'


def _timeline(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([{c: row.get(c, "") for c in TIMELINE_COLUMNS} for row in rows])


def write_out(out: Path, *, trends: bool = False) -> Path:
    """A small OUT folder as the notebooks write it, with markup in names and sources."""
    out.mkdir(parents=True, exist_ok=True)
    write_csv(pd.DataFrame({
        "article_id": ["a1", "a2", "a3", "a4"],
        "title": ["قمة في موسكو", SCRIPT_NAME, "زيارة", "بلا تاريخ"],
        "published": ["2023-09-13", "2023-09-20", "2023-11-02", ""],
        "source": ["الراي", SCRIPT_SOURCE, "الراي", ""],
        "text_clean": ["التقى بوتين كيم في موسكو.", "كلمة اخرى", "ثلاث كلمات هنا", ""],
    }), out / "articles.csv")
    write_csv(pd.DataFrame({"article_id": ["a1"], "text": ["تاريخ النشر: اليوم"]}),
              out / "removed.csv")
    write_json({"articles": 4, "balanced": True, "files_found": 2, "files_with_articles": 2,
                "files_without_articles": 0, "notes_by_kind": {}, "records_read": 4,
                "skipped_by_reason": {}, "skipped_files": 0, "skipped_metadata_rows": 0,
                "skipped_records": 0, "unaccounted_files": []}, out / "account.json")
    write_csv(pd.DataFrame({
        "name_ar": ["كوريا الشمالية", "فلاديمير بوتين", SCRIPT_NAME, "مرفوض"],
        "type": ["country", "person", "person", "person"],
        "status": ["counted", "counted", "counted", "rejected"],
        "count": ["37", "20", "3", "99"], "docs": ["5", "5", "1", "9"],
    }), out / "entities.csv")
    write_csv(_timeline([
        {"event_id": "T001", "date": "2023-09-13", "action": "CONSULT", "mode": "meet",
         "status": "asserted", "actor1_ar": "فلاديمير بوتين", "actor2_ar": "كيم جونغ أون",
         "location_ar": "فوستوتشني", "n_articles": "4", "n_mentions": "6"},
        {"event_id": "T002", "date": "", "action": "CONSULT", "mode": "visit",
         "status": "asserted", "actor1_ar": SCRIPT_NAME, "actor2_ar": "روسيا",
         "location_ar": SCRIPT_SOURCE, "n_articles": "1", "n_mentions": "9"},
    ]), out / "timeline.csv")
    if trends:
        write_csv(pd.DataFrame({
            "term": ["بوتين", "بوتين", "كيم", "كيم", "موسكو"],
            "period": ["2023-09", "2023-10", "2023-09", "2023-10", "2023-10"],
            "count": ["10", "2", "4", "6", "1"], "per_10k": ["5.0", "1.0", "2.0", "3.0", "0.5"],
            "docs": ["3", "1", "2", "2", "1"]}), out / "trends.csv")
    return out


def test_glance_counts_the_corpus(tmp_path):
    out = write_out(tmp_path / "out")
    articles = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False)
    removed = pd.read_csv(out / "removed.csv", dtype=str, keep_default_na=False)
    assert dict(overview.glance(articles, removed)) == {
        "articles": "4", "outlets": "2", "published": "2023-09-13 → 2023-11-02 (1 undated)",
        "words kept after cleaning": "10", "words in removed lines": "3"}
    assert overview.glance(None, None) == [("articles", "not written by this run")]


def test_top_entities_and_biggest_events_are_ranked(tmp_path):
    out = write_out(tmp_path / "out")
    ents = overview.top_entities(pd.read_csv(out / "entities.csv", dtype=str))
    assert list(ents["name"]) == ["كوريا الشمالية", "فلاديمير بوتين", SCRIPT_NAME]  # no rejected
    assert list(ents["mentions"]) == [37, 20, 3]
    ev = overview.biggest_events(pd.read_csv(out / "timeline.csv", dtype=str,
                                             keep_default_na=False))
    assert list(ev["articles"]) == [4, 1]  # cited by more articles first, whatever the mentions
    assert ev["event"].iloc[0].endswith("فلاديمير بوتين – كيم جونغ أون")


def test_trend_uses_trends_csv_when_present_else_articles_per_month(tmp_path):
    out = write_out(tmp_path / "out", trends=True)
    articles = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False)
    title, periods, series = overview.trend(None, articles)
    assert (title, periods, series) == ("articles per month", ["2023-09", "2023-10", "2023-11"],
                                        {"articles": [2.0, 0.0, 1.0]})
    trends = pd.read_csv(out / "trends.csv", dtype=str)
    title, periods, series = overview.trend(trends, articles)
    assert title == "terms per 10,000 words" and periods == ["2023-09", "2023-10"]
    assert series == {"بوتين": [5.0, 1.0], "كيم": [2.0, 3.0], "موسكو": [0.0, 0.5]}
    svg = overview.trend_svg(periods, series)
    assert svg.count("<polyline") == 3 and "<title>بوتين</title>" in svg
    assert overview.trend(None, articles.assign(published="")) == ("articles per month", [], {})
    assert overview.trend_svg([], {}) == ""


def test_the_page_escapes_corpus_text_and_links_every_report(tmp_path):
    out = write_out(tmp_path / "out")
    (out / "notebooks").mkdir()
    (out / "notebooks" / "01-cleaning.ipynb").write_text(json.dumps(
        {"cells": [{"cell_type": "markdown", "source": ["# 01 · Cleaning: what is in it?\n"]}]}),
        encoding="utf-8")
    reports = tmp_path / "reports"
    reports.mkdir()
    rendered = [reports / "01-cleaning.html", reports / "01-cleaning.noinput.html"]
    page = overview.write_overview(out, reports, "corpus/\u202eevil", rendered,
                                   "../out/marsad.xlsx").read_text(encoding="utf-8")
    assert SCRIPT_NAME not in page and SCRIPT_SOURCE not in page
    assert "&lt;img src=x onerror=" in page  # shown as the characters it is
    assert "\u202e" not in page and "corpus/⟨U+202E⟩evil" in page
    assert '<a href="01-cleaning.html">01 · Cleaning: what is in it?</a>' in page
    assert '<a href="01-cleaning.noinput.html">code-free</a>' in page
    assert '<a href="../out/marsad.xlsx">' in page
    assert 'name="viewport"' in page and 'dir="rtl"' in page


def test_a_run_without_tables_says_what_is_missing(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    page = overview.render(corpus="c", run="now", out=out, reports=[], workbook=None)
    assert "entities.csv was not written" in page and "timeline.csv was not written" in page
    assert "<script type=\"module\">" in page  # the search-link script, which must not fail


# --- in a real browser -----------------------------------------------------------------------

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable",
            "chrome-headless-shell")


def _browser() -> str | None:
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def dump_dom(page: Path, fragment: str = "") -> str:
    """The page's DOM after its scripts ran, as headless Chromium leaves it."""
    browser = _browser()
    if browser is None:
        pytest.skip("no Chromium found: install it to run the browser tests "
                    "(Debian/Ubuntu: apt-get install chromium; .ci/run does this as root)")
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-extensions", f"--user-data-dir={page.parent / '.chromium'}",
         "--virtual-time-budget=15000", "--dump-dom", page.as_uri() + fragment],
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _visible_rows(dom: str, table_id: str) -> list[str]:
    """The text of the body rows DataTables shows in the table ``table_id``."""
    table = re.search(rf'<table id="{table_id}".*?</table>', dom, re.S).group()
    body = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
    return [re.sub(r"<[^>]+>", " ", row) for row in re.findall(r"<tr.*?</tr>", body, re.S)]


def test_the_page_in_a_browser_has_no_error_and_its_search_finds_an_arabic_name(tmp_path):
    out = write_out(tmp_path / "out", trends=True)
    reports = tmp_path / "reports"
    reports.mkdir()
    page = overview.write_overview(out, reports, "corpus", [])
    dom = dump_dom(page, "#search=" + "فلاديمير بوتين")
    assert re.search(r'<pre id="js-errors" hidden=""></pre>', dom), \
        re.search(r'<pre id="js-errors".*?</pre>', dom, re.S).group()
    assert 'data-tables="2"' in dom  # both tables became DataTables and were searched
    rows = _visible_rows(dom, "overview-entities")
    assert len(rows) == 1 and "فلاديمير بوتين" in rows[0] and "20" in rows[0]
    events = _visible_rows(dom, "overview-events")
    assert len(events) == 1 and "كيم جونغ أون" in events[0]
    assert "data-pwned" not in dom  # the markup in names and sources never ran


def test_without_a_search_every_row_is_shown_and_markup_stays_text(tmp_path):
    out = write_out(tmp_path / "out")
    reports = tmp_path / "reports"
    reports.mkdir()
    dom = dump_dom(overview.write_overview(out, reports, "corpus", []))
    rows = _visible_rows(dom, "overview-entities")
    assert len(rows) == 3 and any("&lt;img src=x onerror=" in row for row in rows)
    assert "data-pwned" not in dom and '<img src="x"' not in dom
