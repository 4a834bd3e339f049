"""Build the world layer of the gazetteer, ``lib/marsad/data/gazetteer_world.csv``.

    .venv/bin/python scripts/build_world_gazetteer.py          # write the file
    .venv/bin/python scripts/build_world_gazetteer.py --check  # exit 1 if it is out of date

Sources (provenance and licences in ``scripts/data/README.md`` and the data README):

* **CLDR through Babel** (Unicode licence): the Arabic and English names of every territory
  (``babel.Locale("ar").territories``; the regional Arabic locales add their variants as
  aliases), ISO 3166 alpha-3 codes (CLDR's ``territory_aliases``), and the Arabic names of
  capitals when CLDR has the capital as a time-zone exemplar city (``Asia/Riyadh`` → الرياض).
* **GeoNames** ``countryInfo`` (CC BY 4.0), extracted to ``scripts/data/geonames_countries.csv``:
  which city is each state's capital, and the alpha-3 code of Kosovo (XKX).
* Reviewed data files in ``scripts/data/`` — never literals in this script:
  ``world_territories.csv`` (one row per CLDR code: status, news names, adjective exceptions),
  ``world_capitals.csv`` (capitals CLDR lacks or spells otherwise), ``world_entities.csv``
  (international organisations and a few non-CLDR places), ``world_blocked.csv`` (spellings the
  layer never lists, with the reason) and ``world_spelling.csv`` (spelling variants: غ → ج …).

Rules, in order: a territory's display name is the reviewed ``name_ar`` or CLDR's (a
parenthesised part dropped); CLDR's own names become aliases. States get a nisba by rule
(:func:`nisba_stems`) unless ``adjectives`` says otherwise; every stem gives
``الX، الXة، X، Xة، الXون، الXين`` (the first is the canonical adjective term). Spelling variants
are added, blocked spellings dropped, and a spelling that stands for the entity's own name is
not repeated as its adjective or short form; a capital written like its country (تونس، الجزائر)
keeps only its other names. Any other spelling claimed by two entities stops the build: resolve
it in the data files (block it, or rename), so that every collision is a reviewed decision.

The output does not depend on the curated ``gazetteer.csv``: the curated layer wins at load time
(:func:`marsad.gazetteer.load_layers`). ``--report`` prints what it overrides. Deterministic:
rows sorted by type and id, lists in a fixed order; the same Babel version (``requirements.lock``)
and data files rebuild the file byte for byte.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import babel
from babel import Locale, localedata
from babel.core import get_global

from marsad.datafiles import read_table
from marsad.gazetteer import (
    COLUMNS,
    DEFAULT_PATH,
    TYPES,
    alias_key,
    load_gazetteer,
    load_layers,
    split_list,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "scripts" / "data"
DEFAULT_OUT = ROOT / "lib" / "marsad" / "data" / "gazetteer_world.csv"

STATUSES = ("state", "territory", "region", "place", "skip")
NONE = "-"  # in a reviewed cell: "nothing" (no adjective, no capital)
ADJECTIVE_PATTERNS = ("ال{}", "ال{}ة", "{}", "{}ة", "ال{}ون", "ال{}ين")
_PAREN = re.compile(r"\s*\([^)]*\)")
_SLUG = re.compile(r"[^a-z0-9]+")


class BuildError(ValueError):
    """The inputs do not give a consistent layer; the message says what to fix."""


@dataclass
class Entity:
    """One row of the layer while it is being built (lists, not ``|`` strings)."""

    id: str
    type: str
    name_ar: str
    name_en: str
    country: str = ""
    wikidata: str = ""
    aliases: list[str] = field(default_factory=list)
    metonym_of: str = ""
    adjectives: list[str] = field(default_factory=list)
    short_aliases: list[str] = field(default_factory=list)
    not_followed_by: list[str] = field(default_factory=list)
    origin: str = ""
    variants: bool = True  # apply world_spelling.csv (not to hand-written entity rows)

    def row(self) -> list[str]:
        """The CSV row, in :data:`marsad.gazetteer.COLUMNS` order."""
        return [self.id, self.type, self.name_ar, self.name_en, self.country, self.wikidata,
                "|".join(self.aliases), self.metonym_of, "|".join(self.adjectives),
                "|".join(self.short_aliases), "|".join(self.not_followed_by)]


# --------------------------------------------------------------------------------------------
# inputs
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpellingRule:
    """A row of ``world_spelling.csv``: ``find`` → ``replace`` in every word that contains no
    ``except`` item; ``scope`` ``names`` (names and aliases) or ``all`` (adjectives too)."""

    find: str
    replace: str
    scope: str
    keep: tuple[str, ...]

    def applies(self, word: str) -> bool:
        """Does the rule change ``word``?"""
        return self.find in word and not any(item in word for item in self.keep)


@dataclass
class Inputs:
    """Everything the build reads."""

    territories: list[dict]
    capitals: dict[str, dict]
    entities: list[dict]
    blocked: dict[str, str]
    spelling: list[SpellingRule]
    geonames: dict[str, dict]


def read_inputs(data: Path = DATA) -> Inputs:
    """Read and check the reviewed files of ``scripts/data``."""
    territories = read_table(data / "world_territories.csv",
                             ["code", "status"], ["country", "name_ar", "name_en", "aliases",
                                                  "adjectives", "adjectives_extra",
                                                  "not_followed_by"]).to_dict("records")
    for rec in territories:
        if rec["status"] not in STATUSES:
            raise BuildError(f"world_territories.csv, line {rec['line']}: status "
                             f"{rec['status']!r} not one of {', '.join(STATUSES)}")
    capitals = {rec["code"]: rec for rec in read_table(
        data / "world_capitals.csv", ["code", "capital_ar"],
        ["capital_en", "aliases", "not_followed_by"]).to_dict("records")}
    entities = read_table(data / "world_entities.csv", ["id", "type", "name_ar", "name_en"],
                          [c for c in COLUMNS if c not in ("id", "type", "name_ar", "name_en")]
                          ).to_dict("records")
    blocked = {alias_key(rec["spelling"]): rec["reason"] for rec in read_table(
        data / "world_blocked.csv", ["spelling", "reason"]).to_dict("records")}
    spelling = [SpellingRule(rec["find"], rec["replace"], rec["scope"],
                             tuple(split_list(rec["except"])))
                for rec in read_table(data / "world_spelling.csv",
                                      ["find", "replace", "scope"], ["except"]).to_dict("records")]
    for rule in spelling:
        if rule.scope not in ("names", "all"):
            raise BuildError(f"world_spelling.csv: scope {rule.scope!r} is not names or all")
    geonames = {rec["iso2"]: rec for rec in read_table(
        data / "geonames_countries.csv",
        ["iso2", "iso3", "country_en", "capital_en", "geonameid"]).to_dict("records")}
    return Inputs(territories, capitals, entities, blocked, spelling, geonames)


# --------------------------------------------------------------------------------------------
# CLDR through Babel
# --------------------------------------------------------------------------------------------


def cldr_names(code: str) -> list[str]:
    """CLDR's Arabic names of a territory: ``ar`` first, then other spellings of the regional
    Arabic locales (``ar_SA``: أوروغواي), in locale order."""
    names = [Locale("ar").territories[code]]
    for ident in sorted(i for i in localedata.locale_identifiers() if i.startswith("ar_")):
        name = Locale.parse(ident).territories.get(code)
        if name and name not in names:
            names.append(name)
    return names


def cldr_iso3() -> dict[str, list[str]]:
    """alpha-2 → the alpha-3 codes CLDR's ``territory_aliases`` maps to it alone (the current
    code and deprecated ones: DE ← DDR, DEU). Used to check GeoNames' alpha-3 codes."""
    candidates: dict[str, list[str]] = {}
    for alias, targets in get_global("territory_aliases").items():
        if len(alias) == 3 and alias.isalpha() and len(targets) == 1:
            candidates.setdefault(targets[0], []).append(alias)
    return {code: sorted(codes) for code, codes in candidates.items()}


