"""The dashboard's writes: sign in and out, a verdict on a claim, a decision on a conflict.

Every POST passes the blueprint's CSRF check first; review writes then need a reviewer or
admin token (403 otherwise) and go through the same data-access functions as the API.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from service.dashboard.account import current_viewer, require_reviewer, safe_next, sign_in, sign_out
from service.dashboard.db import db_session
from service.dashboard.forms import ClaimReviewForm, ConflictReviewForm, SignInForm
from service.dashboard.views import bp
from service.models import Claim, Conflict
from service.repo.reviews import add_claim_review, add_conflict_decision
from service.repo.tokens import authenticate


@bp.route("/signin", methods=["GET", "POST"])
def signin() -> str | Response | tuple[str, int]:
    """Sign in with an API token; the session cookie then carries who is reviewing."""
    form = SignInForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next"), url_for(".board"))
        return render_template("dashboard/signin.html", form=form)
    if form.validate_on_submit():
        token = authenticate(db_session(), token=(form.token.data or "").strip())
        if token is not None:
            sign_in(token)
            flash(f"Signed in as {token.name} ({token.role}).", "success")
            return redirect(safe_next(form.next.data, url_for(".board")))
        form.token.errors = ["That token is not valid or has been revoked."]
    return render_template("dashboard/signin.html", form=form), 401


@bp.post("/signout")
def signout() -> Response:
    """Sign out (a POST, so another site cannot sign you out)."""
    sign_out()
    flash("Signed out.", "success")
    return redirect(url_for(".board"))


@bp.post("/claims/<int:claim_id>/reviews")
def review_claim(claim_id: int) -> Response | tuple[str, int]:
    """Record a verdict on a claim; append-only."""
    viewer = require_reviewer()
    session = db_session()
    if session.get(Claim, claim_id) is None:
        abort(404)
    form = ClaimReviewForm(prefix="claim")
    if not form.validate():
        return render_template("dashboard/invalid.html", errors=form.errors), 422
    add_claim_review(
        session,
        claim_id=claim_id,
        verdict=str(form.verdict.data),
        note=(form.note.data or "").strip() or None,
        reviewer=viewer.name,
    )
    flash(f"Verdict recorded: {form.verdict.data}.", "success")
    return redirect(url_for(".claim", claim_id=claim_id, _anchor="history"))


@bp.post("/conflicts/<int:conflict_id>/reviews")
def review_conflict(conflict_id: int) -> Response | tuple[str, int]:
    """Record a decision on a conflict (resolved, not a conflict); append-only."""
    viewer = require_reviewer()
    session = db_session()
    conflict = session.get(Conflict, conflict_id)
    if conflict is None:
        abort(404)
    form = ConflictReviewForm(prefix=f"conflict-{conflict_id}")
    if not form.validate():
        return render_template("dashboard/invalid.html", errors=form.errors), 422
    add_conflict_decision(
        session,
        conflict_id=conflict_id,
        decision=str(form.verdict.data),
        note=(form.note.data or "").strip() or None,
        reviewer=viewer.name,
    )
    flash(f"Conflict {conflict_id} marked {str(form.verdict.data).replace('_', ' ')}.", "success")
    default = url_for(".topic", topic_id=conflict.topic_id)
    return redirect(safe_next(form.next.data, default) + f"#conflict-{conflict_id}")


@bp.context_processor
def viewer_context() -> dict[str, object]:
    """Templates see who is signed in (or None)."""
    return {"viewer": current_viewer()}
