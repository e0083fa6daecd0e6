"""The attendee page's ETag: 304 with at most one small query, and a new ETag whenever the content changes."""

from __future__ import annotations

import contextlib
import re

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlalchemy.engine import Engine

from tests.builders import linked_event
from web.extensions import db
from web.models import Attendee, Event, Match


@contextlib.contextmanager
def count_queries():
    """Every statement sent to the database: SQLAlchemy's executions, and on PostgreSQL what reaches the
    psycopg driver's cursors (the 304 lookup goes straight to the driver, past SQLAlchemy's events)."""
    statements: list[str] = []
    kinds = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")

    def record(conn, cursor, statement, parameters, context, executemany):
        if conn.dialect.name != "postgresql" and statement.lstrip().split(" ", 1)[0].upper() in kinds:
            statements.append(statement)

    try:
        import psycopg
    except ImportError:  # SQLite only
        psycopg = None
    original = psycopg.Cursor.execute if psycopg else None

    def driver_execute(self, query, *args, **kwargs):
        if str(query).lstrip().split(" ", 1)[0].upper() in kinds:
            statements.append(str(query))
        return original(self, query, *args, **kwargs)

    sa_event.listen(Engine, "before_cursor_execute", record)
    if psycopg:
        psycopg.Cursor.execute = driver_execute
    try:
        yield statements
    finally:
        sa_event.remove(Engine, "before_cursor_execute", record)
        if psycopg:
            psycopg.Cursor.execute = original


def _etag(client, token):
    response = client.get(f"/m/{token}")
    assert response.status_code == 200
    return response.headers["ETag"]


def test_conditional_request_answers_304_with_one_query(app, client):
    with app.app_context():
        token = linked_event()["ana@example.org"]
    etag = _etag(client, token)
    assert etag == _etag(client, token)  # stable while nothing changes (the opening is not a change)
    # The first lookup of a process opens the lookup's pool (PostgreSQL asks the server its version once).
    assert client.get(f"/m/{token}", headers={"If-None-Match": etag}).status_code == 304
    with count_queries() as statements:
        response = client.get(f"/m/{token}", headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.get_data() == b""
    assert len(statements) == 1, statements
    assert "attendee_link" in statements[0]  # the lookup itself: token hash -> the page's versions
    assert response.headers["ETag"] == etag and response.headers["Cache-Control"] == "private, no-cache"
    # A wrong or stale validator gets the page.
    assert client.get(f"/m/{token}", headers={"If-None-Match": '"stale"'}).status_code == 200


def test_etag_changes_with_the_content(app, client):
    with app.app_context():
        tokens = linked_event()
    token = tokens["ana@example.org"]
    seen = [_etag(client, token)]

    def changed(action):
        with app.app_context():
            action()
            db.session.commit()
        etag = _etag(client, token)
        assert etag not in seen, action.__doc__
        seen.append(etag)

    def partner_profile():
        """a partner edits their profile"""
        db.session.scalar(select(Attendee).where(Attendee.email == "ben@example.org")).offers = "Seed funding"

    def own_checkin():
        """the attendee is checked in"""
        db.session.scalar(select(Attendee).where(Attendee.email == "ana@example.org")).presence = "present"

    def match_changed():
        """one of their matches is dissolved"""
        ana = db.session.scalar(select(Attendee).where(Attendee.email == "ana@example.org"))
        match = db.session.scalar(select(Match).where(Match.a_id == ana.id).order_by(Match.id))
        match.dissolved_at = match.event.created_at

    def event_setting():
        """the event moves"""
        db.session.scalar(select(Event)).venue = "Halle 10"

    for action in (partner_profile, own_checkin, match_changed, event_setting):
        changed(action)


def test_unrelated_change_keeps_the_etag(app, client):
    people = [dict(email=f"x{i}@example.org", name=f"X {i}", offers="a", needs="b") for i in range(4)]
    with app.app_context():
        tokens = linked_event(people=people)
    etag = _etag(client, tokens["x0@example.org"])
    with app.app_context():
        # x1 and x0 are partners in linked_event; a change to x1's opening time is not content.
        other = db.session.scalar(select(Attendee).where(Attendee.email == "x1@example.org"))
        other.last_opened_at = other.created_at
        db.session.commit()
    assert _etag(client, tokens["x0@example.org"]) == etag


def test_flash_after_a_post_is_never_hidden_by_a_304(app, client):
    with app.app_context():
        token = linked_event()["ana@example.org"]
    html = client.get(f"/m/{token}").get_data(as_text=True)
    etag = client.get(f"/m/{token}").headers["ETag"]
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    client.post(f"/m/{token}/change-emails", data={"csrf_token": csrf, "notify": "1"})
    response = client.get(f"/m/{token}", headers={"If-None-Match": etag})
    assert response.status_code == 200 and "Saved." in response.get_data(as_text=True)


def test_304_is_answered_in_front_of_the_app(app, client):
    """No request context for an unchanged page: no session object, locale, CSRF, user or rate-limit work."""
    with app.app_context():
        token = linked_event()["ana@example.org"]
    etag = _etag(client, token)
    reached = []
    app.before_request_funcs.setdefault(None, []).insert(0, lambda: reached.append(1))
    for method in ("GET", "HEAD"):
        response = client.open(f"/m/{token}", method=method, headers={"If-None-Match": etag})
        assert response.status_code == 304, method
        assert response.headers["ETag"] == etag and response.headers["Vary"] == "Cookie"
        assert response.headers["Cache-Control"] == "private, no-cache"
    assert reached == []
    # Anything the validator cannot settle goes to the app: another path, a stale validator.
    assert client.get(f"/m/{token}/here", headers={"If-None-Match": etag}).status_code == 405
    assert client.get(f"/m/{token}", headers={"If-None-Match": '"stale"'}).status_code == 200
    assert len(reached) == 2


def test_forged_session_cookie_never_gets_a_304(app, client):
    from flask.sessions import SecureCookieSessionInterface

    with app.app_context():
        token = linked_event()["ana@example.org"]
    etag = _etag(client, token)
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    data = app.session_interface.get_signing_serializer(app).loads(cookie)
    forger = type("Forger", (), {"secret_key": "not-the-key", "config": app.config})()
    forged = SecureCookieSessionInterface().get_signing_serializer(forger).dumps(data)
    stranger = app.test_client()
    stranger.set_cookie(app.config["SESSION_COOKIE_NAME"], forged)
    # Read as no session (as Flask reads it): the page's forms would carry another token, so the page is sent.
    assert stranger.get(f"/m/{token}", headers={"If-None-Match": etag}).status_code == 200


@pytest.mark.postgres
def test_a_dropped_lookup_connection_falls_back_to_the_page_once(pg_app):
    from sqlalchemy import text

    client = pg_app.test_client()
    with pg_app.app_context():
        token = linked_event()["ana@example.org"]
    etag = _etag(client, token)
    assert client.get(f"/m/{token}", headers={"If-None-Match": etag}).status_code == 304
    polling = pg_app.extensions["page_cache_engine"]
    with polling.connect() as conn:  # the lookup's pooled connection: the server ends it
        pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    with pg_app.app_context():
        db.session.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        db.session.commit()
    statuses = [client.get(f"/m/{token}", headers={"If-None-Match": etag}).status_code for _ in range(3)]
    # The broken connection costs one full page, never an error, and is not handed out again.
    assert statuses == [200, 304, 304]
