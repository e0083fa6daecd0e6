"""The organizer's side of changes after publishing: review before applying, the change log, and an
edit of the event's time that re-invites everybody."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from tests.builders import mail_event
from tests.helpers import create_organizer, csrf_token, sign_in
from web.extensions import db
from web.models import Attendee, Event, EventChange, Match, OutboxMessage
from web.services import change_log


def _event_with_late_registration(app, client):
    create_organizer(app)
    event_id = mail_event(app, 8)
    sign_in(client)
    with app.app_context():
        event = db.session.get(Event, event_id)
        db.session.add(Attendee(event_id=event_id, email="late@example.org", name="Léa Tardive", company="Late",
                                offers="need 1", needs="offer 2"))
        db.session.flush()
        change_log.record_attendee_change(event, source="upload", new=["late@example.org"])
        db.session.commit()
    return event_id


def _count(app, model, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_changed_pairs_are_shown_before_anything_is_applied(app, client):
    event_id = _event_with_late_registration(app, client)
    page = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert "Review the pair changes" in page
    pairs_before = _count(app, Match, Match.event_id == event_id)
    review = client.get(f"/events/{event_id}/changes/review")
    assert review.status_code == 200
    html = review.get_data(as_text=True)
    assert "Léa Tardive" in html and "New pairs" in html
    assert _count(app, Match, Match.event_id == event_id) == pairs_before  # the review writes nothing
    digest = re.search(r'name="digest" value="(\w+)"', html).group(1)
    token = csrf_token(client, f"/events/{event_id}/changes/review")
    stale = client.post(f"/events/{event_id}/changes/apply", data={"csrf_token": token, "digest": "0" * 16})
    assert stale.status_code == 409 and "changed since you looked" in stale.get_data(as_text=True)
    assert _count(app, OutboxMessage, OutboxMessage.kind == "update") == 0
    applied = client.post(f"/events/{event_id}/changes/apply", data={"csrf_token": token, "digest": digest},
                          follow_redirects=True)
    text = applied.get_data(as_text=True)
    assert "will get an updated invitation" in text and "Review the pair changes" not in text
    with app.app_context():
        change = db.session.scalar(select(EventChange))
        assert change.status == "applied" and change.notified
        late = db.session.scalar(select(Attendee).where(Attendee.email == "late@example.org"))
        assert db.session.scalar(select(func.count()).select_from(Match).where(
            (Match.a_id == late.id) | (Match.b_id == late.id))) >= 2
    log = client.get(f"/events/{event_id}/changes").get_data(as_text=True)
    assert "late@example.org" in log and "Told:" in log


def test_running_the_matching_again_on_a_published_event_goes_to_the_review(app, client):
    event_id = _event_with_late_registration(app, client)
    token = csrf_token(client, f"/events/{event_id}")
    response = client.post(f"/events/{event_id}/matching", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/events/{event_id}/changes/review")


def test_moving_the_event_tells_everybody(app, client):
    create_organizer(app)
    event_id = mail_event(app, 6)
    sign_in(client)
    token = csrf_token(client, f"/events/{event_id}/edit")
    form = dict(csrf_token=token, name="Tech & Co <Meetup>", venue="La Halle", date="2026-06-11",
                start_time="19:00", end_time="22:00", timezone="Europe/Paris", language="en", slot_minutes="15",
                meeting_point="Table {table}", followup_time="09:00", reminder_hours="48", followups_enabled="y")
    response = client.post(f"/events/{event_id}/edit", data=form, follow_redirects=True)
    assert "6 people will get an updated invitation" in response.get_data(as_text=True)
    assert _count(app, OutboxMessage, OutboxMessage.kind == "update") == 6
    # Saving again without a change tells nobody.
    again = client.post(f"/events/{event_id}/edit", data=form, follow_redirects=True)
    assert "updated invitation" not in again.get_data(as_text=True)
    assert _count(app, OutboxMessage, OutboxMessage.kind == "update") == 6
    assert "settings changed: Start, End" in client.get(f"/events/{event_id}").get_data(as_text=True)
