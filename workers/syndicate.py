"""The syndication step: recognise an article as a copy of a stored one and tie its claims to
the claims they repeat.

``mark_syndication`` runs after an article's claims are stored and before they are linked, in
the same transaction (it does not commit). The rules are ``workers.linking.syndication``
(pure); rows go through ``service.repo.syndication``.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from service.keys import fold
from service.models import Article, Claim
from service.repo.claim_store import article_claims
from service.repo.syndication import (
    band_candidates,
    load_sketches,
    save_sketch,
    story_roots,
    unattached_copy_claims,
)
from workers.linking.syndication import Sketch, band_hashes, overlap, sketch

# Articles sharing a band that are compared signature to signature: bounds the step whatever
# the archive holds (true copies share the most bands, so they come first).
MAX_CANDIDATES = 20


def tie_copies(copies: Sequence[Claim], originals: Sequence[Claim], *, clear: bool) -> int:
    """Point each of ``copies`` at the claim of ``originals`` with the same content (folded);
    a copy with no such claim is cleared when ``clear``, else left as it is. Returns how many
    were tied. Pure apart from setting ``copy_of`` on the rows."""
    by_content: dict[str, int] = {}
    for claim in originals:
        if claim.id is not None:
            by_content.setdefault(fold(claim.content), claim.id)
    tied = 0
    for claim in copies:
        match = by_content.get(fold(claim.content))
        if match is not None or clear:
            claim.copy_of = match
        tied += match is not None
    return tied


def mark_syndication(session: Session, article: Article, claims: Sequence[Claim]) -> int | None:
    """Store the article's sketch and find the story it belongs to (not committed).

    In: an article and its claims, stored, not yet linked. Out: ``article.syndicated_from``
    set to the first article of its story when its body is a near-duplicate of a stored one
    (else None), its claims that repeat that article's claims marked ``copy_of`` (they are
    not linked to topics or conflicts); when it is itself the first, the copies' claims left
    untied by a re-extraction are tied again to its new claims. Idempotent. Returns the
    article it is syndicated from, or None.
    """
    assert article.id is not None
    mine = sketch(article.body)
    bands = band_hashes(mine)
    candidates = band_candidates(session, bands=bands, exclude=article.id, limit=MAX_CANDIDATES)
    sketches = load_sketches(session, article_ids=candidates)
    near = [i for i, (signature, n) in sketches.items() if overlap(mine, Sketch(signature, n)).syndicated]
    roots = {root for root in story_roots(session, article_ids=near).values() if root != article.id}
    save_sketch(session, article_id=article.id, signature=mine.signature, shingles=mine.shingles, bands=bands)
    article.syndicated_from = min(roots) if roots else None
    session.add(article)
    if article.syndicated_from is not None:
        tie_copies(claims, article_claims(session, article_id=article.syndicated_from), clear=True)
    else:
        tie_copies(claims, [], clear=True)
        tie_copies(unattached_copy_claims(session, original_id=article.id), claims, clear=False)
    session.add_all(claims)
    session.flush()
    return article.syndicated_from
