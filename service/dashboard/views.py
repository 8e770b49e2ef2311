"""The dashboard's pages: conflicts board, topic, article, claim and sources.

Server-rendered; every page reads through the bulk queries in ``board`` and ``queries``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from markupsafe import Markup, escape
from werkzeug.wrappers import Response

from service.claimreview import claim_review, script_json, with_context
from service.dashboard import links
from service.dashboard.account import current_viewer
from service.dashboard.board import BoardFilters, load_board
from service.dashboard.cards import badge_html, claim_card_html, conflict_body_html
from service.dashboard.db import db_session
from service.dashboard.forms import ClaimReviewForm, ConflictReviewForm
from service.dashboard.highlight import Highlight, claim_highlights, render_highlights
from service.dashboard.queries import (
    load_article,
    load_claim,
    load_sources,
    load_topic,
)
from service.models import Article, Conflict
from service.repo.briefs import ConflictBrief
from service.vocabulary import CONFLICT_KINDS, CONFLICT_STATUSES

bp = Blueprint(
    "dashboard",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/dashboard/static",
)

MAX_PAGE = 100_000
links.register(bp)
bp.add_app_template_global(badge_html)
bp.add_app_template_global(claim_card_html)
bp.add_app_template_global(conflict_body_html)


@bp.app_template_global()
def source_options(choices: list[tuple[int, str]], selected: int | None) -> Markup:
    """The board's source filter options (up to 500), ``selected`` marked: joined here, where a
    template loop spends several times as long escaping and comparing, and kept for the next
    page with the same choices (they change only as conflicts link new sources)."""
    return _options_html(tuple(choices), selected)


@lru_cache(maxsize=32)
def _options_html(choices: tuple[tuple[int, str], ...], selected: int | None) -> Markup:
    return Markup(
        "".join(
            f'<option value="{i}" {"selected" if i == selected else ""}>{escape(name)}</option>'
            for i, name in choices
        )
    )


def int_arg(name: str, *, minimum: int = 1, maximum: int = 2**31 - 1) -> int | None:
    """An integer query argument, or None when absent or not a number in range."""
    raw = request.args.get(name, "").strip()
    if not raw.isdigit():
        return None
    value = int(raw)
    return value if minimum <= value <= maximum else None


def date_arg(name: str) -> date | None:
    """A ``YYYY-MM-DD`` query argument, or None."""
    raw = request.args.get(name, "").strip()
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def choice_arg(name: str, choices: tuple[str, ...] | list[str]) -> str | None:
    """A query argument restricted to ``choices``, or None."""
    raw = request.args.get(name, "").strip()
    return raw if raw in choices else None


def status_arg() -> str | None:
    """The board's review-status filter: open conflicts unless asked for others (``any``: all)."""
    raw = request.args.get("status", "").strip()
    if raw == "any":
        return None
    return raw if raw in CONFLICT_STATUSES else "open"


def conflict_forms(
    conflicts: Sequence[Conflict | ConflictBrief], next_url: str
) -> dict[int, ConflictReviewForm]:
    """One decision form per conflict, for reviewers only (readers get none)."""
    viewer = current_viewer()
    if viewer is None or not viewer.can_review:
        return {}
    forms = {}
    for conflict in conflicts:
        if conflict.id is not None:
            form = ConflictReviewForm(prefix=f"conflict-{conflict.id}", formdata=None)
            form.next.data = next_url
            forms[conflict.id] = form
    return forms


@bp.get("/")
def board() -> str:
    """Topics with conflicts, newest activity first, with filters and pagination."""
    session = db_session()
    filters = BoardFilters(
        kind=choice_arg("kind", CONFLICT_KINDS),
        source_id=int_arg("source"),
        affiliation=request.args.get("affiliation", "").strip()[:255] or None,
        date_from=date_arg("from"),
        date_to=date_arg("to"),
        status=status_arg(),
        page=int_arg("page", maximum=MAX_PAGE) or 1,
        page_size=20,
    )
    data = load_board(session, filters=filters)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "dashboard/board.html",
        board=data,
        filters=filters,
        kinds=CONFLICT_KINDS,
        statuses=CONFLICT_STATUSES,
        page_args=args,
    )


