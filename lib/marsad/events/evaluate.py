"""How good are the event tables? :mod:`marsad.events` scored against the dev gold (issue 15).

    python -m marsad.events.evaluate [--split tune|heldout|all]     # or: make eval

The gold (``tests/data/events_gold_dev.csv``, guidelines in ``events_gold_dev.md``) holds one row
per event *mention* in 101 articles drawn at random from the 2018 ANT corpus and the SaudiNewsNet
2015 sample (``events_gold_dev_articles.csv``; ``scripts/draw_event_gold.py``). It stores no
text: a mention is located by its **anchor** — the trigger word and the next two words of the
article's normalized ``text_clean`` (:func:`marsad.normalize.normalize`, words = runs of letters
and digits) — and the **occurrence** of that anchor in the article (1 = first). The articles
are read from ``../shared/corpora`` and cleaned as :func:`marsad.pipeline.prepare` does.

**Matching.** A predicted row (``extract_events``) and a gold row are candidates when they are
in the same article and the prediction's trigger word (the word at ``char_start``) is the
anchor's first word — *exact* — or, as a fallback, its second or third word — *loose*: the
gold anchors the event noun, the extractor may fire on the verb of its relative clause
(``العقوبات التي ستفرضها``). Several rows may share a word (coordinated actors, an accusation and
the act it alleges): inside each article, predictions and gold rows are paired one-to-one,
exact candidates before loose ones, then so that the most fields agree (an optimal
assignment). Unpaired predictions are false positives, unpaired gold rows misses.

**Scores.**

* *Mentions*: precision = paired predictions / predictions, recall = paired gold / gold.
* *Fields*, on paired mentions only: ``action`` (action and mode together), ``status``,
  ``actor1``, ``actor2``, ``location``, ``date``. A field's precision is the share of paired
  predictions giving a non-empty value that give the gold value; its recall the share of
  paired gold rows with a non-empty value whose value is predicted; ``accuracy`` also counts
  empty = empty as right. Actors are compared by the English name (``name_en``) of the
  predicted gazetteer id with the gold name; for symmetric types (meet, phone, sign, agree,
  joint drills) the two actors are compared as a pair in either order. ``actor1 (country)`` /
  ``actor2 (country)`` compare the countries of the two names instead (a person counts as
  their country; names outside the gazetteer take theirs from ``events_gold_dev_entities.csv``).
  The events are extracted as ``make report`` extracts them: with the names
  :mod:`marsad.discovery` finds in the scored articles (a person introduced by a title even
  once); a found name is the gold's when one of its spellings is one of the Arabic spellings
  the entities file gives that gold name (``name_ar``). ``--builtin-only`` scores the built-in
  layers alone.
  A date is right when the predicted interval (``date`` … ``date_end``, a month or a year
  widened to its days) equals the gold interval; ``date (overlap)`` accepts overlapping ones.
  Only dates the text states count here: a publication *window* (``date_basis`` ``reported``
  or ``planned``, :func:`marsad.dates.publication_window`) is no date and is scored as empty
  (so empty = empty when the gold has no date either), never against the gold's interval.
* *Whole-event precision*: predictions that are paired AND right in every field (empty = empty
  included) / all predictions.
* *Timeline merge precision*: of the :func:`marsad.events.merge_timeline` rows that merge at
  least two paired predictions, the share whose paired predictions all belong to one gold
  ``event_key``; *merge recall*: of the gold keys with at least two paired mentions, the share
  whose paired predictions all sit in one timeline row.
* *Dated share*: of the predicted mentions in articles with a publication date, the share with
  a stated date, the share with a window only, and both together (the issue's "a date or an
  honest interval"); for the gold, the share of its mentions with a date the text supports
  (bases ``stated``, ``weekday``, ``relative``, ``context``: it has no windows). *Windows
  holding the gold date*: of the paired predictions with a window whose gold row has a date,
  the share whose window overlaps it — a window that misses the real date is not honest.

The rules of the extractor may be tuned on the ``tune`` half only; the README reports the
``heldout`` half.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from marsad import boilerplate, discovery, gazetteer
from marsad.clean import clean_corpus
from marsad.corpus import load_corpus
from marsad.datafiles import data_file
from marsad.dates import WINDOW_BASES
from marsad.events.extract import extract_events
from marsad.events.gold import QUALITY_COLUMNS, QUALITY_FILE
from marsad.events.lexicon import load_event_types
from marsad.events.timeline import merge_timeline
from marsad.normalize import normalize
from marsad.outputs import write_csv

ROOT = Path(__file__).resolve().parents[3]
GOLD_DIR = ROOT / "tests" / "data"
GOLD_FILE = GOLD_DIR / "events_gold_dev.csv"
ARTICLES_FILE = GOLD_DIR / "events_gold_dev_articles.csv"
ENTITIES_FILE = GOLD_DIR / "events_gold_dev_entities.csv"
SHARED = ROOT.parent / "shared" / "corpora"
CORPUS_FILES = {
    "ant2018": SHARED / "ant-2018" / "articles.jsonl.gz",
    "saudinewsnet": SHARED / "saudinewsnet-2015-dev" / "articles.jsonl.gz",
}

GOLD_COLUMNS = ["article_id", "corpus", "split", "anchor", "occurrence", "action", "mode",
                "status", "actor1", "actor2", "location", "date_start", "date_end",
                "date_basis", "event_key", "note"]
ARTICLE_COLUMNS = ["article_id", "corpus", "source", "category", "published", "stratum",
                   "draw_rank", "split", "n_chars"]
ENTITY_COLUMNS = ["name", "type", "country", "note", "places_ids", "name_ar"]
ENTITY_TYPES = ("person", "country", "city", "place", "org", "group")
GOLD_STATUSES = ("asserted", "planned", "denied", "alleged", "hypothetical")
DATE_BASES = ("stated", "weekday", "relative", "context", "none")
SPLITS = ("tune", "heldout")
ANCHOR_WORDS = 3
FIELDS = ("action", "status", "actor1", "actor2", "location", "date")
EXTRA_FIELDS = ("actor1 (country)", "actor2 (country)", "date (overlap)")

_WORD = re.compile(r"[^\W_]+")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class GoldError(ValueError):
    """The gold files are malformed, or an anchor is not found in its article."""


# ---------------------------------------------------------------------------------------------
# anchors: words of the normalized text
# ---------------------------------------------------------------------------------------------
def word_spans(text_norm: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every word (a run of letters and digits) of a normalized text."""
    return [m.span() for m in _WORD.finditer(text_norm)]


