"""The event-day API contract: check-ins, the re-pairing of a round, and the matches after it."""

from __future__ import annotations

from sqlalchemy import select

from tests.api.conftest import assert_error, token_for
from tests.builders import dayof_event
from web.extensions import db
from web.models import Attendee, Organizer


def _event_with_token(app, n=12):
    token = token_for(app, "api-day@example.org")
    with app.app_context():
        organizer_id = db.session.scalar(select(Organizer.id).where(Organizer.email == "api-day@example.org"))
    return dayof_event(app, n, organizer_id=organizer_id), {"Authorization": f"Bearer {token}"}


def _presence(app, event_id):
    with app.app_context():
        return {a.email: a.presence for a in db.session.scalars(select(Attendee).where(Attendee.event_id == event_id))}


def test_checkins_count_and_mark(app, client):
    event_id, auth = _event_with_token(app)
    body = {"present": ["d0@example.org", "D1@Example.org ", "d0@example.org"], "absent": ["d2@example.org"]}
    response = client.post(f"/api/events/{event_id}/checkins", json=body, headers=auth)
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"present": 2, "absent": 1}
    presence = _presence(app, event_id)
    assert presence["d0@example.org"] == presence["d1@example.org"] == "present"
    assert presence["d2@example.org"] == "absent" and presence["d3@example.org"] == ""


def test_unknown_emails_answer_422_listing_them_and_change_nothing(app, client):
    event_id, auth = _event_with_token(app)
    body = {"present": ["d0@example.org", "ghost@example.org"], "absent": ["nobody@example.org"]}
    error = assert_error(client.post(f"/api/events/{event_id}/checkins", json=body, headers=auth), 422)
    assert sorted(d["email"] for d in error["details"]) == ["ghost@example.org", "nobody@example.org"]
    assert _presence(app, event_id)["d0@example.org"] == ""


def test_checkins_of_another_organizers_event_are_404(app, client, auth):
    event_id, _ = _event_with_token(app)
    assert_error(client.post(f"/api/events/{event_id}/checkins", json={"present": []}, headers=auth), 404)


def test_repair_contract_and_matches_after_it(app, client):
    event_id, auth = _event_with_token(app)
    everyone = [f"d{i}@example.org" for i in range(12)]
    absent = ["d1@example.org", "d4@example.org", "d7@example.org"]  # 25%
    present = [e for e in everyone if e not in absent]
    assert client.post(f"/api/events/{event_id}/checkins", json={"present": present, "absent": absent},
                       headers=auth).status_code == 200
    before = client.get(f"/api/events/{event_id}/matches", headers=auth).get_json()
    response = client.post(f"/api/events/{event_id}/rounds/2/repair", headers=auth)
    assert response.status_code == 200, response.get_json()
    fix = response.get_json()
    assert set(fix) >= {"dissolved", "created", "unpaired"}
    assert fix["dissolved"] and all(set(p) == {"a", "b"} for p in fix["dissolved"])
    assert all({"a", "b", "round"} <= set(p) and p["round"] == 2 for p in fix["created"])
    assert all({"email", "reason"} <= set(u) for u in fix["unpaired"])
    for pair in fix["dissolved"]:
        assert {pair["a"], pair["b"]} & set(absent)
    after = client.get(f"/api/events/{event_id}/matches", headers=auth).get_json()
    round2 = [p for p in after["pairs"] if p["round"] == 2]
    assert not {e for p in round2 for e in (p["a"], p["b"])} & set(absent)  # absent people excluded
    created = {(p["a"], p["b"]) for p in fix["created"]}
    assert created <= {tuple(sorted((p["a"], p["b"]))) for p in round2}
    assert all("questions_for_a" in p and "a_helps_b" in p for p in round2)  # engine JSON shape
    assert [p for p in after["pairs"] if p["round"] != 2] == [p for p in before["pairs"] if p["round"] != 2]
    # Re-running with nothing new changes nothing.
    again = client.post(f"/api/events/{event_id}/rounds/2/repair", headers=auth).get_json()
    assert again["dissolved"] == [] and again["created"] == []
    assert client.get(f"/api/events/{event_id}/matches", headers=auth).get_json()["pairs"] == after["pairs"]


def test_repair_needs_check_in_data_and_an_existing_round(app, client):
    event_id, auth = _event_with_token(app)
    assert_error(client.post(f"/api/events/{event_id}/rounds/2/repair", headers=auth), 409)
    client.post(f"/api/events/{event_id}/checkins", json={"present": ["d0@example.org"]}, headers=auth)
    assert_error(client.post(f"/api/events/{event_id}/rounds/9/repair", headers=auth), 422)
