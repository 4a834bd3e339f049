"""Dates in Arabic news text: publication dates and date mentions with honest precision.

* :func:`parse_published` — ISO ``yyyy-mm-dd`` from a publication-date string
  (``17th, November 2023 GMT``, RFC 2822, ISO, ``14 سبتمبر 2023``, Eastern digits), or ``None``.
* :func:`find_dates` — every date mention in a display text, as :class:`DateMention`
  (ISO interval, precision, *why* it was resolved that way, span and offsets into the input).
* :func:`dates_table` — the same over an articles DataFrame.

All names and cue words come from data files in ``marsad/data`` (``months.csv``,
``weekdays.csv``, ``relative_dates.csv``, ``date_cues.csv``); they are compiled into one regex
the first time it is needed. Matching runs on an aggressively normalized copy of the text
(hamza/alef, yeh, teh marbuta, Eastern digits, no diacritics/tatweel/bidi marks, ASCII lower
case) with an offset map back to the original, so ``text[m.char_start:m.char_end] == m.text``.

Resolution rules (``published`` is the publication date):

* Stated year → ``explicit``.
* Month (and day) without year → the most recent such month/day **not after** publication
  (the same month or day counts); ``الماضي``/``المنصرم``/``الفائت`` after it → strictly
  before; ``المقبل``/``القادم`` → strictly after; ``الجاري``/``الحالي`` → the publication
  year; a future cue earlier in the same sentence (``من المقرر``, ``سوف``, ``ستجري`` …, role
  ``future_before`` in ``date_cues.csv``) → the first such month/day on or after publication.
  Basis ``explicit+publication year``.
* Weekday → the most recent such day on or before publication (``الماضي`` → strictly
  before, ``المقبل`` or a future cue → on or after; ``المقبل`` strictly after).
  Basis ``weekday relative to publication``.
* ``اليوم``/``أمس``/``غدا`` … (``relative_dates.csv``) → publication day plus offset;
  ``اليوم الجمعة`` / ``أمس الاثنين`` give that day when the weekday agrees, else the weekday
  rule. Weeks are ISO weeks (Monday–Sunday): ``الأسبوع الماضي`` published Friday 2023-11-17 →
  2023-11-06..2023-11-12. Months and years are calendar months and years.
* No publication date → anything needing one gets ``start == end == ''`` with the precision
  the text states and basis ``no publication date``: a year is never invented.
* Numeric dates are day first (``05/03/2018``); with ``هـ`` after them or a year in
  :data:`HIJRI_NUMERIC_YEARS` (``17/5/1436هـ``, ``1436/5/17``) they are Hijri.
* Hijri dates are converted with the arithmetical (tabular) calendar and widened by
  :data:`HIJRI_SLACK_DAYS` on each side, because Umm al-Qura and sighting-based calendars
  differ from it by a day or two.
* Durations (``منذ أكثر من 30 شهرا``, ``قبل يومين``) are not dates and are not reported;
  ``بعد يومين من …`` is relative to an event, not to publication.
* ``find_dates(…, future=True)``: the caller knows the dates are of a planned or future event
  (:mod:`marsad.events` reads the status and the verb's tense): without a suffix, weekdays and
  months/days without year resolve forwards, as after a future cue.

:func:`publication_window` is not a date the text gives: the interval an event without any
date of its own gets from its article's publication day (basis ``reported``: the
:data:`REPORTED_WINDOW_DAYS` days up to publication; ``planned``: publication to
:data:`PLANNED_HORIZON_DAYS` days after it; precision ``window``).
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

import pandas as pd

from marsad.articles import require_column
from marsad.clitics import ARTICLE, CONJUNCTIONS, PREPOSITIONS, proclitics_pattern, strips
from marsad.datafiles import DataFileError, read_table
from marsad.normalize import normalize, normalize_with_offsets
from marsad.patterns import trie_regex

# --- vocabularies ---------------------------------------------------------------------------
PRECISIONS = ("day", "week", "month", "year", "unknown")
BASIS_EXPLICIT = "explicit"  # every part of the date is written in the text
BASIS_PUB_YEAR = "explicit+publication year"  # month (and day) written, year from publication
BASIS_RELATIVE = "relative to publication"  # اليوم، أمس، الشهر الماضي، مايو من العام الماضي
BASIS_WEEKDAY = "weekday relative to publication"  # الثلاثاء، الجمعة الماضية
BASIS_NO_PUB = "no publication date"  # needs a publication date that was not given
BASIS_HIJRI = "hijri (tabular ±2 days)"  # Hijri date with its year, converted
BASIS_HIJRI_PUB = "hijri+publication year (tabular ±2 days)"  # Hijri month/day, year from pub.
BASIS_INVALID = "invalid date"  # looks like a date but does not exist (31 فبراير 2018)
BASIS_EVENT = "named event"  # ثورة 25 يناير، هجمات 11 سبتمبر، حرب أكتوبر: year not stated
BASES = (BASIS_EXPLICIT, BASIS_PUB_YEAR, BASIS_RELATIVE, BASIS_WEEKDAY, BASIS_NO_PUB,
         BASIS_HIJRI, BASIS_HIJRI_PUB, BASIS_INVALID, BASIS_EVENT)
# Windows: what a dated article says of an event whose own words give no date (see
# publication_window). Never a stated day: precision "window", basis one of WINDOW_BASES.
BASIS_REPORTED = "reported"  # reported without a date: the days up to publication
BASIS_PLANNED = "planned"  # planned without a date: the days after publication
WINDOW_BASES = (BASIS_REPORTED, BASIS_PLANNED)
PRECISION_WINDOW = "window"
REPORTED_WINDOW_DAYS = 7  # news reports the last week: publication day and the 6 before it
PLANNED_HORIZON_DAYS = 365  # a plan without a date: from publication to a year after it

HIJRI_SLACK_DAYS = 2
# A numeric date (17/5/1436، 1436/5/17) is Hijri when هـ follows it or its year falls in this
# range: Saudi papers write Hijri dates so, and no news names a Gregorian day of these years.
HIJRI_NUMERIC_YEARS = (1300, 1500)
GUARDS = ("free", "cue", "anchor", "year")
CUE_ROLES = ("month_cue", "year_cue", "year_word", "past_after", "future_after", "current_after",
             "future_before", "event_before", "not_day_after", "not_day_before", "not_weekday_after",
             "not_weekday_before", "other_time_before", "background_before", "since_before")
UNITS = ("day", "week", "month", "year")


@dataclass(frozen=True)
class DateMention:
    """One date expression found in a text.

    ``start``/``end``: ISO ``yyyy-mm-dd``, ``yyyy-mm`` or ``yyyy`` (inclusive interval), or
    ``''`` when unknown; ``precision``: one of :data:`PRECISIONS`; ``basis``: one of
    :data:`BASES`; ``text == input[char_start:char_end]``.
    """

    start: str
    end: str
    precision: str
    basis: str
    text: str
    char_start: int
    char_end: int


# --- normalization: marsad.normalize, plus lower-case Latin (English month names) ---------
_LET = "a-z\u0621-\u063a\u0641-\u064a\u066e-\u06d3"  # letters of the normalized text
_SPACE_RE = re.compile(r"\s+")
_WORD_BEFORE = re.compile(rf"([{_LET}]+)\s+$")  # the word before a position (_word_before)
_WORD_AFTER = re.compile(rf"\s+([{_LET}]+)")  # the word after a position (_word_after)
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _lower(norm: str) -> str:
    """Latin letters in lower case, one character for one (``İ`` would become two in
    ``str.lower``: then only A–Z are lowered)."""
    lowered = norm.lower()
    return lowered if len(lowered) == len(norm) else norm.translate(_ASCII_LOWER)


def _norm(text: str) -> str:
    """Normalize a word or phrase the way texts are normalized for matching."""
    return _SPACE_RE.sub(" ", _lower(normalize(text))).strip()


# --- data files ------------------------------------------------------------------------------
def _read_table(path: Path | str | None, name: str,
                columns: tuple[str, ...]) -> tuple[pd.DataFrame, str]:
    """The rows of a date data file (``path``, or the packaged ``name``) through
    :func:`marsad.datafiles.read_table`, every cell filled, and how messages name the file."""
    df = read_table(Path(path) if path else name, columns)
    label = str(path or f"marsad/data/{name}")
    empty = df[list(columns)] == ""
    if empty.any(axis=None):
        row = int(empty.any(axis=1).to_numpy().argmax())
        column = empty.columns[empty.iloc[row].to_numpy().argmax()]
        raise DataFileError(f"{label}, line {df.at[row, 'line']}: empty {column}")
    return df, label


def _check_values(df: pd.DataFrame, label: str, column: str, allowed: Iterable[str]) -> None:
    bad = df.loc[~df[column].isin(list(allowed))]
    if len(bad):
        raise DataFileError(f"{label}, line {bad['line'].iloc[0]}: {column} "
                            f"{bad[column].iloc[0]!r} is not one of {sorted(set(allowed))}")


def _check_ints(df: pd.DataFrame, label: str, column: str, lo: int, hi: int) -> pd.Series:
    values = pd.to_numeric(df[column], errors="coerce")
    bad = values.isna() | (values < lo) | (values > hi)
    if bad.any():
        i = bad[bad].index[0]
        raise DataFileError(f"{label}, line {df.at[i, 'line']}: {column} "
                            f"{df.at[i, column]!r} is not an integer in {lo}..{hi}")
    return values.astype(int)


def load_months(path: Path | str | None = None) -> pd.DataFrame:
    """Month names: ``month, name, calendar (gregorian|hijri), family, guard`` (and ``line``)."""
    df, label = _read_table(path, "months.csv", ("month", "name", "calendar", "family", "guard"))
    df["month"] = _check_ints(df, label, "month", 1, 12)
    _check_values(df, label, "calendar", ("gregorian", "hijri"))
    _check_values(df, label, "guard", GUARDS)
    return df


def load_weekdays(path: Path | str | None = None) -> pd.DataFrame:
    """Weekday names as written with the article: ``weekday`` (ISO 1=Monday … 7=Sunday),
    ``name`` (and ``line``)."""
    df, label = _read_table(path, "weekdays.csv", ("weekday", "name"))
    df["weekday"] = _check_ints(df, label, "weekday", 1, 7)
    bad = df.loc[~df["name"].map(_norm).str.startswith(ARTICLE)]
    if len(bad):
        raise DataFileError(f"{label}, line {bad['line'].iloc[0]}: weekday name "
                            f"{bad['name'].iloc[0]!r} must start with ال")
    return df


@cache
def date_words() -> tuple[str, ...]:
    """Every word of a month name (all calendars and families, English in lower case) and of a
    weekday name, as written in the data files: the words that are dates wherever Marsad
    reads words (:mod:`marsad.word_classes`). A word of a multi-word name (ربيع الأول) counts."""
    names = [*load_months()["name"], *load_weekdays()["name"]]
    words = (w.lower() if w.isascii() else w for name in names for w in name.split())
    return tuple(dict.fromkeys(words))


def load_relative_dates(path: Path | str | None = None) -> pd.DataFrame:
    """Relative expressions: ``expression, unit (day|week|month|year), offset``."""
    df, label = _read_table(path, "relative_dates.csv", ("expression", "unit", "offset"))
    _check_values(df, label, "unit", UNITS)
    df["offset"] = _check_ints(df, label, "offset", -100, 100)
    return df


def load_date_cues(path: Path | str | None = None) -> pd.DataFrame:
    """Cue words around date expressions: ``cue, role`` (roles in :data:`CUE_ROLES`)."""
    df, label = _read_table(path, "date_cues.csv", ("cue", "role"))
    _check_values(df, label, "role", CUE_ROLES)
    return df


# --- grammar -----------------------------------------------------------------------------------
_GUARD_RANK = {g: i for i, g in enumerate(GUARDS)}


_DAY = r"(?<![\d.,:])[0-3]?\d(?:st|nd|rd|th)?(?!\d)"
_DAY_RANGE = r"\s*(?:-|–|و|الي|حتي)\s*"  # 15-16 / 15 و16 / 15 إلى 16 / 15 حتى 16
_DAY_TO_MONTH = r"\s*[,،]?\s*(?:of\s+)?(?:من\s+)?(?:شهر\s+)?"  # 17th, / 13th of / 15 من شهر


@dataclass(frozen=True)
class _Grammar:
    regex: re.Pattern[str]
    alternatives: tuple[tuple[str, re.Pattern[str]], ...]
    months: dict[str, tuple[int, str, str]]  # normalized name -> (month, calendar, guard)
    weekdays: dict[str, int]  # normalized stem (no ال) -> ISO weekday
    relative: dict[str, tuple[str, int]]  # normalized expression -> (unit, offset)
    cues: dict[str, frozenset[str]]  # role -> normalized words
    future_re: re.Pattern[str]


def _alternation(words: Iterable[str]) -> str:
    """Regex for any of the normalized words/phrases, as a prefix trie (fast to reject).

    Longer words are preferred over their prefixes; a space matches any run of whitespace.
    """
    return trie_regex(set(words), lambda ch: r"\s+" if ch == " " else re.escape(ch))


# Proclitics of date words (marsad.clitics): و/ف, then ب/ك + ال or لل (ل + ال) before a word
# written with the article; ب/ل before one without it — there ك "like" makes a comparison
# (كأمس الدابر "like yesterday gone"), not a date.
_BARE_PREPOSITIONS = PREPOSITIONS.replace("\u0643", "")
_BEFORE_ARTICLE = proclitics_pattern(article=True)
_BEFORE_BARE = proclitics_pattern(article=False, prepositions=_BARE_PREPOSITIONS)
_CONJUNCTION = proclitics_pattern(article=False, prepositions="")


def _with_clitics(exprs: Iterable[str]) -> str:
    """Regex for normalized expressions with their optional proclitics (``_BEFORE_ARTICLE``
    for one written with ال, ``_BEFORE_BARE`` for the others)."""
    exprs = set(exprs)
    with_al = [e[len(ARTICLE):] for e in exprs if e.startswith(ARTICLE)]
    other = [e for e in exprs if not e.startswith(ARTICLE)]
    parts = []
    if with_al:
        parts.append(rf"(?:{_BEFORE_ARTICLE})(?:{_alternation(with_al)})")
    if other:
        parts.append(rf"(?:{_BEFORE_BARE})(?:{_alternation(other)})")
    return "|".join(parts) or "(?!)"


def _months_table(df: pd.DataFrame, label: str) -> dict[str, tuple[int, str, str]]:
    """Normalized month name → ``(month, calendar, guard)``; a name listed in several families
    keeps its strictest guard."""
    table: dict[str, tuple[int, str, str]] = {}
    for month, name, calendar, guard, line in df[
            ["month", "name", "calendar", "guard", "line"]].itertuples(index=False):
        key = _norm(name)
        if key in table:
            old = table[key]
            if old[:2] != (month, calendar):
                raise DataFileError(f"{label}, line {line}: {name!r} is both {old[:2]} and "
                                    f"{(month, calendar)}")
            if _GUARD_RANK[guard] <= _GUARD_RANK[old[2]]:
                continue
        table[key] = (month, calendar, guard)
    return table


@cache
def _grammar() -> _Grammar:
    months = _months_table(load_months(), "marsad/data/months.csv")
    weekday_df, relative_df = load_weekdays(), load_relative_dates()
    weekdays = {_norm(n)[len(ARTICLE):]: int(w)
                for w, n in zip(weekday_df["weekday"], weekday_df["name"], strict=True)}
    relative = {_norm(e): (u, int(o)) for e, u, o in zip(
        relative_df["expression"], relative_df["unit"], relative_df["offset"], strict=True)}
    cue_df = load_date_cues()
    cues = {role: frozenset(cue_df.loc[cue_df["role"] == role, "cue"].map(_norm))
            for role in CUE_ROLES}

    nb, na = f"(?<![{_LET}])", f"(?![{_LET}])"
    arabic = [n for n in months if not n.isascii()]
    english = [n for n in months if n.isascii()]
    month_name = (rf"(?:{nb}(?:{_with_clitics(arabic)}){na}"
                  rf"|(?<![a-z])(?:{_alternation(english)})(?![a-z])\.?)")
    english_name = rf"(?<![a-z])(?:{_alternation(english)})(?![a-z])"
    wd = rf"{nb}(?:{_with_clitics(ARTICLE + w for w in weekdays)}){na}"
    day = _DAY
    year_word = rf"{nb}(?:{_with_clitics(cues['year_word'])}){na}"
    suffix = rf"(?:{_alternation(cues['past_after'] | cues['future_after'] | cues['current_after'])}){na}"
    rel_year = _with_clitics(e for e, (u, _) in relative.items() if u == "year")
    rel_day = _with_clitics(e for e, (u, _) in relative.items() if u == "day")
    rel_other = _with_clitics(e for e, (u, _) in relative.items() if u != "day")
    def era_group(name: str) -> str:  # هـ or م after a year (normalized: tatweel gone)
        return rf"(?:\s*(?P<{name}>ه|م){na})?"

    era = era_group("era")
    year_after = (rf"\s*[,،]?\s*(?:(?:من\s+)?(?:عام|العام|سنه|السنه)\s+)?"
                  rf"(?P<y>\d{{4}})(?!\d){era}")
    partner = (rf"(?:\s*/\s*(?P<m2>{month_name})|\s*\(\s*(?P<m3>{month_name})\s*\)"
               rf"|\s+(?P<m4>{month_name}))")
    alternatives = {
        "iso_date": (r"(?P<iy>\d{4})(?P<isep>[-/.])(?P<im>\d{1,2})(?P=isep)(?P<id>\d{1,2})(?![\d/])"
                     + era_group("iera")),
        "numeric_date": (r"(?P<nd>\d{1,2})(?P<nsep>[-/.])(?P<nm>\d{1,2})(?P=nsep)(?P<ny>\d{4})"
                         r"(?![\d/])" + era_group("nera")),
        "english_date": (rf"(?P<em>{english_name})\.?\s+(?P<ed>{day})\s*,?\s*(?P<ey>\d{{4}})(?!\d)"),
        "month_name": (rf"(?:(?P<wd0>{wd})\s*[,،]?\s*(?=\d))?"
                       rf"(?:(?P<d1>{day})(?:{_DAY_RANGE}(?P<d2>{day}))?{_DAY_TO_MONTH})?"
                       rf"(?P<m1>{month_name}){partner}?"
                       rf"(?:{year_after}|\s+(?:من\s+)?(?P<mrel>{rel_year}){na}|\s+(?P<msuf>{suffix}))?"),
        "year_word": (rf"{year_word}\s+(?P<yy>\d{{4}})(?!\d)"
                      rf"(?:\s*(?:-|–|و|الي|حتي)\s*(?P<yy2>\d{{4}})(?!\d))?{era}"),
        "relative_day": (rf"(?P<rd>{nb}(?:{rel_day}){na})"
                         rf"(?:\s*[,،]?\s*(?P<rwd>{wd}))?"),
        "relative_period": rf"{nb}(?:{rel_other}){na}",
        "weekday": rf"(?P<w>{wd})(?:\s+(?P<wsuf>{suffix}))?",
        "bare_year": r"(?<![\d.,:/\-])(?:1[89]|20)\d\d(?![\d%٪])",
    }
    compiled = tuple((name, re.compile(p)) for name, p in alternatives.items())
    big = re.compile(_finder(months, weekdays, relative, cues["year_word"]))
    future = rf"{nb}{_CONJUNCTION}(?:{_alternation(cues['future_before'])}){na}"
    return _Grammar(big, compiled, months, weekdays, relative, cues, re.compile(future))


def _finder(months: dict, weekdays: dict, relative: dict, year_words: Iterable[str]) -> str:
    """One regex finding every position where a date expression may start.

    It matches the first word of each expression (month names, weekday names, relative
    expressions, year words, with their clitics), 4-digit numbers, numeric dates, and a day
    number followed by a month name. The alternatives then decide, in order, at that position.
    """
    first = {w.split(" ")[0] for w in [*months, *relative, *year_words] if not w.isascii()}
    first |= {ARTICLE + w for w in weekdays}
    english = _alternation(w for w in months if w.isascii())
    month_first = _with_clitics({w.split(" ")[0] for w in months if not w.isascii()})
    na = f"(?![{_LET}])"
    return (rf"(?<![{_LET}\d])(?:(?:{_with_clitics(first)}){na}"
            rf"|(?:{english})(?![a-z])"
            rf"|\d{{4}}(?!\d)|\d{{1,2}}[-/.]\d"
            rf"|{_DAY}(?:{_DAY_RANGE}{_DAY})?{_DAY_TO_MONTH}"
            rf"(?:(?:{month_first}){na}|(?:{english})(?![a-z])))")


# --- calendars -----------------------------------------------------------------------------
_HIJRI_EPOCH = 227015  # proleptic Gregorian ordinal of 1 Muharram 1 AH (16 July 622 Julian)


def hijri_to_date(year: int, month: int, day: int) -> date:
    """Tabular (arithmetical) Hijri → Gregorian. May differ from Umm al-Qura by 1–2 days."""
    return date.fromordinal(_HIJRI_EPOCH - 1 + (year - 1) * 354 + (3 + 11 * year) // 30
                            + 29 * (month - 1) + month // 2 + day)


def date_to_hijri(d: date) -> tuple[int, int, int]:
    """Gregorian → tabular Hijri ``(year, month, day)``."""
    n = d.toordinal()
    year = (30 * (n - _HIJRI_EPOCH) + 10646) // 10631
    month = min(12, (11 * (n - hijri_to_date(year, 1, 1).toordinal()) + 330) // 325)
    return year, month, n - hijri_to_date(year, month, 1).toordinal() + 1


def _hijri_month_length(year: int, month: int) -> int:
    if month == 12:
        return 30 if (14 + 11 * year) % 30 < 11 else 29
    return 30 if month % 2 else 29


# --- resolution helpers ------------------------------------------------------------------------
def _pick_year(pub_year: int, pub_key: tuple[int, ...], key: tuple[int, ...], mode: str,
               valid=lambda y: True) -> int | None:
    """Year for a (month[, day]) ``key`` relative to the publication ``(year, key)``.

    ``mode``: ``on_or_before`` (default), ``before``, ``on_or_after``, ``after``, ``current``.
    """
    if mode == "current":
        return pub_year if valid(pub_year) else None
    if mode == "on_or_before":
        year, step = (pub_year if key <= pub_key else pub_year - 1), -1
    elif mode == "before":
        year, step = (pub_year if key < pub_key else pub_year - 1), -1
    elif mode == "on_or_after":
        year, step = (pub_year if key >= pub_key else pub_year + 1), 1
    else:
        year, step = (pub_year if key > pub_key else pub_year + 1), 1
    for _ in range(9):  # 29 February: look a few years further
        if valid(year):
            return year
        year += step
    return None


def _weekday_date(pub: date, weekday: int, mode: str) -> date:
    back = (pub.isoweekday() - weekday) % 7
    ahead = (weekday - pub.isoweekday()) % 7
    if mode == "before":
        return pub - timedelta(days=back or 7)
    if mode == "on_or_after":
        return pub + timedelta(days=ahead)
    if mode == "after":
        return pub + timedelta(days=ahead or 7)
    return pub - timedelta(days=back)


def _valid_day(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def _iso_month(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


# --- interpretation of one match --------------------------------------------------------------
@dataclass
class _Ctx:
    norm: str
    pub: date | None
    g: _Grammar
    future: bool = False  # the caller knows the event is planned or told in the future


# The proclitic strips of marsad.clitics (و ف ب ل ك, لل → ال), shortest first.
_STRIPS = tuple(sorted(strips(), key=lambda strip: len(strip[0])))


def _lookup(table: dict, token: str):
    """The entry of a token the grammar matched in a table of normalized words: the token as
    written, else the token without the shortest proclitics (:data:`_STRIPS`) that leave an
    entry."""
    token = _SPACE_RE.sub(" ", token).rstrip(".")
    if token in table:
        return table[token]
    for prefix, replacement in _STRIPS:
        if token.startswith(prefix):
            word = replacement + token[len(prefix):]
            if word in table:
                return table[word]
    return None


def _weekday_of(g: _Grammar, token: str) -> int | None:
    token = token.strip()
    for stem, wd in g.weekdays.items():
        if token.endswith(stem):
            return wd
    return None


def _word_before(ctx: _Ctx, s: int) -> str:
    m = _WORD_BEFORE.search(ctx.norm[max(0, s - 30):s])
    if not m:
        return ""
    return m.group(1)


def _is_cue(ctx: _Ctx, word: str, role: str) -> bool:
    """Is ``word`` (possibly with proclitics و ف ب ل ك) a cue of ``role`` in date_cues.csv?"""
    cues = ctx.g.cues[role]
    return any(word[k:] in cues for k in range(min(3, len(word)))
               if k == 0 or word[k - 1] in CONJUNCTIONS + PREPOSITIONS)


def _word_after(ctx: _Ctx, e: int) -> str:
    m = _WORD_AFTER.match(ctx.norm[e:e + 30])
    return m.group(1) if m else ""


def _future_cue(ctx: _Ctx, s: int) -> bool:
    window = ctx.norm[max(0, s - 80):s]
    window = re.split(r"[.!?؟\n؛]", window)[-1]
    return ctx.g.future_re.search(window) is not None


def _mode(ctx: _Ctx, suffix: str | None, s: int) -> str:
    if suffix:
        if suffix in ctx.g.cues["past_after"]:
            return "before"
        if suffix in ctx.g.cues["future_after"]:
            return "after"
        return "current"
    return "on_or_after" if ctx.future or _future_cue(ctx, s) else "on_or_before"


def _result(start: str, end: str, precision: str, basis: str) -> tuple[str, str, str, str]:
    return start, end, precision, basis


def _year_ok(y: int) -> bool:
    return 1000 <= y <= 2199


def _interpret_iso_date(m: re.Match, ctx: _Ctx):
    """``2018-03-05`` (also with ``/`` or ``.``): year, month, day; Hijri as
    :func:`_day_month_year` says."""
    return _day_month_year(m, int(m["iy"]), int(m["im"]), int(m["id"]), m["iera"])


def _interpret_numeric_date(m: re.Match, ctx: _Ctx):
    """``05/03/2018``: day first, as the Arabic press writes it."""
    return _day_month_year(m, int(m["ny"]), int(m["nm"]), int(m["nd"]), m["nera"])


def _day_month_year(m: re.Match, y: int, mo: int, d: int, era: str | None):
    """A numeric day: Hijri when ``هـ`` follows it or its year is in
    :data:`HIJRI_NUMERIC_YEARS` (``17/5/1436هـ`` → 2015-03-06..10, tabular ±2 days), else
    Gregorian; ``م`` after it is read with it."""
    lo, hi = HIJRI_NUMERIC_YEARS
    if era == "ه" or (era != "م" and lo <= y < hi):
        if not (1 <= y < 1600 and 1 <= mo <= 12 and 1 <= d <= 30):
            return None
        s, e = _hijri_interval(y, mo, d, None)
        return m.end(), _result(s, e, "day", BASIS_HIJRI)
    if not (_year_ok(y) and _valid_day(y, mo, d)):
        return None
    iso = date(y, mo, d).isoformat()
    return m.end(), _result(iso, iso, "day", BASIS_EXPLICIT)


def _interpret_english_date(m: re.Match, ctx: _Ctx):
    """``September 13, 2023`` / ``Sept. 13th 2023``."""
    info = _lookup(ctx.g.months, m["em"])
    y, d = int(m["ey"]), int(m["ed"].rstrip("stndrh"))
    if info is None or not _year_ok(y):
        return None
    if not _valid_day(y, info[0], d):
        return m.end(), _result("", "", "unknown", BASIS_INVALID)
    iso = date(y, info[0], d).isoformat()
    return m.end(), _result(iso, iso, "day", BASIS_EXPLICIT)


def _interpret_month_name(m: re.Match, ctx: _Ctx):
    """A month name with what stands around it: an optional weekday and day (or day range)
    before it, a partner name (``مارس/آذار``), and a year, ``من العام الماضي`` or a past/future/
    current word after it; the month's guard decides whether a bare name is a month."""
    g = ctx.g
    info = _lookup(g.months, m["m1"])
    if info is None:
        return None
    month, calendar, guard = info
    end = m.end()
    partner_token = m["m2"] or m["m3"] or m["m4"]
    pair = False
    year_tok, mrel, msuf = m["y"], m["mrel"], m["msuf"]
    if partner_token:
        other = _lookup(g.months, partner_token)
        if other is not None and other[:2] == (month, calendar):
            pair = True
        else:  # not the same month: keep the first name only
            end, year_tok, mrel, msuf = m.end("m1"), None, None, None
    d1 = int(m["d1"].rstrip("stndrh")) if m["d1"] else None
    d2 = int(m["d2"].rstrip("stndrh")) if m["d2"] else None
    start = m.start()  # the weekday, the day, or the month name
    if d1 is None and not (year_tok or pair or mrel):
        before = _word_before(ctx, start)
        if guard == "cue" and not (msuf or _is_cue(ctx, before, "month_cue")):
            return None
        if guard in ("anchor", "year") and before != "شهر":
            return None
    if guard == "year" and not year_tok and _word_before(ctx, m.start("m1")) != "شهر":
        return None
    if (year_tok is None and not mrel
            and _is_cue(ctx, _word_before(ctx, start), "event_before")):
        return end, _result("", "", "day" if d1 else "month", BASIS_EVENT)
    if calendar == "hijri":
        return end, _hijri(ctx, month, d1, d2, year_tok, m["era"], msuf, start)
    if year_tok is not None and (not _year_ok(int(year_tok)) or m["era"] == "ه"):
        return None
    if d2 is not None and (d1 is None or d2 <= d1):
        return end, _result("", "", "unknown", BASIS_INVALID)
    if year_tok is not None:
        y = int(year_tok)
        return end, _explicit(y, month, d1, d2, BASIS_EXPLICIT)
    if ctx.pub is None:
        return end, _result("", "", "day" if d1 else "month", BASIS_NO_PUB)
    pub = ctx.pub
    if mrel:
        unit_offset = _lookup(g.relative, mrel)
        y = pub.year + unit_offset[1]
        return end, _explicit(y, month, d1, d2, BASIS_RELATIVE)
    mode = _mode(ctx, msuf, start)
    if d1 is None:
        y = _pick_year(pub.year, (pub.month,), (month,), mode)
        return end, _result(_iso_month(y, month), _iso_month(y, month), "month",
                            BASIS_PUB_YEAR)
    last = d2 or d1
    y = _pick_year(pub.year, (pub.month, pub.day), (month, d1), mode,
                   valid=lambda yy: _valid_day(yy, month, last))
    if y is None:
        return end, _result("", "", "unknown", BASIS_INVALID)
    return end, _explicit(y, month, d1, d2, BASIS_PUB_YEAR)