def _words(text_norm: str) -> list[str]:
    return _WORD.findall(text_norm)


def anchor_at(text_norm: str, index: int, width: int = ANCHOR_WORDS) -> tuple[str, int]:
    """The anchor starting at word ``index`` and its occurrence (1-based) in the text."""
    words = _words(text_norm)
    if not 0 <= index < len(words):
        raise IndexError(f"word {index} is outside the text ({len(words)} words)")
    key = words[index:index + width]
    occurrence = sum(words[j:j + len(key)] == key for j in range(index + 1))
    return " ".join(key), occurrence


def find_anchor(text_norm: str, anchor: str, occurrence: int = 1) -> int | None:
    """The word index where the ``occurrence``-th ``anchor`` starts, or None."""
    key = anchor.split()
    if not key:
        return None
    words = _words(text_norm)
    seen = 0
    for j in range(len(words) - len(key) + 1):
        if words[j:j + len(key)] == key:
            seen += 1
            if seen == occurrence:
                return j
    return None


def word_at(text_clean: str, char_start: int) -> int:
    """Index of the word of ``normalize(text_clean)`` at (or right after) ``char_start`` of
    ``text_clean`` — normalization maps each character on its own, so the normalized prefix
    ends where the word begins."""
    text_norm = normalize(text_clean)
    at = len(normalize(text_clean[:char_start]))
    for i, (_, end) in enumerate(word_spans(text_norm)):
        if end > at:
            return i
    return len(word_spans(text_norm))


# ---------------------------------------------------------------------------------------------
# gold files
# ---------------------------------------------------------------------------------------------
def _read_gold_table(path: Path, columns: list[str]) -> pd.DataFrame:
    if not Path(path).exists():
        raise GoldError(f"{path}: not found")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise GoldError(f"{path}: missing column(s) {missing}")
    return table[columns]


def load_gold(path: Path | str | None = None, split: str = "all") -> pd.DataFrame:
    """The gold mentions (:data:`GOLD_COLUMNS`, ``occurrence`` as int) of one split or all."""
    gold = _read_gold_table(Path(path or GOLD_FILE), GOLD_COLUMNS)
    try:
        gold["occurrence"] = gold["occurrence"].astype(int)
    except ValueError as exc:
        raise GoldError(f"{path or GOLD_FILE}: occurrence must be an integer ({exc})") from None
    return _split(gold, split)


def load_articles(path: Path | str | None = None, split: str = "all") -> pd.DataFrame:
    """The drawn gold articles (:data:`ARTICLE_COLUMNS`) of one split or all."""
    return _split(_read_gold_table(Path(path or ARTICLES_FILE), ARTICLE_COLUMNS), split)


def load_entities(path: Path | str | None = None) -> pd.DataFrame:
    """Names used in the gold that the gazetteer lacks, with their type, country and the ids of
    the same place in the places layer (``places_ids``: scored by identity, not by spelling)."""
    return _read_gold_table(Path(path or ENTITIES_FILE), ENTITY_COLUMNS)


