"""Precision and recall of the events table against a hand-annotated gold table (the seeds'
``tests/data/seed_events.csv``); the dev-corpus evaluation is :mod:`marsad.events.evaluate`."""

from __future__ import annotations

import pandas as pd

from marsad.datafiles import read_table
from marsad.events.entities import Entity, _entity, _gazetteer_index, _side
from marsad.events.lexicon import Lexicon, default_lexicon

GOLD_COLUMNS = ("article_id", "sentence", "action", "mode", "status", "actor1", "actor2",
                "location", "date")


def _gold_entity(name: str) -> Entity | None:
    if not name:
        return None
    for e in _gazetteer_index().by_id.values():
        if name in (e.name_en, e.name_ar, e.id):
            return e
    raise ValueError(f"gold actor {name!r} is not a gazetteer name (name_en, name_ar or id)")


def score_events(events: pd.DataFrame, gold: pd.DataFrame, *,
                 lexicon: Lexicon | None = None) -> dict:
    """Precision and recall of ``events`` against a gold table (:data:`GOLD_COLUMNS`).

    A predicted row matches a gold row when the article is the same, the gold ``sentence``
    text occurs in the predicted sentence, the action is the same, each actor matches (same
    entity, or a person and their country; an empty gold actor matches anything; order ignored
    for symmetric types) and, where the gold ``date`` is given, the predicted ``date`` equals
    it. Matching is one-to-one. Only predictions in the gold's articles count.
    """
    lex = lexicon or default_lexicon()
    preds = events[events["article_id"].isin(set(gold["article_id"]))].to_dict("records")
    gold_rows = gold.fillna("").to_dict("records")
    edges: list[list[int]] = []
    for g in gold_rows:
        g1, g2 = _gold_entity(g["actor1"]), _gold_entity(g["actor2"])
        symmetric = lex.symmetric_pair(g["action"], g["mode"])
        ok = []
        for pi, p in enumerate(preds):
            if p["article_id"] != g["article_id"] or p["action"] != g["action"]:
                continue
            if g["sentence"] not in p["sentence"] or (g["date"] and p["date"] != g["date"]):
                continue
            p1, p2 = _entity(p["actor1_id"]), _entity(p["actor2_id"])
            orders = [(p1, p2), (p2, p1)] if symmetric else [(p1, p2)]
            if any(all(gx is None or _side(gx, px) in ("same", "country")
                       for gx, px in ((g1, q1), (g2, q2))) for q1, q2 in orders):
                ok.append(pi)
        # prefer predictions of the same mode (tried first by the matching below)
        edges.append(sorted(ok, key=lambda pi, g=g: (preds[pi]["mode"] != g["mode"], pi)))
    owner: dict[int, int] = {}  # prediction → gold (maximum bipartite matching)

    def augment(gi: int, seen: set[int]) -> bool:
        for pi in edges[gi]:
            if pi in seen:
                continue
            seen.add(pi)
            if pi not in owner or augment(owner[pi], seen):
                owner[pi] = gi
                return True
        return False

    for gi in range(len(gold_rows)):
        augment(gi, set())
    used = set(owner)
    matches = sorted((gi, preds[pi]["event_id"]) for pi, gi in owner.items())
    matched = {gi for gi, _ in matches}
    return {
        "precision": len(used) / len(preds) if preds else 0.0,
        "recall": len(matched) / len(gold_rows) if gold_rows else 0.0,
        "n_pred": len(preds), "n_gold": len(gold_rows), "n_match": len(matches),
        "missed": [gold_rows[i] for i in range(len(gold_rows)) if i not in matched],
        "spurious": [preds[i] for i in range(len(preds)) if i not in used],
    }


QUALITY_FILE = "events_quality.csv"  # in marsad/data: written by evaluate --write-quality
QUALITY_COLUMNS = ("measure", "precision", "recall", "f1", "n_pred", "n_gold")


def quality() -> pd.DataFrame:
    """The extractor's scores on the held-out half of the dev gold, as shipped
    (``marsad/data/events_quality.csv``, written by ``python -m marsad.events.evaluate
    --write-quality``; a test keeps it equal to what the evaluator measures today): one row per
    measure, ``precision``/``recall``/``f1`` as numbers (empty = not measured)."""
    table = read_table(QUALITY_FILE, QUALITY_COLUMNS).drop(columns=["line"])
    for column in QUALITY_COLUMNS[1:]:
        table[column] = pd.to_numeric(table[column].replace("", None))
    table = table.astype({"n_pred": "Int64", "n_gold": "Int64"})
    return table.drop(columns=[c for c in ("note",) if c in table])


def quality_summary(table: pd.DataFrame) -> str:
    """How far to trust the events table, in one paragraph computed from :func:`quality`."""
    row = table.set_index("measure")

    def pct(measure: str, column: str) -> str:
        value = row.loc[measure, column]
        return "?" if pd.isna(value) else f"{value:.0%}"

    return (f"On the held-out half of the dev gold ({int(row.loc['mentions', 'n_gold'])} event "
            f"mentions marked by a reader in articles the rules were never tuned on): "
            f"{pct('mentions', 'precision')} of the rows found are real event mentions and "
            f"{pct('action and mode', 'precision')} of those have the right type; actor 1 is "
            f"right in {pct('actor 1', 'precision')} of the rows that name one, actor 2 in "
            f"{pct('actor 2', 'precision')}; {pct('whole event', 'precision')} of the rows are "
            f"right in every field. The extractor finds {pct('mentions', 'recall')} of the "
            f"mentions a reader marks: counts per actor, type or month are undercounts, and each "
            f"row should be cited with its sentence after checking its actors.")