def _explicit(y: int, month: int, d1: int | None, d2: int | None, basis: str):
    if d1 is None:
        return _result(_iso_month(y, month), _iso_month(y, month), "month", basis)
    if not _valid_day(y, month, d2 or d1):
        return _result("", "", "unknown", BASIS_INVALID)
    return _result(date(y, month, d1).isoformat(), date(y, month, d2 or d1).isoformat(),
                   "day", basis)


def _hijri_interval(hy: int, month: int, d1: int | None, d2: int | None) -> tuple[str, str]:
    slack = timedelta(days=HIJRI_SLACK_DAYS)
    first = hijri_to_date(hy, month, d1 or 1)
    last = hijri_to_date(hy, month, d2 or d1 or _hijri_month_length(hy, month))
    return (first - slack).isoformat(), (last + slack).isoformat()


def _hijri(ctx: _Ctx, month: int, d1, d2, year_tok, era, msuf, start: int):
    precision = "day" if d1 else "month"
    if (d1 and d1 > 30) or (d2 is not None and (d1 is None or d2 <= d1 or d2 > 30)):
        return _result("", "", "unknown", BASIS_INVALID)
    if year_tok is not None:
        y = int(year_tok)
        if 1 <= y and (era == "ه" or y < 1600):
            hy = y
        elif _year_ok(y):  # رمضان 2019: the Hijri month that starts in that Gregorian year
            hy0 = date_to_hijri(date(y, 1, 1))[0]
            hy = next((h for h in (hy0, hy0 + 1) if hijri_to_date(h, month, 1).year == y), hy0)
        else:
            return _result("", "", "unknown", BASIS_INVALID)
        s, e = _hijri_interval(hy, month, d1, d2)
        return _result(s, e, precision, BASIS_HIJRI)
    if ctx.pub is None:
        return _result("", "", precision, BASIS_NO_PUB)
    py, pm, pd_ = date_to_hijri(ctx.pub)
    mode = _mode(ctx, msuf, start)
    key = (month, d1) if d1 else (month,)
    hy = _pick_year(py, (pm, pd_) if d1 else (pm,), key, mode)
    s, e = _hijri_interval(hy, month, d1, d2)
    return _result(s, e, precision, BASIS_HIJRI_PUB)


