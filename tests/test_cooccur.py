"""Co-occurrence: counts and measures by hand, symmetry, windows, variants, seeds, 2018 sample."""

from __future__ import annotations

import math
from collections import Counter
from itertools import combinations
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad import cooccur, plots
from marsad.cooccur import association, from_terms

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

RUSSIA, NK, CHINA = "روسيا", "كوريا الشمالية", "الصين"


@pytest.fixture(scope="module")
def seeds():
    from marsad.pipeline import prepare

    return prepare(SEEDS).articles


def article(text: str, article_id: str = "t1") -> pd.DataFrame:
    """A cleaned article made by hand (clean_corpus would keep these lines as they are)."""
    from marsad.clean import clean_corpus

    return clean_corpus(pd.DataFrame({"article_id": [article_id], "text": [text]}))[0]


# --------------------------------------------------------------------------------------------
# measures by hand
# --------------------------------------------------------------------------------------------

# Four units:  u1 = {روسيا, كوريا الشمالية}   u2 = {روسيا, كوريا الشمالية, الصين}
#              u3 = {روسيا}                     u4 = {الصين}
# N = 4; f(روسيا) = 3, f(كوريا الشمالية) = 2, f(الصين) = 2.
HAND = [[RUSSIA, NK], [NK, RUSSIA, CHINA, RUSSIA], [RUSSIA], [CHINA]]


def test_measures_computed_by_hand():
    table = from_terms(HAND).pairs(min_count=1).set_index(["term_a", "term_b"])
    # روسيا–كوريا الشمالية: f(ab) = 2, E = 3·2/4 = 1.5
    # PMI = log2(2/1.5) = 0.415037; NPMI = PMI / -log2(2/4) = 0.415037 / 1
    # 2×2 table: O11 = 2, O12 = 3-2 = 1, O21 = 2-2 = 0, O22 = 4-3-2+2 = 1
    #            E11 = 1.5, E12 = 3·2/4 = 1.5, E21 = 1·2/4 = 0.5, E22 = 1·2/4 = 0.5
    # G² = 2·(2·ln(2/1.5) + 1·ln(1/1.5) + 0 + 1·ln(1/0.5)) = 1.726092 (O > E: positive)
    # Dice = 2·2/(3+2) = 0.8; t = (2-1.5)/√2 = 0.353553
    rn = table.loc[(RUSSIA, NK)]
    assert rn["count"] == 2
    assert rn["expected"] == pytest.approx(1.5)
    assert rn["pmi"] == pytest.approx(0.415037, abs=1e-6)
    assert rn["npmi"] == pytest.approx(0.415037, abs=1e-6)
    assert rn["g2"] == pytest.approx(1.726092, abs=1e-6)
    assert rn["dice"] == pytest.approx(0.8)
    assert rn["t_score"] == pytest.approx(0.353553, abs=1e-6)
    # الصين–روسيا: f(ab) = 1, f(a) = 2, f(b) = 3, E = 1.5
    # PMI = log2(1/1.5) = -0.584963; NPMI = -0.584963 / -log2(1/4) = -0.292481
    # O = (1, 1, 2, 0), E = (1.5, 0.5, 1.5, 0.5): G² = 2·(ln(1/1.5) + ln(2) + 2·ln(2/1.5))
    #   = 1.726092, signed negative because O < E. Dice = 2/5; t = (1-1.5)/1 = -0.5
    cr = table.loc[(CHINA, RUSSIA)]
    assert cr["count"] == 1
    assert cr["expected"] == pytest.approx(1.5)
    assert cr["pmi"] == pytest.approx(-0.584963, abs=1e-6)
    assert cr["npmi"] == pytest.approx(-0.292481, abs=1e-6)
    assert cr["g2"] == pytest.approx(-1.726092, abs=1e-6)
    assert cr["dice"] == pytest.approx(0.4)
    assert cr["t_score"] == pytest.approx(-0.5)
    # الصين–كوريا الشمالية: f(ab) = 1, f(a) = f(b) = 2, E = 1: independent, every score 0
    cn = table.loc[(CHINA, NK)]
    assert (cn["count"], cn["expected"], cn["pmi"], cn["npmi"], cn["g2"], cn["t_score"]) == (
        1, 1.0, 0.0, 0.0, 0.0, 0.0)
    assert cn["dice"] == pytest.approx(0.5)


