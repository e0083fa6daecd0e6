"""Matching views: run, status (JSON for the progress bar), pins and forbids."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required

from ..extensions import db
from ..reasons import job_error_text, progress_text
from ..request_guards import as_id
from ..services import matching_jobs, pair_rules
from ..services.events import get_event_for
from ..services.exceptions import Invalid, NotFound

__all__ = ["bp"]

bp = Blueprint("matching", __name__)


@bp.app_template_global()
def latest_matching_job(event):
    """The event's latest matching job, for the ``matching/_panel.html`` partial."""
    return matching_jobs.latest_job(event)


def job_state(job) -> dict:
    """JSON-ready status of a job (``status`` is ``"none"`` when the event never ran matching)."""
    if job is None:
        return {"status": "none", "progress": 0.0, "message": "", "error": ""}
    return {"status": job.status, "progress": round(job.progress or 0.0, 3), "message": progress_text(job.message),
            "error": job_error_text(job.error)}


@bp.post("/events/<int:event_id>/matching")
@login_required
def run(event_id: int):
    event = get_event_for(current_user.id, event_id)
    if event.published_at is not None:
        # Published pairs are never re-optimised as a whole: only the changes they must undergo.
        return redirect(url_for("changes.review", event_id=event.id), code=303)
    job = matching_jobs.start_matching(event)
    db.session.commit()
    if job.status == "done":
        pairs = (event.match_stats or {}).get("pairs", 0)
        flash(ngettext("Matching done: %(num)d conversation.", "Matching done: %(num)d conversations.", pairs), "success")
    elif job.status == "failed":
        flash(gettext("Matching failed: %(error)s", error=job_error_text(job.error)), "error")
    else:
        flash(gettext("Matching is queued; this page shows its progress."), "success")
    return redirect(url_for("events.show", event_id=event.id))


@bp.get("/events/<int:event_id>/matching/status.json")
@login_required
def status(event_id: int):
    event = get_event_for(current_user.id, event_id)
    response = jsonify(job_state(matching_jobs.latest_job(event)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/events/<int:event_id>/rules", methods=["GET", "POST"])
@login_required
def rules(event_id: int):
    event = get_event_for(current_user.id, event_id)
    code = 200
    if request.method == "POST":
        try:
            if request.form.get("delete"):
                pair_rules.delete_rule(event, _int(request.form["delete"]))
                message = gettext("Rule deleted.")
            else:
                kind = request.form.get("kind", "")
                pair_rules.set_rule(event, request.form.get("a", ""), request.form.get("b", ""), kind)
                message = gettext("Pair pinned.") if kind == "pin" else gettext("Pair forbidden.")
        except (Invalid, NotFound) as error:
            db.session.rollback()
            flash(error.message, "error")
            code = 400
        else:
            db.session.commit()
            flash(message + " " + gettext("Run the matching again to apply it."), "success")
            return redirect(url_for("matching.rules", event_id=event.id))
    return render_template("matching/rules.html", event=event, attendees=pair_rules.rule_candidates(event),
                           rules=pair_rules.event_rules(event)), code


def _int(value: str) -> int:
    rule_id = as_id(value)  # past the largest id, PostgreSQL would fail rather than find nothing
    if rule_id is None:
        raise NotFound("No such rule.")
    return rule_id
