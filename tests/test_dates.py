"""Tests for marsad.dates: publication dates, date mentions, resolution rules, data files."""

from __future__ import annotations

import gzip
import itertools
import json
from datetime import date, datetime
from email.utils import parsedate_tz

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sources import SEEDS

from marsad import dates
from marsad.articles import CorpusError
from marsad.datafiles import DataFileError
from marsad.dates import (
    BASES,
    PRECISIONS,
    DateMention,
    date_to_hijri,
    dates_table,
    find_dates,
    hijri_to_date,
    parse_published,
)

EXP = "explicit"
PUBY = "explicit+publication year"
REL = "relative to publication"
WD = "weekday relative to publication"
NOPUB = "no publication date"


@pytest.fixture(scope="module")
def seeds() -> dict[str, str]:
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


def rows(text: str, published=None) -> list[tuple[str, str, str, str, str]]:
    """Mentions as (text, start, end, precision, basis), after checking their offsets."""
    found = find_dates(text, published)
    for m in found:
        assert text[m.char_start:m.char_end] == m.text
    return [(m.text, m.start, m.end, m.precision, m.basis) for m in found]


def offsets(text: str, spans: list[str]) -> list[tuple[int, int]]:
    """Expected offsets of consecutive spans, searched left to right."""
    out, pos = [], 0
    for span in spans:
        i = text.index(span, pos)
        out.append((i, i + len(span)))
        pos = i + len(span)
    return out


# --- seeds -------------------------------------------------------------------------------------
def test_seed_000_resolved_against_publication(seeds):
    text = seeds["000"]
    pub = parse_published("17th, November 2023 GMT")
    assert pub == "2023-11-17"
    expected = [
        ("17th, November 2023", "2023-11-17", "2023-11-17", "day", EXP),
        ("اليوم الجمعة", "2023-11-17", "2023-11-17", "day", REL),
        ("هذا الشهر", "2023-11", "2023-11", "month", REL),
        ("الثلاثاء", "2023-11-14", "2023-11-14", "day", WD),
        ("الخميس", "2023-11-16", "2023-11-16", "day", WD),
        ("الأسبوع الماضي", "2023-11-06", "2023-11-12", "week", REL),
        ("سبتمبر", "2023-09", "2023-09", "month", PUBY),
        ("الأربعاء", "2023-11-15", "2023-11-15", "day", WD),
    ]
    assert rows(text, pub) == expected
    got = [(m.char_start, m.char_end) for m in find_dates(text, pub)]
    assert got == offsets(text, [e[0] for e in expected])
    assert got[0] == (67, 86)  # "تاريخ النشر: " line


def test_seed_004_weekdays_future_cue_and_tweet_date(seeds):
    text = seeds["004"]
    assert rows(text, "2023-09-14") == [
        ("14th, September 2023", "2023-09-14", "2023-09-14", "day", EXP),
        ("الخميس", "2023-09-14", "2023-09-14", "day", WD),
        ("الأربعاء", "2023-09-13", "2023-09-13", "day", WD),
        ("الأربعاء", "2023-09-13", "2023-09-13", "day", WD),
        ("الخميس", "2023-09-14", "2023-09-14", "day", WD),
        # "من المقرر أن تجري الزيارة في أكتوبر": a future cue, so the coming October
        ("أكتوبر (تشرين الأول)", "2023-10", "2023-10", "month", PUBY),
        ("September 13, 2023", "2023-09-13", "2023-09-13", "day", EXP),
        ("عام 2000", "2000", "2000", "year", EXP),
        ("15 نوفمبر", "2022-11-15", "2022-11-15", "day", PUBY),
        ("الاثنين", "2023-09-11", "2023-09-11", "day", WD),
    ]


def test_seed_002_pairs_without_publication_date(seeds):
    assert rows(seeds["002"]) == [
        ("18 أكتوبر/تشرين الأول", "", "", "day", NOPUB),
        ("اليوم", "", "", "day", NOPUB),
        ("سبتمبر/أيلول الماضي", "", "", "month", NOPUB),
        ("18 أكتوبر/تشرين الأول", "", "", "day", NOPUB),
        ("الشهر الماضي", "", "", "month", NOPUB),
        ("ديسمبر/كانون الأول 2022", "2022-12", "2022-12", "month", EXP),
    ]


