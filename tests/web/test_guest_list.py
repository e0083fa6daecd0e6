"""The guest list shows only people who agreed to be listed, whatever the request; wishes are three at most."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.builders import linked_event
from tests.helpers import csrf_token
from web.extensions import db
from web.models import Attendee, Event, Wish


def _person(email):
    return db.session.scalar(select(Attendee).where(Attendee.email == email))


PEOPLE = [dict(email=f"p{k}@example.org", name=f"Person {k:02d}", company=f"Company {k}", role="Founder",
               offers=f"offer {k}", needs=f"need {k}", language="en") for k in range(12)]


@pytest.fixture
def listed(app):
    """Twelve people before the matching; everyone is listed except Person 05 and Person 11."""
    with app.test_request_context():
        tokens = linked_event(published=False, people=PEOPLE, edit_until=dt.datetime(2100, 1, 1))
        event = db.session.scalar(select(Event))
        event.matched_at = None
        for m in list(event.matches):
            db.session.delete(m)
        for a in event.attendees:
            a.listed = a.email not in ("p5@example.org", "p11@example.org")
        ids = {a.email: a.id for a in event.attendees}
        db.session.commit()
    return tokens, ids


def test_the_list_shows_listed_people_only_and_never_oneself(client, listed):
    tokens, _ = listed
    html = client.get(f"/m/{tokens['p0@example.org']}/guests").get_data(as_text=True)
    assert "Person 01" in html and "Person 10" in html and "offer 3" in html and "need 3" in html
    assert "Person 05" not in html and "Person 11" not in html and "Person 00" not in html
    for query in ("Person 05", "Company 5", "p5@example.org", "05"):
        html = client.get(f"/m/{tokens['p0@example.org']}/guests", query_string={"q": query}).get_data(as_text=True)
        assert 'id="guest-name-' not in html and "offer 5" not in html  # no card at all
        assert "Nobody in the guest list matches this search." in html


def test_an_unlisted_person_cannot_be_picked_by_a_crafted_request(app, client, listed):
    tokens, ids = listed
    token = tokens["p0@example.org"]
    csrf = csrf_token(client, f"/m/{token}/guests")
    for other in (ids["p5@example.org"], ids["p0@example.org"], 999_999):
        response = client.post(f"/m/{token}/wishes", data={"csrf_token": csrf, "other": other, "kind": "meet"})
        assert response.status_code == 404
        assert "Person 05" not in response.get_data(as_text=True)
    with app.test_request_context():
        assert db.session.scalar(select(Wish.id)) is None


def test_three_wishes_of_each_kind_at_most_and_removal(app, client, listed):
    tokens, ids = listed
    token = tokens["p0@example.org"]
    csrf = csrf_token(client, f"/m/{token}/guests")

    def pick(email, kind):
        return client.post(f"/m/{token}/wishes", data={"csrf_token": csrf, "other": ids[email], "kind": kind},
                           follow_redirects=True).get_data(as_text=True)

    for k in (1, 2, 3):
        assert "Your choice is saved." in pick(f"p{k}@example.org", "meet")
    assert "already picked three people to meet" in pick("p4@example.org", "meet")
    for k in (6, 7, 8):
        pick(f"p{k}@example.org", "avoid")
    assert "three people not to meet" in pick("p9@example.org", "avoid")
    assert "Removed from your choices." in pick("p1@example.org", "")
    assert "Your choice is saved." in pick("p4@example.org", "meet")
    with app.test_request_context():
        wishes = db.session.execute(select(Wish.other_id, Wish.kind).where(Wish.attendee_id == ids["p0@example.org"])
                                    .order_by(Wish.id)).all()
        names = {v: k for k, v in ids.items()}
        assert [(names[o], k) for o, k in wishes] == [
            ("p2@example.org", "meet"), ("p3@example.org", "meet"), ("p6@example.org", "avoid"),
            ("p7@example.org", "avoid"), ("p8@example.org", "avoid"), ("p4@example.org", "meet")]
    html = client.get(f"/m/{token}").get_data(as_text=True)
    assert "You want to meet: Person 02, Person 03, Person 04" in html


def test_a_person_who_leaves_the_list_disappears_and_their_picks_stop_counting(app, client, listed):
    from web.services.guest_list import engine_wishes

    tokens, ids = listed
    token = tokens["p0@example.org"]
    csrf = csrf_token(client, f"/m/{token}/guests")
    client.post(f"/m/{token}/wishes", data={"csrf_token": csrf, "other": ids["p2@example.org"], "kind": "meet"})
    with app.test_request_context():
        _person("p2@example.org").listed = False
        db.session.commit()
        assert engine_wishes(db.session.scalar(select(Event))) == []
    html = client.get(f"/m/{token}/guests").get_data(as_text=True)
    assert "Person 02" not in html
    html = client.get(f"/m/{token}").get_data(as_text=True)
    assert "Person 02" not in html


def test_wishes_close_with_the_profiles(app, client, listed):
    tokens, ids = listed
    token = tokens["p0@example.org"]
    csrf = csrf_token(client, f"/m/{token}/guests")
    with app.test_request_context():
        db.session.scalar(select(Event)).profile_edit_until = dt.datetime(2000, 1, 1)
        db.session.commit()
    html = client.post(f"/m/{token}/wishes", data={"csrf_token": csrf, "other": ids["p1@example.org"],
                                                   "kind": "meet"}, follow_redirects=True).get_data(as_text=True)
    assert "can no longer be changed" in html
    assert "I want to meet Person 01" not in html  # no buttons once closed
