"""The attendee page's validator: an ETag that changes when the page's content changes.

The ETag is built from the attendee's ``page_version`` (bumped by
:mod:`web.page_versions` when their matches, notes, partners' profiles or
check-in change), the event's ``updated_at`` (any event setting, publishing, a
repair), the local date (the check-in button shows on the event day only) and a
hash of the session's CSRF token (the forms on the page carry it). A conditional
request is answered in front of the app (:class:`ConditionalPages`, a WSGI
middleware) with ONE small query (token hash -> the two versions), so a room full
of phones polling costs almost nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from zoneinfo import ZoneInfo

from flask import current_app
from itsdangerous import BadData
from sqlalchemy import DateTime, Integer, String, create_engine, text
from sqlalchemy.exc import OperationalError
from werkzeug.http import parse_cookie, parse_etags, quote_etag

from ..extensions import db
from ..models import utcnow
from ..token_hashing import hash_token

__all__ = ["page_etag", "current_etag", "session_key", "ConditionalPages", "init_app", "POLL_SECONDS"]

#: The page's optional refresh polls no more often than this.
POLL_SECONDS = 30
_MAX_TOKEN_LENGTH = 200
#: The one query of a conditional request: the link's attendee and event versions (usable links only,
#: as ``AttendeeLink.usable_at``).
_LOOKUP_SQL = (
    "SELECT l.token_hash, a.id, a.page_version, e.updated_at, e.timezone FROM attendee_link l"
    " JOIN attendee a ON a.id = l.attendee_id JOIN event e ON e.id = a.event_id"
    " WHERE l.token_hash = :digest AND l.revoked_at IS NULL AND l.expires_at > :now"
)
_LOOKUP = text(_LOOKUP_SQL).columns(token_hash=String, id=Integer, page_version=Integer, updated_at=DateTime,
                                    timezone=String)
#: The same, in the psycopg drivers' own parameter style.
_LOOKUP_PYFORMAT = _LOOKUP_SQL.replace(":digest", "%(digest)s").replace(":now", "%(now)s")


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
    # trips around it, and no ping; with a psycopg driver it goes straight to the driver's cursor
    # (SQLAlchemy's result machinery cost as much as the query). SQLite keeps the session's
    # connection (its transactions take the write lock at BEGIN, see web/__init__.py; nothing to
    # save on a local file).
    engine = db.engine
    if engine.dialect.name == "sqlite":
        return db.session.connection().execute(_LOOKUP, params).first()
    polling = _polling_engine(engine)
    if engine.dialect.paramstyle != "pyformat":
        try:
            with polling.connect() as connection:
                return connection.execute(_LOOKUP, params).first()
        except OperationalError:
            return None  # e.g. the server restarted: the full page (and its pinged pool) answers instead
    try:
        connection = polling.raw_connection()
    except OperationalError:
        return None
    try:
        cursor = connection.cursor()
        cursor.execute(_LOOKUP_PYFORMAT, params)
        return cursor.fetchone()
    except polling.dialect.loaded_dbapi.Error:
        connection.invalidate()  # a dropped connection is not handed to the next lookup
        return None
    finally:
        connection.close()  # back to the pool


def _polling_engine(engine):
    """A small autocommit pool of its own, without the main pool's ping before each checkout (one
    round trip out of two) nor a reset when a connection comes back (autocommit: nothing to roll
    back); a dropped connection fails one lookup, which falls back to the page."""
    polling = current_app.extensions.get("page_cache_engine")
    if polling is None or polling.url != engine.url:
        polling = create_engine(engine.url, pool_pre_ping=False, pool_size=2, max_overflow=8,
                                isolation_level="AUTOCOMMIT", pool_reset_on_return=None)
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


#: The attendee page's path: ``/m/<token>`` and nothing after it (tokens are URL-safe base64).
_PAGE_PATH = re.compile(rf"/m/([A-Za-z0-9_-]{{1,{_MAX_TOKEN_LENGTH}}})")


class ConditionalPages:
    """WSGI middleware: a conditional GET or HEAD of an attendee page whose ETag still holds gets its 304
    here, before Flask builds a request (no request context, session object, locale, CSRF, user or
    rate-limit bookkeeping: on a polled page they cost several times the lookup itself).

    What the answer needs from the session (the CSRF token the page's forms embed, and whether a
    flash waits) is read from the signed cookie with the app's own serializer. Anything else
    (no validator, a flash to show, a changed page, a link that does not open) goes to the app.
    """

    def __init__(self, wsgi_app, app):
        self.wsgi_app = wsgi_app
        self.app = app
        self._serializer = None

    def __call__(self, environ, start_response):
        if environ.get("HTTP_IF_NONE_MATCH") and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            match = _PAGE_PATH.fullmatch(environ.get("PATH_INFO", ""))
            if match is not None:
                etag = self._unchanged(environ, match.group(1))
                if etag is not None:
                    start_response("304 NOT MODIFIED", [
                        ("ETag", quote_etag(etag)), ("Cache-Control", "private, no-cache"), ("Vary", "Cookie")])
                    return []
        return self.wsgi_app(environ, start_response)

    def _session(self, environ) -> dict | None:
        """The request's session as Flask would read it (``{}`` when absent or forged); None when a
        flash waits to be shown (the page must be sent)."""
        app = self.app
        value = parse_cookie(environ).get(app.config["SESSION_COOKIE_NAME"])
        if not value:
            return {}
        if self._serializer is None:
            self._serializer = app.session_interface.get_signing_serializer(app)
        if self._serializer is None:  # no SECRET_KEY: Flask has no session either
            return {}
        try:
            data = self._serializer.loads(value, max_age=int(app.permanent_session_lifetime.total_seconds()))
        except BadData:
            return {}
        return None if data.get("_flashes") else data

    def _unchanged(self, environ, token: str) -> str | None:
        session_data = self._session(environ)
        if session_data is None:
            return None
        with self.app.app_context():
            etag = current_etag(token, session_data)
        if etag is None or not parse_etags(environ["HTTP_IF_NONE_MATCH"]).contains_weak(etag):
            return None
        return etag


def init_app(app) -> None:
    """Answer conditional requests of attendee pages in front of the app (see :class:`ConditionalPages`)."""
    app.wsgi_app = ConditionalPages(app.wsgi_app, app)
