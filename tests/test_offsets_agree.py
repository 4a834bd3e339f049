"""One owner of text coordinates (issue 13): dates, KWIC (keywords) and co-occurrence units
(cooccur) read the same normalized text and map it back to the original the same way, character
for character, as :func:`marsad.normalize.normalize_with_offsets` — on the seeds, on 2018 texts
(raw, so bidi marks and presentation forms are still in them) and on made-up strings with ٲ ٳ,
presentation forms, tatweel, diacritics and bidi marks.

Each module reports spans in the original text; every span must start and end at a position the
owner maps a normalized position to, and the owner's normalized text between them must be the
normalized span. KWIC must find exactly the occurrences keywords counts, and each co-occurrence
unit must hold exactly the terms keywords finds in the owner's span of that unit. A module
given a private normalizer that lacks ٲ/ٳ and presentation-form folding (as dates' old table
did) fails these checks.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from itertools import islice

import pandas as pd
import pytest
from sources import SEEDS

from marsad import cooccur, dates, keywords, terms
from marsad.normalize import normalize, normalize_with_offsets

PUBLISHED = "2018-03-06"
MADE_UP = [
    # ٲ ٳ (alef with wavy hamza), presentation forms (ﺑﻮﺗﻴﻦ, ﻻ, ﷲ), tatweel, diacritics
    "قالَ ٲحمد وٳبراهيم إنّ ﺑﻮﺗﻴﻦ زار مـوسـكـو يوم الثلاثاء 3 مارس ٢٠١٨، وﻻ تزال روسـيـا "
    "تقول إن ﷲ أكبر.",
    # bidi marks inside and around names and dates, Eastern digits, a Hijri month
    "واعتبرت \u200fكوريا الشمالية\u200f أمس \u202bالأربعاء\u202c أن \u2067روسيا\u2069 "
    "ستستضيف القمة في ١٥ رمضان ١٤٣٩ هـ.\nوقال لافروفُ: «الوفد الروسيّ سيصل في حزيران المقبل».",
    # عبد names (the one contextual rule), a name built of presentation forms and diacritics
    "وأكّد عبدُ الله بن زايد أن ﻛﻮﺭﻳﺎ الشمالية ستزور الرياض في الأسبوع المقبل، وﻻ "
    "علاقة لبيونغ يانغ بالأمر. وزار ولي العهد السعودي واشنطن في 20 آذار/مارس 2018.",
    "\ufeffروسيـــــا\u200e و\u200fالسعودية\u200f: ٲنقرة وٳسطنبول في ٢٠١٧ ﻭﺍﺷﻨﻄﻦ ﻻ.",
]
KWIC_TERMS = ["روسيا", "كوريا الشمالية", "بوتين", "السعودية", "واشنطن", "الرياض", "ترامب",
              "إيران", "قطر", "سوريا"]


def _texts_2018(corpus: str) -> list[str]:
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:  # 314 texts, spread over the file
        return [json.loads(line)["text"] for line in islice(fh, 0, None, 100)]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] + MADE_UP


def _check_span(text: str, a: int, b: int, what: str) -> None:
    """``text[a:b]``, reported by a module, maps through the owner's offsets."""
    off = normalize_with_offsets(text)
    na, nb = off.normalized(a), off.normalized(b)
    assert (off.original(na), off.original(nb)) == (a, b), (
        f"{what}: {text[a:b]!r} at ({a}, {b}) does not start and end where the owner maps")
    if "\u0639\u0628\u062f" not in text[max(0, a - 4):b + 2]:  # عبد looks at what follows
        assert off.norm[na:nb] == normalize(text[a:b]), f"{what}: {text[a:b]!r}"


def _check_dates(text: str) -> int:
    found = dates.find_dates(text, PUBLISHED)
    for m in found:
        assert text[m.char_start:m.char_end] == m.text
        _check_span(text, m.char_start, m.char_end, "dates")
    return len(found)


def _check_kwic(articles: pd.DataFrame) -> int:
    """Every KWIC row maps through the owner, and KWIC finds as many occurrences of a term in
    an article as keywords counts in its ``normalize``d text."""
    counted = {aid: Counter(terms.text_terms(normalize(text)))
               for aid, text in zip(articles["article_id"], articles["text_clean"], strict=True)}
    text_of = dict(zip(articles["article_id"], articles["text_clean"], strict=True))
    rows = 0
    for term in KWIC_TERMS:
        conc = keywords.kwic(articles, term)
        for row in conc.itertuples(index=False):
            text = text_of[row.article_id]
            assert text[row.char_start:row.char_end] == row.match
            _check_span(text, row.char_start, row.char_end, f"kwic {term}")
        found = conc.groupby("article_id").size().to_dict()
        wanted = keywords.canonical(term)
        expected = {aid: c[wanted] for aid, c in counted.items() if c[wanted]}
        assert found == expected, term
        rows += len(conc)
    return rows


def _check_units(articles: pd.DataFrame) -> int:
    """The terms of each sentence unit are the terms keywords finds in the owner's normalized
    span of that sentence."""
    units, term_lists = cooccur.read_units(articles, "sentence", entities_only=False)
    text_of = dict(zip(articles["article_id"], articles["text_clean"], strict=True))
    for (aid, start, end), unit_terms in zip(units[["article_id", "start", "end"]].itertuples(
            index=False), term_lists, strict=True):
        off = normalize_with_offsets(text_of[aid])
        na, nb = off.normalized(start), off.normalized(end)
        spans = terms.term_spans(off.norm)
        assert unit_terms == [s.term for s in spans if na <= s.start < nb and not s.stopword], (
            aid, text_of[aid][start:end])
    return len(units)


def _check_all(texts: list[str]) -> tuple[int, int, int]:
    articles = pd.DataFrame({"article_id": [f"t{i}" for i in range(len(texts))],
                             "text_clean": texts})
    for text in texts:
        off = normalize_with_offsets(text)
        assert off.norm == normalize(text)
    return (sum(_check_dates(t) for t in texts), _check_kwic(articles), _check_units(articles))


def test_dates_keywords_and_cooccur_agree_on_the_seeds_and_made_up_texts(texts):
    n_dates, n_kwic, n_units = _check_all(texts)
    assert n_dates >= 40 and n_kwic >= 100 and n_units >= 100  # (50, 138, 125) when written


@pytest.mark.parametrize("text", MADE_UP)
def test_made_up_texts_have_spans_in_every_module(text):
    """Each made-up text gives each module something to map: dates, names and sentences."""
    articles = pd.DataFrame({"article_id": ["x"], "text_clean": [text]})
    assert dates.find_dates(text, PUBLISHED)
    assert any(len(keywords.kwic(articles, t)) for t in KWIC_TERMS)
    assert len(cooccur.read_units(articles, "sentence")[0]) >= 1
    _check_all([text])


def test_dates_keywords_and_cooccur_agree_on_2018_texts(corpus_2018):
    n_dates, n_kwic, n_units = _check_all(_texts_2018(corpus_2018))
    assert n_dates >= 800 and n_kwic >= 500 and n_units >= 2500  # (1008, 656, 3040) when written
