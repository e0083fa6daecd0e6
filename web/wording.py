"""Sentences people read, rendered at view time in the reader's language.

Pages and e-mails never show sentences frozen at matching time: they build
them here from the match's structured evidence (``a_gives``, ``b_gives``,
``shared``), the partner's profile and the attendee's note, in the language
of whoever reads them *now*, with the engine's pure functions
(:mod:`matchmaker.sentences`, :mod:`matchmaker.questions`,
:mod:`matchmaker.followup`, :mod:`matchmaker.typography`).

:func:`init_app` also makes French typography automatic:

- every French translation (pages, e-mails, form errors) gets its no-break
  spaces before ``; : ! ?`` and inside « » once, when its catalogue loads
  (:class:`SpacedDomain`), so no mark is left alone at a line end;
- Jinja filters for values put into sentences: ``nbsp`` (French spacing of
  a finished text), ``de`` ("d'Anna"), ``quoted``, ``at_event``,
  ``titled`` and ``event_time`` (a UTC instant shown in the event's zone).

The frozen columns (``questions_for_a``, ``a_helps_b``...) stay for the
API's engine-shaped JSON.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask_babel import Domain, get_locale, lazy_gettext
from markupsafe import Markup, escape

from matchmaker.followup import Draft, draft_followup
from matchmaker.language import guess_language
from matchmaker.questions import questions_about
from matchmaker.sentences import help_lines, match_strength, strength_line
from matchmaker.typography import at_event, de, language_code, nbsp_fr, quote, titled

from .extensions import babel

__all__ = ["FIELD_LABELS", "MAIL_KINDS", "SETTING_LABELS", "SpacedDomain", "init_app", "current_language", "Conversation",
           "conversation", "draft_for", "days_since", "event_time", "words_lang", "strength_of"]


#: The attendee file's fields as an organizer reads them (the upload preview's "Read as" column).
FIELD_LABELS = {
    "email": lazy_gettext("E-mail"), "name": lazy_gettext("Name"), "first_name": lazy_gettext("First name"),
    "last_name": lazy_gettext("Last name"), "company": lazy_gettext("Company"), "role": lazy_gettext("Role"),
    "bio": lazy_gettext("Bio"), "offers": lazy_gettext("Can help with"), "needs": lazy_gettext("Looking for"),
    "interests": lazy_gettext("Interests"), "linkedin": lazy_gettext("LinkedIn"),
    "language": lazy_gettext("Language"), "consent": lazy_gettext("Consent"),
}
#: Event settings as the change log names them (the log keeps the machine names).
SETTING_LABELS = {
    "starts_at": lazy_gettext("Start"), "ends_at": lazy_gettext("End"), "timezone": lazy_gettext("Time zone"),
    "venue": lazy_gettext("Venue"), "meeting_point": lazy_gettext("Meeting point"),
    "slot_minutes": lazy_gettext("Minutes per conversation"),
}
#: The kinds of e-mail as an organizer reads them (the outbox keeps the machine names).
MAIL_KINDS = {
    "invitation": lazy_gettext("Invitation"), "nudge": lazy_gettext("Follow-up, one per conversation"),
    "nudge_bundle": lazy_gettext("Follow-up, one per person"), "reminder": lazy_gettext("Reminder"),
    "update": lazy_gettext("Updated invitation"), "followups": lazy_gettext("All follow-ups"),
    "profile_invite": lazy_gettext("Invitation to complete the profile"),
    "profile_reminder": lazy_gettext("Profile reminder, 48 hours before the deadline"),
    "day_before": lazy_gettext("Reminder the day before the event"),
}


class SpacedDomain(Domain):
    """Flask-Babel's domain, with French no-break spaces put into each French catalogue once.

    The catalogue is cached per locale by Flask-Babel, so the cost is paid once per process;
    :func:`~matchmaker.typography.nbsp_fr` is idempotent, so a catalogue seen twice is unchanged.
    """

    def get_translations(self):
        translations = super().get_translations()
        catalog = getattr(translations, "_catalog", None)
        if catalog and not getattr(translations, "_spaced", False) and str(get_locale() or "").startswith("fr"):
            for key, value in catalog.items():
                if isinstance(value, str) and key:
                    catalog[key] = nbsp_fr(value)
            translations._spaced = True
        return translations


def current_language() -> str:
    """"fr" or "en": the language the current page or e-mail is rendered in."""
    return language_code(str(get_locale() or "en"))


def _nbsp(text) -> str:
    if current_language() != "fr":
        return text if isinstance(text, Markup) else str(text or "")
    if isinstance(text, Markup) and "<" not in text:
        # Already escaped (a translated sentence joined to names): space the text, not its "&amp;".
        return Markup(escape(nbsp_fr(text.unescape())))
    return nbsp_fr(str(text or ""))


def words_lang(text, default: str = "en") -> str:
    """The language of a person's own words ("fr"/"en"), for the ``lang`` attribute around them.

    Screen readers then pronounce them right, and the page's own wording stays apart from them;
    ``default`` (the person's language) decides when the words are too few to tell.
    """
    return guess_language(str(text or ""), default=language_code(str(default or "en")))[0]


def event_time(value: dt.datetime | None, timezone: str, fmt: str = "short") -> str:
    """An instant (naive values are UTC, as the database keeps them) shown in ``timezone``, in the page's language.

    >>> event_time(dt.datetime(2026, 11, 30, 22, 47), "Europe/Paris", "yyyy-MM-dd HH:mm")
    '2026-11-30 23:47'
    """
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    aware = value.astimezone(ZoneInfo(timezone or "UTC"))
    try:
        locale = current_language()
    except RuntimeError:  # outside a request (doctests, commands)
        locale = "en"
    return format_datetime(aware, fmt, tzinfo=aware.tzinfo, locale=locale)


def init_app(app) -> None:
    """Install :class:`SpacedDomain` and the wording filters (call after ``babel.init_app``)."""

    babel.domain_instance = SpacedDomain(domain=app.config["BABEL_DOMAIN"])
    app.jinja_env.filters.update(
        nbsp=_nbsp,
        de=lambda text: de(str(text or "")),
        quoted=lambda text: quote(str(text or ""), current_language()),
        at_event=lambda name: at_event(str(name or ""), current_language()),
        titled=lambda label, name: titled(str(label), str(name or "")),
        event_time=event_time,
        words_lang=words_lang,
    )
    app.jinja_env.globals.update(current_language=current_language, field_labels=FIELD_LABELS, mail_kinds=MAIL_KINDS,
                                 setting_labels=SETTING_LABELS)


@dataclass
class Conversation:
    """What one match means to its viewer, in the viewer's language."""

    strength: str  # one of matchmaker.sentences.STRENGTHS
    heading: str  # "You can help each other." / "Zoé peut vous aider."
    lines: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)


