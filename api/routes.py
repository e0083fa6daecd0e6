"""Routes of the JSON API, thin over :mod:`web.services`.

Each view resolves the event through ``get_event_for`` (somebody else's event
and a missing one both answer 404), calls one use-case and commits once.
"""

from __future__ import annotations

from flask import Blueprint, current_app, request, url_for

from matchmaker import MatchmakerError
from web.extensions import csrf, db, limiter
from web.services import column_choices, engine_adapter, events, imports, links, matching_jobs, publishing
from web.services.exceptions import ServiceError

from . import payloads
from .auth import authenticate_request, current_organizer
from .json_errors import engine_error, error_response, service_error
from .openapi import openapi_document

__all__ = ["bp"]

bp = Blueprint("api", __name__, url_prefix="/api")
bp.register_error_handler(ServiceError, service_error)
bp.register_error_handler(MatchmakerError, engine_error)
# Bearer tokens are not sent by browsers on their own, so CSRF cannot forge them;
# the session cookie is never accepted here (see api.auth).
csrf.exempt(bp)
limiter.limit(lambda: current_app.config["API_RATE_LIMIT"])(bp)

_PUBLIC = {"api.openapi"}


@bp.before_request
def _authenticate():
    if request.endpoint in _PUBLIC:
        return None
    refused = authenticate_request(request.headers.get("Authorization"))
    if refused is None:
        # The token's last use is a fact of its own, kept even if the request then fails.
        db.session.commit()
    return refused


@bp.after_request
def _no_store(response):
    # Answers carry private data (attendee links); no cache may keep them.
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def _json_body():
    body = request.get_json(force=True, silent=True)
    if body is None:
        return None, error_response(400, "The request body must be valid JSON (a JSON object).")
    return body, None


@bp.get("/openapi.json")
def openapi():
    return openapi_document()


@bp.post("/events")
def create_event():
    body, error = _json_body()
    if error:
        return error
    event = events.create_event(current_organizer(), **payloads.parse_event(body))
    db.session.commit()
    location = url_for("api.get_event", event_id=event.id)
    return payloads.event_json(event), 201, {"Location": location}


@bp.get("/events")
def list_events():
    return [payloads.event_json(event) for event in events.organizer_events(current_organizer().id)]


@bp.get("/events/<int:event_id>")
def get_event(event_id: int):
    return payloads.event_json(events.get_event_for(current_organizer().id, event_id))


@bp.patch("/events/<int:event_id>")
def update_event(event_id: int):
    event = events.get_event_for(current_organizer().id, event_id)
    body, error = _json_body()
    if error:
        return error
    events.update_event(event, **payloads.parse_event(body, partial=True))
    db.session.commit()
    return payloads.event_json(event)


@bp.put("/events/<int:event_id>/attendees")
def import_attendees(event_id: int):
    event = events.get_event_for(current_organizer().id, event_id)
    remove_missing = payloads.parse_bool("remove_missing", request.args.get("remove_missing"))
    # The column mapping and the sheet: query parameters, or fields of the multipart form.
    columns = column_choices.parse_api_columns(request.args.get("columns") or request.form.get("columns"))
    sheet = request.args.get("sheet") or request.form.get("sheet") or None
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            return error_response(
                422, "Send the attendee file in the multipart field 'file', or as the raw request body.",
                details=[{"field": "file", "message": "This field is required."}],
            )
        data = upload.read()
    else:
        data = request.get_data(cache=False)
    result = imports.apply_import(event, data, remove_missing=remove_missing, columns=columns, sheet=sheet)
    db.session.commit()
    return payloads.import_json(result)


@bp.get("/events/<int:event_id>/attendees")
def list_attendees(event_id: int):
    event = events.get_event_for(current_organizer().id, event_id)
    published = event.published_at is not None
    # ensure_link creates the link of an attendee added after publication.
    body = [payloads.attendee_json(a, links.link_url(links.ensure_link(a)) if published else None)
            for a in event.attendees]
    db.session.commit()
    return body


@bp.post("/events/<int:event_id>/matching")
def start_matching(event_id: int):
    event = events.get_event_for(current_organizer().id, event_id)
    # Small events run in the request, large ones wait for the worker: 202 either way,
    # the status URL tells the client when the matches are there.
    job = matching_jobs.start_matching(event)
    db.session.commit()
    return payloads.job_json(job), 202, {"Location": url_for("api.matching_status", event_id=event.id)}


@bp.get("/events/<int:event_id>/matching")
def matching_status(event_id: int):
    event = events.get_event_for(current_organizer().id, event_id)
    job = matching_jobs.latest_job(event)
    if job is None:
        return error_response(
            404, f"Matching has never been run for this event; POST /api/events/{event.id}/matching starts it.",
            code="not_started",
        )
    return payloads.job_json(job)


@bp.get("/events/<int:event_id>/matches")
def matches(event_id: int):
    return engine_adapter.match_json(events.get_event_for(current_organizer().id, event_id))


@bp.post("/events/<int:event_id>/publish")
def publish(event_id: int):
    event = events.get_event_for(current_organizer().id, event_id)
    queued = publishing.publish(event)
    db.session.commit()
    current_app.logger.info("event %s published through the API (%s invitations queued)", event.id, queued)
    return {"published_at": payloads.utc_iso(event.published_at), "invitations_queued": queued}
