"""Event tables from Arabic news: who did what to whom, where and when (PLOVER types).

:func:`extract_events` reads the cleaned article bodies (``text_clean``; appended articles,
captions and tag lists are already gone) sentence by sentence and writes one row per event
*mention*; :func:`merge_timeline` merges mentions of the same real-world event across articles.

How a mention is found (all word lists are data files in ``marsad/data``):

* **Triggers** (``triggers.csv``): verbs and nouns (``زار، زيارة، التقى، قمة، اتهم، وقع …``)
  with their PLOVER ``action`` and ``mode``. Each row gives base forms; the code adds the
  regular affixes (past ``ت ا وا تا``, present ``ي ت ن`` + ``ان ون ين`` and the future ``س``,
  noun ``ال`` / ``ات`` / ``ة→ت`` + possessive pronouns, the proclitics ``و ف ب ل ك``). A
  row can ``require`` a cue class within ``window`` words (``وقع`` + اتفاقية = signing, not
  "happened"), can be cancelled by the word before it (``حفل استقبال``), can ``absorb`` a
  following trigger (``دعا X لزيارة Y``: the visit is the invitation's content and Y becomes its
  location) and says which prepositions introduce the recipient (``إلى|ل`` for a visit,
  ``مع`` for a meeting, ``-`` for a direct object).
* **Actors and places** come from :mod:`marsad.gazetteer` (whole-article matching, so short
  forms such as ``كيم`` count where the full name occurs). A title before a name is part of the
  actor phrase (``وزير الخارجية الروسي سيرغي لافروف`` is Lavrov, not Russia + Lavrov); a nisba
  adjective alone stands for its country (``الرئيس الروسي`` → Russia); capitals and the Kremlin
  used as actors stand for their country (``بيونغ يانغ`` → North Korea, location left empty);
  as the destination of a visit a city is the location and its country the recipient.
* **Roles follow the sentence**, not the order of names: a subject right before the verb (SVO,
  ``أن بوتين قبل``), else after it (VSO, ``اتهمت كوريا الجنوبية بيونغ يانغ``); gender agreement
  (``شكر`` is not followed by its subject ``كوريا``) and plural verbs (``حضّوا``: the subject is
  the pronoun) decide doubtful cases; the object follows the subject, bare or after the row's
  prepositions; a noun's genitive (``زيارة لافروف``) or ``ل`` + person is its agent;
  ``بين X و Y`` gives both sides of a meeting; coordinated names (``الولايات المتحدة وكوريا
  الجنوبية``) give one row each. A verb with no subject of its own takes the subject of the
  previous event in the sentence (Arabic drops repeated subjects). In a visit or host event the
  visitor is actor 1 and the host actor 2 (PLOVER); for symmetric types (meet, sign …) the
  order is the order of the text.
* **Status** (``asserted``, ``planned``, ``denied``, ``alleged``, ``hypothetical``): negation right before the
  trigger (``عدم توقيع``, ``لم يزر``, ``لم تتضمن خطة لتوقيع``) or inside a denial (``نفى``) →
  denied; the act someone is accused of (``اتهم X بتقديم …``) or speculation (``ربما``,
  ``يشتبه``) → alleged; future verbs (``سيزور``), scheduling cues (``من المقرر أن تجري``),
  ``زيارة مستقبلية``, invitations and a date after publication → planned; a condition
  (``إذا طلبت سيول``، ``لو``) → hypothetical. A past verb written
  with a damma (``اتُهمت روسيا``) is passive: the name after it is the object.
* **Noise filters**: a sentence with sports words (``event_cues.csv`` class ``sport``) yields
  no events; look-alikes (``وزارة`` = و + زار + ة) are listed in class ``not_trigger``; a verb
  form right after a preposition is a noun (``عن دعم``).
* **Dates**: :func:`marsad.dates.find_dates` on the sentence, resolved against ``published``.
  Each date mention is *owned* by the nearest trigger in the same clause (not across ``أن``/``إن``:
  in ``أكد الكرملين الخميس أن بوتين قبل …`` Thursday dates the statement, not the acceptance;
  not by a ``و``-coordinated trigger after it: ``وصل … الثلاثاء وغادر الخميس``). A planned
  event (by a future verb or cue — an invitation is dated the day it is made) or one told in
  the present tense (``يلتقي … الثلاثاء``) reads the dates it owns forwards: weekdays and months
  without year on or after publication. Then every trigger of the clause takes the nearest
  date of its clause as its owner resolved it (``زار … الثلاثاء والتقى …`` dates both), except
  an event noun put at another time by the word before it (``بعد``، ``عشية``، ``قبل``: role
  ``other_time_before`` of ``date_cues.csv``) for a date written before it. Dates are never
  inherited from other sentences. A mention with no date in its clause, in an article with a
  publication date, gets a **window**, not a day (:func:`marsad.dates.publication_window`;
  precision ``window``): basis ``reported`` — the 7 days up to publication — or, when planned,
  ``planned`` — publication to a year after it. Without a publication date the date columns
  stay empty (basis ``none in clause``), and a weekday or a month without year stays
  unresolved (``date`` empty, ``date_precision`` and ``date_text`` kept) with ``date_hint``
  recording what is known (``month=09``, ``weekday=3``) for the merge.

``char_start``/``char_end`` are the trigger's offsets in ``text_clean``, so
``text_clean[char_start:char_end] == trigger`` (the whole word, clitics included). A mention
needs at least one actor; mentions of the same action in one sentence whose actors are a subset
of another's are folded into it (for CONSULT across modes: the visit during which talks were
held). :func:`score_events` measures precision and recall against a hand-annotated gold table;
:func:`filter_events`, :func:`actor_type_matrix`, :func:`event_labels`, :func:`plot_timeline`
and :func:`plot_actor_matrix` serve the notebook.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd

from marsad import gazetteer
from marsad.corpus import CorpusError
from marsad.dates import (
    BASIS_EVENT,
    BASIS_INVALID,
    BASIS_NO_PUB,
    BASIS_PLANNED,
    BASIS_REPORTED,
    PRECISION_WINDOW,
    WINDOW_BASES,
    DateMention,
    find_dates,
    parse_published,
    publication_window,
)
from marsad.gazetteer import EntityMention, find_entities, split_list
from marsad.normalize import Offsets, normalize, normalize_with_offsets
from marsad.patterns import trie_regex

DATA_DIR = Path(__file__).resolve().parent / "data"

EVENT_COLUMNS = [
    "event_id", "article_id", "sentence_id", "sentence", "trigger", "action", "mode", "status",
    "actor1", "actor1_ar", "actor1_country", "actor2", "actor2_ar", "actor2_country",
    "location", "location_ar", "date", "date_end", "date_precision", "date_basis", "date_text",
    "char_start", "char_end", "published", "date_hint", "date_after",
    "actor1_id", "actor2_id", "location_id",
]
TIMELINE_COLUMNS = [
    "event_id", "date", "date_end", "date_precision", "action", "mode", "status",
    "actor1", "actor1_ar", "actor1_country", "actor2", "actor2_ar", "actor2_country",
    "location", "location_ar", "article_ids", "n_articles", "n_mentions", "evidence",
    "evidence_id", "mention_ids", "date_hint", "date_basis", "confidence",
]
CONFIDENCES = ("high", "medium", "low")  # of a timeline row: see timeline_confidence
STATUSES = ("asserted", "planned", "denied", "alleged", "hypothetical")
POS = ("verb", "present", "participle", "noun")
BASIS_NONE = "none in clause"
PRECISION_RANK = {"day": 4, "week": 3, "month": 2, "year": 1}

TRIGGER_COLUMNS = ("trigger", "pos", "action", "mode", "status", "genitive", "subject_preps",
                   "recipient", "destination", "subject_is", "requires", "window", "not_after",
                   "needs", "absorbs", "vetoed_by", "note")
EVENT_TYPE_COLUMNS = ("action", "mode", "quad", "symmetric", "merge_slack_days", "located",
                      "source", "action_ar", "label_ar", "description")
CUE_COLUMNS = ("class", "cue", "note")
CUE_CLASSES_REQUIRED = ("clause", "relative", "preposition", "title", "adverb", "negation",
                        "light", "planned_before", "planned_after", "plan_noun", "speculation", "conditional",
                        "delegation", "not_trigger", "support", "frame", "masculine_entity",
                        "feminine_entity")

# Affixes added to the base forms of triggers.csv (see the module docstring).
_VERB_SUFFIXES = ("", "ت", "ا", "وا", "تا")
_PRONOUNS = ("", "ه", "ها", "هما", "هم", "هن", "ك", "كم", "ني", "نا")
_PRESENT_PREFIXES = ("ي", "ت", "ن")
_PRESENT_SUFFIXES = ("", "ان", "ون", "ين", "ن")
_NOUN_PRONOUNS = ("ه", "ها", "هما", "هم", "هن", "نا", "كم")  # not ي: اجتماعي = social
# Proclitics allowed before each part of speech (ال / لل only on nouns; س only on present verbs).
_CLITICS = {
    "verb": ("", "و", "ف"),
    "present": ("", "و", "ف", "س", "وس", "فس", "ل", "ول", "فل"),
    "participle": ("", "و", "ف"),
    "noun": ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك",
             "ال", "وال", "فال", "بال", "كال", "وبال", "وكال", "فبال", "لل", "ولل", "فلل"),
}
_LETTER = r"[^\W\d_]"
_TOKEN = re.compile(r"[^\W_]+")
_HARD = re.compile(r"[.!?؟؛;:\n]")
_SOFT = re.compile(r"[،,]")
_DIGITS = re.compile(r"\d")


class EventDataError(ValueError):
    """A data file of the event extractor (triggers.csv, event_types.csv, event_cues.csv) is bad."""


# ---------------------------------------------------------------------------------------------
# data files
# ---------------------------------------------------------------------------------------------
def _read(path: Path | str, columns: tuple[str, ...], required: tuple[str, ...]) -> pd.DataFrame:
    path = Path(path)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise EventDataError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise EventDataError(f"{path}: not a readable UTF-8 CSV ({exc})") from None
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise EventDataError(f"{path}: missing column(s) {missing}; expected {list(columns)}")
    for column in columns:
        if column not in df.columns:
            df[column] = ""
    df = df[list(columns)].apply(lambda s: s.str.strip())
    for column in required:
        empty = df.index[df[column] == ""]
        if len(empty):
            raise EventDataError(f"{path}: empty {column} on data line {int(empty[0]) + 2}")
    return df


def load_event_types(path: Path | str | None = None) -> pd.DataFrame:
    """PLOVER actions and modes (one row per action/mode pair): ``action, mode, quad,
    symmetric, merge_slack_days, located, source, action_ar, label_ar, description``."""
    path = path or DATA_DIR / "event_types.csv"
    df = _read(path, EVENT_TYPE_COLUMNS, ("action", "mode", "symmetric", "merge_slack_days",
                                          "located"))
    for column in ("symmetric", "located"):
        bad = df.index[~df[column].isin(["yes", "no"])]
        if len(bad):
            raise EventDataError(f"{path}: {column} must be yes or no (data line {bad[0] + 2})")
    slack = pd.to_numeric(df["merge_slack_days"], errors="coerce")
    if slack.isna().any() or (slack < 0).any():
        line = int(df.index[slack.isna() | (slack < 0)][0]) + 2
        raise EventDataError(f"{path}: merge_slack_days must be a whole number ≥ 0 (line {line})")
    df["merge_slack_days"] = slack.astype(int)
    dup = df.duplicated(["action", "mode"])
    if dup.any():
        raise EventDataError(f"{path}: duplicate action/mode on data line {int(df.index[dup][0]) + 2}")
    return df


def load_cues(path: Path | str | None = None) -> pd.DataFrame:
    """Cue word classes: ``class, cue, note`` (one word or phrase a row)."""
    path = path or DATA_DIR / "event_cues.csv"
    df = _read(path, CUE_COLUMNS, ("class", "cue"))
    missing = [c for c in CUE_CLASSES_REQUIRED if c not in set(df["class"])]
    if missing:
        raise EventDataError(f"{path}: missing cue class(es) {missing}")
    return df


def load_triggers(path: Path | str | None = None,
                  event_types: pd.DataFrame | None = None,
                  cues: pd.DataFrame | None = None) -> pd.DataFrame:
    """The trigger lexicon (columns in :data:`TRIGGER_COLUMNS`), validated against the event
    types and cue classes. Raises :class:`EventDataError` naming the file and the line."""
    path = path or DATA_DIR / "triggers.csv"
    df = _read(path, TRIGGER_COLUMNS, ("trigger", "pos", "action", "mode"))
    types = load_event_types() if event_types is None else event_types
    classes = set((load_cues() if cues is None else cues)["class"])
    known = set(zip(types["action"], types["mode"], strict=True))

    def fail(i: int, msg: str) -> None:
        raise EventDataError(f"{path}: data line {i + 2} ({df.at[i, 'trigger']}): {msg}")

    for i, rec in df.iterrows():
        if rec["pos"] not in POS:
            fail(i, f"pos {rec['pos']!r} is not one of {POS}")
        if (rec["action"], rec["mode"]) not in known:
            fail(i, f"{rec['action']}/{rec['mode']} is not in event_types.csv")
        if rec["status"] not in ("", "asserted", "planned"):
            fail(i, "status must be empty, asserted or planned")
        if rec["genitive"] not in ("", "subject", "object", "object+ب"):
            fail(i, "genitive must be empty, subject, object or object+ب")
        if rec["subject_is"] not in ("", "actor1", "actor2"):
            fail(i, "subject_is must be empty, actor1 or actor2")
        if rec["destination"] not in ("", "yes", "no"):
            fail(i, "destination must be empty, yes or no")
        if rec["window"] and not rec["window"].isdigit():
            fail(i, "window must be a whole number of words")
        for need in filter(None, rec["needs"].split("+")):
            if need not in ("actor1", "recipient", "place"):
                fail(i, f"needs {need!r}: use actor1, recipient or place, joined by +")
        for name in re.split(r"[+|]", rec["requires"]) + split_list(rec["vetoed_by"]):
            if name and name not in classes:
                fail(i, f"unknown cue class {name!r} (event_cues.csv)")
        for item in split_list(rec["absorbs"]):
            if tuple(item.split("/", 1)) not in known:
                fail(i, f"absorbs {item!r}, which is not an action/mode of event_types.csv")
    return df


# ---------------------------------------------------------------------------------------------
# the compiled lexicon
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Rule:
    """One row of triggers.csv, compiled."""

    index: int
    lemma: str
    pos: str
    action: str
    mode: str
    status: str
    genitive: str
    subject_preps: frozenset[str]
    recipient: frozenset[str]
    destination: bool
    swapped: bool
    requires: tuple[tuple[str, ...], ...]  # any-of groups, all needed ("a|b+c" = (a or b) and c)
    window: int
    not_after: frozenset[str]
    needs: frozenset[str]
    absorbs: frozenset[tuple[str, str]]
    symmetric: bool
    located: bool
    vetoed_by: tuple[str, ...]


@dataclass(frozen=True)
class _Form:
    rule_ids: tuple[int, ...]
    gender: str  # "m", "f" or "" (unknown / plural)
    plural: bool  # the verb carries a dual/plural subject suffix
    pronoun: bool  # an attached pronoun: possessive on a noun (زيارته), object on a verb


@dataclass
class Lexicon:
    """Triggers, event types and cue classes compiled for matching (build once, reuse)."""

    rules: list[Rule]
    forms: dict[str, _Form]
    regex: re.Pattern
    cues: dict[str, frozenset[str]]
    types: pd.DataFrame
    entity_gender: dict[str, str] = field(default_factory=dict)
    cue_prefix: dict[str, re.Pattern] = field(default_factory=dict)
    word_info: dict[str, tuple] = field(default_factory=dict)  # cache of _word_info
    cue_cache: dict[tuple[str, str], bool] = field(default_factory=dict)  # cache of has_cue
    cue_finder: dict[str, re.Pattern] = field(default_factory=dict)  # cue_search regexes
    in_cache: dict[tuple[str, str], bool] = field(default_factory=dict)  # cache of in_class
    word_sets: dict[str, frozenset[str]] = field(default_factory=dict)  # see word_set

    def cue_search(self, name: str, text: str) -> bool:
        """Does a normalized ``text`` contain a word of cue class ``name`` (clitics allowed; a
        cue of more than three letters may also start a longer word)?"""
        rx = self.cue_finder.get(name)
        if rx is None:
            words = self.cues.get(name, frozenset())
            if not words:
                return False
            alts = "|".join(re.escape(w) + ("" if len(w) > 3 else rf"(?!{_LETTER})")
                            for w in sorted(words, key=len, reverse=True))
            rx = self.cue_finder[name] = re.compile(
                rf"(?<!{_LETTER})(?:[وف]?[بلك]?|[وف]?لل)?(?:{alts})")
        return rx.search(text) is not None

    def word_set(self, name: str) -> frozenset[str]:
        """Cue class ``name``, or (``future_before``, ``future_after``) the class of planned
        cues with the future cues of the date grammar."""
        words = self.word_sets.get(name)
        if words is None:
            if name == "future_before":
                words = self.cues["planned_before"] | _date_future_cues()
            elif name == "future_after":
                words = self.cues["planned_after"] | _date_future_after()
            else:
                words = self.cues[name]
            self.word_sets[name] = words
        return words

    def in_class(self, word: str, name: str) -> bool:
        """``_in(word, self.word_set(name)) is not None``, memoized."""
        key = (word, name)
        hit = self.in_cache.get(key)
        if hit is None:
            hit = self.in_cache[key] = _in(word, self.word_set(name)) is not None
        return hit

    def symmetric_pair(self, action: str, mode: str) -> bool:
        """Is the actor order irrelevant for this action/mode (event_types.csv)?"""
        rows = self.types[(self.types["action"] == action) & (self.types["mode"] == mode)]
        return bool(len(rows)) and rows["symmetric"].iloc[0] == "yes"

    def has_cue(self, word: str, name: str) -> bool:
        """Is ``word`` (clitics allowed) a cue of class ``name``, or does it start with a cue of
        more than three letters (قذائف، صواريخها)?"""
        key = (word, name)
        hit = self.cue_cache.get(key)
        if hit is None:
            rx = self.cue_prefix.get(name)
            hit = rx is not None and any(
                (m := rx.match(base)) is not None and (m.end() == len(base) or m.end() > 3)
                for _, base in _bases(word))
            self.cue_cache[key] = hit
        return hit


def _key(word: str) -> str:
    return normalize(word).strip()


def _verb_forms(base: str, lemma: str) -> Iterable[tuple[str, str, bool, bool]]:
    """(form, gender, plural, pronoun) for a past-tense base form."""
    own_gender, own_plural = _verb_agreement(base, lemma)
    for suffix in _VERB_SUFFIXES:
        stem = base + suffix
        gender, plural = (own_gender, own_plural) if not suffix else _suffix_agreement(suffix)
        for pronoun in _PRONOUNS:
            form = stem[:-1] + pronoun if suffix == "وا" and pronoun else stem + pronoun
            yield form, gender, plural, bool(pronoun)


def _verb_agreement(form: str, lemma: str) -> tuple[str, bool]:
    if form == lemma:
        return "m", False
    for suffix in ("وا", "تا", "ا", "ت"):
        if form.endswith(suffix) and not lemma.endswith(suffix):
            return _suffix_agreement(suffix)
    return "", False


def _suffix_agreement(suffix: str) -> tuple[str, bool]:
    return {"ت": ("f", False), "ا": ("", True), "وا": ("", True), "تا": ("", True)}.get(
        suffix, ("m", False))


def _present_forms(base: str) -> Iterable[tuple[str, str, bool, bool]]:
    """(form, gender, plural, pronoun) for a present-tense form given with its ي."""
    stem = base[1:] if base[0] in "يتن" else base
    for prefix in _PRESENT_PREFIXES:
        for suffix in _PRESENT_SUFFIXES:
            gender = "" if suffix else ("m" if prefix == "ي" else "f" if prefix == "ت" else "")
            for pronoun in _PRONOUNS:
                yield prefix + stem + suffix + pronoun, gender, bool(suffix), bool(pronoun)


def _noun_forms(base: str) -> Iterable[tuple[str, bool]]:
    yield base, False
    if base.endswith("ه"):  # ة (normalized): construct form with ت
        stem = base[:-1]
        yield stem + "ات", False
        yield stem + "تان", False
        yield stem + "تين", False
        for pronoun in _NOUN_PRONOUNS:
            yield stem + "ت" + pronoun, True
            yield stem + "ات" + pronoun, True
    else:
        yield base + "ا", False
        yield base + "ان", False
        yield base + "ين", False
        for pronoun in _NOUN_PRONOUNS:
            yield base + pronoun, True


def compile_lexicon(triggers: pd.DataFrame | None = None,
                    event_types: pd.DataFrame | None = None,
                    cues: pd.DataFrame | None = None) -> Lexicon:
    """Compile the three data files (default: the packaged ones) into a :class:`Lexicon`."""
    types = load_event_types() if event_types is None else event_types
    cue_df = load_cues() if cues is None else cues
    trig = load_triggers(event_types=types, cues=cue_df) if triggers is None else triggers
    symmetric = {(a, m) for a, m, s in zip(types["action"], types["mode"], types["symmetric"],
                                           strict=True) if s == "yes"}
    located = {(a, m) for a, m, s in zip(types["action"], types["mode"], types["located"],
                                         strict=True) if s == "yes"}
    rules: list[Rule] = []
    forms: dict[str, dict] = {}
    for i, rec in enumerate(trig.itertuples(index=False)):
        # "~دعم": the lemma, for agreement, without matching the bare form itself
        listed = split_list(rec.trigger)
        bases = [_key(b.lstrip("~")) for b in listed]
        rule = Rule(
            index=i, lemma=listed[0].lstrip("~"), pos=rec.pos, action=rec.action,
            mode=rec.mode, status=rec.status or "asserted", genitive=rec.genitive or "subject",
            subject_preps=frozenset(_key(p) for p in split_list(rec.subject_preps)),
            recipient=frozenset(_key(p) if p != "-" else "-" for p in split_list(rec.recipient)),
            destination=rec.destination == "yes", swapped=rec.subject_is == "actor2",
            requires=tuple(tuple(part.split("|")) for part in rec.requires.split("+") if part),
            window=int(rec.window or 6),
            not_after=frozenset(_key(w) for w in split_list(rec.not_after)),
            needs=frozenset(filter(None, rec.needs.split("+"))),
            absorbs=frozenset(tuple(a.split("/", 1)) for a in split_list(rec.absorbs)),
            symmetric=(rec.action, rec.mode) in symmetric,
            located=(rec.action, rec.mode) in located,
            vetoed_by=tuple(split_list(rec.vetoed_by)))
        rules.append(rule)
        for base, item in zip(bases, listed, strict=True):
            if item.startswith("~"):
                continue
            if rec.pos == "verb":
                generated = _verb_forms(base, bases[0])
            elif rec.pos == "present":
                generated = _present_forms(base)
            elif rec.pos == "participle":  # داعيا: its subject is the main clause's
                generated = ((base + p, "", True, bool(p)) for p in _PRONOUNS)
            else:
                generated = ((f, "", False, pronoun) for f, pronoun in _noun_forms(base))
            for form, gender, plural, pronoun in generated:
                entry = forms.setdefault(form, {"rules": [], "gender": gender, "plural": plural,
                                                "pronoun": pronoun})
                if i not in entry["rules"]:
                    entry["rules"].append(i)
    compiled = {f: _Form(tuple(e["rules"]), e["gender"], e["plural"], e["pronoun"])
                for f, e in forms.items()}
    clitics = sorted({c for cs in _CLITICS.values() for c in cs if c}, key=len, reverse=True)
    pattern = (rf"(?<!{_LETTER})(?P<pre>{'|'.join(clitics)})?(?P<form>{trie_regex(compiled)})"
               rf"(?!{_LETTER})")
    cue_sets: dict[str, set[str]] = {}
    for name, cue in zip(cue_df["class"], cue_df["cue"], strict=True):
        words = [cue] if name.endswith("_entity") else _key(cue).split()
        cue_sets.setdefault(name, set()).update(words)
    gender = {e: "m" for e in cue_sets.get("masculine_entity", ())}
    gender |= {e: "f" for e in cue_sets.get("feminine_entity", ())}
    prefix_rx = {name: re.compile("(?:" + "|".join(re.escape(w) for w in sorted(
        words, key=len, reverse=True)) + ")") for name, words in cue_sets.items() if words}
    return Lexicon(rules, compiled, re.compile(pattern),
                   {k: frozenset(v) for k, v in cue_sets.items()}, types, gender, prefix_rx)


@cache
def default_lexicon() -> Lexicon:
    """The packaged lexicon, compiled once per process."""
    return compile_lexicon()


# ---------------------------------------------------------------------------------------------
# gazetteer views
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Entity:
    """A gazetteer row as an actor or a place."""

    id: str
    type: str
    name_en: str
    name_ar: str
    country: str


@dataclass(frozen=True)
class _Gaz:
    by_id: dict[str, Entity]
    metonym: dict[str, str]
    country_of_iso: dict[str, Entity]


@gazetteer.derived
def _gazetteer() -> _Gaz:
    table = gazetteer.active().table
    by_id = {r.id: Entity(r.id, r.type, r.name_en, r.name_ar, r.country)
             for r in table.itertuples(index=False)}
    metonym = {r.id: r.metonym_of for r in table.itertuples(index=False) if r.metonym_of}
    countries = {r.country: by_id[r.id] for r in table.itertuples(index=False)
                 if r.type == "country" and r.country}
    return _Gaz(by_id, metonym, countries)


# ---------------------------------------------------------------------------------------------
# offsets between text_clean and its normalized form
# ---------------------------------------------------------------------------------------------
# ---------------------------------------------------------------------------------------------
# one sentence
# ---------------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Tok:
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
    in_date: bool = False


@dataclass
class _Arg:
    entity: Entity
    kind: str  # name, adjective, short
    first: int  # first token of the phrase (titles included)
    last: int  # last token (inclusive)
    prep: str = ""
    conj: bool = False
    titled: bool = False
    group: list[int] = field(default_factory=list)  # coordinated args (indices, self included)
    surface: str | None = None  # the matched (normalized) text


@dataclass
class _Trig:
    tok: int
    rule: Rule
    form: _Form
    pre: str
    absorbed_by: int | None = None
    absorbed: list[int] = field(default_factory=list)


@dataclass
class _Event:
    trig: _Trig
    actor1: list[Entity]
    actor2: list[Entity]
    location: Entity | None
    status: str
    subject_found: bool
    date: DateMention | None = None
    inherited: bool = False  # the agent was taken from the previous event of the sentence
    own_object: bool = False
    to_place: bool = False  # the recipient is a named place (وصل إلى بيونغ يانغ), not a person


def _bases(token: str) -> list[tuple[str, str]]:
    """(clitics, base) readings of a token: as is, without و/ف, then without ب/ل/ك (لل → ال)."""
    out = [("", token)]
    rest, pre = token, ""
    if len(rest) > 2 and rest[0] in "وف":
        pre, rest = rest[0], rest[1:]
        out.append((pre, rest))
    if len(rest) > 3 and rest.startswith("لل"):
        out.append((pre + "ل", "ا" + rest[1:]))
    elif len(rest) > 2 and rest[0] in "بلك":
        out.append((pre + rest[0], rest[1:]))
    return out


def _in(token: str, words: frozenset[str]) -> tuple[str, str] | None:
    for pre, base in _bases(token):
        if base in words:
            return pre, base
    return None


def _word_info(text: str, cues: dict[str, frozenset[str]]) -> tuple:
    """The cue flags of a word, in :class:`_Tok` field order from ``title`` to ``negation``."""
    bases = _bases(text)  # read once; each test below is _in(text, …) on these readings

    def first(words: frozenset[str]) -> tuple[str, str] | None:
        return next(((p, b) for p, b in bases if b in words), None)

    title = first(cues["title"])
    prep = first(cues["preposition"])
    return (
        title is not None, title[0] if title else "",
        prep[1] if prep is not None and not prep[0].lstrip("وف") else "",
        any(b in cues["clause"] for p, b in bases if p in ("", "و", "ف")),
        first(cues["relative"]) is not None,
        first(cues["light"]) is not None,
        first(cues["adverb"]) is not None,
        any(b in cues["negation"] for p, b in bases if p in ("", "و")),
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
        self.toks: list[_Tok] = []
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
            append(_Tok(a, b, text, kind, *info))
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

    def passive(self, trig: _Trig) -> bool:
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
              delegations: list[tuple[int, str]]) -> list[_Arg]:
        gaz = _gazetteer()
        raw: list[_Arg] = []
        for m in mentions:
            first, last = self.tok_at(m.start), self.tok_at(max(m.start, m.end - 1))
            if first >= len(self.toks):
                continue
            raw.append(_Arg(gaz.by_id[m.entity_id], m.kind, first, last,
                            prep=m.prefix.lstrip("وف"), conj=m.prefix[:1] == "و",
                            surface=m.surface))
        if delegations:  # الوفد with no nationality of its own: the last one named with one
            named = {a.first - 1 for a in raw if a.kind == "adjective"}
            for i, tok in enumerate(self.toks):
                # every reading of a token (_bases) that is الوفد leaves لوفد in the token
                if "لوفد" not in tok.text or i in named:
                    continue
                hit = _in(tok.text, _DELEGATION_HEAD)
                k = bisect_left(delegations, (tok.start,))  # delegations before it: in text order
                if hit and k and delegations[k - 1][1] in gaz.country_of_iso:
                    raw.append(_Arg(gaz.country_of_iso[delegations[k - 1][1]], "adjective", i, i,
                                    prep=hit[0].lstrip("وف"), conj=hit[0][:1] == "و"))
        raw.sort(key=lambda a: (a.first, a.last))
        args: list[_Arg] = []
        for arg in raw:
            prev = args[-1] if args else None
            if prev is not None and arg.first <= prev.last:
                continue
            if prev is not None and self._joins(prev, arg):
                if arg.entity.type == "person":  # الرئيس الروسي فلاديمير بوتين → Putin
                    arg.first, arg.prep, arg.conj, arg.titled = (prev.first, prev.prep,
                                                                 prev.conj, True)
                    args[-1] = arg
                continue  # مدينة بيرم الروسية: the adjective belongs to the name before it
            args.append(arg)
        names = {k for a in args for k in range(a.first, a.last + 1)}
        for arg in args:
            self._phrase_start(arg, names)
        trig_toks = {t.tok for t in self.trigs}
        args = [a for a in args if self._actor_like(a, trig_toks)]
        for j in range(1, len(args)):
            a, b = args[j - 1], args[j]
            if b.conj and b.first == a.last + 1 and self.toks[b.first].gap != "hard" \
                    and (not b.prep or b.prep == a.prep):
                b.prep = a.prep
                a.group = a.group or [j - 1]
                a.group.append(j)
                b.group = a.group
        for j, arg in enumerate(args):
            if not arg.group:
                arg.group = [j]
        return args

    def _actor_like(self, arg: _Arg, trig_toks: set[int]) -> bool:
        """A nisba adjective is an actor after a title (الرئيس الروسي، وفدا روسيا، الجيش الروسي),
        after an event noun (الزيارة الروسية) or as a plural noun (الروس، البريطانيون); not
        after other nouns (وسائل إعلام كورية، الاعتراف الأميركي، للشعب الأمريكي)."""
        if arg.kind != "adjective" or arg.titled or arg.entity.type == "org":
            return True
        if arg.first - 1 in trig_toks:
            return True
        if arg.surface is None:  # الوفد resolved to a nationality
            return True
        return not arg.surface.endswith(("ي", "يه", "يا", "ه"))

    def _joins(self, prev: _Arg, arg: _Arg) -> bool:
        """Are ``prev`` and ``arg`` one actor phrase?"""
        between = self.toks[prev.last + 1:arg.first]
        if any(t.gap == "hard" for t in self.toks[prev.last + 1:arg.first + 1]):
            return False
        if arg.kind == "adjective" and not between and prev.kind == "name" \
                and prev.entity.type in ("city", "place", "org") and not arg.conj:
            return True  # مدينة بيرم الروسية، وكالة إنترفاكس الروسية
        if arg.entity.type == "person" and not arg.conj and len(between) <= 2 \
                and all(t.title for t in between):
            same = prev.entity.country and prev.entity.country == arg.entity.country
            titled = prev.first > 0 and self.toks[prev.first - 1].title
            # الرئيس الروسي فلاديمير بوتين، وزيرة خارجية كوريا الشمالية تشوي سون هوي (not: في
            # كوريا الشمالية كيم وشويغو — a country joins a person only after a title)
            return prev.kind == "adjective" or (prev.entity.type == "country" and bool(same)
                                                and titled)
        return False

    def _phrase_start(self, arg: _Arg, names: set[int]) -> None:
        """Extend a name back over its titles and read the preposition or و before it."""
        i, steps = arg.first, 0
        while (i > 0 and self.toks[i - 1].title and steps < 4 and i - 1 not in names
               and self.toks[i].gap != "hard"):
            i -= 1
            steps += 1
        if i != arg.first:
            arg.first, arg.titled = i, True
            clitic = self.toks[i].clitic
            arg.conj = arg.conj or clitic[:1] == "و"
            arg.prep = clitic.lstrip("وف") or arg.prep
        before = arg.first - 1
        if before >= 0 and self.toks[arg.first].gap != "hard" and before not in names:
            if self.toks[before].prep:
                arg.prep = self.toks[before].prep
            elif self.toks[before].text == "و":
                arg.conj = True

    # -- triggers ---------------------------------------------------------------------------
    def _triggers(self, hits: list[re.Match]) -> list[_Trig]:
        lex = self.lex
        out: list[_Trig] = []
        for m in hits:
            form = lex.forms[m.group("form")]
            pre = m.group("pre") or ""
            t = self.tok_at(m.start("form"))
            if t >= len(self.toks):
                continue
            before = self.toks[t - 1].text if t and not self.toks[t].gap else ""
            if self.toks[t].text in lex.cues["not_trigger"]:
                continue
            after_prep = bool(t and self.toks[t - 1].prep and not self.toks[t].gap)
            for rid in form.rule_ids:
                rule = lex.rules[rid]
                if pre not in _CLITICS[rule.pos]:
                    continue
                if after_prep and rule.pos != "noun":
                    continue  # عن دعم، في نقل: after a preposition it is a noun
                if rule.vetoed_by and self.vetoed(rule.vetoed_by):
                    continue
                if before and _in(before, rule.not_after):
                    break
                if rule.requires and not all(self.near(t, group, rule.window)
                                             for group in rule.requires):
                    continue
                out.append(_Trig(t, rule, form, pre))
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


# ---------------------------------------------------------------------------------------------
# roles, location, status
# ---------------------------------------------------------------------------------------------
_MATERIAL = ("AID", "MOBILIZE", "ASSAULT", "COERCE", "SANCTION")


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

    def gender(self, arg: _Arg) -> str:
        if arg.kind == "adjective" and arg.surface:
            # the adjective agrees with its head: الرئيس الروسي (m), القوات السعودية (f)
            return "f" if arg.surface.endswith("يه") else "m" if arg.surface.endswith("ي") else ""
        if arg.titled or arg.kind != "name":
            return ""
        e = arg.entity
        if e.id in self.lex.entity_gender:
            return self.lex.entity_gender[e.id]
        return {"person": "m", "country": "f", "city": "f"}.get(e.type, "")

    def agrees(self, trig: _Trig, arg: _Arg) -> bool:
        verb, noun = trig.form.gender, self.gender(arg)
        return not (verb and noun and verb != noun)

    # -- all triggers -----------------------------------------------------------------------
    def run(self) -> list[_Event]:
        events: list[_Event] = []
        accused: list[tuple[int, list[Entity]]] = []
        denied: list[tuple[int, list[Entity]]] = []
        prev_subject: list[Entity] = []
        for ti, trig in enumerate(self.s.trigs):
            if trig.absorbed_by is not None:
                continue
            ev = self.one(ti, prev_subject, accused, denied)
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
            # زيارة … واجتماعه مع …: coordinated event nouns share a missing agent
            if (not a.actor1 and b.actor1 and b.trig.pre[:1] == "و" and not a.trig.rule.swapped
                    and not b.trig.rule.swapped and b.trig.tok - a.trig.tok <= 6
                    and a.trig.rule.pos == b.trig.rule.pos == "noun" and a.status == b.status):
                a.actor1 = list(b.actor1)
        return events

    def one(self, ti: int, prev_subject: list[Entity], accused, denied) -> _Event:
        s = self.s
        trig = s.trigs[ti]
        rule, t = trig.rule, trig.tok
        verb = rule.pos != "noun"
        cs, ce = self.clause(t, verb)
        stop = min(self.next_trigger(ti), len(s.toks))
        args = s.args
        status, scope_agent = rule.status, None
        for tok, agent in reversed(denied):  # نفى … تزويد: the denied act, by the denier
            if 0 < t - tok <= self.DENY_SCOPE and self.in_scope(tok, ti):
                status, scope_agent = "denied", agent
                break
        else:  # اتهم X بتقديم …: the alleged act, by the accused (أدان إطلاق …: a real launch)
            for tok, agent, alleged in reversed(accused):
                if 0 < t - tok <= self.ACCUSE_SCOPE and rule.action in _MATERIAL \
                        and self.in_scope(tok, ti):
                    status = "alleged" if alleged else status
                    scope_agent = agent
                    break
        if verb:
            subj, obj = self.verb_roles(trig, cs, ce, stop, agents=scope_agent is None)
        else:
            subj, obj = self.noun_roles(trig, cs, ce, stop, agents=scope_agent is None)
        if not subj and rule.subject_preps:  # توريد أسلحة من X إلى Y، دعوة من X
            for j, a in enumerate(args):
                if t < a.first < stop and a.prep in rule.subject_preps and j not in obj:
                    subj = list(a.group)
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
            elif prev_subject and not self.plural_possessive(trig):
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
            location = self.location(anchor, cs, ce, set(subj) | set(obj))
        if rule.swapped:
            a1, a2 = a2, a1
        to_place = any(args[j].kind == "name" and args[j].entity.type in ("country", "city",
                                                                          "place") for j in obj)
        return _Event(trig, _unique(a1), _unique(a2), location,
                      self.status(trig, cs, status), bool(subj), inherited=inherited,
                      own_object=bool(obj), to_place=to_place)

    def in_scope(self, head: int, ti: int) -> bool:
        """Is trigger ``ti`` inside the accusation/denial at token ``head``: no hard boundary and
        no new و-verb between them (نفت روسيا … وطالبت بريطانيا: the demand is not denied)?"""
        s = self.s
        t = s.trigs[ti].tok
        if any(s.toks[k].gap == "hard" for k in range(head + 1, t + 1)):
            return False
        return not any(head < x.tok <= t and x.rule.pos != "noun" and x.pre[:1] in ("و", "ف")
                       for x in s.trigs)

    def plural_possessive(self, trig: _Trig) -> bool:
        """زيارتهما، لقاءاتهم: "their" visit of an asymmetric event has no single agent."""
        text = self.s.toks[trig.tok].text
        return (trig.rule.pos == "noun" and trig.form.pronoun and not trig.rule.symmetric
                and text.endswith(("هما", "هم", "هن")))

    # -- verbs ------------------------------------------------------------------------------
    def verb_roles(self, trig: _Trig, cs: int, ce: int, stop: int, *,
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
                rel = _bases(s.toks[t - 1].text)[-1][1]
                gender = {"الذي": "m", "التي": "f"}.get(rel, "")
                ante = [j for j, a in enumerate(args) if a.last < t - 1 and t - 1 - a.last <= 5
                        and (not gender or self.gender(a) in ("", gender))]
                if ante:  # قصر كومسوسان … في بيونغ يانغ، الذي استضاف (not the city: التي)
                    subj = list(args[ante[-1]].group)
        elif trig.pre[:1] not in ("و", "ف"):  # SVO, unless و starts a new clause: وقبل …
            before = [j for j, a in enumerate(args) if cs <= a.first and a.last < t
                      and not a.prep and j not in self.genitives
                      and not any(s.toks[k].gap for k in range(a.last + 1, t + 1))]
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
                    if self.agrees(trig, a):
                        subj = list(a.group)
                        after = args[a.group[-1]].last
                    break  # the first bare name is the subject, or (disagreeing) the object
        return subj, self.objects(trig, after, ce, stop, set(subj))

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
        covered = {k for a in self.s.args if a.prep for k in range(a.first, a.last + 1)}
        return t - last <= 9 and all(k in covered for k in range(last + 1, t))

    def unknown_subject(self, k: int) -> bool:
        """A word right after the verb that is no name, title, preposition, adverb or date: an
        unnamed subject (اتهمت القوى الغربية كوريا الشمالية، انتقدت مجموعات … حماس → the name
        is the object)."""
        tok = self.s.toks[k]
        if tok.prep or tok.clause or tok.in_date or tok.light or tok.adverb:
            return False
        if any(a.first <= k <= a.last for a in self.s.args):
            return False  # the word starts a named actor's phrase (وزير الخارجية لافروف)
        return len(tok.text) > 2 and not tok.text.isdigit()  # incl. a bare title: الحكومة

    # -- nouns ------------------------------------------------------------------------------
    def noun_roles(self, trig: _Trig, cs: int, ce: int, stop: int, *,
                   agents: bool = True) -> tuple[list[int], list[int]]:
        s, rule, t = self.s, trig.rule, trig.tok
        args = s.args
        gen: list[int] = []
        if not trig.form.pronoun:
            for a in args:
                if a.first == t + 1 and not a.prep:
                    gen = list(a.group)  # زيارة لافروف، زيارة زعيم كوريا الشمالية، الزيارة الروسية
                    break
                if (t < a.first <= t + 2 and a.prep == "ل" and rule.genitive == "subject"
                        and "ل" in rule.recipient
                        and (a.entity.type == "person" or any(
                            a.last < b.first < stop and b.prep in rule.recipient - {"ل"}
                            for b in args))):
                    gen = list(a.group)  # زيارة لبوتين إلى كوريا الشمالية
                    break
        self.genitives.update(gen)
        if gen and rule.destination and args[gen[0]].kind == "name" and \
                not args[gen[0]].titled and args[gen[0]].entity.type in ("country", "city", "place"):
            # زيارة كوريا الشمالية: a place after a visit is where, not who
            return ((self.noun_agent(trig, cs, ce, stop, set(gen)) if agents else []),
                    gen)
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
            return (self.noun_agent(trig, cs, ce, stop, set(gen)) if agents else []), gen
        subj = gen or (self.noun_agent(trig, cs, ce, stop, set()) if agents else [])
        after = args[gen[-1]].last if gen else t
        return subj, self.objects(trig, after, ce, stop, set(subj))

    def noun_agent(self, trig: _Trig, cs: int, ce: int, stop: int, taken: set[int]) -> list[int]:
        """The agent of an event noun without a genitive: the nearest bare name before it in
        its clause (قام بوتين بزيارة، عقد كيم وبوتين قمة), else after it (قمة عقدها كيم …)."""
        s, t = self.s, trig.tok
        args = s.args
        if self.plural_possessive(trig) or self.unnamed_genitive(trig):
            return []
        before = [j for j, a in enumerate(args) if cs <= a.first and a.last < t and not a.prep
                  and j not in self.used_as_object and j not in taken
                  and t - a.last <= self.MAX_BEFORE]
        if before and self.framed(trig, args[before[-1]]):
            return list(args[before[-1]].group)
        limit = min([stop, ce] + [x.tok for x in s.trigs if x.tok > t])
        for j, a in enumerate(args):
            if t < a.first < limit and a.first - t <= self.MAX_BEFORE and not a.prep \
                    and j not in taken and a.entity.type != "place":
                if trig.form.pronoun:
                    if a.kind == "name" and a.entity.type == "person" and self.opening(t):
                        return list(a.group)  # خلال اجتماعه مع بوتين، أكد الزعيم كيم
                    continue  # زيارته … الجيش الروسي: only a named person can own "his"
                if any(self.lex.in_class(s.toks[k].text, "support")
                       for k in range(t + 1, a.first)):
                    return list(a.group)  # قمة عقدها كيم …، الزيارة التي شهدت إجراء كيم …
        return []

    def opening(self, t: int) -> bool:
        """Is token ``t`` in an opening adverbial (خلال زيارة … واجتماعه …، أكد …): the sentence
        starts with a preposition or time word and no comma comes before ``t``?"""
        toks = self.s.toks
        first = toks[0] if toks else None
        return (first is not None and bool(first.prep or self.lex.in_class(first.text, "frame"))
                and not any(toks[k].gap for k in range(1, t + 1)))

    def unnamed_genitive(self, trig: _Trig) -> bool:
        """An indefinite event noun followed by a definite word that is no name, title or date
        has an unnamed agent (بعد تهديد الغربيين): no other name is its agent."""
        s, t = self.s, trig.tok
        if "ال" in trig.pre or trig.pre.endswith("لل") or trig.form.pronoun or t + 1 >= len(s.toks):
            return False
        nxt = s.toks[t + 1]
        if nxt.gap or nxt.title or nxt.in_date or nxt.prep or any(
                a.first <= t + 1 <= a.last for a in s.args):
            return False
        return nxt.text.startswith("ال") and len(nxt.text) > 3

    def framed(self, trig: _Trig, agent: _Arg) -> bool:
        """Can ``agent`` (before the event noun) be its agent? Yes when the noun is framed by a
        preposition or time word (خلال اجتماعه، بعد زيارة، كان في استقبال) or a support verb
        ties them (قام بوتين بزيارة، عقد كيم وبوتين قمة، أجرى كيم محادثات، كيم قدم الدعوة); not
        in استبقت سول القمة (Seoul is the subject of another verb) or القرار الأميركي
        بالانسحاب."""
        s, t, lex = self.s, trig.tok, self.lex
        before = s.toks[t - 1] if t else None
        if before is not None and (before.prep or lex.in_class(before.text, "frame")):
            return True
        first = s.args[agent.group[0]].first
        between = range(agent.last + 1, t)
        if len(between) == 0:
            return first > 0 and lex.in_class(s.toks[first - 1].text, "support")
        return len(between) == 1 and lex.in_class(s.toks[agent.last + 1].text, "support")

    def objects(self, trig: _Trig, after: int, ce: int, stop: int, taken: set[int]) -> list[int]:
        """The recipient: the first name after ``after`` introduced by one of the rule's
        prepositions (``-`` = bare), or ``بين X و Y`` for symmetric events."""
        rule, t = trig.rule, trig.tok
        limit = min(stop, ce, t + self.MAX_OBJECT + 1)
        for j, a in enumerate(self.s.args):
            if a.first <= after or a.first >= limit or j in taken:
                continue
            if a.prep == "بين" and rule.symmetric:
                return list(a.group)
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

    def location(self, t: int, cs: int, ce: int, taken: set[int]) -> Entity | None:
        """A city, place or country after في / ب in the clause, near ``t`` (the trigger or its
        last argument; after it preferred)."""
        found: list[tuple[int, Entity]] = []
        for j, a in enumerate(self.s.args):
            if j in taken or not (cs <= a.first < ce) or a.prep not in ("في", "ب"):
                continue
            if abs(a.first - t) > self.MAX_PLACE:
                continue
            if a.kind == "name" and a.entity.type in ("city", "place", "country"):
                found.append((abs(a.first - t) + (0 if a.first > t else 3), a.entity))
        return min(found, key=lambda x: x[0])[1] if found else None

    def place_of(self, arg: _Arg) -> Entity | None:
        e = arg.entity
        if e.type in ("city", "place", "country") and arg.kind == "name":
            return e
        return _gazetteer().country_of_iso.get(e.country)

    def actor_or_place(self, arg: _Arg, destination: bool, *, as_object: bool = False
                       ) -> tuple[Entity | None, Entity | None]:
        """(actor, place) of a name: metonyms stand for their country (بيونغ يانغ اتهمت …),
        a destination city is the place and its country the actor; the object of any other
        event (استهدفت قرية هجين، قصفت صعدة) that is a town or a place is only a place: the
        text names no one on the receiving side."""
        gaz = _gazetteer()
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
    def status(self, trig: _Trig, cs: int, status: str) -> str:
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
                    and all(s.toks[i].light for i in range(k + 1, t)) \
                    and not any(s.toks[i].gap == "hard" for i in range(k + 1, t + 1)):
                return "planned"  # من المقرر أن تجري الزيارة، من المتوقع أن يزور
        if trig.rule.pos == "noun":
            if t > 0 and lex.in_class(s.toks[t - 1].text, "plan_noun"):
                return "planned"  # توقيت زيارة بوتين
            for k in range(t + 1, min(len(s.toks), t + 3)):
                if s.toks[k].gap:
                    break
                if lex.in_class(s.toks[k].text, "future_after"):
                    return "planned"  # زيارة مستقبلية، القمة المرتقبة
        return status


@cache
def _date_future_cues() -> frozenset[str]:
    from marsad.dates import load_date_cues

    cues = load_date_cues()
    return frozenset(_key(c) for c in cues.loc[cues["role"] == "future_before", "cue"])


@cache
def _date_future_after() -> frozenset[str]:
    from marsad.dates import load_date_cues

    cues = load_date_cues()
    return frozenset(_key(c) for c in cues.loc[cues["role"] == "future_after", "cue"])


def _unique(entities: Iterable[Entity | None]) -> list[Entity]:
    out: list[Entity] = []
    for e in entities:
        if e is not None and e not in out:
            out.append(e)
    return out


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
        return bool(ev.actor1 or ev.actor2 or "ال" in ev.trig.pre)

    def distance(ev: _Event, tok: int, owner: bool) -> int | None:
        cs, ce = roles.clause(ev.trig.tok, False)
        if not cs <= tok < ce:
            return None
        if owner and tok < ev.trig.tok and ev.trig.pre[:1] in ("و", "ف"):
            return None  # وصل … الثلاثاء وغادر: Tuesday is the arrival's (and the departure's
            # only if it has no date of its own: وغادر الخميس)
        if tok < ev.trig.tok and _at_other_time(roles.s, ev.trig):
            return None  # وصل الأحد … عشية قمته: Sunday is not the summit's
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


@cache
def _date_other_time() -> frozenset[str]:
    from marsad.dates import load_date_cues

    cues = load_date_cues()
    return frozenset(_key(c) for c in cues.loc[cues["role"] == "other_time_before", "cue"])


def _at_other_time(s: _Sentence, trig: _Trig) -> bool:
    """Is the trigger an event noun placed at another time than its clause by the word before
    it (``بعد``، ``عشية``، ``قبل`` … — role ``other_time_before`` of ``date_cues.csv``)?"""
    if trig.rule.pos != "noun" or trig.tok == 0:
        return False
    word = s.toks[trig.tok - 1].text
    return any(base in _date_other_time() for _, base in _bases(word))


@cache
def _date_background() -> frozenset[str]:
    from marsad.dates import load_date_cues

    cues = load_date_cues()
    return frozenset(_key(c) for c in cues.loc[cues["role"] == "background_before", "cue"])


def _background(s: _Sentence, trig: _Trig) -> bool:
    """Is the trigger a past verb told as background (``كان كيم زار روسيا``: a pluperfect —
    role ``background_before`` of ``date_cues.csv`` within the two words before it)? Such a
    mention happened before the news: it gets no publication window."""
    if trig.rule.pos != "verb":
        return False
    return any(base in _date_background() for k in range(max(0, trig.tok - 2), trig.tok)
               for _, base in _bases(s.toks[k].text))


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
        definite = "ال" in ev.trig.pre or ev.trig.pre.endswith("لل")
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
            if k.status != ev.status or not _places_ok(k.location, ev.location):
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


def _fold_key(ev: _Event) -> tuple[str, str]:
    """Mentions fold within one action and mode; CONSULT modes fold together (the visit during
    which a summit and talks took place is one mention in that sentence)."""
    rule = ev.trig.rule
    return (rule.action, "" if rule.action == "CONSULT" else rule.mode)


def _more_specific(a: Entity | None, b: Entity | None) -> Entity | None:
    rank = {"place": 3, "city": 2, "country": 1}
    if a is None or b is None:
        return a or b
    return b if rank.get(b.type, 0) > rank.get(a.type, 0) else a


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
def _check_articles(articles: pd.DataFrame) -> None:
    if not isinstance(articles, pd.DataFrame):
        raise CorpusError(f"extract_events expects a DataFrame of articles, "
                          f"got {type(articles).__name__}")
    missing = [c for c in ("article_id", "text_clean") if c not in articles.columns]
    if missing:
        raise CorpusError(f"extract_events: articles lack column(s) {missing} (columns: "
                          f"{list(articles.columns)}); run marsad.pipeline.prepare or "
                          f"marsad.clean.clean_corpus first")


def extract_events(articles: pd.DataFrame, sentences: pd.DataFrame | None = None, *,
                   lexicon: Lexicon | None = None) -> pd.DataFrame:
    """One row per event mention in the cleaned articles (columns :data:`EVENT_COLUMNS`).

    ``articles`` needs ``article_id`` and ``text_clean`` (``published`` is used when present);
    ``sentences`` defaults to :func:`marsad.clean.sentences` of the articles. Rows are sorted
    by article, sentence and position; ``event_id`` is ``<article_id>-eNN``.
    """
    _check_articles(articles)
    spans: dict[str, list[tuple[int, int, int]]] = {}
    if sentences is None:  # what marsad.clean.sentences would give, without the table
        from marsad.clean import split_sentences

        for aid, text in zip(articles["article_id"].astype(str), articles["text_clean"],
                             strict=True):
            if isinstance(text, str):
                spans.setdefault(aid, []).extend(
                    (k, a, b) for k, (a, b) in enumerate(split_sentences(text), start=1))
    else:
        missing = [c for c in ("article_id", "sentence_id", "start", "end")
                   if c not in sentences]
        if missing:
            raise CorpusError(f"extract_events: sentences lack column(s) {missing}")
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
    delegations = []
    for m in mentions:
        if m.kind == "adjective":
            before = norm[max(0, m.start - 12):m.start].split()
            if before and _in(before[-1], lex.cues["delegation"]):
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
        events = roles.run()
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


# ---------------------------------------------------------------------------------------------
# analyst helpers
# ---------------------------------------------------------------------------------------------
def filter_events(events: pd.DataFrame, *, actor: str | None = None, action: str | None = None,
                  mode: str | None = None, month: str | None = None,
                  status: str | None = None,
                  date_basis: str | Iterable[str] | None = None) -> pd.DataFrame:
    """Rows involving ``actor`` (English or Arabic name, or ISO3 country — on either side),
    of ``action``/``mode``, dated in ``month`` (``2023-09``: a date the text states overlaps
    it; a publication window is not a date), with ``status`` and with ``date_basis`` (one
    value or several: ``"reported"``, ``"planned"``, ``"explicit"`` …)."""
    keep = pd.Series(True, index=events.index)
    if actor:
        cols = ["actor1", "actor1_ar", "actor1_country", "actor2", "actor2_ar", "actor2_country"]
        keep &= events[cols].eq(actor).any(axis=1)
    if action:
        keep &= events["action"] == action
    if mode:
        keep &= events["mode"] == mode
    if status:
        keep &= events["status"] == status
    if date_basis is not None:
        keep &= events["date_basis"].isin([date_basis] if isinstance(date_basis, str)
                                          else list(date_basis))
    if month:
        lo, hi = _interval(month, month)
        spans = [None if basis in WINDOW_BASES else _interval(a, b) for a, b, basis in
                 zip(events["date"], events["date_end"], events["date_basis"], strict=True)]
        keep &= pd.Series([s is not None and s[0] <= hi and lo <= s[1] for s in spans],
                          index=events.index)
    return events[keep]


def actor_type_matrix(events: pd.DataFrame, side: str = "actor1") -> pd.DataFrame:
    """Counts of event mentions per actor (rows, Arabic names) and action (columns)."""
    df = events[events[side] != ""]
    if df.empty:
        return pd.DataFrame()
    table = pd.crosstab(df[f"{side}_ar"], df["action"])
    order = table.sum(axis=1).sort_values(ascending=False, kind="stable")
    table = table.loc[order.index]
    return table[sorted(table.columns, key=lambda c: (-int(table[c].sum()), c))]


# ---------------------------------------------------------------------------------------------
# the timeline
# ---------------------------------------------------------------------------------------------
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


@dataclass
class _Mention:
    row: dict
    span: tuple[date, date] | None
    slack: int
    symmetric: bool
    a1: Entity | None
    a2: Entity | None
    loc: Entity | None
    hint: str
    after: date | None
    before: date | None
    explicit: bool  # dated by an explicit year in the text (not relative to the article)
    window: bool = False  # the span is a publication window (reported/planned), not a date

    @property
    def stated(self) -> bool:
        """Does the text give this mention a date (not a window)?"""
        return self.span is not None and not self.window

    @property
    def one_sided(self) -> bool:
        return self.a1 is None or self.a2 is None


def _entity(eid: str) -> Entity | None:
    return _gazetteer().by_id.get(eid) if eid else None


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


def _pair(m: _Mention, x: _Mention, anchored: bool = False) -> tuple[bool, bool] | None:
    """Are the actors compatible? Returns (swapped, both_known) or None.

    The sides named in both must agree; a side may be empty in both. An empty side is not a
    wildcard: it matches a named one only inside one article (``وخلال القمة قال بوتين`` after
    the summit of Putin and Kim), never across articles — unless ``anchored``: the one-sided
    mention sits in an event beside a mention of its own article that names both sides, which
    answers for it (see :meth:`_Cluster.fits`)."""
    same_article = anchored or m.row["article_id"] == x.row["article_id"]
    orders = [(False, x.a1, x.a2)] + ([(True, x.a2, x.a1)] if m.symmetric else [])
    for swapped, b1, b2 in orders:
        s1, s2 = _side(m.a1, b1), _side(m.a2, b2)
        if "conflict" in (s1, s2) or {s1, s2} <= {"unknown", "empty"}:
            continue
        if "unknown" in (s1, s2) and not same_article:
            continue
        return swapped, s1 not in ("unknown", "empty") and s2 not in ("unknown", "empty")
    return None


def _places_ok(a: Entity | None, b: Entity | None) -> bool:
    if a is None or b is None or a.id == b.id:
        return True
    return bool(a.country) and a.country == b.country


@lru_cache(maxsize=65_536)
def _hint_ok(hint: str, span: tuple[date, date]) -> bool:
    """Does the day interval contain a day matching the hint (month=09, weekday=3 …)?"""
    if not hint:
        return True
    key, value = hint.split("=")
    lo, hi = span
    if (hi - lo).days > 400:
        return True
    days = (lo + timedelta(days=i) for i in range((hi - lo).days + 1))
    if key == "month":
        return any(d.month == int(value) for d in days)
    if key == "month-day":
        mm, dd = (int(v) for v in value.split("-"))
        return any(d.month == mm and d.day == dd for d in days)
    return any(d.isoweekday() == int(value) for d in days)


def _compatible(m: _Mention, x: _Mention, anchored: bool = False) -> tuple[bool, bool] | None:
    """Can mentions ``m`` and ``x`` be one event? (swapped, both actors known) or None."""
    if m.row["action"] != x.row["action"] or m.row["mode"] != x.row["mode"]:
        return None
    sm, sx = m.row["status"], x.row["status"]
    if (sm == "denied") != (sx == "denied"):
        return None
    pair = _pair(m, x, anchored)
    if pair is None or not _places_ok(m.loc, x.loc):
        return None
    if m.span is not None and x.span is not None:
        slack = timedelta(days=max(m.slack, x.slack))
        if m.span[0] - slack > x.span[1] or x.span[0] - slack > m.span[1]:
            return None
        return pair
    if (sm == "planned") != (sx == "planned"):
        return None  # an undated plan is not matched to what happened
    for u, v in ((m, x), (x, m)):
        if u.span is None and v.span is not None:
            if not _hint_ok(u.hint, v.span):
                return None
            if u.after is not None and v.span[1] <= u.after:
                return None
            if u.before is not None and v.span[0] > u.before and u.row["status"] != "planned":
                return None
    if m.span is None and x.span is None and not _hints_agree(m.hint, x.hint):
        return None
    return pair


UNDATED_PUBLISHED_WITHIN = 31  # days between articles whose undated mentions may merge


def _hints_agree(a: str, b: str) -> bool:
    """Can two partial dates be the same day (month=09 and weekday=3 can; month=09 and
    month-day=10-18 cannot)?"""
    if not a or not b:
        return True
    ka, va = a.split("=")
    kb, vb = b.split("=")
    if ka == kb:
        return va == vb
    months = {k: v[:2] for k, v in ((ka, va), (kb, vb)) if k.startswith("month")}
    return len(set(months.values())) <= 1


def _mentions(events: pd.DataFrame, lex: Lexicon) -> list[_Mention]:
    types = lex.types.set_index(["action", "mode"])
    known: dict[tuple, tuple[int, bool]] = {}  # (action, mode) → (slack, symmetric)
    out = []
    for row in events.to_dict("records"):
        key = (row["action"], row["mode"])
        if key not in known:
            known[key] = ((int(types.loc[key, "merge_slack_days"]),
                           bool(types.loc[key, "symmetric"] == "yes"))
                          if key in types.index else (0, False))
        slack, symmetric = known[key]
        pub = row.get("published") or ""
        window = row["date_basis"] in WINDOW_BASES
        out.append(_Mention(
            row, _interval(row["date"], row["date_end"]), 0 if window else slack, symmetric,
            _entity(row["actor1_id"]), _entity(row["actor2_id"]), _entity(row["location_id"]),
            row.get("date_hint", "") or "",
            _interval(row["date_after"], row["date_after"])[1] if row.get("date_after") else None,
            date.fromisoformat(pub) if pub else None,
            row["date_basis"] in ("explicit", "named event"), window))
    return out


_BUCKET_DAYS = 30  # merge_timeline's date index: clusters by 30-day bucket


def _actors(m: _Mention) -> tuple:
    """Status and actor ids: undated mentions alike in these are twins."""
    return m.row["status"], frozenset((m.row["actor1_id"], m.row["actor2_id"]))


def _keys(m: _Mention) -> set[tuple]:
    """Action, mode and the country (else the id) of each actor: a cluster is a candidate for a
    mention only if they share one."""
    return {(m.row["action"], m.row["mode"], e.country or e.id) for e in (m.a1, m.a2)
            if e is not None}


def _side_class(e: Entity | None) -> tuple[str, str] | None:
    """Entities that :func:`_side` finds the same or a person and their country share a class:
    a person or a country is classed by its country, anything else by its id."""
    if e is None:
        return None
    return ("country", e.country) if e.type in ("person", "country") else ("id", e.id)


def _profile(m: _Mention, swapped: bool) -> tuple:
    """All that :func:`_compatible` reads of a cluster member, and its order in the cluster:
    members with the same profile answer every mention alike."""
    r = m.row
    return (r["action"], r["mode"], r["status"], m.a1, m.a2, m.loc, m.span, m.slack, m.hint,
            m.after, m.before, swapped, r["article_id"] if m.one_sided else "")


@dataclass
class _Cluster:
    """Mentions of one event, and what :func:`merge_timeline` asks of them, kept as they join.

    ``sides``: the class (:func:`_side_class`) of the actors on each side, in the order of
    the first member (None while no member names one). Every member is compatible with every
    other one in that order, so each side has one class: a mention can only fit if its own
    actors (in one order; either for symmetric types) are of the same classes."""

    window: tuple[int, int] | None  # the first member's days widened by the slack (ordinals)
    members: list[tuple[_Mention, bool]] = field(default_factory=list)  # (mention, swapped)
    profiles: dict[tuple, tuple[_Mention, bool]] = field(default_factory=dict)  # one per profile
    keys: set[tuple] = field(default_factory=set)  # the members' _keys
    sides: tuple = (None, None)
    latest_start: date = date.min  # of the dated members: a dated mention outside
    earliest_end: date = date.max  # these fits no member (all share action, mode, slack)
    articles: set[str] = field(default_factory=set)
    anchors: set[str] = field(default_factory=set)  # articles of members naming both sides
    stated: bool = False  # a member has a date the text states (not only a window)
    relative_articles: set[str] = field(default_factory=set)  # a member not dated explicitly
    published: tuple[date, date] | None = None  # earliest and latest publication of members
    planned: set[bool] = field(default_factory=set)  # which members are planned
    undated: dict[tuple, tuple[set[str], set]] = field(default_factory=dict)  # by _actors:
    # the articles and publication dates of undated members

    def add(self, m: _Mention, swapped: bool) -> tuple:
        """Add a member; return the sides before it joined."""
        aid = m.row["article_id"]
        self.members.append((m, swapped))
        self.profiles.setdefault(_profile(m, swapped), (m, swapped))
        self.keys |= _keys(m)
        self.articles.add(aid)
        if not m.one_sided:
            self.anchors.add(aid)
        self.stated = self.stated or m.stated
        if m.span is not None:
            self.latest_start = max(self.latest_start, m.span[0])
            self.earliest_end = min(self.earliest_end, m.span[1])
        else:
            articles, published = self.undated.setdefault(_actors(m), (set(), set()))
            articles.add(aid)
            published.add(m.before)
        if not m.explicit:
            self.relative_articles.add(aid)
        self.planned.add(m.row["status"] == "planned")
        if m.before is not None:
            lo, hi = self.published or (m.before, m.before)
            self.published = min(lo, m.before), max(hi, m.before)
        before = self.sides
        own = (m.a2, m.a1) if swapped else (m.a1, m.a2)
        self.sides = tuple(s if s is not None else _side_class(e)
                           for s, e in zip(before, own, strict=True))
        return before

    def fits(self, m: _Mention, need_known: bool) -> bool | None:
        """None unless ``m`` is compatible with every member (``need_known``: with both actors
        known, unless its article is already in the cluster) in one order; else that order
        (swapped or not)."""
        aid = m.row["article_id"]
        same_article = need_known and aid in self.articles
        swaps = set()
        for x, x_swapped in self.profiles.values():
            # a one-sided member is answered for by a member of its own article that names
            # both sides (m agrees with that one): across articles only its dates are checked
            xid = x.row["article_id"]
            anchored = xid != aid and ((x.one_sided and xid in self.anchors)
                                       or (m.one_sided and aid in self.anchors))
            if (xid != aid and not anchored and (m.one_sided or x.one_sided)
                    and not (m.stated and x.stated)):
                return None  # a side unnamed, a date unstated: nothing says it is one event
            res = _compatible(m, x, anchored)
            if res is None:
                return None
            swapped, both = res
            if need_known and not both and not same_article:
                return None
            swaps.add(swapped != x_swapped)
        return swaps.pop() if len(swaps) == 1 else None

    def rules_out(self, m: _Mention) -> bool:
        """Would :meth:`fits` find the undated ``m`` incompatible with some member because of a
        date or a status alone (read from the cluster's ranges and sets)? A dated member that
        ends by ``m``'s ``after``, or (``m`` not planned) starts after its publication; a member
        planned where ``m`` is not, or the other way round; denied where ``m`` is not."""
        planned = m.row["status"] == "planned"
        return ((m.after is not None and self.earliest_end <= m.after)
                or (not planned and m.before is not None and self.latest_start > m.before)
                or self.planned != {planned}
                or (m.row["status"] == "denied") != (self.members[0][0].row["status"] == "denied"))

    def twin(self, m: _Mention) -> bool:
        """Is an undated member of exactly the same actors and status as the undated ``m`` in
        the same article (when an actor is missing), else in an article published within
        :data:`UNDATED_PUBLISHED_WITHIN` days (or of unknown date)?"""
        found = self.undated.get(_actors(m))
        if found is None:
            return False
        articles, published = found
        if "" in (m.row["actor1_id"], m.row["actor2_id"]):
            return m.row["article_id"] in articles
        return m.before is None or any(
            p is None or abs((m.before - p).days) <= UNDATED_PUBLISHED_WITHIN for p in published)

    def too_far(self, m: _Mention) -> bool:
        """Was some member's article published more than the allowed days from ``m``'s?"""
        return (m.before is not None and self.published is not None
                and max(m.before - self.published[0], self.published[1] - m.before).days
                > UNDATED_PUBLISHED_WITHIN)

    def index_keys(self, action: str, mode: str, sides: tuple) -> list[tuple]:
        """Where ``merge_timeline`` files the cluster when its sides are ``sides``: by both
        classes and by each known one, undated (bucket None) and, for a dated cluster, in
        every 30-day bucket of its window."""
        if sides == (None, None):
            return []
        buckets: list[int | None] = [None]
        if self.window is not None:
            buckets += range(self.window[0] // _BUCKET_DAYS, self.window[1] // _BUCKET_DAYS + 1)
        by_side = [("side", action, mode, i, s) for i, s in enumerate(sides) if s is not None]
        return [key + (b,) for key in [("both", action, mode, *sides), *by_side]
                for b in buckets]


def _wanted(m: _Mention) -> list[tuple]:
    """The index keys (without bucket) of the clusters ``m`` may fit: those whose sides are
    of its actors' classes, in its order (either order for a symmetric type); where ``m``
    lacks an actor, every member must name the other side."""
    action, mode = m.row["action"], m.row["mode"]
    out = []
    for a, b in [(m.a1, m.a2), (m.a2, m.a1)] if m.symmetric else [(m.a1, m.a2)]:
        ca, cb = _side_class(a), _side_class(b)
        if ca is not None and cb is not None:
            out += [("both", action, mode, ca, cb), ("both", action, mode, ca, None),
                    ("both", action, mode, None, cb)]
        elif ca is not None or cb is not None:
            out.append(("side", action, mode, 0, ca) if ca is not None
                       else ("side", action, mode, 1, cb))
    return out


def merge_timeline(events: pd.DataFrame, *, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """One row per distinct real-world event (columns :data:`TIMELINE_COLUMNS`).

    Two mentions are *compatible* when they have the same action and mode, compatible actors
    (on each side the same entity, or a person and their own country; one side may be
    unknown; the order only matters for asymmetric types), compatible places (the same, one
    unknown, or in the same country), and the same denied / not-denied status. Every mention is
    checked against every member of a cluster (no chaining). Then:

    1. **Dated mentions** merge when their date intervals, widened by ``merge_slack_days`` of
       event_types.csv (a visit lasts days), overlap.
    2. **Undated mentions with date information** — ``date_hint`` (``month=09``: "September"
       without a year; ``weekday=3``: "Wednesday") or ``date_after`` (a relative date in an
       article without publication date happened after the latest explicit date of that
       article: "last Tuesday" in an article citing April 2019 is later than April 2019) —
       join a dated event only if it is the ONLY compatible one, the hint fits its dates, and
       (for articles with a publication date) it did not start after publication. Both actors
       must be known, unless the article already has a mention in that event.
    3. **Mentions with no date at all** join an event that already holds a mention of the same
       article dated *relative to that article* (not an explicit year: "آخر زيارة … عام 2019"
       is background, not the article's current event), if there is exactly one; otherwise
       they merge with undated mentions of exactly the same actors and status.

    A planned mention without a date is not matched to what happened. The date shown is the
    most precise member's; ``evidence`` is the clearest sentence (most precise date, both
    actors, a place, asserted).
    """
    lex = lexicon or default_lexicon()
    if events.empty:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    mentions = _mentions(events, lex)
    clusters: list[_Cluster] = []
    # clusters by the classes of their sides (_Cluster.index_keys): a mention looks only where
    # its actors may fit (_wanted) and checks each kind of member once (_Cluster.profiles), so
    # the work per mention does not grow with the length of an article
    index: dict[tuple, set[int]] = {}
    # clusters by (action, mode, status, actor ids): where an undated twin may be
    same_actors: dict[tuple, set[int]] = {}

    def add(ci: int, m: _Mention, swapped: bool) -> None:
        c = clusters[ci]
        action, mode = m.row["action"], m.row["mode"]
        before = c.add(m, swapped)
        if c.sides != before:
            for key in c.index_keys(action, mode, before):
                index[key].discard(ci)
            for key in c.index_keys(action, mode, c.sides):
                index.setdefault(key, set()).add(ci)
        same_actors.setdefault((action, mode, *_actors(m)), set()).add(ci)

    def new(m: _Mention) -> None:
        window = (None if m.span is None
                  else (m.span[0].toordinal() - m.slack, m.span[1].toordinal() + m.slack))
        clusters.append(_Cluster(window))
        add(len(clusters) - 1, m, False)

    def candidates(m: _Mention, buckets: Iterable[int | None]) -> list[int]:
        """The clusters ``m`` may fit, in order: filed under its wanted keys in ``buckets``
        and sharing one of its _keys (the clusters looked at before the index by classes)."""
        found = {ci for key in _wanted(m) for b in buckets for ci in index.get(key + (b,), ())}
        keys = _keys(m)
        return sorted(ci for ci in found if not keys.isdisjoint(clusters[ci].keys))

    # stated dates before windows, both sides named before one (which joins only through a
    # mention of its own article), the most precise first
    dated = sorted((m for m in mentions if m.span is not None),
                   key=lambda m: (m.window, m.one_sided,
                                  -PRECISION_RANK.get(m.row["date_precision"], 0), m.span[0],
                                  m.row["event_id"]))
    for m in dated:
        slack = timedelta(days=m.slack)
        buckets = range(m.span[0].toordinal() // _BUCKET_DAYS,
                        m.span[1].toordinal() // _BUCKET_DAYS + 1)
        options = []
        for ci in candidates(m, buckets):
            c = clusters[ci]
            if m.span[0] - slack > c.earliest_end or c.latest_start - slack > m.span[1]:
                continue  # some member's dates do not overlap: fits() would say None
            sw = c.fits(m, False)
            if sw is not None:
                options.append((ci, sw))
                if not m.window or len(options) > 1:
                    break  # a date joins the first event it fits, a window only the one
        if len(options) == 1 or (options and not m.window):
            add(options[0][0], m, options[0][1])
        else:
            new(m)
    n_dated = len(clusters)
    undated = sorted((m for m in mentions if m.span is None),
                     key=lambda m: (not (m.hint or m.after), m.row["event_id"]))
    for m in undated:
        informed = bool(m.hint or m.after)
        options = []
        for ci in candidates(m, [None]):
            c = clusters[ci]
            if (informed and c.stated or m.row["article_id"] in c.relative_articles) \
                    and not c.rules_out(m) and (sw := c.fits(m, True)) is not None:
                options.append((ci, sw))
                if len(options) > 1:
                    break  # not the only one
        if len(options) == 1:
            add(*options[0][:1], m, options[0][1])
            continue
        twins = (sorted(same_actors.get((m.row["action"], m.row["mode"], *_actors(m)), ()))
                 if _keys(m) else [])
        for ci in twins:  # undated events with exactly the same actors and status
            c = clusters[ci]
            if ci < n_dated or not c.twin(m) or c.too_far(m):
                continue
            if (sw := c.fits(m, True)) is not None:
                add(ci, m, sw)
                break
        else:
            new(m)
    rows = [_summary(c.members) for c in clusters]
    table = pd.DataFrame(rows)
    table["_undated"] = table["date"] == ""
    table = table.sort_values(["_undated", "_lo", "action", "mode", "actor1", "actor2",
                               "evidence_id"], kind="stable").drop(columns=["_undated", "_lo"])
    table["event_id"] = [f"T{n:03d}" for n in range(1, len(table) + 1)]
    return table[TIMELINE_COLUMNS].reset_index(drop=True)


def _summary(cluster: list[tuple[_Mention, bool]]) -> dict:
    def score(m: _Mention):
        r = m.row
        return (PRECISION_RANK.get(r["date_precision"], 0) if m.span else 0,
                bool(r["actor1"]) + bool(r["actor2"]), bool(r["location"]),
                r["status"] == "asserted", -len(r["sentence"]))

    members = [m for m, _ in cluster]
    best = max(members, key=lambda m: (score(m), [-ord(c) for c in m.row["event_id"]]))
    sides: list[list[Entity]] = [[], []]
    for m, swapped in cluster:
        a, b = (m.a2, m.a1) if swapped else (m.a1, m.a2)
        for k, e in enumerate((a, b)):
            if e is not None:
                sides[k].append(e)

    def pick(items: list[Entity]) -> Entity | None:
        if not items:
            return None
        counts = Counter(e.id for e in items)
        return max(items, key=lambda e: (e.type == "person", counts[e.id], e.id))

    a1, a2 = pick(sides[0]), pick(sides[1])
    places = [m.loc for m in members if m.loc is not None]
    spec = {"place": 3, "city": 2, "country": 1}
    named = Counter(places)
    loc = max(places, key=lambda e: (spec.get(e.type, 0), named[e], e.id)) if places else None
    dated = [m for m in members if m.span is not None]
    # a date the text states wins over a window (precision "window" ranks below a year)
    top = max(dated, key=lambda m: (m.stated, PRECISION_RANK.get(m.row["date_precision"], 0),
                                    [-ord(c) for c in m.row["event_id"]])) if dated else None
    statuses = {m.row["status"] for m in members}
    status = next(s for s in ("asserted", "alleged", "planned", "hypothetical", "denied")
                  if s in statuses)
    articles = sorted({m.row["article_id"] for m in members})
    hints = sorted({m.hint for m in members if m.hint})
    return {
        "event_id": "", "date": top.row["date"] if top else "",
        "date_end": top.row["date_end"] if top else "",
        "date_precision": top.row["date_precision"] if top else "unknown",
        "action": best.row["action"], "mode": best.row["mode"], "status": status,
        "actor1": a1.name_en if a1 else "", "actor1_ar": a1.name_ar if a1 else "",
        "actor1_country": a1.country if a1 else "",
        "actor2": a2.name_en if a2 else "", "actor2_ar": a2.name_ar if a2 else "",
        "actor2_country": a2.country if a2 else "",
        "location": loc.name_en if loc else "", "location_ar": loc.name_ar if loc else "",
        "article_ids": "|".join(articles), "n_articles": len(articles),
        "n_mentions": len(members), "evidence": best.row["sentence"],
        "evidence_id": best.row["event_id"],
        "mention_ids": "|".join(sorted(m.row["event_id"] for m in members)),
        "date_hint": "|".join(hints), "_lo": top.span[0] if top else date.max,
        "date_basis": (top or best).row["date_basis"],
        "confidence": timeline_confidence(len(articles), sum(
            m.stated and m.a1 is not None and m.a2 is not None for m in members)),
    }


def timeline_confidence(n_articles: int, n_strong: int) -> str:
    """How far a timeline row can be relied on, from its ``n_articles`` and its ``n_strong``
    mentions (both actors named and a date the text states, not a window): ``high`` — at
    least two articles and a strong mention; ``medium`` — a strong mention, or two articles;
    ``low`` — one article and no strong mention."""
    if n_strong and n_articles >= 2:
        return "high"
    return "medium" if n_strong or n_articles >= 2 else "low"


# ---------------------------------------------------------------------------------------------
# quality against a hand-annotated gold set
# ---------------------------------------------------------------------------------------------
GOLD_COLUMNS = ("article_id", "sentence", "action", "mode", "status", "actor1", "actor2",
                "location", "date")


def _gold_entity(name: str) -> Entity | None:
    if not name:
        return None
    for e in _gazetteer().by_id.values():
        if name in (e.name_en, e.name_ar, e.id):
            return e
    raise ValueError(f"gold actor {name!r} is not a gazetteer name (name_en, name_ar or id)")


def score_events(events: pd.DataFrame, gold: pd.DataFrame, *,
                 lexicon: Lexicon | None = None) -> dict:
    """Precision and recall of ``events`` against a gold table (:data:`GOLD_COLUMNS`).

    A predicted row matches a gold row when the article is the same, the gold ``sentence``
    text occurs in the predicted sentence, the action is the same, each actor matches (same
    entity, or a person and their country; an empty gold actor matches anything; order ignored
    for symmetric types) and, where the gold ``date`` is given, the predicted ``date`` equals
    it. Matching is one-to-one. Only predictions in the gold's articles count.
    """
    lex = lexicon or default_lexicon()
    preds = events[events["article_id"].isin(set(gold["article_id"]))].to_dict("records")
    gold_rows = gold.fillna("").to_dict("records")
    edges: list[list[int]] = []
    for g in gold_rows:
        g1, g2 = _gold_entity(g["actor1"]), _gold_entity(g["actor2"])
        symmetric = lex.symmetric_pair(g["action"], g["mode"])
        ok = []
        for pi, p in enumerate(preds):
            if p["article_id"] != g["article_id"] or p["action"] != g["action"]:
                continue
            if g["sentence"] not in p["sentence"] or (g["date"] and p["date"] != g["date"]):
                continue
            p1, p2 = _entity(p["actor1_id"]), _entity(p["actor2_id"])
            orders = [(p1, p2), (p2, p1)] if symmetric else [(p1, p2)]
            if any(all(gx is None or _side(gx, px) in ("same", "country")
                       for gx, px in ((g1, q1), (g2, q2))) for q1, q2 in orders):
                ok.append(pi)
        # prefer predictions of the same mode (tried first by the matching below)
        edges.append(sorted(ok, key=lambda pi, g=g: (preds[pi]["mode"] != g["mode"], pi)))
    owner: dict[int, int] = {}  # prediction → gold (maximum bipartite matching)

    def augment(gi: int, seen: set[int]) -> bool:
        for pi in edges[gi]:
            if pi in seen:
                continue
            seen.add(pi)
            if pi not in owner or augment(owner[pi], seen):
                owner[pi] = gi
                return True
        return False

    for gi in range(len(gold_rows)):
        augment(gi, set())
    used = set(owner)
    matches = sorted((gi, preds[pi]["event_id"]) for pi, gi in owner.items())
    matched = {gi for gi, _ in matches}
    return {
        "precision": len(used) / len(preds) if preds else 0.0,
        "recall": len(matched) / len(gold_rows) if gold_rows else 0.0,
        "n_pred": len(preds), "n_gold": len(gold_rows), "n_match": len(matches),
        "missed": [gold_rows[i] for i in range(len(gold_rows)) if i not in matched],
        "spurious": [preds[i] for i in range(len(preds)) if i not in used],
    }


# ---------------------------------------------------------------------------------------------
# labels and charts for the notebook
# ---------------------------------------------------------------------------------------------
def type_labels(lexicon: Lexicon | None = None) -> dict[tuple[str, str], str]:
    """Arabic label of each action/mode (``('CONSULT', 'meet')`` → ``قمة أو لقاء``)."""
    types = (lexicon or default_lexicon()).types
    return dict(zip(zip(types["action"], types["mode"], strict=True), types["label_ar"],
                    strict=True))


def action_labels(lexicon: Lexicon | None = None) -> dict[str, str]:
    """Arabic name of each action (``ACCUSE`` → ``اتهام وإدانة``)."""
    types = (lexicon or default_lexicon()).types
    return dict(zip(types["action"], types["action_ar"], strict=True))


def event_labels(table: pd.DataFrame, lexicon: Lexicon | None = None) -> pd.Series:
    """One Arabic line per event row: ``زيارة: سيرغي لافروف ← كوريا الشمالية`` (an arrow from
    actor 1 to actor 2; a dash for symmetric types), ``(مخطط)`` / ``(منفي)`` / ``(مزعوم)`` /
    ``(مشروط)`` for planned, denied, alleged and hypothetical events."""
    lex = lexicon or default_lexicon()
    labels = type_labels(lex)
    status_ar = {"planned": " (مخطط)", "denied": " (منفي)", "alleged": " (مزعوم)",
                 "hypothetical": " (مشروط)"}
    out = []
    for action, mode, a1, a2, status in zip(table["action"], table["mode"], table["actor1_ar"],
                                            table["actor2_ar"], table["status"], strict=True):
        sep = " – " if lex.symmetric_pair(action, mode) else " ← "
        actors = sep.join(a for a in (a1, a2) if a) or "؟"
        out.append(f"{labels.get((action, mode), action)}: {actors}{status_ar.get(status, '')}")
    return pd.Series(out, index=table.index, dtype="str")


def plot_timeline(timeline: pd.DataFrame, *, max_events: int = 30, since: str | None = None,
                  title: str = "", ax=None):
    """Dated events on a time axis: a point for a day, a bar for a week, month or year (an
    outline for a window from publication, no date of the text), the number of citing articles
    beside it; one Arabic label per row, oldest at the top. Shows
    the ``max_events`` most-mentioned dated events that end on or after ``since``
    (``2023-01``)."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from marsad.plots import ar

    dated = timeline[timeline["date"] != ""]
    if since:
        start = _interval(since, since)[0]
        dated = dated[[_interval(a, b)[1] >= start
                       for a, b in zip(dated["date"], dated["date_end"], strict=True)]]
    dated = dated.sort_values(["n_mentions", "event_id"], ascending=[False, True],
                              kind="stable").head(max_events)
    dated = dated.sort_values(["date", "event_id"], ascending=[False, False], kind="stable")
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 0.42 * max(len(dated), 3) + 1.6))
    colors = {"asserted": "#3b6ea5", "planned": "#3b8a5a", "alleged": "#c08a2b",
              "denied": "#a5533b", "hypothetical": "#7a5ea8"}
    for y, row in enumerate(dated.itertuples()):
        lo, hi = _interval(row.date, row.date_end)
        color = colors.get(row.status, "#777777")
        if lo == hi:
            ax.plot([lo], [y], "o", color=color, markersize=5 + 2 * min(row.n_articles, 5))
        elif row.date_precision == PRECISION_WINDOW:  # not a date of the text: an outline
            ax.barh(y, (hi - lo).days + 1, left=lo, height=0.5, fill=False, edgecolor=color,
                    linestyle="--", linewidth=1)
        else:
            ax.barh(y, (hi - lo).days + 1, left=lo, height=0.5, color=color, alpha=0.6)
        ax.annotate(str(row.n_articles), (hi, y), xytext=(7, 0), textcoords="offset points",
                    va="center", fontsize=8)  # number of articles citing the event
    ax.set_yticks(range(len(dated)), [ar(t) for t in event_labels(dated)])
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    names = {"asserted": "وقع", "planned": "مخطط", "alleged": "مزعوم", "denied": "منفي",
             "hypothetical": "مشروط"}
    shown = [s for s in colors if s in set(dated["status"])]
    handles = [Line2D([], [], marker="o", ls="", color=colors[s]) for s in shown]
    labels = [ar(names[s]) for s in shown]
    if (dated["date_precision"] == PRECISION_WINDOW).any():
        handles.append(Patch(fill=False, edgecolor="#555555", linestyle="--"))
        labels.append(ar("لا تاريخ في النص: الفترة من تاريخ النشر"))
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(0, -0.06),
              ncol=4, fontsize=8, frameon=False)
    ax.set_title(ar(title))
    ax.grid(axis="x", alpha=0.3)
    ax.figure.tight_layout()
    return ax


def plot_actor_matrix(matrix: pd.DataFrame, *, title: str = "", ax=None):
    """Heat map of an :func:`actor_type_matrix` with the counts written in the cells."""
    import matplotlib.pyplot as plt

    from marsad.plots import ar

    names = action_labels()
    if ax is None:
        _, ax = plt.subplots(figsize=(1.1 * max(matrix.shape[1], 4) + 3,
                                      0.4 * max(matrix.shape[0], 3) + 1.8))
    ax.imshow(matrix.to_numpy(), cmap="Blues", aspect="auto")
    ax.set_xticks(range(matrix.shape[1]), [ar(names.get(c, c)) for c in matrix.columns],
                  rotation=40, ha="right")
    ax.set_yticks(range(matrix.shape[0]), [ar(str(i)) for i in matrix.index])
    peak = matrix.to_numpy().max() if matrix.size else 0
    for (i, j), value in pd.DataFrame(matrix.to_numpy()).stack().items():
        if value:
            ax.text(j, i, str(value), ha="center", va="center", fontsize=9,
                    color="white" if value > peak / 2 else "black")
    ax.set_title(ar(title))
    ax.figure.tight_layout()
    return ax