def _interpret_year_word(m: re.Match, ctx: _Ctx):
    """``عام 2000``, ``سنة 1440 ه``, ``عامي 2017 و2018``: a year after a year word."""
    y = int(m["yy"])
    end = m.end()
    if m["era"] == "ه":
        if not 1 <= y < 1600:
            return None
        slack = timedelta(days=HIJRI_SLACK_DAYS)
        s = hijri_to_date(y, 1, 1) - slack
        e = hijri_to_date(y, 12, _hijri_month_length(y, 12)) + slack
        return end, _result(s.isoformat(), e.isoformat(), "year", BASIS_HIJRI)
    if not _year_ok(y):
        return None
    y2 = int(m["yy2"]) if m["yy2"] else None
    if y2 is None or not (y < y2 <= y + 100):
        if y2 is not None:
            end = m.end("yy")
        y2 = y
    return end, _result(f"{y:04d}", f"{y2:04d}", "year", BASIS_EXPLICIT)


def _relative(pub: date, unit: str, offset: int):
    if unit == "day":
        d = (pub + timedelta(days=offset)).isoformat()
        return _result(d, d, "day", BASIS_RELATIVE)
    if unit == "week":
        monday = pub - timedelta(days=pub.isoweekday() - 1) + timedelta(weeks=offset)
        return _result(monday.isoformat(), (monday + timedelta(days=6)).isoformat(), "week",
                       BASIS_RELATIVE)
    if unit == "month":
        y, mo = _shift_month(pub.year, pub.month, offset)
        return _result(_iso_month(y, mo), _iso_month(y, mo), "month", BASIS_RELATIVE)
    y = f"{pub.year + offset:04d}"
    return _result(y, y, "year", BASIS_RELATIVE)


