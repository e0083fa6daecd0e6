"""The change log of a published event, and the updated invitations each change sends.

Once an event is published, attendees hold partners, times and calendar entries.
Every later change is an :class:`~web.models.EventChange`: what changed, who was
told, when. Three kinds:

- ``attendees``: the list changed (upload, API, an attendee deleting their data).
  It stays ``pending`` until the organizer applies the pair changes it forces
  (:mod:`web.services.rematching`); people who left are recorded at once, with a
  cancelled calendar entry for each partner they leave;
- ``pairs``: the minimal-change re-matching was applied (the pending change, if any,
  becomes this one);
- ``settings``: the event's time, place or conversation length changed: everybody
  with a conversation gets an updated invitation.

An updated invitation is an outbox row of kind ``update`` keyed by the change, so
each change's mail is queued once and never de-duplicated away by an earlier one;
it raises the attendee's ``calendar_sequence`` so calendars replace the old entries.
Functions flush and never commit.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import or_, select, update

from ..extensions import db
from ..mail import outbox
from ..models import Attendee, CancelledSlot, Event, EventChange, Match, OutboxMessage, utcnow

__all__ = [
    "SETTINGS_FIELDS", "cancel_match_mail", "change_json", "event_changes", "import_attendees",
    "note_departures", "pending_change",
    "record_attendee_change", "send_updates", "settings_changed", "settings_snapshot",
]

#: Settings whose change moves or relocates the conversations: everybody is told.
SETTINGS_FIELDS = ("starts_at", "ends_at", "timezone", "venue", "meeting_point", "slot_minutes")


def event_changes(event: Event, limit: int | None = None) -> list[EventChange]:
    """The event's changes, newest first."""
    query = select(EventChange).where(EventChange.event_id == event.id).order_by(EventChange.id.desc())
    return list(db.session.scalars(query.limit(limit) if limit else query))


def pending_change(event: Event, *, create: bool = False, source: str = "") -> EventChange | None:
    """The event's attendee change whose pair changes are not applied yet (created when asked)."""
    change = db.session.scalar(select(EventChange).where(
        EventChange.event_id == event.id, EventChange.status == "pending").order_by(EventChange.id))
    if change is None and create:
        change = EventChange(event_id=event.id, kind="attendees", source=source, status="pending",
                             details={"new": [], "updated": [], "left": [], "removed": [], "touched": []},
                             notified=[], created_at=utcnow())
        db.session.add(change)
        db.session.flush()
    return change


def _extend(change: EventChange, **lists) -> None:
    # JSON columns do not track changes inside the value: assign a new dict.
    details = dict(change.details or {})
    for name, values in lists.items():
        details[name] = list(dict.fromkeys([*details.get(name, []), *values]))
    change.details = details


def record_attendee_change(event: Event, *, source: str, new: Iterable[str] = (), updated: Iterable[str] = (),
                           left: Iterable[str] = ()) -> EventChange | None:
    """Add to the pending change of a published event; None when unpublished or nothing changed."""
    new, updated, left = list(new), list(updated), list(left)
    if event.published_at is None or not (new or updated or left):
        return None
    change = pending_change(event, create=True, source=source)
    _extend(change, new=new, updated=updated, left=left)
    db.session.flush()
    return change


def note_departures(event: Event, attendees: Iterable[Attendee], *, source: str) -> EventChange | None:
    """Before ``attendees`` of a published event are deleted: record their pairs as removed, and a
    cancelled calendar entry for each partner who stays (told when the pair changes are applied)."""
    attendees = list(attendees)
    if event.published_at is None or not attendees:
        return None
    leaving = {a.id for a in attendees}
    change = pending_change(event, create=True, source=source)
    matches = db.session.scalars(select(Match).where(
        Match.event_id == event.id, or_(Match.a_id.in_(leaving), Match.b_id.in_(leaving)))).all()
    removed, touched = [], []
    for m in matches:
        removed.append({"a": m.a.email, "b": m.b.email, "a_name": m.a.name, "b_name": m.b.name,
                        "round": m.round, "reason": "left the event", "code": "left",
                        "params": {"who": m.a.email if m.a_id in leaving else m.b.email}})
        for person, partner in ((m.a, m.b), (m.b, m.a)):
            if person.id not in leaving:
                touched.append(person.email)
                db.session.add(CancelledSlot(event_id=event.id, attendee_id=person.id, change_id=change.id,
                                             match_id=m.id, round=m.round, partner_name=partner.name))
    _extend(change, left=[a.email for a in attendees], removed=[], touched=touched)
    details = dict(change.details)
    details["removed"] = [*details.get("removed", []), *removed]
    change.details = details
    db.session.flush()
    return change