def _split(table: pd.DataFrame, split: str) -> pd.DataFrame:
    if split not in (*SPLITS, "all"):
        raise ValueError(f"split must be one of {SPLITS} or 'all', not {split!r}")
    if split != "all":
        table = table[table["split"] == split]
    return table.reset_index(drop=True)


def _interval(start: str, end: str) -> tuple[date, date] | None:
    """A ``yyyy[-mm[-dd]]`` … ``yyyy[-mm[-dd]]`` pair as days, or None when empty/invalid."""
    start, end = (start or "").strip(), (end or "").strip() or (start or "").strip()
    if not start:
        return None
    try:
        return _day(start, first=True), _day(end, first=False)
    except ValueError:
        return None


def _day(value: str, *, first: bool) -> date:
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        y, m = parts
        return date(y, m, 1) if first else date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)
    if len(parts) == 1:
        return date(parts[0], 1, 1) if first else date(parts[0], 12, 31)
    raise ValueError(value)


def validate_gold(gold: pd.DataFrame, articles: pd.DataFrame,
                  entities: pd.DataFrame | None = None) -> list[str]:
    """Problems of the gold tables (empty list = valid): values outside the inventories,
    malformed dates, splits that disagree with the articles file, names neither in the
    gazetteer nor in the entities table."""
    types = load_event_types()
    pairs = set(zip(types["action"], types["mode"], strict=True))
    split_of = dict(zip(articles["article_id"], articles["split"], strict=True))
    gaz = set(gazetteer.active().table["name_en"])
    known = gaz | (set(entities["name"]) if entities is not None else set())
    problems: list[str] = []
    for i, row in gold.iterrows():
        where = f"gold row {i + 2} ({row['article_id']} {row['anchor']!r})"
        if (row["action"], row["mode"]) not in pairs:
            problems.append(f"{where}: {row['action']}/{row['mode']} is not in event_types.csv")
        if row["status"] not in GOLD_STATUSES:
            problems.append(f"{where}: status {row['status']!r}")
        if row["date_basis"] not in DATE_BASES:
            problems.append(f"{where}: date_basis {row['date_basis']!r}")
        if row["article_id"] not in split_of:
            problems.append(f"{where}: article not in the articles file")
        elif split_of[row["article_id"]] != row["split"]:
            problems.append(f"{where}: split {row['split']!r} differs from the articles file")
        start, end = row["date_start"], row["date_end"]
        if bool(start) != bool(end) or any(v and not _ISO_DAY.fullmatch(v) for v in (start, end)):
            problems.append(f"{where}: dates must be two ISO days or both empty ({start!r}, {end!r})")
        elif start and (_interval(start, end) is None or start > end):
            problems.append(f"{where}: bad interval {start}..{end}")
        if bool(start) == (row["date_basis"] == "none"):
            problems.append(f"{where}: date_basis {row['date_basis']!r} with dates {start!r}")
        if not row["anchor"] or len(row["anchor"].split()) > ANCHOR_WORDS:
            problems.append(f"{where}: an anchor is 1 to {ANCHOR_WORDS} words")
        if row["occurrence"] < 1:
            problems.append(f"{where}: occurrence must be >= 1")
        for col in ("actor1", "actor2", "location"):
            if row[col] and row[col] not in known:
                problems.append(f"{where}: {col} {row[col]!r} is in neither the gazetteer nor "
                                f"the entities file")
        if not row["event_key"]:
            problems.append(f"{where}: empty event_key")
    return problems


# ---------------------------------------------------------------------------------------------
# the texts
# ---------------------------------------------------------------------------------------------
_LEARNED: dict[str, pd.DataFrame] = {}  # corpus file → its learned boilerplate (load_texts)


def load_texts(articles: pd.DataFrame, corpora: dict[str, Path] | None = None) -> pd.DataFrame:
    """The gold articles loaded from the corpora and cleaned (``article_id, published,
    text_clean, text_norm``), in the order of ``articles``. Cleaning is per article once the boilerplate
    of each corpus is learned from all of it, so cleaning the drawn ones with the packaged and
    learned rules gives what :func:`marsad.pipeline.prepare` gives on the whole corpus."""
    corpora = corpora or CORPUS_FILES
    parts = []
    for name, ids in articles.groupby("corpus")["article_id"]:
        if name not in corpora or not Path(corpora[name]).exists():
            raise FileNotFoundError(f"corpus {name!r} not found at {corpora.get(name)}")
        raw = load_corpus(corpora[name]).articles
        key = str(Path(corpora[name]).resolve())
        if key not in _LEARNED:  # learning reads the whole corpus: once per process
            _LEARNED[key] = boilerplate.learn(raw)
        rules = boilerplate.with_learned(None, _LEARNED[key])
        raw = raw[raw["article_id"].astype(str).isin(set(ids))]
        parts.append(clean_corpus(raw, rules)[0])
    texts = pd.concat(parts, ignore_index=True).drop_duplicates("article_id")
    missing = sorted(set(articles["article_id"]) - set(texts["article_id"]))
    if missing:
        raise GoldError(f"gold articles missing from the corpora: {missing[:5]} …")
    texts = texts.set_index("article_id").loc[articles["article_id"]].reset_index()
    return texts[["article_id", "published", "text_clean", "text_norm"]]


