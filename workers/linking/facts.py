"""The inputs of the linking steps: small, plain dataclasses built from stored claims or by hand.

Nothing here touches the database, so topics and conflicts can be tried in a REPL on strings::

    ClaimFacts(id=1, article_id=1, source_name="Azerbaijan", affiliation="Azerbaijan",
               cue_lemma="accuse", stance="accusation", content="Armenia of shelling Ganja",
               text="Azerbaijan accused Armenia of shelling Ganja.")
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class QuantityFact:
    """A figure in a claim: 633 servicemen killed (``approximate`` for "about", "at least", "more than")."""

    value: float
    unit: str | None = None
    measure: str | None = None
    approximate: bool = False
    # "lower" for "at least"/"more than", "upper" for "up to"/"as many as", None for exact or "about".
    bound: str | None = None


@dataclass
class ClaimFacts:
    """What the linking steps need to know about one claim."""

    id: int
    article_id: int
    content: str
    text: str = ""  # the sentence(s) holding the claim
    source_name: str | None = None
    source_kind: str = "unknown"
    affiliation: str | None = None
    members: tuple[str, ...] = ()  # the sides of a compound source ("Armenia and Azerbaijan")
    mention: str | None = None
    target: str | None = None  # who the claim accuses, or whom a denial clears, as written
    cue_lemma: str = "say"
    stance: str = "assertion"
    ordinal: int = 0  # position in the article
    published: date | None = None
    said_on: date | None = None
    quantities: tuple[QuantityFact, ...] = ()
    topic_id: int | None = None
    parent_id: int | None = None  # the claim this one is nested in ("X said Y denied …")
    # Offset of the claim's sentence in its article body, to tell how far apart two claims stand.
    sentence_start: int = 0
    extra: dict[str, str] = field(default_factory=dict)
    # The content's sentence embedding (``workers.linking.semantic``), when it has one.
    embedding: npt.NDArray[np.float32] | None = field(default=None, compare=False, repr=False)

    @property
    def day(self) -> date | None:
        """The date the claim was made, or failing that the article's date."""
        return self.said_on or self.published
