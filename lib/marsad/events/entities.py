"""Gazetteer rows as the actors and places of events (:class:`Entity`), the gazetteer's
indexes the extractor and the timeline read, and how two entities compare (same, a person
and their country, places in one country)."""

from __future__ import annotations

from dataclasses import dataclass

from marsad import gazetteer


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
