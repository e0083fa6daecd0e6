"""The OpenAPI document: well-formed, complete, and true to the live API (schemathesis)."""

from __future__ import annotations

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import EVENT, SMALL_CSV, token_for

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def app_config(app_config):
    # Property tests send many requests; the rate limit has its own test.
    return {**app_config, "API_RATE_LIMIT": "100000 per minute"}


def _flask_path(rule: str) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule)


def test_every_api_route_is_documented(app, client):
    document = client.get("/api/openapi.json").get_json()
    documented = {(path, method) for path, item in document["paths"].items() for method in item
                  if method in {"get", "put", "post", "delete", "patch"}}
    routed = {(_flask_path(rule.rule), method.lower()) for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/") for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert routed == documented


def test_document_loads_in_schemathesis(app):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    labels = {operation.ok().label for operation in schema.get_all_operations()}
    assert "PUT /api/events/{event_id}/attendees" in labels
    day = {"POST /api/events/{event_id}/checkins", "POST /api/events/{event_id}/rounds/{round_number}/repair"}
    assert day <= labels
    profile = {"GET /api/events/{event_id}/profile-phase", "PUT /api/events/{event_id}/profile-phase",
               "POST /api/events/{event_id}/profile-phase/invite", "POST /api/events/{event_id}/profile-phase/reminder",
               "GET /api/events/{event_id}/attendees/{attendee_id}/wishes",
               "PUT /api/events/{event_id}/attendees/{attendee_id}/wishes"}
    assert profile <= labels
    assert len(labels) == 19  # with PATCH /api/events/{event_id} (glossary) and GET /api/events/{event_id}/changes


def test_document_declares_bearer_security_and_error_shape(client):
    document = client.get("/api/openapi.json").get_json()
    scheme = document["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert document["security"] == [{"bearerAuth": []}]
    assert document["paths"]["/api/openapi.json"]["get"]["security"] == []
    error = document["components"]["schemas"]["Error"]["properties"]["error"]
    assert set(error["required"]) == {"status", "code", "message", "details"}


@pytest.fixture
def api_schema(app, client):
    """The live schema, with an event (id 1) of the token's organizer holding a few attendees."""
    token = token_for(app, "prop@example.org")
    headers = {"Authorization": f"Bearer {token}"}
    event_id = client.post("/api/events", json=EVENT, headers=headers).get_json()["id"]
    client.put(f"/api/events/{event_id}/attendees", data=SMALL_CSV, content_type="text/csv", headers=headers)
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    schema.auth_headers = headers
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_document(case, api_schema):
    case.call_and_validate(headers=api_schema.auth_headers, checks=CHECKS)