def test_seed_001_durations_skipped_and_years(seeds):
    text = seeds["001"]
    got = rows(text)
    assert got == [
        ("اليوم السبت", "", "", "day", NOPUB),
        ("يونيو/حزيران", "", "", "month", NOPUB),
        ("يونيو/حزيران", "", "", "month", NOPUB),
        ("مايو/أيار الماضي", "", "", "month", NOPUB),
        ("يوليو/تموز 2023", "2023-07", "2023-07", "month", EXP),
        ("عام 1953", "1953", "1953", "year", EXP),
        ("الجمعة", "", "", "day", NOPUB),
        ("هذا الأسبوع", "", "", "week", NOPUB),
        ("هذا العام", "", "", "year", NOPUB),
        ("عام 2022", "2022", "2022", "year", EXP),
    ]
    assert "منذ أكثر من 30 شهرا" in text  # a duration: no mention inside it
    i = text.index("منذ أكثر من 30 شهرا")
    assert not [m for m in find_dates(text) if i <= m.char_start < i + 19]


@pytest.mark.parametrize(("text", "found"), [
    ("وبالأمس قال", [("وبالأمس", "2018-03-05")]),  # و + ب + ال
    ("فللعام 2018 خطة", [("فللعام 2018", "2018")]),  # ف + ل + ال written لل
    ("ولسنة 2019", [("ولسنة 2019", "2019")]),
    ("كالثلاثاء", [("كالثلاثاء", "2018-03-06")]),  # ك + ال
    ("والجمعة الماضية", [("والجمعة الماضية", "2018-03-02")]),
    ("وفي 3 مارس", [("3 مارس", "2018-03-03")]),
    ("ذهب كأمس الدابر", []),  # ك without the article compares: "like yesterday gone"
    ("كمارس", []),
])
def test_proclitics_of_date_words(text, found):
    got = [(m.text, m.start) for m in find_dates(text, "2018-03-06")]
    assert got == found


def test_seed_003_clitics_and_pair_with_space(seeds):
    text = seeds["003"]
    got = rows(text, "2023-09-15")
    assert got == [
        ("الجمعة", "2023-09-15", "2023-09-15", "day", WD),
        ("هذا الأسبوع", "2023-09-11", "2023-09-17", "week", REL),
        ("الجمعة", "2023-09-15", "2023-09-15", "day", WD),
        ("والأربعاء", "2023-09-13", "2023-09-13", "day", WD),
        ("اليوم الجمعة", "2023-09-15", "2023-09-15", "day", REL),
        ("والثلاثاء الماضي", "2023-09-12", "2023-09-12", "day", WD),
        ("نيسان/ أبريل عام 2019", "2019-04", "2019-04", "month", EXP),
        ("الثلاثاء الماضي", "2023-09-12", "2023-09-12", "day", WD),
        ("الثلاثاء", "2023-09-12", "2023-09-12", "day", WD),
    ]


