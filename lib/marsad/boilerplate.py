"""Boilerplate learned per outlet: what recurs at the edges of one source's lines becomes a rule.

The packaged rules (``data/boilerplate.csv``) know the furniture of the outlets Marsad was built
on. Every other outlet has its own: bylines (``فايز الحسيكي – عين اليوم``), datelines
(``الرياض 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس``), agency time stamps (``12:20 ت م``),
tag strings glued to the last sentence (``… النظامية. سمات ابها خميس مشيط``), credits. They are
found by statistics per source, not by lists: :func:`learn` reads the lines the packaged rules
keep, masks digits (``#``) and date words (``{date}``: every month and weekday name of
:func:`marsad.dates.date_words`), and counts, per source, in how many articles each phrase
stands at a line edge:

``line``    a whole line (≤ :data:`MAX_LINE_TOKENS` tokens, not ending in a lead-in ``:``);
``prefix``  the first k ≤ :data:`MAX_PHRASE_TOKENS` tokens of a line, followed by a short rest
            that is no sentence (≤ :data:`REST_MAX_TOKENS` words, no ``. ! ? ؟ ؛``) or ending at
            a separator (``– - : | / ( ) [ ] •``, ``data/boilerplate_boundaries.csv``: the
            separator is part of the phrase) — joined so to a sentence, only on the article's
            first line (a dateline; in the body such a phrase is a lead-in, ``وتابع قائلا:``);
``suffix``  the last k tokens, the mirror image (joined to a sentence: on the last line only);
``tail``    in the article's footer only (its last :data:`FOOTER_LINES` lines read as one):
            1–:data:`TAIL_PHRASE_TOKENS` tokens at a line start, after a sentence end or a
            separator, or written right after a Latin run (an e-mail glued to a footer:
            ``name@mail.comللتواصل مع الكاتب …``; the address goes with it), followed by ≤
            :data:`TAIL_REST_MAX_TOKENS` words without a sentence end — the phrase and the rest
            of the line go (``سمات …`` tag strings, ``رابط الخبر بصحيفة …: <headline>``).

No prefix or suffix holds a sentence end. A phrase becomes a rule of its source when it recurs — in at least ``max(MIN_ARTICLES,
MIN_SHARE × the source's articles)`` articles of the source, so text that occurs once is never
learned — and is specific to it: in fewer than ``MAX_SHARE_ELSEWHERE`` of the other sources'
articles taken together (a body phrase every outlet writes, ``وقال المتحدث :``, is not
learned). Articles without a source form one group (``source`` empty). With a single group
there is nothing to contrast it with: a phrase must then be in ``ALONE_MIN_SHARE`` of the
articles (at least ``ALONE_MIN_ARTICLES``), stand, in ``ALONE_EDGE_SHARE`` of them, on the
first or last two lines of the article, where bylines, datelines and stamps are, and stand on a
line of its own (glued to a sentence in at most ``ALONE_GLUED_SHARE`` of them).

Of nested phrases of one kind (``عين`` ⊂ ``عين اليوم`` ⊂ ``عين اليوم -``) the longer is kept
when it keeps :data:`NESTED_SHARE` of the shorter one's articles, the shorter otherwise; then a
phrase that changes nothing on its example lines once the better-supported phrases of its
source are applied is left out (a city's dateline beside the dateline of every city).

The result, :func:`learn`, is a table (:data:`LEARNED_COLUMNS`; written by notebook 01 to
``output/learned_rules.csv``): ``source, kind, pattern`` (the regex the cleaner applies),
``phrase`` (the masked phrase), ``example`` (its first occurrence), ``support`` (articles of the
source with it), ``articles`` (articles of the source), ``elsewhere`` (articles of other
sources with it). :func:`as_rules` turns it into cleaning rules of kind ``learned``
(:mod:`marsad.clean`): an analyst can edit the CSV (delete a row, change a pattern) and give it
back (``load_rules(extra="learned_rules.csv")``, ``make report LEARN=learned_rules.csv``).

Counting is mergeable (:class:`EdgeCounts`): chunks of a corpus counted apart and merged in
corpus order give the same rules as the whole corpus at once.
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from marsad.clean import (
    FOOTER_LINES,
    FOOTER_NOTE,
    apply_learned,
    clean_corpus,
    learned_span,
    source_group,
)
from marsad.clean_rules import RULE_COLUMNS, CompiledRules, Rule, load_rules, validate_rules
from marsad.datafiles import read_table
from marsad.dates import date_words
from marsad.patterns import trie_regex
from marsad.safety import restore_cell

LEARNED_KINDS = ("line", "prefix", "suffix", "tail")
LEARNED_COLUMNS = ["source", "kind", "pattern", "phrase", "example", "support", "articles",
                   "elsewhere"]
_COUNTS = ("support", "articles", "elsewhere")

# Thresholds (documented in data/README.md, "Cleaning"; tuned on 5 SaudiNewsNet outlets).
#: A phrase must recur in at least this many articles of its source …
MIN_ARTICLES = 5
#: … and in at least this share of them.
MIN_SHARE = 0.10
#: It must be in fewer than this share of the other sources' articles (pooled).
MAX_SHARE_ELSEWHERE = 0.02
#: One group only (no other source to contrast with): stricter share, floor and position.
ALONE_MIN_SHARE = 0.20
ALONE_MIN_ARTICLES = 10
#: … and in this share of its articles it stands on the first or last EDGE_LINES lines, and in
#: at most ALONE_GLUED_SHARE of them only glued to a sentence (no dateline is learned alone).
ALONE_EDGE_SHARE = 0.9
ALONE_GLUED_SHARE = 0.1
EDGE_LINES = 2
#: A learned phrase is at most this many tokens (a rule never eats a sentence).
MAX_PHRASE_TOKENS = 12
#: A whole line is learned only when it has at most this many tokens.
MAX_LINE_TOKENS = 16
#: Without a separator, a prefix/suffix is a boundary only before/after a rest of at most this
#: many words holding no sentence end.
REST_MAX_TOKENS = 8
#: A tail phrase is 1 to this many tokens, followed by at most TAIL_REST_MAX_TOKENS words.
TAIL_PHRASE_TOKENS = 3
TAIL_REST_MAX_TOKENS = 25
#: A tail is read in the article's last lines taken as one (a footer set over several short
#: lines: ``للتواصل مع الكاتب … SMS`` / ``تبدأ بالرمز …`` / ``88591 - Stc``): the cleaner
#: reads the same lines (:data:`marsad.clean.FOOTER_LINES`).
#: Of two nested phrases the longer is kept when it has this share of the shorter's articles.
NESTED_SHARE = 0.8
#: Lines kept per phrase (its first articles) to show it and to test what it adds.
EXAMPLES = 3

DIGIT_MASK = "#"
DATE_MASK = "{date}"
_DIGITS = re.compile(r"\d+")  # every script's digits, as the tokenizer reads numbers
_DIGIT_CLASS = r"(?:\d+|\#)"
_DASH_KEY = "-"


@dataclass(frozen=True)
class _Boundaries:
    dashes: str
    dashes_alone: str
    separators: str  # dashes included
    sentence_end: str
    lead_in: str
    closers: str
    token: re.Pattern
    dash_class: str
    rest_char: str  # a character of a rest word: no space, no sentence end
    ends_sentence: re.Pattern  # a sentence-end mark that ends a token (not gmail.com, 1.5)


# An Arabic letter or mark (not a digit): a token of letters is Arabic or not, never both.
_ARABIC = "[\u0600-\u065f\u066a-\u06ef\u06fa-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"
# Latin glued to the Arabic word after it: the end of an address (name@mail.comللتواصل).
_GLUED_LATIN = "[A-Za-z0-9]"


@lru_cache(maxsize=1)
def boundaries() -> _Boundaries:
    """The separator and sentence-end characters of ``data/boilerplate_boundaries.csv``."""
    table = read_table("boilerplate_boundaries.csv", ("char", "role"))
    roles = ("dash", "dash_alone", "separator", "sentence_end", "lead_in", "closer")
    bad = table[~table["role"].isin(roles)]
    if len(bad):
        row = bad.iloc[0]
        raise ValueError(f"marsad/data/boilerplate_boundaries.csv, line {row['line']}: role "
                         f"{row['role']!r} is not one of {', '.join(roles)}")
    chars = {role: "".join(table.loc[table["role"] == role, "char"]) for role in roles}
    seps = chars["dash"] + chars["separator"]
    cls = re.escape(seps)
    alone = f"(?<!\\S)[{re.escape(chars['dash_alone'])}]+(?!\\S)|" if chars["dash_alone"] else ""
    end, close = re.escape(chars["sentence_end"]), re.escape(chars["closer"])
    return _Boundaries(
        dashes=chars["dash"], dashes_alone=chars["dash_alone"], separators=seps,
        sentence_end=chars["sentence_end"], lead_in=chars["lead_in"], closers=chars["closer"],
        # a number is a token of its own, inner marks included (20:25, 1.5, 2015/8/10, 38-0);
        # glued to a word (1436هـ, الدمام25) or not, it matches both ways; Latin glued to
        # Arabic (an e-mail before a footer: name@mail.comللتواصل) is two tokens
        token=re.compile(f"{alone}\\d+(?:[^\\s\\w]\\d+)*|[{cls}]|{_ARABIC}+"
                         f"|(?:(?!{_ARABIC})[^\\s\\d{cls}])+"),
        dash_class=(f"(?:[{re.escape(chars['dash'])}]|[{re.escape(chars['dash_alone'])}]+)"
                    if chars["dash_alone"] else f"[{re.escape(chars['dash'])}]"),
        rest_char=f"(?:[^\\s{end}]|[{end}](?![{close}]*(?:\\s|$)))",
        ends_sentence=re.compile(f"[{end}](?=[{close}]*(?:\\s|$))"))


@lru_cache(maxsize=1)
def _date_words() -> frozenset[str]:
    return frozenset(date_words())


@lru_cache(maxsize=1)
def _date_regex() -> str:
    words = date_words()
    arabic = [w for w in words if not w.isascii()]
    latin = [w for w in words if w.isascii()]
    return f"(?:{trie_regex(arabic)}|(?i:{trie_regex(latin)}))"


def mask(token: str) -> str:
    """A token as learned phrases spell it: a date word → ``{date}``, digit runs → ``#``,
    every dash → ``-``."""
    b = boundaries()
    if (len(token) == 1 and token in b.dashes) or (b.dashes_alone and not token.strip(b.dashes_alone)):
        return _DASH_KEY
    if token in _date_words() or (token.isascii() and token.lower() in _date_words()):
        return DATE_MASK
    return _DIGITS.sub(DIGIT_MASK, token)


def _is_number(key_token: str) -> bool:
    return key_token.startswith(DIGIT_MASK)


def _is_sep(key_token: str) -> bool:
    return len(key_token) == 1 and (key_token == _DASH_KEY or key_token in boundaries().separators)


def _token_regex(key_token: str) -> str:
    if key_token == DATE_MASK:
        return _date_regex()
    if key_token == _DASH_KEY:
        return boundaries().dash_class
    return DIGIT_MASK.join(re.escape(part) for part in key_token.split(DIGIT_MASK)).replace(
        DIGIT_MASK, _DIGIT_CLASS) if DIGIT_MASK in key_token else re.escape(key_token)


def phrase_regex(phrase: str) -> str:
    """The regex body of a masked phrase (tokens separated by spaces): words apart by
    whitespace, separators and numbers with optional space."""
    toks = phrase.split(" ")
    out = [_token_regex(toks[0])]
    for prev, tok in zip(toks, toks[1:], strict=False):
        loose = _is_sep(prev) or _is_sep(tok) or _is_number(prev) or _is_number(tok)
        out.append(r"\s*" if loose else r"\s+")
        out.append(_token_regex(tok))
    return "".join(out)


def _words(max_words: int) -> str:
    """1..max_words words without a sentence end."""
    c = boundaries().rest_char
    return f"{c}+(?:\\s+{c}+){{0,{max_words - 1}}}"


def _rest(max_words: int) -> str:
    """A rest of 1..max_words words without a sentence end, to the end of the line."""
    return f"{_words(max_words)}\\s*$"


def pattern(kind: str, phrase: str) -> str:
    """The cleaning regex of a learned phrase; the span it removes is the group ``span`` when
    there is one, else the whole match (see :mod:`marsad.clean`, kind ``learned``)."""
    body = phrase_regex(phrase)
    toks = phrase.split(" ")
    if kind == "line":
        return f"^{body}\\s*$"
    if kind == "prefix":
        if _is_sep(toks[-1]):
            return f"^{body}"
        return f"^{body}(?=\\s*$|\\s+{_rest(REST_MAX_TOKENS)})"
    if kind == "suffix":
        if _is_sep(toks[0]):
            return f"{body}\\s*$"
        return f"^(?:{_words(REST_MAX_TOKENS)}\\s+)?(?P<span>{body})\\s*$"
    if kind == "tail":  # after the line start, a separator, or a sentence end (+ closers)
        b = boundaries()
        end, close = f"[{re.escape(b.sentence_end)}]", f"[{re.escape(b.closers)}]"
        after = "|".join(f"(?<={x})" for x in (f"[{re.escape(b.separators)}]", end,
                                                f"{end}{close}", f"{end}{close}{close}"))
        # or glued to a Latin run (an address) that goes with it: name@mail.comللتواصل …
        glued = f"(?:\\S*{_GLUED_LATIN}(?={body}))"
        start = f"(?:^|{after}|(?<=\\s)(?={glued}))"
        return f"{start}\\s*(?P<span>{glued}?{body}\\s+{_rest(TAIL_REST_MAX_TOKENS)})"
    raise ValueError(f"unknown learned kind {kind!r} (expected one of {', '.join(LEARNED_KINDS)})")


# --------------------------------------------------------------------------------------------
# counting
# --------------------------------------------------------------------------------------------


class _TokenRead(NamedTuple):
    """The learner's reading of a line (or footer): token ``spans`` and their ``starts``;
    ``new_word`` — the token opens a word as ``str.split`` counts them; ``before[i]`` — words
    before token ``i`` (``before[-1]``: all); ``marks`` — where a sentence-end mark ends a
    token; ``ends`` — the token ends a sentence (closing quotes after the mark too)."""

    spans: list[tuple[int, int]]
    starts: list[int]
    new_word: list[bool]
    before: list[int]
    marks: list[int]
    ends: list[bool]


def _read_tokens(text: str) -> _TokenRead | None:
    """The :class:`_TokenRead` of ``text``; None when there is no token."""
    b = boundaries()
    spans = [m.span() for m in b.token.finditer(text)]
    if not spans:
        return None
    starts = [a for a, _ in spans]
    new_word = [i == 0 or text[starts[i] - 1].isspace() for i in range(len(spans))]
    before = [0] * (len(spans) + 1)
    for i, opens in enumerate(new_word):
        before[i + 1] = before[i] + opens
    marks = [m.start() for m in b.ends_sentence.finditer(text)]
    ends = [token[-1:] in b.sentence_end if (token := text[a:e].rstrip(b.closers)) else False
            for a, e in spans]
    return _TokenRead(spans, starts, new_word, before, marks, ends)


def _candidates(line: str, first: bool, last: bool) -> Iterable[tuple[str, str, bool]]:
    """``(kind, phrase, glued)`` of every learnable line, prefix and suffix at the edges of
    one kept line; ``glued``: a prefix or suffix joined by a separator to more than a short
    rest (a sentence). A glued prefix counts only on the article's ``first`` line (a dateline),
    a glued suffix only on its ``last`` line (a credit): a phrase that opens sentences in the
    body (``وتابع قائلا:``) is not counted there. No prefix or suffix holds a sentence end
    (``.`` ``؟`` …): it would end or start a sentence. Tails: :func:`_tails`."""
    b = boundaries()
    if not (first or last) and len(line.split()) > MAX_PHRASE_TOKENS + REST_MAX_TOKENS:
        return  # a paragraph inside the body: no line, prefix or suffix can be learned here
    read = _read_tokens(line)
    if read is None:
        return
    spans, starts, new_word, before, marks, ends = read
    n, total = len(spans), before[-1]
    last_end = marks[-1] if marks else -1
    first_end = marks[0] if marks else len(line)
    keys: dict[int, str] = {}

    def key(i: int) -> str:
        if i not in keys:
            keys[i] = mask(line[starts[i]:spans[i][1]])
        return keys[i]

    def phrase(a: int, e: int) -> str:
        return " ".join(key(i) for i in range(a, e))

    def sep(i: int) -> bool:
        return _is_sep(key(i))


    def short_after(i: int) -> bool:  # line[starts[i]:]: few words, no sentence end
        return total - before[i] + (not new_word[i]) <= REST_MAX_TOKENS and last_end < starts[i]

    def short_before(i: int) -> bool:  # line[:starts[i]]
        return before[i] <= REST_MAX_TOKENS and first_end >= starts[i]

    if n <= MAX_LINE_TOKENS and line[-1] not in b.lead_in and not all(sep(i) for i in range(n)):
        yield "line", phrase(0, n), False
    for k in range(1, min(MAX_PHRASE_TOKENS, n - 1) + 1):
        alone = short_after(k)
        if ((alone or (first and sep(k - 1))) and not any(ends[:k])
                and not all(sep(j) for j in range(k))):
            yield "prefix", phrase(0, k), not alone
        i = n - k
        alone = short_before(i)
        if ((alone or (last and sep(i))) and not any(ends[i:n])
                and not all(sep(j) for j in range(i, n))):
            yield "suffix", phrase(i, n), not alone


def _tails(footer: str) -> Iterable[str]:
    """Every tail phrase of an article's footer (its last :data:`FOOTER_LINES` kept lines,
    joined by line breaks): 1–:data:`TAIL_PHRASE_TOKENS` tokens starting a line, or after a
    sentence end, a separator or a Latin run it is glued to (an address:
    ``name@mail.comللتواصل``), followed by a rest of at most :data:`TAIL_REST_MAX_TOKENS` words
    without a sentence end to the end of the article. A tail starts with a word, not a number
    or a separator."""
    read = _read_tokens(footer)
    if read is None:
        return
    spans, starts, new_word, before, marks, ends = read
    n, total = len(spans), before[-1]
    last_end = marks[-1] if marks else -1
    keys = [mask(footer[a:e]) for a, e in spans]


    def opens(i: int) -> bool:  # a line start, after a sentence end, a separator, a Latin run
        if i == 0 or footer[:starts[i]].rstrip(" \t").endswith("\n"):
            return True
        if ends[i - 1] or _is_sep(keys[i - 1]):
            return True
        glued_to = footer[starts[i] - 1]
        return (spans[i - 1][1] == starts[i] and glued_to.isascii() and glued_to.isalnum()
                and not footer[starts[i]].isascii())

    after_ends = next((i for i in range(n) if starts[i] > last_end), n)
    for i in range(after_ends, n - 1):
        if total - before[i] > TAIL_REST_MAX_TOKENS + TAIL_PHRASE_TOKENS:
            continue
        if _is_sep(keys[i]) or _is_number(keys[i]) or not opens(i):
            continue
        for k in range(1, min(TAIL_PHRASE_TOKENS, n - 1 - i) + 1):
            if total - before[i + k] + (not new_word[i + k]) <= TAIL_REST_MAX_TOKENS:
                yield " ".join(keys[i:i + k])


@dataclass
class EdgeCounts:
    """What :func:`learn` counts, per source: its articles (``articles``), and per
    ``(kind, phrase)`` the articles with it (``support``), those with it on one of their first
    or last :data:`EDGE_LINES` lines (``edge``), those where it was only ever glued to a
    sentence (``glued``), and the lines it was seen in, in its first :data:`EXAMPLES` articles
    (``examples``: a line, or a tuple of lines). Mergeable: count chunks apart and
    :meth:`merge` them in corpus order."""

    articles: Counter = field(default_factory=Counter)
    support: dict[str, Counter] = field(default_factory=dict)
    edge: dict[str, Counter] = field(default_factory=dict)
    glued: dict[str, Counter] = field(default_factory=dict)
    examples: dict[tuple[str, str, str], str | tuple[str, ...]] = field(default_factory=dict)

    def add(self, source: str, lines: list[str], title: str | None = None) -> None:
        """Count one article of ``source`` (a :func:`marsad.clean.source_group`) from the
        lines the packaged rules keep of it (its ``text_clean`` lines) and ``title``, the
        first kept line when the cleaner took it for the title (the input had none): a byline
        on the first line looks like a headline to the cleaner. The title line and the first
        body line both count as the article's first line."""
        self.articles[source] += 1
        lines = [ln for ln in lines if ln.strip()]
        heads = 1
        if title:
            lines, heads = [title, *lines], 2
        seen: set[tuple[str, str]] = set()
        at_edge: set[tuple[str, str]] = set()
        glued: set[tuple[str, str]] = set()
        standing: set[tuple[str, str]] = set()
        n = len(lines)
        examples = self.examples
        for i, line in enumerate(lines):
            edge = i < EDGE_LINES or i >= n - EDGE_LINES
            for kind, phrase, is_glued in _candidates(line, i < heads, i == n - 1):
                key = (kind, phrase)
                if key not in seen:
                    seen.add(key)
                    _add_example(examples, (source, *key), (line,))
                if edge:
                    at_edge.add(key)
                (glued if is_glued else standing).add(key)
        if n:
            footer = "\n".join(lines[-FOOTER_LINES:])
            for phrase in _tails(footer):
                key = ("tail", phrase)
                if key not in seen:
                    seen.add(key)
                    _add_example(examples, (source, *key), (footer,))
                at_edge.add(key)
                standing.add(key)
        self.support.setdefault(source, Counter()).update(seen)
        self.edge.setdefault(source, Counter()).update(at_edge)
        self.glued.setdefault(source, Counter()).update(glued - standing)

    def merge(self, other: EdgeCounts) -> EdgeCounts:
        """Add ``other`` (counted on later articles) into this one and return it."""
        self.articles.update(other.articles)
        for src, counter in other.support.items():
            self.support.setdefault(src, Counter()).update(counter)
        for src, counter in other.edge.items():
            self.edge.setdefault(src, Counter()).update(counter)
        for src, counter in other.glued.items():
            self.glued.setdefault(src, Counter()).update(counter)
        for key, lines in other.examples.items():
            _add_example(self.examples, key, (lines,) if isinstance(lines, str) else lines)
        return self

    def rules(self) -> pd.DataFrame:
        """The learned rules (:data:`LEARNED_COLUMNS`), by source, kind and support."""
        rows = []
        sources = sorted(self.articles)
        alone = len(sources) == 1
        total = sum(self.articles.values())
        for src in sources:
            n = self.articles[src]
            if alone:
                need = max(ALONE_MIN_ARTICLES, math.ceil(ALONE_MIN_SHARE * n))
            else:
                need = max(MIN_ARTICLES, math.ceil(MIN_SHARE * n))
            others = total - n
            found: dict[tuple[str, str], tuple[int, int]] = {}
            for key, support in self.support.get(src, Counter()).items():
                if support < need:
                    continue
                elsewhere = sum(self.support[s].get(key, 0) for s in sources if s != src)
                if alone:
                    if (self.edge[src].get(key, 0) < ALONE_EDGE_SHARE * support
                            or self.glued[src].get(key, 0) > ALONE_GLUED_SHARE * support):
                        continue
                elif elsewhere >= MAX_SHARE_ELSEWHERE * others:
                    continue
                found[key] = (support, elsewhere)
            chosen = _useful(src, [k for k in found if k in set(_maximal(found))], found,
                             self.examples)
            for kind, phrase in chosen:
                support, elsewhere = found[(kind, phrase)]
                line = _lines(self.examples[(src, kind, phrase)])[0]
                rx = re.compile(pattern(kind, phrase))
                m = rx.search(line)
                a, b = learned_span(rx, m)
                example = " ".join(line[a:b].split())
                rows.append({"source": src, "kind": kind, "pattern": rx.pattern, "phrase": phrase,
                             "example": example, "support": support, "articles": n,
                             "elsewhere": elsewhere})
        if not rows:
            return empty()
        out = pd.DataFrame(rows, columns=LEARNED_COLUMNS)
        out["_k"] = out["kind"].map(LEARNED_KINDS.index)
        out = out.sort_values(["source", "_k", "support", "phrase"],
                              ascending=[True, True, False, True], kind="stable")
        out = out.drop(columns="_k").reset_index(drop=True)
        return out.astype({c: "int64" if c in _COUNTS else "str" for c in LEARNED_COLUMNS})


