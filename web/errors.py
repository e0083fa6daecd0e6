"""HTML error pages. The JSON API installs its own handler in front of these for ``/api/``."""

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException, InternalServerError

__all__ = ["init_app", "render_http_error"]


def render_http_error(error: HTTPException):
    return render_template("error.html", error=error), error.code


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, render_http_error)
    app.register_error_handler(InternalServerError, render_http_error)
