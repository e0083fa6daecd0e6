"""Security headers on every kind of response, cookie flags, and links that ignore the Host header."""

from __future__ import annotations

import re

import pytest

from tests.builders import circle_event
from tests.helpers import create_organizer


@pytest.fixture
def app_config(app_config):
    app_config["PROPAGATE_EXCEPTIONS"] = False  # let the 500 page render instead of raising in the test
    return app_config


@pytest.fixture
def failing_app(app):
    @app.get("/_boom")
    def boom():
        raise RuntimeError("boom")
    return app


def _token(client, url: str, base_url: str) -> str:
    html = client.get(url, base_url=base_url).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def _check_headers(response, https: bool = True):
    h = response.headers
    assert "default-src 'self'" in h["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in h["Content-Security-Policy"]
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["Referrer-Policy"] == "same-origin"
    assert ("Strict-Transport-Security" in h) is https


@pytest.mark.parametrize("method, url, status", [
    ("GET", "/signin", 200), ("GET", "/no-such-page", 404), ("GET", "/signout", 405), ("GET", "/_boom", 500),
])
def test_headers_on_every_status(failing_app, method, url, status):
    response = failing_app.test_client().open(url, method=method)
    assert response.status_code == status
    _check_headers(response)


def test_no_hsts_over_plain_http(app_config):
    from api import register_api
    from web import create_app
    app = register_api(create_app({**app_config, "BASE_URL": "http://127.0.0.1:8000"}))
    _check_headers(app.test_client().get("/signin"), https=False)


def test_session_cookie_flags_when_base_url_is_https(app_config, monkeypatch):
    # Deployments set BASE_URL in the environment; the cookie flags follow it.
    monkeypatch.setenv("BASE_URL", "https://matchmaker.test")
    from api import register_api
    from web import create_app
    from web.extensions import db
    overrides = {"BASE_URL", "SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"}
    app = register_api(create_app({k: v for k, v in app_config.items() if k not in overrides}))
    with app.app_context():
        db.create_all()
    create_organizer(app)
    client = app.test_client()
    base = "https://matchmaker.test"
    token = _token(client, "/signin", base)
    # Over HTTPS Flask-WTF also checks the Referer, hence Referrer-Policy same-origin.
    response = client.post("/signin", base_url=base, headers={"Referer": base + "/signin"},
                           data={"email": "org@example.org", "password": "correct horse battery", "csrf_token": token})
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "session=" in cookie and "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_host_header_never_reaches_links(client, app):
    organizer = create_organizer(app)
    event_id = circle_event(app, organizer)
    evil = "http://evil.example"
    token = _token(client, "/signin", evil)
    client.post("/signin", base_url=evil,
                data={"email": "org@example.org", "password": "correct horse battery", "csrf_token": token})
    responses = [
        client.post(f"/events/{event_id}/publish", data={"csrf_token": token, "confirm": "yes"}, base_url=evil),
        client.get(f"/events/{event_id}", base_url=evil),
        client.get("/", base_url=evil),
        client.get("/tokens", base_url=evil),
        client.get(f"/events/{event_id}/export/attendees.csv", base_url=evil),
    ]
    assert [r.status_code for r in responses] == [303, 200, 200, 200, 200]
    for response in responses:
        assert "evil.example" not in response.get_data(as_text=True)
        assert "evil.example" not in response.headers.get("Location", "")
    assert "https://matchmaker.test/m/" in responses[-1].get_data(as_text=True)
