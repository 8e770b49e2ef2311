"""Cue detection on the dependency parse: which tokens introduce an attribution, and their frame.

In: one parsed paragraph (a spaCy ``Doc``) and its token-to-quotation map. Out: ``Candidate``
objects holding token indices for the cue, the source and the content; ``spans.py`` turns
those into character spans. One pass over the tokens picks the few that can be cues; only
those are looked at closely.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.symbols import AUX, NOUN, PROPN, VERB

from workers.extraction.candidates import Candidate, verb_group
from workers.extraction.complements import adjacent_quote, prune_content, relative_head, verb_content
from workers.extraction.lexicon import (
    LIGHT_VERBS,
    NOUN_CUES,
    PHRASAL_CUES,
    PREP_SOURCE_CUES,
    VERB_CUES,
    CueSpec,
)
from workers.extraction.parsetools import Token
from workers.extraction.patterns import (
    COLONS,
    SILENT_TRIGGERS,
    after_prep_cue,
    colon_candidates,
    light_verb_candidates,
    no_comment_candidates,
    noun_candidates,
    prep_candidates,
)
from workers.extraction.speakers import find_source

_REL_TAGS = frozenset({"WDT", "WP", "IN", "DT"})
_PHRASAL_HEADS = frozenset(head for head, _ in PHRASAL_CUES)
_PREP_FIRST = frozenset(words[0] for words in PREP_SOURCE_CUES)


def _phrasal(verb: Token) -> tuple[CueSpec, Token] | None:
    """A phrasal cue headed by ``verb`` ("pointed out", "called for") and its particle."""
    for child in verb.children:
        # the parser often takes the particle of "shot back" or "chimed in" for an adverb
        adverb_particle = child.dep_ == "advmod" and child.lower_ in ("back", "in", "out")
        if child.dep_ in ("prt", "prep") or adverb_particle:
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
                cue = verb_group(tok, [particle] if particle.i == tok.i + 1 else [])
                yield Candidate(spec, frame, cue, find_source(tok, cue, quote_of), content - set(cue), tok.i)
                continue
        found = VERB_CUES.get(lemma)
        if found is None:
            continue
        spec = found
        frame, content = verb_content(tok, spec)
        cue = verb_group(tok)
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


_VERB_TRIGGERS = frozenset(VERB_CUES) | _PHRASAL_HEADS | LIGHT_VERBS
_VERB_POS = frozenset({VERB, AUX})


def _hashes(words: Iterable[str]) -> frozenset[int]:
    """spaCy string hashes of a word set, to test the parse's attribute columns against."""
    return frozenset(hash_string(w) for w in words)


_H_VERBS = _hashes(_VERB_TRIGGERS)
_H_NOUNS = _hashes(NOUN_CUES)
_H_PREPS = _hashes(_PREP_FIRST)
_H_COLONS = _hashes(COLONS)
_H_SILENT = _hashes(SILENT_TRIGGERS)
_NOUN_POS = frozenset({NOUN, PROPN})


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
        if lemma in _H_VERBS and pos in _VERB_POS and not after_prep_cue(doc, i):
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
