"""Badges and the claim card (speaker, cue, stance, date, content, links), built in Python.

A board page shows some 45 claim cards; as a Jinja macro they were half the page's rendering
(each of their twenty-odd expressions an attribute lookup, a call and an escape through the
template runtime). Built here, with the markup and whitespace the macro had, a card costs a
fraction of that. The ``claim_card`` macro in ``macros.html`` calls this, so pages read the
same.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from service.dashboard.links import article_href, claim_href, source_href
from service.repo.views import ClaimView


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
