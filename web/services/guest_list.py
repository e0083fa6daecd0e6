"""The guest list and the attendees' wishes: whom they want to meet, and whom they would rather not.

Only attendees who agreed to be listed (``Attendee.listed``) appear in the
list, and only they can be picked: every query filters on it, so a crafted
request naming an unlisted person gets the same answer as an unknown one.
Each attendee picks up to :data:`~matchmaker.wishes.MAX_WISHES` people of each
kind; the organizer's file may carry the same ("wants to meet" column), read
at import. The engine takes them as input (:func:`engine_wishes`).
Functions flush and never commit; messages are in the attendee's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from matchmaker.wishes import AVOID, MAX_WISHES, MEET

from ..extensions import db
from ..models import Attendee, Event, Wish
from .attendee import profile_editable
from .exceptions import Invalid, NotFound

__all__ = ["GUESTS_PER_PAGE", "Guest", "guests", "my_wishes", "set_wish", "engine_wishes", "import_file_wishes",
           "wish_notes", "shorten"]

GUESTS_PER_PAGE = 50
_SHORT = 140
KINDS = (MEET, AVOID)


@dataclass
class Guest:
    """One line of the guest list."""

    id: int
    name: str
    company: str
    role: str
    offers: str
    needs: str
    wish: str  # "meet", "avoid" or "" (the viewer's own wish)


def shorten(text: str, limit: int = _SHORT) -> str:
    """``text`` on one line, cut at a word boundary with an ellipsis past ``limit`` characters.

    >>> shorten("one two three", 9)
    'one two…'
    """
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _listed(event_id: int):
    return select(Attendee).where(Attendee.event_id == event_id, Attendee.listed.is_(True))


def guests(viewer: Attendee, query: str = "", page: int = 1) -> tuple[list[Guest], int]:
    """One page of the listed attendees other than the viewer (by name), and how many match ``query``."""
    stmt = _listed(viewer.event_id).where(Attendee.id != viewer.id)
    query = " ".join((query or "").split())[:100]
    if query:
        like = f"%{query.lower()}%"
        stmt = stmt.where(or_(func.lower(Attendee.name).like(like), func.lower(Attendee.company).like(like),
                              func.lower(Attendee.role).like(like)))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    page = max(1, int(page or 1))
    rows = db.session.scalars(stmt.order_by(func.lower(Attendee.name), Attendee.id)
                              .offset((page - 1) * GUESTS_PER_PAGE).limit(GUESTS_PER_PAGE)).all()
    wished = dict(db.session.execute(select(Wish.other_id, Wish.kind).where(Wish.attendee_id == viewer.id)).all())
    return [Guest(r.id, r.name, r.company or "", r.role or "", shorten(r.offers), shorten(r.needs),
                  wished.get(r.id, "")) for r in rows], total


def my_wishes(viewer: Attendee) -> dict[str, list[Attendee]]:
    """The people the viewer picked, by kind, still listed (in the order picked)."""
    rows = db.session.execute(
        select(Wish.kind, Attendee).join(Attendee, Attendee.id == Wish.other_id)
        .where(Wish.attendee_id == viewer.id, Attendee.listed.is_(True)).order_by(Wish.id)).all()
    out: dict[str, list[Attendee]] = {kind: [] for kind in KINDS}
    for kind, other in rows:
        out[kind].append(other)
    return out


def set_wish(viewer: Attendee, other_id: int, kind: str) -> Wish | None:
    """Pick (``"meet"`` or ``"avoid"``) or drop (``""``) one listed attendee; returns the wish or None.

    Raises
    ------
    NotFound
        For anyone who is not a listed attendee of the same event (oneself included).
    Invalid
        Once the matching has closed, or beyond three people of one kind.
    """
    if kind not in (*KINDS, ""):
        raise Invalid(gettext("Choose whether you want to meet this person or not."))
    other = db.session.scalar(_listed(viewer.event_id).where(Attendee.id == other_id, Attendee.id != viewer.id))
    existing = db.session.scalar(select(Wish).where(Wish.attendee_id == viewer.id, Wish.other_id == other_id))
    if other is None and not (kind == "" and existing is not None):
        raise NotFound(gettext("This person is not in the guest list."))
    if not profile_editable(viewer.event):
        raise Invalid(gettext("The matching has closed: your choices can no longer be changed."))
    if kind == "":
        if existing is not None:
            db.session.delete(existing)
            db.session.flush()
        return None
    if existing is None or existing.kind != kind:
        taken = db.session.scalar(select(func.count()).select_from(Wish).where(
            Wish.attendee_id == viewer.id, Wish.kind == kind))
        if taken >= MAX_WISHES:
            raise Invalid(gettext("You have already picked three people to meet: remove one first.") if kind == MEET
                          else gettext("You have already picked three people not to meet: remove one first."))
    if existing is None:
        existing = Wish(event_id=viewer.event_id, attendee_id=viewer.id, other_id=other.id, source="page")
        db.session.add(existing)
    existing.kind = kind
    db.session.flush()
    return existing


def engine_wishes(event: Event) -> list[tuple[str, str, str]]:
    """The event's wishes as :func:`matchmaker.match_event` takes them, oldest first.

    A wish made on the page counts while its target stays listed; the organizer's file counts always.
    """
    a, b = aliased(Attendee), aliased(Attendee)
    return [tuple(row) for row in db.session.execute(
        select(a.email, b.email, Wish.kind).join(a, a.id == Wish.attendee_id).join(b, b.id == Wish.other_id)
        .where(Wish.event_id == event.id, or_(Wish.source == "file", b.listed.is_(True))).order_by(Wish.id))]


def import_file_wishes(event: Event, profiles) -> int:
    """Store the "wants to meet" column of an imported file (``Attendee.wishes`` of the engine's profiles).

    Addresses that are not attendees of the event are ignored; wishes already
    stored stay; at most three per person. Returns how many were added.
    """
    wanted = [(p.email, other) for p in profiles for other in getattr(p, "wishes", ())]
    if not wanted:
        return 0
    ids = dict(db.session.execute(select(Attendee.email, Attendee.id).where(Attendee.event_id == event.id)).all())
    existing = {(w.attendee_id, w.other_id): w for w in db.session.scalars(
        select(Wish).where(Wish.event_id == event.id))}
    count = {}
    for (attendee_id, _), wish in existing.items():
        if wish.kind == MEET:
            count[attendee_id] = count.get(attendee_id, 0) + 1
    added = 0
    for email, other in wanted:
        a, b = ids.get(email), ids.get(other)
        if a is None or b is None or a == b or (a, b) in existing or count.get(a, 0) >= MAX_WISHES:
            continue
        existing[(a, b)] = Wish(event_id=event.id, attendee_id=a, other_id=b, kind=MEET, source="file")
        db.session.add(existing[(a, b)])
        count[a] = count.get(a, 0) + 1
        added += 1
    db.session.flush()
    return added


def wish_notes(viewer: Attendee, partner_ids) -> dict[int, tuple[bool, bool]]:
    """For each partner: (the viewer asked to meet them, they asked to meet the viewer)."""
    partner_ids = list(partner_ids)
    if not partner_ids:
        return {}
    rows = db.session.execute(select(Wish.attendee_id, Wish.other_id).where(
        Wish.kind == MEET, or_((Wish.attendee_id == viewer.id) & Wish.other_id.in_(partner_ids),
                               (Wish.other_id == viewer.id) & Wish.attendee_id.in_(partner_ids)))).all()
    asked = {b for a, b in rows if a == viewer.id}
    asked_by = {a for a, b in rows if b == viewer.id}
    return {p: (p in asked, p in asked_by) for p in partner_ids}
