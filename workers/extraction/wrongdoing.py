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
    CAUSE_VERBS,
    DUTY_VERBS,
    GOVERNMENT_WORDS,
    MILITARY_WORDS,
    NEGLECT_VERBS,
    ORG_WORDS,
    PERSON_NOUNS,
    TROUBLE_NOUNS,
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
    "firm", "contractor", "employer", "landlord", "agency", "regulator", "insurer", "investor", "gang",
    "cartel", "smuggler", "hacker", "guard", "gunman", "attacker", "suspect", "defendant", "boss",
    "militia", "insurgent", "guerrilla", "fighter", "paramilitary", "sniper", "mob", "jihadist",
    "plan", "policy", "law", "bill", "proposal", "program", "programme",  # measures accused of harm
} - {"report", "study", "poll", "survey", "service", "news", "state"}
# Modals that make an act a prediction or a possibility rather than a charge.
_HYPOTHETICAL = frozenset({"will", "would", "could", "might", "should", "can", "may", "must", "'ll", "wo"})
# Modals that, before "have" and a participle, guess at a past deed: "may have lied" charges.
_EPISTEMIC = frozenset({"may", "might", "must"})
# Prepositions by which a clause pins the act it governs on its subject: "was behind the hacks",
# "responsible for the attack", "guilty of fraud", "engaged in torture".
_PINNING = frozenset({"behind", "for", "of", "in"})
# Speakers owning up to a neglect ("we did not pay") confess rather than accuse.
_FIRST_PERSON = frozenset({"i", "we", "me", "us"})
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
    charged: Token | None = None  # what the deed made or spread: "started this nonsense"


def forms(tok: Token) -> set[str]:
    """The token's lemma, its lower-case text and the stems of a few regular endings, so that a
    mislemmatised inflection ("raped" -> "rap", "taxes" -> "taxis") still finds its word."""
    lower = tok.lower_
    out = {tok.lemma_.lower(), lower}
    for suffix in ("ing", "ed", "es", "s", "d"):
        stem = lower[: -len(suffix)]
        if lower.endswith(suffix) and len(stem) >= 3:
            out.add(stem)
            if suffix in ("ing", "ed"):
                out.add(stem + "e")
                if stem[-1] == stem[-2]:
                    out.add(stem[:-1])  # "robbed" -> "rob"
    return out


def _is(tok: Token, words: frozenset[str] | dict[str, frozenset[str]]) -> bool:
    return any(f in words for f in forms(tok))


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" or (c.lower_ in ("never", "no") and c.dep_ in ("advmod", "det"))
               for c in tok.children)


def _hypothetical(verb: Token) -> bool:
    """A modal makes the act a prediction, except a guess at a past deed ("may have lied")."""
    auxes = [c.lower_ for c in verb.children if c.dep_ == "aux"]
    if "have" in auxes and any(a in _EPISTEMIC for a in auxes):
        return False
    return any(a in _HYPOTHETICAL for a in auxes)


def is_party(tok: Token | None) -> bool:
    """A token that can name someone who acts: a person, group, organisation or country."""
    if tok is None:
        return False
    if tok.lower_ in _PARTY_PRONOUNS:
        return True
    if tok.pos_ == "PROPN" or tok.ent_type_ in _PARTY_ENTS:
        return True
    if tok.pos_ == "ADJ" and tok.dep_ in ("amod", "compound") and tok.text[:1].isupper():
        return True  # a people's adjective standing for its state or forces: "Armenian shelling"
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
                subj = verb.head
                if subj.lower_ in ("one", "ones") and subj.dep_ == "attr":  # "Doe was the one who lied"
                    return _child(subj.head, "nsubj") or subj
            return subj
        if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
            verb = verb.head
            continue
        return None
    return None


