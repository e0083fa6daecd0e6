"""Attendee page versions: every flush that changes what a page shows bumps ``Attendee.page_version``.

The attendee page's ETag is built from the attendee's ``page_version`` and the
event's ``updated_at`` (see :mod:`web.services.page_cache`). Rather than ask every
service to remember the counter, one ``after_flush`` hook looks at what the flush
wrote and bumps, in one UPDATE per chunk:

- an attendee whose own row changed (anything but the opening times and the counter);
- the current partners of an attendee whose profile changed (the partner's card shows it);
- both sides of a match created, changed, dissolved or deleted;
- the author of a note.

Event-wide changes (publishing, times, place, settings) change ``Event.updated_at``.
"""

from __future__ import annotations

from sqlalchemy import event as sa_event
from sqlalchemy import inspect, select, union, update
from sqlalchemy.orm import Session

from .models import Attendee, Match, PairNote

__all__ = ["PROFILE_FIELDS", "bump"]

#: Columns of an attendee shown on their partners' pages.
PROFILE_FIELDS = ("name", "company", "role", "bio", "offers", "needs", "interests", "linkedin")
#: Writes that never change what the page shows (opening times are written by the page view itself).
_SILENT = {"first_opened_at", "last_opened_at", "page_version", "updated_at"}
_CHUNK = 500


def _changed(obj) -> set[str]:
    state = inspect(obj)
    return {attr.key for attr in state.attrs if attr.history.has_changes()}


def bump(connection, attendee_ids, *, partners_of=()) -> None:
    """Add one to the page version of ``attendee_ids`` and of the current partners of ``partners_of``."""
    table = Attendee.__table__
    ids = sorted(set(attendee_ids))
    for start in range(0, len(ids), _CHUNK):
        connection.execute(update(table).where(table.c.id.in_(ids[start:start + _CHUNK]))
                           .values(page_version=table.c.page_version + 1))
    sources = sorted(set(partners_of))
    m = Match.__table__
    for start in range(0, len(sources), _CHUNK):
        chunk = sources[start:start + _CHUNK]
        partners = union(
            select(m.c.b_id).where(m.c.a_id.in_(chunk), m.c.dissolved_at.is_(None)),
            select(m.c.a_id).where(m.c.b_id.in_(chunk), m.c.dissolved_at.is_(None)),
        ).subquery()
        connection.execute(update(table).where(table.c.id.in_(select(partners.c[0])))
                           .values(page_version=table.c.page_version + 1))


@sa_event.listens_for(Session, "after_flush")
def _after_flush(session: Session, flush_context) -> None:
    # In after_flush the new/dirty/deleted collections still show what this flush wrote.
    touched: set[int] = set()
    profiles: set[int] = set()
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, Match):
            touched.update(i for i in (obj.a_id, obj.b_id) if i)
        elif isinstance(obj, PairNote) and obj.attendee_id:
            touched.add(obj.attendee_id)
        elif isinstance(obj, Attendee) and obj.id and obj not in session.deleted:
            changed = _changed(obj) if obj not in session.new else {"id"}
            if changed - _SILENT:
                touched.add(obj.id)
            if changed & set(PROFILE_FIELDS):
                profiles.add(obj.id)
    if touched or profiles:
        bump(session.connection(), touched, partners_of=profiles)
