"""Keywords: frequencies, n-grams, KWIC, keyness and dispersion — by hand, on seeds, on 2018."""

from __future__ import annotations

import gzip
import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from marsad import keywords as kw
from marsad import plots, terms
from marsad.corpus import CorpusError
from marsad.normalize import normalize

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DATA_README = ROOT / "lib/marsad/data/README.md"

# The shipped reference list's corpus total (also written in lib/marsad/data/README.md).
REFERENCE_ARTICLES = 31328


def hand_articles(*term_lists: list[str]) -> pd.DataFrame:
    """Articles given directly by their term lists (no tokenizer involved)."""
    return pd.DataFrame({"article_id": [f"a{i + 1}" for i in range(len(term_lists))],
                         "terms": list(term_lists)})


# --------------------------------------------------------------------------------------------
# keyness by hand
# --------------------------------------------------------------------------------------------


def g2_by_hand(a: float, b: float, c: float, d: float) -> float:
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    return 2 * ((a * math.log(a / e1) if a else 0.0) + (b * math.log(b / e2) if b else 0.0))


def test_keyness_log_likelihood_and_effect_sizes_by_hand():
    # Target 1,000 terms, reference 100,000.
    target = {"روسيا": 10, "زياره": 5, "قال": 1}
    reference = {"روسيا": 20, "قال": 5000, "فقط": 100}
    table = kw.keyness(target, reference, 1000, 100_000).set_index("term")
    # روسيا: E1 = 1000·30/101000 = 0.2970297, E2 = 29.7029703
    # G² = 2·(10·ln(10/0.2970297) + 20·ln(20/29.7029703)) = 2·(35.165082 − 7.910296) = 54.509573
    assert table.loc["روسيا", "g2"] == pytest.approx(54.509573, abs=1e-6)
    assert table.loc["روسيا", "g2"] == pytest.approx(g2_by_hand(10, 20, 1000, 100_000))
    # Log Ratio = log2((10/1000)/(20/100000)) = log2(50); %DIFF = (0.01 − 0.0002)/0.0002·100
    assert table.loc["روسيا", "log_ratio"] == pytest.approx(math.log2(50))
    assert table.loc["روسيا", "pct_diff"] == pytest.approx(4900.0)
    assert table.loc["روسيا", "direction"] == "over"
    assert table.loc["روسيا", "per_million"] == pytest.approx(10_000.0)
    assert table.loc["روسيا", "ref_per_million"] == pytest.approx(200.0)
    # زياره is absent from the reference: G² from true counts = 2·5·ln(5/(1000·5/101000))
    # = 10·ln(101); the effect sizes use 0.5 for the zero: log2((5/1000)/(0.5/100000)) = log2(1000)
    assert table.loc["زياره", "g2"] == pytest.approx(10 * math.log(101))
    assert table.loc["زياره", "log_ratio"] == pytest.approx(math.log2(1000))
    assert table.loc["زياره", "pct_diff"] == pytest.approx(100 * (0.005 - 0.000005) / 0.000005)
    # قال: rarer in the target (1/1000 against 5000/100000): under-used, Log Ratio log2(0.02)
    assert table.loc["قال", "direction"] == "under"
    assert table.loc["قال", "log_ratio"] == pytest.approx(math.log2(0.02))
    assert table.loc["قال", "g2"] == pytest.approx(g2_by_hand(1, 5000, 1000, 100_000))
    # فقط only in the reference: count 0, smoothed Log Ratio log2((0.5/1000)/(100/100000)) = −1
    assert table.loc["فقط", "count"] == 0
    assert table.loc["فقط", "log_ratio"] == pytest.approx(-1.0)
    assert table.loc["فقط", "direction"] == "under"
    # p from χ²(1): G² = 3.841459 is p = 0.05
    assert kw.keyness({"x": 1}, {"x": 1}, 10, 10)["p"].iloc[0] == pytest.approx(1.0)
    # sorted by G², largest first
    expected = sorted(table.index, key=lambda t: -g2_by_hand(target.get(t, 0),
                                                            reference.get(t, 0), 1000, 100_000))
    assert kw.keyness(target, reference, 1000, 100_000)["term"].tolist() == expected


