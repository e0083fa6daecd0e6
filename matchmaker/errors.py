"""Exceptions raised by the matching engine.

Every message says what is wrong *and* what to change, so that the command
line and the web portal can show it to a person as it is.
"""

__all__ = ["MatchmakerError", "FileFormatError", "MatchingError"]


class MatchmakerError(Exception):
    """Base class of every error the engine raises on purpose."""


class FileFormatError(MatchmakerError):
    """The attendee file cannot be read at all (not text, empty, no email column...).

    Row-level problems are not exceptions: they are reported as rejected rows.
    """


class MatchingError(MatchmakerError):
    """The matching was asked for something it cannot do (bad pins, bad parameters)."""