def locate_gold(gold: pd.DataFrame, texts: pd.DataFrame) -> pd.Series:
    """The word index of each gold anchor in its article; :class:`GoldError` if one is missing."""
    norm = {a: normalize(t) for a, t in zip(texts["article_id"], texts["text_clean"],
                                            strict=True)}
    out = []
    for row in gold.itertuples(index=False):
        index = find_anchor(norm.get(row.article_id, ""), row.anchor, row.occurrence)
        if index is None:
            raise GoldError(f"anchor {row.anchor!r} #{row.occurrence} not found in "
                            f"{row.article_id}")
        out.append(index)
    return pd.Series(out, index=gold.index, dtype="int64")


def locate_predictions(events: pd.DataFrame, texts: pd.DataFrame) -> pd.Series:
    """The word index of each predicted trigger (``char_start`` in ``text_clean``)."""
    text_of = dict(zip(texts["article_id"], texts["text_clean"], strict=True))
    return pd.Series([word_at(text_of[a], int(c)) if a in text_of else -1
                      for a, c in zip(events["article_id"], events["char_start"], strict=True)],
                     index=events.index, dtype="int64")


# ---------------------------------------------------------------------------------------------
# comparing fields
# ---------------------------------------------------------------------------------------------
@dataclass
class _Names:
    """English names and countries of the gazetteer and of the gold's own entities."""

    name_of_id: dict[str, str]
    country: dict[str, str]
    symmetric: set[tuple[str, str]]

    @classmethod
    def load(cls, entities: pd.DataFrame | None = None) -> _Names:
        gaz = gazetteer.active().table.fillna("")
        country = dict(zip(gaz["name_en"], gaz["country"], strict=True))
        if entities is not None:
            country |= {n: c for n, c in zip(entities["name"], entities["country"], strict=True)
                        if n not in country}
        types = load_event_types()
        sym = types[types["symmetric"] == "yes"]
        name_of_id = dict(zip(gaz["id"], gaz["name_en"], strict=True))
        if entities is not None:  # a place of the places layer is scored as the gold's name
            name_of_id |= {i: n for n, ids in zip(entities["name"], entities["places_ids"],
                                                  strict=True) for i in ids.split("|") if i}
            name_of_id |= _found_as_gold(gaz, entities)
        return cls(name_of_id, country, set(zip(sym["action"], sym["mode"], strict=True)))


def _found_as_gold(gaz: pd.DataFrame, entities: pd.DataFrame) -> dict[str, str]:
    """Names the run found in the articles (``found_…`` ids of :mod:`marsad.discovery`) that
    the gold names: a spelling of theirs is one of the gold entity's Arabic spellings
    (``name_ar``, as its articles write it, and the names of the places-layer rows its
    ``places_ids`` give) → the gold's English name."""
    by_id = gaz.set_index("id")
    gold_of: dict[str, set[str]] = {}
    for name, spellings, ids in zip(entities["name"], entities["name_ar"],
                                    entities["places_ids"], strict=True):
        layer = [s for i in filter(None, ids.split("|")) if i in by_id.index
                 for s in [by_id.at[i, "name_ar"], *gazetteer.split_list(by_id.at[i, "aliases"])]]
        for spelling in filter(None, [*spellings.split("|"), *layer]):
            gold_of.setdefault(discovery.name_key(spelling), set()).add(name)
    out = {}
    for row in gaz[gaz["id"].str.startswith("found_")].itertuples(index=False):
        spellings = [row.name_ar, *gazetteer.split_list(row.aliases)]
        hits = set().union(*(gold_of.get(k, set()) for k in map(discovery.name_key, spellings)))
        if len(hits) == 1:
            out[row.id] = hits.pop()
    return out


