"""Staging of an uploaded attendee file between its preview and its confirm.

The uploaded bytes wait in ``UPLOAD_STAGING_DIR`` (``instance/uploads/`` by
default) under a random token; the confirm form carries the token and the
file's SHA-256, and the staging file's name carries the event id, so a confirm
can only apply the very file that was previewed, to the event it was previewed
for. Files older than a day are removed at the next upload.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import time

from flask import current_app
from flask_babel import gettext

from .exceptions import Invalid

__all__ = ["stage", "staged", "discard"]

_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
_STAGING_TTL = 24 * 3600  # seconds a previewed file waits for its confirm


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _staging_dir() -> str:
    path = current_app.config["UPLOAD_STAGING_DIR"] or os.path.join(current_app.instance_path, "uploads")
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


def stage(event_id: int, data: bytes) -> tuple[str, str]:
    """Keep ``data`` for a later confirm; returns ``(token, sha256)`` for the confirm form."""
    _clean_stale()
    token = secrets.token_urlsafe(24)
    fd = os.open(_staging_path(event_id, token), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return token, _digest(data)


def staged(event_id: int, token: str, digest: str) -> bytes:
    """The bytes staged under ``token`` for ``event_id``; Invalid when unknown, expired or altered."""
    if not _TOKEN.fullmatch(token or ""):
        raise Invalid(gettext("This upload is unknown or has expired; upload the file again."))
    try:
        with open(_staging_path(event_id, token), "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise Invalid(gettext("This upload is unknown or has expired; upload the file again.")) from None
    if not secrets.compare_digest(_digest(data), digest or ""):
        raise Invalid(gettext("The staged file does not match the preview; upload the file again."))
    return data


def discard(event_id: int, token: str) -> None:
    """Remove a staged file once applied (already gone is fine)."""
    with contextlib.suppress(FileNotFoundError):
        os.remove(_staging_path(event_id, token))
