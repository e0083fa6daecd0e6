"""Excel workbooks (``.xlsx``): recognised by content, read with openpyxl into rows of text.

A workbook is a zip archive holding ``xl/workbook.xml``; it is read with
openpyxl in read-only mode with cached formula values (``read_only=True,
data_only=True``), the first worksheet unless another is asked for, into the
same rows as a CSV file, so that the reader applies the same rules. Line
numbers are the sheet's row numbers, as Excel shows them.

Cells become text as :mod:`matchmaker.cells` says (the cell's value and number format).
Hidden sheets are neither listed nor read unless asked for by name: the
organizer does not see them in Excel.

Refused with a :class:`~matchmaker.errors.FileFormatError` that says what to
do: a password-protected workbook (an OLE compound file holding an
``EncryptedPackage``), an old ``.xls`` workbook, an OpenDocument spreadsheet,
a damaged archive, an archive that would expand past :data:`MAX_EXPANDED`
bytes or :data:`MAX_RATIO` times its size (a "zip bomb"), a missing sheet.

Examples
--------
>>> is_workbook(b"Name,Email\\n")
False
>>> list_sheets(b"Name,Email\\n")
[]
"""

from __future__ import annotations

import io
import zipfile

from . import work
from .cells import cell_text
from .errors import FileFormatError

__all__ = ["MAX_EXPANDED", "MAX_RATIO", "cell_text", "is_workbook", "list_sheets", "read_rows"]

#: Bytes a workbook may expand to, all parts together, and the most it may expand relative to its size.
MAX_EXPANDED = 256 * 2**20
MAX_RATIO = 100
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_OLD_XLS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))
_MAX_COLUMN = 501  # one past the reader's header limit: wider rows are cut (and rejected by the reader)
_MAX_SHEET_ROW = 1_048_576  # Excel's last row; openpyxl would otherwise fill any gap up to a forged row number
_AS_CSV = "or save it as 'CSV UTF-8' and upload that file"
_DAMAGED = (f"This spreadsheet workbook is damaged and cannot be read: open it in Excel and save it again, "
            f"{_AS_CSV}.")


def is_workbook(data: bytes) -> bool:
    """True for content that is a spreadsheet file rather than text: a zip archive or an OLE compound file.

    >>> is_workbook(b"PK\\x03\\x04...") and is_workbook(b"\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1...")
    True
    """
    return data[:4] in (_ZIP, _OLE[:4])


def _archive(data: bytes) -> zipfile.ZipFile:
    if data[:4] == _OLE[:4]:
        if _ENCRYPTED in data[:1 << 20] or not any(name in data for name in _OLD_XLS):
            raise FileFormatError(
                f"The workbook is password-protected: save it without a password {_AS_CSV}."
            )
        raise FileFormatError(f"This is an old Excel 97-2003 workbook (.xls): save it as .xlsx {_AS_CSV}.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise FileFormatError(_DAMAGED) from None
    if "xl/workbook.xml" not in names:
        if "mimetype" in names and b"opendocument.spreadsheet" in archive.read("mimetype")[:200]:
            raise FileFormatError(f"This is an OpenDocument spreadsheet (.ods): save it as .xlsx {_AS_CSV}.")
        raise FileFormatError(f"This is a zip archive, not an Excel workbook: upload the .xlsx file {_AS_CSV}.")
    expanded = sum(info.file_size for info in archive.infolist())
    if expanded > min(MAX_EXPANDED, MAX_RATIO * len(data) + 2**20):
        raise FileFormatError(
            f"The workbook expands to {expanded // 2**20} MB, too much for its size: "
            f"remove what the attendee list does not need, {_AS_CSV}."
        )
    return archive


def _open(data: bytes):
    _archive(data).close()
    # Imported on first use: the engine stays quick to import.
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except FileFormatError:
        raise
    except Exception:  # noqa: BLE001 - openpyxl raises whatever its parsers raise on a broken part
        raise FileFormatError(_DAMAGED) from None


def _visible(book) -> list:
    # A hidden sheet holds a drop-down's values or old data; Excel never writes a workbook without a visible one.
    return [s for s in book.worksheets if getattr(s, "sheet_state", "visible") == "visible"] or list(book.worksheets)


def list_sheets(data: bytes) -> list[str]:
    """Names of the visible worksheets of a workbook, in order; [] for a CSV file (or any text).

    Raises
    ------
    FileFormatError
        A workbook that cannot be read (see the module docstring).
    """
    if not is_workbook(data):
        return []
    book = _open(data)
    try:
        return [sheet.title for sheet in _visible(book)]
    finally:
        book.close()


def _choose(book, sheet: str | int | None):
    sheets = _visible(book)
    names = [s.title for s in sheets]
    if not sheets:
        raise FileFormatError(f"The workbook has no worksheet: {_AS_CSV}.")
    if sheet is None:
        return sheets[0], names
    if isinstance(sheet, int) and not isinstance(sheet, bool):
        if 0 <= sheet < len(sheets):
            return sheets[sheet], names
    elif str(sheet) in names:
        return sheets[names.index(str(sheet))], names
    elif str(sheet) in book.sheetnames:  # a hidden sheet, asked for by name
        return book[str(sheet)], names
    raise FileFormatError(f"The workbook has no sheet {sheet!r}; its sheets are {', '.join(map(repr, names))}.")


def _text(cell) -> str:
    value = cell.value
    if value is None or isinstance(value, str):
        return value or ""
    try:
        number_format = cell.number_format
    except (AttributeError, IndexError, KeyError):  # a style the workbook does not define
        number_format = "General"
    return cell_text(value, number_format)


def _rows(sheet, max_col: int, max_rows: int):
    """Non-blank rows, trailing empty cells dropped; stops after the header when ``max_rows`` is 0."""
    count = 0
    for number, row in enumerate(sheet.iter_rows(max_col=max_col, max_row=_MAX_SHEET_ROW), start=1):
        work.add(len(row) + 1)
        cells = [_text(cell) for cell in row]
        while cells and not cells[-1].strip():
            cells.pop()
        if cells:
            if count > max_rows:
                raise FileFormatError(f"The sheet has more than {max_rows} rows; split it or raise the limit.")
            yield number, cells
            if not max_rows:
                return
            count += 1


def read_rows(data: bytes, *, sheet: str | int | None = None,
              max_rows: int = 100_000) -> tuple[list[tuple[int, list[str]]], str, list[str]]:
    """Non-blank rows of one sheet with their sheet row numbers; the first is the header.

    Returns
    -------
    rows : list of (int, list of str)
    sheet : str
        The name of the sheet read.
    sheets : list of str
        Every visible worksheet's name, in order.

    Raises
    ------
    FileFormatError
        As :func:`list_sheets`, a sheet the workbook does not have, or more
        than ``max_rows`` data rows.
    """
    book = _open(data)
    try:
        chosen, names = _choose(book, sheet)
        chosen.reset_dimensions()  # the saved size may be wrong or forged: read what is there
        try:
            # A first pass up to the header gives the width; the second reads one column past it,
            # enough to reject rows that overflow, without padding every row to a forged width.
            width = next((len(cells) for _, cells in _rows(chosen, _MAX_COLUMN, max_rows=0)), 0)
            rows = list(_rows(chosen, min(width + 1, _MAX_COLUMN), max_rows=max_rows))
        except FileFormatError:
            raise
        except Exception:  # noqa: BLE001 - as in _open: any parser error means a damaged part
            raise FileFormatError(_DAMAGED) from None
        return rows, chosen.title, names
    finally:
        book.close()
