"""The matchmaker web application: organizer portal, attendee pages, mail outbox.

Flask's application-factory pattern: extensions are created unbound in
:mod:`web.extensions` and bound here; each view module holds one blueprint
``bp``; click commands are registered here too.
"""

from __future__ import annotations

import os
from importlib import import_module

from flask import Flask, g, request
from sqlalchemy import event as sa_event, text
from sqlalchemy.engine import Engine

from .config import DEFAULTS, dev_secret_key, settings_from_env
from .extensions import babel, csrf, db, limiter, login_manager, migrate

__all__ = ["create_app"]

#: View modules, each exposing a blueprint ``bp``.
BLUEPRINTS = (
    "web.auth", "web.events", "web.roster", "web.uploads", "web.matching", "web.attendee", "web.mail.views",
)
#: Modules exposing ``register(app)`` for their click commands.
COMMANDS = ("web.commands", "web.mail.commands", "web.jobs_commands")


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure the application.

    Parameters
    ----------
    test_config : dict, optional
        Settings that override the environment (tests pass a database URL here).
    """
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(DEFAULTS)
    app.config.from_mapping(settings_from_env())
    if test_config:
        app.config.from_mapping(test_config)
    # Cookie security follows the final public address, whichever source set
    # it, unless the caller says otherwise (the test client speaks plain HTTP).
    secure = app.config["BASE_URL"].startswith("https://")
    for key in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        if key not in (test_config or {}):
            app.config[key] = secure
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = dev_secret_key(app.instance_path)
    here = os.path.dirname(__file__)
    app.config.setdefault(
        "BABEL_TRANSLATION_DIRECTORIES",
        ";".join(os.path.join(here, d) for d in ("translations", os.path.join("mail", "translations"))),
    )

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(here, "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "auth.signin"
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)

    from . import errors, security, urls
    security.init_app(app)
    errors.init_app(app)
    urls.init_app(app)

    for name in BLUEPRINTS:
        app.register_blueprint(import_module(name).bp)
    for name in COMMANDS:
        import_module(name).register(app)

    @app.get("/healthz")
    @limiter.exempt
    def healthz():
        db.session.execute(text("SELECT 1"))
        return {"status": "ok"}

    return app


def _select_locale() -> str:
    forced = g.get("locale")
    if forced:
        return forced
    return request.accept_languages.best_match(["en", "fr"]) or "en"


@login_manager.user_loader
def _load_organizer(organizer_id: str):
    from .models import Organizer
    return db.session.get(Organizer, int(organizer_id))


@sa_event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection, connection_record):
    # SQLite: WAL so readers never wait on the writer, foreign keys on, and take
    # the write lock at BEGIN (BEGIN IMMEDIATE) so that read-then-write
    # transactions of concurrent workers queue instead of failing with
    # "database is locked" (SQLAlchemy's documented pysqlite recipe).
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()


@sa_event.listens_for(Engine, "begin")
def _sqlite_on_begin(conn):
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
