"""The cleaning rules: the table of ``data/boilerplate.csv`` (plus ``data/section_labels.csv``,
an analyst's own files, or a ``learned_rules.csv`` of :mod:`marsad.boilerplate`), read and
checked (:func:`load_rules`, :func:`validate_rules`) and compiled for one pass over an article's
lines (:class:`CompiledRules`). What each kind of rule does to a line is :mod:`marsad.clean`'s
docstring; :func:`marsad.clean.clean_article` applies them.

Speed: ``^``-anchored rules are joined into one alternation tried once per line; every other
rule is first searched once in the whole article and tried line by line only where it hit. Python
``re`` scans fast for a pattern that starts with a literal (``t\\.co/``) and slowly for one that
starts with a character class or an alternation, so write unanchored rules literal-first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from marsad.normalize import without_spans

KINDS = ("field", "cut", "related", "drop", "strip", "learned")
ZONES = ("any", "header", "body", "footer", "last")
TARGETS = ("title", "published", "source", "tags")
RULE_COLUMNS = ["name", "kind", "where", "target", "footer", "pattern", "reason", "seen_in",
                "source"]
REQUIRED_COLUMNS = ("name", "kind", "pattern", "reason")

#: A rule that removes a whole line (drop, field, cut, related) never fires on a longer line:
#: such a line is a paragraph (or a whole article without line breaks), and removing it for one
#: link or label inside would lose the text. No removed line in the 2018 corpus is near this.
LINE_RULE_MAX_CHARS = 1000

_DEFAULT_RULES = "boilerplate.csv"
_DEFAULT_LABELS = "section_labels.csv"
_BACKREF = re.compile(r"\\[1-9]|\(\?P[=<]|\(\?<[A-Za-z_]")
# Letters that vary in spelling, for section labels matched tolerantly.
_LABEL_VARIANTS = {
    "ا": "[اأإآ]", "أ": "[اأإآ]", "إ": "[اأإآ]", "آ": "[اأإآ]",
    "ي": "[يى]", "ى": "[يى]", "ه": "[هة]", "ة": "[هة]",
}


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
        from marsad.boilerplate import as_rules, restore  # boilerplate imports this module

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
    return pattern if start is not None else without_spans(pattern, cuts)


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


def non_overlapping(found: list[tuple[int, int, Rule]]) -> list[tuple[int, int, Rule]]:
    """The spans of ``found`` that do not overlap one before them (earliest first, the longest
    of those starting together); sorts ``found`` in place."""
    found.sort(key=lambda s: (s[0], -s[1]))
    out: list[tuple[int, int, Rule]] = []
    for span in found:
        if not out or span[0] >= out[-1][1]:
            out.append(span)
    return out


# Zones in force, by (still in the header?, footer reached?).
ZONE_SETS = {
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
        for zones in ZONE_SETS.values():
            branches = [f"(?P<_r{i}>{bodies[i]})" for i in sorted(joinable)
                        if self.rules[i].where in zones]
            try:
                self.combined[zones] = re.compile("^(?:" + "|".join(branches) + ")") if branches else None
            except re.error:  # e.g. inline global flags: fall back to one regex per rule
                joinable, self.combined = set(), {z: None for z in ZONE_SETS.values()}
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
        return {zones: [s for s in live if s[1].where in zones] for zones in ZONE_SETS.values()}

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
        return None, None, non_overlapping(spans) if len(spans) > 1 else spans


_DEFAULT_COMPILED: CompiledRules | None = None


def compile_rules(rules: pd.DataFrame | str | Path | CompiledRules | None) -> CompiledRules:
    """``rules`` (a table, a file, or already compiled) as :class:`CompiledRules`; None: the
    packaged rules, compiled once per process."""
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