def test_keyness_equal_rates_score_zero_and_inputs_are_checked():
    table = kw.keyness(pd.Series({"كيم": 2}), pd.Series({"كيم": 200}), 100, 10_000)
    assert table.loc[0, "g2"] == pytest.approx(0.0, abs=1e-12)
    assert table.loc[0, "log_ratio"] == pytest.approx(0.0)
    assert table.loc[0, "direction"] == ""
    frame = pd.DataFrame({"term": ["كيم"], "count": [2]})
    assert kw.keyness(frame, {"كيم": 200}, 100, 10_000).loc[0, "g2"] == pytest.approx(0.0, abs=1e-12)
    with pytest.raises(ValueError, match="totals must be positive"):
        kw.keyness({"a": 1}, {"a": 1}, 0, 10)
    with pytest.raises(ValueError, match="exceeds its corpus total"):
        kw.keyness({"a": 11}, {"a": 1}, 10, 10)
    with pytest.raises(ValueError, match="'term' and 'count'"):
        kw.keyness(pd.DataFrame({"word": ["a"]}), {"a": 1}, 10, 10)


# --------------------------------------------------------------------------------------------
# counting, per article, dispersion — on term lists given by hand
# --------------------------------------------------------------------------------------------


def test_frequencies_and_per_article_count_terms_and_articles():
    arts = hand_articles(["روسيا", "زياره", "روسيا"], ["زياره", "كيم"], ["روسيا"])
    freq = kw.frequencies(arts)
    assert list(freq.columns) == kw.FREQUENCY_COLUMNS
    assert freq[["term", "count", "docs"]].values.tolist() == [
        ["روسيا", 3, 2], ["زياره", 2, 2], ["كيم", 1, 1]]
    assert freq["share"].tolist() == pytest.approx([3 / 6, 2 / 6, 1 / 6])
    assert freq.attrs["total_terms"] == 6
    long = kw.per_article(arts)
    assert long.values.tolist() == [["a1", "روسيا", 2], ["a1", "زياره", 1],
                                    ["a2", "زياره", 1], ["a2", "كيم", 1], ["a3", "روسيا", 1]]
    wide = kw.per_article(arts, wide=True)
    assert wide.index.tolist() == ["a1", "a2", "a3"]
    assert wide.loc["a3"].to_dict() == {"روسيا": 1, "زياره": 0, "كيم": 0}



