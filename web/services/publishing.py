"""Publishing an event: private links for every attendee, invitations, follow-ups.

Idempotent: the links service reuses live links and the mail outbox keys each
message (kind:event:recipient:pair), so publishing again, for instance after a
re-match, queues only what is new.
"""

from __future__ import annotations

from ..extensions import db
from ..models import Event, utcnow
from .errors import Conflict

__all__ = ["publish"]


def publish(event: Event) -> int:
    """Publish ``event`` and return how many invitations were newly queued.

    Raises
    ------
    Conflict
        When the event has no matches yet (run the matching first).
    """
    if not event.matches:
        raise Conflict("Run the matching before publishing: there are no conversations to announce yet.")
    # Imported here: the attendee-link and mail packages are separate parts of the app.
    from ..mail import outbox
    from . import links

    for attendee in event.attendees:
        links.ensure_link(attendee)
    queued = outbox.queue_invitations(event)
    outbox.schedule_followups(event)
    event.published_at = utcnow()
    db.session.flush()
    return queued
