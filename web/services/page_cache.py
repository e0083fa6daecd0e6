"""The attendee page's validator: an ETag that changes when the page's content changes.

The ETag is built from the attendee's ``page_version`` (bumped by
:mod:`web.page_versions` when their matches, notes, partners' profiles or
check-in change), the event's ``updated_at`` (any event setting, publishing, a
repair), the local date (the check-in button shows on the event day only) and a
hash of the session's CSRF token (the forms on the page carry it). A conditional
request is answered by :func:`current_etag` with ONE small query (token hash ->
the two versions), so a room full of phones polling costs almost nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from zoneinfo import ZoneInfo

from flask import current_app, request, session
from sqlalchemy import DateTime, Integer, String, create_engine, text
from sqlalchemy.exc import OperationalError

from ..extensions import db
from ..models import utcnow
from ..token_hashing import hash_token

__all__ = ["page_etag", "current_etag", "session_key", "not_modified", "init_app", "POLL_SECONDS"]

#: The page's optional refresh polls no more often than this.
POLL_SECONDS = 30
_MAX_TOKEN_LENGTH = 200
#: The one query of a conditional request: the link's attendee and event versions (usable links only,
#: as ``AttendeeLink.usable_at``).
_LOOKUP = text(
    "SELECT l.token_hash, a.id, a.page_version, e.updated_at, e.timezone FROM attendee_link l"
    " JOIN attendee a ON a.id = l.attendee_id JOIN event e ON e.id = a.event_id"
    " WHERE l.token_hash = :digest AND l.revoked_at IS NULL AND l.expires_at > :now"
).columns(token_hash=String, id=Integer, page_version=Integer, updated_at=DateTime, timezone=String)


def page_etag(attendee_id: int, page_version: int, event_updated: dt.datetime, timezone: str,
              session_key: str, now: dt.datetime | None = None) -> str:
    """The (weak) ETag of one attendee page.

    Examples
    --------
    >>> a = page_etag(7, 3, dt.datetime(2030, 1, 1), "Europe/Paris", "k", now=dt.datetime(2030, 6, 1, 12))
    >>> a == page_etag(7, 3, dt.datetime(2030, 1, 1), "Europe/Paris", "k", now=dt.datetime(2030, 6, 1, 13))
    True
    >>> a == page_etag(7, 4, dt.datetime(2030, 1, 1), "Europe/Paris", "k", now=dt.datetime(2030, 6, 1, 13))
    False
    """
    now = now or utcnow()
    today = now.replace(tzinfo=dt.timezone.utc).astimezone(ZoneInfo(timezone)).date().isoformat()
    raw = f"{attendee_id}:{page_version}:{event_updated.isoformat()}:{today}:{session_key}"
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def session_key(session) -> str:
    """A short stand-in for the session's CSRF token (the page's forms embed the token)."""
    token = session.get("csrf_token", "")
    return hashlib.sha256(str(token).encode()).hexdigest()[:8] if token else ""


def _lookup(params: dict):
    # Plain SQL built once: composing the ORM statement cost more than running it. On a server
    # database the read runs outside any transaction (autocommit): no BEGIN and ROLLBACK round
    # trips around it, and no ping. SQLite keeps the session's connection (its transactions take the write
    # lock at BEGIN, see web/__init__.py; nothing to save on a local file).
    engine = db.engine
    if engine.dialect.name == "sqlite":
        return db.session.connection().execute(_LOOKUP, params).first()
    try:
        with _polling_engine(engine).connect() as connection:
            return connection.execute(_LOOKUP, params).first()
    except OperationalError:
        return None  # e.g. the server restarted: the full page (and its pinged pool) answers instead


def _polling_engine(engine):
    """A small autocommit pool of its own, without the main pool's ping before each checkout (one
    round trip out of two); a dropped connection fails one lookup, which falls back to the page."""
    polling = current_app.extensions.get("page_cache_engine")
    if polling is None or polling.url != engine.url:
        polling = create_engine(engine.url, pool_pre_ping=False, pool_size=2, max_overflow=8,
                                isolation_level="AUTOCOMMIT")
        current_app.extensions["page_cache_engine"] = polling
    return polling


def current_etag(token: str, session) -> str | None:
    """The ETag the page behind ``token`` would have now, in one query; None when the link does not open."""
    if not token or len(token) > _MAX_TOKEN_LENGTH:
        return None
    digest = hash_token(token)
    row = _lookup({"digest": digest, "now": utcnow()})
    if row is None or not hmac.compare_digest(row[0], digest):
        return None
    return page_etag(row[1], row[2], row[3], row[4], session_key(session))




def not_modified(token: str):
    """A 304 for ``token``'s page when the request's validator still holds, else None (one query)."""
    if not request.if_none_match or session.get("_flashes"):
        return None
    etag = current_etag(token, session)
    if etag is None or not request.if_none_match.contains_weak(etag):
        return None
    response = current_app.response_class(status=304)
    response.set_etag(etag)
    # Kept by the browser but revalidated on every view (no-cache), never by shared caches (private).
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Cookie")
    return response


def init_app(app) -> None:
    """Answer conditional requests of attendee pages first, before the other request hooks (the
    rate limiter's bookkeeping cost more than the lookup itself; the page is exempt from it anyway)."""

    def _answer_304():
        if request.endpoint == "attendee.page" and request.method in ("GET", "HEAD"):
            return not_modified((request.view_args or {}).get("token", ""))
        return None

    app.before_request_funcs.setdefault(None, []).insert(0, _answer_304)
