"""Separate the article from what is not the article, keeping an audit of every removal.

One pass over the lines of each article applies the rules of ``data/boilerplate.csv`` (plus the
section labels of ``data/section_labels.csv``), in this order of kinds:

``field``
    the line holds metadata: its ``value`` group fills ``published``/``source``/``tags``/``title``
    and the line is removed.
``cut``
    the marker line and every line after it are removed (other articles follow).
``related``
    a "read also" marker inside the body: the marker and the headline-like lines right after it
    (links to other articles) are removed; the body resumes at the first sentence-like line.
``drop``
    the whole line is removed.
``strip``
    only the matched span is removed; the rest of the line stays (nothing left → line removed).
``learned``
    boilerplate learned from the corpus itself (:mod:`marsad.boilerplate`): a rule of one
    ``source`` (empty: the articles without a source), tried on what the other rules keep of a
    line (``where=last``: of the article's last kept line only). The matched span (its group
    ``span`` when the pattern has one) is removed, and again on what is left, up to
    :data:`LEARNED_PASSES` times; when what is left of the line is at most
    :data:`LEARNED_REST_WORDS` words without a sentence end (the name in a byline, the city in a
    dateline) the whole line goes.

HTML entities in the text (``&quot;``, ``&#1604;``, ``&amp;``) are decoded line by line
(:func:`display_line`), except an entity that would give ``<`` or ``>`` (``&lt;`` ``&gt;``
``&#60;`` ``&#x3E;`` …) or a line break: those stay as written. An escaped ``&lt;img …&gt;`` in
a headline must never turn back into a live tag in ``text_clean``, which goes to CSVs and
other programs that may render it unescaped (Marsad's own displays escape everything). What an
entity decodes to is normalized like the rest of the line (``&rlm;`` and ``&#x202E;`` give
nothing, as the characters themselves would).

Then exact repeats of an earlier kept line are removed (rule ``duplicate``), and the first kept
line becomes the ``title`` when it looks like a headline (see :func:`clean_article`).

A rule's ``where`` restricts it to a zone of the article: ``header`` (before the first body line),
``body`` (after it), ``footer`` (after a rule marked ``footer=yes`` matched, e.g. ``المصدر:``) or
``any``. Every removed line or span is a row of the audit table, so nothing is lost.

Speed: ``^``-anchored rules are joined into one alternation tried once per line; every other
rule is first searched once in the whole article and tried line by line only where it hit. Python
``re`` scans fast for a pattern that starts with a literal (``t\\.co/``) and slowly for one that
starts with a character class or an alternation, so write unanchored rules literal-first.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd

from marsad.articles import require_column
from marsad.dates import parse_published
from marsad.normalize import normalize, normalize_display

# Sentences live in marsad.sentences; importable from here until keywords, cooccur and events
# (being reworked at the same time, issue 13) import them from there.
from marsad.sentences import SENTENCE_COLUMNS, sentences, split_sentences  # noqa: F401, E402

KINDS = ("field", "cut", "related", "drop", "strip", "learned")
ZONES = ("any", "header", "body", "footer", "last")
TARGETS = ("title", "published", "source", "tags")
RULE_COLUMNS = ["name", "kind", "where", "target", "footer", "pattern", "reason", "seen_in",
                "source"]
REQUIRED_COLUMNS = ("name", "kind", "pattern", "reason")
REMOVED_COLUMNS = ["article_id", "line_no", "text", "rule", "reason"]
ADDED_COLUMNS = ["title", "published", "source", "tags", "text_clean", "text_norm"]
TAG_SEPARATOR = "|"

_DEFAULT_RULES = "boilerplate.csv"
_DEFAULT_LABELS = "section_labels.csv"

# Headline shape: short, no sentence inside it, not ending like a sentence or a lead-in.
_HEADLINE_MAX_CHARS = 160
#: A rule that removes a whole line (drop, field, cut, related) never fires on a longer line:
#: such a line is a paragraph (or a whole article without line breaks), and removing it for one
#: link or label inside would lose the text. No removed line in the 2018 corpus is near this.
LINE_RULE_MAX_CHARS = 1000
_HEADLINE_MAX_WORDS = 20
_LINKS_MAX = 8  # headline-like lines removed after a `related` marker
_DUPLICATE_MIN_WORDS = 3  # shorter repeated lines (list items "1-محمد صلاح") are kept
#: What a learned rule leaves of a line goes with it when it is at most this many words and
#: holds no sentence end: the name of a byline, the city of a dateline (never a sentence).
LEARNED_REST_WORDS = 3
#: Learned rules are tried again on what they leave (``Next Previous`` then a byline).
LEARNED_PASSES = 3
_SENTENCE_END = re.compile(r"[.!?؟؛;]")
_ENDS_LIKE_SENTENCE = re.compile(r"(?:^|[^.])[.:،,؛;]\s*$")
_SENTENCE_INSIDE = re.compile(r"[^.\d\s]\.\s+\S")
_HAS_WORD = re.compile(r"[^\W_]")
# HTML entities with a semicolon (&quot; &amp; &#1604; &#x644;); bare '&' (S&P) is left alone.
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,30}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_LINE_BREAKS = set("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_BACKREF = re.compile(r"\\[1-9]|\(\?P[=<]|\(\?<[A-Za-z_]")
# Letters that vary in spelling, for section labels matched tolerantly.
_LABEL_VARIANTS = {
    "ا": "[اأإآ]", "أ": "[اأإآ]", "إ": "[اأإآ]", "آ": "[اأإآ]",
    "ي": "[يى]", "ى": "[يى]", "ه": "[هة]", "ة": "[هة]",
}


# --------------------------------------------------------------------------------------------
# rules
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One row of a rules file."""

    name: str
    kind: str
    where: str
    pattern: str
    reason: str
    target: str = ""
    footer: bool = False
    source: str = ""  # learned rules: the source whose articles they clean


