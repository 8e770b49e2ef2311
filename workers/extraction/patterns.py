"""Cues that are not a plain reporting verb: nouns ("claims that"), "according to", light verbs
("made clear that"), transcript colons and the source's silence ("declined to comment").

In: the tokens picked as possible triggers from one parsed paragraph. Out: ``Candidate`` objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from workers.extraction.candidates import Candidate, verb_group
from workers.extraction.lexicon import LIGHT_NOUNS, LIGHT_SPEC, NOUN_CUES, PREP_SOURCE_CUES, CueSpec
from workers.extraction.parsetools import Token, subtree_ids
from workers.extraction.speakers import find_source

COLONS = frozenset({":", "―", "—"})  # a colon, and dashes that can introduce a quotation


def noun_candidates(tokens: Iterable[Token]) -> Iterator[Candidate]:
    """Noun cues with a that-clause: "X's claim that ...", "allegations that ..."."""
    for tok in tokens:
        doc = tok.doc
        spec = NOUN_CUES.get(tok.lemma_.lower()) or NOUN_CUES.get(tok.lower_)
        if spec is None:
            continue
        for child in tok.children:
            if child.dep_ in ("acl", "ccomp", "appos") and any(
                g.dep_ == "mark" and g.lower_ == "that" for g in child.children
            ):
                content = subtree_ids(child)
                source: list[int] = []
                for other in tok.children:
                    if other.dep_ == "poss":
                        source = sorted(i for i in subtree_ids(other) if doc[i].dep_ != "case")
                    elif other.dep_ == "prep" and other.lower_ in ("by", "from"):
                        objs = [g for g in other.children if g.dep_ == "pobj"]
                        if objs:
                            source = sorted(subtree_ids(objs[0]))
                yield Candidate(spec, "that", [tok.i], source, content, tok.i)
                break


def words_at(doc: Any, start: int, words: tuple[str, ...]) -> bool:
    """Whether ``doc`` spells ``words`` (lower case) from token ``start`` on."""
    return start >= 0 and start + len(words) <= len(doc) and all(
        doc[start + k].lower_ == w for k, w in enumerate(words)
    )


def after_prep_cue(doc: Any, i: int) -> bool:
    """A word right after "according to" is the source, whatever the tagger made of it
    ("according to show staff": "show" is no verb here)."""
    return any(words_at(doc, i - len(words), words) for words in PREP_SOURCE_CUES)


def prep_candidates(tokens: Iterable[Token]) -> Iterator[Candidate]:
    """Prepositional source cues: "..., according to X"."""
    for tok in tokens:
        doc = tok.doc
        for words, spec in PREP_SOURCE_CUES.items():
            if not words_at(doc, tok.i, words):
                continue
            last = doc[tok.i + len(words) - 1]
            # the source is the object; a noun phrase the tagger took for a clause ("according
            # to show staff", "show" as a verb) still is
            objs = [g for g in last.children if g.dep_ in ("pobj", "pcomp")]
            if not objs:
                continue
            source = sorted(subtree_ids(objs[0]))
            sent = tok.sent
            phrase = subtree_ids(tok) | set(source) | {t.i for t in doc[tok.i : tok.i + len(words)]}
            head = tok.head
            while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
                head = head.head  # "... leads by 271 delegates, according to X": the clause, not the noun
            scope = subtree_ids(head) if head.i != tok.i and head.sent == sent else {t.i for t in sent}
            content = {i for i in scope if i not in phrase and sent.start <= i < sent.end}
            if content:
                yield Candidate(spec, "paren", list(range(tok.i, tok.i + len(words))), source, content, tok.i)


def light_verb_candidates(tokens: Iterable[Token], quote_of: list[int]) -> Iterator[Candidate]:
    """Light-verb cues: "made clear that ...", "expressed confidence that ...", "raised concerns
    about ...", "made no secret of ...": the verb and its object noun form the cue."""
    for verb in tokens:
        for obj in verb.children:
            noun = obj.lemma_.lower()
            if obj.dep_ not in ("dobj", "ccomp", "acomp", "oprd") or noun not in LIGHT_NOUNS:
                continue
            content: set[int] = set()
            tail = obj.i
            for child in obj.children:
                marked = any(g.dep_ == "mark" and g.lower_ == "that" for g in child.children)
                if child.dep_ in ("acl", "ccomp") and marked:
                    content = subtree_ids(child)
                elif child.dep_ == "prep" and child.lower_ in ("of", "about", "over", "for", "on"):
                    objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
                    content = {i for g in objects for i in subtree_ids(g)}
                    tail = child.i
            if not content:  # "made clear that ...": the clause hangs on the verb
                clauses = [c for c in verb.children if c.dep_ == "ccomp" and c.i > obj.i]
                content = {i for c in clauses for i in subtree_ids(c)}
            if not content:
                continue
            cue = sorted(set(verb_group(verb)) | set(range(min(subtree_ids(obj) - content), tail + 1)))
            cue = list(range(cue[0], cue[-1] + 1))
            spec = replace(LIGHT_SPEC, lemma=f"{verb.lemma_.lower()} {noun}")
            yield Candidate(spec, "that", cue, find_source(verb, cue, quote_of), content - set(cue), verb.i)
            break


