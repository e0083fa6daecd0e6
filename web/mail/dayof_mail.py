"""E-mails of the event day: whether a follow-up may go out, and the "your partner changed" message.

:func:`followup_state` tells the nudges which conversations happened: with
check-in data, a pair whose side was absent gets no nudge; without it, the
nudge says "If you met ..." rather than asserting it (unless someone marked
"we met"). :func:`partner_change_content` is the content of the short e-mail
queued by :mod:`web.services.repairs`.
"""

from __future__ import annotations

from flask_babel import format_time, gettext
from sqlalchemy import select

from ..extensions import db
from ..models import Attendee, Event, Match, PairNote
from ..services.attendee import help_text, meeting_point
from ..services.checkin import check_in_used
from ..services.events import round_start
from ..services.links import ensure_link, link_url

__all__ = ["followup_state", "partner_change_content"]


def followup_state(event: Event, match: Match, *, checkin: bool | None = None) -> str:
    """``"met"``, ``"present"`` (both checked in), ``"absent"`` (a side was not) or ``"unknown"`` (no check-in).

    ``"met"`` wins: somebody who marked "we met" is believed whatever the check-in says.
    """
    met = db.session.scalar(select(PairNote.id).where(PairNote.match_id == match.id, PairNote.met.is_(True)).limit(1))
    if met is not None:
        return "met"
    if checkin is None:
        checkin = check_in_used(event)
    if not checkin:
        return "unknown"
    both = match.a.presence == "present" and match.b.presence == "present"
    return "present" if both else "absent"


def partner_change_content(event: Event, recipient: Attendee, match: Match | None):
    """(subject, context) of the "your partner changed" e-mail; None when there is nothing to say."""
    if match is None or recipient.id not in (match.a_id, match.b_id):
        return None
    rnd = match.round
    current = match if match.dissolved_at is None else db.session.scalar(select(Match).where(
        Match.event_id == event.id, Match.round == rnd, Match.dissolved_at.is_(None),
        (Match.a_id == recipient.id) | (Match.b_id == recipient.id)))
    when = format_time(round_start(event, rnd), "short", rebase=False)
    page_url = link_url(ensure_link(recipient))
    subject = gettext("New partner at %(time)s (%(event)s)", time=when, event=event.name) if current else \
        gettext("Your conversation at %(time)s is cancelled (%(event)s)", time=when, event=event.name)
    context = dict(time=when, page_url=page_url, partner=None)
    if current is not None:
        partner = current.partner_of(recipient)
        you_help, they_help = help_text(current, recipient.id)
        context.update(partner=" ".join(partner.name.split()), where=meeting_point(event, current),
                       you_help=you_help, they_help=they_help, shared=list(current.shared or []))
    return subject, context
