"""The calendar file sent with the invitation: one VEVENT per conversation."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from urllib.parse import urlsplit

from flask import current_app
from icalendar import Calendar, Timezone
from icalendar import Event as VEvent

from web.services.attendee import meeting_point
from web.services.events import round_start

__all__ = ["invitation_calendar"]


@lru_cache(maxsize=64)
def _vtimezone(tzid: str, year: int) -> Timezone:
    # The transitions of the event's year and its neighbours only: icalendar's default span
    # (1970-2038) makes a VTIMEZONE of hundreds of lines and costs tens of milliseconds per mail.
    return Timezone.from_tzid(tzid, first_date=dt.date(year - 1, 1, 1), last_date=dt.date(year + 1, 12, 31))


def invitation_calendar(event, attendee, matches, *, summary: str, stamp: dt.datetime) -> bytes:
    """An iCalendar (RFC 5545) file with ``attendee``'s conversations.

    Each VEVENT's UID is stable per match, so a second invitation updates the
    same calendar entries instead of adding copies. Times are in the event's
    zone, with its VTIMEZONE included.

    ``summary`` is a format string with a ``{name}`` field for the partner.
    """
    domain = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    cal = Calendar()
    cal.add("prodid", "-//matchmaker//conversations//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    for match in matches:
        partner = match.partner_of(attendee)
        start = round_start(event, match.round)
        vevent = VEvent()
        vevent.add("uid", f"match-{match.id}-{attendee.id}@{domain}")
        vevent.add("dtstamp", stamp.replace(tzinfo=dt.timezone.utc))
        vevent.add("dtstart", start)
        vevent.add("dtend", start + dt.timedelta(minutes=event.slot_minutes))
        vevent.add("summary", summary.replace("{name}", " ".join(partner.name.split())))
        location = ", ".join(p for p in (meeting_point(event, match), event.venue) if p)
        if location:
            vevent.add("location", location)
        cal.add_component(vevent)
    cal.add_component(_vtimezone(event.timezone, event.starts_at.year))
    return cal.to_ical()
