"""Negated restatements: a claim that takes back, in its own words, what another source said.

In: one article's claims (sources resolved) and each claim's content tokens. Out: the same
claims, with a plain assertion that negates another source's claim turned into a denial
("Doe helped the firm win the contract" / "neither Doe nor her staff helped the firm"), and
the claim it negates turned into an accusation when it pins the deed on someone. A speaker
affirming what a charge said they failed to do ("Of course I pay my taxes" after "he paid no
taxes") denies that charge. Pure and idempotent: a claim already a denial or accusation keeps
its stance.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from workers.extraction.parsetools import Token
from workers.extraction.types import Attribution, Span
from workers.extraction.wrongdoing import forms, is_party, phrase_span

# Verbs too general to tell one proposition from another.
_LIGHT = frozenset({
    "be", "have", "do", "say", "get", "go", "make", "take", "know", "think", "want", "see", "come",
    "tell", "let", "seem", "become", "use", "give", "put", "need", "try", "look", "feel", "mean",
})
_STEM = 5  # "support" / "supportive", "help" / "helped": a shared beginning this long is one word
# Subjects by which a speaker answers for themselves: "I pay my taxes".
_SPEAKER = frozenset({"i", "we", "he", "she"})
_ANSWERED = ("assertion", "accusation")
# Cues by which a plain claim about someone's deed, once denied, reads as a charge ("claimed
# Doe had helped the firm"); "said Doe seemed supportive" stays an assertion.
_CHARGING_CUES = frozenset({
    "claim", "allege", "suggest", "imply", "insinuate", "insist", "assert", "contend",
})
_SMALL = frozenset({"thing", "way", "time", "year", "people", "lot", "part", "kind", "one", "fact"})


@dataclass(frozen=True)
class Predicate:
    """One proposition of a claim's content: its predicate word, polarity, subject and the nouns
    it speaks of."""

    stems: frozenset[str]
    negated: bool
    subject: Token | None
    nouns: frozenset[str]
    main: bool = True  # the content's own predicate, not one deep in a clause it embeds


def _negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" or c.lower_ == "never" for c in tok.children):
        return True
    subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and any(c.lower_ in ("neither", "no") for c in subject.subtree):
        return True  # "neither Doe nor her staff helped", "no one paid"
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if obj is None:
        return False
    return obj.lower_ in ("nothing", "none") or any(c.lower_ == "no" for c in obj.children)


def _stems(tok: Token) -> frozenset[str]:
    return frozenset(f[:_STEM] for f in forms(tok) if len(f) >= 3)


def predicates(tokens: Sequence[Token]) -> list[Predicate]:
    """Content tokens -> the propositions they state, one per content verb or predicate adjective."""
    nouns = frozenset(
        t.lower_ for t in tokens
        if t.pos_ in ("NOUN", "PROPN") and len(t.lower_) > 2 and t.lemma_.lower() not in _SMALL
    )
    ids = {t.i for t in tokens}
    out = []
    for tok in tokens:
        verb = tok.pos_ == "VERB" and tok.dep_ not in ("aux", "auxpass", "amod")
        adjective = tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "xcomp", "oprd", "ROOT", "ccomp")
        if not (verb or adjective) or tok.lemma_.lower() in _LIGHT:
            continue
        head = tok.head if adjective else tok
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        top = head.head.i == head.i or head.head.i not in ids or head.head.head.i not in ids
        out.append(Predicate(_stems(tok), _negated(head), subject, nouns - {tok.lower_}, top))
    return out


def _source_key(attr: Attribution) -> str:
    ref = attr.source_ref
    return (ref.resolved if ref is not None else "").lower().strip()


def _restates(a: Predicate, b: Predicate) -> bool:
    """Two propositions about one matter with opposite polarity."""
    return a.negated != b.negated and bool(a.stems & b.stems) and bool(a.nouns & b.nouns)


def _nested(a: Attribution, b: Attribution, attrs: Sequence[Attribution]) -> bool:
    """One claim sits inside the other's content (the same words, reported twice)."""
    return (a.parent is not None and attrs[a.parent] is b) or (b.parent is not None and attrs[b.parent] is a)


def _target(pred: Predicate, offset: int) -> list[Span]:
    """The subject of the proposition, without a "neither" or "either" before it."""
    subject = pred.subject
    if subject is None or not is_party(subject):
        return []
    span = phrase_span(subject, offset)
    first = next((t for t in subject.subtree if offset + t.idx == span.start), None)
    if first is not None and first.lower_ in ("neither", "either") and first.i + 1 < len(first.doc):
        span = Span(offset + first.doc[first.i + 1].idx, span.end)
    return [span]


def mark_restatements(
    attrs: Sequence[Attribution], tokens_of: Mapping[int, tuple[Sequence[Token], int]],
) -> None:
    """Claims of one article + their content tokens and paragraph offsets (by ``id``) ->
    stances of negated restatements and of the claims they negate, set in place."""
    readings = {id(a): predicates(tokens_of[id(a)][0]) for a in attrs if id(a) in tokens_of}
    for denier in attrs:
        if denier.stance != "assertion" or not denier.source or id(denier) not in readings or (
            denier.parent is not None  # words someone else reports the source to hold
        ):
            continue
        for other in attrs:
            if other is denier or id(other) not in readings or other.stance not in _ANSWERED:
                continue
            if _source_key(other) == _source_key(denier) or _nested(other, denier, attrs):
                continue
            pairs = ((p, q) for p in readings[id(denier)] for q in readings[id(other)] if _restates(p, q))
            pair = next(pairs, None)
            if pair is None:
                continue
            mine, theirs = pair
            offset = tokens_of[id(denier)][1]
            theirs_own = theirs.subject is not None and theirs.subject.lower_ in ("i", "we")
            about_someone = is_party(theirs.subject) or is_party(mine.subject)
            if mine.negated and mine.main and not theirs_own and about_someone:
                denier.stance, denier.target = "denial", _target(mine, offset) or list(denier.source)
                if other.stance == "assertion" and other.cue_lemma in _CHARGING_CUES:
                    other.stance = "accusation"
                    other.target = _target(theirs, tokens_of[id(other)][1])
                break
            speaker = mine.subject is not None and mine.subject.lower_ in _SPEAKER
            named = theirs.subject is not None and theirs.subject.lower_ not in _SPEAKER
            charged = other.stance == "accusation" or (named and is_party(theirs.subject))
            if not mine.negated and speaker and charged:
                denier.stance, denier.target = "denial", list(denier.source)
                if other.stance == "assertion":  # "he paid no taxes", answered "I pay taxes"
                    other.stance = "accusation"
                    other.target = _target(theirs, tokens_of[id(other)][1])
                break
