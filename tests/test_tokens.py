"""Tokens and terms: entities as one term, clitics, stopwords, stemming, spelling-variant keys."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from itertools import islice

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sources import seed_body

from marsad.normalize import normalize
from marsad.terms import is_entity_term, stem_groups, term_entity, terms
from marsad.tokens import build_vocabulary, stem, strip_proclitics, tokenize, variant_key
from marsad.word_classes import stopword_set


def t(text: str, **kwargs) -> list[str]:
    return terms(normalize(text), **kwargs)


# Hand count of entity terms per seed body (see tests/test_gazetteer.py for the per-kind count):
# every spelling and clitic form of an entity is its name_ar; كيم next to كيم جونغ أون counts
# for him; adjectives are their entity's first adjective (الروسي for الروسية، روسي، وفدا روسيًا).
ENTITY_TERMS = {
    "000": {"بيونغ يانغ": 6, "كوريا الشمالية": 6, "الروسي": 5, "روسيا": 4,
            "الكوري الشمالي": 3, "موسكو": 3, "أوكرانيا": 2,
            "وكالة الأنباء المركزية الكورية": 2, "كيم جونغ أون": 2, "ألكسندر كوزلوف": 1,
            "أنتوني بلينكن": 1, "الصين": 1, "الأمريكي": 1, "بيرم": 1, "سيول": 1,
            "فلاديمير بوتين": 1, "كوريا الجنوبية": 1, "مجموعة السبع": 1, "واشنطن": 1},
    "001": {"كوريا الشمالية": 14, "روسيا": 11, "كيم جونغ أون": 7, "بيونغ يانغ": 5,
            "سيرغي شويغو": 4, "أوكرانيا": 3, "فلاديمير بوتين": 3, "الكوري الشمالي": 2,
            "مجلس الأمن الروسي": 2, "الصيني": 1, "الولايات المتحدة": 1, "الروسي": 1,
            "سيول": 1, "شبه الجزيرة الكورية": 1, "شي جين بينغ": 1, "قصر كومسوسان": 1,
            "كوريا الجنوبية": 1, "مركز أبحاث التسلح في النزاعات": 1},
    "002": {"كوريا الشمالية": 11, "سيرغي لافروف": 9, "روسيا": 8, "بيونغ يانغ": 5,
            "فلاديمير بوتين": 5, "الروسي": 4, "كيم جونغ أون": 4, "أوكرانيا": 3,
            "تشوي سون هوي": 2, "دميتري بيسكوف": 2, "الكوري الشمالي": 2,
            "وكالة فرانس برس": 2, "الأمم المتحدة": 1, "الكرملين": 1, "الولايات المتحدة": 1,
            "رويترز": 1, "موسكو": 1},
    # الروسي 7: وكالة "تاس" الروسية is the agency's whole name, quotes and all
    "003": {"روسيا": 12, "كوريا الشمالية": 11, "الروسي": 7, "كيم جونغ أون": 8,
            "فلاديمير بوتين": 5, "الكرملين": 4, "موسكو": 4, "كوريا الجنوبية": 3,
            "الولايات المتحدة": 2, "دميتري بيسكوف": 2, "ألكسندر كوزلوف": 1,
            "أندريه رودينكو": 1, "أوكرانيا": 1, "الأمم المتحدة": 1, "بريمورسكي كراي": 1,
            "بيونغ يانغ": 1, "خاسان": 1, "سيول": 1, "شبه الجزيرة الكورية": 1,
            "قاعدة فوستوتشني الفضائية": 1, "الكوري الشمالي": 1, "واشنطن": 1,
            "وكالة إنترفاكس": 1, "وكالة تاس": 1, "شرق آسيا": 1},
    "004": {"روسيا": 9, "فلاديمير بوتين": 8, "كوريا الشمالية": 8, "كيم جونغ أون": 8,
            "الروسي": 4, "دميتري بيسكوف": 3, "أوكرانيا": 2, "الكرملين": 2, "الأوكراني": 1,
            "الإيراني": 1, "السودان": 1, "المغرب": 1, "النيجر": 1, "بيونغ يانغ": 1,
            "دونالد ترامب": 1, "سيرغي لافروف": 1, "قاعدة فوستوتشني الفضائية": 1,
            "الكوري الشمالي": 1, "وكالة الأنباء المركزية الكورية": 1,
            "مانشستر سيتي": 1},  # a tag; the club, not the city (the places layer has مانشستر)
}


@pytest.mark.parametrize("seed", sorted(ENTITY_TERMS))
def test_seed_entities_are_one_term_each(seed):
    counted = Counter(term for term in terms(seed_body(seed)) if is_entity_term(term))
    assert counted == Counter(ENTITY_TERMS[seed])


def test_merged_adjectives_count_for_the_entity():
    counted = Counter(terms(seed_body("003"), adjectives="merge"))
    assert counted["روسيا"] == 12 + 7
    assert counted["كوريا الشمالية"] == 11 + 1
    assert "الروسي" not in counted
    with pytest.raises(ValueError, match="adjectives"):
        terms("روسيا", adjectives="drop")


def test_short_aliases_can_be_switched_off():
    counted = Counter(terms(seed_body("003"), short_aliases=False))
    assert counted["كيم جونغ أون"] == 2
    assert counted["كيم"] == 6  # the bare word stays a plain, unstripped word


def test_tokenize_keeps_letters_and_digits_only():
    assert tokenize(normalize("قال: «روسيا» ٢٠٢٣ U.S. pic.twitter.com")) == [
        "قال", "روسيا", "2023", "U", "S", "pic", "twitter", "com"]
    assert t("2023 U.S. Summit و ، ") == ["summit"]


def test_names_survive_clitic_handling():
    assert t("وبوتين ولافروف وواشنطن وفلاديمير") == [
        "فلاديمير بوتين", "سيرغي لافروف", "واشنطن", "فلاديمير"]
    # gazetteer words are never cut, even when the cut form is a known word
    assert t("بيونغ فلاديمير كوريا", vocabulary={"يونغ", "لاديمير", "وريا"}) == [
        "بيونغ", "فلاديمير", "كوريا"]
    assert t("وكوريا") == ["كوريا"]
    # a given name is never cut, however frequent the cut form (issue 14: فيصل is not ف + يصل)
    assert t("فيصل يصل وفيصل", vocabulary=Counter({"يصل": 50, "فيصل": 3})) == [
        "فيصل", "يصل", "فيصل"]


def test_a_word_of_a_foreign_town_does_not_cut_an_arabic_word():
    # نام ديه (Nam Dinh) and غيل با وزير are in the places layer: their words are not a licence
    # to cut ودية 'friendly' into و + ديه, nor لوزير into ل + وزير without the corpus saying so
    assert t("علاقات ودية") == ["علاقات", "وديه"]
    assert t("لوزير الخارجية") == ["لوزير", "الخارجيه"]
    # a word of a curated name still is (الدولي of البنك الدولي)
    assert t("والدولي") == ["الدولي"]


def test_country_with_proclitics_is_the_country():
    assert t("وروسيا لروسيا بروسيا فروسيا") == ["روسيا"] * 4
    assert t("للولايات المتحدة والكرملين") == ["الولايات المتحدة", "الكرملين"]


def test_stripping_needs_a_known_stripped_form():
    assert strip_proclitics("والعلاقات", {"العلاقات"}) == "العلاقات"
    assert strip_proclitics("والعلاقات", {"علاقات"}) == "والعلاقات"
    assert strip_proclitics("للعلاقات", {"العلاقات"}) == "العلاقات"
    assert strip_proclitics("وللعلاقات", {"العلاقات"}) == "العلاقات"
    assert strip_proclitics("بالعلاقات", {"العلاقات"}) == "العلاقات"
    assert strip_proclitics("وبالتالي", {"التالي"}) == "التالي"
    assert strip_proclitics("بحر", {"حر"}) == "بحر"  # never below three letters
    # with counts, the stripped form must be at least as frequent as the token
    assert strip_proclitics("وزاره", Counter({"وزاره": 10, "زاره": 2})) == "وزاره"
    assert strip_proclitics("وزاره", Counter({"وزاره": 1, "زاره": 5})) == "زاره"
    # default vocabulary: the text itself; or the corpus
    assert t("والعلاقات العلاقات") == ["العلاقات", "العلاقات"]
    assert t("والعلاقات") == ["والعلاقات"]
    assert t("والعلاقات", vocabulary=build_vocabulary([normalize("العلاقات")])) == ["العلاقات"]


def test_stopwords_are_removed():
    stop = {normalize(w) for w in ["في", "من", "على", "إلى", "أن", "التي", "قال", "وقال"]}
    kept = set()
    for seed in ENTITY_TERMS:
        assert not stop & set(terms(seed_body(seed)))
        kept |= stop & set(terms(seed_body(seed), stopwords=False))
    assert kept == stop


def test_stemming_groups_non_entity_words_only():
    assert t("العقوبات على روسيا عقوبة بوتين", stem=True) == [
        "عقوب", "روسيا", "عقوب", "فلاديمير بوتين"]
    assert stem("عقوبة") == stem("العقوبات") == stem("عقوبات")
    counts = pd.Series({"العقوبات": 3, "عقوبات": 1, "عقوبه": 2, "فلاديمير بوتين": 5,
                        "الروسي": 1})
    groups = stem_groups(counts)
    assert list(groups.columns) == ["term", "stem", "forms", "count"]
    assert groups.to_dict("records") == [
        {"term": "العقوبات", "stem": "عقوب", "forms": "العقوبات|عقوبه|عقوبات", "count": 6},
        {"term": "فلاديمير بوتين", "stem": "فلاديمير بوتين", "forms": "فلاديمير بوتين",
         "count": 5},
        {"term": "الروسي", "stem": "الروسي", "forms": "الروسي", "count": 1},
    ]


def test_term_entity():
    assert term_entity("كوريا الشمالية")["id"] == "country_prk"
    assert term_entity(normalize("كوريا الشمالية"))["id"] == "country_prk"
    assert term_entity("الروسي")["id"] == "country_rus"
    assert term_entity("بيونغ يانغ")["metonym_of"] == "PRK"
    assert term_entity("العلاقات") is None


@pytest.mark.parametrize("group", [
    ["بيونغ يانغ", "بيونج يانج", "بيونجيانج", "بيونغيانغ", "بيونغ-يانغ"],
    ["بوتين", "بوتن"], ["ترامب", "ترمب"], ["الأمريكي", "الأميركي"], ["سيول", "سول"],
    ["زيلينسكي", "زيلينسكى"], ["دميتري", "ديمتري"], ["شويغو", "شويجو"],
    ["كوريا الشمالية", "کوریا الشمالیة"],
])
def test_variant_key_groups_spelling_variants(group):
    assert len({variant_key(form) for form in group}) == 1


def test_variant_key_keeps_different_names_apart():
    keys = [variant_key(w) for w in ["بوتين", "بايدن", "روسيا", "تركيا", "سوريا", "موسكو"]]
    assert len(set(keys)) == len(keys)


def test_corpus_terms_keep_names_and_drop_stopwords(corpus_2018):
    with gzip.open(corpus_2018, "rt", encoding="utf-8") as handle:
        texts = [normalize(json.loads(line).get("text") or "") for line in islice(handle, 300)]
    vocabulary = build_vocabulary(texts)
    counted: Counter[str] = Counter()
    for text in texts:
        counted.update(terms(text, vocabulary=vocabulary))
    assert not set(counted) & stopword_set()
    assert not {"وتين", "افروف", "اشنطن", "لاديمير"} & set(counted)
    assert counted["مصر"] > 50  # Egypt leads this sample (ومصر، لمصر، بمصر included)
    assert counted["العلاقات"] > counted["والعلاقات"]


# --- arbitrary input ---------------------------------------------------------------------------

_ARABIC_TEXT = st.text(alphabet=st.one_of(
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), st.sampled_from(" \n.،ـ")))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), _ARABIC_TEXT))
def test_tokenize_and_terms_take_arbitrary_unicode(text):
    norm = normalize(text)
    tokens = tokenize(norm)
    assert all(tok and tok in norm for tok in tokens)
    for options in ({}, {"stopwords": False}, {"stem": True}):
        found = terms(norm, **options)
        assert all(isinstance(t, str) and t for t in found)
    assert len(terms(norm, stopwords=False)) >= len(terms(norm))


def test_variant_groups_most_frequent_first_and_empty_when_none():
    from marsad.tokens import variant_groups

    texts = pd.Series(["بيونغ يانغ بيونج يانج بيونغ", "بوتين بوتن بوتين", None])
    groups = variant_groups(texts, min_count=3)
    assert groups.columns.tolist() == ["key", "count", "variants"]
    assert groups["variants"].tolist() == ["بوتين (2) / بوتن (1)", "بيونغ (2) / بيونج (1)"]  # tie: key
    assert variant_groups(pd.Series(["التقى بوتين كيم في موسكو"])).empty
