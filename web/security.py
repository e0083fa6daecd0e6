"""Security headers on every response, error pages included.

Every page but the static files is ``Cache-Control: no-store``: organizer pages
and exports carry names and e-mail addresses, attendee pages a private link,
and no shared or browser cache may keep them. A 429 says when to retry
(``Retry-After``, from the rate limit that was hit).
"""

import math
import time

from flask import Flask, current_app, request

from .extensions import limiter

__all__ = ["init_app", "CSP"]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def init_app(app: Flask) -> None:
    app.after_request(_headers)


def _headers(response):
    h = response.headers
    h.setdefault("Content-Security-Policy", CSP)
    h.setdefault("X-Content-Type-Options", "nosniff")
    h.setdefault("X-Frame-Options", "DENY")
    # same-origin, not no-referrer: Flask-WTF checks the Referer of HTTPS form posts.
    h.setdefault("Referrer-Policy", "same-origin")
    h.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    h.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if current_app.config["BASE_URL"].startswith("https://"):
        h.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if request.endpoint == "attendee.page" and response.status_code in (200, 304) and response.get_etag()[0]:
        pass  # revalidated through its ETag (see web.views.attendee_pages)
    elif request.endpoint and request.endpoint.startswith(("attendee.", "mail.")):
        h["Cache-Control"] = "no-store"
    elif request.endpoint != "static":
        h.setdefault("Cache-Control", "no-store")
    if response.status_code == 429 and "Retry-After" not in h:
        h["Retry-After"] = str(_retry_after())
    return response


def _retry_after() -> int:
    """Seconds until the rate limit this request hit lets a request through again (at least 1)."""
    hit = limiter.current_limit
    if hit is None:
        return 60
    return max(1, math.ceil(hit.reset_at - time.time()))