def test_association_edge_cases():
    # Always together in every unit: PMI 0, NPMI defined as 1.
    full = association([4], [4], [4], 4).iloc[0]
    assert full["pmi"] == 0 and full["npmi"] == 1.0 and full["g2"] == 0 and full["dice"] == 1
    # Always together, never apart, in half the units: maximal attraction, NPMI = 1.
    half = association([2], [2], [2], 4).iloc[0]
    assert half["pmi"] == pytest.approx(1.0)
    assert half["npmi"] == pytest.approx(1.0)
    assert half["g2"] == pytest.approx(2 * (2 * math.log(2) + 2 * math.log(2)))
    with pytest.raises(ValueError, match="f\\(ab\\)"):
        association([3], [2], [5], 10)
    with pytest.raises(ValueError, match="positive"):
        association([1], [1], [1], 0)


def test_unit_frequencies_and_n():
    model = from_terms(HAND)
    assert model.n_units == 4
    freq = model.frequencies().set_index("term")["units"]
    assert freq.to_dict() == {RUSSIA: 3, NK: 2, CHINA: 2}  # روسيا twice in u2 counts once


# --------------------------------------------------------------------------------------------
# symmetry, ordering, pruning, sorting
# --------------------------------------------------------------------------------------------


def test_each_pair_once_in_code_point_order():
    forward = from_terms(HAND).pairs(min_count=1)
    backward = from_terms([list(reversed(u)) for u in HAND]).pairs(min_count=1)
    pd.testing.assert_frame_equal(forward, backward)
    assert (forward["term_a"] < forward["term_b"]).all()
    keys = list(zip(forward["term_a"], forward["term_b"], strict=True))
    assert len(keys) == len(set(keys)) == 3
    assert sorted(keys) == [(CHINA, RUSSIA), (CHINA, NK), (RUSSIA, NK)]  # ا < ر < ك


def test_pair_matrix_is_symmetric():
    pairs = from_terms(HAND).pairs(min_count=1)
    matrix = cooccur.pair_matrix(pairs, [RUSSIA, NK, CHINA])
    assert (matrix.to_numpy() == matrix.to_numpy().T).all()
    assert matrix.loc[RUSSIA, NK] == matrix.loc[NK, RUSSIA] == 2
    assert matrix.loc[RUSSIA, RUSSIA] == 0


def test_min_count_prunes_without_changing_measures():
    units = [["a", "b", "c"], ["a", "b"], ["a", "d"], ["b", "c"], ["e"]]
    model = from_terms(units)
    every = model.pairs(min_count=1)
    frequent = model.pairs(min_count=2)
    assert set(zip(frequent["term_a"], frequent["term_b"], strict=True)) == {("a", "b"),
                                                                              ("b", "c")}
    pd.testing.assert_frame_equal(frequent, every[every["count"] >= 2].reset_index(drop=True))
    # top_k keeps the k most frequent terms (a: 3, b: 3, then c: 2 — ties by code point)
    top = model.pairs(min_count=1, top_k=2)
    assert list(zip(top["term_a"], top["term_b"], strict=True)) == [("a", "b")]
    assert top.loc[0, "expected"] == every.set_index(["term_a", "term_b"]).loc[("a", "b"),
                                                                               "expected"]
    assert list(model.prune(1, top_k=3)) == [model.term_id(t) for t in ("a", "b", "c")]


def test_sort_by_any_measure_with_tie_breakers():
    model = from_terms(HAND)
    by_pmi = model.pairs(min_count=1, sort_by="pmi")
    assert list(by_pmi["pmi"]) == sorted(by_pmi["pmi"], reverse=True)
    assert (by_pmi["term_a"].iloc[0], by_pmi["term_b"].iloc[0]) == (RUSSIA, NK)
    by_count = model.pairs(min_count=1)
    # two pairs with count 1: code point order decides
    assert list(zip(by_count["term_a"], by_count["term_b"], strict=True)) == [
        (RUSSIA, NK), (CHINA, RUSSIA), (CHINA, NK)]
    for measure in cooccur.MEASURES:
        assert len(model.pairs(min_count=1, sort_by=measure)) == 3
    with pytest.raises(ValueError, match="sort_by"):
        model.pairs(sort_by="chi2")


