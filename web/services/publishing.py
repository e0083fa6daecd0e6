"""Publishing an event: private links for every attendee, invitations, follow-ups.

Idempotent: the links service reuses live links and the mail outbox keys each
message (kind:event:recipient:pair), so publishing again, for instance after a
re-match, queues only what is new. :func:`publish_summary` says beforehand what
publishing would send and when (the organizer confirms it on a page); it writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask_babel import gettext
from sqlalchemy import func, select

from ..extensions import db
from ..mail import outbox, schedule
from ..models import Event, Match, OutboxMessage, utcnow
from . import links
from .change_log import pending_change
from .exceptions import Conflict

__all__ = ["PublishSummary", "publish", "publish_summary"]


@dataclass(frozen=True)
class PublishSummary:
    """What publishing ``event`` now would do. Times are aware, in the event's time zone."""

    republish: bool
    people: int  # attendees who get (or keep) a private page
    invitations: int  # new invitations, due at once
    without_mail: int  # matched people who accept no e-mail and have no invitation: their link is given by hand
    updates: int  # updated invitations queued by changes since publishing, not sent yet
    pending: bool  # attendee changes whose pair changes are not applied yet
    when: dt.datetime
    followups_at: dt.datetime | None
    refusal: str | None


def _matched_ids(event: Event) -> set[int]:
    rows = db.session.execute(select(Match.a_id, Match.b_id).where(Match.event_id == event.id,
                                                                   Match.dissolved_at.is_(None)))
    return {i for pair in rows for i in pair}


def publish_summary(event: Event, now: dt.datetime | None = None) -> PublishSummary:
    """How many people get an invitation, how many updated invitations wait, and when; writes nothing."""
    now = now or utcnow()
    zone = ZoneInfo(event.timezone)
    matched = _matched_ids(event)
    invited = set(db.session.scalars(select(OutboxMessage.attendee_id).where(
        OutboxMessage.event_id == event.id, OutboxMessage.kind == "invitation")))
    fresh = [a for a in event.attendees if a.id in matched and a.id not in invited]
    updates = db.session.scalar(select(func.count(func.distinct(OutboxMessage.attendee_id))).where(
        OutboxMessage.event_id == event.id, OutboxMessage.kind == "update",
        OutboxMessage.status.in_(("queued", "sending")))) or 0
    refusal = None if matched else gettext(
        "Run the matching before publishing: there are no conversations to announce yet.")
    followups = schedule.nudge_due(event) if event.followups_enabled and matched else None
    return PublishSummary(
        republish=event.published_at is not None, people=len(event.attendees),
        invitations=sum(1 for a in fresh if a.wants_mail), without_mail=sum(1 for a in fresh if not a.wants_mail),
        updates=updates, pending=pending_change(event) is not None,
        when=now.replace(tzinfo=dt.timezone.utc).astimezone(zone),
        followups_at=followups.replace(tzinfo=dt.timezone.utc).astimezone(zone) if followups else None,
        refusal=refusal)


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