_COLON_SPEC = CueSpec(":", "communication", "assertion", frozenset({"colon"}), 0.5)


def colon_candidates(tokens: Iterable[Token], quote_of: list[int]) -> Iterator[Candidate]:
    """Colon cues: "NAME: content" (transcripts, interviews), the name short and proper (or a
    speaker label in capitals) at the start of its sentence. A transcript turn at the start of
    a paragraph runs to the paragraph's end. A dash is a cue only before a quotation."""
    done: set[int] = set()
    for colon in tokens:
        doc = colon.doc
        sent = colon.sent
        if sent.start in done:
            continue
        done.add(sent.start)
        toks = [t for t in sent if not (t.is_punct and t.i < colon.i and quote_of[t.i] >= 0)]
        for k, tok in enumerate(toks[:8]):
            if tok.text not in COLONS:
                continue
            before = toks[:k]
            after = toks[k + 1 :]
            if not before or len(after) < 2 or any(t.pos_ in ("VERB", "AUX") for t in before):
                break
            label = all(t.is_upper or t.is_punct for t in before)
            if not label and not any(t.pos_ in ("PROPN", "PRON") for t in before):
                break
            if tok.text != ":" and quote_of[after[0].i] < 0:
                break
            turn = before[0].i == 0 and label  # a transcript turn runs to the paragraph's end
            content = set(range(tok.i + 1, len(doc))) if turn else {t.i for t in after}
            if not any(doc[i].pos_ in ("VERB", "AUX") for i in content):
                break  # "Clinton: 1,769", "A World at War": a label, not a claim
            yield Candidate(_COLON_SPEC, "colon", [tok.i], [t.i for t in before], content, tok.i)
            break


_NO_COMMENT = CueSpec("comment", "communication", "no_comment", frozenset({"comment"}), 0.8)
_SILENT_VERBS = frozenset({"respond", "return", "reply", "answer", "comment"})
SILENT_TRIGGERS = _SILENT_VERBS | {"available", "reach"}


def no_comment_candidates(tokens: Iterable[Token]) -> Iterator[Candidate]:
    """'X was not (immediately) available for comment', 'X could not be reached for comment',
    'X did not respond to requests for comment': the source's silence is the claim."""
    for tok in tokens:
        negated = any(k.dep_ == "neg" for k in tok.children) or any(
            k.dep_ == "neg" for k in tok.head.children if tok.dep_ == "acomp"
        )
        if not negated:
            continue
        lemma = tok.lemma_.lower()
        if lemma == "available" and tok.dep_ == "acomp":
            verb = tok.head
        elif (lemma == "reach" and tok.tag_ == "VBN") or lemma in _SILENT_VERBS:
            verb = tok
        else:
            continue
        preps = [k for k in tok.children if k.dep_ in ("prep", "dobj")]
        if not preps or not any("comment" in t.lower_ or t.lemma_ in ("call", "message", "request", "email")
                                for p in preps for t in p.subtree):
            continue
        cue = sorted({verb.i, tok.i} | {k.i for k in (*verb.children, *tok.children)
                                        if k.dep_ in ("aux", "auxpass", "neg", "advmod") and k.i <= tok.i})
        cue = list(range(cue[0], tok.i + 1))
        content = {i for p in preps for i in subtree_ids(p)}
        source = find_source(verb, cue) or [
            i for k in tok.children if k.dep_ == "nsubjpass" for i in sorted(subtree_ids(k))
        ]
        yield Candidate(_NO_COMMENT, "comment", cue, source, content, tok.i)
