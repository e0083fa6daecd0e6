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
from flask_babel import force_locale, ngettext
from flask_login import current_user, login_required

from ..extensions import csrf, db
from ..mail import outbox
from ..mail.render import Skip, compose, language_of
from ..models import Attendee
from ..request_guards import as_id
from ..services import mail_actions
from ..services.attendee import opt_out
from ..services.events import get_event_for
from ..services.exceptions import Invalid

__all__ = ["bp"]

bp = Blueprint("mail", __name__)


def _page(template: str, attendee: Attendee | None, status: int = 200, **context):
    lang = language_of(attendee) if attendee is not None else "en"
    g.locale = lang
    with force_locale(lang):
        return render_template(template, page_lang=lang, attendee=attendee, **context), status


@bp.route("/u/<token>", methods=["GET", "HEAD"])
def unsubscribe(token: str):
    attendee = mail_actions.unsubscribe_target(token)
    return _page("mail/page_unsubscribe.html", attendee, done=False)


@bp.post("/u/<token>")
@csrf.exempt
def unsubscribe_post(token: str):
    attendee = mail_actions.unsubscribe_target(token)
    if attendee is not None:
        opt_out(attendee)
        db.session.commit()
    return _page("mail/page_unsubscribe.html", attendee, done=True)


@bp.route("/d/<token>", methods=["GET", "HEAD"])
def done(token: str):
    attendee, match = mail_actions.followup_target(token)
    return _page("mail/page_done.html", attendee, partner=match.partner_of(attendee),
                 done=mail_actions.followup_done(attendee, match))


@bp.post("/d/<token>")
@csrf.exempt
def done_post(token: str):
    attendee, match = mail_actions.followup_target(token)
    mail_actions.mark_followup_done(attendee, match)
    db.session.commit()
    return _page("mail/page_done.html", attendee, partner=match.partner_of(attendee), done=True)


# -- organizer ------------------------------------------------------------------------------------
@bp.get("/events/<int:event_id>/mail")
@login_required
def organizer(event_id: int):
    event = get_event_for(current_user.id, event_id)
    refusals = {kind: mail_actions.send_refusal(event, kind) for kind in outbox.KINDS}
    return render_template("mail/page_organizer.html", event=event, counts=outbox.counts(event),
                           kinds=outbox.KINDS, problems=mail_actions.mail_problems(event),
                           due=mail_actions.due_times(event), refusals=refusals)


@bp.get("/events/<int:event_id>/mail/confirm")
@login_required
def confirm(event_id: int):
    """How many people, and when, before a bulk send or schedule (works without JavaScript)."""
    event = get_event_for(current_user.id, event_id)
    action, kind = request.args.get("action", ""), request.args.get("kind", "")
    if action not in ("send", "schedule") or kind not in mail_actions.ACTION_KINDS:
        abort(404)
    summary = mail_actions.bulk_summary(event, action, kind)
    return render_template("mail/page_confirm.html", event=event, action=action, kind=kind, **summary)


def _preview_target(event):
    kind = request.args.get("kind", "invitation")
    attendee, match = mail_actions.preview_target(event, as_id(request.args.get("attendee")), kind)
    return attendee, kind, match


@bp.get("/events/<int:event_id>/mail/preview")
@login_required
def preview(event_id: int):
    event = get_event_for(current_user.id, event_id)
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
    event = get_event_for(current_user.id, event_id)
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
    event = get_event_for(current_user.id, event_id)
    kind = request.form.get("kind", "")
    if kind not in mail_actions.ACTION_KINDS:
        abort(400)
    if action != "cancel" and request.form.get("confirm") != "yes":
        # A bulk send is confirmed on a page that says how many people and when.
        return redirect(url_for("mail.confirm", event_id=event.id, action=action, kind=kind), code=303)
    try:
        if action == "cancel":
            n = outbox.cancel(event, kind)
            flash(ngettext("%(num)d queued e-mail cancelled.",
                           "%(num)d queued e-mails cancelled.", n), "info")
        elif action == "schedule":
            n = mail_actions.schedule_mail(event, kind)
            flash(ngettext("Scheduled: %(num)d new e-mail queued.",
                           "Scheduled: %(num)d new e-mails queued.", n), "info")
        else:
            n = mail_actions.send_mail_now(event, kind)
            flash(ngettext("%(num)d e-mail will go out within the next minute.",
                           "%(num)d e-mails will go out within the next minute.", n), "info")
    except Invalid as error:
        flash(error.message, "error")
    db.session.commit()
    return redirect(url_for("mail.organizer", event_id=event.id), code=303)
