"""Attendee file upload: preview (stores nothing in the database), then confirm (one transaction).

Between the two steps the file waits in :mod:`web.services.upload_staging`.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from ..extensions import db
from ..services import upload_staging
from ..services.events import get_event_for
from ..services.exceptions import Invalid
from ..services.imports import apply_import, preview_import, size_limit_text

__all__ = ["bp"]

bp = Blueprint("uploads", __name__)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    event_id = (request.view_args or {}).get("event_id")
    return render_template("uploads/too_large.html", limit=size_limit_text(), event_id=event_id), 413


@bp.get("/events/<int:event_id>/upload")
@login_required
def new(event_id: int):
    event = get_event_for(current_user.id, event_id)
    return render_template("uploads/new.html", event=event, limit=size_limit_text())


@bp.post("/events/<int:event_id>/upload")
@login_required
def preview(event_id: int):
    event = get_event_for(current_user.id, event_id)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return render_template("uploads/new.html", event=event, limit=size_limit_text(),
                               error="Choose a file to upload."), 400
    data = upload.read()
    try:
        result = preview_import(event, data)
    except Invalid as error:
        return render_template("uploads/new.html", event=event, limit=size_limit_text(), error=error.message), 400
    token, digest = upload_staging.stage(event.id, data)
    return render_template("uploads/preview.html", event=event, preview=result, report=result.report,
                           token=token, digest=digest, filename=upload.filename)


@bp.post("/events/<int:event_id>/upload/confirm")
@login_required
def confirm(event_id: int):
    event = get_event_for(current_user.id, event_id)
    token, digest = request.form.get("token", ""), request.form.get("sha256", "")
    try:
        data = upload_staging.staged(event.id, token, digest)
        result = apply_import(event, data, remove_missing=request.form.get("remove_missing") == "1")
    except Invalid as error:
        db.session.rollback()
        return render_template("uploads/new.html", event=event, limit=size_limit_text(), error=error.message), 400
    db.session.commit()
    upload_staging.discard(event.id, token)
    return render_template("uploads/done.html", event=event, result=result)
