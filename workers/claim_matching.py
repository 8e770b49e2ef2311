"""Old claims to new claims across a re-extraction: which survive, which changed, which went.

In: the body the stored claims were read from, the new body, and both sets of claims as
``ClaimShape``s (spans per role, stance). Out: a ``MatchPlan``. Pure: no database, no Celery.

The two bodies are aligned character by character (``rapidfuzz``'s Indel alignment: the
longest common subsequence, so every ``equal`` block is text both bodies share), and each old
claim's spans are mapped through the alignment into the new body. Then:

- **kept**: every span of the old claim maps, unbroken, onto exactly the new claim's span for
  that role, and the stance is the same. The claim survives: it keeps its id, reviews and
  conflicts, and takes the new spans (which index the new body).
- **changed**: otherwise, at least ``CHANGED_MIN_OVERLAP`` of the shorter of the two contents
  is text they share (the old content's mapped into the new body): "the harbour would stay
  closed" edited to "the harbour would reopen on Friday" is the same claim changed. The new
  claim gets a new id and ``supersedes`` the old one; ``fields`` says what differs
  (``source``, ``cue``, ``content``, ``stance``, ``spans``).
- **added** / **removed**: new claims with no counterpart, old claims with none.

Pairs are taken best first (exact before overlapping, then by overlap), each claim at most once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import Indel

# The share of the shorter content two claims must have in common for the new one to count as
# an edit of the old one.
CHANGED_MIN_OVERLAP = 0.5
# Shared runs shorter than this inside an edited stretch are letters the alignment happened to
# pair up ("stay closed" / "reopen"), not text the edit kept: they are not counted as shared.
MIN_SHARED_RUN = 4
# Roles whose spans decide whether a claim survived; the others move with them.
ROLES = ("source", "cue", "content")
# Past this many cells (after the shared head and tail are cut off), the edited middle is not
# aligned character by character but treated as replaced whole: bounds time and memory.
MAX_ALIGNED_CELLS = 400_000_000

Interval = tuple[int, int]


@dataclass(frozen=True)
class ClaimShape:
    """What matching needs of a claim: its key (id or index), spans per role, texts and stance."""

    key: int
    spans: Mapping[str, Sequence[Sequence[int]]]
    stance: str


@dataclass(frozen=True)
class Changed:
    """A new claim that is an edit of an old one, and what differs between them."""

    new: int
    old: int
    fields: tuple[str, ...]


@dataclass
class MatchPlan:
    """How a re-extraction's claims relate to the stored ones (keys of ``ClaimShape``s)."""

    kept: dict[int, int] = field(default_factory=dict)  # new key -> old key
    changed: list[Changed] = field(default_factory=list)
    added: list[int] = field(default_factory=list)  # new keys
    removed: list[int] = field(default_factory=list)  # old keys

    def superseded(self) -> dict[int, int]:
        """New key -> the old key it supersedes."""
        return {c.new: c.old for c in self.changed}


@dataclass(frozen=True)
class Alignment:
    """The blocks of text two bodies share: ``(old_start, old_end, new_start)`` each."""

    blocks: tuple[tuple[int, int, int], ...]

    def map_span(self, start: int, end: int) -> list[Interval]:
        """The pieces of old ``[start, end)`` that survive, as intervals of the new body."""
        out: list[Interval] = []
        for old_start, old_end, new_start in self.blocks:
            lo, hi = max(start, old_start), min(end, old_end)
            if lo < hi:
                shift = new_start - old_start
                piece = (lo + shift, hi + shift)
                if out and out[-1][1] == piece[0]:
                    out[-1] = (out[-1][0], piece[1])  # adjacent blocks: one unbroken piece
                else:
                    out.append(piece)
        return out


def align(old: str, new: str) -> Alignment:
    """The shared blocks of ``old`` and ``new``; identical bodies give one block."""
    if old == new:
        return Alignment(((0, len(old), 0),))
    head = 0
    limit = min(len(old), len(new))
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]:
        tail += 1
    blocks: list[tuple[int, int, int]] = []
    if head:
        blocks.append((0, head, 0))
    old_mid, new_mid = old[head : len(old) - tail], new[head : len(new) - tail]
    if old_mid and new_mid and len(old_mid) * len(new_mid) <= MAX_ALIGNED_CELLS:
        for op in Indel.opcodes(old_mid, new_mid):
            if op.tag == "equal" and op.src_end - op.src_start >= MIN_SHARED_RUN:
                blocks.append((op.src_start + head, op.src_end + head, op.dest_start + head))
    if tail:
        blocks.append((len(old) - tail, len(old), len(new) - tail))
    return Alignment(tuple(blocks))


