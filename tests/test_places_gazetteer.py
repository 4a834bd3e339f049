"""The places layer of the gazetteer (``gazetteer_places.csv``: world cities and first-level
regions with their Arabic names, from GeoNames) and its build script."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest
from sources import build_script

from marsad.gazetteer import (
    COLUMNS,
    DEFAULT_LAYERS,
    DEFAULT_PATH,
    PLACES_PATH,
    WORLD_PATH,
    alias_key,
    compile_matcher,
    load_gazetteer,
    load_layers,
    split_list,
)
from marsad.normalize import normalize
from marsad.word_classes import stopword_set

ROOT = Path(__file__).resolve().parents[1]
DROPPED = ROOT / "scripts" / "data" / "places_dropped.csv"
ARABIC = re.compile("[\u0621-\u063a\u0641-\u064a]+( [\u0621-\u063a\u0641-\u064a]+)*")


@pytest.fixture(scope="module")
def build():
    return build_script("build_places_gazetteer")


@pytest.fixture(scope="module")
def places() -> pd.DataFrame:
    return load_gazetteer(PLACES_PATH)


@pytest.fixture(scope="module")
def layers() -> pd.DataFrame:
    return load_layers()


@pytest.fixture(scope="module")
def matcher(layers):
    return compile_matcher(layers)


def spellings(rec) -> list[str]:
    return [rec.name_ar, *split_list(rec.aliases)]


def found(matcher, text: str) -> list[tuple[str, str, str, str]]:
    """(name_ar, type, country, prefix) of every mention in ``text``."""
    return [(m.name_ar, m.type, m.country, m.prefix) for m in matcher.find(normalize(text))]


def places_found(matcher, text: str) -> list[str]:
    return [m[0] for m in found(matcher, text) if m[1] in ("city", "place")]


# --------------------------------------------------------------------------------------------
# the file and the layers
# --------------------------------------------------------------------------------------------


def test_places_file_loads_alone_and_as_the_third_layer(places, layers):
    assert list(places.columns) == list(COLUMNS)
    counts = places["type"].value_counts().to_dict()
    assert set(counts) == {"city", "place"}
    assert counts["city"] >= 3000 and counts["place"] >= 300  # cities, first-level regions
    assert DEFAULT_LAYERS == (DEFAULT_PATH, WORLD_PATH, PLACES_PATH)
    assert set(layers["layer"]) == {"gazetteer.csv", "gazetteer_world.csv",
                                     "gazetteer_places.csv"}
    assert (layers["layer"] == "gazetteer_places.csv").sum() >= 3000


def test_every_row_is_well_formed(places):
    iso3 = set(pd.read_csv(ROOT / "scripts" / "data" / "geonames_countries.csv",
                           dtype=str, keep_default_na=False)["iso3"])
    stop = stopword_set()
    names = {alias_key(n) for n in pd.read_csv(ROOT / "lib" / "marsad" / "data" /
                                                 "first_names.csv", dtype=str)["name"]}
    for rec in places.itertuples(index=False):
        prefix = "city_" if rec.type == "city" else "place_"
        assert rec.id.startswith(prefix) and rec.name_en, rec.id
        assert rec.country in iso3, rec.id
        assert not rec.metonym_of and not rec.adjectives and not rec.short_aliases, rec.id
        keys = [alias_key(s) for s in spellings(rec)]
        assert len(keys) == len(set(keys)), rec.id  # one spelling per matching key
        for spelling, key in zip(spellings(rec), keys, strict=True):
            assert ARABIC.fullmatch(spelling), (rec.id, spelling)  # Arabic letters, no harakat
            assert len(key.replace(" ", "")) >= 3, (rec.id, spelling)
            assert not all(w in stop for w in key.split(" ")) or key in {"حماه", "ابها"}, spelling
            if " " not in key:
                assert key not in names, (rec.id, spelling)  # not a given name


def test_the_higher_layers_win_and_stay_untouched(layers):
    dropped: list[str] = []
    without = load_layers(DEFAULT_LAYERS[:2])
    load_layers(dropped=dropped)
    upper = layers[layers["layer"] != "gazetteer_places.csv"].reset_index(drop=True)
    pd.testing.assert_frame_equal(upper, without)  # curated and world rows exactly as before
    by_id = layers.set_index("id")
    # a city the curated layer has stays curated, with its metonymy
    riyadh = layers[layers["name_ar"] == "الرياض"]
    assert list(riyadh["layer"]) == ["gazetteer.csv"] and riyadh.iloc[0]["metonym_of"] == "SAU"
    # GeoNames' Istanbul is also spelled اسطنبول, the curated إسطنبول: skipped, not a second one
    assert "city_tr_istanbul" not in by_id.index
    assert any(line.startswith("gazetteer_places.csv: row city_tr_istanbul ") for line in dropped)
    # a capital of the world layer stays the world layer's
    assert by_id.loc["city_tunis", "layer"] == "gazetteer_world.csv"
    # one spelling, one entity, across the three layers
    owners: dict[str, str] = {}
    for rec in layers.itertuples(index=False):
        for item in [*spellings(rec), *split_list(rec.adjectives), *split_list(rec.short_aliases)]:
            assert owners.setdefault(alias_key(item), rec.id) == rec.id, item


# --------------------------------------------------------------------------------------------
# matching
# --------------------------------------------------------------------------------------------


def test_known_towns_resolve(matcher):
    assert found(matcher, "وصل إلى جدة") == [("جدة", "city", "SAU", "")]
    assert found(matcher, "في صفاقس") == [("صفاقس", "city", "TUN", "")]
    assert found(matcher, "بحلب") == [("حلب", "city", "SYR", "ب")]
    assert found(matcher, "وللموصل") == [("الموصل", "city", "IRQ", "ول")]


@pytest.mark.parametrize("text, country, names", [
    ("أمطار غزيرة على جدة والطائف وتبوك ونجران وجازان، وفي منطقتي عسير والقصيم",
     "SAU", ["جدة", "الطائف", "تبوك", "نجران", "جازان", "عسير", "القصيم"]),
    ("جولة في سوسة وصفاقس وجندوبة وبنزرت والقيروان", "TUN",
     ["سوسة", "صفاقس", "جندوبة", "بنزرت", "القيروان"]),
    ("اشتباكات في حلب وحمص", "SYR", ["حلب", "حمص"]),
    ("من الموصل إلى البصرة", "IRQ", ["الموصل", "البصرة"]),
    ("غارات على عدن وتعز والحديدة", "YEM", ["عدن", "تعز", "الحديدة"]),
])
def test_arab_towns(matcher, text, country, names):
    mentions = [m for m in found(matcher, text) if m[1] in ("city", "place")]
    assert [m[0] for m in mentions] == names
    assert {m[2] for m in mentions} == {country}


def test_world_cities(matcher):
    assert places_found(matcher, "رحلات من نيويورك وإسطنبول ودبي إلى ميلانو") == [
        "نيويورك", "إسطنبول", "دبي", "ميلان"]


@pytest.mark.parametrize("text", [
    "قرأت الخبر في الصحيفة",             # الخبر 'the news' (Khobar)
    "فاز النصر على الهلال",               # a club, 'victory'
    "السلام عليكم ورحمة الله",
    "الوحدة الوطنية والحرية والأمل",
    "بدر ونور في المدينة",                 # given names; 'the city'
    "رأته العين",                         # 'the eye' (Al Ain)
    "اعتقل بحجة الأمن",                   # بحجة 'under the pretext' (Hajjah)
    "ضخ 150 بليون دولار",                 # ب + ليون
    "انتشار فيروس كورونا",                 # ك + ورونا
    "فاز مانشستر سيتي",                   # a club
    "جاء في الباب الثاني من القانون",        # الباب (Al-Bab)
    "تلا البيان وزير الداخلية",             # تلا (Tala), الداخلية (Ad Dakhiliyah)
])
def test_common_words_are_not_places(matcher, text):
    assert places_found(matcher, text) == []


def test_a_given_name_stays_a_person(matcher):
    assert [m[:2] for m in found(matcher, "بشار الأسد")] == [("بشار الأسد", "person")]


# --------------------------------------------------------------------------------------------
# the build
# --------------------------------------------------------------------------------------------


def test_dropped_report_gives_every_reason():
    with DROPPED.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(r["reason"] for r in rows)
    reasons = {(r["name_en"], r["spelling"]): r["reason"] for r in rows}
    assert reasons[("Khobar", "الخبر")].startswith("a general word")
    assert reasons[("Ibb", "إب")] == "fewer than 3 letters"
    assert reasons[("Ḩajjah", "حجة")].startswith("blocked")
    assert reasons[("Djemmal", "جمال")] == "a given name (first_names.csv)"
    # Oujda reads as و + جدة (Jeddah) already by the word rules, before the proclitic clash
    assert reasons[("Oujda", "وجدة")].startswith("reads as و+جده, the word جده")


def test_the_build_reproduces_both_files_byte_for_byte(build, tmp_path):
    if not build.sources_present():
        pytest.skip("the sources of requirements-places.lock are not installed")
    out, dropped = tmp_path / "gazetteer_places.csv", tmp_path / "places_dropped.csv"
    assert build.main(["--out", str(out), "--dropped", str(dropped)]) == 0
    assert out.read_bytes() == PLACES_PATH.read_bytes(), (
        "gazetteer_places.csv is out of date: run scripts/build_places_gazetteer.py")
    assert dropped.read_bytes() == DROPPED.read_bytes()
    assert build.main(["--out", str(out), "--dropped", str(dropped), "--check"]) == 0
    out.write_text(out.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert build.main(["--out", str(out), "--dropped", str(dropped), "--check"]) == 1


def test_arabic_script_only(build):
    assert build.clean("جدّة") == "جدة"
    assert build.clean("حفر الباطن\u200e") == "حفر الباطن"
    assert build.clean("بيونغ-يانغ") == "بيونغ يانغ"
    for other in ("ریاض", "مکه", "جدہ", "رىياد", "دیرالزور", "ڕیاز", "Jeddah", "شهر\u200cری"):
        assert build.clean(other) is None, other
    # a bare form goes when the article form is listed; one spelling per matching key
    assert build.arabic_spellings(["الطائف", "طائف", "تایف", "الطايف"]) == ["الطائف", "الطايف"]
    assert build.arabic_spellings(["جده", "جدة", "جدّة"]) == ["جدة"]


def _inputs(build, **kw):
    base = dict(cities=[], regions=[], iso3={}, countries={}, keep=set(), blocked={},
                generic={alias_key(w) for w in ("الحدود", "الشمالية")}, heads=set(),
                not_followed_by={}, first_names={"جمال"},
                per_million={"الخبر": 25.8, "خبر": 34.8, "حلب": 36.7, "الخرج": 0.0,
                             "خرج": 71.9, "لغات": 5.8},
                stopwords=frozenset({"في", "من"}), fingerprints={})
    base.update(kw)
    return build.Inputs(**base)


def test_word_rules(build):
    inputs = _inputs(build, blocked={"حجه": "an argument"})
    assert build.word_reason("الخبر", inputs).startswith("a general word")
    assert build.word_reason("حلب", inputs) == ""  # frequent, but حلب without ال is no word
    assert build.word_reason("الخرج", inputs) == ""  # rare in news: cannot pollute counts
    assert build.word_reason("غات", inputs).startswith("ل+غات is the word لغات")
    assert build.word_reason("جمال", inputs).startswith("a given name")
    assert build.word_reason("إب", inputs) == "fewer than 3 letters"
    assert build.word_reason("حجة", inputs).startswith("blocked")
    assert build.word_reason("الحدود الشمالية", inputs).startswith("generic words only")
    assert build.word_reason("ريف دمشق", inputs) == ""
    assert build.word_reason("الخبر", _inputs(build, keep={"الخبر"})) == ""


def test_contested_spellings(build):
    def place(kind, iso2, name, pop, *spell):
        return build.Place(kind, name, iso2, iso2 + "X", name, pop, list(spell))

    alexandria = place("city", "EG", "Alexandria", 3_800_000, "الإسكندرية")
    iraq = place("city", "IQ", "Iskandariyah", 100_000, "الإسكندرية")
    tabuk, region = place("city", "SA", "Tabuk", 667_000, "تبوك"), place(
        "region", "SA", "Tabuk Region", 0, "تبوك", "منطقة تبوك")
    libya, lebanon = (place("city", "LY", "Tripoli", 1_150_000, "طرابلس"),
                      place("city", "LB", "Tripoli", 530_000, "طرابلس"))
    lost = build.resolve([alexandria, iraq, tabuk, region, libya, lebanon])
    assert alexandria.spellings == ["الإسكندرية"] and iraq.spellings == []
    assert tabuk.spellings == ["تبوك"] and region.spellings == ["منطقة تبوك"]
    assert libya.spellings == [] and lebanon.spellings == []  # neither has 3x the other
    assert len(lost) == 4
    jeddah = place("city", "SA", "Jeddah", 4_700_000, "جدة")
    oujda = place("city", "MA", "Oujda", 500_000, "وجدة")
    kassala, sale = (place("city", "SD", "Kassala", 400_000, "كسلا"),
                     place("city", "MA", "Salé", 900_000, "سلا"))
    build.proclitic_clashes([jeddah, oujda, kassala, sale])
    assert jeddah.spellings == ["جدة"] and oujda.spellings == []
    assert kassala.spellings == ["كسلا"] and sale.spellings == []  # after ك the shorter goes