def _add_example(examples: dict, key: tuple[str, str, str], lines: tuple[str, ...]) -> None:
    """Keep up to EXAMPLES lines of a phrase (one line as a plain str: most are seen once)."""
    held = examples.get(key)
    if held is None and len(lines) == 1:
        examples[key] = lines[0]
        return
    held = _lines(held) if held is not None else ()
    if len(held) < EXAMPLES:
        examples[key] = (*held, *lines)[:EXAMPLES]


def _lines(held: str | tuple[str, ...]) -> tuple[str, ...]:
    return (held,) if isinstance(held, str) else held


def _inner(kind: str, phrase: str) -> str | None:
    """The phrase one token shorter on its inner side (the side away from the line edge)."""
    toks = phrase.split(" ")
    if kind == "line" or len(toks) < 2:
        return None
    return " ".join(toks[1:] if kind == "suffix" else toks[:-1])


def _maximal(found: dict[tuple[str, str], tuple[int, int]]) -> list[tuple[str, str]]:
    """Of nested phrases, the longer when it keeps NESTED_SHARE of the shorter's articles."""
    absorbed: set[tuple[str, str]] = set()
    for (kind, phrase), (support, _) in found.items():
        parent = _inner(kind, phrase)
        while parent is not None and (kind, parent) not in found:
            parent = _inner(kind, parent)
        if parent is None:
            continue
        if support >= NESTED_SHARE * found[(kind, parent)][0]:
            absorbed.add((kind, parent))  # the longer phrase stands for the shorter
        else:
            absorbed.add((kind, phrase))  # a rarer special case of the shorter one
    return [key for key in found if key not in absorbed]


