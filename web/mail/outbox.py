"""The outbox: one row per logical e-mail, written in the caller's transaction.

Each row has a unique ``key`` (``kind:event:recipient:pair``), so queueing is
idempotent: publishing twice, or two requests racing, never queues a second
copy. Rows are inserted with ``INSERT ... ON CONFLICT DO NOTHING`` (SQLite and
PostgreSQL), which stays correct when two transactions insert the same key at
once. Like every service, these functions flush and never commit.
"""

from __future__ import annotations

import datetime as dt
import secrets
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from ..models import Attendee, Event, Match, OutboxMessage, PairNote, utcnow
from ..services.events import local_to_utc
from . import schedule

__all__ = [
    "KINDS", "FOLLOWUP_KINDS", "outbox_key", "queue_invitations", "schedule_followups", "cancel",
    "send_now", "cancel_for_attendee", "restore_for_attendee", "OPTED_OUT", "counts", "insert_missing",
    "queue_for", "move_queued",
]

#: Every kind, in the order an attendee gets them (the profile phase's from web.services.profile_phase).
KINDS = ("profile_invite", "profile_reminder", "invitation", "update", "day_before", "nudge", "nudge_bundle",
         "reminder")
FOLLOWUP_KINDS = ("nudge", "nudge_bundle", "reminder")
ORGANIZER_CANCELLED = "cancelled by the organizer"
#: Why an opted-out attendee's mail was withdrawn (at opt-out, or by the sender at send time).
OPTED_OUT = "the recipient opted out"


def outbox_key(kind: str, event_id: int, attendee_id: int, match_id: int | None = None) -> str:
    """The unique key of one logical e-mail.

    >>> outbox_key("nudge", 3, 14, 159)
    'nudge:3:14:159'
    """
    return f"{kind}:{event_id}:{attendee_id}:{match_id or 0}"


def _message_id(kind: str, event_id: int, attendee_id: int, match_id: int | None) -> str:
    domain = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    return f"<{kind}.{event_id}.{attendee_id}.{match_id or 0}.{secrets.token_hex(6)}@{domain}>"


def _insert_missing(rows: list[dict]) -> int:
    """Insert the rows whose key is absent; returns how many were new to this transaction."""
    if not rows:
        return 0
    keys = [r["key"] for r in rows]
    existing: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        existing.update(db.session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.in_(chunk))))
    fresh = [r for r in rows if r["key"] not in existing]
    if not fresh:
        return 0
    now = utcnow()
    for r in fresh:
        r.update(status="queued", attempts=0, last_error="", claimed_by="", created_at=now,
                 message_id=_message_id(r["kind"], r["event_id"], r["attendee_id"], r["match_id"]))
    dialect = db.session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}.get(dialect)
    if insert is None:  # other databases: one savepoint per row, the unique key still decides
        for r in fresh:
            try:
                with db.session.begin_nested():
                    db.session.add(OutboxMessage(**r))
            except Exception:  # noqa: BLE001 - IntegrityError: a concurrent insert won
                pass
        return len(fresh)
    stmt = insert(OutboxMessage.__table__).on_conflict_do_nothing(index_elements=["key"])
    db.session.execute(stmt, fresh)
    return len(fresh)


#: Public name for other mail modules (updated invitations are keyed by their change).
insert_missing = _insert_missing


def _matched(event: Event) -> dict[int, list[Match]]:
    by_attendee: dict[int, list[Match]] = {}
    for m in event.matches:
        by_attendee.setdefault(m.a_id, []).append(m)
        by_attendee.setdefault(m.b_id, []).append(m)
    return by_attendee


def queue_invitations(event: Event, now: dt.datetime | None = None) -> int:
    """Queue one invitation, due at once, per matched attendee who accepts mail.

    Returns the number of rows queued by this call (0 when already queued).
    """
    now = now or utcnow()
    matched = _matched(event)
    rows = [
        dict(key=outbox_key("invitation", event.id, a.id), kind="invitation", event_id=event.id,
             attendee_id=a.id, match_id=None, due_at=now)
        for a in event.attendees if a.id in matched and a.wants_mail
    ]
    count = _insert_missing(rows)
    db.session.flush()
    return count


