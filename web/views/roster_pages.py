"""The organizer's list of an event's attendees: who opened their page, who opted out,
and each private link, which the organizer can revoke or replace (a link printed on a
lost badge, a forwarded e-mail)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required

from ..extensions import db
from ..forms import ActionForm
from ..request_guards import as_id
from ..services import links
from ..services.events import attendee_of, get_event_for, roster_page
from ..services.exceptions import Invalid
from ..services.languages import set_language

__all__ = ["bp"]

bp = Blueprint("roster", __name__)

PER_PAGE = 200


@bp.get("/events/<int:event_id>/attendees")
@login_required
def index(event_id: int):
    event = get_event_for(current_user.id, event_id)
    page_number = as_id(request.args.get("page", "1"))
    if page_number is None:
        abort(404)
    page = roster_page(event, page_number, PER_PAGE)
    active = links.active_link_holders([a.id for a in page.items])
    return render_template("roster/index.html", event=event, page=page, attendees=page.items, active=active,
                           form=ActionForm())


@bp.get("/events/<int:event_id>/attendees/<int:attendee_id>/link")
@login_required
def show_link(event_id: int, attendee_id: int):
    """The attendee's current link, shown to the organizer (derived again, never stored in clear)."""
    attendee = attendee_of(get_event_for(current_user.id, event_id), attendee_id)
    if attendee.event.published_at is None:
        flash(gettext("Links exist once the event is published."), "error")
        return redirect(url_for("roster.index", event_id=event_id))
    url = links.link_url(links.ensure_link(attendee))
    db.session.commit()  # ensure_link may have issued a new link: keep it, or the shown URL is dead
    response = render_template("roster/link.html", event=attendee.event, attendee=attendee, url=url)
    return response, 200, {"Cache-Control": "no-store"}


@bp.post("/events/<int:event_id>/attendees/<int:attendee_id>/revoke")
@login_required
def revoke(event_id: int, attendee_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    attendee = attendee_of(get_event_for(current_user.id, event_id), attendee_id)
    count = links.revoke(attendee)
    db.session.commit()
    flash(ngettext("The link of %(name)s is revoked (%(num)d active link); the page answers 404 from now on. "
                   "Show the link to issue a new one.",
                   "The links of %(name)s are revoked (%(num)d active links); the page answers 404 from now on. "
                   "Show the link to issue a new one.", count, name=attendee.name), "success")
    return redirect(url_for("roster.index", event_id=event_id))


@bp.post("/events/<int:event_id>/attendees/<int:attendee_id>/language")
@login_required
def language(event_id: int, attendee_id: int):
    """The organizer sets one attendee's language (pages and e-mails follow it)."""
    if not ActionForm().validate_on_submit():
        abort(400)
    attendee = attendee_of(get_event_for(current_user.id, event_id), attendee_id)
    try:
        set_language(attendee, request.form.get("language", ""))
    except Invalid as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(gettext("The language of %(name)s is changed: their page and e-mails follow it.",
                      name=attendee.name), "success")
    return redirect(url_for("roster.index", event_id=event_id, page=request.form.get("page", type=int)))

