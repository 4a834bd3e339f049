"""What the notebooks show of the events: filters, the actor × action matrix, Arabic labels
of event types and rows, and the two charts (:func:`plot_timeline`, :func:`plot_actor_matrix`)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from marsad.dates import WINDOW_BASES
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
