"""Signed tokens of the unsubscribe and "done" links: nothing stored, nothing to expire.

RFC 8058 links must keep working for as long as the mail sits in an inbox,
so the tokens carry no expiry; they are signed with ``SECRET_KEY`` under a
salt of their own, so one kind cannot be replayed as the other.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

__all__ = ["unsubscribe_token", "read_unsubscribe", "done_token", "read_done"]


def _serializer(salt: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt)


def unsubscribe_token(attendee_id: int) -> str:
    return _serializer("unsubscribe").dumps(int(attendee_id))


def read_unsubscribe(token: str) -> int | None:
    """The attendee id in ``token``, or None when the signature does not hold."""
    try:
        value = _serializer("unsubscribe").loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, int) else None


def done_token(attendee_id: int, match_id: int) -> str:
    return _serializer("followup-done").dumps([int(attendee_id), int(match_id)])


def read_done(token: str) -> tuple[int, int] | None:
    """``(attendee_id, match_id)`` in ``token``, or None when the signature does not hold."""
    try:
        value = _serializer("followup-done").loads(token)
    except BadSignature:
        return None
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return value[0], value[1]
    return None
