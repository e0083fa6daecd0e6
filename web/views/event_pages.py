"""The organizer's events: list, create, edit, event page, publish, CSV exports."""

from __future__ import annotations

from itertools import groupby

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required

from ..extensions import db
from ..forms import ActionForm, EventForm
from ..mail.outbox import counts as mail_counts
from ..models import Event
from ..network import network_for
from ..services import change_log, exports
from ..services import events as event_service
from ..services.events import get_event_for
from ..services.exceptions import Conflict, Invalid
from ..services.publishing import publish as publish_event
from ..services.publishing import publish_summary
from ..wording import current_language

__all__ = ["bp"]

bp = Blueprint("events", __name__)


@bp.get("/")
@login_required
def index():
    return render_template("events/index.html", rows=event_service.events_with_counts(current_user.id))


@bp.route("/events/new", methods=["GET", "POST"])
@login_required
def new():
    form = EventForm()
    if form.validate_on_submit():
        event = _save(form, None)
        if event is not None:
            db.session.commit()
            flash(gettext("Event created. Next: upload the attendee list."), "success")
            return redirect(url_for("events.show", event_id=event.id))
    return render_template("events/form.html", form=form, event=None)


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit(event_id: int):
    event = get_event_for(current_user.id, event_id)
    form = EventForm()
    if request.method == "GET":
        form.fill_from(event)
    elif form.validate_on_submit() and (before := change_log.settings_snapshot(event)) \
            and _save(form, event) is not None:
        change = change_log.settings_changed(event, before)
        db.session.commit()
        flash(_saved_message(change), "success")
        return redirect(url_for("events.show", event_id=event.id))
    return render_template("events/form.html", form=form, event=event)


def _saved_message(change) -> str:
    if change is None:
        return gettext("Event saved.")
    return gettext("Event saved.") + " " + ngettext(
        "%(num)d person will get an updated invitation with the new calendar entries.",
        "%(num)d people will get an updated invitation with the new calendar entries.", len(change.notified))


def _save(form: EventForm, event: Event | None) -> Event | None:
    """Create or update through the service; a service error lands on its form field and gives None."""
    fields = form.event_fields()
    try:
        if event is None:
            return event_service.create_event(current_user, **fields)
        return event_service.update_event(event, **fields)
    except Invalid as error:
        fields = {"starts_at": "date", "ends_at": "end_time", "timezone": "timezone_other"}
        target = fields.get(error.field, error.field)
        getattr(form, target or "name", form.name).errors.append(error.message)
        return None


@bp.get("/events/<int:event_id>")
@login_required
def show(event_id: int):
    event = get_event_for(current_user.id, event_id)
    figures = event_service.event_figures(event)
    # A conference has thousands of conversations a round: the page lists the
    # first ones (the lowest table numbers) and the CSV export has them all.
    shown = current_app.config["EVENT_PAGE_MAX_PER_ROUND"]
    rounds = []
    for number, matches in groupby(event.matches, key=lambda m: m.round):
        matches = list(matches)
        rounds.append((number, matches[:shown], len(matches)))
    return render_template(
        "events/show.html", event=event, figures=figures, rounds=rounds,
        people={a.id: a for a in event.attendees}, network=network_for(event),
        mail_counts=mail_counts(event), action_form=ActionForm(),
        upload_url=url_for("uploads.new", event_id=event.id), mail_url=url_for("mail.organizer", event_id=event.id),
        round_start=event_service.round_start,
        meeting_point_for=event_service.meeting_point_for,
    )


@bp.get("/events/<int:event_id>/publish")
@login_required
def confirm_publish(event_id: int):
    """How many people get an invitation, and when, before publishing (works without JavaScript)."""
    event = get_event_for(current_user.id, event_id)
    summary = publish_summary(event)
    db.session.rollback()
    return render_template("events/publish_confirm.html", event=event, s=summary, action_form=ActionForm())


@bp.post("/events/<int:event_id>/publish")
@login_required
def publish(event_id: int):
    event = get_event_for(current_user.id, event_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if request.form.get("confirm") != "yes":
        # Publishing sends e-mails: it is confirmed on a page that says how many and when.
        return redirect(url_for("events.confirm_publish", event_id=event.id), code=303)
    republished = event.published_at is not None
    try:
        queued = publish_event(event)
    except Conflict as error:
        flash(error.message, "error")
    else:
        updates = publish_summary(event).updates
        db.session.commit()
        flash(_published_message(republished, queued, updates), "success")
    return redirect(url_for("events.show", event_id=event.id), code=303)


def _published_message(republished: bool, queued: int, updates: int) -> str:
    if not republished:
        return ngettext("Published: %(num)d new invitation queued.", "Published: %(num)d new invitations queued.",
                        queued)
    return " ".join((
        ngettext("Published again: %(num)d new invitation queued;", "Published again: %(num)d new invitations queued;",
                 queued),
        ngettext("%(num)d updated invitation waiting to go out.", "%(num)d updated invitations waiting to go out.",
                 updates)))


@bp.get("/events/<int:event_id>/export/matches.csv")
@login_required
def export_matches(event_id: int):
    event = get_event_for(current_user.id, event_id)
    return _csv(exports.matches_csv(event, _delimiter()), f"event-{event.id}-matches.csv")


@bp.get("/events/<int:event_id>/export/attendees.csv")
@login_required
def export_attendees(event_id: int):
    event = get_event_for(current_user.id, event_id)
    data = exports.attendees_csv(event, _delimiter())
    # Exporting may have replaced an expired link: keep it, or the exported URL would be dead.
    db.session.commit()
    return _csv(data, f"event-{event.id}-attendees.csv")


def _delimiter() -> str:
    """``;`` for a French organizer (French Excel opens it in columns), ``,`` otherwise; ``?sep=`` chooses."""
    chosen = {"semicolon": ";", "comma": ","}.get(request.args.get("sep", ""))
    return chosen or (";" if current_language() == "fr" else ",")


def _csv(data: bytes, filename: str) -> Response:
    # The file carries names, addresses and private links: never cache it.
    return Response(data, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store",
    })

