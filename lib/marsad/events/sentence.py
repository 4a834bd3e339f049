"""One sentence as the role finder reads it: its tokens (with the gap before each and the cue
classes each belongs to), its actor phrases (gazetteer names extended over their titles and
prepositions, coordinated names grouped) and its triggers (checked against their rules)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from marsad.clitics import CONJUNCTIONS
from marsad.events.entities import Entity, _gazetteer_index, _person_titles
from marsad.events.lexicon import (
    _CLITICS,
    Lexicon,
    Rule,
    _bare_form_in,
    _clitic_readings,
    _TriggerForm,
)
from marsad.gazetteer import EntityMention
from marsad.word_classes import word_kind

_TOKEN = re.compile(r"[^\W_]+")
_HARD = re.compile(r"[.!?؟؛;:\n]")
_SOFT = re.compile(r"[،,]")


@dataclass(slots=True)
class _Token:
    start: int
    end: int
    text: str
    gap: str  # "hard", "soft" or "" between the previous token and this one
    title: bool = False
    clitic: str = ""  # proclitics of a title word (و ل ب …)
    prep: str = ""  # the preposition this token is (normalized), if any
    clause: bool = False
    relative: bool = False
    light: bool = False
    adverb: bool = False
    negation: bool = False
    target: bool = False  # a target head (مواقع، تجمعات): titles' reading, never an agent
    in_date: bool = False


@dataclass
class _Argument:
    entity: Entity
    kind: str  # name, adjective, short
    first: int  # first token of the phrase (titles included)
    last: int  # last token (inclusive)
    prep: str = ""
    conj: bool = False
    titled: bool = False
    target: bool = False  # the phrase starts with a target head (مواقع الحوثيين): not an agent
    group: list[int] = field(default_factory=list)  # coordinated args (indices, self included)
    surface: str | None = None  # the matched (normalized) text


def adjective_gender(arg: _Argument) -> str:
    """The gender a nationality adjective agrees in: ``f`` (الروسية), ``m`` (الروسي) or ``""``
    (a plural, or no surface)."""
    surface = arg.surface or ""
    return "f" if surface.endswith("يه") else "m" if surface.endswith("ي") else ""


@dataclass
class _Trigger:
    tok: int
    rule: Rule
    form: _TriggerForm
    pre: str
    absorbed_by: int | None = None
    absorbed: list[int] = field(default_factory=list)


def _word_info(text: str, cues: dict[str, frozenset[str]]) -> tuple:
    """The cue flags of a word, in :class:`_Token` field order from ``title`` to ``target``
    (a target head reads as a title too)."""
    bases = _clitic_readings(text)  # read once; each test below is _bare_form_in(text, …) on these readings

    def first(words: frozenset[str]) -> tuple[str, str] | None:
        return next(((p, b) for p, b in bases if b in words), None)

    target = first(cues.get("target", frozenset()))
    title = target or first(cues["title"])
    prep = first(cues["preposition"])
    return (
        title is not None, title[0] if title else "",
        prep[1] if prep is not None and not prep[0].lstrip(CONJUNCTIONS) else "",
        any(b in cues["clause"] for p, b in bases if p in ("", *CONJUNCTIONS)),
        first(cues["relative"]) is not None,
        first(cues["light"]) is not None,
        first(cues["adverb"]) is not None,
        any(b in cues["negation"] for p, b in bases if p in ("", "و")),
        target is not None,
    )


def _gap_kind(gap: str) -> str:
    """What separates two tokens: ``hard`` (. ! ? ؛ : newline), ``soft`` (a comma) or ``""``."""
    return "" if gap == " " else ("hard" if _HARD.search(gap) else
                                  "soft" if _SOFT.search(gap) else "")


_GAP_KINDS: dict[str, str] = {}  # cache of _gap_kind (gaps are few distinct short strings)


_DELEGATION_HEAD = frozenset({"الوفد"})


class _Sentence:
    """Tokens, actor phrases and triggers of one sentence (normalized article coordinates)."""

    def __init__(self, lex: Lexicon, norm: str, start: int, end: int,
                 mentions: list[EntityMention], hits: list[re.Match],
                 delegations: list[tuple[int, str]], original=None):
        self.lex = lex
        self.original = original  # (text, Offsets) to read diacritics, if any
        cues = lex.cues
        self._veto: dict[tuple[str, ...], bool] = {}
        self.text = norm[start:end]
        self.toks: list[_Token] = []
        append = self.toks.append
        prev_end = start
        words = lex.word_info
        gaps = _GAP_KINDS
        for m in _TOKEN.finditer(norm, start, end):
            a, b = m.span()
            gap = norm[prev_end:a]
            kind = gaps.get(gap)
            if kind is None:
                kind = _gap_kind(gap)
                if len(gaps) < 10_000:
                    gaps[gap] = kind
            text = m.group()
            info = words.get(text)
            if info is None:
                info = words[text] = _word_info(text, cues)
            append(_Token(a, b, text, kind, *info))
            prev_end = b
        self.starts = [t.start for t in self.toks]
        self.trigs = self._triggers(hits)
        # a sentence without triggers yields nothing, whatever its actors
        self.args = self._args(mentions, delegations) if self.trigs else []

    def tok_at(self, pos: int) -> int:
        """Index of the token containing (or following) normalized position ``pos``."""
        i = bisect_right(self.starts, pos) - 1
        if i >= 0 and self.toks[i].end > pos:
            return i
        return i + 1

    def passive(self, trig: _Trigger) -> bool:
        """A past verb written with a damma on its first letters (اتُّهمت، أُلغيت، وُقّعت) is
        passive. Most news text carries no diacritics; then the verb is read as active."""
        if self.original is None or trig.rule.pos != "verb":
            return False
        text, off = self.original
        tok = self.toks[trig.tok]
        a, b = off.original(tok.start), off.original(tok.end - 1) + 1
        word = text[a:b + 2]
        letters = 0
        for ch in word:
            if ch == "\u064f":
                return letters <= 3 + len(trig.pre)
            if ch.isalpha() and not ("\u064b" <= ch <= "\u065f"):
                letters += 1
                if letters > 3 + len(trig.pre):
                    return False
        return False

    def vetoed(self, classes: tuple[str, ...]) -> bool:
        """Does the sentence contain a word of one of the cue ``classes`` (sports words …)?"""
        if classes not in self._veto:
            self._veto[classes] = any(self.lex.cue_search(name, self.text) for name in classes)
        return self._veto[classes]

    def near(self, t: int, classes: tuple[str, ...], window: int) -> bool:
        """Is a word of one of the cue ``classes`` within ``window`` words of token ``t``?"""
        lo, hi = max(0, t - window), min(len(self.toks), t + window + 1)
        return any(self.lex.has_cue(self.toks[i].text, name)
                   for i in range(lo, hi) if i != t for name in classes)

    # -- actor phrases ----------------------------------------------------------------------
    def _args(self, mentions: list[EntityMention],
              delegations: list[tuple[int, str]]) -> list[_Argument]:
        gaz = _gazetteer_index()
        raw: list[_Argument] = []
        for m in mentions:
            first, last = self.tok_at(m.start), self.tok_at(max(m.start, m.end - 1))
            if first >= len(self.toks):
                continue
            raw.append(_Argument(gaz.by_id[m.entity_id], m.kind, first, last,
                            prep=m.prefix.lstrip(CONJUNCTIONS), conj=m.prefix[:1] == "و",
                            surface=m.surface))
        if delegations:  # الوفد with no nationality of its own: the last one named with one
            named = {a.first - 1 for a in raw if a.kind == "adjective"}
            for i, tok in enumerate(self.toks):
                # every reading of a token (_clitic_readings) that is الوفد leaves لوفد in the token
                if "لوفد" not in tok.text or i in named:
                    continue
                hit = _bare_form_in(tok.text, _DELEGATION_HEAD)
                k = bisect_left(delegations, (tok.start,))  # delegations before it: in text order
                if hit and k and delegations[k - 1][1] in gaz.country_of_iso:
                    raw.append(_Argument(gaz.country_of_iso[delegations[k - 1][1]], "adjective", i, i,
                                    prep=hit[0].lstrip(CONJUNCTIONS), conj=hit[0][:1] == "و"))
        raw.sort(key=lambda a: (a.first, a.last))
        args: list[_Argument] = []
        for arg in raw:
            prev = args[-1] if args else None
            if prev is not None and arg.first <= prev.last:
                continue
            if prev is not None and self._joins(prev, arg):
                if arg.entity.type in ("person", "city", "place"):
                    # الرئيس الروسي فلاديمير بوتين → Putin; العاصمة الفنلندية هلسنكي → Helsinki
                    arg.first, arg.prep, arg.conj, arg.titled = (prev.first, prev.prep,
                                                                 prev.conj, True)
                    args[-1] = arg
                continue  # مدينة بيرم الروسية: the adjective belongs to the name before it
            args.append(arg)
        names = {k for a in args for k in range(a.first, a.last + 1)}
        for arg in args:
            self._phrase_start(arg, names)
        trig_toks = {t.tok for t in self.trigs}
        kept: list[_Argument] = []
        for a in args:
            follows = bool(kept) and a.kind == kept[-1].kind == "adjective" \
                and a.first == kept[-1].last + 1 and a.first == a.last
            # الطائرات الروسية والسورية: the second nationality is the title's too; قمة روسية
            # إيرانية تركية: each nationality after an event noun is a side of it
            if self._actor_like(a, trig_toks) or follows and (
                    a.conj and kept[-1].titled or self._after_event(kept, len(kept) - 1,
                                                                    trig_toks)):
                kept.append(a)
        args = kept
        for j in range(1, len(args)):
            a, b = args[j - 1], args[j]
            sides = a.kind == b.kind == "adjective" and b.first == a.last + 1 \
                and self._after_event(args, j - 1, trig_toks)
            if (b.conj or sides) and b.first == a.last + 1 and self.toks[b.first].gap != "hard" \
                    and (not b.prep or b.prep == a.prep):
                b.prep = a.prep
                a.group = a.group or [j - 1]
                a.group.append(j)
                b.group = a.group
        for j, arg in enumerate(args):
            if not arg.group:
                arg.group = [j]
        return args

    @staticmethod
    def _after_event(args: list[_Argument], j: int, trig_toks: set[int]) -> bool:
        """Is ``args[j]`` in a run of nationality adjectives, one right after the other, whose
        first stands right after an event noun (قمة روسية إيرانية، مباحثات سعودية أمريكية)?"""
        def bare(a: _Argument) -> bool:  # one word, not the end of a title (السلطات الإيرانية)
            return a.kind == "adjective" and a.first == a.last

        if not bare(args[j]):
            return False
        while j > 0 and bare(args[j - 1]) and args[j - 1].last + 1 == args[j].first:
            j -= 1
        return args[j].first - 1 in trig_toks

    def _actor_like(self, arg: _Argument, trig_toks: set[int]) -> bool:
        """A nisba adjective is an actor after a title (الرئيس الروسي، وفدا روسيا، الجيش الروسي),
        after an event noun (الزيارة الروسية) or as a plural noun (الروس، البريطانيون); not
        after other nouns (وسائل إعلام كورية، الاعتراف الأميركي، للشعب الأمريكي)."""
        if arg.kind != "adjective" or arg.titled or arg.entity.type == "org":
            return True
        if arg.first - 1 in trig_toks:
            return True
        if arg.first > 0 and word_kind(self.toks[arg.first - 1].text) == "number":
            return True  # 29 فلسطينيا، ثلاثة سعوديين: a counted people (digits included)
        if arg.surface is None:  # الوفد resolved to a nationality
            return True
        return not arg.surface.endswith(("ي", "يه", "يا", "ه"))

    def _joins(self, prev: _Argument, arg: _Argument) -> bool:
        """Are ``prev`` and ``arg`` one actor phrase?"""
        between = self.toks[prev.last + 1:arg.first]
        if any(t.gap == "hard" for t in self.toks[prev.last + 1:arg.first + 1]):
            return False
        if arg.kind == "adjective" and not between and prev.kind == "name" \
                and prev.entity.type in ("city", "place", "org") and not arg.conj:
            return True  # مدينة بيرم الروسية، وكالة إنترفاكس الروسية
        if arg.entity.type in ("city", "place") and prev.kind == "adjective" and not between \
                and not arg.conj and prev.first > 0 and self.toks[prev.first - 1].title:
            return True  # العاصمة الفنلندية هلسنكي، مدينة الحديدة اليمنية … : the town is named
        if arg.entity.type == "person" and not arg.conj and len(between) <= 2 \
                and all(t.title for t in between) and not self._body_before(prev, arg):
            same = prev.entity.country and prev.entity.country == arg.entity.country
            titled = prev.first > 0 and self.toks[prev.first - 1].title
            # الرئيس الروسي فلاديمير بوتين، وزيرة خارجية كوريا الشمالية تشوي سون هوي (not: في
            # كوريا الشمالية كيم وشويغو — a country joins a person only after a title)
            return prev.kind == "adjective" or (prev.entity.type == "country" and bool(same)
                                                and titled)
        return False

    def _body_before(self, prev: _Argument, arg: _Argument) -> bool:
        """Is ``prev`` a plural people (اعتقل الأمريكيون صدام حسين) or a feminine nationality
        adjective of a body, not of a person's title, before a man's name — they act on him
        (استدعت الشرطة النيجيرية دونالد ترامب), it is not his title (المستشارة الألمانية
        أنغيلا ميركل، الرئيس الروسي فلاديمير بوتين)?"""
        if prev.kind != "adjective":
            return False
        if (prev.surface or "").endswith(("ون", "ين")):
            return True
        if adjective_gender(prev) != "f":
            return False
        head = _clitic_readings(self.toks[prev.first].text)
        return not any(base in _person_titles() for _, base in head) \
            and self.lex.entity_gender.get(arg.entity.id) != "f"

    def _phrase_start(self, arg: _Argument, names: set[int]) -> None:
        """Extend a name back over its titles and read the preposition or و before it."""
        i, steps, owned = arg.first, 0, False
        while i > 0 and steps < 4 and i - 1 not in names and self.toks[i].gap != "hard":
            back = self._head_words(i)
            if not back and i == arg.first and arg.prep == "ل" and self._belongs(i):
                back, owned = 2, True  # طائرات تابعة للتحالف: the coalition's aircraft
            if not back and i == arg.first and arg.prep == "ل":
                back = self._described_target(i)  # مخازن أسلحة لميليشيات الحوثي
            if not back:
                break
            i -= back
            steps += 1
            arg.target = arg.target or self.toks[i].target
        if i != arg.first:
            arg.first, arg.titled = i, True
            clitic = self.toks[i].clitic
            arg.conj = arg.conj or clitic[:1] == "و"
            # the ل on the name after a target head or تابعة is its genitive (مواقع لميليشيات
            # الحوثي، طائرات تابعة للتحالف): the phrase's preposition is only what stands
            # before the head (not after a title: قال المتحدث لوكالة فرانس برس)
            genitive_l = (arg.target or owned) and arg.prep == "ل"
            arg.prep = clitic.lstrip(CONJUNCTIONS) or ("" if genitive_l else arg.prep)
        before = arg.first - 1
        if before >= 0 and self.toks[arg.first].gap != "hard" and before not in names:
            if self.toks[before].prep:
                arg.prep = self.toks[before].prep
            elif self.toks[before].text == "و":
                arg.conj = True

    def _belongs(self, i: int) -> bool:
        """Does the name at token ``i`` (with ل) follow a word of belonging after a head
        (طائرات تابعة للتحالف، القوات التابعة للنظام: ``belonging`` in event_cues.csv)?"""
        toks = self.toks
        return (i > 1 and not toks[i].gap and not toks[i - 1].gap and toks[i - 2].title
                and self.lex.in_class(toks[i - 1].text, "belonging"))

    def _described_target(self, i: int) -> int:
        """How many words before the name at token ``i`` (with ل) a target head stands when one
        or two plain words describe it (مخازن أسلحة لميليشيات الحوثي، غرفة عمليات عسكرية
        للميليشيات، مواقع عسكرية للحوثيين): that many, else 0 — a preposition, a comma or a
        title between ends the phrase."""
        toks = self.toks
        for back in (2, 3):
            if i - back < 0 or any(toks[k].gap for k in range(i - back + 1, i + 1)):
                return 0
            if toks[i - back + 1].prep or toks[i - back + 1].title:
                return 0
            if toks[i - back].target:
                return back
        return 0

    def _head_words(self, i: int) -> int:
        """How many words before token ``i`` belong to its actor phrase's head: a title or
        head (الرئيس، مقاتلات، مواقع) is one; ``و`` between two heads (مواقع و تجمعات) and a
        partitive with من (عدد من مواقع) are two; anything else ends the phrase (0)."""
        toks = self.toks
        prev = toks[i - 1]
        if prev.title:
            return 1
        if i > 1 and not prev.gap and not toks[i].gap:
            if prev.text == "و" and toks[i].title and toks[i - 2].title:
                return 2
            if prev.text == "من" and self.lex.in_class(toks[i - 2].text, "partitive"):
                return 2
        return 0

    # -- triggers ---------------------------------------------------------------------------
    def _triggers(self, hits: list[re.Match]) -> list[_Trigger]:
        lex = self.lex
        out: list[_Trigger] = []
        for m in hits:
            form = lex.forms[m.group("form")]
            pre = m.group("pre") or ""
            t = self.tok_at(m.start("form"))
            if t >= len(self.toks):
                continue
            before = self.toks[t - 1].text if t and not self.toks[t].gap else ""
            if self.toks[t].text in lex.cues["not_trigger"]:
                continue
            if t + 1 < len(self.toks) and not self.toks[t + 1].gap \
                    and lex.in_class(self.toks[t + 1].text, "figurative"):
                continue  # شنوا هجوما حادا على الوزير: words, not a strike
            after_prep = bool(t and self.toks[t - 1].prep and not self.toks[t].gap)
            for rid in form.rule_ids:
                rule = lex.rules[rid]
                if pre not in _CLITICS[rule.pos]:
                    continue
                if after_prep and rule.pos != "noun":
                    continue  # عن دعم، في نقل: after a preposition it is a noun
                if rule.vetoed_by and self.vetoed(rule.vetoed_by):
                    continue
                if before and _bare_form_in(before, rule.not_after):
                    break
                if rule.requires and not all(self.near(t, group, rule.window)
                                             for group in rule.requires):
                    continue
                out.append(_Trigger(t, rule, form, pre))
                break
        for i, a in enumerate(out):  # دعا X لزيارة Y، قبل الدعوة، ألغى القمة
            if not a.rule.absorbs or a.absorbed_by is not None:
                continue
            for j in range(i + 1, len(out)):
                b = out[j]
                if b.tok - a.tok > a.rule.window + 2:
                    break
                if (b.rule.action, b.rule.mode) in a.rule.absorbs and b.absorbed_by is None:
                    b.absorbed_by = i
                    a.absorbed.append(j)
        return out
