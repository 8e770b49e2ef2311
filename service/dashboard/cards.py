"""Badges, claim cards and the body of conflict cards (head and sides), built in Python.

A board page shows some 45 claim cards in 20-odd conflict cards; as Jinja macros they were
two thirds of the page's rendering (each of their expressions an attribute lookup, a call and
an escape through the template runtime). Built here, with the markup and whitespace the
macros had, they cost a fraction of that. The ``claim_card`` and ``conflict_card`` macros in
``macros.html`` call these, so pages read the same; the conflict card's review history and
decision form stay in the template.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from service.dashboard.links import article_href, claim_href, conflict_href, source_href
from service.repo.views import ClaimView, ConflictView


def badge_html(kind: str, value: object) -> Markup:
    """A labelled badge (stance, verdict, kind, status): a Python global that the cards call
    directly, since a board page shows a hundred or more and a macro call costs ten times as
    much."""
    kind, text = escape(kind), str(escape(value))
    return Markup(f'<span class="badge badge-{kind} badge-{kind}-{text}">{text.replace("_", " ")}</span>')


def claim_card_html(
    row: ClaimView,
    show_article: bool = True,
    heading: str = "h4",
    current: int | None = None,
    show_speaker: bool = True,
) -> Markup:
    """One claim's card; ``current`` marks the claim a page is about, ``heading`` is the
    speaker's element (``show_speaker=False`` leaves the speaker out, for pages grouped by
    source), ``show_article=False`` leaves out the article link."""
    claim, source = row.claim, row.source
    is_current = current == claim.id
    speaker = ""
    if show_speaker:
        name = escape(row.speaker)
        if source.id:
            name = Markup(f'<a href="{escape(source_href(source.name or ""))}">{name}</a>')
        affiliation = ""
        if source.id and source.affiliation:
            affiliation = f'<span class="affiliation">{escape(source.affiliation)}</span>'
        tag = escape(heading)
        speaker = (
            f'\n    <{tag} class="claim-speaker">\n      {name}\n      {affiliation}\n    </{tag}>\n    '
        )
    label = '<p class="current-label">This claim</p>' if is_current else ""
    verdict = badge_html("verdict", claim.review_status) if claim.review_status != "unreviewed" else ""
    said = ""
    if claim.said_on:
        said = f'<time datetime="{claim.said_on.isoformat()}">{claim.said_on.strftime("%-d %b %Y")}</time>'
    article = ""
    if show_article:
        href = escape(article_href(int(row.article.id or 0), int(claim.id or 0)))
        article = f' · in <a href="{href}">{escape(row.article.title)}</a>'
    return Markup(
        f'\n  <article class="claim-card stance-{escape(claim.stance)}{" is-current" if is_current else ""}">'
        f"\n    {label}"
        f"\n    {speaker}"
        f'\n    <p class="claim-meta">'
        f'\n      <span class="cue">{escape(claim.cue)}</span>'
        f"\n      {badge_html('stance', claim.stance)}"
        f"\n      {verdict}"
        f"\n      {said}"
        f"\n    </p>"
        f'\n    <blockquote class="claim-content">{escape(claim.content)}</blockquote>'
        f'\n    <p class="claim-links">'
        f'\n      <a href="{escape(claim_href(int(claim.id or 0)))}">Claim #{claim.id}</a>'
        f"\n      {article}"
        f"\n    </p>"
        f"\n  </article>"
    )


def conflict_body_html(card: ConflictView, current: int | None = None) -> Markup:
    """A conflict card's head (link, kind, status, confidence, explanation) and its claims side
    by side (sides lettered when there are several); ``current`` as for ``claim_card_html``."""
    conflict = card.conflict
    conflict_id = int(conflict.id or 0)
    head = (
        f'<header class="conflict-head">\n      <h3 id="conflict-{conflict_id}-title">'
        f'\n        <a href="{escape(conflict_href(conflict_id))}">Conflict #{conflict_id}</a>'
        f"\n        {badge_html('kind', conflict.kind)} {badge_html('status', conflict.status)}"
        f'\n        <span class="confidence" title="Detection confidence">'
        f"{conflict.confidence * 100:.0f}%</span>"
        f'\n      </h3>\n      <p class="explanation">{escape(conflict.explanation)}</p>'
        f"\n    </header>"
    )
    sides = card.side_list
    parts = [f'{head}\n    \n    <div class="sides{" sides-single" if len(sides) == 1 else ""}">\n      ']
    for index, side in enumerate(sides):
        label = ""
        if len(sides) > 1:
            label = f'<p class="side-label">Side {"ABCDEFGH"[index] if index < 8 else index + 1}</p>'
        versus = '<div class="versus" aria-hidden="true">vs</div>' if index < len(sides) - 1 else ""
        claims = "".join(claim_card_html(row, current=current) for row in side)
        parts.append(
            f'\n        <div class="side side-{index + 1}">\n          {label}\n          {claims}'
            f"\n        </div>\n        {versus}\n      "
        )
    parts.append("\n    </div>")
    return Markup("".join(parts))
