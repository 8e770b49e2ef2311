"""One-sentence explanations of conflicts, built from the claims themselves."""

from __future__ import annotations

import re

from workers.linking.facts import ClaimFacts, QuantityFact

_BODY_WORDS = re.compile(
    r"\b(?:Ministry|Service|Office|Forces|Committee|Government|Ombudsman|Army|Group|Party|Department|"
    r"Bureau|Committee|Commission|Council|Agency)\b"
)
MAX_QUOTE = 140


def source_phrase(claim: ClaimFacts) -> str:
    """How an explanation names a claim's source: "the Azerbaijan Ministry of Defence", "Armenia"."""
    name = claim.source_name or claim.mention or "an unnamed source"
    if claim.source_kind == "anonymous":
        return "an unnamed source" + (f" ({claim.affiliation})" if claim.affiliation else "")
    if _BODY_WORDS.search(name) and not name.lower().startswith("the "):
        return "the " + name
    return name


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def quote(text: str, limit: int = MAX_QUOTE) -> str:
    """A claim's content, trimmed to ``limit`` characters on a word boundary."""
    text = " ".join(text.split()).strip(" ,.;")
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def _verb(claim: ClaimFacts) -> str:
    if claim.stance == "accusation" or claim.cue_lemma in ("accuse", "blame", "allege", "charge"):
        return "alleges"
    if claim.stance == "estimate":
        return "estimates"
    return "asserts"


_ACCUSED_OF = re.compile(r"^(?:[\w'’.-]+\s+){1,4}?of\s+(?=\S)", re.I)
_RECIPROCAL_OF = re.compile(r"^.*?\b(?:each other|one another|the other)\s+(?:of\s+)?", re.I)


# "…, a charge that Armenia denied": the answer, not part of what is alleged.
_ANSWER_TAIL = re.compile(
    r"[,–—-]+\s*(?:a|the|which|charges?|claims?)\b[^,]*?\b(?:denied|denies|rejected|rejects|dismissed)\.?$",
    re.I,
)


def what_is_alleged(claim: ClaimFacts) -> str:
    """The object of an accusation without its target: "Yerevan of a missile attack" -> "a missile attack"."""
    content = _ANSWER_TAIL.sub("", claim.content.strip()).strip()
    if _RECIPROCAL_OF.match(content):
        return _RECIPROCAL_OF.sub("", content, count=1)
    if claim.stance == "accusation" or claim.cue_lemma in ("accuse", "blame", "charge"):
        return _ACCUSED_OF.sub("", content, count=1)
    return content


def explain_denial(target: ClaimFacts, denier: ClaimFacts) -> str:
    """ "Armenia denies what Azerbaijan alleges: a missile attack on Ordubad."."""
    return (
        f"{_capitalise(source_phrase(denier))} denies what {source_phrase(target)} "
        f"{_verb(target)}: {quote(what_is_alleged(target))}."
    )


def explain_fact_check(rebutted: ClaimFacts, check: ClaimFacts) -> str:
    """ "The Daily Planet rebuts what Smith says (“crime had doubled”): “That claim is false”."."""
    outlet = check.source_name or "The article"
    return (
        f"{_capitalise(outlet)} rebuts what {source_phrase(rebutted)} {_verb(rebutted)} "
        f"(“{quote(rebutted.content, 100)}”): “{quote(check.content, 100)}”."
    )


def explain_contradiction(first: ClaimFacts, second: ClaimFacts) -> str:
    """Two incompatible versions of the same event, each with its source."""
    return (
        f"{_capitalise(source_phrase(first))} and {source_phrase(second)} give incompatible accounts: "
        f"“{quote(first.content, 100)}” versus “{quote(second.content, 100)}”."
    )


def explain_mutual(parties: list[str], what: str) -> str:
    """ "Armenia and Azerbaijan accuse each other of violating a ceasefire."."""
    if len(parties) == 1:
        return f"{_capitalise(parties[0])} accuse each other" + (f" of {quote(what, 120)}." if what else ".")
    names = " and ".join(parties) if len(parties) <= 2 else ", ".join(parties[:-1]) + " and " + parties[-1]
    what = quote(what, 120)
    return f"{names} accuse each other" + (f" of {what}." if what else ".")


_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def _figure(q: QuantityFact) -> str:
    """ "about $1.1 trillion revenue raised", "at least 5,000 killed"."""
    prefix = {"lower": "at least ", "upper": "up to "}.get(q.bound or "", "about " if q.approximate else "")
    if q.unit == "dollars":
        return " ".join(p for p in (prefix + "$" + _amount(q.value), q.measure or "") if p)
    value = f"{q.value:,.0f}" if q.value == int(q.value) else f"{q.value:,}"
    parts = [prefix + value, q.unit or "", q.measure or ""]
    return " ".join(p for p in parts if p)


def _amount(value: float) -> str:
    """A sum as a reader writes it: "1.1 trillion", "498 billion", "12,500"."""
    for scale, word in _SCALES:
        if value >= scale:
            return f"{value / scale:,.2f}".rstrip("0").rstrip(".") + f" {word}"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def explain_numeric(first: ClaimFacts, q1: QuantityFact, second: ClaimFacts, q2: QuantityFact) -> str:
    """ "Russia puts the figure at 5,000 deaths while Armenia says 1,000."."""
    when = first.day or second.day
    suffix = f" (as of {when.isoformat()})" if when else ""
    return (
        f"{_capitalise(source_phrase(first))} gives {_figure(q1)} while {source_phrase(second)} "
        f"gives {_figure(q2)}{suffix}."
    )
