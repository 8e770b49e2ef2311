"""A cue candidate before spans are drawn, and the verb group that makes up a verbal cue.

In: parse tokens. Out: ``Candidate`` (token indices for cue, source and content) and the token
indices of a reporting verb's group ("has also said", "appeared to blame", "said in a
statement", "said:").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from workers.extraction.lexicon import CueSpec
from workers.extraction.parsetools import TIME_WORDS, WEEKDAYS, Token, subtree_ids

_CUE_ADV_MAX = 3
_RAISING = frozenset({"appear", "seem", "want", "try", "continue", "begin", "refuse", "decline", "need",
                      "hope", "plan", "intend", "wish", "tend", "fail", "have", "go"})
_MEDIA = frozenset({"interview", "statement", "email", "e-mail", "letter", "post", "tweet", "speech",
                    "briefing", "conference", "call", "release", "memo", "message", "video", "op-ed",
                    "twitter", "facebook", "television", "radio", "podcast", "blog", "column", "essay",
                    "filing", "report", "editorial", "article", "book", "broadcast", "appearance",
                    "rally", "event", "hearing", "debate", "meeting", "session", "forum", "panel",
                    "show", "program", "programme", "address", "remarks", "news", "press"})


@dataclass
class Candidate:
    """A cue with the token indices of its source and content, before spans are drawn."""

    spec: CueSpec
    frame: str
    cue: list[int]
    source: list[int] = field(default_factory=list)
    content: set[int] = field(default_factory=set)
    head: int = -1  # the cue's head token (the verb or noun)


def verb_group(verb: Token, extra: Iterable[Token] = ()) -> list[int]:
    """The verb group: auxiliaries, negation, close adverbs and particles around the verb.

    Also a raising or control verb in front ("appeared to blame", "wanted to know"), a weekday
    right after the verb ("said Friday") and a colon that introduces the content ("said:").
    """
    doc = verb.doc
    ids = {verb.i} | {t.i for t in extra}
    head = verb.head
    if verb.dep_ == "xcomp" and head.i < verb.i and head.lemma_.lower() in _RAISING:
        ids.add(head.i)
        for child in head.children:
            if child.dep_ in ("aux", "neg") and child.i < head.i:
                ids.add(child.i)
    for tok in [verb, head] if head.i in ids else [verb]:
        for child in tok.children:
            near = abs(child.i - tok.i) <= 4
            adverb = child.dep_ == "advmod" and child.pos_ == "ADV" and 0 < tok.i - child.i <= _CUE_ADV_MAX
            weekday = child.dep_ == "npadvmod" and child.i == tok.i + 1 and child.lower_ in WEEKDAYS
            if (child.dep_ in ("aux", "auxpass", "neg", "prt") and near) or adverb or weekday:
                ids.add(child.i)
    for child in verb.children:  # "said in a statement", "wrote on Twitter", "said last month"
        after = child.i == max(ids) + 1
        medium = child.dep_ == "prep" and _is_medium(child)
        when = child.dep_ == "npadvmod" and child.lower_ in TIME_WORDS and len(subtree_ids(child)) <= 3
        if after and medium:  # up to the channel's noun: "in an interview", not "... with CNBC"
            noun = next(g for g in child.children if g.dep_ == "pobj")
            ids |= {i for i in subtree_ids(child) if i <= noun.i}
        elif after and when:
            ids |= subtree_ids(child)
        elif after and child.dep_ == "advmod" and child.lower_ in ("then", "later", "again", "earlier"):
            ids.add(child.i)
    lo = hi = verb.i
    while lo - 1 in ids:
        lo -= 1
    while hi + 1 in ids:
        hi += 1
    if hi + 1 < len(doc) and doc[hi + 1].text == ":":
        hi += 1
    return list(range(lo, hi + 1))


def _is_medium(prep: Token) -> bool:
    """'in a statement', 'in an interview', 'on Twitter': the channel of the reporting act."""
    objs = [g for g in prep.children if g.dep_ == "pobj"]
    size = sum(1 for _ in prep.subtree)
    return bool(objs) and size <= 10 and prep.lower_ in ("in", "on", "during", "at") and (
        objs[0].lemma_.lower() in _MEDIA
    )