def test_max_pairs_stops_a_too_large_request():
    units = [[f"t{i}" for i in range(30)]] * 2
    with pytest.raises(ValueError, match="top_k"):
        from_terms(units).pairs(min_count=2, max_pairs=100)
    assert len(from_terms(units).pairs(min_count=2, top_k=10, max_pairs=100)) == 45


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from("abcdefg"), max_size=8), min_size=1, max_size=25),
       st.integers(1, 3))
def test_sparse_counts_equal_naive_counts(units, min_count):
    naive = Counter(pair for unit in units for pair in combinations(sorted(set(unit)), 2))
    table = from_terms(units).pairs(min_count=min_count)
    got = dict(zip(zip(table["term_a"], table["term_b"], strict=True), table["count"],
                   strict=True))
    assert got == {k: v for k, v in naive.items() if v >= min_count}


# --------------------------------------------------------------------------------------------
# windows
# --------------------------------------------------------------------------------------------


def naive_window(sentences, n):
    """Position pairs i < j ≤ i + n per sentence; slots N = 2 × pairs; f(a) = slots around a."""
    pairs, f, total = Counter(), Counter(), 0
    for terms in sentences:
        for i, j in combinations(range(len(terms)), 2):
            if j - i <= n:
                total += 2
                f[terms[i]] += 1
                f[terms[j]] += 1
                a, b = sorted((terms[i], terms[j]))
                if a != b:
                    pairs[a, b] += 1
    return pairs, f, total


def test_window_never_crosses_a_sentence_boundary():
    # Sentence 1: a x b; sentence 2: c a. Window ±1:
    #   position pairs a–x, x–b (sentence 1) and c–a (sentence 2); b–c straddles the boundary.
    sentences = [["a", "x", "b"], ["c", "a"]]
    one = from_terms(sentences, window=1)
    pairs = set(zip(*one.pairs(min_count=1)[["term_a", "term_b"]].T.to_numpy(), strict=True))
    assert pairs == {("a", "x"), ("b", "x"), ("a", "c")}
    assert one.n_units == 2 * 3  # (node, collocate) slots: each position pair seen from both ends
    # Window ±2 adds a–b (two apart); still no b–c.
    two = from_terms(sentences, window=2)
    pairs = set(zip(*two.pairs(min_count=1)[["term_a", "term_b"]].T.to_numpy(), strict=True))
    assert pairs == {("a", "x"), ("b", "x"), ("a", "c"), ("a", "b")}
    # N = 2 × (3 position pairs in sentence 1 + 1 in sentence 2) = 8 slots;
    # f(a) = slots around a = 2 (x, b in sentence 1) + 1 (c in sentence 2) = 3
    assert two.n_units == 8
    assert dict(zip(two.vocab, two.f, strict=True)) == {"a": 3, "b": 2, "c": 1, "x": 2}
    # A window as wide as the corpus still stops at the sentence end.
    wide = from_terms(sentences, window=50)
    assert ("b", "c") not in set(zip(*wide.pairs(min_count=1)[["term_a", "term_b"]].T.to_numpy(),
                                     strict=True))


def test_window_counts_every_occurrence_within_reach():
    # a b a: two position pairs a–b at distance 1, and a–a at distance 2 (not a pair).
    # Slots: N = 2 × 3 = 6; f(a) = 2 + 2 (each a sees two others), f(b) = 2.
    model = from_terms([["a", "b", "a"]], window=2)
    table = model.pairs(min_count=1)
    assert table[["term_a", "term_b", "count"]].values.tolist() == [["a", "b", 2]]
    assert model.n_units == 6 and dict(zip(model.vocab, model.f, strict=True)) == {"a": 4, "b": 2}
    # E = 4·2/6 = 4/3 < 2 = O: attraction
    assert table.loc[0, "expected"] == pytest.approx(4 / 3)


def test_window_expected_count_is_the_independence_expectation():
    # Three two-term sentences "a b", "a c", "c b" (window 1): N = 6 slots, f = 2 each.
    # Under independence a's partner is b with probability f(b)/N' of the other slots:
    # E(ab) = f(a)·f(b)/N = 2·2/6 = 0.667 — not 2·2/3 = 1.33 as with one unit per position pair.
    table = from_terms([["a", "b"], ["a", "c"], ["c", "b"]], window=1).pairs(min_count=1)
    assert list(table["count"]) == [1, 1, 1]
    assert table["expected"].tolist() == pytest.approx([2 / 3] * 3)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from("abcde"), max_size=9), min_size=1, max_size=12),
       st.integers(1, 4))