def cldr_exemplar_city(code: str, city_en: str) -> str:
    """CLDR's Arabic name of ``city_en`` when it is a time-zone exemplar city of territory
    ``code`` (matched on the zone id or CLDR's English city name), else ``""``."""
    if not city_en:
        return ""
    zones_ar = Locale("ar")._data["time_zones"]
    zones_en = Locale("en")._data["time_zones"]
    legacy: dict[str, list[str]] = {}
    for alias, canonical in get_global("zone_aliases").items():
        legacy.setdefault(canonical, []).append(alias)
    wanted = city_en.casefold()
    for zone in get_global("territory_zones").get(code, []):
        for key in [zone, *sorted(legacy.get(zone, []))]:
            names = {key.rsplit("/", 1)[-1].replace("_", " ").casefold(),
                     str(dict(zones_en.get(key, {})).get("city", "")).casefold()}
            city_ar = dict(zones_ar.get(key, {})).get("city")
            if wanted in names and city_ar:
                return str(city_ar)
    return ""


# --------------------------------------------------------------------------------------------
# rules
# --------------------------------------------------------------------------------------------


def nisba_stems(name: str) -> list[str]:
    """The masculine nisba of a one-word country name, by rule (empty when there is none).

    The article goes; then ``…يا`` and ``…ية`` lose their last letter (روسيا → روسي،
    السعودية → سعودي), ``…ا``/``…ة`` become ``…ي`` (كندا → كندي، سنغافورة → سنغافوري), a name
    ending in ``ي`` is its own nisba (هايتي), one ending in ``و`` has no rule (بيرو → بيروفي is
    an exception), and any other ending takes ``ي`` (باكستان → باكستاني، السنغال → سنغالي)."""
    if " " in name:
        return []
    base = name[2:] if name.startswith("ال") and len(name) > 4 else name
    if base.endswith("ي"):
        return [base]
    if base.endswith("و"):
        return []
    if base.endswith(("يا", "ية")):
        return [base[:-1]]
    if base.endswith(("ا", "ة")):
        return [base[:-1] + "ي"]
    return [base + "ي"]


