"""Every error under /api takes the one JSON shape; other paths keep their HTML pages."""

from __future__ import annotations

import pytest

from api.json_errors import error_response
from tests.api.conftest import EVENT, assert_error


def test_unknown_api_path_is_json_404(client):
    assert_error(client.get("/api/nowhere"), 404, "not_found")
    assert_error(client.get("/api"), 404, "not_found")


def test_unknown_web_path_stays_html(client):
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_wrong_method_is_json_405_with_allow(client, auth):
    response = client.delete("/api/events", headers=auth)
    assert_error(response, 405, "method_not_allowed")
    assert "POST" in response.headers["Allow"]


@pytest.mark.parametrize("body", [b"{not json", b"", b"\xff\xfe"])
def test_bad_json_is_400(client, auth, body):
    response = client.post("/api/events", data=body, content_type="application/json", headers=auth)
    error = assert_error(response, 400, "bad_request")
    assert "JSON" in error["message"]


def test_json_that_is_not_an_object_is_422(client, auth):
    assert_error(client.post("/api/events", json=[EVENT], headers=auth), 422, "unprocessable_entity")


def test_too_large_body_is_json_413(app, client, auth, event_id):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.put(f"/api/events/{event_id}/attendees", data=b"x" * 5000,
                          content_type="text/csv", headers=auth)
    error = assert_error(response, 413, "request_entity_too_large")
    assert "smaller" in error["message"]


def test_service_error_keeps_its_field(client, auth):
    response = client.post("/api/events", json={**EVENT, "timezone": "Mars/Olympus"}, headers=auth)
    error = assert_error(response, 422)
    assert error["details"][0]["field"] == "timezone"


def test_crash_is_json_500_without_internals(app, client, auth, monkeypatch):
    import web.services.events as events

    def explode(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(events, "get_event_for", explode)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/api/events/1", headers=auth)
    error = assert_error(response, 500, "internal_server_error")
    assert "secret" not in response.get_data(as_text=True)
    assert "logged" in error["message"]


def test_crash_outside_api_stays_html(app, client, monkeypatch):
    @app.get("/boom-for-test")
    def boom():
        raise RuntimeError("boom")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/boom-for-test")
    assert response.status_code == 500
    assert response.mimetype == "text/html"


def test_rate_limit_is_json_429(app, client, auth):
    app.config["API_RATE_LIMIT"] = "2 per minute"
    for _ in range(2):
        assert client.get("/api/events", headers=auth).status_code == 200
    error = assert_error(client.get("/api/events", headers=auth), 429, "too_many_requests")
    assert "wait" in error["message"]


def test_error_response_derives_the_code(app):
    with app.app_context():
        body = error_response(409, "Already there.", details=[{"field": "x", "message": "y"}]).get_json()
    assert body == {"error": {"status": 409, "code": "conflict", "message": "Already there.",
                              "details": [{"field": "x", "message": "y"}]}}
