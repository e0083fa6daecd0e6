"""The OpenAPI 3.1 description of the JSON API, written by hand.

Kept as a Python dict so that shared pieces (the error shape, the event id
parameter) are written once; ``GET /api/openapi.json`` serves it without
authentication. The test suite checks that every ``/api`` route appears here
and lets schemathesis compare the live answers with these schemas.
"""

from __future__ import annotations

import copy

from . import profile_openapi

__all__ = ["openapi_document", "DOCUMENT"]

_LOCAL_TIME = {
    "type": "string",
    "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$",
    "description": "Local wall-clock time in the event's time zone, ISO 8601 without offset.",
    "examples": ["2030-06-12T18:30"],
}
_UTC_TIME = {"type": ["string", "null"], "description": "UTC, RFC 3339 (ends with Z)."}
_STRINGS = {"type": "array", "items": {"type": "string"}}
#: Fields a column can be read as (matchmaker.headers.FIELDS, written out: the document is plain data).
_FIELDS = ["email", "name", "first_name", "last_name", "company", "role", "bio", "offers", "needs", "interests",
           "linkedin", "language", "consent"]
_COLUMNS_PARAMETER = {
    "name": "columns", "in": "query", "required": False,
    "description": ("How to read some columns, as a JSON object: a header as written in the file (or a column "
                    "number, from 0) -> a field name, or null to ignore the column; the other columns are "
                    "read by their headers. Example: {\"Your superpower\": \"offers\", \"Order #\": null}. "
                    "Also accepted as a multipart field."),
    "schema": {"type": "string"},
    "examples": {"mapping": {"value": "{\"Your superpower\": \"offers\", \"Order #\": null}"}},
}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str, headers: dict | None = None) -> dict:
    response = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        response["headers"] = headers
    return response


def _errors(*codes: int) -> dict:
    """The documented error answers of an operation, all in the one error shape."""
    names = {400: "BadRequest", 401: "Unauthorized", 404: "NotFound", 409: "Conflict",
             413: "TooLarge", 422: "Invalid", 429: "TooManyRequests"}
    answers = {str(code): {"$ref": f"#/components/responses/{names[code]}"} for code in codes}
    answers["default"] = {"$ref": "#/components/responses/Error"}
    return answers


def _operation(summary: str, responses: dict, *, errors=(401, 404, 429), **extra) -> dict:
    return {"summary": summary, "responses": {**responses, **_errors(*errors)}, **extra}


_GLOSSARY = {
    "type": "string", "maxLength": 200000,
    "description": ("The event's own terms, read by the matching: one concept per line, its terms separated by "
                    "';' ('term; synonym; traduction'); blank lines and lines starting with '#' are skipped. "
                    "A line that cannot be read is refused (422) with its number."),
    "examples": ["qPCR; PCR quantitative\nCAR-T; cellules CAR-T"],
}

_LOCATION = {"Location": {"description": "URL of the created resource.", "schema": {"type": "string"}}}

_EVENT_CREATE_PROPERTIES = {
    "name": {"type": "string", "minLength": 1, "maxLength": 200},
    "starts_at": _LOCAL_TIME,
    "ends_at": {**_LOCAL_TIME, "type": ["string", "null"]},
    "timezone": {"type": "string", "description": "IANA time zone, e.g. Europe/Paris.",
                 "examples": ["Europe/Paris"]},
    "language": {"type": "string", "enum": ["fr", "en"]},
    "slot_minutes": {"type": "integer", "minimum": 5, "maximum": 120},
    "venue": {"type": "string", "maxLength": 300},
    "allow_colleagues": {"type": "boolean"},
    "meeting_point": {"type": "string", "maxLength": 300,
                      "description": "Where pairs meet; may contain {table}."},
    "glossary": _GLOSSARY,
}

_SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "additionalProperties": False,
        "properties": {"error": {
            "type": "object",
            "required": ["status", "code", "message", "details"],
            "additionalProperties": False,
            "properties": {
                "status": {"type": "integer", "minimum": 400, "maximum": 599},
                "code": {"type": "string", "description": "Machine-readable, e.g. not_found."},
                "message": {"type": "string", "description": "What is wrong and what to change."},
                "details": {"type": "array", "items": {},
                            "description": "Per-field problems ({field, message}) or rows."},
            },
        }},
    },
    "EventCreate": {
        "type": "object",
        "required": ["name", "starts_at", "timezone", "language", "slot_minutes"],
        "additionalProperties": False,
        "properties": _EVENT_CREATE_PROPERTIES,
    },
    "EventUpdate": {
        "type": "object",
        "additionalProperties": False,
        "description": "Any fields of EventCreate; those not sent are kept.",
        "properties": _EVENT_CREATE_PROPERTIES,
    },
    "Event": {
        "type": "object",
        "required": ["id", "name", "starts_at", "timezone", "language", "slot_minutes", "attendees"],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "venue": {"type": "string"},
            "starts_at": {"type": "string"},
            "ends_at": {"type": ["string", "null"]},
            "timezone": {"type": "string"},
            "language": {"type": "string", "enum": ["fr", "en"]},
            "slot_minutes": {"type": "integer"},
            "allow_colleagues": {"type": "boolean"},
            "meeting_point": {"type": "string"},
            "glossary": _GLOSSARY,
            "attendees": {"type": "integer", "description": "Number of attendees."},
            "matched_at": _UTC_TIME,
            "published_at": _UTC_TIME,
            "created_at": _UTC_TIME,
        },
    },
    "ImportReport": {
        "type": "object",
        "required": ["accepted", "created", "updated", "removed", "rejected", "duplicates", "ignored_columns"],
        "properties": {
            "accepted": {"type": "integer"},
            "created": {"type": "integer"},
            "updated": {"type": "integer"},
            "removed": {"type": "integer"},
            "unchanged": {"type": "integer"},
            "not_recreated": {"type": "integer", "description": "people in the file who deleted their data "
                              "from this event; they are not re-created"},
            "rejected": {"type": "array", "items": {
                "type": "object", "required": ["line", "reason"],
                "properties": {"line": {"type": "integer"}, "reason": {"type": "string"},
                               "code": {"type": "string", "description": "stable reason code (matchmaker.reasons)"},
                               "params": {"type": "object"}},
            }},
            "duplicates": {"type": "array", "items": {
                "type": "object", "required": ["line", "email"],
                "properties": {"line": {"type": "integer"}, "email": {"type": "string"},
                               "first_line": {"type": "integer"}},
            }},
            "ignored_columns": _STRINGS,
            "columns": {"type": "array", "description": "How each column of the file was read, in order.",
                        "items": {
                            "type": "object", "required": ["column", "index", "field", "how"],
                            "properties": {
                                "column": {"type": "string", "description": "The header as in the file."},
                                "index": {"type": "integer", "minimum": 0},
                                "field": {"type": ["string", "null"], "enum": [*_FIELDS, None],
                                          "description": "The field read from it; null when ignored."},
                                "how": {"type": "string", "enum": ["alias", "meaning", "mapping", "duplicate",
                                                                   "unknown", "ignored"],
                                        "description": "alias: a known header; meaning: from the header's "
                                                       "words; mapping: your columns mapping (or the one "
                                                       "remembered); duplicate: another column gives this "
                                                       "field; unknown: not recognised; ignored: mapped to "
                                                       "null."},
                            },
                        }},
            "languages": {"type": "object", "description": (
                "Attendees per language (fr, en); guessed: how many languages the file did not give, of "
                "which from_words were read from the attendees' own words and default got the event's "
                "language (too few words)."),
                "properties": {name: {"type": "integer", "minimum": 0}
                               for name in ("fr", "en", "guessed", "from_words", "default")}},
            "sheet": {"type": "string", "description": "The workbook's sheet read; empty for a CSV file."},
            "sheets": {"type": "array", "items": {"type": "string"},
                       "description": "The workbook's visible sheets, in order (hidden sheets are read only when "
                                      "named); empty for a CSV file. A sheet that cannot be read is a 422 whose "
                                      "details list them under the field \"sheets\"."},
            "changes": {"oneOf": [_ref("Change"), {"type": "null"}],
                        "description": "Once published: the pair changes the import forced, applied at once "
                                       "(null when none)."},
            "changes_url": {"type": "string", "description": "Once published: the change log."},
        },
    },
    "Change": {
        "type": "object",
        "description": "One change after publishing: what changed and who got an updated invitation.",
        "required": ["id", "kind", "source", "status", "created_at", "applied_at", "new", "updated", "left",
                     "fields", "removed", "added", "notified"],
        "properties": {
            "id": {"type": "integer"},
            "kind": {"type": "string", "enum": ["attendees", "pairs", "settings"]},
            "source": {"type": "string"},
            "status": {"type": "string", "enum": ["pending", "applied"],
                       "description": "pending: the list changed, the pair changes are not applied yet."},
            "created_at": _UTC_TIME,
            "applied_at": _UTC_TIME,
            "new": _STRINGS, "updated": _STRINGS, "left": _STRINGS,
            "fields": {"type": "object", "description": "Setting name: [old, new]."},
            "removed": {"type": "array", "items": _ref("ChangedPair")},
            "added": {"type": "array", "items": _ref("ChangedPair")},
            "notified": {**_STRINGS, "description": "E-mails sent an updated invitation (or a first one)."},
        },
    },
    "ChangedPair": {
        "type": "object",
        "required": ["a", "b", "round"],
        "properties": {
            "a": {"type": "string"}, "b": {"type": "string"}, "a_name": {"type": "string"},
            "b_name": {"type": "string"}, "round": {"type": "integer"}, "reason": {"type": "string"},
            "code": {"type": "string"}, "score": {"type": "number"}, "weak": {"type": "boolean"},
        },
    },
    "MatchingJob": {
        "type": "object",
        "required": ["id", "status", "progress", "message", "error", "started_at", "finished_at"],
        "properties": {
            "id": {"type": "integer"},
            "status": {"type": "string", "enum": ["queued", "running", "done", "failed"]},
            "progress": {"type": "number", "minimum": 0, "maximum": 1},
            "message": {"type": "string"},
            "error": {"type": "string"},
            "created_at": _UTC_TIME,
            "started_at": _UTC_TIME,
            "finished_at": _UTC_TIME,
        },
    },
    "Matches": {
        "type": "object",
        "description": "The engine's result: three partners each, pairs with their reasons and rounds.",
        "required": ["attendees", "pairs", "unmatched", "stats"],
        "properties": {
            "attendees": {"type": "array", "items": {
                "type": "object", "required": ["email", "name", "partners"],
                "properties": {"email": {"type": "string"}, "name": {"type": "string"}, "partners": _STRINGS},
            }},
            "pairs": {"type": "array", "items": {
                "type": "object",
                "required": ["a", "b", "round", "score", "a_helps_b", "b_helps_a", "shared",
                             "questions_for_a", "questions_for_b", "weak"],
                "properties": {
                    "a": {"type": "string"}, "b": {"type": "string"},
                    "round": {"type": "integer", "minimum": 1},
                    "score": {"type": "number"},
                    "a_helps_b": {"type": "string", "description": "What A can give B, written for B"},
                    "b_helps_a": {"type": "string", "description": "What B can give A, written for A"},
                    "a_gives": _STRINGS, "b_gives": _STRINGS,
                    "shared": _STRINGS, "questions_for_a": _STRINGS, "questions_for_b": _STRINGS,
                    "weak": {"type": "boolean"},
                },
            }},
            "unmatched": {"type": "array", "items": {
                "type": "object", "required": ["email", "reason"],
                "properties": {"email": {"type": "string"}, "reason": {"type": "string"},
                               "code": {"type": "string", "description": "stable reason code (matchmaker.reasons)"},
                               "params": {"type": "object"}},
            }},
            "rejected_rows": {"type": "array", "items": {
                "type": "object",
                "properties": {"line": {"type": "integer"}, "reason": {"type": "string"},
                               "code": {"type": "string", "description": "stable reason code (matchmaker.reasons)"},
                               "params": {"type": "object"}},
            }},
            "stats": {"type": "object"},
        },
    },
    "Publication": {
        "type": "object",
        "required": ["published_at", "invitations_queued"],
        "properties": {"published_at": {"type": "string"}, "invitations_queued": {"type": "integer", "minimum": 0}},
    },
    "Attendee": {
        "type": "object",
        "required": ["id", "email", "name", "company", "role", "language", "opted_out", "link"],
        "properties": {
            "id": {"type": "integer"},
            "email": {"type": "string"},
            "name": {"type": "string"},
            "company": {"type": "string"},
            "role": {"type": "string"},
            "language": {"type": "string"},
            "opted_out": {"type": "boolean"},
            "link": {"type": ["string", "null"], "description": "Private page; null until the event is published."},
        },
    },
}

