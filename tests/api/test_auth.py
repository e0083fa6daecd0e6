"""Bearer-token authentication: no token, a wrong one, a revoked one, a session cookie alone."""

from __future__ import annotations

import logging

import pytest

from api.auth import bearer_token
from tests.api.conftest import EVENT, assert_error
from tests.helpers import sign_in

PROTECTED = [
    ("get", "/api/events"), ("post", "/api/events"), ("get", "/api/events/1"),
    ("put", "/api/events/1/attendees"), ("get", "/api/events/1/attendees"),
    ("post", "/api/events/1/matching"), ("get", "/api/events/1/matching"),
    ("get", "/api/events/1/matches"), ("post", "/api/events/1/publish"),
]


@pytest.mark.parametrize("method,url", PROTECTED)
def test_every_route_needs_a_token(client, event_id, method, url):
    error = assert_error(getattr(client, method)(url), 401, "unauthorized")
    assert "Authorization: Bearer" in error["message"]


def test_missing_token_carries_a_bearer_challenge(client):
    response = client.get("/api/events")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer nope", "Bearer ", "Basic b3JnOnB3", "nope"])
def test_wrong_token_is_refused(client, token, header):
    response = client.get("/api/events", headers={"Authorization": header})
    assert_error(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_unknown_token_says_invalid_token(client, token):
    response = client.get("/api/events", headers={"Authorization": "Bearer " + token[::-1]})
    assert_error(response, 401, "invalid_token")
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_revoked_token_is_refused(app, client, token, auth):
    from web.extensions import db
    from web.models import ApiToken, Organizer
    from web.services.organizers import revoke_api_token

    assert client.get("/api/events", headers=auth).status_code == 200
    with app.app_context():
        row = db.session.scalar(db.select(ApiToken))
        revoke_api_token(db.session.get(Organizer, row.organizer_id), row.id)
        db.session.commit()
    assert_error(client.get("/api/events", headers=auth), 401, "invalid_token")


def test_token_use_is_recorded(app, client, auth):
    from web.extensions import db
    from web.models import ApiToken

    client.get("/api/events", headers=auth)
    with app.app_context():
        assert db.session.scalar(db.select(ApiToken)).last_used_at is not None


def test_session_cookie_alone_is_not_enough(client, token):
    assert sign_in(client).status_code in (302, 303)
    assert client.get("/events/new").status_code == 200  # the portal session is live...
    assert_error(client.post("/api/events", json=EVENT), 401)  # ...yet the API ignores it
    assert_error(client.get("/api/events"), 401)


def test_openapi_document_needs_no_token(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.get_json()["openapi"].startswith("3.1")


def test_token_never_reaches_the_log(client, token, caplog):
    with caplog.at_level(logging.DEBUG):
        client.get("/api/events", headers={"Authorization": f"Bearer {token}"})
        client.get("/api/events", headers={"Authorization": f"Bearer {token}x"})
    assert token not in caplog.text


def test_bearer_token_parsing():
    assert bearer_token("Bearer abc") == "abc"
    assert bearer_token("BEARER   abc  ") == "abc"
    assert bearer_token("Basic abc") is None
    assert bearer_token("Bearer") is None
    assert bearer_token(None) is None
