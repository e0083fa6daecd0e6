"""Matching runs: in the request for small events, in the worker for large ones; status and failures."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from tests.builders import attendee_csv, import_people
from tests.helpers import csrf_token, signed_in_event


def _run(client, event_id):
    return client.post(f"/events/{event_id}/matching", data={"csrf_token": csrf_token(client, f"/events/{event_id}")})


def _partner_counts(app, event_id) -> Counter:
    from web.extensions import db
    from web.models import Match

    with app.app_context():
        counts = Counter()
        for m in db.session.scalars(select(Match).where(Match.event_id == event_id)):
            counts[m.a_id] += 1
            counts[m.b_id] += 1
        return counts


def test_small_event_is_matched_in_the_request(app, client):
    event_id = signed_in_event(app, client)
    import_people(app, event_id, attendee_csv(12))
    response = _run(client, event_id)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/events/{event_id}")
    counts = _partner_counts(app, event_id)
    assert len(counts) == 12 and set(counts.values()) == {3}

    from web.extensions import db
    from web.models import Event, Match
    from web.services.engine_adapter import match_json
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert event.matched_at is not None and event.match_stats["pairs"] == 18
        for rnd in {m.round for m in event.matches}:
            tables = sorted(m.table for m in event.matches if m.round == rnd)
            assert tables == list(range(1, len(tables) + 1))
        assert all(m.a_id < m.b_id for m in db.session.scalars(select(Match)))
        rebuilt = match_json(event)
        assert len(rebuilt["pairs"]) == 18 and all(len(a["partners"]) == 3 for a in rebuilt["attendees"])
        assert rebuilt["stats"]["attendees"] == 12
    status = client.get(f"/events/{event_id}/matching/status.json").get_json()
    assert status == {"status": "done", "progress": 1.0, "message": "done", "error": ""}
    page = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert "<progress" in page and "Run the matching again" in page


def test_large_event_is_queued_and_the_worker_completes_it(app, client, runner):
    app.config["MATCH_IN_REQUEST_MAX"] = 5
    event_id = signed_in_event(app, client)
    import_people(app, event_id, attendee_csv(12, seed=3))
    _run(client, event_id)
    assert client.get(f"/events/{event_id}/matching/status.json").get_json()["status"] == "queued"
    assert _partner_counts(app, event_id) == Counter()
    page = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert 'http-equiv="refresh"' in page and "Queued" in page

    result = runner.invoke(args=["jobs", "worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "after 1 job" in result.output
    status = client.get(f"/events/{event_id}/matching/status.json").get_json()
    assert status["status"] == "done" and status["progress"] == 1.0
    assert set(_partner_counts(app, event_id).values()) == {3}


def test_a_failing_job_stores_its_reason(app, client, runner, monkeypatch):
    from matchmaker.errors import MatchingError

    app.config["MATCH_IN_REQUEST_MAX"] = 0
    event_id = signed_in_event(app, client)
    import_people(app, event_id, attendee_csv(6))
    _run(client, event_id)

    def broken(*args, **kwargs):
        raise MatchingError("pinned pair a@x / b@x: a is not in the list")

    monkeypatch.setattr("matchmaker.pipeline.match_event", broken)
    assert runner.invoke(args=["jobs", "worker", "--once"]).exit_code == 0
    status = client.get(f"/events/{event_id}/matching/status.json").get_json()
    assert status["status"] == "failed" and "a is not in the list" in status["error"]

    def crash(*args, **kwargs):
        raise ZeroDivisionError("secret detail")

    monkeypatch.setattr("matchmaker.pipeline.match_event", crash)
    _run(client, event_id)
    assert runner.invoke(args=["jobs", "worker", "--once"]).exit_code == 0
    status = client.get(f"/events/{event_id}/matching/status.json").get_json()
    assert status["error"] == "an internal error; the details are in the worker's log"  # the page's words
    french = client.get(f"/events/{event_id}/matching/status.json", headers={"Accept-Language": "fr"}).get_json()
    assert french["error"].startswith("une erreur interne") and "secret" not in french["error"]
    assert "failed" in client.get(f"/events/{event_id}").get_data(as_text=True).lower()


def test_dead_job_is_requeued_and_claimed_once(app):
    import datetime as dt

    from web.extensions import db
    from web.models import Event, MatchingJob, Organizer, utcnow
    from web.services.matching_jobs import claim_next_job

    with app.app_context():
        organizer = Organizer(email="o@example.org", password_hash="x")
        event = Event(organizer=organizer, name="E", starts_at=dt.datetime(2030, 1, 1, 18))
        db.session.add(event)
        db.session.flush()
        dead = MatchingJob(event_id=event.id, status="running", claimed_by="gone:1",
                           heartbeat_at=utcnow() - dt.timedelta(hours=1))
        alive = MatchingJob(event_id=event.id, status="running", claimed_by="here:2", heartbeat_at=utcnow())
        db.session.add_all([dead, alive])
        db.session.commit()
        job = claim_next_job("me:3")
        db.session.commit()
        assert job.id == dead.id and job.claimed_by == "me:3" and job.status == "running"
        assert claim_next_job("me:4") is None
        assert db.session.get(MatchingJob, alive.id).claimed_by == "here:2"


def test_status_of_an_event_never_matched_and_of_someone_elses(app, client):
    from tests.builders import bare_event
    from tests.helpers import create_organizer

    event_id = signed_in_event(app, client)
    assert client.get(f"/events/{event_id}/matching/status.json").get_json()["status"] == "none"
    foreign = bare_event(app, create_organizer(app, email="x@example.org"))
    assert client.get(f"/events/{foreign}/matching/status.json").status_code == 404
    token = csrf_token(client, f"/events/{event_id}")
    assert client.post(f"/events/{foreign}/matching", data={"csrf_token": token}).status_code == 404


def test_concurrent_workers_never_claim_the_same_job(app):
    import datetime as dt
    import threading

    from web.extensions import db
    from web.models import Event, MatchingJob, Organizer
    from web.services.matching_jobs import claim_next_job

    with app.app_context():
        event = Event(organizer=Organizer(email="o@example.org", password_hash="x"), name="E",
                      starts_at=dt.datetime(2030, 1, 1, 18))
        db.session.add(event)
        db.session.flush()
        db.session.add_all([MatchingJob(event_id=event.id, status="queued") for _ in range(9)])
        db.session.commit()
    claimed: dict[str, list[int]] = {}
    barrier = threading.Barrier(3)

    def work(name):
        mine = claimed.setdefault(name, [])
        with app.app_context():
            barrier.wait()
            while True:
                job = claim_next_job(name)
                db.session.commit()
                if job is None:
                    break
                mine.append(job.id)
            db.session.remove()

    threads = [threading.Thread(target=work, args=(f"w{k}",)) for k in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ids = [job_id for mine in claimed.values() for job_id in mine]
    assert sorted(ids) == sorted(set(ids)) and len(ids) == 9
    with app.app_context():
        owners = dict(db.session.execute(db.select(MatchingJob.id, MatchingJob.claimed_by)).all())
    assert all(owners[job_id] == name for name, mine in claimed.items() for job_id in mine)


def test_opted_out_attendees_stay_in_the_matching(app):
    from tests.builders import bare_event
    from tests.helpers import create_organizer
    from web.extensions import db
    from web.models import Attendee, Event, utcnow
    from web.services.matching_jobs import start_matching

    event_id = bare_event(app, create_organizer(app))
    import_people(app, event_id, attendee_csv(8))
    with app.app_context():
        quiet = db.session.scalars(select(Attendee).where(Attendee.event_id == event_id)).first()
        quiet.opted_out_at = utcnow()
        job = start_matching(db.session.get(Event, event_id))
        db.session.commit()
        assert job.status == "done", job.error
        quiet_id = quiet.id
    assert _partner_counts(app, event_id)[quiet_id] == 3


def test_gunicorn_access_log_redacts_private_links():
    import runpy
    from pathlib import Path

    conf = runpy.run_path(str(Path(__file__).resolve().parents[2] / "web" / "gunicorn.conf.py"))
    assert conf["bind"].endswith(":8000") and conf["timeout"] == 60 and callable(conf["post_fork"])
    line = 'GET /m/AbC_123-xyz?lang=fr HTTP/1.1 ref=https://x.test/u/tok9 /d/t0k /events/3/upload'
    assert conf["redact"](line) == ('GET /m/[redacted]?lang=fr HTTP/1.1 ref=https://x.test/u/[redacted] '
                                    '/d/[redacted] /events/3/upload')

    class Resp:
        status, sent, headers = "200 OK", 10, []

    class Req:
        headers, method, path, query, uri, version = [], "GET", "/m/secret", "", "/m/secret", (1, 1)

    environ = {"REQUEST_METHOD": "GET", "RAW_URI": "/m/secret", "PATH_INFO": "/m/secret", "QUERY_STRING": "",
               "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_REFERER": "https://x.test/d/other"}
    import datetime as dt

    from gunicorn.config import Config

    atoms = conf["RedactingLogger"](Config()).atoms(Resp(), Req(), environ, dt.timedelta(seconds=0.1))
    assert "secret" not in atoms["r"] and "secret" not in atoms["U"] and "other" not in atoms["f"]


def test_worker_commits_progress_while_the_engine_runs(app, client, runner, monkeypatch):
    import threading

    import matchmaker.pipeline as pipeline
    from web.extensions import db
    from web.models import MatchingJob

    app.config["MATCH_IN_REQUEST_MAX"] = 0
    event_id = signed_in_event(app, client)
    import_people(app, event_id, attendee_csv(6))
    _run(client, event_id)
    seen = []
    real = pipeline.match_event

    def observed(*args, progress, **kwargs):
        progress(0.5, "halfway")

        def look():  # another session, as the web page polling the status would be
            with app.app_context():
                job = db.session.scalars(db.select(MatchingJob)).one()
                seen.append((job.status, job.progress, job.message))
                db.session.remove()

        thread = threading.Thread(target=look)
        thread.start()
        thread.join()
        return real(*args, progress=progress, **kwargs)

    monkeypatch.setattr(pipeline, "match_event", observed)
    assert runner.invoke(args=["jobs", "worker", "--once"]).exit_code == 0
    assert seen == [("running", 0.5, "halfway")]
