"""The organizer's list of an event's attendees: who opened their page, who opted out,
and each private link, which the organizer can revoke or replace (a link printed on a
lost badge, a forwarded e-mail)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import login_required
from sqlalchemy import select

from .events import load_event
from .extensions import db
from .forms import ActionForm
from .models import Attendee, AttendeeLink, utcnow
from .services import links

__all__ = ["bp"]

bp = Blueprint("roster", __name__)

PER_PAGE = 200


def _attendee(event_id: int, attendee_id: int) -> Attendee:
    event = load_event(event_id)
    attendee = db.session.get(Attendee, attendee_id)
    if attendee is None or attendee.event_id != event.id:
        abort(404)
    return attendee


@bp.get("/events/<int:event_id>/attendees")
@login_required
def index(event_id: int):
    event = load_event(event_id)
    page = db.paginate(select(Attendee).where(Attendee.event_id == event.id).order_by(Attendee.name, Attendee.id),
                       per_page=PER_PAGE, max_per_page=PER_PAGE)
    ids = [a.id for a in page.items]
    active = set(db.session.scalars(select(AttendeeLink.attendee_id).where(
        AttendeeLink.attendee_id.in_(ids), AttendeeLink.revoked_at.is_(None), AttendeeLink.expires_at > utcnow())))
    return render_template("roster/index.html", event=event, page=page, attendees=page.items, active=active,
                           form=ActionForm())


@bp.get("/events/<int:event_id>/attendees/<int:attendee_id>/link")
@login_required
def show_link(event_id: int, attendee_id: int):
    """The attendee's current link, shown to the organizer (derived again, never stored in clear)."""
    attendee = _attendee(event_id, attendee_id)
    if attendee.event.published_at is None:
        flash("Links exist once the event is published.", "error")
        return redirect(url_for("roster.index", event_id=event_id))
    url = links.link_url(attendee)
    db.session.commit()  # link_url may have issued a new link: keep it, or the shown URL is dead
    response = render_template("roster/link.html", event=attendee.event, attendee=attendee, url=url)
    return response, 200, {"Cache-Control": "no-store"}


@bp.post("/events/<int:event_id>/attendees/<int:attendee_id>/revoke")
@login_required
def revoke(event_id: int, attendee_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    attendee = _attendee(event_id, attendee_id)
    count = links.revoke(attendee)
    db.session.commit()
    flash(f"{attendee.name}'s link is revoked ({count} active link(s)); the page answers 404 from now on. "
          "Show the link to issue a new one.", "success")
    return redirect(url_for("roster.index", event_id=event_id))