def _data_file(name: str):
    return resources.files("marsad").joinpath("data").joinpath(name)


def _read_csv(path, label: str) -> pd.DataFrame:
    try:
        with path.open("r", encoding="utf-8-sig") as fh:
            return pd.read_csv(fh, dtype=str, keep_default_na=False, skipinitialspace=False)
    except FileNotFoundError as err:
        raise ValueError(f"{label}: rules file not found") from err
    except OSError as err:
        raise ValueError(f"{label}: cannot open the rules file: {err}") from err
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise ValueError(f"{label}: cannot read the rules file as UTF-8 CSV: {err}") from err


def _label_pattern(label: str) -> str:
    """Regex for a section label: whole line, tolerant of alef/yeh/teh-marbuta and spaces."""
    parts = []
    for ch in label.strip():
        if ch.isspace():
            if parts and parts[-1] != r"\s+":
                parts.append(r"\s+")
        else:
            parts.append(_LABEL_VARIANTS.get(ch, re.escape(ch)))
    return r"^\W*" + "".join(parts) + r"\W*$"


def _labels_frame(table: pd.DataFrame, label: str) -> pd.DataFrame:
    """Section labels as rules: whole-line ``drop`` rules valid in the header only."""
    seen = table["seen_in"] if "seen_in" in table.columns else [""] * len(table)
    rows = [{"name": "section_label", "kind": "drop", "where": "header", "target": "",
             "footer": False, "pattern": _label_pattern(lab),
             "reason": f"section label '{lab.strip()}' above the headline", "seen_in": note,
             "file": label, "row": i + 2}
            for i, (lab, note) in enumerate(zip(table["label"], seen, strict=True)) if lab.strip()]
    return pd.DataFrame(rows, columns=[*RULE_COLUMNS, "file", "row"])


def _rules_frame(table: pd.DataFrame, label: str) -> pd.DataFrame:
    if "label" in table.columns and "pattern" not in table.columns:
        return _labels_frame(table, label)
    if "support" in table.columns and "source" in table.columns:  # a learned_rules.csv
        from marsad.boilerplate import as_rules, restore

        out = as_rules(restore(table))
        out["file"] = label
        out["row"] = range(2, len(out) + 2)
        return out
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(
            f"{label}: missing column(s) {', '.join(missing)}; a rules file needs "
            f"{', '.join(REQUIRED_COLUMNS)} (optional: where, target, footer, seen_in), "
            "a section-labels file needs 'label'"
        )
    out = pd.DataFrame({c: table[c] if c in table.columns else "" for c in RULE_COLUMNS})
    out["where"] = out["where"].str.strip().replace("", "any")
    out["kind"] = out["kind"].str.strip()
    out["target"] = out["target"].str.strip()
    out["footer"] = out["footer"].map(_truthy)
    out["file"] = label
    out["row"] = range(2, len(out) + 2)  # line in the file; line 1 is the header
    return out