# --- forms, one by one -----------------------------------------------------------------------
P = "2023-11-17"  # a Friday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("في يوليو/تموز 2023", [("يوليو/تموز 2023", "2023-07", "2023-07", "month", EXP)]),
        ("في سبتمبر", [("سبتمبر", "2023-09", "2023-09", "month", PUBY)]),
        ("في نوفمبر", [("نوفمبر", "2023-11", "2023-11", "month", PUBY)]),  # same month counts
        ("في ديسمبر", [("ديسمبر", "2022-12", "2022-12", "month", PUBY)]),  # not after pub.
        ("نوفمبر الماضي", [("نوفمبر الماضي", "2022-11", "2022-11", "month", PUBY)]),
        ("يناير المقبل", [("يناير المقبل", "2024-01", "2024-01", "month", PUBY)]),
        ("سيزور موسكو في يناير", [("يناير", "2024-01", "2024-01", "month", PUBY)]),
        ("نوفمبر الجاري", [("نوفمبر الجاري", "2023-11", "2023-11", "month", PUBY)]),
        ("مايو من العام الماضي", [("مايو من العام الماضي", "2022-05", "2022-05", "month", REL)]),
        ("نيسان/ أبريل عام 2019", [("نيسان/ أبريل عام 2019", "2019-04", "2019-04", "month", EXP)]),
        ("أكتوبر (تشرين الأول)", [("أكتوبر (تشرين الأول)", "2023-10", "2023-10", "month", PUBY)]),
        ("كانون الثاني/يناير 2018", [("كانون الثاني/يناير 2018", "2018-01", "2018-01", "month", EXP)]),
        ("11 يونيو حزيران", [("11 يونيو حزيران", "2023-06-11", "2023-06-11", "day", PUBY)]),
        ("يوم 15 نوفمبر", [("15 نوفمبر", "2023-11-15", "2023-11-15", "day", PUBY)]),
        ("يوم 20 نوفمبر", [("20 نوفمبر", "2022-11-20", "2022-11-20", "day", PUBY)]),
        ("15 و16 نوفمبر", [("15 و16 نوفمبر", "2023-11-15", "2023-11-16", "day", PUBY)]),
        ("من 12 إلى 22 ديسمبر القادم",
         [("12 إلى 22 ديسمبر القادم", "2023-12-12", "2023-12-22", "day", PUBY)]),
        ("عام 2000", [("عام 2000", "2000", "2000", "year", EXP)]),
        ("في عام 2022", [("عام 2022", "2022", "2022", "year", EXP)]),
        ("في 2017", [("2017", "2017", "2017", "year", EXP)]),
        ("بحلول ٢٠٣٠", [("٢٠٣٠", "2030", "2030", "year", EXP)]),
        ("عامي 2017 و2018", [("عامي 2017 و2018", "2017", "2018", "year", EXP)]),
        ("لعام 2019", [("لعام 2019", "2019", "2019", "year", EXP)]),
        ("— 24.ae (@20fourMedia) September 13, 2023وكانت",
         [("September 13, 2023", "2023-09-13", "2023-09-13", "day", EXP)]),
        ("Nov 17, 2023", [("Nov 17, 2023", "2023-11-17", "2023-11-17", "day", EXP)]),
        ("١٨ أكتوبر ٢٠٢٣", [("١٨ أكتوبر ٢٠٢٣", "2023-10-18", "2023-10-18", "day", EXP)]),
        ("الخميس، 14 أيلول 2023", [("الخميس، 14 أيلول 2023", "2023-09-14", "2023-09-14", "day", EXP)]),
        ("14/11/2023", [("14/11/2023", "2023-11-14", "2023-11-14", "day", EXP)]),
        ("2023-09-14T10:00:00Z", [("2023-09-14", "2023-09-14", "2023-09-14", "day", EXP)]),
        ("جانفي 2018", [("جانفي 2018", "2018-01", "2018-01", "month", EXP)]),
        ("في فيفري الماضي", [("فيفري الماضي", "2023-02", "2023-02", "month", PUBY)]),
        ("يوليوز 2018", [("يوليوز 2018", "2018-07", "2018-07", "month", EXP)]),
        ("يونيه 2018", [("يونيه 2018", "2018-06", "2018-06", "month", EXP)]),
        ("31 فبراير 2018", [("31 فبراير 2018", "", "", "unknown", "invalid date")]),
        # relative expressions
        ("اليوم", [("اليوم", "2023-11-17", "2023-11-17", "day", REL)]),
        ("أمس", [("أمس", "2023-11-16", "2023-11-16", "day", REL)]),
        ("بالأمس", [("بالأمس", "2023-11-16", "2023-11-16", "day", REL)]),
        ("أمس الأول", [("أمس الأول", "2023-11-15", "2023-11-15", "day", REL)]),
        ("غداً", [("غداً", "2023-11-18", "2023-11-18", "day", REL)]),
        ("غدا السبت", [("غدا السبت", "2023-11-18", "2023-11-18", "day", REL)]),
        ("أمس الاثنين", [("أمس الاثنين", "2023-11-13", "2023-11-13", "day", WD)]),
        ("الليلة الماضية", [("الليلة الماضية", "2023-11-16", "2023-11-16", "day", REL)]),
        ("الأسبوع الماضي", [("الأسبوع الماضي", "2023-11-06", "2023-11-12", "week", REL)]),
        ("هذا الأسبوع", [("هذا الأسبوع", "2023-11-13", "2023-11-19", "week", REL)]),
        ("الأسبوع المقبل", [("الأسبوع المقبل", "2023-11-20", "2023-11-26", "week", REL)]),
        ("الشهر الماضي", [("الشهر الماضي", "2023-10", "2023-10", "month", REL)]),
        ("هذا الشهر", [("هذا الشهر", "2023-11", "2023-11", "month", REL)]),
        ("الشهر المقبل", [("الشهر المقبل", "2023-12", "2023-12", "month", REL)]),
        ("هذا العام", [("هذا العام", "2023", "2023", "year", REL)]),
        ("العام الماضي", [("العام الماضي", "2022", "2022", "year", REL)]),
        ("للعام الماضي", [("للعام الماضي", "2022", "2022", "year", REL)]),
        ("السنة المقبلة", [("السنة المقبلة", "2024", "2024", "year", REL)]),
        # weekdays
        ("الثلاثاء", [("الثلاثاء", "2023-11-14", "2023-11-14", "day", WD)]),
        ("الجمعة", [("الجمعة", "2023-11-17", "2023-11-17", "day", WD)]),
        ("الجمعة الماضية", [("الجمعة الماضية", "2023-11-10", "2023-11-10", "day", WD)]),
        ("الأحد المقبل", [("الأحد المقبل", "2023-11-19", "2023-11-19", "day", WD)]),
        ("من المتوقع أن تظهر النتائج الخميس",
         [("الخميس", "2023-11-23", "2023-11-23", "day", WD)]),
        ("اليوم الجمعة", [("اليوم الجمعة", "2023-11-17", "2023-11-17", "day", REL)]),
        ("اليوم الخميس", [("اليوم الخميس", "2023-11-16", "2023-11-16", "day", WD)]),
        ("والأربعاء، عقد", [("والأربعاء", "2023-11-15", "2023-11-15", "day", WD)]),
        ("للجمعة", [("للجمعة", "2023-11-17", "2023-11-17", "day", WD)]),
        # named events: the year is not stated and the publication year would be wrong
        ("ثورة 25 يناير", [("25 يناير", "", "", "day", "named event")]),
        ("هجمات 11 سبتمبر", [("11 سبتمبر", "", "", "day", "named event")]),
        ("ثورة 25 يناير 2011", [("25 يناير 2011", "2011-01-25", "2011-01-25", "day", EXP)]),
    ],
)
def test_forms(text, expected):
    assert rows(text, P) == expected


