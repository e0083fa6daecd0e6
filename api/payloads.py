"""Request parsing and response bodies of the JSON API.

Parsing checks the *shape* of what was sent (types, unknown fields, local
times); the use-cases in :mod:`web.services` check the *values* (a real
timezone, slot length bounds) and raise :class:`~web.services.exceptions.Invalid`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from web.services.exceptions import Invalid

__all__ = [
    "EVENT_FIELDS", "REQUIRED_EVENT_FIELDS", "parse_event", "parse_bool", "event_json", "job_json",
    "attendee_json", "import_json", "utc_iso",
]

#: Fields a client may send when creating an event, with their JSON types.
EVENT_FIELDS = {
    "name": str, "starts_at": str, "ends_at": (str, type(None)), "timezone": str, "language": str,
    "slot_minutes": int, "venue": str, "allow_colleagues": bool, "meeting_point": str, "glossary": str,
}
REQUIRED_EVENT_FIELDS = ("name", "starts_at", "timezone", "language", "slot_minutes")
_TYPE_NAMES = {str: "a string", int: "an integer", bool: "true or false"}


def _local_time(field: str, value: str) -> dt.datetime:
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise Invalid(f"{field} must be an ISO 8601 local time such as 2030-06-12T18:30.", field=field) from None
    if parsed.tzinfo is not None:
        raise Invalid(
            f"{field} must be a local time without offset (e.g. 2030-06-12T18:30); "
            "give the event's IANA time zone in 'timezone' instead.", field=field,
        )
    return parsed


def parse_event(body, *, partial: bool = False) -> dict:
    """Keyword arguments for :func:`web.services.events.create_event` from a JSON body.

    ``partial`` (a PATCH) requires no field.

    Raises
    ------
    Invalid
        When the body is not an object, misses a required field, has unknown
        fields, a value of the wrong type, or a time with a UTC offset.

    Examples
    --------
    >>> parse_event({"name": "Demo", "starts_at": "2030-06-12T18:30", "timezone": "Europe/Paris",
    ...              "language": "fr", "slot_minutes": 15})["starts_at"]
    datetime.datetime(2030, 6, 12, 18, 30)
    """
    if not isinstance(body, dict):
        raise Invalid("The request body must be a JSON object describing the event.")
    unknown = sorted(set(body) - set(EVENT_FIELDS))
    missing = [] if partial else [name for name in REQUIRED_EVENT_FIELDS if name not in body]
    details = [{"field": name, "message": "Unknown field; remove it."} for name in unknown]
    details += [{"field": name, "message": "This field is required."} for name in missing]
    for name, value in body.items():
        expected = EVENT_FIELDS.get(name)
        # bool is a subclass of int: true is not a slot length.
        if expected and (not isinstance(value, expected) or (expected is int and isinstance(value, bool))):
            wanted = _TYPE_NAMES.get(expected, "a string or null")
            details.append({"field": name, "message": f"Must be {wanted}."})
    if details:
        fields = ", ".join(d["field"] for d in details)
        raise Invalid(f"Fix these fields of the event: {fields}.", details=details)
    fields = dict(body)
    for name in ("starts_at", "ends_at"):
        if fields.get(name) is not None:
            fields[name] = _local_time(name, fields[name])
    return fields


def parse_bool(name: str, value: str | None, default: bool = False) -> bool:
    """A boolean query parameter (``true``/``false``, ``1``/``0``)."""
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"true", "1", "yes"}:
        return True
    if lowered in {"false", "0", "no"}:
        return False
    raise Invalid(f"The query parameter {name} must be true or false.", field=name)


def utc_iso(value: dt.datetime | None) -> str | None:
    """A naive-UTC column as RFC 3339 (``...Z``)."""
    return None if value is None else value.replace(microsecond=0).isoformat() + "Z"


def _local_iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def event_json(event) -> dict:
    return {
        "id": event.id,
        "name": event.name,
        "venue": event.venue or "",
        "starts_at": _local_iso(event.starts_at),
        "ends_at": _local_iso(event.ends_at),
        "timezone": event.timezone,
        "language": event.language,
        "slot_minutes": event.slot_minutes,
        "allow_colleagues": bool(event.allow_colleagues),
        "meeting_point": event.meeting_point or "",
        "glossary": event.glossary or "",
        "attendees": len(event.attendees),
        "matched_at": utc_iso(event.matched_at),
        "published_at": utc_iso(event.published_at),
        "created_at": utc_iso(event.created_at),
    }


def job_json(job) -> dict:
    return {
        "id": job.id,
        "status": job.status,
        "progress": float(job.progress or 0.0),
        "message": job.message or "",
        "error": job.error or "",
        "created_at": utc_iso(job.created_at),
        "started_at": utc_iso(job.started_at),
        "finished_at": utc_iso(job.finished_at),
    }


def attendee_json(attendee, link: str | None) -> dict:
    return {
        "id": attendee.id,
        "email": attendee.email,
        "name": attendee.name,
        "company": attendee.company or "",
        "role": attendee.role or "",
        "language": attendee.effective_language,
        "opted_out": attendee.opted_out_at is not None,
        "link": link,
    }


def _row(item, names: tuple[str, ...]) -> dict:
    """A reported row (dataclass, named tuple or plain tuple) as a JSON object."""
    if dataclasses.is_dataclass(item):
        return dataclasses.asdict(item)
    if hasattr(item, "_asdict"):
        return dict(item._asdict())
    if isinstance(item, dict):
        return dict(item)
    return dict(zip(names, item))


def import_json(result) -> dict:
    """The import report of :func:`web.services.imports.apply_import`."""
    return {
        "accepted": result.accepted,
        "created": result.created,
        "updated": result.updated,
        "removed": result.removed,
        "unchanged": getattr(result, "unchanged", 0),
        "not_recreated": getattr(result, "deleted", 0),  # people who deleted their data from the event
        "rejected": [_row(r, ("line", "reason")) for r in result.rejected],
        "duplicates": [_row(d, ("line", "email", "first_line")) for d in result.duplicates],
        "ignored_columns": list(result.ignored_columns),
        "columns": [{"column": c["column"], "index": c["index"], "field": c["field"], "how": c["how"]}
                    for c in getattr(result, "columns", [])],
        "languages": dict(getattr(result, "languages", {})),
        "sheet": getattr(result, "sheet", ""),
        "sheets": list(getattr(result, "sheets", [])),
    }
