"""What the e-mails of the profile phase say: the invitation, its reminder, and the day-before reminder.

:func:`content` returns ``(subject, template context, attachments)`` like the
other kinds in :mod:`web.mail.render`, which calls it for :data:`KINDS`; it
raises :class:`~web.mail.render.Skip` when a message has nothing left to say
(the profile was completed, the deadline passed, the matching is published).
Templates: ``web/templates/mail/<kind>.txt`` and ``.html``.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from flask_babel import gettext
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Attendee, Event, Match
from ..services.attendee import meeting_point
from ..services.events import round_start
from ..services.profile_phase import PROFILE_KINDS, deadline_text, is_complete

__all__ = ["KINDS", "content"]

KINDS = PROFILE_KINDS


def _slots(event: Event, recipient: Attendee, lang: str) -> list[dict]:
    matches = db.session.scalars(select(Match).where(
        Match.event_id == event.id, or_(Match.a_id == recipient.id, Match.b_id == recipient.id))
        .options(joinedload(Match.a), joinedload(Match.b)).order_by(Match.round, Match.id)).all()
    tz = ZoneInfo(event.timezone)
    slots = []
    for m in matches:
        partner = m.partner_of(recipient)
        slots.append(dict(time=format_time(round_start(event, m.round), "short", tzinfo=tz, locale=lang),
                          where=meeting_point(event, m), name=" ".join(partner.name.split()),
                          about=", ".join(p for p in (partner.role, partner.company) if p)))
    return slots


def content(kind: str, event: Event, recipient: Attendee, now: dt.datetime, *, lang: str, page_url: str):
    """Subject, template context and attachments of one e-mail of the phase (raises Skip)."""
    from .render import Skip  # render dispatches the profile kinds to this module: a cycle

    if kind in ("profile_invite", "profile_reminder"):
        if event.published_at is not None:
            raise Skip("the matching is already published")
        if event.profile_deadline is None or event.profile_deadline <= now:
            raise Skip("the profile deadline has passed")
        if kind == "profile_reminder" and is_complete(recipient):
            raise Skip("the profile is complete")
        context = dict(page_url=page_url, deadline=deadline_text(event, lang), topics=list(event.topics or []),
                       complete=is_complete(recipient))
        if kind == "profile_invite":
            subject = gettext("%(event)s: tell us whom you would like to meet", event=event.name)
        else:
            subject = gettext("Reminder: complete your profile for %(event)s", event=event.name)
        return subject, context, []
    if kind == "day_before":
        day = format_date(event.starts_at, "full", locale=lang)
        start = format_time(event.starts_at, "short", locale=lang)
        slots = _slots(event, recipient, lang) if event.published_at is not None else []
        subject = gettext("Tomorrow: %(event)s", event=event.name)
        return subject, dict(page_url=page_url, day=day, start=start, slots=slots,
                             published=event.published_at is not None), []
    raise ValueError(f"unknown mail kind {kind!r}")
