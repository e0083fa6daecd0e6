"""Event-day pages: the organizer's check-in list, QR scans and walk-ins (with their private link and its
QR code, to scan with the walk-in's phone), the live screen and re-pairing; the attendee's "I'm here" and
change e-mails opt-in.

Organizer pages (``dayof`` blueprint, under ``/events/<id>``) need a signed-in
organizer of the event; the attendee's two forms (``attendee_day`` blueprint,
under ``/m/<token>``) need the private link. Every change is a POST with CSRF
that redirects back (post/redirect/get), so everything works without JavaScript.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required

from ..extensions import db
from ..services import checkin, links, repairs
from ..services.attendee_day import qr_svg
from ..services.events import get_event_for
from ..services.exceptions import Conflict, Invalid
from ..services.live import live_state
from ..services.page_cache import POLL_SECONDS
from .attendee_pages import _open, _per_ip, _per_link, private_pages

__all__ = ["bp", "attendee_bp"]

bp = Blueprint("dayof", __name__, url_prefix="/events")
attendee_bp = private_pages(Blueprint("attendee_day", __name__, url_prefix="/m"))


def _event(event_id: int):
    return get_event_for(current_user.id, event_id)


@bp.get("/<int:event_id>/checkin")
@login_required
def checkin_list(event_id: int):
    event = _event(event_id)
    query = request.args.get("q", "")[:100]
    people = checkin.search(event, query)
    counts = checkin.presence_counts(event)
    db.session.rollback()
    return render_template("dayof/checkin.html", event=event, people=people, q=query, counts=counts)


@bp.post("/<int:event_id>/checkin/<int:attendee_id>")
@login_required
def set_presence(event_id: int, attendee_id: int):
    event = _event(event_id)
    attendee = checkin.attendee_of_event(event, attendee_id)
    try:
        checkin.set_presence(attendee, request.form.get("presence", ""))
    except Invalid as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
    return redirect(url_for("dayof.checkin_list", event_id=event.id, q=request.form.get("q") or None)
                    + f"#a{attendee_id}")


@bp.post("/<int:event_id>/walk-ins")
@login_required
def add_walk_in(event_id: int):
    event = _event(event_id)
    form = request.form
    try:
        person = checkin.add_walk_in(event, name=form.get("name", ""), email=form.get("email", ""),
                                     company=form.get("company", ""), offers=form.get("offers", ""),
                                     needs=form.get("needs", ""))
    except Invalid as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(gettext("Checked in: %(name)s. The next re-pairing gives them partners in free slots.",
                      name=person.name), "success")
        # Their private page next: the organizer shows its QR code to the walk-in's phone.
        return redirect(url_for("dayof.walk_in", event_id=event.id, attendee_id=person.id), code=303)
    return redirect(url_for("dayof.checkin_list", event_id=event.id))


@bp.get("/<int:event_id>/walk-ins/<int:attendee_id>")
@login_required
def walk_in(event_id: int, attendee_id: int):
    """A walk-in's private link, with a QR code to scan from their phone at the door."""
    event = _event(event_id)
    attendee = checkin.attendee_of_event(event, attendee_id)
    if event.published_at is None:
        flash(gettext("Links exist once the event is published."), "error")
        return redirect(url_for("dayof.checkin_list", event_id=event.id))
    url = links.link_url(links.ensure_link(attendee))
    db.session.commit()  # ensure_link may have issued the link: keep it, or the code shown is dead
    mailed = repairs.walk_in_mailed(attendee)
    response = render_template("dayof/walk_in.html", event=event, attendee=attendee, url=url, qr=qr_svg(url),
                               mailed=mailed)
    return response, 200, {"Cache-Control": "no-store"}


@bp.route("/<int:event_id>/checkin/scan/<token>", methods=["GET", "POST"])
@login_required
def scan(event_id: int, token: str):
    event = _event(event_id)
    attendee = checkin.scanned_attendee(event, token)
    if request.method == "POST":
        checkin.set_presence(attendee, "present")
        db.session.commit()
        flash(gettext("Checked in: %(name)s.", name=attendee.name), "success")
        return redirect(url_for("dayof.checkin_list", event_id=event.id))
    db.session.rollback()
    return render_template("dayof/scan.html", event=event, attendee=attendee, token=token)


@bp.get("/<int:event_id>/live")
@login_required
def live(event_id: int):
    event = _event(event_id)
    query = request.args.get("q", "")[:100]
    state = live_state(event, query)
    db.session.rollback()
    return render_template("dayof/live.html", event=event, s=state, q=query, poll=POLL_SECONDS)


@bp.post("/<int:event_id>/rounds/<int:round_number>/repair")
@login_required
def repair(event_id: int, round_number: int):
    event = _event(event_id)
    try:
        fix = repairs.repair_round(event, round_number)
    except (Invalid, Conflict) as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        if fix.changed:
            flash(" ".join((
                ngettext("Round %(round)d: %(num)d pair dissolved,", "Round %(round)d: %(num)d pairs dissolved,",
                         len(fix.dissolved), round=round_number),
                ngettext("%(num)d new pair,", "%(num)d new pairs,", len(fix.created)),
                ngettext("%(num)d person without a partner.", "%(num)d people without a partner.",
                         len(fix.unpaired)))), "success")
        else:
            flash(gettext("Round %(round)d: nothing to change.", round=round_number), "success")
    return redirect(url_for("dayof.live", event_id=event.id))


@bp.post("/<int:event_id>/repair-minutes")
@login_required
def repair_minutes(event_id: int):
    event = _event(event_id)
    try:
        checkin.set_repair_minutes(event, request.form.get("repair_minutes"))
    except Invalid as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(ngettext("Saved: each round is re-paired %(num)d minute before it starts.",
                       "Saved: each round is re-paired %(num)d minutes before it starts.", event.repair_minutes),
              "success")
    return redirect(url_for("dayof.live", event_id=event.id))


@attendee_bp.post("/<token>/here")
@_per_ip
@_per_link
def here(token: str):
    attendee = _open(token)
    try:
        checkin.self_check_in(attendee)
    except Invalid as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(gettext("You are checked in. Enjoy your conversations!"), "success")
    return redirect(url_for("attendee.page", token=token))


@attendee_bp.post("/<token>/change-emails")
@_per_ip
@_per_link
def change_emails(token: str):
    attendee = _open(token)
    checkin.set_notify_changes(attendee, request.form.get("notify") == "1")
    db.session.commit()
    flash(gettext("Saved."), "success")
    return redirect(url_for("attendee.page", token=token))

