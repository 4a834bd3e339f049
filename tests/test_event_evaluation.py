"""marsad.events.evaluate: anchors, matching and scores on made-up examples; the dev gold's
integrity; and — where ../shared/corpora is present — floors on the extractor (tune half)."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from marsad import events as E
from marsad.events import evaluate as ev
from marsad.normalize import normalize

CORPORA_PRESENT = all(p.exists() for p in ev.CORPUS_FILES.values())
needs_corpora = pytest.mark.skipif(not CORPORA_PRESENT,
                                   reason=f"corpora not found under {ev.SHARED}")


# ---------------------------------------------------------------------------------------------
# anchors
# ---------------------------------------------------------------------------------------------
TEXT = "زار الرئيسُ موسكو، ثم زار الرئيس بكين. وزار الوفد موسكو."


def test_anchor_is_three_normalized_words_and_its_occurrence():
    norm = normalize(TEXT)
    assert ev.anchor_at(norm, 0) == ("زار الرئيس موسكو", 1)
    assert ev.anchor_at(norm, 4) == ("زار الرئيس بكين", 1)
    assert ev.anchor_at(norm, 3) == ("ثم زار الرئيس", 1)
    # the last word has no followers: the anchor is shorter
    assert ev.anchor_at(norm, 9) == ("موسكو", 2)


def test_find_anchor_counts_occurrences_on_whole_words():
    norm = normalize(TEXT)
    assert ev.find_anchor(norm, "زار الرئيس", 1) == 0
    assert ev.find_anchor(norm, "زار الرئيس", 2) == 4
    assert ev.find_anchor(norm, "زار الرئيس", 3) is None
    assert ev.find_anchor(norm, "زار", 3) is None  # وزار is another word
    assert ev.find_anchor(norm, "", 1) is None


def test_word_at_maps_offsets_of_the_display_text_despite_diacritics():
    start = TEXT.index("موسكو")
    assert ev.word_at(TEXT, start) == 2
    assert ev.word_at(TEXT, TEXT.index("وزار")) == 7
    assert ev.word_at(TEXT, 0) == 0


def test_intervals_widen_months_and_years():
    assert ev._interval("2018-05", "2018-05") == (date(2018, 5, 1), date(2018, 5, 31))
    assert ev._interval("2016", "") == (date(2016, 1, 1), date(2016, 12, 31))
    assert ev._interval("2017-12", "2018-02") == (date(2017, 12, 1), date(2018, 2, 28))
    assert ev._interval("", "") is None
    assert ev._interval("2018-13-01", "") is None


# ---------------------------------------------------------------------------------------------
# matching and scoring on made-up rows
# ---------------------------------------------------------------------------------------------
def _gold(*rows: dict) -> pd.DataFrame:
    base = {c: "" for c in ev.GOLD_COLUMNS} | {"corpus": "ant2018", "split": "tune",
                                               "occurrence": 1, "status": "asserted",
                                               "date_basis": "none", "anchor": "w w w"}
    return pd.DataFrame([base | r for r in rows], columns=ev.GOLD_COLUMNS)


def _pred(*rows: dict) -> pd.DataFrame:
    base = {"event_id": "", "article_id": "a", "trigger": "", "action": "", "mode": "",
            "status": "asserted", "actor1": "", "actor2": "", "location": "", "date": "",
            "date_end": "", "actor1_id": "", "actor2_id": "", "char_start": 0}
    frame = pd.DataFrame([base | r for r in rows])
    frame["event_id"] = [f"a-e{i:02d}" for i in range(1, len(frame) + 1)]
    return frame


def test_coordinated_actors_on_one_word_are_paired_by_agreement():
    gold = _gold({"article_id": "a", "action": "ACCUSE", "mode": "allege",
                  "actor1": "United States", "actor2": "North Korea", "event_key": "k1"},
                 {"article_id": "a", "action": "ACCUSE", "mode": "allege",
                  "actor1": "South Korea", "actor2": "North Korea", "event_key": "k1"})
    preds = _pred({"action": "ACCUSE", "mode": "allege", "actor1_id": "country_kor",
                   "actor2_id": "country_prk"},
                  {"action": "ACCUSE", "mode": "allege", "actor1_id": "country_usa",
                   "actor2_id": "country_prk"})
    pairs = ev.match(gold, pd.Series([5, 5]), preds, pd.Series([5, 5]))
    assert pairs == [(0, 1), (1, 0)]
    result = ev.score(gold, [5, 5], preds, [5, 5])
    assert result.mentions["precision"] == result.mentions["recall"] == 1.0
    assert result.fields["actor1"]["f1"] == 1.0
    assert result.whole_event_precision == 1.0


def test_only_the_same_article_and_word_pair_and_loose_comes_second():
    gold = _gold({"article_id": "a", "anchor": "العقوبات التي ستفرضها", "action": "SANCTION",
                  "mode": "sanction", "status": "planned", "event_key": "s"})
    wrong_article = _pred({"article_id": "b", "action": "SANCTION", "mode": "sanction"})
    assert ev.match(gold, pd.Series([10]), wrong_article, pd.Series([10])) == []
    wrong_word = _pred({"action": "SANCTION", "mode": "sanction"})
    assert ev.match(gold, pd.Series([10]), wrong_word, pd.Series([13])) == []
    assert ev.match(gold, pd.Series([10]), wrong_word, pd.Series([9])) == []
    # the verb two words into the anchor pairs loosely
    assert ev.match(gold, pd.Series([10]), wrong_word, pd.Series([12])) == [(0, 0)]
    # with a prediction on the first word too, that one wins and the other is spurious
    both = _pred({"action": "SANCTION", "mode": "sanction"},
                 {"action": "SANCTION", "mode": "sanction"})
    assert ev.match(gold, pd.Series([10]), both, pd.Series([12, 10])) == [(0, 1)]
    result = ev.score(gold, [10], both, [12, 10])
    assert result.mentions["precision"] == 0.5 and result.mentions["loose"] == 0


def test_field_scores_count_non_empty_values_and_accuracy_counts_empty_as_right():
    gold = _gold(
        {"article_id": "a", "action": "CONSULT", "mode": "visit", "actor1": "Sergey Lavrov",
         "actor2": "North Korea", "location": "Pyongyang", "date_start": "2023-10-18",
         "date_end": "2023-10-18", "date_basis": "stated", "event_key": "v"},
        {"article_id": "a", "action": "REQUEST", "mode": "call", "actor1": "Antony Blinken",
         "actor2": "China", "event_key": "c"},
        {"article_id": "a", "action": "ACCUSE", "mode": "allege", "actor1": "South Korea",
         "event_key": "x"})
    preds = _pred(
        {"action": "CONSULT", "mode": "visit", "actor1_id": "person_lavrov",
         "actor2_id": "country_prk", "location": "", "date": "2023-10", "date_end": "2023-10"},
        {"action": "REQUEST", "mode": "call", "status": "planned",
         "actor1_id": "country_usa", "actor2_id": "country_chn"},
        {"action": "ASSAULT", "mode": "strike", "actor1_id": "country_kor"})
    result = ev.score(gold, [1, 8, 20], preds, [1, 8, 20])
    f = result.fields
    assert f["action"]["accuracy"] == pytest.approx(2 / 3)
    assert f["status"]["accuracy"] == pytest.approx(2 / 3)
    # actor1: Lavrov right, United States for Blinken wrong, South Korea right
    assert (f["actor1"]["correct"], f["actor1"]["n_pred"]) == (2, 3)
    # ... but Blinken's country is the United States
    assert f["actor1 (country)"]["correct"] == 3
    # actor2: two predicted and right; the accusation has no gold recipient (empty = empty)
    assert (f["actor2"]["precision"], f["actor2"]["recall"]) == (1.0, 1.0)
    assert f["actor2"]["accuracy"] == 1.0
    # location predicted for none: precision 0 of 0, recall 0 of 1, accuracy 2/3
    assert (f["location"]["n_pred"], f["location"]["n_gold"]) == (0, 1)
    assert f["location"]["accuracy"] == pytest.approx(2 / 3)
    # the month contains the day: wrong as an interval, right as an overlap
    assert f["date"]["correct"] == 0 and f["date (overlap)"]["correct"] == 1
    assert result.whole_event_precision == 0.0


def test_symmetric_types_compare_actors_in_either_order():
    gold = _gold({"article_id": "a", "action": "CONSULT", "mode": "meet",
                  "actor1": "North Korea", "actor2": "South Korea", "event_key": "m"})
    preds = _pred({"action": "CONSULT", "mode": "meet", "actor1_id": "country_kor"})
    result = ev.score(gold, [3], preds, [3])
    assert result.fields["actor2"]["accuracy"] == 1.0  # South Korea, in the other slot
    assert result.fields["actor1"]["accuracy"] == 0.0
    visit = _gold({"article_id": "a", "action": "CONSULT", "mode": "visit",
                   "actor1": "North Korea", "actor2": "South Korea", "event_key": "v"})
    swapped = _pred({"action": "CONSULT", "mode": "visit", "actor1_id": "country_kor",
                     "actor2_id": "country_prk"})
    assert ev.score(visit, [3], swapped, [3]).fields["actor1"]["accuracy"] == 0.0


def test_timeline_merge_precision_and_recall():
    gold = _gold(*({"article_id": "a", "action": "CONSULT", "mode": "visit",
                    "actor1": "Kim Jong Un", "event_key": k} for k in ("v1", "v1", "v2", "v3")))
    preds = _pred(*({"action": "CONSULT", "mode": "visit"} for _ in range(4)))
    words = [1, 2, 3, 4]
    timeline = pd.DataFrame({"mention_ids": ["a-e01|a-e02", "a-e03|a-e04"]})
    merge = ev.score(gold, words, preds, words, timeline=timeline).merge
    assert (merge["precision"], merge["n_rows"]) == (0.5, 2)  # v1+v1 right, v2+v3 wrong
    assert (merge["recall"], merge["n_keys"]) == (1.0, 1)
    split = pd.DataFrame({"mention_ids": ["a-e01", "a-e02", "a-e03|a-e04"]})
    merge = ev.score(gold, words, preds, words, timeline=split).merge
    assert (merge["precision"], merge["recall"]) == (0.0, 0.0)


def test_dated_share_counts_mentions_of_dated_articles():
    gold = _gold({"article_id": "a", "action": "CONSULT", "mode": "visit", "event_key": "v",
                  "date_start": "2018-05-01", "date_end": "2018-05-01", "date_basis": "stated"},
                 {"article_id": "b", "action": "CONSULT", "mode": "visit", "event_key": "w"})
    preds = _pred({"action": "CONSULT", "mode": "visit", "date": "2018-05-01"},
                  {"action": "CONSULT", "mode": "visit"},
                  {"article_id": "b", "action": "CONSULT", "mode": "visit"})
    dated = ev.score(gold, [1, 1], preds, [1, 5, 1], published={"a": "2018-05-02"}).dated
    assert dated["predicted"] == 0.5 and dated["n_predicted"] == 2
    assert dated["gold"] == 1.0 and dated["n_gold"] == 1


def test_a_window_is_no_stated_date_but_counts_as_dated():
    gold = _gold({"article_id": "a", "action": "CONSULT", "mode": "visit", "event_key": "v",
                  "date_start": "2018-05-01", "date_end": "2018-05-01", "date_basis": "stated"},
                 {"article_id": "a", "action": "ACCUSE", "mode": "allege", "event_key": "w"})
    preds = _pred({"action": "CONSULT", "mode": "visit", "date": "2018-04-26",
                   "date_end": "2018-05-02", "date_basis": "reported"},
                  {"action": "ACCUSE", "mode": "allege", "date": "2018-04-26",
                   "date_end": "2018-05-02", "date_basis": "reported"})
    result = ev.score(gold, [1, 5], preds, [1, 5], published={"a": "2018-05-02"})
    assert result.fields["date"]["n_pred"] == 0  # not scored against the gold's day …
    assert result.fields["date"]["accuracy"] == 0.5  # … nor right where the gold has none:
    # an empty date, as the gold's second row
    d = result.dated
    assert (d["predicted"], d["stated"], d["window"]) == (1.0, 0.0, 1.0)
    assert (d["window_holds_gold"], d["n_window_checked"]) == (1.0, 1)  # 1 May is in the week


def test_validate_gold_names_each_problem():
    articles = pd.DataFrame({"article_id": ["a"], "split": ["tune"]})
    good = _gold({"article_id": "a", "action": "CONSULT", "mode": "visit",
                  "actor1": "Kim Jong Un", "actor2": "Russia", "event_key": "v"})
    assert ev.validate_gold(good, articles) == []
    bad = _gold({"article_id": "a", "action": "CONSULT", "mode": "fly", "event_key": "v"},
                {"article_id": "a", "action": "CONSULT", "mode": "visit", "status": "maybe",
                 "event_key": "v"},
                {"article_id": "a", "action": "CONSULT", "mode": "visit", "event_key": "v",
                 "date_start": "2018-05", "date_end": "2018-05", "date_basis": "stated"},
                {"article_id": "a", "action": "CONSULT", "mode": "visit", "event_key": "v",
                 "date_start": "2018-05-01", "date_end": "2018-05-01"},
                {"article_id": "a", "split": "heldout", "action": "CONSULT", "mode": "visit",
                 "event_key": "v"},
                {"article_id": "z", "action": "CONSULT", "mode": "visit", "event_key": "v"},
                {"article_id": "a", "action": "CONSULT", "mode": "visit", "event_key": "v",
                 "actor1": "Nobody Known"},
                {"article_id": "a", "action": "CONSULT", "mode": "visit", "event_key": "",
                 "anchor": "one two three four"})
    problems = "\n".join(ev.validate_gold(bad, articles))
    for needle in ("CONSULT/fly", "status 'maybe'", "two ISO days", "date_basis 'none' with",
                   "differs from the articles file", "not in the articles file",
                   "'Nobody Known'", "empty event_key", "1 to 3 words"):
        assert needle in problems, needle


# ---------------------------------------------------------------------------------------------
# the gold files themselves
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def gold() -> pd.DataFrame:
    return ev.load_gold()


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    return ev.load_articles()


def test_gold_is_valid_and_large_enough(gold, articles):
    assert ev.validate_gold(gold, articles, ev.load_entities()) == []
    assert len(gold) >= 250
    assert len(articles) >= 60 and articles["article_id"].is_unique
    assert gold["article_id"].nunique() >= 60  # articles with at least one mention
    assert set(articles["split"]) == set(ev.SPLITS) == set(gold["split"])
    assert set(articles["corpus"]) == set(ev.CORPUS_FILES)
    for split in ev.SPLITS:
        assert (gold["split"] == split).sum() >= 100, split


def test_gold_keeps_no_text(gold, articles):
    """Licence: ids, field values, anchors of at most three words — no Arabic elsewhere."""
    arabic = re.compile("[\u0600-\u06ff]")
    assert gold["anchor"].str.split().str.len().le(ev.ANCHOR_WORDS).all()
    assert (gold["anchor"] == gold["anchor"].map(normalize)).all()
    for col in (c for c in ev.GOLD_COLUMNS if c != "anchor"):
        assert not gold[col].astype(str).str.contains(arabic).any(), col
    entities = ev.load_entities()
    for table in (articles, entities):
        for col in table.columns:
            if table is entities and col == "name_ar":
                continue  # names, not text: each spelling a few words at most
            assert not table[col].astype(str).str.contains(arabic).any(), col
    spellings = [s for cell in entities["name_ar"] for s in cell.split("|") if s]
    assert all(len(s.split()) <= 6 for s in spellings)


def test_entities_file_lists_exactly_the_names_the_gazetteer_lacks(gold):
    from marsad.gazetteer import load_gazetteer

    entities = ev.load_entities()
    assert entities["name"].is_unique
    assert set(entities["type"]) <= set(ev.ENTITY_TYPES)
    assert entities["country"].str.fullmatch(r"([A-Z]{3})?").all()
    used = set(pd.concat([gold["actor1"], gold["actor2"], gold["location"]])) - {""}
    assert set(entities["name"]) == used - set(load_gazetteer()["name_en"])


def test_event_keys_do_not_mix_actions(gold):
    """One real-world event, one action — modes may differ (a visit and its talks)."""
    actions = gold.groupby("event_key")["action"].nunique()
    assert actions.max() == 1, actions[actions > 1]


# ---------------------------------------------------------------------------------------------
# on the corpora
# ---------------------------------------------------------------------------------------------
@needs_corpora
def test_every_anchor_is_found_in_its_article(gold, articles):
    texts = ev.load_texts(articles)
    words = ev.locate_gold(gold, texts)
    assert len(words) == len(gold)
    norm = dict(zip(texts["article_id"], texts["text_clean"].map(normalize), strict=True))
    for row, w in zip(gold.itertuples(), words, strict=True):
        assert ev.anchor_at(norm[row.article_id], int(w)) == (row.anchor, row.occurrence)


@needs_corpora
def test_the_draw_is_reproducible():
    import importlib.util

    spec = importlib.util.spec_from_file_location("draw", ev.ROOT / "scripts" /
                                                  "draw_event_gold.py")
    draw = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(draw)
    assert draw.main(["--check"]) == 0


@pytest.fixture(scope="module")
def tune_result() -> ev.Result:
    if not CORPORA_PRESENT:
        pytest.skip(f"corpora not found under {ev.SHARED}")
    return ev.evaluate("tune")


# Floors on the TUNE half, a little below the scores of 2026-12-08, stop 24 (issue 15, with the
# names discovery finds in the scored articles: mention recall 0.28, status accuracy 0.90,
# actor1 F1 0.74, actor2 F1 0.67, location F1 0.76, whole-event precision 0.26); raise them as
# the extractor improves.
# The held-out half is reported in the README and never tuned on.
FLOORS = {
    ("mentions", "precision"): 0.90, ("mentions", "recall"): 0.25, ("mentions", "f1"): 0.38,
    ("action", "accuracy"): 0.88, ("status", "accuracy"): 0.85,
    ("actor1", "f1"): 0.70, ("actor2", "f1"): 0.65, ("location", "f1"): 0.70,
    ("date", "f1"): 0.65,
}


@needs_corpora
@pytest.mark.parametrize(("table", "measure"), sorted(FLOORS))
def test_floors_on_the_tune_half(tune_result, table, measure):
    scores = tune_result.mentions if table == "mentions" else tune_result.fields[table]
    assert scores[measure] >= FLOORS[(table, measure)], (table, measure, scores)


@needs_corpora
def test_whole_event_merge_and_dated_floors_on_the_tune_half(tune_result):
    assert tune_result.whole_event_precision >= 0.25  # 18 of 70
    assert tune_result.merge["precision"] >= 0.5
    assert tune_result.dated["stated"] >= 0.25  # 11 of 36 with a date the text states
    assert tune_result.dated["predicted"] >= 0.9  # a date or a window: 36 of 36 (issue 15)
    assert tune_result.dated["window_holds_gold"] >= 0.6  # 4 of 5
    assert tune_result.n_articles == 51
    assert "mentions" in ev.format_report(tune_result, "tune")


def test_a_place_of_the_places_layer_is_scored_by_its_id_not_its_spelling():
    """GeoNames writes Al Ḩudaydah and Şāʻdah where the gold writes Hodeidah and Saada: the
    entities file names the places-layer ids of each such place, and every id exists."""
    from marsad.gazetteer import load_layers

    entities = ev.load_entities()
    ids = {i for cell in entities["places_ids"] for i in cell.split("|") if i}
    assert len(ids) >= 15 and ids <= set(load_layers()["id"])
    names = ev._Names.load(entities)
    assert names.name_of_id["city_ye_al_hudaydah"] == "Hodeidah"
    assert names.name_of_id["place_ye_sadah"] == "Saada"
    pred = pd.DataFrame([{"action": "ASSAULT", "mode": "strike", "status": "asserted",
                          "location": "Al Ḩudaydah", "location_id": "city_ye_al_hudaydah",
                          "article_id": "a", "event_id": "a-e01"}])
    assert ev._pred_fields(pred, names)[0]["location"] == "Hodeidah"


def test_a_name_found_in_the_articles_is_scored_as_the_gold_name_it_spells():
    """The evaluator runs discovery as a report does; a found person (``found_…`` id, an Arabic
    name) is the gold's English name when one of its spellings is one of the gold entity's
    Arabic spellings — never when two gold entities share it, never a built-in row."""
    gaz = pd.DataFrame({"id": ["found_person_1", "found_person_2", "found_person_3", "person_x"],
                        "name_ar": ["مهاتير محمد", "بوكولا ساراكي", "محمد", "مهاتير محمد"],
                        "aliases": ["مهاتير", "", "", ""]})
    entities = pd.DataFrame({"name": ["Mahathir Mohamad", "Bukola Saraki", "A", "B"],
                             "name_ar": ["مهاتير محمد|مهاتير", "ساراكي", "محمد", "محمد"],
                             "places_ids": ["", "", "", ""]})
    assert ev._found_as_gold(gaz, entities) == {"found_person_1": "Mahathir Mohamad"}
    # a found place spelled like the places-layer row the gold points to is that place
    gaz = pd.concat([gaz, pd.DataFrame({"id": ["found_place_1", "city_x"],
                                        "name_ar": ["دوما", "دوما"], "aliases": ["", ""]})])
    entities = pd.DataFrame({"name": ["Douma"], "name_ar": [""], "places_ids": ["city_x"]})
    assert ev._found_as_gold(gaz, entities) == {"found_place_1": "Douma"}


def test_shipped_quality_table_reads_and_says_how_far_to_trust():
    q = E.quality()
    assert list(q["measure"]) == ["mentions", "action and mode", "status", "actor 1", "actor 2",
                                  "location", "date stated in the text", "whole event",
                                  "timeline merges"]
    assert q[["precision"]].stack().between(0, 1).all() and q["recall"].iloc[7:].isna().all()
    text = E.quality_summary(q)
    mentions = q.set_index("measure").loc["mentions"]
    assert f"{mentions['precision']:.0%} of the rows found are real event mentions" in text
    assert f"finds {mentions['recall']:.0%} of the mentions" in text


@needs_corpora
def test_shipped_quality_table_is_what_the_evaluator_measures_today():
    """Rules changed: refresh it with ``python -m marsad.events.evaluate --write-quality`` and
    re-execute notebook 04, which shows it."""
    measured = ev.quality_table(ev.evaluate("heldout"))
    pd.testing.assert_frame_equal(measured, E.quality(), check_dtype=False)