def test_pair_offsets_and_eastern_digits():
    text = "وصل لافروف في ١٨ أكتوبر/تشرين الأول، ثم غادر."
    [m] = find_dates(text, date(2023, 11, 17))
    assert (m.char_start, m.char_end, m.text) == (14, 35, "١٨ أكتوبر/تشرين الأول")
    assert (m.start, m.end, m.precision, m.basis) == ("2023-10-18", "2023-10-18", "day", PUBY)


def test_offsets_survive_diacritics_tatweel_and_bidi_marks():
    text = "\u200fقال يومَ الثُّلاثاءِ إن اجتماع سَبْتَمْبِر ٢٠٢٣ وأكتوبـــر 2022 انتهى"
    got = rows(text, P)
    assert got == [
        ("الثُّلاثاءِ", "2023-11-14", "2023-11-14", "day", WD),
        ("سَبْتَمْبِر ٢٠٢٣", "2023-09", "2023-09", "month", EXP),
        ("وأكتوبـــر 2022", "2022-10", "2022-10", "month", EXP),
    ]
    assert [m.char_start for m in find_dates(text, P)] == [10, 32, 49]


def test_hamza_alef_yeh_teh_variants():
    assert rows("اكتوبر 2023 و إبريل 2019 والاربعاء والاثنين والإثنين") == [
        ("اكتوبر 2023", "2023-10", "2023-10", "month", EXP),
        ("إبريل 2019", "2019-04", "2019-04", "month", EXP),
        ("والاربعاء", "", "", "day", NOPUB),
        ("والاثنين", "", "", "day", NOPUB),
        ("والإثنين", "", "", "day", NOPUB),
    ]
    assert rows("جمادى الآخرة 1445 وجمادي الاخره 1445")[0][1:] == rows(
        "جمادي الاخره 1445")[0][1:]


