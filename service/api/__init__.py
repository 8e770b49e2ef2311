"""REST API v1: the flask-smorest ``Api`` (OpenAPI document, problem+json errors) and its blueprints."""

from __future__ import annotations

import http
from typing import Any

from flask import Flask, Response
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from werkzeug.exceptions import HTTPException

from schemas.common import ProblemSchema
from service.auth import SECURITY_SCHEME, SECURITY_SCHEME_NAME
from service.errors import PROBLEM_JSON, handle_http_exception

API_CONFIG: dict[str, Any] = {
    "API_TITLE": "claimtrack",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
    # Interactive docs load their scripts from a CDN; the JSON document itself is local.
    "OPENAPI_SWAGGER_UI_PATH": "docs",
    "OPENAPI_SWAGGER_UI_URL": "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/",
    "OPENAPI_REDOC_PATH": "redoc",
    "OPENAPI_REDOC_URL": "https://cdn.jsdelivr.net/npm/redoc@2/bundles/redoc.standalone.js",
    "API_SPEC_OPTIONS": {
        "info": {
            "description": (
                "Attributed claims in news articles: who said what, with which cue and stance, "
                "where in the text; grouped into topics, with conflicting claims side by side. "
                "Errors are `application/problem+json` (RFC 9457); lists are "
                '`{"items", "page", "page_size", "total"}`.'
            ),
            "license": {"name": "Apache-2.0"},
        },
    },
}


class ProblemApi(Api):
    """flask-smorest's Api, answering and documenting errors as ``application/problem+json``."""

    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error: HTTPException) -> Response:
        """Every HTTP error, webargs' 400 and 422 included, as a problem document."""
        return handle_http_exception(error)

    def _register_responses(self) -> None:
        # Same components as flask-smorest's, with the problem media type for error bodies.
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        default = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(default, self.spec, PROBLEM_JSON)
        self.spec.components.response("DEFAULT_ERROR", default, lazy=True)


def init_api(app: Flask) -> ProblemApi:
    """Create the Api on ``app`` and register every v1 blueprint."""
    from service.api import (
        articles,
        claimreview,
        claims,
        conflict_reviews,
        conflicts,
        health,
        jobs,
        revisions,
        sources,
        topics,
        webhooks,
    )

    for key, value in API_CONFIG.items():
        app.config.setdefault(key, value)
    api = ProblemApi(app)
    api.spec.components.security_scheme(SECURITY_SCHEME_NAME, SECURITY_SCHEME)
    for module in (
        health,
        articles,
        revisions,
        claims,
        topics,
        conflicts,
        conflict_reviews,
        sources,
        jobs,
        claimreview,
        webhooks,
    ):
        api.register_blueprint(module.blp)
    return api
