"""Whose side a claim speaks for, and when two claims may conflict at all.

Claims of the same side never conflict; a publisher's own notes and "no comment" take part in
no conflict; a claim that reports another ("X said Y denied …") is not in conflict with it.
"""

from __future__ import annotations

from workers.linking.facts import ClaimFacts
from workers.linking.gazetteer import side_of
from workers.linking.parties import (
    about_source,
    accuses,
    accuses_anyone,
    aimed_at_source,
    same_party,
    targets,
)
from workers.linking.relations import is_denial

SILENT_STANCES = frozenset({"no_comment", "unverified"})


def side(claim: ClaimFacts) -> str | None:
    """Whose side a claim speaks for: the source's affiliation, else the source itself."""
    if claim.members:
        return "+".join(sorted({side_of(m) or m for m in claim.members}))
    if claim.affiliation:
        return side_of(claim.affiliation)
    if claim.source_name and claim.source_kind not in ("anonymous", "publisher"):
        return "source:" + claim.source_name
    if claim.source_name and claim.source_kind == "anonymous" and claim.stance == "accusation":
        accused = targets(claim)
        if accused:  # unnamed accusers ("according to former staff") stand against the accused
            return "against:" + "+".join(sorted(accused))
    return None


def eligible(claim: ClaimFacts) -> bool:
    """Whether a claim can take part in a conflict at all."""
    return (
        claim.source_name is not None
        and claim.source_kind != "publisher"
        and claim.stance not in SILENT_STANCES
        and side(claim) is not None
    )


def different_sides(a: ClaimFacts, b: ClaimFacts) -> bool:
    """Sources on different sides, and neither claim reporting the other ("X said Y denied …").

    A denial nested in an accusation ("accused Y of …, a charge Y denied") is the accused's
    answer, not something the accuser reports, so it still counts.
    """
    for parent, child in ((a, b), (b, a)):
        if child.parent_id == parent.id and not _answers_nested(parent, child):
            return False
    if same_party(a, b):
        return False
    sa, sb = side(a), side(b)
    if sa is None or sb is None:
        return False
    if _charged_by_name(a, b) or _charged_by_name(b, a):
        return True  # a charge against a party's own member sets the two apart ("Voss questioned Ortiz's …")
    return sa != sb and not (set(sa.split("+")) & set(sb.split("+")))


def _charged_by_name(accuser: ClaimFacts, accused: ClaimFacts) -> bool:
    """``accuser`` is a charge naming ``accused``'s own source (not only the side it is on)."""
    return accuses_anyone(accuser) and aimed_at_source(accuser, accused)


def _answers_nested(parent: ClaimFacts, child: ClaimFacts) -> bool:
    """A nested claim the outer one answers: the accused's denial inside an accusation
    ("accused Y of …, a charge Y denied"), or what a denial rejects ("X dismissed Y's
    conclusion that …")."""
    if parent.stance == "accusation" and is_denial(child):
        return True
    return is_denial(parent) and not is_denial(child) and child.content.strip() in parent.content


def known_sides(a: ClaimFacts, b: ClaimFacts) -> bool:
    """Both sources have a side the gazetteer or a title gave them, not just a name, or the
    dispute itself gives them one: one claim accuses what the other speaks for, or rejects
    what the other holds."""
    if all(c.affiliation is not None or len(c.members) >= 2 for c in (a, b)):
        return True
    pairs = ((a, b), (b, a))
    if any(child.parent_id == parent.id and _answers_nested(parent, child) for parent, child in pairs):
        return True  # one rejects, in its own words, what the other holds
    return accuses(a, b) or accuses(b, a)


NAMED_KINDS = frozenset({"person", "organisation", "government", "military", "media"})


def named_sides(a: ClaimFacts, b: ClaimFacts) -> bool:
    """Two sources each named in their own right, neither a group of sides nor anonymous, and
    neither naming the other in what it says (so neither reports the other). Where the claims
    themselves cannot both hold (two figures for one measure) that is side enough."""
    if any(c.source_kind not in NAMED_KINDS or c.members or not _proper_name(c) for c in (a, b)):
        return False
    return not (about_source(a, b) or about_source(b, a))


_POINTERS = frozenset({"he", "she", "they", "it", "who", "which", "i", "we", "his", "her", "their"})


def _proper_name(claim: ClaimFacts) -> bool:
    """The source as written is a proper name ("the Halvard Relief Agency", "Mayor Ines Pardo",
    "NATO") or a pronoun standing for one, not a common noun ("one aid worker", "Police say")."""
    if not claim.source_name:
        return False
    words = (claim.mention or claim.source_name).split()
    if len(words) == 1:
        return words[0].lower() in _POINTERS or (words[0].isupper() and len(words[0]) > 1)
    return any(w[:1].isupper() for w in words[1:])


def confidence(base: float, a: ClaimFacts, b: ClaimFacts) -> float:
    # An affiliation the gazetteer knows is firmer ground than a side guessed from a name.
    known = sum(1 for c in (a, b) if c.affiliation)
    return round(min(0.99, base * (0.8 + 0.1 * known)), 3)
