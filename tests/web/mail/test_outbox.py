"""Queueing: one row per logical e-mail, due times in the event's time zone."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from tests.builders import mail_event
from web.extensions import db
from web.mail import outbox, schedule
from web.models import Event, OutboxMessage
from web.services.events import local_to_utc
from web.services.publishing import publish


def rows(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(OutboxMessage))


def test_publishing_twice_queues_nothing_more(app):
    event_id = mail_event(app, 6)
    first = rows(app)
    assert first == 6 + 18 + 6
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert publish(event) == 0
        assert outbox.schedule_followups(event) == 0
        db.session.commit()
        keys = db.session.scalars(select(OutboxMessage.key)).all()
        ids = db.session.scalars(select(OutboxMessage.message_id)).all()
    assert rows(app) == first
    assert len(set(keys)) == len(keys) and len(set(ids)) == len(ids)
    assert all(i.startswith("<") and i.endswith("@matchmaker.test>") for i in ids)


@pytest.mark.parametrize(("ends", "nudge_utc"), [
    (dt.datetime(2026, 3, 28, 22, 0), dt.datetime(2026, 3, 29, 7, 0)),   # clocks go forward that night
    (dt.datetime(2026, 10, 24, 22, 0), dt.datetime(2026, 10, 25, 8, 0)),  # clocks go back that night
    (dt.datetime(2026, 6, 11, 23, 30), dt.datetime(2026, 6, 12, 7, 0)),
])
def test_nudge_due_at_nine_paris_the_morning_after(ends, nudge_utc):
    event = Event(starts_at=ends - dt.timedelta(hours=3), ends_at=ends, timezone="Europe/Paris",
                  followup_time=dt.time(9, 0), reminder_hours=48, slot_minutes=15)
    assert schedule.nudge_due(event) == nudge_utc
    assert schedule.reminder_due(event) == local_to_utc(ends, "Europe/Paris") + dt.timedelta(hours=48)


def test_end_defaults_to_the_rounds_and_other_zones():
    event = Event(starts_at=dt.datetime(2026, 6, 11, 23, 30), ends_at=None, timezone="America/New_York",
                  followup_time=dt.time(8, 30), reminder_hours=24, slot_minutes=15)
    assert schedule.event_end_local(event) == dt.datetime(2026, 6, 12, 0, 15)  # three rounds: past midnight
    assert schedule.nudge_due(event) == dt.datetime(2026, 6, 13, 12, 30)
    assert schedule.reminder_due(event) == dt.datetime(2026, 6, 13, 4, 15)


def test_moving_the_event_moves_queued_followups_and_bundling_replaces_nudges(app):
    event_id = mail_event(app, 4)
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.ends_at = dt.datetime(2026, 6, 12, 21, 0)
        event.bundle_nudges = True
        outbox.schedule_followups(event)
        db.session.commit()
        by_kind = dict(db.session.execute(select(OutboxMessage.kind, func.count()).where(
            OutboxMessage.status == "queued").group_by(OutboxMessage.kind)).all())
        assert by_kind == {"invitation": 4, "nudge_bundle": 4, "reminder": 4}
        due = set(db.session.scalars(select(OutboxMessage.due_at).where(OutboxMessage.kind == "nudge_bundle")))
        assert due == {dt.datetime(2026, 6, 13, 7, 0)}
        assert outbox.cancel(event, "followups") == 8
        assert outbox.counts(event)["cancelled"] == 8 + 12
        event.followups_enabled = False
        assert outbox.schedule_followups(event) == 0


def test_concurrent_inserts_of_the_same_key_keep_one_row(app):
    event_id = mail_event(app, 4, publish=False)
    with app.app_context():
        event = db.session.get(Event, event_id)
        outbox.queue_invitations(event)
        # A second transaction that did not see the first one's rows still inserts nothing twice.
        rows_ = [dict(key=outbox.outbox_key("invitation", event.id, a.id), kind="invitation", event_id=event.id,
                      attendee_id=a.id, match_id=None, due_at=dt.datetime(2026, 1, 1)) for a in event.attendees]
        db.session.commit()
        from sqlalchemy.dialects import postgresql, sqlite

        insert = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}[db.session.get_bind().dialect.name]
        for r in rows_:
            r.update(status="queued", attempts=0, last_error="", claimed_by="", message_id="<x>")
        db.session.execute(insert(OutboxMessage.__table__).on_conflict_do_nothing(index_elements=["key"]), rows_)
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 4
