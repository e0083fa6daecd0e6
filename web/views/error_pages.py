"""HTML error pages, and the one place where a use-case's "not found" becomes a 404.

Views call services such as :func:`web.services.events.get_event_for` and let
their :class:`~web.services.exceptions.NotFound` through; :func:`render_not_found`
answers it with the 404 page. The JSON API registers its own handlers on its
blueprint (:mod:`api.json_errors`), which Flask consults first.
"""

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.exceptions import NotFound as HTTPNotFound

from ..services.exceptions import NotFound

__all__ = ["init_app", "render_http_error", "render_not_found"]


def render_http_error(error: HTTPException):
    return render_template("error.html", error=error), error.code


def render_not_found(error: NotFound):
    """A service's NotFound (missing, or another organizer's): the same 404 page as an unknown URL."""
    return render_http_error(HTTPNotFound())


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, render_http_error)
    app.register_error_handler(InternalServerError, render_http_error)
    app.register_error_handler(NotFound, render_not_found)
