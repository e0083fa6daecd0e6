"""The profile phase through the API: settings, invitations, completeness, the reminder, and an
attendee's wishes as the organizer holds them."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.api.conftest import EVENT, assert_error

# Four complete profiles, one with needs only, one empty; Eve refused e-mail.
PEOPLE = (b"email;name;offers;needs;consent\n"
          b"ana@example.org;Ana;pricing;hiring;yes\n"
          b"bo@example.org;Bo;hiring;fundraising;yes\n"
          b"cy@example.org;Cy;fundraising;pricing;yes\n"
          b"dee@example.org;Dee;export;design;yes\n"
          b"eve@example.org;Eve;;design;no\n"
          b"fay@example.org;Fay;;;yes\n")
SETTINGS = {"deadline": "2030-06-10T18:00", "topics": ["Pricing", "Hiring", "pricing"], "match_at_deadline": True}


@pytest.fixture
def phase_event(client, auth, event_id):
    response = client.put(f"/api/events/{event_id}/attendees", data=PEOPLE, content_type="text/csv", headers=auth)
    assert response.status_code == 200, response.get_json()
    return event_id


def _ids(client, auth, event_id) -> dict[str, int]:
    return {a["email"]: a["id"] for a in client.get(f"/api/events/{event_id}/attendees", headers=auth).get_json()}


def _outbox(app, event_id, kind):
    from web.extensions import db
    from web.models import OutboxMessage

    with app.app_context():
        return [(m.attendee_id, m.status, m.due_at) for m in db.session.query(OutboxMessage).filter_by(
            event_id=event_id, kind=kind).order_by(OutboxMessage.attendee_id)]


def test_settings_and_completeness(client, auth, phase_event):
    base = f"/api/events/{phase_event}/profile-phase"
    phase = client.get(base, headers=auth).get_json()
    assert (phase["deadline"], phase["invited_at"], phase["match_at_deadline"]) == (None, None, False)
    figures = phase["completeness"]
    assert (figures["total"], figures["completed"], figures["empty"], figures["opened"]) == (6, 4, 1, 0)
    assert 0 <= figures["weak_share"] <= 1
    phase = client.put(base, json=SETTINGS, headers=auth).get_json()
    assert (phase["deadline"], phase["deadline_utc"]) == ("2030-06-10T18:00", "2030-06-10T16:00:00Z")  # Paris, summer
    assert phase["topics"] == ["Pricing", "Hiring"] and phase["match_at_deadline"] is True
    assert phase["mail"]["profile_reminder"]["due_at"] == "2030-06-08T16:00:00Z"
    assert phase["mail"]["day_before"]["due_at"] == "2030-06-11T08:00:00Z"  # 10:00 local, the day before
    # Fields not sent are kept; a publish at the deadline needs the matching at the deadline.
    kept = client.put(base, json={"publish_at_deadline": True}, headers=auth).get_json()
    assert (kept["deadline"], kept["topics"], kept["publish_at_deadline"]) == ("2030-06-10T18:00", ["Pricing", "Hiring"],
                                                                              True)


@pytest.mark.parametrize("body, field, words", [
    ({"deadline": "2030-06-13T09:00"}, "deadline", "before the event starts"),
    ({"deadline": "2020-01-01T09:00"}, "deadline", "in the future"),
    ({"deadline": "2030-06-10T18:00+02:00"}, "deadline", "without offset"),
    ({"deadline": "next week"}, "deadline", "local time such as"),
    ({"topics": "Pricing"}, "topics", "Fix these fields: topics"),
    ({"colour": "red"}, "colour", "Fix these fields: colour"),
    ({"match_at_deadline": True, "deadline": None}, "deadline", "Set a deadline"),
], ids=["after-start", "past", "offset", "not-a-time", "topics-text", "unknown", "match-without-deadline"])
def test_bad_settings_are_422_with_the_field(client, auth, phase_event, body, field, words):
    error = assert_error(client.put(f"/api/events/{phase_event}/profile-phase", json=body, headers=auth), 422)
    assert words in error["message"] and error["details"][0]["field"] == field


def test_invite_with_settings_queues_the_three_kinds_once(app, client, auth, phase_event):
    base = f"/api/events/{phase_event}/profile-phase"
    error = assert_error(client.post(f"{base}/invite", headers=auth), 422)
    assert "Set a deadline in the future before inviting" in error["message"]
    body = client.post(f"{base}/invite", json=SETTINGS, headers=auth).get_json()
    assert body["invited"] == 5 and body["invited_at"].endswith("Z")  # Eve refused e-mail
    assert body["mail"]["profile_invite"]["queued"] == 5 and body["mail"]["profile_reminder"]["queued"] == 5
    assert body["mail"]["day_before"]["queued"] == 5 and body["deadline"] == "2030-06-10T18:00"
    again = client.post(f"{base}/invite", headers=auth).get_json()
    assert again["invited"] == 0 and again["mail"]["profile_invite"]["queued"] == 5
    reminders = _outbox(app, phase_event, "profile_reminder")
    assert {due for _, _, due in reminders} == {dt.datetime(2030, 6, 8, 16, 0)}


def test_the_reminder_is_sent_or_scheduled(app, client, auth, phase_event):
    base = f"/api/events/{phase_event}/profile-phase"
    client.put(base, json=SETTINGS, headers=auth)
    error = assert_error(client.post(f"{base}/reminder", json={"action": "send"}, headers=auth), 422)
    assert error["message"] == "Invite the attendees before reminding them."
    client.post(f"{base}/invite", headers=auth)
    error = assert_error(client.post(f"{base}/reminder", json={"action": "later"}, headers=auth), 422)
    assert error["details"][0]["field"] == "action"
    # The organizer cancels the reminders on the mail page; scheduling brings them back at their time.
    from web.extensions import db
    from web.mail import outbox
    from web.models import Event

    with app.app_context():
        assert outbox.cancel(db.session.get(Event, phase_event), "profile_reminder") == 5
        db.session.commit()
    body = client.post(f"{base}/reminder", json={"action": "schedule"}, headers=auth).get_json()
    assert (body["action"], body["emails"], body["mail"]["profile_reminder"]["queued"]) == ("schedule", 5, 5)
    body = client.post(f"{base}/reminder", json={"action": "send"}, headers=auth).get_json()
    assert (body["action"], body["emails"]) == ("send", 5)
    assert all(due < dt.datetime(2030, 1, 1) for _, status, due in _outbox(app, phase_event, "profile_reminder"))


def test_wishes_read_and_written_by_the_organizer(app, client, auth, other_auth, phase_event):
    ids = _ids(client, auth, phase_event)
    url = f"/api/events/{phase_event}/attendees/{ids['ana@example.org']}/wishes"
    assert client.get(url, headers=auth).get_json() == {"meet": [], "avoid": []}
    body = client.put(url, json={"meet": ["BO@example.org", "cy@example.org"], "avoid": ["fay@example.org"]},
                      headers=auth).get_json()
    assert [w["email"] for w in body["meet"]] == ["bo@example.org", "cy@example.org"]
    assert body["avoid"] == [{"email": "fay@example.org", "name": "Fay", "source": "file", "listed": False}]
    assert client.get(url, headers=auth).get_json() == body
    # The engine takes them, unlisted people included (the organizer collected them).
    from web.extensions import db
    from web.models import Event
    from web.services.guest_list import engine_wishes

    with app.app_context():
        assert engine_wishes(db.session.get(Event, phase_event)) == [
            ("ana@example.org", "bo@example.org", "meet"), ("ana@example.org", "cy@example.org", "meet"),
            ("ana@example.org", "fay@example.org", "avoid")]
    body = client.put(url, json={"meet": ["cy@example.org"]}, headers=auth).get_json()
    assert [w["email"] for w in body["meet"]] == ["cy@example.org"] and body["avoid"] == []


@pytest.mark.parametrize("body, words", [
    ({"meet": ["bo@example.org", "cy@example.org", "dee@example.org", "eve@example.org"]}, "At most 3 people"),
    ({"meet": ["ana@example.org"]}, "cannot name themselves"),
    ({"meet": ["bo@example.org"], "avoid": ["bo@example.org"]}, "in both lists: bo@example.org"),
    ({"meet": ["nobody@example.org"]}, "Not attendees of this event: nobody@example.org"),
    ({"meet": "bo@example.org"}, "must be a list of e-mail addresses"),
    ({"want": []}, "The body must be a JSON object"),
], ids=["four", "self", "both", "unknown", "not-a-list", "unknown-field"])
def test_bad_wishes_are_422(client, auth, phase_event, body, words):
    url = f"/api/events/{phase_event}/attendees/{_ids(client, auth, phase_event)['ana@example.org']}/wishes"
    assert words in assert_error(client.put(url, json=body, headers=auth), 422)["message"]


def test_wishes_of_someone_else_are_404_and_published_is_409(client, auth, other_auth, phase_event):
    ana = _ids(client, auth, phase_event)["ana@example.org"]
    assert_error(client.get(f"/api/events/{phase_event}/attendees/{ana}/wishes", headers=other_auth), 404)
    other_event = client.post("/api/events", json=EVENT, headers=auth).get_json()["id"]
    assert_error(client.get(f"/api/events/{other_event}/attendees/{ana}/wishes", headers=auth), 404)
    assert_error(client.get(f"/api/events/{phase_event}/profile-phase", headers=other_auth), 404)
    assert client.post(f"/api/events/{phase_event}/matching", headers=auth).status_code == 202
    assert client.post(f"/api/events/{phase_event}/publish", headers=auth).status_code == 200
    error = assert_error(client.put(f"/api/events/{phase_event}/attendees/{ana}/wishes",
                                    json={"meet": ["bo@example.org"]}, headers=auth), 409)
    assert "published" in error["message"]
    error = assert_error(client.post(f"/api/events/{phase_event}/profile-phase/reminder", json={"action": "send"},
                                     headers=auth), 422)
    assert error["message"] == "The matching is already published: attendees have their conversations."