def test_window_counts_equal_naive_counts(sentences, n):
    pairs, f, total = naive_window(sentences, n)
    if total == 0:
        with pytest.raises(ValueError, match="two terms"):
            from_terms(sentences, window=n)
        return
    model = from_terms(sentences, window=n)
    assert model.n_units == total
    assert {t: int(v) for t, v in zip(model.vocab, model.f, strict=True) if v} == dict(f)
    table = model.pairs(min_count=1)
    got = dict(zip(zip(table["term_a"], table["term_b"], strict=True), table["count"],
                   strict=True))
    assert got == dict(pairs)


def test_bad_window_and_unit_are_clear_errors():
    with pytest.raises(ValueError, match="window"):
        from_terms([["a", "b"]], window=0)
    with pytest.raises(ValueError, match="window"):
        from_terms([["a", "b"]], window=1.5)
    frame = pd.DataFrame({"article_id": ["x"], "text_clean": ["روسيا"], "text_norm": ["روسيا"]})
    with pytest.raises(ValueError, match="sentence boundary"):
        cooccur.build(frame, unit="article", window=3)
    with pytest.raises(ValueError, match="unit must be"):
        cooccur.text_units(frame, "chapter")
    with pytest.raises(ValueError, match="text_clean"):
        cooccur.text_units(frame.drop(columns="text_clean"))


# --------------------------------------------------------------------------------------------
# collocates
# --------------------------------------------------------------------------------------------


def test_collocates_link_to_their_units():
    units = pd.DataFrame({"unit": ["s1", "s2", "s3", "s4"], "article_id": ["A", "A", "B", "B"],
                          "part_id": [1, 2, 1, 2], "text": ["one", "two", "three", "four"]})
    model = from_terms(HAND, units)
    table = model.collocates(RUSSIA)
    assert list(table["collocate"]) == [NK, CHINA]
    assert list(table["count"]) == [2, 1]
    assert table.loc[0, "units"] == ["s1", "s2"] and table.loc[1, "units"] == ["s2"]
    pairs = model.pairs(min_count=1).set_index(["term_a", "term_b"])
    assert table.loc[0, "g2"] == pytest.approx(pairs.loc[(RUSSIA, NK), "g2"])
    lines = model.concordance(RUSSIA, CHINA)
    assert lines.to_dict("records") == [{"unit": "s2", "article_id": "A", "part_id": 2,
                                         "start": 0, "end": 0, "text": "two"}]
    with pytest.raises(KeyError, match="not a term"):
        model.collocates("موسكو")


def test_window_collocates():
    model = from_terms([["a", "x", "b", "a"], ["b", "c"]], window=1)
    table = model.collocates("a")
    assert table[["collocate", "count"]].values.tolist() == [["b", 1], ["x", 1]]
    assert table.loc[table["collocate"] == "b", "units"].iloc[0] == ["1"]


# --------------------------------------------------------------------------------------------
# real text: variants, sentence edges, consistency with terms.terms, seeds
# --------------------------------------------------------------------------------------------

VARIANTS = ("وصل الوفد إلى بيونغ يانغ ثم غادر بيونجيانج إلى موسكو.\n"
            "قال لافروف إن روسيا ستدعم بيونج يانج.")


def test_variants_of_one_entity_never_pair():
    model = cooccur.build(article(VARIANTS))
    table = model.pairs(min_count=1)
    assert (table["term_a"] != table["term_b"]).all()
    assert "بيونغ يانغ" in set(table["term_a"]) | set(table["term_b"])
    assert not any("بيونج" in t for t in set(table["term_a"]) | set(table["term_b"]))
    freq = model.frequencies().set_index("term")["units"]
    assert freq["بيونغ يانغ"] == 2  # two sentences; the sentence with two spellings counts once
    assert set(zip(table["term_a"], table["term_b"], strict=True)) == {
        ("بيونغ يانغ", "موسكو"), ("بيونغ يانغ", "روسيا"), ("بيونغ يانغ", "سيرغي لافروف"),
        ("روسيا", "سيرغي لافروف")}
    # The same in windows: بيونغ يانغ … بيونجيانج are 3 terms apart, one term, no pair.
    window = cooccur.build(article(VARIANTS), window=5).pairs(min_count=1)
    assert (window["term_a"] != window["term_b"]).all()


