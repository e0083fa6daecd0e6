"""Hardening (issue 12), from the attacker's side: sessions that sign-out ends, sign-up, passwords, sign-in limits.

Items 3 (a cookie copied before sign-out kept working) and 9 (account
enumeration, weak passwords, per-account limit, ``Retry-After``), through
the real forms.
"""

from __future__ import annotations

from tests.helpers import create_organizer, csrf_token, sign_in


def _signup(client, email, password="a long passphrase", name="Ana"):
    token = csrf_token(client, "/signup")
    return client.post("/signup", data={"email": email, "password": password, "name": name, "csrf_token": token})


def _cookie(client) -> str:
    return client.get_cookie("session").value


def test_a_cookie_copied_before_sign_out_no_longer_opens_the_portal(app, client):
    create_organizer(app)
    sign_in(client)
    assert client.get("/").status_code == 200
    stolen = _cookie(client)
    client.post("/signout", data={"csrf_token": csrf_token(client, "/")})
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/")
    assert response.status_code == 302 and "/signin" in response.headers["Location"]
    # Signing in again gives a session that works.
    sign_in(client)
    assert client.get("/").status_code == 200


def test_sign_out_everywhere_ends_the_other_devices_sessions(app, client):
    create_organizer(app)
    laptop, phone = client, app.test_client()
    sign_in(laptop)
    sign_in(phone)
    assert phone.get("/").status_code == 200
    page = laptop.get("/tokens").get_data(as_text=True)
    assert "Sign out everywhere" in page
    response = laptop.post("/signout/everywhere", data={"csrf_token": csrf_token(laptop, "/tokens")})
    assert response.status_code == 302 and response.headers["Location"] == "/signin"
    assert phone.get("/").status_code == 302
    assert laptop.get("/").status_code == 302
    assert laptop.post("/signout/everywhere", data={}).status_code in (302, 400)  # not signed in: nothing to do


def test_signup_does_not_tell_whether_an_account_exists(app, client):
    create_organizer(app, email="taken@example.org")
    taken = _signup(client, "taken@example.org")
    free = _signup(app.test_client(), "free@example.org")
    assert taken.status_code == free.status_code == 302
    assert taken.headers["Location"] == free.headers["Location"] == "/signin"
    assert client.get("/signin").get_data(as_text=True).count("If this address can be used") == 1
    # The existing account keeps its password; the new one works.
    assert sign_in(app.test_client(), email="taken@example.org", password="a long passphrase").status_code == 200
    assert sign_in(app.test_client(), email="free@example.org", password="a long passphrase").status_code == 302


def test_guessable_passwords_are_refused_with_a_helpful_sentence(app, client):
    for password in ("aaaaaaaaaa", "1234567890", "password123", "ana@example.org"):
        html = _signup(client, "ana@example.org", password=password).get_data(as_text=True)
        assert "too easy to guess" in html, password
    french = app.test_client()
    french.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    html = _signup(french, "ana@example.org", password="azertyuiop").get_data(as_text=True)
    assert "trop facile à deviner" in html
    from web.models import Organizer
    with app.app_context():
        assert Organizer.query.count() == 0


def test_failed_sign_ins_are_limited_per_account_whatever_the_address(app):
    create_organizer(app)
    codes = []
    for i in range(6):
        attacker = app.test_client()
        attacker.environ_base["REMOTE_ADDR"] = f"198.51.100.{i}"  # a different IP each time
        token = csrf_token(attacker, "/signin")
        codes.append(attacker.post("/signin", data={"email": "Org@Example.org", "password": f"guess {i} wrong",
                                                    "csrf_token": token}))
    assert [r.status_code for r in codes[:5]] == [200] * 5
    assert codes[5].status_code == 429
    assert 1 <= int(codes[5].headers["Retry-After"]) <= 61  # the rest of the minute


def test_the_per_address_limit_says_when_to_retry(app, client):
    token = csrf_token(client, "/signin")
    responses = [client.post("/signin", data={"email": f"x{i}@example.org", "password": "nope nope nope",
                                              "csrf_token": token}) for i in range(11)]
    assert responses[-1].status_code == 429
    assert 1 <= int(responses[-1].headers["Retry-After"]) <= 3600
