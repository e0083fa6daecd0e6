"""The JSON API: bearer-token access to an organizer's events, under ``/api``.

:func:`register_api` composes it onto the web application (``wsgi.py`` and the
test fixtures call it); dependencies point one way, api -> web -> matchmaker.
The machine-readable description is served at ``GET /api/openapi.json``.
"""

from __future__ import annotations

from flask import Flask

__all__ = ["register_api"]


def register_api(app: Flask) -> Flask:
    """Register the API blueprint and its JSON error handling on ``app``; returns ``app``."""
    from . import dayof_routes, json_errors, profile_routes  # noqa: F401 (the *_routes modules add their routes to bp)
    from .routes import bp

    json_errors.init_app(app)
    app.register_blueprint(bp)
    return app
