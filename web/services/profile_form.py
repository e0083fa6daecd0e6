"""The guided profile form of the profile phase, and the "profile strength" it shows.

:func:`profile_strength` is the one computation of the hint: the page renders
it, and its script only asks the server again as the person types
(``POST /m/<token>/strength``), so the hint reads the same with or without
JavaScript. :func:`save_guided_profile` stores the form; it flushes and never
commits. Messages are in the attendee's language (the view selects it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext

from ..extensions import db
from ..models import Attendee, utcnow
from .attendee import linkedin_href, update_profile
from .exceptions import Invalid

__all__ = ["Strength", "profile_strength", "strength_of", "save_guided_profile"]

_WORD = re.compile(r"\w+")
#: Words that make a field "specific enough"; fewer earn part of its points.
_ENOUGH = {"offers": 8, "needs": 8, "interests": 4}
_POINTS = {"offers": 35, "needs": 35, "interests": 10, "topics": 10, "linkedin": 10}


@dataclass(frozen=True)
class Strength:
    """How likely the profile is to give good matches: a percentage, a level and the next thing to do."""

    percent: int
    level: str  # "weak", "fair" or "strong"
    label: str
    hint: str


def _words(text: str) -> int:
    return len(_WORD.findall(text or ""))


def profile_strength(*, offers: str = "", needs: str = "", interests: str = "", linkedin: str = "",
                     topics: int = 0, has_topic_list: bool = False) -> Strength:
    """Score a profile on what the matching uses: offers and needs first, then the rest.

    Examples
    --------
    >>> profile_strength(offers="Python", needs="").level
    'weak'
    >>> s = profile_strength(offers="Python back ends, Django and PostgreSQL performance tuning for start-ups",
    ...                      needs="An investor for a seed round of a climate software company",
    ...                      interests="climate, open source, cycling", linkedin="https://www.linkedin.com/in/x")
    >>> s.level, s.percent
    ('strong', 100)
    """
    texts = {"offers": offers, "needs": needs, "interests": interests}
    points = sum(_POINTS[name] * min(_words(text), _ENOUGH[name]) / _ENOUGH[name] for name, text in texts.items())
    points += _POINTS["linkedin"] if linkedin_href(linkedin) else 0
    possible = sum(_POINTS.values()) - (0 if has_topic_list else _POINTS["topics"])
    if has_topic_list:
        points += _POINTS["topics"] * min(topics, 2) / 2
    points = 100 * points / possible
    percent = max(0, min(100, round(points)))
    if not (offers or "").strip() or not (needs or "").strip() or percent < 40:
        level, label = "weak", gettext("Weak profile")
    elif percent < 75:
        level, label = "fair", gettext("Fair profile")
    else:
        level, label = "strong", gettext("Strong profile")
    return Strength(percent, level, label, _hint(texts, linkedin, topics, has_topic_list))


def _hint(texts: dict, linkedin: str, topics: int, has_topic_list: bool) -> str:
    if not texts["offers"].strip():
        return gettext("Say what you can help others with: it is half of every match.")
    if not texts["needs"].strip():
        return gettext("Say what you are looking for: your partners are chosen to bring it to you.")
    if _words(texts["offers"]) < _ENOUGH["offers"]:
        return gettext("Be more precise about what you can help with: name the tools, sectors or problems you know.")
    if _words(texts["needs"]) < _ENOUGH["needs"]:
        return gettext("Be more precise about what you are looking for: a skill, a contact, advice on a question.")
    if has_topic_list and topics == 0:
        return gettext("Tick the topics that fit you.")
    if not texts["interests"].strip():
        return gettext("Add a few interests: they help start the conversation.")
    if not linkedin_href(linkedin):
        return gettext("Add your LinkedIn address so that your partners can find you after the event.")
    return gettext("Your profile is ready for good matches.")


def strength_of(attendee: Attendee, values: dict | None = None) -> Strength:
    """The strength of ``attendee``'s profile, or of the ``values`` typed in the form."""
    values = values or {}
    topics = values.get("topics")
    if topics is None:
        topics = len(attendee.offer_topics or []) + len(attendee.need_topics or [])
    return profile_strength(
        offers=str(values.get("offers", attendee.offers) or ""), needs=str(values.get("needs", attendee.needs) or ""),
        interests=str(values.get("interests", attendee.interests) or ""),
        linkedin=str(values.get("linkedin", attendee.linkedin) or ""),
        topics=int(topics), has_topic_list=bool(attendee.event.topics))


def _chosen_topics(event, chosen: list[str]) -> list[str]:
    allowed = list(event.topics or [])
    unknown = [t for t in chosen if t not in allowed]
    if unknown:
        raise Invalid(gettext("Choose topics from the organizer's list."), field="topics")
    return [t for t in allowed if t in set(chosen)]  # the organizer's order


def save_guided_profile(attendee: Attendee, *, offers: str, needs: str, interests: str, linkedin: str,
                        language: str, listed: bool, offer_topics: list[str] = (),
                        need_topics: list[str] = ()) -> Attendee:
    """Save the guided form: the profile fields, the organizer's topics ticked, and the guest-list consent.

    Raises
    ------
    Invalid
        Once the matching has closed, for a field too long, a LinkedIn address elsewhere than
        linkedin.com, a language other than English or French, or a topic not in the list.
    """
    update_profile(attendee, name=attendee.name, company=attendee.company, role=attendee.role, bio=attendee.bio,
                   offers=offers, needs=needs, interests=interests, linkedin=linkedin, language=language)
    attendee.offer_topics = _chosen_topics(attendee.event, list(offer_topics))
    attendee.need_topics = _chosen_topics(attendee.event, list(need_topics))
    attendee.listed = bool(listed)
    attendee.profile_saved_at = utcnow()
    db.session.flush()
    return attendee
