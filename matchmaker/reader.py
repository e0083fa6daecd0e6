"""Read an organizer's attendee file into :class:`~matchmaker.profiles.Attendee` records.

The file is whatever Excel, a ticketing tool or a form builder exported:

* encodings, tried in this order: UTF-8 (``"utf-8"``), UTF-8 with BOM
  (``"utf-8-sig"``), UTF-16 with BOM as in Excel's "Unicode text"
  (``"utf-16-le"`` / ``"utf-16-be"``), then Windows-1252 (``"cp1252"``, French
  Excel's "CSV (séparateur: point-virgule)");
* separators ``,`` ``;`` or tab, chosen from the header line: the one that
  occurs most often outside quotes; ties go to tab, then ``;``, then ``,``,
  because commas are the likeliest to appear inside header text and tabs the
  least. An Excel ``sep=;`` first line decides instead, and is not the header;
* headers in English or French (see :mod:`matchmaker.headers`).

Problems with the whole file raise :class:`~matchmaker.errors.FileFormatError`.
Problems with one row reject that row only and are reported, with the
physical line where the row starts (1-based; a quoted cell may span lines).
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import re
import threading
import unicodedata
from dataclasses import dataclass

from .errors import FileFormatError
from .headers import header_key, match_headers
from .profiles import Attendee, strip_accents

__all__ = ["Duplicate", "ReadReport", "RejectedRow", "clean_name", "normalise_email", "read_attendees"]


@dataclass(frozen=True)
class RejectedRow:
    """A row that was not read; ``str()`` gives ``"line N: reason"``."""

    line: int
    reason: str

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
    #: Original header -> field name it was recognised as.
    columns: dict[str, str]
    #: Headers not recognised; their values are kept in ``Attendee.extra``.
    ignored_columns: list[str]
    encoding: str
    separator: str
    #: Non-blank data rows read (header, ``sep=`` line and blank rows excluded).
    rows: int = 0


# C0/C1 controls become spaces; bidirectional overrides are dropped because
# they make a name display differently from what it is.
_CONTROLS = {c: " " for c in (*range(0x20), *range(0x7F, 0xA0))}
_CONTROLS.update(dict.fromkeys((*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F)))
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u00a0\u202f\u2007\u180e"))
_EMAIL_CHAR = r'[^@\s<>(),;:"\[\]\\\x00-\x1f\x7f]'
_LABEL = r'[^@\s<>(),;:"\[\]\\\x00-\x1f\x7f.]+'
_VALID_EMAIL = re.compile(rf"{_EMAIL_CHAR}+@{_LABEL}(?:\.{_LABEL})+")
# Excel writes "sep=;"; after a round trip through Excel it may come back quoted or padded.
_SEP_DIRECTIVE = re.compile(r'"?sep=([,;\t])"?[ ,;\t]*(?:\r\n|\r|\n|$)', re.IGNORECASE)
_QUOTED = re.compile(r'"[^"]*(?:""[^"]*)*"?')
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_HEADER_SCAN = 1 << 16
_MAX_HEADER = 200
_BLANK_LINES = re.compile(r"\n{3,}")
_SEPARATOR_PREFERENCE = ("\t", ";", ",")  # tie-break order, see module docstring
_LANGUAGES = {
    **dict.fromkeys(("fr", "fra", "fre", "francais", "francaise", "french"), "fr"),
    **dict.fromkeys(("en", "eng", "english", "anglais", "anglaise"), "en"),
}
_CONSENT = {
    **dict.fromkeys(("yes", "y", "oui", "o", "true", "vrai", "1", "x", "ok", "accepte", "jaccepte",
                     "accepted", "agree", "iagree", "checked", "coche"), True),
    **dict.fromkeys(("no", "n", "non", "false", "faux", "0", "refuse", "declined"), False),
}
_SINGLE_LINE_FIELDS = ("company", "role", "offers", "needs", "interests", "linkedin")
# csv.field_size_limit is process-wide: raise it only while we parse, one reader at a time.
_FIELD_LIMIT_LOCK = threading.Lock()
_SAVE_AS_CSV = "in Excel use 'Save as' > 'CSV UTF-8' and upload that file"


def normalise_email(raw: str) -> str:
    """E-mail address as compared and stored: trimmed, NFKC, invisible characters removed, lower case.

    >>> normalise_email("  Zoé.Martin\\u200b@Example.ORG\\u00a0")
    'zoé.martin@example.org'
    """
    return unicodedata.normalize("NFKC", raw.translate(_INVISIBLE)).strip().lower()


def clean_name(raw: str) -> str:
    """Single-line text: control characters become spaces, whitespace collapsed, NFC.

    >>> clean_name("  Zoé\\r\\nBcc: x@evil.example\\t ")
    'Zoé Bcc: x@evil.example'
    """
    if not raw.isprintable():
        raw = raw.translate(_CONTROLS)
    return " ".join(unicodedata.normalize("NFC", raw).split())


def _clean_multiline(raw: str) -> str:
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return _BLANK_LINES.sub("\n\n", "\n".join(clean_name(line) for line in lines)).strip("\n")


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


def _quote(value: str, limit: int = 60) -> str:
    value = clean_name(value)
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")


def _decode(data: bytes) -> tuple[str, str]:
    if data[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0"):
        raise FileFormatError(f"This is a spreadsheet workbook, not a CSV file: {_SAVE_AS_CSV}.")
    if data.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8-sig", data[3:], "utf-8")]
    elif data.startswith(codecs.BOM_UTF16_LE):
        candidates = [("utf-16-le", data[2:], "utf-16-le")]
    elif data.startswith(codecs.BOM_UTF16_BE):
        candidates = [("utf-16-be", data[2:], "utf-16-be")]
    else:
        candidates = [("utf-8", data, "utf-8"), ("cp1252", data, "cp1252")]
    for name, payload, codec in candidates:
        try:
            text = payload.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text.lstrip("\ufeff"), name  # a second BOM comes from careless concatenation
        break
    raise FileFormatError(f"This file is not text (binary or unknown encoding): {_SAVE_AS_CSV}.")


def _guess_separator(text: str) -> str:
    # A header line longer than _HEADER_SCAN is not a header; its separator hardly matters.
    unquoted = _QUOTED.sub("", text[:_HEADER_SCAN])
    header = next((line for line in _LINE_BREAK.split(unquoted) if line.strip()), "")
    return max(_SEPARATOR_PREFERENCE, key=lambda sep: (header.count(sep), -_SEPARATOR_PREFERENCE.index(sep)))


def _parse(text: str, separator: str, first_line: int, max_rows: int) -> list[tuple[int, list[str]]]:
    """Non-blank rows with the line where each starts; the first is the header."""
    rows = []
    with _FIELD_LIMIT_LOCK:
        previous_limit = csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
        try:
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
            start = first_line
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    rows.append((start, cells))
                    if len(rows) > max_rows + 1:
                        raise FileFormatError(
                            f"The file has more than {max_rows} rows; split it or raise the limit."
                        )
                start = first_line + reader.line_num
        except csv.Error as error:
            raise FileFormatError(
                f"Line {first_line + reader.line_num} cannot be read as CSV ({error}): "
                "check its quotes."
            ) from None
        finally:
            csv.field_size_limit(previous_limit)
    return rows


def _column_names(header: list[str]) -> list[str]:
    # No header is that long: truncating keeps a malformed file cheap to report on.
    names = [clean_name(cell[:_MAX_HEADER]) for cell in header]
    while names and not names[-1]:
        names.pop()
    return [name or f"column {index + 1}" for index, name in enumerate(names)]


def _extra_keys(names: list[str], fields: list[str | None]) -> dict[int, str]:
    keys: dict[int, str] = {}
    for index, name in enumerate(names):
        if fields[index] is None:
            key, number = name, 1
            while key in keys.values():
                number += 1
                key = f"{name} ({number})"
            keys[index] = key
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

    def __init__(self, names: list[str], fields: list[str | None], max_cell: int):
        self.names, self.max_cell = names, max_cell
        self.fields = {f: i for i, f in enumerate(fields) if f is not None}
        self.extra = _extra_keys(names, fields)
        self.has_name = any(f in self.fields for f in ("name", "first_name", "last_name"))

    def cell(self, cells: list[str], field_name: str) -> str:
        index = self.fields.get(field_name)
        return cells[index] if index is not None and index < len(cells) else ""

    def read(self, cells: list[str]) -> dict | str:
        width = len(self.names)
        if len(cells) > width and any(cell.strip() for cell in cells[width:]):
            return f"{len(cells)} cells but the header has {width}"
        cells = cells[:width]
        if max(map(len, cells), default=0) > self.max_cell:
            index, cell = next((i, c) for i, c in enumerate(cells) if len(c) > self.max_cell)
            return (
                f"column {self.names[index]!r} is {len(cell)} characters long; "
                f"the limit is {self.max_cell}"
            )
        raw_email = self.cell(cells, "email")
        email = normalise_email(raw_email)
        if not email:
            return "no e-mail address"
        if not _is_valid_email(email):
            return f"invalid e-mail address {_quote(raw_email)}"
        if not self.has_name:
            return "no name: the file has no name column (add 'Name', or 'First name' and 'Last name')"
        name = clean_name(self.cell(cells, "name")) or clean_name(
            f"{self.cell(cells, 'first_name')} {self.cell(cells, 'last_name')}"
        )
        record = {"email": email, "name": name, "bio": _clean_multiline(self.cell(cells, "bio"))}
        for field_name in _SINGLE_LINE_FIELDS:
            record[field_name] = clean_name(self.cell(cells, field_name))
        record["language"] = _language(self.cell(cells, "language"))
        record["consent"] = _consent(self.cell(cells, "consent"))
        record["wishes"] = _wishes(self.cell(cells, "wishes"), email)
        record["extra"] = {
            key: _clean_multiline(cells[index]) if index < len(cells) else ""
            for index, key in self.extra.items()
        }
        return record


def read_attendees(data: bytes, *, max_rows: int = 100_000, max_cell: int = 10_000) -> ReadReport:
    """Read an attendee file exported from Excel, a ticketing tool or a form.

    Parameters
    ----------
    data : bytes
        The file as uploaded.
    max_rows : int, default 100_000
        More non-blank data rows than this raise :class:`FileFormatError`.
    max_cell : int, default 10_000
        A row with a longer cell (in characters) is rejected as a whole.

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

    Raises
    ------
    FileFormatError
        The file is empty, not text, has no e-mail column, or has too many rows.

    Examples
    --------
    >>> report = read_attendees("Prénom;Nom;E-mail\\nZoé;Martin;ZOE@example.org\\n".encode())
    >>> report.attendees[0].name, report.attendees[0].email, report.separator
    ('Zoé Martin', 'zoe@example.org', ';')
    """
    text, encoding = _decode(data)
    first_line, separator = 1, None
    directive = _SEP_DIRECTIVE.match(text)
    if directive:
        separator, text, first_line = directive.group(1), text[directive.end():], 2
    separator = separator or _guess_separator(text)
    rows = _parse(text, separator, first_line, max_rows)
    if not rows:
        raise FileFormatError(
            "The file is empty: export the attendee list with a header row and one row per attendee."
        )
    names = _column_names(rows[0][1])
    fields = match_headers(names)
    if "email" not in fields:
        seen = ", ".join(_quote(name, 40) for name in names[:20]) + (", ..." if len(names) > 20 else "")
        raise FileFormatError(
            f"No e-mail column found: name one column 'email' or 'e-mail'; headers seen: {seen}."
        )
    row_reader = _RowReader(names, fields, max_cell)
    report = ReadReport(
        attendees=[], rejected=[], duplicates=[],
        columns={name: f for name, f in zip(names, fields) if f is not None},
        ignored_columns=[name for name, f in zip(names, fields) if f is None],
        encoding=encoding, separator=separator, rows=len(rows) - 1,
    )
    kept: dict[str, tuple[int, dict]] = {}
    for line, cells in rows[1:]:
        record = row_reader.read(cells)
        if isinstance(record, str):
            report.rejected.append(RejectedRow(line, record))
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
