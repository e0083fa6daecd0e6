"""Magic links: entropy, nothing stored in clear, re-derivation, expiry, revocation, rotation."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib

from sqlalchemy import select, text

from tests.builders import linked_event, token_of
from web.extensions import db
from web.models import Attendee, AttendeeLink, utcnow
from web.services import links


def _attendee(email="ana@example.org"):
    return db.session.scalar(select(Attendee).where(Attendee.email == email))


def test_token_carries_at_least_128_bits_and_differs_per_attendee(app):
    with app.app_context():
        tokens = linked_event()
    for token in tokens.values():
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        assert len(raw) >= 16
        assert "=" not in token
    assert len(set(tokens.values())) == len(tokens)


def test_token_is_never_stored_in_clear(app):
    with app.app_context():
        tokens = linked_event()
        for link in db.session.scalars(select(AttendeeLink)):
            token = links.token_for(link)
            stored = [getattr(link, c.key) for c in AttendeeLink.__table__.columns]
            assert token not in [str(v) for v in stored]
            assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
            assert len(bytes.fromhex(link.nonce)) == 32
        dump = repr(db.session.execute(text("SELECT * FROM attendee_link")).all())
        dump += repr(db.session.execute(text("SELECT * FROM attendee")).all())
        assert not any(token in dump for token in tokens.values())


def test_rederivation_gives_the_same_url(app):
    with app.app_context():
        tokens = linked_event()
    with app.app_context():
        ana = _attendee()
        url = links.link_url(links.ensure_link(ana))
        assert url == links.link_url(links.ensure_link(ana)) == f"https://matchmaker.test/m/{tokens['ana@example.org']}"
        assert len(ana.links) == 1


def test_resolve_accepts_the_token_and_nothing_else(app):
    with app.app_context():
        tokens = linked_event()
        token = tokens["ana@example.org"]
        assert links.resolve(token).email == "ana@example.org"
        assert links.resolve(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
        assert links.resolve("") is None
        assert links.resolve("x" * 10_000) is None


def test_wrong_expired_and_revoked_tokens_answer_the_same_404(app, client):
    with app.app_context():
        tokens = linked_event()
        ben = _attendee("ben@example.org")
        ben.links[0].expires_at = utcnow() - dt.timedelta(seconds=1)
        links.revoke(_attendee("cleo@example.org"))
        db.session.commit()
        assert links.resolve(tokens["ben@example.org"]) is None
        assert links.resolve(tokens["cleo@example.org"]) is None
    bodies = set()
    for token in ("not-a-token", tokens["ben@example.org"], tokens["cleo@example.org"]):
        response = client.get(f"/m/{token}")
        assert response.status_code == 404
        assert response.headers["Cache-Control"] == "no-store"
        bodies.add(response.get_data(as_text=True))
    assert len(bodies) == 1
    assert client.get(f"/m/{tokens['ana@example.org']}").status_code == 200


def test_rotation_gives_a_new_token_and_kills_the_old_one(app, client):
    with app.app_context():
        old = linked_event()["ana@example.org"]
        ana = _attendee()
        assert links.revoke(ana) == 1
        new = token_of(ana)
        db.session.commit()
        assert new != old
    assert client.get(f"/m/{old}").status_code == 404
    assert client.get(f"/m/{new}").status_code == 200


def test_expired_link_is_replaced_by_ensure_link(app):
    with app.app_context():
        old = linked_event()["ana@example.org"]
        ana = _attendee()
        ana.links[0].expires_at = utcnow() - dt.timedelta(days=1)
        new = token_of(ana)
        assert new != old and len(ana.links) == 2
        link = ana.links[-1]
        ttl = link.expires_at - link.created_at
        assert ttl == dt.timedelta(days=app.config["LINK_TTL_DAYS"])


def test_a_database_copy_without_the_secret_key_derives_nothing(app):
    with app.app_context():
        token = linked_event()["ana@example.org"]
        link = _attendee().links[0]
        app.config["SECRET_KEY"] = "another-key"
        assert links.token_for(link) != token
        # A changed key cannot re-derive the old token: ensure_link issues a fresh one.
        assert links.ensure_link(_attendee()) is not link