def test_window_stops_at_the_sentence_end_in_text():
    # موسكو ends sentence 1 and لافروف opens sentence 2 (stopword قال between): 1 term apart.
    terms = [["وصل", "الوفد", "بيونغ يانغ", "غادر", "بيونغ يانغ", "موسكو"],
             ["سيرغي لافروف", "روسيا", "ستدعم", "بيونغ يانغ"]]
    assert cooccur.read_units(article(VARIANTS), entities_only=False)[1] == terms
    split = cooccur.build(article(VARIANTS), window=2).pairs(min_count=1)
    assert ("سيرغي لافروف", "موسكو") not in set(zip(split["term_a"], split["term_b"],
                                                     strict=True))
    joined = cooccur.build(article(VARIANTS.replace(".\nقال", " وقال")), window=2)
    table = joined.pairs(min_count=1)
    assert ("سيرغي لافروف", "موسكو") in set(zip(table["term_a"], table["term_b"], strict=True))


def test_adjectives_separate_or_merged():
    text = "وصل وفد روسي إلى بيونغ يانغ.\nوقالت كوريا الشمالية إن الوفد الروسي غادر."
    separate = cooccur.build(article(text)).pairs(min_count=1)
    assert separate[["term_a", "term_b"]].values.tolist() == []
    merged = cooccur.build(article(text), adjectives="merge").pairs(min_count=1)
    assert set(zip(merged["term_a"], merged["term_b"], strict=True)) == {
        ("بيونغ يانغ", "روسيا"), ("روسيا", "كوريا الشمالية")}
    words = cooccur.build(article(text), entities_only=False).pairs(min_count=1)
    # All terms: the adjective is its own term, first in code point order (ا < ب < ك).
    row = words[(words["term_a"] == "الروسي") & (words["term_b"] == "بيونغ يانغ")]
    assert row[["type_a", "type_b", "count"]].values.tolist() == [["adjective", "city", 1]]
    row = words[(words["term_a"] == "الروسي") & (words["term_b"] == "كوريا الشمالية")]
    assert row[["type_a", "type_b", "count"]].values.tolist() == [["adjective", "country", 1]]
    # All terms, adjectives merged: the adjective counts as the country, like its name.
    _, lists = cooccur.read_units(article(text), entities_only=False, adjectives="merge")
    assert lists == [["وصل", "وفد", "روسيا", "بيونغ يانغ"],
                     ["كوريا الشمالية", "الوفد", "روسيا", "غادر"]]


def test_unit_terms_are_the_terms_of_keywords(seeds):
    from marsad.terms import terms

    for unit in cooccur.UNITS:
        units, lists = cooccur.read_units(seeds, unit, entities_only=False)
        joined: dict[str, list[str]] = {}
        for aid, unit_terms in zip(units["article_id"], lists, strict=True):
            joined.setdefault(aid, []).extend(unit_terms)
        for aid, norm in zip(seeds["article_id"], seeds["text_norm"], strict=True):
            assert joined[aid] == terms(norm), (unit, aid)
    sentences = cooccur.text_units(seeds)
    from marsad.sentences import sentences as clean_sentences

    expected = clean_sentences(seeds)
    assert sentences["text"].tolist() == expected["sentence"].tolist()
    assert sentences["part_id"].tolist() == expected["sentence_id"].tolist()


def test_seeds_strongest_pairs_are_what_a_reader_sees(seeds):
    table = cooccur.cooccurrence(seeds)
    top = table.iloc[0]
    assert (top["term_a"], top["term_b"], top["count"]) == ("روسيا", "كوريا الشمالية", 20)
    pairs = table.set_index(["term_a", "term_b"])
    assert pairs.loc[("فلاديمير بوتين", "كيم جونغ أون"), "count"] == 13
    assert pairs.loc[("سيرغي لافروف", "كوريا الشمالية"), "count"] == 6
    assert pairs.loc[("بيونغ يانغ", "سيرغي لافروف"), "count"] == 3
    # Kim–Putin attract (more together than their frequencies predict); Kim–Pyongyang do not.
    assert pairs.loc[("فلاديمير بوتين", "كيم جونغ أون"), "g2"] > 9
    assert pairs.loc[("بيونغ يانغ", "كيم جونغ أون"), "g2"] < 0
    assert set(table["type_a"]) | set(table["type_b"]) <= {"country", "person", "city", "place",
                                                           "org"}
    # Whole articles: all five seeds name both Russia and North Korea.
    articles = cooccur.cooccurrence(seeds, unit="article").set_index(["term_a", "term_b"])
    assert articles.loc[("روسيا", "كوريا الشمالية"), "count"] == 5
    assert cooccur.build(seeds, unit="paragraph").n_units == 61