def _verb_act(tok: Token) -> Act | None:
    particle = _child(tok, "prt")
    phrasal = particle is not None and any((f, particle.lower_) in WRONGDOING_PHRASALS for f in forms(tok))
    wrong = _is(tok, WRONGDOING_VERBS) or phrasal
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
    named = next((c for c in noun.children if c.dep_ in ("amod", "compound") and c.pos_ in ("ADJ", "PROPN")
                  and c.text[:1].isupper() and not c.is_sent_start and c.lower_ not in WRONGDOER_WORDS), None)
    if named is not None:  # "an Armenian rocket attack", "Russian hacking"
        return named, False
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        pinning = head.lower_ in _PINNING
        head = head.head  # "behind the hacks", "for the attack", "of fraud"
        if head.dep_ in ("acomp", "attr") and head.lower_ in ("responsible", "guilty", "complicit"):
            head = head.head
        elif not pinning or (head.lemma_.lower() == "be" and noun.head.lower_ != "behind"):
            return None, False  # "awake all night after the attacks", "was in the attack"
    elif noun.dep_ == "attr":
        return None, False  # "it was an attack": the subject names the deed, not its doer
    if noun.dep_ in ("dobj", "pobj") and head.pos_ in ("VERB", "AUX") and (
        head.lemma_.lower() in _PERPETRATE
    ) and not _hypothetical(head):
        return _subject(head), _negated(head)
    return None, False


def _noun_act(tok: Token) -> Act | None:
    if not _is(tok, WRONGDOING_NOUNS):
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


def _neglect_act(tok: Token) -> Act | None:
    """A duty left undone: "has not paid taxes", "paid nothing", "never paid a cent",
    "refuses to take responsibility", "failed to disclose the loans"."""
    needs = next((DUTY_VERBS[f] for f in forms(tok) if f in DUTY_VERBS), None)
    if needs is None or _hypothetical(tok):
        return None
    obj = _child(tok, "dobj")
    if needs and (obj is None or not _is(obj, needs)):
        return None
    left_undone = _negated(tok) or (obj is not None and (
        obj.lower_ in ("nothing", "none") or any(c.lower_ == "no" for c in obj.children)))
    if tok.dep_ == "xcomp":
        left_undone = left_undone or _is(tok.head, NEGLECT_VERBS) or _negated(tok.head)
    agent = _subject(tok)
    if not left_undone or not is_party(agent) or agent is None or agent.lower_ in _FIRST_PERSON:
        return None
    return Act(tok, agent, False)


def _cause_act(tok: Token) -> Act | None:
    """A trouble pinned on the one who began it: "Doe started the feud", "they stoked the unrest"."""
    if not _is(tok, CAUSE_VERBS) or _hypothetical(tok):
        return None
    obj = _child(tok, "dobj", "nsubjpass")
    if obj is None:  # the parser may hang "started this mess years ago" on the adverb
        near = tok.doc[tok.i + 1 : tok.i + 4]
        obj = next((t for t in near if _is(t, TROUBLE_NOUNS) and tok in t.ancestors), None)
    if obj is None:
        return None
    compounds = [c for c in obj.children if c.dep_ == "compound" and _is(c, TROUBLE_NOUNS)]
    trouble = obj if _is(obj, TROUBLE_NOUNS) else next(iter(compounds), None)
    if trouble is None:
        return None
    by = _child(tok, "agent")
    agent = _child(by, "pobj") if by is not None else None if obj.dep_ == "nsubjpass" else _subject(tok)
    return Act(tok, agent, _negated(tok), trouble) if is_party(agent) else None


def _foretold(tok: Token, ids: set[int]) -> bool:
    """The act sits under a prediction or a plan in the content: "he would close the loopholes
    Doe used to avoid paying taxes" promises a law rather than charging Doe."""
    head = tok.head
    while head.i in ids and head.i != head.head.i:
        if head.pos_ in ("VERB", "AUX") and _hypothetical(head):
            return True
        head = head.head
    return head.i in ids and head.pos_ in ("VERB", "AUX") and _hypothetical(head)


def find_acts(tokens: Iterable[Token]) -> Iterator[Act]:
    """Content tokens -> the acts of wrongdoing they name, in text order."""
    tokens = list(tokens)
    ids = {t.i for t in tokens}
    for tok in tokens:
        if tok.pos_ == "VERB":
            act = _verb_act(tok) or _neglect_act(tok) or _cause_act(tok)
        elif tok.pos_ in ("NOUN", "PROPN"):
            act = _noun_act(tok) or _wrongdoer_act(tok)
        elif tok.pos_ == "ADJ":
            act = _wrongdoer_act(tok)
        else:
            act = None
        if act is not None and not _foretold(tok, ids):
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
