"""The content of a cue on the parse: which complement carries what is attributed.

In: the cue's head token and its lexicon entry (the frames that license it). Out: the token
indices of the content, pruned the way annotators draw it.
"""

from __future__ import annotations

from typing import Any

from workers.extraction.lexicon import VERB_CUES, CueSpec
from workers.extraction.parsetools import Token, subtree_ids

_CLAUSE_DEPS = frozenset({"ccomp"})
_RELATIVE_ROLES = frozenset({"nsubj", "nsubjpass", "dobj", "attr"})  # "that" as the relative's own argument
_WH = frozenset({"whether", "if", "how", "why", "what", "when", "where", "who", "which"})


def verb_content(verb: Token, spec: CueSpec) -> tuple[str, set[int]]:
    """The frame licensing ``verb`` as a cue and the token ids of its content, or ("", {})."""
    frames = spec.frames
    content: set[int] = set()
    frame = ""
    for child in verb.children:
        dep = child.dep_
        if dep in _CLAUSE_DEPS and ("that" in frames or "paren" in frames or "quote" in frames):
            first = next(iter(child.subtree))
            if first.lower_ in _WH and "wh" not in frames:
                continue
            content |= subtree_ids(child)
            frame = frame or "that"
        elif dep == "xcomp" and "to" in frames and any(g.dep_ == "aux" for g in child.children):
            content |= subtree_ids(child)
            frame = frame or "to"
        elif dep == "xcomp" and "objto" in frames and any(g.dep_ == "aux" for g in child.children):
            objs = [g for g in verb.children if g.dep_ == "dobj" and g.i < child.i]
            if objs:  # "told his aides to find a way": the addressee and the act asked of them
                content |= set(range(min(subtree_ids(objs[0])), max(subtree_ids(child)) + 1))
                frame = frame or "objto"
        elif dep == "xcomp" and "obj" in frames and child.tag_ == "VBG" and not _has_aux(child):
            content |= subtree_ids(child)  # "denied rigging the tender": a gerund as object
            frame = frame or "obj"
        elif dep in ("dobj", "obj") and "obj" in frames:
            content |= subtree_ids(child)
            frame = frame or "obj"
        elif dep == "oprd" and "oprd" in frames:
            objs = [g for g in verb.children if g.dep_ == "dobj" and g.i < child.i]
            if objs:  # "called the charges unsubstantiated": object through predicate
                content |= set(range(min(subtree_ids(objs[0])), max(subtree_ids(child)) + 1))
                frame = frame or "oprd"
        elif dep == "prep" and "figure" in frames and child.lower_ == "at" and _figure(child):
            objs = [g for g in verb.children if g.dep_ == "dobj" and g.i < child.i]
            if objs:  # "put the death toll at 41": what is measured and the figure given
                content |= set(range(min(subtree_ids(objs[0])), max(subtree_ids(child)) + 1))
                frame = frame or "figure"
        elif dep == "prep" and "that" in frames and (clause := _misattached_clause(child)) is not None:
            content |= subtree_ids(clause)
            frame = frame or "that"
        elif dep == "prep" and child.lower_ == "as" and frames & {"obj", "as"}:
            objs = [g for g in verb.children if g.dep_ == "dobj" and g.i < child.i]
            if "obj" in frames or objs:  # "see the vote as a mistake": object and predicate
                content |= subtree_ids(child) | {i for g in objs for i in subtree_ids(g)}
                frame = frame or "as"
        elif dep == "conj" and content and child.pos_ in ("VERB", "AUX") and _continues(child):
            content |= subtree_ids(child) | {g.i for g in verb.children if g.dep_ == "cc" and g.i < child.i}
        elif dep == "prep" and child.lower_ in frames:
            content |= subtree_ids(child)
            if "obj" in frames or child.lower_ == "of":
                for other in verb.children:
                    if other.dep_ == "dobj":
                        content |= subtree_ids(other)
            frame = frame or child.lower_
    if not content and verb.dep_ == "parataxis" and "paren" in frames:
        sent = verb.sent
        own = subtree_ids(verb)
        content = {t.i for t in sent if t.i not in own}
        frame = "paren"
    return frame, content


