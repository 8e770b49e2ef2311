"""Small helpers over the spaCy dependency parse shared by the cue, source and content steps."""

from __future__ import annotations

from typing import Any

Token = Any  # spacy.tokens.Token; kept loose so the modules import without spaCy's stubs

WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                      "today", "yesterday", "tonight"})
TIME_WORDS = WEEKDAYS | frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "week", "month", "year", "morning", "evening", "night",
    "afternoon", "weekend",
})


def subtree_ids(tok: Token) -> set[int]:
    """Token -> indices of its whole subtree."""
    return {t.i for t in tok.subtree}




def doc_text(doc: Any, body: str, offset: int) -> str:
    """The paragraph text a doc was parsed from, sliced from the body (``doc.text`` rebuilds it
    token by token)."""
    if len(doc) == 0:
        return ""
    last = doc[len(doc) - 1]
    return body[offset : offset + last.idx + len(last.text_with_ws)]
