"""When a claim was made: the article date moved by the sentence's time words.

In: the text around the cue and the article's publication date. Out: a ``date`` or ``None``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(?:on\s+|last\s+)?(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(yesterday|today|tonight|this morning|earlier today|last week|last month|"
                       r"last year|days? ago|weeks? ago)\b", re.IGNORECASE)
_N_AGO = re.compile(r"\b(\d+|two|three|four|five|six)\s+(day|week)s?\s+ago\b", re.IGNORECASE)
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def most_recent_weekday(anchor: date, weekday: int) -> date:
    """The latest date on or before ``anchor`` that falls on ``weekday`` (Monday = 0)."""
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def resolve_said_on(text: str, published: date | None) -> date | None:
    """Sentence text + article date -> the date the claim was made.

    "on Thursday" gives the most recent Thursday on or before the article date; "yesterday"
    the day before; "last week" seven days before; "N days ago" N days before. Without a
    time word the claim is dated to the article.
    """
    if published is None:
        return None
    match = _WEEKDAY.search(text)
    if match:
        day = most_recent_weekday(published, _WEEKDAYS.index(match.group(1).lower()))
        if match.group(0).lower().startswith("last") and day == published:
            day -= timedelta(days=7)
        return day
    ago = _N_AGO.search(text)
    if ago:
        count = int(ago.group(1)) if ago.group(1).isdigit() else _NUMBERS[ago.group(1).lower()]
        return published - timedelta(days=count * (7 if ago.group(2).lower() == "week" else 1))
    rel = _RELATIVE.search(text)
    if rel:
        word = rel.group(1).lower()
        if word == "yesterday":
            return published - timedelta(days=1)
        if word == "last week":
            return published - timedelta(days=7)
        if word == "last month":
            return published - timedelta(days=30)
        if word == "last year":
            return published.replace(year=published.year - 1) if (published.month, published.day) != (2, 29) \
                else published - timedelta(days=365)
    return published
