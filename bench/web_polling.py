"""Event day under load: 20,000 attendees polling their pages every 30 s, and a round re-paired at 10,000.

Run: ``.venv/bin/python -m bench.web_polling [--attendees 20000] [--seconds 20] [--setups sync:2,gthread:2x4,...]
[--sqlite]``

1. **Polling.** A published event of ``--attendees`` people (three rounds of pairs, a private
   link each) is written in bulk to a throw-away PostgreSQL schema (``--sqlite``: a SQLite file).
   Every attendee's browser is simulated as it would be after one visit: a session cookie and
   the page's ETag (computed in-process the way the page computes it). For each gunicorn setup
   of ``--setups`` (worker class, workers, threads; ``web/gunicorn.conf.py`` otherwise), two
   servers serve ``wsgi:app`` and a bare Flask endpoint the same way.
   * capacity: as many conditional requests as ``--connections`` keep-alive clients can send
     (closed loop), alternating with the bare endpoint; reported as req/s and the ratio to bare;
   * the target load: every attendee once per 30 s (``attendees / 30`` req/s, ~670 at 20,000),
     sent on a fixed schedule for ``--seconds`` (open loop; latency counted from the scheduled
     time, so a server that falls behind shows it); p50/p95/p99 and errors (anything but 304).
   The client is one asyncio loop sending pre-encoded requests (:mod:`bench._http_load`): it shares
   the cores with the servers, so it must leave them nearly all of the CPU.
2. **Re-pairing.** An event of ``--repair-n`` synthetic attendees (10,000) with three rounds,
   25% of them absent: ``web.services.repairs.repair_round`` of round 2 (database read, the
   engine, the explanations, the writes, the commit), timed, with the engine's own share; the
   one-time imports of a worker process (scikit-learn, simplemma's dictionaries) happen first.

Loopback only; the servers stop at the end of the run and the schema is dropped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import secrets
import statistics
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from bench._http_load import closed_loop, encode, open_loop
from bench._util import make_app, pg_schema, print_table
from bench.web_pages import serve

__all__ = ["build_polling_event", "poll_plan", "run_setup", "time_repair", "main"]

SECRET_KEY = "bench-polling-secret-key"
BASE = "http://127.0.0.1:8000"
#: Compared by default (worker class:workers x threads): sync workers, and what web/gunicorn.conf.py runs.
DEFAULT_SETUPS = "sync:2,gthread:2x4"


def _circle(n: int, rounds: int = 3):
    others = list(range(1, n))
    for r in range(rounds):
        rot = others[r:] + others[:r]
        yield r + 1, 0, rot[0]
        for k in range(1, n // 2):
            yield r + 1, rot[k], rot[-k]


def _bulk_event(app, people: list[dict], *, name: str, links: bool):
    """Insert an organizer, a published event starting today, ``people``, three rounds and links; ids."""
    from sqlalchemy import insert, select

    from web.extensions import db
    from web.models import Attendee, AttendeeLink, Event, Match, Organizer, utcnow
    from web.services.links import token_for
    from web.token_hashing import hash_token

    now = utcnow()
    with app.app_context():
        organizer = Organizer(email=f"bench-{secrets.token_hex(4)}@example.org", password_hash="x")
        db.session.add(organizer)
        db.session.flush()
        event = Event(organizer_id=organizer.id, name=name, starts_at=dt.datetime.now().replace(microsecond=0),
                      timezone="Europe/Paris", language="en", published_at=now, matched_at=now,
                      match_stats={"unmatched": []})
        db.session.add(event)
        db.session.flush()
        event_id = event.id
        db.session.execute(insert(Attendee), [dict(event_id=event_id, created_at=now, updated_at=now, **p)
                                              for p in people])
        ids = list(db.session.scalars(select(Attendee.id).where(Attendee.event_id == event_id)
                                      .order_by(Attendee.id)))
        tables: dict[int, int] = {}
        rows = []
        for rnd, i, j in _circle(len(ids)):
            tables[rnd] = tables.get(rnd, 0) + 1
            a, b = sorted((ids[i], ids[j]))
            rows.append(dict(event_id=event_id, a_id=a, b_id=b, round=rnd, table=tables[rnd], score=0.5,
                             weak=False, a_helps_b="", b_helps_a="", a_gives=[], b_gives=[], shared=[],
                             questions_for_a=[], questions_for_b=[]))
        db.session.execute(insert(Match), rows)
        tokens = []
        if links:
            link_rows = []
            for attendee_id in ids:
                link = AttendeeLink(nonce=secrets.token_bytes(32).hex())
                token = token_for(link)
                tokens.append(token)
                link_rows.append(dict(attendee_id=attendee_id, nonce=link.nonce, token_hash=hash_token(token),
                                      created_at=now, expires_at=now + dt.timedelta(days=90)))
            db.session.execute(insert(AttendeeLink), link_rows)
        db.session.commit()
        db.session.remove()
    return event_id, ids, tokens


def build_polling_event(app, n: int) -> tuple[int, list[int], list[str]]:
    people = [dict(email=f"poll{i}@example.org", name=f"Person {i}", company=f"Company {i}", offers="sales",
                   needs="hiring", language="en") for i in range(n)]
    return _bulk_event(app, people, name="Bench polling", links=True)


def poll_plan(app, event_id: int, ids: list[int], tokens: list[str]) -> list[tuple[str, dict]]:
    """``(path, headers)`` of each attendee's poll: their session cookie and their page's current ETag."""
    from web.extensions import db
    from web.models import Event
    from web.services.page_cache import page_etag, session_key

    with app.app_context():
        event = db.session.get(Event, event_id)
        updated, timezone = event.updated_at, event.timezone
        db.session.remove()
    serializer = app.session_interface.get_signing_serializer(app)
    plan = []
    for attendee_id, token in zip(ids, tokens):
        session = {"csrf_token": secrets.token_hex(20)}
        cookie = serializer.dumps(session)
        etag = page_etag(attendee_id, 0, updated, timezone, session_key(session))
        plan.append((f"/m/{token}", {"If-None-Match": f'"{etag}"',
                                     "Cookie": f"{app.config['SESSION_COOKIE_NAME']}={cookie}"}))
    return plan


def time_repair(app, n: int, *, absent_share: float = 0.25, seed: int = 0) -> dict:
    """Seconds of ``repair_round`` (round 2) of ``n`` people, ``absent_share`` of them absent; the engine's part."""
    import sklearn.feature_extraction.text  # noqa: F401  (imported once per worker process: not timed)
    from sqlalchemy import update

    from matchmaker.synthetic import generate_event
    from web.extensions import db
    from web.models import Attendee, Event
    from web.services import repairs

    synthetic = generate_event(n, seed=seed).attendees
    # A worker process has loaded simplemma's dictionaries at its first explanation: not timed either.
    from matchmaker.dayof import pair_records
    from matchmaker.no_shows import CreatedPair

    pair_records([CreatedPair(synthetic[0].email, synthetic[1].email, 1)], synthetic[:2])
    pair_records([CreatedPair(synthetic[0].email, synthetic[1].email, 1)], synthetic[:2], language="fr")
    people = [dict(email=p.email, name=p.name, company=p.company, role=p.role, bio=p.bio, offers=p.offers,
                   needs=p.needs, interests=p.interests, language=p.language or "") for p in synthetic]
    event_id, ids, _ = _bulk_event(app, people, name="Bench repair", links=False)
    rng = random.Random(seed)
    absent = set(rng.sample(ids, int(n * absent_share)))
    engine_seconds = []
    original = repairs.engine_repair

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            engine_seconds.append(time.perf_counter() - started)

    with app.app_context():
        present = [i for i in ids if i not in absent]
        for start in range(0, len(present), 1000):
            db.session.execute(update(Attendee).where(Attendee.id.in_(present[start:start + 1000]))
                               .values(presence="present"))
        db.session.commit()
        repairs.engine_repair = timed
        try:
            started = time.perf_counter()
            fix = repairs.repair_round(db.session.get(Event, event_id), 2)
            db.session.commit()
            total = time.perf_counter() - started
            started = time.perf_counter()
            again = repairs.repair_round(db.session.get(Event, event_id), 2)
            db.session.commit()
            rerun = time.perf_counter() - started
        finally:
            repairs.engine_repair = original
        db.session.remove()
    return {"n": n, "absent": len(absent), "seconds": total, "engine": engine_seconds[0], "rerun": rerun,
            "dissolved": len(fix.dissolved), "created": len(fix.created), "unpaired": len(fix.unpaired),
            "rerun_changed": again.changed}


