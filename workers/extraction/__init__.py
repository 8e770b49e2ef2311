"""claimtrack's attribution extractor: article text in, attributed claims (dataclasses) out.

Pure code: no Flask, Celery or database. Importing this package loads nothing heavy (the API
reads ``EXTRACTOR_VERSION`` from it); the spaCy model loads lazily, once per process, when
``workers.extraction.extract`` first runs.

    >>> from workers.extraction.extract import extract_article
    >>> result = extract_article("The minister said the talks had failed.")
    >>> [a.cue_lemma for a in result.attributions]
    ['say']
"""

from __future__ import annotations

EXTRACTOR_VERSION = "rules-2026.12.07"

__all__ = ["EXTRACTOR_VERSION"]
