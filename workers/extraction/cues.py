"""Cue detection on the dependency parse: which tokens introduce an attribution, and their frame.

In: one parsed paragraph (a spaCy ``Doc``) and its token-to-quotation map. Out: ``Candidate``
objects holding token indices for the cue, the source and the content; ``spans.py`` turns
those into character spans. One pass over the tokens picks the few that can be cues; only
those are looked at closely.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.symbols import AUX, NOUN, PROPN, VERB

from workers.extraction.complements import adjacent_quote, prune_content, relative_head, verb_content
from workers.extraction.lexicon import (
    LIGHT_NOUNS,
    LIGHT_SPEC,
    LIGHT_VERBS,
    NOUN_CUES,
    PHRASAL_CUES,
    PREP_SOURCE_CUES,
    VERB_CUES,
    CueSpec,
)
from workers.extraction.parsetools import TIME_WORDS, WEEKDAYS, Token, subtree_ids
from workers.extraction.speakers import find_source

_CUE_ADV_MAX = 3
_RAISING = frozenset({"appear", "seem", "want", "try", "continue", "begin", "refuse", "decline", "need",
                      "hope", "plan", "intend", "wish", "tend", "fail", "have", "go"})
_MEDIA = frozenset({"interview", "statement", "email", "e-mail", "letter", "post", "tweet", "speech",
                    "briefing", "conference", "call", "release", "memo", "message", "video", "op-ed",
                    "twitter", "facebook", "television", "radio", "podcast", "blog", "column", "essay",
                    "filing", "report", "editorial", "article", "book", "broadcast", "appearance",
                    "rally", "event", "hearing", "debate", "meeting", "session", "forum", "panel",
                    "show", "program", "programme", "address", "remarks", "news", "press"})
_REL_TAGS = frozenset({"WDT", "WP", "IN", "DT"})
_PHRASAL_HEADS = frozenset(head for head, _ in PHRASAL_CUES)
_PREP_FIRST = frozenset(words[0] for words in PREP_SOURCE_CUES)
_COLONS = frozenset({":", "―", "—"})


@dataclass
class Candidate:
    """A cue with the token indices of its source and content, before spans are drawn."""

    spec: CueSpec
    frame: str
    cue: list[int]
    source: list[int] = field(default_factory=list)
    content: set[int] = field(default_factory=set)
    head: int = -1  # the cue's head token (the verb or noun)


def _cue_tokens(verb: Token, extra: Iterable[Token] = ()) -> list[int]:
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
        if after and (medium or when):
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


def _phrasal(verb: Token) -> tuple[CueSpec, Token] | None:
    for child in verb.children:
        if child.dep_ in ("prt", "prep"):
            spec = PHRASAL_CUES.get((verb.lemma_.lower(), child.lower_))
            if spec is not None:
                return spec, child
    return None


def verb_candidates(tokens: Iterable[Token], quote_of: list[int]) -> Iterator[Candidate]:
    """Verb cues: "X said ...", "..., said X", "X denied ... and said ...", "X vowed to ..."."""
    for tok in tokens:
        doc = tok.doc
        if tok.dep_ in ("amod", "compound"):
            continue
        lemma = tok.lemma_.lower()
        phrasal = _phrasal(tok)
        if phrasal is not None:
            spec, particle = phrasal
            frames = spec.frames
            content: set[int] = set()
            frame = ""
            if particle.dep_ == "prep" and particle.lower_ in frames:
                content = {t.i for g in particle.children if g.dep_ in ("pobj", "pcomp") for t in g.subtree}
                frame = particle.lower_
            else:
                frame, content = verb_content(tok, spec)
            if content:
                cue = _cue_tokens(tok, [particle] if particle.i == tok.i + 1 else [])
                yield Candidate(spec, frame, cue, find_source(tok, cue, quote_of), content - set(cue), tok.i)
                continue
        found = VERB_CUES.get(lemma)
        if found is None:
            continue
        spec = found
        frame, content = verb_content(tok, spec)
        cue = _cue_tokens(tok)
        source = find_source(tok, cue, quote_of)
        content = prune_content(content, doc)
        if tok.dep_ == "relcl" and content and all(doc[i].tag_ in _REL_TAGS for i in content):
            content = relative_head(tok) if spec.cls == "communication" else set()
        if not content and "quote" in spec.frames and quote_of[tok.i] < 0:
            content = adjacent_quote(tok, cue, source, quote_of)
            frame = "quote"
        if not content:
            continue
        content -= set(cue) | set(source)
        if content:
            yield Candidate(spec, frame, cue, source, content, tok.i)


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


def prep_candidates(tokens: Iterable[Token]) -> Iterator[Candidate]:
    """Prepositional source cues: "..., according to X"."""
    for tok in tokens:
        doc = tok.doc
        for words, spec in PREP_SOURCE_CUES.items():
            if tok.lower_ != words[0] or tok.i + len(words) > len(doc):
                continue
            if any(doc[tok.i + k].lower_ != w for k, w in enumerate(words)):
                continue
            last = doc[tok.i + len(words) - 1]
            objs = [g for g in last.children if g.dep_ == "pobj"]
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
            cue = sorted(set(_cue_tokens(verb)) | set(range(min(subtree_ids(obj) - content), tail + 1)))
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
            if tok.text not in _COLONS:
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
_SILENT_TRIGGERS = _SILENT_VERBS | {"available", "reach"}
_VERB_TRIGGERS = frozenset(VERB_CUES) | _PHRASAL_HEADS | LIGHT_VERBS
_VERB_POS = frozenset({VERB, AUX})


def _hashes(words: Iterable[str]) -> frozenset[int]:
    """spaCy string hashes of a word set, to test the parse's attribute columns against."""
    return frozenset(hash_string(w) for w in words)


