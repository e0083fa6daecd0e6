"""Who deleted their data from an event, kept as keyed hashes so the import does not bring them back.

When an attendee deletes their data (:func:`web.services.attendee.delete_data`),
their row goes; only ``HMAC(SECRET_KEY, "<event id>:<address>")`` stays, in
:class:`~web.models.DeletedAttendee`. The organizer's next upload of the same
file finds the address there: the import leaves that person out and says so
in its report, rather than silently re-creating them. The hash names nobody by
itself, and it cannot be tried against a list of addresses without the key.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import DeletedAttendee

__all__ = ["email_hash", "mark_deleted", "deleted_among"]


def email_hash(event_id: int, email: str) -> str:
    """The keyed hash kept for ``email`` in event ``event_id`` (hex, 64 characters)."""
    key = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    message = f"{int(event_id)}:{(email or '').strip().lower()}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def mark_deleted(event_id: int, email: str) -> None:
    """Remember that ``email`` deleted their data from event ``event_id`` (once)."""
    digest = email_hash(event_id, email)
    exists = db.session.scalar(select(DeletedAttendee.id).where(
        DeletedAttendee.event_id == event_id, DeletedAttendee.email_hash == digest))
    if exists is None:
        db.session.add(DeletedAttendee(event_id=event_id, email_hash=digest))
        db.session.flush()


def deleted_among(event_id: int, emails) -> set[str]:
    """The addresses of ``emails`` whose owners deleted their data from event ``event_id``."""
    by_hash = {email_hash(event_id, email): email for email in emails}
    found: set[str] = set()
    hashes = list(by_hash)
    for start in range(0, len(hashes), 500):
        found.update(db.session.scalars(select(DeletedAttendee.email_hash).where(
            DeletedAttendee.event_id == event_id, DeletedAttendee.email_hash.in_(hashes[start:start + 500]))))
    return {by_hash[h] for h in found}
