"""Mail pages: one-click unsubscribe, the "done" link, and the organizer's mail page.

The unsubscribe and done links carry a signed token and need no session:
their POSTs are exempt from CSRF (the token in the URL is the secret, no
cookie grants anything) and answer 200, never a redirect (RFC 8058). GET and
HEAD only show a confirmation page, because mail scanners open every link.

Unsubscribing stops the mail of that attendee row, that is of one event of one
organizer; it does not add the address to the global suppression list, which
holds only addresses the mail server refused for good (5xx).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, make_response, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_login import current_user, login_required
from sqlalchemy import select

from web.extensions import csrf, db
from web.models import Attendee, Match, OutboxMessage, PairNote, utcnow
from web.services.errors import NotFound
from web.services.events import get_event_for

from . import outbox
from .render import Skip, compose, language_of
from .tokens import read_done, read_unsubscribe

__all__ = ["bp"]

bp = Blueprint("mail", __name__)


def _page(template: str, attendee: Attendee | None, status: int = 200, **context):
    lang = language_of(attendee) if attendee is not None else "en"
    g.locale = lang
    with force_locale(lang):
        return render_template(template, page_lang=lang, attendee=attendee, **context), status


@bp.route("/u/<token>", methods=["GET", "HEAD"])
def unsubscribe(token: str):
    attendee_id = read_unsubscribe(token)
    if attendee_id is None:
        abort(404)
    attendee = db.session.get(Attendee, attendee_id)
    return _page("mail/page_unsubscribe.html", attendee, done=False)


@bp.post("/u/<token>")
@csrf.exempt
def unsubscribe_post(token: str):
    attendee_id = read_unsubscribe(token)
    if attendee_id is None:
        abort(404)
    attendee = db.session.get(Attendee, attendee_id)
    if attendee is not None and attendee.opted_out_at is None:
        attendee.opted_out_at = utcnow()
        outbox.cancel_for_attendee(attendee.id, "the recipient opted out")
        db.session.commit()
    return _page("mail/page_unsubscribe.html", attendee, done=True)


def _done_target(token: str) -> tuple[Attendee, Match]:
    ids = read_done(token)
    if ids is None:
        abort(404)
    attendee, match = db.session.get(Attendee, ids[0]), db.session.get(Match, ids[1])
    if attendee is None or match is None or attendee.id not in (match.a_id, match.b_id):
        abort(404)  # deleted since the mail went out
    return attendee, match


@bp.route("/d/<token>", methods=["GET", "HEAD"])
def done(token: str):
    attendee, match = _done_target(token)
    note = db.session.scalar(select(PairNote).where(PairNote.match_id == match.id,
                                                    PairNote.attendee_id == attendee.id))
    return _page("mail/page_done.html", attendee, partner=match.partner_of(attendee),
                 done=bool(note and note.followup_done_at))


@bp.post("/d/<token>")
@csrf.exempt
def done_post(token: str):
    attendee, match = _done_target(token)
    note = db.session.scalar(select(PairNote).where(PairNote.match_id == match.id,
                                                    PairNote.attendee_id == attendee.id))
    if note is None:
        note = PairNote(match_id=match.id, attendee_id=attendee.id)
        db.session.add(note)
    if note.followup_done_at is None:
        note.followup_done_at = utcnow()
    db.session.commit()
    return _page("mail/page_done.html", attendee, partner=match.partner_of(attendee), done=True)


# -- organizer ------------------------------------------------------------------------------------
def _event(event_id: int):
    try:
        return get_event_for(current_user.id, event_id)
    except NotFound:
        abort(404)


@bp.get("/events/<int:event_id>/mail")
@login_required
def organizer(event_id: int):
    event = _event(event_id)
    recent = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.event_id == event.id, OutboxMessage.status.in_(("failed", "suppressed")))
        .order_by(OutboxMessage.id.desc()).limit(20)).all()
    return render_template("mail/page_organizer.html", event=event, counts=outbox.counts(event),
                           kinds=outbox.KINDS, problems=recent)


def _preview_target(event):
    attendee = db.session.get(Attendee, request.args.get("attendee", type=int) or 0)
    kind = request.args.get("kind", "invitation")
    if attendee is None or attendee.event_id != event.id or kind not in outbox.KINDS:
        abort(404)
    match = None
    if kind == "nudge":
        match = db.session.scalar(select(Match).where(
            Match.event_id == event.id, (Match.a_id == attendee.id) | (Match.b_id == attendee.id))
            .order_by(Match.round, Match.id))
    return attendee, kind, match


@bp.get("/events/<int:event_id>/mail/preview")
@login_required
def preview(event_id: int):
    event = _event(event_id)
    attendee, kind, match = _preview_target(event)
    try:
        msg, skipped = compose(kind, event, attendee, match, message_id="<preview@matchmaker>"), None
    except Skip as skip:
        msg, skipped = None, skip.reason
    text = msg.get_body(("plain",)).get_content() if msg else ""
    db.session.rollback()  # a preview changes nothing (rendering may have prepared a page link)
    return render_template("mail/page_preview.html", event=event, attendee=attendee, kind=kind, msg=msg,
                           text=text, skipped=skipped, wants_mail=attendee.wants_mail)


@bp.get("/events/<int:event_id>/mail/preview/html")
@login_required
def preview_html(event_id: int):
    event = _event(event_id)
    attendee, kind, match = _preview_target(event)
    try:
        msg = compose(kind, event, attendee, match, message_id="<preview@matchmaker>")
    except Skip:
        abort(404)
    html = msg.get_body(("html",)).get_content()
    db.session.rollback()
    response = make_response(html)
    response.headers["Content-Type"] = "text/html; charset=utf-8"
    # Shown in a frame of the preview page only, with no script and no outside request.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'self'")
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.post("/events/<int:event_id>/mail/<any(schedule, send, cancel):action>")
@login_required
def act(event_id: int, action: str):
    event = _event(event_id)
    kind = request.form.get("kind", "")
    if kind not in (*outbox.KINDS, "followups"):
        abort(400)
    if action == "cancel":
        n = outbox.cancel(event, kind)
        flash(f"{n} queued e-mail(s) cancelled.", "info")
    elif event.published_at is None:
        flash("Publish the event first: e-mails go out from publication on.", "error")
    elif action == "schedule":
        if kind == "invitation":
            n = outbox.queue_invitations(event)
        else:
            event.followups_enabled = True
            n = outbox.schedule_followups(event, revive=True)
        flash(f"Scheduled; {n} new e-mail(s) queued.", "info")
    else:
        n = outbox.send_now(event, kind)
        flash(f"{n} e-mail(s) will go out within the next minute.", "info")
    db.session.commit()
    return redirect(url_for("mail.organizer", event_id=event.id), code=303)
