"""What the mail pages do: the recipient's unsubscribe and "done" links, the organizer's mail controls.

The recipient's links carry signed tokens (:mod:`web.mail.tokens`); a token
whose signature does not hold is :class:`~web.services.exceptions.NotFound`.
Unsubscribing is :func:`web.services.attendee.opt_out`, the same use-case as
the button on the attendee's page. Functions flush and never commit.
"""

from __future__ import annotations

import datetime as dt
import secrets
from zoneinfo import ZoneInfo

from flask_babel import gettext
from sqlalchemy import func, select

from ..extensions import db
from ..mail import outbox, schedule
from ..mail.tokens import read_done, read_unsubscribe
from ..models import Attendee, Event, Match, OutboxMessage, PairNote, utcnow
from ..request_guards import MAX_ID
from ..wording import event_time
from . import profile_mail_actions
from .events import local_to_utc
from .exceptions import Invalid, NotFound

__all__ = [
    "unsubscribe_target", "followup_target", "followup_done", "mark_followup_done", "mail_problems",
    "preview_target", "schedule_mail", "send_mail_now", "ACTION_KINDS", "POST_EVENT_KINDS", "send_refusal",
    "bulk_summary", "due_times", "event_end_utc",
]

#: Messages about conversations that have happened: never sent before the event ends.
POST_EVENT_KINDS = frozenset({"nudge", "nudge_bundle", "reminder", "followups", "nudges"})

#: What the organizer's buttons act on: one kind of e-mail, or every follow-up at once.
ACTION_KINDS = (*outbox.KINDS, "followups")


def unsubscribe_target(token: str) -> Attendee | None:
    """The attendee an unsubscribe link names; None when they deleted their data since.

    Raises
    ------
    NotFound
        When the token's signature does not hold.
    """
    ids = read_unsubscribe(token)
    if ids is None:
        raise NotFound("This link is not valid.")
    return _attendee(*ids)


def _attendee(attendee_id: int, mail_key: str) -> Attendee | None:
    # The key, not just the id: a link mailed to a deleted person never acts on whoever came next.
    attendee = db.session.get(Attendee, attendee_id) if 0 < attendee_id <= MAX_ID else None
    if attendee is None or not secrets.compare_digest(attendee.mail_key or "", mail_key):
        return None
    return attendee


def followup_target(token: str) -> tuple[Attendee, Match]:
    """``(attendee, match)`` of a "done" link; NotFound when forged or deleted since the mail went out."""
    ids = read_done(token)
    if ids is None:
        raise NotFound("This link is not valid.")
    attendee_id, match_id, mail_key = ids
    attendee = _attendee(attendee_id, mail_key)
    match = db.session.get(Match, match_id) if 0 < match_id <= MAX_ID else None
    if attendee is None or match is None or attendee.id not in (match.a_id, match.b_id):
        raise NotFound("This conversation no longer exists.")
    return attendee, match


def _note(attendee: Attendee, match: Match) -> PairNote | None:
    return db.session.scalar(select(PairNote).where(PairNote.match_id == match.id,
                                                    PairNote.attendee_id == attendee.id))


def followup_done(attendee: Attendee, match: Match) -> bool:
    """Whether ``attendee`` marked their follow-up of ``match`` done."""
    note = _note(attendee, match)
    return bool(note and note.followup_done_at)


def mark_followup_done(attendee: Attendee, match: Match) -> None:
    """Record that ``attendee`` followed up on ``match`` (marking twice keeps the first time)."""
    note = _note(attendee, match)
    if note is None:
        note = PairNote(match_id=match.id, attendee_id=attendee.id)
        db.session.add(note)
    if note.followup_done_at is None:
        note.followup_done_at = utcnow()
    db.session.flush()


def mail_problems(event: Event, limit: int = 20) -> list[OutboxMessage]:
    """The event's latest e-mails that failed or were suppressed, newest first."""
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.event_id == event.id, OutboxMessage.status.in_(("failed", "suppressed")))
        .order_by(OutboxMessage.id.desc()).limit(limit)))


def preview_target(event: Event, attendee_id: int | None, kind: str) -> tuple[Attendee, Match | None]:
    """The attendee (and, for a nudge, their first conversation) an e-mail preview is written to.

    Raises
    ------
    NotFound
        For an attendee of another event, or an unknown kind.
    """
    attendee = db.session.get(Attendee, attendee_id or 0)
    if attendee is None or attendee.event_id != event.id or kind not in outbox.KINDS:
        raise NotFound("There is no such e-mail to preview.")
    match = None
    if kind == "nudge":
        match = db.session.scalar(select(Match).where(
            Match.event_id == event.id, (Match.a_id == attendee.id) | (Match.b_id == attendee.id),
            Match.dissolved_at.is_(None))
            .order_by(Match.round, Match.id))
    return attendee, match


