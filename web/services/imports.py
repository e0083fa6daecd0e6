"""Attendee file import: a preview that stores nothing, then one transactional apply.

The reader (:func:`matchmaker.reader.read_attendees`, through
:mod:`web.services.upload_reading` for the sheet, the column mapping and the
languages) does the parsing; this module compares its attendees with the
event's rows by e-mail address, and writes them. Only the columns the file
actually has overwrite stored values, so a file without a "consent" column
does not erase consents given earlier. Without a language column, each
attendee's language is guessed from their own words (``language_guessed``);
a language the organizer or the attendee chose is never replaced by a guess.
Functions flush and never commit: the caller commits once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from flask import current_app
from sqlalchemy import select

from matchmaker.language import LanguageGuess
from matchmaker.reader import ReadReport, RejectedRow
from matchmaker.reasons import Reason

from ..extensions import db
from ..models import Attendee, Event
from . import column_choices
from .deletions import deleted_among
from .exceptions import Invalid
from .guest_list import import_file_wishes
from .upload_reading import Reading, language_counts, languages_of, read_upload

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
    ``unchanged``, ``missing`` and ``deleted`` are e-mail addresses; ``missing`` are the
    event's attendees absent from the file (removed only when asked); ``deleted`` are
    people in the file who deleted their data from this event: they are not re-created.
    """

    report: ReadReport
    new: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    #: Each attendee's language and where it came from, in the report's order.
    languages: list[LanguageGuess] = field(default_factory=list)
    #: The sheet, the column mapping and how the columns read (see :class:`~web.services.upload_reading.Reading`).
    reading: Reading | None = None

    @property
    def fields(self) -> set[str]:
        """Profile fields the file provides (and so overwrites)."""
        return _ALWAYS_WRITTEN | (set(self.report.columns.values()) & set(PROFILE_FIELDS))

    @property
    def language_counts(self) -> dict[str, int]:
        """``fr``, ``en``, ``guessed``, ``from_words`` and ``default`` (:func:`matchmaker.language.language_counts`)."""
        return language_counts(self.languages)


@dataclass
class ImportResult:
    """What :func:`apply_import` did."""

    accepted: int
    created: int
    updated: int
    removed: int
    rejected: list[RejectedRow]  # line (0: not a line of the file), English reason, code and params
    duplicates: list
    ignored_columns: list[str]
    unchanged: int = 0
    deleted: int = 0  # people in the file who deleted their data: not re-created
    #: How each column was read (the reader's ``column_readings``).
    columns: list[dict] = field(default_factory=list)
    #: ``fr``/``en`` counts and how many were guessed (see :attr:`ImportPreview.language_counts`).
    languages: dict[str, int] = field(default_factory=dict)
    sheet: str = ""
    #: A workbook's visible sheets, in order ([] for a CSV file).
    sheets: list[str] = field(default_factory=list)


def size_limit_text() -> str:
    """``MAX_CONTENT_LENGTH`` in megabytes, as the organizer reads it ("20 MB")."""
    megabytes = (current_app.config["MAX_CONTENT_LENGTH"] or 0) / 2**20
    return f"{megabytes:.0f} MB" if megabytes >= 1 else f"{megabytes:.2f} MB"


def _read(event: Event, data: bytes, **options) -> Reading:
    reading = read_upload(data, organizer_id=event.organizer_id, **options)
    if reading.report is not None:
        _fit_columns(reading.report)
    return reading


def _fit_columns(report: ReadReport) -> None:
    # PostgreSQL enforces VARCHAR(n) (SQLite does not). Display text is cut to fit;
    # an address longer than the column is not a real address: refuse it.
    limits = _column_limits()
    kept = []
    for person in report.attendees:
        if len(person.email) > limits["email"]:
            report.rejected.append(RejectedRow.of(0, Reason("email_too_long", start=person.email[:40],
                                                            limit=limits["email"])))
            continue
        cuts = {name: ("" if name == "linkedin" else getattr(person, name)[:size])
                for name, size in limits.items()
                if name != "email" and len(getattr(person, name) or "") > size}
        kept.append(replace(person, **cuts) if cuts else person)
    report.attendees = kept


def _values(person, fields: set[str], guess: LanguageGuess, row: Attendee | None) -> dict:
    values = {name: getattr(person, name) for name in PROFILE_FIELDS if name in fields and name != "language"}
    if guess.source == "file":
        values.update(language=guess.language, language_guessed=False)
    elif row is None or row.language_guessed or not row.language:
        # Too few words: "" follows the event's language, even if it changes later.
        values.update(language=guess.language if guess.source == "words" else "", language_guessed=True)
    return values


