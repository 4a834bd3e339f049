"""Event tables from Arabic news: who did what to whom, where and when (PLOVER types).

:func:`extract_events` reads the cleaned article bodies (``text_clean``; appended articles,
captions and tag lists are already gone) sentence by sentence and writes one row per event
*mention*; :func:`merge_timeline` merges mentions of the same real-world event across articles.

How a mention is found (all word lists are data files in ``marsad/data``):

* **Triggers** (``triggers.csv``): verbs and nouns (``زار، زيارة، التقى، قمة، اتهم، وقع …``)
  with their PLOVER ``action`` and ``mode``. Each row gives base forms; the code adds the
  regular affixes (past ``ت ا وا تا``, present ``ي ت ن`` + ``ان ون ين`` and the future ``س``,
  noun ``ال`` / ``ات`` / ``ة→ت`` + possessive pronouns, the proclitics ``و ف ب ل ك``). A
  row can ``require`` a cue class within ``window`` words (``وقع`` + اتفاقية = signing, not
  "happened"), can be cancelled by the word before it (``حفل استقبال``), can ``absorb`` a
  following trigger (``دعا X لزيارة Y``: the visit is the invitation's content and Y becomes its
  location) and says which prepositions introduce the recipient (``إلى|ل`` for a visit,
  ``مع`` for a meeting, ``-`` for a direct object).
* **Actors and places** come from :mod:`marsad.gazetteer` (whole-article matching, so short
  forms such as ``كيم`` count where the full name occurs). A title before a name is part of the
  actor phrase (``وزير الخارجية الروسي سيرغي لافروف`` is Lavrov, not Russia + Lavrov); a nisba
  adjective alone stands for its country (``الرئيس الروسي`` → Russia); capitals and the Kremlin
  used as actors stand for their country (``بيونغ يانغ`` → North Korea, location left empty);
  as the destination of a visit a city is the location and its country the recipient.
* **Roles follow the sentence**, not the order of names: a subject right before the verb (SVO,
  ``أن بوتين قبل``), else after it (VSO, ``اتهمت كوريا الجنوبية بيونغ يانغ``); gender agreement
  (``شكر`` is not followed by its subject ``كوريا``) and plural verbs (``حضّوا``: the subject is
  the pronoun) decide doubtful cases; the object follows the subject, bare or after the row's
  prepositions; a noun's genitive (``زيارة لافروف``) or ``ل`` + person is its agent;
  ``بين X و Y`` gives both sides of a meeting; coordinated names (``الولايات المتحدة وكوريا
  الجنوبية``) give one row each. A verb with no subject of its own takes the subject of the
  previous event in the sentence (Arabic drops repeated subjects). In a visit or host event the
  visitor is actor 1 and the host actor 2 (PLOVER); for symmetric types (meet, sign …) the
  order is the order of the text.
* **Status** (``asserted``, ``planned``, ``denied``, ``alleged``, ``hypothetical``): negation right before the
  trigger (``عدم توقيع``, ``لم يزر``, ``لم تتضمن خطة لتوقيع``) or inside a denial (``نفى``) →
  denied; the act someone is accused of (``اتهم X بتقديم …``) or speculation (``ربما``,
  ``يشتبه``) → alleged; future verbs (``سيزور``), scheduling cues (``من المقرر أن تجري``),
  ``زيارة مستقبلية``, invitations and a date after publication → planned; a condition
  (``إذا طلبت سيول``، ``لو``) → hypothetical. A past verb written
  with a damma (``اتُهمت روسيا``) is passive: the name after it is the object.
* **Noise filters**: a sentence with sports words (``event_cues.csv`` class ``sport``) yields
  no events; look-alikes (``وزارة`` = و + زار + ة) are listed in class ``not_trigger``; a verb
  form right after a preposition is a noun (``عن دعم``).
* **Dates**: :func:`marsad.dates.find_dates` on the sentence, resolved against ``published``.
  Each date mention is *owned* by the nearest trigger in the same clause (not across ``أن``/``إن``:
  in ``أكد الكرملين الخميس أن بوتين قبل …`` Thursday dates the statement, not the acceptance;
  not by a ``و``-coordinated trigger after it: ``وصل … الثلاثاء وغادر الخميس``). A planned
  event (by a future verb or cue — an invitation is dated the day it is made) or one told in
  the present tense (``يلتقي … الثلاثاء``) reads the dates it owns forwards: weekdays and months
  without year on or after publication. Then every trigger of the clause takes the nearest
  date of its clause as its owner resolved it (``زار … الثلاثاء والتقى …`` dates both), except
  an event noun put at another time by the word before it (``بعد``، ``عشية``، ``قبل``: role
  ``other_time_before`` of ``date_cues.csv``) for a date written before it. Dates are never
  inherited from other sentences. A mention with no date in its clause, in an article with a
  publication date, gets a **window**, not a day (:func:`marsad.dates.publication_window`;
  precision ``window``): basis ``reported`` — the 7 days up to publication — or, when planned,
  ``planned`` — publication to a year after it. Without a publication date the date columns
  stay empty (basis ``none in clause``), and a weekday or a month without year stays
  unresolved (``date`` empty, ``date_precision`` and ``date_text`` kept) with ``date_hint``
  recording what is known (``month=09``, ``weekday=3``) for the merge.

``char_start``/``char_end`` are the trigger's offsets in ``text_clean``, so
``text_clean[char_start:char_end] == trigger`` (the whole word, clitics included). A mention
needs at least one actor; mentions of the same action in one sentence whose actors are a subset
of another's are folded into it (for CONSULT across modes: the visit during which talks were
held).

The package, in the order the work flows (no module imports a later one):

* :mod:`~marsad.events.lexicon` — the data files read and compiled into a :class:`Lexicon`;
* :mod:`~marsad.events.entities` — gazetteer rows as actors and places (:class:`Entity`);
* :mod:`~marsad.events.sentence` — one sentence: tokens, actor phrases, triggers;
* :mod:`~marsad.events.roles` — actors, location and status of each trigger;
* :mod:`~marsad.events.extract` — :func:`extract_events`: dates, folding, the table's rows;
* :mod:`~marsad.events.timeline` — :func:`merge_timeline` and :func:`timeline_confidence`;
* :mod:`~marsad.events.gold` — :func:`score_events` against a hand-annotated gold table;
  :func:`quality`, the shipped held-out scores on the dev gold, and :func:`quality_summary`;
* :mod:`~marsad.events.views` — :func:`filter_events`, :func:`actor_type_matrix`, the Arabic
  labels for the notebook (its charts: :func:`marsad.plots.plot_timeline`,
  :func:`marsad.plots.plot_actor_matrix`);
* :mod:`~marsad.events.evaluate` — the scores on the dev gold (``python -m
  marsad.events.evaluate``, ``make eval``; not imported here).

Everything a notebook or another module uses is imported from ``marsad.events`` itself.
"""

