"""Precision and recall of the events table against a hand-annotated gold table (the seeds'
``tests/data/seed_events.csv``); the dev-corpus evaluation is :mod:`marsad.events.evaluate`."""

from __future__ import annotations

import pandas as pd

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
