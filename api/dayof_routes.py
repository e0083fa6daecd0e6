"""Event-day routes of the JSON API: check-ins and the re-pairing of a round.

They hang on :data:`api.routes.bp` (same authentication, rate limit and error
shape); :func:`api.register_api` imports this module before registering it.
``GET /api/events/<id>/matches`` (in :mod:`api.routes`) lists the current pairs:
pairs dissolved by a repair are left out.
"""

from __future__ import annotations

from web.extensions import db
from web.services import checkin, events, repairs

from .json_errors import error_response
from .routes import _json_body, bp, current_organizer

__all__ = ["checkins", "repair_round"]


def _emails(body: dict, name: str):
    value = body.get(name, [])
    if not isinstance(value, list) or not all(isinstance(e, str) for e in value):
        return None
    return value


@bp.post("/events/<int:event_id>/checkins")
def checkins(event_id: int):
    event = events.get_event_for(current_organizer().id, event_id)
    body, error = _json_body()
    if error:
        return error
    if not isinstance(body, dict):
        return error_response(400, 'The request body must be a JSON object: {"present": [...], "absent": [...]}.')
    present, absent = _emails(body, "present"), _emails(body, "absent")
    if present is None or absent is None:
        return error_response(422, '"present" and "absent" must be lists of e-mail addresses.',
                              details=[{"field": f, "message": "a list of strings"} for f in ("present", "absent")])
    counts = checkin.apply_checkins(event, present, absent)
    db.session.commit()
    return counts


@bp.post("/events/<int:event_id>/rounds/<int:round_number>/repair")
def repair_round(event_id: int, round_number: int):
    event = events.get_event_for(current_organizer().id, event_id)
    fix = repairs.repair_round(event, round_number, trigger="api")
    db.session.commit()
    return fix.to_dict()