def _truthy(value) -> bool:
    """``footer`` cell → bool: yes/true/1/y (any case) or a true bool."""
    if isinstance(value, str):
        return value.strip().lower() in {"yes", "true", "1", "y"}
    return bool(value) and not pd.isna(value)


def _check_rule(row: dict) -> str | None:
    """The problem with one rule row, or None."""
    if not str(row["name"]).strip():
        return "empty name"
    if row["kind"] not in KINDS:
        return f"unknown kind {row['kind']!r} (expected one of {', '.join(KINDS)})"
    if row["where"] not in ZONES:
        return f"unknown where {row['where']!r} (expected one of {', '.join(ZONES)})"
    if row["kind"] != "learned" and (row["where"] == "last" or str(row["source"]).strip()):
        return "where 'last' and a source are for rules of kind learned only"
    if not str(row["pattern"]):
        return "empty pattern"
    try:
        regex = re.compile(row["pattern"])
    except re.error as err:
        return f"invalid regex {row['pattern']!r}: {err}"
    if regex.search("") is not None:
        return f"pattern {row['pattern']!r} matches an empty line"
    if row["kind"] == "field":
        if row["target"] not in TARGETS:
            return f"field rule needs a target in {', '.join(TARGETS)}, got {row['target']!r}"
        if "value" not in regex.groupindex:
            return "field rule needs a (?P<value>...) group"
    return None


def validate_rules(rules: pd.DataFrame) -> pd.DataFrame:
    """Check every rule; raise ``ValueError`` naming the file and line of the first bad one.

    Accepts a hand-made DataFrame too (columns ``name, kind, pattern, reason`` at least).
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in rules.columns]
    if missing:
        raise ValueError(f"rules table: missing column(s) {', '.join(missing)}")
    rules = rules.copy()
    for col, default in (("where", "any"), ("target", ""), ("footer", False), ("seen_in", ""),
                         ("source", ""), ("file", "<rules table>")):
        if col not in rules.columns:
            rules[col] = default
    if "row" not in rules.columns:
        rules["row"] = range(1, len(rules) + 1)
    for col in ("name", "kind", "where", "target", "reason", "source"):
        rules[col] = rules[col].fillna("").astype(str).str.strip()
    rules["pattern"] = rules["pattern"].fillna("").astype(str)  # spaces in a regex are meaningful
    rules["where"] = rules["where"].replace("", "any")
    rules["footer"] = rules["footer"].map(_truthy)
    for row in rules.to_dict("records"):
        problem = _check_rule(row)
        if problem:
            where = (f"line {row['row']}" if row["file"] != "<rules table>"
                     else f"row {row['row']}")
            raise ValueError(f"{row['file']}, {where} (rule {row['name']!r}): {problem}")
    return rules.reset_index(drop=True)


def load_rules(path: str | Path | None = None, *,
               extra: str | Path | Sequence[str | Path] | None = None) -> pd.DataFrame:
    """Load and validate cleaning rules.

    ``path=None`` loads the packaged ``boilerplate.csv`` plus ``section_labels.csv``; a ``path``
    replaces both with your own file. ``extra`` (one path or several) is appended: use it to add
    your outlet's boilerplate to the defaults. A file with a ``label`` column (and no ``pattern``)
    is read as a section-labels list, one with ``source`` and ``support`` columns as learned
    rules (a ``learned_rules.csv``, :mod:`marsad.boilerplate`). Bad file → ``ValueError``
    naming the file and row.
    """
    sources: list[tuple[object, str]] = []
    if path is None:
        for name in (_DEFAULT_RULES, _DEFAULT_LABELS):
            sources.append((_data_file(name), f"marsad/data/{name}"))
    else:
        sources.append((Path(path), str(path)))
    if extra is not None:
        extras = [extra] if isinstance(extra, (str, Path)) else list(extra)
        sources.extend((Path(p), str(p)) for p in extras)
    frames = [_rules_frame(_read_csv(src, label), label) for src, label in sources]
    return validate_rules(pd.concat(frames, ignore_index=True))


def _class_end(pattern: str, i: int) -> int:
    """Index just past the character class that opens at ``pattern[i] == '['``."""
    i += 1
    if pattern.startswith("^", i):
        i += 1
    if pattern.startswith("]", i):  # a leading ']' is a literal
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def _scan(pattern: str):
    """Yield ``(index, char)`` of the pattern's syntax characters outside escapes and classes."""
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
        elif ch == "[":
            i = _class_end(pattern, i)
        else:
            yield i, ch
            i += 1


