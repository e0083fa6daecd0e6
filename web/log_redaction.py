"""Private-link tokens never reach a log: one filter for every record, access and error logs alike.

Attendee pages (``/m/<token>``), unsubscribe (``/u/<token>``) and "done"
(``/d/<token>``) links are the key to a person's page or mail settings, and
logs are read by more people than those pages should be. Flask logs a crash
as ``Exception on /m/<token>/met/5 [POST]``, gunicorn logs request lines and
referers: :class:`RedactTokens` rewrites the message (and the formatted
traceback) of every record it sees, and :func:`install` puts it on the
application's logger, gunicorn's and Werkzeug's loggers, the root logger and
all their handlers (a handler's filter also sees records of child loggers).
"""

from __future__ import annotations

import logging
import re

from flask import Flask

__all__ = ["redact", "RedactTokens", "install", "init_app", "LOGGER_NAMES"]

_TOKEN_PATH = re.compile(r"/(m|u|d)/[^/?#\s\"'<>]+")
#: Loggers that see request paths besides the application's own.
LOGGER_NAMES = ("gunicorn.error", "gunicorn.access", "werkzeug", "")


def redact(text: str) -> str:
    """Replace the token of every private link path in ``text`` by ``[redacted]``.

    Examples
    --------
    >>> redact("Exception on /m/abc123/met/5 [POST]")
    'Exception on /m/[redacted]/met/5 [POST]'
    >>> redact('GET /u/x.y-z?x=1 HTTP/1.1" 200 "https://meet.example.org/d/tok"')
    'GET /u/[redacted]?x=1 HTTP/1.1" 200 "https://meet.example.org/d/[redacted]"'
    """
    return _TOKEN_PATH.sub(r"/\1/[redacted]", text)


class RedactTokens(logging.Filter):
    """Rewrites each record's message and traceback with :func:`redact`; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is logging's problem, not ours
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def _add(filterer: logging.Filterer) -> None:
    if not any(isinstance(f, RedactTokens) for f in filterer.filters):
        filterer.addFilter(RedactTokens())


def install(*loggers: logging.Logger) -> None:
    """Put the filter on ``loggers`` (default: :data:`LOGGER_NAMES`) and on each of their handlers."""
    for logger in loggers or [logging.getLogger(name) for name in LOGGER_NAMES]:
        _add(logger)
        for handler in logger.handlers:
            _add(handler)


def init_app(app: Flask) -> None:
    """Filter the application's logger, gunicorn's, Werkzeug's and the root logger."""
    install(app.logger, *(logging.getLogger(name) for name in LOGGER_NAMES))
