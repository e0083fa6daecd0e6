"""The profile phase: before matching, attendees complete their profiles, and the e-mails around it.

The organizer sets a deadline (the event's own topic list, a matching run at
the deadline and whether its result is published at once are optional), then
invites the attendees: one e-mail each with their private page (links exist
before matching), and one reminder :data:`REMINDER_BEFORE` the deadline, which
goes only to those whose profile is still incomplete when it is sent. The day
before the event, everyone who accepts e-mail gets a reminder with their
partners, times and places once they are matched.

:func:`run_due` is called by the matching worker (``flask jobs worker``): it
queues the matching of events whose deadline has passed, publishes the result
when the organizer chose so, and queues the day-before reminders.
Functions flush and never commit.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask import current_app
from flask_babel import gettext
from sqlalchemy import select

from ..extensions import db
from ..mail import outbox
from ..models import Attendee, Event, MatchingJob, utcnow
from . import links
from .events import local_to_utc
from .exceptions import Invalid
from .matching_jobs import start_matching
from .publishing import publish

__all__ = [
    "PROFILE_KINDS", "REMINDER_BEFORE", "MAX_TOPICS", "is_complete", "update_settings", "invite",
    "day_before_due", "deadline_text", "run_due", "parse_topics",
]

#: The e-mails of the phase (outbox kinds).
PROFILE_KINDS = ("profile_invite", "profile_reminder", "day_before")
REMINDER_BEFORE = dt.timedelta(hours=48)
MAX_TOPICS = 40
TOPIC_LENGTH = 80


def is_complete(attendee: Attendee) -> bool:
    """A profile is complete when it says both what the person offers and what they look for."""
    return bool((attendee.offers or "").strip() and (attendee.needs or "").strip())


def parse_topics(text: str | list) -> list[str]:
    """The organizer's topics: one a line (or a list), trimmed, without repeats, in order.

    >>> parse_topics("Fundraising\\n  hiring \\n\\nfundraising\\nGDPR")
    ['Fundraising', 'hiring', 'GDPR']
    """
    lines = text.splitlines() if isinstance(text, str) else list(text)
    seen, topics = set(), []
    for line in lines:
        topic = " ".join(str(line).split())
        if topic and topic.casefold() not in seen:
            seen.add(topic.casefold())
            topics.append(topic)
    if len(topics) > MAX_TOPICS:
        raise Invalid(gettext("At most %(limit)d topics, please: there are %(count)d.",
                              limit=MAX_TOPICS, count=len(topics)), field="topics")
    long = next((t for t in topics if len(t) > TOPIC_LENGTH), None)
    if long:
        raise Invalid(gettext("The topic “%(topic)s” is too long: at most %(limit)d characters.",
                              topic=long[:40] + "…", limit=TOPIC_LENGTH), field="topics")
    return topics


def update_settings(event: Event, *, deadline: dt.datetime | None, topics: str | list = "",
                    match_at_deadline: bool = False, publish_at_deadline: bool = False,
                    now: dt.datetime | None = None) -> Event:
    """Set the phase's deadline (naive *local* time of the event), topics and what happens at the deadline.

    A queued reminder moves with the deadline.

    Raises
    ------
    Invalid
        A deadline in the past or after the start of the event, too many or too long topics,
        or a matching at the deadline without a deadline.
    """
    now = now or utcnow()
    deadline_utc = local_to_utc(deadline, event.timezone) if deadline else None
    if deadline_utc is not None:
        if deadline_utc <= now and deadline_utc != event.profile_deadline:
            raise Invalid(gettext("Choose a deadline in the future."), field="deadline")
        if deadline_utc > local_to_utc(event.starts_at, event.timezone):
            raise Invalid(gettext("Choose a deadline before the event starts."), field="deadline")
    if match_at_deadline and deadline_utc is None:
        raise Invalid(gettext("Set a deadline to run the matching at the deadline."), field="deadline")
    if deadline_utc != event.profile_deadline:
        event.deadline_job_id = None  # a new deadline: a new run
    event.profile_deadline = deadline_utc
    event.topics = parse_topics(topics)
    event.match_at_deadline = bool(match_at_deadline)
    event.publish_at_deadline = bool(publish_at_deadline) and bool(match_at_deadline)
    if deadline_utc is not None:
        outbox.move_queued(event, "profile_reminder", deadline_utc - REMINDER_BEFORE)
    db.session.flush()
    return event


def invite(event: Event, now: dt.datetime | None = None) -> int:
    """Queue the invitation (due now) and the reminder of every attendee who accepts e-mail.

    Idempotent: an attendee added by a later upload gets theirs when the organizer invites
    again, nobody gets two. Returns the number of invitations newly queued.

    Raises
    ------
    Invalid
        Without a future deadline, without attendees, or once the matching is published.
    """
    now = now or utcnow()
    if event.profile_deadline is None or event.profile_deadline <= now:
        raise Invalid(gettext("Set a deadline in the future before inviting the attendees."), field="deadline")
    if event.published_at is not None:
        raise Invalid(gettext("The matching is already published: attendees have their conversations."))
    attendees = list(db.session.scalars(select(Attendee).where(Attendee.event_id == event.id)
                                        .order_by(Attendee.id)))
    if not attendees:
        raise Invalid(gettext("Upload the attendee list before inviting the attendees."))
    for attendee in attendees:
        links.ensure_link(attendee)
    ids = [a.id for a in attendees if a.wants_mail]
    count = outbox.queue_for(event, "profile_invite", ids, now)
    reminder_at = event.profile_deadline - REMINDER_BEFORE
    if reminder_at > now:
        outbox.queue_for(event, "profile_reminder", ids, reminder_at)
    _queue_day_before(event, ids, now)
    if event.profile_invited_at is None:
        event.profile_invited_at = now
    db.session.flush()
    return count


def deadline_text(event: Event, lang: str) -> str:
    """The deadline in the event's time zone, as the reader's language writes it ("" when unset).

    Examples
    --------
    >>> event = Event(profile_deadline=dt.datetime(2031, 6, 5, 16, 0), timezone="Europe/Paris")
    >>> deadline_text(event, "fr")
    'jeudi 5 juin à 18:00'
    >>> deadline_text(event, "en").startswith("Thursday, June 5 at 6:00")
    True
    """
    if event.profile_deadline is None:
        return ""
    local = event.profile_deadline.replace(tzinfo=dt.timezone.utc).astimezone(ZoneInfo(event.timezone))
    if lang == "fr":
        return format_datetime(local, "EEEE d MMMM 'à' HH:mm", locale="fr")
    return format_datetime(local, "EEEE, MMMM d 'at' h:mm a", locale="en")


def day_before_due(event: Event) -> dt.datetime:
    """Naive UTC time of the day-before reminder: ``DAY_BEFORE_HOUR`` local, the day before the start."""
    day = event.starts_at.date() - dt.timedelta(days=1)
    hour = int(current_app.config["DAY_BEFORE_HOUR"])
    return local_to_utc(dt.datetime.combine(day, dt.time(hour, 0)), event.timezone)


def _queue_day_before(event: Event, attendee_ids: list[int], now: dt.datetime) -> int:
    due = day_before_due(event)
    if due <= now:  # too late for "tomorrow"
        return 0
    return outbox.queue_for(event, "day_before", attendee_ids, due)


def run_due(now: dt.datetime | None = None) -> dict:
    """What falls due now: matchings at the deadline, their publication, day-before reminders.

    Returns the counts ``{"matchings", "published", "day_before"}``.
    """

    now = now or utcnow()
    done = {"matchings": 0, "published": 0, "day_before": 0}
    for event in db.session.scalars(select(Event).where(
            Event.match_at_deadline.is_(True), Event.profile_deadline <= now, Event.deadline_job_id.is_(None),
            Event.published_at.is_(None)).order_by(Event.id)):
        if not event.attendees:
            continue
        job = start_matching(event, run_now=False)
        event.deadline_job_id = job.id
        done["matchings"] += 1
    for event in db.session.scalars(select(Event).where(
            Event.publish_at_deadline.is_(True), Event.deadline_job_id.is_not(None),
            Event.published_at.is_(None)).order_by(Event.id)):
        job = db.session.get(MatchingJob, event.deadline_job_id)
        if job is not None and job.status == "done" and event.matches:
            publish(event)
            done["published"] += 1
    # Local start times are naive: a window of a few days around now catches every zone.
    soon = select(Event).where(Event.starts_at > now - dt.timedelta(days=1),
                               Event.starts_at < now + dt.timedelta(days=3),
                               (Event.published_at.is_not(None)) | (Event.profile_invited_at.is_not(None)))
    for event in db.session.scalars(soon.order_by(Event.id)):
        ids = [a.id for a in event.attendees if a.wants_mail]
        done["day_before"] += _queue_day_before(event, ids, now)
    db.session.flush()
    return done
