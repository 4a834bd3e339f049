"""marsad.clean on the seeds, hand-made samples of the 2018 families, and the 2018 corpus."""

from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.clean import (
    REMOVED_COLUMNS,
    clean_article,
    clean_corpus,
    display_line,
    repeated_lines,
    split_tags,
)
from marsad.clean_rules import LINE_RULE_MAX_CHARS, CompiledRules, load_rules
from marsad.normalize import normalize
from marsad.sentences import SENTENCE_COLUMNS, sentences, split_sentences

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
S000, S001, S002, S003, S004 = (
    "000_c29df2e807393e5d", "001_f8d0b1c6686edb80", "002_617d08e46eb476a4",
    "003_698cf3f044971efa", "004_3172a6992104bb80",
)


@pytest.fixture(scope="module")
def seeds() -> pd.DataFrame:
    paths = sorted(SEEDS.glob("*.txt"))
    return pd.DataFrame({
        "article_id": [p.stem for p in paths],
        "text": [p.read_text(encoding="utf-8") for p in paths],
        "path": [str(p) for p in paths],
    })


@pytest.fixture(scope="module")
def cleaned(seeds):
    return clean_corpus(seeds)


def row(out: pd.DataFrame, aid: str) -> pd.Series:
    return out.set_index("article_id").loc[aid]


def rule_of(removed: pd.DataFrame, aid: str, line_no: int) -> list[str]:
    hits = removed[(removed.article_id == aid) & (removed.line_no == line_no)]
    return hits["rule"].tolist()


def check_invariant(text: str, res) -> None:
    """Every non-blank line is kept (minus audited spans) or audited; kept lines come from it."""
    shown = [display_line(x) for x in text.splitlines()]
    kept = dict(res.kept)
    audited: dict[int, list[str]] = {}
    for line_no, piece, _rule, _reason in res.removed:
        audited.setdefault(line_no, []).append(piece)
    assert set(kept) | set(audited) == {i for i, x in enumerate(shown, 1) if x}
    for line_no, piece in kept.items():
        original = shown[line_no - 1]
        spans = audited.get(line_no, [])
        rest = original
        for span in spans:
            assert span in rest
            rest = rest.replace(span, "", 1)
        assert rest.strip() == piece
        if not spans:
            assert piece == original
    assert res.text_clean == "\n".join(kept[k] for k in sorted(kept))


# ---------------------------------------------------------------------------------------------
# seeds
# ---------------------------------------------------------------------------------------------


def test_output_columns_and_text_untouched(seeds, cleaned):
    out, removed = cleaned
    assert list(out.columns) == ["article_id", "text", "path", "title", "published", "source",
                                 "tags", "text_clean", "text_norm"]
    assert out["text"].tolist() == seeds["text"].tolist()
    assert list(removed.columns) == REMOVED_COLUMNS
    assert removed["line_no"].min() >= 1
    assert (out["text_norm"] == out["text_clean"].map(normalize)).all()


def test_seed_metadata(cleaned):
    out, _ = cleaned
    expected = {
        S000: ("وفد روسي يغادر كوريا الشمالية بعد زيارة استغرقت يومين", "2023-11-17", "الراي"),
        S001: ("كوريا الشمالية تتعهد لمسؤول روسي بأمر “هام”.. فما القصة", None, None),
        S002: (None, None, None),
        S003: ("موسكو تنفي توقيع أي اتفاقية خلال زيارة زعيم كوريا الشمالية إلى روسيا", None, None),
        S004: ("بوتين يقبل دعوة كيم لزيارة كوريا الشمالية", "2023-09-14", "موقع 24"),
    }
    for aid, values in expected.items():
        r = row(out, aid)
        for col, value in zip(("title", "published", "source"), values, strict=True):
            assert (pd.isna(r[col]) if value is None else r[col] == value), (aid, col)
    # tags: '|'-joined; a tag line without separators stays one item (Persian letters kept)
    assert row(out, S000)["tags"] == "کوریا الشمالیة بیونغ یانغ"
    assert row(out, S004)["tags"].startswith("زلزال المغرب التغير المناخي")
    assert pd.isna(row(out, S001)["tags"])
    assert out["title"].dtype == "str"


