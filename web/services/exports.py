"""CSV exports of an event's matches and attendees.

Cells that a spreadsheet would run as a formula (starting with ``= + - @``, tab
or carriage return) are prefixed with ``'`` (OWASP CSV injection advice). Files
are UTF-8 with a byte-order mark so that Excel shows accents correctly.
"""

from __future__ import annotations

import csv
import io

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


def _to_csv(header: list[str], rows) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def matches_csv(event: Event) -> bytes:
    """One row per conversation: round, local start time, meeting point, both people, score, reasons."""
    header = ["round", "time", "meeting_point", "a_name", "a_email", "b_name", "b_email", "score",
              "a_helps_b", "b_helps_a", "shared"]
    people = {a.id: a for a in event.attendees}  # one query, instead of two per match
    times = {r: round_start(event, r).strftime("%Y-%m-%d %H:%M") for r in {m.round for m in event.matches}}
    rows = (
        [m.round, times[m.round], meeting_point_for(event, m), people[m.a_id].name, people[m.a_id].email,
         people[m.b_id].name, people[m.b_id].email, round(m.score, 4), m.a_helps_b, m.b_helps_a,
         "; ".join(m.shared or [])]
        for m in event.matches
    )
    return _to_csv(header, rows)


def attendees_csv(event: Event) -> bytes:
    """One row per attendee with their private page link once the event is published; may issue links (flushes)."""
    published = event.published_at is not None
    header = ["name", "email", "company", "link"]
    # Only attendees who were given a link get one; an expired link is replaced (the caller commits).
    rows = (
        [a.name, a.email, a.company, link_url(ensure_link(a)) if published and a.links else ""]
        for a in event.attendees
    )
    return _to_csv(header, rows)
