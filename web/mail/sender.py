"""Send what the outbox holds, from one or several processes at once, without sending twice.

Each round claims a few due rows in one short transaction: ``SELECT ... FOR
UPDATE SKIP LOCKED`` on PostgreSQL; on SQLite the app begins every
transaction with ``BEGIN IMMEDIATE``, so claims are serialised. A claim is a
lease (``claimed_by``, ``claimed_until``): rows whose lease ran out, because
their sender died, are claimable again. Each message is then prepared in a
short transaction (consent checked again, at send time), sent with no
transaction open, and marked sent in its own transaction right after the
server's 250. A sender killed between that 250 and the commit re-sends one
message: SMTP cannot do better (RFC 1047), and the stable Message-ID lets
clients fold the copy.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import socket
import time
import uuid
import weakref
from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select, update
from sqlalchemy import event as sa_event
from sqlalchemy.orm import joinedload

from web.extensions import db
from web.models import Attendee, Event, Match, OutboxMessage, Suppression, utcnow

from .backends import Permanent, Transient, backend_from_config
from .render import Skip, compose

__all__ = ["Sender", "SendStats", "backoff_seconds", "relax_commit_durability"]


@dataclass
class SendStats:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


def backoff_seconds(attempts: int, *, base: float, cap: float, rng: random.Random) -> float:
    """Capped exponential backoff with full jitter: uniform in [base, min(cap, base * 2**attempts)]."""
    ceiling = min(cap, base * (2 ** max(attempts, 0)))
    return rng.uniform(min(base, ceiling), ceiling)


_RELAXED: weakref.WeakSet = weakref.WeakSet()


def relax_commit_durability(engine) -> None:
    """Let this process's commits return before the disk flush (SQLite WAL ``synchronous=NORMAL``,
    PostgreSQL ``synchronous_commit=off``).

    A commit survives the death of the sender process either way; only a crash of
    the machine or of PostgreSQL may undo the last few, and the worst that does to
    the outbox is one more copy of a message already sent (at-least-once, as SMTP
    is anyway). Halves the cost of marking each message sent. Applied to the
    sender's process only (``MAIL_RELAXED_COMMITS``, on by default).
    """
    if engine in _RELAXED:
        return
    _RELAXED.add(engine)

    @sa_event.listens_for(engine, "connect")
    def _relax(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute("PRAGMA synchronous=NORMAL")
        elif engine.dialect.name == "postgresql":
            cursor.execute("SET synchronous_commit TO off")
            dbapi_connection.commit()
        cursor.close()

    engine.dispose()  # pooled connections were opened without it


class Sender:
    """Claims, prepares, sends and records outbox rows.

    Parameters
    ----------
    app : Flask
        The application; the sender works inside its app context.
    backend : optional
        An object with ``send(msg, sender, recipients)`` and ``close()``;
        by default the one the configuration asks for.
    clock : callable, optional
        Returns the current naive UTC time (tests move it).
    seed : int, optional
        Seed of the backoff jitter.
    """

    def __init__(self, app, backend=None, *, clock=utcnow, worker_id: str | None = None, seed: int | None = None):
        cfg = app.config
        self.app = app
        self.backend = backend or backend_from_config(cfg)
        self.clock = clock
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.lease = dt.timedelta(seconds=float(cfg["MAIL_LEASE_SECONDS"]))
        self.batch = int(cfg["MAIL_BATCH"])
        self.max_attempts = int(cfg["MAIL_MAX_ATTEMPTS"])
        self.backoff_base = float(cfg["MAIL_BACKOFF_SECONDS"])
        self.backoff_cap = float(cfg["MAIL_BACKOFF_CAP_SECONDS"])
        rate = float(cfg["MAIL_RATE_PER_SECOND"] or 0)
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.rng = random.Random(seed)
        self.stopping = False
        self.down_until: dt.datetime | None = None  # the server is not tried again before then
        self._last_send = 0.0
        self._lease_renewed_at: dt.datetime | None = None

    def request_stop(self, *_args) -> None:
        """Finish the current message, then stop (the SIGTERM and SIGINT handler)."""
        self.stopping = True

    # -- claiming ---------------------------------------------------------------------------------
    def claim(self, limit: int | None = None) -> list[int]:
        """Lease up to ``limit`` due rows to this sender; returns their ids, oldest due first."""
        now = self.clock()
        due = or_(and_(OutboxMessage.status == "queued", OutboxMessage.due_at <= now),
                  and_(OutboxMessage.status == "sending", OutboxMessage.claimed_until < now))
        try:
            ids = list(db.session.scalars(select(OutboxMessage.id).where(due)
                                          .order_by(OutboxMessage.due_at, OutboxMessage.id)
                                          .limit(limit or self.batch).with_for_update(skip_locked=True)))
            if ids:
                db.session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids)).values(
                    status="sending", claimed_by=self.worker_id, claimed_until=now + self.lease))
                self._lease_renewed_at = now
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
        return ids

    def release(self, ids: list[int], delay: float = 0.0) -> None:
        """Hand rows this sender still holds back to the queue (stop, or server down)."""
        if not ids:
            return
        db.session.execute(update(OutboxMessage).where(
            OutboxMessage.id.in_(ids), OutboxMessage.status == "sending",
            OutboxMessage.claimed_by == self.worker_id).values(
                status="queued", claimed_by="", claimed_until=None,
                due_at=self.clock() + dt.timedelta(seconds=delay)))
        db.session.commit()

    # -- one message ------------------------------------------------------------------------------
    def _prepare(self, row_id: int):
        """(row, message, envelope sender) in a short transaction; None when the row is not to be sent."""
        row = db.session.get(OutboxMessage, row_id)
        if row is None or row.status != "sending" or row.claimed_by != self.worker_id:
            db.session.commit()
            return None  # cancelled meanwhile, or re-leased by another sender after our lease ran out
        try:
            # The event and its organizer in the same round trip: every message needs them.
            recipient = db.session.get(Attendee, row.attendee_id, options=[
                joinedload(Attendee.event).joinedload(Event.organizer)]) if row.attendee_id else None
            if not recipient:
                raise Skip("the recipient was deleted")
            if not recipient.wants_mail:
                raise Skip("the recipient opted out", status="suppressed")
            if db.session.scalar(select(Suppression.id).where(Suppression.email == recipient.email.lower())):
                raise Skip("the address is on the suppression list", status="suppressed")
            match = db.session.get(Match, row.match_id, options=[joinedload(Match.a), joinedload(Match.b)]) \
                if row.match_id else None
            msg = compose(row.kind, recipient.event, recipient, match, message_id=row.message_id,
                          now=self.clock())
        except Skip as skip:
            row.status, row.last_error, row.claimed_by, row.claimed_until = skip.status, skip.reason, "", None
            db.session.commit()
            return None
        except Exception as exc:  # a bug or bad data in one row must not stop the others
            db.session.rollback()
            self._retry(row_id, f"could not build the message: {type(exc).__name__}: {exc}")
            return None
        envelope = msg["From"].addresses[0].addr_spec
        recipient_email = recipient.email.strip()
        db.session.commit()
        return row_id, msg, envelope, recipient_email

    def _mark_sent(self, row_id: int) -> None:
        now = self.clock()
        db.session.execute(update(OutboxMessage).where(OutboxMessage.id == row_id).values(
            status="sent", sent_at=now, attempts=OutboxMessage.attempts + 1, last_error="",
            claimed_by="", claimed_until=None))
        if self._lease_renewed_at is None or now - self._lease_renewed_at > self.lease / 3:
            # Keep the lease of the rows still held alive while a slow batch goes out.
            db.session.execute(update(OutboxMessage).where(
                OutboxMessage.claimed_by == self.worker_id, OutboxMessage.status == "sending").values(
                    claimed_until=now + self.lease))
            self._lease_renewed_at = now
        db.session.commit()

    def _retry(self, row_id: int, error: str) -> str:
        row = db.session.get(OutboxMessage, row_id)
        row.attempts += 1
        row.last_error = error[:1000]
        row.claimed_by, row.claimed_until = "", None
        if row.attempts >= self.max_attempts:
            row.status = "failed"
        else:
            row.status = "queued"
            delay = backoff_seconds(row.attempts, base=self.backoff_base, cap=self.backoff_cap, rng=self.rng)
            row.due_at = self.clock() + dt.timedelta(seconds=delay)
        status = row.status
        db.session.commit()
        return status

    def _fail(self, row_id: int, error: str, email: str) -> None:
        row = db.session.get(OutboxMessage, row_id)
        row.attempts += 1
        row.status, row.last_error, row.claimed_by, row.claimed_until = "failed", error[:1000], "", None
        address = email.lower()
        if db.session.scalar(select(Suppression.id).where(Suppression.email == address)) is None:
            try:
                with db.session.begin_nested():
                    db.session.add(Suppression(email=address, reason=f"permanent failure: {error}"[:300]))
            except Exception:  # noqa: BLE001 - another sender suppressed it at the same moment
                pass
        db.session.commit()

    def _throttle(self) -> None:
        if self.interval:
            wait = self._last_send + self.interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last_send = time.monotonic()

    def process(self, ids: list[int], stats: SendStats) -> None:
        """Send the claimed rows ``ids`` one by one; stops early on a stop request or a dead server."""
        for position, row_id in enumerate(ids):
            if self.stopping:
                self.release(ids[position:])
                return
            prepared = self._prepare(row_id)
            if prepared is None:
                stats.skipped += 1
                continue
            _, msg, envelope, to = prepared
            self._throttle()
            try:
                self.backend.send(msg, envelope, [to])
            except Transient as exc:
                stats.errors.append(str(exc))
                if self._retry(row_id, str(exc)) == "failed":
                    stats.failed += 1
                else:
                    stats.retried += 1
                if exc.connection:  # the server is down: hand the rest back and wait
                    delay = backoff_seconds(1, base=self.backoff_base, cap=self.backoff_cap, rng=self.rng)
                    self.release(ids[position + 1:], delay)
                    self.down_until = self.clock() + dt.timedelta(seconds=delay)
                    return
                continue
            except Permanent as exc:
                stats.errors.append(str(exc))
                self._fail(row_id, str(exc), to)
                stats.failed += 1
                continue
            self._mark_sent(row_id)
            stats.sent += 1

    def _server_down(self) -> bool:
        return self.down_until is not None and self.clock() < self.down_until

    # -- loops ------------------------------------------------------------------------------------
    def _setup(self) -> None:
        if self.app.config["MAIL_RELAXED_COMMITS"]:
            relax_commit_durability(db.engine)

    def send_due(self) -> SendStats:
        """Send everything due now, then return (``flask mail send``)."""
        stats = SendStats()
        with self.app.app_context():
            self._setup()
            try:
                while not self.stopping and not self._server_down():
                    ids = self.claim()
                    if not ids:
                        break
                    self.process(ids, stats)
            finally:
                self.backend.close()
                db.session.remove()
        return stats

    def run(self, poll: float = 5.0, *, max_idle_rounds: int | None = None) -> SendStats:
        """Send as messages fall due until :meth:`request_stop` (``flask mail worker``)."""
        total, idle = SendStats(), 0
        with self.app.app_context():
            self._setup()
            try:
                while not self.stopping:
                    ids = [] if self._server_down() else self.claim()
                    if ids:
                        idle = 0
                        self.process(ids, total)
                        continue
                    idle += 1
                    if max_idle_rounds is not None and idle >= max_idle_rounds:
                        break
                    if idle == 1:  # nothing due: do not hold an idle connection open
                        self.backend.close()
                    deadline = time.monotonic() + poll
                    while not self.stopping and time.monotonic() < deadline:
                        time.sleep(min(0.1, poll))
            finally:
                self.backend.close()
                db.session.remove()
        return total