def _outcome(line: str, rules: list[tuple[Rule, re.Pattern]]) -> str | None:
    """What the cleaner leaves of ``line`` with these learned rules (None: the line goes);
    rules of ``where=last`` after the others, as on an article's last line."""
    for group in ([r for r in rules if r[0].where != "last"],
                  [r for r in rules if r[0].where == "last"]):
        if not group:
            continue
        line = apply_learned(line, 0, group, [])
        if line is None:
            return None
    return line


def _useful(src: str, keys: list[tuple[str, str]], found: dict, examples: dict
            ) -> list[tuple[str, str]]:
    """The phrases that change something on one of their example lines given the others:
    tried in order of support (tails last), then, from the least supported, those the others
    make redundant on all their examples are left out (a city's dateline line goes when a
    dateline suffix of all cities is learned)."""
    order = sorted(keys, key=lambda k: (k[0] == "tail", -found[k][0], LEARNED_KINDS.index(k[0]),
                                        k[1]))
    compiled = {k: (_rule(src, *k), re.compile(pattern(*k))) for k in order}

    def adds(key: tuple[str, str], others: list[tuple[str, str]]) -> bool:
        rules = [compiled[k] for k in others if k != key]
        return any(_outcome(line, rules) != _outcome(line, [*rules, compiled[key]])
                   for line in _lines(examples[(src, *key)]))

    kept: list[tuple[str, str]] = []
    for key in order:
        if adds(key, kept):
            kept.append(key)
    for key in sorted(kept, key=lambda k: (found[k][0], k)):
        if not adds(key, kept):
            kept.remove(key)
    return kept


