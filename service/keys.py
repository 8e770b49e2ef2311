"""Lookup keys for names as people type them: how a source filter finds claims by source.

``fold`` is the same folding the linking step gives source aliases (lower case, curly quotes
and dashes made plain, spaces squeezed), so a key stored on a claim, a source's name key and
its aliases compare with ``=`` on an ordinary index. Pure; imports nothing of the service.
"""

from __future__ import annotations

import re

from service.vocabulary import MENTION_CHARS

_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, fold curly quotes and dashes, squeeze spaces: the key every source lookup uses."""
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    return _SPACE.sub(" ", text).strip().lower()


def source_key(resolved: str | None, mention: str | None) -> str | None:
    """A claim's source key: the folded resolved source, else the folded mention (None if neither)."""
    text = resolved or mention
    if not text:
        return None
    key = fold(text)
    return key[:MENTION_CHARS] or None