def _sides(match, viewer_id: int) -> tuple[list[str], list[str]]:
    """(what the viewer gives, what the partner gives) in ``match``."""
    if match.a_id == viewer_id:
        return list(match.a_gives or []), list(match.b_gives or [])
    return list(match.b_gives or []), list(match.a_gives or [])


def strength_of(match, viewer_id: int) -> str:
    """The match's real strength from the viewer's side ("mutual", "they_help", ..., "explore")."""
    mine, theirs = _sides(match, viewer_id)
    return match_strength(mine, theirs, list(match.shared or []))


def conversation(match, viewer, partner, language: str) -> Conversation:
    """Help lines, one-line strength and opening questions for ``viewer`` about ``partner``."""
    language = language_code(language)
    mine, theirs = _sides(match, viewer.id)
    shared = list(match.shared or [])
    strength = match_strength(mine, theirs, shared)
    return Conversation(
        strength=strength,
        heading=strength_line(strength, partner.name, language),
        lines=help_lines(partner.name, viewer_gives=mine, partner_gives=theirs, shared=shared, language=language),
        questions=questions_about(needs=partner.needs or "", offers=partner.offers or "",
                                  interests=partner.interests or "", role=partner.role or "",
                                  company=partner.company or "", language=language),
    )


def days_since(event, now: dt.datetime | None = None) -> int:
    """Whole days between the event's day and today, both in the event's time zone (0 on the day)."""
    zone = ZoneInfo(event.timezone or "UTC")
    now = (now or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)).replace(tzinfo=dt.timezone.utc)
    return (now.astimezone(zone).date() - event.starts_at.date()).days


def draft_for(event, viewer, partner, match, note, *, language: str, viewer_language: str,
              now: dt.datetime | None = None) -> Draft:
    """The follow-up ``viewer`` can send ``partner``: in ``language`` (the partner's, or the one chosen),
    "today"/"yesterday" as seen when it is rendered, the personal detail kept apart."""
    mine, _ = _sides(match, viewer.id)
    return draft_followup(
        viewer.name, partner.name, topic=(note.topic if note else "") or "", detail=(note.detail if note else "") or "",
        rating=note.rating if note else None, partner_needs=partner.needs or "", sender_gives=mine,
        shared=list(match.shared or []), partner_role=partner.role or "", partner_company=partner.company or "",
        event_name=" ".join((event.name or "").split()), days_since=days_since(event, now),
        language=language_code(language), viewer_language=language_code(viewer_language),
    )
