"""Finding the source of a cue on the parse: its subject, passive agent or the speaker of a quote.

In: the cue's verb token, its cue token indices and the paragraph's token-to-quotation map.
Out: the token indices of the source (empty when the claim has none).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from workers.extraction.parsetools import TIME_WORDS, Token, subtree_ids

_SOURCE_INHERIT = frozenset({"conj", "xcomp", "advcl", "acl"})
_EXPLETIVE = frozenset({"it", "there"})
_NP_LEFT = frozenset({"compound", "amod", "det", "poss", "nummod", "case", "nmod", "quantmod", "predet"})
_FINITE = frozenset({"VBD", "VBZ", "VBP"})
# Passive perception verbs whose subject does what the participle says ("was heard yelling").
_PERCEPTION = frozenset({"hear", "see", "overhear", "spot", "catch", "film", "record", "observe"})


def _side_of(ids: Iterable[int], cue: list[int]) -> list[int]:
    """Keep the source on one side of the cue (a parse error can run it across the verb)."""
    ids = sorted(ids)
    if not ids:
        return ids
    if ids[0] < cue[0]:
        return [i for i in ids if i < cue[0]]
    return [i for i in ids if i > cue[-1]]


def _inverted_source(verb: Token, cue: list[int], quote_of: list[int]) -> list[int]:
    """The noun phrase right after the cue in '"...," said James Acton, a physicist ...'."""
    doc = verb.doc
    j = cue[-1] + 1
    if j >= len(doc) or quote_of[j] >= 0 or doc[j].pos_ not in ("PROPN", "NOUN", "DET", "PRON", "ADJ"):
        return []
    top = doc[j]
    while top.head.i != top.i and top.head.i > cue[-1] and top.head.i != verb.i and top.head.sent == top.sent:
        top = top.head
    return [i for i in sorted(subtree_ids(top)) if i > cue[-1] and quote_of[i] < 0]


def find_source(verb: Token, cue: list[int] | None = None, quote_of: list[int] | None = None) -> list[int]:
    """The subject (or passive agent) of the cue, inherited along coordination and control.

    A subject inside a quotation when the cue is outside is a parse error: then the noun phrase
    after the cue is the source instead ('"...," said X').
    """
    cue = cue or [verb.i]
    found = _side_of(_subject(verb), cue)
    if not found:
        found = _stranded_subject(verb, cue)
    if quote_of is not None and quote_of[verb.i] < 0 and any(quote_of[i] >= 0 for i in found):
        head = _subject_head(verb)
        if head is not None and quote_of[head.i] < 0 and head.i < cue[0]:
            found = _noun_core(head, quote_of)  # the subject is outside; the parse ran into a quote
        else:
            found = (_between_quote_and_cue(verb.doc, cue, quote_of) or _inverted_source(verb, cue, quote_of)
                     or _sentence_subject(verb, cue, quote_of))
    return tidy_source(found, verb.doc)


def _sentence_subject(verb: Token, cue: list[int], quote_of: list[int]) -> list[int]:
    """A participle cue the parse hung on a quotation ("X hardly clarified it, ... and,
    asked later, asserting, '...'"): the sentence's first subject outside quotation marks."""
    if verb.tag_ != "VBG" or _subject_head(verb) is not None:
        return []
    for tok in verb.sent:
        if tok.i >= cue[0]:
            break
        if tok.dep_ == "nsubj" and quote_of[tok.i] < 0 and tok.pos_ in ("PROPN", "NOUN"):
            return _noun_core(tok, quote_of)
    return []


def _subject_head(verb: Token) -> Token | None:
    """The verb's own subject token, if it has one."""
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _noun_core(head: Token, quote_of: list[int]) -> list[int]:
    """A noun and the modifiers right before it ("ethnic Armenian forces"), outside quotes."""
    doc = head.doc
    lo = head.i
    while lo > 0 and quote_of[lo - 1] < 0 and doc[lo - 1].dep_ in _NP_LEFT and doc[lo - 1].head.i <= head.i:
        lo -= 1
    return list(range(lo, head.i + 1))


def _between_quote_and_cue(doc: Any, cue: list[int], quote_of: list[int]) -> list[int]:
    """The words between a quotation and its cue: '"...," Armen Manjoyan, a driver, said'."""
    j = cue[0] - 1
    while j >= 0 and quote_of[j] < 0 and doc[j].text not in (".", "!", "?", ";"):
        j -= 1
    ids = list(range(j + 1, cue[0]))
    while ids and doc[ids[0]].is_punct:
        ids.pop(0)
    if not ids or len(ids) > 25:
        return []
    inside = set(ids)
    # the phrase must be a noun phrase of its own, not "and, when questioned after the debate,"
    roots = [doc[i] for i in ids if doc[i].head.i not in inside or doc[i].head.i == i]
    if not any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in roots):
        return []
    return ids


