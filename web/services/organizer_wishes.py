"""An attendee's wishes as the organizer reads and writes them (the API's equivalent of the file's
"wants to meet" / "souhaite rencontrer" column).

The organizer names people by e-mail address, like the file column, and may
name anyone of the event, listed in the guest list or not: what the organizer
collected elsewhere counts whatever the guest list shows (``source="file"``,
as at import; see :func:`web.services.guest_list.engine_wishes`). Writing
replaces the attendee's wishes as a whole; a wish that stays as it was keeps
its source, so the attendee's own picks that the organizer keeps stay theirs.
Messages are for the organizer (API, English). Functions flush and never commit.
"""

from __future__ import annotations

from sqlalchemy import select

from matchmaker.reader import normalise_email
from matchmaker.wishes import AVOID, MAX_WISHES, MEET

from ..extensions import db
from ..models import Attendee, Wish
from .exceptions import Conflict, Invalid

__all__ = ["attendee_wishes", "set_attendee_wishes"]


def attendee_wishes(attendee: Attendee) -> dict[str, list[dict]]:
    """``{"meet": [...], "avoid": [...]}``, each wish as ``{"email", "name", "source", "listed"}``, oldest first."""
    rows = db.session.execute(select(Wish, Attendee).join(Attendee, Attendee.id == Wish.other_id)
                              .where(Wish.attendee_id == attendee.id).order_by(Wish.id)).all()
    out: dict[str, list[dict]] = {MEET: [], AVOID: []}
    for wish, other in rows:
        out[wish.kind].append({"email": other.email, "name": other.name, "source": wish.source,
                               "listed": bool(other.listed)})
    return out


def _addresses(name: str, value, own: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Invalid(f'"{name}" must be a list of e-mail addresses.', field=name)
    emails = list(dict.fromkeys(normalise_email(v) for v in value))
    if len(emails) > MAX_WISHES:
        raise Invalid(f'At most {MAX_WISHES} people in "{name}"; there are {len(emails)}.', field=name)
    if own in emails:
        raise Invalid(f'An attendee cannot name themselves in "{name}".', field=name)
    return emails


def set_attendee_wishes(attendee: Attendee, meet, avoid) -> dict[str, list[dict]]:
    """Replace ``attendee``'s wishes with the people ``meet`` and ``avoid`` name (e-mail addresses).

    Raises
    ------
    Invalid
        Not lists of addresses, more than three of a kind, oneself, the same person in both lists, or
        addresses that are not attendees of the event (listed in the details).
    Conflict
        Once the matching is published: wishes no longer change the pairs.
    """
    event = attendee.event
    if event.published_at is not None:
        raise Conflict("The matching is published: wishes no longer change the pairs.")
    wanted = {MEET: _addresses(MEET, meet, attendee.email), AVOID: _addresses(AVOID, avoid, attendee.email)}
    both = sorted(set(wanted[MEET]) & set(wanted[AVOID]))
    if both:
        raise Invalid(f"These people are in both lists: {', '.join(both)}.", field=AVOID)
    named = wanted[MEET] + wanted[AVOID]
    ids = dict(db.session.execute(select(Attendee.email, Attendee.id).where(
        Attendee.event_id == event.id, Attendee.email.in_(named))).all()) if named else {}
    unknown = [email for email in named if email not in ids]
    if unknown:
        raise Invalid(f"Not attendees of this event: {', '.join(unknown)}.",
                      details=[{"field": MEET if e in wanted[MEET] else AVOID, "message": f"{e}: not an attendee"}
                               for e in unknown])
    existing = {w.other_id: w for w in db.session.scalars(select(Wish).where(Wish.attendee_id == attendee.id))}
    target = {ids[email]: kind for kind in (MEET, AVOID) for email in wanted[kind]}
    for other_id, wish in existing.items():
        if other_id not in target:
            db.session.delete(wish)
        elif wish.kind != target[other_id]:
            wish.kind, wish.source = target[other_id], "file"
    for kind in (MEET, AVOID):  # in the order given: the oldest first, as the engine reads them
        for email in wanted[kind]:
            if ids[email] not in existing:
                db.session.add(Wish(event_id=event.id, attendee_id=attendee.id, other_id=ids[email], kind=kind,
                                    source="file"))
    db.session.flush()
    return attendee_wishes(attendee)
