"""Text search in claims: one function, ``claim_text_match``, over each database's own index.

PostgreSQL: the generated ``claim.search`` tsvector (English configuration, GIN index) matched
with ``websearch_to_tsquery``. SQLite (embedded): the FTS5 table ``claim_fts`` (Porter stemmer,
so "ceasefires" finds "ceasefire" as PostgreSQL does), fed a query translated from the same
web-search syntax: words (all must occur), ``"a phrase"``, ``or`` between alternatives,
``-word`` to exclude. Both structures are made by the migrations and cover the claim's
sentence and content. No Flask here.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import bindparam, false, func, literal_column, select, text
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Select
from sqlmodel import Session, col

from service.models import Claim

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


def fts5_query(q: str) -> tuple[str | None, str | None]:
    """The FTS5 queries for a web-search style ``q``: what must match and what must not
    (None for either when ``q`` names none).

    Every word is quoted, so nothing a user types is read as FTS5 syntax.
    """
    clauses: list[list[str]] = []
    excluded: list[str] = []
    join_next = False
    for match in _TOKEN.finditer(q):
        negated, phrase, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None and bare.lower() == "or":
            join_next = bool(clauses)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negated, bare = "-", bare[1:]
        words = _WORD.findall(phrase if phrase is not None else bare or "")
        if not words:
            continue
        term = '"' + " ".join(w.lower() for w in words) + '"'
        if negated:
            excluded.append(term)
        elif join_next:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        join_next = False
    wanted = " AND ".join("(" + " OR ".join(alternatives) + ")" for alternatives in clauses) or None
    return wanted, " OR ".join(excluded) or None


def claim_text_match(session: Session, q: str) -> ColumnElement[bool]:
    """A condition on ``Claim`` true for claims whose sentence or content matches ``q``."""
    if session.get_bind().dialect.name == "postgresql":
        return literal_column("claim.search").op("@@")(func.websearch_to_tsquery("english", q))
    wanted, unwanted = fts5_query(q)
    if wanted is None and unwanted is None:
        return false()
    if wanted is None:  # only exclusions, as websearch_to_tsquery reads them: every other claim
        return col(Claim.id).not_in(_fts_rowids(unwanted or ""))
    if unwanted is None:
        return col(Claim.id).in_(_fts_rowids(wanted))
    return col(Claim.id).in_(_fts_rowids(f"({wanted}) NOT ({unwanted})"))


def _fts_rowids(query: str) -> Select[Any]:
    return (
        select(literal_column("rowid"))
        .select_from(text("claim_fts"))
        .where(text("claim_fts MATCH :fts_query").bindparams(bindparam("fts_query", query)))
    )
