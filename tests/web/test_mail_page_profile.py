"""The profile phase's e-mails on the organizer's mail page: invitation, reminder and day-before reminder
with their counts and due times in the event's time zone, behind the same confirmation as the other kinds."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from tests.builders import linked_event
from tests.helpers import csrf_token, same_origin, sign_in
from web.extensions import db
from web.models import Event, OutboxMessage, utcnow
from web.services import profile_phase

OPEN = dt.datetime(2100, 1, 1)
LABELS = {"profile_invite": "Invitation to complete the profile",
          "profile_reminder": "Profile reminder, 48 hours before the deadline",
          "day_before": "Reminder the day before the event"}


@pytest.fixture
def event_id(app, client):
    """Four people, not matched, starting 12 June 2031 19:00 Paris, profiles due 5 June 18:00; signed in."""
    from web.passwords import hash_password

    same_origin(client)
    with app.test_request_context():
        linked_event(published=False, edit_until=OPEN, starts_at=dt.datetime(2031, 6, 12, 19, 0))
        event = db.session.scalar(select(Event))
        event.organizer.password_hash = hash_password("correct horse battery")
        event.matched_at = None
        for m in list(event.matches):
            db.session.delete(m)
        profile_phase.update_settings(event, deadline=dt.datetime(2031, 6, 5, 18, 0))
        db.session.commit()
        event_id = event.id
    sign_in(client)
    return event_id


def _row(html: str, kind: str) -> list[str]:
    """The cells of ``kind``'s row in the "By kind" table, as text."""
    row = re.search(rf"<tr><th scope=\"row\">{re.escape(LABELS[kind])}</th>(.*?)</tr>", html, re.S)
    assert row, f"no row for {kind}"
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<td>(.*?)</td>", row.group(1), re.S)]


def _rows(app, kind):
    with app.app_context():
        return db.session.execute(select(OutboxMessage.status, OutboxMessage.due_at).where(
            OutboxMessage.kind == kind).order_by(OutboxMessage.attendee_id)).all()


def _act(client, event_id, action, kind, confirm=True):
    data = {"kind": kind, "csrf_token": csrf_token(client, f"/events/{event_id}/mail")}
    if confirm:
        data["confirm"] = "yes"
    return client.post(f"/events/{event_id}/mail/{action}", data=data)


def test_the_three_kinds_are_listed_with_counts_and_local_due_times(app, client, event_id):
    html = client.get(f"/events/{event_id}/mail").get_data(as_text=True)
    invite, reminder, day_before = (_row(html, kind) for kind in LABELS)
    assert invite[:2] == ["0", "0"] and invite[5] == "when you invite the attendees"
    assert reminder[5] == "3 Jun 2031, 18:00" and day_before[5] == "11 Jun 2031, 10:00"  # Europe/Paris
    assert "Invite the attendees before reminding them." in reminder[6]  # why "Send now" is disabled
    # The preview menu offers them too.
    assert re.search(r'<option value="day_before">Reminder the day before the event</option>', html)


def test_invite_schedule_send_and_cancel_go_through_the_confirmation(app, client, event_id):
    response = _act(client, event_id, "schedule", "profile_invite", confirm=False)
    assert response.status_code == 303 and "action=schedule" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Schedule? · Invitation to complete the profile" in page and "4 people will receive it" in page
    assert _rows(app, "profile_invite") == []  # nothing happened yet
    _act(client, event_id, "schedule", "profile_invite")
    assert [status for status, _ in _rows(app, "profile_invite")] == ["queued"] * 4
    html = client.get(f"/events/{event_id}/mail").get_data(as_text=True)
    assert _row(html, "profile_invite")[0] == "4" and _row(html, "profile_reminder")[0] == "4"
    page = client.get(f"/events/{event_id}/mail/confirm?action=schedule&kind=profile_invite").get_data(as_text=True)
    assert "0 people will receive it" in page  # nobody is invited twice
    assert re.fullmatch(r"\d{1,2} \w{3} \d{4}, \d\d:\d\d", _row(html, "profile_invite")[5])  # when they were invited
    # Send the reminder now: confirmed first, then due at once.
    page = client.get(f"/events/{event_id}/mail/confirm?action=send&kind=profile_reminder").get_data(as_text=True)
    assert "Send now? · Profile reminder, 48 hours before the deadline" in page and "4 people" in page
    _act(client, event_id, "send", "profile_reminder")
    assert all(due <= utcnow() for _, due in _rows(app, "profile_reminder"))
    # Cancel the day-before reminder, then schedule it again: back at 10:00 Paris (08:00 UTC) the day before.
    _act(client, event_id, "cancel", "day_before", confirm=False)
    assert {status for status, _ in _rows(app, "day_before")} == {"cancelled"}
    _act(client, event_id, "schedule", "day_before")
    assert set(_rows(app, "day_before")) == {("queued", dt.datetime(2031, 6, 11, 8, 0))}


def test_refusals_say_why_in_french(app, client, event_id):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr-FR,fr;q=0.9"
    html = client.get(f"/events/{event_id}/mail").get_data(as_text=True)
    assert "Rappel la veille de l'événement" in html and "quand vous invitez les participants" in html
    assert "Invitez les participants avant de leur envoyer un rappel." in html
    response = _act(client, event_id, "send", "profile_reminder")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Invitez les participants avant de leur envoyer un rappel." in page
    assert _rows(app, "profile_reminder") == []
