"""Events: creation, settings, round times and the figures shown on the event page.

``Event.starts_at`` and ``Event.ends_at`` are naive *local* times in
``Event.timezone``; every conversion goes through :mod:`zoneinfo` so that
daylight-saving changes are handled by the IANA rules, not by hand.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import gettext, ngettext
from sqlalchemy import func, select

from matchmaker.cleaning import clean_text

from ..extensions import db
from ..models import Attendee, Event, Organizer
from .exceptions import Invalid, NotFound
from .glossary import check_glossary

__all__ = [
    "COMMON_TIMEZONES", "EVENT_FIELDS", "get_event_for", "attendee_of", "roster_page", "organizer_events",
    "events_with_counts", "home_timezone", "create_event", "update_event", "check_timezone", "local_to_utc", "round_start",
    "meeting_point_for", "event_figures",
]

#: Offered first in the form; any other IANA name may be typed.
COMMON_TIMEZONES = (
    "Europe/Paris", "Europe/London", "Europe/Brussels", "Europe/Zurich", "Europe/Berlin", "Europe/Madrid",
    "Europe/Lisbon", "Africa/Casablanca", "Africa/Dakar", "America/Montreal", "America/New_York",
    "America/Chicago", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Dubai", "Asia/Singapore",
    "Asia/Tokyo", "Australia/Sydney", "Indian/Reunion", "UTC",
)

EVENT_FIELDS = (
    "name", "venue", "starts_at", "ends_at", "timezone", "language", "slot_minutes", "allow_colleagues",
    "meeting_point", "followup_time", "reminder_hours", "bundle_nudges", "followups_enabled", "glossary",
)
_TEXT_LIMITS = {"name": 200, "venue": 300, "meeting_point": 300}
_BOOLS = ("allow_colleagues", "bundle_nudges", "followups_enabled")
# Messages are built when raised, in the language of the page or of the API request (Accept-Language).
_REQUIRED = {"name": lambda: gettext("The event needs a name."),
             "starts_at": lambda: gettext("The event needs a start time.")}
_TOO_LONG = {"name": lambda n: gettext("Keep the event name under %(num)d characters.", num=n),
             "venue": lambda n: gettext("Keep the venue under %(num)d characters.", num=n),
             "meeting_point": lambda n: gettext("Keep the meeting point under %(num)d characters.", num=n)}
# Ids beyond a 32-bit integer cannot exist; asking the database would fail on PostgreSQL.
_MAX_ID = 2**31 - 1


def get_event_for(organizer_id: int, event_id: int) -> Event:
    """The event ``event_id`` if ``organizer_id`` owns it.

    Raises
    ------
    NotFound
        Whether the event is missing or someone else's: both look the same from outside.
        Pages answer it with a 404 (:mod:`web.views.error_pages`), the API with its JSON shape.
    """
    event = None
    if event_id <= _MAX_ID:
        event = db.session.scalar(select(Event).where(Event.id == event_id, Event.organizer_id == organizer_id))
    if event is None:
        raise NotFound(gettext("This event does not exist."))
    return event


def attendee_of(event: Event, attendee_id: int) -> Attendee:
    """The attendee ``attendee_id`` of ``event``; NotFound for anyone else's."""
    attendee = db.session.get(Attendee, attendee_id) if attendee_id <= _MAX_ID else None
    if attendee is None or attendee.event_id != event.id:
        raise NotFound(gettext("This attendee does not exist."))
    return attendee


def roster_page(event: Event, page: int | None, per_page: int):
    """One page of the event's attendees by name (Flask-SQLAlchemy's pagination; a bad page number is a 404)."""
    return db.paginate(select(Attendee).where(Attendee.event_id == event.id).order_by(Attendee.name, Attendee.id),
                       page=page, per_page=per_page, max_per_page=per_page)


def organizer_events(organizer_id: int) -> list[Event]:
    """The organizer's events, soonest first."""
    return list(db.session.scalars(
        select(Event).where(Event.organizer_id == organizer_id).order_by(Event.starts_at, Event.id)))


def home_timezone(organizer_id: int) -> str:
    """The time zone to show an organizer's own times in (tokens, sessions): their latest event's, else Paris."""
    zone = db.session.scalar(select(Event.timezone).where(Event.organizer_id == organizer_id)
                             .order_by(Event.starts_at.desc(), Event.id.desc()).limit(1))
    return zone or "Europe/Paris"


