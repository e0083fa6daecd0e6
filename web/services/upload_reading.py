"""Reading an uploaded attendee file for the portal and the API: sheet, column mapping, languages, errors.

:func:`read_upload` wraps :func:`matchmaker.reader.read_attendees` with what a
person uploading a file needs:

- a workbook with several sheets: the sheet asked for, else the first sheet
  that reads (a cover sheet of instructions is skipped), and the list of sheets
  for the picker;
- the column mapping: the organizer's choice for this file, else the one they
  made for the same header row before (:mod:`web.services.column_choices`);
  :attr:`Reading.automatic` keeps how each column reads without any choice,
  so that a choice is stored as what differs from it;
- the reader's sentences for a file it cannot read, in the page's language;
- each attendee's language, from the file or guessed from their own words
  (:func:`matchmaker.language.attendee_language`), and the counts the preview shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import format_number, gettext, lazy_gettext

from matchmaker.errors import FileFormatError
from matchmaker.headers import read_columns
from matchmaker.language import LanguageGuess, attendee_language, language_counts
from matchmaker.reader import ReadReport, list_sheets, read_attendees

from . import column_choices
from .exceptions import Invalid

__all__ = ["Reading", "language_counts", "languages_of", "read_upload", "reader_error"]  # language_counts: the engine's

# The reader's sentences (matchmaker/workbook.py, csvfile.py, reader.py, headers.py), matched by
# their start, and what the organizer reads in the page's language instead.
_AS_CSV = lazy_gettext("or save it as “CSV UTF-8” and upload that file")
_ERRORS = (
    (r"The workbook is password-protected", lazy_gettext(
        "This workbook is protected by a password, so it cannot be read: open it in Excel, remove the "
        "password (File > Info > Protect Workbook) and upload it again, %(as_csv)s.")),
    (r"This is an old Excel 97-2003 workbook", lazy_gettext(
        "This is an old Excel 97-2003 workbook (.xls): save it as an .xlsx workbook, %(as_csv)s.")),
    (r"This spreadsheet workbook is damaged", lazy_gettext(
        "This workbook is damaged and cannot be read: open it in Excel and save it again, %(as_csv)s.")),
    (r"This is an OpenDocument spreadsheet", lazy_gettext(
        "This is an OpenDocument spreadsheet (.ods): save it as an .xlsx workbook, %(as_csv)s.")),
    (r"This is a zip archive", lazy_gettext(
        "This is a zip archive, not an Excel workbook: upload the .xlsx file itself, %(as_csv)s.")),
    (r"The workbook has no worksheet", lazy_gettext(
        "This workbook has no worksheet: add the attendee list to a sheet, %(as_csv)s.")),
    (r"The sheet .* is empty", lazy_gettext(
        "This sheet is empty: choose the sheet that holds the attendee list, with a header row and one "
        "row per attendee.")),
    (r"The file is empty", lazy_gettext(
        "The file is empty: export the attendee list with a header row and one row per attendee.")),
    (r"This file is not text", lazy_gettext(
        "This file is neither a CSV file nor an Excel workbook: export the list from your spreadsheet as "
        "“CSV UTF-8” or as an .xlsx workbook.")),
    (r"No e-mail column found", lazy_gettext(
        "No column of e-mail addresses was found: choose below the column that holds them, or name it "
        "“E-mail” in the file.")),
    (r"The (?:file|sheet) has more than (?P<limit>\d+) rows", lazy_gettext(
        "The list has more than %(limit)s rows: split it into several files.")),
    (r"The header row has (?P<count>\d+) columns; the limit is (?P<limit>\d+)", lazy_gettext(
        "The header row has %(count)s columns; the limit is %(limit)s. Check that the first row holds the "
        "column names, and remove the columns you do not need.")),
    (r"Line (?P<line>\d+) cannot be read as CSV", lazy_gettext(
        "Line %(line)s of the file cannot be read: check its quotation marks.")),
    # Kept last: Reading uses it for two columns chosen as one field.
    (r"The column mapping assigns both", lazy_gettext(
        "Two columns are read as the same field: keep one, and read the other as another field or "
        "ignore it.")),
)
_ERROR_PATTERNS = tuple((re.compile(pattern), message) for pattern, message in _ERRORS)


def reader_error(error: FileFormatError) -> str:
    """The reader's sentence for ``error`` in the page's language (as it is when no translation fits)."""
    text = str(error)
    for pattern, message in _ERROR_PATTERNS:
        if found := pattern.match(text):
            figures = {k: format_number(int(v)) if v.isdigit() else v for k, v in found.groupdict().items()}
            return str(message) % {"as_csv": _AS_CSV, **figures}
    return text


@dataclass
class Reading:
    """An upload as read: the report, the mapping applied and how the columns read without it."""

    report: ReadReport | None
    #: Column index -> field (None: ignored) applied on top of the automatic reading.
    mapping: dict[int, str | None] = field(default_factory=dict)
    #: How each column reads without any choice (the reader's ``column_readings`` shape).
    automatic: list[dict] = field(default_factory=list)
    #: True when ``mapping`` is the organizer's earlier choice for these headers.
    remembered: bool = False
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    #: The reader's sentence when the file (or this sheet, or this mapping) cannot be read.
    error: str = ""

    @property
    def readings(self) -> list[dict]:
        """How each column is read now: the report's, else (the file could not be read) the automatic one."""
        return self.report.column_readings if self.report is not None else self.automatic


