"""Profile-phase routes of the JSON API: the phase's settings and figures, the invitations, the reminder,
and an attendee's wishes as the organizer holds them.

They hang on :data:`api.routes.bp` (same authentication, rate limit and error
shape); :func:`api.register_api` imports this module before registering it.
Each view resolves the event through ``get_event_for``, calls the same use-cases
as the portal (:mod:`web.services.profile_phase`, :mod:`web.services.profile_mail_actions`,
:mod:`web.services.organizer_wishes`) and commits once.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import current_app, request
from sqlalchemy import func, select

from web.extensions import db
from web.models import OutboxMessage
from web.request_guards import read_body
from web.services import events, organizer_wishes, profile_figures, profile_mail_actions, profile_phase
from web.services.exceptions import Invalid

from .json_errors import error_response
from .payloads import utc_iso
from .routes import _json_body, bp, current_organizer

__all__ = ["PHASE_FIELDS", "phase_json", "profile_phase_settings", "invite", "reminder", "wishes"]

#: Fields of the phase's settings, with their JSON types (all optional: those not sent are kept).
PHASE_FIELDS = {"deadline": (str, type(None)), "topics": list, "match_at_deadline": bool, "publish_at_deadline": bool}


def _local_iso(event, utc: dt.datetime | None) -> str | None:
    if utc is None:
        return None
    local = utc.replace(tzinfo=dt.timezone.utc).astimezone(ZoneInfo(event.timezone))
    return local.replace(tzinfo=None).isoformat(timespec="minutes")


def phase_json(event) -> dict:
    """The phase's settings, completeness figures and e-mails (counts by status, due time)."""
    figures = profile_figures.completeness(event)
    rows = db.session.execute(select(OutboxMessage.kind, OutboxMessage.status, func.count()).where(
        OutboxMessage.event_id == event.id, OutboxMessage.kind.in_(profile_phase.PROFILE_KINDS))
        .group_by(OutboxMessage.kind, OutboxMessage.status)).all()
    mail = {kind: {"queued": 0, "sent": 0, "failed": 0, "suppressed": 0, "cancelled": 0,
                   "due_at": utc_iso(profile_mail_actions.due_at(event, kind))}
            for kind in profile_phase.PROFILE_KINDS}
    for kind, status, n in rows:
        key = "queued" if status == "sending" else status
        mail[kind][key] = mail[kind].get(key, 0) + n
    return {
        "deadline": _local_iso(event, event.profile_deadline),
        "deadline_utc": utc_iso(event.profile_deadline),
        "topics": list(event.topics or []),
        "match_at_deadline": bool(event.match_at_deadline),
        "publish_at_deadline": bool(event.publish_at_deadline),
        "invited_at": utc_iso(event.profile_invited_at),
        "completeness": {
            "total": figures.total, "completed": figures.completed, "opened": figures.opened, "empty": figures.empty,
            "listed": figures.listed, "wishes": figures.wishes, "invited": figures.invited,
            "weak_share": None if figures.weak_share is None else round(figures.weak_share, 3),
        },
        "mail": mail,
    }


def _apply_settings(event, body) -> None:
    """Apply the settings a body sends (those not sent are kept), or raise Invalid naming the bad fields."""
    if not isinstance(body, dict):
        raise Invalid("The request body must be a JSON object with the phase's settings: "
                      f"{', '.join(PHASE_FIELDS)}.")
    details = [{"field": name, "message": "Unknown field; remove it."} for name in sorted(set(body) - set(PHASE_FIELDS))]
    for name, value in body.items():
        expected = PHASE_FIELDS.get(name)
        if expected and not isinstance(value, expected):
            details.append({"field": name, "message": {list: "Must be a list of strings.", bool: "Must be true or false."}
                            .get(expected, "Must be a local time such as 2030-06-10T18:00, or null.")})
    if isinstance(body.get("topics"), list) and not all(isinstance(t, str) for t in body["topics"]):
        details.append({"field": "topics", "message": "Must be a list of strings."})
    if details:
        raise Invalid(f"Fix these fields: {', '.join(d['field'] for d in details)}.", details=details)
    deadline = event.profile_deadline and dt.datetime.fromisoformat(_local_iso(event, event.profile_deadline))
    if "deadline" in body:
        deadline = None
        if body["deadline"] is not None:
            try:
                deadline = dt.datetime.fromisoformat(body["deadline"])
            except ValueError:
                raise Invalid("deadline must be a local time such as 2030-06-10T18:00.", field="deadline") from None
            if deadline.tzinfo is not None:
                raise Invalid("deadline must be a local time without offset, in the event's time zone.",
                              field="deadline")
            deadline = deadline.replace(second=0, microsecond=0)
    match = body.get("match_at_deadline", bool(event.match_at_deadline))
    profile_phase.update_settings(event, deadline=deadline, topics=body.get("topics", list(event.topics or [])),
                                  match_at_deadline=match,
                                  publish_at_deadline=body.get("publish_at_deadline", bool(event.publish_at_deadline)))


@bp.route("/events/<int:event_id>/profile-phase", methods=["GET", "PUT"])
def profile_phase_settings(event_id: int):
    event = events.get_event_for(current_organizer().id, event_id)
    if request.method == "PUT":
        body, error = _json_body()
        if error:
            return error
        _apply_settings(event, body)
        db.session.commit()
    return phase_json(event)


@bp.post("/events/<int:event_id>/profile-phase/invite")
def invite(event_id: int):
    event = events.get_event_for(current_organizer().id, event_id)
    raw = read_body()
    if raw.strip():  # settings may come with the invitation, applied first
        try:
            body = current_app.json.loads(raw)
        except ValueError as error:
            message = str(error) if str(error).startswith("The JSON body") else ""
            return error_response(400, message or "The request body must be valid JSON (a JSON object).")
        _apply_settings(event, body)
    invited = profile_phase.invite(event)
    db.session.commit()
    return {"invited": invited, **phase_json(event)}


@bp.post("/events/<int:event_id>/profile-phase/reminder")
def reminder(event_id: int):
    event = events.get_event_for(current_organizer().id, event_id)
    body, error = _json_body()
    if error:
        return error
    action = body.get("action") if isinstance(body, dict) else None
    if action not in ("send", "schedule"):
        return error_response(422, 'Say what to do with the reminder: {"action": "send"} or {"action": "schedule"}.',
                              details=[{"field": "action", "message": 'Must be "send" or "schedule".'}])
    if action == "send":
        count = profile_mail_actions.send_now(event, "profile_reminder")
    else:
        count = profile_mail_actions.schedule(event, "profile_reminder")
    db.session.commit()
    return {"action": action, "emails": count, **phase_json(event)}


@bp.route("/events/<int:event_id>/attendees/<int:attendee_id>/wishes", methods=["GET", "PUT"])
def wishes(event_id: int, attendee_id: int):
    event = events.get_event_for(current_organizer().id, event_id)
    attendee = events.attendee_of(event, attendee_id)
    if request.method != "PUT":
        return organizer_wishes.attendee_wishes(attendee)
    body, error = _json_body()
    if error:
        return error
    if not isinstance(body, dict) or set(body) - {"meet", "avoid"}:
        return error_response(422, 'The body must be a JSON object {"meet": [e-mails], "avoid": [e-mails]}.',
                              details=[{"field": name, "message": "Unknown field; remove it."}
                                       for name in sorted(set(body) - {"meet", "avoid"})] if isinstance(body, dict) else [])
    result = organizer_wishes.set_attendee_wishes(attendee, body.get("meet", []), body.get("avoid", []))
    db.session.commit()
    return result