def _interpret_relative_day(m: re.Match, ctx: _Ctx):
    """``اليوم``, ``أمس``, ``غدا`` …, optionally with the weekday (``أمس الاثنين``)."""
    g = ctx.g
    unit, offset = _lookup(g.relative, m["rd"])
    after = _word_after(ctx, m.end("rd"))
    if m["rwd"] is None and after in g.cues["not_day_after"]:
        return None
    if _is_cue(ctx, _word_before(ctx, m.start()), "not_day_before"):
        return None
    weekday = _weekday_of(g, m["rwd"]) if m["rwd"] else None
    if ctx.pub is None:
        return m.end(), _result("", "", "day", BASIS_NO_PUB)
    day = ctx.pub + timedelta(days=offset)
    if weekday is not None and day.isoweekday() != weekday:
        mode = "on_or_after" if offset > 0 else "on_or_before"
        d = _weekday_date(ctx.pub, weekday, mode).isoformat()
        return m.end(), _result(d, d, "day", BASIS_WEEKDAY)
    return m.end(), _relative(ctx.pub, unit, offset)


def _interpret_relative_period(m: re.Match, ctx: _Ctx):
    """``الأسبوع الماضي``, ``الشهر المقبل``, ``العام الجاري`` …: a week, month or year."""
    unit, offset = _lookup(ctx.g.relative, m.group())
    if ctx.pub is None:
        return m.end(), _result("", "", unit, BASIS_NO_PUB)
    return m.end(), _relative(ctx.pub, unit, offset)


