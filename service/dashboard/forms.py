"""The dashboard's forms: sign-in with a token, a verdict on a claim, a decision on a conflict.

Each form carries a CSRF token (flask-wtf); the blueprint also checks it before any view runs.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from service.vocabulary import CLAIM_VERDICTS, CONFLICT_DECISIONS

NOTE_MAX = 10_000

VERDICT_LABELS = {
    "confirmed": "Confirmed: the source said it and it holds",
    "disputed": "Disputed: credible sources contest it",
    "false": "False",
    "misattributed": "Misattributed: the source did not say this",
    "unverifiable": "Unverifiable with the evidence at hand",
}
DECISION_LABELS = {
    "resolved": "Resolved: the conflict is settled",
    "not_a_conflict": "Not a conflict: the claims do not contradict",
}


class SignInForm(FlaskForm):
    """A reviewer's (or reader's) API token."""

    token = PasswordField("API token", validators=[DataRequired(), Length(max=512)])
    next = HiddenField()


class ClaimReviewForm(FlaskForm):
    """A verdict on one claim, with an optional note."""

    verdict = SelectField(
        "Verdict",
        choices=[(v, VERDICT_LABELS[v]) for v in CLAIM_VERDICTS],
        validators=[DataRequired()],
    )
    note = TextAreaField("Note", validators=[Optional(), Length(max=NOTE_MAX)])


class ConflictReviewForm(FlaskForm):
    """A decision on one conflict, with an optional note."""

    verdict = SelectField(
        "Decision",
        choices=[(d, DECISION_LABELS[d]) for d in CONFLICT_DECISIONS],
        validators=[DataRequired()],
    )
    note = TextAreaField("Note", validators=[Optional(), Length(max=NOTE_MAX)])
    next = HiddenField()