def _top_level_alternation(pattern: str) -> bool:
    """True if ``pattern`` has a ``|`` outside any group or character class."""
    depth = 0
    for _, ch in _scan(pattern):
        depth += (ch == "(") - (ch == ")")
        if ch == "|" and depth == 0:
            return True
    return False


def _without_negative_lookarounds(pattern: str) -> str:
    """``pattern`` minus its ``(?!…)`` and ``(?<!…)`` groups (it then matches more, never less)."""
    cuts, depth, start = [], 0, None
    for i, ch in _scan(pattern):
        if ch == "(":
            if start is None and pattern.startswith(("(?!", "(?<!"), i):
                start, depth = i, 0
            depth += 1
        elif ch == ")":
            depth -= 1
            if start is not None and depth == 0:
                cuts.append((start, i + 1))
                start = None
    if start is not None:
        return pattern
    out, pos = [], 0
    for a, b in cuts:
        out.append(pattern[pos:a])
        pos = b
    out.append(pattern[pos:])
    return "".join(out)


def _article_probe(pattern: str) -> re.Pattern | None:
    """A MULTILINE regex that finds, in the article's lines joined by '\\n', a match wherever
    ``pattern`` matches one of the lines (it may also find more): a cheap per-article filter.

    Negative lookarounds (which could see the newline) are left out of the probe; patterns with
    ``\\A`` or ``\\Z`` get no probe and are tried on every line.
    """
    if "\\A" in pattern or "\\Z" in pattern:
        return None
    try:
        return re.compile(_without_negative_lookarounds(pattern), re.MULTILINE)
    except re.error:
        return None


def _non_overlapping(found: list[tuple[int, int, Rule]]) -> list[tuple[int, int, Rule]]:
    found.sort(key=lambda s: (s[0], -s[1]))
    out: list[tuple[int, int, Rule]] = []
    for span in found:
        if not out or span[0] >= out[-1][1]:
            out.append(span)
    return out


# Zones in force, by (still in the header?, footer reached?).
_ZONE_SETS = {
    (True, False): ("any", "header"),
    (True, True): ("any", "header", "footer"),
    (False, False): ("any", "body"),
    (False, True): ("any", "body", "footer"),
}
_RANK = {kind: i for i, kind in enumerate(KINDS)}  # precedence: field, cut, related, drop, strip