def _rule(source: str, kind: str, phrase: str) -> Rule:
    """A learned phrase as a cleaning rule (to test what it removes while learning)."""
    return Rule(name=f"learned_{kind}", kind="learned", where="last" if kind == "tail" else "any",
                pattern=pattern(kind, phrase), source=source, reason=f"learned: {kind} «{phrase}»")


def as_rules(learned: pd.DataFrame) -> pd.DataFrame:
    """Learned rules (:data:`LEARNED_COLUMNS`, e.g. an edited ``learned_rules.csv``) as
    cleaning rules of kind ``learned`` (the columns of :data:`marsad.clean_rules.RULE_COLUMNS`): the
    ``pattern`` as given, the reason naming the phrase (or the pattern) and its support."""
    missing = [c for c in ("source", "kind", "pattern") if c not in learned.columns]
    if missing:
        raise ValueError(f"learned rules: missing column(s) {', '.join(missing)}")
    rows = []
    for r in learned.fillna("").astype(str).to_dict("records"):
        kind = r["kind"].strip()
        if kind not in LEARNED_KINDS:
            raise ValueError(f"learned rules: unknown kind {kind!r} (expected one of "
                             f"{', '.join(LEARNED_KINDS)})")
        what = r.get("phrase", "").strip() or r["pattern"]
        support = f" in {r['support']} of {r['articles']}" if r.get("support", "").strip() and \
            r.get("articles", "").strip() else ""
        source = r["source"].strip()
        rows.append({"name": f"learned_{kind}", "kind": "learned",
                     "where": "last" if kind == "tail" else "any", "target": "", "footer": False,
                     "pattern": r["pattern"], "seen_in": r.get("example", ""), "source": source,
                     "reason": f"learned: {kind} «{what}»{support} '{source}' articles"})
    return pd.DataFrame(rows, columns=RULE_COLUMNS)


