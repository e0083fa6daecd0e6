"""Shared set-up for the upload, matching, rules and demo tests."""

from __future__ import annotations

import datetime as dt

from tests.helpers import create_organizer, csrf_token, sign_in

__all__ = ["same_origin", "make_event", "signed_in_event", "attendee_csv", "post_file", "count_attendees", "import_people"]


def make_event(app, organizer_id: int, name: str = "Soirée test", language: str = "fr") -> int:
    from web.extensions import db
    from web.models import Event

    with app.app_context():
        event = Event(organizer_id=organizer_id, name=name, starts_at=dt.datetime(2030, 5, 1, 18, 30),
                      timezone="Europe/Paris", language=language)
        db.session.add(event)
        db.session.commit()
        return event.id


def same_origin(client):
    """Over HTTPS (``BASE_URL`` is https) Flask-WTF also checks the Referer: send the one a browser sends."""
    client.environ_base["HTTP_REFERER"] = "https://localhost/"
    return client


def signed_in_event(app, client) -> int:
    """An organizer signed in on ``client`` and the id of an event of theirs."""
    same_origin(client)
    organizer_id = create_organizer(app)
    sign_in(client)
    return make_event(app, organizer_id)


def attendee_csv(n: int, *, seed: int = 1, separator: str = ";", encoding: str = "utf-8") -> bytes:
    from matchmaker.synthetic import generate_event, to_csv

    return to_csv(generate_event(n, seed=seed).attendees, separator=separator, encoding=encoding)


def post_file(client, event_id: int, data: bytes, filename: str = "people.csv"):
    """POST ``data`` to the preview step, CSRF token included."""
    import io

    token = csrf_token(client, f"/events/{event_id}/upload")
    return client.post(f"/events/{event_id}/upload", data={"csrf_token": token, "file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def count_attendees(app, event_id: int) -> int:
    from sqlalchemy import func, select

    from web.extensions import db
    from web.models import Attendee

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Attendee).where(Attendee.event_id == event_id))


def import_people(app, event_id: int, data: bytes) -> None:
    """Import ``data`` through the service, committed (set-up for matching tests)."""
    from web.extensions import db
    from web.models import Event
    from web.services.imports import apply_import

    with app.app_context():
        apply_import(db.session.get(Event, event_id), data)
        db.session.commit()
