"""Hardening (issue 12), from the attacker's side: ids past 32 bits, NUL bytes, chunked uploads, caching.

Items 4 (a chunked upload over the limit), 5 (unhandled 500s) and 10
(``Cache-Control`` on organizer pages), by HTTP requests through the test
client; they run on SQLite and, with ``TEST_DATABASE_URL``, on PostgreSQL,
where a NUL byte or an id past 2^31 used to be a database error.
"""

from __future__ import annotations

import datetime as dt
import io
import os

import pytest
from werkzeug.test import EnvironBuilder

from tests.builders import attendee_csv, circle_event, count_attendees, linked_event
from tests.helpers import create_organizer, csrf_token, same_origin, sign_in, signed_in_event

HUGE_IDS = ("2147483648", "9223372036854775808", "99999999999999999999999")


@pytest.fixture
def organizer_event(app, client):
    """A signed-in organizer and a matched event of theirs (six attendees)."""
    same_origin(client)
    organizer_id = create_organizer(app)
    sign_in(client)
    return circle_event(app, organizer_id)


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_portal_ids_past_the_largest_are_404(client, organizer_event, huge):
    for path in (f"/events/{huge}", f"/events/{huge}/attendees", f"/events/{huge}/rules", f"/events/{huge}/mail",
                 f"/events/{organizer_event}/attendees/{huge}/link",
                 f"/events/{organizer_event}/mail/preview?attendee={huge}",
                 f"/events/{organizer_event}/attendees?page={huge}"):
        assert client.get(path).status_code == 404, path
    token = csrf_token(client, f"/events/{organizer_event}/rules")
    response = client.post(f"/events/{organizer_event}/rules", data={"csrf_token": token, "delete": huge})
    assert response.status_code == 400  # "No such rule", not a crash


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_attendee_ids_past_the_largest_are_404(app, huge):
    with app.app_context():
        tokens = linked_event()
    client = app.test_client()
    token = tokens["ana@example.org"]
    csrf = csrf_token(client, f"/m/{token}")
    response = client.post(f"/m/{token}/met/{huge}", data={"csrf_token": csrf, "met": "1"})
    assert response.status_code == 404


def test_a_nul_byte_in_any_field_is_a_400(app, client, organizer_event):
    token = csrf_token(client, f"/events/{organizer_event}/edit")
    response = client.post(f"/events/{organizer_event}/edit", data={
        "csrf_token": token, "name": "Spring\x00meetup", "date": "2030-06-12", "start_time": "18:30",
        "timezone": "Europe/Paris", "language": "en", "slot_minutes": "15", "followup_time": "09:00",
        "reminder_hours": "48"})
    assert response.status_code == 400
    assert "Spring meetup" in client.get(f"/events/{organizer_event}").get_data(as_text=True)
    assert client.get("/events/new?x=\x00").status_code == 400

    anonymous = app.test_client()
    token = csrf_token(anonymous, "/signin")
    response = anonymous.post("/signin", data={"csrf_token": token, "email": "org@example.org\x00",
                                               "password": "correct horse battery"})
    assert response.status_code == 400


def test_a_nul_byte_in_a_profile_field_is_a_400(app):
    with app.app_context():
        tokens = linked_event(edit_until=dt.datetime(2100, 1, 1))
    client = app.test_client()
    token = tokens["ana@example.org"]
    csrf = csrf_token(client, f"/m/{token}")
    response = client.post(f"/m/{token}/profile", data={"csrf_token": csrf, "name": "Ana\x00", "bio": "x"})
    assert response.status_code == 400
    assert "Ana Martin" in client.get(f"/m/{token}").get_data(as_text=True)


def _chunked(client, path: str, body: bytes, content_type: str):
    environ = EnvironBuilder(path=path, method="POST", input_stream=io.BytesIO(body),
                             content_type=content_type).get_environ()
    environ.pop("CONTENT_LENGTH", None)
    environ["HTTP_TRANSFER_ENCODING"] = "chunked"
    environ["wsgi.input_terminated"] = True  # gunicorn's promise for chunked bodies
    return client.open(path=path, method="POST", environ_overrides=environ)


def test_a_chunked_upload_over_the_limit_is_413_and_stages_nothing(app, client):
    event_id = signed_in_event(app, client)
    token = csrf_token(client, f"/events/{event_id}/upload")
    app.config["MAX_CONTENT_LENGTH"] = 4000
    data = attendee_csv(200)
    assert len(data) > 4000
    boundary = "hardening"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"people.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    response = _chunked(client, f"/events/{event_id}/upload", body, f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413
    staging = app.config["UPLOAD_STAGING_DIR"] or f"{app.instance_path}/uploads"

    assert not os.path.isdir(staging) or not [n for n in os.listdir(staging) if n.startswith(f"event{event_id}-")]
    assert count_attendees(app, event_id) == 0


def test_organizer_pages_and_exports_are_never_cached(client, organizer_event):
    for path in ("/", f"/events/{organizer_event}", f"/events/{organizer_event}/attendees",
                 f"/events/{organizer_event}/rules", f"/events/{organizer_event}/mail",
                 f"/events/{organizer_event}/export/matches.csv", f"/events/{organizer_event}/export/attendees.csv",
                 f"/events/{organizer_event}/upload", "/tokens"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
    assert "no-store" not in client.get("/static/style.css").headers.get("Cache-Control", "")
