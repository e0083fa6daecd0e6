"""Publishing: links for everyone, invitations queued once, follow-ups scheduled; idempotent."""

from __future__ import annotations

from tests.builders import circle_event
from tests.helpers import create_organizer, csrf_token, sign_in


def _outbox(app, event_id):
    from web.models import AttendeeLink, OutboxMessage
    with app.app_context():
        kinds = sorted(m.kind for m in OutboxMessage.query.filter_by(event_id=event_id))
        return kinds, AttendeeLink.query.count()


def _publish(client, event_id):
    token = csrf_token(client, f"/events/{event_id}")
    return client.post(f"/events/{event_id}/publish", data={"csrf_token": token})


def test_publish_queues_once_and_republishing_adds_nothing(client, app):
    organizer = create_organizer(app)
    event_id = circle_event(app, organizer)
    sign_in(client)
    response = _publish(client, event_id)
    assert response.status_code == 302
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
    assert "Already published: everybody has their invitation" in page
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
