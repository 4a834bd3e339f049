"""The world layer of the gazetteer (every country and territory, capitals, international bodies)
and the layered loader: the file validates with the curated layer, the curated rows win, spot
checks, a deterministic build, and matching on made-up Tunisian, Saudi and Moroccan news."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sources import build_script

from marsad import gazetteer
from marsad.gazetteer import (
    COLUMNS,
    DEFAULT_LAYERS,
    DEFAULT_PATH,
    WORLD_PATH,
    alias_key,
    compile_matcher,
    find_entities,
    load_gazetteer,
    load_layers,
    split_list,
)
from marsad.normalize import normalize

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def build():
    return build_script("build_world_gazetteer")


@pytest.fixture(scope="module")
def world() -> pd.DataFrame:
    return load_gazetteer(WORLD_PATH)


@pytest.fixture(scope="module")
def layers() -> pd.DataFrame:
    return load_layers()


def row(table: pd.DataFrame, name_ar: str) -> pd.Series:
    """The row whose name or alias is spelled like ``name_ar``."""
    key = alias_key(name_ar)
    for _, rec in table.iterrows():
        if key in {alias_key(a) for a in [rec["name_ar"], *split_list(rec["aliases"])]}:
            return rec
    raise AssertionError(f"{name_ar} not in the table")


def found(text: str) -> list[tuple[str, str, str]]:
    return [(m.entity_id, m.kind, m.surface)
            for m in find_entities(normalize(text))]  # the default: curated + world


def ids(text: str) -> list[str]:
    return [m[0] for m in found(text)]


# --------------------------------------------------------------------------------------------
# the file and the layers
# --------------------------------------------------------------------------------------------


def test_world_file_loads_alone_and_with_the_curated_layer(world, layers):
    assert list(world.columns) == list(COLUMNS)
    counts = world["type"].value_counts().to_dict()
    assert counts["country"] >= 240  # 193 UN members + 4 more states + territories
    assert counts["city"] >= 170 and counts["org"] >= 80 and counts["place"] >= 30
    assert DEFAULT_LAYERS[:2] == (DEFAULT_PATH, WORLD_PATH)  # the places layer comes third
    assert list(layers.columns) == [*COLUMNS, "layer"]
    assert {"gazetteer.csv", "gazetteer_world.csv"} <= set(layers["layer"])
    # every curated row survives, untouched
    curated = load_gazetteer()
    kept = layers[layers["layer"] == "gazetteer.csv"][list(COLUMNS)].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, curated)
    # one spelling, one entity, across the layers
    owners = {}
    for rec in layers.itertuples(index=False):
        for item in [rec.name_ar, *split_list(rec.aliases), *split_list(rec.adjectives),
                     *split_list(rec.short_aliases)]:
            assert owners.setdefault(alias_key(item), rec.id) == rec.id, item


def test_world_rows_are_well_formed(world):
    for rec in world.itertuples(index=False):
        if rec.type == "country":
            assert rec.id == f"country_{rec.country.lower()}", rec.id
        if rec.type == "city" and rec.metonym_of:
            assert rec.metonym_of == rec.country, rec.id  # a capital stands for its country
    # every state has a country row; the capitals point at existing countries
    countries = set(world.loc[world["type"] == "country", "country"])
    assert {"TUN", "SAU", "MAR", "DJI", "COM", "MRT", "NOR", "XKX", "PSE", "TWN"} <= countries
    assert set(world.loc[world["metonym_of"] != "", "metonym_of"]) <= countries


def test_the_curated_layer_wins():
    dropped: list[str] = []
    table = load_layers(dropped=dropped)
    russia = table[table["country"].eq("RUS") & table["type"].eq("country")]
    assert len(russia) == 1
    assert russia.iloc[0]["id"] == "country_rus" and russia.iloc[0]["layer"] == "gazetteer.csv"
    assert russia.iloc[0]["adjectives"] == load_gazetteer().set_index("id").at[
        "country_rus", "adjectives"]
    assert any("row country_rus (روسيا): same id" in line for line in dropped)
    riyadh = row(table, "الرياض")
    assert riyadh["layer"] == "gazetteer.csv" and riyadh["metonym_of"] == "SAU"
    # the world row of a country the curated layer has is skipped, not merged
    assert len(table[table["id"] == "country_sau"]) == 1


def test_precedence_rules_on_small_layers():
    def table(rows: list[dict]) -> pd.DataFrame:
        return pd.DataFrame([{c: r.get(c, "") for c in COLUMNS} for r in rows], dtype=str)

    top = table([{"id": "country_aaa", "type": "country", "name_ar": "ألفا", "name_en": "Alpha",
                  "country": "AAA", "aliases": "ألفاستان", "adjectives": "الألفي"},
                 {"id": "org_x", "type": "org", "name_ar": "منظمة إكس", "name_en": "X",
                  "wikidata": "Q42"}])
    low = table([
        {"id": "country_alpha", "type": "country", "name_ar": "جمهورية ألفا",
         "name_en": "Alpha", "country": "AAA"},                          # same ISO3
        {"id": "org_x2", "type": "org", "name_ar": "إكس", "name_en": "X", "wikidata": "Q42"},
        {"id": "org_x", "type": "org", "name_ar": "أخرى", "name_en": "Other"},   # same id
        {"id": "city_alfa", "type": "city", "name_ar": "الفا", "name_en": "Alfa"},  # same key
        {"id": "city_beta", "type": "city", "name_ar": "بيتا", "name_en": "Beta",
         "aliases": "بيتاستان", "adjectives": "البيتي|الألفي"},  # an adjective goes
        {"id": "city_gamma", "type": "city", "name_ar": "غاما", "name_en": "Gamma",
         "aliases": "غامستان|ألفاستان"},  # an alias spelled like an earlier one: the entity's
    ])
    dropped: list[str] = []
    merged = load_layers([top, low], dropped=dropped)
    assert list(merged["id"]) == ["country_aaa", "org_x", "city_beta"]
    beta = merged.set_index("id").loc["city_beta"]
    assert beta["aliases"] == "بيتاستان" and beta["adjectives"] == "البيتي"
    assert len(dropped) == 6
    assert "table: row city_gamma (غاما): alias 'ألفاستان' spelled like country_aaa" in dropped
    assert "table: row country_alpha (جمهورية ألفا): same country AAA" in dropped
    assert "table: row org_x2 (إكس): same wikidata Q42" in dropped
    assert "table: row city_alfa (الفا): name spelled like country_aaa" in dropped


def test_a_user_layer_first_wins(tmp_path):
    mine = tmp_path / "mine.csv"
    mine.write_text(",".join(COLUMNS) + "\n"
                    "city_tunis,city,تونس العاصمة,Tunis (mine),TUN,,,,,,\n", encoding="utf-8")
    table = load_layers([mine, *DEFAULT_LAYERS])
    tunis = table[table["id"] == "city_tunis"]
    assert len(tunis) == 1 and tunis.iloc[0]["name_en"] == "Tunis (mine)"
    assert tunis.iloc[0]["layer"] == "mine.csv"


def test_a_bad_layer_names_its_file(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,type,name_ar,name_en\nx,planet,مريخ,Mars\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.csv, line 2 \(id 'x'\): type 'planet'"):
        load_layers([bad, *DEFAULT_LAYERS])


# --------------------------------------------------------------------------------------------
# spot checks
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("spelling, iso3", [
    ("تونس", "TUN"), ("السعودية", "SAU"), ("المملكة العربية السعودية", "SAU"),
    ("جيبوتي", "DJI"), ("جزر القمر", "COM"), ("موريتانيا", "MRT"), ("النرويج", "NOR"),
    ("أنجولا", "AGO"), ("هونج كونج", "HKG"), ("بورما", "MMR"), ("كوت ديفوار", "CIV"),
    ("جمهورية الكونغو الديمقراطية", "COD"), ("الكونغو برازافيل", "COG"), ("كوسوفو", "XKX"),
    ("المجر", "HUN"), ("هنغاريا", "HUN"), ("الدانمرك", "DNK"), ("أوروجواي", "URY"),
])
def test_countries(layers, spelling, iso3):
    rec = row(layers, spelling)
    assert rec["type"] == "country" and rec["country"] == iso3


@pytest.mark.parametrize("spelling, iso3", [
    ("الرياض", "SAU"), ("تونس العاصمة", "TUN"), ("الجزائر العاصمة", "DZA"),
    ("نواكشوط", "MRT"), ("مدينة جيبوتي", "DJI"), ("موروني", "COM"), ("أوسلو", "NOR"),
    ("الرباط", "MAR"), ("المنامة", "BHR"), ("أبو ظبي", "ARE"), ("صنعاء", "YEM"),
    ("مسقط", "OMN"), ("الخرطوم", "SDN"), ("مقديشو", "SOM"), ("طرابلس", "LBY"),
    ("أستانا", "KAZ"), ("كوبنهاجن", "DNK"),
])
def test_capitals_stand_for_their_country(layers, spelling, iso3):
    rec = row(layers, spelling)
    assert rec["type"] == "city" and rec["metonym_of"] == iso3 and rec["country"] == iso3


def test_adjectives(layers):
    saudi = row(layers, "السعودية")
    assert {"السعودي", "سعودية", "السعوديين"} <= set(split_list(saudi["adjectives"]))
    norway = row(layers, "النرويج")
    assert split_list(norway["adjectives"])[0] == "النرويجي"  # the canonical adjective
    for name, first, more in [
        ("جيبوتي", "الجيبوتي", {"جيبوتية", "الجيبوتيين"}),      # the name is its own nisba
        ("النمسا", "النمساوي", {"النمساويون"}),                  # reviewed exception
        ("بيرو", "البيروفي", {"البيروفية"}),
        ("الدنمارك", "الدنماركي", {"الدانماركي"}),
        ("سنغافورة", "السنغافوري", {"سنغافورية"}),              # ة → ي
        ("موزمبيق", "الموزمبيقي", {"الموزمبيقيين"}),            # + ي
        ("المجر", "الهنغاري", {"المجرية"}),
        ("أفريقيا", "الأفريقي", {"الأفارقة"}),                  # a continent
    ]:
        adjectives = split_list(row(layers, name)["adjectives"])
        assert adjectives[0] == first and more <= set(adjectives), name
    for name in ("جزر القمر", "جمهورية مالي", "رومانيا", "جنوب السودان"):
        assert not row(layers, name)["adjectives"], name


def test_blocked_and_ambiguous_spellings_are_not_entities(layers):
    keys = set()
    for rec in layers.itertuples(index=False):
        keys.update(alias_key(a) for a in [rec.name_ar, *split_list(rec.aliases),
                                           *split_list(rec.adjectives)])
    for spelling in ("عمان", "الكونغو", "مالي", "المالية", "المجري", "العيون", "الجاني",
                     "الجيني", "كوبي", "بليز", "صوفيا", "فيكتوريا", "ماليه"):
        assert alias_key(spelling) not in keys, spelling


def test_organisations(layers):
    for spelling, ident in [
        ("الناتو", "org_nato"), ("حلف شمال الأطلسي", "org_nato"),
        ("الامم المتحدة", "org_un"), ("الأمم المتّحدة", "org_un"),
        ("مجلس التعاون الخليجي", "org_gcc"), ("مجلس التعاون لدول الخليج العربية", "org_gcc"),
        ("الجامعة العربية", "org_arab_league"), ("الاتحاد الإفريقي", "org_au"),
        ("منظمة التعاون الإسلامي", "org_oic"), ("اليونسكو", "org_unesco"),
        ("اليونيسف", "org_unicef"), ("مفوضية اللاجئين", "org_unhcr"),
        ("المحكمة الجنائية الدولية", "org_icc"), ("منظمة التجارة العالمية", "org_wto"),
        ("آسيان", "org_asean"), ("الإنتربول", "org_interpol"),
        ("الصليب الأحمر", "org_icrc"), ("الهلال الأحمر", "org_red_crescent"),
        ("العفو الدولية", "org_amnesty"), ("هيومن رايتس ووتش", "org_hrw"),
    ]:
        rec = row(layers, spelling)
        assert rec["id"] == ident and rec["type"] == "org", spelling


# --------------------------------------------------------------------------------------------
# the build
# --------------------------------------------------------------------------------------------


def test_the_build_reproduces_the_file_byte_for_byte(build, tmp_path):
    out = tmp_path / "gazetteer_world.csv"
    assert build.main(["--out", str(out)]) == 0
    assert out.read_bytes() == WORLD_PATH.read_bytes(), (
        "gazetteer_world.csv is out of date: run scripts/build_world_gazetteer.py")
    assert build.main(["--out", str(out), "--check"]) == 0
    out.write_text(out.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert build.main(["--out", str(out), "--check"]) == 1


def test_nisba_rule(build):
    rule = build.nisba_stems
    assert rule("روسيا") == ["روسي"] and rule("السعودية") == ["سعودي"]
    assert rule("كندا") == ["كندي"] and rule("سنغافورة") == ["سنغافوري"]
    assert rule("السنغال") == ["سنغالي"] and rule("هايتي") == ["هايتي"]
    assert rule("بيرو") == [] and rule("جنوب السودان") == []
    assert build.adjective_forms(["تونسي"], ["التوانسة"]) == [
        "التونسي", "التونسية", "تونسي", "تونسية", "التونسيون", "التونسيين", "التوانسة"]


def test_spelling_variants(build):
    rules = build.read_inputs().spelling
    assert build.spelling_variants("أنغولا", rules) == ["أنجولا"]
    assert build.spelling_variants("المملكة المغربية", rules) == []  # an Arabic word
    assert build.spelling_variants("غانا", rules) == []  # جانا is a first name
    assert build.spelling_variants("الأنغولي", rules, adjective=True) == []
    assert build.spelling_variants("أمريكا اللاتينية", rules) == ["أميركا اللاتينية"]
    assert build.spelling_variants("الأمريكي", rules, adjective=True) == ["الأميركي"]


def test_a_collision_stops_the_build(build, tmp_path):
    inputs = build.read_inputs()
    inputs.entities.append({"id": "org_fake", "type": "org", "name_ar": "منظمة وهمية",
                            "name_en": "Fake", "aliases": "تونس", "line": 999})
    with pytest.raises(build.BuildError, match="'تونس'.*org_fake"):
        build.build(inputs)


def test_every_cldr_territory_is_reviewed(build):
    from babel import Locale

    inputs = build.read_inputs()
    assert sorted(r["code"] for r in inputs.territories) == sorted(Locale("ar").territories)
    statuses = [r["status"] for r in inputs.territories]
    assert statuses.count("state") == 197  # 193 UN members, Vatican, Palestine, Taiwan, Kosovo


# --------------------------------------------------------------------------------------------
# matching made-up sentences
# --------------------------------------------------------------------------------------------


def test_tunisian_news():
    text = ("أكدت وكالة تونس إفريقيا للأنباء أن رئيس الحكومة استقبل في تونس العاصمة سفير "
            "جيبوتي ووفدا من جزر القمر، قبل أن يسافر إلى نواكشوط للمشاركة في قمة الاتحاد "
            "الإفريقي، فيما انتقدت حركة نداء تونس موقف الجزائر.")
    assert ids(text) == ["org_tap", "city_tunis", "country_dji", "country_com", "city_nouakchott",
                         "org_au", "org_nidaa_tounes", "country_dza"]


def test_saudi_news():
    text = ("الرياض (واس) — وصل خادم الحرمين الشريفين إلى المنامة قادما من أبوظبي، وبحث مع "
            "الأمين العام لمجلس التعاون لدول الخليج العربية والأمم المتحدة تطورات اليمن "
            "وصنعاء، وأشاد السعوديون بموقف النرويج.")
    assert ids(text) == ["city_riyadh", "org_spa", "city_manama", "city_abu_dhabi", "org_gcc",
                         "org_un", "country_yem", "city_sanaa", "country_sau", "country_nor"]
    assert ("country_sau", "adjective", "السعوديون") in found(text)


def test_moroccan_news():
    text = ("أعلنت الرباط أن وزير الخارجية المغربي سيزور موريتانيا والسنغال، وطالبت المملكة "
            "المغربية حلف الناتو والاتحاد الأوروبي بدعم المغرب العربي، بينما أصيب لاعب "
            "الوداد بقطع في الرباط الصليبي.")
    assert ids(text) == ["city_rabat", "country_mar", "country_mrt", "country_sen",
                         "country_mar", "org_nato", "org_eu", "place_maghreb"]


def test_traps():
    assert ids("قدم البنك دعما ماليا وقرضا ماليا لتمويل المالية العامة") == []
    assert ids("ولد في مسقط رأسه بقرية صغيرة") == []
    assert ids("تأهل ريال مدريد بعد فوزه على باريس سان جيرمان") == ["org_real_madrid",
                                                                   "org_psg"]
    assert ids("استيقظ باكرا ثم زار مدارس بنين وبنات") == []


def test_the_default_gazetteer_is_the_curated_layer_over_the_world_layer():
    assert ids("زار الرئيس نواكشوط") == ["city_nouakchott"]
    active = gazetteer.active().table
    assert {"gazetteer.csv", "gazetteer_world.csv", "gazetteer_places.csv"} == set(active["layer"])
    assert active.set_index("id").loc["country_rus", "layer"] == "gazetteer.csv"  # curated wins
    assert compile_matcher(load_layers()).find(normalize("جيبوتي"))[0].entity_id == "country_dji"
