"""Signed tokens of the unsubscribe and "done" links: nothing stored, nothing to expire.

RFC 8058 links must keep working for as long as the mail sits in an inbox,
so the tokens carry no expiry; they are signed with ``SECRET_KEY`` under a
salt of their own, so one kind cannot be replayed as the other. Each signs
the attendee's id *and* their random ``mail_key``: an id alone could name
somebody else once the row is deleted and the id given again, whereas the
key is drawn anew for every person.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

__all__ = ["unsubscribe_token", "read_unsubscribe", "done_token", "read_done"]


def _serializer(salt: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _load(salt: str, token: str, length: int) -> list | None:
    try:
        value = _serializer(salt).loads(token)
    except BadSignature:
        return None
    if not (isinstance(value, list) and len(value) == length and isinstance(value[-1], str)
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value[:-1])):
        return None  # the signature holds but the shape is an older one (the id alone): refused
    return value


def unsubscribe_token(attendee) -> str:
    """The token of ``attendee``'s unsubscribe link (their id and ``mail_key``)."""
    return _serializer("unsubscribe").dumps([int(attendee.id), attendee.mail_key])


def read_unsubscribe(token: str) -> tuple[int, str] | None:
    """``(attendee_id, mail_key)`` in ``token``, or None when the signature or shape does not hold."""
    value = _load("unsubscribe", token, 2)
    return None if value is None else (value[0], value[1])


def done_token(attendee, match_id: int) -> str:
    """The token of ``attendee``'s "done" link for one conversation."""
    return _serializer("followup-done").dumps([int(attendee.id), int(match_id), attendee.mail_key])


def read_done(token: str) -> tuple[int, int, str] | None:
    """``(attendee_id, match_id, mail_key)`` in ``token``, or None when the signature or shape does not hold."""
    value = _load("followup-done", token, 3)
    return None if value is None else (value[0], value[1], value[2])
