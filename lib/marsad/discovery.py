"""Names found in the corpus itself: the people, organisations, parties and places that the
built-in gazetteer lacks (issue 14).

A corpus from an outlet Marsad never saw names its own actors — a head of government, a
minister, a party, a town — that no hand-made list holds. :func:`discover` reads the cleaned
corpus and proposes them, with the evidence an analyst can check:

* **Titles** (``name_cues.csv``, role ``title``): a person's name follows a title or office —
  ``الرئيس``، ``الملك``، ``الأمير``، ``رئيس الحكومة``، ``وزير``، ``المتحدث باسم`` …; words that
  may stand between them (``السابق``, a nationality adjective: ``الرئيس التونسي الباجي …``) are
  skipped. The name is the run of name words after it: given names (``first_names.csv``),
  connectors (``بن``، ``آل``، ``عبد``، ``أبو``) and the words they join, and words rare in
  general Arabic news (fewer than :data:`RARE_PER_MILLION` per million words in the shipped 2018
  reference list) — so ``الشاهد`` after ``يوسف`` is a surname, not "the witness".
* **Heads** (role ``head``): an organisation, party or place name starts with its kind —
  ``حزب``، ``حركة``، ``وزارة``، ``هيئة``، ``جامعة``، ``مدينة``، ``ولاية`` … The name runs over the
  words that (nearly) always follow together (:data:`STABLE_SHARE` of the time: ``وزارة
  الداخلية`` and not ``وزارة الداخلية السعودية``, whose last word is the country's adjective).
* **Named after a person** (role ``eponym``): an airport, a university, a hospital, a street …
  named after someone — ``مطار الملك عبدالعزيز الدولي``، ``جامعة الملك سعود``، ``شارع الحبيب
  بورقيبة`` — is one name of the head's type, read like a head's name, and never the person
  (no «عبدالعزيز الدولي», no King Saud in every mention of his university); one seen once
  is a name too, its core (head, title, name) only.
* **Spelling variants** are one entity: names whose :func:`name_key` agrees (spaces after
  ``عبد``/``أبو`` (``عبدالعزيز`` = ``عبد العزيز``), ج = غ, ئ = ي, ؤ = و; hamza, ة/ه and ى/ي are
  already one after normalization); a name that extends another by ``بن …`` / ``آل …``
  (``محمد بن نايف بن عبدالعزيز``) is the same person — unless a royal title introduces the
  shorter one and never the longer (الملك فهد بن عبدالعزيز, not the governor فهد بن عبدالعزيز
  بن معمر); so is a name with the father's given name in the middle (فادي محمد البطش =
  فادي البطش). The most frequent spelling is the name.
  A variant of a built-in entity becomes an alias of it, not an entity of its own.
* **Short forms**: the surname of a person named in full (``السبسي``, ``الشاهد``) counts for them
  in a text that also names them in full (a gazetteer short form), when no other name found
  shares it; a title that introduces the same person in most of its uses (``خادم الحرمين
  الشريفين`` → the king) does too, and its titled forms (``خادم الحرمين الشريفين الملك سلمان بن
  عبدالعزيز آل سعود``) become one mention.

* **Names too famous to be rare**: two words a person's definite title introduces again and
  again (``النجم البرتغالي كريستيانو رونالدو``، ``الزعيم الليبي الراحل معمر القذافي``) are a
  person however common they are in general news — seen :data:`MIN_COUNT` times in
  :data:`MIN_DOCS` articles, the first word followed by the second in :data:`STABLE_SHARE` of
  its uses there; not a noun and its genitive (``حامل اللقب``) or adjective (``جولة
  دبلوماسية``), and not after an indefinite title (``رئيس | دائرة التحكيم``: what it heads).

* **Surnames that are common words**: a name read whose uses are mostly followed by one word
  that could be a surname is the front of a longer name (``محمد جواد | ظريف``، ``أحمد داود |
  أوغلو``): the longer name is the candidate.

* **Given names alone and kingdoms by their kind**: ``الملك سلمان`` is the one person found
  with that given name and that title (``given_alone`` titles); ``المملكة`` alone is the
  kingdom two in three of the corpus's named uses name (``state`` words, :data:`STATE_SHARE`).

A candidate is accepted when it occurs at least :data:`MIN_COUNT` times in at least
:data:`MIN_DOCS` articles and has evidence of its kind (a title or a head) — a person
introduced by a title even once (:data:`MIN_COUNT_TITLED`, :data:`TITLED_REACH`); every candidate,
accepted or not, is listed with its count, articles, variants, evidence and two example
sentences (:data:`ENTITY_COLUMNS`, notebook 02's ``entities.csv``). :func:`corpus_gazetteer`
adds the accepted ones (and an analyst's own file) to the built-in layers, for
:func:`marsad.gazetteer.use`.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from marsad import gazetteer, keywords
from marsad.clitics import CONJUNCTIONS, PREPOSITIONS, PRONOUN_SUFFIXES, proclitics_before_article
from marsad.datafiles import DataFileError, read_table, yes
from marsad.normalize import normalize, normalize_with_offsets
from marsad.sentences import split_sentences
from marsad.word_classes import stopword_set

#: A word this rare in general news (per million words of the 2018 reference) may be a name.
RARE_PER_MILLION = 20.0
#: A word this frequent there is a word of general news (a proclitic before it is no name).
KNOWN_PER_MILLION = 2.0
#: A name found must occur this often, in this many articles, to be counted as one term.
MIN_COUNT = 3
MIN_DOCS = 2
#: … but a person introduced by a title is a name, even once — unless the words occur more
#: than TITLED_REACH times for each titled use (بأن على: "that … must", once after a title).
MIN_COUNT_TITLED = 1
TITLED_REACH = 10
#: A state word alone (المملكة) is the country that this share of its named uses name
#: (المملكة العربية السعودية against المملكة المتحدة, المغربية …), seen at least MIN_COUNT times:
#: 96 of 127 in Saudi papers; 124 of 224 (Saudi Arabia against the UK) in the 2018 corpus, none.
STATE_SHARE = 2 / 3
#: A head's name runs on while the next word follows it this share of the time.
STABLE_SHARE = 0.6
#: At most this many words after a title or a head.
MAX_WORDS = 6
#: A title is a person's short form when this share of its titled uses name that person.
TITLE_SHARE = 0.6
#: A place found after a place word (مدينة، ولاية …) must stand where places stand — after
#: في/إلى/من/قرب or a place word, or with ب/ل attached — in this share of its uses: not
#: جديدة (مدينة جديدة) or عسكرية (منطقة عسكرية). A word common in general news (الوقت،
#: الجنوب، الجزاء: منطقة الجزاء) must also follow at least two different place words
#: (محافظة الحديدة، مدينة الحديدة).
PLACE_SHARE = 0.3
#: … and of these, a place word or في/إلى/من/قرب right before it — not ب/ل attached alone —
#: in this share of its uses: بحجة is 'under the pretext', بالتمور 'with dates' (حجة، التمور).
PLACE_STRICT_SHARE = 0.2
PLACE_HEADS_IF_COMMON = 2
#: … and follow a place word in this share of all its uses (العاصمة، وسط: rarely).
PLACE_HEADED_IF_COMMON = 0.1
#: The columns of the table :func:`discover` returns (``entities.csv``).
ENTITY_COLUMNS = ["name_ar", "type", "status", "count", "docs", "titled", "variants",
                  "short_forms", "evidence", "origin", "id", "example_1", "example_2"]
ORIGINS = ("builtin", "discovered", "user")
ROLES = ("title", "modifier", "head", "eponym", "connector", "locative", "state", "phrase",
         "apposition")

_TOKEN = re.compile(r"[^\W_]+|[^\w\s]+")
_WORD = re.compile(r"[^\W_]+")
_CLITIC = re.compile(f"^(?:[{CONJUNCTIONS}]?[{PREPOSITIONS}]?)")
#: Pronoun suffixes a word of general news may carry after a name (موقفها، قادتهم، صفقاته).
#: A final ه is ة once normalized (مغنية، حمامة are names): it counts only after ات, where no
#: ة can stand.
_PRONOUN_SUFFIXES = sorted((x for x in PRONOUN_SUFFIXES if x.startswith("ه")), key=len,
                           reverse=True)  # the third person: ه، ها، هما، هم، هن


# ---------------------------------------------------------------------------------------------
# cues: titles, heads, connectors, given names (data files)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cues:
    """The word lists discovery reads, normalized: titles (token tuple → type), modifiers,
    heads (word → type), connectors, given names."""

    titles: dict[tuple[str, ...], str]
    modifiers: frozenset[str]
    heads: dict[str, str]
    connectors: frozenset[str]
    first_names: frozenset[str]
    locatives: frozenset[str]  # words before a place's name, place heads included
    ambiguous: frozenset[str]  # given names that are also common words (حسن، عيد، علي)
    short_tail: frozenset[str]  # heads whose name without them is a short form (حركة النهضة)
    alone: frozenset[tuple[str, ...]]  # titles that name a person by a given name alone
    states: dict[str, str]  # words that name a country by its kind, normalized → written
    eponyms: dict[str, str]  # heads of what is named after a person (مطار الملك …) → type
    phrases: frozenset[tuple[str, str]]  # a head and a word that make a common phrase, no name
    appositions: frozenset[str] = frozenset()  # words after a name that rename it (المعروف)

    @property
    def longest_title(self) -> int:
        return max(map(len, self.titles), default=1)


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """``name_cues.csv`` (``cue, role, type, short_tail, note``) and ``first_names.csv``
    (``name, ambiguous, note``)."""
    table = read_table("name_cues.csv", ("cue", "role", "type"), ("short_tail", "given_alone"))
    titles: dict[tuple[str, ...], str] = {}
    heads: dict[str, str] = {}
    modifiers, connectors, locatives, short_tail, appositions = set(), set(), set(), set(), set()
    alone, states, eponyms, phrases = set(), {}, {}, set()
    for row in table.itertuples(index=False):
        words = tuple(normalize(row.cue).split())
        where = f"marsad/data/name_cues.csv, line {row.line}"
        if row.role not in ROLES:
            raise DataFileError(f"{where}: role {row.role!r} is not one of {ROLES}")
        if row.role in ("title", "head", "eponym") and row.type not in gazetteer.TYPES:
            raise DataFileError(f"{where}: type {row.type!r} is not one of {gazetteer.TYPES}")
        if row.role == "title":
            titles[words] = row.type
            if yes(row.given_alone, where=where):
                alone.add(words)
        elif row.role == "state":
            if len(words) != 1:
                raise DataFileError(f"{where}: a state word is one word")
            states[words[0]] = row.cue
        elif row.role in ("head", "eponym"):
            if len(words) != 1:
                raise DataFileError(f"{where}: a {row.role} is one word")
            if row.role == "eponym":
                eponyms[words[0]] = row.type
                continue
            heads[words[0]] = row.type
            if yes(row.short_tail, where=where):
                short_tail.add(words[0])
        elif row.role == "phrase":
            if len(words) != 2:
                raise DataFileError(f"{where}: a phrase is a head and one word")
            phrases.add((words[0], words[1]))
        elif row.role == "modifier":
            modifiers.add(" ".join(words))
        elif row.role == "locative":
            locatives.add(" ".join(words))
        elif row.role == "apposition":
            appositions.add(" ".join(words))
        else:
            connectors.add(" ".join(words))
    locatives |= {head for head, kind in heads.items() if kind == "place"}
    names = read_table("first_names.csv", ("name",), ("ambiguous",))
    ambiguous = names["ambiguous"].map(lambda v: yes(v, where="marsad/data/first_names.csv"))
    given = frozenset(normalize(n) for n in names["name"])
    # a given name spelled like a function word once normalized (بان / بأن, علي / على) is
    # ambiguous too: it starts a name only after a title
    return Cues(titles, frozenset(modifiers), heads, frozenset(connectors), given,
                frozenset(locatives),
                frozenset(normalize(n) for n in names.loc[ambiguous, "name"])
                | (given & stopword_set()),
                frozenset(short_tail), frozenset(alone), states, eponyms, frozenset(phrases),
                frozenset(appositions))


def name_key(name: str) -> str:
    """The key that makes spelling variants of a name one: normalized, no space after ``عبد`` /
    ``ابو``, ج for غ, ي for ئ, و for ؤ, ه for ة, single spaces."""
    key = normalize(name).replace("غ", "ج").replace("ئ", "ي").replace("ؤ", "و")
    key = key.replace("ة", "ه")
    key = re.sub(r"(?<!\S)(عبد|ابو) (?=\S)", r"\1", key)
    return " ".join(key.split())


# ---------------------------------------------------------------------------------------------
# reading the corpus
# ---------------------------------------------------------------------------------------------


def _segments(text_norm: str) -> list[list[str]]:
    """The word runs of a normalized text between punctuation and line breaks."""
    out: list[list[str]] = []
    for line in text_norm.split("\n"):
        run: list[str] = []
        for token in _TOKEN.findall(line):
            if _WORD.fullmatch(token):
                run.append(token)
            elif run:
                out.append(run)
                run = []
        if run:
            out.append(run)
    return out


@dataclass
class Evidence:
    """What the corpus says about names, added up over articles (mergeable by :meth:`merge`)."""

    titled: Counter = field(default_factory=Counter)  # (name words, type) → titled uses
    titled_docs: dict = field(default_factory=lambda: defaultdict(set))
    title_of: Counter = field(default_factory=Counter)  # (title, name words) → uses
    chains: Counter = field(default_factory=Counter)  # (title, between, name words) → uses
    headed: Counter = field(default_factory=Counter)  # (head word, next words…) → uses
    headed_docs: dict = field(default_factory=lambda: defaultdict(set))
    single: Counter = field(default_factory=Counter)  # (one name word, title) → uses
    single_docs: dict = field(default_factory=lambda: defaultdict(set))
    stated: Counter = field(default_factory=Counter)  # (state word, next words…) → uses
    eponymous: Counter = field(default_factory=Counter)  # (eponym head, person, next…) → uses
    eponymous_docs: dict = field(default_factory=lambda: defaultdict(set))
    eponym_cores: Counter = field(default_factory=Counter)  # (head, title, name) → uses
    named: Counter = field(default_factory=Counter)  # name words from a given name → uses
    named_docs: dict = field(default_factory=lambda: defaultdict(set))
    # (name from a given name, the word after it) → uses: محمد جواد | ظريف، جان ايف | لودريان
    followed: Counter = field(default_factory=Counter)
    followed_docs: dict = field(default_factory=lambda: defaultdict(set))
    # (two words, none read as a name) → uses right after a person's definite title (المهاجم
    # الفرنسي | كيليان مبابي); the first word → all its uses there, whatever follows
    introduced: Counter = field(default_factory=Counter)
    introduced_docs: dict = field(default_factory=lambda: defaultdict(set))
    introduced_first: Counter = field(default_factory=Counter)
    articles: int = 0

    def merge(self, other: Evidence) -> Evidence:
        for name in ("titled", "title_of", "chains", "headed", "single", "named", "stated",
                     "eponymous", "eponym_cores", "followed", "introduced", "introduced_first"):
            getattr(self, name).update(getattr(other, name))
        for name in ("titled_docs", "headed_docs", "named_docs", "single_docs",
                     "eponymous_docs", "followed_docs", "introduced_docs"):
            mine = getattr(self, name)
            for key, docs in getattr(other, name).items():
                mine[key] |= docs
        self.articles += other.articles
        return self


class _Reader:
    """Reads titled names and headed names from word runs (see the module docstring)."""

    def __init__(self, cues: Cues, common: frozenset[str], known: frozenset[str],
                 adjectives: frozenset[str]):
        self.cues = cues
        self.common = common  # words frequent in general news: not name words on their own
        self.known = known  # words of general news at all (a proclitic before one: not a name)
        self.adjectives = adjectives
        self.stops = stopword_set()
        self.title_firsts = frozenset(words[0] for words in cues.titles)

    def given(self, word: str) -> bool:
        """A given name (``first_names.csv``) or a name built on ``عبد`` (``عبدالعزيز``)."""
        return word in self.cues.first_names or (word.startswith("عبد") and len(word) > 4)

    def rare(self, word: str, *, even_common: bool = False) -> bool:
        """A word that may be part of a name: not a function, number or date word, not common
        in general news (unless ``even_common``: a surname the corpus shows as one, ظريف), not
        a nationality adjective, and not a common word behind a proclitic (``بتوجيه``،
        ``لوكيل``، ``وسمو``)."""
        if word in self.stops or word.isdigit() or len(word) < 3 or (
                word in self.common and not even_common):
            return False
        if word in self.title_firsts or word in self.cues.heads or word in self.cues.appositions:
            return False  # رئيس، حزب، المعروف (ب…): a title, a head, a word that renames
        if word in self.adjectives or proclitics_before_article(word):
            return False  # a proclitic before the article (بالهفوف، والرياض): not a name
        if word.startswith("و"):
            return False  # و + a word (ورجاله): given names with و (وليد) are read as given
        if word.endswith("ا") and len(word) > 3:
            return False  # an accusative or adverb (اتصالا هاتفيا), not a name
        for cut in (1, 2):
            if _CLITIC.fullmatch(word[:cut]) and word[cut:] in self.known:
                return False  # a proclitic on a word of general news (وتقديره، بتوجيه),
                # in their order: not لو + دريان
        if not word.startswith("ال"):
            for suffix in _PRONOUN_SUFFIXES:
                stem = word.removesuffix(suffix)
                if stem != word and len(stem) >= 3 and stem in self.known and (
                        suffix != "ه" or stem.endswith("ات")):
                    return False  # a word of general news with a pronoun (موقفها، صفقاته)
        return True

    def _family_nisba(self, words: list[str], word: str) -> bool:
        """A family name in the form of a nisba right after a given name, however common in
        general news because of someone famous (تركي المالكي، محمد العتيبي): not a
        nationality adjective, a function word or a number word."""
        return (bool(words) and self.given(words[-1]) and word.startswith("ال")
                and word.endswith("ي") and len(word) >= 5 and word not in self.adjectives
                and word not in self.stops)

    def _name_at(self, run: list[str], j: int) -> tuple[str, ...]:
        """The name at ``run[j:]``: given names and patronymics (``محمد بن نايف بن عبدالعزيز``),
        then at most one family name (``آل سعود``، ``الطريفي``); or up to three rare words
        (``الباجي قايد السبسي`` with its given name, ``قايد السبسي`` without). Never ends on a
        connector."""
        connectors = self.cues.connectors
        words: list[str] = []
        rare_run = 0
        family = False
        while j < len(run) and len(words) < MAX_WORDS:
            word = run[j]
            if words and (words[-1] in connectors or words[-1] == "عبد"):
                if len(word) < 2 or word in self.stops and not self.given(word):
                    break
                words.append(word)
                if words[-2] in ("ال", "ابو", "ام"):
                    family = True  # آل سعود، أبو مازن: the name ends here
            elif word in connectors:
                if not words and word not in ("عبد", "ابو", "ام", "ال"):
                    break
                words.append(word)
            elif family:
                break
            elif self.given(word) and rare_run == 0:
                words.append(word)
            elif (self.rare(word) or self._family_nisba(words, word)) and rare_run < 3 and (
                    word.startswith("ال") or not {"بن", "ابن", "بنت"} & set(words)):
                words.append(word)
                rare_run += 1
                family = word.startswith("ال") and any(self.given(w) for w in words)
            else:
                break
            j += 1
        while words and (words[-1] in connectors or words[-1] == "عبد"):
            words.pop()
        return tuple(words)

    def read(self, run: list[str], doc: int, ev: Evidence) -> None:
        cues = self.cues
        i = 0
        while i < len(run):
            title = self._title_at(run, i)
            if title is not None:
                words, kind = title
                j = i + len(words)
                between: list[str] = []
                while j < len(run) and len(between) < 4 and (
                        run[j] in cues.modifiers
                        # a definite adjective agrees with the title (الرئيس التونسي);
                        # تركي after العقيد is a given name, not "Turkish"
                        or run[j] in self.adjectives and run[j].startswith("ال")
                        or self._title_at(run, j) is not None):
                    nested = self._title_at(run, j)
                    step = len(nested[0]) if nested is not None else 1
                    between += run[j:j + step]
                    j += step
                name = self._name_at(run, j)
                if len(name) < 2 and kind == "person" and words[0].startswith("ال"):
                    # النجم البرتغالي | كريستيانو رونالدو: words too common in general news
                    # to be read as a name (not after رئيس، مدير: what they head follows)
                    self._note_introduced(run, j, doc, ev)
                if len(name) == 1:  # a surname or a given name alone: a short form, maybe
                    ev.single[(name[0], words)] += 1
                    ev.single_docs[(name[0], words)].add(doc)
                    i = j + 1
                    continue
                if name:
                    key = (name, kind)
                    ev.titled[key] += 1
                    ev.titled_docs[key].add(doc)
                    ev.title_of[(words, name)] += 1
                    ev.chains[(words, tuple(between), name)] += 1
                    self._note_follower(run, j, name, doc, ev)
                    i = j + len(name)
                    continue
                i = j
                continue
            word = run[i]  # the cheap test first: most words are no eponym head
            bare = word if word in cues.eponyms or word[0] not in CONJUNCTIONS + PREPOSITIONS else \
                _CLITIC.sub("", word, count=1)
            named_after = self._eponym_at(run, i, bare) if bare in cues.eponyms else None
            if named_after is not None:  # مطار الملك عبدالعزيز: a place, not the king
                head, span = named_after
                tail = tuple(run[i + 1:i + 1 + MAX_WORDS])
                cut = next((k for k in range(span, len(tail))
                            if self._ends_head_name(tail, k)), len(tail))
                ev.eponym_cores[(head, *tail[:span])] += 1
                for k in range(span, cut + 1):
                    key = (head, *tail[:k])
                    ev.eponymous[key] += 1
                    ev.eponymous_docs[key].add(doc)
                i += 1 + span
                continue
            if self.given(run[i]) and run[i] not in cues.ambiguous and (
                    i == 0 or not (self.given(run[i - 1]) or run[i - 1] in cues.connectors)):
                name = self._name_at(run, i)  # given name + surname or father's name
                if len(name) >= 2:
                    ev.named[name] += 1
                    ev.named_docs[name].add(doc)
                    self._note_follower(run, i, name, doc, ev)
                    i += len(name)
                    continue
            head = _CLITIC.sub("", run[i], count=1) if run[i] not in cues.heads else run[i]
            if (head in cues.heads or head in cues.states) and i + 1 < len(run):
                tail = tuple(w for w in run[i + 1:i + 1 + MAX_WORDS])
                definite = head.startswith("ال") and head in cues.heads
                cut = next((k for k, w in enumerate(tail)
                            if self._ends_head_name(tail, k, definite)), len(tail))
                tail = tail[:cut]
                if head in cues.states:  # المملكة العربية السعودية: which country it is
                    ev.stated.update((head, *tail[:k]) for k in range(min(len(tail), 3) + 1))
                else:
                    for k in range(1, len(tail) + 1):
                        key = (head, *tail[:k])
                        ev.headed[key] += 1
                        ev.headed_docs[key].add(doc)
            elif head in cues.states:
                ev.stated[(head,)] += 1  # at the end of a run
            i += 1

    def _note_introduced(self, run: list[str], j: int, doc: int, ev: Evidence) -> None:
        """Two words at ``run[j]`` after a person's definite title, when they could be a name
        whatever their frequency in general news (كيليان مبابي), and the word after them."""
        if j + 1 < len(run):
            first, second = run[j], run[j + 1]
            ev.introduced_first[first] += 1
            if not first.startswith("ال") and self.rare(first, even_common=True) \
                    and self.rare(second, even_common=True):
                ev.introduced[(first, second)] += 1
                ev.introduced_docs[(first, second)].add(doc)
                self._note_follower(run, j, (first, second), doc, ev)

    @staticmethod
    def _note_follower(run: list[str], i: int, name: tuple[str, ...], doc: int,
                       ev: Evidence) -> None:
        """The word after ``name`` read at ``run[i]`` (محمد جواد | ظريف)."""
        if i + len(name) < len(run):
            key = (name, run[i + len(name)])
            ev.followed[key] += 1
            ev.followed_docs[key].add(doc)

    def _ends_head_name(self, tail: tuple[str, ...], k: int, definite: bool = False) -> bool:
        """Whether an organisation's or place's name stops before ``tail[k]``: a function
        word (not و + a word: وينبع), a title after the first word (نادي الهلال | الأمير …),
        or ب on a word of general news (الهيئة الملكية | بإدارة، | بالمنطقة الشرقية). After a
        ``definite`` head (الهيئة، اللجنة) the name opens with an adjective (not الشركة
        توقعاتها) — one spelt like a function word only when what the body is for follows
        (الهيئة العامة للسياحة; not المنظمة التي …) — and a given name ends it (الاتحاد السعودي
        للسهام | إبراهيم الدوسري)."""
        word = tail[k]
        if definite and k == 0:  # an adjective spelt like a function word only before ل…
            return not word.startswith("ال") or (word in self.stops and not (
                len(tail) > 1 and tail[1].startswith("ل")))  # not المنظمة التي، المحكمة العامة صدر
        if definite and self.given(word):
            return True
        if word in self.stops and not word.startswith("و"):
            return True
        if k >= 1 and self._title_at(list(tail), k) is not None:
            return True
        return word.startswith("ب") and len(word) > 3 and (
            word[1:] in self.known or word[1:].startswith("ال"))

    def _eponym_at(self, run: list[str], i: int, head: str) -> tuple[str, int] | None:
        """An institution or facility named after a person at ``run[i]``: an ``eponym`` head
        (مطار، جامعة، مستشفى، شارع …) and a person's title and name (مطار الملك عبدالعزيز،
        جامعة الإمام محمد بن سعود) or a given name and a surname (شارع الحبيب بورقيبة) →
        the head (``run[i]`` without its proclitic) and how many words the title and name
        take."""
        if i + 1 >= len(run):
            return None
        j = i + 1
        title = self._title_at(run, j)
        if title is not None:
            if title[1] != "person":
                return None
            j += len(title[0])
            name = self._name_at(run, j)
            if title[0] not in self.cues.alone and not any(map(self.given, name)):
                return None  # مركز المهاجم الصريح: a striker's position
            if title[0] in self.cues.alone:  # a royal's name goes on by بن/آل, not by a
                # second given name: مستشفى الملك خالد | محمد النشمي (its director)
                second = (k for k in range(1, len(name)) if self.given(name[k])
                          and name[k - 1] not in self.cues.connectors)
                name = name[:next(second, len(name))]
        elif self.given(run[j]) and run[j] not in self.cues.ambiguous:
            name = self._name_at(run, j)
            if _units(name, self.cues.connectors) < 2:
                return None
        else:
            return None
        if not name or j + len(name) - i - 1 > MAX_WORDS:
            return None
        return head, j + len(name) - i - 1

    def _title_at(self, run: list[str], i: int) -> tuple[tuple[str, ...], str] | None:
        """The longest title starting at ``run[i]`` (a proclitic on its first word allowed)."""
        titles = self.cues.titles
        first = run[i]
        bare_first = _CLITIC.sub("", first, count=1)
        if first not in self.title_firsts and bare_first not in self.title_firsts:
            return None  # most words: no title starts here
        for n in range(min(self.cues.longest_title, len(run) - i), 0, -1):
            words = tuple(run[i:i + n])
            if words in titles:
                return words, titles[words]
            bare = (bare_first, *words[1:])
            if bare != words and len(bare[0]) >= 2 and bare in titles:
                return bare, titles[bare]
        return None


@lru_cache(maxsize=4)
def _reference_words(per_million: float) -> frozenset[str]:
    """Words of the shipped reference list at least ``per_million`` per million words."""
    ref = keywords.reference()
    floor = per_million * ref.total / 1e6
    return frozenset(ref.counts.loc[ref.counts["count"] >= floor, "term"])


def _reader(base: pd.DataFrame | None = None) -> _Reader:
    table = gazetteer.active().table if base is None else base
    adjectives = frozenset(gazetteer.alias_key(a) for items in table["adjectives"]
                           for a in gazetteer.split_list(items))
    # a country whose name is its feminine adjective (السعودية) is an adjective too after a
    # title: الناشطة السعودية | نجلاء …
    adjectives |= {key for key in map(gazetteer.alias_key, table.loc[table["type"] == "country",
                                                                     "name_ar"])
                   if _definite_feminine_nisba(key)}
    return _Reader(load_cues(), _reference_words(RARE_PER_MILLION),
                   _reference_words(KNOWN_PER_MILLION), adjectives)


def gather(texts_norm: Iterable[str], first_doc: int = 0,
           base: pd.DataFrame | None = None) -> Evidence:
    """The :class:`Evidence` of normalized texts (numbered from ``first_doc``), against the
    entities of ``base`` (default: the active gazetteer)."""
    reader = _reader(base)
    ev = Evidence()
    for doc, text in enumerate(texts_norm, start=first_doc):
        ev.articles += 1
        if isinstance(text, str):
            for run in _segments(text):
                reader.read(run, doc, ev)
    return ev


# ---------------------------------------------------------------------------------------------
# candidates → entities
# ---------------------------------------------------------------------------------------------


@dataclass
class _Candidate:
    words: tuple[str, ...]
    type: str
    titled: int = 0
    headed: int = 0
    named: int = 0  # uses read from a given name (نادين لبكي), title or none
    common: bool = False  # holds a word common in general news
    docs: set = field(default_factory=set)
    evidence: str = ""
    spellings: Counter = field(default_factory=Counter)
    introduced: bool = False  # two words a title introduces again and again (كيليان مبابي)


def _headed_names(headed: Counter, headed_docs: dict, common: frozenset[str],
                  places: frozenset[str] = frozenset()
                  ) -> list[tuple[tuple[str, ...], int, set]]:
    """Head phrases at their stable length: extended while the next word follows the phrase
    :data:`STABLE_SHARE` of the time, and not kept when usually cut from a longer name — most
    often followed by a nisba (وكالة الأنباء الفرنسية/السعودية …), ending on a common word
    without the article that asks for a genitive (مجلس إدارة …), or a definite head with its
    adjectives only (الهيئة العامة …: :func:`_described`). A place's name is read over
    all its ``places`` words together (مدينة سوسة، ولاية سوسة), and returned with the most
    frequent. ``headed``: (head, next words…) → uses; ``headed_docs``: → articles."""
    counts: Counter = Counter()
    docs: dict[tuple[str, ...], set] = defaultdict(set)
    place_head: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for key, n in headed.items():
        if key[0] in places:  # keyed by the place's name: ("", سوسة)
            counts[("", *key[1:])] += n
            docs[("", *key[1:])] |= headed_docs[key]
            place_head[("", *key[1:])][key[0]] += n
        else:
            counts[key] += n
            docs[key] |= headed_docs[key]
    by_prefix: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    for key in counts:
        by_prefix[key[:-1]].append(key)
    out = []
    kept: set[tuple[str, ...]] = set()
    covered: set[tuple[str, ...]] = set()  # a kept name and a word after it: no name
    for key in sorted(counts, key=lambda k: (len(k), k)):
        n = counts[key]
        if key[:-1] in kept or key[:-1] in covered:
            covered.add(key)  # مجلس الوزراء الموافقة، وزارة الداخلية السعودية
            continue
        if len(key) < 2 or n < (2 if key[0] == "" else MIN_COUNT):
            continue
        children = by_prefix.get(key, ())
        if any(counts[k] >= STABLE_SHARE * n for k in children):
            continue  # it runs on
        followed = sum(counts[k] for k in children)
        if sum(counts[k] for k in children if _nisba(k[-1])) >= STABLE_SHARE * n or (
                followed >= STABLE_SHARE * n and (
                    not key[-1].startswith("ال") and key[-1] in common
                    or _described(key))):
            continue  # usually cut from a longer name
        words = key if key[0] else (place_head[key].most_common(1)[0][0], *key[1:])
        kept.add(key)
        out.append((words, n, docs[key]))
    return out


def _described(key: tuple[str, ...]) -> bool:
    """A definite head and its adjectives only (الهيئة العامة، الاتحاد السعودي): a
    description of a kind of body, which a name completes with what it is for (الهيئة العامة
    للسياحة والتراث الوطني، الاتحاد السعودي لكرة القدم)."""
    return key[0].startswith("ال") and all(w.startswith("ال") for w in key[1:])


def _keys_of(table: pd.DataFrame) -> dict[str, str]:
    """:func:`name_key` of every spelling of ``table`` → the entity id that has it."""
    out: dict[str, str] = {}
    for rec in table.itertuples(index=False):
        for alias, _kind in gazetteer._entity_aliases(rec.name_ar, rec.aliases, rec.adjectives,
                                                      rec.short_aliases):
            out.setdefault(name_key(alias), rec.id)
    return out


def _units(words: tuple[str, ...], connectors: frozenset[str]) -> int:
    """How many names ``words`` holds: ``عبد الله`` and ``أبو مازن`` are one."""
    return sum(1 for k, w in enumerate(words)
               if w not in connectors and (k == 0 or words[k - 1] not in ("عبد", "ابو", "ام")))


def _nisba(word: str) -> bool:
    """A nisba adjective in form (ends in ي or يه: الدولي، البلدي، العمومية)."""
    return word.endswith(("ي", "يه"))


def _definite_feminine_nisba(word: str) -> bool:
    """A definite feminine nisba in form (السعودية، الرياضية): an adjective that agrees with
    a feminine noun — never a man's surname, and after a title not a name's first word."""
    return word.startswith("ال") and word.endswith("يه")


def _common_adjective(word: str, common: frozenset[str]) -> bool:
    """An indefinite nisba adjective of general news, common in both genders (إرهابية and
    إرهابي، حكومي and حكومية): after a head it describes the body (جماعة إرهابية، لجنة
    برلمانية), it does not name it — unlike تنمية (صندوق تنمية الموارد البشرية) or a name
    ending in ي (نادي تشيلسي)."""
    if word.startswith("ال") or not _nisba(word) or word not in common:
        return False
    other = word[:-1] if word.endswith("يه") else word + "ه"
    return other in common


def candidates(ev: Evidence, base: pd.DataFrame | None = None) -> list[_Candidate]:
    """Every name the evidence proposes, variants clustered (see the module docstring)."""
    cues = load_cues()
    titles = {words[0] for words in cues.titles}  # a title starts here (مدينة الملك …)
    found: dict[str, _Candidate] = {}
    named_already = _keys_of(gazetteer.active().table if base is None else base)

    def add(words: tuple[str, ...], kind: str, n: int, docs: set, evidence: str,
            spelling: tuple[str, ...] | None = None) -> None:
        if all(w in reader.stops or w in cues.ambiguous or w in cues.connectors
               for w in words):
            return  # بأن على (= بان علي): words of a sentence, whatever they could name
        if any(name_key(" ".join(words[:k])) in named_already for k in range(2, len(words))):
            return  # الرئيس فلاديمير بوتين | سيد الكرملين: a known name and what follows it
        key = name_key(" ".join(words))
        cand = found.get(key)
        if cand is None:
            cand = found[key] = _Candidate(words, kind, evidence=evidence)
        cand.titled += n if evidence == "title" else 0
        cand.headed += n if evidence == "head" else 0
        cand.named += n if evidence == "given name" else 0
        cand.docs |= docs
        cand.spellings[" ".join(words)] += n
        if spelling is not None:
            cand.spellings[" ".join(spelling)] += 0  # the headed form: an alias

    reader = _reader(base)
    uses: Counter = Counter(ev.named) + Counter(ev.introduced)
    for (words, _kind), n in ev.titled.items():
        uses[words] += n
    after: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for (words, nxt), n in ev.followed.items():
        after[words][nxt] += n

    def follower(words: tuple[str, ...]) -> tuple[str, int]:
        """The word after ``words`` in most of their uses, with its count, or ("", 0)."""
        nxt, m = max(after[words].items(), key=lambda x: x[1], default=("", 0))
        return (nxt, m) if m >= STABLE_SHARE * uses[words] else ("", 0)

    def surname(words: tuple[str, ...]) -> str:
        """A common word that follows a name in most of its uses as its surname (محمد جواد |
        ظريف، جان ايف | لودريان): the name read was the front of a longer one — not a
        feminine adjective (مدينة الأمير عبدالله بن جلوي | الرياضية) nor a name of its own
        (… | السويد)."""
        nxt, m = follower(words)
        return nxt if m >= MIN_COUNT and reader.rare(nxt, even_common=True) \
            and len(ev.followed_docs[(words, nxt)]) >= MIN_DOCS \
            and not _definite_feminine_nisba(nxt) \
            and name_key(nxt) not in named_already else ""

    for (words, kind), n in ev.titled.items():
        if _units(words, cues.connectors) < 2:
            continue
        named = [w for w in words if w not in cues.connectors]
        if not any(map(reader.given, named)) and any(w in reader.known for w in named):
            continue  # no given name, and a word of general news (برقية تهنئة): no name
        longer = surname(words) if kind == "person" else ""
        add((*words, longer) if longer else words, kind, n, ev.titled_docs[(words, kind)],
            "title")
    for words, n in ev.named.items():
        if _units(words, cues.connectors) >= 2 and n >= MIN_COUNT:
            longer = surname(words)
            if longer:
                add((*words, longer), "person", n, ev.named_docs[words], "given name")
                continue
            nxt, _m = follower(words)
            if nxt and nxt not in reader.stops and all(map(reader.given, words)):
                continue  # given names before some other word: a fragment, not a name
            add(words, "person", n, ev.named_docs[words], "given name")
    heads_of: dict[tuple[str, ...], set] = defaultdict(set)
    for key in ev.headed:
        if cues.heads[key[0]] == "place":
            heads_of[key[1:]].add(key[0])
    places = frozenset(h for h, kind in cues.heads.items() if kind == "place")
    for words, n, docs in _headed_names(ev.headed, ev.headed_docs, reader.common, places):
        kind, tail = cues.heads[words[0]], words[1:]
        if tail[0] in titles or tail[-1] in titles or tail[-1] in cues.connectors:
            continue  # cut before its name (مدينة الملك …)
        if (words[0], tail[0]) in cues.phrases:
            continue  # حركة المرور: traffic, not a movement
        if kind == "place":
            common = all(w in reader.common for w in tail)  # not مكة المكرمة: المكرمة is rare
            if common and len(heads_of[tail]) < PLACE_HEADS_IF_COMMON:
                continue  # a common word after one place word: منطقة الجزاء، قضاء الوقت
            add(tail, kind, n, docs, "head", spelling=words)  # سوسة, also as مدينة سوسة
            if name_key(" ".join(tail)) in found:
                found[name_key(" ".join(tail))].common = common
        elif not (words[0].startswith("ال") and len(tail) == 1 and _nisba(tail[0])) \
                and not _common_adjective(tail[0], reader.common):
            add(words, kind, n, docs, "head")  # not المجلس البلدي, جماعة إرهابية: descriptions
    named_after = _headed_names(ev.eponymous, ev.eponymous_docs, reader.common)
    for core in sorted(ev.eponym_cores, key=len):  # seen too rarely to tell how far its
        # name runs: its core, unless it is a known name with more words after it (مستشفى
        # الملك خالد | محمد النشمي, a person in apposition)
        if not any(core[:len(words)] == words or words[:len(core)] == core
                   for words, _, _ in named_after):
            named_after.append((core, ev.eponymous[core], ev.eponymous_docs[core]))
    for words, n, docs in named_after:
        add(words, cues.eponyms[words[0]], n, docs, "eponym")  # مطار الملك عبدالعزيز الدولي
    # a person named with a longer patronymic chain is the same person — not a king or a
    # prince taking a longer chain that no royal title introduces (الملك فهد بن عبدالعزيز and
    # محافظ الطائف فهد بن عبدالعزيز بن معمر)
    royal = set()
    for (title, between, name) in ev.chains:
        said = f" {' '.join((*title, *between))} "
        if any(f" {' '.join(t)} " in said for t in cues.alone):
            royal.add(name_key(" ".join(name)))

    def royally_titled(cand: _Candidate) -> bool:
        return any(name_key(s) in royal for s in cand.spellings)

    keys = sorted(found, key=len)
    for key in keys:
        cand = found.get(key)
        if cand is None or cand.type != "person":
            continue
        if len(key.split()) < 3 or " بن " not in f" {key} ":
            continue  # only a patronymic (محمد بن نايف) names one person; محمد alone does not
        for other in keys:
            if other != key and other.startswith(key + " ") and found.get(other) is not None \
                    and found[other].type == "person" \
                    and other[len(key) + 1:].split(" ", 1)[0] in ("بن", "ابن", "ال", "بنت"):
                if royally_titled(cand) and not royally_titled(found[other]):
                    continue
                longer = found.pop(other)
                cand.spellings.update(longer.spellings)
                cand.titled += longer.titled
                cand.docs |= longer.docs
    # a person named with and without the father's given name is one person (فادي محمد البطش
    # and فادي البطش، مصطفى كمال مدبولي and مصطفى مدبولي)
    for key in sorted(found, key=len, reverse=True):
        cand = found.get(key)
        words = key.split()
        if cand is None or cand.type != "person" or len(words) != 3 \
                or not reader.given(words[1]) or words[1] in cues.ambiguous:
            continue
        shorter = found.get(f"{words[0]} {words[2]}")
        if shorter is not None and shorter.type == "person":
            found.pop(f"{words[0]} {words[2]}")
            cand.spellings.update(shorter.spellings)
            cand.titled += shorter.titled
            cand.named += shorter.named
            cand.docs |= shorter.docs
    # two words a person's definite title introduces, however common in general news
    # (المهاجم الفرنسي كيليان مبابي، الزعيم الليبي الراحل معمر القذافي): a person, seen so
    # MIN_COUNT times in MIN_DOCS articles, the first word followed by the second in
    # STABLE_SHARE of its uses there; with its surname when one follows (زين الدين | زيدان)
    spaced = [f" {key} " for key in found]
    for (first, second), n in sorted(ev.introduced.items()):
        docs = ev.introduced_docs[(first, second)]
        if n < MIN_COUNT or len(docs) < MIN_DOCS \
                or n < STABLE_SHARE * ev.introduced_first[first]:
            continue
        longer = surname((first, second))
        words = (first, second, longer) if longer else (first, second)
        if not longer and second.startswith("ال") and not (
                reader.given(first) or _nisba(second)):
            continue  # حامل اللقب، أركان الجيش: a noun and its genitive, not a name
        if _common_adjective(second, reader.common):
            continue  # جولة دبلوماسية: a noun and its adjective
        key = name_key(" ".join(words))
        if name_key(first) in named_already or key in named_already \
                or any(f" {key} " in other for other in spaced):
            continue  # a known name first, or part of a name found (باريس سان جيرمان); a
            # known surname last is a relative's (المرشح الجمهوري جيب بوش)
        add(words, "person", n, docs, "title")
        found[key].introduced = True
    _given_alone(ev, found, reader, add)
    return list(found.values())


def _given_alone(ev: Evidence, found: dict[str, _Candidate], reader: _Reader, add) -> None:
    """A given name alone after a title that names people so (``given_alone`` in
    ``name_cues.csv``: الملك سلمان، الأمير نايف، الشيخ يوسف): a spelling of the one person
    found (twice or more) with that given name first who is also introduced by that title; a
    person of its own (الملك فهد) when none is; nothing when several are."""
    cues = load_cues()
    spelled = {name_key(s): cand for cand in found.values() if cand.type == "person"
               for s in cand.spellings}
    titled_with: dict[tuple, dict[int, _Candidate]] = defaultdict(dict)
    for (title, words), _n in ev.title_of.items():
        cand = spelled.get(name_key(" ".join(words)))
        if cand is not None:
            titled_with[(title, words[0])][id(cand)] = cand
    for (word, title), n in sorted(ev.single.items()):
        if title not in cues.alone or not reader.given(word) or word in cues.ambiguous:
            continue
        owners = [c for c in titled_with[(title, word)].values()
                  if sum(c.spellings.values()) >= MIN_COUNT_TITLED]  # not سلمان التشجيعية
        docs = ev.single_docs[(word, title)]
        if len(owners) == 1:
            owner = owners[0]
            for spelling in list(owner.spellings):  # الملك سلمان بن عبدالعزيز: one mention
                if spelling.split()[0] == word:
                    owner.spellings[" ".join((*title, spelling))] += 0
            owner.spellings[" ".join((*title, word))] += n
            owner.titled += n
            owner.docs |= docs
        elif not owners:
            add((*title, word), "person", n, docs, "title")


# ---------------------------------------------------------------------------------------------
# the whole step
# ---------------------------------------------------------------------------------------------


@dataclass
class Found:
    """What :func:`discover` found: ``entities`` (every entity the corpus names, built-in and
    found, with counts and examples: :data:`ENTITY_COLUMNS`) and ``rows`` (the gazetteer rows
    to add: the accepted names, and built-in entities with the new spellings found)."""

    entities: pd.DataFrame
    rows: pd.DataFrame


def discover(articles: pd.DataFrame, base: pd.DataFrame | None = None,
             rejected: Iterable[str] = ()) -> Found:
    """The names of cleaned ``articles`` (``text_norm``, ``text_clean``), found against the
    entities of ``base`` (default: the built-in layers); names whose :func:`name_key` is in
    ``rejected`` (an analyst's file) are listed but never counted."""
    base = gazetteer.load_layers() if base is None else base
    ev = gather(articles["text_norm"].tolist() if len(articles) else [], base=base)
    return found_in(ev, articles, base, rejected)


def found_in(ev: Evidence, articles: pd.DataFrame, base: pd.DataFrame,
             rejected: Iterable[str] = ()) -> Found:
    """:func:`discover` from gathered :class:`Evidence`: candidates counted in the whole corpus
    with a matcher of their spellings beside ``base`` (whose names win where both match),
    accepted by the thresholds, with short forms and examples."""
    rejected = {name_key(r) for r in rejected}
    owners, known = _keys_of(base), _alias_keys(base)
    new, extra = [], defaultdict(set)
    for cand in candidates(ev, base):
        owner = owners.get(name_key(" ".join(cand.words)))
        if owner is not None:  # a spelling of a known entity
            extra[owner] |= {s for s in cand.spellings if gazetteer.alias_key(s) not in known}
        else:
            new.append(cand)
    for state, owner in _states_named(ev, owners, base).items():
        if gazetteer.alias_key(state) not in known:
            extra[owner].add(state)  # المملكة: the kingdom this corpus names
    extra = {owner: spellings for owner, spellings in extra.items() if spellings}
    table = _as_gazetteer(new)
    counts = _count(pd.concat([base[list(gazetteer.COLUMNS)], table], ignore_index=True),
                    articles)
    accepted, rows = [], []
    written = _written_forms(counts)
    for cand, row in zip(new, table.itertuples(index=False), strict=True):
        count, docs, examples, located, _ = counts.get(row.id, (0, 0, ("", ""), (0, 0), None))
        shown = written.get(row.id, row.name_ar)  # as the articles write it most (جدة)
        reason = _rejection(cand, row, count, docs, located, rejected, shown)
        if not reason:
            aliases = [a for a in [row.name_ar, *gazetteer.split_list(row.aliases)]
                       if a != shown]
            accepted.append(row._asdict() | {"name_ar": shown, "name_en": shown,
                                             "aliases": "|".join(aliases)})
            row = row._replace(name_ar=shown, aliases="|".join(aliases))
        rows.append({"name_ar": row.name_ar, "type": row.type,
                     "status": "counted" if not reason else f"not counted: {reason}",
                     "count": count, "docs": docs, "titled": cand.titled,
                     "variants": row.aliases, "short_forms": "", "evidence": cand.evidence,
                     "origin": "discovered", "id": row.id,
                     "example_1": examples[0], "example_2": examples[1]})
    found_rows = _with_short_forms(pd.DataFrame(accepted, columns=list(gazetteer.COLUMNS)),
                                   ev, base)
    variants = base[base["id"].isin(extra)].copy()
    variants["aliases"] = [
        "|".join([*gazetteer.split_list(a), *sorted(extra[i])])
        for i, a in zip(variants["id"], variants["aliases"], strict=True)]
    added = pd.concat([variants[list(gazetteer.COLUMNS)], found_rows], ignore_index=True)
    # counted as the run will count them: with the short forms and the new spellings
    final = pd.concat([base[~base["id"].isin(extra)][list(gazetteer.COLUMNS)], added],
                      ignore_index=True)
    counts = _count(final, articles)
    short = dict(zip(found_rows["id"], found_rows["short_aliases"], strict=True))
    for row in rows:
        row["short_forms"] = short.get(row["id"], "")
        if row["status"] == "counted":
            row["count"], row["docs"], examples = counts.get(row["id"], (0, 0, ("", "")))[:3]
            row["example_1"], row["example_2"] = examples
    for rec in base.itertuples(index=False):  # the built-in and user entities the corpus names
        count, docs, examples = counts.get(rec.id, (0, 0, ("", "")))[:3]
        if count:
            origin = "user" if getattr(rec, "origin", "") == "user" else "builtin"
            rows.append({"name_ar": rec.name_ar, "type": rec.type, "status": "counted",
                         "count": count, "docs": docs, "titled": 0,
                         "variants": "|".join(sorted(extra.get(rec.id, ()))),
                         "short_forms": rec.short_aliases, "evidence": origin,
                         "origin": origin, "id": rec.id,
                         "example_1": examples[0], "example_2": examples[1]})
    entities = pd.DataFrame(rows, columns=ENTITY_COLUMNS)
    entities["_counted"] = entities["status"] == "counted"
    entities = (entities.sort_values(["_counted", "count", "name_ar"],
                                     ascending=[False, False, True], kind="stable")
                .drop(columns="_counted").reset_index(drop=True))
    return Found(entities.astype({c: "str" for c in ENTITY_COLUMNS
                                  if c not in ("count", "docs", "titled")}), added)


def _states_named(ev: Evidence, owners: dict[str, str], base: pd.DataFrame) -> dict[str, str]:
    """State words (``state`` in ``name_cues.csv``) → the country they name alone in this
    corpus: the one that at least :data:`STATE_SHARE` of their named uses are (a Saudi paper's
    المملكة is Saudi Arabia; a corpus naming several kingdoms has none)."""
    kinds = dict(zip(base["id"], base["type"], strict=True))
    out = {}
    for state, written in load_cues().states.items():
        uses: Counter = Counter()
        for key, n in ev.stated.items():
            owner = owners.get(name_key(" ".join(key))) if key[0] == state else None
            if len(key) >= 2 and owner is not None and kinds.get(owner) == "country":
                uses[owner] += n
        if uses and sum(uses.values()) >= MIN_COUNT:
            owner, n = uses.most_common(1)[0]
            if n >= STATE_SHARE * sum(uses.values()):
                out[written] = owner
    return out


def _alias_keys(table: pd.DataFrame) -> frozenset[str]:
    """Every :func:`marsad.gazetteer.alias_key` of ``table``'s spellings."""
    return frozenset(gazetteer.alias_key(a) for rec in table.itertuples(index=False)
                     for a, _ in gazetteer._entity_aliases(rec.name_ar, rec.aliases,
                                                           rec.adjectives, rec.short_aliases))


def _rejection(cand: _Candidate, row, count: int, docs: int, places: tuple[int, int],
               rejected: set[str], written: str = "") -> str:
    """Why a candidate is not counted ("" when it is). ``places``: its uses where a place
    stands (ب/ل attached included), and those after a place word or a locative."""
    located, placed = places
    if name_key(row.name_ar) in rejected:
        return "rejected by the analyst's gazetteer"
    if "على" in written.split():
        return "written على: the preposition, not the name علي"
    if row.type == "person" and cand.titled >= MIN_COUNT_TITLED and count:
        if count <= TITLED_REACH * cand.titled or cand.introduced:
            # (two words a title introduces MIN_COUNT times in MIN_DOCS articles, the first
            # followed by the second there: a name however often it stands without a title)
            return ""  # introduced by its title: a person, even once
        if cand.named < MIN_COUNT:  # (a given name and a surname seen often: the tests below)
            return (f"introduced by a title in {cand.titled} of {count} uses (< 1 in "
                    f"{TITLED_REACH}): words of a sentence more often than a name")
    if cand.evidence == "eponym" and count:
        return ""  # named after a person (مطار الملك …): a name even once, whatever its head
    if count < MIN_COUNT or docs < MIN_DOCS:
        return f"fewer than {MIN_COUNT} uses in {MIN_DOCS} articles"
    if row.type == "place" and located < PLACE_SHARE * count:
        return (f"stands where a place stands in {located} of {count} uses "
                f"(< {PLACE_SHARE:.0%}): a description, not a name")
    if row.type == "place" and placed < PLACE_STRICT_SHARE * count:
        return (f"after a place word or في/إلى/من in {placed} of {count} uses "
                f"(< {PLACE_STRICT_SHARE:.0%}): ب/ل alone do not make a place")
    if row.type == "place" and cand.common and cand.headed < PLACE_HEADED_IF_COMMON * count:
        return (f"a common word, after a place word in {cand.headed} of {count} uses "
                f"(< {PLACE_HEADED_IF_COMMON:.0%})")
    return ""


def _with_short_forms(rows: pd.DataFrame, ev: Evidence, base: pd.DataFrame) -> pd.DataFrame:
    """Short forms of the accepted people (see the module docstring): a surname no other name
    shares, and a title of several words that names one of them in most of its uses (its
    titled forms, seen twice, become spellings of the name)."""
    if rows.empty:
        return rows
    cues = load_cues()
    reader = _reader(base)
    known = _alias_keys(base) | _alias_keys(rows)  # a short form is no other entity's name
    taken = {w for k in _alias_keys(base) for w in k.split()}
    people = rows[rows["type"] == "person"]
    # surnames compared by their normalized key: إسرائيل and اسرائيل, أقطاي and اقطاي are one
    last = Counter(gazetteer.alias_key(name.split()[-1]) for name in rows["name_ar"])
    short: dict[str, list[str]] = defaultdict(list)
    for rec in people.itertuples(index=False):
        surname = rec.name_ar.split()[-1]
        key = gazetteer.alias_key(surname)
        if (len(rec.name_ar.split()) >= 2 and last[key] == 1 and len(surname) >= 3
                and key not in taken and key not in known and not reader.given(surname)
                and surname not in cues.connectors and " بن " not in f" {rec.name_ar} "
                and surname not in stopword_set()):
            short[rec.id].append(surname)
    spelled = {name_key(a): i for i, n, aliases in zip(rows["id"], rows["name_ar"],
                                                       rows["aliases"], strict=True)
               for a in [n, *gazetteer.split_list(aliases)]}
    uses: Counter = Counter()
    named: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for (title, words), n in ev.title_of.items():
        uses[title] += n
        who = spelled.get(name_key(" ".join(words)))
        if who is not None:
            named[title][who] += n
    extra: dict[str, list[str]] = defaultdict(list)
    for title, who in named.items():
        person, n = who.most_common(1)[0]
        if len(title) >= 2 and n >= 5 and n >= TITLE_SHARE * uses[title] \
                and gazetteer.alias_key(" ".join(title)) not in known:
            short[person].append(" ".join(title))
            for (t, between, words), k in ev.chains.items():
                if t == title and k >= 2 and spelled.get(name_key(" ".join(words))) == person:
                    extra[person].append(" ".join((*t, *between, *words)))
    tails = {rec.id: " ".join(rec.name_ar.split()[1:]) for rec in rows.itertuples(index=False)
             if len(rec.name_ar.split()) >= 2
             and normalize(rec.name_ar.split()[0]) in cues.short_tail}
    shared = Counter(gazetteer.alias_key(t) for t in tails.values())
    taken_keys = {gazetteer.alias_key(a) for aliases in short.values() for a in aliases}
    for entity, tail in tails.items():  # حركة النهضة → النهضة, نادي الهلال → الهلال
        key = gazetteer.alias_key(tail)
        if (shared[key] == 1 and key not in known and key not in taken_keys
                and normalize(tail) not in stopword_set()):
            short[entity].append(tail)
    owners: dict[str, set[str]] = defaultdict(set)
    for entity, aliases in short.items():
        for alias in aliases:
            owners[gazetteer.alias_key(alias)].add(entity)
    for entity in short:  # a short form two entities would share names neither
        short[entity] = [a for a in short[entity] if len(owners[gazetteer.alias_key(a)]) == 1]
    rows = rows.copy()
    rows["short_aliases"] = ["|".join(dict.fromkeys(short.get(i, []))) for i in rows["id"]]
    rows["aliases"] = ["|".join(dict.fromkeys([*gazetteer.split_list(a), *extra.get(i, [])]))
                       for i, a in zip(rows["id"], rows["aliases"], strict=True)]
    return rows


def spelling_variants(name: str) -> list[str]:
    """The other ways a name is written that normalization does not fold: the hamza seat of
    ي after alef (قايد / قائد) and غ written ج (جونغ / جونج). At most four, the name excluded."""
    words = normalize(name).split()
    options = []
    for word in words:
        forms = {word, word.replace("اي", "ائ"), word.replace("ائ", "اي"), word.replace("غ", "ج")}
        options.append(sorted(forms))
    variants = [" ".join(w) for w in itertools.product(*options)]
    return [v for v in variants if v != normalize(name)][:4]


def _as_gazetteer(cands: list[_Candidate]) -> pd.DataFrame:
    """Candidates as gazetteer rows (``id`` ``found_<type>_<n>``, ``name_en`` = the Arabic
    name: nothing is translated), most frequent first; ``cands`` is sorted the same way."""
    cands.sort(key=lambda c: (-sum(c.spellings.values()), " ".join(c.words)))
    rows = []
    for n, cand in enumerate(cands, start=1):
        spellings = [s for s, _ in sorted(cand.spellings.items(), key=lambda x: (-x[1], x[0]))]
        keys = {gazetteer.alias_key(s) for s in spellings}
        spellings += [v for v in spelling_variants(spellings[0])
                      if gazetteer.alias_key(v) not in keys]
        rows.append({"id": f"found_{cand.type}_{n}", "type": cand.type, "name_ar": spellings[0],
                     "name_en": spellings[0], "aliases": "|".join(spellings[1:])})
    return pd.DataFrame(rows, columns=list(gazetteer.COLUMNS)).astype(object).fillna("").astype(str)


_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]+")
_HYPHENS = re.compile(r"[\s\-\u2010\u2011]+")


