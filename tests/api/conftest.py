"""Fixtures of the API tests: organizers with bearer tokens made by the real service."""

from __future__ import annotations

import pytest

from tests.helpers import create_organizer

EVENT = {
    "name": "Demo night", "starts_at": "2030-06-12T18:30", "timezone": "Europe/Paris",
    "language": "fr", "slot_minutes": 15, "venue": "Halle", "meeting_point": "Table {table}",
}

# Hand-written so these tests do not depend on the synthetic generator.
SMALL_CSV = "\n".join(
    ["email;name;company;offers;needs"]
    + [f"p{i}@example.org;Person {i};Company {i};skill {i % 4};skill {(i + 1) % 4}" for i in range(8)]
).encode()


def token_for(app, email: str) -> str:
    """A new organizer ``email`` and a plaintext API token of theirs."""
    from web.extensions import db
    from web.models import Organizer
    from web.services.organizers import create_api_token

    organizer_id = create_organizer(app, email=email)
    with app.app_context():
        token = create_api_token(db.session.get(Organizer, organizer_id), label="tests")
        db.session.commit()
    return token


@pytest.fixture
def token(app):
    return token_for(app, "org@example.org")


@pytest.fixture
def auth(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def other_auth(app):
    return {"Authorization": f"Bearer {token_for(app, 'other@example.org')}"}


@pytest.fixture
def event_id(client, auth):
    """An event of the ``auth`` organizer, created through the API."""
    response = client.post("/api/events", json=EVENT, headers=auth)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def assert_error(response, status: int, code: str | None = None) -> dict:
    """Check the one error shape and return its ``error`` object."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"status", "code", "message", "details"}
    assert error["status"] == status
    assert isinstance(error["details"], list)
    assert error["message"].strip()
    if code is not None:
        assert error["code"] == code
    return error
