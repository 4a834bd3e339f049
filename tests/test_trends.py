"""Issue 16: terms, names and events over time (marsad.trends) on made-up Arabic articles with
dates and on the seeds, including corpora without dates and of one article."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from marsad import findings, keywords, terms, trends
from marsad.clean import clean_corpus
from marsad.pipeline import prepare

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def cleaned(rows: list[tuple[str, str, str | None]]) -> pd.DataFrame:
    """Articles ``(article_id, published, text)`` cleaned and read into terms."""
    frame = pd.DataFrame(rows, columns=["article_id", "published", "text"])
    articles, _ = clean_corpus(frame)
    return terms.with_terms(articles)


def by_terms(rows: list[tuple[str, list[str]]]) -> pd.DataFrame:
    """Articles given by ``(published, terms)`` (the terms column keywords reuses)."""
    return pd.DataFrame({"article_id": [f"a{i}" for i in range(len(rows))],
                         "published": [p for p, _ in rows],
                         "terms": pd.Series([t for _, t in rows], dtype=object),
                         "text_clean": [" ".join(t) for _, t in rows]})


def g2_by_hand(a: float, b: float, c: float, d: float) -> float:
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    return 2 * ((a * math.log(a / e1) if a else 0) + (b * math.log(b / e2) if b else 0))


def test_the_period_follows_the_span_and_ignores_stray_dates():
    def grain(days: list[str]) -> str | None:
        return trends.choose_grain(pd.to_datetime(pd.Series(days)))

    assert grain(["2018-03-01", "2018-04-30"]) == "day"  # 60 days
    assert grain(["2018-03-01", "2018-05-01"]) == "week"  # 61
    assert grain(["2018-01-01", "2019-12-31"]) == "week"  # 729
    assert grain(["2016-01-01", "2018-12-31"]) == "month"
    assert grain([]) is None
    # 2013 archive pages in a 2018 feed: the span is that of the bulk of the dates
    feed = ["2013-07-25"] + [f"2018-{m:02d}-{d:02d}" for m in range(2, 11) for d in range(1, 29)]
    assert grain(feed) == "week"
    assert grain(feed[:1] + feed[1:40]) == "month"  # 39 dates: one stray date is 1 in 40


def test_dates_that_are_not_days_make_an_article_undated():
    articles = pd.DataFrame({"published": ["2023-09-14", "2023-02-30", "", None, "yesterday",
                                           "2023-09-14T10:00:00"]})
    dates = trends.article_dates(articles)
    assert dates.isna().tolist() == [False, True, True, True, True, False]
    assert trends.undated(articles) == 4
    assert trends.article_periods(articles, "week").tolist() == [
        "2023-W37", "undated", "undated", "undated", "undated", "2023-W37"]
    assert trends.article_periods(articles, "month")[0] == "2023-09"
    assert trends.article_periods(articles, "day")[0] == "2023-09-14"
    # ISO weeks across a new year: 31 December 2018 is in week 1 of 2019
    assert trends.period_label(pd.Timestamp("2018-12-31"), "week") == "2019-W01"


def test_counts_per_period_of_real_arabic_articles():
    articles = cleaned([
        ("a1", "2018-03-05", "زار الرئيس فلاديمير بوتين موسكو اليوم. وقال بوتين إن روسيا قوية."),
        ("a2", "2018-03-07", "وصل بوتين إلى دمشق في زيارة قصيرة."),
        ("a3", "2018-03-21", "استقبل بوتين في موسكو وفدا من دمشق."),
        ("a4", None, "قال الرئيس بوتين إن موسكو ستبقى."),
    ])
    grain = trends.choose_grain(trends.article_dates(articles))
    assert grain == "day"
    week = trends.term_trends(articles, "week")
    putin = week[week["term"] == "فلاديمير بوتين"].set_index("period")
    assert putin["count"].to_dict() == {"2018-W10": 3, "2018-W12": 1, "undated": 1}
    assert putin["docs"].to_dict() == {"2018-W10": 2, "2018-W12": 1, "undated": 1}
    table = trends.periods(articles, "week")
    assert table["period"].tolist() == ["2018-W10", "2018-W11", "2018-W12"]
    assert table["articles"].tolist() == [2, 0, 1]
    terms_w10 = sum(len(t) for t in articles["terms"][:2])
    assert table["terms"].iloc[0] == terms_w10
    assert putin.loc["2018-W10", "per_10k"] == pytest.approx(3 * 10_000 / terms_w10)
    # names and content words only, every one of their occurrences somewhere (undated too)
    assert set(week["term"].map(terms.term_kind)) <= {"entity", "content"}
    freq = keywords.frequencies(articles)
    counted = freq[freq["kind"].isin(["entity", "content"])].set_index("term")["count"]
    assert week.groupby("term")["count"].sum().sort_index().equals(counted.sort_index())
    assert "قال" not in set(week["term"])  # a function word is not a trend


def rises_and_falls() -> pd.DataFrame:
    """Five weeks: مطار rises in the fifth, الحدود falls there."""
    filler = ["اقتصاد", "سوق", "نفط", "تجارة", "ميناء", "مصرف", "شركة", "عمال"]
    rows = []
    for week in range(4):
        monday = pd.Timestamp("2018-03-05") + pd.Timedelta(weeks=week)
        for n in range(2):
            day = (monday + pd.Timedelta(days=n)).strftime("%Y-%m-%d")
            rows.append((day, filler * 3 + ["الحدود"] * 4 + (["مطار"] if week == n == 0 else [])))
    for n in range(2):
        rows.append((f"2018-04-0{2 + n}", filler * 3 + ["مطار"] * 6))
    return by_terms(rows)


def test_a_rise_and_a_fall_against_the_periods_before():
    articles = rises_and_falls()
    table = trends.periods(articles, "week")
    trend = trends.term_trends(articles, "week", kinds=("content", "entity", "function",
                                                        "number", "date"))
    found = trends.changes(trend, table)
    rise = found[(found["term"] == "مطار") & (found["direction"] == "rise")].iloc[0]
    assert rise["period"] == "2018-W14" and rise["baseline"] == "2018-W10 … 2018-W13"
    # by hand: 12 of 60 terms now, 1 of 4 × 2 × 28 + 1 = 225 before
    assert (rise["count"], rise["docs"], rise["baseline_count"]) == (12, 2, 1)
    assert rise["g2"] == pytest.approx(g2_by_hand(12, 1, 60, 225))
    assert rise["log_ratio"] == pytest.approx(math.log2((12 / 60) / (1 / 225)))
    assert rise["per_10k"] == pytest.approx(2000.0)
    fall = found[(found["term"] == "الحدود") & (found["direction"] == "fall")].iloc[0]
    assert (fall["period"], fall["count"], fall["baseline_count"]) == ("2018-W14", 0, 32)
    assert fall["g2"] == pytest.approx(g2_by_hand(0, 32, 60, 225))
    assert fall["log_ratio"] == pytest.approx(math.log2((0.5 / 60) / (32 / 225)))
    assert trends.peak_period(trend, fall) == "2018-W11"  # its rate is highest from W11 on
    assert trends.peak_period(trend, rise) == "2018-W14"
    # the filler words move with the size of the weeks, not beyond chance
    assert set(found["term"]) == {"مطار", "الحدود"}
    assert found["g2"].is_monotonic_decreasing
    # one article repeating a word is not a rise; a higher minimum count hides both
    single = articles.drop(index=9)
    again = trends.changes(trends.term_trends(single, "week", kinds=("content", "entity",
                                                                      "function")),
                           trends.periods(single, "week"))
    assert not ((again["term"] == "مطار") & (again["direction"] == "rise")).any()
    assert trends.changes(trend, table, min_count=40).empty


def test_the_strongest_change_of_each_term_and_the_lines_at_its_peak():
    articles = cleaned([
        ("b1", "2018-03-05", "قصف الطيران مطار الحديدة. وأغلق مطار الحديدة أمام الرحلات."),
        ("b2", "2018-03-06", "أعلنت الأمم المتحدة قلقها على الحديدة ومطار الحديدة."),
        ("b3", "2018-02-26", "بحث الوزراء في الرياض أسعار النفط والأسواق."),
        ("b4", "2018-02-27", "ارتفعت أسعار النفط في الأسواق."),
    ])
    concordance = trends.kwic_in_period(articles, "week", "الحديدة", "2018-W10")
    assert len(concordance) == 4 and set(concordance["article_id"]) == {"b1", "b2"}
    assert trends.kwic_in_period(articles, "week", "الحديدة", "2018-W09").empty


def test_a_corpus_without_dates_counts_everything_apart():
    articles = cleaned([("c1", None, "زار بوتين موسكو."), ("c2", "", "وصل بوتين إلى دمشق.")])
    dates = trends.article_dates(articles)
    grain = trends.choose_grain(dates)
    assert grain is None
    table = trends.periods(articles, grain)
    assert table.empty and list(table.columns) == trends.PERIOD_COLUMNS
    trend = trends.term_trends(articles, grain)
    assert set(trend["period"]) == {"undated"}
    assert trend.set_index("term").loc["فلاديمير بوتين", "count"] == 2
    assert trends.changes(trend, table).empty
    assert trends.series(trend, table, ["فلاديمير بوتين"]).empty
    events = pd.DataFrame({"article_id": ["c1"], "action": ["CONSULT"], "mode": ["visit"],
                           "actor1_ar": ["فلاديمير بوتين"], "actor2_ar": [""]})
    per_type = trends.events_per_period(events, articles, grain)
    assert per_type.index.tolist() == ["undated"] and per_type.loc["undated", "CONSULT"] == 1
    said = findings.trend_findings(dates, grain, table, trends.changes(trend, table), per_type)
    assert said == ["None of the 2 articles has a usable publication date: nothing can be "
                    "counted over time; the terms are counted apart as undated."]


def test_one_article_is_one_period_and_no_change():
    articles = cleaned([("d1", "2024-01-10", "زار بوتين موسكو وقال بوتين إن روسيا قوية.")])
    dates = trends.article_dates(articles)
    grain = trends.choose_grain(dates)
    assert grain == "day"
    table = trends.periods(articles, grain)
    assert table["period"].tolist() == ["2024-01-10"] and table["articles"].tolist() == [1]
    trend = trends.term_trends(articles, grain)
    found = trends.changes(trend, table)
    assert found.empty and list(found.columns) == trends.CHANGE_COLUMNS
    per_type = trends.events_per_period(pd.DataFrame(columns=["article_id", "action", "mode"]),
                                        articles, grain)
    assert findings.trend_findings(dates.iloc[:0].astype("datetime64[ns]").reindex([0]), None,
                                   table.head(0), found, per_type)[0].startswith(
        "The one article has no usable publication date")
    assert per_type.index.tolist() == ["2024-01-10"] and per_type.shape[1] == 0
    said = findings.trend_findings(dates, grain, table, found, per_type)
    assert "All dated articles fall in one day: no change over time to measure." in said
    assert said[-2] == "No event mention in a dated article (0 in all)."


def test_events_per_period_by_type_and_by_actor():
    articles = by_terms([("2018-03-05", ["a"]), ("2018-03-20", ["b"]), (None, ["c"])])
    events = pd.DataFrame({
        "article_id": ["a0", "a0", "a1", "a2"],
        "action": ["CONSULT", "ACCUSE", "CONSULT", "CONSULT"],
        "mode": ["visit", "allege", "meet", "visit"],
        "actor1_ar": ["روسيا", "إيران", "روسيا", ""],
        "actor2_ar": ["إيران", "", "", "روسيا"]})
    per_type = trends.events_per_period(events, articles, "week")
    assert per_type.index.tolist() == ["2018-W10", "2018-W11", "2018-W12", "undated"]
    assert per_type.columns.tolist() == ["CONSULT", "ACCUSE"]
    assert per_type["CONSULT"].tolist() == [1, 0, 1, 1]
    per_actor = trends.events_per_period(events, articles, "week", "actor", top=1)
    assert per_actor.columns.tolist() == ["روسيا"]
    assert per_actor["روسيا"].tolist() == [1, 0, 1, 1]
    by_type = trends.events_per_period(events, articles, "week", "type")
    assert by_type.loc["2018-W10", "CONSULT/visit"] == 1
    with pytest.raises(ValueError, match="by must be"):
        trends.events_per_period(events, articles, "week", "place")


@pytest.fixture(scope="module")
def seeds():
    return terms.with_terms(prepare(SEEDS, learn=False).articles)


def test_the_seeds_over_time(seeds, tmp_path):
    dates = trends.article_dates(seeds)
    assert dates.notna().sum() == 2  # 14 September and 17 November 2023; three undated
    grain = trends.choose_grain(dates)
    assert grain == "week"  # 64 days
    table = trends.periods(seeds, grain)
    assert len(table) == 10 and table["articles"].tolist() == [1] + [0] * 8 + [1]
    trend = trends.term_trends(seeds, grain)
    korea = trend[trend["term"] == "كوريا الشمالية"].set_index("period")["count"]
    assert korea.to_dict() == {"2023-W37": 5, "2023-W46": 4, "undated": 28}  # 37 in all
    assert trends.changes(trend, table).empty  # one article per week: nothing is a trend
    values = trends.series(trend, table, ["كوريا الشمالية"])
    assert values["كوريا الشمالية"].notna().sum() == 2  # the empty weeks are gaps, not zeros
    from marsad.pipeline import corpus_entities

    corpus_entities(seeds, tmp_path)
    ev = trends.corpus_events(seeds, tmp_path)
    assert len(ev) == 70 and len(list((tmp_path / ".cache").glob("events-*.csv"))) == 1
    kept = trends.corpus_events(seeds, tmp_path)  # read back from the cache
    pd.testing.assert_frame_equal(kept, ev)
    per_type = trends.events_per_period(ev, seeds, grain)
    assert per_type.loc["undated"].sum() == 45 and per_type.to_numpy().sum() == 70
    said = findings.trend_findings(dates, grain, table, trends.changes(trend, table), per_type)
    assert said[0] == ("2 of 5 articles have a publication date, from 2023-09-14 to "
                       "2023-11-17: counted per week, 10 periods, 2 with articles; 3 undated "
                       "articles are counted apart.")