class CompiledRules:
    """Rules compiled for :func:`clean_article`.

    Python's ``re`` is fast on ``^``-anchored patterns and on patterns starting with a literal,
    slow on an unanchored alternation (every branch is tried at every position). So, for each
    set of zones, all ``^``-anchored rules are joined into one ``^(?:…|…)`` alternation ordered
    by kind precedence (one ``match`` per line finds the winning anchored rule); every other
    rule is a separate regex, first probed once on the whole article and then tried only on
    the lines of the articles where the probe hit.
    """

    def __init__(self, rules: list[Rule]):
        #: learned rules by source: (rule, regex), file order; applied by clean_article
        self.learned: dict[str, list[tuple[Rule, re.Pattern]]] = {}
        for r in rules:
            if r.kind == "learned":
                self.learned.setdefault(r.source, []).append((r, re.compile(r.pattern)))
        rules = [r for r in rules if r.kind != "learned"]
        self.rules = sorted(rules, key=lambda r: _RANK[r.kind])  # stable: file order within a kind
        joinable: set[int] = set()
        bodies: dict[int, str] = {}
        for i, r in enumerate(self.rules):
            body = r.pattern[1:]
            if r.kind == "field":  # one (?P<value>…) group, renamed so the rules can be joined
                body = body.replace("(?P<value>", f"(?P<_v{i}>", 1)
            if (r.pattern.startswith("^") and not _top_level_alternation(r.pattern)
                    and not _BACKREF.search(body.replace(f"(?P<_v{i}>", "(", 1))):
                joinable.add(i)
                bodies[i] = body
        self.combined: dict[tuple[str, ...], re.Pattern | None] = {}
        for zones in _ZONE_SETS.values():
            branches = [f"(?P<_r{i}>{bodies[i]})" for i in sorted(joinable)
                        if self.rules[i].where in zones]
            try:
                self.combined[zones] = re.compile("^(?:" + "|".join(branches) + ")") if branches else None
            except re.error:  # e.g. inline global flags: fall back to one regex per rule
                joinable, self.combined = set(), {z: None for z in _ZONE_SETS.values()}
                break
        self.single = [(i, r, re.compile(r.pattern), _article_probe(r.pattern))
                       for i, r in enumerate(self.rules) if i not in joinable]

    @classmethod
    def from_frame(cls, rules: pd.DataFrame) -> CompiledRules:
        rules = validate_rules(rules)
        return cls([Rule(name=r["name"], kind=r["kind"], where=r["where"], pattern=r["pattern"],
                         reason=r["reason"], target=r["target"], footer=bool(r["footer"]),
                         source=r["source"])
                    for r in rules.to_dict("records")])

    def for_article(self, joined: str) -> dict[tuple[str, ...], list[tuple[int, Rule, re.Pattern]]]:
        """Zone set → the separate regexes worth trying on this article's lines."""
        live = [(i, r, rx) for i, r, rx, probe in self.single
                if probe is None or probe.search(joined) is not None]
        return {zones: [s for s in live if s[1].where in zones] for zones in _ZONE_SETS.values()}

    def line_hit(self, line: str, zones: tuple[str, ...],
                 singles: list[tuple[int, Rule, re.Pattern]]
                 ) -> tuple[Rule | None, str | None, list[tuple[int, int, Rule]]]:
        """``(rule, value, [])`` for the winning non-strip rule (``value``: a field's value),
        else ``(None, None, spans)`` with the spans of the strip rules that match.

        Lines longer than :data:`LINE_RULE_MAX_CHARS` are paragraphs, not page furniture: only
        strip rules apply to them."""
        whole = len(line) <= LINE_RULE_MAX_CHARS
        best: tuple[Rule, str | None] | None = None
        combined = self.combined[zones]
        m = combined.match(line) if combined is not None else None
        if m is not None:
            i = int(m.lastgroup[2:])
            rule = self.rules[i]
            if whole or rule.kind == "strip":
                best = rule, m.group(f"_v{i}") if rule.kind == "field" else None
        rank = _RANK[best[0].kind] if best else _RANK["strip"]
        for _, rule, regex in singles:  # ordered by precedence
            if _RANK[rule.kind] >= rank or not whole:
                break
            hit = regex.search(line)
            if hit is not None:
                return rule, hit.group("value") if rule.kind == "field" else None, []
        if best is not None and best[0].kind != "strip":
            return best[0], best[1], []
        spans = [(0, m.end(), best[0])] if best is not None and m.end() > 0 else []
        for _, rule, regex in singles:
            if rule.kind == "strip":
                spans += [(h.start(), h.end(), rule) for h in regex.finditer(line) if h.end() > h.start()]
        return None, None, _non_overlapping(spans) if len(spans) > 1 else spans


_DEFAULT_COMPILED: CompiledRules | None = None


def _compiled(rules: pd.DataFrame | str | Path | CompiledRules | None) -> CompiledRules:
    global _DEFAULT_COMPILED
    if isinstance(rules, CompiledRules):
        return rules
    if rules is None:
        if _DEFAULT_COMPILED is None:
            _DEFAULT_COMPILED = CompiledRules.from_frame(load_rules())
        return _DEFAULT_COMPILED
    if isinstance(rules, (str, Path)):
        return CompiledRules.from_frame(load_rules(rules))
    return CompiledRules.from_frame(rules)


# --------------------------------------------------------------------------------------------
# one article
# --------------------------------------------------------------------------------------------


def _unescape(match: re.Match) -> str:
    """An entity decoded and normalized, or kept as written if it gives ``<``, ``>`` or a line
    break (see the module docstring)."""
    text = html.unescape(match.group())
    if _LINE_BREAKS.intersection(text) or "<" in text or ">" in text:
        return match.group()
    return normalize_display(text)


def decode_entities(value: str) -> str:
    """``value`` with its HTML entities decoded (``&#8221;`` → ”, ``&amp;`` → &), except those
    that would give ``<``, ``>`` or a line break, which stay as written (see the module
    docstring). The one entity decoder: the loader uses it for titles and other fields, the
    cleaner for the lines of the text."""
    return _ENTITY.sub(_unescape, value) if "&" in value else value


