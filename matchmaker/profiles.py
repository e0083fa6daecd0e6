"""Attendee profiles: the plain data that flows through the engine.

The engine never sees a database row or a request: the web layer converts its
models to :class:`Attendee` and back.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = ["Attendee", "TEXT_FIELDS", "normalise_company", "strip_accents"]

#: Profile fields that carry free text used for scoring.
TEXT_FIELDS = ("offers", "needs", "interests", "bio")

_COMPANY_SUFFIXES = re.compile(
    r"\b(inc|incorporated|ltd|limited|llc|gmbh|sas|sasu|sarl|sa|ag|bv|plc|corp|corporation|co|group|groupe)\b\.?"
)


@dataclass(frozen=True, slots=True)
class Attendee:
    """One attendee, as read from the organizer's file.

    Parameters
    ----------
    email : str
        Normalised e-mail address; the attendee's identity within an event.
    name : str
        Display name, already free of control characters.
    company, role, bio, offers, needs, interests, linkedin : str
        Optional profile fields ("" when unknown).
    language : str
        ``"fr"``, ``"en"`` or ``""`` (unknown: the event's language applies).
    consent : bool or None
        Consent to follow-up e-mails, when the file says; None when it does not.
    extra : dict
        Unrecognised columns, kept for the organizer; never used for scoring.
    wishes : tuple of str
        E-mail addresses of the people this attendee wants to meet (the file's "wants to
        meet" column); the matching takes them as wishes (:mod:`matchmaker.wishes`).

    Examples
    --------
    >>> a = Attendee(email="zoe@example.org", name="Zoé", offers="fundraising")
    >>> a.has_exchange
    False
    """

    email: str
    name: str
    company: str = ""
    role: str = ""
    bio: str = ""
    offers: str = ""
    needs: str = ""
    interests: str = ""
    linkedin: str = ""
    language: str = ""
    #: Consent to follow-up e-mails from the file (None when the file has no such column).
    consent: bool | None = None
    extra: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
    wishes: tuple[str, ...] = ()

    @property
    def has_exchange(self) -> bool:
        """True when both offers and needs are filled: help can be explained both ways."""
        return bool(self.offers.strip() and self.needs.strip())


def strip_accents(text: str) -> str:
    """Remove diacritics so that "stratégie" meets "strategie".

    >>> strip_accents("Stratégie, œuvre")
    'Strategie, oeuvre'
    """
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_company(company: str) -> str:
    """Key under which two attendees count as colleagues.

    >>> normalise_company("ACME S.A.S.") == normalise_company("Acme")
    True
    >>> normalise_company("")
    ''
    """
    text = strip_accents(company).lower()
    text = re.sub(r"(?<=\b\w)\.(?=\w\b)", "", text)  # "s.a.s." -> "sas"
    text = text.replace(".", " ")
    text = _COMPANY_SUFFIXES.sub(" ", text)
    return " ".join(re.findall(r"[a-z0-9]+", text))