def _interpret_weekday(m: re.Match, ctx: _Ctx):
    """``الثلاثاء``, ``الجمعة الماضية``: a weekday, with its past/future word."""
    g = ctx.g
    weekday = _weekday_of(g, m["w"])
    if weekday is None:
        return None
    if m["wsuf"] is None and _word_after(ctx, m.end("w")) in g.cues["not_weekday_after"]:
        return None
    if _is_cue(ctx, _word_before(ctx, m.start()), "not_weekday_before"):
        return None
    if ctx.pub is None:
        return m.end(), _result("", "", "day", BASIS_NO_PUB)
    d = _weekday_date(ctx.pub, weekday, _mode(ctx, m["wsuf"], m.start())).isoformat()
    return m.end(), _result(d, d, "day", BASIS_WEEKDAY)


def _interpret_bare_year(m: re.Match, ctx: _Ctx):
    """A bare 4-digit year, only after a year cue (``في 2017``, ``منذ 2014``)."""
    if not _is_cue(ctx, _word_before(ctx, m.start()), "year_cue"):
        return None
    y = m.group()
    return m.end(), _result(y, y, "year", BASIS_EXPLICIT)


# Each alternative of the grammar (same names) and what reads its match: the end of the
# mention and its fields, or None when the context says it is not a date.
_INTERPRETERS = {
    "iso_date": _interpret_iso_date, "numeric_date": _interpret_numeric_date,
    "english_date": _interpret_english_date, "month_name": _interpret_month_name,
    "year_word": _interpret_year_word, "relative_day": _interpret_relative_day,
    "relative_period": _interpret_relative_period, "weekday": _interpret_weekday,
    "bare_year": _interpret_bare_year,
}