def _untitled(name: str, reader: _Reader) -> str:
    """``name`` without the title in front (الملك فهد بن عبدالعزيز → فهد بن عبدالعزيز) when two
    words or more are left; else as it is (الملك فهد)."""
    words = name.split()
    title = reader._title_at(normalize(name).split(), 0)
    if title is not None and len(words) - len(title[0]) >= 2:
        return " ".join(words[len(title[0]):])
    return name


def _title_restored(form: str, titles: set[str]) -> str:
    """A written form as the text has it after the ل of للملك: لملك عبدالله → الملك عبدالله."""
    first = normalize(form).split()[0]
    return f"ا{form}" if first not in titles and f"ا{first}" in titles else form


def _written_forms(counts: dict) -> dict[str, str]:
    """id → the spelling the articles write most often (diacritics and tatweel removed), one
    without a title in front when there is one (سلمان بن عبدالعزيز, not الملك سلمان)."""
    titles = {words[0] for words in load_cues().titles}
    reader = _reader()  # built once: it indexes every adjective of the gazetteer
    out = {}
    for i, c in counts.items():
        if len(c) > 4 and c[4]:
            forms = [_title_restored(form, titles) for form, _ in c[4].most_common()]
            plain = [form for form in forms if normalize(form).split()[0] not in titles]
            untitled = [name for name in (_untitled(f, reader) for f in forms)
                        if name not in forms]
            out[i] = (plain or untitled or forms)[0]
    return out