# --- resolution rules ----------------------------------------------------------------------------
def test_resolution_examples():
    def one(text, pub):
        [m] = find_dates(text, pub)
        return m.start, m.end

    assert one("الثلاثاء", "2023-11-17") == ("2023-11-14", "2023-11-14")
    assert one("الخميس", "2023-11-17") == ("2023-11-16", "2023-11-16")
    assert one("اليوم الجمعة", "2023-11-17") == ("2023-11-17", "2023-11-17")
    assert one("الأسبوع الماضي", "2023-11-17") == ("2023-11-06", "2023-11-12")
    assert one("الشهر الماضي", "2023-11-17") == ("2023-10", "2023-10")
    assert one("في سبتمبر", "2023-11-17") == ("2023-09", "2023-09")
    assert one("الأربعاء", "2023-09-14") == ("2023-09-13", "2023-09-13")
    assert one("الخميس", "2023-09-14") == ("2023-09-14", "2023-09-14")
    assert one("الخميس الماضي", "2023-09-14") == ("2023-09-07", "2023-09-07")
    assert one("الخميس المقبل", "2023-09-14") == ("2023-09-21", "2023-09-21")
    assert one("الشهر الماضي", "2024-01-05") == ("2023-12", "2023-12")
    assert one("يوم 29 فبراير", "2023-11-17") == ("2020-02-29", "2020-02-29")


def test_no_publication_date_never_invents_a_year():
    for text, precision in [("في سبتمبر", "month"), ("الثلاثاء", "day"), ("اليوم", "day"),
                            ("يوم 15 نوفمبر", "day"), ("الأسبوع الماضي", "week"),
                            ("العام الماضي", "year"), ("شهر رمضان", "month")]:
        [m] = find_dates(text)
        assert (m.start, m.end, m.precision, m.basis) == ("", "", precision, NOPUB), text
    [m] = find_dates("في سبتمبر", "no date here")  # unreadable publication date
    assert m.basis == NOPUB


@pytest.mark.parametrize(
    "published",
    ["2023-11-17", "Fri, 17 Nov 2023 09:00:00 +0300", "17th, November 2023 GMT",
     date(2023, 11, 17), datetime(2023, 11, 17, 23, 59), pd.Timestamp("2023-11-17 08:00")],
)
def test_published_types(published):
    [m] = find_dates("الثلاثاء", published)
    assert m.start == "2023-11-14"


@pytest.mark.parametrize("published", [None, float("nan"), pd.NaT, pd.NA])
def test_missing_published(published):
    [m] = find_dates("الثلاثاء", published)
    assert m.basis == NOPUB


def test_bad_published_is_a_clear_error():
    with pytest.raises(TypeError, match="published must be"):
        find_dates("الثلاثاء", 20231117)
    with pytest.raises(ValueError, match="outside the years"):
        find_dates("أمس", date(1, 1, 1))


# --- false positives -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    ["النشرة اليومية", "مارس الضغط على الحكومة", "ومارس الرئيس ضغوطا", "آب", "في آب", "أمسية شعرية",
     "في أمس الحاجة", "اليوم التالي", "في اليوم العالمي للمرأة", "منذ ذلك اليوم",
     "منذ أكثر من 30 شهرا", "بعد يومين من الإطلاق", "تيريزا ماي", "رجب طيب أردوغان",
     "فاز 3 صفر", "الأحد عشر لاعبا", "كلا الاثنين", "شركة نيسان", "حفل 2018 الكبير",
     "2000 شخص", "الرقم 15 مايوه"],
)
def test_not_dates(text):
    assert find_dates(text, P) == []


def test_verb_marsa_is_not_march_but_year_after_it_is_found():
    assert rows("مارس الضغط عام 2019", P) == [("عام 2019", "2019", "2019", "year", EXP)]
    assert rows("في مارس", P) == [("مارس", "2023-03", "2023-03", "month", PUBY)]
    assert rows("5 مارس", P) == [("5 مارس", "2023-03-05", "2023-03-05", "day", PUBY)]
    assert rows("آب/أغسطس", P) == [("آب/أغسطس", "2023-08", "2023-08", "month", PUBY)]
    assert rows("شهر آب", P) == [("آب", "2023-08", "2023-08", "month", PUBY)]


# --- Hijri -------------------------------------------------------------------------------------
def test_hijri_conversion_close_to_umm_al_qura():
    known = {(1439, 9): date(2018, 5, 17), (1440, 9): date(2019, 5, 6),
             (1444, 9): date(2023, 3, 23), (1445, 1): date(2023, 7, 19)}
    for (y, m), first in known.items():
        assert abs((hijri_to_date(y, m, 1) - first).days) <= 1
    for n in range(date(2000, 1, 1).toordinal(), date(2030, 1, 1).toordinal(), 37):
        d = date.fromordinal(n)
        assert hijri_to_date(*date_to_hijri(d)) == d


