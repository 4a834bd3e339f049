"""Build the shipped reference frequency list from the ANT 2018 corpus.

    .venv/bin/python scripts/build_reference.py \\
        --corpus ../shared/corpora/ant-2018/articles.jsonl.gz \\
        --out lib/marsad/data/reference_ant2018.tsv.gz --min-count 20

Loads and cleans the corpus with ``marsad.pipeline.prepare`` (the packaged boilerplate rules),
counts terms with ``marsad.keywords.frequencies`` (every term of ``marsad.tokens.term_columns``,
function, number and date words included, as the notebooks count), keeps the terms seen at least ``--min-count`` times, and writes
``term, count, docs`` with a header recording the corpus, its licence, the command, the tokens
settings, the number of articles and the corpus's total number of terms (needed for keyness).
Only counts are written, never text. Rerun it whenever the cleaning rules, the gazetteer, the
stopwords or the tokenizer change, so the reference stays comparable with what notebooks count.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import os
import sys
import time
from importlib import resources
from pathlib import Path

from marsad import keywords
from marsad.pipeline import prepare

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared/corpora/ant-2018/articles.jsonl.gz"
DEFAULT_OUT = ROOT / "lib/marsad/data" / keywords.REFERENCE_FILE

PROVENANCE = {
    "reference": "Marsad reference frequency list (term counts only, no text)",
    "corpus": "ANT corpus v2.1 multisource (2018): 31,328 Arabic news articles from SkyNews "
              "Arabia, AlArabiya, France24, BBC Arabic, CNN Arabic, February-October 2018",
    "origin": "https://github.com/antcorpus/antcorpus.multisource.data commit "
              "f117ce44a9cfad0dcbd341b7d744e4c3cdb4fed8",
    "licence": "Apache-2.0 with a citation requirement; article copyright stays with the "
               "outlets; this list is a derived statistic, not text",
    "cite": "Chouigui, Ben Khiroun and Elayeb, An Arabic Multi-source News Corpus: "
            "Experimenting on Single-document Extractive Summarization, Arabian Journal for "
            "Science and Engineering (2021)",
    "cleaning": "marsad.pipeline.prepare(corpus) with the packaged boilerplate rules",
}


def tokens_settings() -> str:
    """The call that made the terms."""
    from marsad import tokens

    params = inspect.signature(tokens.term_columns).parameters.values()
    defaults = [f"{p.name}={p.default!r}" for p in params
                if p.kind is inspect.Parameter.KEYWORD_ONLY]
    return (f"marsad.tokens.term_columns(text_norm, {', '.join(defaults)}): every term, "
            "its kind from marsad.keywords.term_kind")


# The modules whose rules decide what a term is (cleaning, normalization, clitics, word
# classes, date words, gazetteer, tokens).
COUNTING_MODULES = ("corpus.py", "clean.py", "normalize.py", "pipeline.py", "clitics.py",
                    "word_classes.py", "dates.py", "gazetteer.py", "tokens.py")


def inputs_fingerprint() -> str:
    """sha256 (first 16 hex) over the counting modules and the packaged data files (rules,
    gazetteer, word lists): if it differs from the shipped header, the list may be stale."""
    digest = hashlib.sha256()
    package = resources.files("marsad")
    items = [package / name for name in COUNTING_MODULES]
    items += sorted((p for p in (package / "data").iterdir()
                     if p.is_file() and p.name != keywords.REFERENCE_FILE
                     and not p.name.endswith(".md")), key=lambda p: p.name)
    for item in items:
        digest.update(item.name.encode() + b"\0" + item.read_bytes())
    return digest.hexdigest()[:16]


def _shown(path: Path) -> str:
    """``path`` relative to the repository when possible (no machine-specific prefix)."""
    try:
        return os.path.relpath(path.resolve(), ROOT)
    except ValueError:
        return path.name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--min-count", type=int, default=20)
    args = parser.parse_args(argv)
    if args.min_count < 1:
        parser.error("--min-count must be at least 1")

    start = time.perf_counter()
    prep = prepare(args.corpus)
    loaded = time.perf_counter()
    freq = keywords.frequencies(prep.articles)
    counted = time.perf_counter()
    total = freq.attrs["total_terms"]
    meta = PROVENANCE | {
        "command": f"python scripts/build_reference.py --corpus {_shown(args.corpus)} "
                   f"--min-count {args.min_count}",
        "tokens": tokens_settings(),
        "inputs_sha256": inputs_fingerprint(),
        "vocabulary": str(len(freq)),
    }
    path = keywords.write_reference(freq, args.out, total=total, articles=len(prep.articles),
                                    min_count=args.min_count, meta=meta)
    kept = int((freq["count"] >= args.min_count).sum())
    print(f"{len(prep.articles)} articles, {total} terms, {len(freq)} distinct; "
          f"{kept} with count >= {args.min_count} written to {path} "
          f"({path.stat().st_size / 1024:.0f} KB). prepare {loaded - start:.1f} s, "
          f"frequencies {counted - loaded:.1f} s.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