def _count(table: pd.DataFrame, articles: pd.DataFrame
           ) -> dict[str, tuple[int, int, tuple, int, Counter]]:
    """Mentions of each entity of ``table`` in ``articles``: id → (count, docs, two example
    sentences, mentions where a place stands: after a locative word or a place word, or with
    ب/ل attached, and the written spellings of its name)."""
    if table.empty or not len(articles):
        return {}
    matcher = gazetteer.compile_matcher(table)
    count: Counter = Counter()
    docs: Counter = Counter()
    located: Counter = Counter()
    placed: Counter = Counter()  # after a place word or a locative (no ب/ل alone)
    written: dict[str, Counter] = defaultdict(Counter)
    examples: dict[str, list[str]] = defaultdict(list)
    locatives = load_cues().locatives
    for clean in articles["text_clean"]:
        if not isinstance(clean, str) or not clean:
            continue
        off = normalize_with_offsets(clean)
        seen = set()
        for m in matcher.find_values(off.norm):
            if m[8] == "adjective":
                continue  # السعودية the adjective is not Saudi Arabia named
            count[m[0]] += 1
            seen.add(m[0])
            if m[8] == "name" and m[5].split(" ", 1)[0] not in locatives:  # جدة, not مدينة جدة
                surface = clean[off.original(m[6]):off.original(m[7])]
                written[m[0]][" ".join(_HYPHENS.split(_MARKS.sub("", surface))).strip()] += 1
            before = _WORD.findall(off.norm, max(0, m[6] - len(m[9]) - 24), m[6] - len(m[9]))
            if m[5].split(" ", 1)[0] in locatives or (before and before[-1] in locatives):
                placed[m[0]] += 1
                located[m[0]] += 1
            elif m[9][-1:] in ("ب", "ل"):
                located[m[0]] += 1
            if len(examples[m[0]]) < 2:
                at = off.original(m[6])
                for a, b in split_sentences(clean):
                    if a <= at < b:
                        if clean[a:b] not in examples[m[0]]:
                            examples[m[0]].append(clean[a:b])
                        break
        docs.update(seen)
    return {i: (count[i], docs[i], tuple((examples[i] + ["", ""])[:2]), (located[i], placed[i]),
                written[i]) for i in count}