def test_seed_002_lede_stays_in_body(cleaned):
    out, removed = cleaned
    clean = row(out, S002)["text_clean"]
    assert clean.startswith("وصل وزير الخارجية الروسي سيرغي لافروف إلى بيونغ يانغ، حيث شكر")
    assert "title" not in removed[removed.article_id == S002]["rule"].tolist()


def test_seed_000_footer_and_appended_article(cleaned):
    out, removed = cleaned
    clean = row(out, S000)["text_clean"]
    assert "وعزز البلدان تعاونهما في أعقاب قمة عقدها الزعيم الكوري الشمالي" in clean
    assert clean.endswith("رغم الانتقادات الدولية.")
    for gone in ("تاريخ النشر", "المصدر", "كلمات دلالية", "إقرأ أيضاً", "هضبة الجولان", "لافروف"):
        assert gone not in clean
    assert rule_of(removed, S000, 1) == ["title"]
    assert rule_of(removed, S000, 2) == ["published_line"]
    assert rule_of(removed, S000, 14) == ["source_line"]
    assert rule_of(removed, S000, 15) == ["tags_line"]
    for line_no in range(16, 22):
        assert rule_of(removed, S000, line_no) == ["read_also_footer"]


def test_seed_001_bullets_related_block_and_ui(cleaned):
    out, removed = cleaned
    clean = row(out, S001)["text_clean"]
    assert clean.startswith("تعهد الزعيم الكوري الشمالي كيم جونغ أون، بتعزيز العلاقات مع روسيا")
    assert clean.endswith("مما أدى إلى تمزيق علاقات روسيا مع الغرب.")
    for gone in ("اخبار العالم", "ـ كوريا", "ماسك", "اقرأ أيضا", "مقالات ذات صلة", "زر الذهاب"):
        assert gone not in clean
    assert rule_of(removed, S001, 1) == ["section_label"]
    assert rule_of(removed, S001, 3) == ["title"]
    assert [rule_of(removed, S001, n) for n in (7, 41, 42)] == [["headline_bullet"]] * 3
    assert rule_of(removed, S001, 44) == ["read_also"]
    assert rule_of(removed, S001, 46) == ["read_also"]  # the linked headline after the marker
    assert rule_of(removed, S001, 48) == rule_of(removed, S001, 50) == ["related_articles"]


def test_seed_002_caption_byline_and_footer(cleaned):
    out, removed = cleaned
    clean = row(out, S002)["text_clean"]
    assert "قال الزعيم الكوري الشمالي كيم جونج أون إنه من \"الطبيعي\" تعزيز التعاون" in clean
    for gone in ("الصورة: وكالة فرانس برس", "هوين لو", "[إعلان 2]", "رابط المصدر", "تعليق (0)"):
        assert gone not in clean
    assert rule_of(removed, S002, 6) == ["caption_photo"]
    assert rule_of(removed, S002, 10) == ["byline_agencies"]
    assert rule_of(removed, S002, 11) == ["ad_placeholder"]
    assert rule_of(removed, S002, 12) == ["source_link"]
    assert rule_of(removed, S002, 13) == ["comments_count"]


def test_seed_003_captions_and_toggles(cleaned):
    out, removed = cleaned
    clean = row(out, S003)["text_clean"]
    assert clean.startswith("أكد الكرملين الجمعة عدم توقيع روسيا وكوريا الشمالية أي اتفاقيات")
    assert "وكانت آخر زيارة لرئيس كوريا الشمالية إلى روسيا في نيسان/ أبريل عام 2019." in clean
    for gone in ("سياسة دولية", "جيتي", "اظهار أخبار متعلقة", "التعليقات"):
        assert gone not in clean
    assert rule_of(removed, S003, 5) == rule_of(removed, S003, 6) == ["caption_credit"]
    assert [rule_of(removed, S003, n) for n in (13, 23, 37)] == [["related_toggle"]] * 3
    assert rule_of(removed, S003, 46) == ["comments_count"]


