"""Outlets (or any metadata column) compared: what each group of articles says more than the
rest of the corpus, and which names each group pairs most.

* :func:`group_of` — each article's group: the value of a column (``source`` by default),
  :data:`NO_GROUP` where it is empty.
* :func:`keyness_by_group` — for every group, the terms over-represented against all the other
  articles (log-likelihood G² and Log Ratio, :func:`marsad.keywords.keyness`), kept when they
  occur often enough in enough of the group's articles (``keyness_by_group.csv``).
* :func:`pairs_by_group` — the strongest pairs of names in each group side by side.

One pass over the articles' terms; the cost grows with the corpus, not with the number of
groups squared (each group is compared with the corpus total minus itself).
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from marsad.cooccur import cooccurrence, meaningful
from marsad.keywords import COUNTED, keyness
from marsad.terms import counts_by, entity_info, term_kind

#: The group of an article whose column is empty.
NO_GROUP = "(none)"
#: A term is a group's keyword only if it occurs this often in the group …
MIN_COUNT = 3
#: … in at least this many of its articles (one long article is not an outlet's voice) …
MIN_DOCS = 2
#: … and with at least this G² (p < 0.001).
MIN_G2 = 10.83
#: The columns of ``keyness_by_group.csv``.
GROUP_KEYNESS_COLUMNS = ["group", "articles", "term", "count", "docs", "ref_count",
                         "per_million", "ref_per_million", "g2", "log_ratio", "kind", "type"]


def group_of(articles: pd.DataFrame, by: str = "source") -> pd.Series | None:
    """Each article's group (the value of column ``by``, :data:`NO_GROUP` when empty), or None
    when the corpus has no such column."""
    if by not in articles.columns:
        return None
    values = articles[by].astype("string").fillna("").str.strip()
    return values.mask(values == "", NO_GROUP).astype(str).reset_index(drop=True)


def _largest_first(sizes: pd.Series) -> list[str]:
    """The groups of ``sizes`` (articles per group), largest first, then by name."""
    return sorted(sizes.index, key=lambda g: (-sizes[g], g))


def _articles(n: int) -> str:
    return f"{n:,} article" + ("" if n == 1 else "s")


def nothing_to_compare(articles: pd.DataFrame, by: str = "source") -> str:
    """Why a comparison by ``by`` is empty, in one line: no such column, one group, or groups
    (named with their sizes) none of which over-uses a term enough."""
    groups = group_of(articles, by)
    if groups is None:
        return f"no column {by!r} in this corpus: nothing to compare"
    sizes = groups.value_counts()
    if len(sizes) < 2:
        return f"all {_articles(len(groups))} in one group by {by!r}: nothing to compare"
    listed = ", ".join(f"{g} {n:,}" for g, n in sizes.head(8).items())
    return (f"{len(sizes)} groups by {by!r} (articles: {listed}): no term over-represented in "
            f"one of them (at least {MIN_COUNT} times in {MIN_DOCS} of its articles, "
            f"G² ≥ {MIN_G2})")


def keyness_by_group(articles: pd.DataFrame, by: str = "source", *, min_count: int = MIN_COUNT,
                     min_docs: int = MIN_DOCS, min_g2: float = MIN_G2) -> pd.DataFrame:
    """What each group says more than the others: its over-represented terms (names and
    content words) against the rest of the corpus, strongest first within each group (groups
    by size). Empty when there are fewer than two groups."""
    groups = group_of(articles, by)
    empty = pd.DataFrame(columns=GROUP_KEYNESS_COLUMNS)
    if groups is None or groups.nunique() < 2:
        return empty
    counted = counts_by(articles, groups)
    everything: Counter = Counter()
    for own, _, _ in counted.values():
        everything.update(own)
    total = sum(everything.values())
    sizes = groups.value_counts()
    tables = []
    for group in _largest_first(sizes):
        own, docs, own_total = counted[group]
        rest_total = total - own_total
        if not own_total or not rest_total:
            continue
        candidates = [t for t, n in own.items() if n >= min_count and docs[t] >= min_docs
                      and term_kind(t) in COUNTED]
        if not candidates:
            continue
        rest = {t: everything[t] - own[t] for t in candidates}
        table = keyness({t: own[t] for t in candidates}, rest, own_total, rest_total)
        table = table[(table["direction"] == "over") & (table["g2"] >= min_g2)].copy()
        table.insert(0, "group", group)
        table.insert(1, "articles", int(sizes[group]))
        table["docs"] = table["term"].map(docs).astype("int64")
        table["kind"] = table["term"].map(term_kind)
        table["type"] = table["term"].map(lambda t: entity_info(t)[0])
        tables.append(table)
    if not tables:
        return empty
    return pd.concat(tables, ignore_index=True)[GROUP_KEYNESS_COLUMNS]


def pairs_by_group(articles: pd.DataFrame, by: str = "source", *, n: int = 10,
                   min_count: int = 2, max_groups: int = 6) -> pd.DataFrame:
    """The ``n`` pairs of names sharing the most sentences in each of the ``max_groups``
    largest groups, side by side: one column per group (``name – name (sentences)``), one row
    per rank. Empty when there are fewer than two groups."""
    groups = group_of(articles, by)
    if groups is None or groups.nunique() < 2:
        return pd.DataFrame()
    sizes = groups.value_counts()
    rows = articles.reset_index(drop=True)
    columns = {}
    for group in _largest_first(sizes)[:max_groups]:
        pairs = meaningful(cooccurrence(rows[groups.to_numpy() == group], min_count=min_count))
        top = pairs.sort_values(["count", "term_a", "term_b"], ascending=[False, True, True],
                                kind="stable").head(n)  # pairs of names (entities only)
        columns[f"{group} ({_articles(sizes[group])})"] = [
            f"{a} – {b} ({c})" for a, b, c in zip(top["term_a"], top["term_b"], top["count"],
                                                  strict=True)]
    width = max((len(v) for v in columns.values()), default=0)
    table = pd.DataFrame({k: v + [""] * (width - len(v)) for k, v in columns.items()})
    table.index = pd.RangeIndex(1, width + 1, name="rank")
    return table
