"""The overview page, ``reports/index.html``: the corpus at a glance, then the reports (issue 16).

Built after the notebooks ran, from what they wrote in ``OUT`` — ``articles.csv``,
``removed.csv``, ``account.json``, ``entities.csv``, ``timeline.csv``, ``trends.csv`` (when
notebook 05 wrote it) — by the pure functions below and one template,
``data/overview.html.j2``. A table or file a run did not write leaves its section saying so.

Corpus text stays text: the template escapes every value (Jinja2 autoescape), controls and bidi
overrides are shown as ``⟨U+XXXX⟩``, the chart is an inline SVG whose labels are escaped, and
the tables are :func:`marsad.tables.searchable` (escaped cells, no network). The page reads on a
phone (viewport, one column), Arabic right-to-left. Opened as ``index.html#search=بوتين`` it
searches every table for that name.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path

import pandas as pd

from marsad.events import event_labels
from marsad.outputs import atomic_write_text, read_csv
from marsad.safety import external_references, html_text, visible_controls, visible_text_controls
from marsad.tables import library, searchable

TEMPLATE = "overview.html.j2"
#: Rows of the entity and event tables embedded in the page (the CSVs hold all of them).
TOP_ROWS = 200
#: Terms drawn in the trend chart (from trends.csv), the most frequent ones.
TREND_TERMS = 3
_COLOURS = ("#3b6ea5", "#c0504d", "#4f9a6b")


def _read(out: Path, name: str) -> pd.DataFrame | None:
    path = out / name
    return read_csv(path) if path.is_file() else None


def _numbers(df: pd.DataFrame, *columns: str) -> pd.DataFrame:
    df = df.copy()
    for c in columns:
        df[c] = pd.to_numeric(df[c], errors="coerce").fillna(0).astype(int)
    return df


def glance(articles: pd.DataFrame | None, removed: pd.DataFrame | None) -> list[tuple[str, str]]:
    """The corpus in a few numbers (label, value): articles, outlets, the span of publication
    dates (and how many articles have none), words kept after cleaning and words in the lines
    cleaning removed."""
    if articles is None:
        return [("articles", "not written by this run")]
    n = len(articles)
    sources = articles["source"] if "source" in articles else pd.Series(dtype=str)
    dates = articles["published"] if "published" in articles else pd.Series([""] * n)
    dated = dates[dates != ""]
    span = f"{dated.min()} → {dated.max()}" if len(dated) else "no dates"
    if len(dated) and len(dated) < n:
        span += f" ({n - len(dated):,} undated)"
    rows = [("articles", f"{n:,}"), ("outlets", f"{sources[sources != ''].nunique():,}"),
            ("published", span)]
    if "text_clean" in articles:
        rows.append(("words kept after cleaning", f"{_words(articles['text_clean']):,}"))
    if removed is not None and "text" in removed:
        rows.append(("words in removed lines", f"{_words(removed['text']):,}"))
    return rows


def _words(texts: pd.Series) -> int:
    return int(texts.str.count(r"\S+").sum()) if len(texts) else 0


def top_entities(entities: pd.DataFrame | None, n: int | None = None) -> pd.DataFrame | None:
    """The counted entities, most frequent first: name, type, mentions, articles."""
    if entities is None:
        return None
    counted = entities[entities["status"] == "counted"] if "status" in entities else entities
    counted = _numbers(counted, "count", "docs")
    counted = counted.sort_values(["count", "docs", "name_ar"], ascending=[False, False, True],
                                  kind="stable")
    return (counted[["name_ar", "type", "count", "docs"]].iloc[:n]
            .rename(columns={"name_ar": "name", "count": "mentions", "docs": "articles"}))


def biggest_events(timeline: pd.DataFrame | None, n: int | None = None) -> pd.DataFrame | None:
    """The timeline's events cited by the most articles (then mentions): one Arabic label each
    (:func:`marsad.events.event_labels`), articles, date, place, mentions (on a phone the
    columns that fit first are the ones that matter)."""
    if timeline is None:
        return None
    ranked = _numbers(timeline, "n_articles", "n_mentions").sort_values(
        ["n_articles", "n_mentions", "event_id"], ascending=[False, False, True], kind="stable")
    ranked = ranked.iloc[:n]
    shown = pd.DataFrame({"event": event_labels(ranked) if len(ranked) else [],
                          "articles": ranked["n_articles"], "date": ranked["date"],
                          "place": ranked["location_ar"], "mentions": ranked["n_mentions"]})
    return shown.reset_index(drop=True)


def trend(trends: pd.DataFrame | None, articles: pd.DataFrame | None
          ) -> tuple[str, list[str], dict[str, list[float]]]:
    """What the small chart draws: a title, the periods and one series per line. From
    ``trends.csv`` (notebook 05) the :data:`TREND_TERMS` most frequent terms per 10,000 words;
    without it, articles per month of publication. Empty periods when there is nothing."""
    if trends is not None and len(trends):
        t = trends.assign(count=pd.to_numeric(trends["count"], errors="coerce").fillna(0),
                          per_10k=pd.to_numeric(trends["per_10k"], errors="coerce").fillna(0))
        totals = t.groupby("term", sort=True)["count"].sum()
        terms = totals.sort_values(ascending=False, kind="stable").index[:TREND_TERMS]
        periods = sorted(t["period"].unique())
        wide = t[t["term"].isin(terms)].pivot_table(index="period", columns="term",
                                                    values="per_10k", aggfunc="sum")
        wide = wide.reindex(periods).fillna(0)
        return ("terms per 10,000 words", periods,
                {term: [float(v) for v in wide[term]] for term in terms})
    if articles is None or "published" not in articles:
        return ("articles per month", [], {})
    months = articles["published"].str[:7]
    months = months[months.str.fullmatch(r"\d{4}-\d{2}")]
    if months.empty:
        return ("articles per month", [], {})
    counts = months.value_counts()
    periods = [str(p) for p in pd.period_range(min(counts.index), max(counts.index), freq="M")]
    return ("articles per month", periods,
            {"articles": [float(counts.get(p, 0)) for p in periods]})


def trend_svg(periods: list[str], series: dict[str, list[float]]) -> str:
    """A small chart as inline SVG markup (labels escaped): bars for one series, lines for
    several; the first and last period under the axis, the highest value beside it."""
    if not periods or not series:
        return ""
    width, height, left, bottom = 600, 180, 52, 24
    top = max((max(values) for values in series.values()), default=0) or 1
    step = (width - left) / len(periods)

    def y(v: float) -> float:
        return round(height - bottom - v / top * (height - bottom - 8), 1)

    parts = [f'<svg class="trend" viewBox="0 0 {width} {height}" role="img" '
             f'xmlns="http://www.w3.org/2000/svg" aria-label="trend chart">',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" '
             'stroke="#888"/>',
             f'<text x="{left - 4}" y="14" text-anchor="end" font-size="15">{_number(top)}</text>',
             f'<text x="{left - 4}" y="{height - bottom}" text-anchor="end" font-size="15">0</text>']
    for k, (name, values) in enumerate(series.items()):
        colour = _COLOURS[k % len(_COLOURS)]
        if len(series) == 1:
            parts += [f'<rect x="{round(left + i * step + step * 0.1, 1)}" y="{y(v)}" '
                      f'width="{round(step * 0.8, 1)}" height="{round(height - bottom - y(v), 1)}" '
                      f'fill="{colour}"><title>{html_text(periods[i])}: {_number(v)}</title></rect>'
                      for i, v in enumerate(values)]
        else:
            points = " ".join(f"{round(left + (i + 0.5) * step, 1)},{y(v)}"
                              for i, v in enumerate(values))
            parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                         f'stroke-width="2"><title>{html_text(name)}</title></polyline>')
    parts += [f'<text x="{left}" y="{height - 4}" font-size="15">{html_text(periods[0])}</text>',
              f'<text x="{width}" y="{height - 4}" font-size="15" text-anchor="end">'
              f'{html_text(periods[-1])}</text>', "</svg>"]
    return "\n".join(parts)


def _number(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"


def notebook_title(executed: Path) -> str:
    """The first heading of a notebook (``# 04 · Event tables: …``), else its file name."""
    try:
        cells = json.loads(executed.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return executed.stem
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", "")).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return executed.stem


def render(*, corpus: str, run: str, out: Path, reports: list[tuple[str, str]],
           workbook: str | None) -> str:
    """The overview page of the run whose outputs are in ``out``; ``reports`` is a list of
    (report file stem, title), ``workbook`` the link to the Excel workbook (or None)."""
    import jinja2

    articles, removed = _read(out, "articles.csv"), _read(out, "removed.csv")
    account_path = out / "account.json"
    account = []
    if account_path.is_file():
        from marsad.corpus import describe_account

        account = describe_account(json.loads(account_path.read_text(encoding="utf-8"))
                                   ).splitlines()
    entities = top_entities(_read(out, "entities.csv"))
    events = biggest_events(_read(out, "timeline.csv"))
    title, periods, series = trend(_read(out, "trends.csv"), articles)
    tables = {"entities": "", "events": ""}
    for key, df, csv_name in (("entities", entities, "entities.csv"),
                              ("events", events, "timeline.csv")):
        if df is not None and len(df):
            tables[key] = searchable(df, f"overview-{key}", csv_name=csv_name, max_rows=TOP_ROWS)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True)
    template = env.from_string(
        resources.files("marsad").joinpath("data", TEMPLATE).read_text(encoding="utf-8"))
    page = template.render(
        corpus=visible_controls(corpus), run=run, glance=glance(articles, removed),
        account=account, tables={k: _markup(v) for k, v in tables.items()},
        have={"entities": entities is not None, "events": events is not None},
        trend_title=title, trend_svg=_markup(trend_svg(periods, series)),
        legend=list(zip(series, _COLOURS, strict=False)) if len(series) > 1 else [],
        reports=reports, workbook=workbook,
        library=_markup(library() if any(tables.values()) else ""))
    return visible_text_controls(page)


def _markup(text: str):
    from markupsafe import Markup

    return Markup(text)


def write_overview(out: Path, reports_dir: Path, corpus: str, rendered: list[Path],
                   workbook_link: str | None = None) -> Path:
    """Write ``reports_dir/index.html`` for the run whose outputs are in ``out`` (executed
    notebooks in ``out/notebooks``); ``rendered`` are the HTML reports written, ``workbook_link``
    the workbook's address relative to the page. Raises RuntimeError if the page would load
    anything from the network."""
    stems = [p.name[:-len(".html")] for p in rendered if not p.name.endswith(".noinput.html")]
    reports = [(stem, notebook_title(out / "notebooks" / f"{stem}.ipynb")) for stem in stems]
    page = render(corpus=corpus, run=dt.datetime.now().isoformat(timespec="seconds"), out=out,
                  reports=reports, workbook=workbook_link)
    remote = external_references(page)
    if remote:
        raise RuntimeError(f"marsad: the overview page would load {len(remote)} thing(s) "
                           f"from the network: {remote[:3]}")
    return atomic_write_text(reports_dir / "index.html", page)