def test_seed_004_tweets_stripped_sentence_kept(cleaned):
    out, removed = cleaned
    clean = row(out, S004)["text_clean"].split("\n")
    assert "وكانت آخر زيارة لبوتين إلى كوريا الشمالية في عام 2000." in clean
    assert "وتعد تلك أول زيارة لرجل كوريا الشمالية القوي إلى روسيا في أربع سنوات." in clean
    text = "\n".join(clean)
    for gone in ("t.co", "pic.twitter", "20fourMedia", "#روسيا", "فريدوم شيلد", "تابع أحدث"):
        assert gone not in text
    assert rule_of(removed, S004, 5) == ["tweet_link_cut"]
    assert rule_of(removed, S004, 11) == ["tweet_photo"]
    span = removed[(removed.article_id == S004) & (removed.line_no == 12)]
    assert span["rule"].tolist() == ["tweet_signature"]
    assert span["text"].tolist() == ["— 24.ae (@20fourMedia) September 13, 2023"]
    assert {rule_of(removed, S004, n)[0] for n in range(18, 25)} == {"read_also_footer"}


def test_seed_invariant(seeds):
    for text in seeds["text"]:
        check_invariant(text, clean_article(text))


def test_sentences_of_seeds(cleaned):
    out, _ = cleaned
    sents = sentences(out)
    assert list(sents.columns) == SENTENCE_COLUMNS
    texts = out.set_index("article_id")["text_clean"]
    for s in sents.itertuples():
        assert texts[s.article_id][s.start:s.end] == s.sentence
    s002 = sents[sents.article_id == S002]
    assert s002["sentence_id"].tolist() == list(range(1, 16))
    assert s002["sentence"].iloc[0].endswith("وصلت إلى مستوى \"استراتيجي\".")
    assert s002["sentence"].iloc[2] == (
        "وقالت وسائل إعلام كورية شمالية إن زيارة لافروف ستشكل \"فرصة مهمة\" لتعزيز العلاقات الثنائية.")


# ---------------------------------------------------------------------------------------------
# hand-made samples
# ---------------------------------------------------------------------------------------------


def test_split_sentences_cases():
    def parts(text):
        return [text[a:b] for a, b in split_sentences(text)]

    assert parts("قال د. أحمد إن النمو بلغ 3.5 في المئة. وأضاف: \"الوضع جيد. نحن متفائلون\". ثم غادر!") == [
        "قال د. أحمد إن النمو بلغ 3.5 في المئة.",
        "وأضاف: \"الوضع جيد. نحن متفائلون\".",
        "ثم غادر!",
    ]
    assert parts("هل انتهى الأمر؟ لا.. ربما... لاحقا") == ["هل انتهى الأمر؟", "لا.. ربما... لاحقا"]
    assert parts("زار موقع بيت.كوم عام 2016. وقال «هذا. وذاك» ثم غادر") == [
        "زار موقع بيت.كوم عام 2016.", "وقال «هذا. وذاك» ثم غادر"]
    assert parts("السطر الأول\n\n  السطر الثاني  ") == ["السطر الأول", "السطر الثاني"]
    assert parts("U.S. officials met Mr. Kim. They left.") == ["U.S. officials met Mr. Kim.", "They left."]
    assert split_sentences("") == []


def test_2018_families_on_hand_made_text():
    text = "\n".join([
        "\ufeffدبي، الإمارات العربية المتحدة (CNN)-- قال مسؤول إن الاجتماع انتهى &quot;بنجاح&quot;.",
        "وأضاف المسؤول أن الجولـــة المقبلة ستعقد في الرياض\u200f.",
        "للمزيد: عنوان مقال آخر عن الاجتماع",
        "وختم بالقول إن المحادثات ستستمر. // انتهى //",
        "------------------------------",
        "يمكنكم استلام إشعارات بأهم الموضوعات عبر تطبيقنا على هاتفكم المحمول.",
        "** جميع المقالات المنشورة تمثل رأي كتابها فقط.",
    ])
    res = clean_article(text)
    assert res.text_clean.split("\n") == [
        "قال مسؤول إن الاجتماع انتهى \"بنجاح\".",
        "وأضاف المسؤول أن الجولـــة المقبلة ستعقد في الرياض.",  # tatweel kept, RLM gone
        "وختم بالقول إن المحادثات ستستمر.",
    ]
    assert [r[2] for r in res.removed] == ["cnn_dateline", "france24_more", "spa_end", "separator",
                                           "bbc_app_promo", "opinion_disclaimer"]
    assert "الجوله المقبله" in normalize(res.text_clean)  # tatweel goes in text_norm
    check_invariant(text, res)


