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
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from marsad.articles import require_column
from marsad.clean_rules import (
    ZONE_SETS,
    CompiledRules,
    Rule,
    compile_rules,
    non_overlapping,
)
from marsad.dates import parse_published
from marsad.normalize import normalize, normalize_display, without_spans

REMOVED_COLUMNS = ["article_id", "line_no", "text", "rule", "reason"]
ADDED_COLUMNS = ["title", "published", "source", "tags", "text_clean", "text_norm"]
TAG_SEPARATOR = "|"

# Headline shape: short, no sentence inside it, not ending like a sentence or a lead-in.
_HEADLINE_MAX_CHARS = 160
_HEADLINE_MAX_WORDS = 20
_LINKS_MAX = 8  # headline-like lines removed after a `related` marker
_DUPLICATE_MIN_WORDS = 3  # shorter repeated lines (list items "1-محمد صلاح") are kept
#: What a learned rule leaves of a line goes with it when it is at most this many words and
#: holds no sentence end: the name of a byline, the city of a dateline (never a sentence).
LEARNED_REST_WORDS = 3
#: A learned tail (``where = last``) is looked for in the article's last this many kept lines
#: read as one: a footer can be set over several short lines.
FOOTER_LINES = 6
#: Added to the audit reason of a line a learned tail took because it followed the tail.
FOOTER_NOTE = "; a line of the footer it ends"
#: Learned rules are tried again on what they leave (``Next Previous`` then a byline).
LEARNED_PASSES = 3
_SENTENCE_END = re.compile(r"[.!?؟؛;]")
_ENDS_LIKE_SENTENCE = re.compile(r"(?:^|[^.])[.:،,؛;]\s*$")
_SENTENCE_INSIDE = re.compile(r"[^.\d\s]\.\s+\S")
_HAS_WORD = re.compile(r"[^\W_]")
# HTML entities with a semicolon (&quot; &amp; &#1604; &#x644;); bare '&' (S&P) is left alone.
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,30}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_LINE_BREAKS = set("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


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
            a, b = learned_span(regex, m)
            if b > a:
                spans.append((a, b, rule))
        if not spans:
            break
        spans = non_overlapping(spans) if len(spans) > 1 else spans
        found += [(line[a:b], r) for a, b, r in spans]
        line = without_spans(line, ((a, b) for a, b, _ in spans)).strip()
    return line, found


def apply_learned(line: str, line_no: int, rules: Sequence[tuple[Rule, re.Pattern]],
                   removed: list) -> str | None:
    """What learned ``rules`` leave of ``line`` (the removed spans audited in ``removed``), or
    None when the whole line goes (nothing left, or a short rest: see the module docstring)."""
    rest, found = strip_learned(line, rules)
    if not found:
        return line
    goes = _rest_goes(rest, found[0][1])
    if goes is not None:
        removed.append((line_no, line, found[0][1].name, goes))
        return None
    removed.extend((line_no, text, r.name, r.reason) for text, r in found)
    return rest


def learned_span(regex: re.Pattern, m: re.Match) -> tuple[int, int]:
    """What a learned rule's match removes: its group ``span`` when the pattern has one (and
    it took part), else the whole match."""
    return m.span("span") if "span" in regex.groupindex and m.start("span") >= 0 else m.span()


def _rest_goes(rest: str, rule: Rule) -> str | None:
    """The audit reason when what a learned ``rule`` left of a line goes with it — no word
    left, or a short rest without a sentence end (see the module docstring) — else None."""
    if _HAS_WORD.search(rest) is None:
        return rule.reason
    words = len(rest.split())
    if words <= LEARNED_REST_WORDS and _SENTENCE_END.search(rest) is None:
        return f"{rule.reason}; the {words} word(s) left of the line went with it"
    return None


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
    compiled = compile_rules(rules)
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
        zones = ZONE_SETS[(header, footer)]
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
            rest = without_spans(line, ((a, b) for a, b, _ in spans))
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
        _strip_footer(kept, last_learned, removed)
    _take_title(kept, removed, fields, title)
    removed.sort(key=lambda r: r[0])
    return CleanedArticle("\n".join(t for _, t in kept), kept, removed, fields)


def _strip_footer(kept: list[tuple[int, str]], rules: Sequence[tuple[Rule, re.Pattern]],
                  removed: list) -> None:
    """Learned tails on the article's footer, in place: the first of its last
    :data:`FOOTER_LINES` kept lines where a tail starts loses it and every line after it (each
    audited, :data:`FOOTER_NOTE`); a tail runs to the end of the article. What is left of that
    line goes too when it is no sentence (as :func:`apply_learned` decides)."""
    for k in range(max(0, len(kept) - FOOTER_LINES), len(kept)):
        line_no, line = kept[k]
        footer = "\n".join(text for _, text in kept[k:])
        starts = [(learned_span(regex, m)[0], rule) for rule, regex in rules
                  if (m := regex.search(footer)) is not None]
        if not starts:
            continue
        at, rule = min(starts, key=lambda s: s[0])
        if at >= len(line):
            continue  # the tail starts on a later line
        rest = line[:at].strip()
        goes = _rest_goes(rest, rule)
        if goes is not None:
            removed.append((line_no, line, rule.name, goes))
            del kept[k]
        else:
            removed.append((line_no, line[at:].strip(), rule.name, rule.reason))
            kept[k] = (line_no, rest)
            k += 1
        removed.extend((no, text, rule.name, f"{rule.reason}{FOOTER_NOTE}")
                       for no, text in kept[k:])
        del kept[k:]
        return


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
    compiled = compile_rules(rules)
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
