"""The organizer portal's language switch: ``POST /language`` stores "en" or "fr" in the session.

Without a choice, pages follow the browser's languages (see ``web._select_locale``); attendee
pages ignore it and follow the attendee's own language.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, redirect, request, session, url_for

__all__ = ["bp", "LANGUAGES"]

LANGUAGES = ("en", "fr")

bp = Blueprint("language", __name__)


@bp.post("/language")
def choose():
    language = request.form.get("language", "")
    if language in LANGUAGES:
        session["lang"] = language
    # Back to the page the switch was on: a local path only, never another site.
    target = urlsplit(request.referrer or "")
    same_site = not target.netloc or target.netloc == request.host
    path = target.path if same_site and target.path.startswith("/") and not target.path.startswith("//") else ""
    return redirect(path + (f"?{target.query}" if path and target.query else "") or url_for("events.index"))
