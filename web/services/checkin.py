"""Check-in on the event day: who is here, who is not, and the people added at the door.

Read side: :func:`is_event_day`, :func:`search`, :func:`presence_counts`,
:func:`scan_token` / :func:`scanned_attendee` (the QR code on an attendee's page).
Use-cases: :func:`self_check_in`, :func:`set_presence`, :func:`apply_checkins` (the API's
bulk form), :func:`add_walk_in`, :func:`set_notify_changes`, :func:`set_repair_minutes`.
They flush and never commit.

Presence is ``""`` (nobody said), ``"present"`` or ``"absent"``. Re-pairing treats
everybody not marked present as absent, so it only runs once check-in is in use
(:func:`check_in_used`).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, or_, select

from matchmaker.reader import clean_name, normalise_email

from ..extensions import db
from ..models import Attendee, Event, utcnow
from .exceptions import Invalid, NotFound

__all__ = [
    "PRESENCES", "is_event_day", "check_in_used", "search", "presence_counts", "scan_token", "scanned_attendee",
    "self_check_in", "set_presence", "apply_checkins", "add_walk_in", "set_notify_changes", "set_repair_minutes",
    "attendee_of_event",
]

PRESENCES = ("", "present", "absent")
_SCAN_SALT = "checkin-scan"
_WALK_IN_LIMITS = {"name": 200, "email": 254, "company": 200, "offers": 1000, "needs": 1000}


def is_event_day(event: Event, now: dt.datetime | None = None) -> bool:
    """Whether ``now`` (naive UTC) falls on the event's local date.

    Examples
    --------
    >>> e = Event(starts_at=dt.datetime(2030, 6, 12, 18, 30), timezone="Europe/Paris")
    >>> is_event_day(e, dt.datetime(2030, 6, 12, 21, 59)), is_event_day(e, dt.datetime(2030, 6, 12, 22, 0))
    (True, False)
    """
    now = now or utcnow()
    local = now.replace(tzinfo=dt.timezone.utc).astimezone(ZoneInfo(event.timezone))
    return local.date() == event.starts_at.date()


def check_in_used(event: Event) -> bool:
    """True once anybody of the event was marked present (one query)."""
    return db.session.scalar(select(Attendee.id).where(
        Attendee.event_id == event.id, Attendee.presence == "present").limit(1)) is not None


def search(event: Event, query: str = "", *, limit: int = 50) -> list[Attendee]:
    """Attendees whose name, e-mail or company contains ``query`` (any case), by name."""
    stmt = select(Attendee).where(Attendee.event_id == event.id)
    words = (query or "").strip().lower().split()
    for word in words[:5]:
        like = f"%{word.replace('%', '').replace('_', '')}%"
        stmt = stmt.where(or_(func.lower(Attendee.name).like(like), func.lower(Attendee.email).like(like),
                              func.lower(Attendee.company).like(like)))
    return list(db.session.scalars(stmt.order_by(func.lower(Attendee.name), Attendee.id).limit(limit)))


def presence_counts(event: Event) -> dict[str, int]:
    """``{"present": n, "absent": m, "unknown": k, "walk_ins": w}`` (one query)."""
    counts = {"present": 0, "absent": 0, "unknown": 0, "walk_ins": 0}
    rows = db.session.execute(select(Attendee.presence, Attendee.walk_in, func.count()).where(
        Attendee.event_id == event.id).group_by(Attendee.presence, Attendee.walk_in))
    for presence, walk_in, n in rows:
        counts[presence or "unknown"] += n
        if walk_in:
            counts["walk_ins"] += n
    return counts


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SCAN_SALT)


def scan_token(attendee: Attendee) -> str:
    """What the QR code on the attendee's page carries: their id and event, signed (useless to others)."""
    return _serializer().dumps([attendee.event_id, attendee.id])


def scanned_attendee(event: Event, token: str) -> Attendee:
    """The attendee of ``event`` named by a scanned ``token``; NotFound when forged or of another event."""
    try:
        event_id, attendee_id = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        raise NotFound(gettext("This code is not one of this event's check-in codes.")) from None
    attendee = db.session.get(Attendee, attendee_id)
    if event_id != event.id or attendee is None or attendee.event_id != event.id:
        raise NotFound(gettext("This code is not one of this event's check-in codes."))
    return attendee


