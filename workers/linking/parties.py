"""The parties of a dispute: who a claim speaks for, and whom it accuses.

Sides come from the dispute, not only from a list of countries. A claim speaks for its source
(its name, the surname of a person, the owner of a campaign, family or legal team) and for the
side its source is affiliated with; it accuses the claim's ``target`` (or, lacking one, the
people an accusation names) and the gazetteer sides its text names. Two claims are opposed when
one accuses what the other speaks for: "Jane Doe accused Smith of lying" and "Smith denied it"
stand on two sides though neither source is in any gazetteer.

    >>> from workers.linking.facts import ClaimFacts
    >>> accusation = ClaimFacts(id=1, article_id=1, content="Smith of lying", source_name="Jane Doe",
    ...                         source_kind="person", stance="accusation", target="Smith")
    >>> answer = ClaimFacts(id=2, article_id=1, content="he never lied", source_name="Tom Smith",
    ...                     source_kind="person", stance="denial")
    >>> accuses(accusation, answer), same_party(accusation, answer)
    (True, False)
"""

from __future__ import annotations

import re
from functools import lru_cache

from workers.linking.facts import ClaimFacts
from workers.linking.gazetteer import fold, load_gazetteer, side_of
from workers.linking.relations import sides_named
from workers.linking.text import stem

# Organisations that speak for their owner: "the Smith campaign", "the Doe family".
_OWNED = re.compile(
    r"^(?:the\s+)?(?P<owner>.+?)(?:'s)?\s+(?:presidential\s+|election\s+|re-election\s+)?"
    r"(?:campaign|family|administration|team|camp|lawyers|attorneys|legal team|aides|allies|"
    r"spokesman|spokeswoman|spokesperson)$"
)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_PRONOUN_TARGETS = frozenset({"he", "she", "him", "her", "they", "them", "his", "hers", "their"})
_CAPITALISED = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|bin|al-\w+))*")
# Capitalised words that open sentences or name times, not people.
_NOT_NAMES = frozenset({
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "his", "her", "their", "this", "that",
    "these", "those", "but", "and", "or", "in", "on", "at", "for", "of", "to", "mr", "mrs", "ms",
    "dr", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "if", "when", "while", "as", "so", "there", "what", "who",
})


@lru_cache(maxsize=50_000)
def _name_keys(name: str, *, person: bool = True) -> frozenset[str]:
    """A name's keys: the folded name and, for a person's name of two or more words, the
    surname (its last word)."""
    key = _ARTICLE.sub("", fold(name).strip(" .,'\"“”")).removesuffix("'s")  # "Clinton's" is Clinton
    if not key or key in _NOT_NAMES:
        return frozenset()
    words = [w for w in key.split(" ") if w and w not in _NOT_NAMES]
    keys = {key}
    if person and len(words) >= 2 and not words[-1].endswith(("campaign", "party")):
        keys.add(words[-1].removesuffix("'s"))
    return frozenset(keys)


@lru_cache(maxsize=20_000)
def names_in(text: str) -> frozenset[str]:
    """Keys of the capitalised names in ``text`` ("Hillary Clinton said" -> hillary clinton, clinton)."""
    gaz = load_gazetteer()
    found: set[str] = set()
    for match in _CAPITALISED.finditer(text):
        words = [w for w in match.group(0).split() if fold(w).strip(".") not in _NOT_NAMES]
        words = [w for w in words if fold(w).strip(".,") not in gaz.title_words]
        if words:
            found |= _name_keys(" ".join(words))
    return frozenset(found)


# The rules below ask who each claim speaks for and accuses once per pair of claims compared:
# each answer is memoised on the fields it reads, so a claim's is worked out once.


def own_names(claim: ClaimFacts) -> frozenset[str]:
    """The source's own name keys (and its owner's), without the side it is affiliated with."""
    return _own_names(claim.source_name, claim.source_kind)


@lru_cache(maxsize=20_000)
def _own_names(source_name: str | None, source_kind: str) -> frozenset[str]:
    if not source_name or source_kind in ("anonymous", "publisher"):
        return frozenset()
    keys = _name_keys(source_name, person=source_kind == "person")
    owned = _OWNED.match(fold(source_name))
    if owned:
        keys |= _name_keys(owned.group("owner"))
    return frozenset(keys)


