"""Creating, listing and reading events through the API."""

from __future__ import annotations

import pytest

from tests.api.conftest import EVENT, assert_error


def test_create_returns_201_location_and_the_event(client, auth):
    response = client.post("/api/events", json={**EVENT, "ends_at": "2030-06-12T21:00"}, headers=auth)
    assert response.status_code == 201
    event = response.get_json()
    assert response.headers["Location"].endswith(f"/api/events/{event['id']}")
    assert event["starts_at"] == "2030-06-12T18:30:00"
    assert event["ends_at"] == "2030-06-12T21:00:00"
    assert (event["timezone"], event["language"], event["slot_minutes"]) == ("Europe/Paris", "fr", 15)
    assert event["attendees"] == 0 and event["published_at"] is None
    assert client.get(response.headers["Location"], headers=auth).get_json() == event


@pytest.mark.parametrize("when", ["2030-06-12T18:30+02:00", "2030-06-12T16:30Z"])
def test_time_with_offset_asks_for_local_time(client, auth, when):
    error = assert_error(client.post("/api/events", json={**EVENT, "starts_at": when}, headers=auth), 422)
    assert "local time" in error["message"] and "timezone" in error["message"]
    assert error["details"][0]["field"] == "starts_at"


def test_unparseable_time_is_422(client, auth):
    error = assert_error(client.post("/api/events", json={**EVENT, "starts_at": "tomorrow"}, headers=auth), 422)
    assert "ISO 8601" in error["message"]


def test_missing_unknown_and_mistyped_fields_are_listed(client, auth):
    body = {k: v for k, v in EVENT.items() if k != "name"}
    body.update(slot_minutes=True, colour="blue")
    error = assert_error(client.post("/api/events", json=body, headers=auth), 422)
    assert {d["field"] for d in error["details"]} == {"name", "slot_minutes", "colour"}


@pytest.mark.parametrize("field,value", [("language", "de"), ("slot_minutes", 500), ("timezone", "Nowhere/City")])
def test_service_validation_is_422(client, auth, field, value):
    error = assert_error(client.post("/api/events", json={**EVENT, field: value}, headers=auth), 422)
    assert any(d.get("field") == field for d in error["details"])


def test_list_shows_only_own_events(client, auth, other_auth):
    mine = client.post("/api/events", json=EVENT, headers=auth).get_json()["id"]
    client.post("/api/events", json={**EVENT, "name": "Theirs"}, headers=other_auth)
    listed = client.get("/api/events", headers=auth).get_json()
    assert [e["id"] for e in listed] == [mine]


def test_nothing_is_written_when_creation_fails(client, auth):
    client.post("/api/events", json={**EVENT, "timezone": "Nowhere/City"}, headers=auth)
    assert client.get("/api/events", headers=auth).get_json() == []


def test_huge_event_id_is_404_not_a_crash(client, auth):
    assert_error(client.get(f"/api/events/{2**63}", headers=auth), 404, "not_found")
