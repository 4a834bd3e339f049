"""The events table: :func:`extract_events` reads each article sentence by sentence, finds
the roles of its triggers (:mod:`marsad.events.roles`), attaches the dates of their clauses,
folds repeated mentions and writes one row per event mention."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from datetime import date, timedelta

import pandas as pd

from marsad.articles import require_column
from marsad.clitics import ARTICLE, LAM
from marsad.dates import (
    BASIS_EVENT,
    BASIS_INVALID,
    BASIS_NO_PUB,
    BASIS_PLANNED,
    BASIS_REPORTED,
    PRECISION_WINDOW,
    DateMention,
    find_dates,
    parse_published,
    publication_window,
)
from marsad.events.entities import _more_specific, _places_ok, head_anaphors, title_anaphors
from marsad.events.lexicon import (
    _CLITICS,
    _CONJUNCTIONS,
    Lexicon,
    _bare_form_in,
    _clitic_readings,
    _date_cue_words,
    default_lexicon,
)
from marsad.events.roles import _Event, _Roles
from marsad.events.sentence import _Sentence, _Trigger
from marsad.gazetteer import find_entities
from marsad.normalize import Offsets, normalize_with_offsets
from marsad.sentences import split_sentences

STATUSES = ("asserted", "planned", "denied", "alleged", "hypothetical")
BASIS_NONE = "none in clause"
EVENT_COLUMNS = [
    "event_id", "article_id", "sentence_id", "sentence", "trigger", "action", "mode", "status",
    "actor1", "actor1_ar", "actor1_country", "actor2", "actor2_ar", "actor2_country",
    "location", "location_ar", "date", "date_end", "date_precision", "date_basis", "date_text",
    "char_start", "char_end", "published", "date_hint", "date_after",
    "actor1_id", "actor2_id", "location_id",
]


# ---------------------------------------------------------------------------------------------
# dates of a sentence's events
# ---------------------------------------------------------------------------------------------
def _sentence_dates(s: _Sentence, text: str, orig_start: int, off: Offsets,
                    published) -> list[tuple[int, DateMention]]:
    """(token, mention) for each usable date mention of the sentence; marks date tokens."""
    out = []
    for d in find_dates(text, published):
        if d.basis in (BASIS_EVENT, BASIS_INVALID):
            continue
        a = off.normalized(orig_start + d.char_start)
        b = off.normalized(orig_start + d.char_end)
        first, last = s.tok_at(a), s.tok_at(max(a, b - 1))
        for k in range(first, min(last + 1, len(s.toks))):
            s.toks[k].in_date = True
        if first < len(s.toks):
            out.append((first, d))
    return out


def _forward_dates(text: str, published: str | None) -> Callable[[], dict[int, DateMention]]:
    """The sentence's dates resolved as a planned event's, by ``char_start`` (computed when
    first asked)."""
    found: dict[int, DateMention] = {}

    def get() -> dict[int, DateMention]:
        if not found and published:
            found.update((d.char_start, d) for d in find_dates(text, published, future=True))
        return found

    return get


def _attach_dates(roles: _Roles, events: list[_Event], dates: list[tuple[int, DateMention]],
                  forwards: Callable[[], dict[int, DateMention]]) -> None:
    """Dates of a sentence's events (see the module docstring, "Dates").

    Each date mention is *owned* by the nearest event of its clause (ties: the event before
    it); a planned event, or one told in the present tense (:func:`_told_forwards`), reads the
    dates it owns forwards (``forwards()``: the sentence's dates resolved as a future event's,
    by ``char_start``). Each event takes the nearest date of its clause, as its owner resolved
    it: ``التقى X Y الثلاثاء وبحثا …`` dates both."""
    def eligible(ev: _Event) -> bool:  # an event that will not be reported takes no date
        return bool(ev.actor1 or ev.actor2 or ARTICLE in ev.trig.pre)

    def distance(ev: _Event, tok: int, owner: bool) -> int | None:
        cs, ce = roles.clause(ev.trig.tok, False)
        if not cs <= tok < ce:
            return None
        if owner and tok < ev.trig.tok and ev.trig.pre[:1] in _CONJUNCTIONS:
            return None  # وصل … الثلاثاء وغادر: Tuesday is the arrival's (and the departure's
            # only if it has no date of its own: وغادر الخميس)
        if tok < ev.trig.tok and _at_other_time(roles.s, ev.trig):
            return None  # وصل الأحد … عشية قمته: Sunday is not the summit's
        if roles.in_description(ev.trig.tok, tok):
            return None  # الانسحاب من الاتفاق الموقع عام 2015: 2015 is the agreement's
        if tok > 0 and _is_date_cue(roles.s.toks[tok - 1].text, "since_before"):
            return None  # ينفذ ضربات منذ 2015: a period that goes on, not the strikes' date
        return abs(tok - ev.trig.tok) * 2 + (0 if tok > ev.trig.tok else 1)

    resolved: list[DateMention] = []
    for tok, d in dates:
        near = [(dist, i) for i, ev in enumerate(events)
                if eligible(ev) and (dist := distance(ev, tok, True)) is not None]
        if near and d.start and _told_forwards(events[min(near)[1]]):
            d = forwards().get(d.char_start, d)
        resolved.append(d)
    for ev in events:
        if not eligible(ev):
            continue
        near = [(dist, k) for k, (tok, _) in enumerate(dates)
                if (dist := distance(ev, tok, False)) is not None]
        if near:
            ev.date = resolved[min(near)[1]]


def _at_other_time(s: _Sentence, trig: _Trigger) -> bool:
    """Is the trigger an event noun placed at another time than its clause by the word before
    it (``بعد``، ``عشية``، ``قبل`` … — role ``other_time_before`` of ``date_cues.csv``)?"""
    if trig.rule.pos != "noun" or trig.tok == 0:
        return False
    word = s.toks[trig.tok - 1].text
    return _is_date_cue(word, "other_time_before")


def _background(s: _Sentence, trig: _Trigger) -> bool:
    """Is the trigger a past verb told as background (``كان كيم زار روسيا``: a pluperfect —
    role ``background_before`` of ``date_cues.csv`` within the two words before it)? Such a
    mention happened before the news: it gets no publication window."""
    if trig.rule.pos != "verb":
        return False
    return any(_is_date_cue(s.toks[k].text, "background_before")
               for k in range(max(0, trig.tok - 2), trig.tok))


def _is_date_cue(word: str, role: str) -> bool:
    """Is ``word``, with its clitics or without, a cue of ``role`` in ``date_cues.csv``?"""
    return any(base in _date_cue_words(role) for _, base in _clitic_readings(word))


def _told_forwards(ev: _Event) -> bool:
    """Is the event planned (by a future verb or cue, not by its kind: an invitation is made
    on the day it is dated, what it invites to is planned), or asserted with a present-tense
    verb (``يلتقي … الثلاثاء``)? Its weekdays and months without year then lie on or after
    publication."""
    rule = ev.trig.rule
    if rule.status == "planned":  # دعا، يدعو، دعوة: only سيدعو lies ahead
        return rule.pos == "present" and ev.trig.pre.endswith("س")
    return ev.status == "planned" or (ev.status == "asserted" and rule.pos == "present")


def _fold(events: list[_Event]) -> list[_Event]:
    """Fold repeated mentions of one event in a sentence.

    A mention whose actors are a subset of another mention's of the same action and mode (any
    CONSULT mode; a compatible place; the same status) is folded into it (غادر … بعد زيارة; قمة … تخلّلتها زيارة
    ومحادثات). A definite noun with no actor of its own (``تجري الزيارة في أكتوبر``) refers
    back to the previous mention of its action: it lends its date and planned status.
    """
    kept: list[_Event] = []
    for ev in events:
        actors = set(ev.actor1) | set(ev.actor2)
        same = [k for k in kept if _fold_key(k) == _fold_key(ev)]
        definite = ARTICLE in ev.trig.pre or ev.trig.pre.endswith(LAM + LAM)
        if same and definite and (ev.inherited or not actors) and not ev.own_object \
                and ev.trig.rule.pos == "noun" and not ev.trig.form.pronoun:
            prev = same[-1]
            prev.date = prev.date or ev.date
            if ev.status == "planned" and prev.status == "asserted":
                prev.status = "planned"
            continue
        if not actors:
            continue
        for k in same:
            other = set(k.actor1) | set(k.actor2)
            if k.status != ev.status or not _places_ok(k.location, ev.location) \
                    or _sides_cross(k, ev):
                continue
            if actors <= other:
                k.location = _more_specific(k.location, ev.location)
                k.date = k.date or ev.date
                break
            if other < actors:
                ev.location = _more_specific(ev.location, k.location)
                ev.date = ev.date or k.date
                kept[kept.index(k)] = ev
                break
        else:
            kept.append(ev)
    return kept


def _sides_cross(a: _Event, b: _Event) -> bool:
    """Does an actor of one mention stand on the other side of the other (هجوم شنته
    الميليشيات … قصفت مقاتلات التحالف تجمعات للميليشيات: the attacker, then the attacked —
    two events, whatever their actors add up to)? Never for a meeting or a visit, whose guest
    and host trade places between mentions (زار بوتين طهران … خلال استقباله بوتين)."""
    if a.trig.rule.action == "CONSULT" or a.trig.rule.symmetric and b.trig.rule.symmetric:
        return False
    return bool(set(a.actor1) & set(b.actor2) or set(a.actor2) & set(b.actor1))


def _fold_key(ev: _Event) -> tuple[str, str]:
    """Mentions fold within one action and mode; CONSULT modes fold together (the visit during
    which a summit and talks took place is one mention in that sentence)."""
    rule = ev.trig.rule
    return (rule.action, "" if rule.action == "CONSULT" else rule.mode)


def _date_hint(d: DateMention) -> str:
    """What an unresolved date still says: ``month=09``, ``month-day=10-18`` or ``weekday=3``."""
    ref = find_dates(d.text, date(2001, 6, 15))
    if not ref:
        return ""
    r = ref[0]
    if r.basis == "explicit+publication year" and r.start:
        month = r.start[5:7]
        return f"month-day={month}-{r.start[8:10]}" if r.precision == "day" else f"month={month}"
    if r.basis == "weekday relative to publication" and r.start:
        return f"weekday={date.fromisoformat(r.start).isoweekday()}"
    return ""


def _latest_explicit(text: str) -> str:
    """End of the latest explicitly dated mention of a text (ISO, any precision) or ''."""
    ends = [d.end for d in find_dates(text) if d.basis == "explicit" and d.end]
    return max(ends, key=lambda e: _interval(e, e)[1]) if ends else ""


# ---------------------------------------------------------------------------------------------
# the events table
# ---------------------------------------------------------------------------------------------
def extract_events(articles: pd.DataFrame, sentences: pd.DataFrame | None = None, *,
                   lexicon: Lexicon | None = None) -> pd.DataFrame:
    """One row per event mention in the cleaned articles (columns :data:`EVENT_COLUMNS`).

    ``articles`` needs ``article_id`` and ``text_clean`` (``published`` is used when present);
    ``sentences`` defaults to :func:`marsad.sentences.sentences` of the articles. Rows are sorted
    by article, sentence and position; ``event_id`` is ``<article_id>-eNN``.
    """
    require_column(articles, ("article_id", "text_clean"), "extract_events",
                   hint="run marsad.pipeline.prepare or marsad.clean.clean_corpus first")
    spans: dict[str, list[tuple[int, int, int]]] = {}
    if sentences is None:  # what marsad.sentences.sentences would give, without the table
        for aid, text in zip(articles["article_id"].astype(str), articles["text_clean"],
                             strict=True):
            if isinstance(text, str):
                spans.setdefault(aid, []).extend(
                    (k, a, b) for k, (a, b) in enumerate(split_sentences(text), start=1))
    else:
        require_column(sentences, ("article_id", "sentence_id", "start", "end"),
                       "extract_events (sentences)", hint="pass marsad.sentences.sentences(articles)")
        for aid, sid, a, b in zip(sentences["article_id"].astype(str),
                                  sentences["sentence_id"], sentences["start"],
                                  sentences["end"], strict=True):
            spans.setdefault(aid, []).append((int(sid), int(a), int(b)))
    lex = lexicon or default_lexicon()
    pubs = (articles["published"] if "published" in articles.columns
            else pd.Series([None] * len(articles), index=articles.index))
    rows: list[dict] = []
    for aid, text, pub in zip(articles["article_id"].astype(str), articles["text_clean"], pubs,
                              strict=True):
        if not isinstance(text, str) or not text:
            continue
        published = parse_published(pub) if isinstance(pub, str) else None  # ISO, or None
        rows.extend(_article_rows(lex, aid, text, published, spans.get(aid, [])))
    frame = pd.DataFrame(rows, columns=EVENT_COLUMNS)
    return frame.astype({"sentence_id": "int64", "char_start": "int64", "char_end": "int64"})


def _plausible(lex: Lexicon, hit: re.Match, sentence: str | None = None,
               found: dict[str, bool] | None = None) -> bool:
    """Can this regex hit be a trigger at all: its clitics fit a row's part of speech, it is
    not a listed look-alike (وزارة), and — given the ``sentence`` — the row's required cue
    words occur somewhere in it and no veto word does (a cheap test before the full one)?"""
    if hit.group() in lex.cues["not_trigger"]:
        return False
    pre = hit.group("pre") or ""
    found = {} if found is None else found

    def present(name: str) -> bool:
        if name not in found:
            found[name] = lex.cue_search(name, sentence)
        return found[name]

    for r in lex.forms[hit.group("form")].rule_ids:
        rule = lex.rules[r]
        if pre not in _CLITICS[rule.pos]:
            continue
        if sentence is None:
            return True
        if any(present(name) for name in rule.vetoed_by):
            continue
        if all(any(present(name) for name in group) for group in rule.requires):
            return True
    return False


def _article_rows(lex: Lexicon, aid: str, text: str, published: str | None,
                  spans: list[tuple[int, int, int]]) -> list[dict]:
    off = normalize_with_offsets(text)
    norm = off.norm
    hits = list(lex.regex.finditer(norm))
    if not hits:
        return []
    mentions = find_entities(norm)
    if not mentions:
        return []
    titled = title_anaphors(norm, mentions)
    if titled:  # وانتقد الرئيس الإيراني: the one Iranian president the article named
        mentions = [titled.get(i, m) for i, m in enumerate(mentions)]
    anaphors = head_anaphors(norm, mentions)
    if anaphors:  # المنظمة، للتحالف: the one organisation of the article with that head
        mentions = sorted(mentions + anaphors, key=lambda m: m.start)
    delegations = []
    for m in mentions:
        if m.kind == "adjective":
            before = norm[max(0, m.start - 12):m.start].split()
            if before and _bare_form_in(before[-1], lex.cues["delegation"]):
                delegations.append((m.start, m.country))
    hit_starts = [h.start() for h in hits]
    mention_starts = [m.start for m in mentions]
    out: list[dict] = []
    latest: str | None = None
    for sid, s0, s1 in sorted(spans):
        n0, n1 = off.normalized(s0), off.normalized(s1)
        # both tests must pass and have no side effects: the cheap one first
        ms = mentions[bisect_right(mention_starts, n0 - 1):bisect_right(mention_starts, n1 - 1)]
        if not ms and not delegations:
            continue
        found: dict[str, bool] = {}  # cue classes present in this sentence
        h = [x for x in hits[bisect_right(hit_starts, n0 - 1):bisect_right(hit_starts, n1 - 1)]
             if _plausible(lex, x, norm[n0:n1], found)]
        if not h:
            continue
        sent = _Sentence(lex, norm, n0, n1, ms, h, delegations, original=(text, off))
        if not sent.trigs or not (sent.args or delegations):
            continue
        dates = _sentence_dates(sent, text[s0:s1], s0, off, published)
        roles = _Roles(sent)
        events = roles.all_events()
        _attach_dates(roles, events, dates, _forward_dates(text[s0:s1], published))
        for ev in _fold(events):
            for row in _rows(ev, sent, off, text, aid, sid, s0, s1, published):
                if row["date_basis"] == BASIS_NO_PUB:
                    if latest is None:
                        latest = _latest_explicit(text)
                    row["date_after"] = latest
                out.append(row)
    out.sort(key=lambda r: (r["sentence_id"], r["char_start"], r["action"], r["actor1"],
                            r["actor2"]))
    for n, row in enumerate(out, start=1):
        row["event_id"] = f"{aid}-e{n:02d}"
    return out


def _rows(ev: _Event, sent: _Sentence, off: Offsets, text: str, aid: str, sid: int,
          s0: int, s1: int, published: str | None) -> list[dict]:
    rule = ev.trig.rule
    tok = sent.toks[ev.trig.tok]
    # the end maps past the word's trailing diacritics (روسيًا): they belong to it
    a, b = off.original(tok.start), off.original(tok.end)
    d = ev.date
    status = ev.status
    if d is not None and d.start and published and status == "asserted":
        span = _interval(d.start, d.end)
        if span is not None and span[0] > date.fromisoformat(published):
            status = "planned"  # يزور موسكو الأسبوع المقبل
    date_cols = {"date": "", "date_end": "", "date_precision": "", "date_basis": BASIS_NONE,
                 "date_text": "", "date_hint": ""}
    if (d is None and published and status != "hypothetical"
            and not _background(sent, ev.trig)):
        # no date of its own: a window from publication, never a day (none for a condition)
        start, end = publication_window(published, status == "planned")
        date_cols |= {"date": start, "date_end": end, "date_precision": PRECISION_WINDOW,
                      "date_basis": BASIS_PLANNED if status == "planned" else BASIS_REPORTED}
    if d is not None:
        date_cols = {"date": d.start, "date_end": d.end, "date_precision": d.precision,
                     "date_basis": d.basis, "date_text": d.text,
                     "date_hint": _date_hint(d) if d.basis == BASIS_NO_PUB else ""}
    rows = []
    for x in ev.actor1 or [None]:
        for y in ev.actor2 or [None]:
            if x is not None and y is not None and x == y:
                y = None
            if x is None and y is None:
                continue
            if ("actor1" in rule.needs and x is None or "recipient" in rule.needs and y is None
                    or "place" in rule.needs and not ev.to_place):
                continue
            if (rule.action == "CONSULT" and rule.mode in ("visit", "host") and x is not None
                    and y is not None and y.type == "country" and x.country == y.country):
                continue  # arriving in one's own country is a return, not a visit
            loc = ev.location
            rows.append({
                "event_id": "", "article_id": aid, "sentence_id": sid,
                "sentence": text[s0:s1], "trigger": text[a:b], "action": rule.action,
                "mode": rule.mode, "status": status,
                "actor1": x.name_en if x else "", "actor1_ar": x.name_ar if x else "",
                "actor1_country": x.country if x else "",
                "actor2": y.name_en if y else "", "actor2_ar": y.name_ar if y else "",
                "actor2_country": y.country if y else "",
                "location": loc.name_en if loc else "", "location_ar": loc.name_ar if loc else "",
                **date_cols, "char_start": a, "char_end": b, "published": published or "",
                "date_after": "", "actor1_id": x.id if x else "", "actor2_id": y.id if y else "",
                "location_id": loc.id if loc else "",
            })
    return rows


def _interval(start: str, end: str) -> tuple[date, date] | None:
    """Inclusive day interval of ISO ``yyyy[-mm[-dd]]`` bounds, or None."""
    if not start:
        return None

    def bound(s: str, last: bool) -> date:
        parts = [int(p) for p in s.split("-")]
        if len(parts) == 3:
            return date(*parts)
        if len(parts) == 2:
            y, m = parts
            if not last:
                return date(y, m, 1)
            nxt = date(y + m // 12, m % 12 + 1, 1)
            return nxt - timedelta(days=1)
        return date(parts[0], 12, 31) if last else date(parts[0], 1, 1)

    return bound(start, False), bound(end or start, True)
