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


_HONORIFICS = ("the ", "mr. ", "mrs. ", "ms. ", "dr. ", "mr ", "mrs ", "ms ", "dr ")
_PRONOUNS = frozenset({"he", "she", "him", "her", "they", "them", "it", "we", "us", "i", "you"})


def target_key(target: str | None) -> str | None:
    """A claim's target key: whom it accuses, folded, without "the", an honorific or a
    possessive ("the GOP" -> "gop", "Mr. Trump's" -> "trump"); None for a pronoun or nothing.

    The same key a speaker's name gives (``fold`` of the name, or its surname), so the
    accusations aimed at a speaker are found with ``IN`` on an index, whatever topic they are in.
    """
    if not target:
        return None
    key = fold(target).strip(" .,:;\"'")
    for prefix in _HONORIFICS:
        key = key.removeprefix(prefix)
    key = key.removesuffix("'s").strip()
    if not key or key in _PRONOUNS:
        return None
    return key[:MENTION_CHARS]


def source_key(resolved: str | None, mention: str | None) -> str | None:
    """A claim's source key: the folded resolved source, else the folded mention (None if neither)."""
    text = resolved or mention
    if not text:
        return None
    key = fold(text)
    return key[:MENTION_CHARS] or None