def display_line(line: str) -> str:
    """A line as ``text_clean`` shows it: :func:`normalize_display`, HTML entities decoded, trimmed."""
    return decode_entities(normalize_display(line)).strip()


def _display_lines(text: str) -> list[str]:
    """:func:`display_line` of every line of ``text`` (one normalization pass over the text).

    A line left empty (blank, or only invisible marks) counts as blank.
    """
    lines = text.splitlines()  # split first: removing a mark in "\r\u200f\n" must not join it
    disp = decode_entities(normalize_display("\n".join(lines)))
    parts = disp.split("\n")
    if len(parts) != len(lines):  # never expected; stay exact line by line
        return [display_line(line) for line in lines]
    return [line.strip() for line in parts]


def headline_like(line: str) -> bool:
    """Short, one unit, not ending like a sentence (``.``) or a lead-in (``:`` ``،``)."""
    return (len(line) <= _HEADLINE_MAX_CHARS
            and len(line.split()) <= _HEADLINE_MAX_WORDS
            and _ENDS_LIKE_SENTENCE.search(line) is None
            and _SENTENCE_INSIDE.search(line) is None)


def split_tags(value: str) -> list[str]:
    """Items of a tag line: split on explicit separators (، , ; | # / •, tabs, 2+ spaces).

    Without a separator the line is ONE item: multi-word tags joined by single spaces
    (``کوریا الشمالیة بیونغ یانغ``) cannot be split without guessing.
    """
    parts = re.split(r"\s*(?:[،,;؛|#/•·]|\t|\s{2,})\s*", value)
    return [p.strip() for p in parts if p.strip()]


@dataclass
class CleanedArticle:
    """The result of :func:`clean_article`."""

    text_clean: str
    kept: list[tuple[int, str]]  # (line_no, text) of the lines in text_clean
    removed: list[tuple[int, str, str, str]]  # (line_no, text, rule, reason)
    fields: dict[str, str] = field(default_factory=dict)  # title, published, source, tags


def source_group(value) -> str:
    """The group of an article for learned rules: its ``source`` trimmed, ``""`` when none."""
    return value.strip() if isinstance(value, str) else ("" if not _present(value) else str(value).strip())


def strip_learned(line: str, rules: Sequence[tuple[Rule, re.Pattern]]
                  ) -> tuple[str, list[tuple[str, Rule]]]:
    """``line`` without the spans of learned ``rules`` (group ``span`` when the pattern has
    one, else the match), tried again on what is left up to :data:`LEARNED_PASSES` times;
    returns what is left and the removed ``(text, rule)`` pieces."""
    found: list[tuple[str, Rule]] = []
    for _ in range(LEARNED_PASSES):
        spans = []
        for rule, regex in rules:
            m = regex.search(line)
            if m is None:
                continue
            a, b = m.span("span") if "span" in regex.groupindex and m.start("span") >= 0 else m.span()
            if b > a:
                spans.append((a, b, rule))
        if not spans:
            break
        spans = _non_overlapping(spans) if len(spans) > 1 else spans
        found += [(line[a:b], r) for a, b, r in spans]
        line = "".join(line[a:b] for a, b in _gaps(spans, len(line))).strip()
    return line, found


def apply_learned(line: str, line_no: int, rules: Sequence[tuple[Rule, re.Pattern]],
                   removed: list) -> str | None:
    """What learned ``rules`` leave of ``line`` (the removed spans audited in ``removed``), or
    None when the whole line goes (nothing left, or a short rest: see the module docstring)."""
    rest, found = strip_learned(line, rules)
    if not found:
        return line
    if _HAS_WORD.search(rest) is None:
        removed.append((line_no, line, found[0][1].name, found[0][1].reason))
        return None
    if len(rest.split()) <= LEARNED_REST_WORDS and _SENTENCE_END.search(rest) is None:
        removed.append((line_no, line, found[0][1].name,
                        f"{found[0][1].reason}; the {len(rest.split())} word(s) left of the "
                        "line went with it"))
        return None
    removed.extend((line_no, text, r.name, r.reason) for text, r in found)
    return rest