# ---------------------------------------------------------------------------------------------
# the gazetteer of one corpus: built-in + found + the analyst's own
# ---------------------------------------------------------------------------------------------

#: A user gazetteer has the built-in columns and may add ``status``: ``reject`` keeps the
#: entity (built-in or found) from being counted.
USER_STATUS = ("", "add", "reject")


def read_user_gazetteer(path) -> tuple[pd.DataFrame, set[str], set[str]]:
    """An analyst's gazetteer file: ``(rows to add or rename, rejected ids, rejected name
    keys)``. Same columns as ``gazetteer.csv`` (``id, type, name_ar, name_en`` required) and an
    optional ``status`` (``add``, the default, or ``reject``). A row with the ``id`` of a
    built-in entity replaces it (a new name, more spellings); a rejected row names an entity
    (by ``id`` or any spelling) that is never counted."""
    optional = [c for c in gazetteer.COLUMNS if c not in gazetteer.REQUIRED] + ["status"]
    table = read_table(path, gazetteer.REQUIRED, optional)
    bad = table.loc[~table["status"].isin(USER_STATUS)]
    if len(bad):
        raise DataFileError(f"{path}, line {bad['line'].iloc[0]}: status "
                            f"{bad['status'].iloc[0]!r} is not one of add, reject")
    rejected = table[table["status"] == "reject"]
    keys = {name_key(a) for rec in rejected.itertuples(index=False)
            for a in [rec.name_ar, *gazetteer.split_list(rec.aliases)]}
    adds = table[table["status"] != "reject"].reset_index(drop=True)
    gazetteer.validate(adds, str(path))  # a bad row is named by its line in the file
    adds = adds[list(gazetteer.COLUMNS)]
    return adds, set(rejected["id"]), keys


