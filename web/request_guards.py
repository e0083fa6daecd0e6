"""What every request must satisfy before a view sees it: ids in range, no NUL, bounded JSON and bodies.

- :class:`IdConverter` replaces Werkzeug's ``int`` converter for every route:
  an id no row can have (past :data:`MAX_ID`, the largest 32-bit integer)
  does not match the route, so it is a 404 on SQLite and PostgreSQL alike
  instead of a database error; :func:`as_id` reads ids from query strings and
  forms the same way.
- :func:`refuse_nul` answers 400 to a NUL character in any query parameter
  or form field: PostgreSQL refuses NUL in text, and no person types one.
- :class:`GuardedJSONProvider` refuses JSON nested deeper than
  :data:`MAX_JSON_DEPTH` (100,000 ``[`` would exhaust the parser's recursion)
  and strings holding NUL, with a :class:`ValueError` saying which.
- :func:`read_body` reads a raw request body, chunked or not, one byte past
  ``MAX_CONTENT_LENGTH`` and answers 413 when that byte exists, so a body over
  the limit is never silently cut to the limit and used.
"""

from __future__ import annotations

import json
import re

from flask import Flask, abort, current_app, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import NotFound, RequestEntityTooLarge
from werkzeug.routing import IntegerConverter

__all__ = [
    "MAX_ID", "MAX_JSON_DEPTH", "IdConverter", "as_id", "json_depth", "GuardedJSONProvider", "read_body", "read_upload",
    "refuse_nul", "init_app",
]

#: Largest id a row can have: ids are 32-bit integers on PostgreSQL (SQLite accepts more, but
#: never hands them out), so anything above names nothing on either.
MAX_ID = 2**31 - 1
#: Deepest nesting of arrays and objects the API reads; its bodies need three levels.
MAX_JSON_DEPTH = 32
_CHUNK = 64 * 1024
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


class IdConverter(IntegerConverter):
    """``<int:name>`` for ids: digits naming 1 to :data:`MAX_ID`; any other number is a 404.

    The 404 is raised rather than the rule skipped: Werkzeug would otherwise
    answer 405 when another rule of the same path allows other methods.
    """

    def to_python(self, value: str) -> int:
        number = as_id(value)
        if number is None:
            raise NotFound()
        return number


def as_id(value) -> int | None:
    """An id from a query string or form field, or None when it cannot name a row.

    Examples
    --------
    >>> as_id("42"), as_id(" 7 "), as_id("2147483648"), as_id("-1"), as_id("x"), as_id(None)
    (42, 7, None, None, None, None)
    """
    text = str(value or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def json_depth(text: str) -> int:
    """How deeply arrays and objects nest in ``text`` (brackets inside strings do not count).

    Linear in the length of ``text``, and it never recurses.

    Examples
    --------
    >>> json_depth('{"a": [1, {"b": "[[["}]}'), json_depth("[" * 5), json_depth("3")
    (3, 5, 0)
    """
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _has_nul(value) -> bool:
    # Depth is bounded before this runs, so the recursion is too.
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class GuardedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, refusing (``ValueError``) nesting past :data:`MAX_JSON_DEPTH` and NUL in strings."""

    def loads(self, s, **kwargs):
        text = s.decode(json.detect_encoding(s), "surrogatepass") if isinstance(s, (bytes, bytearray)) else s
        if json_depth(text) > MAX_JSON_DEPTH:
            raise ValueError(f"The JSON body nests arrays or objects more than {MAX_JSON_DEPTH} levels deep.")
        value = super().loads(text, **kwargs)
        if _has_nul(value):
            raise ValueError("The JSON body holds a NUL character (\\u0000); remove it.")
        return value


def refuse_nul():
    """``before_request``: 400 when a query parameter or form field (name or value) holds a NUL."""
    sources = [request.args]
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        sources.append(request.form)
    for source in sources:
        for key, values in source.lists():
            if "\x00" in str(key) or any(isinstance(v, str) and "\x00" in v for v in values):
                abort(400, "A field holds a NUL character, which no text may contain.")


def read_body(limit: int | None = None) -> bytes:
    """The raw request body; 413 when it is longer than ``limit`` (default ``MAX_CONTENT_LENGTH``).

    A chunked body has no length to check beforehand: it is read up to one byte
    past the limit, and that byte's existence is the refusal, before anything
    is parsed or written.
    """
    limit = current_app.config["MAX_CONTENT_LENGTH"] if limit is None else limit
    environ = request.environ
    if request.content_length is None and environ.get("wsgi.input_terminated"):
        # The server ends the stream (chunked): read it directly, since Werkzeug's own
        # wrapper stops at the limit and cannot tell "exactly the limit" from "more".
        stream = environ["wsgi.input"]
    else:
        stream = request.stream
    chunks, total = [], 0
    while limit is None or total <= limit:
        want = _CHUNK if limit is None else min(_CHUNK, limit + 1 - total)
        chunk = stream.read(want)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if limit is not None and total > limit:
        raise RequestEntityTooLarge()
    return b"".join(chunks)


def read_upload(upload) -> bytes:
    """The bytes of an uploaded file (a ``FileStorage``); 413 when longer than ``MAX_CONTENT_LENGTH``."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    data = upload.read() if limit is None else upload.read(limit + 1)
    if limit is not None and len(data) > limit:
        raise RequestEntityTooLarge()
    return data


def init_app(app: Flask) -> None:
    """Install the id converter (before any route is added), the JSON provider and the NUL check."""
    app.url_map.converters["int"] = IdConverter
    app.json_provider_class = GuardedJSONProvider
    app.json = GuardedJSONProvider(app)
    app.before_request(refuse_nul)
