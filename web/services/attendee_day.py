"""The event-day block of the attendee page: check-in, the QR code for the door, the change e-mails opt-in.

:func:`day_context` is read-only; the QR code is an inline SVG made by segno
holding a URL that only a signed-in organizer of the event can use.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import segno

from ..models import Attendee
from ..urls import external_url
from .checkin import is_event_day, scan_token

__all__ = ["day_context", "qr_svg"]


@lru_cache(maxsize=4096)
def qr_svg(url: str) -> str:
    """``url`` as an inline SVG QR code (no XML declaration, sized by its viewBox).

    A fixed mask: segno's search for the best of eight masks is most of the cost, and any mask
    scans. Cached: a page shown again draws nothing.
    """
    return segno.make(url, error="m", mask=0).svg_inline(scale=4, border=2, omitsize=True)


def day_context(attendee: Attendee, now: dt.datetime | None = None) -> dict:
    """``event_day``, ``presence``, ``notify_changes`` and, on the event day, ``qr_svg``."""
    event_day = is_event_day(attendee.event, now)
    context = dict(event_day=event_day, presence=attendee.presence, notify_changes=attendee.notify_changes,
                   qr_svg="")
    if event_day and attendee.presence != "present":
        url = external_url("dayof.scan", event_id=attendee.event_id, token=scan_token(attendee))
        context["qr_svg"] = qr_svg(url)
    return context
