"""Publishing: links for everyone, invitations queued once, follow-ups scheduled; idempotent."""

from __future__ import annotations

from sqlalchemy import select

from tests.builders import circle_event
from tests.helpers import create_organizer, csrf_token, sign_in


def _outbox(app, event_id):
    from web.models import AttendeeLink, OutboxMessage
    with app.app_context():
        kinds = sorted(m.kind for m in OutboxMessage.query.filter_by(event_id=event_id))
        return kinds, AttendeeLink.query.count()


def _publish(client, event_id):
    token = csrf_token(client, f"/events/{event_id}")
    return client.post(f"/events/{event_id}/publish", data={"csrf_token": token, "confirm": "yes"})


def test_publish_queues_once_and_republishing_adds_nothing(client, app):
    organizer = create_organizer(app)
    event_id = circle_event(app, organizer)
    sign_in(client)
    response = _publish(client, event_id)
    assert response.status_code == 303
    assert "Published: 6 new invitations queued." in client.get(f"/events/{event_id}").get_data(as_text=True)
    kinds, links = _outbox(app, event_id)
    assert kinds.count("invitation") == 6 and links == 6
    assert len(kinds) > 6  # follow-ups scheduled as well
    from web.extensions import db
    from web.models import Event
    with app.app_context():
        first = db.session.get(Event, event_id).published_at
    assert first is not None
    _publish(client, event_id)
    page = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert "Published again: 0 new invitations queued; 0 updated invitations waiting to go out." in page
    assert _outbox(app, event_id) == (kinds, links)
    with app.app_context():
        assert db.session.get(Event, event_id).published_at == first  # the first publication time stays


def test_publish_refuses_an_event_without_matches(client, app):
    organizer = create_organizer(app)
    event_id = circle_event(app, organizer, rounds=0)
    sign_in(client)
    _publish(client, event_id)
    assert "Run the matching before publishing" in client.get(f"/events/{event_id}").get_data(as_text=True)
    assert _outbox(app, event_id) == ([], 0)


def test_publish_service_is_idempotent_and_raises_conflict(app):
    import pytest

    from web.extensions import db
    from web.models import Event
    from web.services.exceptions import Conflict
    from web.services.publishing import publish
    organizer = create_organizer(app)
    event_id = circle_event(app, organizer)
    empty_id = circle_event(app, organizer, rounds=0, name="Empty")
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert publish(event) == 6
        assert publish(event) == 0
        with pytest.raises(Conflict):
            publish(db.session.get(Event, empty_id))


def test_publish_refuses_missing_csrf(client, app):
    organizer = create_organizer(app)
    event_id = circle_event(app, organizer)
    sign_in(client)
    assert client.post(f"/events/{event_id}/publish").status_code == 400
    assert _outbox(app, event_id) == ([], 0)


def test_publishing_is_confirmed_on_a_page_saying_how_many_and_when(client, app):
    import re

    organizer = create_organizer(app)
    event_id = circle_event(app, organizer, timezone="Europe/Paris")
    with app.app_context():
        from web.extensions import db
        from web.models import Attendee
        from web.services.attendee import opt_out

        opt_out(db.session.scalar(select(Attendee).where(Attendee.email == "p5@example.org")))
        db.session.commit()
    sign_in(client)
    token = csrf_token(client, f"/events/{event_id}")
    # The event page's button does not publish: it leads to the confirmation.
    response = client.post(f"/events/{event_id}/publish", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/events/{event_id}/publish")
    assert _outbox(app, event_id) == ([], 0)
    html = client.get(f"/events/{event_id}/publish").get_data(as_text=True)
    assert "Publish?" in html
    assert "6 people get a private page." in html
    assert re.search(r"5 new invitations go out by e-mail within the next minute \(\d{1,2} \w{3} \d{4}, \d\d:\d\d, "
                     r"Europe/Paris\)", html)
    assert "1 person accepts no e-mail" in html
    assert "Follow-ups go out on 12 Jun 2026, 09:00 (Europe/Paris)" in html
    assert 'name="confirm" value="yes"' in html and "Yes, publish" in html
    assert _outbox(app, event_id) == ([], 0)  # looking changes nothing
    _publish(client, event_id)
    assert "Published: 5 new invitations queued." in client.get(f"/events/{event_id}").get_data(as_text=True)
    html = client.get(f"/events/{event_id}/publish").get_data(as_text=True)
    assert "Publish again?" in html and "0 new invitations go out" in html
    assert "0 updated invitations are waiting to go out" in html and "Yes, publish again" in html


def test_publish_again_counts_updated_invitations_and_sends_new_ones(client, app):
    from web.extensions import db
    from web.models import Attendee, Event, Match
    from web.services import change_log

    organizer = create_organizer(app)
    event_id = circle_event(app, organizer)
    sign_in(client)
    _publish(client, event_id)
    with app.app_context():
        event = db.session.get(Event, event_id)
        before = change_log.settings_snapshot(event)
        event.venue = "Hall C"  # everybody gets an updated invitation
        change_log.settings_changed(event, before)
        newcomer = Attendee(event=event, email="new@example.org", name="Nina New", offers="x", needs="y")
        db.session.add(newcomer)
        db.session.flush()
        first = db.session.scalar(select(Attendee).where(Attendee.email == "p0@example.org"))
        db.session.add(Match(event=event, a_id=first.id, b_id=newcomer.id, round=4, table=1, score=0.5))
        db.session.commit()
    html = client.get(f"/events/{event_id}/publish").get_data(as_text=True)
    assert "1 new invitation goes out by e-mail" in html
    assert "6 updated invitations are waiting to go out" in html
    _publish(client, event_id)
    page = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert "Published again: 1 new invitation queued; 6 updated invitations waiting to go out." in page


def test_publish_confirmation_in_french(client, app):
    import re

    organizer = create_organizer(app)
    event_id = circle_event(app, organizer)
    sign_in(client)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr-FR,fr;q=0.9"
    html = client.get(f"/events/{event_id}/publish").get_data(as_text=True)
    assert re.search("Publier[\u00a0\u202f]\\?", html)
    assert "6\u00a0personnes reçoivent une page privée." in html or "6 personnes reçoivent une page privée." in html
    assert "Oui, publier" in html
    _publish(client, event_id)
    _publish(client, event_id)
    page = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert re.search("Publié à nouveau\u00a0: 0\u00a0nouvelle invitation en file[\u00a0\u202f]; "
                     "0\u00a0invitation mise à jour attend de partir.", page)


def test_publish_confirmation_refuses_an_event_without_matches(client, app):
    organizer = create_organizer(app)
    event_id = circle_event(app, organizer, rounds=0)
    sign_in(client)
    html = client.get(f"/events/{event_id}/publish").get_data(as_text=True)
    assert "Run the matching before publishing" in html and "Yes, publish" not in html