def corpus_gazetteer(articles: pd.DataFrame, user=None) -> tuple[pd.DataFrame, Found]:
    """The gazetteer a corpus is counted with, and what :func:`discover` found: the analyst's
    rows (``user``, a file for :func:`read_user_gazetteer`) over the built-in layers, minus
    what they reject, plus the names found in ``articles``. An ``origin`` column says
    ``user``, ``builtin`` or ``discovered``; ``layer`` names a built-in row's file."""
    adds, rejected_ids, rejected_keys = (read_user_gazetteer(user) if user
                                         else (pd.DataFrame(columns=list(gazetteer.COLUMNS)),
                                               set(), set()))
    builtin = gazetteer.load_layers()
    builtin = builtin[~builtin["id"].isin(rejected_ids | set(adds["id"]))
                      & ~builtin["name_ar"].map(name_key).isin(rejected_keys)]
    base = gazetteer.load_layers([adds, builtin[list(gazetteer.COLUMNS)]])
    found = discover(articles, base, rejected_keys)
    replaced = base[~base["id"].isin(found.rows["id"])]
    table = gazetteer.load_layers([replaced[list(gazetteer.COLUMNS)], found.rows])
    table["origin"] = np.select([table["id"].isin(adds["id"]),
                                 table["id"].str.startswith("found_")],
                                ["user", "discovered"], "builtin")
    # which built-in layer a row comes from (the matcher reads it: see Matcher.licensing_words)
    table["layer"] = table["id"].map(builtin.set_index("id")["layer"]).fillna("")
    return table, found
