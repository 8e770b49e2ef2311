"""Cue detection on the dependency parse: which tokens introduce an attribution, and their frame.

In: one parsed paragraph (a spaCy ``Doc``). Out: ``Candidate`` objects holding token indices
for the cue, the source and the content; ``spans.py`` turns those into character spans.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from workers.extraction.lexicon import NOUN_CUES, PHRASAL_CUES, PREP_SOURCE_CUES, VERB_CUES, CueSpec

Token = Any  # spacy.tokens.Token; kept loose so the module imports without spaCy's stubs

_SUBJ = frozenset({"nsubj", "nsubjpass", "csubj"})
_CLAUSE_DEPS = frozenset({"ccomp"})
_SOURCE_INHERIT = frozenset({"conj", "xcomp", "advcl", "acl"})
_EXPLETIVE = frozenset({"it", "there"})
_CUE_ADV_MAX = 3
_RAISING = frozenset({"appear", "seem", "want", "try", "continue", "begin", "refuse", "decline", "need",
                      "hope", "plan", "intend", "wish", "tend", "fail", "have", "go"})
_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                       "today", "yesterday", "tonight"})
_MEDIA = frozenset({"interview", "statement", "email", "e-mail", "letter", "post", "tweet", "speech",
                    "briefing", "conference", "call", "release", "memo", "message", "video", "op-ed",
                    "twitter", "facebook", "television", "radio", "podcast", "blog", "column", "essay",
                    "filing", "report", "editorial", "article", "book", "broadcast", "appearance"})
_TIME_WORDS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                         "january", "february", "march", "april", "may", "june", "july", "august",
                         "september", "october", "november", "december", "week", "month", "year",
                         "morning", "evening", "night", "afternoon", "weekend"})
_REL_TAGS = frozenset({"WDT", "WP", "IN", "DT"})
_WH = frozenset({"whether", "if", "how", "why", "what", "when", "where", "who", "which"})


@dataclass
class Candidate:
    """A cue with the token indices of its source and content, before spans are drawn."""

    spec: CueSpec
    frame: str
    cue: list[int]
    source: list[int] = field(default_factory=list)
    content: set[int] = field(default_factory=set)
    head: int = -1  # the cue's head token (the verb or noun)


def subtree_ids(tok: Token) -> set[int]:
    """Token -> indices of its whole subtree."""
    return {t.i for t in tok.subtree}


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
            weekday = child.dep_ == "npadvmod" and child.i == tok.i + 1 and child.lower_ in _WEEKDAYS
            if (child.dep_ in ("aux", "auxpass", "neg", "prt") and near) or adverb or weekday:
                ids.add(child.i)
    for child in verb.children:  # "said in a statement", "wrote on Twitter"
        if child.dep_ == "prep" and child.i == verb.i + 1 and _is_medium(child):
            ids |= subtree_ids(child)
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
    return bool(objs) and size <= 5 and prep.lower_ in ("in", "on", "during", "at") and (
        objs[0].lemma_.lower() in _MEDIA
    )


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
    while top.head is not top and top.head.i > cue[-1] and top.head.i != verb.i and top.head.sent == top.sent:
        top = top.head
    return [i for i in sorted(subtree_ids(top)) if i > cue[-1] and quote_of[i] < 0]


def find_source(verb: Token, cue: list[int] | None = None, quote_of: list[int] | None = None) -> list[int]:
    """The subject (or passive agent) of the cue, inherited along coordination and control.

    A subject inside a quotation when the cue is outside is a parse error: then the noun phrase
    after the cue is the source instead ('"...," said X').
    """
    cue = cue or [verb.i]
    found = _side_of(_subject(verb), cue)
    if quote_of is not None and quote_of[verb.i] < 0 and any(quote_of[i] >= 0 for i in found):
        found = _between_quote_and_cue(verb.doc, cue, quote_of) or _inverted_source(verb, cue, quote_of)
    return tidy_source(found, verb.doc)


def _between_quote_and_cue(doc: Any, cue: list[int], quote_of: list[int]) -> list[int]:
    """The words between a quotation and its cue: '"...," Armen Manjoyan, a driver, said'."""
    j = cue[0] - 1
    while j >= 0 and quote_of[j] < 0 and doc[j].text not in (".", "!", "?", ";"):
        j -= 1
    ids = list(range(j + 1, cue[0]))
    while ids and doc[ids[0]].is_punct:
        ids.pop(0)
    if not ids or len(ids) > 25 or not any(doc[i].pos_ in ("PROPN", "NOUN", "PRON") for i in ids):
        return []
    return ids


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
        timed = tok.dep_ == "prep" and any(g.ent_type_ == "DATE" or g.like_num or g.lower_ in _TIME_WORDS
                                           for g in tok.children if g.dep_ == "pobj")
        if timed and max(subtree_ids(tok)) == max(keep):
            keep -= subtree_ids(tok)
    return sorted(keep)


def _subject(verb: Token) -> list[int]:
    tok = verb
    for _ in range(4):
        for child in tok.children:
            if child.dep_ in ("nsubj", "csubj"):
                return sorted(subtree_ids(child))
            if child.dep_ == "agent":
                objs = [g for g in child.children if g.dep_ == "pobj"]
                if objs:
                    return sorted(subtree_ids(objs[0]))
            if child.dep_ == "nsubjpass" and child.lower_ not in _EXPLETIVE and tok.tag_ != "VBN":
                return sorted(subtree_ids(child))
        if tok.dep_ in _SOURCE_INHERIT and tok.head is not tok:
            tok = tok.head
            continue
        break
    return []


def _verb_content(verb: Token, spec: CueSpec) -> tuple[str, set[int]]:
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
        elif dep in ("dobj", "obj") and "obj" in frames:
            content |= subtree_ids(child)
            frame = frame or "obj"
        elif dep == "oprd" and "oprd" in frames:
            objs = [g for g in verb.children if g.dep_ == "dobj" and g.i < child.i]
            if objs:  # "called the charges unsubstantiated": object through predicate
                content |= set(range(min(subtree_ids(objs[0])), max(subtree_ids(child)) + 1))
                frame = frame or "oprd"
        elif dep == "prep" and child.lower_ == "as" and "obj" in frames:
            content |= subtree_ids(child)
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


def _relative_head(verb: Token) -> set[int]:
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
    return (
        tok.dep_ == "conj"
        and tok.pos_ == "VERB"
        and tok.lemma_.lower() in VERB_CUES
        and not any(k.dep_ in ("nsubj", "nsubjpass") for k in tok.children)
    )


def _continues(conj: Token) -> bool:
    """A subjectless conjunct with a modal or negation continues the reported clause."""
    if conj.lemma_.lower() in VERB_CUES:
        return False
    kids = list(conj.children)
    if any(k.dep_ in ("nsubj", "nsubjpass") for k in kids):
        return False
    return any(k.dep_ in ("aux", "neg") and k.i < conj.i for k in kids)


def _phrasal(verb: Token) -> tuple[CueSpec, Token] | None:
    for child in verb.children:
        if child.dep_ in ("prt", "prep"):
            spec = PHRASAL_CUES.get((verb.lemma_.lower(), child.lower_))
            if spec is not None:
                return spec, child
    return None


def _adjacent_quote(verb: Token, cue: list[int], source: list[int], quote_of: list[int]) -> set[int]:
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


def verb_candidates(doc: Any, quote_of: list[int]) -> Iterator[Candidate]:
    """Verb cues: "X said ...", "..., said X", "X denied ... and said ...", "X vowed to ..."."""
    for tok in doc:
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("amod", "compound"):
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
                frame, content = _verb_content(tok, spec)
            if content:
                cue = _cue_tokens(tok, [particle] if particle.i == tok.i + 1 else [])
                yield Candidate(spec, frame, cue, find_source(tok, cue, quote_of), content - set(cue), tok.i)
                continue
        found = VERB_CUES.get(lemma)
        if found is None:
            continue
        spec = found
        frame, content = _verb_content(tok, spec)
        cue = _cue_tokens(tok)
        source = find_source(tok, cue, quote_of)
        content = prune_content(content, doc)
        if tok.dep_ == "relcl" and content and all(doc[i].tag_ in _REL_TAGS for i in content):
            content = _relative_head(tok) if spec.cls == "communication" else set()
        if not content and "quote" in spec.frames and quote_of[tok.i] < 0:
            content = _adjacent_quote(tok, cue, source, quote_of)
            frame = "quote"
        if not content:
            continue
        content -= set(cue) | set(source)
        if content:
            yield Candidate(spec, frame, cue, source, content, tok.i)


def noun_candidates(doc: Any) -> Iterator[Candidate]:
    """Noun cues with a that-clause: "X's claim that ...", "allegations that ..."."""
    for tok in doc:
        if tok.pos_ not in ("NOUN", "PROPN"):
            continue
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


def prep_candidates(doc: Any) -> Iterator[Candidate]:
    """Prepositional source cues: "..., according to X"."""
    for tok in doc:
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
            scope = subtree_ids(head) if head is not tok and head.sent == sent else {t.i for t in sent}
            content = {i for i in scope if i not in phrase and sent.start <= i < sent.end}
            if content:
                yield Candidate(spec, "paren", list(range(tok.i, tok.i + len(words))), source, content, tok.i)


def colon_candidates(doc: Any) -> Iterator[Candidate]:
    """Colon cues: "Name: content" where a short noun phrase opens the sentence."""
    for sent in doc.sents:
        toks = list(sent)
        for k, tok in enumerate(toks[:8]):
            if tok.text != ":":
                continue
            before = toks[:k]
            if not before or any(t.pos_ in ("VERB", "AUX") for t in before):
                break
            if not any(t.pos_ in ("PROPN", "PRON") for t in before) or k + 2 >= len(toks):
                break
            content = {t.i for t in toks[k + 1 :]}
            yield Candidate(
                CueSpec(":", "communication", "assertion", frozenset({"colon"}), 0.5),
                "colon", [tok.i], [t.i for t in before], content, tok.i,
            )
            break


_NO_COMMENT = CueSpec("comment", "communication", "no_comment", frozenset({"comment"}), 0.8)
_SILENT_VERBS = frozenset({"respond", "return", "reply", "answer", "comment"})


def no_comment_candidates(doc: Any) -> Iterator[Candidate]:
    """'X was not (immediately) available for comment', 'X could not be reached for comment',
    'X did not respond to requests for comment': the source's silence is the claim."""
    for tok in doc:
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


def find_candidates(doc: Any, quote_of: list[int]) -> list[Candidate]:
    """Paragraph doc -> every cue candidate, verbs first; one candidate per cue token."""
    generators = (
        prep_candidates(doc), verb_candidates(doc, quote_of), noun_candidates(doc), colon_candidates(doc),
        no_comment_candidates(doc),
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
