"""The benchmarks' load generator: it counts answers right, on kept-alive and on closed connections."""

from __future__ import annotations

import threading

import pytest
from flask import Flask, request
from werkzeug.serving import make_server

from bench._http_load import closed_loop, encode, open_loop


@pytest.fixture(scope="module")
def port():
    app = Flask("load-test")

    @app.get("/")
    def hello():
        return "ok"

    @app.get("/m/<token>")
    def page(token):
        if request.headers.get("If-None-Match") == '"v1"':
            return "", 304
        return "the page", 200, {"Connection": "close"}  # the server closes: the client opens a new one

    server = make_server("127.0.0.1", 0, app, threaded=True)
    server.protocol_version = "HTTP/1.1"  # keep-alive, like gunicorn's threaded workers
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()
    thread.join(timeout=10)


def test_closed_loop_counts_answers_and_errors(port):
    result = closed_loop(port, [encode(port, "/")] * 60, connections=4)
    assert len(result["latencies"]) == 60 and result["errors"] == [] and result["sent"] == 60
    fresh = encode(port, "/m/t", {"If-None-Match": '"v1"'})
    stale = encode(port, "/m/t", {"If-None-Match": '"v0"'})
    result = closed_loop(port, [fresh, stale] * 10, connections=3, expect=304)
    assert len(result["latencies"]) == 20 and result["errors"] == ["HTTP 200"] * 10


def test_open_loop_sends_on_schedule(port):
    result = open_loop(port, [encode(port, "/")], rate=200, seconds=0.5, connections=4)
    assert result["sent"] == 100 and len(result["latencies"]) == 100 and result["errors"] == []
    assert result["seconds"] >= 0.45  # not faster than the schedule


def test_refused_connections_are_errors():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    result = closed_loop(closed, [encode(closed, "/")] * 3, connections=1)
    assert len(result["errors"]) == 3 and all(e in ("ConnectionRefusedError", "OSError") for e in result["errors"])