def test_hijri_mentions():
    assert rows("15 رمضان 1439", P) == [
        ("15 رمضان 1439", "2018-05-28", "2018-06-01", "day", "hijri (tabular ±2 days)")]
    assert rows("رمضان 2019", P) == [
        ("رمضان 2019", "2019-05-04", "2019-06-06", "month", "hijri (tabular ±2 days)")]
    [m] = find_dates("خلال شهر رمضان", "2018-06-10")
    assert (m.text, m.start, m.end, m.basis) == (
        "رمضان", "2018-05-14", "2018-06-16", "hijri+publication year (tabular ±2 days)")


def test_numeric_hijri_dates_are_converted_not_read_as_gregorian_years():
    """Saudi papers write ``17/5/1436هـ``: 17 Jumada al-Awwal 1436 is 8 March 2015, never the
    year 1436 of the Gregorian calendar."""
    hijri = "hijri (tabular ±2 days)"
    assert rows("بتاريخ 17/5/1436هـ", P) == [("17/5/1436هـ", "2015-03-06", "2015-03-10", "day", hijri)]
    assert rows("بتاريخ 26/5/1436 هـ", P) == [
        ("26/5/1436 هـ", "2015-03-15", "2015-03-19", "day", hijri)]
    assert rows("في 17/5/1436", P) == [("17/5/1436", "2015-03-06", "2015-03-10", "day", hijri)]
    assert rows("يوم 1436/5/17هـ", P) == [("1436/5/17هـ", "2015-03-06", "2015-03-10", "day", hijri)]
    assert rows("في 12/4/2015م", P) == [("12/4/2015م", "2015-04-12", "2015-04-12", "day", EXP)]
    assert rows("في 17/13/1436", P) == []  # no thirteenth month


# --- parse_published ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("17th, November 2023 GMT", "2023-11-17"),
        ("14th, September 2023 GMT", "2023-09-14"),
        ("تاريخ النشر: 17th, November 2023 GMT", "2023-11-17"),
        ("Sun, 18 Feb 2018 21:35:43 +0400", "2018-02-18"),
        ("Sun, 18 Feb 2018 23:59:00 -0500", "2018-02-18"),  # the date as written, not UTC
        ("2023-09-14", "2023-09-14"),
        ("2023-09-14T10:00:00Z", "2023-09-14"),
        ("٢٠٢٣-٠٩-١٤", "2023-09-14"),
        ("14 سبتمبر 2023", "2023-09-14"),
        ("الخميس 14 أيلول 2023", "2023-09-14"),
        ("١٤ سبتمبر ٢٠٢٣", "2023-09-14"),
        ("September 13, 2023", "2023-09-13"),
        ("14/09/2023", "2023-09-14"),
        ("November 2023", None),
        ("الخميس", None),
        ("2023-02-30", None),
        ("", None),
        ("unknown", None),
        (None, None),
        (float("nan"), None),
    ],
)
def test_parse_published(value, expected):
    assert parse_published(value) == expected


# --- data files ---------------------------------------------------------------------------------
def test_data_files_load_and_cover_the_calendars():
    months = dates.load_months()
    fams = set(months["family"])
    assert {"msa_western", "levantine", "maghrebi", "english", "english_abbr", "hijri"} <= fams
    for family in ("levantine", "maghrebi", "english", "hijri"):
        assert set(months.loc[months["family"] == family, "month"]) == set(range(1, 13)), family
    assert set(dates.load_weekdays()["weekday"]) == set(range(1, 8))
    rel = dates.load_relative_dates()
    assert set(rel["unit"]) == {"day", "week", "month", "year"}
    assert set(dates.load_date_cues()["role"]) == set(dates.CUE_ROLES)


