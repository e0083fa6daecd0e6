"""Hardening (issue 12), from the attacker's side on the JSON API: deep JSON, NUL, huge ids, chunked bodies."""

from __future__ import annotations

import io

from werkzeug.test import EnvironBuilder

from tests.api.conftest import EVENT, SMALL_CSV, assert_error
from tests.builders import count_attendees


def test_100000_nested_brackets_are_a_400_in_the_api_shape(client, auth):
    response = client.post("/api/events", data="[" * 100_000, content_type="application/json", headers=auth)
    error = assert_error(response, 400)
    assert "levels deep" in error["message"]
    # A bracket inside a string is text, not nesting.
    response = client.post("/api/events", json={**EVENT, "name": "[" * 5000}, headers=auth)
    assert response.status_code == 422  # the name is too long, but the body was read


def test_nul_in_a_json_string_is_a_400(client, auth):
    body = '{"name": "Demo\\u0000night", "starts_at": "2030-06-12T18:30", "timezone": "Europe/Paris",' \
           ' "language": "fr", "slot_minutes": 15}'
    error = assert_error(client.post("/api/events", data=body, content_type="application/json", headers=auth), 400)
    assert "NUL" in error["message"]
    assert client.get("/api/events", headers=auth).get_json() == []


def test_ids_past_32_bits_are_404_not_500(client, auth, event_id):
    for path in ("/api/events/2147483648", "/api/events/9223372036854775808", "/api/events/99999999999999999999",
                 "/api/events/2147483648/matches", "/api/events/2147483648/attendees"):
        assert_error(client.get(path, headers=auth), 404)
    assert client.get(f"/api/events/{event_id}", headers=auth).status_code == 200


def test_event_names_from_the_api_are_cleaned_like_the_import(client, auth):
    response = client.post("/api/events", json={**EVENT, "name": "Demo\u202e night\u200b\r\nBcc: x"}, headers=auth)
    assert response.status_code == 201
    assert response.get_json()["name"] == "Demo night Bcc: x"


def _chunked_put(app, path: str, data: bytes, headers: dict):
    """PUT ``data`` as a chunked body: no Content-Length, the server ends the stream (as gunicorn does)."""
    environ = EnvironBuilder(path=path, method="PUT", input_stream=io.BytesIO(data), content_type="text/csv",
                             headers=headers).get_environ()
    environ.pop("CONTENT_LENGTH", None)
    environ["HTTP_TRANSFER_ENCODING"] = "chunked"
    environ["wsgi.input_terminated"] = True
    return app.test_client().open(environ_overrides=environ, path=path, method="PUT")


def test_a_chunked_body_over_the_limit_is_413_and_changes_nothing(app, client, auth, event_id):
    assert client.put(f"/api/events/{event_id}/attendees", data=SMALL_CSV, content_type="text/csv",
                      headers=auth).status_code == 200
    assert count_attendees(app, event_id) == 8
    app.config["MAX_CONTENT_LENGTH"] = len(SMALL_CSV) + 100
    # A file of other people, longer than the limit: cut at the limit it would still parse,
    # and with remove_missing it would replace the 8 attendees.
    other = b"email;name\n" + b"".join(f"x{i}@example.org;X {i}\n".encode() for i in range(40))
    assert len(other) > app.config["MAX_CONTENT_LENGTH"]
    response = _chunked_put(app, f"/api/events/{event_id}/attendees?remove_missing=true", other, auth)
    assert_error(response, 413)
    assert count_attendees(app, event_id) == 8
    # Exactly at the limit is still accepted.
    exact = SMALL_CSV + b"\n" * 100
    response = _chunked_put(app, f"/api/events/{event_id}/attendees", exact, auth)
    assert response.status_code == 200, response.get_data(as_text=True)


def test_import_reports_people_who_deleted_their_data_instead_of_recreating_them(app, client, auth, event_id):
    from sqlalchemy import select

    from web.extensions import db
    from web.models import Attendee
    from web.services.attendee import delete_data

    url = f"/api/events/{event_id}/attendees"
    assert client.put(url, data=SMALL_CSV, content_type="text/csv", headers=auth).status_code == 200
    with app.app_context():
        delete_data(db.session.scalar(select(Attendee).where(Attendee.email == "p3@example.org")))
        db.session.commit()
    body = client.put(url, data=SMALL_CSV, content_type="text/csv", headers=auth).get_json()
    assert body["created"] == 0 and body["not_recreated"] == 1
    assert count_attendees(app, event_id) == 7