# --- public API --------------------------------------------------------------------------------
def _as_date(published: str | date | None) -> date | None:
    if published is None:
        return None
    if isinstance(published, datetime):
        if pd.isna(published):
            return None
        published = published.date()
    if isinstance(published, date):
        if not _year_ok(published.year):
            raise ValueError(f"published date {published} is outside the years 1000–2199")
        return published
    if isinstance(published, str):
        iso = parse_published(published)
        return date.fromisoformat(iso) if iso else None
    if isinstance(published, float) and math.isnan(published):
        return None
    try:
        if pd.isna(published):
            return None
    except (TypeError, ValueError):
        pass
    raise TypeError(f"published must be a str, a date or None, not {type(published).__name__}")


def find_dates(text: str, published: str | date | None = None, *,
               future: bool = False) -> list[DateMention]:
    """Date mentions in ``text`` (display text), resolved against ``published`` if given.

    ``published`` may be a date, a datetime, or any string :func:`parse_published` reads;
    an unreadable string counts as no publication date. Mentions do not overlap and come
    sorted by ``char_start``; see the module docstring for the resolution rules.
    ``future=True`` says the dates are of a planned or future event (the caller read its
    status or tense): a weekday or a month/day without year then resolves forwards, as after
    a future cue; ``الماضي`` and ``المقبل`` still decide where they are written.
    """
    if not isinstance(text, str) or not text:
        return []
    g = _grammar()
    off = normalize_with_offsets(text)
    norm = _lower(off.norm)
    ctx = _Ctx(norm, _as_date(published), g, future)
    found: list[DateMention] = []
    pos = 0
    while True:
        hit = g.regex.search(norm, pos)
        if hit is None:
            break
        s = hit.start()
        result = None
        for name, rx in g.alternatives:
            m = rx.match(norm, s)
            if m is None:
                continue
            result = _INTERPRETERS[name](m, ctx)
            if result is not None:
                break
        if result is None:
            pos = s + 1
            continue
        end, fields = result
        a, b = off.original(s), off.original(end)
        found.append(DateMention(*fields, text=text[a:b], char_start=a, char_end=b))
        pos = max(end, s + 1)
    return found


