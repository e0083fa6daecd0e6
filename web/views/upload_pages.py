"""Attendee file upload: preview (stores nothing in the database), then confirm (one transaction).

Between the two steps the file waits in :mod:`web.services.upload_staging`.
The preview shows how each column was read, with a select per column to read
it as another field or ignore it, and a sheet picker for a workbook with
several sheets: both post back the staged file's token (no JavaScript needed),
and the file is read again with the organizer's choices. The confirm form
carries the choices the preview showed, so the file is imported as previewed.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import pgettext
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from ..extensions import db
from ..services import upload_staging
from ..services.column_choices import FIELDS, IGNORE, choices_from_form
from ..services.events import get_event_for
from ..services.exceptions import Invalid
from ..services.imports import apply_import, preview_import, size_limit_text

__all__ = ["bp"]

bp = Blueprint("uploads", __name__)

def field_labels() -> dict[str, str]:
    """What the organizer reads for each field in the column selects (context "column field")."""
    return {
        "email": pgettext("column field", "E-mail"), "name": pgettext("column field", "Full name"),
        "first_name": pgettext("column field", "First name"), "last_name": pgettext("column field", "Last name"),
        "company": pgettext("column field", "Company"), "role": pgettext("column field", "Role"),
        "bio": pgettext("column field", "Bio"), "offers": pgettext("column field", "Can help with"),
        "needs": pgettext("column field", "Looking for"), "interests": pgettext("column field", "Interests"),
        "linkedin": pgettext("column field", "LinkedIn"), "language": pgettext("column field", "Language"),
        "consent": pgettext("column field", "Consent to e-mails"),
    }


def how_labels() -> dict[str, str]:
    """How a column came to be read as it is (``how`` of :func:`matchmaker.headers.read_columns`)."""
    return {
        "alias": pgettext("column reading", "known header"),
        "meaning": pgettext("column reading", "from the words of the header"),
        "mapping": pgettext("column reading", "your choice"),
        "duplicate": pgettext("column reading", "ignored: another column already gives this field"),
        "unknown": pgettext("column reading", "ignored: header not recognised"),
        "ignored": pgettext("column reading", "ignored: your choice"),
    }


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    event_id = (request.view_args or {}).get("event_id")
    return render_template("uploads/too_large.html", limit=size_limit_text(), event_id=event_id), 413


@bp.get("/events/<int:event_id>/upload")
@login_required
def new(event_id: int):
    event = get_event_for(current_user.id, event_id)
    return render_template("uploads/new.html", event=event, limit=size_limit_text())


def _render_preview(event, result, token: str, digest: str, filename: str, error: str = ""):
    reading = result.reading
    error = error or reading.error
    context = dict(event=event, preview=result, report=result.report, reading=reading, token=token,
                   digest=digest, filename=filename, fields=FIELDS, field_labels=field_labels(),
                   how_labels=how_labels(), ignore=IGNORE, error=error)
    if result.report is None:  # another sheet or other column choices are needed first
        return render_template("uploads/fix.html", **context), 422
    return render_template("uploads/preview.html", **context)


def _new_with_error(event, message: str):
    return render_template("uploads/new.html", event=event, limit=size_limit_text(), error=message), 400


def _options() -> dict:
    """The sheet and column choices the preview form posted."""
    return {"sheet": request.form.get("sheet") or None, "choices": choices_from_form(request.form)}


@bp.post("/events/<int:event_id>/upload")
@login_required
def preview(event_id: int):
    event = get_event_for(current_user.id, event_id)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _new_with_error(event, "Choose a file to upload.")
    data = upload.read()
    try:
        result = preview_import(event, data)
    except Invalid as error:
        return _new_with_error(event, error.message)
    token, digest = upload_staging.stage(event.id, data)
    return _render_preview(event, result, token, digest, upload.filename)


@bp.post("/events/<int:event_id>/upload/columns")
@login_required
def columns(event_id: int):
    """The preview again, with the sheet or the column fields the organizer chose."""
    event = get_event_for(current_user.id, event_id)
    token, digest = request.form.get("token", ""), request.form.get("sha256", "")
    filename = request.form.get("filename", "")[:200]
    try:
        data = upload_staging.staged(event.id, token, digest)
        options = _options()
    except Invalid as error:
        return _new_with_error(event, error.message)
    if request.form.get("sheet_shown", "") != (options["sheet"] or ""):
        options["choices"] = None  # another sheet has other columns
    try:
        result = preview_import(event, data, **options)
    except Invalid as error:
        return _new_with_error(event, error.message)
    return _render_preview(event, result, token, digest, filename)


@bp.post("/events/<int:event_id>/upload/confirm")
@login_required
def confirm(event_id: int):
    event = get_event_for(current_user.id, event_id)
    token, digest = request.form.get("token", ""), request.form.get("sha256", "")
    try:
        data = upload_staging.staged(event.id, token, digest)
        result = apply_import(event, data, remove_missing=request.form.get("remove_missing") == "1", **_options())
    except Invalid as error:
        db.session.rollback()
        return _new_with_error(event, error.message)
    db.session.commit()
    upload_staging.discard(event.id, token)
    return render_template("uploads/done.html", event=event, result=result)