def _pred_fields(events: pd.DataFrame, names: _Names) -> list[dict]:
    """Predicted fields; ``date`` is a stated date only, ``window`` a publication window."""
    out = []
    for row in events.to_dict("records"):
        def actor(side: str, row: dict = row) -> str:
            eid = str(row.get(f"{side}_id") or "")
            return names.name_of_id.get(eid, str(row.get(side) or ""))
        span = _interval(str(row.get("date") or ""), str(row.get("date_end") or ""))
        window = str(row.get("date_basis") or "") in WINDOW_BASES
        out.append({"action": (row["action"], row["mode"]), "status": row["status"],
                    "actor1": actor("actor1"), "actor2": actor("actor2"),
                    "location": actor("location"),
                    "date": None if window else span, "window": span if window else None,
                    "article_id": row["article_id"], "event_id": row.get("event_id", "")})
    return out


def _gold_fields(gold: pd.DataFrame) -> list[dict]:
    return [{"action": (r["action"], r["mode"]), "status": r["status"], "actor1": r["actor1"],
             "actor2": r["actor2"], "location": r["location"],
             "date": _interval(r["date_start"], r["date_end"]), "article_id": r["article_id"],
             "event_key": r["event_key"]} for r in gold.to_dict("records")]


def _actors(p: dict, g: dict, names: _Names, key=lambda n: n) -> tuple[bool, bool]:
    """Are actor1 and actor2 right (``key`` maps a name to what is compared)? For symmetric
    types the order that agrees best is taken."""
    p1, p2, g1, g2 = (key(p["actor1"]), key(p["actor2"]), key(g["actor1"]), key(g["actor2"]))
    straight = (p1 == g1, p2 == g2)
    if g["action"] in names.symmetric:
        crossed = (p2 == g1, p1 == g2)
        return max(straight, crossed, key=sum)
    return straight


def _overlap(a: tuple[date, date] | None, b: tuple[date, date] | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a[0] <= b[1] and b[0] <= a[1]


def compare(p: dict, g: dict, names: _Names) -> dict[str, tuple[str, str, bool]]:
    """For each field: (predicted value, gold value, right?) as strings for reports."""
    def show(v) -> str:
        if isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], date):
            return v[0].isoformat() if v[0] == v[1] else f"{v[0]}/{v[1]}"
        if isinstance(v, tuple):
            return "/".join(v)
        return "" if v is None else str(v)

    a1, a2 = _actors(p, g, names)
    c1, c2 = _actors(p, g, names, key=lambda n: names.country.get(n, "") if n else "")
    out = {f: (show(p[f]), show(g[f]), p[f] == g[f]) for f in ("action", "status", "location",
                                                                "date")}
    out["actor1"] = (p["actor1"], g["actor1"], a1)
    out["actor2"] = (p["actor2"], g["actor2"], a2)
    out["actor1 (country)"] = (names.country.get(p["actor1"], ""),
                               names.country.get(g["actor1"], ""), c1)
    out["actor2 (country)"] = (names.country.get(p["actor2"], ""),
                               names.country.get(g["actor2"], ""), c2)
    out["date (overlap)"] = (show(p["date"]), show(g["date"]), _overlap(p["date"], g["date"]))
    return out


def _agreement(p: dict, g: dict, names: _Names) -> float:
    c = compare(p, g, names)
    return (8 * (p["action"] == g["action"]) + 4 * (p["action"][0] == g["action"][0])
            + 2 * c["actor1"][2] + 2 * c["actor2"][2] + c["status"][2] + c["location"][2]
            + c["date"][2])


# ---------------------------------------------------------------------------------------------
# matching and scoring
# ---------------------------------------------------------------------------------------------
def match(gold: pd.DataFrame, gold_words: pd.Series, events: pd.DataFrame,
          pred_words: pd.Series, names: _Names | None = None) -> list[tuple[int, int]]:
    """Pairs (gold position, prediction position) in the same article: the prediction's trigger
    is the anchor's first word (exact) or, failing that, one of its next words (loose: the verb
    of ``العقوبات التي ستفرضها``); one-to-one per article, exact pairs first, then the pairing
    where the most fields agree (an optimal assignment)."""
    names = names or _Names.load()
    gf, pf = _gold_fields(gold), _pred_fields(events, names)
    width = [len(a.split()) for a in gold["anchor"]]
    by_article: dict[str, tuple[list[int], list[int]]] = {}
    for gi, aid in enumerate(gold["article_id"]):
        by_article.setdefault(aid, ([], []))[0].append(gi)
    for pi, aid in enumerate(events["article_id"]):
        if aid in by_article:
            by_article[aid][1].append(pi)
    pairs: list[tuple[int, int]] = []
    for gis, pis in by_article.values():
        if not pis:
            continue
        gain = np.zeros((len(gis), len(pis)))
        for r, g in enumerate(gis):
            for c, p in enumerate(pis):
                offset = int(pred_words[p]) - int(gold_words[g])
                if 0 <= offset < width[g]:
                    gain[r, c] = (EXACT if offset == 0 else LOOSE) + _agreement(pf[p], gf[g],
                                                                                 names)
        rows, cols = linear_sum_assignment(-gain)
        pairs.extend((gis[r], pis[c]) for r, c in zip(rows, cols, strict=True) if gain[r, c])
    return sorted(pairs)


