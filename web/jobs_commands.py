"""Click commands: ``flask jobs worker`` (runs queued matching jobs) and ``flask demo``.

The worker is a process of its own (never a thread inside gunicorn workers,
which would run once per worker): ``flask --app wsgi jobs worker``. Several
workers may run at once; :func:`web.services.matching_jobs.claim_next_job` gives
each job to one of them, and a job whose worker died is re-queued once its
heartbeat is older than ``MATCH_JOB_STALE_SECONDS``.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import signal
import socket
import time
from zoneinfo import ZoneInfo

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from matchmaker.synthetic import generate_event, to_csv

from .extensions import db
from .models import Event, Organizer
from .services.events import create_event
from .services.imports import apply_import
from .services.links import ensure_link, link_url
from .services.matching_jobs import claim_next_job, run_job, start_matching
from .services.organizers import create_organizer
from .services.profile_phase import run_due
from .services.publishing import publish
from .services.repairs import run_due_repairs
from .urls import external_url

__all__ = ["register", "DEMO_EMAIL", "DEMO_PASSWORD"]

log = logging.getLogger(__name__)

DEMO_EMAIL = "demo@matchmaker.local"
#: Fixed on purpose: a local demo only. Never expose a demo database to a network.
DEMO_PASSWORD = "demo-password-123"
DEMO_EVENT = "Soirée démo matchmaker"
DEMO_SEED = 2024

#: Seconds between two looks at what the profile phase has due (deadlines, day-before e-mails).
DUE_CHECK_SECONDS = 30.0

jobs = AppGroup("jobs", help="Background jobs (matching of large events).")


@jobs.command("worker")
@click.option("--once", is_flag=True, help="Run the jobs waiting now, then exit (no polling).")
@click.option("--poll", default=2.0, show_default=True, help="Seconds between looks at an empty queue.")
def worker(once: bool, poll: float) -> None:
    """Run queued matching jobs and due event-day re-pairings; stop with SIGTERM or Ctrl-C after the current job."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    worker_id = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
    stopping: list[bool] = []
    previous = _on_sigterm(lambda *_: stopping.append(True))
    log.info("matching worker %s started", worker_id)
    try:
        done = _work(worker_id, once, poll, stopping)
    finally:
        if previous is not None:
            _on_sigterm(previous)
    click.echo(f"worker {worker_id} stopped after {done} job(s)")


def _on_sigterm(handler):
    # Finish the current job on SIGTERM (systemd, docker stop); a job cut short
    # anyway is re-queued once its heartbeat is stale.
    try:
        return signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (embedded use): keep the default
        return None


def _work(worker_id: str, once: bool, poll: float, stopping: list) -> int:
    done, due_checked = 0, 0.0
    while not stopping:
        try:
            # Event day: repair the rounds whose re-pairing is due (each round once, automatically).
            for event_id, rnd, fix in run_due_repairs(commit=db.session.commit):
                log.info("event %s round %s repaired: %s", event_id, rnd, fix.to_dict() if fix else "no check-in")
            if time.monotonic() - due_checked >= DUE_CHECK_SECONDS:
                run_due()  # the profile phase: matchings at the deadline, publication, day-before e-mails
                db.session.commit()
                due_checked = time.monotonic()
            job = claim_next_job(worker_id)
            db.session.commit()
            if job is None:
                if once:
                    break
                time.sleep(poll)
                continue
            log.info("job %s: matching event %s", job.id, job.event_id)
            job = run_job(job, commit=db.session.commit)
            db.session.commit()
            done += 1
            log.info("job %s: %s %s", job.id, job.status, job.error)
        except KeyboardInterrupt:
            break
        except Exception:  # e.g. the database went away: log, wait, try again
            db.session.rollback()
            log.exception("matching worker: unexpected error")
            if once:
                raise
            time.sleep(poll)
        finally:
            db.session.remove()
    return done


def _demo_organizer():
    organizer = db.session.scalar(select(Organizer).where(Organizer.email == DEMO_EMAIL))
    return organizer or create_organizer(DEMO_EMAIL, DEMO_PASSWORD, name="Demo organizer")


def _demo_event(organizer):
    event = db.session.scalar(select(Event).where(Event.organizer_id == organizer.id, Event.name == DEMO_EVENT))
    if event is not None:
        return event
    tz = "Europe/Paris"
    tomorrow = dt.datetime.now(ZoneInfo(tz)).date() + dt.timedelta(days=1)
    return create_event(organizer, name=DEMO_EVENT, venue="Halle démo, Paris", timezone=tz, language="fr",
                        starts_at=dt.datetime.combine(tomorrow, dt.time(18, 30)),
                        meeting_point="Table {table}")


@click.command("demo")
@with_appcontext
def demo() -> None:
    """Create (once) a demo organizer and a matched, published event of 40 attendees."""
    organizer = _demo_organizer()
    event = _demo_event(organizer)
    if not event.attendees:
        apply_import(event, to_csv(generate_event(40, seed=DEMO_SEED).attendees))
    if not event.matches:
        job = start_matching(event, run_now=True)
        if job.status != "done":
            raise click.ClickException(f"demo matching failed: {job.error}")
        db.session.expire(event)
    if event.published_at is None:
        publish(event)
    link = None
    if event.published_at is not None and event.attendees:
        link = (event.attendees[0].name, link_url(ensure_link(event.attendees[0])))
    db.session.commit()
    click.echo(f"Sign in at {external_url('auth.signin')}")
    click.echo(f"  e-mail:   {DEMO_EMAIL}")
    click.echo(f"  password: {DEMO_PASSWORD}  (fixed demo password: local use only)")
    click.echo(f"Event page: {external_url('events.show', event_id=event.id)}")
    if link:
        click.echo(f"One attendee's page ({link[0]}): {link[1]}")


def register(app: Flask) -> None:
    """Add ``flask jobs ...`` and ``flask demo`` to ``app``."""
    app.cli.add_command(jobs)
    app.cli.add_command(demo)
