"""What an attendee sees and does on their private page.

Read side: :func:`partners` (the conversations, from the viewer's side),
:func:`shortfall_reason`, :func:`linkedin_href`, :func:`profile_editable`,
:func:`record_opening` (a throttled write: most page views write nothing).
Use-cases: :func:`record_meeting`, :func:`update_profile`, :func:`opt_out`,
:func:`opt_in`, :func:`delete_data`. They flush and never commit; messages
of :class:`~web.services.exceptions.Invalid` are sentences in the attendee's
language (the view selects the locale first).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask_babel import get_locale, gettext, lazy_gettext
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from matchmaker.cleaning import clean_text
from matchmaker.linkedin import linkedin_url

from ..extensions import db
from ..mail.outbox import OPTED_OUT, cancel_for_attendee, restore_for_attendee
from ..models import Attendee, Event, Match, OutboxMessage, PairNote, utcnow
from ..reasons import as_sentence, reason_text
from . import change_log
from .deletions import mark_deleted
from .events import local_to_utc, meeting_point_for, round_start
from .exceptions import Invalid, NotFound

__all__ = [
    "PartnerView", "partners", "help_text", "detach_loaded_rows", "shortfall_reason", "linkedin_href", "meeting_point",
    "profile_editable", "record_opening", "OPENING_RESOLUTION", "record_meeting", "update_profile", "opt_out", "opt_in",
    "delete_data", "NOTE_LIMITS", "PROFILE_LIMITS", "utcnow",
]

NOTE_LIMITS = {"topic": 200, "detail": 300}
PROFILE_LIMITS = {
    "name": 200, "company": 200, "role": 200, "bio": 2000, "offers": 1000, "needs": 1000,
    "interests": 1000, "linkedin": 500,
}
_LABELS = {
    "topic": lazy_gettext("Topic"), "detail": lazy_gettext("Personal detail"), "name": lazy_gettext("Name"),
    "company": lazy_gettext("Company"), "role": lazy_gettext("Role"), "bio": lazy_gettext("Bio"),
    "offers": lazy_gettext("I can help with"), "needs": lazy_gettext("I am looking for"),
    "interests": lazy_gettext("Interests"), "linkedin": lazy_gettext("LinkedIn"),
}
#: ``last_opened_at`` is kept to this precision: re-opening the page within it writes nothing,
#: so a page view is a read (no commit, no write lock) nearly every time.
OPENING_RESOLUTION = dt.timedelta(minutes=10)
#: Fields shown on one line (and in mail headers): no line breaks allowed.
_ONE_LINE = ("name", "company", "role", "linkedin")


@dataclass
class PartnerView:
    """One conversation seen from the viewer's side."""

    match: Match
    partner: Attendee
    starts_at: dt.datetime | None  # aware, in the event's time zone
    place: str
    you_help: str
    they_help: str
    questions: list[str] = field(default_factory=list)
    note: PairNote | None = None
    linkedin: str | None = None  # an https LinkedIn URL, or None when it must not be a link


def meeting_point(event: Event, match: Match) -> str:
    """Where the pair meets: the event's pattern filled in, else "Table n" in the viewer's language."""
    return meeting_point_for(event, match) or gettext("Table %(table)s", table=match.table)


def linkedin_href(url: str) -> str | None:
    """The address to link for a stored ``url``, rebuilt by :func:`matchmaker.linkedin.linkedin_url`; else None.

    Escaping does not stop ``javascript:`` in an ``href``, nor a host that
    parsers read differently: only an address rebuilt from its slug becomes a link.

    Examples
    --------
    >>> linkedin_href("linkedin.com/in/x-y-z/")
    'https://www.linkedin.com/in/x-y-z'
    >>> linkedin_href("https://evil.example/linkedin.com") is None
    True
    """
    return linkedin_url(url) or None


def help_text(match: Match, viewer_id: int) -> tuple[str, str]:
    """``(you_help, they_help)``: what the viewer of ``match`` can offer, and what their partner can.

    Examples
    --------
    >>> m = Match(a_id=1, b_id=2, a_gives=["Python"], b_gives=["funding", "hiring"])
    >>> help_text(m, 2)
    ('funding, hiring', 'Python')
    """
    is_a = match.a_id == viewer_id
    you_give, they_give = (match.a_gives, match.b_gives) if is_a else (match.b_gives, match.a_gives)
    return ", ".join(you_give or []), ", ".join(they_give or [])