def set_presence(attendee: Attendee, presence: str, now: dt.datetime | None = None) -> None:
    """Mark ``attendee`` present, absent, or unknown (``""``)."""
    if presence not in PRESENCES:
        raise Invalid(gettext("Say whether the person is here or not."), field="presence")
    if attendee.presence != presence:
        attendee.presence = presence
        attendee.checked_in_at = (now or utcnow()) if presence == "present" else None
    db.session.flush()


def self_check_in(attendee: Attendee, now: dt.datetime | None = None) -> None:
    """The attendee's own "I'm here": only on the event day."""
    if not is_event_day(attendee.event, now):
        raise Invalid(gettext("You can check in on the day of the event."))
    set_presence(attendee, "present", now)


def apply_checkins(event: Event, present=(), absent=(), now: dt.datetime | None = None) -> dict[str, int]:
    """Mark the e-mails in ``present`` and ``absent``; all or nothing.

    Raises
    ------
    Invalid
        When an e-mail is not an attendee's, or is in both lists; ``details`` lists them and
        nothing is changed.
    """
    present = [normalise_email(str(e)) for e in present]
    absent = [normalise_email(str(e)) for e in absent]
    rows = {a.email: a for a in db.session.scalars(select(Attendee).where(Attendee.event_id == event.id))}
    unknown = sorted({e for e in present + absent if e not in rows})
    both = sorted(set(present) & set(absent))
    if unknown or both:
        details = ([{"field": "email", "email": e, "message": "not an attendee of this event"} for e in unknown]
                   + [{"field": "email", "email": e, "message": "listed as both present and absent"} for e in both])
        raise Invalid("These e-mail addresses cannot be checked in (see details); nothing was changed.",
                      details=details)
    for email in dict.fromkeys(present):
        set_presence(rows[email], "present", now)
    for email in dict.fromkeys(absent):
        set_presence(rows[email], "absent", now)
    return {"present": len(set(present)), "absent": len(set(absent))}


def add_walk_in(event: Event, *, name: str, email: str, offers: str = "", needs: str = "", company: str = "",
                now: dt.datetime | None = None) -> Attendee:
    """Add a person at the door, present at once; the next repair pairs them into free slots."""
    values = {"name": clean_name(name or ""), "email": normalise_email(email or ""),
              "company": clean_name(company or ""), "offers": (offers or "").strip(), "needs": (needs or "").strip()}
    if not values["name"]:
        raise Invalid(gettext("Enter the person's name."), field="name")
    if "@" not in values["email"] or " " in values["email"] or values["email"].startswith("@"):
        raise Invalid(gettext("Enter a valid e-mail address."), field="email")
    for field_name, limit in _WALK_IN_LIMITS.items():
        if len(values[field_name]) > limit:
            raise Invalid(gettext("%(field)s is too long: %(count)d characters, at most %(limit)d.",
                                  field=field_name, count=len(values[field_name]), limit=limit), field=field_name)
    existing = db.session.scalar(select(Attendee).where(Attendee.event_id == event.id,
                                                         Attendee.email == values["email"]))
    if existing is not None:
        set_presence(existing, "present", now)
        return existing
    attendee = Attendee(event_id=event.id, walk_in=True, presence="present", checked_in_at=now or utcnow(),
                        **values)
    db.session.add(attendee)
    db.session.flush()
    return attendee


def set_notify_changes(attendee: Attendee, wanted: bool) -> None:
    """The attendee's opt-in to a short e-mail when a partner changes on the day."""
    attendee.notify_changes = bool(wanted)
    db.session.flush()


def set_repair_minutes(event: Event, value) -> None:
    """How many minutes before each round its pairs are repaired (0 to 60)."""
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        minutes = -1
    if not 0 <= minutes <= 60:
        raise Invalid(gettext("Enter a number of minutes between 0 and 60."), field="repair_minutes")
    event.repair_minutes = minutes
    db.session.flush()


def attendee_of_event(event: Event, attendee_id: int) -> Attendee:
    """Attendee ``attendee_id`` of ``event``; NotFound otherwise."""
    attendee = db.session.get(Attendee, attendee_id)
    if attendee is None or attendee.event_id != event.id:
        raise NotFound(gettext("This person is not registered for this event."))
    return attendee

