"""When each follow-up e-mail falls due.

``Event.starts_at`` and ``Event.ends_at`` are naive *local* times in
``Event.timezone``; due times are naive UTC like every other stored time.
The conversion goes through :mod:`zoneinfo`, so a nudge set for 09:00 the
morning after stays at 09:00 local time across a daylight-saving change.
"""

from __future__ import annotations

import datetime as dt

from ..models import DEFAULT_REMINDER_HOURS
from ..services.events import local_to_utc

__all__ = ["event_end_local", "nudge_due", "reminder_due", "rounds_of"]

#: Rounds assumed when the event has no match yet.
DEFAULT_ROUNDS = 3


def rounds_of(event) -> int:
    """Number of conversation rounds: the highest round among the matches, else 3."""
    return max((m.round for m in event.matches), default=DEFAULT_ROUNDS)


def event_end_local(event) -> dt.datetime:
    """Naive local end of the event (``starts_at`` plus the rounds when ``ends_at`` is unset)."""
    if event.ends_at is not None:
        return event.ends_at
    return event.starts_at + dt.timedelta(minutes=event.slot_minutes * rounds_of(event))


def nudge_due(event) -> dt.datetime:
    """Naive UTC time of the nudges: ``followup_time`` local, the day after the event ends."""
    day = event_end_local(event).date() + dt.timedelta(days=1)
    at = event.followup_time or dt.time(9, 0)
    return local_to_utc(dt.datetime.combine(day, at), event.timezone)


def reminder_due(event) -> dt.datetime:
    """Naive UTC time of the reminder: ``reminder_hours`` (elapsed hours) after the event ends."""
    end = local_to_utc(event_end_local(event), event.timezone)
    hours = event.reminder_hours if event.reminder_hours is not None else DEFAULT_REMINDER_HOURS
    return end + dt.timedelta(hours=hours)