def test_entities_never_become_tags():
    """&lt;img …&gt; stays as written (it must not turn into a live tag in text_clean); other
    entities are decoded, and what they decode to is normalized like the line."""
    assert display_line("&lt;img src=x onerror=alert(1)&gt;") == "&lt;img src=x onerror=alert(1)&gt;"
    assert display_line("&#60;svg onload=alert(1)&#x3E; &LT;b&GT;") == (
        "&#60;svg onload=alert(1)&#x3E; &LT;b&GT;")
    assert display_line("&amp;lt;img&amp;gt; &quot;بنجاح&quot; S&amp;P") == '&lt;img&gt; "بنجاح" S&P'
    assert display_line("الرياض&rlm; bidi-&#x202E;gpj.exe") == "الرياض bidi-gpj.exe"
    text = ("كوريا &lt;img src=x onerror=alert(1)&gt; تطلق صاروخا\n"
            "وقالت وكالة الأنباء إن الإطلاق &lt;svg onload=alert(1)&gt; تم بنجاح في بيونغ يانغ أمس.")
    res = clean_article(text)
    assert "<" not in res.text_clean + res.fields.get("title", "")
    assert "&lt;svg onload=alert(1)&gt;" in res.text_clean
    check_invariant(text, res)


def test_read_also_inside_body_removes_only_the_links():
    text = "\n".join([
        "بدأت المحادثات بين الوفدين في العاصمة صباح اليوم، وفق مصادر رسمية.",
        "اقرأ أيضاً:",
        "الوزير يزور المنطقة الحدودية",
        "",
        "تعرف على أبرز ملفات القمة المقبلة",
        "وأضافت المصادر أن الجولة الثانية ستبدأ بعد الظهر، بمشاركة خبراء من البلدين.",
    ])
    res = clean_article(text)
    assert res.text_clean.split("\n") == [
        "بدأت المحادثات بين الوفدين في العاصمة صباح اليوم، وفق مصادر رسمية.",
        "وأضافت المصادر أن الجولة الثانية ستبدأ بعد الظهر، بمشاركة خبراء من البلدين.",
    ]
    assert [(r[0], r[2]) for r in res.removed] == [(2, "read_also"), (3, "read_also"), (5, "read_also")]


def test_second_cnn_dateline_cuts_the_appended_story():
    text = "\n".join([
        "واشنطن، الولايات المتحدة (CNN) -- أعلن البيت الأبيض عن زيارة مرتقبة.",
        "وقالت المتحدثة إن الموعد لم يحدد بعد.",
        "دبي، الإمارات العربية المتحدة (CNN)-- تراجعت أسعار النفط في قصة أخرى.",
        "وهذا سطر من القصة الأخرى.",
    ])
    res = clean_article(text)
    assert res.text_clean == "أعلن البيت الأبيض عن زيارة مرتقبة.\nوقالت المتحدثة إن الموعد لم يحدد بعد."
    assert [r[2] for r in res.removed] == ["cnn_dateline", "cnn_dateline_again", "cnn_dateline_again"]


def test_duplicates_and_short_repeats():
    text = "\n".join([
        "وصل الوفد إلى العاصمة مساء الأمس في زيارة رسمية.",
        "1-محمد صلاح",
        "وصل الوفد إلى العاصمة مساء الأمس في زيارة رسمية.",
        "1-محمد صلاح",
    ])
    res = clean_article(text)
    assert [(r[0], r[2], r[3]) for r in res.removed] == [(3, "duplicate", "repeats line 1")]
    assert res.text_clean.count("1-محمد صلاح") == 2  # short list items may repeat


