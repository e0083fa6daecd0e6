"""Every setting of the application, with its default, and how the environment overrides it.

Sources, each overriding the one before (see :func:`load`):

1. :data:`DEFAULTS` below: the one place a setting gets its default;
2. the deployment names of twelve-factor habit (:data:`ENV_NAMES`): ``DATABASE_URL``,
   ``SECRET_KEY``, ``BASE_URL``, ``RATELIMIT_STORAGE_URI``, ``MAX_CONTENT_LENGTH``,
   ``MATCH_IN_REQUEST_MAX`` and the ``MAIL_*`` settings;
3. any setting as ``MATCHMAKER_<NAME>`` (Flask's :meth:`~flask.Config.from_prefixed_env`: the
   value is read as JSON when it parses, e.g. ``MATCHMAKER_UPLOAD_MAX_ROWS=20000``, else as text);
4. the mapping given to :func:`web.create_app` (tests).

To add a setting: add it to :data:`DEFAULTS` with a comment, and read it as
``current_app.config["NAME"]`` (never ``.get`` with a default of its own).
"""

from __future__ import annotations

import os
import secrets

from flask import Flask

__all__ = ["DEFAULTS", "ENV_NAMES", "ENV_PREFIX", "database_uri", "dev_secret_key", "load", "settings_from_env"]

#: Prefix of the environment variables that set any setting: ``MATCHMAKER_UPLOAD_MAX_ROWS=20000``.
ENV_PREFIX = "MATCHMAKER"
_HERE = os.path.dirname(os.path.abspath(__file__))

DEFAULTS = {
    # -- deployment -------------------------------------------------------------------------------
    "SECRET_KEY": None,  # None: a random key kept in instance/secret_key (development)
    "SQLALCHEMY_DATABASE_URI": "sqlite:///matchmaker.sqlite3",  # under instance/
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "BASE_URL": "http://127.0.0.1:8000",  # every absolute link (pages, e-mails) is built from it
    "RATELIMIT_STORAGE_URI": "memory://",  # per process; redis://... for one limit across workers
    "API_RATE_LIMIT": "300 per minute",  # requests per client address on /api
    "SIGNIN_ACCOUNT_LIMIT": "5 per minute; 20 per hour",  # failed sign-ins per account, whatever the address
    # -- sessions and forms -----------------------------------------------------------------------
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "WTF_CSRF_TIME_LIMIT": None,
    "PASSWORD_HASH_METHOD": "scrypt:131072:8:1",  # OWASP's minimum for scrypt; tests lower it
    # -- languages --------------------------------------------------------------------------------
    "BABEL_DEFAULT_LOCALE": "en",
    "BABEL_DOMAIN": "messages",
    "LANGUAGES": ("en", "fr"),
    # Two catalogues: the pages' (web/translations) and the e-mails' (web/mail/translations).
    "BABEL_TRANSLATION_DIRECTORIES": ";".join(
        os.path.join(_HERE, d) for d in ("translations", os.path.join("mail", "translations"))),
    # -- uploads ----------------------------------------------------------------------------------
    "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,  # bytes of a request body (the attendee file)
    "UPLOAD_MAX_ROWS": 50_000,
    "UPLOAD_MAX_CELL": 10_000,  # characters of one cell
    "UPLOAD_STAGING_DIR": "",  # "": instance/uploads
    # -- attendee links and pages -----------------------------------------------------------------
    "LINK_TTL_DAYS": 90,
    "EVENT_PAGE_MAX_PER_ROUND": 200,  # conversations listed per round on the event page (the CSV has all)
    # -- matching ---------------------------------------------------------------------------------
    "MATCH_IN_REQUEST_MAX": 300,  # attendees matched inside the request; larger events go to the worker
    "MATCH_JOB_STALE_SECONDS": 300,  # a running job without heartbeat for this long is re-queued
    # -- profile phase ----------------------------------------------------------------------------
    "DAY_BEFORE_HOUR": 10,  # local hour of the reminder sent the day before the event
    "PROFILE_ESTIMATE_MAX": 3000,  # attendees up to which the event page estimates weak matches
    # -- mail -------------------------------------------------------------------------------------
    "MAIL_SERVER": "",  # "": mail is printed to the console (development)
    "MAIL_PORT": None,  # None: 465 with MAIL_USE_SSL, 587 with MAIL_USE_TLS, else 25
    "MAIL_USE_TLS": False,
    "MAIL_USE_SSL": False,
    "MAIL_USERNAME": "",
    "MAIL_PASSWORD": "",
    "MAIL_DEFAULT_SENDER": "matchmaker@localhost",
    "MAIL_TIMEOUT": 30,  # seconds of one SMTP exchange
    "MAIL_RATE_PER_SECOND": 0,  # 0: no limit
    "MAIL_LEASE_SECONDS": 300,  # a claimed message stays reserved this long
    "MAIL_BATCH": 20,  # messages claimed at once
    "MAIL_MAX_ATTEMPTS": 8,
    "MAIL_BACKOFF_SECONDS": 30,
    "MAIL_BACKOFF_CAP_SECONDS": 3600,
    "MAIL_RELAXED_COMMITS": True,  # see web.mail.sender.relax_commit_durability
}


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def database_uri(url: str) -> str:
    """SQLAlchemy URI of a ``DATABASE_URL``: ``postgres://`` and ``postgresql://`` use psycopg 3.

    Examples
    --------
    >>> database_uri("postgres://u@db/x"), database_uri("sqlite:///a.db")
    ('postgresql+psycopg://u@db/x', 'sqlite:///a.db')
    """
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


