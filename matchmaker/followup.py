"""Follow-up drafts: the LinkedIn note an attendee sends a partner after their conversation.

The draft is written *to* the partner, in the second person and in the
partner's language (a parameter, so a page can switch it), from what the
attendee noted (the topic), what the partner is looking for and what the
attendee can bring them (the match reasons):

    "Bonjour Anna, merci pour notre échange d'hier sur votre levée seed. J'ai repensé
    à ce que vous cherchez en matière de recrutement. Au plaisir ! Tom"

It never exceeds LinkedIn's 300 characters: the greeting, the opening and the
signature always stay (the topic is cut on a word with "…"), the other
sentences are added only while they fit.  The attendee's personal detail is
*never* pasted into it (the form promised the partner would not see it): it
comes back apart, as :attr:`Draft.to_mention`.  When the conversation was rated
4 or 5, :attr:`Draft.talking_points` holds three points for a short voice note,
in the attendee's own language.  No sentence guesses anybody's gender.

Examples
--------
>>> d = draft_followup("Tom Smith", "Anna Roux", topic="sa levée seed", detail="Elle joue aux échecs",
...                    partner_needs=["recrutement"], days_since=1, language="fr")
>>> plain(d.text)
"Bonjour Anna, merci pour notre échange d'hier sur votre levée seed. J'ai repensé à ce que vous cherchez en matière de recrutement. Au plaisir ! Tom"
>>> d.to_mention, d.talking_points
('Elle joue aux échecs', [])
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .profiles import Attendee
from .sentences import phrase_items
from .shapes import MAX_INLINE_WORDS, bare_count_noun, in_sentence, names_a_person, phrase_language, phrase_shape
from .text import split_phrases, stems
from .typography import (
    at_event,
    de,
    first_name,
    join_list,
    language_code,
    nbsp_fr,
    plain,
    quote,
)

__all__ = ["LINKEDIN_LIMIT", "Draft", "draft_followup", "linkedin_message"]

#: LinkedIn's limit for a connection request note, in characters.
LINKEDIN_LIMIT = 300
_NAME_LIMIT = 40
_EVENT_LIMIT = 80
_TOPIC_LIMIT = 80

_TEXTS = {
    "en": {
        "hello": "Hi {P},", "hello_bare": "Hi,", "thanks": " thanks for our conversation{about}{at}{when}.",
        "about": " about {x}", "about_verb": " about how to {x}", "when": ("today", "yesterday"),
        "need": " I've been thinking about your needs around {x}.",
        "offer": " I'd be glad to help with {list}.",
        "shared": " It was good to meet someone else interested in {list}.",
        "work": " I enjoyed hearing about your work{as}{at}.", "as": " as {x}", "at": " at {x}",
        "bye": " Let's stay in touch!",
        "points": ("Thank {P} and recall what you talked about: {x}.", "Thank {P} for the conversation {event}.",
                   "Mention the personal detail you noted: {x}.", "Ask {P} where things stand: {x}.",
                   "Offer your help: {x}.", "Suggest a next step, such as a call or a coffee.",
                   "Say what you would like to explore together next."),
    },
    "fr": {
        "hello": "Bonjour {P},", "hello_bare": "Bonjour,", "thanks": " merci pour notre échange{when}{about}{at}.",
        "about": " sur {x}", "about_verb": " sur la façon {de_x}", "when": ("d'aujourd'hui", "d'hier"),
        "need": " J'ai repensé à ce que vous cherchez en matière {de_x}.",
        "offer": " Si c'est utile, je peux vous aider en matière {de_list}.",
        "shared": " Un plaisir de partager un intérêt commun : {list}.",
        "work": " J'ai apprécié d'en apprendre plus sur votre travail{as}{at}.", "as": " {de_x}", "at": " chez {x}",
        "bye": " Au plaisir !",
        "points": ("Remerciez {P} et rappelez votre échange : {x}.", "Remerciez {P} pour votre échange {event}.",
                   "Évoquez le détail personnel que vous avez noté : {x}.", "Demandez à {P} où en sont les choses : {x}.",
                   "Proposez votre aide : {x}.", "Proposez une suite, par exemple un appel ou un café.",
                   "Dites ce que vous aimeriez explorer ensemble."),
    },
}
# The attendee's note speaks of the partner in the third person; the draft speaks to them.
_SECOND_PERSON = {
    "fr": ((r"\b(?:sa|son|leur)\b", "votre"), (r"\b(?:ses|leurs)\b", "vos")),
    "en": ((r"\b(?:her|his|their)\b", "your"),),
}
_THIRD_PERSON = frozenset({"il", "elle", "ils", "elles", "lui", "he", "she", "him", "they", "them"})
_OWN = re.compile(r"^(?:mon|ma|mes|notre|nos|my|our)\s+", re.IGNORECASE)
_DETERMINERS = re.compile(r"^(?:le|la|les|l'|un|une|des|du|votre|vos|mon|ma|mes|notre|nos|ce|cet|cette|ces|"
                          r"the|a|an|your|my|our|this|these)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Draft:
    """A follow-up ready to copy, and what stays beside it.

    ``text`` is the note to the partner (at most :data:`LINKEDIN_LIMIT` characters, in the
    partner's language); ``to_mention`` is the attendee's personal detail, to show beside the
    draft and never inside it; ``talking_points`` holds three points for a voice note when the
    meeting was rated 4 or 5 (else it is empty), in the attendee's language.
    """

    text: str
    to_mention: str = ""
    talking_points: list[str] = field(default_factory=list)
    language: str = "en"


def _listed(phrases: Sequence[str] | str) -> list[str]:
    """A profile field as written ("SEO, pricing") or a list of phrases, as a list of phrases."""
    if isinstance(phrases, str):
        return [p.text for p in split_phrases(phrases)]
    return [p for p in phrases or () if isinstance(p, str)]


def _clean(text: str) -> str:
    return " ".join((text or "").split()).strip(" .;,:")


def _shorten(text: str, limit: int) -> str:
    """``text`` cut on a word boundary to at most ``limit`` characters, "…" included."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    if limit <= 1:
        return "…"[:max(limit, 0)]
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–—") + "…"


def _topic(topic: str, partner_first: str, language: str, limit: int) -> str:
    """" sur votre levée seed" / " about your seed round": the topic addressed to the partner, or ""."""
    texts, topic = _TEXTS[language], _clean(topic)
    if partner_first:  # "Anna's seed round" -> "your seed round"
        topic = re.sub(rf"\b{re.escape(partner_first)}['’]s\b", "your", topic, flags=re.IGNORECASE)
    for pattern, replacement in _SECOND_PERSON[language]:
        topic = re.sub(pattern, replacement, topic, flags=re.IGNORECASE)
    if _THIRD_PERSON & set(re.findall(r"\w+", topic.lower())):
        return ""  # "elle recrute": a guessed pronoun, and about the reader
    topic = phrase_shape(topic).text  # without an activity lead-in ("looking at") or end marks
    # Judged on its first words: a long topic is not a sentence for being long.
    # The sender's own "mon premier client" / "my seed round" reads well after "sur" / "about".
    own = _OWN.sub("", topic, count=1)
    shape = phrase_shape(" ".join(own.split()[:MAX_INLINE_WORDS]))
    if shape.kind in ("empty", "clause"):
        return ""  # a sentence of the attendee's own cannot be set in ours
    text = _shorten(topic, limit)
    foreign = phrase_language(topic) not in ("", language)
    if shape.kind == "verb" and not foreign:
        return texts["about_verb"].format(x=text, de_x=de(text))
    if foreign or (language == "fr" and shape.kind == "noun" and not _DETERMINERS.match(text)) or (
            language == "en" and shape.kind == "noun" and bare_count_noun(text)):
        text = quote(text, language)  # no bare noun after "sur", nor "about seed round": the words as noted
    return texts["about"].format(x=in_sentence(text, "", language))


def _usable(phrases: Sequence[str], language: str, avoid: frozenset[str], *, quoted: bool = False) -> list[str]:
    """Noun phrases fit to stand in a sentence of ``language``, not already said in the topic.

    Other-language phrases are quoted when ``quoted`` (the partner's own words), else left out.
    French ones lose their article, for "en matière de".
    """
    out = []
    for p in phrases or ():
        shape = phrase_shape(p)
        if shape.kind != "noun" or stems(shape.text) & avoid or names_a_person(shape.text):
            continue
        if language == "en" and shape.language in ("", "en") and bare_count_noun(shape.text):
            if quoted:  # "help with mobile app" is broken English: the partner's words are quoted, ours left out
                out.append(quote(shape.text, language))
        elif shape.language in ("", language):
            out.append(in_sentence(shape.bare if language == "fr" else shape.text, shape.language, language))
        elif quoted:
            out.append(quote(shape.text, language))
    return list(dict.fromkeys(out))[:3]


def _points(partner: str, topic: str, detail: str, needs: list[str], gives: list[str], event: str,
            language: str) -> list[str]:
    texts = _TEXTS[language]["points"]

    def said(text: str) -> str:
        text = _shorten(_clean(text), 120)
        shape = phrase_shape(text)
        return quote(text, language) if shape.language and shape.language != language else text

    points = [texts[0].format(P=partner, x=said(topic)) if phrase_shape(topic).kind != "empty" else
              texts[1].format(P=partner, event=at_event(event, language))]
    if detail.strip():
        points.append(texts[2].format(x=said(detail)))
    if needs:
        points.append(texts[3].format(P=partner, x=join_list(needs, language)))
    points.append(texts[4].format(x=join_list(gives, language)) if gives else texts[5])
    points.append(texts[6])
    return [nbsp_fr(p) if language == "fr" else p for p in points[:3]]


def draft_followup(sender_name: str, partner_name: str, *, topic: str = "", detail: str = "",
                   rating: int | None = None, partner_needs: Sequence[str] = (), sender_gives: Sequence[str] = (),
                   shared: Sequence[str] = (), partner_role: str = "", partner_company: str = "",
                   event_name: str = "", days_since: int | None = None, language: str = "en",
                   viewer_language: str | None = None) -> Draft:
    """The follow-up ``sender_name`` can send ``partner_name``, and what to keep beside it.

    Parameters
    ----------
    sender_name, partner_name : str
        Display names (first names are used).
    topic : str
        What they talked about, as the attendee noted it ("sa levée seed", "fundraising");
        third-person possessives become "votre" / "your"; a whole sentence is left out.
    detail : str
        The attendee's personal note: returned as ``to_mention``, never put in the text.
    rating : int, optional
        The "we met" rating; 4 or 5 adds three talking points for a voice note.
    partner_needs : sequence of str, or str
        The partner's needs (their phrases, or the field as written; the first one not already
        in the topic is used). ``sender_gives`` and ``shared`` take either form too.
    sender_gives : sequence of str
        The sender's offers that meet the partner's needs (the engine's ``a_gives`` / ``b_gives``).
    shared : sequence of str
        Interests both wrote, used when there is nothing else to say.
    partner_role, partner_company : str
        Used only when there is no topic, need, help or shared interest at all.
    event_name : str
    days_since : int, optional
        0 or 1 says "today" / "yesterday"; otherwise the event is named.
    language : str
        The partner's language: the draft's.
    viewer_language : str, optional
        The attendee's language, for the talking points (default: ``language``).

    Examples
    --------
    >>> d = draft_followup("Tom", "Zoé Martin", topic="fundraising", rating=5, sender_gives=["pricing"],
    ...                    event_name="Paris Tech Day")
    >>> d.text
    "Hi Zoé, thanks for our conversation about fundraising at Paris Tech Day. I'd be glad to help with pricing. Let's stay in touch! Tom"
    >>> d.talking_points
    ['Thank Zoé and recall what you talked about: fundraising.', 'Offer your help: pricing.', 'Say what you would like to explore together next.']
    """
    language = language_code(language)
    viewer_language = language_code(viewer_language or language)
    partner_needs, sender_gives, shared = (_listed(x) for x in (partner_needs, sender_gives, shared))
    texts = _TEXTS[language]
    partner = _shorten(first_name(partner_name), _NAME_LIMIT)
    sender = _shorten(first_name(sender_name), _NAME_LIMIT)
    hello = texts["hello"].format(P=partner) if partner else texts["hello_bare"]
    closing = texts["bye"] + (" " + sender if sender else "")
    when = f" {texts['when'][days_since]}" if days_since in (0, 1) else ""
    event = _shorten(" ".join((event_name or "").split()), _EVENT_LIMIT)
    at = " " + at_event(event, language) if event and not (when and language == "fr") else ""
    if event and at and len(hello + closing + at) > LINKEDIN_LIMIT // 2:
        at = ""
    about = _topic(topic, partner, language, _TOPIC_LIMIT)
    room = LINKEDIN_LIMIT - len(hello + texts["thanks"].format(about="", at=at, when=when) + closing)
    if len(about) > room:
        about = _topic(topic, partner, language, max(room - 10, 1)) if room > 12 else ""
    said = stems(topic)
    needs = _usable(partner_needs, language, said, quoted=True)
    gives = _usable(sender_gives, language, frozenset())
    interests = _usable(shared, language, said)
    extras = []
    if needs:
        extras.append(texts["need"].format(x=needs[0], de_x=de(needs[0])))
    if gives:
        extras.append(texts["offer"].format(list=join_list(gives, language), de_list=join_list(gives, language,
                                                                                                each=de)))
    if interests and not about and not needs:
        extras.append(texts["shared"].format(list=join_list(interests, language)))
    role, company = _clean(partner_role), _clean(partner_company)
    if not (about or extras) and (role or company):
        role = in_sentence(role, phrase_shape(role).language, language) if role else ""
        extras.append(texts["work"].format(**{"as": texts["as"].format(x=role, de_x=de(role)) if role else "",
                                              "at": texts["at"].format(x=company) if company else ""}))
    text = hello + texts["thanks"].format(about=about, at=at, when=when).replace("….", "…")
    for extra in extras:
        if extra and len(text + extra + closing) <= LINKEDIN_LIMIT:
            text += extra
    text = _shorten(text + closing, LINKEDIN_LIMIT)
    points = []
    if rating is not None and rating >= 4:
        points = _points(partner or sender_name, plain(topic), detail, phrase_items(list(partner_needs)[:3], viewer_language),
                         phrase_items(list(sender_gives)[:3], viewer_language), event, viewer_language)
    return Draft(nbsp_fr(text) if language == "fr" else text, " ".join((detail or "").split()), points, language)


def linkedin_message(sender: Attendee, partner: Attendee, *, topic: str = "", detail: str = "", reasons: str = "",
                     language: str = "en", event_name: str = "") -> str:
    """The draft's text for two :class:`Attendee` profiles (kept for the e-mail renderer).

    ``reasons`` is a list of match topics ("GDPR, pricing"), used as the topic ("GDPR and
    pricing") when the attendee noted none. ``detail`` is accepted but never pasted (see :func:`draft_followup`).

    >>> tom, zoe = Attendee("t@x.org", "Tom Smith"), Attendee("z@x.org", "Zoé Martin")
    >>> linkedin_message(tom, zoe, topic="fundraising", detail="her trip", event_name="Paris Tech Day")
    "Hi Zoé, thanks for our conversation about fundraising at Paris Tech Day. Let's stay in touch! Tom"
    """
    reasons = _clean(reasons)
    if not _clean(topic) and reasons:
        topic = join_list([r.strip() for r in reasons.split(",")], language)
    return draft_followup(sender.name, partner.name, topic=topic, detail=detail, event_name=event_name,
                          partner_needs=partner.needs,
                          partner_role=partner.role, partner_company=partner.company, language=language).text