EXACT, LOOSE = 100, 40  # an exact pair always beats a loose one with the same fields


def is_exact(pair: tuple[int, int], gold_words: pd.Series, pred_words: pd.Series) -> bool:
    """Does the prediction of ``pair`` sit on the anchor's first word?"""
    return int(gold_words[pair[0]]) == int(pred_words[pair[1]])


def _prf(correct: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = correct / n_pred if n_pred else 0.0
    r = correct / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "n_pred": n_pred, "n_gold": n_gold, "correct": correct}


@dataclass
class Result:
    """What :func:`score` measured (see the module docstring)."""

    mentions: dict[str, float]
    fields: dict[str, dict[str, float]]
    whole_event_precision: float
    merge: dict[str, float]
    dated: dict[str, float]
    n_articles: int
    pairs: list[tuple[int, int]]
    details: pd.DataFrame = field(repr=False)


def score(gold: pd.DataFrame, gold_words: pd.Series, events: pd.DataFrame,
          pred_words: pd.Series, *, timeline: pd.DataFrame | None = None,
          published: dict[str, str] | None = None, entities: pd.DataFrame | None = None,
          n_articles: int | None = None) -> Result:
    """Score predictions ``events`` (rows of :data:`marsad.events.EVENT_COLUMNS`, only the
    gold articles') against ``gold``; ``*_words`` are the word indices of anchors and triggers
    (:func:`locate_gold`, :func:`locate_predictions`)."""
    gold, events = gold.reset_index(drop=True), events.reset_index(drop=True)
    gold_words = pd.Series(list(gold_words), dtype="int64")
    pred_words = pd.Series(list(pred_words), dtype="int64")
    names = _Names.load(entities)
    gf, pf = _gold_fields(gold), _pred_fields(events, names)
    pairs = match(gold, gold_words, events, pred_words, names)
    mentions = _prf(len(pairs), len(events), len(gold)) | {
        "loose": sum(not is_exact(pair, gold_words, pred_words) for pair in pairs)}

    fields: dict[str, dict[str, float]] = {}
    compared = [(compare(pf[p], gf[g], names)) for g, p in pairs]
    for name in (*FIELDS, *EXTRA_FIELDS):
        pred_set = sum(bool(c[name][0]) for c in compared)
        gold_set = sum(bool(c[name][1]) for c in compared)
        right = sum(c[name][2] and bool(c[name][0]) for c in compared)
        fields[name] = _prf(right, pred_set, gold_set) | {
            "accuracy": sum(c[name][2] for c in compared) / len(compared) if compared else 0.0}
    whole = sum(all(c[f][2] for f in FIELDS) for c in compared)
    whole_precision = whole / len(events) if len(events) else 0.0

    merge = _merge_scores(pairs, gf, pf, timeline)
    published = published or {}
    in_dated = [p for p in pf if published.get(p["article_id"])]
    gold_dated = [g for g in gf if published.get(g["article_id"])]
    checked = [(pf[p]["window"], gf[g]["date"]) for g, p in pairs
               if pf[p]["window"] is not None and gf[g]["date"] is not None]

    def share(items: list, test) -> float:
        return sum(map(test, items)) / len(items) if items else 0.0

    dated = {"stated": share(in_dated, lambda p: p["date"] is not None),
             "window": share(in_dated, lambda p: p["window"] is not None),
             "predicted": share(in_dated, lambda p: p["date"] is not None
                                or p["window"] is not None),
             "gold": share(gold_dated, lambda g: g["date"] is not None),
             "n_predicted": len(in_dated), "n_gold": len(gold_dated),
             "window_holds_gold": share(checked, lambda pair: _overlap(*pair)),
             "n_window_checked": len(checked)}
    details = _details(gold, events, pairs, gf, pf, names, gold_words, pred_words)
    return Result(mentions, fields, whole_precision, merge, dated,
                  n_articles if n_articles is not None else gold["article_id"].nunique(),
                  pairs, details)


