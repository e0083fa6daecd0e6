"""Small helpers shared by the web, API and browser tests."""

from __future__ import annotations

import io
import re

__all__ = [
    "csrf_token", "create_organizer", "sign_in", "same_origin", "signed_in_event", "post_file",
    "missing_part",
]

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, url: str = "/signin") -> str:
    """The CSRF token the page at ``url`` puts in its forms (CSRF stays on in tests)."""
    html = client.get(url).get_data(as_text=True)
    match = _CSRF.search(html)
    assert match, f"no csrf_token field on {url}"
    return match.group(1)


def create_organizer(app, email: str = "org@example.org", password: str = "correct horse battery") -> int:
    """Insert an organizer directly and return its id."""
    from web.extensions import db
    from web.models import Organizer
    from web.passwords import hash_password

    with app.app_context():
        organizer = Organizer(email=email, password_hash=hash_password(password))
        db.session.add(organizer)
        db.session.commit()
        return organizer.id


def sign_in(client, email: str = "org@example.org", password: str = "correct horse battery"):
    """Sign in through the real form (CSRF included); returns the response."""
    token = csrf_token(client, "/signin")
    return client.post("/signin", data={"email": email, "password": password, "csrf_token": token})


def same_origin(client):
    """Over HTTPS (``BASE_URL`` is https) Flask-WTF also checks the Referer: send the one a browser sends."""
    client.environ_base["HTTP_REFERER"] = "https://localhost/"
    return client


def signed_in_event(app, client) -> int:
    """An organizer signed in on ``client`` and the id of an event of theirs."""
    from tests.builders import bare_event

    same_origin(client)
    organizer_id = create_organizer(app)
    sign_in(client)
    return bare_event(app, organizer_id)


def post_file(client, event_id: int, data: bytes, filename: str = "people.csv"):
    """POST ``data`` to the preview step, CSRF token included."""
    token = csrf_token(client, f"/events/{event_id}/upload")
    return client.post(f"/events/{event_id}/upload", data={"csrf_token": token, "file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def missing_part(reason: str):
    """Skip a test whose real part (PostgreSQL, Chromium) is absent; under CI, fail instead.

    ``.ci/run`` installs and starts every part, so there a skip would hide a
    broken set-up.
    """
    import os

    import pytest

    if os.environ.get("CI"):
        pytest.fail(f"CI must provide this part: {reason}")
    pytest.skip(reason)