#: Environment names read without the prefix: ``{variable: (setting, parser)}``.
ENV_NAMES = {
    "DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", database_uri),
    "SECRET_KEY": ("SECRET_KEY", str),
    "BASE_URL": ("BASE_URL", lambda value: value.rstrip("/")),
    "RATELIMIT_STORAGE_URI": ("RATELIMIT_STORAGE_URI", str),
    "MAX_CONTENT_LENGTH": ("MAX_CONTENT_LENGTH", int),
    "MATCH_IN_REQUEST_MAX": ("MATCH_IN_REQUEST_MAX", int),
    "MAIL_SERVER": ("MAIL_SERVER", str),
    "MAIL_PORT": ("MAIL_PORT", int),
    "MAIL_USE_TLS": ("MAIL_USE_TLS", _bool),
    "MAIL_USE_SSL": ("MAIL_USE_SSL", _bool),
    "MAIL_USERNAME": ("MAIL_USERNAME", str),
    "MAIL_PASSWORD": ("MAIL_PASSWORD", str),
    "MAIL_DEFAULT_SENDER": ("MAIL_DEFAULT_SENDER", str),
    "MAIL_RATE_PER_SECOND": ("MAIL_RATE_PER_SECOND", float),
}


def settings_from_env(environ=os.environ) -> dict:
    """The settings that the unprefixed names of :data:`ENV_NAMES` set in ``environ`` (empty ones are unset).

    Examples
    --------
    >>> settings_from_env({"DATABASE_URL": "postgres://u@db/x", "MAIL_PORT": "587", "MAIL_SERVER": ""})
    {'SQLALCHEMY_DATABASE_URI': 'postgresql+psycopg://u@db/x', 'MAIL_PORT': 587}
    """
    settings = {}
    for variable, (name, parse) in ENV_NAMES.items():
        value = environ.get(variable, "")
        if value != "":
            settings[name] = parse(value)
    return settings


def load(app: Flask, overrides: dict | None = None) -> None:
    """Fill ``app.config``: defaults, then the environment, then ``overrides``."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_mapping(settings_from_env())
    app.config.from_prefixed_env(ENV_PREFIX)
    if overrides:
        app.config.from_mapping(overrides)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = dev_secret_key(app.instance_path)


def dev_secret_key(instance_path: str) -> str:
    """A random key kept in ``instance/secret_key`` so that dev sessions survive restarts."""
    path = os.path.join(instance_path, "secret_key")
    if os.path.exists(path):
        with open(path, encoding="ascii") as fh:
            return fh.read().strip()
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key)
    return key