def _merge_scores(pairs: list[tuple[int, int]], gf: list[dict], pf: list[dict],
                  timeline: pd.DataFrame | None) -> dict[str, float]:
    if timeline is None or timeline.empty:
        return {"precision": 0.0, "n_rows": 0, "recall": 0.0, "n_keys": 0}
    key_of = {pf[p]["event_id"]: gf[g]["event_key"] for g, p in pairs}
    row_of: dict[str, int] = {}
    merged = right = 0
    for i, ids in enumerate(timeline["mention_ids"].astype(str)):
        members = [m for m in ids.split("|") if m]
        row_of.update((m, i) for m in members)
        keys = [key_of[m] for m in members if m in key_of]
        if len(keys) >= 2:
            merged += 1
            right += len(set(keys)) == 1
    by_key: dict[str, list[str]] = {}
    for eid, key in key_of.items():
        by_key.setdefault(key, []).append(eid)
    multi = [ids for ids in by_key.values() if len(ids) >= 2]
    together = sum(len({row_of.get(m, -1 - n) for n, m in enumerate(ids)}) == 1 for ids in multi)
    return {"precision": right / merged if merged else 0.0, "n_rows": merged,
            "recall": together / len(multi) if multi else 0.0, "n_keys": len(multi)}


def _details(gold: pd.DataFrame, events: pd.DataFrame, pairs: list[tuple[int, int]],
             gf: list[dict], pf: list[dict], names: _Names, gold_words: pd.Series,
             pred_words: pd.Series) -> pd.DataFrame:
    """One row per pair, miss and false positive, with each field's predicted / gold value."""
    rows = []
    paired_g, paired_p = {g for g, _ in pairs}, {p for _, p in pairs}
    for g, p in pairs:
        c = compare(pf[p], gf[g], names)
        rows.append({"kind": "pair" if is_exact((g, p), gold_words, pred_words) else "loose pair",
                     "article_id": gf[g]["article_id"],
                     "anchor": gold.at[g, "anchor"], "word": int(gold_words[g]),
                     "event_id": pf[p]["event_id"], "event_key": gf[g]["event_key"],
                     **{f"{f}_pred": c[f][0] for f in FIELDS},
                     **{f"{f}_gold": c[f][1] for f in FIELDS},
                     **{f"{f}_ok": c[f][2] for f in (*FIELDS, *EXTRA_FIELDS)}})
    for g in range(len(gold)):
        if g not in paired_g:
            c = compare(_EMPTY, gf[g], names)
            rows.append({"kind": "miss", "article_id": gf[g]["article_id"],
                         "anchor": gold.at[g, "anchor"], "word": int(gold_words[g]),
                         "event_key": gf[g]["event_key"],
                         **{f"{f}_gold": c[f][1] for f in FIELDS}})
    for p in range(len(events)):
        if p not in paired_p:
            c = compare(pf[p], _EMPTY_GOLD, names)
            rows.append({"kind": "false positive", "article_id": pf[p]["article_id"],
                         "anchor": str(events.at[p, "trigger"]) if "trigger" in events else "",
                         "word": int(pred_words[p]), "event_id": pf[p]["event_id"],
                         **{f"{f}_pred": c[f][0] for f in FIELDS}})
    return pd.DataFrame(rows)


_EMPTY = {"action": ("", ""), "status": "", "actor1": "", "actor2": "", "location": "",
          "date": None, "window": None}
_EMPTY_GOLD = _EMPTY | {"event_key": ""}


# ---------------------------------------------------------------------------------------------
# the whole run
# ---------------------------------------------------------------------------------------------
def evaluate(split: str = "all", *, gold_path: Path | str | None = None,
             articles_path: Path | str | None = None, entities_path: Path | str | None = None,
             corpora: dict[str, Path] | None = None, discover: bool = True) -> Result:
    """Load the gold and its articles, run :func:`marsad.events.extract_events` and
    :func:`marsad.events.merge_timeline` on them, and :func:`score` the result. ``discover``:
    with the names :mod:`marsad.discovery` finds in the scored articles, as ``make report``
    runs (a person introduced by a title once is a name); ``False``: the built-in layers only."""
    gold = load_gold(gold_path, split)
    articles = load_articles(articles_path, split)
    entities = load_entities(entities_path)
    problems = validate_gold(gold, load_articles(articles_path), entities)
    if problems:
        raise GoldError("the gold is malformed:\n" + "\n".join(problems[:20]))
    texts = load_texts(articles, corpora)
    before = gazetteer.active()
    if discover:  # as a report run counts: the built-in layers and the names these articles give
        gazetteer.use(discovery.corpus_gazetteer(texts)[0])
    try:
        events = extract_events(texts)
        timeline = merge_timeline(events)
        return score(gold, locate_gold(gold, texts), events, locate_predictions(events, texts),
                     timeline=timeline, entities=entities, n_articles=len(articles),
                     published=dict(zip(texts["article_id"], texts["published"].fillna(""),
                                        strict=True)))
    finally:
        gazetteer.use(None if before.builtin else before.table)


