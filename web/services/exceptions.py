"""Errors raised by the use-cases; views turn them into flashes or 404s, the API into its JSON shape."""

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
