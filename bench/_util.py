"""Helpers shared by the web benchmarks: databases, a seeded event, memory, tables.

Benchmarks only ever touch loopback: SQLite files in a temporary directory
and the PostgreSQL server at :data:`PG_URL` (in a schema created for the run
and dropped after it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import resource
import uuid

import sqlalchemy as sa

__all__ = ["PG_URL", "pg_schema", "make_app", "seed_event", "reset_peak_rss", "peak_rss_mb", "print_table"]

#: The PostgreSQL server used when reachable (loopback only).
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")


@contextlib.contextmanager
def pg_schema(url: str = PG_URL):
    """Yield a URL whose ``search_path`` is a fresh schema, dropped on exit; yield None if unreachable."""
    admin = sa.create_engine(url, connect_args={"connect_timeout": 3})
    schema = f"bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    try:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    except sa.exc.OperationalError:
        admin.dispose()
        yield None
        return
    sep = "&" if "?" in url else "?"
    try:
        yield f"{url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def make_app(database_url: str, *, base_url: str = "http://127.0.0.1:8000", secret_key: str = "bench-secret-key"):
    """The real application (with the API) on ``database_url``, tables created."""
    from api import register_api
    from web import create_app
    from web.extensions import db

    app = register_api(create_app({
        "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": secret_key, "BASE_URL": base_url,
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",  # one sign-up: the OWASP cost measures nothing here
        "MAIL_SERVER": "",
    }))
    with app.app_context():
        db.create_all()
    return app


def seed_event(name: str = "Bench event"):
    """An organizer and an empty event (call inside an app context; flushed, not committed)."""
    from web.services.events import create_event
    from web.services.organizers import create_organizer

    organizer = create_organizer(f"bench-{uuid.uuid4().hex[:8]}@example.org", "bench-password-123")
    starts = dt.datetime.now().replace(microsecond=0) + dt.timedelta(days=7)
    return create_event(organizer, name=name, starts_at=starts)


def reset_peak_rss() -> bool:
    """Reset this process's peak RSS (Linux ``clear_refs`` 5); False where unsupported."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def peak_rss_mb() -> float:
    """Peak RSS since the last :func:`reset_peak_rss` (``VmHWM``), else since start."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def print_table(headers: list[str], rows: list[list], *, align: str = "") -> None:
    """A plain aligned table (Markdown-compatible); ``align`` has one ``l``/``r`` per column (default l then r)."""
    cells = [[str(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]

    align = align or "l" + "r" * (len(headers) - 1)

    def line(values):
        return "| " + " | ".join(v.ljust(w) if a == "l" else v.rjust(w)
                                 for v, w, a in zip(values, widths, align)) + " |"

    print(line(headers))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells:
        print(line(row))