def format_report(result: Result, split: str = "all") -> str:
    """The scores as a plain-text table."""
    m = result.mentions
    lines = [f"marsad.events on the dev gold — split {split}: {result.n_articles} articles, "
             f"{m['n_gold']} gold mentions, {m['n_pred']} predicted",
             "", f"{'':22}{'precision':>10}{'recall':>9}{'F1':>7}{'accuracy':>10}"
                 f"{'pred':>6}{'gold':>6}",
             f"{'mentions':22}{m['precision']:10.3f}{m['recall']:9.3f}{m['f1']:7.3f}"
             f"{'':10}{m['n_pred']:6d}{m['n_gold']:6d}"]
    lines.append(f"fields, on the {len(result.pairs)} paired mentions ({m['loose']} paired on a "
                 "later word of the anchor):")
    for name, s in result.fields.items():
        label = "action+mode" if name == "action" else name
        lines.append(f"  {label:20}{s['precision']:10.3f}{s['recall']:9.3f}{s['f1']:7.3f}"
                     f"{s['accuracy']:10.3f}{s['n_pred']:6d}{s['n_gold']:6d}")
    mg, d = result.merge, result.dated
    lines += ["",
              f"whole-event precision      {result.whole_event_precision:.3f}  "
              "(predictions right in every field / all predictions)",
              f"timeline merge precision   {mg['precision']:.3f}  "
              f"({mg['n_rows']} timeline rows merging >= 2 paired mentions)",
              f"timeline merge recall      {mg['recall']:.3f}  "
              f"({mg['n_keys']} gold events with >= 2 paired mentions)",
              f"dated share, predicted     {d['predicted']:.3f}  "
              f"(of {d['n_predicted']} mentions in dated articles: a date or a window)",
              f"  with a stated date       {d['stated']:.3f}",
              f"  with a window only       {d['window']:.3f}  (date_basis reported / planned)",
              f"dated share, gold          {d['gold']:.3f}  (of {d['n_gold']}; a date the text "
              "supports)",
              f"windows holding the gold date {d['window_holds_gold']:.3f}  "
              f"(of {d['n_window_checked']} paired windows whose gold has a date)"]
    return "\n".join(lines)


QUALITY_MEASURES = {"action": "action and mode", "status": "status", "actor1": "actor 1",
                    "actor2": "actor 2", "location": "location", "date": "date stated in the text"}


def quality_table(result: Result) -> pd.DataFrame:
    """The scores a notebook shows (:func:`marsad.events.quality`): mentions, each field, the
    whole event and timeline merges, rounded to three decimals."""
    rows = [{"measure": "mentions", **{k: result.mentions[k] for k in
                                       ("precision", "recall", "f1", "n_pred", "n_gold")}}]
    for name, label in QUALITY_MEASURES.items():
        s = result.fields[name]
        rows.append({"measure": label, **{k: s[k] for k in
                                          ("precision", "recall", "f1", "n_pred", "n_gold")}})
    rows.append({"measure": "whole event", "precision": result.whole_event_precision,
                 "n_pred": result.mentions["n_pred"]})
    rows.append({"measure": "timeline merges", "precision": result.merge["precision"],
                 "n_pred": result.merge["n_rows"]})
    table = pd.DataFrame(rows, columns=list(QUALITY_COLUMNS))
    table[["precision", "recall", "f1"]] = table[["precision", "recall", "f1"]].round(3)
    return table.astype({"n_pred": "Int64", "n_gold": "Int64"})


def main(argv: list[str] | None = None) -> int:
    """Command line: print the report; ``--details FILE`` writes pairs, misses and false
    positives as CSV (field values and anchors only)."""
    parser = argparse.ArgumentParser(prog="python -m marsad.events.evaluate",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="all", choices=(*SPLITS, "all"))
    parser.add_argument("--gold", type=Path, default=None)
    parser.add_argument("--details", type=Path, default=None)
    parser.add_argument("--write-quality", action="store_true",
                        help=f"score the heldout half and write marsad/data/{QUALITY_FILE}")
    parser.add_argument("--builtin-only", action="store_true",
                        help="the built-in gazetteer layers only, without the names found in "
                             "the scored articles")
    args = parser.parse_args(argv)
    missing = [str(p) for p in CORPUS_FILES.values() if not p.exists()]
    if missing:
        print("The evaluation reads the corpora in ../shared/corpora, which are not here:\n  "
              + "\n  ".join(missing), file=sys.stderr)
        return 2
    if args.write_quality:
        args.split = "heldout"
    result = evaluate(args.split, gold_path=args.gold, discover=not args.builtin_only)
    print(format_report(result, args.split))
    if args.write_quality:
        path = Path(str(data_file(QUALITY_FILE)))
        write_csv(quality_table(result), path)
        print(f"\nwrote {path}")
    if args.details:
        result.details.to_csv(args.details, index=False)
        print(f"\ndetails: {args.details}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
