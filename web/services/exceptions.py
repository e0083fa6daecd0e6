"""Errors raised by the use-cases; views turn them into flashes or 404s, the API into its JSON shape.

Messages are sentences built with gettext when the error is raised, so they are in the language of
the request: a page's (the organizer's FR | EN switch, else the browser's), or, for the JSON API,
the caller's ``Accept-Language`` (English when it names neither French nor English). The API's
error shape is the same in every language; ``field`` and ``code`` never change with it.
"""

__all__ = ["ServiceError", "NotFound", "Invalid", "Conflict"]


class ServiceError(Exception):
    """Base class. ``str(error)`` is a sentence for the person who asked."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None, details: list | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details or []


class NotFound(ServiceError):
    """Missing, or belongs to another organizer: both look the same from outside."""

    status = 404


class Invalid(ServiceError):
    status = 422


class Conflict(ServiceError):
    status = 409
