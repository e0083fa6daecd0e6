"""The matchmaker web application: organizer portal, attendee pages, mail outbox.

Where each kind of code lives:

- :mod:`web.views`: the blueprints, one ``*_pages`` module per group of pages; a view parses
  the request, calls one service, commits or rolls back once, and renders;
- :mod:`web.services`: the use-cases, every query and write (they flush, never commit), raising
  :mod:`web.services.exceptions` (``NotFound`` becomes the 404 page, see :mod:`web.views.error_pages`);
- :mod:`web.mail`: the outbox, the sender, e-mail rendering and schedules (no views);
- :mod:`web.config` (every setting and its default), :mod:`web.models`, :mod:`web.forms`,
  :mod:`web.extensions`, :mod:`web.security`, :mod:`web.urls`, :mod:`web.request_guards` (ids,
  NUL, JSON depth, body limits), :mod:`web.sessions`, :mod:`web.log_redaction`: infrastructure;
- ``*_commands`` modules: the click commands.

:func:`create_app` is Flask's application factory: extensions are created
unbound in :mod:`web.extensions` and bound here, and every blueprint and
command module is imported by name above and registered here.
"""

from __future__ import annotations

import os

from flask import Flask, g, has_request_context, request, session
from sqlalchemy import event as sa_event
from sqlalchemy import text
from sqlalchemy.engine import Engine

from . import (  # noqa: F401 (page_versions: flush hook)
    config,
    jobs_commands,
    log_redaction,
    organizer_commands,
    page_versions,
    reasons,
    request_guards,
    security,
    sessions,
    urls,
    wording,
)
from .extensions import babel, csrf, db, limiter, login_manager, migrate
from .mail import sender_commands
from .services import page_cache
from .views import (
    attendee_pages,
    auth_pages,
    change_pages,
    dayof_pages,
    error_pages,
    event_pages,
    language_pages,
    mail_pages,
    matching_pages,
    profile_pages,
    profile_phase_pages,
    roster_pages,
    upload_pages,
)

__all__ = ["create_app"]

def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure the application.

    Parameters
    ----------
    test_config : dict, optional
        Settings that override the environment (tests pass a database URL here).
    """
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    config.load(app, test_config)
    # Cookie security follows the final public address, whichever source set
    # it, unless the caller says otherwise (the test client speaks plain HTTP).
    secure = app.config["BASE_URL"].startswith("https://")
    for key in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        if key not in (test_config or {}):
            app.config[key] = secure
    here = os.path.dirname(__file__)

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(here, "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "auth.signin"
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    wording.init_app(app)
    reasons.init_app(app)


    request_guards.init_app(app)  # before any route: every <int:...> becomes an id in range
    log_redaction.init_app(app)
    sessions.init_app(app)
    security.init_app(app)
    page_cache.init_app(app)  # wraps the WSGI app: conditional attendee requests never reach Flask
    error_pages.init_app(app)
    urls.init_app(app)
    views = (auth_pages, event_pages, roster_pages, upload_pages, matching_pages, attendee_pages, mail_pages,
             change_pages, profile_pages, profile_phase_pages, language_pages)
    for view_module in views:
        app.register_blueprint(view_module.bp)
    app.register_blueprint(dayof_pages.bp)
    app.register_blueprint(dayof_pages.attendee_bp)
    for command_module in (organizer_commands, sender_commands, jobs_commands):
        command_module.register(app)

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
    if not has_request_context():
        return "en"  # commands and workers: their messages are for logs, in English
    chosen = session.get("lang")  # the organizer's switch (web.views.language_pages)
    if chosen in ("en", "fr"):
        return chosen
    return request.accept_languages.best_match(["en", "fr"]) or "en"


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
        # Deleted rows are overwritten with zeros, not left readable in the file's free pages.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()


@sa_event.listens_for(Engine, "begin")
def _sqlite_on_begin(conn):
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