def detach_loaded_rows() -> None:
    """Keep the rows loaded so far readable after the transaction ends (they are no longer refreshed).

    The attendee page ends its transaction before rendering: on SQLite every
    transaction holds the write lock from its first query. Detached rows are
    not expired by the commit, and a lazy load now fails loudly rather than
    quietly reopening a transaction.
    """
    db.session.expunge_all()


def partners(attendee: Attendee) -> list[PartnerView]:
    """The attendee's conversations ordered by round (none before the event is published).

    One query whatever the number of partners: both sides of each match are
    joined in, and so is the viewer's own note (at most one per match).
    """
    event = attendee.event
    if event.published_at is None:
        return []
    rows = db.session.execute(
        select(Match, PairNote)
        .outerjoin(PairNote, and_(PairNote.match_id == Match.id, PairNote.attendee_id == attendee.id))
        .where(Match.event_id == event.id, or_(Match.a_id == attendee.id, Match.b_id == attendee.id),
               Match.dissolved_at.is_(None))
        .options(joinedload(Match.a), joinedload(Match.b))
        .order_by(Match.round, Match.id)
    ).all()
    views = []
    for m, note in rows:
        is_a = m.a_id == attendee.id
        partner = m.b if is_a else m.a
        you_help, they_help = help_text(m, attendee.id)
        views.append(PartnerView(
            match=m, partner=partner, starts_at=round_start(event, m.round) if m.round else None,
            place=meeting_point(event, m), you_help=you_help, they_help=they_help,
            questions=list((m.questions_for_a if is_a else m.questions_for_b) or []),
            note=note, linkedin=linkedin_href(partner.linkedin),
        ))
    return views


def record_opening(attendee: Attendee, now: dt.datetime | None = None) -> bool:
    """Note that the attendee opened their page; True when something changed (then flushed).

    ``first_opened_at`` is set once; ``last_opened_at`` only moves when it is
    older than :data:`OPENING_RESOLUTION`, so repeated views write nothing.
    """
    now = now or utcnow()
    changed = False
    if attendee.first_opened_at is None:
        attendee.first_opened_at = now
        changed = True
    if attendee.last_opened_at is None or now - attendee.last_opened_at >= OPENING_RESOLUTION:
        attendee.last_opened_at = now
        changed = True
    if changed:
        db.session.flush()
    return changed


def shortfall_reason(attendee: Attendee) -> str:
    """Why the attendee has fewer than three partners, as a sentence in the reader's language.

    The engine's reason is rendered from its code (:func:`web.reasons.reason_text`); a reason stored
    without one, or none at all (a partner withdrew since), gives the general sentence to a reader
    of another language rather than an English one in the middle of their page.
    """
    english = str(get_locale() or "en").startswith("en")
    for row in (attendee.event.match_stats or {}).get("unmatched", []):
        mine = isinstance(row, dict) and str(row.get("email", "")).lower() == attendee.email.lower()
        if mine and row.get("code"):
            return as_sentence(reason_text(row))
        if mine and row.get("reason") and english:
            return as_sentence(str(row["reason"]))
    return gettext(
        "A partner has left the event since the matching (for example, they deleted their data), "
        "or there were not enough people you could help each other with."
    )


def profile_editable(event: Event, now: dt.datetime | None = None) -> bool:
    """Whether attendees may still edit their profile (until ``profile_edit_until``, else the start)."""
    deadline = event.profile_edit_until or local_to_utc(event.starts_at, event.timezone)
    return (now or utcnow()) < deadline


def _clean(values: dict, limits: dict) -> dict:
    cleaned = {}
    for name, limit in limits.items():
        # The import's cleaning: no controls, bidi overrides or zero-width characters; no CR/LF
        # on one-line fields (names end up in mail headers).
        text = clean_text(str(values.get(name) or ""), multiline=name not in _ONE_LINE)
        if len(text) > limit:
            raise Invalid(gettext(
                "%(field)s is too long: %(count)d characters, at most %(limit)d.",
                field=_LABELS[name], count=len(text), limit=limit,
            ), field=name)
        cleaned[name] = text
    return cleaned


