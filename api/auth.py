"""Bearer-token authentication for the JSON API (RFC 6750).

Every API route except the OpenAPI document needs ``Authorization: Bearer
<token>``. The session cookie of the web portal is deliberately ignored: the
API is exempt from CSRF, which is only safe when no ambient credential (a
cookie the browser sends by itself) can authenticate a request. Tokens are
never logged nor echoed back.
"""

from __future__ import annotations

from flask import g

from web.models import Organizer
from web.services.organizers import organizer_for_token

from .json_errors import error_response

__all__ = ["authenticate_request", "current_organizer", "bearer_token"]

_CHALLENGE = 'Bearer realm="matchmaker"'


def bearer_token(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, else None.

    Examples
    --------
    >>> bearer_token("Bearer abc"), bearer_token("bearer  abc "), bearer_token("Basic abc")
    ('abc', 'abc', None)
    """
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return token


def authenticate_request(authorization: str | None):
    """Resolve the organizer of the request into ``g``; a 401 response when that fails.

    Meant as a ``before_request`` hook: returns None when the caller is known.
    """
    token = bearer_token(authorization)
    if token is None:
        return error_response(
            401, "Send an API token in the header 'Authorization: Bearer <token>'; "
            "organizers create tokens on their account page.",
            code="unauthorized", headers={"WWW-Authenticate": _CHALLENGE},
        )
    organizer = organizer_for_token(token)
    if organizer is None:
        return error_response(
            401, "This API token is unknown or revoked; create a new one on your account page.",
            code="invalid_token", headers={"WWW-Authenticate": f'{_CHALLENGE}, error="invalid_token"'},
        )
    g.api_organizer = organizer
    return None


def current_organizer() -> Organizer:
    """The organizer the bearer token of this request belongs to."""
    return g.api_organizer
