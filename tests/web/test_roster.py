"""The organizer's attendee list: private links shown again, revoked, reissued."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.builders import linked_event
from tests.helpers import csrf_token, sign_in


def _owned_event(app, client):
    """A published event (three partners each) owned by the signed-in organizer."""
    from web.extensions import db
    from web.models import Attendee, Event
    from web.passwords import hash_password

    with app.app_context():
        tokens = linked_event()
        event = db.session.scalar(select(Event))
        event.organizer.password_hash = hash_password("correct horse battery")
        ids = {a.email: a.id for a in db.session.scalars(select(Attendee))}
        db.session.commit()
        event_id = event.id
    sign_in(client, email="org@example.org")
    return event_id, tokens, ids


def test_list_shows_attendees_and_the_link_is_the_one_that_opens(app, client):
    event_id, tokens, ids = _owned_event(app, client)
    html = client.get(f"/events/{event_id}/attendees").get_data(as_text=True)
    assert "ana@example.org" in html and "Show the link" in html
    page = client.get(f"/events/{event_id}/attendees/{ids['ana@example.org']}/link")
    assert page.headers["Cache-Control"] == "no-store"
    url = re.search(r'href="(https://matchmaker\.test/m/[^"]+)"', page.get_data(as_text=True)).group(1)
    assert url.endswith(tokens["ana@example.org"])


def test_revoke_kills_the_old_link_and_showing_issues_a_new_one(app, client):
    event_id, tokens, ids = _owned_event(app, client)
    old = tokens["ana@example.org"]
    assert client.get(f"/m/{old}").status_code == 200
    token = csrf_token(client, f"/events/{event_id}/attendees")
    revoked = client.post(f"/events/{event_id}/attendees/{ids['ana@example.org']}/revoke", data={"csrf_token": token})
    assert revoked.status_code == 302
    assert client.get(f"/m/{old}").status_code == 404
    assert client.get(f"/m/{tokens['dan@example.org']}").status_code == 200  # others keep theirs
    html = client.get(f"/events/{event_id}/attendees/{ids['ana@example.org']}/link").get_data(as_text=True)
    new = re.search(r"/m/([\w-]+)", html).group(1)
    assert new != old and client.get(f"/m/{new}").status_code == 200


def test_revoke_needs_csrf_and_an_attendee_of_this_event(app, client):
    event_id, tokens, ids = _owned_event(app, client)
    assert client.post(f"/events/{event_id}/attendees/{ids['ana@example.org']}/revoke").status_code == 400
    token = csrf_token(client, f"/events/{event_id}/attendees")
    missing = client.post(f"/events/{event_id}/attendees/999999/revoke", data={"csrf_token": token})
    assert missing.status_code == 404
    assert client.get(f"/m/{tokens['ana@example.org']}").status_code == 200


def test_list_is_paged(app, client, monkeypatch):
    import web.views.roster_pages

    event_id, _, _ = _owned_event(app, client)
    monkeypatch.setattr(web.views.roster_pages, "PER_PAGE", 3)
    first = client.get(f"/events/{event_id}/attendees").get_data(as_text=True)
    assert "4 attendees, page 1 of 2" in first and "page=2" in first
    second = client.get(f"/events/{event_id}/attendees?page=2").get_data(as_text=True)
    assert second.count("Show the link<") == 1 and "Previous" in second
