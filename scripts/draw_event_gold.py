"""Draw the articles of the events dev gold (issue 15) at random, reproducibly.

    .venv/bin/python scripts/draw_event_gold.py            # writes tests/data/events_gold_dev_articles.csv
    .venv/bin/python scripts/draw_event_gold.py --check    # redraws and compares with the file

Both corpora are loaded and cleaned with ``marsad.pipeline.prepare`` (the packaged rules only,
``learn=False``: the draw was made before Marsad learned boilerplate per outlet), so the lengths
below are those of ``text_clean``, the body the gold is annotated on.

The draw (``SEED`` = 15, the issue number):

* **Eligible**: ``200 <= len(text_clean) <= 5000`` characters (shorter: a caption or a video
  stub; longer: ~4 % of the political articles, left out so that every drawn article is
  annotated in full), and not the same ``text_norm`` as an article drawn before it (the 2018
  corpus holds duplicates). The five seeds are not in either corpus.
* **Strata** — each has its own random order (``random.Random(f"{SEED}:{stratum}:{outlet}")``
  shuffling the outlet's eligible ids sorted by id), and takes the first ``n`` of that order:
  - ``ant-news`` — ant-2018, categories ``internationalNews`` and ``middleEast``, 8 articles
    from each of the 5 outlets (40). Political news is where events are; a draw from the whole
    corpus gives mostly sport, economy and technology, too few events to reach the issue's 250
    mentions in ~80 articles.
  - ``ant-any`` — ant-2018, the whole corpus (every category), 10 articles: typical content,
    mostly without events, which tests precision on what an analyst really loads.
  - ``snn`` — SaudiNewsNet 2015 dev sample, 3 articles from each of its 9 outlets (27; the
    sample has no categories; ``arreyadi`` is a sports paper and stays in).
  A larger ``--per-outlet`` extends each order without changing what was drawn before.
* **Split** — within each (stratum, outlet) order, consecutive pairs (1st+2nd, 3rd+4th …) are
  split by a coin flip (``random.Random(f"{SEED}:split:{stratum}:{outlet}:{pair}")``): one goes
  to ``tune``, the other to ``heldout``; an odd last article gets its own flip. The halves are
  balanced by stratum and outlet, and the split of an article never changes when the draw grows.

Output: one row per drawn article — ``article_id, corpus, source, category, published, stratum,
draw_rank, split, n_chars`` — ids and metadata only, never text.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import pandas as pd

from marsad.pipeline import prepare

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared/corpora"
CORPORA = {
    "ant2018": SHARED / "ant-2018/articles.jsonl.gz",
    "saudinewsnet": SHARED / "saudinewsnet-2015-dev/articles.jsonl.gz",
}
OUT = ROOT / "tests/data/events_gold_dev_articles.csv"

SEED = 15
MIN_CHARS, MAX_CHARS = 200, 5000
#: stratum → (corpus, categories or None for all, articles per outlet or in all)
STRATA = {
    "ant-news": ("ant2018", ("internationalNews", "middleEast"), 11),
    "ant-any": ("ant2018", None, 10),
    "snn": ("saudinewsnet", None, 4),
}
COLUMNS = ["article_id", "corpus", "source", "category", "published", "stratum", "draw_rank",
           "split", "n_chars"]


def load(corpus: str) -> pd.DataFrame:
    """The cleaned articles of one corpus with ``n_chars`` = length of ``text_clean``."""
    articles = prepare(CORPORA[corpus], learn=False).articles
    articles = articles.assign(corpus=corpus, n_chars=articles["text_clean"].str.len(),
                               category=articles["category"].fillna(""))
    return articles.sort_values("article_id", ignore_index=True)


def _order(ids: list[str], key: str) -> list[str]:
    ids = sorted(ids)
    random.Random(f"{SEED}:{key}").shuffle(ids)
    return ids


def draw(tables: dict[str, pd.DataFrame], scale: float = 1.0) -> pd.DataFrame:
    """The drawn articles (see the module docstring); ``scale`` multiplies every ``n``."""
    seen_texts: set[str] = set()
    rows: list[dict] = []
    for stratum, (corpus, categories, n) in STRATA.items():
        n = round(n * scale)
        table = tables[corpus]
        if categories is not None:
            table = table[table["category"].isin(categories)]
        table = table.set_index("article_id", drop=False)
        # ant-any draws from the whole corpus at once; the others outlet by outlet
        groups = ({"*": table} if stratum == "ant-any"
                  else {s: g for s, g in table.groupby("source", sort=True)})
        for outlet, group in groups.items():
            taken: list[str] = []
            for aid in _order(group["article_id"].tolist(), f"{stratum}:{outlet}"):
                if len(taken) == n:
                    break
                row = group.loc[aid]
                if not MIN_CHARS <= row["n_chars"] <= MAX_CHARS or row["text_norm"] in seen_texts:
                    continue
                if any(r["article_id"] == aid for r in rows):
                    continue  # ant-any may meet an article of ant-news
                seen_texts.add(row["text_norm"])
                taken.append(aid)
            for rank, aid in enumerate(taken, start=1):
                pair = (rank - 1) // 2
                flip = random.Random(f"{SEED}:split:{stratum}:{outlet}:{pair}").random() < 0.5
                first = "tune" if flip else "heldout"
                other = "heldout" if flip else "tune"
                row = group.loc[aid]
                rows.append({
                    "article_id": aid, "corpus": corpus, "source": row["source"],
                    "category": row["category"], "published": row["published"],
                    "stratum": stratum, "draw_rank": rank,
                    "split": first if rank % 2 == 1 else other, "n_chars": int(row["n_chars"]),
                })
    return pd.DataFrame(rows, columns=COLUMNS)


def main(argv: list[str] | None = None) -> int:
    """Draw and write (or ``--check`` against) the articles file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="multiply the number drawn per stratum/outlet (extends the draw)")
    parser.add_argument("--check", action="store_true", help="compare with --out, write nothing")
    args = parser.parse_args(argv)
    missing = [str(p) for p in CORPORA.values() if not p.exists()]
    if missing:
        print(f"corpora not found: {missing}", file=sys.stderr)
        return 2
    drawn = draw({name: load(name) for name in CORPORA}, args.scale)
    if args.check:
        old = pd.read_csv(args.out, dtype=str, keep_default_na=False)
        same = old.equals(drawn.astype(str))
        print("same draw" if same else "the draw differs from " + str(args.out))
        return 0 if same else 1
    drawn.to_csv(args.out, index=False)
    print(f"{len(drawn)} articles -> {args.out}")
    print(drawn.groupby(["stratum", "split"]).size().to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
