"""One JSON error shape for everything under ``/api``.

Every error the API answers looks like::

    {"error": {"status": 404, "code": "not_found", "message": "...", "details": [...]}}

``message`` is a sentence for the person who called, saying what to change;
``details`` lists per-field problems (``{"field", "message"}``) or the rows a
use-case reported. Routing errors (unknown path, wrong method), body limits
(413), bad JSON (400), rate limits (429) and crashes (500) take the same shape
for paths under ``/api/``; every other path keeps the HTML pages of
:mod:`web.views.error_pages`.
"""

from __future__ import annotations

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

from matchmaker import MatchmakerError
from web.services.exceptions import ServiceError
from web.views.error_pages import render_http_error

__all__ = ["error_response", "init_app", "is_api_request", "service_error", "engine_error", "API_PREFIX"]

API_PREFIX = "/api"

# Crash details go to the log (Flask logs the traceback), never to the caller.
_CRASH_MESSAGE = "The server hit an unexpected error; it has been logged. Try again later."
# Werkzeug's stock sentences for these codes speak of browsers and forms.
_MESSAGES = {
    401: "Send an API token in the header 'Authorization: Bearer <token>'.",
    404: "There is no such resource; check the URL (see GET /api/openapi.json).",
    413: "The request body is too large; send a smaller file.",
}


def error_response(status: int, message: str, *, code: str | None = None, details: list | None = None,
                   headers: dict | None = None):
    """The JSON response for an error, in the one shape of the API.

    Parameters
    ----------
    status : int
        HTTP status code.
    message : str
        A sentence saying what is wrong and what to change.
    code : str, optional
        Machine-readable code; by default derived from the status
        (``404`` -> ``"not_found"``).
    details : list, optional
        Per-field problems or reported rows.
    headers : dict, optional
        Extra response headers (``WWW-Authenticate``, ``Allow``...).

    Examples
    --------
    >>> from flask import Flask
    >>> with Flask(__name__).app_context():
    ...     response = error_response(409, "Already published.")
    >>> response.status_code, response.get_json()["error"]["code"]
    (409, 'conflict')
    """
    if code is None:
        code = HTTP_STATUS_CODES.get(status, "error").lower().replace(" ", "_").replace("-", "_")
    body = {"error": {"status": status, "code": code, "message": message, "details": list(details or [])}}
    response = jsonify(body)
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def is_api_request() -> bool:
    """Whether the current request is addressed to the JSON API."""
    return request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")


def _http_error(error: HTTPException):
    if not is_api_request():
        return render_http_error(error)
    status = error.code or 500
    if status >= 500:
        message = _CRASH_MESSAGE
    elif status == 429:
        message = f"Too many requests ({error.description}); wait a moment and try again."
    else:
        message = _MESSAGES.get(status) if error.description == type(error).description else None
        message = message or error.description or HTTP_STATUS_CODES.get(status, "Error")
    # Keep protocol headers such as Allow (405), WWW-Authenticate (401), Retry-After (429).
    headers = {k: v for k, v in error.get_headers() if k.lower() not in {"content-type", "content-length"}}
    return error_response(status, message, headers=headers)


def service_error(error: ServiceError):
    """A use-case error (NotFound 404, Invalid 422, Conflict 409) with its field and details."""
    details = list(error.details)
    if error.field:
        details.insert(0, {"field": error.field, "message": error.message})
    return error_response(error.status, error.message, details=details)


def engine_error(error: MatchmakerError):
    """An engine error (bad file, impossible pins): its message says what to change."""
    return error_response(422, str(error), code="unprocessable_entity")


def init_app(app: Flask) -> None:
    """Answer HTTP errors under ``/api/`` in JSON, elsewhere with the HTML pages of :mod:`web.views.error_pages`."""
    # InternalServerError too: web.views.error_pages registers it by code, which Flask looks up first.
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _http_error)