def import_attendees(event: Event, data: bytes, *, remove_missing: bool, source: str, **options):
    """:func:`web.services.imports.apply_import`, logged when the event is published: people who
    leave are recorded before their rows go, the new and edited ones join the pending change.

    ``options`` (``choices``, ``columns``, ``sheet``) are passed on to the import as they are.
    """
    from .imports import apply_import, preview_import  # imports records its changes here: a cycle

    if event.published_at is None:
        return apply_import(event, data, remove_missing=remove_missing, **options)
    preview = preview_import(event, data, **options)
    left = preview.missing if remove_missing else []
    if left:
        rows = db.session.scalars(select(Attendee).where(Attendee.event_id == event.id,
                                                         Attendee.email.in_(left))).all()
        note_departures(event, rows, source=source)
    result = apply_import(event, data, remove_missing=remove_missing, **options)
    record_attendee_change(event, source=source, new=preview.new, updated=preview.updated, left=left)
    return result


def send_updates(event: Event, change: EventChange, attendees: Iterable[Attendee]) -> list[str]:
    """Raise the calendar SEQUENCE of ``attendees`` and queue their updated invitation for ``change``.

    People never invited yet (newcomers) get their first invitation instead. Returns the
    e-mails of the people told, which are also added to ``change.notified``.
    """
    people = [a for a in attendees if a is not None]
    if not people:
        return []
    invited = set(db.session.scalars(select(OutboxMessage.attendee_id).where(
        OutboxMessage.event_id == event.id, OutboxMessage.kind == "invitation")))
    now = utcnow()
    rows, told = [], []
    for person in people:
        person.calendar_sequence = (person.calendar_sequence or 0) + 1
        if not person.wants_mail:
            continue
        told.append(person.email)
        if person.id in invited:
            rows.append(dict(key=f"update:{event.id}:{person.id}:{change.id}", kind="update", event_id=event.id,
                             attendee_id=person.id, match_id=None, due_at=now, change_id=change.id))
    outbox.insert_missing(rows)
    outbox.queue_invitations(event, now)
    change.notified = list(dict.fromkeys([*(change.notified or []), *told]))
    db.session.flush()
    return told


def settings_snapshot(event: Event) -> dict:
    """The values of :data:`SETTINGS_FIELDS`, to compare after an edit."""
    return {name: getattr(event, name) for name in SETTINGS_FIELDS}


def _show(value) -> str:
    return value.isoformat(sep=" ", timespec="minutes") if hasattr(value, "isoformat") else str(value or "")


def settings_changed(event: Event, before: dict, *, source: str = "organizer") -> EventChange | None:
    """After an edit: when the time, place or conversation length of a published event changed,
    log it, move the follow-ups, and send everybody with a conversation an updated invitation."""
    fields = {name: [_show(before[name]), _show(getattr(event, name))]
              for name in SETTINGS_FIELDS if before.get(name) != getattr(event, name)}
    if event.published_at is None or not fields:
        return None
    change = EventChange(event_id=event.id, kind="settings", source=source, status="applied",
                         details={"fields": fields}, notified=[], created_at=utcnow(), applied_at=utcnow())
    db.session.add(change)
    db.session.flush()
    matched = select(Match.a_id).where(Match.event_id == event.id).union(
        select(Match.b_id).where(Match.event_id == event.id))
    people = db.session.scalars(select(Attendee).where(Attendee.id.in_(matched)).order_by(Attendee.id)).all()
    send_updates(event, change, people)
    if event.followups_enabled:
        outbox.schedule_followups(event)
    return change


def cancel_match_mail(match_ids: list[int]) -> None:
    """Withdraw the queued nudges of conversations that are being removed."""
    if match_ids:
        db.session.execute(update(OutboxMessage).where(
            OutboxMessage.match_id.in_(match_ids), OutboxMessage.status == "queued").values(
                status="cancelled", last_error="the conversation was removed"))


def change_json(change: EventChange) -> dict:
    """The JSON shape of one change (API and event page)."""
    details = change.details or {}
    return {
        "id": change.id, "kind": change.kind, "source": change.source, "status": change.status,
        "created_at": change.created_at.isoformat(timespec="seconds") + "Z" if change.created_at else None,
        "applied_at": change.applied_at.isoformat(timespec="seconds") + "Z" if change.applied_at else None,
        "new": list(details.get("new", [])), "updated": list(details.get("updated", [])),
        "left": list(details.get("left", [])), "fields": dict(details.get("fields", {})),
        "removed": list(details.get("removed", [])), "added": list(details.get("added", [])),
        "notified": list(change.notified or []),
    }