def schedule_followups(event: Event, *, revive: bool = False) -> int:
    """Queue the nudges and the reminder of every matched attendee, and (re)compute their due times.

    With ``event.bundle_nudges`` one ``nudge_bundle`` per attendee replaces the
    per-pair ``nudge`` rows (queued rows of the other form are cancelled). The
    reminder is one e-mail per attendee, listing at send time the pairs not
    marked done. Queued rows take the event's current times, so moving the
    event moves its follow-ups. ``revive`` re-queues rows the organizer
    cancelled. Returns the number of new rows.
    """
    if not event.followups_enabled:
        cancel(event, "followups")
        return 0
    nudge_at, reminder_at = schedule.nudge_due(event), schedule.reminder_due(event)
    nudge_kind = "nudge_bundle" if event.bundle_nudges else "nudge"
    other = "nudge" if event.bundle_nudges else "nudge_bundle"
    rows = []
    for attendee_id, matches in sorted(_matched(event).items()):
        if event.bundle_nudges:
            rows.append(dict(key=outbox_key(nudge_kind, event.id, attendee_id), kind=nudge_kind,
                             event_id=event.id, attendee_id=attendee_id, match_id=None, due_at=nudge_at))
        else:
            rows.extend(dict(key=outbox_key("nudge", event.id, attendee_id, m.id), kind="nudge",
                             event_id=event.id, attendee_id=attendee_id, match_id=m.id, due_at=nudge_at)
                        for m in matches)
        rows.append(dict(key=outbox_key("reminder", event.id, attendee_id), kind="reminder",
                         event_id=event.id, attendee_id=attendee_id, match_id=None, due_at=reminder_at))
    count = _insert_missing(rows)
    base = (OutboxMessage.event_id == event.id)
    if revive:
        db.session.execute(update(OutboxMessage).where(
            base, OutboxMessage.kind.in_((nudge_kind, "reminder")), OutboxMessage.status == "cancelled",
            OutboxMessage.last_error == ORGANIZER_CANCELLED).values(status="queued", last_error=""))
    for kind, due in ((nudge_kind, nudge_at), ("reminder", reminder_at)):
        db.session.execute(update(OutboxMessage).where(
            base, OutboxMessage.kind == kind, OutboxMessage.status == "queued").values(due_at=due))
    db.session.execute(update(OutboxMessage).where(
        base, OutboxMessage.kind == other, OutboxMessage.status == "queued").values(
            status="cancelled", last_error="replaced by the other nudge form"))
    db.session.flush()
    return count


def _kinds(kind: str) -> tuple[str, ...]:
    if kind in ("followups", "nudges"):
        return FOLLOWUP_KINDS if kind == "followups" else ("nudge", "nudge_bundle")
    if kind == "all":
        return KINDS
    if kind not in KINDS:
        raise ValueError(f"unknown mail kind {kind!r}; use one of {', '.join(KINDS)}, followups or all")
    return (kind,)


def cancel(event: Event, kind: str) -> int:
    """Cancel the queued rows of ``kind`` (a kind, ``"nudges"``, ``"followups"`` or ``"all"``)."""
    result = db.session.execute(update(OutboxMessage).where(
        OutboxMessage.event_id == event.id, OutboxMessage.kind.in_(_kinds(kind)),
        OutboxMessage.status == "queued").values(status="cancelled", last_error=ORGANIZER_CANCELLED))
    db.session.flush()
    return result.rowcount or 0


