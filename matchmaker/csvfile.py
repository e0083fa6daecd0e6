"""Text files: decode the bytes, choose the separator, cut into rows with their line numbers.

* encodings, tried in this order: UTF-8 (``"utf-8"``), UTF-8 with BOM
  (``"utf-8-sig"``), UTF-16 with BOM as in Excel's "Unicode text"
  (``"utf-16-le"`` / ``"utf-16-be"``), then Windows-1252 (``"cp1252"``, French
  Excel's "CSV (séparateur: point-virgule)");
* separators ``,`` ``;`` or tab, chosen from the header line: the one that
  occurs most often outside quotes; ties go to tab, then ``;``, then ``,``,
  because commas are the likeliest to appear inside header text and tabs the
  least. An Excel ``sep=;`` first line decides instead, and is not the header.

Every step is linear in the size of the file (see :mod:`matchmaker.work`).

Examples
--------
>>> rows, encoding, separator = read_rows("sep=;\\nNom;E-mail\\n\\nZoé;zoe@example.org\\n".encode(), 10)
>>> rows, encoding, separator
([(2, ['Nom', 'E-mail']), (4, ['Zoé', 'zoe@example.org'])], 'utf-8', ';')
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import threading

from . import work
from .errors import FileFormatError

__all__ = ["SAVE_AS_CSV", "read_rows"]

SAVE_AS_CSV = "in Excel use 'Save as' > 'CSV UTF-8' and upload that file"
# Excel writes "sep=;"; after a round trip through Excel it may come back quoted or padded.
_SEP_DIRECTIVE = re.compile(r'"?sep=([,;\t])"?[ ,;\t]*(?:\r\n|\r|\n|$)', re.IGNORECASE)
_QUOTED = re.compile(r'"[^"]*(?:""[^"]*)*"?')
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_HEADER_SCAN = 1 << 16
_SEPARATOR_PREFERENCE = ("\t", ";", ",")  # tie-break order, see module docstring
# csv.field_size_limit is process-wide: raise it only while we parse, one reader at a time.
_FIELD_LIMIT_LOCK = threading.Lock()


def _decode(data: bytes) -> tuple[str, str]:
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
    raise FileFormatError(f"This file is not text (binary or unknown encoding): {SAVE_AS_CSV}.")


def _guess_separator(text: str) -> str:
    # A header line longer than _HEADER_SCAN is not a header; its separator hardly matters.
    unquoted = _QUOTED.sub("", text[:_HEADER_SCAN])
    header = next((line for line in _LINE_BREAK.split(unquoted) if line.strip()), "")
    return max(_SEPARATOR_PREFERENCE, key=lambda sep: (header.count(sep), -_SEPARATOR_PREFERENCE.index(sep)))


def _parse(text: str, separator: str, first_line: int, max_rows: int) -> list[tuple[int, list[str]]]:
    rows = []
    with _FIELD_LIMIT_LOCK:
        previous_limit = csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
        try:
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
            start = first_line
            for cells in reader:
                work.add(len(cells) + 1)
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


def read_rows(data: bytes, max_rows: int) -> tuple[list[tuple[int, list[str]]], str, str]:
    """Non-blank rows of a CSV file with the physical line where each starts (1-based); the first is the header.

    Returns
    -------
    rows : list of (int, list of str)
        Quoted cells may span lines: a row's number is the line where it starts.
    encoding : str
    separator : str

    Raises
    ------
    FileFormatError
        Not text, broken quotes, or more than ``max_rows`` data rows.
    """
    text, encoding = _decode(data)
    first_line, separator = 1, None
    directive = _SEP_DIRECTIVE.match(text)
    if directive:
        separator, text, first_line = directive.group(1), text[directive.end():], 2
    separator = separator or _guess_separator(text)
    return _parse(text, separator, first_line, max_rows), encoding, separator