def test_dispersion_plot_of_many_articles_is_a_heat_strip():
    """Beyond HEAT_MIN_ARTICLES articles a band per article is a hairline: the plot shades
    stretches of articles by the share using the term (x in the first half only, in every
    other article)."""
    import matplotlib

    matplotlib.use("Agg")
    n = 200
    arts = hand_articles(*[["x", "y"] if i < n // 2 and i % 2 == 0 else ["y"] for i in range(n)])
    ax = plots.plot_dispersion(kw.dispersion(arts, ["x", "y"]), arts["article_id"].tolist())
    share = ax.images[0].get_array()
    assert share.shape == (2, plots.HEAT_STRETCHES)
    assert share[0, :50].tolist() == [0.5] * 50 and share[0, 50:].tolist() == [0.0] * 50
    assert share[1].tolist() == [1.0] * plots.HEAT_STRETCHES
    few = hand_articles(["x"], ["y"])
    assert len(plots.plot_dispersion(kw.dispersion(few, ["x"]), few["article_id"].tolist()).images) == 0

def test_dispersion_positions_and_measures_by_hand():
    # sizes 2, 3, 5 (10 terms); x occurs once in a1 and once in a3
    arts = hand_articles(["x", "y"], ["y", "y", "y"], ["y", "y", "y", "y", "x"])
    pos = kw.dispersion(arts, ["x"])
    assert pos.values.tolist() == [["x", "a1", 0, 2, 0.25], ["x", "a3", 4, 5, 0.9]]
    row = kw.dispersion_measures(arts, ["x", "y", "absent"]).set_index("term")
    # DP: v = (.5, 0, .5), s = (.2, .3, .5) → 0.5·(.3 + .3 + 0) = 0.3; normalised 0.3/(1 − .2)
    assert row.loc["x", "dp"] == pytest.approx(0.3)
    assert row.loc["x", "dp_norm"] == pytest.approx(0.375)
    assert (row.loc["x", "count"], row.loc["x", "range"]) == (2, 2)
    # Juilland's D on relative frequencies (1/2, 0, 1/5): V = sd/mean (population sd)
    rel = [0.5, 0.0, 0.2]
    mean = sum(rel) / 3
    sd = math.sqrt(sum((r - mean) ** 2 for r in rel) / 3)
    assert row.loc["x", "juilland_d"] == pytest.approx(1 - (sd / mean) / math.sqrt(2))
    assert row.loc["absent", "count"] == 0 and math.isnan(row.loc["absent", "dp"])
    # y: v = (1/8, 3/8, 4/8), s = (.2, .3, .5) → 0.5·(.075 + .075 + 0) = 0.075
    assert row.loc["y", "dp"] == pytest.approx(0.075)


# --------------------------------------------------------------------------------------------
# offsets: normalized text ↔ text_clean
# --------------------------------------------------------------------------------------------


def test_context_is_cut_at_word_boundaries():
    text = "الأولى الثانية الثالثة بوتين الرابعة الخامسة"
    at = text.index("بوتين")
    assert kw._context(text, at, -12) == "الثالثة"  # "الثانية" is cut by the window: left out
    assert kw._context(text, at, -16) == "الثانية الثالثة"
    assert kw._context(text, at, -300) == "الأولى الثانية الثالثة"
    end = at + len("بوتين")
    assert kw._context(text, end, 12) == "الرابعة"
    assert kw._context(text, end, 300) == "الرابعة الخامسة"


# --------------------------------------------------------------------------------------------
# the reference list file
# --------------------------------------------------------------------------------------------


def test_reference_round_trip_and_bad_files(tmp_path):
    freq = pd.DataFrame({"term": ["روسيا", "كيم", "\"اقتباس\"", "نادر"],
                         "count": [50, 30, 20, 2], "docs": [10, 8, 5, 1]})
    path = kw.write_reference(freq, tmp_path / "ref.tsv.gz", total=1000, articles=12,
                              min_count=5, meta={"corpus": "hand-made"})
    first = path.read_bytes()
    kw.write_reference(freq, path, total=1000, articles=12, min_count=5,
                       meta={"corpus": "hand-made"})
    assert path.read_bytes() == first  # no timestamp in the gzip: reproducible bytes
    ref = kw.reference(path)
    assert (ref.total, ref.articles, ref.min_count) == (1000, 12, 5)
    assert ref.counts.values.tolist() == [["روسيا", 50, 10], ["كيم", 30, 8],
                                          ["\"اقتباس\"", 20, 5]]
    assert ref.meta["corpus"] == "hand-made" and ref.meta["terms_listed"] == "3"

    bad = tmp_path / "bad.tsv"
    bad.write_text("# articles: 3\n# min_count: 1\nterm\tcount\tdocs\nروسيا\t5\t2\n",
                   encoding="utf-8")
    with pytest.raises(CorpusError, match=r"bad\.tsv.*total_terms"):
        kw.reference(bad)
    bad.write_text("# articles: 3\n# min_count: 1\n# total_terms: 9\nterm\tcount\nروسيا\t5\n",
                   encoding="utf-8")
    with pytest.raises(CorpusError, match=r"bad\.tsv.*missing column"):
        kw.reference(bad)
    bad.write_text("# articles: 3\n# min_count: 1\n# total_terms: 4\nterm\tcount\tdocs\n"
                   "روسيا\t5\t2\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="more than total_terms"):
        kw.reference(bad)
    with pytest.raises(CorpusError, match="not found"):
        kw.reference(tmp_path / "nowhere.tsv.gz")
    with pytest.raises(ValueError, match="tabs or line breaks"):
        kw.write_reference(pd.DataFrame({"term": ["a\tb"], "count": [9], "docs": [1]}),
                           tmp_path / "x.tsv", total=9, articles=1, min_count=1, meta={})


# --------------------------------------------------------------------------------------------
# hand-made articles through the real cleaner and tokenizer
# --------------------------------------------------------------------------------------------


def article(text: str, article_id: str = "h1") -> pd.DataFrame:
    """One cleaned article made by hand (a title is given, so every line stays in the body)."""
    from marsad.clean import clean_corpus

    frame = pd.DataFrame({"article_id": [article_id], "text": [text], "title": ["عنوان"]})
    cleaned = clean_corpus(frame)[0]
    assert cleaned.loc[0, "text_clean"] == text  # nothing removed: offsets are into `text`
    return cleaned


KWIC_TEXT = ("زار الرئيسُ بوتيـــن موسكو أمس. وقال لبوتين مساعده إن فلاديمير بوتن سيزور بيونجيانج.\n"
             "العلاقات جيدة، والعلاقات تتحسن مع العلاقات القديمة.")


def test_kwic_finds_every_spelling_and_maps_offsets_to_the_original_letters():
    arts = article(KWIC_TEXT)
    conc = kw.kwic(arts, "بوتن", width=20)  # any spelling resolves to the entity
    assert list(conc.columns) == kw.KWIC_COLUMNS
    assert conc["match"].tolist() == ["بوتيـــن", "لبوتين", "فلاديمير بوتن"]
    assert conc["char_start"].tolist() == [KWIC_TEXT.index("بوتيـــن"), KWIC_TEXT.index("لبوتين"),
                                           KWIC_TEXT.index("فلاديمير بوتن")]
    assert all(KWIC_TEXT[a:b] == m for a, b, m in
               zip(conc["char_start"], conc["char_end"], conc["match"], strict=True))
    assert conc["sentence_id"].tolist() == [1, 2, 2]
    first = conc.iloc[0]
    assert (first["left"], first["right"]) == ("زار الرئيسُ", "موسكو أمس. وقال")  # diacritics kept
    # the query resolves the same way from the canonical name, and KWIC finds what is counted
    same = kw.kwic(arts, "فلاديمير بوتين", width=20)
    assert same["char_start"].tolist() == conc["char_start"].tolist()
    freq = kw.frequencies(arts).set_index("term")
    assert freq.loc["فلاديمير بوتين", "count"] == len(conc) == 3


def test_kwic_of_a_word_follows_clitic_handling():
    arts = article(KWIC_TEXT)
    conc = kw.kwic(arts, "العلاقات", width=12)
    # والعلاقات counts as العلاقات here (the article also has العلاقات alone, more often)
    assert conc["match"].tolist() == ["العلاقات", "والعلاقات", "العلاقات"]
    assert conc["sentence_id"].tolist() == [3, 3, 3]
    assert (conc.loc[1, "left"], conc.loc[1, "right"]) == ("جيدة،", "تتحسن مع")
    assert kw.frequencies(arts).set_index("term").loc["العلاقات", "count"] == 3
    assert kw.kwic(arts, "غائب").empty
    assert kw.kwic(arts.iloc[0:0], "روسيا").empty


def test_kwic_finds_a_name_after_li_that_drops_the_alef_of_al():
    # ل + ال is written لل: للسعودية is السعودية, in the concordance as in the counts
    arts = article("وصل الوفد للسعودية أمس، وقال إن الزيارة للمملكة مهمة.")
    conc = kw.kwic(arts, "السعودية")
    assert conc["match"].tolist() == ["للسعودية"]
    assert kw.frequencies(arts).set_index("term").loc["السعودية", "count"] == 1


NGRAM_TEXT = ("وصل وزير الخارجية الروسي سيرغي لافروف إلى بيونغ يانغ. وزير الخارجية قال إن الزيارة "
              "مهمة، وزير الدفاع غائب في 2023 عن الاجتماع.")


def test_ngrams_take_adjacent_terms_within_sentences_and_phrases():
    arts = article(NGRAM_TEXT)
    bi = kw.ngrams(arts, 2).set_index("ngram")
    assert bi.loc["وزير الخارجيه", "count"] == 2 and bi.loc["وزير الخارجيه", "docs"] == 1
    assert (bi.loc["الروسي سيرغي لافروف", ["term_1", "term_2"]].tolist()
            == ["الروسي", "سيرغي لافروف"])  # an entity is one term of the n-gram
    assert "سيرغي لافروف بيونغ يانغ" not in bi.index  # إلى (a stopword) stood between
    assert "بيونغ يانغ وزير" not in bi.index  # sentence end
    assert "مهمه وزير" not in bi.index  # comma
    assert "غائب الاجتماع" not in bi.index  # في 2023 عن
    tri = kw.ngrams(arts, 3)
    assert sorted(tri["ngram"]) == sorted(["وصل وزير الخارجيه", "وزير الخارجيه الروسي",
                                           "الخارجيه الروسي سيرغي لافروف", "وزير الدفاع غائب"])
    assert (tri["n"] == 3).all() and (tri["count"] == 1).all()
    spanning = kw.ngrams(arts, 2, span_stopwords=True).set_index("ngram")
    assert "سيرغي لافروف بيونغ يانغ" in spanning.index
    assert "غائب الاجتماع" in spanning.index
    assert "بيونغ يانغ وزير" not in spanning.index and "مهمه وزير" not in spanning.index
    both = kw.ngrams(arts, (3, 2))  # one pass, both sizes: bigrams first
    assert both["n"].tolist() == [2] * len(bi) + [3] * len(tri)
    pd.testing.assert_frame_equal(both[both["n"] == 2].drop(columns="term_3"),
                                  kw.ngrams(arts, 2))
    assert (both.loc[both["n"] == 2, "term_3"] == "").all()
    with pytest.raises(ValueError, match="n must be"):
        kw.ngrams(arts, 0)


# --------------------------------------------------------------------------------------------
# the seeds
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds() -> pd.DataFrame:
    from marsad.pipeline import prepare

    return terms.with_terms(prepare(SEEDS).articles)


@pytest.fixture(scope="module")
def seed_freq(seeds) -> pd.DataFrame:
    return kw.frequencies(seeds)


def test_ngram_counts_merge_in_order_and_give_the_ngrams_table(seeds):
    whole = kw.ngram_counts(seeds, (2, 3))
    first, second = kw.ngram_counts(seeds.iloc[:2], (2, 3)), kw.ngram_counts(seeds.iloc[2:])
    assert len(first) < len(whole) and len(second) < len(whole)
    merged = first.merge(second)
    assert merged == whole and list(merged) == list(whole)  # same n-grams, first-seen order
    assert sum(whole.count.tolist()) > sum(whole.docs.tolist()) >= len(whole) > 500
    pd.testing.assert_frame_equal(kw.ngram_table(merged), kw.ngrams(seeds, (2, 3)))
    pd.testing.assert_frame_equal(kw.ngram_table(whole, 2, min_count=2),
                                  kw.ngrams(seeds, 2, min_count=2))
    with pytest.raises(ValueError, match="sizes differ"):
        whole.merge(kw.ngram_counts(seeds, 2))
    with pytest.raises(ValueError, match="not all counted"):
        kw.ngram_table(whole, 4)


def test_ngram_counts_combine_many_parts_as_one_count(seeds):
    """combine of each article's counts = the counts of all articles (values and order)."""
    whole = kw.ngram_counts(seeds, (2, 3))
    parts = [kw.ngram_counts(seeds.iloc[[i]], (2, 3)) for i in range(len(seeds))]
    combined = kw.NgramCounts.combine(parts + [kw.NgramCounts((2, 3))], (2, 3))
    assert combined == whole and list(combined) == list(whole)
    assert len(parts[0]) < len(whole)
    assert len(kw.NgramCounts.combine([], (2, 3))) == 0
    with pytest.raises(ValueError, match="sizes differ"):
        kw.NgramCounts.combine(parts + [kw.ngram_counts(seeds, 2)], (2, 3))


def test_ngram_counts_count_occurrences_and_articles():
    counts = kw.ngram_counts(article(NGRAM_TEXT), (2, 3))
    assert counts.counts()[("وزير", "الخارجيه")] == 2
    assert counts.doc_counts()[("وزير", "الخارجيه")] == 1
    assert list(counts)[:3] == [("وصل", "وزير"), ("وزير", "الخارجيه"),
                                ("الخارجيه", "الروسي")]  # first run: its 2-grams, then 3-grams
    assert list(counts)[3] == ("الروسي", "سيرغي لافروف")
    assert counts.merge(kw.ngram_counts(article(NGRAM_TEXT, "h2"))).doc_counts()[
        ("وزير", "الخارجيه")] == 2
    assert counts.counts()[("وزير", "الخارجيه")] == 4
    empty = kw.ngram_counts(article(""), (2, 3))
    assert len(empty) == 0 and list(empty) == []
    assert kw.ngram_table(empty).columns.tolist() == (kw.NGRAM_COLUMNS
                                                       + ["term_1", "term_2", "term_3"])


# Counted by reading the cleaned seeds (numbers per article 000..004 in the comments).
SEED_NAMES = [
    # بيونغ يانغ ×5 | ×5 | ×3 + لبيونج يانج | بيونجيانج | ×1
    (["بيونغ يانغ", "بيونج يانج", "بيونجيانج", "لبيونج يانج"], "city", "Pyongyang", 16, 5),
    # بوتين/فلاديمير بوتين 1 | 3 | بوتن ×3, فلاديمير بوتن, بوتين ×2 → 5 (incl. بوتن لم) |
    # 5 (incl. وبوتين) | 6 (incl. لبوتين)
    (["بوتين", "بوتن", "فلاديمير بوتين", "فلاديمير بوتن", "وبوتين", "لبوتين"], "person",
     "Putin", 20, 5),
    # سيرغي لافروف, لافروف ×6 (002) | سيرغي لافروف (004)
    (["لافروف", "سيرغي لافروف"], "person", "Lavrov", 9, 2),
    # واشنطن (000), وتخشى واشنطن (003)
    (["واشنطن"], "city", "Washington", 2, 2),
    # 4 (not وفدا روسيًا: an adjective) | 8 (incl. وروسيا) | 8 | 9 (incl. لروسيا ×4; not
    # مصنعا روسيا) | 7
    (["روسيا", "وروسيا", "لروسيا"], "country", "Russia", 36, 5),
    # كيم جونغ أون / كيم جونج أون and كيم alone in articles naming him in full: 2 | 7 | 4 | 8 | 5
    (["كيم جونغ أون", "كيم جونج أون", "كيم"], "person", "Kim Jong", 26, 5),
]


@pytest.mark.parametrize(("variants", "kind", "english", "count", "docs"), SEED_NAMES,
                         ids=[row[2] for row in SEED_NAMES])
def test_seed_names_are_one_term_across_spellings(seed_freq, variants, kind, english, count,
                                                  docs):
    names = {kw.canonical(v) for v in variants}
    assert len(names) == 1
    (name,) = names
    row = seed_freq.set_index("term").loc[name]
    assert (row["count"], row["docs"], row["type"]) == (count, docs, kind)
    assert english in row["name_en"]
    # no spelling other than the canonical one is a term of its own
    others = {normalize(v) for v in variants} - {normalize(name)}
    assert not others & set(seed_freq["term"].map(normalize))


def test_seed_frequencies_one_row_per_term_no_stopwords_no_broken_names(seeds, seed_freq):
    assert seed_freq["term"].is_unique
    assert seed_freq["count"].sum() == seed_freq.attrs["total_terms"] == sum(map(len, seeds["terms"]))
    assert seed_freq["share"].sum() == pytest.approx(1.0)
    top = set(seed_freq[seed_freq["kind"].isin(["content", "entity"])].head(30)["term"])
    stop = {normalize(w) for w in ["في", "من", "على", "أن", "إن", "قال", "وقال", "إلى", "عن",
                                      "التي", "الذي", "هذا", "مع", "بين"]}
    assert not top & stop
    kinds = seed_freq.set_index("term")["kind"]
    assert set(kinds[sorted(stop)]) == {"function"}  # kept in the table, with their kind
    terms = set(seed_freq["term"])
    assert not terms & {"وتين", "وتن", "افروف", "اشنطن", "لاديمير", "وريا"}
    assert not {t for t in terms if re.fullmatch(r"(?:و|ف|ب|ل|ك)(?:بوتين|روسيا|لافروف)", t)}
    # the top of the content terms is about the seeds' story
    assert set(kw.top_terms(seed_freq, 6).index) >= {"روسيا", "كوريا الشمالية", "فلاديمير بوتين"}
    long = kw.per_article(seeds)
    assert long.groupby("term")["count"].sum().to_dict() == seed_freq.set_index("term")["count"].to_dict()


def test_term_spans_agree_with_terms_on_the_seeds(seeds):
    for text in seeds["text_norm"]:
        spans = terms.term_spans(text)
        assert [s.term for s in spans if not s.stopword] == terms.terms(text)
        assert [s.term for s in spans] == terms.terms(text, stopwords=False)
        assert all(text[s.start:s.end].strip() == text[s.start:s.end] for s in spans)


def test_seed_kwic_of_russia_matches_its_count(seeds, seed_freq):
    conc = kw.kwic(seeds, "روسيا", width=40)
    assert len(conc) == seed_freq.set_index("term").loc["روسيا", "count"] == 36
    clean = seeds.set_index("article_id")["text_clean"]
    assert all(clean[a][s:e] == m for a, s, e, m in
               zip(conc["article_id"], conc["char_start"], conc["char_end"], conc["match"],
                   strict=True))
    assert set(conc["match"]) == {"روسيا", "وروسيا", "لروسيا"}
    assert "روسيًا" not in set(conc["match"])  # وفدا روسيًا is the adjective "Russian"


def test_seed_dispersion_positions_are_within_articles(seeds, seed_freq):
    top = seed_freq.head(5)["term"].tolist()
    pos = kw.dispersion(seeds, top)
    assert pos.groupby("term").size().to_dict() == seed_freq.set_index("term")["count"][top].to_dict()
    assert pos["relative"].between(0, 1, inclusive="neither").all()
    sizes = seeds.set_index("article_id")["terms"].map(len)
    assert (pos["n_terms"] == pos["article_id"].map(sizes)).all()
    measures = kw.dispersion_measures(seeds, top).set_index("term")
    assert (measures["range"] == seed_freq.set_index("term")["docs"][top]).all()
    assert measures["dp"].between(0, 1).all()


# --------------------------------------------------------------------------------------------
# the shipped reference list
# --------------------------------------------------------------------------------------------


def test_shipped_reference_loads_with_its_documented_totals():
    ref = kw.reference()
    assert ref.articles == REFERENCE_ARTICLES
    assert ref.total == int(ref.meta["total_terms"]) > ref.counts["count"].sum()
    readme = DATA_README.read_text(encoding="utf-8")
    assert f"{ref.total:,}" in readme and f"--min-count {ref.min_count}" in readme
    assert ref.meta["origin"].endswith("f117ce44a9cfad0dcbd341b7d744e4c3cdb4fed8")
    assert (ref.counts["count"] >= ref.min_count).all() and ref.counts["term"].is_unique
    assert int(ref.meta["terms_listed"]) == len(ref.counts)
    # every word is listed, the function words among them, with their kind
    assert {normalize(w) for w in ["في", "من", "على", "أن", "قال"]} <= set(ref.counts.head(50)["term"])
    content = ref.counts[ref.counts["term"].map(terms.term_kind).isin(["content", "entity"])]
    assert not set(content.head(50)["term"]) & {normalize(w) for w in ["في", "من", "على", "أن",
                                                                         "قال", "بسبب", "عبر"]}
    assert {"دونالد ترامب", "روسيا", "فلاديمير بوتين"} <= set(ref.counts["term"])


def test_keyness_of_the_seeds_against_the_reference(seed_freq):
    table = kw.keyness_vs_reference(seed_freq).set_index("term")
    assert table.loc["كوريا الشمالية", "direction"] == "over"
    over = table[table["direction"] == "over"].head(10).index
    assert {"كوريا الشمالية", "بيونغ يانغ", "كيم جونغ أون"} <= set(over)
    assert table.loc["روسيا", "log_ratio"] > 3  # > 8 times the reference rate
    assert table["in_reference"].loc["روسيا"]


def read_2018_sample(path: Path, n: int) -> pd.DataFrame:
    """The first ``n`` articles of the 2018 corpus, cleaned as prepare() cleans them."""
    from marsad.clean import clean_corpus

    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            rows.append({"article_id": rec["id"], "text": rec["text"].replace("\r\n", "\n"),
                         "title": rec.get("title") or None})
            if len(rows) == n:
                break
    return clean_corpus(pd.DataFrame(rows))[0]


def test_reference_was_counted_the_way_notebooks_count(corpus_2018):
    """A sample of the reference corpus, counted now, fits inside the shipped list: every term
    is listed unless rarer than the threshold, and no sample count exceeds the corpus count."""
    sample = terms.with_terms(read_2018_sample(corpus_2018, 400))
    freq = kw.frequencies(sample)
    ref = kw.reference().counts.set_index("term")
    joined = freq.merge(ref, how="left", left_on="term", right_index=True,
                        suffixes=("", "_ref"))
    listed = joined["count_ref"].notna()
    assert (joined.loc[listed, "count"] <= joined.loc[listed, "count_ref"]).all()
    assert (joined.loc[listed, "docs"] <= joined.loc[listed, "docs_ref"]).all()
    assert listed[joined["count"] >= kw.reference().min_count].all()
    assert listed.mean() > 0.5
    for text in sample["text_norm"].head(150):
        assert [s.term for s in terms.term_spans(text) if not s.stopword] == terms.terms(text)


def test_shared_term_columns_give_the_same_keywords_and_ngrams(seeds, corpus_2018):
    """What the engine reads once per article (article_columns) gives exactly the keyword terms
    and n-gram counts that text_terms and ngram_counts compute on their own."""
    for articles in (seeds.drop(columns="terms"), read_2018_sample(corpus_2018, 300)):
        columns = terms.article_columns(articles)
        assert [c.columns[0] for c in columns] == [terms.text_terms(t) for t in articles["text_norm"]]
        assert (kw.ngram_counts(articles, (2, 3), columns=columns)
                == kw.ngram_counts(articles, (2, 3)))
    assert columns[0].columns[0]  # real terms, not an empty comparison
    with pytest.raises(ValueError, match="columns for"):
        kw.ngram_counts(articles, 2, columns=columns[:1])


def test_set_aside_lists_each_hidden_kind_and_is_empty_when_none(seed_freq):
    aside = kw.set_aside(seed_freq).set_index("kind")
    assert list(aside.index) == ["function", "number", "date"]
    assert aside.loc["function", "words"].startswith("في (64)")
    assert aside["occurrences"].sum() == seed_freq.loc[
        ~seed_freq["kind"].isin(["content", "entity"]), "count"].sum()
    only_content = seed_freq[seed_freq["kind"] == "content"]
    assert kw.set_aside(only_content).empty