def test_given_metadata_wins_and_derived_fills_gaps(seeds):
    frame = seeds.copy()
    frame["title"] = [None, "عنوان من ملف البيانات", None, None, None]
    frame["published"] = ["Sun, 18 Feb 2018 21:35:43 +0400", None, "2023-10-19", None, None]
    frame["source"] = [None, None, None, None, "24.ae"]
    frame["tags"] = [["كوريا", "روسيا"], None, None, None, None]
    out, removed = clean_corpus(frame)
    assert row(out, S000)["published"] == "2018-02-18"  # given (converted to ISO) beats the text
    assert row(out, S000)["source"] == "الراي"  # derived fills the gap
    assert row(out, S000)["tags"] == "كوريا|روسيا"
    assert row(out, S001)["title"] == "عنوان من ملف البيانات"
    # a given title: the headline line is not a title any more, it stays in the body
    assert row(out, S001)["text_clean"].startswith("كوريا الشمالية تتعهد لمسؤول روسي")
    assert row(out, S002)["published"] == "2023-10-19"
    assert row(out, S004)["source"] == "24.ae"
    assert row(out, S004)["published"] == "2023-09-14"


def test_first_line_repeating_given_title_is_removed():
    res = clean_article("عنوان الخبر هنا\nنص الخبر الأول طويل بما يكفي.", title="عنوان الخبر  هنا")
    assert res.text_clean == "نص الخبر الأول طويل بما يكفي."
    assert res.removed == [(1, "عنوان الخبر هنا", "title", "repeats the article's title")]


def test_split_tags():
    assert split_tags("روسيا، كوريا الشمالية، بوتين") == ["روسيا", "كوريا الشمالية", "بوتين"]
    assert split_tags("#روسيا #الصين") == ["روسيا", "الصين"]
    assert split_tags("کوریا الشمالیة بیونغ یانغ") == ["کوریا الشمالیة بیونغ یانغ"]


def test_repeated_lines_across_articles():
    appended = "أعلنت الشركة اليوم عن نتائج الربع الثالث التي فاقت توقعات المحللين في السوق."
    body = "قال المسؤولون إن الاجتماع الذي عقد في العاصمة تناول ملفات الطاقة والتجارة والنقل."
    frame = pd.DataFrame({
        "article_id": ["a", "b", "c", "d", "d2"],
        "title": ["خبر الشركة", "خبر ثان", "خبر ثالث", "خبر رابع", "خبر رابع"],
        "text": [appended, f"سطر أول للخبر الثاني.\n{appended}", f"سطر أول للخبر الثالث.\n{appended}",
                 f"سطر أول للخبر الرابع.\n{body}", f"سطر أول للخبر الرابع.\n{body}"],
    })
    rep = repeated_lines(frame, min_articles=3)
    assert rep == {appended}  # the twice-scraped article 'd' does not count twice
    out, removed = clean_corpus(frame, repeated=rep)
    assert out.set_index("article_id").loc["a", "text_clean"] == appended  # its own lede stays
    assert sorted(removed[removed.rule == "repeated_across_articles"].article_id) == ["b", "c"]


# ---------------------------------------------------------------------------------------------
# rules files
# ---------------------------------------------------------------------------------------------

HEADER = "name,kind,where,target,footer,pattern,reason\n"


def test_default_rules_load():
    rules = load_rules()
    assert {"name", "kind", "where", "pattern", "reason", "file", "row"} <= set(rules.columns)
    assert set(rules["kind"]) == {"field", "cut", "related", "drop", "strip"}
    assert (rules["name"] == "section_label").sum() >= 30
    assert rules["name"][rules["name"] != "section_label"].is_unique


def test_extra_rules_are_appended(tmp_path):
    extra = tmp_path / "my_outlet.csv"
    extra.write_text(HEADER + "exclusive_tag,drop,any,,,^حصري\\s*$,our outlet's 'exclusive' tag\n",
                     encoding="utf-8")
    rules = load_rules(extra=extra)
    assert rules["name"].iloc[-1] == "exclusive_tag"
    res = clean_article("حصري\nوصل الوفد إلى العاصمة مساء الأمس في زيارة رسمية.", rules)
    assert res.removed[0][2] == "exclusive_tag"
    labels = tmp_path / "labels.csv"
    labels.write_text("label\nشؤون كورية\n", encoding="utf-8")
    res = clean_article("شؤون كورية\nوصل الوفد إلى العاصمة مساء الأمس في زيارة رسمية.",
                        load_rules(extra=[extra, labels]))
    assert res.removed[0][2] == "section_label"