def clean_article(text: str, rules: pd.DataFrame | CompiledRules | str | Path | None = None, *,
                  title: str | None = None, repeated: set[str] | None = None,
                  source: str | None = None) -> CleanedArticle:
    """Clean one article text (see the module docstring for the rule kinds).

    Title rule: when no ``title`` is given, the first kept line becomes the title if it is
    headline-like (≤ 20 words, ≤ 160 chars, no sentence inside, not ending in ``.`` ``:`` ``،``)
    and a body follows it; otherwise there is no title and the line stays in the body (a lede).
    When a ``title`` is given and the first kept line repeats it, that line is removed.
    ``repeated``: display lines known to recur across articles (see
    :func:`repeated_lines`); such lines are removed unless they are the article's first line.
    ``source``: the article's source (input column), which selects the learned rules.
    """
    compiled = _compiled(rules)
    learned = compiled.learned.get(source_group(source), []) if compiled.learned else []
    line_learned = [x for x in learned if x[0].where != "last"]
    last_learned = [x for x in learned if x[0].where == "last"]
    kept: list[tuple[int, str]] = []
    removed: list[tuple[int, str, str, str]] = []
    fields: dict[str, str] = {}
    seen: dict[str, int] = {}
    header, footer = True, False
    cut: tuple[Rule, int] | None = None
    links: tuple[Rule, int] | None = None
    n_links = 0
    lines = _display_lines(text if isinstance(text, str) else "")
    singles = compiled.for_article("\n".join(lines))

    for line_no, line in enumerate(lines, start=1):
        if not line:
            continue
        if cut is not None:
            rule, at = cut
            removed.append((line_no, line, rule.name, f"after the marker on line {at}: {rule.reason}"))
            continue
        zones = _ZONE_SETS[(header, footer)]
        rule, value, spans = compiled.line_hit(line, zones, singles[zones])
        if rule is not None:
            removed.append((line_no, line, rule.name, rule.reason))
            if rule.kind == "field":
                value = (value or "").strip()
                if value and rule.target not in fields:
                    fields[rule.target] = value
            elif rule.kind == "cut":
                cut = rule, line_no
            elif rule.kind == "related":
                links, n_links = (rule, line_no), 0
            footer = footer or rule.footer
            continue
        if spans:
            rest = "".join(line[a:b] for a, b in _gaps(spans, len(line)))
            if _HAS_WORD.search(rest) is None:
                removed.append((line_no, line, spans[0][2].name, spans[0][2].reason))
                continue
            removed.extend((line_no, line[a:b], r.name, r.reason) for a, b, r in spans)
            line = rest.strip()  # spans at the edges leave no stray spaces
        if line_learned:
            line = apply_learned(line, line_no, line_learned, removed)
            if line is None:
                continue

        if links is not None:
            if n_links < _LINKS_MAX and headline_like(line):
                n_links += 1
                removed.append((line_no, line, links[0].name,
                                f"linked headline after the marker on line {links[1]}"))
                continue
            links = None

        if line in seen and len(line.split()) >= _DUPLICATE_MIN_WORDS:
            removed.append((line_no, line, "duplicate", f"repeats line {seen[line]}"))
            continue
        if repeated and kept and line in repeated and not (len(kept) == 1 and header):
            removed.append((line_no, line, "repeated_across_articles",
                            "line recurs in other articles (appended story or shared boilerplate)"))
            continue
        seen[line] = line_no
        kept.append((line_no, line))
        if header and (len(kept) > 1 or not headline_like(line)):
            header = False

    if last_learned and kept:
        line_no, line = kept[-1]
        rest = apply_learned(line, line_no, last_learned, removed)
        if rest is None:
            kept.pop()
        elif rest != line:
            kept[-1] = (line_no, rest)
    _take_title(kept, removed, fields, title)
    removed.sort(key=lambda r: r[0])
    return CleanedArticle("\n".join(t for _, t in kept), kept, removed, fields)


def _gaps(spans: list[tuple[int, int, Rule]], length: int) -> list[tuple[int, int]]:
    out, pos = [], 0
    for a, b, _ in spans:
        out.append((pos, a))
        pos = b
    out.append((pos, length))
    return out


def _take_title(kept: list[tuple[int, str]], removed: list, fields: dict[str, str],
                title: str | None) -> None:
    """Move the headline line out of the body (see :func:`clean_article`)."""
    if not kept:
        return
    given = title if isinstance(title, str) and title.strip() else fields.get("title")
    line_no, first = kept[0]
    if given:
        if " ".join(first.split()) == " ".join(display_line(given).split()):
            removed.append((line_no, first, "title", "repeats the article's title"))
            kept.pop(0)
        return
    if len(kept) > 1 and headline_like(first):
        fields["title"] = first
        removed.append((line_no, first, "title", "headline: moved to the title column"))
        kept.pop(0)


