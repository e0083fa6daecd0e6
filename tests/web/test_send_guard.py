"""Sending guarded by time: follow-ups never before the event ends, every bulk send confirmed first."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.builders import mail_event
from tests.helpers import create_organizer, csrf_token, sign_in
from web.extensions import db
from web.models import Event, OutboxMessage
from web.services import mail_actions
from web.services.exceptions import Invalid

FUTURE = dict(starts_at=dt.datetime(2031, 3, 20, 18, 0), ends_at=dt.datetime(2031, 3, 20, 21, 0))


def _due(app, kind):
    with app.app_context():
        return set(db.session.scalars(select(OutboxMessage.due_at).where(OutboxMessage.kind == kind)))


def test_service_refuses_post_event_sends_before_the_end(app):
    event_id = mail_event(app, 4, **FUTURE)
    with app.app_context():
        event = db.session.get(Event, event_id)
        for kind in ("nudge", "reminder", "followups"):
            with pytest.raises(Invalid, match="before the event ends"):
                mail_actions.send_mail_now(event, kind, now=dt.datetime(2031, 3, 20, 19, 59))  # 20:59 in Paris
        assert mail_actions.send_mail_now(event, "invitation", now=dt.datetime(2031, 3, 1)) == 4
        # 21:00 in Paris is 20:00 UTC: from then on, follow-ups may go.
        assert mail_actions.send_mail_now(event, "reminder", now=dt.datetime(2031, 3, 20, 20, 0)) == 4


def _signed_in(app, client, **times):
    create_organizer(app)
    event_id = mail_event(app, 4, **times)
    sign_in(client)
    return event_id


def test_send_now_needs_a_confirmation_that_says_how_many_and_when(app, client):
    event_id = _signed_in(app, client)
    token = csrf_token(client, f"/events/{event_id}/mail")
    before = _due(app, "reminder")
    response = client.post(f"/events/{event_id}/mail/send", data={"kind": "reminder", "csrf_token": token})
    assert response.status_code == 303 and "/mail/confirm?" in response.headers["Location"]
    assert _due(app, "reminder") == before  # nothing happened yet
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "4 queued e-mails to" in page and "4 people" in page and "Europe/Paris" in page
    assert 'name="confirm" value="yes"' in page
    done = client.post(f"/events/{event_id}/mail/send", data={"kind": "reminder", "csrf_token": token,
                                                              "confirm": "yes"})
    assert done.status_code == 303
    assert _due(app, "reminder") != before
    schedule = client.post(f"/events/{event_id}/mail/schedule", data={"kind": "invitation", "csrf_token": token})
    assert schedule.status_code == 303 and "action=schedule" in schedule.headers["Location"]


def test_post_event_send_is_refused_over_http_and_the_button_says_why(app, client):
    event_id = _signed_in(app, client, **FUTURE)
    page = client.get(f"/events/{event_id}/mail").get_data(as_text=True)
    assert 'class="danger" disabled aria-describedby="why-reminder"' in page
    assert "cannot go out before the event ends (20 Mar 2031, 21:00, Europe/Paris)" in page
    # The mail page shows when each kind is due, in the event's time zone: 09:00 the morning after.
    assert "21 Mar 2031, 09:00" in page and "22 Mar 2031, 21:00" in page
    token = csrf_token(client, f"/events/{event_id}/mail")
    before = _due(app, "nudge")
    confirm = client.get(f"/events/{event_id}/mail/confirm?action=send&kind=nudge").get_data(as_text=True)
    assert "before the event ends" in confirm and 'value="yes"' not in confirm
    response = client.post(f"/events/{event_id}/mail/send", data={"kind": "nudge", "csrf_token": token,
                                                                  "confirm": "yes"}, follow_redirects=True)
    assert "before the event ends" in response.get_data(as_text=True)
    assert _due(app, "nudge") == before
