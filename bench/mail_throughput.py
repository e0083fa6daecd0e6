"""Nudges through the real sender to a local SMTP sink, against a bare smtplib loop.

Run: ``.venv/bin/python -m bench.mail_throughput [--nudges 10000] [--no-pg]``

An event of synthetic attendees (three conversations each) has its nudges
queued by the real ``schedule_followups``; then, for each database (a SQLite
file, and PostgreSQL at ``bench._util.PG_URL`` in a throw-away schema when
reachable), :class:`web.mail.sender.Sender` sends them all to an aiosmtpd
``Sink`` running in its own process on loopback: claim, consent check,
render (text + HTML, fr or en, the LinkedIn message), SMTP over one
connection, and one commit per message marked sent.

The baseline is a bare ``smtplib`` loop sending one pre-rendered nudge the
same number of times over one connection to the same sink, in the same run:
the ratio (sender / baseline) holds on a noisy machine where absolute
figures do not.
"""

from __future__ import annotations

import argparse
import datetime as dt
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._util import make_app, pg_schema, print_table


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_sink() -> tuple[subprocess.Popen, int]:
    """aiosmtpd's Sink handler (accepts and drops everything) in a process of its own."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
                             "-c", "aiosmtpd.handlers.Sink"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the SMTP sink did not start")


def seed(app, nudges: int) -> int:
    """A past event whose nudges are due now; returns how many were queued."""
    from matchmaker.synthetic import generate_event
    from web.extensions import db
    from web.mail import outbox
    from web.models import Attendee, Event, Match, Organizer, OutboxMessage

    n = max(4, -(-nudges // 3) + (-(-nudges // 3)) % 2)  # attendees: three nudges each, an even number
    people = generate_event(n, seed=0).attendees
    with app.app_context():
        organizer = Organizer(email="bench@example.org", name="Bench Org", password_hash="x")
        end = dt.datetime.now() - dt.timedelta(days=3)
        event = Event(organizer=organizer, name="Bench event", starts_at=end - dt.timedelta(hours=3), ends_at=end,
                      timezone="Europe/Paris")
        rows = [Attendee(event=event, email=p.email, name=p.name, company=p.company, role=p.role, bio=p.bio,
                         offers=p.offers, needs=p.needs, interests=p.interests, linkedin=p.linkedin,
                         language=p.language) for p in people]
        db.session.add_all([organizer, event, *rows])
        db.session.flush()
        others = list(range(1, n))
        for r in range(3):  # circle method: three rounds, everybody in each
            rot = others[r:] + others[:r]
            for i, j in [(0, rot[0])] + [(rot[k], rot[-k]) for k in range(1, n // 2)]:
                a, b = sorted((rows[i], rows[j]), key=lambda x: x.id)
                db.session.add(Match(event=event, a_id=a.id, b_id=b.id, round=r + 1, table=1,
                                     a_helps_b=b.needs.split(",")[0], b_helps_a=a.needs.split(",")[0]))
        db.session.flush()
        db.session.refresh(event)
        outbox.schedule_followups(event)
        db.session.query(OutboxMessage).filter(OutboxMessage.kind != "nudge").delete()
        extra = db.session.query(OutboxMessage.id).order_by(OutboxMessage.id.desc()).limit(
            max(0, 3 * n - nudges)).all()
        db.session.query(OutboxMessage).filter(OutboxMessage.id.in_([e.id for e in extra])).delete()
        db.session.commit()
        return db.session.query(OutboxMessage).count()


def sample_message(app):
    from web.extensions import db
    from web.mail.render import compose
    from web.models import Match, OutboxMessage

    with app.app_context():
        row = db.session.query(OutboxMessage).first()
        match = db.session.get(Match, row.match_id)
        msg = compose("nudge", match.event, match.a if match.a_id == row.attendee_id else match.b, match,
                      message_id=row.message_id)
        db.session.rollback()
        return msg


def bare_loop(msg, port: int, count: int) -> float:
    """Seconds for ``count`` sends of one message over one smtplib connection."""
    data = msg.as_bytes()
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for _ in range(count):
            smtp.sendmail("events@matchmaker.test", ["someone@example.org"], data)
    return time.perf_counter() - started


def run_sender(app, port: int) -> tuple[float, int]:
    from web.mail.sender import Sender

    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DEFAULT_SENDER="events@matchmaker.test",
                      MAIL_BATCH=50)
    started = time.perf_counter()
    stats = Sender(app, seed=0).send_due()
    return time.perf_counter() - started, stats.sent


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nudges", type=int, default=10_000)
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    args = parser.parse_args(argv)
    sink, port = start_sink()
    rows = []
    try:
        with tempfile.TemporaryDirectory() as tmp, pg_schema() as pg_url:
            databases = [("SQLite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")]
            if pg_url and not args.no_pg:
                databases.append(("PostgreSQL", pg_url))
            for label, url in databases:
                app = make_app(url)
                queued = seed(app, args.nudges)
                msg = sample_message(app)
                baseline = bare_loop(msg, port, queued)
                seconds, sent = run_sender(app, port)
                assert sent == queued, f"sent {sent} of {queued}"
                rows.append([label, queued, f"{queued / seconds:,.0f}", f"{queued / baseline:,.0f}",
                             f"{baseline / seconds:.3f}", f"{len(msg.as_bytes()):,}"])
                from web.extensions import db
                with app.app_context():
                    db.drop_all()
                    db.engine.dispose()
    finally:
        sink.terminate()
        sink.wait(timeout=10)
    print_table(["database", "nudges", "sender msg/s", "bare smtplib msg/s", "ratio", "bytes/msg"], rows)


if __name__ == "__main__":
    main()
