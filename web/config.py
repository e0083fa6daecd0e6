"""Settings, read from the environment (twelve-factor) with safe development defaults."""

from __future__ import annotations

import os
import secrets

__all__ = ["settings_from_env"]


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def settings_from_env(environ=os.environ) -> dict:
    """Configuration values taken from ``environ``.

    ``DATABASE_URL`` selects the database (SQLite under ``instance/`` when
    unset); ``postgres://`` and ``postgresql://`` URLs use psycopg 3.
    """
    url = environ.get("DATABASE_URL", "")
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    base_url = environ.get("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    mail_port = environ.get("MAIL_PORT")
    return {
        "SECRET_KEY": environ.get("SECRET_KEY") or None,
        "SQLALCHEMY_DATABASE_URI": url or "sqlite:///matchmaker.sqlite3",
        "BASE_URL": base_url,
        "RATELIMIT_STORAGE_URI": environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "MAIL_SERVER": environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(mail_port) if mail_port else None,
        "MAIL_USE_TLS": _bool(environ.get("MAIL_USE_TLS")),
        "MAIL_USE_SSL": _bool(environ.get("MAIL_USE_SSL")),
        "MAIL_USERNAME": environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": environ.get("MAIL_PASSWORD", ""),
        "MAIL_DEFAULT_SENDER": environ.get("MAIL_DEFAULT_SENDER", "matchmaker@localhost"),
        "MAIL_RATE_PER_SECOND": float(environ.get("MAIL_RATE_PER_SECOND", "0") or 0),
        "MATCH_IN_REQUEST_MAX": int(environ.get("MATCH_IN_REQUEST_MAX", "300")),
    }


DEFAULTS = {
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
    "UPLOAD_MAX_ROWS": 50_000,
    "UPLOAD_MAX_CELL": 10_000,
    "LINK_TTL_DAYS": 90,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "BABEL_DEFAULT_LOCALE": "en",
    "LANGUAGES": ("en", "fr"),
    "WTF_CSRF_TIME_LIMIT": None,
}


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