_WENT_WITH = re.compile(r"; the \d+ word\(s\) left of the line went with it$|"
                        + re.escape(FOOTER_NOTE) + "$")


def with_removals(learned: pd.DataFrame, removed: pd.DataFrame) -> pd.DataFrame:
    """``learned`` plus ``removed``: how many audit rows (lines or spans) each rule removed."""
    reasons = as_rules(learned)["reason"] if len(learned) else pd.Series(dtype="str")
    mine = removed.loc[removed["rule"].str.startswith("learned_", na=False), "reason"]
    done = mine.str.replace(_WENT_WITH, "", regex=True).value_counts()
    return learned.assign(removed=[int(done.get(r, 0)) for r in reasons])


def count(articles: pd.DataFrame, cleaned: pd.DataFrame,
          counts: EdgeCounts | None = None) -> EdgeCounts:
    """Count into ``counts`` the raw ``articles`` as the packaged rules clean them
    (``cleaned``: the first result of :func:`marsad.clean.clean_corpus` on them), grouped by
    their input ``source`` (:func:`marsad.clean.source_group`)."""
    counts = counts if counts is not None else EdgeCounts()
    n = len(articles)
    sources = articles["source"].tolist() if "source" in articles.columns else [None] * n
    given = articles["title"].tolist() if "title" in articles.columns else [None] * n
    for src, text, title, given_title in zip(sources, cleaned["text_clean"].tolist(),
                                             cleaned["title"].tolist(), given, strict=True):
        from_text = title if isinstance(title, str) and source_group(given_title) == "" else None
        counts.add(source_group(src), text.split("\n") if isinstance(text, str) else [],
                   from_text)
    return counts