def _misattached_clause(prep: Token) -> Token | None:
    """A that-clause the parse hung on the addressee as a relative clause ("shouted to the
    firefighters that the boy was still inside"): its "that" is no argument of the clause, which has
    a subject of its own."""
    for noun in prep.children:
        if noun.dep_ != "pobj":
            continue
        for clause in noun.children:
            if clause.dep_ != "relcl" or clause.i < noun.i:
                continue
            that = next((k for k in clause.children if k.lower_ == "that" and k.i == noun.i + 1), None)
            own_subject = any(k.dep_ in ("nsubj", "nsubjpass") and k is not that for k in clause.children)
            if that is not None and that.dep_ not in _RELATIVE_ROLES and own_subject:
                return clause
    return None


_CLOCK = frozenset({"a.m.", "p.m.", "am", "pm", "o'clock", "noon", "midnight"})


def _figure(prep: Token) -> bool:
    """"at" followed by a number that is no time of day ("at $498 billion", "at 41", not "at 9 a.m.")."""
    words = [t for t in prep.subtree if t.i > prep.i]
    return any(t.like_num for t in words) and not any(t.lower_ in _CLOCK for t in words)


def _has_aux(verb: Token) -> bool:
    return any(g.dep_ in ("aux", "auxpass") for g in verb.children)


def relative_head(verb: Token) -> set[int]:
    """'a charge that Armenia denied': the content is the noun the relative clause hangs on."""
    noun = verb.head
    own = subtree_ids(verb)
    return {t.i for t in noun.subtree if t.i not in own and t.i <= verb.i}


def prune_content(content: set[int], doc: Any) -> set[int]:
    """Cut what annotators leave out at the end of a content.

    A trailing ", which ..." clause, a trailing ", citing ..." participle and a coordinated
    reporting verb ("... and warned ...", a claim of its own) go; the earliest cut wins.
    """
    if not content:
        return content
    last = max(content)
    for i in sorted(content):
        tok = doc[i]
        sub = subtree_ids(tok)
        if max(sub) < last:
            continue
        first = min(sub)
        if _is_coordinated_cue(tok):
            cc = [k.i for k in tok.head.children if k.dep_ == "cc" and k.i < tok.i]
            start = min([first, *cc])
            return {j for j in content if j < start}
        after_comma = first > 0 and doc[first - 1].text == ","
        participle = tok.dep_ in ("advcl", "acl") and tok.tag_ == "VBG"
        if after_comma and (tok.dep_ == "relcl" or participle):
            return {j for j in content if j < first - 1}
    return content


def _is_coordinated_cue(tok: Token) -> bool:
    """A conjunct that is a reporting act of its own: "... and warned X to ...", "..., and
    three-quarters said ..." (with its own subject), not "... and never called a donor"."""
    if tok.dep_ != "conj" or tok.pos_ != "VERB":
        return False
    spec = VERB_CUES.get(tok.lemma_.lower())
    if spec is None or spec.cls != "communication":
        return False
    deps = {k.dep_ for k in tok.children}
    return "ccomp" in deps or ("dobj" in deps and "xcomp" in deps) or bool(deps & {"nsubj", "nsubjpass"})


def _continues(conj: Token) -> bool:
    """A subjectless conjunct with a modal or negation continues the reported clause; so does a
    second that-clause ("said that A and that B")."""
    kids = list(conj.children)
    if any(k.dep_ == "mark" and k.lower_ == "that" for k in kids):
        return True
    if conj.lemma_.lower() in VERB_CUES and any(k.dep_ in ("ccomp", "xcomp") for k in kids):
        return False  # "... and added that ...": a reporting act of its own ("would add $40 million" is not)
    if any(k.dep_ in ("nsubj", "nsubjpass") for k in kids):
        return False
    return any(k.dep_ in ("aux", "neg") and k.i < conj.i for k in kids)


def adjacent_quote(verb: Token, cue: list[int], source: list[int], quote_of: list[int]) -> set[int]:
    """A quotation right after the cue ('said: "..."') or right before the frame ('"...," he said')."""
    doc = verb.doc
    frame = set(cue) | set(source)
    hi = max(frame) + 1
    while hi < len(doc) and doc[hi].text in (",", ":") and quote_of[hi] < 0:
        hi += 1
    if hi < len(doc) and quote_of[hi] >= 0:
        qid = quote_of[hi]
        return {i for i in range(hi, len(doc)) if quote_of[i] == qid}
    lo = min(frame) - 1
    while lo >= 0 and doc[lo].text in (",",) and quote_of[lo] < 0:
        lo -= 1
    if lo >= 0 and quote_of[lo] >= 0:
        qid = quote_of[lo]
        return {i for i in range(0, lo + 1) if quote_of[i] == qid}
    return set()