def _limits() -> dict:
    config = current_app.config
    return {"max_rows": config["UPLOAD_MAX_ROWS"], "max_cell": config["UPLOAD_MAX_CELL"]}


def _headers_only(data: bytes, sheet: str | None) -> list[dict]:
    # The file has no column the reader takes for e-mail: read its header row alone (named as
    # the reader names columns), so that the organizer can say which column holds the addresses.
    from matchmaker.cleaning import clean_text
    from matchmaker.csvfile import read_rows as csv_rows
    from matchmaker.workbook import is_workbook
    from matchmaker.workbook import read_rows as sheet_rows

    limit = _limits()["max_rows"]
    try:
        rows = sheet_rows(data, sheet=sheet, max_rows=limit)[0] if is_workbook(data) else csv_rows(data, limit)[0]
    except FileFormatError:
        return []
    if not rows:
        return []
    names = [clean_text(cell[:200]) for cell in rows[0][1]]
    while names and not names[-1]:
        names.pop()
    names = [name or f"column {index + 1}" for index, name in enumerate(names)]
    return read_columns(names, rows=[cells for _, cells in rows[1:]])


def _automatic(data: bytes, sheet: str | None,
               report: ReadReport | None) -> tuple[ReadReport | None, list[dict], FileFormatError | None]:
    try:
        report = report or read_attendees(data, sheet=sheet, **_limits())
    except FileFormatError as error:
        if not str(error).startswith("No e-mail column found"):
            raise
        return None, _headers_only(data, sheet), error
    return report, report.column_readings, None


def _sheet_to_read(data: bytes, sheet: str | None) -> tuple[str | None, list[str], ReadReport | None]:
    """The sheet to read, every sheet, and the sheet's report when it had to be read to be chosen."""
    sheets = list_sheets(data)
    if sheet or len(sheets) < 2:
        return sheet or None, sheets, None
    for name in sheets:  # the first sheet that reads: skip a cover sheet or an empty one
        try:
            return name, sheets, read_attendees(data, sheet=name, **_limits())
        except FileFormatError:
            continue
    return None, sheets, None


def read_upload(data: bytes, *, organizer_id: int, choices: dict[int, str | None] | None = None,
                columns: dict | None = None, sheet: str | None = None) -> Reading:
    """Read an uploaded file for the preview or the import.

    Parameters
    ----------
    data : bytes
    organizer_id : int
        Whose earlier column choices apply when none are given.
    choices : dict, optional
        The preview form's field per column index (None: ignore); only the
        columns that differ from the automatic reading become the mapping.
    columns : dict, optional
        The API's mapping as given (header text or index -> field or None), used as it is.
    sheet : str, optional
        A workbook's sheet by name.

    Raises
    ------
    Invalid
        The file cannot be read at all, in the page's language; a file whose only fault is its
        e-mail column, a bad mapping or an empty sheet gives a :class:`Reading` with ``error`` set
        instead, so that the organizer can fix it in the preview.
    """
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if limit and len(data) > limit:
        from .imports import size_limit_text  # imports reads uploads through this module: a cycle

        raise Invalid(gettext("The file is larger than the %(limit)s limit; split it.", limit=size_limit_text()),
                      field="file")
    sheets: list[str] = []
    try:
        sheet, sheets, tried = _sheet_to_read(data, sheet)
        automatic_report, automatic, failure = _automatic(data, sheet, tried)
    except FileFormatError as error:
        if len(sheets) > 1:  # another sheet may read: keep the picker
            return Reading(None, sheet=sheet or sheets[0], sheets=sheets, error=reader_error(error))
        raise Invalid(reader_error(error), field="file") from error
    reading = Reading(automatic_report, automatic=automatic, sheets=sheets)
    headers = [r["column"] for r in automatic]
    if columns is not None:
        mapping = columns
    elif choices is not None:
        mapping = column_choices.differences(automatic, choices)
    else:
        mapping = column_choices.remembered(organizer_id, headers)
        reading.remembered = bool(mapping)
    reading.mapping = dict(mapping)
    if choices is not None and column_choices.doubled_field(choices):
        reading.report, reading.error = None, str(_ERRORS[-1][1])
    elif mapping:
        try:
            reading.report = read_attendees(data, sheet=sheet, columns=mapping, **_limits())
        except FileFormatError as error:
            reading.report, reading.error = None, reader_error(error)
            if columns is not None:
                raise Invalid(reading.error, field="columns") from error
    elif failure is not None:
        reading.error = reader_error(failure)
    report = reading.report
    reading.sheet = report.sheet if report is not None else (sheet or (sheets[0] if sheets else ""))
    return reading


def languages_of(report: ReadReport, default: str) -> list[LanguageGuess]:
    """Each attendee's language, in the report's order: the file's, else from their words, else ``default``."""
    return [attendee_language(person, default) for person in report.attendees]
