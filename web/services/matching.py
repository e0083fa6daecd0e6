"""Matching runs: jobs, the engine call, and the Match rows that store its result.

Small events are matched inside the request; larger ones are queued as a
:class:`~web.models.MatchingJob` and run by ``flask --app wsgi jobs worker``
(a separate process, so no request outlives gunicorn's timeout). Functions
flush and never commit; :func:`run_job` takes callables from the worker to
commit progress and to end its read transaction before the long engine run
(on SQLite every transaction holds the write lock).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import defaultdict

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

import matchmaker
from matchmaker.errors import MatchmakerError

from ..extensions import db
from ..models import Attendee, Event, Match, MatchingJob, PairRule, utcnow
from .errors import Invalid, NotFound

__all__ = [
    "INTERNAL_ERROR", "apply_result", "claim_next_job", "delete_rule", "latest_job", "match_json",
    "requeue_dead_jobs", "run_job", "set_rule", "start_matching",
]

log = logging.getLogger(__name__)

INTERNAL_ERROR = "internal error, see the worker log"
ACTIVE = ("queued", "running")
_PROGRESS_EVERY = 0.5  # seconds between progress writes
_RULE_KINDS = ("pin", "forbid")


def latest_job(event: Event) -> MatchingJob | None:
    """The event's most recent matching job, or None."""
    return db.session.scalar(
        select(MatchingJob).where(MatchingJob.event_id == event.id).order_by(MatchingJob.id.desc()).limit(1)
    )


def start_matching(event: Event, *, run_now: bool | None = None) -> MatchingJob:
    """Create a matching job for ``event``, and run it now when the event is small.

    Parameters
    ----------
    event : Event
    run_now : bool or None
        None runs in this request when the event has at most ``MATCH_IN_REQUEST_MAX``
        attendees and queues the job for the worker otherwise.

    Returns
    -------
    MatchingJob
        Done or failed when it ran now; queued otherwise. When a job of this
        event is already queued or running, that job is returned instead.
    """
    active = latest_job(event)
    if active is not None and active.status in ACTIVE:
        return active
    job = MatchingJob(event_id=event.id, status="queued", progress=0.0, message="waiting for the worker")
    db.session.add(job)
    db.session.flush()
    if run_now is None:
        count = db.session.scalar(select(db.func.count()).where(Attendee.event_id == event.id))
        run_now = count <= current_app.config.get("MATCH_IN_REQUEST_MAX", 300)
    if run_now:
        job.status, job.claimed_by, job.started_at = "running", "request", utcnow()
        run_job(job)
    return job


def _stale_before() -> dt.datetime:
    return utcnow() - dt.timedelta(seconds=current_app.config.get("MATCH_JOB_STALE_SECONDS", 300))


def requeue_dead_jobs() -> int:
    """Put back in the queue running jobs whose worker stopped sending heartbeats."""
    result = db.session.execute(
        update(MatchingJob)
        .where(MatchingJob.status == "running", MatchingJob.heartbeat_at < _stale_before())
        .values(status="queued", claimed_by="", message="restarted: its worker stopped")
    )
    return result.rowcount


def claim_next_job(worker_id: str) -> MatchingJob | None:
    """Mark the oldest queued job as running for ``worker_id`` and return it; the caller commits.

    PostgreSQL skips rows other workers hold (``FOR UPDATE SKIP LOCKED``);
    SQLite renders no row lock, but the app begins every transaction with
    ``BEGIN IMMEDIATE``, and the conditional UPDATE checked by its row count
    makes a lost race return None rather than a job claimed twice.
    """
    requeue_dead_jobs()
    job_id = db.session.scalar(
        select(MatchingJob.id).where(MatchingJob.status == "queued").order_by(MatchingJob.id)
        .limit(1).with_for_update(skip_locked=True)
    )
    if job_id is None:
        return None
    now = utcnow()
    claimed = db.session.execute(
        update(MatchingJob).where(MatchingJob.id == job_id, MatchingJob.status == "queued")
        .values(status="running", claimed_by=worker_id[:100], started_at=now, heartbeat_at=now,
                progress=0.0, message="starting", error="")
    )
    if claimed.rowcount != 1:
        return None
    job = db.session.get(MatchingJob, job_id)
    db.session.refresh(job)
    return job


