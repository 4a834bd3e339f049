"""Terms, names and events over time: counts per period, what rises and what falls.

Dates and periods
-----------------
An article's date is its publication date (``published``, ISO ``yyyy-mm-dd`` after cleaning);
an article whose ``published`` is empty or not a valid day is *undated*: its terms are counted
apart, in the period :data:`UNDATED`, never spread over the others. The length of a period is
chosen from the span of the dated articles (:func:`choose_grain`): up to
:data:`DAY_MAX_DAYS` days → one period per **day**, up to :data:`WEEK_MAX_DAYS` days → per
**week** (ISO weeks, Monday to Sunday, labelled ``2018-W07``), longer → per **month**
(``2018-02``). The span is measured between the :data:`SPAN_QUANTILES` of the dates (the 1st
and 99th percentiles; with fewer than 101 dated articles, the first and the last), so a few
stray dates (2013 archive pages in a 2018 feed) do not turn a year's corpus into months; those
articles are still counted, in their own periods.

Counts
------
Terms are those of :mod:`marsad.keywords` (the ``terms`` column of
:func:`marsad.terms.with_terms`: one term per name whatever its spelling, words normalized),
read once, never re-tokenized. Per term and period (:func:`term_trends`): ``count``
(occurrences), ``docs`` (articles of the period containing it) and ``per_10k`` — occurrences
per 10,000 terms of that period, every term of every kind in the denominator (as ``share`` in
``keywords.csv``), so periods with more text are comparable with periods with less. The table
lists the kinds of :data:`marsad.word_classes.COUNTED` (names and content words), one row per
term and period where it occurs; summed over the periods (undated included) a term's counts
are its ``count`` in ``keywords.csv``.

Rises and falls
---------------
:func:`changes` scores every term in every period that has text against its **baseline**: the
:data:`BASELINE_PERIODS` periods with text just before it, taken together. With ``a`` the
term's count in the period (of ``c`` terms) and ``b`` its count in the baseline (of ``d``):

* ``g2`` — the log-likelihood G² of :func:`marsad.keywords.log_likelihood` (Rayson & Garside):
  how sure one can be that the change is not chance (10.83: p < 0.001);
* ``log_ratio`` — ``log2((a/c) / (b/d))`` (Hardie), a zero replaced by 0.5 as for keyness: +1 =
  twice the baseline's rate, −1 = half.

A **rise** (``direction`` = ``rise``) is a period where the rate is higher than the baseline's,
with ``a`` ≥ :data:`MIN_COUNT` occurrences in ≥ :data:`MIN_DOCS` articles of the period; a
**fall**, a period where it is lower, with ``b`` ≥ :data:`MIN_COUNT` in ≥ :data:`MIN_DOCS`
articles of the baseline (one long article repeating a name is not a trend). Only changes with
``g2`` ≥ :data:`MIN_G2` are kept. This is the change of a period against the recent past, not
Kleinberg's burst automaton: simple to check by hand from ``trends.csv``.

Events
------
:func:`events_per_period` counts the event mentions of :mod:`marsad.events` (notebook 04's
``events.csv``) per period of the article that reports them (the event's own date, when the
text gives one, is in the events table), by PLOVER type or by actor. :func:`corpus_events`
computes that table or reuses the one kept for this corpus in ``OUT/.cache``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype

from marsad import engine as engines
from marsad import events, keywords, terms
from marsad.outputs import read_csv, write_csv
from marsad.pipeline import _fingerprint
from marsad.word_classes import COUNTED

#: Span (days, first to last dated article) up to which periods are days.
DAY_MAX_DAYS = 60
#: Span up to which periods are ISO weeks; longer spans are counted per month.
WEEK_MAX_DAYS = 730
#: The span is measured between these quantiles of the dates (a few stray dates are ignored).
SPAN_QUANTILES = (0.01, 0.99)
GRAINS = ("day", "week", "month")
#: The period of articles without a usable publication date.
UNDATED = "undated"
#: Periods with text before a period that form its baseline.
BASELINE_PERIODS = 4
#: Least occurrences of a term in the period (rise) or in its baseline (fall).
MIN_COUNT = 5
#: Least articles holding those occurrences.
MIN_DOCS = 2
#: Least G² of a change that is listed (p < 0.001 for one comparison).
MIN_G2 = 10.83
#: A rate of 0 is replaced by this count for the Log Ratio (as for keyness).
SMOOTHING = keywords.SMOOTHING
PER = 10_000

TREND_COLUMNS = ["term", "period", "count", "per_10k", "docs"]
PERIOD_COLUMNS = ["period", "start", "end", "articles", "terms"]
CHANGE_COLUMNS = ["term", "direction", "period", "count", "per_10k", "docs", "baseline",
                  "baseline_count", "baseline_per_10k", "baseline_docs", "g2", "log_ratio",
                  "kind", "type"]


# --------------------------------------------------------------------------------------------
# dates and periods
# --------------------------------------------------------------------------------------------


def article_dates(articles: pd.DataFrame) -> pd.Series:
    """The publication day of each article (``datetime64``), ``NaT`` where ``published`` is
    missing, empty or not a valid ``yyyy-mm-dd`` day."""
    if "published" not in articles.columns:
        return pd.Series(pd.NaT, index=articles.index, dtype="datetime64[ns]")
    text = articles["published"].astype("str").str.strip().str[:10]
    return pd.to_datetime(text, format="%Y-%m-%d", errors="coerce").astype("datetime64[ns]")


def choose_grain(dates: pd.Series) -> str | None:
    """``day``, ``week`` or ``month`` for these dates (see the module's rule), None when none
    is a date."""
    known = pd.Series(dates).dropna()
    if known.empty:
        return None
    low, high = _span(known)
    span = (high - low).days
    return "day" if span <= DAY_MAX_DAYS else "week" if span <= WEEK_MAX_DAYS else "month"


def _span(dates: pd.Series) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last date between the :data:`SPAN_QUANTILES` (real dates, not
    interpolated: with fewer than 101 dates, the first and the last)."""
    return (dates.quantile(SPAN_QUANTILES[0], interpolation="lower"),
            dates.quantile(SPAN_QUANTILES[1], interpolation="higher"))


def period_start(dates: pd.Series, grain: str) -> pd.Series:
    """The first day of the period of each date (``NaT`` stays ``NaT``)."""
    dates = pd.Series(dates).astype("datetime64[ns]")
    if grain == "day":
        return dates
    if grain == "week":
        return dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")
    if grain == "month":
        return dates.dt.to_period("M").dt.to_timestamp().astype("datetime64[ns]")
    raise ValueError(f"unknown period {grain!r}: choose one of {', '.join(GRAINS)}")


def period_label(start: pd.Timestamp, grain: str) -> str:
    """``2018-02-05`` (day), ``2018-W06`` (ISO week), ``2018-02`` (month)."""
    if grain == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return start.strftime("%Y-%m-%d" if grain == "day" else "%Y-%m")


def article_periods(articles: pd.DataFrame, grain: str | None) -> pd.Series:
    """The period label of each article (:data:`UNDATED` without a usable date)."""
    dates = article_dates(articles)
    if grain is None:
        return pd.Series(UNDATED, index=articles.index, dtype="str")
    starts = period_start(dates, grain)
    labels = {s: period_label(s, grain) for s in starts.dropna().unique()}
    return starts.map(labels).fillna(UNDATED).astype("str")


def periods(articles: pd.DataFrame, grain: str | None) -> pd.DataFrame:
    """Every period from the first dated article's to the last's, empty ones too, in order:
    ``period, start, end`` (first and last day), ``articles``, ``terms`` (every term of every
    kind). Undated articles are not a row here: :func:`undated` says how many."""
    dates = article_dates(articles)
    if grain is None or dates.dropna().empty:
        return pd.DataFrame({"period": pd.Series(dtype="str"),
                             "start": pd.Series(dtype="datetime64[ns]"),
                             "end": pd.Series(dtype="datetime64[ns]"),
                             "articles": pd.Series(dtype="int64"),
                             "terms": pd.Series(dtype="int64")})
    starts = period_start(dates, grain)
    freq = {"day": "D", "week": "7D", "month": "MS"}[grain]
    calendar = pd.date_range(starts.min(), starts.max(), freq=freq)
    ends = {"day": calendar, "week": calendar + pd.Timedelta(days=6),
            "month": calendar + pd.offsets.MonthEnd(0)}[grain]
    sizes = pd.Series([len(t) for t in terms.article_terms(articles)], index=articles.index)
    frame = pd.DataFrame({"period": [period_label(s, grain) for s in calendar],
                          "start": calendar, "end": ends})
    frame["articles"] = frame["start"].map(starts.value_counts()).fillna(0).astype("int64")
    frame["terms"] = frame["start"].map(sizes.groupby(starts).sum()).fillna(0).astype("int64")
    return frame.astype({"period": "str"})[PERIOD_COLUMNS]


def core_periods(table: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`periods` between the :data:`SPAN_QUANTILES` of the dates — what a
    plot shows, so that a few stray dates do not squeeze a year into a corner."""
    dates = article_dates(articles).dropna()
    if table.empty or dates.empty:
        return table
    low, high = _span(dates)
    return table[(table["end"] >= low) & (table["start"] <= high)].reset_index(drop=True)


def undated(articles: pd.DataFrame) -> int:
    """How many articles have no usable publication date."""
    return int(article_dates(articles).isna().sum())


# --------------------------------------------------------------------------------------------
# terms per period
# --------------------------------------------------------------------------------------------


def term_trends(articles: pd.DataFrame, grain: str | None, *,
                kinds: Sequence[str] = COUNTED) -> pd.DataFrame:
    """One row per term (of ``kinds``) and period where it occurs: ``term, period, count,
    per_10k, docs`` — periods in time order, the :data:`UNDATED` articles last; within a
    period by count (descending), then term. ``per_10k`` is per 10,000 terms of every kind of
    that period."""
    order = _period_order(articles, grain)
    grouped = terms.counts_by(articles, article_periods(articles, grain))
    rows = []
    kind_of: dict[str, str] = {}
    for label in sorted(grouped, key=order.__getitem__):
        counts, docs, total = grouped[label]
        for term in counts:
            if term not in kind_of:
                kind_of[term] = terms.term_kind(term)
        kept = sorted((t for t in counts if kind_of[t] in kinds),
                      key=lambda t: (-counts[t], t))
        rows += [(t, label, counts[t], PER * counts[t] / total, docs[t]) for t in kept]
    frame = pd.DataFrame(rows, columns=TREND_COLUMNS)
    return frame.astype({"term": "str", "period": "str", "count": "int64",
                         "per_10k": "float64", "docs": "int64"})


def _period_order(articles: pd.DataFrame, grain: str | None) -> dict[str, int]:
    """Rank of each period label in time (undated last)."""
    table = periods(articles, grain)
    order = {p: i for i, p in enumerate(table["period"])}
    order[UNDATED] = len(order)
    return order


def series(trends: pd.DataFrame, table: pd.DataFrame, terms: Iterable[str],
           value: str = "per_10k") -> pd.DataFrame:
    """``value`` of each of ``terms`` (columns) in every dated period of ``table`` (rows, by
    period start), 0 where it does not occur; ``NaN`` where the period holds no text."""
    terms = list(terms)
    dated = trends[trends["period"] != UNDATED]
    wide = (dated[dated["term"].isin(terms)]
            .pivot_table(index="period", columns="term", values=value, aggfunc="sum")
            .reindex(index=table["period"], columns=terms).fillna(0.0))
    wide[table["terms"].to_numpy() == 0] = np.nan
    wide.index = pd.DatetimeIndex(table["start"], name="start")
    return wide


# --------------------------------------------------------------------------------------------
# rises and falls
# --------------------------------------------------------------------------------------------


def changes(trends: pd.DataFrame, table: pd.DataFrame, *, baseline: int = BASELINE_PERIODS,
            min_count: int = MIN_COUNT, min_docs: int = MIN_DOCS,
            min_g2: float = MIN_G2) -> pd.DataFrame:
    """Every rise and fall of a term in a period against its baseline (see the module):
    :data:`CHANGE_COLUMNS`, sorted by ``g2`` (descending), then term and period. ``baseline``
    names the periods compared with (``2018-W05 … 2018-W08``); ``kind``/``type`` are the
    term's (:func:`marsad.terms.term_kind`, gazetteer type)."""
    live = table[table["terms"] > 0].reset_index(drop=True)
    dated = trends[trends["period"].isin(live["period"])]
    empty = pd.DataFrame({c: pd.Series(dtype=t) for c, t in _CHANGE_DTYPES.items()})
    if len(live) < 2 or dated.empty:
        return empty
    totals = dated.groupby("term")["count"].sum()
    dated = dated[dated["term"].isin(totals.index[totals >= min_count])]
    if dated.empty:
        return empty
    names = np.array(sorted(dated["term"].unique()), dtype=object)
    row = pd.Index(names).get_indexer(dated["term"])
    col = pd.Index(live["period"]).get_indexer(dated["period"])
    count = np.zeros((len(names), len(live)))
    docs = np.zeros((len(names), len(live)))
    count[row, col] = dated["count"].to_numpy()
    docs[row, col] = dated["docs"].to_numpy()
    total = live["terms"].to_numpy(dtype="float64")
    frames = []
    for j in range(1, len(live)):
        first = max(0, j - baseline)
        a, c = count[:, j], total[j]
        b, d = count[:, first:j].sum(axis=1), total[first:j].sum()
        a_docs, b_docs = docs[:, j], docs[:, first:j].sum(axis=1)
        rise = (a / c > b / d) & (a >= min_count) & (a_docs >= min_docs)
        fall = (a / c < b / d) & (b >= min_count) & (b_docs >= min_docs)
        g2 = keywords.log_likelihood(a, b, c, d)
        keep = (rise | fall) & (g2 >= min_g2)
        if not keep.any():
            continue
        span = live["period"].iloc[first] + (f" … {live['period'].iloc[j - 1]}"
                                             if j - 1 > first else "")
        a_s, b_s = np.where(a > 0, a, SMOOTHING) / c, np.where(b > 0, b, SMOOTHING) / d
        frames.append(pd.DataFrame({
            "term": names[keep], "direction": np.where(rise[keep], "rise", "fall"),
            "period": live["period"].iloc[j], "count": a[keep], "per_10k": PER * a[keep] / c,
            "docs": a_docs[keep], "baseline": span, "baseline_count": b[keep],
            "baseline_per_10k": PER * b[keep] / d, "baseline_docs": b_docs[keep],
            "g2": g2[keep], "log_ratio": np.log2(a_s[keep] / b_s[keep])}))
    if not frames:
        return empty
    out = pd.concat(frames, ignore_index=True)
    info = {t: (terms.term_kind(t), terms.entity_info(t)[0]) for t in out["term"].unique()}
    out["kind"] = out["term"].map(lambda t: info[t][0])
    out["type"] = out["term"].map(lambda t: info[t][1])
    out = out.sort_values(["g2", "term", "period"], ascending=[False, True, True], kind="stable")
    return out.reset_index(drop=True).astype(_CHANGE_DTYPES)[CHANGE_COLUMNS]


_CHANGE_DTYPES = {"term": "str", "direction": "str", "period": "str", "count": "int64",
                  "per_10k": "float64", "docs": "int64", "baseline": "str",
                  "baseline_count": "int64", "baseline_per_10k": "float64",
                  "baseline_docs": "int64", "g2": "float64", "log_ratio": "float64",
                  "kind": "str", "type": "str"}


def strongest(found: pd.DataFrame, direction: str, n: int = 10, *,
              kinds: Sequence[str] = COUNTED) -> pd.DataFrame:
    """The ``n`` strongest changes of one ``direction`` (``rise`` or ``fall``), one row per
    term (its strongest period), among ``kinds``."""
    part = found[(found["direction"] == direction) & found["kind"].isin(kinds)]
    return part.drop_duplicates("term").head(n).reset_index(drop=True)


def peak_period(trends: pd.DataFrame, change: pd.Series) -> str:
    """The period whose lines show a change: a rise's own period; for a fall, the period of
    its baseline where the term was most frequent (per 10,000; the earliest on a tie)."""
    if change["direction"] == "rise":
        return change["period"]
    first, _, last = change["baseline"].partition(" … ")
    rows = trends[trends["term"] == change["term"]]
    rows = rows[(rows["period"] >= first) & (rows["period"] <= (last or first))
                & (rows["period"] != UNDATED)]
    return rows.sort_values(["per_10k", "period"], ascending=[False, True],
                            kind="stable")["period"].iloc[0]


def kwic_in_period(articles: pd.DataFrame, grain: str | None, term: str, period: str, *,
                   width: int = 50) -> pd.DataFrame:
    """:func:`marsad.keywords.kwic` of ``term`` in the articles of ``period``."""
    chosen = articles[(article_periods(articles, grain) == period).to_numpy()]
    return keywords.kwic(chosen, term, width=width)


# --------------------------------------------------------------------------------------------
# events per period
# --------------------------------------------------------------------------------------------


def events_per_period(events: pd.DataFrame, articles: pd.DataFrame, grain: str | None,
                      by: str = "action", *, top: int | None = None) -> pd.DataFrame:
    """Event mentions per period of their article (rows: dated periods in order, then
    :data:`UNDATED` when some article is undated) and per ``by``: ``action`` (PLOVER type),
    ``type`` (``action/mode``) or ``actor`` (the canonical Arabic name on either side: a
    mention with two actors counts for both; the ``top`` most active actors). Columns in
    order of their total, then name."""
    table = periods(articles, grain)
    rows = list(table["period"]) + ([UNDATED] if undated(articles) else [])
    where = dict(zip(articles["article_id"].astype(str), article_periods(articles, grain),
                     strict=True))
    period = events["article_id"].astype(str).map(where)
    if by == "actor":
        long = pd.concat([pd.DataFrame({"period": period, "key": events[side]})
                          for side in ("actor1_ar", "actor2_ar")], ignore_index=True)
        long = long[long["key"].fillna("") != ""]
    elif by in ("action", "type"):
        key = events["action"] if by == "action" else (
            events["action"].str.cat(events["mode"], sep="/").str.rstrip("/"))
        long = pd.DataFrame({"period": period, "key": key})
    else:
        raise ValueError(f"events_per_period: by must be action, type or actor, not {by!r}")
    wide = pd.crosstab(long["period"], long["key"]) if len(long) else pd.DataFrame()
    wide = wide.reindex(index=rows, fill_value=0)
    totals = wide.sum()
    columns = sorted(wide.columns, key=lambda c: (-totals[c], c))[:top]
    wide = wide.reindex(columns=columns, fill_value=0).astype("int64")
    wide.index.name, wide.columns.name = "period", by
    return wide


def corpus_events(articles: pd.DataFrame, out: str | Path | None, *, engine: str = "local",
                  user: str | Path | None = None) -> pd.DataFrame:
    """The event mentions of ``articles`` (notebook 04's ``events.csv``:
    :func:`marsad.events.extract_events`, through ``engine``), kept in ``out/.cache`` under a
    fingerprint of the articles (text, dates), the corpus's gazetteer (``user`` file, data
    files) and the extractor's code, as :func:`marsad.pipeline.corpus_entities` keeps the
    corpus's names: the first notebook to need them computes them. Call it after
    ``corpus_entities`` (the events name the corpus's own actors)."""
    digest = hashlib.sha256(_fingerprint(articles, user, True).encode())
    for aid, text, day in zip(articles["article_id"].astype(str),
                              articles["text_clean"].fillna(""),
                              articles.get("published", pd.Series("", index=articles.index))
                              .fillna("").astype(str), strict=True):
        digest.update(f"{aid}\0{day}\0{text}\1".encode())
    package = Path(events.__file__).parent  # the extractor's code: the package, dates, clean
    for path in [*sorted(package.glob("*.py")), package.parent / "dates.py",
                 package.parent / "clean.py"]:
        digest.update(path.read_bytes())
    path = Path(out) / ".cache" / f"events-{digest.hexdigest()[:16]}.csv" if out else None
    if path is not None and path.exists():
        kept = read_csv(path)
        computed = events.extract_events(articles.head(0))
        return kept.astype({c: d if is_numeric_dtype(d) or is_bool_dtype(d) else "str"
                            for c, d in computed.dtypes.items()})
    found = engines.run(articles, engine=engine, parts=("events",)).tables["events"]
    if path is not None:
        for old in path.parent.glob("events-*.csv"):
            old.unlink()
        write_csv(found, path)
    return found