# --------------------------------------------------------------------------------------------
# a corpus
# --------------------------------------------------------------------------------------------


def _present(value) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    try:
        return not bool(pd.isna(value))
    except (TypeError, ValueError):
        return True


def _published(value) -> str | None:
    """ISO date from a given value (string, Timestamp, date); None when it is not a date
    (``0000-00-00``, ``2023-02-30``, ``yesterday``: the loader notes these, the article is
    undated)."""
    if hasattr(value, "date") and hasattr(value, "isoformat") and not isinstance(value, str):
        try:
            return value.date().isoformat()
        except (AttributeError, TypeError, ValueError):
            return None
    return parse_published(str(value).strip())


def repeated_lines(articles: pd.DataFrame, *, min_articles: int = 3,
                   min_chars: int = 60) -> set[str]:
    """Long lines (as :func:`display_line` shows them) found in ``min_articles`` different articles.

    Articles count as different when their titles differ (or, without titles, their texts), so
    an article scraped twice does not make its own lines "repeated". Pass the result to
    :func:`clean_corpus` (``repeated=``) to remove stories a site appended to many articles
    (e.g. CNN Arabic 2018 "more stories" ledes); the first line of an article is always kept.
    """
    counts: dict[str, set] = {}
    has_title = "title" in articles.columns
    for row in articles.itertuples(index=False):
        text = getattr(row, "text", None)
        if not isinstance(text, str):
            continue
        ident = getattr(row, "title", None) if has_title else None
        ident = ident if _present(ident) else text
        for line in _display_lines(text):
            if len(line) >= min_chars:
                counts.setdefault(line, set()).add(ident)
    return {k for k, v in counts.items() if len(v) >= min_articles}


def clean_corpus(articles: pd.DataFrame,
                 rules: pd.DataFrame | str | Path | CompiledRules | None = None, *,
                 repeated: set[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean every article; return ``(articles_out, removed)``.

    ``articles_out`` = the input (``text`` untouched) plus ``title, published, source, tags,
    text_clean, text_norm``. Values already in the input's columns win; values found in the
    text fill the gaps. ``published`` is ISO ``yyyy-mm-dd`` when parsable; ``tags`` is a
    '|'-joined string. ``removed`` has one row per removed line or stripped span:
    ``article_id, line_no`` (1-based, as ``str.splitlines``), ``text, rule, reason``.
    """
    require_column(articles, "text", "clean_corpus", hint="load it with marsad.corpus.load_corpus")
    compiled = _compiled(rules)
    out = articles.copy()
    ids = (out["article_id"].astype(str).tolist() if "article_id" in out.columns
           else [str(i) for i in out.index])
    meta = ("title", "published", "source", "tags")
    given = {c: out[c].tolist() if c in out.columns else [None] * len(out) for c in meta}
    results: dict[str, list] = {c: [] for c in ADDED_COLUMNS}
    audit: list[tuple] = []
    for i, (aid, text) in enumerate(zip(ids, out["text"].tolist(), strict=True)):
        title_in = given["title"][i]
        res = clean_article(text, compiled, title=title_in if _present(title_in) else None,
                            repeated=repeated, source=given["source"][i])
        audit.extend((aid, *row) for row in res.removed)
        for col in meta:
            value = given[col][i]
            if _present(value):
                if col == "published":
                    value = _published(value)
                elif col == "tags" and isinstance(value, (list, tuple)):
                    value = TAG_SEPARATOR.join(map(str, value))
            else:
                value = res.fields.get(col)
                if value is not None and col == "published":
                    value = parse_published(value)
                elif value is not None and col == "tags":
                    value = TAG_SEPARATOR.join(split_tags(value)) or None
            results[col].append(value)
        results["text_clean"].append(res.text_clean)
        results["text_norm"].append(normalize(res.text_clean))
    for col in ADDED_COLUMNS:  # pandas' string dtype, missing values NaN (as load_corpus does)
        out[col] = pd.Series(results[col], index=out.index, dtype="str")
    removed = pd.DataFrame(audit, columns=REMOVED_COLUMNS)
    removed["line_no"] = removed["line_no"].astype("int64")
    return out, removed
