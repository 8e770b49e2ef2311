"""The article's mentions of speakers: named phrases, descriptions, pronouns and relative pronouns.

In: the parsed paragraphs ``(doc, offset)``, the body and each paragraph's quotation regions.
Out: ``Mention`` objects in text order, each with its sentence, whether it is a subject,
whether it sits inside a quotation and the gender its own words show: named noun phrases
("Russian Foreign Minister Sergei Lavrov"), definite descriptions of a person in subject
position ("the Republican nominee"), personal pronouns and relative pronoun subjects ("...,
who said"). ``coreference.link_mentions`` then says which earlier mention each short one
stands for. Dates and weekdays ("Monday", "Election Day") are never mentions of a speaker.
Pure: the same parse always gives the same mentions.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

import numpy as np
from spacy.attrs import ORTH, POS, SENT_START
from spacy.symbols import PROPN

from workers.extraction.lexicon import PLACE_NOUNS
from workers.extraction.parsetools import TIME_WORDS, Token, subtree_ids
from workers.extraction.sources import ROLE_NOUNS, Mention, gender_of, guess_kind
from workers.extraction.types import Span

_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m",
                   "she": "f", "her": "f", "hers": "f", "herself": "f"}
_LOCATIVE = frozenset({"in", "at", "near", "from", "into", "across", "outside", "inside", "around"})
_RELATIVE = frozenset({"who", "which", "that"})
_SUBJECT = frozenset({"nsubj", "nsubjpass"})
_SKIP = frozenset({"he", "she", "they", "it", "we", "i", "you", "who", "which", "that"})
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
# "Election Day", "Labor Day", "New Year's Eve": the head word of a date, not of a speaker
_DATE_HEADS = TIME_WORDS | frozenset({"day", "days", "eve", "weekend", "today", "tonight", "midnight"})


# "(D-Mo.)", "R-S.C.", "I-Vt.": a lawmaker's party and state, a tag on a name, never a speaker
_PARTY_TAG = re.compile(r"^\(?[DRI]-[A-Z][A-Za-z.]*\)?$")


def is_party_tag(text: str) -> bool:
    """"D-Mo.", "(R-S.C.)": a party-and-state tag after a lawmaker's name."""
    return bool(_PARTY_TAG.match(text.strip()))


def is_date(text: str) -> bool:
    """"Monday", "Election Day", "last week", "September 2016": a time, never a speaker."""
    words = [re.sub(r"[’']s$", "", w.strip(".,’'")).lower() for w in text.split()]
    words = [w for w in words if w and (not w.isdigit() or _YEAR.match(w))]
    return bool(words) and (words[-1] in _DATE_HEADS or bool(_YEAR.match(words[-1])))


def _in(regions: Sequence[Span], at: int) -> bool:
    return any(r.start <= at < r.end for r in regions)


def _np_start(tok: Token) -> int:
    """The first token of the modifiers left of a noun ("Russian Foreign Minister Lavrov")."""
    doc = tok.doc
    start = max(tok.left_edge.i, tok.i - 6)
    while start < tok.i and doc[start].dep_ in ("punct", "cc", "prep"):
        start += 1
    return start


def _subject_rank(tok: Token) -> int:
    """2 for the subject of the sentence's main verb, 1 for another clause's subject or the
    possessor of a subject ("Trump's comments came as ..."), 0 otherwise."""
    if tok.dep_ == "poss" and tok.head.dep_ in _SUBJECT:
        return 1
    if tok.dep_ not in _SUBJECT:
        return 0
    verb = tok.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return 2 if verb.dep_ == "ROOT" else 1


def _pronoun_follows(tok: Token, end: int) -> str | None:
    """The gender of the first personal pronoun after a subject name in its sentence, when no
    other name or person comes first ("Hillary Clinton released her returns")."""
    sent = tok.sent
    for other in tok.doc[end + 1 : sent.end]:
        if other.pos_ == "PROPN" or other.lemma_.lower() in ROLE_NOUNS:
            return None
        if other.tag_ in ("PRP", "PRP$") and other.lower_ in _PRONOUN_GENDER:
            return _PRONOUN_GENDER[other.lower_]
    return None


def _located(tok: Token) -> bool:
    """A name standing for a place: "in Terter", "the town of Terter", "from Ohio"."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.dep_ != "prep":
        return False
    if prep.lower_ in _LOCATIVE:
        return True
    return prep.lower_ == "of" and prep.head.lemma_.lower() in PLACE_NOUNS


def _mistagged_name(tok: Token, names: frozenset[int] = frozenset()) -> bool:
    """A capitalised subject the tagger took for an adjective ("Lopez, who chairs ..., said"), or
    for a common noun while it tags the same word a proper noun elsewhere ("Trump has ...")."""
    if tok.dep_ not in _SUBJECT or not tok.text[:1].isupper() or not tok.text[1:].islower():
        return False
    return tok.pos_ == "ADJ" or (tok.pos_ == "NOUN" and tok.orth in names)


def _named(tok: Token, offset: int, body: str) -> tuple[Span, str] | None:
    """A proper noun heading its phrase -> the phrase's span and text, unless it names a time."""
    doc = tok.doc
    if tok.dep_ in ("compound", "flat") or tok.lower_ in _SKIP:
        return None
    start = _np_start(tok)
    span = Span(offset + doc[start].idx, offset + tok.idx + len(tok.text))
    text = body[span.start : span.end]
    return None if is_date(text) or is_party_tag(text) else (span, text)


