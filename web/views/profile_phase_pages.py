"""The organizer's side of the profile phase: its settings, the invitations, the completeness panel.

The event page includes ``events/_profile_phase.html``, which calls
:func:`profile_panel` (a context processor of this blueprint) for its figures.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required

from ..extensions import db
from ..forms import ActionForm
from ..services import profile_figures, profile_phase
from ..services.events import get_event_for
from ..services.exceptions import Invalid

__all__ = ["bp"]

bp = Blueprint("profile_phase", __name__)


@bp.app_context_processor
def _panel_helpers():
    return dict(profile_panel=_panel)


def _panel(event) -> dict:
    local = None
    if event.profile_deadline is not None:
        from zoneinfo import ZoneInfo

        local = event.profile_deadline.replace(tzinfo=dt.timezone.utc).astimezone(ZoneInfo(event.timezone))
    return dict(figures=profile_figures.completeness(event), deadline_local=local, form=ActionForm(),
                topics_text="\n".join(event.topics or []))


def _back(event_id: int):
    return redirect(url_for("events.show", event_id=event_id) + "#profile-phase")


def _deadline(text: str) -> dt.datetime | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text).replace(second=0, microsecond=0, tzinfo=None)
    except ValueError:
        raise Invalid(gettext("Give the deadline as a date and a time."), field="deadline") from None


@bp.post("/events/<int:event_id>/profile-phase")
@login_required
def settings(event_id: int):
    event = get_event_for(current_user.id, event_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    form = request.form
    try:
        profile_phase.update_settings(event, deadline=_deadline(form.get("deadline", "")),
                                      topics=form.get("topics", ""),
                                      match_at_deadline=form.get("match_at_deadline") == "1",
                                      publish_at_deadline=form.get("publish_at_deadline") == "1")
    except Invalid as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(gettext("Profile phase saved."), "success")
    return _back(event_id)


@bp.post("/events/<int:event_id>/profile-phase/invite")
@login_required
def invite(event_id: int):
    event = get_event_for(current_user.id, event_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        count = profile_phase.invite(event)
    except Invalid as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(ngettext("%(num)d invitation queued.", "%(num)d invitations queued.", count)
              if count else gettext("Every attendee has already been invited."), "success")
    return _back(event_id)
