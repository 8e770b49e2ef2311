"""Acts of wrongdoing in a claim's content, and who they are pinned on, from the spaCy parse.

In: the content's parse tokens. Out: ``Act`` records (the act's token, the token of its agent
when one is named, whether the content negates the act) and character spans of the agents'
noun phrases. "Doe lied to the court" -> lie by Doe; "she was groped by Roe" -> grope by Roe;
"their crimes" -> crime by them; "Russia was behind the hacks" -> hack by Russia; "Doe did
not shell the town" -> shell by Doe, negated. Word lists live in ``lexicon.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from workers.extraction.lexicon import (
    ANONYMOUS_HEADS,
    GOVERNMENT_WORDS,
    MILITARY_WORDS,
    ORG_WORDS,
    PERSON_NOUNS,
    WRONGDOER_WORDS,
    WRONGDOING_NOUNS,
    WRONGDOING_PHRASALS,
    WRONGDOING_VERBS,
)
from workers.extraction.parsetools import Token
from workers.extraction.types import Span

_PARTY_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "you", "him", "her", "them", "us", "me",
                             "his", "their", "our", "my", "your", "its", "it", "who"})
_PARTY_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_PARTY_NOUNS = PERSON_NOUNS | GOVERNMENT_WORDS | MILITARY_WORDS | ORG_WORDS | ANONYMOUS_HEADS | {
    "force", "troop", "regime", "rebel", "militant", "separatist", "police", "army", "country",
    "nation", "side", "team", "staff", "member", "supporter", "opponent", "rival", "co-conspirator",
} - {"report", "study", "poll", "survey", "service", "news", "state"}
# Modals that make an act a prediction or a possibility rather than a charge.
_HYPOTHETICAL = frozenset({"will", "would", "could", "might", "should", "can", "may", "must", "'ll", "wo"})
# Verbs whose subject is the agent of the wrongdoing named by their object or complement:
# "committed crimes", "carried out the attack", "was behind the hacks", "is responsible for".
_PERPETRATE = frozenset({"commit", "carry", "conduct", "perpetrate", "orchestrate", "order", "launch",
                         "stage", "mastermind", "plan", "direct", "engage", "be", "bear"})
_PHRASE_CUT = frozenset({"relcl", "acl", "appos", "punct", "prep", "advcl", "cc", "conj", "case"})


@dataclass(frozen=True)
class Act:
    """One act of wrongdoing the content speaks of."""

    token: Token  # the verb, noun or adjective naming the act
    agent: Token | None  # who the content says did it, when named
    negated: bool  # "did not shell", "never lied", "committed no crimes"


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" or (c.lower_ in ("never", "no") and c.dep_ in ("advmod", "det"))
               for c in tok.children)


def _hypothetical(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in _HYPOTHETICAL for c in verb.children)


def is_party(tok: Token | None) -> bool:
    """A token that can name someone who acts: a person, group, organisation or country."""
    if tok is None:
        return False
    if tok.lower_ in _PARTY_PRONOUNS:
        return True
    if tok.pos_ == "PROPN" or tok.ent_type_ in _PARTY_ENTS:
        return True
    return tok.lemma_.lower() in _PARTY_NOUNS or tok.lower_ in _PARTY_NOUNS


def _child(tok: Token, *deps: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def _subject(verb: Token) -> Token | None:
    """The verb's subject, inherited along coordination ("lied and cheated") and taken from
    the modified noun of a relative clause ("the man who lied")."""
    for _ in range(4):
        subj = _child(verb, "nsubj")
        if subj is not None:
            if subj.lower_ in ("who", "that", "which") and verb.dep_ == "relcl":
                return verb.head
            return subj
        if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
            verb = verb.head
            continue
        return None
    return None


def _verb_act(tok: Token) -> Act | None:
    lemma = tok.lemma_.lower()
    particle = _child(tok, "prt")
    phrasal = particle is not None and (lemma, particle.lower_) in WRONGDOING_PHRASALS
    wrong = lemma in WRONGDOING_VERBS or phrasal
    if not wrong or tok.dep_ in ("amod", "compound") or _hypothetical(tok):
        return None
    negated = _negated(tok) or (tok.dep_ == "xcomp" and _negated(tok.head))
    if _child(tok, "nsubjpass", "auxpass") is not None:
        by = _child(tok, "agent")
        agent = _child(by, "pobj") if by is not None else None
        patient = _child(tok, "nsubjpass")
        if agent is None and not is_party(patient):
            return None
        return Act(tok, agent, negated)
    agent = _subject(tok)
    return Act(tok, agent, negated) if is_party(agent) else None


def _perpetrator(noun: Token) -> tuple[Token | None, bool]:
    """Who a wrongdoing noun is pinned on, and whether that is negated: its possessor ("their
    crimes"), a "by" phrase ("attacks by the army"), or the subject of the verb that carries it
    ("committed crimes", "was behind the hacks", "is responsible for the attack")."""
    poss = _child(noun, "poss")
    if poss is not None:
        return poss, False
    by = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"), None)
    if by is not None and _child(by, "pobj") is not None:
        return _child(by, "pobj"), False
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head  # "behind the hacks", "for the attack", "of fraud"
        if head.dep_ in ("acomp", "attr") and head.lower_ in ("responsible", "guilty", "complicit"):
            head = head.head
    if noun.dep_ in ("dobj", "attr", "pobj") and head.pos_ in ("VERB", "AUX") and (
        head.lemma_.lower() in _PERPETRATE
    ) and not _hypothetical(head):
        return _subject(head), _negated(head)
    return None, False


def _noun_act(tok: Token) -> Act | None:
    if tok.lemma_.lower() not in WRONGDOING_NOUNS and tok.lower_ not in WRONGDOING_NOUNS:
        return None
    agent, negated = _perpetrator(tok)
    return Act(tok, agent, negated or _negated(tok)) if is_party(agent) else None


def _wrongdoer_act(tok: Token) -> Act | None:
    """"Doe is corrupt", "Doe is a liar", "her criminal attempt"."""
    if tok.lower_ not in WRONGDOER_WORDS and tok.lemma_.lower() not in WRONGDOER_WORDS:
        return None
    if tok.dep_ in ("acomp", "attr") and tok.head.pos_ in ("AUX", "VERB") and not _hypothetical(tok.head):
        agent = _subject(tok.head)
        return Act(tok, agent, _negated(tok.head)) if is_party(agent) else None
    if tok.dep_ == "amod" and _child(tok.head, "poss") is not None:
        return Act(tok, _child(tok.head, "poss"), False)
    return None


def find_acts(tokens: Iterable[Token]) -> Iterator[Act]:
    """Content tokens -> the acts of wrongdoing they name, in text order."""
    for tok in tokens:
        if tok.pos_ == "VERB":
            act = _verb_act(tok)
        elif tok.pos_ in ("NOUN", "PROPN"):
            act = _noun_act(tok) or _wrongdoer_act(tok)
        elif tok.pos_ == "ADJ":
            act = _wrongdoer_act(tok)
        else:
            act = None
        if act is not None:
            yield act


def phrase_span(tok: Token, offset: int) -> Span:
    """A token -> the character span of its noun phrase without relative clauses, appositions,
    prepositional phrases or a possessive ending ("the mayor's" -> "the mayor"); a name keeps
    no common-noun title before it."""
    ids = {tok.i}
    stack = [tok]
    while stack:
        for child in stack.pop().children:
            if child.dep_ not in _PHRASE_CUT:
                ids.add(child.i)
                stack.append(child)
    lo = hi = tok.i
    while lo - 1 in ids:
        lo -= 1
    while hi + 1 in ids:
        hi += 1
    doc = tok.doc
    if tok.pos_ == "PROPN":  # "harbour master Piet Vandersloot" -> the name, not the title
        lo = tok.i
        while lo - 1 in ids and doc[lo - 1].pos_ == "PROPN":
            lo -= 1
    return Span(offset + doc[lo].idx, offset + doc[hi].idx + len(doc[hi].text))


def spans_of(tokens: Sequence[Token | None], offset: int) -> list[Span]:
    """Agent tokens -> their phrase spans, once each, in text order."""
    spans = {phrase_span(t, offset) for t in tokens if t is not None}
    return sorted(spans)
