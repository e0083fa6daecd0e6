"""Hardening (issue 12), from the attacker's side: tokens in the logs, deleted data in the file and in the next import.

Items 6 (attendee tokens in the error log) and 11 (``secure_delete`` off; a
re-upload brought a deleted attendee back without a word).
"""

from __future__ import annotations

import logging
import os
import re

import pytest
from sqlalchemy import select, text

from tests.builders import count_attendees, linked_event
from tests.helpers import csrf_token, post_file, signed_in_event
from web.extensions import db
from web.models import Attendee, Match


def test_a_crash_on_an_attendee_link_logs_no_token(app, caplog, monkeypatch):
    from web.services import attendee as use_cases

    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer 500 and log, as in production
    with app.app_context():
        tokens = linked_event()
        ana = db.session.scalar(select(Attendee).where(Attendee.email == "ana@example.org"))
        match_id = db.session.scalar(select(Match.id).where(Match.a_id == ana.id))
    token = tokens["ana@example.org"]

    def crash(*args, **kwargs):
        raise RuntimeError(f"simulated failure while handling /m/{token}/met/{match_id}")

    monkeypatch.setattr(use_cases, "record_meeting", crash)
    client = app.test_client()
    csrf = csrf_token(client, f"/m/{token}")
    with caplog.at_level(logging.INFO):
        response = client.post(f"/m/{token}/met/{match_id}", data={"csrf_token": csrf, "met": "1"})
    assert response.status_code == 500
    assert "Exception on /m/[redacted]/met/" in caplog.text
    assert token not in caplog.text
    for record in caplog.records:
        assert token not in record.getMessage() and token not in (record.exc_text or "")


def test_gunicorn_error_and_access_logs_redact_tokens(capsys):
    import runpy
    from pathlib import Path

    from gunicorn.config import Config

    conf = runpy.run_path(str(Path(__file__).resolve().parents[2] / "web" / "gunicorn.conf.py"))
    cfg = Config()
    cfg.set("errorlog", "-")
    cfg.set("accesslog", "-")
    logger = conf["RedactingLogger"](cfg)
    logger.error("Error handling request /m/%s/met/1", "SECRETtoken123")
    try:
        raise ValueError("bad /d/SECRETtoken789")
    except ValueError:
        logger.exception("crash")
    err = capsys.readouterr()
    output = err.out + err.err
    assert "/m/[redacted]/met/1" in output and "/d/[redacted]" in output
    assert "SECRETtoken" not in output


@pytest.fixture
def sqlite_app(app_config, tmp_path):
    """The app on SQLite even in the PostgreSQL pass: the test below reads SQLite's own file."""
    from api import register_api
    from web import create_app

    app = register_api(create_app(dict(app_config, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'own.sqlite3'}")))
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_deleted_attendee_data_is_overwritten_in_the_sqlite_file(sqlite_app):
    app = sqlite_app
    marker = "Unmistakable-bio-7f3a9c"
    people = [dict(email="ana@example.org", name="Ana Martin", bio=marker, offers="Python", needs="Funding"),
              dict(email="ben@example.org", name="Ben Cole", offers="Funding", needs="Python")]
    with app.app_context():
        tokens = linked_event(people=people)
        assert db.session.execute(text("PRAGMA secure_delete")).scalar() == 1
        db.session.commit()
    client = app.test_client()
    token = tokens["ana@example.org"]
    response = client.post(f"/m/{token}/delete", data={"confirm": "1", "csrf_token": csrf_token(client, f"/m/{token}")})
    assert response.status_code == 200
    with app.app_context():
        path = db.engine.url.database
        db.session.remove()
        db.engine.dispose()
    import sqlite3

    with sqlite3.connect(path) as raw:  # move the write-ahead log into the file itself
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with open(path, "rb") as fh:
        assert marker.encode() not in fh.read()
    wal = path + "-wal"
    if os.path.exists(wal):
        with open(wal, "rb") as fh:
            assert marker.encode() not in fh.read()


def test_a_reupload_reports_people_who_deleted_their_data_and_does_not_recreate_them(app, client):
    from web.services import links

    event_id = signed_in_event(app, client)
    data = "email;name;offers;needs\n" + "".join(
        f"p{i}@example.org;Person {i};skill {i};skill {i + 1}\n" for i in range(3))
    preview = post_file(client, event_id, data.encode()).get_data(as_text=True)
    fields = {n: re.search(rf'name="{n}" value="([^"]*)"', preview).group(1) for n in ("csrf_token", "token", "sha256")}
    assert client.post(f"/events/{event_id}/upload/confirm", data=fields).status_code == 200
    with app.app_context():
        person = db.session.scalar(select(Attendee).where(Attendee.email == "p1@example.org"))
        token = links.token_for(links.ensure_link(person))
        db.session.commit()
    attendee = app.test_client()
    response = attendee.post(f"/m/{token}/delete",
                             data={"confirm": "1", "csrf_token": csrf_token(attendee, f"/m/{token}")})
    assert response.status_code == 200 and count_attendees(app, event_id) == 2

    preview = post_file(client, event_id, data.encode()).get_data(as_text=True)
    assert "1 person in the file deleted their data from this event and was not re-created." in preview
    assert re.search(r'id="new">0<', preview)
    fields = {n: re.search(rf'name="{n}" value="([^"]*)"', preview).group(1) for n in ("csrf_token", "token", "sha256")}
    done = client.post(f"/events/{event_id}/upload/confirm", data=fields).get_data(as_text=True)
    assert "1 person in the file deleted their data" in done
    assert count_attendees(app, event_id) == 2
    with app.app_context():
        stored = db.session.execute(text("SELECT email_hash FROM deleted_attendee")).scalars().all()
    assert len(stored) == 1 and "p1@example.org" not in stored[0]
