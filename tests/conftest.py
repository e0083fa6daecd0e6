"""Shared fixtures: a fresh database per test (SQLite by default, PostgreSQL when
``TEST_DATABASE_URL`` names one), the app, its test client and CLI runner.

``TEST_DATABASE_URL=postgresql://root@127.0.0.1:5432/test`` runs the web and API
suites on PostgreSQL; each pytest process works in a schema of its own so that
concurrent runs never see each other's tables.
"""

from __future__ import annotations

import os
import smtplib
import uuid

import pytest
import sqlalchemy as sa

PG_URL = os.environ.get("TEST_DATABASE_URL", "")


def _pg_schema_url(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return f"{url}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(autouse=True)
def disallow_smtp(request, monkeypatch):
    """Fail any real SMTP connection, except in tests that run the aiosmtpd server (fixture ``smtp``).

    Like indico's ``disallow_emails``: a test that forgot to stub the mail backend
    must not reach a real server (``MAIL_SERVER`` from a developer's environment).
    """
    if "smtp" in request.fixturenames:
        return

    def refuse(self, host="localhost", port=0, source_address=None):
        raise AssertionError(f"a test opened an SMTP connection to {host}:{port}; use the smtp fixture")

    monkeypatch.setattr(smtplib.SMTP, "connect", refuse)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """Session-wide database: a PostgreSQL schema of this process, or None for per-test SQLite."""
    if not PG_URL:
        yield None
        return
    schema = f"t_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = sa.create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield _pg_schema_url(PG_URL, schema)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture
def app_config(tmp_path, database_url):
    """Settings for a test app; a test may update the dict before ``app`` is built."""
    url = database_url or f"sqlite:///{tmp_path / 'test.sqlite3'}"
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": url,
        "BASE_URL": "https://matchmaker.test",
        # The test client speaks plain HTTP, which would drop Secure cookies;
        # tests/web/test_security.py checks the production flags.
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",
        "MAIL_SERVER": "",
        # Staged uploads of one test never meet another's (event ids restart at 1 in every test).
        "UPLOAD_STAGING_DIR": str(tmp_path / "uploads"),
    }


@pytest.fixture
def app(app_config):
    from api import register_api
    from web import create_app
    from web.extensions import db, limiter

    app = register_api(create_app(app_config))
    with app.app_context():
        db.drop_all()
        db.create_all()
    limiter.reset()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


DEFAULT_PG = "postgresql://root@127.0.0.1:5432/test"


@pytest.fixture(scope="session")
def pg_url():
    """A reachable PostgreSQL URL (psycopg driver), for tests that need PostgreSQL even in the SQLite run."""
    from tests.helpers import missing_part

    url = (PG_URL or DEFAULT_PG).replace("postgresql://", "postgresql+psycopg://", 1)
    engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except sa.exc.OperationalError as exc:
        missing_part(f"PostgreSQL is not reachable at {url.split('@')[-1]} ({exc.orig.__class__.__name__})")
    finally:
        engine.dispose()
    return url


@pytest.fixture
def pg_app(pg_url, app_config, request):
    """The app on a PostgreSQL schema of its own, in the SQLite run too (for what only PostgreSQL shows)."""
    schema = f"own_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = sa.create_engine(pg_url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    app_config["SQLALCHEMY_DATABASE_URI"] = _pg_schema_url(pg_url, schema)
    try:
        yield request.getfixturevalue("app")
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture
def org(app, client):
    """An organizer signed in on ``client`` (same-origin requests); their id."""
    from tests.helpers import create_organizer, same_origin, sign_in

    same_origin(client)
    organizer_id = create_organizer(app)
    sign_in(client)
    return organizer_id
