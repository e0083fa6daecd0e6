"""The API end to end: event, attendee file, matching, matches, publication, links.

Also: another organizer's event answers 404 on every route that takes an id.
"""

from __future__ import annotations

import io

import pytest

from tests.api.conftest import SMALL_CSV, assert_error

ROUTES_WITH_ID = [
    ("get", "/api/events/{id}"), ("put", "/api/events/{id}/attendees"), ("get", "/api/events/{id}/attendees"),
    ("post", "/api/events/{id}/matching"), ("get", "/api/events/{id}/matching"),
    ("get", "/api/events/{id}/matches"), ("post", "/api/events/{id}/publish"), ("get", "/api/events/{id}/changes"),
]


def _synthetic_csv(n: int) -> bytes:
    from matchmaker import synthetic

    return synthetic.to_csv(synthetic.generate_event(n, seed=3).attendees)


def test_end_to_end(app, client, auth, event_id):
    base = f"/api/events/{event_id}"
    report = client.put(f"{base}/attendees", data=_synthetic_csv(12), content_type="text/csv", headers=auth)
    assert report.status_code == 200, report.get_json()
    report = report.get_json()
    assert report["accepted"] == report["created"] == 12
    assert report["rejected"] == [] and report["removed"] == 0

    assert_error(client.get(f"{base}/matching", headers=auth), 404, "not_started")
    started = client.post(f"{base}/matching", headers=auth)
    assert started.status_code == 202
    assert started.headers["Location"].endswith(f"{base}/matching")
    job = started.get_json()
    assert job["status"] in {"queued", "running", "done"}
    status = client.get(f"{base}/matching", headers=auth).get_json()
    assert status["id"] == job["id"]
    assert status["status"] == "done", status  # 12 attendees run within the request
    assert status["progress"] == 1.0 and status["finished_at"].endswith("Z")

    matches = client.get(f"{base}/matches", headers=auth).get_json()
    emails = {a["email"] for a in matches["attendees"]}
    assert len(emails) == 12
    assert matches["pairs"] and {"unmatched", "stats"} <= set(matches)
    for pair in matches["pairs"]:
        assert {pair["a"], pair["b"]} <= emails and pair["round"] >= 1
    for person in matches["attendees"]:
        assert set(person["partners"]) <= emails - {person["email"]}

    attendees = client.get(f"{base}/attendees", headers=auth).get_json()
    assert len(attendees) == 12 and all(a["link"] is None for a in attendees)

    published = client.post(f"{base}/publish", headers=auth)
    assert published.status_code == 200
    body = published.get_json()
    assert body["published_at"].endswith("Z") and body["invitations_queued"] > 0
    again = client.post(f"{base}/publish", headers=auth).get_json()
    assert again["invitations_queued"] == 0  # idempotent

    listing = client.get(f"{base}/attendees", headers=auth)
    assert listing.headers["Cache-Control"] == "no-store"  # private links
    links = [a["link"] for a in listing.get_json()]
    assert all(link.startswith("https://matchmaker.test/m/") for link in links)
    assert len(set(links)) == 12
    assert client.get(links[0].removeprefix("https://matchmaker.test")).status_code == 200
    assert client.get(base, headers=auth).get_json()["published_at"] == body["published_at"]


def test_large_event_is_queued_for_the_worker(app, client, auth, event_id):
    app.config["MATCH_IN_REQUEST_MAX"] = 3
    base = f"/api/events/{event_id}"
    client.put(f"{base}/attendees", data=SMALL_CSV, content_type="text/csv", headers=auth)
    started = client.post(f"{base}/matching", headers=auth)
    assert started.status_code == 202 and started.get_json()["status"] == "queued"
    status = client.get(started.headers["Location"], headers=auth).get_json()
    assert (status["status"], status["progress"], status["finished_at"]) == ("queued", 0.0, None)
    again = client.post(f"{base}/matching", headers=auth).get_json()
    assert again["id"] == status["id"]  # one job at a time


def test_multipart_upload_and_remove_missing(client, auth, event_id):
    url = f"/api/events/{event_id}/attendees"
    first = client.put(url, data={"file": (io.BytesIO(SMALL_CSV), "people.csv")}, headers=auth)
    assert first.status_code == 200 and first.get_json()["created"] == 8
    fewer = b"\n".join(SMALL_CSV.splitlines()[:5]) + b"\nnot-an-email;Nobody;X;a;b\n"
    second = client.put(f"{url}?remove_missing=true", data=fewer, content_type="text/csv", headers=auth).get_json()
    assert (second["accepted"], second["created"], second["removed"]) == (4, 0, 4)
    assert [r["line"] for r in second["rejected"]] == [6]
    assert len(client.get(url, headers=auth).get_json()) == 4


def test_multipart_without_file_is_422(client, auth, event_id):
    response = client.put(f"/api/events/{event_id}/attendees", data={"other": "x"}, headers=auth)
    assert assert_error(response, 422)["details"][0]["field"] == "file"


def test_unreadable_file_is_422_with_the_readers_sentence(client, auth, event_id):
    response = client.put(f"/api/events/{event_id}/attendees", data=b"name;company\nAda;X\n",
                          content_type="text/csv", headers=auth)
    assert "mail" in assert_error(response, 422)["message"].lower()


def test_bad_remove_missing_is_422(client, auth, event_id):
    response = client.put(f"/api/events/{event_id}/attendees?remove_missing=maybe", data=SMALL_CSV, headers=auth)
    assert assert_error(response, 422)["details"][0]["field"] == "remove_missing"


def test_publish_before_matching_is_409(client, auth, event_id):
    assert_error(client.post(f"/api/events/{event_id}/publish", headers=auth), 409, "conflict")


@pytest.mark.parametrize("method,route", ROUTES_WITH_ID)
def test_other_organizers_event_is_404(client, auth, other_auth, event_id, method, route):
    url = route.format(id=event_id)
    kwargs = {"data": SMALL_CSV, "content_type": "text/csv"} if method == "put" else {}
    error = assert_error(getattr(client, method)(url, headers=other_auth, **kwargs), 404, "not_found")
    assert "event" in error["message"].lower()
    # ...and nothing happened to the owner's event.
    assert client.get(f"/api/events/{event_id}/attendees", headers=auth).get_json() == []
