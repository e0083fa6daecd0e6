"""The attendee page's ETag: 304 with at most one small query, and a new ETag whenever the content changes."""

from __future__ import annotations

import contextlib
import re

from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlalchemy.engine import Engine

from tests.builders import linked_event
from web.extensions import db
from web.models import Attendee, Event, Match


@contextlib.contextmanager
def count_queries():
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().split(" ", 1)[0].upper() in ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH"):
            statements.append(statement)

    # Every engine: on PostgreSQL the lookup has a small pool of its own (web.services.page_cache).
    sa_event.listen(Engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa_event.remove(Engine, "before_cursor_execute", record)


def _etag(client, token):
    response = client.get(f"/m/{token}")
    assert response.status_code == 200
    return response.headers["ETag"]


def test_conditional_request_answers_304_with_one_query(app, client):
    with app.app_context():
        token = linked_event()["ana@example.org"]
    etag = _etag(client, token)
    assert etag == _etag(client, token)  # stable while nothing changes (the opening is not a change)
    with count_queries() as statements:
        response = client.get(f"/m/{token}", headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.get_data() == b""
    assert len(statements) == 1, statements
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
