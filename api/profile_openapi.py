"""The OpenAPI description of the profile-phase routes (:mod:`api.profile_routes`).

:mod:`api.openapi` merges :func:`schemas` and :func:`paths` into its document;
they take its helpers as arguments, so that this module does not import it back.
"""

from __future__ import annotations

__all__ = ["paths", "schemas"]

_KINDS = ("profile_invite", "profile_reminder", "day_before")
_LOCAL = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$",
          "description": "Local wall-clock time in the event's time zone, ISO 8601 without offset; null: none.",
          "examples": ["2030-06-10T18:00"]}
_UTC = {"type": ["string", "null"], "description": "UTC, RFC 3339 (ends with Z)."}
_COUNT = {"type": "integer", "minimum": 0}
_EMAILS = {"type": "array", "items": {"type": "string"}, "maxItems": 3}


def schemas(ref) -> dict:
    """Component schemas: the phase, its settings, a reminder action, an attendee's wishes."""
    wish = {"type": "object", "required": ["email", "name", "source", "listed"], "properties": {
        "email": {"type": "string"}, "name": {"type": "string"},
        "source": {"type": "string", "enum": ["page", "file"],
                   "description": "page: the attendee picked them; file: the organizer's file or this API."},
        "listed": {"type": "boolean", "description": "Whether they appear in the guest list."}}}
    return {
        "ProfilePhaseSettings": {
            "type": "object", "additionalProperties": False,
            "description": "Fields not sent are kept.",
            "properties": {
                "deadline": {**_LOCAL, "description": "When profiles close, local time of the event; null: no "
                                                      "deadline. In the future and before the event starts."},
                "topics": {"type": "array", "items": {"type": "string", "maxLength": 80}, "maxItems": 40,
                           "description": "The event's topics, shown as checkboxes on the attendees' form."},
                "match_at_deadline": {"type": "boolean", "description": "Run the matching at the deadline."},
                "publish_at_deadline": {"type": "boolean",
                                        "description": "Publish that matching's result at once (needs "
                                                       "match_at_deadline)."},
            },
        },
        "ProfilePhase": {
            "type": "object",
            "required": ["deadline", "deadline_utc", "topics", "match_at_deadline", "publish_at_deadline",
                         "invited_at", "completeness", "mail"],
            "properties": {
                "deadline": _LOCAL, "deadline_utc": _UTC, "topics": {"type": "array", "items": {"type": "string"}},
                "match_at_deadline": {"type": "boolean"}, "publish_at_deadline": {"type": "boolean"},
                "invited_at": {**_UTC, "description": "When the attendees were first invited (UTC)."},
                "completeness": {
                    "type": "object",
                    "required": ["total", "completed", "opened", "empty", "listed", "wishes", "invited",
                                 "weak_share"],
                    "properties": {
                        "total": _COUNT,
                        "completed": {**_COUNT, "description": "Profiles saying what they offer and look for."},
                        "opened": {**_COUNT, "description": "Attendees who opened their page."},
                        "empty": {**_COUNT, "description": "Profiles with neither offers nor needs."},
                        "listed": {**_COUNT, "description": "Attendees who agreed to appear in the guest list."},
                        "wishes": {**_COUNT, "description": "Wishes made (to meet or not)."},
                        "invited": {**_COUNT, "description": "Invitations sent."},
                        "weak_share": {"type": ["number", "null"], "minimum": 0, "maximum": 1,
                                       "description": "Share of weak pairs the current profiles would give (a quick "
                                                      "scoring, no matching); null when not estimated."},
                    }},
                "mail": {"type": "object", "required": list(_KINDS), "properties": {kind: {
                    "type": "object", "required": ["queued", "sent", "due_at"],
                    "properties": {"queued": _COUNT, "sent": _COUNT, "failed": _COUNT, "suppressed": _COUNT,
                                   "cancelled": _COUNT, "due_at": _UTC}} for kind in _KINDS}},
            },
        },
        "ProfileInvitation": {"allOf": [ref("ProfilePhase"), {"type": "object", "required": ["invited"], "properties": {
            "invited": {**_COUNT, "description": "Invitations newly queued (nobody is invited twice)."}}}]},
        "ReminderRequest": {"type": "object", "required": ["action"], "additionalProperties": False,
                            "properties": {"action": {"type": "string", "enum": ["send", "schedule"]}}},
        "ReminderResult": {"allOf": [ref("ProfilePhase"), {"type": "object", "required": ["action", "emails"],
                                                           "properties": {"action": {"type": "string"},
                                                                          "emails": _COUNT}}]},
        "Wishes": {"type": "object", "required": ["meet", "avoid"], "properties": {
            "meet": {"type": "array", "items": wish}, "avoid": {"type": "array", "items": wish}}},
        "WishesRequest": {"type": "object", "additionalProperties": False, "properties": {
            "meet": {**_EMAILS, "description": "E-mails of up to three attendees they want to meet."},
            "avoid": {**_EMAILS, "description": "E-mails of up to three attendees they would rather not meet."}}},
    }


def paths(ref, json, operation, event_id) -> dict:
    """The paths, written with :mod:`api.openapi`'s helpers."""
    body = lambda name: {"required": True, "content": {"application/json": {"schema": ref(name)}}}  # noqa: E731
    return {
        "/api/events/{event_id}/profile-phase": {
            "parameters": [event_id],
            "get": operation("The profile phase: settings, completeness and its e-mails.",
                             {"200": json(ref("ProfilePhase"), "The phase.")}),
            "put": operation("Set the deadline, the topics and whether the matching runs (and is published) at the "
                             "deadline; a queued reminder moves with the deadline.",
                             {"200": json(ref("ProfilePhase"), "The phase as saved.")},
                             errors=(400, 401, 404, 422, 429), requestBody=body("ProfilePhaseSettings")),
        },
        "/api/events/{event_id}/profile-phase/invite": {
            "parameters": [event_id],
            "post": operation(
                "Invite the attendees to complete their profile (idempotent: people added since get theirs). The "
                "body may carry settings, applied first. Queues the reminder 48 hours before the deadline and the "
                "reminder the day before the event.",
                {"200": json(ref("ProfileInvitation"), "How many were invited, and the phase.")},
                errors=(400, 401, 404, 422, 429),
                requestBody={"required": False,
                             "content": {"application/json": {"schema": ref("ProfilePhaseSettings")}}}),
        },
        "/api/events/{event_id}/profile-phase/reminder": {
            "parameters": [event_id],
            "post": operation(
                "Send the profile reminder now, or schedule it 48 hours before the deadline. It goes to invited "
                "attendees who accept e-mail and is skipped at send time for complete profiles.",
                {"200": json(ref("ReminderResult"), "How many e-mails are sent or newly queued, and the phase.")},
                errors=(400, 401, 404, 422, 429), requestBody=body("ReminderRequest")),
        },
        "/api/events/{event_id}/attendees/{attendee_id}/wishes": {
            "parameters": [event_id, {"name": "attendee_id", "in": "path", "required": True,
                                      "schema": {"type": "integer", "minimum": 1, "maximum": 2147483647}}],
            "get": operation("Whom the attendee wants to meet, and would rather not.",
                             {"200": json(ref("Wishes"), "The wishes, oldest first.")}),
            "put": operation(
                "Replace the attendee's wishes (the file's \"wants to meet\" column): e-mails of attendees of the "
                "event, listed in the guest list or not; refused once the matching is published (409).",
                {"200": json(ref("Wishes"), "The wishes as saved.")},
                errors=(400, 401, 404, 409, 422, 429), requestBody=body("WishesRequest")),
        },
    }
