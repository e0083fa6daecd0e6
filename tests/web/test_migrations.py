"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import os
import subprocess
import sys

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from web.extensions import db


def _upgrade(url: str, tmp_path):
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY="x", FLASK_APP="wsgi")
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"],
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))),
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]


def _diff(url: str):
    import web.models  # noqa: F401  (registers the tables)

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            return compare_metadata(context, db.metadata)
    finally:
        engine.dispose()


def test_sqlite_migrations_match_models(tmp_path):
    url = f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
    _upgrade(url, tmp_path)
    assert _diff(url) == []


def test_postgres_migrations_match_models(tmp_path, pg_url):
    import uuid

    schema = f"m_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(pg_url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = f"{pg_url}?options=-csearch_path%3D{schema}"
    try:
        _upgrade(url, tmp_path)
        assert _diff(url) == []
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()