def _stats(result: dict) -> tuple[float, float, float, float]:
    lat = sorted(result["latencies"])
    cuts = statistics.quantiles(lat, n=100)
    return len(lat) / result["seconds"], statistics.median(lat) * 1000, cuts[94] * 1000, cuts[98] * 1000


def _setup(text: str) -> tuple[str, int, int]:
    """``"gthread:2x4"`` -> ("gthread", 2 workers, 4 threads); ``"sync:2"`` -> ("sync", 2, 1)."""
    kind, _, size = text.partition(":")
    workers, _, threads = (size or "2").partition("x")
    return kind, int(workers), int(threads or 1)


def run_setup(setup: str, url: str, plan, *, attendees: int, poll_seconds: float, seconds: float,
              requests: int, connections: int) -> dict:
    """Serve ``wsgi:app`` and the bare endpoint with one gunicorn setup; measure capacity and the target load."""
    kind, workers, threads = _setup(setup)
    env = {"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "BASE_URL": BASE, "WORKER_CLASS": kind,
           "THREADS": str(threads)}
    rng = random.Random(0)
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        app_port = stack.enter_context(serve("wsgi:app", env, tmp, plan[0][0], workers=workers))
        bare_port = stack.enter_context(serve("bench.web_pages:bare_app", env, tmp, "/", workers=workers))
        polls = [encode(app_port, path, headers) for path, headers in plan]
        bare_request = [encode(bare_port, "/")]
        closed_loop(app_port, [rng.choice(polls) for _ in range(300)], connections=connections, expect=304)  # warm-up
        closed_loop(bare_port, bare_request * 300, connections=connections)
        cond, bare = [], []
        for _ in range(2):  # alternating rounds: both targets see the same machine
            cond.append(closed_loop(app_port, [rng.choice(polls) for _ in range(requests)], connections=connections,
                                    expect=304))
            bare.append(closed_loop(bare_port, bare_request * requests, connections=connections))
        rng.shuffle(polls)
        target = open_loop(app_port, polls, rate=attendees / poll_seconds, seconds=seconds, connections=connections,
                           expect=304)
        traceback = "Traceback" in (tmp / "wsgi_app.log").read_text(errors="replace")
    merged = {k: {"seconds": sum(r["seconds"] for r in runs), "latencies": [x for r in runs for x in r["latencies"]],
                  "errors": [e for r in runs for e in r["errors"]]} for k, runs in (("cond", cond), ("bare", bare))}
    return {"setup": setup, "cond": merged["cond"], "bare": merged["bare"], "target": target, "traceback": traceback}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attendees", type=int, default=20000)
    parser.add_argument("--poll-seconds", type=float, default=30.0, help="each attendee polls this often")
    parser.add_argument("--seconds", type=float, default=20.0, help="duration of the open-loop run")
    parser.add_argument("--requests", type=int, default=4000, help="closed-loop requests per target and round")
    parser.add_argument("--connections", type=int, default=32, help="concurrent client connections")
    parser.add_argument("--setups", default=DEFAULT_SETUPS,
                        help="gunicorn setups to compare, comma-separated: worker class:workers[xthreads] "
                             f"(default {DEFAULT_SETUPS}; web/gunicorn.conf.py runs gthread:2x4)")
    parser.add_argument("--repair-n", type=int, default=10000)
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file instead of PostgreSQL")
    args = parser.parse_args(argv)

    results = []
    load_before = os.getloadavg()[0]
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        if args.sqlite:
            url = f"sqlite:///{tmp / 'polling.sqlite3'}"
        else:
            url = stack.enter_context(pg_schema())
            if url is None:
                raise SystemExit("PostgreSQL is not reachable at the bench URL (or use --sqlite).")
        app = make_app(url, base_url=BASE, secret_key=SECRET_KEY)
        started = time.perf_counter()
        event_id, ids, tokens = build_polling_event(app, args.attendees)
        plan = poll_plan(app, event_id, ids, tokens)
        built = time.perf_counter() - started
        for setup in args.setups.split(","):
            results.append(run_setup(setup.strip(), url, plan, attendees=args.attendees,
                                     poll_seconds=args.poll_seconds, seconds=args.seconds, requests=args.requests,
                                     connections=args.connections))
    load_after = os.getloadavg()[0]

    db_name = "SQLite file" if args.sqlite else "PostgreSQL"
    rate = args.attendees / args.poll_seconds
    print(f"{args.attendees} attendees with a link each ({db_name}, built in {built:.1f} s). The client (one asyncio "
          f"loop, {args.connections} keep-alive connections) and both servers share {os.cpu_count()} cores; "
          f"1-minute load average {load_before:.1f} before, {load_after:.1f} after.")
    print()
    print("Capacity (closed loop, 2 alternating rounds): conditional GET /m/<token> -> 304 against a bare Flask "
          "endpoint served the same way:")
    rows = []
    for r in results:
        c_rps, c50, c95, _ = _stats(r["cond"])
        b_rps, b50, b95, _ = _stats(r["bare"])
        rows.append([r["setup"], f"{c_rps:.0f}", f"{b_rps:.0f}", f"{c_rps / b_rps:.2f}", f"{c95:.1f}", f"{b95:.1f}",
                     len(r["cond"]["errors"]) + len(r["bare"]["errors"])])
    print_table(["gunicorn setup", "304 req/s", "bare req/s", "x bare", "304 p95 ms", "bare p95 ms", "errors"], rows)
    print()
    print(f"Target load: every attendee every {args.poll_seconds:.0f} s = {rate:.0f} req/s for {args.seconds:.0f} s "
          f"(open loop, latency from the scheduled time):")
    rows = []
    for r in results:
        t_rps, t50, t95, t99 = _stats(r["target"])
        rows.append([r["setup"], r["target"]["sent"], f"{t_rps:.0f}", f"{t50:.1f}", f"{t95:.1f}", f"{t99:.1f}",
                     len(r["target"]["errors"])])
    print_table(["gunicorn setup", "sent", "achieved req/s", "p50 ms", "p95 ms", "p99 ms", "errors"], rows)
    kinds = sorted({e for r in results for e in r["cond"]["errors"] + r["bare"]["errors"] + r["target"]["errors"]})
    if kinds:
        print("Errors: " + ", ".join(kinds))
    if any(r["traceback"] for r in results):
        print("The application logged a traceback during the run.")
    if not args.repair_n:
        return

    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        url = f"sqlite:///{tmp / 'repair.sqlite3'}" if args.sqlite else stack.enter_context(pg_schema())
        app = make_app(url, secret_key=SECRET_KEY)
        r = time_repair(app, args.repair_n)
    print()
    print(f"Re-pairing round 2 of a {r['n']}-person event with {r['absent']} absent ({db_name}):")
    print_table(["step", "seconds", "dissolved", "created", "unpaired"], [
        ["repair_round (read, engine, write, commit)", f"{r['seconds']:.2f}", r["dissolved"], r["created"],
         r["unpaired"]],
        ["  of which the engine (matchmaker.no_shows)", f"{r['engine']:.2f}", "", "", ""],
        [f"re-run with nothing new (changed: {r['rerun_changed']})", f"{r['rerun']:.2f}", "", "", ""],
    ])


if __name__ == "__main__":
    main()