@bp.get("/topics/<int:topic_id>")
def topic(topic_id: int) -> str | Response:
    """A topic's claims by side and source, and its conflicts side by side."""
    page = load_topic(db_session(), topic_id=topic_id)
    if page is None:
        abort(404)
    if page.topic.id != topic_id:
        return redirect(url_for(".topic", topic_id=page.topic.id), code=301)
    here = url_for(".topic", topic_id=topic_id)
    return render_template(
        "dashboard/topic.html",
        page=page,
        cards=page.cards,
        forms=conflict_forms([card.conflict for card in page.cards], here),
    )


@bp.get("/conflicts/<int:conflict_id>")
def conflict(conflict_id: int) -> Response:
    """A conflict lives on its topic's page."""
    found = db_session().get(Conflict, conflict_id)
    if found is None:
        abort(404)
    return redirect(url_for(".topic", topic_id=found.topic_id, _anchor=f"conflict-{conflict_id}"))


@bp.get("/articles/<int:article_id>")
def article(article_id: int) -> str:
    """The article body with every claim's source, cue and content highlighted."""
    page = load_article(db_session(), article_id=article_id)
    if page is None:
        abort(404)
    highlights: list[Highlight] = []
    for row in page.claims:
        claim = row.claim
        title = f"Claim {claim.id}: {row.speaker}, {claim.stance} ({claim.cue})"
        highlights.extend(
            claim_highlights(claim.id or 0, claim.spans, title=title, described_by=f"claim-desc-{claim.id}")
        )
    body_html = render_highlights(page.article.body, highlights)
    return render_template("dashboard/article.html", page=page, body_html=body_html)


def sentence_html(body: str, spans: dict[str, object], claim_id: int) -> Markup:
    """The claim's sentence with only its own spans highlighted (offsets stay body offsets)."""
    sentence = spans.get("sentence")
    if not (isinstance(sentence, list) and len(sentence) == 2):
        return render_highlights(body, claim_highlights(claim_id, spans))
    start, end = max(0, int(sentence[0])), min(len(body), int(sentence[1]))
    inside = []
    for h in claim_highlights(claim_id, spans):
        s, e = max(h.start, start), min(h.end, end)
        if s < e:
            inside.append(Highlight(s - start, e - start, h.role, h.span_id, h.title, None, h.attrs))
    return render_highlights(body[start:end], inside)


@bp.get("/claims/<int:claim_id>")
def claim(claim_id: int) -> str:
    """A claim: its spans in context, source and aliases, conflicts and review history."""
    session = db_session()
    page = load_claim(session, claim_id=claim_id)
    if page is None:
        abort(404)
    row = page.row
    article = row.article
    if not isinstance(article, Article):  # the claim page loads entities, body included
        raise TypeError("the claim page needs the article's body")
    jsonld = None
    if page.reviews and row.claim.review_status != "unreviewed":
        document = claim_review(
            row,
            page.reviews[0],
            claim_url=url_for(".claim", claim_id=claim_id, _external=True),
            article_url=url_for(".article", article_id=row.article.id, _external=True),
            publisher=current_app.config.get("CLAIMREVIEW_PUBLISHER", "claimtrack"),
        )
        jsonld = script_json(with_context(document))
    viewer = current_viewer()
    form = ClaimReviewForm(prefix="claim", formdata=None) if viewer and viewer.can_review else None
    here = url_for(".claim", claim_id=claim_id)
    return render_template(
        "dashboard/claim.html",
        page=page,
        row=row,
        cards=page.cards,
        context_html=sentence_html(article.body, row.claim.spans, claim_id),
        jsonld=jsonld,
        form=form,
        conflict_forms=conflict_forms([card.conflict for card in page.cards], here),
    )


@bp.get("/sources/")
def sources() -> str:
    """Normalised sources with aliases and claim counts."""
    q = request.args.get("q", "").strip()[:255] or None
    kind = request.args.get("kind", "").strip()[:32] or None
    page = load_sources(db_session(), q=q, kind=kind, page=int_arg("page", maximum=MAX_PAGE) or 1)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("dashboard/sources.html", page=page, q=q or "", kind=kind or "", page_args=args)
