"""The extractor's output: plain dataclasses, no spaCy objects, safe to pickle and serialise.

Every span is a pair of Python string offsets into the article body exactly as submitted,
end exclusive, so ``body[span.start:span.end]`` gives back the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Stance = Literal["assertion", "denial", "accusation", "estimate", "no_comment", "unverified"]
QuoteType = Literal["direct", "indirect", "mixed"]
SourceKind = Literal[
    "person", "government", "military", "media", "organisation", "country", "anonymous",
    "publisher", "unknown",
]

STANCES: tuple[Stance, ...] = ("assertion", "denial", "accusation", "estimate", "no_comment", "unverified")
QUOTE_TYPES: tuple[QuoteType, ...] = ("direct", "indirect", "mixed")


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character range ``[start, end)`` into the article body."""

    start: int
    end: int

    def text(self, body: str) -> str:
        return body[self.start : self.end]

    def as_pair(self) -> list[int]:
        return [self.start, self.end]


@dataclass(frozen=True)
class Quantity:
    """A typed number in a claim: "1,177 of its troops have been killed" -> 1177, troops, killed."""

    value: float
    span: Span
    unit: str | None = None  # what is counted: "troops", "civilians", "people"
    measure: str | None = None  # what happened to them: "killed", "wounded", "displaced"
    approximate: bool = False  # "about", "at least", "more than", "estimated"


@dataclass(frozen=True)
class SourceRef:
    """Who the claim is attributed to, as written and as resolved within the article."""

    mention: str  # the text of the source span(s) as written ("he", "the ministry")
    resolved: str  # the full mention it refers to in the article ("Armenian Prime Minister Nikol Pashinyan")
    resolved_span: Span | None = None  # where ``resolved`` stands in the body, when it differs
    kind: SourceKind = "unknown"  # a first guess from the text; normalisation refines it


@dataclass
class Attribution:
    """One attributed claim: who (source) said (cue) what (content), where in the text."""

    source: list[Span]  # empty for source-less attributions ("it was reported that ...")
    cue: list[Span]
    content: list[Span]
    sentence: Span  # the sentence (or run of sentences) that holds the claim
    cue_lemma: str  # "say", "deny", "according to", "allegation"
    stance: Stance = "assertion"
    quote_type: QuoteType = "indirect"
    source_ref: SourceRef | None = None
    said_on: date | None = None
    quantities: list[Quantity] = field(default_factory=list)
    confidence: float = 0.5  # 0..1, for sorting and filtering
    # Set on claims covered by the publisher's own "could not independently verify" note.
    unverified_note: str | None = None
    # Index (into the same result list) of the attribution this one is nested in, if any.
    parent: int | None = None
    # Who the claim is aimed at: the accused of an accusation ("accused Jane Doe of lying"),
    # the party a denial clears ("denied that Doe lied" -> Doe; "denied the charge" -> the
    # speaker). Empty when the claim accuses or clears no one.
    target: list[Span] = field(default_factory=list)


@dataclass
class ArticleExtraction:
    """Everything the extractor found in one article body."""

    attributions: list[Attribution]
    version: str
    # Spans recognised as furniture (dateline, byline, captions, credit line): never claims.
    boilerplate: list[Span] = field(default_factory=list)
