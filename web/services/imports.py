"""Attendee file import: a preview that stores nothing, then one transactional apply.

The reader (:func:`matchmaker.reader.read_attendees`) does the parsing; this
module compares its attendees with the event's rows by e-mail address, and
writes them. Only the columns the file actually has overwrite stored values,
so a file without a "consent" column does not erase consents given earlier.
Functions flush and never commit: the caller commits once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from flask import current_app
from flask_babel import gettext
from sqlalchemy import select

from matchmaker.errors import FileFormatError
from matchmaker.reader import ReadReport, RejectedRow, read_attendees

from ..extensions import db
from ..models import Attendee, Event
from .exceptions import Invalid

__all__ = ["ImportPreview", "ImportResult", "PROFILE_FIELDS", "apply_import", "size_limit_text", "preview_import"]

#: Attendee fields an import writes, in the reader's field names.
PROFILE_FIELDS = ("name", "company", "role", "bio", "offers", "needs", "interests", "linkedin", "language",
                  "consent")
_ALWAYS_WRITTEN = {"name"}  # the reader derives a name even without a name column
_FLUSH_EVERY = 200  # rows per flush: bounded memory and round-trips on large files


def _column_limits() -> dict[str, int]:
    # PostgreSQL enforces VARCHAR(n) (SQLite does not): refuse such rows here, with a reason.
    return {name: Attendee.__table__.c[name].type.length
            for name in ("email", *PROFILE_FIELDS) if getattr(Attendee.__table__.c[name].type, "length", None)}


@dataclass
class ImportPreview:
    """What an upload would do; nothing is stored.

    ``report`` is the reader's report, with text longer than its database
    column cut and over-long addresses moved to ``report.rejected``. ``new``, ``updated``,
    ``unchanged`` and ``missing`` are e-mail addresses; ``missing`` are the
    event's attendees absent from the file (removed only when asked).
    """

    report: ReadReport
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def fields(self) -> set[str]:
        """Profile fields the file provides (and so overwrites)."""
        return _ALWAYS_WRITTEN | (set(self.report.columns.values()) & set(PROFILE_FIELDS))


@dataclass
class ImportResult:
    """What :func:`apply_import` did."""

    accepted: int
    created: int
    updated: int
    removed: int
    rejected: list[tuple[int, str]]
    duplicates: list
    ignored_columns: list[str]
    unchanged: int = 0


def size_limit_text() -> str:
    """``MAX_CONTENT_LENGTH`` in megabytes, as the organizer reads it ("20 MB")."""
    megabytes = (current_app.config["MAX_CONTENT_LENGTH"] or 0) / 2**20
    return f"{megabytes:.0f} MB" if megabytes >= 1 else f"{megabytes:.2f} MB"


def _read(data: bytes) -> ReadReport:
    config = current_app.config
    limit = config["MAX_CONTENT_LENGTH"]
    if limit and len(data) > limit:
        raise Invalid(gettext("The file is larger than the %(limit)s limit; split it.", limit=size_limit_text()), field="file")
    try:
        report = read_attendees(data, max_rows=config["UPLOAD_MAX_ROWS"], max_cell=config["UPLOAD_MAX_CELL"])
    except FileFormatError as error:
        raise Invalid(str(error), field="file") from error
    _fit_columns(report)
    return report


def _fit_columns(report: ReadReport) -> None:
    # PostgreSQL enforces VARCHAR(n) (SQLite does not). Display text is cut to fit;
    # an address longer than the column is not a real address: refuse it.
    limits = _column_limits()
    kept = []
    for person in report.attendees:
        if len(person.email) > limits["email"]:
            report.rejected.append(RejectedRow(0, f"e-mail address {person.email[:40]}… is longer than "
                                                  f"{limits['email']} characters"))
            continue
        cuts = {name: ("" if name == "linkedin" else getattr(person, name)[:size])
                for name, size in limits.items()
                if name != "email" and len(getattr(person, name) or "") > size}
        kept.append(replace(person, **cuts) if cuts else person)
    report.attendees = kept


def _values(person, fields: set[str]) -> dict:
    return {name: getattr(person, name) for name in PROFILE_FIELDS if name in fields}


def _differs(row: Attendee, values: dict) -> bool:
    return any(getattr(row, name) != value for name, value in values.items())


def _existing(event: Event) -> dict[str, Attendee]:
    rows = db.session.scalars(select(Attendee).where(Attendee.event_id == event.id))
    return {row.email: row for row in rows}


def _compare(event: Event, report: ReadReport) -> ImportPreview:
    preview = ImportPreview(report)
    existing = _existing(event)
    fields = preview.fields
    for person in report.attendees:
        row = existing.get(person.email)
        if row is None:
            preview.new.append(person.email)
        elif _differs(row, _values(person, fields)):
            preview.updated.append(person.email)
        else:
            preview.unchanged.append(person.email)
    in_file = {person.email for person in report.attendees}
    preview.missing = sorted(email for email in existing if email not in in_file)
    return preview


def preview_import(event: Event, data: bytes) -> ImportPreview:
    """Read ``data`` and compare it with the event's attendees, storing nothing.

    Raises
    ------
    Invalid
        The file cannot be read at all (the reader's sentence), or is too large.
    """
    return _compare(event, _read(data))


def apply_import(event: Event, data: bytes, *, remove_missing: bool = False) -> ImportResult:
    """Create or update the event's attendees from ``data``, by e-mail; flushes, never commits.

    Parameters
    ----------
    event : Event
    data : bytes
        The file, as previewed.
    remove_missing : bool, default False
        Delete the event's attendees that the file does not list (their matches go with them).

    Raises
    ------
    Invalid
        As :func:`preview_import`; nothing is written then.
    """
    report = _read(data)
    preview = _compare(event, report)
    fields = preview.fields
    existing = _existing(event)
    for count, person in enumerate(report.attendees, 1):
        values = _values(person, fields)
        row = existing.get(person.email)
        if row is None:
            db.session.add(Attendee(event_id=event.id, email=person.email, **values))
        elif person.email in preview.updated:
            for name, value in values.items():
                setattr(row, name, value)
        if count % _FLUSH_EVERY == 0:
            db.session.flush()
    removed = 0
    if remove_missing:
        for email in preview.missing:
            db.session.delete(existing[email])
            removed += 1
    db.session.flush()
    db.session.expire(event, ["attendees"])
    return ImportResult(
        accepted=len(report.attendees), created=len(preview.new), updated=len(preview.updated),
        removed=removed, rejected=[(row.line, row.reason) for row in report.rejected],
        duplicates=list(report.duplicates), ignored_columns=list(report.ignored_columns),
        unchanged=len(preview.unchanged),
    )
