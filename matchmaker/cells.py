"""A spreadsheet cell as text, as a person reads it: the engine's reading of Excel values.

Cells become text as a person reads them, in no particular locale:

* whole numbers without a decimal part (``12``, not ``12.0``); other numbers
  in their shortest exact form with a decimal point (``1.5``);
* dates as ISO dates (``2026-03-14``); date-times with their time
  (``2026-03-14 09:30``, seconds only when not zero); times as ``09:30``;
* ``TRUE`` / ``FALSE`` for booleans; a formula without a saved value is empty.

Two things the cell's own number format says are kept, because they hold in
every language: a date whose format puts the day first (``dd/mm/yyyy hh:mm``)
reads day first (``14/03/2026 09:30``); a whole number whose format pads it
with zeros or spaces (a postal code ``00000``, a French phone number
``0#" "## ## ## ##``) reads as shown (``06000``, ``06 12 34 56 78``). Excel's
built-in short date (``numFmtId`` 14) is shown in each reader's regional
format, which the file does not record: it stays an ISO date, unambiguous in
French and in English. Decimal numbers keep their exact value with a decimal
point (the decimal comma is a regional setting too).
"""

from __future__ import annotations

import datetime as dt
import functools
import re

__all__ = ["cell_text"]

_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


@functools.lru_cache(maxsize=256)
def _day_first(number_format: str) -> bool:
    """Whether a date format puts the day before the month (``dd/mm/yyyy``, ``d-mmm-yy``), literals aside.

    >>> _day_first("dd/mm/yyyy\\\\ hh:mm"), _day_first("mm-dd-yy"), _day_first("[$-F800]dddd\\\\,\\\\ mmmm\\\\ dd\\\\,\\\\ yyyy")
    (True, False, False)
    """
    # "ddd" and "dddd" are the weekday's name ("dddd, mmmm d, yyyy" is month first).
    code = re.sub("d{3,}", "", _LITERAL.sub("", number_format.split(";")[0]).lower())
    day, month = code.find("d"), code.find("m")
    return "y" in code and 0 <= day < month


@functools.lru_cache(maxsize=256)
def _digit_pattern(number_format: str) -> tuple[tuple[str, str], ...] | None:
    """A whole-number format of digit placeholders and literals (``00000``, ``0#" "##``) as
    ``(kind, text)`` pieces, kind ``"0"``, ``"#"`` or ``"lit"``; None for any other format."""
    pieces, index, code = [], 0, number_format
    while index < len(code):
        char = code[index]
        if char in "0#":
            pieces.append((char, ""))
        elif char == '"':
            end = code.find('"', index + 1)
            if end < 0:
                return None
            pieces.append(("lit", code[index + 1:end]))
            index = end
        elif char == "\\" and index + 1 < len(code):
            pieces.append(("lit", code[index + 1]))
            index += 1
        elif char in " -()":
            pieces.append(("lit", char))
        else:
            return None
        index += 1
    zeros = sum(kind == "0" for kind, _ in pieces)
    return tuple(pieces) if zeros and len(pieces) > 1 else None


def _padded(pattern: tuple[tuple[str, str], ...], number: int) -> str:
    """``number`` laid out as Excel does: digits fill the placeholders from the right, the first takes the rest."""
    slots = [i for i, (kind, _) in enumerate(pattern) if kind != "lit"]
    digits = str(number)
    spare = len(slots) - len(digits)  # placeholders left without a digit, at the front
    out = []
    for i, (kind, text) in enumerate(pattern):
        if kind == "lit":
            out.append(text)
            continue
        rank = slots.index(i)
        if spare < 0:
            out.append(digits[: 1 - spare] if rank == 0 else digits[rank - spare])
        elif rank < spare:
            out.append("0" if kind == "0" else "")
        else:
            out.append(digits[rank - spare])
    return "".join(out).strip()


def cell_text(value, number_format: str = "General") -> str:
    """A cell's value as text, given the cell's number format (see the module docstring).

    >>> [cell_text(v) for v in (None, 12, 12.0, 1.5, 1e20, True, dt.date(2026, 3, 14))]
    ['', '12', '12', '1.5', '1e+20', 'TRUE', '2026-03-14']
    >>> cell_text(dt.datetime(2026, 3, 14, 9, 30)), cell_text(dt.datetime(2026, 3, 14)), cell_text(dt.time(9, 5, 7))
    ('2026-03-14 09:30', '2026-03-14', '09:05:07')
    >>> cell_text(dt.datetime(2026, 3, 14, 9, 30), "dd/mm/yyyy\\\\ hh:mm"), cell_text(dt.datetime(2026, 3, 14), "mm-dd-yy")
    ('14/03/2026 09:30', '2026-03-14')
    >>> cell_text(6000, "00000"), cell_text(612345678.0, '0#" "##" "##" "##" "##'), cell_text(1234567, "00000")
    ('06000', '06 12 34 56 78', '1234567')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)) and number_format != "General" and 0 <= value < 1e15 and value == int(value):
        pattern = _digit_pattern(number_format)
        if pattern:
            return _padded(pattern, int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, dt.datetime):
        day_first = _day_first(number_format)
        if value.time() == dt.time(0):
            return value.strftime("%d/%m/%Y") if day_first else value.date().isoformat()
        date = "%d/%m/%Y" if day_first else "%Y-%m-%d"
        return value.strftime(f"{date} %H:%M:%S" if value.second else f"{date} %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y") if _day_first(number_format) else value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    return str(value)  # a duration, or whatever a future openpyxl returns
