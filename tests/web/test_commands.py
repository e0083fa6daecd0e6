"""`flask organizers create` and `flask organizers token` through the CLI runner."""

from __future__ import annotations

import hashlib

from tests.helpers import sign_in


def test_create_then_sign_in(runner, app, client):
    result = runner.invoke(args=["organizers", "create", "Ana@Example.org", "--password", "a long passphrase",
                                 "--name", "Ana"])
    assert result.exit_code == 0, result.output
    assert "ana@example.org" in result.output
    response = sign_in(client, email="ana@example.org", password="a long passphrase")
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_create_refuses_duplicates_and_short_passwords(runner, app):
    created = runner.invoke(args=["organizers", "create", "ana@example.org", "--password", "a long passphrase"])
    assert created.exit_code == 0
    result = runner.invoke(args=["organizers", "create", "ANA@example.org", "--password", "a long passphrase"])
    assert result.exit_code == 1 and "already exists" in result.output
    result = runner.invoke(args=["organizers", "create", "bob@example.org", "--password", "short"])
    assert result.exit_code == 1 and "at least 10" in result.output
    from web.models import Organizer
    with app.app_context():
        assert Organizer.query.count() == 1


def test_token_prints_only_the_token(runner, app):
    runner.invoke(args=["organizers", "create", "ana@example.org", "--password", "a long passphrase"])
    result = runner.invoke(args=["organizers", "token", "ana@example.org", "--label", "CI"])
    assert result.exit_code == 0
    token = result.stdout.strip()
    assert result.stdout == token + "\n" and len(token) == 43
    from web.models import ApiToken
    from web.services.organizers import organizer_for_token
    with app.app_context():
        row = ApiToken.query.one()
        assert row.label == "CI" and row.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert organizer_for_token(token).email == "ana@example.org"


def test_token_for_unknown_email_fails_clearly(runner, app):
    result = runner.invoke(args=["organizers", "token", "nobody@example.org"])
    assert result.exit_code == 1 and "No organizer has the address nobody@example.org" in result.output