def _differs(row: Attendee, values: dict) -> bool:
    return any(getattr(row, name) != value for name, value in values.items())


def _existing(event: Event) -> dict[str, Attendee]:
    rows = db.session.scalars(select(Attendee).where(Attendee.event_id == event.id))
    return {row.email: row for row in rows}


def _compare(event: Event, reading: Reading) -> ImportPreview:
    report = reading.report
    existing = _existing(event)
    guesses = languages_of(report, event.language)
    for k, (person, guess) in enumerate(zip(report.attendees, guesses)):
        row = existing.get(person.email)
        if guess.source != "file" and row is not None and row.language and not row.language_guessed:
            # The organizer's or the attendee's own choice stands as if the file gave it: no guess replaces it.
            guesses[k] = LanguageGuess(row.language, "file")
    preview = ImportPreview(report, reading=reading, languages=guesses)
    fields = preview.fields
    gone = deleted_among(event.id, [p.email for p in report.attendees if p.email not in existing])
    for person, guess in zip(report.attendees, preview.languages):
        row = existing.get(person.email)
        if row is None and person.email in gone:
            preview.deleted.append(person.email)
        elif row is None:
            preview.new.append(person.email)
        elif _differs(row, _values(person, fields, guess, row)):
            preview.updated.append(person.email)
        else:
            preview.unchanged.append(person.email)
    in_file = {person.email for person in report.attendees}
    preview.missing = sorted(email for email in existing if email not in in_file)
    return preview


def preview_import(event: Event, data: bytes, *, choices: dict | None = None, columns: dict | None = None,
                   sheet: str | None = None) -> ImportPreview:
    """Read ``data`` and compare it with the event's attendees, storing nothing.

    Parameters
    ----------
    event : Event
    data : bytes
    choices, columns, sheet
        The preview form's field per column, the API's mapping, a workbook's sheet
        (see :func:`web.services.upload_reading.read_upload`); without any, the
        organizer's earlier choice for these headers applies.

    Returns
    -------
    ImportPreview
        With ``report`` None when the file reads only once the organizer picks another
        sheet or fixes the columns: ``reading.error`` says why.

    Raises
    ------
    Invalid
        The file cannot be read at all (the reader's sentence), or is too large.
    """
    reading = _read(event, data, choices=choices, columns=columns, sheet=sheet)
    if reading.report is None:
        return ImportPreview(None, reading=reading)
    return _compare(event, reading)


def apply_import(event: Event, data: bytes, *, remove_missing: bool = False, choices: dict | None = None,
                 columns: dict | None = None, sheet: str | None = None) -> ImportResult:
    """Create or update the event's attendees from ``data``, by e-mail; flushes, never commits.

    The column mapping applied is remembered for the organizer's next files with the same headers.

    Parameters
    ----------
    event : Event
    data : bytes
        The file, as previewed.
    remove_missing : bool, default False
        Delete the event's attendees that the file does not list (their matches go with them).
    choices, columns, sheet
        As :func:`preview_import`.

    Raises
    ------
    Invalid
        As :func:`preview_import`, and when the file does not read with this sheet or these
        columns; nothing is written then.
    """
    reading = _read(event, data, choices=choices, columns=columns, sheet=sheet)
    if reading.report is None:
        # A client of the API sees no picker: the sheets it may ask for come with the error.
        details = [{"field": "sheets", "message": ", ".join(reading.sheets)}] if reading.sheets else []
        raise Invalid(reading.error, field="columns" if reading.automatic else "sheet", details=details)
    report = reading.report
    preview = _compare(event, reading)
    fields = preview.fields
    existing = _existing(event)
    for count, (person, guess) in enumerate(zip(report.attendees, preview.languages), 1):
        row = existing.get(person.email)
        if person.email in preview.deleted:
            continue  # they deleted their data from this event: the file does not bring them back
        values = _values(person, fields, guess, row)
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
    if columns is not None or choices is not None:
        chosen = {r["index"]: r["field"] for r in report.column_readings if r["how"] in ("mapping", "ignored")}
        column_choices.remember(event.organizer_id, [r["column"] for r in reading.automatic], chosen)
    db.session.flush()

    import_file_wishes(event, report.attendees)
    db.session.expire(event, ["attendees"])
    return ImportResult(
        accepted=len(report.attendees), created=len(preview.new), updated=len(preview.updated),
        removed=removed, rejected=list(report.rejected),
        duplicates=list(report.duplicates), ignored_columns=list(report.ignored_columns),
        unchanged=len(preview.unchanged), columns=list(report.column_readings),
        languages=preview.language_counts, sheet=report.sheet, sheets=list(report.sheets), deleted=len(preview.deleted),
    )
