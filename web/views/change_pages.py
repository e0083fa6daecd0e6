"""Changes after publishing: the review of the pair changes (before anything is written), applying
them, and the change log on the event page (``changes/_log.html``)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from ..extensions import db
from ..forms import ActionForm
from ..services import change_log, rematching
from ..services.events import get_event_for, round_start

__all__ = ["bp"]

bp = Blueprint("changes", __name__)


@bp.app_template_global()
def event_change_log(event, limit: int = 20):
    """The event's latest changes and the pending one, for the ``changes/_log.html`` partial."""
    return change_log.event_changes(event, limit)


def _review(event, the_plan, status: int = 200, stale: bool = False):
    return render_template("changes/review.html", event=event, plan=the_plan, form=ActionForm(), stale=stale,
                           round_start=round_start), status


@bp.get("/events/<int:event_id>/changes/review")
@login_required
def review(event_id: int):
    event = get_event_for(current_user.id, event_id)
    if event.published_at is None:
        return redirect(url_for("events.show", event_id=event.id))
    return _review(event, rematching.plan(event))


@bp.post("/events/<int:event_id>/changes/apply")
@login_required
def apply(event_id: int):
    event = get_event_for(current_user.id, event_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if event.published_at is None:
        return redirect(url_for("events.show", event_id=event.id))
    the_plan = rematching.plan(event)
    if the_plan.digest != request.form.get("digest", ""):
        # The list or the rules changed since the review: show what applying would do now.
        return _review(event, the_plan, 409, stale=True)
    change = rematching.apply(event, the_plan, source="organizer")
    db.session.commit()
    pairs = len(the_plan.removed) + len(the_plan.added)
    flash(ngettext("%(num)d pair changed;", "%(num)d pairs changed;", pairs) + " "
          + ngettext("%(num)d person will get an updated invitation.",
                     "%(num)d people will get an updated invitation.", len(change.notified)), "success")
    return redirect(url_for("events.show", event_id=event.id))


@bp.get("/events/<int:event_id>/changes")
@login_required
def index(event_id: int):
    event = get_event_for(current_user.id, event_id)
    return render_template("changes/index.html", event=event, changes=change_log.event_changes(event),
                           title=_("Changes since publishing"))
