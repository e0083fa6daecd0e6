"""Matching jobs: the queue, the worker's claim, and one run of the engine for an event.

Small events are matched inside the request; larger ones are queued as a
:class:`~web.models.MatchingJob` and run by ``flask --app wsgi jobs worker``
(a separate process, so no request outlives gunicorn's timeout). Functions
flush and never commit; :func:`run_job` takes callables from the worker to
commit progress and to end its read transaction before the long engine run
(on SQLite every transaction holds the write lock). What goes into the engine
and how its result is stored is :mod:`web.services.engine_adapter`.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from flask import current_app
from sqlalchemy import select, update

import matchmaker
from matchmaker.errors import MatchmakerError

from ..extensions import db
from ..models import Attendee, Event, MatchingJob, utcnow
from .engine_adapter import apply_result, engine_input

__all__ = ["INTERNAL_ERROR", "claim_next_job", "latest_job", "requeue_dead_jobs", "run_job", "start_matching"]

log = logging.getLogger(__name__)

INTERNAL_ERROR = "internal error, see the worker log"
ACTIVE = ("queued", "running")
_PROGRESS_EVERY = 0.5  # seconds between progress writes


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
        run_now = count <= current_app.config["MATCH_IN_REQUEST_MAX"]
    if run_now:
        job.status, job.claimed_by, job.started_at = "running", "request", utcnow()
        run_job(job)
    return job


def _stale_before() -> dt.datetime:
    return utcnow() - dt.timedelta(seconds=current_app.config["MATCH_JOB_STALE_SECONDS"])


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
        params = engine_input(event)
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