def record_meeting(attendee: Attendee, match_id: int, *, met: bool, topic: str = "", detail: str = "",
                   rating: int | str | None = None) -> PairNote:
    """Save the attendee's note on one of their conversations (one note per match and attendee)."""
    match = db.session.get(Match, match_id)
    if match is None or attendee.id not in (match.a_id, match.b_id):
        raise NotFound(gettext("This conversation is not one of yours."))
    fields = _clean({"topic": topic, "detail": detail}, NOTE_LIMITS)
    if rating in (None, ""):
        rating = None
    else:
        try:
            rating = int(rating)
        except (TypeError, ValueError):
            rating = 0
        if not 1 <= rating <= 5:
            raise Invalid(gettext("Choose a rating from 1 to 5, or leave it empty."), field="rating")
    note = db.session.scalar(
        select(PairNote).where(PairNote.match_id == match.id, PairNote.attendee_id == attendee.id)
    )
    if note is None:
        note = PairNote(match_id=match.id, attendee_id=attendee.id)
        db.session.add(note)
    note.met = bool(met)
    note.topic, note.detail, note.rating = fields["topic"], fields["detail"], rating
    db.session.flush()
    return note


def update_profile(attendee: Attendee, **values) -> Attendee:
    """Replace the attendee's own profile fields; refused once matching has closed."""
    if not profile_editable(attendee.event):
        raise Invalid(gettext("Profiles can no longer be changed: the matching for this event has closed."))
    fields = _clean(values, PROFILE_LIMITS)
    if not fields["name"]:
        raise Invalid(gettext("Your name cannot be empty."), field="name")
    if fields["linkedin"]:
        fields["linkedin"] = linkedin_url(fields["linkedin"])
        if not fields["linkedin"]:
            raise Invalid(gettext(
                "Give your LinkedIn address starting with https://www.linkedin.com/, or leave it empty."
            ), field="linkedin")
    language = str(values.get("language") or "")
    if language not in ("", "en", "fr"):
        raise Invalid(gettext("Choose English or French."), field="language")
    # A new company can make a published pair colleagues: the organizer reviews what it forces.
    if "company" in fields and fields["company"] != (attendee.company or ""):
        change_log.record_attendee_change(attendee.event, source="attendee", updated=[attendee.email])
    for name, value in fields.items():
        setattr(attendee, name, value)
    if language != attendee.language:
        attendee.language, attendee.language_guessed = language, False  # their choice: no import replaces it
    db.session.flush()
    return attendee


def opt_out(attendee: Attendee) -> None:
    """Stop every e-mail to this attendee, from their page or from a one-click unsubscribe link.

    What is queued for them is withdrawn at once (``suppressed``); the sender
    also checks ``wants_mail`` at send time, for rows claimed meanwhile.
    """
    if attendee.opted_out_at is None:
        attendee.opted_out_at = utcnow()
    cancel_for_attendee(attendee.id, OPTED_OUT)
    db.session.flush()


def opt_in(attendee: Attendee) -> None:
    """Undo :func:`opt_out`: the e-mails it withdrew come back, those whose time has not passed yet.

    Whether the opt-out came from the page or a one-click unsubscribe link, the
    same rows were withdrawn, and the same rows return; mail that was due while
    the person had opted out is not sent late.
    """
    attendee.opted_out_at = None
    restore_for_attendee(attendee.id, OPTED_OUT)
    db.session.flush()


def delete_data(attendee: Attendee) -> None:
    """Erase the attendee: their row, links, notes and every conversation involving them.

    Queued mails to them or about those conversations are cancelled; sent
    rows keep their history with ``attendee_id`` set to NULL by the foreign
    key. Deletion is not suppression: the address is kept nowhere in clear,
    only as the keyed hash of :mod:`web.services.deletions`.
    """
    # Partners of a published event are told when the organizer applies the pair changes.
    change_log.note_departures(attendee.event, [attendee], source="attendee")
    matches = db.session.scalars(
        select(Match).where(or_(Match.a_id == attendee.id, Match.b_id == attendee.id))
    ).all()
    match_ids = [m.id for m in matches]
    about = OutboxMessage.attendee_id == attendee.id
    if match_ids:
        about = or_(about, OutboxMessage.match_id.in_(match_ids))
    for message in db.session.scalars(select(OutboxMessage).where(about, OutboxMessage.status == "queued")):
        message.status = "cancelled"
    for m in matches:
        db.session.delete(m)
    # Only a keyed hash of the address stays, so that the organizer's next import reports the
    # person instead of silently bringing them back.
    mark_deleted(attendee.event_id, attendee.email)
    db.session.delete(attendee)
    db.session.flush()