def _description(tok: Token, offset: int, body: str) -> tuple[Span, str] | None:
    """"The Republican nominee said": a definite person noun as a subject, with no name after it."""
    doc = tok.doc
    if tok.dep_ not in _SUBJECT or tok.lemma_.lower() not in ROLE_NOUNS:
        return None
    dets = [c for c in tok.children if c.dep_ == "det" and c.i < tok.i]
    if not dets or dets[0].lower_ != "the":
        return None
    if any(c.dep_ in ("appos", "prep", "relcl", "acl") and c.i > tok.i for c in tok.children):
        return None  # "the spokeswoman, Jane Doe," names the person; "the head of X" narrows it
    start = _np_start(tok)
    return Span(offset + doc[start].idx, offset + tok.idx + len(tok.text)), body[
        offset + doc[start].idx : offset + tok.idx + len(tok.text)
    ]


def _antecedent(tok: Token, offset: int) -> Span | None:
    """The noun phrase a relative pronoun's clause hangs on: "Clinton, who said" -> "Clinton"."""
    verb = tok.head
    if tok.dep_ not in _SUBJECT or verb.dep_ not in ("relcl", "acl"):
        return None
    head = verb.head
    if head.i >= tok.i or (head.pos_ not in ("PROPN", "NOUN") and not _mistagged_name(head)):
        return None
    ids = sorted(subtree_ids(head) - subtree_ids(verb))
    doc = tok.doc
    while len(ids) > 1 and doc[ids[-1]].is_punct:
        ids.pop()
    first, last = doc[ids[0]], doc[ids[-1]]
    return Span(offset + first.idx, offset + last.idx + len(last.text))


def _doc_mentions(
    doc: Any, offset: int, body: str, regions: Sequence[Span], first_sentence: int, names: frozenset[int]
) -> tuple[list[Mention], int]:
    """One paragraph's mentions (sentences numbered from ``first_sentence``) and its sentence
    count; ``names`` holds the words tagged a proper noun somewhere in the article."""
    cols = doc.to_array([POS, SENT_START])
    starts = sorted({0, *np.flatnonzero(cols[:, 1] == 1).tolist()})
    out = []
    for i in range(len(doc)):
        tok = doc[i]
        sentence = first_sentence + bisect_right(starts, i) - 1
        quoted = _in(regions, offset + tok.idx)
        lower = tok.lower_
        if cols[i, 0] == PROPN or _mistagged_name(tok, names):
            found = _named(tok, offset, body)
            if found is not None:
                span, text = found
                gender = gender_of(text) or (_pronoun_follows(tok, i) if _subject_rank(tok) else None)
                kind = "country" if _located(tok) else guess_kind(text, has_proper=True)
                if kind == "person" and tok.tag_ in ("NNPS", "NNS"):
                    kind = "organisation"  # "Republicans", "the Clintons": a group, not "he"
                out.append(Mention(span, text, kind, None, sentence,
                                   _subject_rank(tok), quoted, gender, "name"))
        elif tok.pos_ == "NOUN":
            found = _description(tok, offset, body)
            if found is not None:
                span, text = found
                out.append(Mention(span, text, "person", None, sentence, _subject_rank(tok), quoted,
                                   gender_of(text), "description"))
        elif tok.tag_ in ("PRP", "PRP$") and lower in _PRONOUN_GENDER:
            span = Span(offset + tok.idx, offset + tok.idx + len(tok.text))
            out.append(Mention(span, tok.text, "person", None, sentence, _subject_rank(tok), quoted,
                               _PRONOUN_GENDER[lower], "pronoun"))
        elif lower in _RELATIVE and tok.tag_ in ("WP", "WDT", "IN", "DT"):
            target = _antecedent(tok, offset)
            if target is not None:
                span = Span(offset + tok.idx, offset + tok.idx + len(tok.text))
                text = body[target.start : target.end]
                out.append(Mention(span, text, guess_kind(text, has_proper=True), target, sentence,
                                   1, quoted, None, "relative"))
    return out, len(starts)


def article_mentions(
    docs: Sequence[tuple[Any, int]], body: str, regions: Sequence[Sequence[Span]]
) -> list[Mention]:
    """Every paragraph's mentions, in text order, sentences numbered across the article."""
    out: list[Mention] = []
    sentence = 0
    names: set[int] = set()
    for doc, _ in docs:
        cols = doc.to_array([POS, ORTH])
        names.update(cols[cols[:, 0] == PROPN, 1].tolist())
    frozen = frozenset(names)
    for (doc, offset), paragraph_regions in zip(docs, regions, strict=True):
        found, count = _doc_mentions(doc, offset, body, paragraph_regions, sentence, frozen)
        out.extend(found)
        sentence += count
    return out
