"""Gazetteer rows as the actors and places of events (:class:`Entity`), the gazetteer's
indexes the extractor and the timeline read, and how two entities compare (same, a person
and their country, places in one country)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from marsad import discovery, gazetteer
from marsad.clitics import ARTICLE
from marsad.events.lexicon import _bare_form_in, default_lexicon
from marsad.gazetteer import EntityMention


@dataclass(frozen=True)
class Entity:
    """A gazetteer row as an actor or a place."""

    id: str
    type: str
    name_en: str
    name_ar: str
    country: str


@dataclass(frozen=True)
class _GazetteerIndex:
    """The active gazetteer as entities: by id, the country a metonym stands for (the Kremlin,
    a capital), and each country's entity by its ISO code."""

    by_id: dict[str, Entity]
    metonym: dict[str, str]
    country_of_iso: dict[str, Entity]


@gazetteer.derived
def _gazetteer_index() -> _GazetteerIndex:
    table = gazetteer.active().table
    by_id = {r.id: Entity(r.id, r.type, r.name_en, r.name_ar, r.country)
             for r in table.itertuples(index=False)}
    metonym = {r.id: r.metonym_of for r in table.itertuples(index=False) if r.metonym_of}
    countries = {r.country: by_id[r.id] for r in table.itertuples(index=False)
                 if r.type == "country" and r.country}
    return _GazetteerIndex(by_id, metonym, countries)


def _more_specific(a: Entity | None, b: Entity | None) -> Entity | None:
    rank = {"place": 3, "city": 2, "country": 1}
    if a is None or b is None:
        return a or b
    return b if rank.get(b.type, 0) > rank.get(a.type, 0) else a


def _entity(eid: str) -> Entity | None:
    return _gazetteer_index().by_id.get(eid) if eid else None


def _side(a: Entity | None, b: Entity | None) -> str:
    """same / country (a person and their country) / empty (neither named) / unknown (one
    named) / conflict."""
    if a is None and b is None:
        return "empty"
    if a is None or b is None:
        return "unknown"
    if a.id == b.id:
        return "same"
    if {a.type, b.type} == {"person", "country"} and a.country == b.country:
        return "country"
    return "conflict"


def _places_ok(a: Entity | None, b: Entity | None) -> bool:
    if a is None or b is None or a.id == b.id:
        return True
    return bool(a.country) and a.country == b.country


_WORD = re.compile(r"[^\W\d_]+")
_NISBA_ENDINGS = ("ي", "يه", "يين", "يون")


@cache
def _org_heads() -> frozenset[str]:
    """Organisation and party heads of ``name_cues.csv`` (منظمة، حركة، تحالف …) and the group
    nouns of ``event_cues.csv`` (``group_head``: ميليشيات), without ال."""
    heads = [h for h, kind in discovery.load_cues().heads.items() if kind in ("org", "party")]
    groups = default_lexicon().cues.get("group_head", frozenset())
    return frozenset(h.removeprefix(ARTICLE) for h in [*heads, *groups])


@cache
def _person_titles() -> frozenset[str]:
    """First words of the person titles of ``name_cues.csv`` (الرئيس، وزير، الملك …)."""
    return frozenset(words[0] for words, kind in discovery.load_cues().titles.items()
                     if kind == "person")


def _words_before(norm: str, start: int, chars: int = 40) -> list[str]:
    """The words of the ``chars`` characters of ``norm`` before ``start``, in order."""
    return _WORD.findall(norm[max(0, start - chars):start])


def head_anaphors(norm: str, mentions: list[EntityMention]) -> list[EntityMention]:
    """A definite organisation head standing alone (المنظمة، الحركة، للتحالف) refers back to the
    one organisation of the article named with that head earlier (منظمة هيومن رايتس ووتش …
    وحثت المنظمة السلطات; التحالف العربي … الضربات النوعية للتحالف): one mention of it for each
    such word. A head two organisations of the article share, a head before the organisation
    is first named, or one followed by a nisba adjective (المنظمة الدولية: another body) refers
    to none — a gap, not a guess."""
    heads = _org_heads()
    owners: dict[str, set[str]] = {}
    first: dict[str, EntityMention] = {}  # mentions come in text order: the first one named
    for m in mentions:
        if m.kind != "name" or m.type not in ("org", "party"):
            continue
        words = m.surface.split()
        before = _words_before(norm, m.start, 20)
        for word in (words[0] if words else "", before[-1] if before else ""):
            head = word.removeprefix(ARTICLE)
            if head in heads:
                owners.setdefault(head, set()).add(m.entity_id)
                first.setdefault(head, m)
    taken = [(m.start, m.end) for m in mentions]
    out: list[EntityMention] = []
    for head, ids in owners.items():
        if len(ids) != 1:
            continue
        owner = first[head]
        definite = frozenset({ARTICLE + head})
        for w in _WORD.finditer(norm, owner.end):
            if head not in w.group():
                continue  # the cheap test first: most words hold no head
            reading = _bare_form_in(w.group(), definite)
            if reading is None or any(a <= w.start() < b for a, b in taken):
                continue
            nxt = _WORD.match(norm, w.end() + 1)
            if nxt and nxt.group().startswith(ARTICLE) and nxt.group().endswith(_NISBA_ENDINGS):
                continue
            out.append(EntityMention(owner.entity_id, owner.type, owner.name_en, owner.name_ar,
                                     owner.country, w.group(), w.start(), w.end(), "name",
                                     prefix=reading[0]))
    return out


def title_anaphors(norm: str, mentions: list[EntityMention]) -> dict[int, EntityMention]:
    """A title and a nationality with no name after them (وانتقد الرئيس الإيراني …) stand for the
    one person of that country the article named earlier after the same title (الرئيس الإيراني
    حسن روحاني): ``{index in mentions: a mention of that person}`` replacing the adjective. Two
    such persons, or none, leave the nationality as it is."""
    titles = _person_titles()

    def title_before(start: int, width: int) -> str | None:
        for word in reversed(_words_before(norm, start)[-width:]):
            reading = _bare_form_in(word, titles)
            if reading is not None:
                return reading[1]
        return None

    persons: list[tuple[int, str, str, EntityMention]] = []  # (start, country, title, mention)
    for m in mentions:
        if m.kind == "name" and m.type == "person" and m.country:
            title = title_before(m.start, 4)
            if title:
                persons.append((m.start, m.country, title, m))
    if not persons:
        return {}
    out: dict[int, EntityMention] = {}
    for i, m in enumerate(mentions):
        if m.kind != "adjective" or not m.country:
            continue
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if nxt is not None and nxt.type == "person" and not norm[m.end:nxt.start].strip(" ،,"):
            continue  # الرئيس الإيراني حسن روحاني: the name is there
        title = title_before(m.start, 2)
        if title is None:
            continue
        owners = {p.entity_id: p for start, country, t, p in persons
                  if start < m.start and country == m.country and t == title}
        if len(owners) == 1:
            p = next(iter(owners.values()))
            out[i] = EntityMention(p.entity_id, p.type, p.name_en, p.name_ar, p.country,
                                   m.surface, m.start, m.end, "name", prefix=m.prefix)
    return out
