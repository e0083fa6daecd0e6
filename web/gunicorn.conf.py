"""Gunicorn settings: ``gunicorn --config web/gunicorn.conf.py wsgi:app``.

Environment: ``BIND`` (or ``PORT``, on 127.0.0.1), ``WEB_CONCURRENCY`` /
``WORKERS`` (default 2), ``WORKER_CLASS`` (default ``gthread``), ``THREADS`` (per
worker, default 4), ``KEEPALIVE`` (seconds, default 5). Threaded workers keep
connections alive: a page polled every 30 s and its assets reuse one connection
instead of paying a new one per request (``python -m bench.web_polling --setups
sync:2,gthread:2x4`` compares). Access and error logs to stdout with attendee tokens
redacted (:mod:`web.log_redaction`): ``/m/<token>``, ``/u/<token>`` and
``/d/<token>`` are private links, and logs are read by more people than the
attendees' pages should be.
"""

import os
import sys

from gunicorn.glogging import Logger

# Gunicorn reads this file before it puts the working directory on sys.path.
_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from web.log_redaction import install, redact  # noqa: E402 - needs the path above

bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or os.environ.get("WORKERS") or 2)
worker_class = os.environ.get("WORKER_CLASS") or "gthread"
threads = int(os.environ.get("THREADS") or 4)
keepalive = int(os.environ.get("KEEPALIVE") or 5)
timeout = 60  # matching of large events runs in `flask jobs worker`, never this long in a request
graceful_timeout = 30
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

class RedactingLogger(Logger):
    """Gunicorn's logger, with private-link tokens removed from every access and error record."""

    def setup(self, cfg):
        super().setup(cfg)  # (re)creates the handlers: filter them again
        install(self.error_log, self.access_log)

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f", "{raw_uri}e"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms


logger_class = RedactingLogger


def post_fork(server, worker):
    # With --preload the app (and its SQLAlchemy engine) was built before the fork:
    # pooled connections must not be shared between workers. Without --preload the
    # app is loaded after this hook, and there is nothing to dispose.
    flask_app = getattr(server.app, "callable", None)
    if flask_app is None or not hasattr(flask_app, "app_context"):
        return
    from web.extensions import db

    with flask_app.app_context():
        db.engine.dispose(close=False)