def _engine_attendee(row: Attendee) -> matchmaker.Attendee:
    return matchmaker.Attendee(
        email=row.email, name=row.name, company=row.company or "", role=row.role or "", bio=row.bio or "",
        offers=row.offers or "", needs=row.needs or "", interests=row.interests or "",
        linkedin=row.linkedin or "", language=row.language or "", consent=row.consent,
    )


def _engine_input(event: Event) -> dict:
    # Opted-out attendees stay: they opted out of e-mails, not of the event.
    rows = db.session.scalars(select(Attendee).where(Attendee.event_id == event.id).order_by(Attendee.id))
    rules = db.session.scalars(select(PairRule).where(PairRule.event_id == event.id).order_by(PairRule.id))
    pinned, forbidden = [], []
    for rule in rules:
        (pinned if rule.kind == "pin" else forbidden).append((rule.a.email, rule.b.email))
    return dict(attendees=[_engine_attendee(row) for row in rows], seed=event.seed,
                allow_colleagues=event.allow_colleagues, pinned=pinned, forbidden=forbidden,
                language=event.language)


def _progress_writer(job_id: int, commit):
    last = [0.0]

    def progress(fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - last[0] < _PROGRESS_EVERY and fraction < 1.0:
            return
        last[0] = now
        db.session.execute(
            update(MatchingJob).where(MatchingJob.id == job_id)
            .values(progress=min(max(float(fraction), 0.0), 1.0), message=str(message)[:300],
                    heartbeat_at=utcnow())
        )
        if commit is not None:
            commit()

    return progress


def run_job(job: MatchingJob, *, commit=None) -> MatchingJob:
    """Run the engine for ``job``'s event and store the result; flushes, never commits.

    Parameters
    ----------
    job : MatchingJob
        A job marked running.
    commit : callable, optional
        Given by the worker: called after reading the input (so no transaction
        is held during the engine run) and after each progress write. In a
        request it is None and everything happens in the request's transaction.

    A :class:`~matchmaker.errors.MatchmakerError` fails the job with its
    sentence; any other exception fails it with :data:`INTERNAL_ERROR` and is
    logged with its traceback. A result is applied inside a savepoint, so a
    failure while writing leaves the previous matches untouched.
    """
    job_id, event_id = job.id, job.event_id
    try:
        event = db.session.get(Event, event_id)
        params = _engine_input(event)
        if commit is not None:
            commit()
        result = matchmaker.match_event(**params, progress=_progress_writer(job_id, commit))
        with db.session.begin_nested():
            apply_result(db.session.get(Event, event_id), result)
    except MatchmakerError as error:
        return _finish(job_id, "failed", error=str(error))
    except Exception:
        log.exception("matching job %s (event %s) failed", job_id, event_id)
        return _finish(job_id, "failed", error=INTERNAL_ERROR)
    return _finish(job_id, "done", message="done")


def _finish(job_id: int, status: str, *, message: str = "", error: str = "") -> MatchingJob:
    job = db.session.get(MatchingJob, job_id)
    job.status, job.error, job.finished_at, job.heartbeat_at = status, error, utcnow(), utcnow()
    if status == "done":
        job.progress, job.message = 1.0, message
    else:
        job.message = "failed"
    db.session.flush()
    return job


def apply_result(event: Event, result: dict) -> None:
    """Replace the event's Match rows by the engine's ``result``; flushes.

    A pair that was already matched keeps its row (and the notes attendees
    wrote about it); pairs no longer chosen are deleted. Tables are numbered
    1..N within each round, in the engine's order.
    """
    ids = {email: id_ for email, id_ in db.session.execute(
        select(Attendee.email, Attendee.id).where(Attendee.event_id == event.id))}
    old = {(m.a_id, m.b_id): m for m in db.session.scalars(select(Match).where(Match.event_id == event.id))}
    tables: dict[int, int] = defaultdict(int)
    kept = set()
    for pair in result["pairs"]:
        a, b = ids[pair["a"]], ids[pair["b"]]
        swap = a > b
        key = (b, a) if swap else (a, b)
        tables[pair["round"]] += 1
        values = dict(
            round=pair["round"], table=tables[pair["round"]], score=float(pair["score"]), weak=bool(pair["weak"]),
            a_helps_b=pair["b_helps_a"] if swap else pair["a_helps_b"],
            b_helps_a=pair["a_helps_b"] if swap else pair["b_helps_a"],
            a_gives=list(pair.get("b_gives" if swap else "a_gives", [])),
            b_gives=list(pair.get("a_gives" if swap else "b_gives", [])),
            shared=list(pair.get("shared", [])),
            questions_for_a=list(pair["questions_for_b"] if swap else pair["questions_for_a"]),
            questions_for_b=list(pair["questions_for_a"] if swap else pair["questions_for_b"]),
        )
        match = old.get(key)
        if match is None:
            db.session.add(Match(event_id=event.id, a_id=key[0], b_id=key[1], **values))
        else:
            for name, value in values.items():
                setattr(match, name, value)
        kept.add(key)
    for key, match in old.items():
        if key not in kept:
            db.session.delete(match)
    event.match_stats = dict(result["stats"], unmatched=list(result.get("unmatched", [])),
                             rejected_rows=list(result.get("rejected_rows", [])))
    event.matched_at = utcnow()
    db.session.flush()
    db.session.expire(event, ["matches"])


def match_json(event: Event) -> dict:
    """The engine's JSON shape rebuilt from the stored Match rows (e-mails as ids)."""
    matches = db.session.scalars(
        select(Match).where(Match.event_id == event.id).order_by(Match.round, Match.table, Match.id)
        .options(joinedload(Match.a), joinedload(Match.b))).all()
    partners: dict[int, list[tuple[int, str]]] = defaultdict(list)
    pairs = []
    for m in matches:
        partners[m.a_id].append((m.round, m.b.email))
        partners[m.b_id].append((m.round, m.a.email))
        pairs.append({
            "a": m.a.email, "b": m.b.email, "round": m.round, "table": m.table, "score": m.score, "weak": m.weak,
            "a_helps_b": m.a_helps_b, "b_helps_a": m.b_helps_a,
            "a_gives": list(m.a_gives or []), "b_gives": list(m.b_gives or []), "shared": list(m.shared or []),
            "questions_for_a": list(m.questions_for_a or []), "questions_for_b": list(m.questions_for_b or []),
        })
    stats = dict(event.match_stats or {})
    unmatched = stats.pop("unmatched", [])
    rejected = stats.pop("rejected_rows", [])
    attendees = db.session.scalars(select(Attendee).where(Attendee.event_id == event.id).order_by(Attendee.id))
    return {
        "attendees": [{"email": a.email, "name": a.name, "partners": [e for _, e in sorted(partners[a.id])]}
                      for a in attendees],
        "pairs": pairs, "unmatched": unmatched, "rejected_rows": rejected, "stats": stats,
    }


def _attendee_by_email(event: Event, email: str) -> Attendee:
    from matchmaker.reader import normalise_email

    row = db.session.scalar(select(Attendee).where(Attendee.event_id == event.id,
                                                   Attendee.email == normalise_email(email or "")))
    if row is None:
        raise Invalid(f"No attendee of this event has the address {email!r}.", field="email")
    return row


def set_rule(event: Event, a_email: str, b_email: str, kind: str) -> PairRule:
    """Pin (always pair) or forbid (never pair) two attendees; replaces an earlier rule on that pair.

    Raises
    ------
    Invalid
        Unknown kind or address, or the same person twice.
    """
    if kind not in _RULE_KINDS:
        raise Invalid(f"A rule is 'pin' or 'forbid', not {kind!r}.", field="kind")
    a, b = _attendee_by_email(event, a_email), _attendee_by_email(event, b_email)
    if a.id == b.id:
        raise Invalid("Choose two different attendees.", field="b")
    a, b = sorted((a, b), key=lambda row: row.id)
    rule = db.session.scalar(select(PairRule).where(PairRule.event_id == event.id, PairRule.a_id == a.id,
                                                    PairRule.b_id == b.id))
    if rule is None:
        rule = PairRule(event_id=event.id, a_id=a.id, b_id=b.id, kind=kind)
        db.session.add(rule)
    rule.kind = kind
    db.session.flush()
    return rule


def delete_rule(event: Event, rule_id: int) -> None:
    """Delete one of the event's rules (NotFound for a rule of another event)."""
    rule = db.session.get(PairRule, rule_id)
    if rule is None or rule.event_id != event.id:
        raise NotFound("No such rule.")
    db.session.delete(rule)
    db.session.flush()