def learn_chunks(chunks: Iterable[pd.DataFrame], rules=None) -> pd.DataFrame:
    """:func:`learn` over a corpus read in chunks (raw articles, in corpus order): each chunk is
    cleaned with ``rules`` and counted; the result equals :func:`learn` on all at once."""
    counts = EdgeCounts()
    for chunk in chunks:
        if len(chunk):
            count(chunk, clean_corpus(chunk, rules)[0], counts)
    return counts.rules()


def learn(articles: pd.DataFrame, rules=None) -> pd.DataFrame:
    """The boilerplate learned from raw ``articles`` (``text`` and, when there, ``source``)
    after the packaged ``rules`` (None, a rules file or table, as
    :func:`marsad.clean.clean_corpus` takes them): a table of :data:`LEARNED_COLUMNS`, empty
    when nothing recurs enough."""
    return learn_chunks([articles], rules)


def learned_from(articles: pd.DataFrame, cleaned: pd.DataFrame) -> pd.DataFrame:
    """:func:`learn` when the articles are already cleaned with the packaged rules
    (``cleaned``: the first result of :func:`marsad.clean.clean_corpus` on ``articles``)."""
    return count(articles, cleaned).rules()


def empty() -> pd.DataFrame:
    """A learned-rules table without rows."""
    return pd.DataFrame({c: pd.Series(dtype="int64" if c in _COUNTS else "str")
                         for c in LEARNED_COLUMNS})