_H_VERBS = _hashes(_VERB_TRIGGERS)
_H_NOUNS = _hashes(NOUN_CUES)
_H_PREPS = _hashes(_PREP_FIRST)
_H_COLONS = _hashes(_COLONS)
_H_SILENT = _hashes(_SILENT_TRIGGERS)
_NOUN_POS = frozenset({NOUN, PROPN})


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


def find_candidates(doc: Any, quote_of: list[int], columns: Any) -> list[Candidate]:
    """Paragraph doc -> every cue candidate; where cues overlap the longer one wins.

    ``columns`` is ``doc.to_array([LEMMA, LOWER, POS])``: the tokens that can start a cue are
    picked from it without walking the whole paragraph in Python.
    """
    verbs: list[Token] = []
    nouns: list[Token] = []
    preps: list[Token] = []
    colons: list[Token] = []
    silent: list[Token] = []
    for i, (lemma, lower, pos) in enumerate(columns[:, :3].tolist()):
        if lemma in _H_VERBS and pos in _VERB_POS:
            verbs.append(doc[i])
        elif (lemma in _H_NOUNS or lower in _H_NOUNS) and pos in _NOUN_POS:
            nouns.append(doc[i])
        if lower in _H_PREPS:
            preps.append(doc[i])
        elif lower in _H_COLONS:
            colons.append(doc[i])
        if lemma in _H_SILENT:
            silent.append(doc[i])
    generators = (
        prep_candidates(preps), verb_candidates(verbs, quote_of), noun_candidates(nouns),
        light_verb_candidates([v for v in verbs if v.lemma_.lower() in LIGHT_VERBS], quote_of),
        colon_candidates(colons, quote_of), no_comment_candidates(silent),
    )
    found = [cand for gen in generators for cand in gen]
    # A longer cue wins over one it contains ("wanted to know" over "wanted").
    found.sort(key=lambda c: -len(c.cue))
    out: list[Candidate] = []
    used: set[int] = set()
    for cand in found:
        if used.intersection(cand.cue):
            continue
        used.update(cand.cue)
        out.append(cand)
    out.sort(key=lambda c: c.cue[0])
    return out
