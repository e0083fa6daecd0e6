"""CSV exports of an event's matches and attendees.

Cells that a spreadsheet would run as a formula (starting with ``= + - @``, tab
or carriage return) are prefixed with ``'`` (OWASP CSV injection advice). Files
are UTF-8 with a byte-order mark so that Excel shows accents correctly.

Headers are for people, in the organizer's language (the API keeps its machine
names); the separator is a choice: French Excel opens ``;`` files in columns (and
reads decimals written with a comma), English Excel ``,`` files.
"""

from __future__ import annotations

import csv
import io

from flask_babel import gettext

from ..models import Event
from .events import meeting_point_for, round_start
from .links import ensure_link, link_url

__all__ = ["FORMULA_STARTS", "safe_cell", "matches_csv", "attendees_csv"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str | int | float:
    """``value`` ready for a spreadsheet: text that could start a formula is quoted.

    Examples
    --------
    >>> safe_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> safe_cell(-1.5)
    -1.5
    """
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _to_csv(header: list[str], rows, delimiter: str = ",") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        # With ";" (French Excel) decimals take a comma, or Excel reads them as text.
        writer.writerow([str(v).replace(".", ",") if delimiter == ";" and isinstance(v, float) else safe_cell(v)
                         for v in row])
    return out.getvalue().encode("utf-8-sig")


def matches_csv(event: Event, delimiter: str = ",") -> bytes:
    """One row per conversation: round, local start time, meeting point, both people, score, reasons."""
    header = [gettext("Round"), gettext("Time"), gettext("Meeting point"), gettext("Name A"), gettext("E-mail A"),
              gettext("Name B"), gettext("E-mail B"), gettext("Score"), gettext("What A can bring B"),
              gettext("What B can bring A"), gettext("Shared interests")]
    people = {a.id: a for a in event.attendees}  # one query, instead of two per match
    times = {r: round_start(event, r).strftime("%Y-%m-%d %H:%M") for r in {m.round for m in event.matches}}
    rows = (
        [m.round, times[m.round], meeting_point_for(event, m), people[m.a_id].name, people[m.a_id].email,
         people[m.b_id].name, people[m.b_id].email, round(m.score, 4), " | ".join(m.a_gives or []),
         " | ".join(m.b_gives or []), " | ".join(m.shared or [])]
        for m in event.matches
    )
    return _to_csv(header, rows, delimiter)


def attendees_csv(event: Event, delimiter: str = ",") -> bytes:
    """One row per attendee with their private page link once the event is published; may issue links (flushes)."""
    published = event.published_at is not None
    header = [gettext("Name"), gettext("E-mail"), gettext("Company"), gettext("Private link")]
    # Only attendees who were given a link get one; an expired link is replaced (the caller commits).
    rows = (
        [a.name, a.email, a.company, link_url(ensure_link(a)) if published and a.links else ""]
        for a in event.attendees
    )
    return _to_csv(header, rows, delimiter)
