"""Who did what to whom, where: the actors, location and status of every trigger of one
sentence (:class:`_Roles`), as :class:`_Event` records."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from marsad.clitics import ARTICLE, CONJUNCTIONS, LAM, PREPOSITIONS, proclitics_before_article
from marsad.dates import DateMention
from marsad.events.entities import Entity, _gazetteer_index
from marsad.events.lexicon import _CONJUNCTIONS, _clitic_readings
from marsad.events.sentence import _Argument, _Sentence, _Trigger, adjective_gender
from marsad.keywords import reference_count
from marsad.word_classes import word_kind


@dataclass
class _Event:
    trig: _Trigger
    actor1: list[Entity]
    actor2: list[Entity]
    location: Entity | None
    status: str
    subject_found: bool
    date: DateMention | None = None
    inherited: bool = False  # the agent was taken from the previous event of the sentence
    own_object: bool = False
    to_place: bool = False  # the recipient is a named place (وصل إلى بيونغ يانغ), not a person


class _Roles:
    """Finds actors, location and status of every trigger of one sentence."""

    MAX_AFTER = 6  # VSO: the subject starts within this many words after the verb
    MAX_OBJECT = 10  # the recipient starts within this many words after the trigger
    MAX_BEFORE = 8  # a noun's agent ends within this many words before it
    ACCUSE_SCOPE = 15  # words after اتهم in which an act is the one alleged
    DENY_SCOPE = 12  # words after نفى in which an act is the one denied
    MAX_PLACE = 7  # a place after في / ب is the event's within this many words
    MAX_BARE_GAP = 3  # a direct object starts within this many content words after the subject
    SPECULATION = 12  # words before an event in which ربما، يشتبه … make it alleged
    CONDITION = 4  # words before an event in which إذا، لو … make it hypothetical

    def __init__(self, s: _Sentence):
        self.s = s
        self.lex = s.lex
        self.used_as_object: set[int] = set()
        self.genitives: set[int] = set()  # names that are the genitive of an event noun

    def clause(self, t: int, verb: bool) -> tuple[int, int]:
        """Token range of the clause around ``t`` (``أن``, ``حيث``… and ``. ؛ :`` bound it;
        relative pronouns also bound a verb's clause)."""
        toks = self.s.toks
        cs = t
        while cs > 0 and toks[cs].gap != "hard" and not toks[cs - 1].clause \
                and not (verb and toks[cs - 1].relative):
            cs -= 1
        ce = t + 1
        while ce < len(toks) and toks[ce].gap != "hard" and not toks[ce].clause \
                and not (verb and toks[ce].relative):
            ce += 1
        return cs, ce

    def next_trigger(self, own: int) -> int:
        """Token of the next trigger after trigger ``own`` that it does not absorb."""
        trigs = self.s.trigs
        for j in range(own + 1, len(trigs)):
            if trigs[j].absorbed_by != own and trigs[j].tok > trigs[own].tok:
                return trigs[j].tok
        return len(self.s.toks)

    def gender(self, arg: _Argument) -> str:
        if arg.kind == "adjective" and arg.surface:
            # the adjective agrees with its head: الرئيس الروسي (m), القوات السعودية (f)
            return adjective_gender(arg)
        if arg.titled or arg.kind != "name":
            return ""
        e = arg.entity
        if e.id in self.lex.entity_gender:
            return self.lex.entity_gender[e.id]
        return {"person": "m", "country": "f", "city": "f"}.get(e.type, "")

    def agrees(self, trig: _Trigger, arg: _Argument) -> bool:
        verb, noun = trig.form.gender, self.gender(arg)
        return not (verb and noun and verb != noun)

    # -- all triggers -----------------------------------------------------------------------
    def all_events(self) -> list[_Event]:
        events: list[_Event] = []
        accused: list[tuple[int, list[Entity]]] = []
        denied: list[tuple[int, list[Entity]]] = []
        prev_subject: list[Entity] = []
        for ti, trig in enumerate(self.s.trigs):
            if trig.absorbed_by is not None:
                continue
            ev = self.event_for(ti, prev_subject, accused, denied)
            events.append(ev)
            if ev.subject_found:
                prev_subject = ev.actor2 if trig.rule.swapped else ev.actor1
            if trig.rule.action == "ACCUSE":
                accused.append((trig.tok, ev.actor2, trig.rule.mode == "allege"))
            if (trig.rule.action, trig.rule.mode) == ("REJECT", "deny"):
                denied.append((trig.tok, ev.actor1))
        for i, ev in enumerate(events):
            # دعا كيم بوتين لزيارة … وقبل الرئيس الروسي الدعوة: accepted from the inviter
            if (ev.trig.rule.action, ev.trig.rule.mode) == ("AGREE", "accept") and not ev.actor2:
                for prev in reversed(events[:i]):
                    if (prev.trig.rule.action, prev.trig.rule.mode) == ("AGREE", "invite") \
                            and prev.actor1 and prev.actor1 != ev.actor1:
                        ev.actor2 = list(prev.actor1)
                        ev.location = ev.location or prev.location
                        break
        for a, b in zip(events, events[1:], strict=False):
            # امتدحت إسرائيل قرار انسحاب ترامب، أدانت مصر الهجوم الذي شنته إسرائيل: a
            # judgement of an act is of the one who acts
            if a.trig.rule.action in ("ACCUSE", "SUPPORT") and not a.actor2 and b.actor1 \
                    and b.actor1 != a.actor1 and b.trig.rule.pos == "noun" \
                    and self.judged_act(a, b):
                a.actor2 = list(b.actor1)
        for a, b in zip(events, events[1:], strict=False):
            # زيارة … واجتماعه مع …: coordinated event nouns share a missing agent
            if (not a.actor1 and b.actor1 and b.trig.pre[:1] == "و" and not a.trig.rule.swapped
                    and not b.trig.rule.swapped and b.trig.tok - a.trig.tok <= 6
                    and a.trig.rule.pos == b.trig.rule.pos == "noun" and a.status == b.status):
                a.actor1 = list(b.actor1)
        return events

    def event_for(self, ti: int, prev_subject: list[Entity], accused, denied) -> _Event:
        s = self.s
        trig = s.trigs[ti]
        rule, t = trig.rule, trig.tok
        verb = rule.pos != "noun"
        cs, ce = self.clause(t, verb)
        stop = min(self.next_trigger(ti), len(s.toks))
        args = s.args
        status, scope_agent, warned, judged = rule.status, None, "", False
        for tok, agent in reversed(denied):  # نفى … تزويد: the denied act, by the denier
            if 0 < t - tok <= self.DENY_SCOPE and self.in_scope(tok, ti):
                status, scope_agent = "denied", agent
                break
        else:
            warned = self.threatened(ti)
            if warned:
                status = "hypothetical"  # هدد ترامب بالانسحاب، حذر من هجوم: not (yet) done
                if warned == "warn":
                    prev_subject = []  # حذرت تركيا من هجوم: the attack is not Turkey's
            # اتهم X بتقديم …: the alleged act, by the accused (أدان إطلاق …: a real launch);
            # which acts: accused_act of event_types.csv
            for tok, agent, alleged in reversed(accused):
                if 0 < t - tok <= self.ACCUSE_SCOPE and rule.accused_act \
                        and self.in_scope(tok, ti):
                    status = "alleged" if alleged else status
                    scope_agent = agent or None
                    # no one named as accused (أدانت مصر الهجوم الذي شنته إسرائيل): an event
                    # noun may still name its own agent after it, never the judge's
                    judged = not agent
                    break
        if verb:
            subj, obj = self.verb_roles(trig, cs, ce, stop,
                                        agents=scope_agent is None and not judged)
        else:
            subj, obj = self.noun_roles(trig, cs, ce, stop, agents=scope_agent is None,
                                        framed=warned != "warn" and not judged)
        if not subj and rule.subject_preps:  # توريد أسلحة من X إلى Y، دعوة من X
            for j, a in enumerate(args):
                marker = s.toks[a.first - 1].text if a.first and not s.toks[a.first].gap else ""
                if t < a.first < stop and j not in obj and (
                        a.prep in rule.subject_preps or marker in rule.subject_preps):
                    subj = list(a.group)  # … or a word: مقتل X برصاص Y، على يد Y
                    break
        location: Entity | None = None
        for j in trig.absorbed:  # دعا X لزيارة Y; قبل الدعوة من X; تلبية لدعوة X
            inner = s.trigs[j]
            ics, ice = self.clause(inner.tok, False)
            isubj, iobj = self.noun_roles(inner, ics, ice, len(s.toks), agents=False)
            if inner.rule.action == "CONSULT" and iobj:
                location = self.place_of(args[iobj[0]])
                self.used_as_object.update(iobj)
            elif inner.rule.action == "AGREE" and not obj and isubj and set(isubj) != set(subj):
                obj = isubj
        participants = rule.symmetric and bool(obj) and all(args[j].prep == "بين" for j in obj)
        if participants:  # الاجتماع بين بوتين وكيم: both sides are in the بين phrase
            subj, obj = obj[:1], obj[1:]
        a1: list[Entity] = []
        for j in subj:
            actor, place = self.actor_or_place(args[j], False)
            if place is not None and args[j].entity.type == "place":
                location = location or place  # قصر كومسوسان الذي استضاف …: a place is where
            if actor is not None:
                a1.append(actor)
        inherited = False
        if not subj:
            if scope_agent is not None:
                a1 = list(scope_agent)
            elif prev_subject and not judged and not self.plural_possessive(trig) and not (
                    t > 0 and s.toks[t - 1].prep and self.replies_to(t - 1)) and not (
                    rule.pos == "noun" and not trig.form.pronoun and t > 0
                    and s.toks[t - 1].clause):
                # (not a noun right after أن/بأنه: وصفته الصحيفة بأنه احتجاز — what the paper
                # calls it, not what it did; but أعلن أن لقاءه ب…: his meeting)
                a1, inherited = list(prev_subject), True
        a2: list[Entity] = []
        for j in obj:
            actor, place = self.actor_or_place(args[j], rule.destination, as_object=True)
            if actor is not None:
                a2.append(actor)
            if place is not None and location is None:
                location = place
        self.used_as_object.update(obj)
        if rule.symmetric and len(a1) > 1 and not a2:
            a1, a2 = a1[:1], a1[1:]  # عقد كيم وبوتين قمة
        if location is None and rule.located:
            anchor = max([t] + [args[j].last for j in subj + obj if args[j].last > t])
            location = self.location(anchor, cs, ce, set(subj) | set(obj), t)
        if rule.swapped:
            a1, a2 = a2, a1
        to_place = any(args[j].kind == "name" and args[j].entity.type in ("country", "city",
                                                                          "place") for j in obj)
        return _Event(trig, _unique(a1), _unique(a2), location,
                      self.status(trig, cs, status), bool(subj), inherited=inherited,
                      own_object=bool(obj), to_place=to_place)

    def in_description(self, t: int, tok: int) -> bool:
        """Does token ``tok`` (a date, a place) stand in a description of another noun than the
        event at ``t`` — how an agreement or a text came to be (class ``described`` of
        event_cues.csv)? After the event: a participle (الاتفاق الموقع عام 2015، والمبرم في
        فيينا), or a relative clause of such a verb after a preposition (انسحب من الاتفاق الذي
        تم التوصل إليه في 2015); a relative right after the event, with no preposition between,
        describes the event itself (القمة التي عقدت الثلاثاء). Before the event: a relative
        clause of such a verb holding ``tok`` (بالاتفاق الذي أبرمته الدول الكبرى في 2015 …
        إمكانية انسحاب الولايات المتحدة)."""
        toks, lex = self.s.toks, self.lex

        def described_after(k: int, end: int) -> bool:  # the verb of the relative at k
            verb = k + 2 if k + 2 < end and (toks[k + 1].light or toks[k + 1].text == "تم") \
                else k + 1  # الذي تم التوصل إليه
            return verb < end and lex.in_class(toks[verb].text, "described")

        if tok < t:
            return any(toks[k].relative and described_after(k, tok) for k in range(tok))
        for k in range(t + 1, tok):
            if toks[k].relative:
                if described_after(k, tok) and any(
                        toks[j].prep or proclitics_before_article(toks[j].text).lstrip(CONJUNCTIONS)
                        for j in range(t + 1, k)):
                    return True  # ندد ترامب بالاتفاق الذي أبرمته … في 2015
            elif lex.in_class(toks[k].text, "described") \
                    and toks[k].text.lstrip(CONJUNCTIONS).startswith(ARTICLE):
                return True
        return False

    def threatened(self, ti: int) -> str:
        """The mode of the threat or warning right before event noun ``ti`` when the noun is
        what it threatens (هدد ترامب بالانسحاب، حذرت من هجوم، لوّح بفرض عقوبات: the noun
        follows the threat verb with ب or من, only names or adverbs between), else ''."""
        s = self.s
        trig = s.trigs[ti]
        if trig.rule.pos != "noun" or ti == 0:
            return ""
        head = s.trigs[ti - 1]
        if head.rule.action != "THREATEN" or head.rule.pos == "noun":
            return ""
        after_min = s.toks[trig.tok - 1].text == "من"  # حذرت من هجوم، من الهجوم
        marked = after_min or trig.pre.lstrip(CONJUNCTIONS)[:1] == "ب"  # هدد بالانسحاب
        between = range(head.tok + 1, trig.tok - 1 if after_min else trig.tok)
        governed = marked and not any(s.toks[k].gap for k in range(head.tok + 1, trig.tok + 1)) \
            and all(self.in_name(k) or s.toks[k].adverb for k in between)
        return head.rule.mode if governed else ""

    def in_scope(self, head: int, ti: int) -> bool:
        """Is trigger ``ti`` inside the accusation/denial at token ``head``: no hard boundary and
        no new و-verb between them (نفت روسيا … وطالبت بريطانيا: the demand is not denied)?"""
        s = self.s
        t = s.trigs[ti].tok
        if any(s.toks[k].gap == "hard" for k in range(head + 1, t + 1)):
            return False
        return not any(head < x.tok <= t and x.rule.pos != "noun" and x.pre[:1] in _CONJUNCTIONS
                       for x in s.trigs)

    def plural_possessive(self, trig: _Trigger) -> bool:
        """زيارتهما، لقاءاتهم: "their" visit of an asymmetric event has no single agent."""
        text = self.s.toks[trig.tok].text
        return (trig.rule.pos == "noun" and trig.form.pronoun and not trig.rule.symmetric
                and text.endswith(("هما", "هم", "هن")))

    # -- verbs ------------------------------------------------------------------------------
    def verb_roles(self, trig: _Trigger, cs: int, ce: int, stop: int, *,
                   agents: bool = True) -> tuple[list[int], list[int]]:
        s, t = self.s, trig.tok
        args = s.args
        subj: list[int] = []
        after = t
        if not agents:  # inside اتهم/نفى: the agent is the accused / the denier
            return [], self.objects(trig, t, ce, stop, set())
        if s.passive(trig):  # اتُهمت روسيا: the name after a passive verb is its object
            return [], self.objects(trig, t, ce, stop, set())
        if t > 0 and s.toks[t - 1].relative and s.toks[t].gap != "hard":
            # X الذي استضاف Y: the antecedent is the subject (unless the verb has an object
            # pronoun: الدولة التي زارها بوتين)
            if not trig.form.pronoun:
                rel = _clitic_readings(s.toks[t - 1].text)[-1][1]
                gender = {"الذي": "m", "التي": "f"}.get(rel, "")
                ante = [j for j, a in enumerate(args) if a.last < t - 1 and t - 1 - a.last <= 5
                        and not a.target and (not gender or self.gender(a) in ("", gender))]
                if ante:  # قصر كومسوسان … في بيونغ يانغ، الذي استضاف (not the city: التي)
                    subj = list(args[ante[-1]].group)
        elif trig.pre[:1] not in _CONJUNCTIONS:  # SVO, unless و starts a new clause: وقبل …
            before = [j for j, a in enumerate(args) if cs <= a.first and a.last < t
                      and not a.prep and not a.target and j not in self.genitives
                      and not any(s.toks[k].gap for k in range(a.last + 2, t + 1))
                      and (not s.toks[a.last + 1].gap or self.closes_apposition(a))]
            if before and self.adjacent(args[before[-1]].last, t):
                subj = list(args[before[-1]].group)  # أن بوتين قبل، كان كيم زار
        if not subj and not trig.form.plural:  # VSO (حضّوا: the subject is the pronoun)
            k = t + 1
            while k < min(ce, stop) and (s.toks[k].adverb or s.toks[k].in_date):
                k += 1
            if not (k < min(ce, stop) and self.unknown_subject(k)):
                for a in args:
                    if not (t < a.first < min(ce, stop) and a.first - t <= self.MAX_AFTER):
                        continue
                    if a.prep:
                        continue
                    if a.target:
                        break  # استهدفت مواقع الحوثيين: a target is the object
                    nxt = self.visitor_after(trig, a, min(ce, stop))
                    if nxt is not None:  # زار لبنان وفد أمريكي: the place first is visited
                        return list(args[nxt].group), list(a.group)
                    if self.agrees(trig, a):
                        subj = list(a.group)
                        after = args[a.group[-1]].last
                    break  # the first bare name is the subject, or (disagreeing) the object
        return subj, self.objects(trig, after, ce, stop, set(subj))

    def visitor_after(self, trig: _Trigger, a: _Argument, end: int) -> int | None:
        """For a visit verb whose first bare name is a country or a city, the next bare name
        that is no place — the visitor (زار لبنان وفد أمريكي، زار القاهرة الرئيس الفرنسي) —
        or None."""
        if not trig.rule.destination or a.kind != "name" \
                or a.entity.type not in ("country", "city"):
            return None
        args = self.s.args
        j = args.index(a)
        later = [k for k in range(j + 1, len(args)) if args[k].first < end and not args[k].prep
                 and args[k].first - a.last <= 3 and k not in a.group]
        if later and (args[later[0]].kind == "adjective"  # وفد أمريكي
                      or args[later[0]].entity.type not in ("country", "city", "place")) \
                and self.agrees(trig, args[later[0]]):
            return later[0]
        return None

    def closes_apposition(self, a: _Argument) -> bool:
        """Is the gap after the phrase ``a`` a comma closing the apposition the phrase holds
        (الرئيس الأمريكي، دونالد ترامب، قد انسحب: the name is still the subject)?"""
        toks = self.s.toks
        return toks[a.last + 1].gap == "soft" and any(
            toks[k].gap == "soft" for k in range(a.first + 1, a.last + 1))

    def in_name(self, k: int) -> bool:
        """Is token ``k`` inside a named actor's phrase?"""
        return any(a.first <= k <= a.last for a in self.s.args)

    def content_words(self, a: int, b: int) -> int:
        """Words strictly between tokens ``a`` and ``b`` that are not adverbs, dates or
        negations (بوتين لن يزور)."""
        return sum(1 for k in range(a + 1, b)
                   if not (self.s.toks[k].adverb or self.s.toks[k].in_date
                           or self.s.toks[k].negation))

    def adjacent(self, last: int, t: int) -> bool:
        """Does a subject ending at token ``last`` stand right before the verb at ``t``: at most
        one word between, or only phrases with a preposition (وفد روسي برئاسة الوزير كوزلوف
        غادر)?"""
        if self.content_words(last, t) == 0:
            return True  # بوتين قبل، كيم قد زار، دمشق عادة ما تتهم
        if t - last == 2 and self.lex.in_class(self.s.toks[t - 1].text, "support"):
            return True  # واشنطن ستعيد فرض العقوبات: a support verb carries the subject
        covered = {k for a in self.s.args if a.prep for k in range(a.first, a.last + 1)}
        return t - last <= 9 and all(k in covered for k in range(last + 1, t))

    def unknown_subject(self, k: int) -> bool:
        """A word right after the verb that is no name, title, preposition, adverb or date: an
        unnamed subject (اتهمت القوى الغربية كوريا الشمالية، انتقدت مجموعات … حماس → the name
        is the object)."""
        tok = self.s.toks[k]
        if tok.prep or tok.clause or tok.in_date or tok.light or tok.adverb:
            return False
        if self.in_name(k):
            return False  # the word starts a named actor's phrase (وزير الخارجية لافروف)
        return len(tok.text) > 2 and not tok.text.isdigit()  # incl. a bare title: الحكومة

    # -- nouns ------------------------------------------------------------------------------
    def noun_roles(self, trig: _Trigger, cs: int, ce: int, stop: int, *,
                   agents: bool = True, framed: bool = True) -> tuple[list[int], list[int]]:
        """Agent and object of an event noun. ``agents=False``: no agent from outside the noun
        phrase; ``framed=False``: none framed from before it either (a warned-of act)."""
        s, rule, t = self.s, trig.rule, trig.tok
        args = s.args

        def agent(taken: list[int]) -> list[int]:
            return self.noun_agent(trig, cs, ce, stop, set(taken), framed) if agents else []

        gen: list[int] = []
        if not trig.form.pronoun:
            for a in args:
                if a.first == t + 1 and not a.prep:
                    gen = list(a.group)  # زيارة لافروف، زيارة زعيم كوريا الشمالية، الزيارة الروسية
                    break
                if rule.genitive == "object" and a.prep in ("", "من") \
                        and t + 1 < a.first <= t + 5 \
                        and all(self.counted_heads(k) for k in range(t + 1, a.first)):
                    gen = list(a.group)  # مقتل ثلاثة جنود سعوديين، مقتل عناصر من تنظيم داعش
                    break
                if (t < a.first <= t + 2 and a.prep == "ل" and rule.genitive == "subject"
                        and "ل" in rule.recipient
                        and (a.entity.type == "person" or any(
                            a.last < b.first < stop and b.prep in rule.recipient - {"ل"}
                            for b in args))):
                    gen = list(a.group)  # زيارة لبوتين إلى كوريا الشمالية
                    break
                if (t < a.first <= t + 2 and a.prep == "ل" and "ل" not in rule.recipient
                        and rule.genitive in ("", "subject")
                        and not any(s.toks[k].prep or s.toks[k].gap or self.stance(k)
                                    for k in range(t + 1, a.first + 1))):
                    gen = list(a.group)  # الضربات الجوية للتحالف، هجوم لتنظيم داعش: ل marks the agent
                    break
        self.genitives.update(gen)
        if gen and args[gen[0]].target:  # غارات تجمعات ومواقع للميليشيات: what is struck
            return agent(gen), gen
        if gen and rule.destination and args[gen[0]].kind == "name" and \
                not args[gen[0]].titled and args[gen[0]].entity.type in ("country", "city", "place"):
            # زيارة كوريا الشمالية: a place after a visit is where, not who
            return agent(gen), gen
        if gen and rule.genitive == "object+ب":
            # اتهام دمشق باستخدام …: the accused; اتهامات نتنياهو: the accuser
            nxt = args[gen[-1]].last + 1
            follows_b = nxt < len(s.toks) and s.toks[nxt].text.startswith("ب") and \
                not any(a.first == nxt for a in args)
            rule_gen = "object" if follows_b else "subject"
        else:
            rule_gen = rule.genitive
        if gen and rule_gen == "object":
            rest = self.objects(trig, args[gen[-1]].last, ce, stop, set(gen))
            if rest:
                return gen, rest  # استقبال الرئيس لنظيره: the genitive is the host after all
            return agent(gen), gen
        subj = gen or agent([])
        after = args[gen[-1]].last if gen else t
        return subj, self.objects(trig, after, ce, stop, set(subj))

    def counted_heads(self, k: int) -> bool:
        """Is token ``k`` a number or a counted head between an event noun and the nationality
        or name of whom it befell (مقتل 29 فلسطينيا، اعتقال ثلاثة مواطنين أتراك)?"""
        tok = self.s.toks[k]
        return not tok.gap and (tok.text == "من" or word_kind(tok.text) == "number"
                                or self.lex.in_class(tok.text, "counted_head"))

    def noun_agent(self, trig: _Trigger, cs: int, ce: int, stop: int, taken: set[int],
                   framed: bool = True) -> list[int]:
        """The agent of an event noun without a genitive: the nearest bare name before it in
        its clause (قام بوتين بزيارة، عقد كيم وبوتين قمة) unless not ``framed`` (حذرت تركيا من
        هجوم: not Turkey's), else after it (قمة عقدها كيم …)."""
        s, t = self.s, trig.tok
        args = s.args
        if self.plural_possessive(trig) or self.unnamed_genitive(trig):
            return []
        before = [j for j, a in enumerate(args) if cs <= a.first and a.last < t and not a.prep
                  and not a.target and j not in self.used_as_object and j not in taken
                  and t - a.last <= self.MAX_BEFORE]
        if before and framed and self.framed(trig, args[before[-1]]):
            return list(args[before[-1]].group)
        limit = min([stop, ce] + [x.tok for x in s.trigs if x.tok > t])
        for j, a in enumerate(args):
            if t < a.first < limit and a.first - t <= self.MAX_BEFORE and not a.prep \
                    and not a.target and j not in taken and a.entity.type != "place":
                if trig.form.pronoun:
                    if a.kind == "name" and a.entity.type == "person" and self.opening(t):
                        return list(a.group)  # خلال اجتماعه مع بوتين، أكد الزعيم كيم
                    continue  # زيارته … الجيش الروسي: only a named person can own "his"
                if any(s.toks[k].gap for k in range(t + 1, a.first + 1)):
                    break  # بالضربات التي شنتها الدول الغربية، ووصف ترامب …: another clause
                if any(self.lex.in_class(s.toks[k].text, "support")
                       for k in range(t + 1, a.first)):
                    return list(a.group)  # قمة عقدها كيم …، الزيارة التي شهدت إجراء كيم …
        return []

    def replies_to(self, prep: int) -> bool:
        """Does the preposition at token ``prep`` follow, over dates and adverbs, a word of
        replying, commenting or blaming (الرد، ردا، التعليق، المسؤولين، تعبيرا — class ``reply``
        of event_cues.csv), whose complement is someone else's act?"""
        k = prep - 1
        while k >= 0 and (self.s.toks[k].in_date or self.s.toks[k].adverb):
            k -= 1
        return k >= 0 and self.lex.in_class(self.s.toks[k].text, "reply")

    def opening(self, t: int) -> bool:
        """Is token ``t`` in an opening adverbial (خلال زيارة … واجتماعه …، أكد …): the sentence
        starts with a preposition or time word and no comma comes before ``t``?"""
        toks = self.s.toks
        first = toks[0] if toks else None
        return (first is not None and bool(first.prep or self.lex.in_class(first.text, "frame"))
                and not any(toks[k].gap for k in range(1, t + 1)))

    def unnamed_genitive(self, trig: _Trigger) -> bool:
        """An indefinite event noun followed by a definite word that is no name, title or date
        has an unnamed agent (بعد تهديد الغربيين): no other name is its agent."""
        s, t = self.s, trig.tok
        if ARTICLE in trig.pre or trig.pre.endswith(LAM + LAM) or trig.form.pronoun or t + 1 >= len(s.toks):
            return False
        nxt = s.toks[t + 1]
        if nxt.gap or nxt.title or nxt.in_date or nxt.prep or any(
                a.first <= t + 1 <= a.last for a in s.args):
            return False
        return nxt.text.startswith(ARTICLE) and len(nxt.text) > 3

    def framed(self, trig: _Trigger, agent: _Argument) -> bool:
        """Can ``agent`` (before the event noun) be its agent? Yes when the noun is framed by a
        preposition or time word (خلال اجتماعه، بعد زيارة، كان في استقبال) or a support verb
        ties them (قام بوتين بزيارة، عقد كيم وبوتين قمة، أجرى كيم محادثات، كيم قدم الدعوة); not
        in استبقت سول القمة (Seoul is the subject of another verb) or القرار الأميركي
        بالانسحاب."""
        s, t, lex = self.s, trig.tok, self.lex
        if any(s.toks[k].relative for k in range(agent.last + 1, t)):
            return False  # ماكرون وترامب ناقشا التطورات التي حصلت منذ الهجوم: not their attack
        before = s.toks[t - 1] if t else None
        if before is not None and lex.in_class(before.text, "frame"):
            return True
        if before is not None and before.prep and not self.replies_to(t - 1):
            return True  # تمكن الجيش من تدمير، أقدم على اغتيال: the subject did it — not after
            # a reply or a comment (توعد ترامب بالرد على الهجوم: the attack is not his)
        first = s.args[agent.group[0]].first
        between = [k for k in range(agent.last + 1, t)  # شنت طائرات التحالف سلسلة غارات،
                   if not (s.toks[k].adverb  # شنت أيضا غارات
                           or lex.in_class(s.toks[k].text, "partitive"))]
        if len(between) == 0:
            return first > 0 and lex.in_class(s.toks[first - 1].text, "support")
        return len(between) == 1 and lex.in_class(s.toks[between[0]].text, "support")

    def objects(self, trig: _Trigger, after: int, ce: int, stop: int, taken: set[int]) -> list[int]:
        """The recipient: the first name after ``after`` introduced by one of the rule's
        prepositions (``-`` = bare), or ``بين X و Y`` for symmetric events."""
        rule, t = trig.rule, trig.tok
        limit = min(stop, ce, t + self.MAX_OBJECT + 1)
        for j, a in enumerate(self.s.args):
            if a.first <= after or a.first >= limit or j in taken:
                continue
            if a.prep == "بين" and rule.symmetric:
                if any(self.lex.in_class(self.s.toks[k].text, "topic") for k in range(t + 1, a.first)):
                    continue  # تباحثت … حول مسار السلام بين الفلسطينيين وإسرائيل: the topic's sides
                return list(a.group)
            if a.prep == "ل" and a.first - 1 > after and self.stance(a.first - 1):
                return [g for g in a.group if g not in taken]  # المناهضة للرئيس مرسي
            if not a.prep and self.genitive_of_marked(trig, after, a):
                return [g for g in a.group if g not in taken]  # رحبت السعودية بقرار ترامب
            if a.prep in rule.recipient or (not a.prep and "-" in rule.recipient):
                if a.entity.type == "place" and not rule.destination:
                    continue
                if not a.prep and rule.pos == "noun":
                    continue  # a name after an event noun is its genitive, read elsewhere
                if not a.prep and (a.conj or self.content_words(after, a.first) > self.MAX_BARE_GAP):
                    continue  # اتهمت أحد رجال الأعمال …: the direct object is not named;
                    # وتطالب ماليزيا وبروناي وتايوان: و + name belongs to the subject
                return [g for g in a.group if g not in taken]
        return []

    def stance(self, k: int) -> bool:
        """Is token ``k`` a word of being for or against (class ``stance``: المناهضة)?"""
        return self.lex.has_cue(self.s.toks[k].text, "stance")

    def judged_act(self, judge: _Event, act: _Event) -> bool:
        """Is event noun ``act`` what the verb of ``judge`` (praise, condemnation) is about: right
        after it or after its subject, at most one content word between (قرار، خطوة)?"""
        s, t = self.s, judge.trig.tok
        if judge.trig.rule.pos == "noun" or not t < act.trig.tok:
            return False
        after = max([t] + [a.last for a in s.args if t < a.first < act.trig.tok
                            and a.entity in judge.actor1])
        return not any(s.toks[k].gap == "hard" for k in range(t + 1, act.trig.tok + 1)) \
            and self.content_words(after, act.trig.tok) <= 1

    def genitive_of_marked(self, trig: _Trigger, after: int, a: _Argument) -> bool:
        """Is the name ``a`` the genitive of a noun that carries the rule's preposition, right
        before it and right after the trigger or its subject, adverbs and dates aside — what
        the act is about belongs to that name (رحبت السعودية أمس بقرار ترامب، أشاد بدور
        الجيش)? Not after an event noun (رحبت بزيارة ماكرون: the visit is an event of its
        own), a gap, or other words (رحبت جولي بيشوب وزيرة الخارجية الأسترالية: her name)."""
        k = a.first - 1
        if a.kind != "name" and not a.titled:
            return False  # لقاءات بلاجئين سوريين: refugees, not Syria
        if k <= after or self.content_words(after, k) or self.s.toks[a.first].gap \
                or any(x.tok == k for x in self.s.trigs):
            return False
        word = self.s.toks[k].text.lstrip(CONJUNCTIONS)
        # a proclitic when the word without it is the more frequent in general news (بقرار:
        # قرار; not بعثة, a word of its own)
        return word[:1] in trig.rule.recipient and word[:1] in PREPOSITIONS and len(word) > 3 \
            and reference_count(word[1:]) > reference_count(word)

    def location(self, t: int, cs: int, ce: int, taken: set[int], trig: int) -> Entity | None:
        """A city, place or country after في / ب in the clause, near ``t`` (the trigger or its
        last argument; after it preferred) — not in a description of another noun
        (:meth:`in_description`: الاتفاق الموقع في فيينا)."""
        found: list[tuple[int, Entity]] = []
        for j, a in enumerate(self.s.args):
            if j in taken or not (cs <= a.first < ce) or a.prep not in ("في", "ب"):
                continue
            if self.in_description(trig, a.first):
                continue
            if abs(a.first - t) > self.MAX_PLACE:
                continue
            if a.kind == "name" and a.entity.type in ("city", "place", "country"):
                found.append((abs(a.first - t) + (0 if a.first > t else 3), a.entity))
        return min(found, key=lambda x: x[0])[1] if found else None

    def place_of(self, arg: _Argument) -> Entity | None:
        e = arg.entity
        if e.type in ("city", "place", "country") and arg.kind == "name":
            return e
        return _gazetteer_index().country_of_iso.get(e.country)

    def actor_or_place(self, arg: _Argument, destination: bool, *, as_object: bool = False
                       ) -> tuple[Entity | None, Entity | None]:
        """(actor, place) of a name: metonyms stand for their country (بيونغ يانغ اتهمت …),
        a destination city is the place and its country the actor; the object of any other
        event (استهدفت قرية هجين، قصفت صعدة) that is a town or a place is only a place: the
        text names no one on the receiving side."""
        gaz = _gazetteer_index()
        e = arg.entity
        country = gaz.country_of_iso.get(e.country)
        if arg.kind == "adjective":
            return (e if e.type == "org" else country), None
        if e.type == "person":
            return e, None
        if e.type == "country":
            return e, (e if destination else None)
        if e.type == "org":
            meto = gaz.metonym.get(e.id)
            return (gaz.country_of_iso.get(meto, e) if meto else e), None
        if e.type == "city" and not destination and e.id in gaz.metonym:
            return gaz.country_of_iso.get(gaz.metonym[e.id]), None
        return (None if as_object and not destination else country), e

    # -- status -----------------------------------------------------------------------------
    def status(self, trig: _Trigger, cs: int, status: str) -> str:
        s, t, lex = self.s, trig.tok, self.lex
        if status == "denied":
            return status
        k = t - 1  # negation right before, over light words: عدم توقيع، لم تتضمن خطة لتوقيع
        while k >= 0 and t - k <= 4 and not s.toks[k + 1].gap == "hard":
            if s.toks[k].negation:
                return "denied"
            if not (s.toks[k].light or s.toks[k].adverb):
                break
            k -= 1
        if status == "alleged":
            return status
        k = t - 1
        while k >= max(0, t - self.SPECULATION) and not s.toks[k + 1].gap == "hard" \
                and not s.toks[k].relative:
            if lex.in_class(s.toks[k].text, "speculation"):
                return "alleged"  # توقع مراقبون أن يكون قد تم … توريد أسلحة
            k -= 1
        k = t - 1
        while k >= max(0, t - self.CONDITION) and not s.toks[k + 1].gap == "hard":
            if lex.in_class(s.toks[k].text, "conditional"):
                return "hypothetical"  # إذا طلبت سيول …، لو زار …: the event is a condition
            k -= 1
        if trig.pre.endswith("س") and trig.rule.pos == "present":
            return "planned"  # سيزور
        for k in range(max(0, t - 4), t):
            if lex.in_class(s.toks[k].text, "future_before") \
                    and all(s.toks[i].light or self.in_name(i) for i in range(k + 1, t)) \
                    and not any(s.toks[i].gap == "hard" for i in range(k + 1, t + 1)):
                return "planned"  # من المقرر أن تجري الزيارة، من المتوقع أن يزور، تعتزم روسيا طرد
        if trig.rule.pos == "noun":
            if t > 0 and lex.in_class(s.toks[t - 1].text, "plan_noun"):
                return "planned"  # توقيت زيارة بوتين
            for k in range(t + 1, min(len(s.toks), t + 3)):
                if s.toks[k].gap:
                    break
                if lex.in_class(s.toks[k].text, "future_after"):
                    return "planned"  # زيارة مستقبلية، القمة المرتقبة
        return status


def _unique(entities: Iterable[Entity | None]) -> list[Entity]:
    out: list[Entity] = []
    for e in entities:
        if e is not None and e not in out:
            out.append(e)
    return out
