"""Named entities of Arabic news: the gazetteer table and one fast matcher over normalized text.

The table (``data/gazetteer.csv``, see the data README) lists people, countries, cities, places
and organisations with their Arabic spelling variants (``aliases``), nisba adjectives
(``adjectives``: الروسي، الكورية الشمالية) and short forms (``short_aliases``: كيم) that only count
in a text that also names the entity in full. :func:`load_layers` reads several such tables as
one, the first winning: the curated table over the derived world layer (``gazetteer_world.csv``)
over the derived places layer (``gazetteer_places.csv``: cities and regions).

Matching (:func:`find_entities`) runs over text normalized by :func:`marsad.normalize.normalize`:

* every alias is normalized the same way and compiled, once, into ONE regex: a character trie
  (shared prefixes factored out), so at any position the longest alias wins
  (``كوريا الشمالية`` never leaves a ``كوريا``; ``مجلس الأمن الروسي`` beats ``مجلس الأمن``);
* words of a multi-word alias may be separated by spaces or a hyphen (``بيونغ-يانغ``);
* an alias must stand on word boundaries, after optional proclitics: و/ف, then ب/ل/ك
  (``وروسيا``، ``لبيونغ يانغ``، ``وبوتين``، ``فلموسكو``); an alias written with the article takes
  ``لل`` for ``ل + ال`` (``للكرملين``، ``وللولايات المتحدة``). A name is never cut: ``بوتين`` is
  tried whole when ``ب`` + ``وتين`` is not an alias;
* ``not_followed_by``: the match is rejected when the next word is listed
  (``مجلس الأمن القومي`` is not the UN Security Council; ``بيرم التونسي`` is a poet, not Perm);
* a country name that is also the indefinite accusative of its own adjective (``روسيا`` =
  ``روسيًا`` once diacritics are gone: ``وفدا روسيا``، ``مصنعا روسيا``) is read as the adjective
  when the word before it looks like an indefinite accusative noun (ends in ``ا``, has no article,
  is not a function word, a pronoun-suffixed form or a name);
* short aliases (``كيم``) are kept only when the same text has a full-name mention of the entity.

Offsets (``start``, ``end``) are into the normalized text; the proclitics are not part of the
span (they are in ``prefix``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import TypeVar

import pandas as pd

from marsad.clitics import ARTICLE, CONJUNCTIONS, PREPOSITIONS
from marsad.datafiles import DataFileError, read_table
from marsad.memo import TextMemo
from marsad.normalize import normalize
from marsad.patterns import trie_regex
from marsad.word_classes import stopword_set

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "gazetteer.csv"
#: The world layer (every country and territory, capitals, international bodies), built by
#: ``scripts/build_world_gazetteer.py``; see the data README.
WORLD_PATH = DEFAULT_PATH.with_name("gazetteer_world.csv")
#: The places layer (world cities and first-level regions with their Arabic names, from
#: GeoNames), built by ``scripts/build_places_gazetteer.py``; see the data README.
PLACES_PATH = DEFAULT_PATH.with_name("gazetteer_places.csv")
#: The layers of :func:`load_layers`, highest priority first: the curated rows win, then the
#: world layer, then the places layer.
DEFAULT_LAYERS = (DEFAULT_PATH, WORLD_PATH, PLACES_PATH)
TYPES = ("person", "country", "city", "place", "org", "party")
COLUMNS = ("id", "type", "name_ar", "name_en", "country", "wikidata", "aliases", "metonym_of",
           "adjectives", "short_aliases", "not_followed_by")
REQUIRED = ("id", "type", "name_ar", "name_en")
LIST_COLUMNS = ("aliases", "adjectives", "short_aliases", "not_followed_by")
KINDS = ("name", "adjective", "short")
T = TypeVar("T")


_ISO3 = re.compile(r"[A-Z]{3}")
_QID = re.compile(r"Q[1-9][0-9]*")
_ID = re.compile(r"[a-z0-9_]+")
_QUOTES = "\"'«»“”‘’„"
_SEP_INPUT = re.compile(f"[\\s\\-\u2010\u2011{_QUOTES}]+")
# Between the words of a multi-word alias in running text: spaces (no line break), a hyphen,
# or a quotation mark (تنظيم "الدولة الإسلامية"، حزب «العدالة والتنمية»: the name quoted).
_SEP_TEXT = (r"(?:[^\S\n]*[\-\u2010\u2011" + _QUOTES + r"][^\S\n]*|[^\S\n]+)")
_SEP_TEXT_RE = re.compile(_SEP_TEXT)
_WORD = re.compile(r"[^\W_]+")
_NEXT_WORD = re.compile(r"[^\S\n]*[\"'«»“”()\[\]]?[^\S\n]*([^\W_]+)")
_PREV_WORD = re.compile(r"([^\W_]+)[^\S\n]*$")
# Endings of a word before روسيا that make it NOT an indefinite accusative noun:
# pronoun suffixes (غزوها، لنا), plural verbs (زاروا), particles (بينما، كما), vocative يا,
# feminine duals (سبقتا، حملتا). Three-letter words (دعا، بدا، معا) are verbs or adverbs.
_NOT_ACCUSATIVE_ENDINGS = ("ها", "نا", "وا", "ما", "يا", "تا", "اا")
_KEYS_MAX = 50_000  # matched spellings remembered by a Matcher
_FOUND_MAX_CHARS = 60_000_000  # text whose matches a Matcher remembers (oldest forgotten first)


@dataclass(frozen=True)
class EntityMention:
    """One gazetteer match in a normalized text."""

    entity_id: str
    type: str
    name_en: str
    name_ar: str
    country: str
    surface: str
    start: int
    end: int
    kind: str
    prefix: str = ""


_MENTION_FIELDS = tuple(EntityMention.__dataclass_fields__)
_new_object = object.__new__


def _mention(values: tuple) -> EntityMention:
    """``EntityMention(*values)`` without the per-field checks of a frozen dataclass."""
    mention = _new_object(EntityMention)
    mention.__dict__.update(zip(_MENTION_FIELDS, values, strict=True))
    return mention


def split_list(value: str) -> list[str]:
    """Items of a ``|``-separated cell (empty cell → no items)."""
    value = (value or "").strip()
    return [] if not value else [item.strip() for item in value.split("|")]


def alias_key(alias: str) -> str:
    """Matching key of an alias or a matched span: normalized, words joined by one space."""
    parts = _SEP_INPUT.split(normalize(alias).replace("\u0629", "\u0647").strip())
    return " ".join(p for p in parts if p)


def load_gazetteer(path: str | Path | None = None) -> pd.DataFrame:
    """Read and validate a gazetteer CSV (default: the packaged one) with
    :func:`marsad.datafiles.read_table`: :data:`REQUIRED` columns, the others of
    :data:`COLUMNS` optional (and ``note``).

    Raises :class:`~marsad.datafiles.DataFileError` naming the file and the line for a
    missing or unknown column, an empty required cell, a duplicate id or ``name_ar``, an unknown
    type, a malformed ISO3 / Q-id, an empty list item, or an alias that normalizes to the same key
    as another entity's alias.
    """
    path = Path(path) if path is not None else DEFAULT_PATH
    table = read_table(path, REQUIRED, [c for c in COLUMNS if c not in REQUIRED])
    validate(table, str(path))
    return table[list(COLUMNS)]


def load_layers(paths: Iterable[str | Path | pd.DataFrame] | None = None, *,
                dropped: list[str] | None = None) -> pd.DataFrame:
    """Several gazetteers read as one, the first winning (default :data:`DEFAULT_LAYERS`:
    the curated ``gazetteer.csv`` over the world layer).

    Each layer is read and validated by :func:`load_gazetteer` (or given as a table). A row of
    a later layer is skipped when an earlier layer already has the entity: same ``id``, same
    ``wikidata``, the same ISO3 for a ``country`` row, or a ``name_ar`` or alias spelled
    (normalized) like any earlier spelling; otherwise only its adjectives and short forms that
    an earlier layer already uses are dropped. The result carries a ``layer`` column (the
    file name) and is validated as a whole: one spelling, one entity. ``dropped`` collects one
    line per skipped row or spelling. Put your own file first to let it win:
    ``load_layers(["mine.csv", *DEFAULT_LAYERS])``.
    """
    layers = []
    for item in DEFAULT_LAYERS if paths is None else paths:
        if isinstance(item, pd.DataFrame):
            table = item.reset_index(drop=True).reindex(columns=list(COLUMNS), fill_value="")
            table = table.fillna("").astype(str)
            validate(table, "table")
            layers.append((table, "table"))
        else:
            layers.append((load_gazetteer(item), Path(item).name))
    ids: set[str] = set()
    qids: set[str] = set()
    countries: set[str] = set()
    keys: dict[str, str] = {}  # spelling key → id of the entity that has it
    rows = []
    for table, layer in layers:
        for rec in table[list(COLUMNS)].to_dict("records"):
            reason = _claimed_by(rec, ids, qids, countries, keys)
            if reason:
                if dropped is not None:
                    dropped.append(f"{layer}: row {rec['id']} ({rec['name_ar']}): {reason}")
                continue
            for column in ("aliases", "adjectives", "short_aliases"):
                kept = []
                for item in split_list(rec[column]):
                    owner = keys.get(alias_key(item))
                    if owner is None:
                        kept.append(item)
                    elif dropped is not None:
                        dropped.append(f"{layer}: {rec['id']}: {column} {item!r} "
                                       f"(spelled like {owner})")
                rec[column] = "|".join(kept)
            ids.add(rec["id"])
            if rec["wikidata"]:
                qids.add(rec["wikidata"])
            if rec["type"] == "country" and rec["country"]:
                countries.add(rec["country"])
            for alias, _ in _entity_aliases(rec["name_ar"], rec["aliases"], rec["adjectives"],
                                            rec["short_aliases"]):
                keys.setdefault(alias_key(alias), rec["id"])
            rows.append({**rec, "layer": layer})
    table = pd.DataFrame(rows, columns=[*COLUMNS, "layer"], dtype=str)
    validate(table, " + ".join(layer for _, layer in layers))
    return table


def _claimed_by(rec: dict, ids: set[str], qids: set[str], countries: set[str],
                keys: dict[str, str]) -> str:
    """Why an earlier layer already has the entity of ``rec`` ("" when it does not)."""
    if rec["id"] in ids:
        return "same id"
    if rec["wikidata"] and rec["wikidata"] in qids:
        return f"same wikidata {rec['wikidata']}"
    if rec["type"] == "country" and rec["country"] in countries:
        return f"same country {rec['country']}"
    owner = keys.get(alias_key(rec["name_ar"]))
    if owner is not None:
        return f"name spelled like {owner}"
    for alias in split_list(rec["aliases"]):  # مكة المكرمة (curated) is the places layer's مكة
        owner = keys.get(alias_key(alias))
        if owner is not None:
            return f"alias {alias!r} spelled like {owner}"
    return ""


def validate(table: pd.DataFrame, label: str) -> None:
    """Check a gazetteer table (see :func:`load_gazetteer`); ``label`` names it in messages.
    A table read from a file (a ``line`` column, as :func:`marsad.datafiles.read_table` gives)
    raises :class:`~marsad.datafiles.DataFileError` naming the file and line; another table a
    ``ValueError`` naming its row (1-based)."""
    lines = table["line"].tolist() if "line" in table.columns else None

    def at(row: int) -> str:
        return f"line {lines[row]}" if lines is not None else f"row {row + 1}"

    def fail(row: int, message: str) -> None:
        entity = table.at[row, "id"] or "?"
        if lines is None:
            raise ValueError(f"{label}: {at(row)} (id {entity!r}): {message}")
        raise DataFileError(f"{label}, {at(row)} (id {entity!r}): {message}")

    seen_ids: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    owner: dict[str, tuple[int, str]] = {}
    for row, rec in enumerate(table.itertuples(index=False)):
        for column in REQUIRED:
            if not getattr(rec, column):
                fail(row, f"empty {column}")
        if not _ID.fullmatch(rec.id):
            fail(row, "id must be lower-case ASCII letters, digits and _")
        if rec.id in seen_ids:
            fail(row, f"duplicate id (also {at(seen_ids[rec.id])})")
        seen_ids[rec.id] = row
        if rec.name_ar in seen_names:
            fail(row, f"duplicate name_ar {rec.name_ar!r} (also {at(seen_names[rec.name_ar])})")
        seen_names[rec.name_ar] = row
        if rec.type not in TYPES:
            fail(row, f"type {rec.type!r} not one of {', '.join(TYPES)}")
        for column in ("country", "metonym_of"):
            value = getattr(rec, column)
            if value and not _ISO3.fullmatch(value):
                fail(row, f"{column} {value!r} is not an ISO 3166 alpha-3 code (3 capitals)")
        if rec.wikidata and not _QID.fullmatch(rec.wikidata):
            fail(row, f"wikidata {rec.wikidata!r} is not a Q-id")
        for column in LIST_COLUMNS:
            if any(not item for item in split_list(getattr(rec, column))):
                fail(row, f"empty item in {column} (check for '||' or a trailing '|')")
        for alias, kind in _entity_aliases(rec.name_ar, rec.aliases, rec.adjectives,
                                           rec.short_aliases):
            key = alias_key(alias)
            if not _WORD.search(key):
                fail(row, f"alias {alias!r} has no letters")
            previous = owner.get(key)
            if previous is not None and (previous[0] != row or previous[1] != kind):
                other = table.at[previous[0], "id"]
                fail(row, f"alias {alias!r} ({kind}) normalizes like a {previous[1]} of "
                          f"{other!r}: {key!r}")
            owner[key] = (row, kind)


def _entity_aliases(name_ar: str, aliases: str, adjectives: str,
                    short_aliases: str) -> list[tuple[str, str]]:
    """(alias, kind) pairs of one entity, ``name_ar`` first."""
    pairs = [(name_ar, "name")] + [(a, "name") for a in split_list(aliases)]
    pairs += [(a, "adjective") for a in split_list(adjectives)]
    pairs += [(a, "short") for a in split_list(short_aliases)]
    return pairs


def adjective_forms(adjectives: str, country: bool = False) -> list[str]:
    """The sound plurals of an entity's definite one-word nisba adjectives, with and without
    the article (الألماني → ألمانيون، ألمانيين، الألمانيون، الألمانيين), and for a country its
    indefinite accusative (ألمانيا is the name; سعوديا، فلسطينيا are not): the ``adjectives``
    column lists a few forms, news writes all of them (ثلاثة جنود سعوديين، مسؤولا أمريكيا).
    Only from a form with the article: ألماني alone does not say where its stem starts. The
    matcher never lets one of these override an alias a row lists."""
    out = []
    for adj in split_list(adjectives):
        if " " in adj or not adj.startswith(ARTICLE) or not adj.endswith("\u064a") or len(adj) < 6:
            continue
        for form in (adj[2:] + "\u0648\u0646", adj[2:] + "\u064a\u0646"):
            out += [form, ARTICLE + form]
        if country:
            out.append(adj[2:] + "\u0627")
    return out


def adjective_term(row: pd.Series) -> str:
    """Canonical adjective of an entity: the first listed (``الروسي``), else ``name_ar``."""
    items = split_list(row["adjectives"])
    return items[0] if items else str(row["name_ar"])


# --------------------------------------------------------------------------------------------
# the matcher
# --------------------------------------------------------------------------------------------


def _atom(char: str) -> str:
    """A character of a gazetteer key as a pattern: a space matches :data:`_SEP_TEXT`; ``ه``
    also matches ``ة`` (text normalized with ``teh_marbuta=False``)."""
    if char == " ":
        return _SEP_TEXT
    if char == "\u0647":
        return "[\u0647\u0629]"
    return re.escape(char)


class Matcher:
    """Gazetteer compiled for matching; build once (:func:`default_matcher`) and reuse."""

    def __init__(self, table: pd.DataFrame, function_words: Iterable[str] = ()):
        self.table = table.reset_index(drop=True)
        self._function_words = frozenset(function_words)
        self._lookup: dict[str, tuple[int, str]] = {}
        self._blocked: dict[int, frozenset[str]] = {}
        self._nisba: set[str] = set()
        self._feminine: set[str] = set()  # country names spelled like a feminine nisba
        self._alias_words: set[str] = set()
        self._licensing: set[str] = set()
        layers = self.table["layer"] if "layer" in self.table else pd.Series("", self.table.index)
        for idx, rec in enumerate(self.table.itertuples(index=False)):
            transliterated = layers.iat[idx] == PLACES_PATH.name
            adjective_keys = set()
            for alias, kind in _entity_aliases(rec.name_ar, rec.aliases, rec.adjectives,
                                               rec.short_aliases):
                key = alias_key(alias)
                self._lookup.setdefault(key, (idx, kind))
                self._alias_words.update(key.split(" "))
                if " " not in key or not transliterated:
                    self._licensing.update(key.split(" "))
                if kind == "adjective":
                    adjective_keys.add(key)
            for alias, kind in _entity_aliases(rec.name_ar, rec.aliases, "", ""):
                key = alias_key(alias)
                if kind == "name" and key.endswith("\u0627") and key[:-1] in adjective_keys:
                    self._nisba.add(key)
                if (rec.type == "country" and " " not in key and key.startswith(ARTICLE)
                        and key.endswith("\u064a\u0647")):  # السعودية
                    self._feminine.add(key)
            blocked = {alias_key(w) for w in split_list(rec.not_followed_by)}
            if blocked:
                self._blocked[idx] = frozenset(blocked)
        for idx, rec in enumerate(self.table.itertuples(index=False)):
            for form in adjective_forms(rec.adjectives, rec.type == "country"):  # never
                # over an alias a row lists (روسيا is the name, not الروسي in the accusative)
                key = alias_key(form)
                if key not in self._lookup:
                    self._lookup[key] = (idx, "adjective")
                    self._alias_words.add(key)
                    self._licensing.add(key)
        keys = sorted(self._lookup)
        article_keys = [k[1:] for k in keys if k.startswith(ARTICLE) and len(k) > 3]
        conj, prep = CONJUNCTIONS, PREPOSITIONS
        pattern = (
            rf"(?<!\w)(?:(?P<p>[{conj}]?[{prep}]?)(?P<b>{trie_regex(keys, _atom)})"
            rf"|(?P<q>[{conj}]?\u0644)(?P<c>{trie_regex(article_keys, _atom)}))(?!\w)"
        )
        self.regex = re.compile(pattern)
        self._records = self.table.to_dict("records")
        self._keys: dict[str, str] = {}  # matched text → alias_key (bounded memo)
        # bounded memo of matches as plain tuples (str/int only): the garbage collector stops
        # tracking them, so a large memo costs no collection time (EntityMention objects would)
        self._found = {flag: TextMemo(_FOUND_MAX_CHARS) for flag in (True, False)}
        # the entity columns of each row's mentions, in EntityMention field order
        self._entity_values = [(r["id"], r["type"], r["name_en"], r["name_ar"], r["country"])
                               for r in self._records]

    def _key(self, surface: str) -> str:
        key = self._keys.get(surface)
        if key is None:
            if len(self._keys) >= _KEYS_MAX:
                self._keys.clear()
            key = self._keys[surface] = alias_key(surface)
        return key

    @property
    def alias_words(self) -> frozenset[str]:
        """Every word of every normalized alias (names, adjectives, short forms)."""
        return frozenset(self._alias_words)

    @property
    def licensing_words(self) -> frozenset[str]:
        """The alias words that license a proclitic strip (:func:`marsad.terms.terms`): every
        word of every alias, except the words of a longer name of the places layer — GeoNames'
        transliterations of foreign towns, whose words are Arabic words by chance (ديه of نام
        ديه, Nam Dinh, would make ودية 'friendly' و + ديه)."""
        return frozenset(self._licensing)

    def find(self, text_norm: str, *, short_aliases: bool = True) -> list[EntityMention]:
        """All entity mentions of ``text_norm``, in text order (see module docstring).

        Results are remembered (up to :data:`_FOUND_MAX_CHARS` characters of text): keywords,
        n-grams, co-occurrence and events each read the same articles."""
        return list(map(_mention, self.find_values(text_norm, short_aliases=short_aliases)))

    def find_values(self, text_norm: str, *, short_aliases: bool = True) -> tuple[tuple, ...]:
        """:meth:`find` as tuples of :class:`EntityMention` field values (no objects built)."""
        short_aliases = bool(short_aliases)
        return self._found[short_aliases](
            text_norm, lambda text: self._find_values(text, short_aliases=short_aliases))

    def _find_values(self, text_norm: str, *, short_aliases: bool = True) -> tuple[tuple, ...]:
        """The mentions of ``text_norm`` as tuples of :class:`EntityMention` field values."""
        found: list[tuple] = []
        search = self.regex.search
        pos = 0
        while True:
            m = search(text_norm, pos)
            if m is None:
                break
            if m.group("b") is not None:
                start, prefix = m.start("b"), m.group("p")
                key = self._key(m.group("b"))
            else:
                start, prefix = m.start("c"), m.group("q")
                key = self._key("\u0627" + m.group("c"))
            idx, kind = self._lookup[key]
            blocked = self._blocked.get(idx)
            if blocked is not None:
                nxt = _NEXT_WORD.match(text_norm, m.end())
                if nxt is not None and alias_key(nxt.group(1)) in blocked:
                    pos = m.start() + 1
                    continue
            if kind == "name" and not prefix and key in self._nisba:
                if self._accusative_before(text_norm, m.start()):
                    kind = "adjective"
            if kind == "name" and not prefix and key in self._feminine:
                if self._definite_noun_before(text_norm, m.start()):
                    kind = "adjective"  # الأندية السعودية، الحكومة السعودية
            end = m.end()
            found.append(self._entity_values[idx]
                         + (text_norm[start:end], start, end, kind, prefix))
            pos = end
        if not short_aliases:
            return tuple(x for x in found if x[8] != "short")
        named = {x[0] for x in found if x[8] == "name"}
        return tuple(x for x in found if x[8] != "short" or x[0] in named)

    def _definite_noun_before(self, text: str, start: int) -> bool:
        """Is the word before ``start`` a definite noun (``الأندية``، ``الحكومة``) — so that a
        country spelled like a feminine nisba after it (``السعودية``) is the adjective?"""
        prev = _PREV_WORD.search(text, max(0, start - 40), start)
        if prev is None:
            return False
        word = prev.group(1)
        if word[:1] in CONJUNCTIONS and word[1:].startswith(ARTICLE):
            word = word[1:]  # والحكومة
        return (word.startswith(ARTICLE) and len(word) >= 4 and word not in self._function_words
                and word not in self._alias_words)

    def _accusative_before(self, text: str, start: int) -> bool:
        """Is the word before ``start`` an indefinite accusative noun (وفدا، مصنعا)?"""
        prev = _PREV_WORD.search(text, max(0, start - 40), start)
        if prev is None:
            return False
        word = prev.group(1)
        return (len(word) >= 4 and word.endswith("\u0627") and not word.isdigit()
                and not word.startswith(ARTICLE) and not word.endswith(_NOT_ACCUSATIVE_ENDINGS)
                and word not in self._function_words and word not in self._alias_words)


def compile_matcher(table: pd.DataFrame | None = None) -> Matcher:
    """A :class:`Matcher` for ``table`` (default gazetteer), with the stopword list as the
    function words of the ``روسيا``-as-adjective check."""
    return Matcher(load_gazetteer() if table is None else table, stopword_set())


# --------------------------------------------------------------------------------------------
# the gazetteer a run counts
# --------------------------------------------------------------------------------------------


class Gazetteer:
    """The entities a run counts — by default the built-in layers (:data:`DEFAULT_LAYERS`),
    after :func:`use` those of one corpus (built-in + discovered + the analyst's own) — with
    what every reader derives from them, computed once: the :class:`Matcher`, each entity's
    adjective term, and each entity term's type, English name and id. Tokens, keywords,
    co-occurrence and events all read the active one (:func:`active`), so an entity added here
    is one term in keywords, a node in co-occurrence and an actor in events."""

    def __init__(self, table: pd.DataFrame, *, builtin: bool = False):
        self.table = table.reset_index(drop=True)
        #: True for the built-in layers (every process starts with them)
        self.builtin = builtin
        #: names this gazetteer's content: a process told to count with another one checks it
        self.fingerprint = hashlib.sha256(
            self.table[list(COLUMNS)].to_csv(index=False).encode()).hexdigest()[:16]
        self.matcher = compile_matcher(self.table)
        records = self.table.to_dict("records")
        #: entity id → its canonical adjective term (``الروسي``), or its name without one
        self.adjective_of = {r["id"]: adjective_term(r) for r in records}
        #: entity term (``name_ar``; an adjective term) → (type, name_en, id); adjectives have
        #: type ``adjective`` and name_en ``"<name> (adjective)"``
        self.term_info: dict[str, tuple[str, str, str]] = {}
        for r in records:
            self.term_info.setdefault(r["name_ar"], (r["type"], r["name_en"], r["id"]))
        for r in records:
            if split_list(r["adjectives"]):
                self.term_info.setdefault(self.adjective_of[r["id"]],
                                          (ADJECTIVE, f"{r['name_en']} (adjective)", r["id"]))


#: The type of an entity's adjective term in tables (``الروسي``: type ``adjective``).
ADJECTIVE = "adjective"
_ACTIVE: list = [None, 0]  # [the active Gazetteer or None for the built-in one, its version]


def active() -> Gazetteer:
    """The gazetteer this process counts with (the built-in layers until :func:`use`)."""
    if _ACTIVE[0] is None:
        _ACTIVE[0] = Gazetteer(load_layers(), builtin=True)
    return _ACTIVE[0]


def use(table: pd.DataFrame | None = None) -> Gazetteer:
    """Count with ``table`` from now on (None: back to the built-in layers). Everything derived
    from the gazetteer (:func:`derived`) is recomputed on its next use."""
    _ACTIVE[0] = None if table is None else Gazetteer(table)
    _ACTIVE[1] += 1
    return active()


def use_if_other(table: pd.DataFrame | None, fingerprint: str | None) -> None:
    """:func:`use` ``table`` unless the active gazetteer already has that ``fingerprint``
    (None: the built-in one) — for a worker process told what to count with."""
    if fingerprint is None:
        if not active().builtin:
            use(None)
    elif active().fingerprint != fingerprint:
        use(table)


def version() -> int:
    """Changes each time :func:`use` changes the active gazetteer."""
    return _ACTIVE[1]


def derived(compute: Callable[[], T]) -> Callable[[], T]:
    """``compute()`` remembered until the active gazetteer changes — for a module's own view of
    the entities (an index, a lexicon part)."""
    memo: list = [None, None]

    @wraps(compute)
    def current() -> T:
        if memo[0] != version():
            memo[1] = compute()
            memo[0] = version()
        return memo[1]

    return current


def default_matcher() -> Matcher:
    """The matcher of the active gazetteer (:func:`active`)."""
    return active().matcher


def find_entities(text_norm: str, *, short_aliases: bool = True,
                  matcher: Matcher | None = None) -> list[EntityMention]:
    """Gazetteer mentions in a normalized text (``normalize(text)``), in order.

    ``short_aliases=False`` drops short forms (``كيم``) even where the full name occurs.
    ``matcher``: a :func:`compile_matcher` result for a custom gazetteer.
    """
    return (matcher or default_matcher()).find(text_norm, short_aliases=short_aliases)


def mentions_frame(mentions: Iterable[EntityMention]) -> pd.DataFrame:
    """Mentions as a table (one row each, the dataclass fields as columns)."""
    columns = list(EntityMention.__dataclass_fields__)
    return pd.DataFrame([m.__dict__ for m in mentions], columns=columns)
