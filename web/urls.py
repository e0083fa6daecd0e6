"""Absolute links built from the configured ``BASE_URL``, never from the request's Host header."""

from urllib.parse import urlsplit

from flask import Flask, current_app

__all__ = ["external_url", "init_app"]


def external_url(endpoint: str, **values) -> str:
    """Absolute URL of ``endpoint`` under ``BASE_URL``; works outside requests (mail worker).

    Examples
    --------
    With ``BASE_URL=https://meet.example.org``, ``external_url("attendee.page", token="t")``
    is ``https://meet.example.org/m/t`` whatever Host header the request carried.
    """
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["external_url"] = external_url
