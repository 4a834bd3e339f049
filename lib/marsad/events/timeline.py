"""The timeline: :func:`merge_timeline` merges the mentions of one real-world event across
articles (compatible actors, places and dates), one row per event with its confidence."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import pandas as pd

from marsad.dates import WINDOW_BASES
from marsad.events.entities import Entity, _entity, _places_ok, _side
from marsad.events.extract import _interval
from marsad.events.lexicon import Lexicon, default_lexicon

CONFIDENCES = ("high", "medium", "low")  # of a timeline row: see timeline_confidence
PRECISION_RANK = {"day": 4, "week": 3, "month": 2, "year": 1}
TIMELINE_COLUMNS = [
    "event_id", "date", "date_end", "date_precision", "action", "mode", "status",
    "actor1", "actor1_ar", "actor1_country", "actor2", "actor2_ar", "actor2_country",
    "location", "location_ar", "article_ids", "n_articles", "n_mentions", "evidence",
    "evidence_id", "mention_ids", "date_hint", "date_basis", "confidence",
]

@dataclass
class _Mention:
    row: dict
    span: tuple[date, date] | None
    slack: int
    symmetric: bool
    a1: Entity | None
    a2: Entity | None
    loc: Entity | None
    hint: str
    after: date | None
    before: date | None
    explicit: bool  # dated by an explicit year in the text (not relative to the article)
    window: bool = False  # the span is a publication window (reported/planned), not a date
    recurs: bool = False  # its type recurs (event_types.csv): merged only on stated dates

    @property
    def stated(self) -> bool:
        """Does the text give this mention a date (not a window)?"""
        return self.span is not None and not self.window

    @property
    def one_sided(self) -> bool:
        return self.a1 is None or self.a2 is None


def _pair(m: _Mention, x: _Mention, anchored: bool = False) -> tuple[bool, bool] | None:
    """Are the actors compatible? Returns (swapped, both_known) or None.

    The sides named in both must agree; a side may be empty in both. An empty side is not a
    wildcard: it matches a named one only inside one article (``وخلال القمة قال بوتين`` after
    the summit of Putin and Kim), never across articles — unless ``anchored``: the one-sided
    mention sits in an event beside a mention of its own article that names both sides, which
    answers for it (see :meth:`_Cluster.fits`)."""
    same_article = anchored or m.row["article_id"] == x.row["article_id"]
    orders = [(False, x.a1, x.a2)] + ([(True, x.a2, x.a1)] if m.symmetric else [])
    for swapped, b1, b2 in orders:
        s1, s2 = _side(m.a1, b1), _side(m.a2, b2)
        if "conflict" in (s1, s2) or {s1, s2} <= {"unknown", "empty"}:
            continue
        if "unknown" in (s1, s2) and not same_article:
            continue
        return swapped, s1 not in ("unknown", "empty") and s2 not in ("unknown", "empty")
    return None


@lru_cache(maxsize=65_536)
def _hint_ok(hint: str, span: tuple[date, date]) -> bool:
    """Does the day interval contain a day matching the hint (month=09, weekday=3 …)?"""
    if not hint:
        return True
    key, value = hint.split("=")
    lo, hi = span
    if (hi - lo).days > 400:
        return True
    days = (lo + timedelta(days=i) for i in range((hi - lo).days + 1))
    if key == "month":
        return any(d.month == int(value) for d in days)
    if key == "month-day":
        mm, dd = (int(v) for v in value.split("-"))
        return any(d.month == mm and d.day == dd for d in days)
    return any(d.isoweekday() == int(value) for d in days)


def _compatible(m: _Mention, x: _Mention, anchored: bool = False) -> tuple[bool, bool] | None:
    """Can mentions ``m`` and ``x`` be one event? (swapped, both actors known) or None."""
    if m.row["action"] != x.row["action"] or m.row["mode"] != x.row["mode"]:
        return None
    sm, sx = m.row["status"], x.row["status"]
    if (sm == "denied") != (sx == "denied"):
        return None
    if m.recurs and (not (m.stated and x.stated) or m.row["article_id"] == x.row["article_id"]
                     or _span_days(m.span) > RECURRING_SPAN_DAYS
                     or _span_days(x.span) > RECURRING_SPAN_DAYS):
        return None  # two strikes told apart in one article are two; across articles a stated
        # date of a day or a week must say they are one (a month holds many strikes)
    pair = _pair(m, x, anchored)
    if pair is None or not _places_ok(m.loc, x.loc):
        return None
    if m.span is not None and x.span is not None:
        slack = timedelta(days=max(m.slack, x.slack))
        if m.span[0] - slack > x.span[1] or x.span[0] - slack > m.span[1]:
            return None
        return pair
    if (sm == "planned") != (sx == "planned"):
        return None  # an undated plan is not matched to what happened
    for u, v in ((m, x), (x, m)):
        if u.span is None and v.span is not None:
            if not _hint_ok(u.hint, v.span):
                return None
            if u.after is not None and v.span[1] <= u.after:
                return None
            if u.before is not None and v.span[0] > u.before and u.row["status"] != "planned":
                return None
    if m.span is None and x.span is None and not _hints_agree(m.hint, x.hint):
        return None
    return pair


UNDATED_PUBLISHED_WITHIN = 31  # days between articles whose undated mentions may merge
RECURRING_SPAN_DAYS = 7  # a recurring act (strike, arrest, protest) merges on a day or a week


def _span_days(span: tuple[date, date] | None) -> int:
    """Days an interval covers (0 for none)."""
    return (span[1] - span[0]).days + 1 if span else 0


def _hints_agree(a: str, b: str) -> bool:
    """Can two partial dates be the same day (month=09 and weekday=3 can; month=09 and
    month-day=10-18 cannot)?"""
    if not a or not b:
        return True
    ka, va = a.split("=")
    kb, vb = b.split("=")
    if ka == kb:
        return va == vb
    months = {k: v[:2] for k, v in ((ka, va), (kb, vb)) if k.startswith("month")}
    return len(set(months.values())) <= 1


def _mentions(events: pd.DataFrame, lex: Lexicon) -> list[_Mention]:
    types = lex.types.set_index(["action", "mode"])
    known: dict[tuple, tuple[int, bool, bool]] = {}  # (action, mode) → (slack, symmetric, recurs)
    out = []
    for row in events.to_dict("records"):
        key = (row["action"], row["mode"])
        if key not in known:
            known[key] = ((int(types.loc[key, "merge_slack_days"]),
                           bool(types.loc[key, "symmetric"] == "yes"),
                           bool(types.loc[key, "recurs"] == "yes"))
                          if key in types.index else (0, False, False))
        slack, symmetric, recurs = known[key]
        pub = row.get("published") or ""
        window = row["date_basis"] in WINDOW_BASES
        out.append(_Mention(
            row, _interval(row["date"], row["date_end"]), 0 if window else slack, symmetric,
            _entity(row["actor1_id"]), _entity(row["actor2_id"]), _entity(row["location_id"]),
            row.get("date_hint", "") or "",
            _interval(row["date_after"], row["date_after"])[1] if row.get("date_after") else None,
            date.fromisoformat(pub) if pub else None,
            row["date_basis"] in ("explicit", "named event"), window, recurs))
    return out


_BUCKET_DAYS = 30  # merge_timeline's date index: clusters by 30-day bucket


def _actors(m: _Mention) -> tuple:
    """Status and actor ids: undated mentions alike in these are twins."""
    return m.row["status"], frozenset((m.row["actor1_id"], m.row["actor2_id"]))


def _keys(m: _Mention) -> set[tuple]:
    """Action, mode and the country (else the id) of each actor: a cluster is a candidate for a
    mention only if they share one."""
    return {(m.row["action"], m.row["mode"], e.country or e.id) for e in (m.a1, m.a2)
            if e is not None}


def _side_class(e: Entity | None) -> tuple[str, str] | None:
    """Entities that :func:`_side` finds the same or a person and their country share a class:
    a person or a country is classed by its country, anything else by its id."""
    if e is None:
        return None
    return ("country", e.country) if e.type in ("person", "country") else ("id", e.id)


def _profile(m: _Mention, swapped: bool) -> tuple:
    """All that :func:`_compatible` reads of a cluster member, and its order in the cluster:
    members with the same profile answer every mention alike."""
    r = m.row
    return (r["action"], r["mode"], r["status"], m.a1, m.a2, m.loc, m.span, m.slack, m.hint,
            m.after, m.before, swapped, r["article_id"] if m.one_sided else "")


@dataclass
class _Cluster:
    """Mentions of one event, and what :func:`merge_timeline` asks of them, kept as they join.

    ``sides``: the class (:func:`_side_class`) of the actors on each side, in the order of
    the first member (None while no member names one). Every member is compatible with every
    other one in that order, so each side has one class: a mention can only fit if its own
    actors (in one order; either for symmetric types) are of the same classes."""

    window: tuple[int, int] | None  # the first member's days widened by the slack (ordinals)
    members: list[tuple[_Mention, bool]] = field(default_factory=list)  # (mention, swapped)
    profiles: dict[tuple, tuple[_Mention, bool]] = field(default_factory=dict)  # one per profile
    keys: set[tuple] = field(default_factory=set)  # the members' _keys
    sides: tuple = (None, None)
    latest_start: date = date.min  # of the dated members: a dated mention outside
    earliest_end: date = date.max  # these fits no member (all share action, mode, slack)
    articles: set[str] = field(default_factory=set)
    anchors: set[str] = field(default_factory=set)  # articles of members naming both sides
    stated: bool = False  # a member has a date the text states (not only a window)
    relative_articles: set[str] = field(default_factory=set)  # a member not dated explicitly
    published: tuple[date, date] | None = None  # earliest and latest publication of members
    planned: set[bool] = field(default_factory=set)  # which members are planned
    undated: dict[tuple, tuple[set[str], set]] = field(default_factory=dict)  # by _actors:
    # the articles and publication dates of undated members

    def add(self, m: _Mention, swapped: bool) -> tuple:
        """Add a member; return the sides before it joined."""
        aid = m.row["article_id"]
        self.members.append((m, swapped))
        self.profiles.setdefault(_profile(m, swapped), (m, swapped))
        self.keys |= _keys(m)
        self.articles.add(aid)
        if not m.one_sided:
            self.anchors.add(aid)
        self.stated = self.stated or m.stated
        if m.span is not None:
            self.latest_start = max(self.latest_start, m.span[0])
            self.earliest_end = min(self.earliest_end, m.span[1])
        else:
            articles, published = self.undated.setdefault(_actors(m), (set(), set()))
            articles.add(aid)
            published.add(m.before)
        if not m.explicit:
            self.relative_articles.add(aid)
        self.planned.add(m.row["status"] == "planned")
        if m.before is not None:
            lo, hi = self.published or (m.before, m.before)
            self.published = min(lo, m.before), max(hi, m.before)
        before = self.sides
        own = (m.a2, m.a1) if swapped else (m.a1, m.a2)
        self.sides = tuple(s if s is not None else _side_class(e)
                           for s, e in zip(before, own, strict=True))
        return before

    def fits(self, m: _Mention, need_known: bool) -> bool | None:
        """None unless ``m`` is compatible with every member (``need_known``: with both actors
        known, unless its article is already in the cluster) in one order; else that order
        (swapped or not)."""
        aid = m.row["article_id"]
        same_article = need_known and aid in self.articles
        swaps = set()
        for x, x_swapped in self.profiles.values():
            # a one-sided member is answered for by a member of its own article that names
            # both sides (m agrees with that one): across articles only its dates are checked
            xid = x.row["article_id"]
            anchored = xid != aid and ((x.one_sided and xid in self.anchors)
                                       or (m.one_sided and aid in self.anchors))
            if (xid != aid and not anchored and (m.one_sided or x.one_sided)
                    and not (m.stated and x.stated)):
                return None  # a side unnamed, a date unstated: nothing says it is one event
            res = _compatible(m, x, anchored)
            if res is None:
                return None
            swapped, both = res
            if need_known and not both and not same_article:
                return None
            swaps.add(swapped != x_swapped)
        return swaps.pop() if len(swaps) == 1 else None

    def rules_out(self, m: _Mention) -> bool:
        """Would :meth:`fits` find the undated ``m`` incompatible with some member because of a
        date or a status alone (read from the cluster's ranges and sets)? A dated member that
        ends by ``m``'s ``after``, or (``m`` not planned) starts after its publication; a member
        planned where ``m`` is not, or the other way round; denied where ``m`` is not."""
        planned = m.row["status"] == "planned"
        return ((m.after is not None and self.earliest_end <= m.after)
                or (not planned and m.before is not None and self.latest_start > m.before)
                or self.planned != {planned}
                or (m.row["status"] == "denied") != (self.members[0][0].row["status"] == "denied"))

    def twin(self, m: _Mention) -> bool:
        """Is an undated member of exactly the same actors and status as the undated ``m`` in
        the same article (when an actor is missing), else in an article published within
        :data:`UNDATED_PUBLISHED_WITHIN` days (or of unknown date)?"""
        found = self.undated.get(_actors(m))
        if found is None:
            return False
        articles, published = found
        if "" in (m.row["actor1_id"], m.row["actor2_id"]):
            return m.row["article_id"] in articles
        return m.before is None or any(
            p is None or abs((m.before - p).days) <= UNDATED_PUBLISHED_WITHIN for p in published)

    def too_far(self, m: _Mention) -> bool:
        """Was some member's article published more than the allowed days from ``m``'s?"""
        return (m.before is not None and self.published is not None
                and max(m.before - self.published[0], self.published[1] - m.before).days
                > UNDATED_PUBLISHED_WITHIN)

    def index_keys(self, action: str, mode: str, sides: tuple) -> list[tuple]:
        """Where ``merge_timeline`` files the cluster when its sides are ``sides``: by both
        classes and by each known one, undated (bucket None) and, for a dated cluster, in
        every 30-day bucket of its window."""
        if sides == (None, None):
            return []
        buckets: list[int | None] = [None]
        if self.window is not None:
            buckets += range(self.window[0] // _BUCKET_DAYS, self.window[1] // _BUCKET_DAYS + 1)
        by_side = [("side", action, mode, i, s) for i, s in enumerate(sides) if s is not None]
        return [key + (b,) for key in [("both", action, mode, *sides), *by_side]
                for b in buckets]


def _wanted(m: _Mention) -> list[tuple]:
    """The index keys (without bucket) of the clusters ``m`` may fit: those whose sides are
    of its actors' classes, in its order (either order for a symmetric type); where ``m``
    lacks an actor, every member must name the other side."""
    action, mode = m.row["action"], m.row["mode"]
    out = []
    for a, b in [(m.a1, m.a2), (m.a2, m.a1)] if m.symmetric else [(m.a1, m.a2)]:
        ca, cb = _side_class(a), _side_class(b)
        if ca is not None and cb is not None:
            out += [("both", action, mode, ca, cb), ("both", action, mode, ca, None),
                    ("both", action, mode, None, cb)]
        elif ca is not None or cb is not None:
            out.append(("side", action, mode, 0, ca) if ca is not None
                       else ("side", action, mode, 1, cb))
    return out


def merge_timeline(events: pd.DataFrame, *, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """One row per distinct real-world event (columns :data:`TIMELINE_COLUMNS`).

    Two mentions are *compatible* when they have the same action and mode, compatible actors
    (on each side the same entity, or a person and their own country; one side may be
    unknown; the order only matters for asymmetric types), compatible places (the same, one
    unknown, or in the same country), and the same denied / not-denied status. Every mention is
    checked against every member of a cluster (no chaining). Then:

    1. **Dated mentions** merge when their date intervals, widened by ``merge_slack_days`` of
       event_types.csv (a visit lasts days), overlap.
    2. **Undated mentions with date information** — ``date_hint`` (``month=09``: "September"
       without a year; ``weekday=3``: "Wednesday") or ``date_after`` (a relative date in an
       article without publication date happened after the latest explicit date of that
       article: "last Tuesday" in an article citing April 2019 is later than April 2019) —
       join a dated event only if it is the ONLY compatible one, the hint fits its dates, and
       (for articles with a publication date) it did not start after publication. Both actors
       must be known, unless the article already has a mention in that event.
    3. **Mentions with no date at all** join an event that already holds a mention of the same
       article dated *relative to that article* (not an explicit year: "آخر زيارة … عام 2019"
       is background, not the article's current event), if there is exactly one; otherwise
       they merge with undated mentions of exactly the same actors and status.

    A planned mention without a date is not matched to what happened. The date shown is the
    most precise member's; ``evidence`` is the clearest sentence (most precise date, both
    actors, a place, asserted).
    """
    lex = lexicon or default_lexicon()
    if events.empty:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    mentions = _mentions(events, lex)
    clusters: list[_Cluster] = []
    # clusters by the classes of their sides (_Cluster.index_keys): a mention looks only where
    # its actors may fit (_wanted) and checks each kind of member once (_Cluster.profiles), so
    # the work per mention does not grow with the length of an article
    index: dict[tuple, set[int]] = {}
    # clusters by (action, mode, status, actor ids): where an undated twin may be
    same_actors: dict[tuple, set[int]] = {}

    def add(ci: int, m: _Mention, swapped: bool) -> None:
        c = clusters[ci]
        action, mode = m.row["action"], m.row["mode"]
        before = c.add(m, swapped)
        if c.sides != before:
            for key in c.index_keys(action, mode, before):
                index[key].discard(ci)
            for key in c.index_keys(action, mode, c.sides):
                index.setdefault(key, set()).add(ci)
        same_actors.setdefault((action, mode, *_actors(m)), set()).add(ci)

    def new(m: _Mention) -> None:
        window = (None if m.span is None
                  else (m.span[0].toordinal() - m.slack, m.span[1].toordinal() + m.slack))
        clusters.append(_Cluster(window))
        add(len(clusters) - 1, m, False)

    def candidates(m: _Mention, buckets: Iterable[int | None]) -> list[int]:
        """The clusters ``m`` may fit, in order: filed under its wanted keys in ``buckets``
        and sharing one of its _keys (the clusters looked at before the index by classes)."""
        found = {ci for key in _wanted(m) for b in buckets for ci in index.get(key + (b,), ())}
        keys = _keys(m)
        return sorted(ci for ci in found if not keys.isdisjoint(clusters[ci].keys))

    # stated dates before windows, both sides named before one (which joins only through a
    # mention of its own article), the most precise first
    dated = sorted((m for m in mentions if m.span is not None),
                   key=lambda m: (m.window, m.one_sided,
                                  -PRECISION_RANK.get(m.row["date_precision"], 0), m.span[0],
                                  m.row["event_id"]))
    for m in dated:
        slack = timedelta(days=m.slack)
        buckets = range(m.span[0].toordinal() // _BUCKET_DAYS,
                        m.span[1].toordinal() // _BUCKET_DAYS + 1)
        options = []
        for ci in candidates(m, buckets):
            c = clusters[ci]
            if m.span[0] - slack > c.earliest_end or c.latest_start - slack > m.span[1]:
                continue  # some member's dates do not overlap: fits() would say None
            sw = c.fits(m, False)
            if sw is not None:
                options.append((ci, sw))
                if not m.window or len(options) > 1:
                    break  # a date joins the first event it fits, a window only the one
        if len(options) == 1 or (options and not m.window):
            add(options[0][0], m, options[0][1])
        else:
            new(m)
    n_dated = len(clusters)
    undated = sorted((m for m in mentions if m.span is None),
                     key=lambda m: (not (m.hint or m.after), m.row["event_id"]))
    for m in undated:
        informed = bool(m.hint or m.after)
        options = []
        for ci in candidates(m, [None]):
            c = clusters[ci]
            if (informed and c.stated or m.row["article_id"] in c.relative_articles) \
                    and not c.rules_out(m) and (sw := c.fits(m, True)) is not None:
                options.append((ci, sw))
                if len(options) > 1:
                    break  # not the only one
        if len(options) == 1:
            add(*options[0][:1], m, options[0][1])
            continue
        twins = (sorted(same_actors.get((m.row["action"], m.row["mode"], *_actors(m)), ()))
                 if _keys(m) else [])
        for ci in twins:  # undated events with exactly the same actors and status
            c = clusters[ci]
            if ci < n_dated or not c.twin(m) or c.too_far(m):
                continue
            if (sw := c.fits(m, True)) is not None:
                add(ci, m, sw)
                break
        else:
            new(m)
    rows = [_summary(c.members) for c in clusters]
    table = pd.DataFrame(rows)
    table["_undated"] = table["date"] == ""
    table = table.sort_values(["_undated", "_lo", "action", "mode", "actor1", "actor2",
                               "evidence_id"], kind="stable").drop(columns=["_undated", "_lo"])
    table["event_id"] = [f"T{n:03d}" for n in range(1, len(table) + 1)]
    return table[TIMELINE_COLUMNS].reset_index(drop=True)


def _summary(cluster: list[tuple[_Mention, bool]]) -> dict:
    def score(m: _Mention):
        r = m.row
        return (PRECISION_RANK.get(r["date_precision"], 0) if m.span else 0,
                bool(r["actor1"]) + bool(r["actor2"]), bool(r["location"]),
                r["status"] == "asserted", -len(r["sentence"]))

    members = [m for m, _ in cluster]
    best = max(members, key=lambda m: (score(m), [-ord(c) for c in m.row["event_id"]]))
    sides: list[list[Entity]] = [[], []]
    for m, swapped in cluster:
        a, b = (m.a2, m.a1) if swapped else (m.a1, m.a2)
        for k, e in enumerate((a, b)):
            if e is not None:
                sides[k].append(e)

    def pick(items: list[Entity]) -> Entity | None:
        if not items:
            return None
        counts = Counter(e.id for e in items)
        return max(items, key=lambda e: (e.type == "person", counts[e.id], e.id))

    a1, a2 = pick(sides[0]), pick(sides[1])
    places = [m.loc for m in members if m.loc is not None]
    spec = {"place": 3, "city": 2, "country": 1}
    named = Counter(places)
    loc = max(places, key=lambda e: (spec.get(e.type, 0), named[e], e.id)) if places else None
    dated = [m for m in members if m.span is not None]
    # a date the text states wins over a window (precision "window" ranks below a year)
    top = max(dated, key=lambda m: (m.stated, PRECISION_RANK.get(m.row["date_precision"], 0),
                                    [-ord(c) for c in m.row["event_id"]])) if dated else None
    statuses = {m.row["status"] for m in members}
    status = next(s for s in ("asserted", "alleged", "planned", "hypothetical", "denied")
                  if s in statuses)
    articles = sorted({m.row["article_id"] for m in members})
    hints = sorted({m.hint for m in members if m.hint})
    return {
        "event_id": "", "date": top.row["date"] if top else "",
        "date_end": top.row["date_end"] if top else "",
        "date_precision": top.row["date_precision"] if top else "unknown",
        "action": best.row["action"], "mode": best.row["mode"], "status": status,
        "actor1": a1.name_en if a1 else "", "actor1_ar": a1.name_ar if a1 else "",
        "actor1_country": a1.country if a1 else "",
        "actor2": a2.name_en if a2 else "", "actor2_ar": a2.name_ar if a2 else "",
        "actor2_country": a2.country if a2 else "",
        "location": loc.name_en if loc else "", "location_ar": loc.name_ar if loc else "",
        "article_ids": "|".join(articles), "n_articles": len(articles),
        "n_mentions": len(members), "evidence": best.row["sentence"],
        "evidence_id": best.row["event_id"],
        "mention_ids": "|".join(sorted(m.row["event_id"] for m in members)),
        "date_hint": "|".join(hints), "_lo": top.span[0] if top else date.max,
        "date_basis": (top or best).row["date_basis"],
        "confidence": timeline_confidence(len(articles), sum(
            m.stated and m.a1 is not None and m.a2 is not None for m in members)),
    }


def timeline_confidence(n_articles: int, n_strong: int) -> str:
    """How far a timeline row can be relied on, from its ``n_articles`` and its ``n_strong``
    mentions (both actors named and a date the text states, not a window): ``high`` — at
    least two articles and a strong mention; ``medium`` — a strong mention, or two articles;
    ``low`` — one article and no strong mention."""
    if n_strong and n_articles >= 2:
        return "high"
    return "medium" if n_strong or n_articles >= 2 else "low"