def identity(claim: ClaimFacts) -> frozenset[str]:
    """Everything the claim's source speaks for: its name keys, its owner, its affiliation and side."""
    return _identity(claim.source_name, claim.source_kind, claim.affiliation, tuple(claim.members))


@lru_cache(maxsize=20_000)
def _identity(
    source_name: str | None, source_kind: str, affiliation: str | None, members: tuple[str, ...]
) -> frozenset[str]:
    keys: set[str] = set(_own_names(source_name, source_kind))
    for party in (affiliation, *members):
        if party:
            keys |= _name_keys(party, person=False)
            owned = _OWNED.match(fold(party))
            if owned:
                keys |= _name_keys(owned.group("owner"))
            side = side_of(party)
            if side:
                keys.add(side)
    return frozenset(keys)


def targets(claim: ClaimFacts) -> frozenset[str]:
    """Whom the claim accuses or speaks about: its target (a pronoun stands for the names of its
    sentence), the names an accusation's content gives, and the gazetteer sides its text names."""
    source = (claim.source_name, claim.source_kind, claim.affiliation, tuple(claim.members))
    return _targets(claim.text, claim.content, claim.mention, claim.target, claim.stance, source)


@lru_cache(maxsize=20_000)
def _targets(
    text: str,
    content: str,
    mention: str | None,
    target: str | None,
    stance: str,
    source: tuple[str | None, str, str | None, tuple[str, ...]],
) -> frozenset[str]:
    affiliation, members = source[2], source[3]
    keys: set[str] = set(sides_named(text or content, mention, affiliation, members))
    target = (target or "").strip()
    if target and fold(target) not in _PRONOUN_TARGETS:
        keys |= names_in(target) or _name_keys(target)
    elif target or stance == "accusation":
        keys |= names_in(content if not target else text)
    return frozenset(_with_canonical_names(keys) - _identity(*source))


def _with_canonical_names(keys: set[str]) -> set[str]:
    """Name keys plus the gazetteer's name for each alias among them ("gop" -> "republican party")."""
    organisations = load_gazetteer().organisations
    return keys | {fold(organisations[k].name) for k in keys if k in organisations}


def party_words(a: ClaimFacts, b: ClaimFacts) -> frozenset[str]:
    """The stems of both parties' names, to leave out when comparing what two claims allege."""
    words: set[str] = set()
    for key in identity(a) | identity(b) | targets(a) | targets(b):
        words |= {stem(w) for w in key.lower().split(" ")}
    return frozenset(words)


def same_party(a: ClaimFacts, b: ClaimFacts) -> bool:
    """Whether two claims speak for the same person or body (never in conflict with itself):
    one's own name is the other's, or what the other speaks for ("the Trump campaign" and
    Trump). Two members of one party are two people; their shared side is :mod:`sides`' concern."""
    return bool(own_names(a) & identity(b)) or bool(identity(a) & own_names(b))


ACCUSE_CUES = frozenset({"accuse", "blame", "allege", "charge", "allegation", "accusation"})


def accuses_anyone(claim: ClaimFacts) -> bool:
    """An accusation by its stance or by its cue ("accused", "blamed", "the allegation")."""
    return claim.stance == "accusation" or claim.cue_lemma in ACCUSE_CUES


def accuses(accuser: ClaimFacts, accused: ClaimFacts) -> bool:
    """Whether ``accuser`` is aimed at what ``accused`` speaks for."""
    return bool(targets(accuser) & identity(accused)) and not same_party(accuser, accused)


def about_source(claim: ClaimFacts, other: ClaimFacts) -> bool:
    """Whether what ``claim`` says names ``other``'s source itself ("Berg has quietly
    backed the casino plan" is about Berg), though it accuses nobody."""
    named = names_in(claim.content) - identity(claim)
    return bool(named & own_names(other)) and not same_party(claim, other)


def aimed_at_source(accuser: ClaimFacts, accused: ClaimFacts) -> bool:
    """Whether ``accuser`` names ``accused``'s source itself, not only the side it is on."""
    return bool(targets(accuser) & own_names(accused)) and not same_party(accuser, accused)
