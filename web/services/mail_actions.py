"""What the mail pages do: the recipient's unsubscribe and "done" links, the organizer's mail controls.

The recipient's links carry signed tokens (:mod:`web.mail.tokens`); a token
whose signature does not hold is :class:`~web.services.exceptions.NotFound`.
Unsubscribing is :func:`web.services.attendee.opt_out`, the same use-case as
the button on the attendee's page. Functions flush and never commit.
"""

from __future__ import annotations

from flask_babel import gettext
from sqlalchemy import select

from ..extensions import db
from ..mail import outbox
from ..mail.tokens import read_done, read_unsubscribe
from ..models import Attendee, Event, Match, OutboxMessage, PairNote, utcnow
from .exceptions import Invalid, NotFound

__all__ = [
    "unsubscribe_target", "followup_target", "followup_done", "mark_followup_done", "mail_problems",
    "preview_target", "schedule_mail", "send_mail_now", "ACTION_KINDS",
]

#: What the organizer's buttons act on: one kind of e-mail, or every follow-up at once.
ACTION_KINDS = (*outbox.KINDS, "followups")


def unsubscribe_target(token: str) -> Attendee | None:
    """The attendee an unsubscribe link names; None when they deleted their data since.

    Raises
    ------
    NotFound
        When the token's signature does not hold.
    """
    attendee_id = read_unsubscribe(token)
    if attendee_id is None:
        raise NotFound("This link is not valid.")
    return db.session.get(Attendee, attendee_id)


def followup_target(token: str) -> tuple[Attendee, Match]:
    """``(attendee, match)`` of a "done" link; NotFound when forged or deleted since the mail went out."""
    ids = read_done(token)
    if ids is None:
        raise NotFound("This link is not valid.")
    attendee, match = db.session.get(Attendee, ids[0]), db.session.get(Match, ids[1])
    if attendee is None or match is None or attendee.id not in (match.a_id, match.b_id):
        raise NotFound("This conversation no longer exists.")
    return attendee, match


def _note(attendee: Attendee, match: Match) -> PairNote | None:
    return db.session.scalar(select(PairNote).where(PairNote.match_id == match.id,
                                                    PairNote.attendee_id == attendee.id))


def followup_done(attendee: Attendee, match: Match) -> bool:
    """Whether ``attendee`` marked their follow-up of ``match`` done."""
    note = _note(attendee, match)
    return bool(note and note.followup_done_at)


def mark_followup_done(attendee: Attendee, match: Match) -> None:
    """Record that ``attendee`` followed up on ``match`` (marking twice keeps the first time)."""
    note = _note(attendee, match)
    if note is None:
        note = PairNote(match_id=match.id, attendee_id=attendee.id)
        db.session.add(note)
    if note.followup_done_at is None:
        note.followup_done_at = utcnow()
    db.session.flush()


def mail_problems(event: Event, limit: int = 20) -> list[OutboxMessage]:
    """The event's latest e-mails that failed or were suppressed, newest first."""
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.event_id == event.id, OutboxMessage.status.in_(("failed", "suppressed")))
        .order_by(OutboxMessage.id.desc()).limit(limit)))


def preview_target(event: Event, attendee_id: int | None, kind: str) -> tuple[Attendee, Match | None]:
    """The attendee (and, for a nudge, their first conversation) an e-mail preview is written to.

    Raises
    ------
    NotFound
        For an attendee of another event, or an unknown kind.
    """
    attendee = db.session.get(Attendee, attendee_id or 0)
    if attendee is None or attendee.event_id != event.id or kind not in outbox.KINDS:
        raise NotFound("There is no such e-mail to preview.")
    match = None
    if kind == "nudge":
        match = db.session.scalar(select(Match).where(
            Match.event_id == event.id, (Match.a_id == attendee.id) | (Match.b_id == attendee.id))
            .order_by(Match.round, Match.id))
    return attendee, match


def _require_published(event: Event) -> None:
    if event.published_at is None:
        raise Invalid(gettext("Publish the event first: e-mails go out from publication on."))


def schedule_mail(event: Event, kind: str) -> int:
    """Queue the invitations, or turn the follow-ups on and (re)queue them; returns how many are new.

    Raises
    ------
    Invalid
        Before the event is published: e-mails go out from publication on.
    """
    _require_published(event)
    if kind == "invitation":
        return outbox.queue_invitations(event)
    event.followups_enabled = True
    return outbox.schedule_followups(event, revive=True)


def send_mail_now(event: Event, kind: str) -> int:
    """Make the queued e-mails of ``kind`` due at once; returns how many. Invalid before publication."""
    _require_published(event)
    return outbox.send_now(event, kind)