def events_with_counts(organizer_id: int) -> list[tuple[Event, int]]:
    """The organizer's events, latest first, each with its number of attendees (one query)."""
    counts = (
        select(Attendee.event_id, func.count(Attendee.id).label("n")).group_by(Attendee.event_id).subquery()
    )
    return db.session.execute(
        select(Event, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.event_id == Event.id)
        .where(Event.organizer_id == organizer_id)
        .order_by(Event.starts_at.desc(), Event.id.desc())
    ).all()


def create_event(organizer: Organizer, **fields) -> Event:
    """Create an event for ``organizer``; ``name`` and ``starts_at`` are required.

    Raises
    ------
    Invalid
        With ``field`` set to the offending field name.
    """
    for required in ("name", "starts_at"):
        if not fields.get(required):
            raise Invalid(_REQUIRED[required](), field=required)
    event = Event(name="", starts_at=fields["starts_at"])
    _apply(event, {"timezone": "Europe/Paris", **fields})  # validates before the event joins the session
    event.organizer = organizer
    db.session.add(event)
    db.session.flush()
    return event


def update_event(event: Event, **fields) -> Event:
    """Change some settings of ``event`` (only the fields given)."""
    _apply(event, fields)
    db.session.flush()
    return event


def check_timezone(name: str) -> str:
    """``name`` if it is an IANA time zone known to this system.

    Examples
    --------
    >>> check_timezone("Europe/Paris")
    'Europe/Paris'
    """
    name = (name or "").strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        message = (gettext("“%(name)s” is not a time zone; use a name such as Europe/Paris.", name=name) if name
                   else gettext("Choose a time zone, such as Europe/Paris."))
        raise Invalid(message, field="timezone") from None
    return name


def _apply(event: Event, fields: dict) -> None:
    unknown = sorted(set(fields) - set(EVENT_FIELDS))
    if unknown:
        raise Invalid(ngettext("Unknown event setting: %(names)s.", "Unknown event settings: %(names)s.", len(unknown),
                               names=", ".join(unknown)), field=unknown[0])
    values = dict(fields)
    for name, limit in _TEXT_LIMITS.items():
        if name in values:
            # One cleaning for every typed text (portal form and API): no controls, bidi or invisible characters.
            values[name] = clean_text(values[name] if isinstance(values[name], str) else "")
            if len(values[name]) > limit:
                raise Invalid(_TOO_LONG[name](limit), field=name)
    if "name" in values and not values["name"]:
        raise Invalid(_REQUIRED["name"](), field="name")
    if "timezone" in values:
        values["timezone"] = check_timezone(values["timezone"])
    if "glossary" in values:
        values["glossary"] = check_glossary(values["glossary"])
    tz = ZoneInfo(values.get("timezone", event.timezone or "UTC"))
    for name in ("starts_at", "ends_at"):
        if values.get(name) is not None:
            values[name] = _local_naive(values[name], tz, name)
    if "starts_at" in values and values["starts_at"] is None:
        raise Invalid(_REQUIRED["starts_at"](), field="starts_at")
    if "language" in values and values["language"] not in ("en", "fr"):
        raise Invalid(gettext("Choose English (en) or French (fr)."), field="language")
    _check_int(values, "slot_minutes", 5, 120,
               lambda: gettext("Conversations last between %(low)d and %(high)d minutes.", low=5, high=120))
    _check_int(values, "reminder_hours", 1, 720,
               lambda: gettext("Reminders go out between %(low)d and %(high)d hours later.", low=1, high=720))
    if "followup_time" in values and not isinstance(values["followup_time"], dt.time):
        raise Invalid(gettext("Give the follow-up time as hours and minutes."), field="followup_time")
    for name in _BOOLS:
        if name in values:
            values[name] = bool(values[name])
    starts = values.get("starts_at", event.starts_at)
    ends = values.get("ends_at", event.ends_at)
    if starts is not None and ends is not None and ends <= starts:
        raise Invalid(gettext("The event must end after it starts."), field="ends_at")
    for name, value in values.items():
        setattr(event, name, value)


def _local_naive(value, tz: ZoneInfo, field: str) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise Invalid(gettext("Give a date and a time."), field=field)
    if value.tzinfo is not None:  # an aware time (API) is stored as the event's wall clock
        value = value.astimezone(tz).replace(tzinfo=None)
    return value.replace(second=0, microsecond=0)