def test_collocates_of_north_korea_on_the_seeds(seeds):
    model = cooccur.build(seeds, entities_only=False)
    table = model.collocates("كوريا الشمالية")
    assert table.iloc[0]["collocate"] == "روسيا" and table.iloc[0]["count"] == 20
    assert "كوريا الشمالية" not in set(table["collocate"])
    lines = model.kwic(seeds, "روسيا", "كوريا الشمالية")
    assert set(lines["unit"]) == set(table.iloc[0]["units"])
    assert lines["match"].str.contains("روسيا").all()
    assert len(lines) == 22  # two of the 20 sentences name Russia twice


def test_2018_sample_matches_naive_counts(corpus_2018):
    from marsad.clean import clean_corpus

    # The first 800 articles (loading and cleaning all 31k takes longer than this file may).
    frame = pd.read_json(corpus_2018, lines=True, nrows=800, dtype={"id": str})
    articles = clean_corpus(frame.rename(columns={"id": "article_id"}))[0]
    units, lists = cooccur.read_units(articles)
    naive = Counter(p for terms in lists for p in combinations(sorted(set(terms)), 2))
    table = cooccur.cooccurrence(articles, min_count=3)
    got = dict(zip(zip(table["term_a"], table["term_b"], strict=True), table["count"],
                   strict=True))
    assert got == {k: v for k, v in naive.items() if v >= 3}
    assert len(got) > 20
    assert cooccur.build(articles).n_units == len(units) > 6000


def test_units_index_text_clean(seeds):
    for unit in cooccur.UNITS:
        units = cooccur.text_units(seeds, unit)
        texts = dict(zip(seeds["article_id"], seeds["text_clean"], strict=True))
        assert all(texts[a][s:e] == t for a, s, e, t in units[["article_id", "start", "end",
                                                                "text"]].itertuples(index=False))
    paragraphs = cooccur.text_units(seeds, "paragraph")
    assert not paragraphs["text"].str.contains("\n").any()
    assert cooccur.text_units(seeds, "article")["unit"].tolist() == seeds["article_id"].tolist()


def test_graph_and_ego_network(seeds):
    pairs = cooccur.cooccurrence(seeds)
    g = cooccur.graph(pairs, "npmi", min_count=2)
    assert g.number_of_edges() == len(pairs[pairs["count"] >= 2])
    edge = g.edges["روسيا", "كوريا الشمالية"]
    assert edge["count"] == 20 and edge["weight"] == pytest.approx(edge["npmi"])
    assert g.nodes["فلاديمير بوتين"]["type"] == "person"
    ego = cooccur.ego(g, "روسيا")
    assert set(ego.nodes) == {"روسيا", *g.neighbors("روسيا")}
    strongest = cooccur.graph(pairs, "g2", top_n=3)
    assert strongest.number_of_edges() == 3
    assert strongest.has_edge("الكرملين", "دميتري بيسكوف")
    with pytest.raises(KeyError, match="not in the graph"):
        cooccur.ego(g, "باريس")
    with pytest.raises(ValueError, match="weight"):
        cooccur.graph(pairs, "mi3")


def test_ego_keeps_the_strongest_partners(seeds):
    g = cooccur.graph(cooccur.cooccurrence(seeds), "count")
    top = cooccur.ego(g, "روسيا", top_n=2)
    assert set(top.nodes) == {"روسيا", "كوريا الشمالية", "كيم جونغ أون"}  # 20 and 15 sentences
    assert top.has_edge("كوريا الشمالية", "كيم جونغ أون")


def test_blocked_product_equals_one_block(monkeypatch):
    units = [["a", "b", "c"], ["a", "b"], ["b", "c", "d"], ["a", "d"], ["c", "d", "a"]]
    whole = from_terms(units).pairs(min_count=1)
    monkeypatch.setattr(cooccur, "_BLOCK_ENTRIES", 1)  # one vocabulary column per block
    pd.testing.assert_frame_equal(from_terms(units).pairs(min_count=1), whole)
    assert len(whole) == 6


