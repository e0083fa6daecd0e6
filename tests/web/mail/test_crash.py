"""Real sender processes (``flask --app wsgi mail worker``) killed, stopped and run side by side.

SMTP cannot deliver exactly once: a sender killed between the server's 250 and
its commit sends that one message again. These tests hold the sender to that
bound: nothing lost, at most one duplicate per SIGKILL, none after SIGTERM,
none with two senders at once (SQLite and PostgreSQL).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.builders import mail_event
from web.extensions import db
from web.models import OutboxMessage

ROOT = Path(__file__).resolve().parents[3]
FLASK = str(Path(sys.executable).with_name("flask"))
N = 1000

pytestmark = pytest.mark.slow


def statuses(app) -> Counter:
    with app.app_context():
        try:
            return Counter(dict(db.session.execute(
                select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all()))
        finally:
            db.session.remove()


def queue(app, n=N) -> None:
    """``n`` invitations, and nothing else, due now."""
    mail_event(app, n)
    with app.app_context():
        db.session.query(OutboxMessage).filter(OutboxMessage.kind != "invitation").delete()
        db.session.commit()
        db.session.remove()
    assert statuses(app) == Counter(queued=n)


def start(app, smtp) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], BASE_URL=app.config["BASE_URL"],
               SECRET_KEY=app.config["SECRET_KEY"], MAIL_SERVER="127.0.0.1", MAIL_PORT=str(smtp.port),
               MAIL_DEFAULT_SENDER="events@matchmaker.test")
    return subprocess.Popen([FLASK, "--app", "wsgi", "mail", "worker", "--poll", "0.2", "--lease", "3"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_for(predicate, timeout: float, what: str, every: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def delivered(smtp) -> Counter:
    return Counter(smtp.handler.message_ids())


def stop(proc: subprocess.Popen) -> int:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        code = proc.wait(timeout=30)
        proc.report = proc.stdout.read().decode()  # "sent N, retried later ..."
        return code
    finally:
        proc.stdout.close()
        proc.stderr.close()


@pytest.fixture
def procs():
    started: list[subprocess.Popen] = []
    yield started
    for p in started:
        if p.poll() is None:
            p.kill()
            p.wait()


def finish(app, smtp, procs, timeout=120.0):
    """Let a fresh worker drain the outbox, stop it, and return the deliveries."""
    procs.append(start(app, smtp))
    # Watch the SMTP server, not the database: polling SQLite would compete for its write lock.
    wait_for(lambda: len(set(smtp.handler.message_ids())) >= N, timeout, "every message to arrive")
    wait_for(lambda: statuses(app) == Counter(sent=N), 30, "every message to be marked sent", every=0.5)
    assert stop(procs[-1]) == 0
    return delivered(smtp)


def run_until(app, smtp, procs, deliveries: int):
    procs.append(start(app, smtp))
    wait_for(lambda: len(smtp.handler.message_ids()) >= deliveries, 120, f"{deliveries} deliveries")
    return procs[-1]


def test_sigterm_duplicates_nothing_and_sigkill_at_most_one_per_kill(app, smtp, procs):
    """One pass over 1,000 messages: two SIGTERMs, then two SIGKILLs, then a worker that drains the rest."""
    queue(app)
    for threshold in (150, 300):
        assert stop(run_until(app, smtp, procs, threshold)) == 0
        assert statuses(app)["sending"] == 0  # what it held went back to the queue at once
        assert max(delivered(smtp).values()) == 1  # SIGTERM finished its message and marked it sent
    kills = 0
    for threshold in (500, 700):
        worker = run_until(app, smtp, procs, threshold)
        worker.kill()
        worker.wait()
        kills += 1
    counts = finish(app, smtp, procs)
    assert len(counts) == N
    assert sum(c - 1 for c in counts.values()) <= kills


def two_senders(app, smtp, procs, n=400):
    queue(app, n)
    procs.extend([start(app, smtp), start(app, smtp)])
    wait_for(lambda: len(set(smtp.handler.message_ids())) >= n, 120, "every message to arrive")
    wait_for(lambda: statuses(app) == Counter(sent=n), 30, "every message to be marked sent", every=0.5)
    assert [stop(p) for p in procs] == [0, 0]
    counts = delivered(smtp)
    assert len(counts) == n and max(counts.values()) == 1
    shares = [int(re.search(r"sent (\d+)", p.report).group(1)) for p in procs]
    assert sum(shares) == n and min(shares) > 0  # both really sent


@pytest.fixture
def sqlite_app(app_config, tmp_path, request):
    """The app on a SQLite file, whichever database the rest of the suite runs on."""
    app_config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'senders.sqlite3'}"
    return request.getfixturevalue("app")


def test_two_senders_at_once_on_sqlite(sqlite_app, smtp, procs):
    two_senders(sqlite_app, smtp, procs)


@pytest.mark.postgres
def test_two_senders_at_once_on_postgresql(pg_app, smtp, procs):
    two_senders(pg_app, smtp, procs)
