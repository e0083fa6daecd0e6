"""Build the e-mails: text and HTML parts from Jinja templates, headers, attachments.

Templates live in ``web/templates/mail/<kind>.txt`` and ``<kind>.html``; Flask
autoescapes the ``.html`` one only, which is what each part needs. Everything
is rendered in the recipient's language with :func:`flask_babel.force_locale`.
Names go through :func:`one_line` before any header: a name carrying CR/LF
cannot add a header or a recipient.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from email import policy as email_policy
from email.headerregistry import Address, HeaderRegistry
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from flask import current_app, render_template
from flask_babel import force_locale, gettext, ngettext
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from matchmaker.typography import join_list

from ..extensions import db
from ..models import Attendee, CancelledSlot, Event, Match, PairNote, utcnow
from ..services.attendee import help_text, linkedin_href, meeting_point
from ..services.checkin import check_in_used
from ..services.events import round_start
from ..services.links import ensure_link, link_url
from ..urls import external_url
from ..wording import conversation, draft_for
from . import profile_mail
from .dayof_mail import followup_state, partner_change_content
from .ics import cancellation_calendar, invitation_calendar
from .tokens import done_token, unsubscribe_token

__all__ = ["Skip", "PairView", "one_line", "language_of", "compose", "pair_view"]


class Skip(Exception):
    """This e-mail must not go out (the reason is stored as the row's last error)."""

    def __init__(self, reason: str, status: str = "cancelled"):
        super().__init__(reason)
        self.reason, self.status = reason, status


@dataclass
class PairView:
    """What a follow-up e-mail says about one partner."""

    name: str
    company: str
    role: str
    linkedin: str | None
    topic: str
    detail: str
    they_help: str
    you_help: str
    shared: list[str]
    message: str
    done_url: str
    lines: list[str] = field(default_factory=list)  # help lines by real strength, in the recipient's language
    to_mention: str = ""  # the recipient's personal note: beside the message, never in it
    talking_points: list[str] = field(default_factory=list)  # a voice note, when the rating was 4 or 5
    message_language: str = "en"  # the partner's language


#: Headers whose few values repeat across a batch (constants, the event's From): parsed once.
_REPEATED = frozenset({"from", "mime-version", "content-type", "content-transfer-encoding", "content-disposition",
                       "content-language", "list-unsubscribe-post", "auto-submitted"})
_MAX_CACHED = 512


class _CachedRegistry(HeaderRegistry):
    """The standard header registry, minus its habit of building a new class for every header set,
    and of parsing again the header values every message of a batch shares."""

    def __init__(self):
        super().__init__()
        self._classes: dict[str, type] = {}
        self._headers: dict[tuple, object] = {}

    def __getitem__(self, name):
        key = name.lower()
        if key not in self._classes:
            self._classes[key] = super().__getitem__(name)
        return self._classes[key]

    def __call__(self, name, value):
        if name.lower() not in _REPEATED or not isinstance(value, (str, Address)) or "boundary" in str(value):
            return super().__call__(name, value)  # per-message values (multipart boundaries) are not kept
        key = (name, type(value), str(value))
        header = self._headers.get(key)
        if header is None:
            if len(self._headers) >= _MAX_CACHED:
                self._headers.clear()
            header = self._headers[key] = super().__call__(name, value)
        return header


_REGISTRY = _CachedRegistry()

#: RFC 5322 policy with CRLF line ends; it refuses CR/LF inside a header value.
POLICY = email_policy.SMTP.clone(header_factory=_REGISTRY)


_BREAKING_SPACE = re.compile(r"[^\S\u00a0\u202f]+")


def one_line(text: str) -> str:
    """``text`` with every run of whitespace (CR, LF, tabs included) made one space.

    French no-break spaces stay ("Rappel\\u00a0: ..."): they are no line break, and they keep
    a colon from opening a line.

    >>> one_line("Zoé\\r\\nBcc: x@evil.example")
    'Zoé Bcc: x@evil.example'
    """
    return _BREAKING_SPACE.sub(" ", text or "").strip(" ")


def language_of(attendee: Attendee) -> str:
    lang = attendee.effective_language
    return lang if lang in ("fr", "en") else "en"


def _matches_of(attendee: Attendee) -> list[Match]:
    return list(db.session.scalars(select(Match).where(
        Match.event_id == attendee.event_id, or_(Match.a_id == attendee.id, Match.b_id == attendee.id),
        Match.dissolved_at.is_(None))
        .options(joinedload(Match.a), joinedload(Match.b)).order_by(Match.round, Match.id)))


def _notes(attendee: Attendee) -> dict[int, PairNote]:
    """The attendee's notes by match id (one query for every conversation)."""
    return {n.match_id: n for n in db.session.scalars(select(PairNote).where(PairNote.attendee_id == attendee.id))}


def pair_view(event: Event, recipient: Attendee, match: Match, note: PairNote | None) -> PairView:
    """The partner of ``recipient`` in ``match``, with the LinkedIn message ready to copy.

    Every sentence is built now, from the match's evidence and the note: the help lines in the
    recipient's language, the message in the partner's, "yesterday" as seen on the day it is sent.
    """
    partner = match.partner_of(recipient)
    you_help, they_help = help_text(match, recipient.id)
    topic, detail = (note.topic, note.detail) if note else ("", "")
    lang = language_of(recipient)
    draft = draft_for(event, recipient, partner, match, note, language=language_of(partner), viewer_language=lang)
    return PairView(name=one_line(partner.name), company=partner.company or "", role=partner.role or "",
                    linkedin=linkedin_href(partner.linkedin), topic=topic or "", detail=detail or "",
                    they_help=they_help, you_help=you_help, shared=list(match.shared or []),
                    message=draft.text, done_url=external_url("mail.done", token=done_token(recipient, match.id)),
                    lines=conversation(match, recipient, partner, lang).lines, to_mention=draft.to_mention,
                    talking_points=list(draft.talking_points), message_language=draft.language)


def _partner_ok(match: Match, recipient: Attendee) -> bool:
    partner = match.partner_of(recipient)
    return partner is not None and partner.wants_mail


def _slot(event: Event, recipient: Attendee, round_: int, name: str, where: str = "", about: str = "",
          heading: str = "") -> dict:
    start = round_start(event, round_)
    return dict(time=format_time(start, "short", tzinfo=ZoneInfo(event.timezone), locale=language_of(recipient)),
                round=round_, where=where, name=one_line(name), about=about, heading=heading)


def _programme(kind: str, event: Event, recipient: Attendee, now: dt.datetime, change_id: int | None):
    """The invitation, or the updated invitation of ``change_id``: the conversations as they stand,
    the calendar file whose entries replace the previous ones, and the cancelled entries."""
    matches = _matches_of(recipient)
    cancelled = _cancelled(recipient) if kind == "update" else []
    if not matches and not cancelled:
        raise Skip("no conversation to announce")
    lang = language_of(recipient)
    slots = [_slot(event, recipient, m.round, m.partner_of(recipient).name, meeting_point(event, m),
                   ", ".join(p for p in (m.partner_of(recipient).role, m.partner_of(recipient).company) if p),
                   conversation(m, recipient, m.partner_of(recipient), lang).heading)
             for m in matches]
    gone = [_slot(event, recipient, c.round, c.partner_name) for c in cancelled if c.change_id == change_id]
    first = matches[0].round if matches else cancelled[0].round
    day = format_date(round_start(event, first), "full", locale=lang)
    summary = gettext("Conversation with %(name)s", name="{name}")
    attachments = []
    if matches:
        attachments.append(("conversations.ics", invitation_calendar(event, recipient, matches, stamp=now,
                                                                     summary=summary), "PUBLISH"))
    if cancelled:
        attachments.append(("cancelled.ics", cancellation_calendar(event, recipient, cancelled, stamp=now,
                                                                   summary=summary), "CANCEL"))
    if kind == "update":
        subject = gettext("Your conversations at %(event)s have changed", event=event.name)
    else:
        subject = gettext("Your conversations — %(event)s", event=event.name)
    page_url = link_url(ensure_link(recipient))
    return subject, dict(slots=slots, day=day, page_url=page_url, cancelled=gone), attachments


def _cancelled(recipient: Attendee) -> list[CancelledSlot]:
    return list(db.session.scalars(select(CancelledSlot).where(CancelledSlot.attendee_id == recipient.id)
                                   .order_by(CancelledSlot.round, CancelledSlot.id)))


def _content(kind: str, event: Event, recipient: Attendee, match: Match | None, now: dt.datetime,
             change_id: int | None = None):
    """(subject, template context, attachments) of one e-mail; raises Skip when there is nothing to say."""
    if kind in profile_mail.KINDS:
        return profile_mail.content(kind, event, recipient, now, lang=language_of(recipient),
                                    page_url=link_url(ensure_link(recipient)))
    if kind in ("invitation", "update"):
        return _programme(kind, event, recipient, now, change_id)
    if kind == "nudge":
        if match is None or recipient.id not in (match.a_id, match.b_id):
            raise Skip("the conversation no longer exists")
        if not _partner_ok(match, recipient):
            raise Skip("the partner opted out or was deleted")
        state = followup_state(event, match)
        if match.dissolved_at is not None or state == "absent":
            raise Skip("the conversation did not happen (a side was absent)" if state == "absent"
                       else "the conversation no longer exists")
        pair = pair_view(event, recipient, match, _notes(recipient).get(match.id))
        subject = gettext("Follow up with %(name)s — %(event)s", name=pair.name, event=event.name)
        return subject, dict(pairs=[pair], confirmed=state != "unknown"), []
    if kind in ("nudge_bundle", "reminder"):
        pairs, notes, checkin = [], _notes(recipient), check_in_used(event)
        for m in _matches_of(recipient):
            note = notes.get(m.id)
            if not _partner_ok(m, recipient) or (kind == "reminder" and note and note.followup_done_at):
                continue
            if followup_state(event, m, checkin=checkin) == "absent":
                continue  # the conversation did not happen
            pairs.append(pair_view(event, recipient, m, note))
        if not pairs:
            raise Skip("every follow-up is done" if kind == "reminder" else "no partner left to follow up")
        if kind == "reminder":
            names = join_list([p.name for p in pairs], language_of(recipient))
            subject = gettext("Reminder: follow up with %(names)s — %(event)s", names=names, event=event.name)
        else:
            subject = ngettext("Follow up after your conversation — %(event)s",
                               "Follow up after your %(num)d conversations — %(event)s", len(pairs), event=event.name)
        return subject, dict(pairs=pairs), []
    if kind == "partner_change":
        content = partner_change_content(event, recipient, match)
        if content is None:
            raise Skip("the conversation no longer concerns the recipient")
        return content[0], content[1], []
    raise ValueError(f"unknown mail kind {kind!r}")


def _from_address(event: Event) -> Address:
    configured = current_app.config["MAIL_DEFAULT_SENDER"]
    if isinstance(configured, (tuple, list)):
        configured = f"{configured[0]} <{configured[1]}>"
    return _sender_address(configured, event.organizer.name if event.organizer else "", event.name)


@lru_cache(maxsize=256)
def _sender_address(configured: str, organizer_name: str, event_name: str) -> Address:
    # The same for every message of an event: parsed once, not once per message.
    _, addr = getaddresses([configured])[0]
    display = " · ".join(p for p in (one_line(organizer_name), one_line(event_name)) if p)
    return Address(display_name=display[:120], addr_spec=addr or "matchmaker@localhost")


def compose(kind: str, event: Event, recipient: Attendee, match: Match | None = None, *,
            message_id: str | None = None, now: dt.datetime | None = None,
            change_id: int | None = None) -> EmailMessage:
    """The e-mail of ``kind`` for ``recipient``, in the recipient's language.

    ``change_id`` names the change an updated invitation (kind ``update``) tells about.

    Raises
    ------
    Skip
        When the message has nothing left to say: the conversation is gone, the
        partner opted out or was deleted, every follow-up is already done.
    """
    now = now or utcnow()
    lang = language_of(recipient)
    unsubscribe_url = external_url("mail.unsubscribe", token=unsubscribe_token(recipient))
    with force_locale(lang):
        subject, context, attachments = _content(kind, event, recipient, match, now, change_id)
        context.update(event=event, recipient=recipient, kind=kind, lang=lang, unsubscribe_url=unsubscribe_url,
                       organizer=one_line(event.organizer.name if event.organizer else ""),
                       recipient_name=one_line(recipient.name))
        text = render_template(f"mail/{kind}.txt", **context)
        html = render_template(f"mail/{kind}.html", **context)
    msg = EmailMessage(policy=POLICY)
    msg["Subject"] = one_line(subject)
    msg["From"] = _from_address(event)
    msg["To"] = Address(display_name=one_line(recipient.name)[:120], addr_spec=recipient.email.strip())
    msg["Date"] = format_datetime(now.replace(tzinfo=dt.timezone.utc))
    if message_id:
        msg["Message-ID"] = message_id
    msg["List-Unsubscribe"] = f"<{unsubscribe_url}>"
    msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    for filename, data, method in attachments:
        msg.add_attachment(data, maintype="text", subtype="calendar", filename=filename,
                           params={"method": method})
    msg["Content-Language"] = lang  # last: set_content and add_attachment move Content-* headers
    return msg
