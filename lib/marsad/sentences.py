"""Sentences: where each sentence of a cleaned text starts and ends.

:func:`split_sentences` gives the spans of one text, :func:`sentences` the table of a corpus
(``article_id, sentence_id, start, end, sentence``, offsets into ``text_clean``). n-grams,
co-occurrence units, discovery and events all read sentences from here, so a sentence is the
same thing everywhere. The abbreviations after which ``.`` does not end a sentence are data
(``data/sentence_abbreviations.csv``).
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from marsad.articles import require_column
from marsad.datafiles import read_table
from marsad.memo import TextMemo

SENTENCE_COLUMNS = ["article_id", "sentence_id", "start", "end", "sentence"]
_HAS_WORD = re.compile(r"[^\W_]")

# A run of sentence-final marks, the closing quotes/brackets after it, then a space or the end.
_BOUNDARY = re.compile(r"([.!?؟]+)[\"'”’»)\]}›]*(?=\s|$)")
_QUOTE_CHAR = re.compile("[«»“”‹›\"]")
_QUOTE_PAIRS = {"«": "»", "“": "”", "‹": "›"}
_QUOTE_MAX = 400  # a quotation longer than this is split like prose
_OPENERS = "(«“\"'["


@cache
def _abbreviations() -> frozenset[str]:
    """The tokens of ``data/sentence_abbreviations.csv``, without a final ``.``, lower-cased."""
    table = read_table("sentence_abbreviations.csv", ("abbreviation",))
    return frozenset(a.rstrip(".").lower() for a in table["abbreviation"] if a)


def _quote_spans(line: str) -> list[tuple[int, int]]:
    """Balanced quotations (« » “ ” ‹ › and paired straight quotes) of ≤ _QUOTE_MAX chars."""
    spans, stacks, straight = [], {o: [] for o in _QUOTE_PAIRS}, []
    closer_of = {c: o for o, c in _QUOTE_PAIRS.items()}
    for m in _QUOTE_CHAR.finditer(line):
        ch, i = m.group(), m.start()
        if ch == '"':
            straight.append(i)
        elif ch in stacks:
            stacks[ch].append(i)
        elif stacks[closer_of[ch]]:
            a = stacks[closer_of[ch]].pop()
            if not stacks[closer_of[ch]]:
                spans.append((a, i + 1))
    if len(straight) % 2 == 0:
        spans += [(straight[k], straight[k + 1] + 1) for k in range(0, len(straight), 2)]
    return [(a, b) for a, b in spans if b - a <= _QUOTE_MAX]


def _is_abbreviation(segment: str) -> bool:
    """``segment`` (the sentence so far, up to a '.') ends with an abbreviation, an initial or is
    a lone list number, so the '.' does not end a sentence."""
    words = segment.rsplit(None, 1)
    if not words:
        return False
    token = words[-1].lstrip(_OPENERS)
    if len(token) == 1:  # initials and Arabic one-letter abbreviations: د. م. J.
        return True
    if token.lower() in _abbreviations():
        return True
    return len(words) == 1 and len(token) <= 3  # "1." "أ)." alone at a line start


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` with ``text[start:end]`` the sentence (trimmed).

    Splits at newlines and at ``.`` ``!`` ``?`` ``؟`` followed by a space or the line end;
    closing quotes and brackets stay with their sentence. No split inside numbers (3.5), web
    names (بيت.كوم), ellipses (``..`` ``...``), after abbreviations and initials
    (``data/sentence_abbreviations.csv``), nor inside a quotation of ≤ 400 characters.
    Remembered per text (:data:`_SENTENCE_MEMO`): n-grams, co-occurrence and events each split
    the same articles.
    """
    if not isinstance(text, str):
        return []
    return list(_SENTENCE_MEMO(text, _split_sentences))


_SENTENCE_MEMO: TextMemo[tuple[tuple[int, int], ...]] = TextMemo(60_000_000)


def _split_sentences(text: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        start = 0
        quotes, opened, reach = None, 0, -1  # quotations by start: opened so far, furthest end
        for m in _BOUNDARY.finditer(line):
            run = m.group(1)
            if len(run) > 1 and run.count(".") == len(run):
                continue  # ellipsis
            if run == "." and _is_abbreviation(line[start:m.start()]):
                continue
            if quotes is None:
                quotes = sorted(_quote_spans(line)) if _QUOTE_CHAR.search(line) else []
            while opened < len(quotes) and quotes[opened][0] < m.start():
                reach = max(reach, quotes[opened][1])
                opened += 1
            end = m.end()
            if end < reach:  # inside a quotation opened before the mark
                continue
            _add_span(spans, line, start, end, offset)
            start = end
        _add_span(spans, line, start, len(line), offset)
        offset += len(line) + 1
    return tuple(spans)


def _add_span(spans: list, line: str, a: int, b: int, offset: int) -> None:
    piece = line[a:b]
    stripped = piece.strip()
    if stripped and _HAS_WORD.search(stripped):
        lead = len(piece) - len(piece.lstrip())
        spans.append((offset + a + lead, offset + a + lead + len(stripped)))


def sentences(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence of ``text_clean``: ``article_id, sentence_id`` (1-based),
    ``start, end`` (offsets into ``text_clean``) and ``sentence``."""
    require_column(articles, "text_clean", "sentences", hint="run clean_corpus first")
    ids = (articles["article_id"].astype(str) if "article_id" in articles.columns
           else pd.Series(articles.index.astype(str), index=articles.index))
    rows = []
    for aid, text in zip(ids, articles["text_clean"], strict=True):
        if not isinstance(text, str):
            continue
        for k, (a, b) in enumerate(split_sentences(text), start=1):
            rows.append((aid, k, a, b, text[a:b]))
    frame = pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
    return frame.astype({"sentence_id": "int64", "start": "int64", "end": "int64"})
