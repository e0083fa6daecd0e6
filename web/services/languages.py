"""Each attendee's language as the organizer sets it: it replaces a guessed one for good.

The language decides every page and e-mail an attendee reads
(:attr:`web.models.Attendee.effective_language`); an import guesses it from the
attendee's words when the file has none (:mod:`web.services.imports`), and a
later import never replaces a language the organizer or the attendee chose.
"""

from __future__ import annotations

from flask_babel import gettext

from ..extensions import db
from ..models import Attendee
from .exceptions import Invalid

__all__ = ["LANGUAGES", "set_language"]

#: Languages an attendee can read; "" follows the event's language.
LANGUAGES = ("fr", "en")


def set_language(attendee: Attendee, language: str) -> Attendee:
    """Set the attendee's language (``"fr"``, ``"en"``, or ``""`` for the event's); flushes.

    Raises
    ------
    Invalid
        Any other value.
    """
    if language not in (*LANGUAGES, ""):
        raise Invalid(gettext("Choose English or French."), field="language")
    attendee.language = language
    attendee.language_guessed = False
    db.session.flush()
    return attendee