def publication_window(published: str | date, planned: bool) -> tuple[str, str]:
    """The interval (ISO days, inclusive) an event without a date of its own gets from its
    article's publication day: a reported event the :data:`REPORTED_WINDOW_DAYS` days up to
    publication (the day included), a planned one publication to :data:`PLANNED_HORIZON_DAYS`
    days after it. Not a date the text states: basis :data:`BASIS_REPORTED` or
    :data:`BASIS_PLANNED`, precision :data:`PRECISION_WINDOW`."""
    pub = published if isinstance(published, date) else date.fromisoformat(published[:10])
    if planned:
        return pub.isoformat(), (pub + timedelta(days=PLANNED_HORIZON_DAYS)).isoformat()
    return (pub - timedelta(days=REPORTED_WINDOW_DAYS - 1)).isoformat(), pub.isoformat()


_PUB_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
# RFC 2822 without its weekday check: "Sun, 18 Feb 2018 21:35:43 +0400"
_RFC2822 = re.compile(r"\s*(?:[A-Za-z]{3}, +)?(\d{1,2}) ([A-Za-z]{3}) (\d{4}) "
                      r"\d{2}:\d{2}(?::\d{2})? (?:[+-]\d{4}|GMT|UTC)\s*")


@cache
def _english_months() -> dict[str, int]:
    """Lower-case English month names and abbreviations (months.csv) → month number."""
    table = _months_table(load_months(), "marsad/data/months.csv")
    return {name.lower(): month for name, (month, calendar, _) in table.items()
            if name.isascii() and calendar == "gregorian"}