from marsad.dates import BASIS_NO_PUB
from marsad.events.entities import Entity
from marsad.events.extract import BASIS_NONE, EVENT_COLUMNS, STATUSES, extract_events
from marsad.events.gold import GOLD_COLUMNS, quality, quality_summary, score_events
from marsad.events.lexicon import (
    CUE_CLASSES_REQUIRED,
    CUE_COLUMNS,
    DATA_DIR,
    EVENT_TYPE_COLUMNS,
    POS,
    TRIGGER_COLUMNS,
    EventDataError,
    Lexicon,
    Rule,
    compile_lexicon,
    default_lexicon,
    load_cues,
    load_event_types,
    load_triggers,
)
from marsad.events.timeline import (
    CONFIDENCES,
    PRECISION_RANK,
    TIMELINE_COLUMNS,
    UNDATED_PUBLISHED_WITHIN,
    merge_timeline,
    timeline_confidence,
)
from marsad.events.views import (
    action_labels,
    actor_type_matrix,
    event_labels,
    filter_events,
    type_labels,
)

__all__ = [
    "BASIS_NONE", "BASIS_NO_PUB", "CONFIDENCES", "CUE_CLASSES_REQUIRED", "CUE_COLUMNS",
    "DATA_DIR", "EVENT_COLUMNS", "EVENT_TYPE_COLUMNS", "GOLD_COLUMNS", "POS", "PRECISION_RANK",
    "STATUSES", "TIMELINE_COLUMNS", "TRIGGER_COLUMNS", "UNDATED_PUBLISHED_WITHIN", "Entity",
    "EventDataError", "Lexicon", "Rule", "action_labels", "actor_type_matrix",
    "compile_lexicon", "default_lexicon", "event_labels", "extract_events", "filter_events",
    "load_cues", "load_event_types", "load_triggers", "merge_timeline", "quality",
    "quality_summary", "score_events", "timeline_confidence", "type_labels",
]
