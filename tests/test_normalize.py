from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.normalize import normalize, normalize_display, normalize_series


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("وَفْدٌ رُوسِيٌّ", "وفد روسي"),  # diacritics
        ("روسـيـا", "روسيا"),  # tatweel
        ("أكد إن آخر ٱلعالم", "اكد ان اخر العالم"),  # alef forms
        ("على مستوى", "علي مستوي"),  # alef maqsura (PyArabic's trap maps ى → ا)
        ("کوریا الشمالیة", "كوريا الشماليه"),  # Persian keheh and yeh, teh marbuta
        ("ەلا", "هلا"),  # ae
        ("١٨ أكتوبر ٢٠٢٣ و۱۹", "18 اكتوبر 2023 و19"),  # Arabic-Indic and Persian digits
        ("\u200fروسيا\u200e \u202bبوتين\u202c \u2067كيم\u2069", "روسيا بوتين كيم"),  # bidi marks
        ("\ufeffموسكو", "موسكو"),  # BOM
        ("ﻛﻮﺭﻳﺎ", "كوريا"),  # presentation forms (text copied from PDFs)
        ("حزب ﷲ", "حزب الله"),  # Allah ligature
        ("Пхеньян 평양 Pyongyang", "Пхеньян 평양 Pyongyang"),  # other scripts survive
        ("«الخطيرة»، داعيا", "«الخطيره»، داعيا"),  # punctuation kept
    ],
)
def test_normalize_real_cases(raw, expected):
    assert normalize(raw) == expected


def test_teh_marbuta_is_configurable():
    assert normalize("الكورية الشمالية", teh_marbuta=False) == "الكورية الشمالية"
    assert normalize("الكورية الشمالية") == "الكوريه الشماليه"


def test_display_keeps_letters_and_marks_but_drops_invisible():
    raw = "\u200fبوتين قبِل الدعوة ـ ﻛﻮﺭﻳﺎ\ufeff"
    assert normalize_display(raw) == "بوتين قبِل الدعوة ـ كوريا"


def test_normalize_series_keeps_missing():
    s = pd.Series(["بيونغ يانغ", None, "أوكرانيا"])
    out = normalize_series(s)
    assert out.tolist()[0::2] == ["بيونغ يانغ", "اوكرانيا"]
    assert pd.isna(out.iloc[1])


@given(st.text())
def test_normalize_is_idempotent_and_total(text):
    once = normalize(text)
    assert normalize(once) == once
    assert normalize(once, teh_marbuta=False) == normalize(once, teh_marbuta=False)
    display = normalize_display(text)
    assert normalize_display(display) == display


@given(st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)))
def test_normalize_never_grows_arabic_block_text(text):
    assert len(normalize(text)) <= len(text)