def adjective_forms(stems: list[str], extra: list[str]) -> list[str]:
    """Every form of the nisba stems (:data:`ADJECTIVE_PATTERNS`, canonical ``الX`` first),
    then the reviewed extra forms (broken plurals: الأتراك، المغاربة)."""
    return [pattern.format(stem) for pattern in ADJECTIVE_PATTERNS for stem in stems] + extra


def spelling_variants(spelling: str, rules: list[SpellingRule], *,
                      adjective: bool = False) -> list[str]:
    """Other spellings of ``spelling`` by the rules of ``world_spelling.csv`` (for an
    adjective, only the rules of scope ``all``). One variant per rule, and the rules compose:
    a name with both غ and أمريك gets three variants."""
    found = [spelling]
    for rule in rules:
        if adjective and rule.scope != "all":
            continue
        for current in list(found):
            words = current.split(" ")
            changed = [w.replace(rule.find, rule.replace) if rule.applies(w) else w
                       for w in words]
            if changed != words:
                variant = " ".join(changed)
                if variant not in found:
                    found.append(variant)
    return found[1:]


def slug(text: str) -> str:
    """``Côte d’Ivoire`` → ``cote_d_ivoire``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _SLUG.sub("_", ascii_text.lower()).strip("_")


def _cell(rec: dict, column: str) -> str:
    return str(rec.get(column, "") or "").strip()


# --------------------------------------------------------------------------------------------
# the build
# --------------------------------------------------------------------------------------------


def territory_entities(inputs: Inputs) -> list[Entity]:
    """Countries, territories, regions and places from CLDR + the reviewed overrides, and the
    capitals of the states."""
    ar_names = Locale("ar").territories
    en_names = Locale("en").territories
    iso3_cldr = cldr_iso3()
    listed = {rec["code"] for rec in inputs.territories}
    missing = sorted(set(ar_names) - listed)
    unknown = sorted(listed - set(ar_names))
    if missing or unknown:
        raise BuildError(f"world_territories.csv must list every CLDR territory once: missing "
                         f"{missing}, not in CLDR {unknown} (Babel {babel.__version__})")
    unused_capitals = sorted(set(inputs.capitals) - listed)
    if unused_capitals:
        raise BuildError(f"world_capitals.csv: codes not in world_territories.csv: "
                         f"{unused_capitals}")
    out: list[Entity] = []
    for rec in inputs.territories:
        code, status = rec["code"], rec["status"]
        if status == "skip":
            continue
        cldr = [_PAREN.sub("", name).strip() for name in cldr_names(code)]
        name_ar = _cell(rec, "name_ar") or cldr[0]
        name_en = _cell(rec, "name_en") or en_names[code].replace(" & ", " and ")
        aliases = [n for n in cldr if n != name_ar] + split_list(_cell(rec, "aliases"))
        adjectives = _cell(rec, "adjectives")
        if adjectives == NONE:
            stems = []
        elif adjectives:
            stems = split_list(adjectives)
        else:
            stems = nisba_stems(name_ar) if status == "state" else []
        forms = adjective_forms(stems, split_list(_cell(rec, "adjectives_extra")))
        not_followed = split_list(_cell(rec, "not_followed_by"))
        if status in ("region", "place"):
            kind = "place"
            ident = f"place_{slug(name_en)}"
            country = _cell(rec, "country")
        else:
            kind = "country"
            country = _iso3(code, inputs, iso3_cldr)
            ident = f"country_{country.lower()}"
        out.append(Entity(ident, kind, name_ar, name_en, country, "", aliases, "", forms, [],
                          not_followed, origin=f"world_territories.csv {code}"))
        if status == "state":
            capital = capital_entity(code, country, name_ar, inputs)
            if capital is not None:
                out.append(capital)
    return out


def _iso3(code: str, inputs: Inputs, iso3_cldr: dict[str, list[str]]) -> str:
    """The alpha-3 code: GeoNames', which must be among CLDR's (XK: GeoNames' XKX)."""
    geo = inputs.geonames.get(code)
    if geo is None:
        raise BuildError(f"{code}: no alpha-3 code in geonames_countries.csv; mark it "
                         f"'place' (with a country) or 'skip' in world_territories.csv")
    cldr = iso3_cldr.get(code, [])
    if geo["iso3"] not in cldr and code != "XK":
        raise BuildError(f"{code}: GeoNames alpha-3 {geo['iso3']!r} is not CLDR's {cldr}")
    return geo["iso3"]


def capital_entity(code: str, iso3: str, country_ar: str, inputs: Inputs) -> Entity | None:
    """The capital of state ``code`` as a ``city`` row with ``metonym_of`` = ``iso3``, or None
    (no capital in GeoNames, or ``-`` in ``world_capitals.csv``)."""
    override = inputs.capitals.get(code, {})
    geo = inputs.geonames.get(code, {})
    capital_en = _cell(override, "capital_en") or _cell(geo, "capital_en")
    capital_ar = _cell(override, "capital_ar")
    if capital_ar == NONE or not capital_en:
        return None
    cldr = cldr_exemplar_city(code, _cell(geo, "capital_en"))
    if not capital_ar and not cldr:
        raise BuildError(f"{code}: no Arabic name for the capital {capital_en!r} in CLDR; add "
                         f"it to world_capitals.csv (or '-' for none)")
    name_ar = capital_ar or cldr
    aliases = [cldr] if cldr and cldr != name_ar else []
    aliases += split_list(_cell(override, "aliases"))
    own = alias_key(country_ar)
    aliases = [a for a in aliases if alias_key(a) != own]
    if alias_key(name_ar) == own:
        raise BuildError(f"{code}: the capital {name_ar!r} is written like its country; give "
                         f"a distinct name in world_capitals.csv (مدينة …، … العاصمة) or '-'")
    return Entity(f"city_{slug(capital_en)}", "city", name_ar, capital_en, iso3, "", aliases,
                  iso3, [], [], split_list(_cell(override, "not_followed_by")),
                  origin=f"capital of {code}")


def listed_entities(inputs: Inputs) -> list[Entity]:
    """The hand-reviewed rows of ``world_entities.csv`` (organisations, extra places)."""
    out = []
    for rec in inputs.entities:
        out.append(Entity(rec["id"], rec["type"], rec["name_ar"], rec["name_en"],
                          _cell(rec, "country"), _cell(rec, "wikidata"),
                          split_list(_cell(rec, "aliases")), _cell(rec, "metonym_of"),
                          split_list(_cell(rec, "adjectives")),
                          split_list(_cell(rec, "short_aliases")),
                          split_list(_cell(rec, "not_followed_by")),
                          origin=f"world_entities.csv line {rec['line']}", variants=False))
    return out


def finish(entities: list[Entity], inputs: Inputs) -> list[Entity]:
    """Spelling variants, blocked spellings, duplicates within an entity; then stop on any
    spelling two entities share (see the module docstring)."""
    for ent in entities:
        if alias_key(ent.name_ar) in inputs.blocked:
            raise BuildError(f"{ent.origin}: name_ar {ent.name_ar!r} is blocked "
                             f"({inputs.blocked[alias_key(ent.name_ar)]}); override it")
        seen = {alias_key(ent.name_ar)}

        def keep(items: list[str], adjective: bool = False, ent: Entity = ent,
                 seen: set[str] = seen) -> list[str]:
            if ent.variants:
                items = items + [v for item in items for v in spelling_variants(
                    item, inputs.spelling, adjective=adjective)]
            kept = []
            for item in items:
                key = alias_key(item)
                if key in seen or key in inputs.blocked:
                    continue
                seen.add(key)
                kept.append(item)
            return kept

        ent.aliases = keep(ent.aliases)
        if ent.variants:  # the name's own variants are aliases
            ent.aliases += keep(spelling_variants(ent.name_ar, inputs.spelling))
        ent.adjectives = keep(ent.adjectives, adjective=True)
        ent.short_aliases = keep(ent.short_aliases)
    owners: dict[str, list[tuple[Entity, str]]] = {}
    for ent in entities:
        for kind, items in (("name", [ent.name_ar, *ent.aliases]),
                            ("adjective", ent.adjectives), ("short", ent.short_aliases)):
            for item in items:
                owners.setdefault(alias_key(item), []).append((ent, f"{kind} {item!r}"))
    clashes = [f"{key!r}: " + "; ".join(f"{what} of {ent.id} ({ent.origin})"
                                        for ent, what in found)
               for key, found in sorted(owners.items()) if len(found) > 1]
    if clashes:
        raise BuildError("spellings claimed by two entities (block one in world_blocked.csv "
                         "or change a name):\n  " + "\n  ".join(clashes))
    ids = [ent.id for ent in entities]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise BuildError(f"duplicate ids {dupes}: give a distinct name_en")
    return sorted(entities, key=lambda e: (TYPES.index(e.type), e.id))


def build(inputs: Inputs | None = None) -> list[Entity]:
    """The world layer's rows."""
    inputs = inputs or read_inputs()
    return finish(territory_entities(inputs) + listed_entities(inputs), inputs)


def render(entities: list[Entity]) -> str:
    """The CSV text (UTF-8, ``\\n`` line ends, minimal quoting)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(ent.row() for ent in entities)
    return buf.getvalue()


def summary(entities: list[Entity]) -> str:
    """Counts by type (and of adjective forms)."""
    counts = {t: sum(e.type == t for e in entities) for t in TYPES}
    with_adj = sum(bool(e.adjectives) for e in entities)
    forms = sum(len(e.adjectives) for e in entities)
    spellings = sum(1 + len(e.aliases) for e in entities)
    return (", ".join(f"{n} {t}" for t, n in counts.items() if n)
            + f"; {spellings} name spellings; {with_adj} entities with {forms} adjective forms")


def precedence_report(path: Path) -> list[str]:
    """What the curated layer overrides when the world file at ``path`` is loaded under it."""
    dropped: list[str] = []
    load_layers([DEFAULT_PATH, path], dropped=dropped)
    return dropped


def main(argv: list[str] | None = None) -> int:
    """Command line: build, ``--check`` or ``--report``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if --out differs from a fresh build")
    parser.add_argument("--report", action="store_true",
                        help="also print what the curated layer overrides at load time")
    args = parser.parse_args(argv)
    try:
        entities = build()
    except ValueError as err:  # BuildError, or DataFileError naming a file and line
        print(f"build_world_gazetteer: {err}", file=sys.stderr)
        return 2
    text = render(entities)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date: rerun scripts/build_world_gazetteer.py",
                  file=sys.stderr)
            return 1
        print(f"{args.out} is up to date ({summary(entities)})")
    else:
        args.out.write_text(text, encoding="utf-8")
        load_gazetteer(args.out)  # the written file validates on its own
        print(f"wrote {args.out}: {summary(entities)} (Babel {babel.__version__})")
    if args.report:
        for line in precedence_report(args.out):
            print(f"  curated wins: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