def send_now(event: Event, kind: str, now: dt.datetime | None = None) -> int:
    """Make the queued rows of ``kind`` due at once (the organizer's "send now")."""
    result = db.session.execute(update(OutboxMessage).where(
        OutboxMessage.event_id == event.id, OutboxMessage.kind.in_(_kinds(kind)),
        OutboxMessage.status == "queued").values(due_at=now or utcnow()))
    db.session.flush()
    return result.rowcount or 0


def cancel_for_attendee(attendee_id: int, reason: str, status: str = "suppressed") -> int:
    """Withdraw everything still queued for one attendee (unsubscribe: ``suppressed``)."""
    result = db.session.execute(update(OutboxMessage).where(
        OutboxMessage.attendee_id == attendee_id, OutboxMessage.status == "queued").values(
            status=status, last_error=reason))
    db.session.flush()
    return result.rowcount or 0


def restore_for_attendee(attendee_id: int, reason: str, now: dt.datetime | None = None) -> int:
    """Re-queue what :func:`cancel_for_attendee` withdrew for ``reason``, if not yet due; returns how many."""
    result = db.session.execute(update(OutboxMessage).where(
        OutboxMessage.attendee_id == attendee_id, OutboxMessage.status == "suppressed",
        OutboxMessage.last_error == reason, OutboxMessage.due_at > (now or utcnow())).values(
            status="queued", last_error=""))
    db.session.flush()
    return result.rowcount or 0


def counts(event: Event) -> dict:
    """Figures for the organizer's mail page.

    Keys: queued (``sending`` included), sent, failed, suppressed, cancelled,
    opened (attendees who opened their page), met_pairs (pairs at least one of
    the two marked met), done_within_48h (follow-ups marked done at most 48
    hours after the event ended), and ``by_kind`` ({kind: {status: n}}).
    """
    by_kind: dict[str, dict[str, int]] = {}
    totals = dict.fromkeys(("queued", "sent", "failed", "suppressed", "cancelled"), 0)
    rows = db.session.execute(select(OutboxMessage.kind, OutboxMessage.status, func.count())
                              .where(OutboxMessage.event_id == event.id)
                              .group_by(OutboxMessage.kind, OutboxMessage.status))
    for kind, status, n in rows:
        status = "queued" if status == "sending" else status
        by_kind.setdefault(kind, {}).setdefault(status, 0)
        by_kind[kind][status] += n
        totals[status] = totals.get(status, 0) + n
    opened = db.session.scalar(select(func.count()).select_from(Attendee).where(
        Attendee.event_id == event.id, Attendee.first_opened_at.is_not(None)))
    met = db.session.scalar(select(func.count(func.distinct(PairNote.match_id))).join(Match).where(
        Match.event_id == event.id, PairNote.met.is_(True)))
    deadline = local_to_utc(schedule.event_end_local(event), event.timezone) + dt.timedelta(hours=48)
    done = db.session.scalar(select(func.count()).select_from(PairNote).join(Match).where(
        Match.event_id == event.id, PairNote.followup_done_at.is_not(None),
        PairNote.followup_done_at <= deadline))
    return dict(totals, opened=opened or 0, met_pairs=met or 0, done_within_48h=done or 0, by_kind=by_kind)


def queue_for(event: Event, kind: str, attendee_ids, due_at: dt.datetime) -> int:
    """Queue one e-mail of ``kind`` per attendee (no pair), due at ``due_at``; returns how many are new."""
    rows = [dict(key=outbox_key(kind, event.id, attendee_id), kind=kind, event_id=event.id,
                 attendee_id=attendee_id, match_id=None, due_at=due_at) for attendee_id in attendee_ids]
    count = _insert_missing(rows)
    db.session.flush()
    return count


def move_queued(event: Event, kind: str, due_at: dt.datetime) -> int:
    """Give the queued rows of ``kind`` a new due time (their event moved its dates)."""
    result = db.session.execute(update(OutboxMessage).where(
        OutboxMessage.event_id == event.id, OutboxMessage.kind == kind,
        OutboxMessage.status == "queued").values(due_at=due_at))
    db.session.flush()
    return result.rowcount or 0
