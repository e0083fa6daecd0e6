"""The API after publishing: PUT attendees applies the minimal change; GET changes tells who was told."""

from __future__ import annotations

from tests.api.conftest import SMALL_CSV, assert_error

LATE = b"\np8@example.org;Person 8;Company 8;skill 1;skill 2"


def _published(client, auth, event_id):
    base = f"/api/events/{event_id}"
    assert client.put(f"{base}/attendees", data=SMALL_CSV, content_type="text/csv", headers=auth).status_code == 200
    assert client.post(f"{base}/matching", headers=auth).status_code == 202
    assert client.post(f"{base}/publish", headers=auth).status_code == 200
    return base


def _pairs(client, auth, base):
    return {(p["a"], p["b"], p["round"]) for p in client.get(f"{base}/matches", headers=auth).get_json()["pairs"]}


def test_put_after_publishing_applies_the_minimal_change(app, client, auth, event_id):
    base = _published(client, auth, event_id)
    before = _pairs(client, auth, base)
    assert client.get(f"{base}/changes", headers=auth).get_json() == []
    response = client.put(f"{base}/attendees", data=SMALL_CSV + LATE, content_type="text/csv", headers=auth)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["created"] == 1 and body["changes_url"].endswith(f"{base}/changes")
    change = body["changes"]
    assert change["status"] == "applied" and change["new"] == ["p8@example.org"]
    after = _pairs(client, auth, base)
    removed = {(p["a"], p["b"], p["round"]) for p in change["removed"]}
    added = {(p["a"], p["b"], p["round"]) for p in change["added"]}
    assert before - after == removed and after - before == added
    assert any("p8@example.org" in (a, b) for a, b, _ in added)
    assert len(removed) <= 3
    assert "p8@example.org" in change["notified"]
    assert {e for p in change["removed"] + change["added"] for e in (p["a"], p["b"])} <= set(change["notified"])
    log = client.get(f"{base}/changes", headers=auth).get_json()
    assert [c["id"] for c in log] == [change["id"]]
    # The same list again changes nothing; neither does re-running the matching.
    again = client.put(f"{base}/attendees", data=SMALL_CSV + LATE, content_type="text/csv", headers=auth)
    assert again.get_json()["changes"] is None
    rerun = client.post(f"{base}/matching", headers=auth)
    assert rerun.status_code == 200 and rerun.get_json()["changes"] is None
    assert _pairs(client, auth, base) == after


def test_removing_an_attendee_tells_their_partners(app, client, auth, event_id):
    base = _published(client, auth, event_id)
    partners = {b if a == "p0@example.org" else a for a, b, _ in _pairs(client, auth, base)
                if "p0@example.org" in (a, b)}
    without_p0 = b"\n".join(line for line in SMALL_CSV.split(b"\n") if not line.startswith(b"p0@"))
    response = client.put(f"{base}/attendees?remove_missing=true", data=without_p0, content_type="text/csv",
                          headers=auth)
    change = response.get_json()["changes"]
    assert change["left"] == ["p0@example.org"]
    assert {p["code"] for p in change["removed"] if "p0@example.org" in (p["a"], p["b"])} == {"left"}
    assert partners <= set(change["notified"]) and "p0@example.org" not in change["notified"]


def test_changes_of_someone_elses_event_are_404(client, auth, other_auth, event_id):
    assert_error(client.get(f"/api/events/{event_id}/changes", headers=other_auth), 404)
    assert client.get(f"/api/events/{event_id}/changes", headers=auth).get_json() == []


def test_patching_the_start_time_reinvites_everybody(app, client, auth, event_id):
    base = _published(client, auth, event_id)
    response = client.patch(f"/api/events/{event_id}", json={"starts_at": "2030-06-12T19:00"}, headers=auth)
    assert response.status_code == 200, response.get_json()
    log = client.get(f"{base}/changes", headers=auth).get_json()
    assert [c["kind"] for c in log] == ["settings"]
    assert "starts_at" in log[0]["fields"] and len(log[0]["notified"]) == 8
    # A change that moves nothing tells nobody.
    client.patch(f"/api/events/{event_id}", json={"name": "Demo night 2"}, headers=auth)
    assert len(client.get(f"{base}/changes", headers=auth).get_json()) == 1