def _stranded_subject(verb: Token, cue: list[int]) -> list[int]:
    """A finite cue the parser left without a subject although a noun stands right before it:
    "..., and Democrats accused the GOP" parsed with "Democrats" as a conjunct of the object."""
    doc = verb.doc
    j = cue[0] - 1
    if verb.tag_ not in _FINITE or verb.dep_ in ("relcl", "acl") or j < 0:
        return []
    prev = doc[j]
    if prev.pos_ not in ("PROPN", "NOUN") or prev.dep_ != "conj" or prev.head.i >= j:
        return []
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
        return []
    lo = j
    while lo > 0 and doc[lo - 1].dep_ in ("compound", "amod", "det") and doc[lo - 1].head.i == j:
        lo -= 1
    return list(range(lo, j + 1))


def tidy_source(ids: list[int], doc: Any) -> list[int]:
    """Drop a leading focus adverb or conjunction ("Even China", "But Smith") and a trailing
    time phrase ("a group of doctors in 2015")."""
    if not ids:
        return ids
    keep = set(ids)
    first = doc[ids[0]]
    if first.dep_ in ("advmod", "cc", "preconj") and len(ids) > 1 and first.head.i in keep:
        keep.discard(first.i)
    for i in ids:
        tok = doc[i]
        if tok.head.i not in keep or tok.i == tok.head.i:
            continue
        timed = tok.dep_ == "prep" and any(g.ent_type_ == "DATE" or g.like_num or g.lower_ in TIME_WORDS
                                           for g in tok.children if g.dep_ == "pobj")
        if timed and max(subtree_ids(tok)) == max(keep):
            keep -= subtree_ids(tok)
    return sorted(keep)


# Verbs by which a subject puts out the document it governs ("released a letter saying …"), as
# against verbs by which it only speaks of one ("noted reports alleging …", "dismissed reports …").
_AUTHORING = frozenset({
    "release", "issue", "publish", "send", "write", "post", "file", "sign", "submit", "produce",
    "circulate", "distribute", "put", "tweet", "air", "run", "unveil", "present", "deliver", "draft",
    "pen", "prepare", "share", "launch", "broadcast", "give", "make", "hand", "mail", "leak",
})
# Subjects of a copula that point back, not at a speaker: "said that was not true and denied …".
_POINTING = frozenset({"that", "this", "which", "it"})


def _document_author(noun: Token) -> list[int]:
    """Who put out the document a participle hangs on: "He released a letter saying ..." -> "He"."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in _AUTHORING:
        return []
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return sorted(subtree_ids(subject)) if subject is not None else []


def _points_back(clause: Token) -> bool:
    """A reported clause whose subject is a bare pointing word ("that was not her view")."""
    subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    return len(subjects) == 1 and subjects[0].lower_ in _POINTING and not list(subjects[0].children)


def _subject(verb: Token) -> list[int]:
    """Subject or passive-agent subtree, climbing conjuncts, control verbs and participles.

    With two subjects (a fronted phrase the parser took for one) the one next to the verb wins;
    a present participle hung on a noun takes that noun as its source ("reports alleging that
    ..."), or whoever put the document out ("He released a letter saying ...").
    """
    tok = verb
    for _ in range(4):
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "csubj")]
        if subjects:
            child = max(subjects, key=lambda c: c.i if c.i < tok.i else -c.i)
            return sorted(subtree_ids(child))
        noun = tok.head
        if tok.dep_ == "acl" and tok.tag_ == "VBG" and noun.i < tok.i and noun.pos_ in ("NOUN", "PROPN"):
            return _document_author(tok.head) or sorted(subtree_ids(tok.head) - subtree_ids(tok))
        for child in tok.children:
            if child.dep_ == "agent":
                objs = [g for g in child.children if g.dep_ == "pobj"]
                if objs:
                    return sorted(subtree_ids(objs[0]))
            if child.dep_ == "nsubjpass" and child.lower_ not in _EXPLETIVE and (
                tok.tag_ != "VBN" or (tok.lemma_.lower() in _PERCEPTION and tok is not verb)
            ):
                return sorted(subtree_ids(child))  # "a woman was heard yelling ...": the woman
        if tok.dep_ in _SOURCE_INHERIT and tok.head.i != tok.i:
            tok = tok.head
            if verb.dep_ == "conj" and tok.dep_ == "ccomp" and _points_back(tok):
                tok = tok.head  # "said that was wrong and dismissed …": the one who said dismissed
            continue
        break
    return []