#: Read when ``learn`` is not given (``make report LEARN=…`` sets it for the notebooks):
#: ``0``/``no``/``off`` → no learning, a path → that learned-rules file, empty/``1`` → learn.
LEARN_ENV = "MARSAD_LEARN"
_OFF = ("0", "no", "false", "off")
_ON = ("", "1", "yes", "true", "on")


def setting(learn=None) -> bool | pd.DataFrame:
    """What to do about learned boilerplate: True (learn from the corpus), False (packaged
    rules only) or a learned-rules table to use as it is. ``learn``: a bool, a table, a path to
    a ``learned_rules.csv``, or None for the :data:`LEARN_ENV` environment variable."""
    if learn is None:
        value = os.environ.get(LEARN_ENV, "").strip()
        if value.lower() in _ON:
            return True
        if value.lower() in _OFF:
            return False
        learn = value
    if isinstance(learn, bool):
        return learn
    if isinstance(learn, pd.DataFrame):
        return learn
    return read_learned(learn)


def read_learned(path: str | Path) -> pd.DataFrame:
    """A learned-rules file (``learned_rules.csv``, possibly edited): its rows, checked by
    :func:`as_rules`; ``ValueError`` naming the file when it cannot be used."""
    try:
        with Path(path).open("r", encoding="utf-8-sig") as fh:
            table = restore(pd.read_csv(fh, dtype=str, keep_default_na=False))
    except FileNotFoundError:
        raise ValueError(f"{path}: learned-rules file not found") from None
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise ValueError(f"{path}: cannot read the learned-rules file: {err}") from None
    try:
        validate_rules(as_rules(table)) if len(table) else None
    except ValueError as err:
        raise ValueError(f"{path}: {err}") from None
    return table


def restore(table: pd.DataFrame) -> pd.DataFrame:
    """A learned-rules table read from a CSV that :func:`marsad.outputs.write_csv` wrote: the
    ``'`` it put before a cell starting like a spreadsheet formula (``- عين اليوم``) removed."""
    return table.map(restore_cell)


def with_learned(rules, learned: pd.DataFrame):
    """The packaged (or given) ``rules`` plus the ``learned`` ones, as one rules table; the
    rules unchanged when nothing was learned."""
    if learned is None or not len(learned):
        return rules
    if isinstance(rules, CompiledRules):
        raise ValueError("learned rules join a rules table or file, not compiled rules")
    if rules is None:
        base = load_rules()
    elif isinstance(rules, (str, Path)):
        base = load_rules(rules)
    else:
        base = validate_rules(rules)
    return validate_rules(pd.concat([base, as_rules(learned)], ignore_index=True))