def _check_int(values: dict, name: str, low: int, high: int, message) -> None:
    if name not in values:
        return
    try:
        number = int(values[name])
    except (TypeError, ValueError):
        raise Invalid(message(), field=name) from None
    if not low <= number <= high:
        raise Invalid(message(), field=name)
    values[name] = number


def local_to_utc(local: dt.datetime, timezone: str) -> dt.datetime:
    """Naive UTC instant of the naive local time ``local`` in the IANA zone ``timezone``.

    Examples
    --------
    >>> local_to_utc(dt.datetime(2026, 3, 29, 9, 0), "Europe/Paris")  # summer time began at 02:00
    datetime.datetime(2026, 3, 29, 7, 0)
    >>> local_to_utc(dt.datetime(2026, 3, 28, 9, 0), "Europe/Paris")
    datetime.datetime(2026, 3, 28, 8, 0)
    """
    aware = local.replace(tzinfo=ZoneInfo(timezone))
    return aware.astimezone(dt.timezone.utc).replace(tzinfo=None)


def round_start(event: Event, round: int) -> dt.datetime:
    """When round ``round`` (1-based) begins, as an aware datetime in the event's time zone.

    Rounds follow each other by elapsed time, so a night event that crosses a
    daylight-saving change still spaces its rounds ``slot_minutes`` apart.

    Examples
    --------
    >>> e = Event(starts_at=dt.datetime(2026, 3, 29, 1, 50), timezone="Europe/Paris", slot_minutes=15)
    >>> round_start(e, 2).isoformat()
    '2026-03-29T03:05:00+02:00'
    """
    start = local_to_utc(event.starts_at, event.timezone).replace(tzinfo=dt.timezone.utc)
    elapsed = dt.timedelta(minutes=(int(round) - 1) * int(event.slot_minutes or 15))
    return (start + elapsed).astimezone(ZoneInfo(event.timezone))


def meeting_point_for(event: Event, match) -> str:
    """The meeting point of one match: ``{table}`` and ``{round}`` in the template are filled in.

    Plain replacement rather than ``str.format``: the template is organizer text
    and format fields could reach attributes.
    """
    text = event.meeting_point or ""
    return text.replace("{table}", str(match.table)).replace("{round}", str(match.round))


def event_figures(event: Event, *, weakest: int = 5) -> dict:
    """Figures for the event page.

    Returns
    -------
    dict
        ``attendees``, ``pairs``, ``rounds``, ``matched`` (attendees with at least one
        partner), ``with_three`` (attendees with three partners), ``two_way`` (pairs where
        help flows both ways) and ``two_way_share`` (0..1), ``weak_pairs``, ``mean_score``,
        ``weakest`` (the lowest-scoring matches, ``[{"a", "b", "score", "round"}]`` with names)
        and ``unmatched`` (``[{"email", "name", "reason", "code", "params"}]`` from the last matching run;
        pages render the reason with :func:`web.reasons.reason_text`).
    """
    matches = list(event.matches)
    partners = Counter()
    for m in matches:
        partners[m.a_id] += 1
        partners[m.b_id] += 1
    two_way = sum(1 for m in matches if (m.a_helps_b or "").strip() and (m.b_helps_a or "").strip())
    lowest = sorted(matches, key=lambda m: (m.score, m.round, m.id))[:weakest]
    names = {a.email: a.name for a in event.attendees}
    unmatched = [
        {"email": u.get("email", ""), "name": u.get("name") or names.get(u.get("email", ""), ""),
         "reason": u.get("reason", ""), "code": u.get("code", ""), "params": u.get("params") or {}}
        for u in (event.match_stats or {}).get("unmatched", []) if isinstance(u, dict)
    ]
    return {
        "attendees": len(event.attendees),
        "pairs": len(matches),
        "rounds": len({m.round for m in matches}),
        "matched": len(partners),
        "with_three": sum(1 for n in partners.values() if n >= 3),
        "two_way": two_way,
        "two_way_share": two_way / len(matches) if matches else 0.0,
        "weak_pairs": sum(1 for m in matches if m.weak),
        "mean_score": sum(m.score for m in matches) / len(matches) if matches else 0.0,
        "weakest": [{"a": m.a.name, "b": m.b.name, "score": m.score, "round": m.round} for m in lowest],
        "unmatched": unmatched,
    }