def test_malformed_data_file_names_the_file_and_line(tmp_path):
    bad = tmp_path / "months.csv"
    bad.write_text("month,name,calendar,family,guard\n1,يناير,gregorian,x,free\n"
                   "13,يناير,gregorian,x,free\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"months\.csv, line 3: month '13'"):
        dates.load_months(bad)
    bad.write_text("month,name\n1,يناير\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"months\.csv, line 1: missing column"):
        dates.load_months(bad)
    bad.write_text("month,name,calendar,family,guard\n\n1,يناير,gregorian,,free\n",
                   encoding="utf-8")
    with pytest.raises(DataFileError, match=r"months\.csv, line 3: empty family"):
        dates.load_months(bad)
    bad.write_text("month,name,calendar,family,guard\n1,يناير,gregorian,x,often\n",
                   encoding="utf-8")
    with pytest.raises(DataFileError, match=r"months\.csv, line 2: guard 'often'"):
        dates.load_months(bad)
    bad.write_text("weekday,name\n1,الاثنين\n1,اثنين\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"months\.csv, line 3: .*must start with ال"):
        dates.load_weekdays(bad)
    bad.write_text("cue,role,comment\nفي,month_cue,x\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"months\.csv, line 1: unknown column.*'comment'"):
        dates.load_date_cues(bad)
    bad.write_text("\ufeffcue,role,note\nفي,month_cue,a note\n", encoding="utf-8")
    assert dates.load_date_cues(bad)[["cue", "role", "line"]].values.tolist() == [
        ["في", "month_cue", 2]]


def test_a_name_given_two_months_names_its_line():
    months = pd.DataFrame({"month": [1, 2], "name": ["يناير", "يناير"],
                           "calendar": ["gregorian"] * 2, "guard": ["free"] * 2, "line": [2, 5]})
    with pytest.raises(DataFileError, match=r"mine\.csv, line 5: 'يناير' is both"):
        dates._months_table(months, "mine.csv")


# --- DataFrame helper ------------------------------------------------------------------------------
def test_dates_table():
    articles = pd.DataFrame({"article_id": ["a", "b", "c"],
                             "text_clean": ["وصل الثلاثاء", "في سبتمبر", None],
                             "published": ["2023-11-17", None, "2023-11-17"]})
    table = dates_table(articles)
    assert list(table.columns) == ["article_id", "start", "end", "precision", "basis", "text",
                                   "char_start", "char_end"]
    assert table[["article_id", "start", "basis"]].values.tolist() == [
        ["a", "2023-11-14", WD], ["b", "", NOPUB]]
    with pytest.raises(CorpusError, match="dates_table: articles have no 'text_clean' column"):
        dates_table(articles.drop(columns="text_clean"))


# --- properties ----------------------------------------------------------------------------------
_WORDS = ["في", "سبتمبر", "/", "أيلول", "الماضي", "18", "١٨", "2023", "٢٠٢٣", "عام", "الثلاثاء",
          "اليوم", "أمس", "غدا", "مارس", "آب", "(", ")", "تشرين", "الأول", "كانون", "رمضان",
          "1439", "هـ", "و", "، ", "-", "الأسبوع", "المقبل", "هذا", "الشهر", "ثورة", "ً",
          "\u200f", "ـ", "November", "17th,", "2023-02-30", "14/13/2023", "من", "شهر", "ماي"]


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=4)), max_size=25),
    seps=st.lists(st.sampled_from([" ", "", "\n", "  ", "."]), min_size=25, max_size=25),
    published=st.one_of(st.none(), st.dates(min_value=date(1000, 1, 1),
                                            max_value=date(2199, 12, 31))),
)
def test_find_dates_never_raises_and_spans_match(parts, seps, published):
    text = "".join(p + s for p, s in zip(parts, seps, strict=False))
    found = find_dates(text, published)
    last_end = -1
    for m in found:
        assert isinstance(m, DateMention)
        assert text[m.char_start:m.char_end] == m.text and m.text
        assert m.char_start >= last_end
        last_end = m.char_end
        assert m.precision in PRECISIONS and m.basis in BASES
        assert (m.start == "") == (m.end == "")
        if m.start and len(m.start) == len(m.end):
            assert m.start <= m.end


# --- the 2018 corpus -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def corpus_sample(corpus_2018) -> list[dict]:
    with gzip.open(corpus_2018, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in itertools.islice(fh, 0, None, 15)][:2000]