def test_partners_from_pairs_equal_collocates_without_units(seeds):
    model = cooccur.build(seeds)
    pairs = model.pairs(min_count=2)
    for node in ["روسيا", "كيم جونغ أون", "بيونغ يانغ"]:
        expected = model.collocates(node, min_count=2).drop(columns="units")
        got = cooccur.partners(pairs, node)
        assert len(got) > 3
        pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_a_corpus_without_pairs_draws_a_note_not_an_error():
    import matplotlib

    matplotlib.use("Agg")
    model = from_terms([["روسيا"], ["موسكو"]])
    pairs = model.pairs(min_count=2)
    g = cooccur.graph(pairs, "count", min_count=2)
    assert len(pairs) == 0 and cooccur.centre(g, prefer="روسيا") is None
    assert len(cooccur.ego(g, None)) == 0 and cooccur.partners(pairs, None).empty
    ax = plots.draw_network(g, title="x")
    assert [t.get_text() for t in ax.texts] == ["no pair of names to draw"]
    ax = plots.draw_heatmap(cooccur.pair_matrix(pairs, []), title="x")
    assert [t.get_text() for t in ax.texts] == ["no names to compare"]



def test_a_dense_network_labels_the_most_connected_names_without_overlap():
    """60 names around one hub: no label covers another, the hub is labelled, and the plot
    says how many are (issue 16: the 2018 network's labels overlapped into a knot)."""
    import matplotlib
    import networkx as nx

    matplotlib.use("Agg")
    g = nx.Graph()
    for i in range(60):
        g.add_edge("روسيا", f"اسم طويل {i}", weight=60 - i)
    g.add_edge("اسم طويل 0", "اسم طويل 1", weight=100)
    nx.set_node_attributes(g, "country", "type")
    ax = plots.draw_network(g, title="x")
    labels = [t for t in ax.texts if t.get_text() and "names labelled" not in t.get_text()]
    renderer = ax.figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert 5 <= len(labels) < 61 and "روسيا" in {t.get_text() for t in labels}
    note = [t.get_text() for t in ax.texts if "names labelled" in t.get_text()]
    assert note == [f"{len(labels)} of 61 names labelled: the most connected, where a label "
                    "would not cover another"]

def test_centre_prefers_the_given_node_else_the_most_connected():
    model = from_terms([["أ", "ب"], ["أ", "ب"], ["ب", "ج"], ["ب", "ج"], ["د", "ه"], ["د", "ه"]])
    g = cooccur.graph(model.pairs(min_count=2), "count", min_count=2)
    assert cooccur.centre(g, prefer="د") == "د"
    assert cooccur.centre(g, prefer="روسيا") == "ب"  # two partners


# --------------------------------------------------------------------------------------------
# pairs that say nothing new, and pairs no more frequent than chance (issue 14)
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b", "relation"), [
    ("بيونغ يانغ", NK, "capital_of"), (NK, "بيونغ يانغ", "capital_of"),
    ("الكرملين", RUSSIA, "metonym_of"), ("فلاديمير بوتين", RUSSIA, "leader_of"),
    ("وكالة الأنباء السعودية", "السعودية", "in_country"),
    ("فلاديمير بوتين", NK, ""), ("موسكو", NK, ""), (RUSSIA, NK, ""),
    ("فلاديمير بوتين", "كيم جونغ أون", ""), ("كلمة", RUSSIA, ""), (RUSSIA, RUSSIA, ""),
])
def test_relation_of_an_entity_with_its_own_country(a, b, relation):
    assert cooccur.relation(a, b) == relation


def test_meaningful_pairs_leave_out_relations_and_chance(seeds):
    pairs = cooccur.build(seeds).pairs(min_count=2)
    assert set(pairs["relation"]) <= {"", *cooccur.RELATIONS}
    related = pairs.set_index(["term_a", "term_b"])["relation"]
    assert related[("بيونغ يانغ", NK)] == "capital_of"
    assert related[("كوريا الشمالية", "كيم جونغ أون")] == "leader_of"
    shown = cooccur.meaningful(pairs)
    assert (shown["g2"] >= cooccur.G2_SIGNIFICANT).all() and (shown["relation"] == "").all()
    kept = set(zip(shown["term_a"], shown["term_b"], strict=True))
    assert (RUSSIA, NK) not in kept  # 20 sentences, but 17.2 expected: G² 1.7
    assert ("فلاديمير بوتين", "كيم جونغ أون") in kept  # 13 against 7.3
    assert len(shown) == 11 and len(pairs) == 46
    assert len(cooccur.meaningful(pairs, g2=0)) > len(shown)
