"""Sign up, sign in, sign out, API tokens: through the real forms, CSRF on."""

from __future__ import annotations

import hashlib
import re

import pytest

from tests.helpers import create_organizer, csrf_token, sign_in


def _signup(client, email="new@example.org", password="a long passphrase", name="Ana"):
    token = csrf_token(client, "/signup")
    return client.post("/signup", data={"email": email, "password": password, "name": name, "csrf_token": token})


def test_signup_signs_in_and_lands_on_events(client, app):
    response = _signup(client, email="  New@Example.ORG ")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    from web.models import Organizer
    with app.app_context():
        organizer = Organizer.query.one()
        assert organizer.email == "new@example.org" and organizer.name == "Ana"
        assert organizer.password_hash.startswith("scrypt:") and "a long passphrase" not in organizer.password_hash


def test_signup_refuses_duplicates_and_short_passwords(client, app):
    create_organizer(app, email="taken@example.org")
    html = _signup(client, email="TAKEN@example.org").get_data(as_text=True)
    assert "already exists" in html
    html = _signup(client, email="other@example.org", password="short").get_data(as_text=True)
    assert "at least 10" in html
    from web.models import Organizer
    with app.app_context():
        assert Organizer.query.count() == 1


def test_signin_and_signout(client, app):
    create_organizer(app)
    assert client.get("/").status_code == 302
    response = sign_in(client)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Your events" in client.get("/").get_data(as_text=True)
    assert client.get("/signout").status_code == 405
    response = client.post("/signout", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302 and "/signin" in response.headers["Location"]
    assert client.get("/").status_code == 302


def test_same_message_for_unknown_email_and_wrong_password(client, app):
    create_organizer(app)
    unknown = sign_in(client, email="nobody@example.org")
    wrong = sign_in(client, password="wrong password!")
    assert unknown.status_code == wrong.status_code == 200
    assert "Wrong e-mail address or password." in unknown.get_data(as_text=True)
    assert "Wrong e-mail address or password." in wrong.get_data(as_text=True)
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("target, expected", [
    ("/events/new", "/events/new"),
    ("https://evil.example/x", "/"),
    ("//evil.example/x", "/"),
    ("/\\evil.example", "/"),
])
def test_next_only_follows_local_paths(client, app, target, expected):
    create_organizer(app)
    token = csrf_token(client, "/signin")
    response = client.post("/signin", query_string={"next": target},
                           data={"email": "org@example.org", "password": "correct horse battery", "csrf_token": token})
    assert response.headers["Location"] == expected


def test_anonymous_is_sent_to_signin_with_next(client):
    response = client.get("/events/new")
    assert response.status_code == 302 and "/signin?next=" in response.headers["Location"]


def test_signin_is_rate_limited(client, app):
    create_organizer(app)
    token = csrf_token(client, "/signin")
    codes = [client.post("/signin", data={"email": "org@example.org", "password": "nope nope nope",
                                          "csrf_token": token}).status_code for _ in range(11)]
    assert codes[:10] == [200] * 10 and codes[10] == 429
    assert client.get("/signin").status_code == 200  # only POST is limited


@pytest.mark.parametrize("url, data", [
    ("/signin", {"email": "org@example.org", "password": "correct horse battery"}),
    ("/signup", {"email": "x@example.org", "password": "a long passphrase"}),
    ("/signout", {}),
])
def test_auth_forms_refuse_missing_csrf(client, app, url, data):
    create_organizer(app)
    assert client.post(url, data=data).status_code == 400


def test_tokens_create_show_once_and_revoke(client, app):
    create_organizer(app)
    sign_in(client)
    page = client.get("/tokens")
    assert page.status_code == 200 and "No tokens yet" in page.get_data(as_text=True)
    response = client.post("/tokens", data={"label": "CI", "csrf_token": csrf_token(client, "/tokens")})
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    token = re.search(r'readonly value="([A-Za-z0-9_-]{43})"', html).group(1)
    from web.models import ApiToken
    from web.services.organizers import organizer_for_token
    with app.app_context():
        row = ApiToken.query.one()
        assert row.token_hash == hashlib.sha256(token.encode()).hexdigest() and row.label == "CI"
        assert organizer_for_token(token).email == "org@example.org"
        token_id = row.id
    assert token not in client.get("/tokens").get_data(as_text=True)  # shown once
    response = client.post(f"/tokens/{token_id}/revoke", data={"csrf_token": csrf_token(client, "/tokens")})
    assert response.status_code == 302
    with app.app_context():
        assert organizer_for_token(token) is None
    assert "revoked" in client.get("/tokens").get_data(as_text=True)


def test_tokens_forms_refuse_missing_csrf_and_foreign_tokens(client, app):
    other = create_organizer(app, email="other@example.org")
    create_organizer(app)
    from web.extensions import db
    from web.models import Organizer
    from web.services.organizers import create_api_token
    with app.app_context():
        create_api_token(db.session.get(Organizer, other))
        db.session.commit()
    sign_in(client)
    assert client.post("/tokens", data={"label": "x"}).status_code == 400
    assert client.post("/tokens/1/revoke").status_code == 400
    assert client.post("/tokens/1/revoke", data={"csrf_token": csrf_token(client, "/tokens")}).status_code == 404


def test_services_validate_and_authenticate(app):
    from web.services.exceptions import Invalid
    from web.services.organizers import authenticate
    from web.services.organizers import create_organizer as create
    with app.app_context():
        with pytest.raises(Invalid) as caught:
            create("not-an-address", "a long passphrase")
        assert caught.value.field == "email"
        organizer = create("Ana@Example.org", "a long passphrase")
        assert authenticate("ana@example.org ", "a long passphrase") is organizer
        assert authenticate("ana@example.org", "wrong passphrase") is None
        assert authenticate("who@example.org", "a long passphrase") is None