_SCHEMAS.update({
    "CheckinRequest": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "present": {**_STRINGS, "description": "E-mails of the people who came."},
            "absent": {**_STRINGS, "description": "E-mails of the people who did not come."},
        },
    },
    "CheckinResult": {
        "type": "object",
        "required": ["present", "absent"],
        "properties": {"present": {"type": "integer", "minimum": 0}, "absent": {"type": "integer", "minimum": 0}},
    },
    "RoundRepair": {
        "type": "object",
        "description": "What the re-pairing of one round changed; re-running it with nothing new changes nothing.",
        "required": ["dissolved", "created", "unpaired"],
        "properties": {
            "dissolved": {"type": "array", "items": {
                "type": "object", "required": ["a", "b"],
                "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
            }},
            "created": {"type": "array", "items": {
                "type": "object", "required": ["a", "b", "round"],
                "properties": {"a": {"type": "string"}, "b": {"type": "string"},
                               "round": {"type": "integer", "minimum": 1}, "score": {"type": "number"},
                               "weak": {"type": "boolean"}},
            }},
            "unpaired": {"type": "array", "items": {
                "type": "object", "required": ["email", "reason"],
                "properties": {"email": {"type": "string"}, "reason": {"type": "string"},
                               "code": {"type": "string", "enum": ["alone", "no_allowed_partner"]}},
            }},
        },
    },
})