def _require_published(event: Event) -> None:
    if event.published_at is None:
        raise Invalid(gettext("Publish the event first: e-mails go out from publication on."))


def schedule_mail(event: Event, kind: str) -> int:
    """Queue the invitations, or turn the follow-ups on and (re)queue them; returns how many are new.

    Raises
    ------
    Invalid
        Before the event is published: e-mails go out from publication on.
    """
    if kind in profile_mail_actions.PROFILE_KINDS:
        return profile_mail_actions.schedule(event, kind)
    _require_published(event)
    if kind == "invitation":
        return outbox.queue_invitations(event)
    if kind == "update":
        return 0  # updated invitations are queued by the change that needs them
    event.followups_enabled = True
    return outbox.schedule_followups(event, revive=True)


def event_end_utc(event: Event) -> dt.datetime:
    """Naive UTC end of the event (its end time, else the end of its last round)."""
    return local_to_utc(schedule.event_end_local(event), event.timezone)


def _local(event: Event, utc: dt.datetime) -> dt.datetime:
    return utc.replace(tzinfo=dt.timezone.utc).astimezone(ZoneInfo(event.timezone))


def send_refusal(event: Event, kind: str, now: dt.datetime | None = None) -> str | None:
    """Why ``kind`` cannot be sent now, or None: follow-ups wait until the event has ended."""
    now = now or utcnow()
    if kind in profile_mail_actions.PROFILE_KINDS:
        return profile_mail_actions.refusal(event, kind, "send", now)
    if event.published_at is None:
        return gettext("Publish the event first: e-mails go out from publication on.")
    end = event_end_utc(event)
    if kind in POST_EVENT_KINDS and now < end:
        when = event_time(end, event.timezone, "d MMM y, HH:mm")
        return gettext("Follow-ups are about conversations that happened: they cannot go out before the event "
                       "ends (%(when)s, %(zone)s).", when=when, zone=event.timezone)
    return None


def send_mail_now(event: Event, kind: str, now: dt.datetime | None = None) -> int:
    """Make the queued e-mails of ``kind`` due at once; returns how many.

    Raises
    ------
    Invalid
        Before publication, and for follow-ups (nudges, reminders) before the event has ended.
    """
    if kind in profile_mail_actions.PROFILE_KINDS:
        return profile_mail_actions.send_now(event, kind, now)
    refusal = send_refusal(event, kind, now)
    if refusal:
        raise Invalid(refusal, field="kind")
    return outbox.send_now(event, kind, now)


def due_times(event: Event) -> dict[str, dt.datetime | None]:
    """When each kind falls due, as an aware time in the event's zone (None: when something happens)."""
    nudge, reminder = _local(event, schedule.nudge_due(event)), _local(event, schedule.reminder_due(event))
    profile = {kind: profile_mail_actions.due_at(event, kind) for kind in profile_mail_actions.PROFILE_KINDS}
    return {"invitation": _local(event, event.published_at) if event.published_at else None, "update": None,
            "nudge": nudge, "nudge_bundle": nudge, "reminder": reminder, "followups": nudge,
            **{kind: _local(event, at) if at else None for kind, at in profile.items()}}


def bulk_summary(event: Event, action: str, kind: str, now: dt.datetime | None = None) -> dict:
    """What a bulk send or schedule would do: ``people`` and ``messages`` concerned, ``when`` (aware,
    in the event's zone) and ``refusal`` (why it cannot be done now, or None)."""
    now = now or utcnow()
    if kind in profile_mail_actions.PROFILE_KINDS:
        # Sending now queues what is missing first: everyone concerned, one message each.
        people = profile_mail_actions.recipients(event, kind)
        when = _local(event, now) if action == "send" or kind == "profile_invite" else due_times(event)[kind]
        return dict(people=people, messages=people, when=when,
                    refusal=profile_mail_actions.refusal(event, kind, action, now))
    kinds = outbox._kinds(kind)
    queued = select(OutboxMessage).where(OutboxMessage.event_id == event.id, OutboxMessage.kind.in_(kinds),
                                         OutboxMessage.status == "queued").subquery()
    messages = db.session.scalar(select(func.count()).select_from(queued)) or 0
    people = db.session.scalar(select(func.count(func.distinct(queued.c.attendee_id)))) or 0
    if action == "send":
        return dict(people=people, messages=messages, when=_local(event, now), refusal=send_refusal(event, kind, now))
    if event.published_at is None:
        refusal = gettext("Publish the event first: e-mails go out from publication on.")
    else:
        refusal = None
    matched = {m.a_id for m in event.matches} | {m.b_id for m in event.matches}
    wanting = sum(1 for a in event.attendees if a.id in matched and a.wants_mail)
    when = _local(event, now) if kind in ("invitation", "update") else due_times(event)[kind]
    return dict(people=wanting, messages=messages, when=when, refusal=refusal)
