"""The attendee page costs a fixed number of queries, and most views write nothing."""

from __future__ import annotations

import contextlib
import datetime as dt

import sqlalchemy as sa
from sqlalchemy import delete, select

from tests.builders import linked_event
from web.extensions import db
from web.models import Attendee, Match, PairNote
from web.services.attendee import OPENING_RESOLUTION, record_opening

#: link, attendee, event, matches (with both sides and the viewer's notes); +1 UPDATE when opening is recorded.
MAX_QUERIES = 6


@contextlib.contextmanager
def _statements(app):
    """Collect every SQL statement the app's engine sends while the block runs."""
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def _reads(statements):
    return [s for s in statements if s.lstrip().upper().startswith("SELECT")]


def _writes(statements):
    return [s for s in statements if s.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))]


def _view(app, client, token):
    with _statements(app) as seen:
        html = client.get(f"/m/{token}").get_data(as_text=True)
    return seen, html


def test_query_count_does_not_grow_with_partners_or_notes(app, client):
    with app.app_context():
        token = linked_event()["ana@example.org"]
        ana = db.session.scalar(select(Attendee).where(Attendee.email == "ana@example.org"))
        for match in db.session.scalars(select(Match)):
            if ana.id in (match.a_id, match.b_id):
                db.session.add(PairNote(match_id=match.id, attendee_id=ana.id, topic=f"Topic {match.round}"))
        db.session.commit()
    client.get(f"/m/{token}")  # the first opening is written; the views below write nothing
    three, html = _view(app, client, token)
    assert html.count("<h3") == 3 and 'value="Topic 3"' in html
    with app.app_context():
        db.session.execute(delete(Match).where(Match.round > 1))
        db.session.commit()
    one, html = _view(app, client, token)
    assert html.count("<h3") == 1 and 'value="Topic 1"' in html
    assert len(_reads(three)) == len(_reads(one)) <= MAX_QUERIES - 1, three
    assert len(three) <= MAX_QUERIES + 2  # + BEGIN and ROLLBACK/COMMIT where the driver shows them


def test_a_repeated_view_writes_nothing_and_a_first_one_writes_once(app, client):
    with app.app_context():
        token = linked_event()["ana@example.org"]
    with _statements(app) as first:
        client.get(f"/m/{token}")
    with _statements(app) as again:
        client.get(f"/m/{token}")
    with _statements(app) as head:
        client.head(f"/m/{token}")
    assert len(_writes(first)) == 1
    assert _writes(again) == [] and _writes(head) == []
    assert len(first) <= MAX_QUERIES + 2


def test_record_opening_is_throttled(app):
    with app.app_context():
        linked_event()
        ana = db.session.scalar(select(Attendee).where(Attendee.email == "ana@example.org"))
        start = dt.datetime(2026, 1, 1, 12, 0)
        assert record_opening(ana, now=start) is True
        assert (ana.first_opened_at, ana.last_opened_at) == (start, start)
        assert record_opening(ana, now=start + OPENING_RESOLUTION / 2) is False
        assert ana.last_opened_at == start
        later = start + OPENING_RESOLUTION
        assert record_opening(ana, now=later) is True
        assert (ana.first_opened_at, ana.last_opened_at) == (start, later)