def _intervals(spans: Sequence[Sequence[int]] | None) -> list[Interval]:
    return [(int(s[0]), int(s[1])) for s in spans or () if len(s) >= 2 and s[1] > s[0]]


def _length(intervals: Sequence[Interval]) -> int:
    return sum(e - s for s, e in intervals)


def _overlap(a: Sequence[Interval], b: Sequence[Interval]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _image(alignment: Alignment, claim: ClaimShape) -> dict[str, tuple[Interval, ...]] | None:
    """Where an old claim's spans land in the new body, per role, if every one of them lands
    unbroken and whole; None when any span was cut or edited."""
    image: dict[str, tuple[Interval, ...]] = {}
    for role in ROLES:
        landed: list[Interval] = []
        for start, end in sorted(_intervals(claim.spans.get(role))):
            pieces = alignment.map_span(start, end)
            # The length check catches a deletion inside the span (its pieces meet in the new body).
            if len(pieces) != 1 or pieces[0][1] - pieces[0][0] != end - start:
                return None
            landed.append(pieces[0])
        image[role] = tuple(landed)
    return image


def _lands_on(image: dict[str, tuple[Interval, ...]] | None, new: ClaimShape) -> bool:
    """Whether an old claim's image is exactly the new claim's spans, role by role."""
    return image is not None and all(image[r] == tuple(sorted(_intervals(new.spans.get(r)))) for r in ROLES)


def _differences(alignment: Alignment, old: ClaimShape, new: ClaimShape, texts: _Texts) -> tuple[str, ...]:
    fields: list[str] = []
    for role in ROLES:
        if texts.old(old, role) != texts.new(new, role):
            fields.append(role)
    if old.stance != new.stance:
        fields.append("stance")
    if not _lands_on(_image(alignment, old), new):
        fields.append("spans")
    return tuple(fields)


@dataclass(frozen=True)
class _Texts:
    """The text under a claim's spans, in the old or the new body."""

    old_body: str
    new_body: str

    def old(self, claim: ClaimShape, role: str) -> str:
        return " ".join(self.old_body[s:e] for s, e in _intervals(claim.spans.get(role)))

    def new(self, claim: ClaimShape, role: str) -> str:
        return " ".join(self.new_body[s:e] for s, e in _intervals(claim.spans.get(role)))


def match_claims(
    *, old_body: str, old: Sequence[ClaimShape], new_body: str, new: Sequence[ClaimShape]
) -> MatchPlan:
    """Relate stored claims (spans into ``old_body``) to re-extracted ones (spans into ``new_body``).

    Deterministic: the same inputs give the same plan, which is what lets a dry run's report
    be exactly what the real run then does.
    """
    alignment = align(old_body, new_body)
    texts = _Texts(old_body, new_body)
    pairs: list[tuple[int, float, int, int]] = []  # (rank, -score, new position, old position)
    for o_pos, o in enumerate(old):
        mapped = [p for s, e in _intervals(o.spans.get("content")) for p in alignment.map_span(s, e)]
        old_len = _length(_intervals(o.spans.get("content")))
        image = _image(alignment, o)
        for n_pos, n in enumerate(new):
            if o.stance == n.stance and _lands_on(image, n):
                pairs.append((0, -1.0, n_pos, o_pos))
                continue
            content = _intervals(n.spans.get("content"))
            shorter = min(old_len, _length(content))
            score = _overlap(mapped, content) / shorter if shorter else 0.0
            if score >= CHANGED_MIN_OVERLAP:
                pairs.append((1, -score, n_pos, o_pos))
    plan = MatchPlan()
    used_new: set[int] = set()
    used_old: set[int] = set()
    for rank, _score, n_pos, o_pos in sorted(pairs):
        if n_pos in used_new or o_pos in used_old:
            continue
        used_new.add(n_pos)
        used_old.add(o_pos)
        n, o = new[n_pos], old[o_pos]
        if rank == 0:
            plan.kept[n.key] = o.key
        else:
            plan.changed.append(Changed(new=n.key, old=o.key, fields=_differences(alignment, o, n, texts)))
    plan.added = [n.key for pos, n in enumerate(new) if pos not in used_new]
    plan.removed = [o.key for pos, o in enumerate(old) if pos not in used_old]
    plan.changed.sort(key=lambda c: c.new)
    return plan
