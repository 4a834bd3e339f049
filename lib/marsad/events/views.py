"""What the notebooks show of the events: filters, the actor × action matrix, Arabic labels
of event types and rows, and the two charts (:func:`plot_timeline`, :func:`plot_actor_matrix`)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from marsad.dates import PRECISION_WINDOW, WINDOW_BASES
from marsad.events.extract import _interval
from marsad.events.lexicon import Lexicon, default_lexicon


def filter_events(events: pd.DataFrame, *, actor: str | None = None, action: str | None = None,
                  mode: str | None = None, month: str | None = None,
                  status: str | None = None,
                  date_basis: str | Iterable[str] | None = None) -> pd.DataFrame:
    """Rows involving ``actor`` (English or Arabic name, or ISO3 country — on either side),
    of ``action``/``mode``, dated in ``month`` (``2023-09``: a date the text states overlaps
    it; a publication window is not a date), with ``status`` and with ``date_basis`` (one
    value or several: ``"reported"``, ``"planned"``, ``"explicit"`` …)."""
    keep = pd.Series(True, index=events.index)
    if actor:
        cols = ["actor1", "actor1_ar", "actor1_country", "actor2", "actor2_ar", "actor2_country"]
        keep &= events[cols].eq(actor).any(axis=1)
    if action:
        keep &= events["action"] == action
    if mode:
        keep &= events["mode"] == mode
    if status:
        keep &= events["status"] == status
    if date_basis is not None:
        keep &= events["date_basis"].isin([date_basis] if isinstance(date_basis, str)
                                          else list(date_basis))
    if month:
        lo, hi = _interval(month, month)
        spans = [None if basis in WINDOW_BASES else _interval(a, b) for a, b, basis in
                 zip(events["date"], events["date_end"], events["date_basis"], strict=True)]
        keep &= pd.Series([s is not None and s[0] <= hi and lo <= s[1] for s in spans],
                          index=events.index)
    return events[keep]


def actor_type_matrix(events: pd.DataFrame, side: str = "actor1") -> pd.DataFrame:
    """Counts of event mentions per actor (rows, Arabic names) and action (columns)."""
    df = events[events[side] != ""]
    if df.empty:
        return pd.DataFrame()
    table = pd.crosstab(df[f"{side}_ar"], df["action"])
    order = table.sum(axis=1).sort_values(ascending=False, kind="stable")
    table = table.loc[order.index]
    return table[sorted(table.columns, key=lambda c: (-int(table[c].sum()), c))]


def type_labels(lexicon: Lexicon | None = None) -> dict[tuple[str, str], str]:
    """Arabic label of each action/mode (``('CONSULT', 'meet')`` → ``قمة أو لقاء``)."""
    types = (lexicon or default_lexicon()).types
    return dict(zip(zip(types["action"], types["mode"], strict=True), types["label_ar"],
                    strict=True))


def action_labels(lexicon: Lexicon | None = None) -> dict[str, str]:
    """Arabic name of each action (``ACCUSE`` → ``اتهام وإدانة``)."""
    types = (lexicon or default_lexicon()).types
    return dict(zip(types["action"], types["action_ar"], strict=True))


def event_labels(table: pd.DataFrame, lexicon: Lexicon | None = None) -> pd.Series:
    """One Arabic line per event row: ``زيارة: سيرغي لافروف ← كوريا الشمالية`` (an arrow from
    actor 1 to actor 2; a dash for symmetric types), ``(مخطط)`` / ``(منفي)`` / ``(مزعوم)`` /
    ``(مشروط)`` for planned, denied, alleged and hypothetical events."""
    lex = lexicon or default_lexicon()
    labels = type_labels(lex)
    status_ar = {"planned": " (مخطط)", "denied": " (منفي)", "alleged": " (مزعوم)",
                 "hypothetical": " (مشروط)"}
    out = []
    for action, mode, a1, a2, status in zip(table["action"], table["mode"], table["actor1_ar"],
                                            table["actor2_ar"], table["status"], strict=True):
        sep = " – " if lex.symmetric_pair(action, mode) else " ← "
        actors = sep.join(a for a in (a1, a2) if a) or "؟"
        out.append(f"{labels.get((action, mode), action)}: {actors}{status_ar.get(status, '')}")
    return pd.Series(out, index=table.index, dtype="str")


def plot_timeline(timeline: pd.DataFrame, *, max_events: int = 30, since: str | None = None,
                  title: str = "", ax=None):
    """Dated events on a time axis: a point for a day, a bar for a week, month or year (an
    outline for a window from publication, no date of the text), the number of citing articles
    beside it; one Arabic label per row, oldest at the top. Shows
    the ``max_events`` most-mentioned dated events that end on or after ``since``
    (``2023-01``)."""
    # matplotlib is imported here, not with the module: pyplot takes 0.9 s to import (measured
    # with python -X importtime) and every engine process imports marsad.events, few plot
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from marsad.plots import ar

    dated = timeline[timeline["date"] != ""]
    if since:
        start = _interval(since, since)[0]
        dated = dated[[_interval(a, b)[1] >= start
                       for a, b in zip(dated["date"], dated["date_end"], strict=True)]]
    dated = dated.sort_values(["n_mentions", "event_id"], ascending=[False, True],
                              kind="stable").head(max_events)
    dated = dated.sort_values(["date", "event_id"], ascending=[False, False], kind="stable")
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 0.42 * max(len(dated), 3) + 1.6))
    colors = {"asserted": "#3b6ea5", "planned": "#3b8a5a", "alleged": "#c08a2b",
              "denied": "#a5533b", "hypothetical": "#7a5ea8"}
    for y, row in enumerate(dated.itertuples()):
        lo, hi = _interval(row.date, row.date_end)
        color = colors.get(row.status, "#777777")
        if lo == hi:
            ax.plot([lo], [y], "o", color=color, markersize=5 + 2 * min(row.n_articles, 5))
        elif row.date_precision == PRECISION_WINDOW:  # not a date of the text: an outline
            ax.barh(y, (hi - lo).days + 1, left=lo, height=0.5, fill=False, edgecolor=color,
                    linestyle="--", linewidth=1)
        else:
            ax.barh(y, (hi - lo).days + 1, left=lo, height=0.5, color=color, alpha=0.6)
        ax.annotate(str(row.n_articles), (hi, y), xytext=(7, 0), textcoords="offset points",
                    va="center", fontsize=8)  # number of articles citing the event
    ax.set_yticks(range(len(dated)), [ar(t) for t in event_labels(dated)])
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    names = {"asserted": "وقع", "planned": "مخطط", "alleged": "مزعوم", "denied": "منفي",
             "hypothetical": "مشروط"}
    shown = [s for s in colors if s in set(dated["status"])]
    handles = [Line2D([], [], marker="o", ls="", color=colors[s]) for s in shown]
    labels = [ar(names[s]) for s in shown]
    if (dated["date_precision"] == PRECISION_WINDOW).any():
        handles.append(Patch(fill=False, edgecolor="#555555", linestyle="--"))
        labels.append(ar("لا تاريخ في النص: الفترة من تاريخ النشر"))
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(0, -0.06),
              ncol=4, fontsize=8, frameon=False)
    ax.set_title(ar(title))
    ax.grid(axis="x", alpha=0.3)
    ax.figure.tight_layout()
    return ax


def plot_actor_matrix(matrix: pd.DataFrame, *, title: str = "", ax=None):
    """Heat map of an :func:`actor_type_matrix` with the counts written in the cells."""
    import matplotlib.pyplot as plt  # not with the module: see plot_timeline

    from marsad.plots import ar

    names = action_labels()
    if ax is None:
        _, ax = plt.subplots(figsize=(1.1 * max(matrix.shape[1], 4) + 3,
                                      0.4 * max(matrix.shape[0], 3) + 1.8))
    ax.imshow(matrix.to_numpy(), cmap="Blues", aspect="auto")
    ax.set_xticks(range(matrix.shape[1]), [ar(names.get(c, c)) for c in matrix.columns],
                  rotation=40, ha="right")
    ax.set_yticks(range(matrix.shape[0]), [ar(str(i)) for i in matrix.index])
    peak = matrix.to_numpy().max() if matrix.size else 0
    for (i, j), value in pd.DataFrame(matrix.to_numpy()).stack().items():
        if value:
            ax.text(j, i, str(value), ha="center", va="center", fontsize=9,
                    color="white" if value > peak / 2 else "black")
    ax.set_title(ar(title))
    ax.figure.tight_layout()
    return ax
