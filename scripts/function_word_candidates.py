"""Propose function-word candidates for ``lib/marsad/data/word_classes.csv`` by measure.

    .venv/bin/python scripts/function_word_candidates.py \\
        [--corpus ../shared/corpora/ant-2018/articles.jsonl.gz] [--per-million 40] [--max-dp 0.16]

A function word is frequent everywhere: it does not belong to a topic, an outlet or a season.
For each normalized word of the cleaned corpus this counts its frequency per million words and
Gries' DP (0 = spread in proportion to the parts' sizes, → 1 = in one part) over three
partitions — outlets (``source``), sections (``category``) and months (of ``published``) — and
lists the words at least ``--per-million`` frequent whose largest DP is at most ``--max-dp``,
that are neither gazetteer words nor already classed (function, number or date). The list is a
proposal: most of it is content (الرئيس، الحكومة، تحقيق); a reader keeps what frames rather than
names a topic, with the reason, in ``word_classes.csv``. Prints a tab-separated table.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

from marsad import gazetteer
from marsad.pipeline import prepare
from marsad.word_classes import stopword_set

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared/corpora/ant-2018/articles.jsonl.gz"
PARTITIONS = ("source", "category", "month")
_WORD = re.compile(r"[\u0621-\u064A]+")


def dispersion(counts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Gries' DP of each row of ``counts`` (words × parts) against the parts' ``sizes``."""
    expected = sizes / sizes.sum()
    observed = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    return 0.5 * np.abs(observed - expected).sum(axis=1)


def candidates(articles: pd.DataFrame, per_million: float, max_dp: float) -> pd.DataFrame:
    """The words of ``articles`` (cleaned) that look like function words, most frequent first."""
    parts = {"source": articles.get("source"), "category": articles.get("category"),
             "month": pd.to_datetime(articles["published"], errors="coerce").dt.strftime("%m")}
    parts = {k: v.fillna("?").astype(str).tolist() for k, v in parts.items() if v is not None}
    counts: Counter = Counter()
    by_part: dict[str, dict[str, Counter]] = {k: defaultdict(Counter) for k in parts}
    sizes: dict[str, Counter] = {k: Counter() for k in parts}
    for i, text in enumerate(articles["text_norm"].fillna("")):
        words = Counter(_WORD.findall(text))
        counts.update(words)
        for name, labels in parts.items():
            by_part[name][labels[i]].update(words)
            sizes[name][labels[i]] += sum(words.values())
    total = sum(counts.values()) or 1
    known = stopword_set() | gazetteer.default_matcher().alias_words
    vocab = [w for w, n in counts.items() if n / total * 1e6 >= per_million and w not in known]
    table = pd.DataFrame({"word": vocab, "count": [counts[w] for w in vocab]})
    table["per_million"] = (table["count"] / total * 1e6).round(1)
    for name in parts:
        groups = sorted(sizes[name])
        matrix = np.array([[by_part[name][g][w] for g in groups] for w in vocab], dtype=float)
        table[f"dp_{name}"] = dispersion(matrix, np.array([sizes[name][g] for g in groups],
                                                          dtype=float)).round(3)
    table["dp_max"] = table[[f"dp_{k}" for k in parts]].max(axis=1)
    return (table[table["dp_max"] <= max_dp]
            .sort_values(["count", "word"], ascending=[False, True]).reset_index(drop=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--per-million", type=float, default=40.0)
    parser.add_argument("--max-dp", type=float, default=0.16)
    args = parser.parse_args(argv)
    found = candidates(prepare(args.corpus).articles, args.per_million, args.max_dp)
    found.to_csv(sys.stdout, sep="\t", index=False)
    print(f"{len(found)} candidates", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