@pytest.mark.parametrize(("content", "message"), [
    ("name,kind,reason\nx,drop,r\n", "missing column(s) pattern"),
    (HEADER + "ok,drop,any,,,^a$,fine\nbad_regex,drop,any,,,(unclosed,oops\n",
     "line 3 (rule 'bad_regex'): invalid regex"),
    (HEADER + "odd,erase,any,,,^a$,r\n", "line 2 (rule 'odd'): unknown kind 'erase'"),
    (HEADER + "z,drop,middle,,,^a$,r\n", "unknown where 'middle'"),
    (HEADER + "f,field,any,published,,^date: (.*)$,r\n", "needs a (?P<value>...) group"),
    (HEADER + "f,field,any,weather,,^x(?P<value>.*)$,r\n", "needs a target"),
    (HEADER + "e,drop,any,,,^\\s*$,r\n", "matches an empty line"),
])
def test_bad_rules_file_names_file_and_row(tmp_path, content, message):
    path = tmp_path / "rules.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match="rules.csv") as err:
        load_rules(path)
    assert message in str(err.value)


def test_rules_as_a_dataframe():
    table = pd.DataFrame({"name": ["promo"], "kind": ["drop"], "pattern": ["^حمل تطبيقنا"],
                          "reason": ["app promotion"], "footer": ["no"]})
    res = clean_article("حمل تطبيقنا الآن\nوصل الوفد إلى العاصمة مساء الأمس في زيارة رسمية.", table)
    assert res.removed[0][2] == "promo"
    table.loc[0, "pattern"] = "^(x"
    with pytest.raises(ValueError, match=r"<rules table>, row 1 \(rule 'promo'\): invalid regex"):
        clean_article("x", table)


def test_missing_rules_file_and_bad_input(tmp_path):
    with pytest.raises(ValueError, match="nope.csv"):
        load_rules(tmp_path / "nope.csv")
    with pytest.raises(ValueError, match="no 'text' column"):
        clean_corpus(pd.DataFrame({"article_id": ["a"]}))
    with pytest.raises(ValueError, match="run clean_corpus first"):
        sentences(pd.DataFrame({"article_id": ["a"], "text": ["x"]}))


# ---------------------------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------------------------

FRAGMENTS = [
    "إقرأ أيضاً:", "اقرأ أيضا: عنوان", "المصدر: الراي", "كلمات دلالية: روسيا، الصين",
    "تاريخ النشر: 17th, November 2023 GMT", "- جيتي", "ـ عنوان", "https://t.co/abc", "https://t.",
    "— x (@y) September 13, 2023", "(CNN)--", "// انتهى //", "&quot;", "&#10;", "\u200f", "\ufeff",
    "ﻻ", "ـــ", "مقالات ذات صلة", "تعليق (0)", "للمزيد:", "-----", "قال الوزير. ", "3.5", "«", "\"",
]
ALPHABET = st.sampled_from(list("ابتثجحخدذرسشصضطظعغفقكلمنهوية ءأإآى٠١٢ abcXYZ019.,:؛،؟!?()-—#@/\n\r\u2028\x85\t"))
TEXTS = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(ALPHABET, max_size=12),
                           st.just("\n")), max_size=40).map("".join)


COMPILED = CompiledRules.from_frame(load_rules())
UNPROBED = copy.copy(COMPILED)  # every separate regex tried on every line: the reference
UNPROBED.single = [(i, rule, regex, None) for i, rule, regex, _ in COMPILED.single]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_clean_never_raises_and_keeps_lines_traceable(text):
    res = clean_article(text, COMPILED)
    assert res == clean_article(text, UNPROBED)  # the per-article probe only saves time
    check_invariant(text, res)
    shown = [display_line(x) for x in text.splitlines()]
    for line_no, piece in res.kept:
        if not any(r[0] == line_no for r in res.removed):
            assert piece in shown[line_no - 1]
    for a, b in split_sentences(res.text_clean):
        assert 0 <= a < b <= len(res.text_clean)
        assert res.text_clean[a:b].strip() == res.text_clean[a:b]


