"""Publishing an event: private links for every attendee, invitations, follow-ups.

Idempotent: the links service reuses live links and the mail outbox keys each
message (kind:event:recipient:pair), so publishing again, for instance after a
re-match, queues only what is new.
"""

from __future__ import annotations

from flask_babel import gettext

from ..extensions import db
from ..mail import outbox
from ..models import Event, utcnow
from . import links
from .exceptions import Conflict

__all__ = ["publish"]


def publish(event: Event) -> int:
    """Publish ``event`` and return how many invitations were newly queued.

    Idempotent: links, invitations and follow-ups are only added where missing,
    and ``published_at`` keeps the first publication time.

    Raises
    ------
    Conflict
        When the event has no matches yet (run the matching first).
    """
    if not event.matches:
        raise Conflict(gettext("Run the matching before publishing: there are no conversations to announce yet."))
    for attendee in event.attendees:
        links.ensure_link(attendee)
    queued = outbox.queue_invitations(event)
    outbox.schedule_followups(event)
    # The first publication time stays: attendees got their links then, and a
    # re-publish after a new matching only adds what changed.
    if event.published_at is None:
        event.published_at = utcnow()
    db.session.flush()
    return queued
