"""What the data says: the closing sentences of a notebook, computed from the tables it made.

A notebook ends with findings written from the corpus it ran on — the most frequent names, the
most distinctive words, the strongest pairs, the central events — never with prose written for
one corpus. Each function takes the tables a notebook already holds and returns plain sentences
(English, with the corpus's own terms quoted as they are); :func:`show` displays
them escaped, Arabic runs isolated. Nothing is said about a table that is empty: a sentence
says so instead.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from marsad import trends
from marsad.cooccur import G2_SIGNIFICANT
from marsad.display import sentence_list

#: Names, words or pairs listed in one finding.
LISTED = 5
#: Below this many articles, a finding warns that absences and small counts say little.
FEW_ARTICLES = 30


def show(lines: list[str]) -> HTML:
    """The findings as a list in the notebook and its report (escaped, Arabic isolated)."""
    return sentence_list(lines, title="What the data says")


def _share(part: float, whole: float) -> str:
    return f"{part / whole:.0%}" if whole else "0%"


def _listing(rows: pd.DataFrame, label: str, *numbers: str, n: int = LISTED) -> str:
    """``label (n1, n2 …)`` for the first ``n`` rows, joined by ``; ``."""
    parts = []
    for row in rows.head(n).itertuples(index=False):
        values = ", ".join(_number(getattr(row, c)) for c in numbers)
        parts.append(f"{getattr(row, label)} ({values})")
    return "; ".join(parts)


def _number(value: object) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return f"{int(value):,}" if isinstance(value, (int, float)) else str(value)


def cleaning_findings(articles: pd.DataFrame, removed: pd.DataFrame, skipped: pd.DataFrame,
                      learned: pd.DataFrame | None = None) -> list[str]:
    """Findings of notebook 01: what was loaded and skipped, how much cleaning kept, the rules
    that removed most, the boilerplate learned per source, the dates and the sources."""
    n = len(articles)
    lines = [f"{n:,} articles loaded; {len(skipped):,} inputs or records not loaded "
             "(each listed with its reason above)."]
    raw = int(articles["text"].str.split().str.len().sum()) if n else 0
    kept = int(articles["text_clean"].str.split().str.len().sum()) if n else 0
    lines.append(f"Cleaning keeps {_share(kept, raw)} of the words ({raw:,} → {kept:,}); "
                 f"{len(removed):,} lines removed from {removed['article_id'].nunique():,} "
                 "articles, every one listed in removed.csv with its rule.")
    if len(removed):
        rules = removed.groupby("rule").agg(lines=("article_id", "size"),
                                            articles=("article_id", "nunique")).reset_index()
        rules = rules.sort_values(["lines", "rule"], ascending=[False, True], kind="stable")
        lines.append("Rules that removed most (lines, articles): "
                     + _listing(rules, "rule", "lines", "articles") + ".")
    if learned is not None and len(learned):
        top = learned.sort_values(["articles", "phrase"], ascending=[False, True],
                                  kind="stable")
        lines.append(f"{len(learned):,} boilerplate phrases learned from the outlets' own "
                     "articles; the most widespread (source, articles): "
                     + "; ".join(f"«{r.phrase}» ({r.source}, {r.articles:,})"
                                 for r in top.head(3).itertuples(index=False)) + ".")
    dated = articles["published"].replace("", pd.NA).dropna()
    lines.append(f"{len(dated):,} of {n:,} articles have a publication date"
                 + (f", from {dated.min()} to {dated.max()}." if len(dated) else
                    ": later notebooks leave dates they cannot anchor unresolved."))
    sources = articles["source"].replace("", pd.NA).dropna()
    if len(sources):
        top = sources.value_counts().sort_index(kind="stable").sort_values(
            ascending=False, kind="stable")
        lines.append(f"{len(top):,} sources; the largest: "
                     + "; ".join(f"{s} ({c:,} article{'s' * (c != 1)})"
                               for s, c in top.head(LISTED).items())
                     + ".")
    return lines


def keyword_findings(freq: pd.DataFrame, key: pd.DataFrame, entities: pd.DataFrame,
                     n_articles: int, *, node: str | None = None,
                     concordance: pd.DataFrame | None = None) -> list[str]:
    """Findings of notebook 02: the words by kind, the top names and words, the most distinctive
    terms against the reference, the names found in the corpus and the word most often before
    the concordance ``node``."""
    total = int(freq["count"].sum())
    if not total:
        return [f"{n_articles:,} articles and no counted word: nothing to report."]
    by_kind = freq.groupby("kind")["count"].sum()
    kinds = ", ".join(f"{kind} {_share(by_kind.get(kind, 0), total)}"
                      for kind in ("content", "entity", "function", "date", "number"))
    lines = [f"{n_articles:,} articles, {total:,} words and names: {kinds}."]
    names = freq[freq["kind"] == "entity"]
    if len(names):
        lines.append("Most frequent names (occurrences, articles): "
                     + _listing(names, "term", "count", "docs") + ".")
    else:
        lines.append("No name of the gazetteer or found in the corpus occurs in it.")
    words = freq[freq["kind"] == "content"]
    if len(words):
        lines.append("Most frequent words: " + _listing(words, "display", "count", "docs") + ".")
    over = key[(key["direction"] == "over") & (key["count"] >= 3)
               & key["kind"].isin(["content", "entity"])]
    if len(over):
        times = over.assign(times=(2.0 ** over["log_ratio"]).round().astype(int))
        lines.append("Most distinctive against general news (occurrences; times the reference "
                     "rate): " + _listing(times, "display", "count", "times") + ".")
    found = entities[(entities["status"] == "counted") & (entities["origin"] == "discovered")]
    if len(found):
        top = found.sort_values(["count", "name_ar"], ascending=[False, True], kind="stable")
        lines.append(f"{len(found):,} names found in the corpus itself, counted as one term "
                     "each; the most frequent: " + _listing(top, "name_ar", "count") + ".")
    if node and concordance is not None and len(concordance):
        before = concordance["left"].str.split().str[-1].dropna()
        if len(before):
            counts = before.value_counts().sort_index(kind="stable").sort_values(
                ascending=False, kind="stable")
            word, n = counts.index[0], int(counts.iloc[0])
            lines.append(f"In the concordance of {node} ({len(concordance):,} occurrences), the "
                         f"word most often just before it is {word} ({n:,}).")
    if n_articles < FEW_ARTICLES:
        lines.append(f"Only {n_articles:,} articles: small counts and absences say little; "
                     "read the keyness of rare terms with caution.")
    return lines


def cooccurrence_findings(pairs: pd.DataFrame, shown: pd.DataFrame, n_units: int, *,
                          centre: str | None = None, partners: pd.DataFrame | None = None,
                          node: str | None = None,
                          collocates: pd.DataFrame | None = None) -> list[str]:
    """Findings of notebook 03: how many pairs are shown and why the others are not, the most
    frequent and the most attracted pairs, the ego-network centre and the collocates of the
    node."""
    if not len(pairs):
        return [f"{n_units:,} sentences and no two entities sharing enough of them: no pair."]
    related = int((pairs["relation"] != "").sum())
    weak = len(pairs) - related - len(shown)
    lines = [f"{len(pairs):,} pairs of entities share enough sentences; {related:,} are an "
             f"entity with its own capital, metonym, leader or place, {weak:,} are no more "
             f"frequent than chance (G² < {G2_SIGNIFICANT}); {len(shown):,} are shown."]
    if len(shown):
        top = shown.sort_values(["count", "term_a", "term_b"], ascending=[False, True, True],
                                kind="stable").iloc[0]
        lines.append(f"The most frequent of them: {top.term_a} – {top.term_b} "
                     f"({top['count']:,} sentences against {top.expected:.1f} expected).")
        strongest = shown[shown["count"] >= 3].sort_values(
            ["g2", "term_a", "term_b"], ascending=[False, True, True], kind="stable")
        if len(strongest):
            best = strongest.iloc[0]
            lines.append(f"The strongest attraction among pairs of three sentences or more: "
                         f"{best.term_a} – {best.term_b} ({best['count']:,} against "
                         f"{best.expected:.1f} expected, G² {best.g2:.1f}).")
    frequent = pairs[(pairs["g2"] < 0) & (pairs["count"] >= 5)]
    if len(frequent):
        apart = frequent.sort_values(["g2", "term_a"], kind="stable").iloc[0]
        lines.append(f"Named together less than chance predicts: {apart.term_a} – "
                     f"{apart.term_b} ({apart['count']:,} sentences against "
                     f"{apart.expected:.1f} expected): a sentence tends to name one or the other.")
    if centre and partners is not None and len(partners):
        lines.append(f"The ego network is drawn around {centre}; its strongest partners "
                     "(sentences): " + _listing(partners, "collocate", "count") + ".")
    if node and collocates is not None and len(collocates):
        lines.append(f"Words and names around {node} (sentences shared): "
                     + _listing(collocates, "shown_as", "count") + ".")
    return lines


def event_findings(ev: pd.DataFrame, timeline: pd.DataFrame, n_articles: int) -> list[str]:
    """Findings of notebook 04: how many mentions and events, the commonest types, the most
    active actors, the event cited by the most articles, the statuses and the dates."""
    if not len(ev):
        return [f"{n_articles:,} articles and no event mention: no trigger word met its "
                "actors in a sentence."]
    lines = [f"{n_articles:,} articles give {len(ev):,} event mentions in "
             f"{ev['article_id'].nunique():,} articles, merged into {len(timeline):,} events."]
    types = ev["action"].str.cat(ev["mode"], sep="/").str.rstrip("/")
    top_types = types.value_counts().sort_index(kind="stable").sort_values(
        ascending=False, kind="stable")
    lines.append("Commonest types (mentions): "
                 + "; ".join(f"{t} ({n:,})" for t, n in top_types.head(LISTED).items()) + ".")
    actors = pd.concat([ev["actor1_ar"], ev["actor2_ar"]])
    actors = actors[actors != ""].value_counts().sort_index(kind="stable").sort_values(
        ascending=False, kind="stable")
    if len(actors):
        lines.append("Most active actors (mentions, either side): "
                     + "; ".join(f"{a} ({n:,})" for a, n in actors.head(LISTED).items()) + ".")
    else:
        lines.append("No mention has a named actor.")
    cited = timeline.sort_values(["n_articles", "n_mentions", "event_id"],
                                 ascending=[False, False, True], kind="stable").iloc[0]
    when = cited.date or "no resolved date"
    where = f", in {cited.location_ar}" if cited.location_ar else ""
    label = cited.get("event") or f"{cited.action}/{cited['mode']}"
    lines.append(f"The event cited by the most articles: {label} ({when}{where}; "
                 f"{cited.n_articles:,} articles, {cited.n_mentions:,} mentions).")
    status = ev["status"].value_counts()
    marked = [f"{status.get(s, 0):,} {s}" for s in ("planned", "denied", "alleged",
                                                               "hypothetical")]
    lines.append(f"Status of the mentions: {status.get('asserted', 0):,} asserted, "
                 + ", ".join(marked) + ".")
    dated = timeline[timeline["date"] != ""]
    lines.append(f"{len(dated):,} of {len(timeline):,} events have a resolved date"
                 + (f", from {dated['date'].min()} to {dated['date'].max()}." if len(dated)
                    else "."))
    return lines


def trend_findings(dates: pd.Series, grain: str | None, table: pd.DataFrame,
                   found: pd.DataFrame, per_type: pd.DataFrame) -> list[str]:
    """Findings of notebook 05 from the articles' publication ``dates``
    (:func:`marsad.trends.article_dates`): how many are dated and over what span, the period
    length, the busiest period, the strongest rises and falls (:func:`marsad.trends.changes`)
    and the events per period (:func:`marsad.trends.events_per_period` by type)."""
    n_articles, known = len(dates), dates.dropna()
    dated, n_undated = len(known), len(dates) - len(known)
    if grain is None or table.empty:
        which = ("The one article has no" if n_articles == 1 else
                 f"None of the {n_articles:,} articles has a")
        return [f"{which} usable publication date: nothing can be counted over time; "
                "the terms are counted apart as undated."]
    live = table[table["articles"] > 0]
    lines = [f"{dated:,} of {n_articles:,} articles have a publication date, from "
             f"{known.min():%Y-%m-%d} to {known.max():%Y-%m-%d}: counted per "
             f"{grain}, {len(table):,} periods, {len(live):,} with articles"
             + (f"; {n_undated:,} undated articles are counted apart." if n_undated else ".")]
    busiest = live.sort_values(["articles", "start"], ascending=[False, True],
                               kind="stable").iloc[0]
    n_busiest = int(busiest.articles)
    lines.append(f"The busiest {grain}: {busiest.period} ({n_busiest:,} "
                 f"article{'s' * (n_busiest != 1)}).")
    if len(live) < 2:
        lines.append(f"All dated articles fall in one {grain}: no change over time to measure.")
    else:
        for direction, label in (("rise", "Strongest rises"), ("fall", "Strongest falls")):
            top = trends.strongest(found, direction, LISTED)
            if len(top):
                times = top.assign(times=[
                    "new" if b == 0 else "gone" if a == 0 else
                    f"×{2 ** r:.1f}" if r > 0 else f"÷{2 ** -r:.1f}"
                    for a, b, r in zip(top["count"], top["baseline_count"], top["log_ratio"],
                                       strict=True)])
                shown = "display" if "display" in top.columns else "term"
                lines.append(f"{label} against the periods before (period, occurrences, rate "
                             "against the baseline): " + _listing(times, shown, "period",
                                                                  "count", "times") + ".")
        if found.empty:
            lines.append(f"No term rises or falls with G² ≥ {trends.MIN_G2} and at least "
                         f"{trends.MIN_COUNT} occurrences in {trends.MIN_DOCS} articles: "
                         "the dated periods hold too little text to show a change.")
    dated_events = per_type.drop(index=trends.UNDATED, errors="ignore")
    total = int(per_type.to_numpy().sum()) if per_type.size else 0
    in_dated = int(dated_events.to_numpy().sum()) if dated_events.size else 0
    if in_dated:
        sums = dated_events.sum(axis=1)
        top = sums.idxmax()
        row = dated_events.loc[top]
        lines.append(f"{in_dated:,} of {total:,} event mentions are in dated articles; the "
                     f"{grain} with most: {top} ({int(sums[top]):,}, most often "
                     f"{row.idxmax()}: {int(row.max()):,}).")
    else:
        lines.append(f"No event mention in a dated article ({total:,} in all).")
    if n_articles < FEW_ARTICLES:
        lines.append(f"Only {n_articles:,} articles: a period holds a handful of them, and "
                     "a rise or fall says little.")
    return lines
