"""Attendee file upload: preview (stores nothing), then confirm (one transaction).

Between the two steps the uploaded bytes wait in ``instance/uploads/`` under a
random token; the confirm form carries the token and the file's SHA-256, and
the staging file's name carries the event id, so a confirm can only apply the
very file that was previewed, to the event it was previewed for.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import time

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from .extensions import db
from .services.errors import Invalid, NotFound
from .services.imports import apply_import, preview_import, size_limit_text

__all__ = ["bp"]

bp = Blueprint("uploads", __name__)

_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
_STAGING_TTL = 24 * 3600  # seconds a previewed file waits for its confirm


def _get_event(event_id: int):
    from .services.events import get_event_for

    try:
        return get_event_for(current_user.id, event_id)
    except NotFound:
        abort(404)


def _staging_dir() -> str:
    path = current_app.config.get("UPLOAD_STAGING_DIR") or os.path.join(current_app.instance_path, "uploads")
    os.makedirs(path, mode=0o700, exist_ok=True)
    return path


def _staging_path(event_id: int, token: str) -> str:
    return os.path.join(_staging_dir(), f"event{int(event_id)}-{token}.upload")


def _clean_stale() -> None:
    cutoff = time.time() - _STAGING_TTL
    for entry in os.scandir(_staging_dir()):
        try:
            if entry.name.endswith(".upload") and entry.stat().st_mtime < cutoff:
                os.remove(entry.path)
        except FileNotFoundError:  # another worker cleaned it first
            pass


def _stage(event_id: int, data: bytes) -> tuple[str, str]:
    _clean_stale()
    token = secrets.token_urlsafe(24)
    fd = os.open(_staging_path(event_id, token), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return token, hashlib.sha256(data).hexdigest()


def _staged(event_id: int, token: str, digest: str) -> bytes:
    if not _TOKEN.fullmatch(token or ""):
        raise Invalid("This upload is unknown or has expired; upload the file again.")
    try:
        with open(_staging_path(event_id, token), "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise Invalid("This upload is unknown or has expired; upload the file again.") from None
    if not secrets.compare_digest(hashlib.sha256(data).hexdigest(), digest or ""):
        raise Invalid("The staged file does not match the preview; upload the file again.")
    return data


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    event_id = (request.view_args or {}).get("event_id")
    return render_template("uploads/too_large.html", limit=size_limit_text(), event_id=event_id), 413


@bp.get("/events/<int:event_id>/upload")
@login_required
def new(event_id: int):
    event = _get_event(event_id)
    return render_template("uploads/new.html", event=event, limit=size_limit_text())


@bp.post("/events/<int:event_id>/upload")
@login_required
def preview(event_id: int):
    event = _get_event(event_id)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return render_template("uploads/new.html", event=event, limit=size_limit_text(),
                               error="Choose a file to upload."), 400
    data = upload.read()
    try:
        result = preview_import(event, data)
    except Invalid as error:
        return render_template("uploads/new.html", event=event, limit=size_limit_text(), error=error.message), 400
    token, digest = _stage(event.id, data)
    return render_template("uploads/preview.html", event=event, preview=result, report=result.report,
                           token=token, digest=digest, filename=upload.filename)


@bp.post("/events/<int:event_id>/upload/confirm")
@login_required
def confirm(event_id: int):
    event = _get_event(event_id)
    token, digest = request.form.get("token", ""), request.form.get("sha256", "")
    try:
        data = _staged(event.id, token, digest)
        result = apply_import(event, data, remove_missing=request.form.get("remove_missing") == "1")
    except Invalid as error:
        db.session.rollback()
        return render_template("uploads/new.html", event=event, limit=size_limit_text(), error=error.message), 400
    db.session.commit()
    try:
        os.remove(_staging_path(event.id, token))
    except FileNotFoundError:
        pass
    return render_template("uploads/done.html", event=event, result=result)