# ---------------------------------------------------------------------------------------------
# the 2018 corpus
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_2018(corpus_2018):
    """Every 10th article (≈3,100), deterministic."""
    rows = []
    with gzip.open(corpus_2018, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % 10 == 0:
                rows.append(json.loads(line))
    frame = pd.DataFrame(rows).rename(columns={"id": "article_id", "date": "published"})
    out, removed = clean_corpus(frame)
    return frame, out, removed


def test_2018_boilerplate_gone_bodies_kept(sample_2018):
    frame, out, removed = sample_2018
    lines = out["text_clean"].str.split("\n").explode().dropna()
    for marker in ("يمكنكم استلام إشعارات", "يمكنكم تسلم إشعارات", "للمزيد:", "// انتهى //",
                   "جميع المقالات المنشورة تمثل رأي كتابها", "-----"):
        assert not lines.str.contains(marker, regex=False).any(), marker
    assert not lines.str.contains(r"^[^()]{0,70}\(CNN\)", regex=True).any()
    promo = frame["text"].str.contains("إشعارات بأهم الموضوعات", regex=False)
    assert promo.sum() > 50
    more = frame["text"].str.contains("\nللمزيد:", regex=False)
    assert more.sum() > 20
    kept = out["text_clean"].str.len() / frame["text"].str.len()
    assert (kept >= 0.9).mean() > 0.95
    assert (kept[promo] >= 0.75).mean() > 0.95
    # France24's 'للمزيد:' is one link line: the body after it survives
    assert (kept[more] >= 0.9).mean() > 0.9
    assert set(removed["rule"]) >= {"bbc_app_promo", "france24_more", "cnn_dateline", "separator"}
    assert out["published"].str.match(r"^20[01]\d-\d\d-\d\d$").all()  # RFC 2822 → ISO


def test_2018_no_body_emptied(sample_2018):
    frame, out, _ = sample_2018
    emptied = frame[out["text_clean"].str.strip() == ""]
    for text in emptied["text"]:  # only texts that were nothing but boilerplate
        assert len([x for x in text.splitlines() if x.strip()]) <= 2, text


def test_2018_invariant_and_sentences(sample_2018):
    frame, out, _ = sample_2018
    for text in frame["text"].iloc[::10]:
        res = clean_article(text, COMPILED)
        check_invariant(text, res)
        assert res == clean_article(text, UNPROBED)
    sents = sentences(out.iloc[::10])
    texts = out.set_index("article_id")["text_clean"]
    assert all(texts[s.article_id][s.start:s.end] == s.sentence for s in sents.itertuples())
    assert sents.groupby("article_id").size().median() >= 4


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_clean_takes_arbitrary_unicode(text):
    res = clean_article(text)
    check_invariant(text, res)
    assert normalize(res.text_clean) == normalize(normalize(res.text_clean))


def test_long_line_is_a_paragraph_not_furniture():
    # An article without line breaks (or a 10 MB dump) holding a tweet link must not be dropped
    # whole by the tweet rule: only strip rules apply beyond LINE_RULE_MAX_CHARS.

    body = (SEEDS / "004_3172a6992104bb80.txt").read_text(encoding="utf-8").split("\n")[3]
    long = " ".join([body] * (LINE_RULE_MAX_CHARS // len(body) + 2)) + " pic.twitter.com/abc"
    assert len(long) > LINE_RULE_MAX_CHARS
    res = clean_article("عنوان الخبر\n" + long)
    assert res.text_clean == long and [r[2] for r in res.removed] == ["title"]
    short = clean_article("عنوان الخبر\n" + body + "\n" + body[:80] + " pic.twitter.com/abc")
    assert [r[2] for r in short.removed] == ["title", "tweet_photo"]


def test_cleaning_in_chunks_with_progress_equals_one_call(capsys):
    from marsad.corpus import load_corpus
    from marsad.pipeline import clean_in_chunks

    raw = load_corpus(SEEDS).articles
    whole, removed = clean_corpus(raw)
    chunked, chunked_removed = clean_in_chunks(raw, chunk_size=2, progress=True)
    pd.testing.assert_frame_equal(whole, chunked)
    pd.testing.assert_frame_equal(removed, chunked_removed)
    assert len(chunked_removed) > 20


def test_invisible_mark_between_cr_and_lf_keeps_line_numbers():
    # found by hypothesis: removing U+200F must not turn "\r\u200f\n" into one line break
    text = "عنوان\r\u200f\nإقرأ أيضاً:"
    res = clean_article(text)
    check_invariant(text, res)
    assert res.kept == [(1, "عنوان")] and [r[0] for r in res.removed] == [3]