def parse_published(value: str) -> str | None:
    """ISO ``yyyy-mm-dd`` of a publication-date string, or ``None`` when it does not say.

    Reads ISO dates and datetimes, RFC 2822 (``Sun, 18 Feb 2018 21:35:43 +0400`` → the date
    as written, not converted to UTC), ``17th, November 2023 GMT``, ``September 13, 2023``,
    ``14 سبتمبر 2023``, ``الخميس 14 أيلول 2023``, ``14/09/2023`` (day first), with Western or
    Eastern digits. Only a complete, valid, explicitly written day counts; nothing is guessed.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    m = _PUB_DAY.match(normalize(value))
    if m and _valid_day(int(m[1]), int(m[2]), int(m[3])):
        return f"{m[1]}-{m[2]}-{m[3]}"
    m = _RFC2822.fullmatch(value)  # the usual feed date: read directly, as find_dates reads it
    if m:
        month = _english_months().get(m[2].lower())
        if month and _valid_day(int(m[3]), month, int(m[1])):
            return f"{m[3]}-{month:02d}-{int(m[1]):02d}"
    for mention in find_dates(value):
        if (mention.precision == "day" and mention.basis == BASIS_EXPLICIT
                and mention.start == mention.end):
            return mention.start
    return None


def dates_table(articles: pd.DataFrame, text: str = "text_clean", published: str = "published",
                article_id: str = "article_id") -> pd.DataFrame:
    """One row per date mention: ``article_id`` plus the :class:`DateMention` fields.

    ``published`` may name a missing column (every article is then undated).
    """
    require_column(articles, (text, article_id), "dates_table")
    pubs = articles[published] if published in articles.columns else [None] * len(articles)
    rows = [
        {"article_id": aid, **asdict(mention)}
        for aid, body, pub in zip(articles[article_id], articles[text], pubs, strict=True)
        for mention in find_dates(body if isinstance(body, str) else "", pub)
    ]
    columns = ["article_id", *DateMention.__dataclass_fields__]
    return pd.DataFrame(rows, columns=columns)
