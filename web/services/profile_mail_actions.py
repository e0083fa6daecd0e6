"""The organizer's controls over the e-mails of the profile phase: when each falls due, why it cannot go
now, schedule and send now. The mail page (:mod:`web.services.mail_actions`) and the API
(:mod:`api.profile_routes`) both act through here.

The three kinds (:data:`~web.services.profile_phase.PROFILE_KINDS`):

- ``profile_invite``: scheduling it is inviting (:func:`~web.services.profile_phase.invite`); it falls due
  at once;
- ``profile_reminder``: one per invited attendee who accepts e-mail, due
  :data:`~web.services.profile_phase.REMINDER_BEFORE` the deadline; at send time it goes only to those whose
  profile is still incomplete (:mod:`web.mail.profile_mail` skips the others);
- ``day_before``: everyone who accepts e-mail, once invited or published, at ``DAY_BEFORE_HOUR`` local the
  day before the event.

Scheduling again re-queues what the organizer cancelled; sending now makes the queued messages due at once
(the reminder is first queued for invited attendees who have none, e.g. invited less than 48 hours before the
deadline). Functions flush and never commit.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext
from sqlalchemy import select, update

from ..extensions import db
from ..mail import outbox
from ..models import Attendee, Event, OutboxMessage, utcnow
from .events import local_to_utc
from .exceptions import Invalid
from .profile_phase import PROFILE_KINDS, REMINDER_BEFORE, day_before_due, invite

__all__ = ["PROFILE_KINDS", "due_at", "refusal", "schedule", "send_now", "recipients"]


def due_at(event: Event, kind: str) -> dt.datetime | None:
    """Naive UTC time ``kind`` falls due (None: when the organizer invites, for an invitation not yet sent)."""
    if kind == "profile_invite":
        return event.profile_invited_at
    if kind == "profile_reminder":
        return event.profile_deadline - REMINDER_BEFORE if event.profile_deadline else None
    return day_before_due(event)


def refusal(event: Event, kind: str, action: str = "send", now: dt.datetime | None = None) -> str | None:
    """Why ``kind`` cannot be scheduled or sent (``action``) now, in the page's language; None when it can."""
    now = now or utcnow()
    if kind in ("profile_invite", "profile_reminder"):
        if event.published_at is not None:
            return gettext("The matching is already published: attendees have their conversations.")
        if event.profile_deadline is None or event.profile_deadline <= now:
            return gettext("Set a deadline in the future before inviting the attendees.")
        if kind == "profile_reminder" and event.profile_invited_at is None:
            return gettext("Invite the attendees before reminding them.")
        if kind == "profile_reminder" and action == "schedule" and due_at(event, kind) <= now:
            return gettext("The reminder goes out 48 hours before the deadline, and that time has passed: "
                           "send it now instead.")
        return None
    if event.published_at is None and event.profile_invited_at is None:
        return gettext("Invite the attendees or publish the matching first.")
    if now >= local_to_utc(event.starts_at, event.timezone):
        return gettext("The event has started: this reminder would come too late.")
    if action == "schedule" and day_before_due(event) <= now:
        return gettext("The day before the event has passed: send the reminder now instead.")
    return None


def _mail_ids(event: Event, *, invited_only: bool) -> list[int]:
    # As Attendee.wants_mail: not opted out, and consent not refused.
    stmt = select(Attendee.id).where(Attendee.event_id == event.id, Attendee.opted_out_at.is_(None),
                                     Attendee.consent.is_not(False))
    if invited_only:
        stmt = stmt.where(Attendee.id.in_(select(OutboxMessage.attendee_id).where(
            OutboxMessage.event_id == event.id, OutboxMessage.kind == "profile_invite")))
    return list(db.session.scalars(stmt.order_by(Attendee.id)))


def recipients(event: Event, kind: str) -> int:
    """How many people a schedule or a send of ``kind`` concerns: for the invitation, those not invited yet;
    for the reminders, everyone concerned (before the reminder's check of complete profiles)."""
    ids = _mail_ids(event, invited_only=kind == "profile_reminder")
    if kind == "profile_invite":
        invited = set(db.session.scalars(select(OutboxMessage.attendee_id).where(
            OutboxMessage.event_id == event.id, OutboxMessage.kind == kind)))
        return sum(1 for i in ids if i not in invited)
    return len(ids)


def _queue(event: Event, kind: str, due: dt.datetime) -> int:
    ids = _mail_ids(event, invited_only=kind == "profile_reminder")
    revived = db.session.execute(update(OutboxMessage).where(
        OutboxMessage.event_id == event.id, OutboxMessage.kind == kind, OutboxMessage.status == "cancelled",
        OutboxMessage.last_error == outbox.ORGANIZER_CANCELLED, OutboxMessage.attendee_id.in_(ids))
        .values(status="queued", last_error="", due_at=due)).rowcount or 0
    return outbox.queue_for(event, kind, ids, due) + revived


def schedule(event: Event, kind: str, now: dt.datetime | None = None) -> int:
    """Queue ``kind`` at its due time for everyone it concerns; returns how many are newly queued.

    Raises
    ------
    Invalid
        With :func:`refusal`'s sentence.
    """
    now = now or utcnow()
    why = refusal(event, kind, "schedule", now)
    if why:
        raise Invalid(why, field="kind")
    if kind == "profile_invite":
        return invite(event, now)
    count = _queue(event, kind, due_at(event, kind))
    db.session.flush()
    return count


def send_now(event: Event, kind: str, now: dt.datetime | None = None) -> int:
    """Make ``kind`` due at once (queued first where missing); returns how many e-mails will go out.

    Raises
    ------
    Invalid
        With :func:`refusal`'s sentence.
    """
    now = now or utcnow()
    why = refusal(event, kind, "send", now)
    if why:
        raise Invalid(why, field="kind")
    if kind == "profile_invite":
        invite(event, now)
    else:
        _queue(event, kind, now)
    return outbox.send_now(event, kind, now)
