"""The sender against a real SMTP server: retries, permanent failures, outages, consent at send time."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from tests.builders import mail_event
from web.extensions import db
from web.mail.sender import Sender
from web.models import Attendee, Match, OutboxMessage, PairNote, Suppression


class Clock:
    def __init__(self, now: dt.datetime):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def statuses(app, kind=None) -> dict[str, int]:
    with app.app_context():
        q = select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        if kind:
            q = q.where(OutboxMessage.kind == kind)
        return dict(db.session.execute(q).all())


def only_invitations(app):
    """Push the follow-ups far away so that a test sees only invitations."""
    with app.app_context():
        db.session.query(OutboxMessage).filter(OutboxMessage.kind != "invitation").update(
            {"status": "cancelled"})
        db.session.commit()


def test_invitations_go_out_once_over_one_connection(mail_app, smtp):
    mail_event(mail_app, 6)
    only_invitations(mail_app)
    stats = Sender(mail_app, seed=1).send_due()
    assert stats.sent == 6
    assert smtp.handler.connections == 1
    assert Sender(mail_app, seed=1).send_due().sent == 0
    assert sorted(smtp.handler.message_ids()) == sorted(set(smtp.handler.message_ids()))
    assert statuses(mail_app, "invitation") == {"sent": 6}


def test_451_is_retried_with_backoff_and_delivered(mail_app, smtp):
    mail_event(mail_app, 4)
    only_invitations(mail_app)
    smtp.handler.rcpt_replies["p1@example.org"] = ["451 4.7.1 greylisted", "451 4.7.1 greylisted"]
    smtp.handler.data_replies["p2@example.org"] = ["451 4.3.0 queue full after DATA"]
    clock = Clock(dt.datetime.now(dt.timezone.utc).replace(tzinfo=None))
    sender = Sender(mail_app, clock=clock, seed=2)
    assert sender.send_due().sent == 2
    with mail_app.app_context():
        row = db.session.scalar(select(OutboxMessage).where(OutboxMessage.key.like("invitation:%:2:0")))
        assert (row.status, row.attempts) == ("queued", 1)
        assert "451" in row.last_error and row.due_at > clock.now
    for _ in range(3):
        clock.now += dt.timedelta(minutes=5)
        sender.send_due()
    assert statuses(mail_app, "invitation") == {"sent": 4}
    assert len(smtp.handler.to("p1@example.org")) == 1
    assert len(smtp.handler.to("p2@example.org")) == 1


def test_550_fails_and_suppresses_while_the_others_go(mail_app, smtp):
    mail_event(mail_app, 4)
    only_invitations(mail_app)
    smtp.handler.always["p3@example.org"] = "550 5.1.1 no such user"
    stats = Sender(mail_app, seed=3).send_due()
    assert (stats.sent, stats.failed) == (3, 1)
    with mail_app.app_context():
        row = db.session.scalar(select(OutboxMessage).where(OutboxMessage.key.like("invitation:%:4:0")))
        assert row.status == "failed" and "550" in row.last_error
        assert db.session.scalar(select(Suppression.email)) == "p3@example.org"
        # Later mail to that address is suppressed at send time.
        row.status, row.due_at = "queued", row.due_at
        db.session.commit()
    Sender(mail_app, seed=3).send_due()
    assert statuses(mail_app, "invitation") == {"sent": 3, "suppressed": 1}


def test_server_down_then_back_delivers_everything(mail_app, smtp):
    mail_event(mail_app, 6)
    only_invitations(mail_app)
    smtp.stop()
    clock = Clock(dt.datetime.now(dt.timezone.utc).replace(tzinfo=None))
    sender = Sender(mail_app, clock=clock, seed=4)
    stats = sender.send_due()
    assert stats.sent == 0 and stats.retried == 1
    assert statuses(mail_app, "invitation") == {"queued": 6}  # nothing lost, nothing claimed
    clock.now += dt.timedelta(minutes=2)
    assert sender.send_due().sent == 0  # still down
    smtp.start()
    for _ in range(3):
        clock.now += dt.timedelta(minutes=10)
        sender.send_due()
    assert statuses(mail_app, "invitation") == {"sent": 6}
    assert len(smtp.handler.message_ids()) == 6


def test_consent_is_checked_at_send_time(mail_app, smtp):
    event_id = mail_event(mail_app, 4)
    with mail_app.app_context():
        p0 = db.session.scalar(select(Attendee).where(Attendee.email == "p0@example.org"))
        p0.opted_out_at = dt.datetime(2026, 6, 1)
        p1 = db.session.scalar(select(Attendee).where(Attendee.email == "p1@example.org"))
        db.session.delete(p1)
        db.session.commit()
        nudge_due = db.session.scalar(select(OutboxMessage.due_at).where(OutboxMessage.kind == "nudge"))
    Sender(mail_app, clock=Clock(nudge_due), seed=5).send_due()
    assert smtp.handler.to("p0@example.org") == []
    assert smtp.handler.to("p1@example.org") == []
    nudges = [m for _, _, m in smtp.handler.messages if m["Message-ID"].startswith("<nudge.")]
    # p2 and p3 each had three partners; p0 opted out and p1 is gone: one nudge each remains (about each other).
    assert len(nudges) == 2
    for m in nudges:
        body = m.get_body(("plain",)).get_content()
        assert "Person 0" not in body and "Person 1" not in body
    with mail_app.app_context():
        reasons = set(db.session.scalars(select(OutboxMessage.last_error).where(
            OutboxMessage.event_id == event_id, OutboxMessage.status.in_(("cancelled", "suppressed")))))
    assert "the recipient opted out" in reasons
    assert "the partner opted out or was deleted" in reasons


def test_reminder_only_for_pairs_not_done(mail_app, smtp):
    mail_event(mail_app, 4)
    with mail_app.app_context():
        p2 = db.session.scalar(select(Attendee).where(Attendee.email == "p2@example.org"))
        p3 = db.session.scalar(select(Attendee).where(Attendee.email == "p3@example.org"))
        mine = db.session.scalars(select(Match).where((Match.a_id == p2.id) | (Match.b_id == p2.id))).all()
        for m in mine:  # p2 followed up everyone; p3 followed up one of three
            db.session.add(PairNote(match_id=m.id, attendee_id=p2.id, followup_done_at=dt.datetime(2026, 6, 12)))
        first = next(m for m in mine if p3.id in (m.a_id, m.b_id))
        db.session.add(PairNote(match_id=first.id, attendee_id=p3.id, followup_done_at=dt.datetime(2026, 6, 12)))
        db.session.commit()
        due = db.session.scalar(select(OutboxMessage.due_at).where(OutboxMessage.kind == "reminder"))
    Sender(mail_app, clock=Clock(due), seed=6).send_due()
    reminders = lambda addr: [m for m in smtp.handler.to(addr) if m["Message-ID"].startswith("<reminder.")]  # noqa: E731
    assert reminders("p2@example.org") == []
    (mail,) = reminders("p3@example.org")
    body = mail.get_body(("plain",)).get_content()
    assert "Person 2" not in body and body.count("== Person") == 2
    assert statuses(mail_app, "reminder") == {"sent": 3, "cancelled": 1}


def test_nudge_goes_out_at_nine_paris_the_morning_after_across_dst(mail_app, smtp):
    # The event ends on Saturday 28 March 2026, 22:00 in Paris (UTC+1); the clocks go forward that night,
    # so 09:00 on Sunday is 07:00 UTC, not 08:00.
    mail_event(mail_app, 4, starts_at=dt.datetime(2026, 3, 28, 19, 0), ends_at=dt.datetime(2026, 3, 28, 22, 0))
    clock = Clock(dt.datetime(2026, 3, 29, 6, 59))
    sender = Sender(mail_app, clock=clock, seed=7)
    sender.send_due()
    assert statuses(mail_app, "nudge") == {"queued": 12}
    clock.now = dt.datetime(2026, 3, 29, 7, 0)
    sender.send_due()
    assert statuses(mail_app, "nudge") == {"sent": 12}
    assert statuses(mail_app, "reminder") == {"queued": 4}  # 48 hours after 28 March 21:00 UTC
    clock.now = dt.datetime(2026, 3, 30, 20, 59)
    sender.send_due()
    assert statuses(mail_app, "reminder") == {"queued": 4}
    clock.now = dt.datetime(2026, 3, 30, 21, 0)
    sender.send_due()
    assert statuses(mail_app, "reminder") == {"sent": 4}


def test_backoff_is_capped_exponential_with_jitter():
    import random

    from web.mail.sender import backoff_seconds

    rng = random.Random(0)
    draws = [[backoff_seconds(n, base=30, cap=3600, rng=rng) for _ in range(200)] for n in range(1, 12)]
    assert all(30 <= d <= min(3600, 30 * 2 ** n) for n, row in enumerate(draws, 1) for d in row)
    assert len({round(d, 3) for d in draws[5]}) > 100  # jittered, not one fixed delay
    assert max(draws[-1]) <= 3600 and max(draws[-1]) > 1800


def test_console_backend_when_no_server_is_set(app, runner):
    mail_event(app, 4)
    only_invitations(app)
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert result.output.count("---------- mail from matchmaker@localhost to p") == 4
    assert "sent 4," in result.output
    assert statuses(app, "invitation") == {"sent": 4}
