"""The closing findings of notebooks 02-04 are computed from the corpus they ran on (issue 14):
real values on the seeds, a plain sentence for an empty table, and corpus text shown as text."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from marsad import cooccur, engine, findings, keywords, terms
from marsad.display import sentence_list
from marsad.pipeline import prepare

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def seeds():
    return prepare(SEEDS).articles


def test_keyword_findings_on_the_seeds(seeds):
    articles = terms.with_terms(seeds)
    freq = engine.run(articles, parts=("keywords",)).tables["keywords"]
    freq.insert(1, "display", keywords.display_forms(articles, freq["term"]).to_numpy())
    key = keywords.keyness_vs_reference(freq, keywords.reference())
    key = key.join(freq.set_index("term")["display"], on="term")
    conc = keywords.kwic(articles, "كوريا الشمالية")
    entities = pd.DataFrame(columns=["name_ar", "count", "status", "origin"])  # none found
    lines = findings.keyword_findings(freq, key, entities, len(seeds), node="كوريا الشمالية",
                                      concordance=conc)
    assert lines[0].startswith("5 articles, 1,431 words and names: content 48%, entity 15%, "
                               "function 31%")
    assert lines[1].startswith("Most frequent names (occurrences, articles): كوريا الشمالية "
                               "(37, 5); روسيا (36, 5)")
    assert "the word most often just before it is روسيا (6)" in lines[-2]
    assert lines[-1].startswith("Only 5 articles")


def test_cooccurrence_findings_on_the_seeds(seeds):
    pairs = cooccur.build(seeds).pairs(min_count=2)
    shown = cooccur.meaningful(pairs)
    lines = findings.cooccurrence_findings(pairs, shown, 71)
    assert lines[0] == ("46 pairs of entities share enough sentences; 7 are an entity with its "
                        "own capital, metonym, leader or place, 28 are no more frequent than "
                        "chance (G² < 3.84); 11 are shown.")
    assert lines[1] == ("The most frequent of them: فلاديمير بوتين – كيم جونغ أون (13 sentences "
                        "against 7.3 expected).")


def test_findings_of_empty_tables_say_so(seeds):
    pairs = cooccur.build(seeds).pairs(min_count=1000)
    assert findings.cooccurrence_findings(pairs, pairs, 3) == [
        "3 sentences and no two entities sharing enough of them: no pair."]
    from marsad import events

    ev = events.extract_events(seeds.head(0))
    assert findings.event_findings(ev, events.merge_timeline(ev), 0)[0].startswith(
        "0 articles and no event mention")


def test_event_findings_on_the_seeds(seeds):
    from marsad import events

    ev = events.extract_events(seeds)
    timeline = events.merge_timeline(ev)
    timeline["event"] = events.event_labels(timeline)
    lines = findings.event_findings(ev, timeline, len(seeds))
    assert lines[0] == "5 articles give 70 event mentions in 5 articles, merged into 43 events."
    assert lines[3].startswith("The event cited by the most articles: قمة أو لقاء: فلاديمير "
                               "بوتين – كيم جونغ أون (2023-09-13, in قاعدة فوستوتشني الفضائية; "
                               "4 articles")


def test_findings_show_corpus_text_as_text():
    page = sentence_list(["Most frequent names: <script>alert(1)</script> بوتين (3)."],
                         title="t").data
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert '<bdi dir="rtl" lang="ar">بوتين</bdi> (3)' in page