def test_corpus_sample(corpus_sample):
    assert len(corpus_sample) == 2000
    counts: dict[str, int] = {}
    for article in corpus_sample:
        parsed = parse_published(article["date"])
        y, mo, d = parsedate_tz(article["date"])[:3]
        assert parsed == f"{y:04d}-{mo:02d}-{d:02d}", article["date"]
        text = article["text"]
        for m in find_dates(text, parsed):
            assert text[m.char_start:m.char_end] == m.text
            counts[m.basis] = counts.get(m.basis, 0) + 1
    # weekdays against publication are the commonest dated form in wire copy
    assert counts[WD] > 1000
    assert counts[EXP] > 500 and counts[PUBY] > 300 and counts[REL] > 300
    assert counts.get(NOPUB, 0) == 0  # every article has a readable publication date


@settings(max_examples=300, deadline=None)
@given(text=st.text(), published=st.one_of(st.none(), st.text(max_size=40)))
def test_arbitrary_unicode_never_raises(text, published):
    value = parse_published(text)
    assert value is None or (len(value) == 10 and date.fromisoformat(value))
    for m in find_dates(text, parse_published(published) if published else None):
        assert text[m.char_start:m.char_end] == m.text


def test_dates_read_the_text_as_marsad_normalizes_it():
    """One normalization everywhere: dates read normalize(text) with Latin in lower case, so
    the rare letters and presentation forms it folds (ٲ ٳ, ﻛ) are folded for dates too."""
    assert dates._norm("إلى ٢٠١٨ IN") == "الي 2018 in"
    text = "زار ٲحمد ﻣﻮﺳﻜﻮ في ١٤ سبتمبر ٢٠٢٣ و 13 SEPTEMBER 2023"
    found = find_dates(text)
    assert [(m.start, m.text) for m in found] == [("2023-09-14", "١٤ سبتمبر ٢٠٢٣"),
                                                 ("2023-09-13", "13 SEPTEMBER 2023")]


@pytest.mark.parametrize("value", [
    "Sun, 18 Feb 2018 21:35:43 +0400", "18 Feb 2018 21:35 GMT", "Thu, 1 Mar 2018 00:00:00 UTC",
    "Fri,01 Jun 2018 00:04:15 +0400", "Sun, 31 Feb 2018 10:00:00 +0000",
    "Mon, 29 Feb 2016 10:00:00 +0000", "Sun, 18 Sept 2018 10:00:00 +0000",
    "1 Mai 2018 10:00:00 +0000", "Sun, 18 FEB 2018 21:35:43 +0400", "Sun, 18 Feb 2018"])
def test_feed_dates_read_directly_as_find_dates_reads_them(value):
    """parse_published reads RFC 2822 dates without find_dates; the result is what find_dates
    says (an explicit day, else nothing), for good and bad dates alike."""
    by_find = next((m.start for m in find_dates(value) if m.precision == "day"
                    and m.basis == "explicit" and m.start == m.end), None)
    assert parse_published(value) == by_find
    assert parse_published("Sun, 18 Feb 2018 21:35:43 +0400") == "2018-02-18"


def test_future_events_resolve_forwards():
    sat = "2018-06-09"  # a Saturday

    def first(text: str, future: bool) -> tuple[str, str]:
        d = find_dates(text, sat, future=future)[0]
        return d.start, d.basis

    assert first("يلتقي الزعيمان الثلاثاء", False) == ("2018-06-05", dates.BASIS_WEEKDAY)
    assert first("يلتقي الزعيمان الثلاثاء", True) == ("2018-06-12", dates.BASIS_WEEKDAY)
    assert first("السبت", True)[0] == sat  # today is on or after publication
    assert first("في 12 حزيران/يونيو", False)[0] == "2017-06-12"  # a report: not after the 9th
    assert first("في 12 حزيران/يونيو", True)[0] == "2018-06-12"  # a plan: the coming one
    assert first("في 2 حزيران/يونيو", True)[0] == "2019-06-02"
    assert first("في سبتمبر", True)[0] == "2018-09"
    assert first("الثلاثاء الماضي", True)[0] == "2018-06-05"  # the text's word decides
    assert first("في 12 يونيو 2017", True)[0] == "2017-06-12"  # a written year stays


def test_publication_windows():
    assert dates.publication_window("2018-06-09", planned=False) == ("2018-06-03", "2018-06-09")
    assert dates.publication_window(date(2018, 6, 9), planned=True) == (
        "2018-06-09", f"{2018 + dates.PLANNED_HORIZON_DAYS // 365}-06-09")
    assert dates.REPORTED_WINDOW_DAYS == 7 and set(dates.WINDOW_BASES) == {"reported", "planned"}
