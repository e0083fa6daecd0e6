"""Attendee pages under gunicorn, against a bare Flask endpoint served the same way.

Run: ``.venv/bin/python -m bench.web_pages [--requests 3000] [--clients 50] [--pg]``

A published event of ~200 synthetic attendees is built with the real
services (import, matching, publishing, links) in a SQLite file (or a
throw-away PostgreSQL schema with ``--pg``). Two gunicorn servers start on
free loopback ports with ``web/gunicorn.conf.py`` and the same number of
workers: ``wsgi:app`` and :data:`bare_app` (one trivial endpoint). A thread
pool of ``--clients`` concurrent clients, each with its own keep-alive
``http.client`` connection, sends a fixed number of GETs to random attendee
links and to the bare endpoint, alternating in rounds so that both see the
same machine. Reported: requests/s, the attendee/bare ratio, p50/p95 latency
and errors (non-200 or exceptions; target 0).

Client and servers share this machine's cores: the client's own cost caps
the bare figure, so the ratio flatters the attendee page somewhat.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask

from bench._util import make_app, pg_schema, print_table, seed_event

__all__ = ["bare_app", "build_event", "serve", "load", "main"]

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "bench-pages-secret-key"
TIMEOUT = 30.0  # seconds per request: a stuck request counts as an error, never hangs the run

#: The baseline: Flask with one trivial endpoint, nothing else.
bare_app = Flask("bare")


@bare_app.get("/")
def _hello():
    return "ok"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_event(database_url: str, base_url: str, *, attendees: int = 200, seed: int = 0) -> list[str]:
    """Create a published, matched event; return the paths of its attendees' pages."""
    from matchmaker.synthetic import generate_event, to_csv
    from web.extensions import db
    from web.services import links, matching_jobs, publishing
    from web.services.imports import apply_import

    app = make_app(database_url, base_url=base_url, secret_key=SECRET_KEY)
    with app.app_context():
        event = seed_event("Bench pages")
        apply_import(event, to_csv(generate_event(attendees, seed=seed).attendees))
        job = matching_jobs.start_matching(event, run_now=True)
        if job.status != "done":
            raise SystemExit(f"matching did not finish: {job.status} {job.error}")
        publishing.publish(event)
        db.session.commit()
        paths = [urlsplit(links.link_url(links.ensure_link(person))).path for person in event.attendees]
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return paths


@contextmanager
def serve(target: str, env: dict, log_dir: Path, ready_path: str, *, workers: int):
    """Run ``gunicorn --config web/gunicorn.conf.py target`` on a free loopback port; yield the port."""
    port = free_port()
    name = target.replace(":", "_")
    env = {**os.environ, **env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with open(log_dir / f"{name}.log", "wb") as log:
        proc = subprocess.Popen([str(gunicorn), "--config", "web/gunicorn.conf.py", target],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_ready(port, ready_path, proc)
            yield port
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_ready(port: int, path: str, proc: subprocess.Popen, limit: float = 30.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited with {proc.returncode}; see its log")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"gunicorn on port {port} not ready after {limit:.0f} s")


def load(port: int, paths: list[str], *, requests: int, clients: int, seed: int = 0) -> dict:
    """Send ``requests`` GETs to random ``paths`` from ``clients`` threads; seconds, latencies, errors."""
    rng = random.Random(seed)
    plan = [rng.choice(paths) for _ in range(requests)]
    local = threading.local()
    errors: list[str] = []

    def one(path: str) -> float:
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        started = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(f"HTTP {response.status}")
        except (OSError, http.client.HTTPException) as error:
            errors.append(type(error).__name__)
            conn.close()  # the next request opens a new connection
        return time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        latencies = list(pool.map(one, plan))
    return {"seconds": time.perf_counter() - started, "latencies": latencies, "errors": errors}


def _merge(runs: list[dict]) -> dict:
    return {"seconds": sum(r["seconds"] for r in runs), "latencies": [x for r in runs for x in r["latencies"]],
            "errors": [e for r in runs for e in r["errors"]]}


def _row(name: str, result: dict, base_rps: float | None = None) -> list[str]:
    latencies = result["latencies"]
    rps = len(latencies) / result["seconds"]
    cuts = statistics.quantiles(latencies, n=20)
    ratio = f"{rps / base_rps:.2f}" if base_rps else "1.00"
    return [name, str(len(latencies)), f"{rps:.0f}", ratio, f"{statistics.median(latencies) * 1000:.0f}",
            f"{cuts[18] * 1000:.0f}", str(len(result["errors"]))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000, help="measured requests per target")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3, help="alternations between the two targets")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--attendees", type=int, default=200)
    parser.add_argument("--pg", action="store_true", help="PostgreSQL instead of a SQLite file")
    args = parser.parse_args(argv)

    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        if args.pg:
            url = stack.enter_context(pg_schema())
            if url is None:
                raise SystemExit("PostgreSQL is not reachable at the bench URL.")
        else:
            url = f"sqlite:///{tmp / 'pages.sqlite3'}"
        port_hint = free_port()  # BASE_URL only shapes the links; requests go to the served port
        paths = build_event(url, f"http://127.0.0.1:{port_hint}", attendees=args.attendees)
        env = {"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "BASE_URL": f"http://127.0.0.1:{port_hint}"}
        app_port = stack.enter_context(serve("wsgi:app", env, tmp, paths[0], workers=args.workers))
        bare_port = stack.enter_context(serve("bench.web_pages:bare_app", env, tmp, "/", workers=args.workers))

        per_round = max(1, args.requests // args.rounds)
        warm = min(100, per_round)
        load_before = os.getloadavg()[0]
        load(app_port, paths, requests=warm, clients=args.clients, seed=99)
        load(bare_port, ["/"], requests=warm, clients=args.clients)
        pages, bare = [], []
        for round_ in range(args.rounds):
            pages.append(load(app_port, paths, requests=per_round, clients=args.clients, seed=round_))
            bare.append(load(bare_port, ["/"], requests=per_round, clients=args.clients))
        pages, bare = _merge(pages), _merge(bare)
        app_log = (tmp / "wsgi_app.log").read_text(errors="replace")
        load_after = os.getloadavg()[0]

    base_rps = len(bare["latencies"]) / bare["seconds"]
    db_name = "PostgreSQL" if args.pg else "SQLite file"
    print(f"{len(paths)} attendees ({db_name}), gunicorn workers of web/gunicorn.conf.py: {args.workers} per server, "
          f"{args.clients} concurrent clients, {args.rounds} alternating rounds, {warm} warm-up requests each.")
    print(f"Client and both servers share this machine's {os.cpu_count()} cores (the client's cost caps both "
          f"figures; the bare one most); 1-minute load average {load_before:.1f} before, {load_after:.1f} after.")
    print()
    print_table(["target", "requests", "req/s", "x bare", "p50 ms", "p95 ms", "errors"],
                [_row("attendee page /m/<token>", pages, base_rps), _row("bare Flask endpoint", bare)])
    kinds = sorted(set(pages["errors"] + bare["errors"]))
    if kinds:
        print("\nErrors: " + ", ".join(f"{k} x{(pages['errors'] + bare['errors']).count(k)}" for k in kinds))
    if "Traceback" in app_log:
        print("\nThe application logged a traceback during the run.")


if __name__ == "__main__":
    main()
