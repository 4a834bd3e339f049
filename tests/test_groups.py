"""Outlets compared (issue 16 item 2): what each group says more than the rest, pairs per group."""

from __future__ import annotations

import pandas as pd
import pytest

from marsad import groups
from marsad.keywords import log_likelihood


def hand_articles(sources: list[str], term_lists: list[list[str]]) -> pd.DataFrame:
    return pd.DataFrame({"article_id": [f"a{i}" for i in range(len(sources))],
                         "source": sources, "terms": term_lists})


def test_each_group_against_the_rest_by_hand():
    # outlet A writes نفط in all three of its articles, B never; اقتصاد is spread evenly
    arts = hand_articles(
        ["A", "A", "A", "B", "B", "B", ""],
        [["نفط", "نفط", "اقتصاد"], ["نفط", "اقتصاد"], ["نفط", "نفط", "اقتصاد"],
         ["مباراه", "اقتصاد"], ["مباراه", "اقتصاد"], ["مباراه", "مباراه", "اقتصاد"], ["اقتصاد"]])
    table = groups.keyness_by_group(arts, "source", min_g2=0)
    oil = table[(table["group"] == "A") & (table["term"] == "نفط")].iloc[0]
    # A: 5 of its 8 terms; the rest (B and the article without a source): 0 of 8
    assert (oil["articles"], oil["count"], oil["docs"], oil["ref_count"]) == (3, 5, 3, 0)
    assert oil["g2"] == pytest.approx(float(log_likelihood(5, 0, 8, 8)))
    assert set(table["group"]) == {"A", "B"}  # the (none) group over-uses nothing 3 times
    assert "اقتصاد" not in set(table["term"])  # spread evenly: under-used or not significant
    assert list(table.columns) == groups.GROUP_KEYNESS_COLUMNS


def test_one_long_article_is_not_an_outlets_voice():
    arts = hand_articles(["A", "B", "B"], [["نفط"] * 9 + ["اقتصاد"], ["اقتصاد"], ["اقتصاد"]])
    assert groups.keyness_by_group(arts, "source", min_g2=0).empty  # 9 times, 1 article


def test_nothing_to_compare_says_why():
    arts = hand_articles(["A", "A"], [["نفط"], ["نفط"]])
    assert groups.keyness_by_group(arts, "source").empty
    assert groups.nothing_to_compare(arts, "source") == (
        "all 2 articles in one group by 'source': nothing to compare")
    assert groups.nothing_to_compare(arts, "author") == (
        "no column 'author' in this corpus: nothing to compare")
    assert groups.pairs_by_group(arts, "author").empty
    two = hand_articles(["A", ""], [["نفط"], ["نفط"]])
    assert groups.group_of(two).tolist() == ["A", groups.NO_GROUP]
    assert groups.nothing_to_compare(two).startswith("2 groups by 'source' (articles: A 1, ")


def test_pairs_per_outlet_side_by_side():
    a = ("التقى فلاديمير بوتين كيم جونغ أون في موسكو. وارتفعت أسعار النفط. وزار وفد من اليابان "
         "الصين. وقالت فرنسا إن ألمانيا شريك.")
    b = ("زار أنتوني بلينكن سيول والتقى يون سوك يول. وارتفعت أسعار القمح. وزار وفد من مصر الهند. "
         "وقالت إيطاليا إن إسبانيا شريك.")
    arts = pd.DataFrame({"article_id": ["a1", "a2", "a3", "b1", "b2", "b3", "c1"],
                         "source": ["A"] * 3 + ["B"] * 3 + ["C"],
                         "text_clean": [a] * 3 + [b] * 3 + [a]})
    table = groups.pairs_by_group(arts, "source", min_count=2, max_groups=2)
    assert list(table.columns) == ["A (3 articles)", "B (3 articles)"]  # the two largest
    assert table.index.name == "rank" and table.index.tolist() == [1, 2, 3, 4, 5]
    assert "فلاديمير بوتين – كيم جونغ أون (3)" in table["A (3 articles)"].tolist()
    assert "أنتوني بلينكن – سيول (3)" in table["B (3 articles)"].tolist()
    assert not any("بوتين" in cell for cell in table["B (3 articles)"])
