"""The trigger lexicon: the event data files (``triggers.csv``, ``event_types.csv``,
``event_cues.csv``) read, checked and compiled into a :class:`Lexicon` — every form of every
trigger (affixes and proclitics added to the base forms) in one regex, the cue word classes, and
the clitic readings of a word (:func:`_clitic_readings`) the cue tests use."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from marsad.clitics import ARTICLE, CONJUNCTIONS, LAM, PREPOSITIONS
from marsad.datafiles import DataFileError, read_table, yes
from marsad.dates import load_date_cues
from marsad.gazetteer import split_list
from marsad.normalize import normalize
from marsad.patterns import trie_regex

DATA_DIR = Path(__file__).resolve().parents[1] / "data"

POS = ("verb", "present", "participle", "noun")

# The columns of the data files (marsad.datafiles.read_table; a `note` column is free text)
TRIGGER_COLUMNS = ("trigger", "pos", "action", "mode", "status", "genitive", "subject_preps",
                   "recipient", "destination", "subject_is", "requires", "window", "not_after",
                   "needs", "absorbs", "vetoed_by")
EVENT_TYPE_COLUMNS = ("action", "mode", "quad", "symmetric", "merge_slack_days", "located",
                      "accused_act", "recurs", "source", "action_ar", "label_ar")
CUE_COLUMNS = ("class", "cue")
CUE_CLASSES_REQUIRED = ("clause", "relative", "preposition", "title", "adverb", "negation",
                        "light", "planned_before", "planned_after", "plan_noun", "speculation", "conditional",
                        "delegation", "not_trigger", "support", "frame", "masculine_entity",
                        "feminine_entity")

# Affixes added to the base forms of triggers.csv (see the docstring of :mod:`marsad.events`).
_VERB_SUFFIXES = ("", "ت", "ا", "وا", "تا")
_PRONOUNS = ("", "ه", "ها", "هما", "هم", "هن", "ك", "كم", "ني", "نا")
_PRESENT_PREFIXES = ("ي", "ت", "ن")
_PRESENT_SUFFIXES = ("", "ان", "ون", "ين", "ن")
_NOUN_PRONOUNS = ("ه", "ها", "هما", "هم", "هن", "نا", "كم")  # not ي: اجتماعي = social
_CONJUNCTIONS = tuple(CONJUNCTIONS)  # و ف (marsad.clitics)
_FUTURE = "س"  # the future prefix of a present verb (سيزور: planned)
# Proclitics allowed before each part of speech, from the one table of marsad.clitics: و/ف on
# every word; then ب/ل/ك, the article ال (ل + ال written لل) on nouns; س or ل on present verbs.
_CLITICS = {
    "verb": ("", *CONJUNCTIONS),
    "present": tuple(c + p for c in ("", *CONJUNCTIONS) for p in ("", _FUTURE, LAM)),
    "participle": ("", *CONJUNCTIONS),
    "noun": tuple(
        [c + p for c in ("", *CONJUNCTIONS) for p in ("", *PREPOSITIONS)]
        + [c + p + ARTICLE for c in ("", *CONJUNCTIONS) for p in ("", *PREPOSITIONS) if p != LAM]
        + [c + LAM + LAM for c in ("", *CONJUNCTIONS)]),
}
_LETTER = r"[^\W\d_]"


#: What a bad event data file raises: the one error of :mod:`marsad.datafiles` (this name is
#: kept for code written before the one reader).
EventDataError = DataFileError


# ---------------------------------------------------------------------------------------------
# data files
# ---------------------------------------------------------------------------------------------
def _label(source: Path | str) -> str:
    """How an error names a data file: ``marsad/data/<name>`` for a packaged one, else its path."""
    return f"marsad/data/{source}" if isinstance(source, str) and "/" not in source else str(source)


def _read_checked(source: Path | str, columns: tuple[str, ...], required: tuple[str, ...],
                  filled: tuple[str, ...]) -> pd.DataFrame:
    """``columns`` of a data file (:func:`marsad.datafiles.read_table`: ``required`` ones must
    be there, ``line`` numbers the rows by file line) with no empty cell in ``filled``."""
    table = read_table(source, required, [c for c in columns if c not in required])
    for column in filled:
        empty = table.loc[table[column] == "", "line"]
        if len(empty):
            raise DataFileError(f"{_label(source)}, line {empty.iloc[0]}: empty {column}")
    return table[[*columns, "line"]]


def load_event_types(path: Path | str | None = None) -> pd.DataFrame:
    """PLOVER actions and modes (one row per action/mode pair): :data:`EVENT_TYPE_COLUMNS`
    and ``line``; ``symmetric``, ``located``, ``accused_act`` and ``recurs`` read as ``yes`` / ``no``."""
    source = path or "event_types.csv"
    df = _read_checked(source, EVENT_TYPE_COLUMNS,
                       ("action", "mode", "symmetric", "merge_slack_days", "located"),
                       ("action", "mode", "merge_slack_days"))
    for column in ("symmetric", "located", "accused_act", "recurs"):
        df[column] = ["yes" if yes(v, where=f"{_label(source)}, line {n}: {column}") else "no"
                      for v, n in zip(df[column], df["line"], strict=True)]
    slack = pd.to_numeric(df["merge_slack_days"], errors="coerce")
    bad = df.loc[slack.isna() | (slack < 0) | (slack % 1 != 0), "line"]
    if len(bad):
        raise DataFileError(f"{_label(source)}, line {bad.iloc[0]}: merge_slack_days must be a "
                            f"whole number ≥ 0")
    df["merge_slack_days"] = slack.astype(int)
    dup = df.loc[df.duplicated(["action", "mode"]), "line"]
    if len(dup):
        raise DataFileError(f"{_label(source)}, line {dup.iloc[0]}: duplicate action/mode")
    return df


def load_cues(path: Path | str | None = None) -> pd.DataFrame:
    """Cue word classes: ``class, cue`` (one word or phrase a row) and ``line``."""
    source = path or "event_cues.csv"
    df = _read_checked(source, CUE_COLUMNS, CUE_COLUMNS, CUE_COLUMNS)
    missing = [c for c in CUE_CLASSES_REQUIRED if c not in set(df["class"])]
    if missing:
        raise DataFileError(f"{_label(source)}: missing cue class(es) {missing}")
    return df


def load_triggers(path: Path | str | None = None,
                  event_types: pd.DataFrame | None = None,
                  cues: pd.DataFrame | None = None) -> pd.DataFrame:
    """The trigger lexicon (:data:`TRIGGER_COLUMNS` and ``line``), validated against the event
    types and cue classes. Raises :class:`~marsad.datafiles.DataFileError` naming the file,
    the line and the trigger."""
    source = path or "triggers.csv"
    required = ("trigger", "pos", "action", "mode")
    df = _read_checked(source, TRIGGER_COLUMNS, required, required)
    types = load_event_types() if event_types is None else event_types
    classes = set((load_cues() if cues is None else cues)["class"])
    known = set(zip(types["action"], types["mode"], strict=True))

    for rec in df.itertuples(index=False):
        where = f"{_label(source)}, line {rec.line} ({rec.trigger})"

        def fail(msg: str, where: str = where) -> None:
            raise DataFileError(f"{where}: {msg}")

        if rec.pos not in POS:
            fail(f"pos {rec.pos!r} is not one of {POS}")
        if (rec.action, rec.mode) not in known:
            fail(f"{rec.action}/{rec.mode} is not in event_types.csv")
        if rec.status not in ("", "asserted", "planned"):
            fail("status must be empty, asserted or planned")
        if rec.genitive not in ("", "subject", "object", "object+ب"):
            fail("genitive must be empty, subject, object or object+ب")
        if rec.subject_is not in ("", "actor1", "actor2"):
            fail("subject_is must be empty, actor1 or actor2")
        yes(rec.destination, where=f"{where}: destination")
        if rec.window and not rec.window.isdigit():
            fail("window must be a whole number of words")
        for need in filter(None, rec.needs.split("+")):
            if need not in ("actor1", "recipient", "place"):
                fail(f"needs {need!r}: use actor1, recipient or place, joined by +")
        for name in re.split(r"[+|]", rec.requires) + split_list(rec.vetoed_by):
            if name and name not in classes:
                fail(f"unknown cue class {name!r} (event_cues.csv)")
        for item in split_list(rec.absorbs):
            if tuple(item.split("/", 1)) not in known:
                fail(f"absorbs {item!r}, which is not an action/mode of event_types.csv")
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
    accused_act: bool  # in the scope of an accusation or condemnation, the act of the accused
    vetoed_by: tuple[str, ...]


@dataclass(frozen=True)
class _TriggerForm:
    rule_ids: tuple[int, ...]
    gender: str  # "m", "f" or "" (unknown / plural)
    plural: bool  # the verb carries a dual/plural subject suffix
    pronoun: bool  # an attached pronoun: possessive on a noun (زيارته), object on a verb


@dataclass
class Lexicon:
    """Triggers, event types and cue classes compiled for matching (build once, reuse)."""

    rules: list[Rule]
    forms: dict[str, _TriggerForm]
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
                rf"(?<!{_LETTER})(?:[{CONJUNCTIONS}]?[{PREPOSITIONS}]?|[{CONJUNCTIONS}]?{LAM}{LAM})?"
                rf"(?:{alts})")
        return rx.search(text) is not None

    def word_set(self, name: str) -> frozenset[str]:
        """Cue class ``name``, or (``future_before``, ``future_after``) the class of planned
        cues with the future cues of the date grammar."""
        words = self.word_sets.get(name)
        if words is None:
            if name == "future_before":
                words = self.cues["planned_before"] | _date_cue_words("future_before")
            elif name == "future_after":
                words = self.cues["planned_after"] | _date_cue_words("future_after")
            else:
                words = self.cues[name]
            self.word_sets[name] = words
        return words

    def in_class(self, word: str, name: str) -> bool:
        """``_bare_form_in(word, self.word_set(name)) is not None``, memoized."""
        key = (word, name)
        hit = self.in_cache.get(key)
        if hit is None:
            hit = self.in_cache[key] = _bare_form_in(word, self.word_set(name)) is not None
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
                for _, base in _clitic_readings(word))
            self.cue_cache[key] = hit
        return hit


def _normalized(word: str) -> str:
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
    accused = {(a, m) for a, m, s in zip(types["action"], types["mode"], types["accused_act"],
                                         strict=True) if s == "yes"}
    located = {(a, m) for a, m, s in zip(types["action"], types["mode"], types["located"],
                                         strict=True) if s == "yes"}
    rules: list[Rule] = []
    forms: dict[str, dict] = {}
    for i, rec in enumerate(trig.itertuples(index=False)):
        # "~دعم": the lemma, for agreement, without matching the bare form itself
        listed = split_list(rec.trigger)
        bases = [_normalized(b.lstrip("~")) for b in listed]
        rule = Rule(
            index=i, lemma=listed[0].lstrip("~"), pos=rec.pos, action=rec.action,
            mode=rec.mode, status=rec.status or "asserted", genitive=rec.genitive or "subject",
            subject_preps=frozenset(_normalized(p) for p in split_list(rec.subject_preps)),
            recipient=frozenset(_normalized(p) if p != "-" else "-" for p in split_list(rec.recipient)),
            destination=yes(rec.destination), swapped=rec.subject_is == "actor2",
            requires=tuple(tuple(part.split("|")) for part in rec.requires.split("+") if part),
            window=int(rec.window or 6),
            not_after=frozenset(_normalized(w) for w in split_list(rec.not_after)),
            needs=frozenset(filter(None, rec.needs.split("+"))),
            absorbs=frozenset(tuple(a.split("/", 1)) for a in split_list(rec.absorbs)),
            symmetric=(rec.action, rec.mode) in symmetric,
            located=(rec.action, rec.mode) in located,
            accused_act=(rec.action, rec.mode) in accused,
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
    compiled = {f: _TriggerForm(tuple(e["rules"]), e["gender"], e["plural"], e["pronoun"])
                for f, e in forms.items()}
    clitics = sorted({c for cs in _CLITICS.values() for c in cs if c}, key=len, reverse=True)
    pattern = (rf"(?<!{_LETTER})(?P<pre>{'|'.join(clitics)})?(?P<form>{trie_regex(compiled)})"
               rf"(?!{_LETTER})")
    cue_sets: dict[str, set[str]] = {}
    for name, cue in zip(cue_df["class"], cue_df["cue"], strict=True):
        words = [cue] if name.endswith("_entity") else _normalized(cue).split()
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


def _clitic_readings(token: str) -> list[tuple[str, str]]:
    """(clitics, base) readings of a token: as is, without و/ف, then without ب/ل/ك (لل → ال)
    — the proclitics of :mod:`marsad.clitics`."""
    out = [("", token)]
    rest, pre = token, ""
    if len(rest) > 2 and rest[0] in CONJUNCTIONS:
        pre, rest = rest[0], rest[1:]
        out.append((pre, rest))
    if len(rest) > 3 and rest.startswith(LAM + LAM):
        out.append((pre + LAM, ARTICLE + rest[2:]))
    elif len(rest) > 2 and rest[0] in PREPOSITIONS:
        out.append((pre + rest[0], rest[1:]))
    return out


def _bare_form_in(token: str, words: frozenset[str]) -> tuple[str, str] | None:
    for pre, base in _clitic_readings(token):
        if base in words:
            return pre, base
    return None


@cache
def _date_cue_words(role: str) -> frozenset[str]:
    """The normalized cues of one ``role`` of ``date_cues.csv`` (``future_before`` …)."""
    cues = load_date_cues()
    return frozenset(_normalized(c) for c in cues.loc[cues["role"] == role, "cue"])
