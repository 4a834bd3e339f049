"""Arabic proclitics and pronoun suffixes: the one table every reader of words uses.

A word in running text may carry, in this order, a conjunction (و، ف), then a preposition
(ب، ل، ك); ``ل`` + the article ``ال`` is written ``لل``. Prepositions and particles also take a
pronoun suffix (عليه، منها، بسببهم). The gazetteer, tokens, word classes, dates and events all
build their forms and patterns from these tables, so a rule about clitics is written once.
"""

from __future__ import annotations

#: Conjunctions written attached to the next word.
CONJUNCTIONS = "وف"
#: Prepositions written attached to the next word.
PREPOSITIONS = "بلك"
#: The definite article; ``ل`` + ``ال`` is written ``لل``.
ARTICLE = "ال"
LAM = "\u0644"
#: Pronoun suffixes of a preposition or particle (normalized: ة → ه).
PRONOUN_SUFFIXES = ("ه", "ها", "هما", "هم", "هن", "ك", "كما", "كم", "كن", "نا", "ي")

#: Parts of speech for :func:`variants`.
POS = ("verb", "noun", "particle")


def variants(word: str, pos: str = "noun") -> set[str]:
    """A normalized ``word`` with the clitics Arabic allows on it.

    ``verb``: و/ف (``وقال``، ``فقال`` — not ``بقال``). ``noun``: و/ف then ب/ل/ك (``وبحسب``),
    and for a word with the article ``لل`` (``لليوم``). ``particle``: as a noun, plus each pronoun
    suffix (``بسببه``، ``وعليها``، ``لديهم``).
    """
    if pos not in POS:
        raise ValueError(f"pos must be one of {POS}, got {pos!r}")
    conj = ["", *CONJUNCTIONS]
    if pos == "verb":
        return {c + word for c in conj}
    stems = {word}
    if pos == "particle":
        stems |= {word + suffix for suffix in PRONOUN_SUFFIXES}
    forms = {c + p + w for w in stems for c in conj for p in ["", *PREPOSITIONS]}
    if word.startswith(ARTICLE) and len(word) > 3:
        forms |= {c + LAM + word[1:] for c in conj}
    return forms


def proclitics_before_article(word: str) -> str:
    """The proclitics written before the article of ``word``: ``وب`` in ``وبالاتفاق``, ``ل`` in
    ``للاتفاق`` (ل + ال), ``و`` in ``والرياض``; ``""`` for a word with none or no article."""
    for conj in ("", *CONJUNCTIONS):
        if not word.startswith(conj):
            continue
        rest = word[len(conj):]
        if rest.startswith(LAM + LAM):
            return conj + LAM
        if rest[:1] in PREPOSITIONS and rest[1:].startswith(ARTICLE):
            return conj + rest[0]
        if conj and rest.startswith(ARTICLE):
            return conj
    return ""


def strips() -> tuple[tuple[str, str], ...]:
    """Proclitic strips, longest first: ``(prefix, what replaces it)`` — ``ولل`` → ``ال``,
    ``وب`` → ``""``, ``لل`` → ``ال``, ``و`` → ``""`` …"""
    return tuple(
        [(c + LAM + LAM, ARTICLE) for c in CONJUNCTIONS]
        + [(c + p, "") for c in CONJUNCTIONS for p in PREPOSITIONS]
        + [(LAM + LAM, ARTICLE)]
        + [(c, "") for c in CONJUNCTIONS + PREPOSITIONS]
    )


def proclitics_pattern(*, article: bool, prepositions: str = PREPOSITIONS) -> str:
    """Regex (no capturing group) for the proclitics a word may carry: an optional conjunction,
    then an optional one of ``prepositions``. ``article=True``: the word follows without its
    ``ال``, which the pattern supplies — ``ال``, ``بال``, ``كال``, and ``لل`` for ل + ال."""
    conj = f"[{CONJUNCTIONS}]?"
    if not article:
        return f"{conj}[{prepositions}]?" if prepositions else conj
    others = "".join(p for p in prepositions if p != LAM)
    joined = [f"[{others}]?{ARTICLE}" if others else ARTICLE]
    if LAM in prepositions:
        joined.append(LAM + LAM)
    return f"{conj}(?:{'|'.join(joined)})"