_ERROR_ANSWERS = {
    "Error": "Any other error, in the same shape.",
    "BadRequest": "The body is not valid JSON.",
    "Unauthorized": "Missing, unknown or revoked bearer token.",
    "NotFound": "No such event among yours (another organizer's event looks the same).",
    "Conflict": "The event is not in a state that allows this (e.g. publishing without matches).",
    "TooLarge": "The request body exceeds the size limit.",
    "Invalid": "The values do not validate; details name the fields.",
    "TooManyRequests": "Rate limit reached; wait and retry.",
}

_EVENT_ID = {
    "name": "event_id", "in": "path", "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": 2147483647},
}

_PATHS = {
    "/api/openapi.json": {"get": {
        "summary": "This document.", "security": [],
        "responses": {"200": _json({"type": "object"}, "The OpenAPI 3.1 document.")},
    }},
    "/api/events": {
        "get": _operation("List your events.",
                          {"200": _json({"type": "array", "items": _ref("Event")}, "Your events.")},
                          errors=(401, 429)),
        "post": _operation(
            "Create an event.",
            {"201": _json(_ref("Event"), "The created event.", _LOCATION)},
            errors=(400, 401, 413, 422, 429),
            requestBody={"required": True, "content": {"application/json": {"schema": _ref("EventCreate")}}},
        ),
    },
    "/api/events/{event_id}": {
        "parameters": [_EVENT_ID],
        "get": _operation("One of your events.", {"200": _json(_ref("Event"), "The event.")}),
        "patch": _operation(
            "Change some settings of an event (e.g. its glossary); the fields sent replace the stored ones.",
            {"200": _json(_ref("Event"), "The event as changed.")},
            errors=(400, 401, 404, 413, 422, 429),
            requestBody={"required": True, "content": {"application/json": {"schema": _ref("EventUpdate")}}},
        ),
    },
    "/api/events/{event_id}/attendees": {
        "parameters": [_EVENT_ID],
        "get": _operation("The attendees, with their private links once published.",
                          {"200": _json({"type": "array", "items": _ref("Attendee")}, "The attendees.")}),
        "put": _operation(
            "Import the attendee file (CSV or spreadsheet text) as the raw body or a multipart 'file'. Once the "
            "event is published, the pairs change as little as the new list requires (every pair still "
            "allowed stays), the people concerned get an updated invitation, and 'changes' lists it.",
            {"200": _json(_ref("ImportReport"), "What the import did.")},
            errors=(401, 404, 409, 413, 422, 429),
            description=(
                "CSV text in any common encoding and separator, or an .xlsx workbook (the first sheet that "
                "reads, or the one named in 'sheet'). Each column is read by its header, in English or "
                "French, or by the 'columns' mapping. A mapping given here is remembered for your next "
                "files with the same header row, and applies to them when they come without one."),
            parameters=[
                {"name": "remove_missing", "in": "query", "required": False,
                 "description": "Remove attendees absent from the file.", "schema": {"type": "boolean"}},
                _COLUMNS_PARAMETER,
                {"name": "sheet", "in": "query", "required": False,
                 "description": "A workbook's sheet, by name (also accepted as a multipart field).",
                 "schema": {"type": "string", "maxLength": 200}},
            ],
            requestBody={"required": True, "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}},
                "multipart/form-data": {"schema": {
                    "type": "object", "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"},
                                   "columns": {"type": "string", "description": "As the query parameter."},
                                   "sheet": {"type": "string", "description": "As the query parameter."}},
                }},
            }},
        ),
    },
    "/api/events/{event_id}/changes": {
        "parameters": [_EVENT_ID],
        "get": _operation("What changed after publishing and who was told, newest first.",
                          {"200": _json({"type": "array", "items": _ref("Change")}, "The change log.")}),
    },
    "/api/events/{event_id}/matching": {
        "parameters": [_EVENT_ID],
        "post": _operation(
            "Start the matching (small events finish within the request). Once the event is published, the "
            "pairs change only as the attendee list and rules force (200, applied at once).",
            {"202": _json(_ref("MatchingJob"), "The job; poll the Location for its status.", _LOCATION),
             "200": _json({"type": "object", "required": ["changes", "changes_url"], "properties": {
                 "changes": {"oneOf": [_ref("Change"), {"type": "null"}]}, "changes_url": {"type": "string"}}},
                 "Published event: the minimal change, applied (null when nothing had to change).")},
            errors=(401, 404, 409, 422, 429),
        ),
        "get": _operation("Status of the latest matching run (404 when never run).",
                          {"200": _json(_ref("MatchingJob"), "The latest job.")}),
    },
    "/api/events/{event_id}/matches": {
        "parameters": [_EVENT_ID],
        "get": _operation("The current matches in the engine's JSON shape (pairs dissolved on the event day left "
                          "out).", {"200": _json(_ref("Matches"), "The matches.")}),
    },
    "/api/events/{event_id}/checkins": {
        "parameters": [_EVENT_ID],
        "post": _operation(
            "Mark attendees present or absent (all or nothing: unknown e-mails answer 422, listed in details).",
            {"200": _json(_ref("CheckinResult"), "How many were marked present and absent.")},
            errors=(400, 401, 404, 422, 429),
            requestBody={"required": True, "content": {"application/json": {"schema": _ref("CheckinRequest")}}},
        ),
    },
    "/api/events/{event_id}/rounds/{round_number}/repair": {
        "parameters": [_EVENT_ID, {"name": "round_number", "in": "path", "required": True,
                                   "schema": {"type": "integer", "minimum": 1, "maximum": 2147483647}}],
        "post": _operation(
            "Re-pair a round around the absent people (everybody not checked in counts as absent).",
            {"200": _json(_ref("RoundRepair"), "Dissolved, created and unpaired.")},
            errors=(401, 404, 409, 422, 429),
        ),
    },
    "/api/events/{event_id}/publish": {
        "parameters": [_EVENT_ID],
        "post": _operation("Publish: create private links and queue the invitations (idempotent).",
                           {"200": _json(_ref("Publication"), "Published.")}, errors=(401, 404, 409, 429)),
    },
}

# The profile phase's routes are described in a module of their own (this one is long enough).
_SCHEMAS.update(profile_openapi.schemas(_ref))
_PATHS.update(profile_openapi.paths(_ref, _json, _operation, _EVENT_ID))

DOCUMENT = {
    "openapi": "3.1.0",
    "info": {
        "title": "matchmaker API",
        "version": "1.0.0",
        "description": "Create events, import attendees, run the matching, publish. Every call except this "
                       "document needs 'Authorization: Bearer <token>'; errors share one JSON shape.",
    },
    "security": [{"bearerAuth": []}],
    "paths": _PATHS,
    "components": {
        "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer",
                                           "description": "An API token created on the account page."}},
        "schemas": _SCHEMAS,
        "responses": {name: _json(_ref("Error"), text) for name, text in _ERROR_ANSWERS.items()},
    },
}


def openapi_document() -> dict:
    """A copy of the OpenAPI document (callers may not mutate the shared one)."""
    return copy.deepcopy(DOCUMENT)
