"""Read an organizer's attendee file into :class:`~matchmaker.profiles.Attendee` records.

The file is whatever Excel, a ticketing tool or a form builder exported: a
CSV file in any common encoding and separator (:mod:`matchmaker.csvfile`) or
an ``.xlsx`` workbook (:mod:`matchmaker.workbook`), recognised by its content,
not its name. Both go through the same rules: headers in English or French,
read by alias or by meaning (:mod:`matchmaker.headers`), or as the caller maps
them; every cell cleaned by :func:`~matchmaker.cleaning.clean_text`; list
cells on several lines kept as separate items (:mod:`matchmaker.items`).

Problems with the whole file raise :class:`~matchmaker.errors.FileFormatError`.
Problems with one row reject that row only and are reported, with the line
where the row starts (1-based; a quoted cell may span lines; in a workbook,
the sheet's row number). Every step is linear in the size of the file.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from . import work
from .cleaning import INVISIBLE, clean_text
from .csvfile import read_rows as read_csv_rows
from .errors import FileFormatError
from .headers import LIST_FIELDS, header_key, read_columns
from .items import flatten_items
from .linkedin import linkedin_url
from .profiles import Attendee, strip_accents
from .reasons import Reason
from .workbook import is_workbook, list_sheets
from .workbook import read_rows as read_sheet_rows

__all__ = ["MAX_COLUMNS", "Duplicate", "ReadReport", "RejectedRow", "clean_name", "list_sheets", "normalise_email",
           "read_attendees"]

#: Columns a header may have; wider headers are refused (a wide header once cost seconds per upload).
MAX_COLUMNS = 500


@dataclass(frozen=True)
class RejectedRow:
    """A row that was not read; ``str()`` gives ``"line N: reason"``.

    ``reason`` is English; ``code`` and ``params`` say the same for another language
    (:mod:`matchmaker.reasons`). They are left out of comparisons, so a row compares by line and text.
    """

    line: int
    reason: str
    code: str = field(default="", compare=False)
    params: dict = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, line: int, reason: Reason) -> RejectedRow:
        """The row rejected at ``line`` for ``reason``, with its code and parameters."""
        return cls(line, str(reason), reason.code, dict(reason.params))

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(frozen=True)
class Duplicate:
    """A row whose e-mail already appeared at ``first_line``; it was merged into that one."""

    line: int
    email: str
    first_line: int


@dataclass
class ReadReport:
    """What :func:`read_attendees` read, and what it left out and why."""

    attendees: list[Attendee]
    rejected: list[RejectedRow]
    duplicates: list[Duplicate]
    #: Original header -> field name it was read as.
    columns: dict[str, str]
    #: Headers read as no field; unless the mapping ignored them, their values are kept in ``Attendee.extra``.
    ignored_columns: list[str]
    #: ``"xlsx"`` for a workbook, else the text encoding.
    encoding: str
    #: ``""`` for a workbook.
    separator: str
    #: Non-blank data rows read (header, ``sep=`` line and blank rows excluded).
    rows: int = 0
    #: How each column was read, in column order:
    #: ``{"column": header, "index": i, "field": name or None, "how": "alias" | "meaning" | "mapping"
    #: | "duplicate" | "unknown" | "ignored"}`` (see :func:`matchmaker.headers.read_columns`).
    column_readings: list[dict] = field(default_factory=list)
    #: The sheet read and every sheet of the workbook ("" and [] for a CSV file).
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)


_LIST_SEPARATOR = "; "
_INVISIBLE = dict.fromkeys((*INVISIBLE, 0xA0, 0x202F, 0x2007))
_EMAIL_CHAR = r'[^@\s<>(),;:"\[\]\\\x00-\x1f\x7f]'
_LABEL = r'[^@\s<>(),;:"\[\]\\\x00-\x1f\x7f.]+'
_VALID_EMAIL = re.compile(rf"{_EMAIL_CHAR}+@{_LABEL}(?:\.{_LABEL})+")
_MAX_HEADER = 200
_LANGUAGES = {
    **dict.fromkeys(("fr", "fra", "fre", "francais", "francaise", "french"), "fr"),
    **dict.fromkeys(("en", "eng", "english", "anglais", "anglaise"), "en"),
}
_CONSENT = {
    **dict.fromkeys(("yes", "y", "oui", "o", "true", "vrai", "1", "x", "ok", "accepte", "jaccepte",
                     "accepted", "agree", "iagree", "checked", "coche"), True),
    **dict.fromkeys(("no", "n", "non", "false", "faux", "0", "refuse", "declined"), False),
}
_SINGLE_LINE_FIELDS = ("company", "role", "linkedin")


def normalise_email(raw: str) -> str:
    """E-mail address as compared and stored: trimmed, NFKC, invisible characters removed, lower case.

    >>> normalise_email("  Zoé.Martin\\u200b@Example.ORG\\u00a0")
    'zoé.martin@example.org'
    """
    return unicodedata.normalize("NFKC", raw.translate(_INVISIBLE)).strip().lower()


def clean_name(raw: str) -> str:
    """Single-line text, as :func:`matchmaker.cleaning.clean_text` cleans it.

    >>> clean_name("  Zoé\\r\\nBcc: x@evil.example\\t ")
    'Zoé Bcc: x@evil.example'
    """
    return clean_text(raw)


def _is_valid_email(email: str) -> bool:
    return _VALID_EMAIL.fullmatch(email) is not None


@functools.lru_cache(maxsize=1024)  # a column holds few distinct values
def _language(raw: str) -> str:
    token = re.split(r"[-_ /,(]", strip_accents(raw).strip().lower(), maxsplit=1)[0]
    return _LANGUAGES.get(header_key(token), "")


@functools.lru_cache(maxsize=1024)
def _consent(raw: str) -> bool | None:
    return _CONSENT.get(header_key(raw))


def _wishes(raw: str, own: str) -> tuple[str, ...]:
    """Valid addresses of a "wants to meet" cell (``;``, ``,`` or spaces between them), in order.

    >>> _wishes("Bob@x.org; not an address;c@x.org, a@x.org", "a@x.org")
    ('bob@x.org', 'c@x.org')
    """
    found = (normalise_email(part) for part in re.split(r"[;,\s]+", raw))
    return tuple(dict.fromkeys(e for e in found if e and e != own and _is_valid_email(e)))


def _cut(value: str, limit: int = 60) -> str:
    value = clean_text(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _quote(value: str, limit: int = 60) -> str:
    return repr(_cut(value, limit))


def _column_names(header: list[str]) -> list[str]:
    # No header is that long: truncating keeps a malformed file cheap to report on.
    names = [clean_text(cell[:_MAX_HEADER]) for cell in header]
    while names and not names[-1]:
        names.pop()
    if len(names) > MAX_COLUMNS:
        raise FileFormatError(
            f"The header row has {len(names)} columns; the limit is {MAX_COLUMNS}. "
            "Check that the first row holds the column names, and remove the columns you do not need."
        )
    return [name or f"column {index + 1}" for index, name in enumerate(names)]


def _extra_keys(names: list[str], indices: list[int]) -> dict[int, str]:
    """Distinct keys for the columns kept in ``extra``: "Notes", "Notes (2)", ...; linear in the columns."""
    keys: dict[int, str] = {}
    seen: set[str] = set()
    next_number: dict[str, int] = {}
    for index in indices:
        name = key = names[index]
        number = next_number.get(name, 1)
        while key in seen:  # each probe skips a key taken before, at most once per name: linear overall
            work.add(1)
            number += 1
            key = f"{name} ({number})"
        next_number[name] = number
        seen.add(key)
        keys[index] = key
    work.add(len(indices))
    return keys


def _merge(kept: dict, later: dict) -> None:
    for key, value in later.items():
        if key == "extra":
            for extra_key, extra_value in value.items():
                if not kept["extra"].get(extra_key):
                    kept["extra"][extra_key] = extra_value
        elif kept[key] in ("", None) and value not in ("", None):
            kept[key] = value


class _RowReader:
    """Turns one row of cells into a record (a dict of Attendee fields) or a rejection reason."""

    def __init__(self, names: list[str], readings: list[dict], max_cell: int):
        self.names, self.max_cell = names, max_cell
        self.fields: dict[str, list[int]] = {}
        for reading in readings:
            if reading["field"] is not None:
                self.fields.setdefault(reading["field"], []).append(reading["index"])
        self.extra = _extra_keys(names, [r["index"] for r in readings if r["field"] is None and r["how"] != "ignored"])
        self.has_name = any(f in self.fields for f in ("name", "first_name", "last_name"))

    def cell(self, cells: list[str], field_name: str) -> str:
        indices = self.fields.get(field_name, ())
        return cells[indices[0]] if indices and indices[0] < len(cells) else ""

    def cells(self, cells: list[str], field_name: str) -> list[str]:
        return [cells[i] for i in self.fields.get(field_name, ()) if i < len(cells)]

    def read(self, cells: list[str]) -> dict | Reason:
        width = len(self.names)
        work.add(len(cells) + 1)
        if len(cells) > width and any(cell.strip() for cell in cells[width:]):
            return Reason("too_many_cells", cells=len(cells), width=width)
        cells = cells[:width]
        if max(map(len, cells), default=0) > self.max_cell:
            index, cell = next((i, c) for i, c in enumerate(cells) if len(c) > self.max_cell)
            return Reason("cell_too_long", column=self.names[index], length=len(cell), limit=self.max_cell)
        raw_email = self.cell(cells, "email")
        email = normalise_email(raw_email)
        if not email:
            return Reason("no_email")
        if not _is_valid_email(email):
            return Reason("invalid_email", value=_cut(raw_email))
        if not self.has_name:
            return Reason("no_name_column")
        name = clean_text(self.cell(cells, "name")) or clean_text(
            f"{self.cell(cells, 'first_name')} {self.cell(cells, 'last_name')}"
        )
        record = {"email": email, "name": name}
        for field_name in LIST_FIELDS:
            values = (clean_text(cell, multiline=True) for cell in self.cells(cells, field_name))
            if field_name == "bio":
                record[field_name] = "\n\n".join(value for value in values if value)
            else:
                record[field_name] = _LIST_SEPARATOR.join(v for v in map(flatten_items, values) if v)
        for field_name in _SINGLE_LINE_FIELDS:
            record[field_name] = clean_text(self.cell(cells, field_name))
        record["linkedin"] = linkedin_url(record["linkedin"])  # rebuilt, or dropped when not a profile address
        record["language"] = _language(clean_text(self.cell(cells, "language")))
        record["consent"] = _consent(clean_text(self.cell(cells, "consent")))
        record["wishes"] = _wishes(self.cell(cells, "wishes"), email)
        record["extra"] = {
            key: clean_text(cells[index], multiline=True) if index < len(cells) else ""
            for index, key in self.extra.items()
        }
        return record


def _table(data: bytes, sheet: str | int | None, max_rows: int) -> tuple[list, str, str, str, list[str]]:
    if is_workbook(data):
        rows, sheet_name, sheets = read_sheet_rows(data, sheet=sheet, max_rows=max_rows)
        return rows, "xlsx", "", sheet_name, sheets
    rows, encoding, separator = read_csv_rows(data, max_rows)
    return rows, encoding, separator, "", []


def read_attendees(data: bytes, *, max_rows: int = 100_000, max_cell: int = 10_000,
                   columns: Mapping[str | int, str | None] | None = None,
                   sheet: str | int | None = None) -> ReadReport:
    """Read an attendee file exported from Excel, a ticketing tool or a form.

    Parameters
    ----------
    data : bytes
        The file as uploaded: CSV text or an ``.xlsx`` workbook.
    max_rows : int, default 100_000
        More non-blank data rows than this raise :class:`FileFormatError`.
    max_cell : int, default 10_000
        A row with a longer cell (in characters) is rejected as a whole.
    columns : mapping, optional
        Header text or 0-based column index -> field name (see
        :data:`matchmaker.headers.FIELDS`), or None to ignore the column:
        overrides the automatic reading of those columns (a column mapper).
    sheet : str or int, optional
        For a workbook, the sheet to read, by name or 0-based position; the
        first sheet by default. Not used for a CSV file.

    Returns
    -------
    ReadReport
        Attendees in file order, one per e-mail address. A later row with an
        already seen address is reported as a duplicate and fills the empty
        fields of the first one. Rows without a valid address, or with
        non-empty cells beyond the header's width, are rejected. When the
        name cells of a row are empty, the local part of the e-mail address
        is the name; when the file has no name column at all, every row is
        rejected with "no name". Fewer cells than headers read as empty.
        ``column_readings`` says how each column was read.

    Raises
    ------
    FileFormatError
        The file is empty, not text nor a workbook, has no e-mail column,
        more than :data:`MAX_COLUMNS` columns or too many rows; or the mapping
        or the sheet name something the file does not have.

    Examples
    --------
    >>> report = read_attendees("Prénom;Nom;E-mail\\nZoé;Martin;ZOE@example.org\\n".encode())
    >>> report.attendees[0].name, report.attendees[0].email, report.separator
    ('Zoé Martin', 'zoe@example.org', ';')
    >>> data = b"Email,Full name,Ask me about\\na@example.org,Ann,pricing\\n"
    >>> report = read_attendees(data, columns={"Ask me about": None})
    >>> [(c["column"], c["field"], c["how"]) for c in report.column_readings]
    [('Email', 'email', 'alias'), ('Full name', 'name', 'alias'), ('Ask me about', None, 'ignored')]
    """
    rows, encoding, separator, sheet_name, sheets = _table(data, sheet, max_rows)
    if not rows:
        where = f"The sheet {sheet_name!r} is empty" if sheets else "The file is empty"
        others = [name for name in sheets if name != sheet_name]
        also = f" (the workbook also has {', '.join(map(repr, others))}: choose one)" if others else ""
        raise FileFormatError(
            f"{where}{also}: export the attendee list with a header row and one row per attendee."
        )
    names = _column_names(rows[0][1])
    readings = read_columns(names, columns=columns, rows=[cells for _, cells in rows[1:]])
    if not any(reading["field"] == "email" for reading in readings):
        seen = ", ".join(_quote(name, 40) for name in names[:20]) + (", ..." if len(names) > 20 else "")
        raise FileFormatError(
            f"No e-mail column found: name one column 'email' or 'e-mail'; headers seen: {seen}."
        )
    row_reader = _RowReader(names, readings, max_cell)
    report = ReadReport(
        attendees=[], rejected=[], duplicates=[],
        columns={r["column"]: r["field"] for r in readings if r["field"] is not None},
        ignored_columns=[r["column"] for r in readings if r["field"] is None],
        encoding=encoding, separator=separator, rows=len(rows) - 1,
        column_readings=readings, sheet=sheet_name, sheets=sheets,
    )
    kept: dict[str, tuple[int, dict]] = {}
    for line, cells in rows[1:]:
        record = row_reader.read(cells)
        if isinstance(record, Reason):
            report.rejected.append(RejectedRow.of(line, record))
        elif record["email"] in kept:
            first_line_of_email, first_record = kept[record["email"]]
            _merge(first_record, record)
            report.duplicates.append(Duplicate(line, record["email"], first_line_of_email))
        else:
            kept[record["email"]] = (line, record)
    for _, record in kept.values():
        record["name"] = record["name"] or record["email"].split("@", 1)[0]
        report.attendees.append(Attendee(**record))
    return report
