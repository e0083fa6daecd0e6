"""Follow-up texts: the LinkedIn connection request after a conversation.

LinkedIn cuts connection notes at 300 characters, so the message is built to
fit: the greeting, the event and the signature always stay, and the personal
part (topic, the sender's own note, or the match reasons) is shortened on a
word boundary with "…" when it is too long.

Examples
--------
>>> from matchmaker.profiles import Attendee
>>> tom = Attendee("tom@x.org", "Tom Smith")
>>> zoe = Attendee("zoe@x.org", "Zoé Martin")
>>> linkedin_message(tom, zoe, topic="fundraising", event_name="Paris Tech Day")
"Hi Zoé, great talking with you about fundraising at Paris Tech Day. I'd be glad to stay in touch. Tom"
>>> linkedin_message(zoe, tom, topic="le recrutement", detail="Merci pour le contact chez Acme", language="fr")
"Bonjour Tom, merci pour notre échange sur le recrutement lors de l'événement. Merci pour le contact chez Acme. Au plaisir de rester en contact. Zoé"
"""

from __future__ import annotations

from .profiles import Attendee

__all__ = ["LINKEDIN_LIMIT", "linkedin_message"]

#: LinkedIn's limit for a connection request note, in characters.
LINKEDIN_LIMIT = 300
_NAME_LIMIT = 40
_EVENT_LIMIT = 80

_TEXTS = {
    "en": {
        "hello": "Hi {first},",
        "topic": " great talking with you about {topic} at {event}.",
        "reasons": " great meeting you at {event}.",
        "about": " great meeting you at {event} and hearing about {about}.",
        "bye": " I'd be glad to stay in touch.",
        "event": "the event",
        "work": "your work",
        "role": "your work as {role}",
        "role_at": "your work as {role} at {company}",
    },
    "fr": {
        "hello": "Bonjour {first},",
        "topic": " merci pour notre échange sur {topic} lors de {event}.",
        "reasons": " merci pour notre rencontre lors de {event}.",
        "about": " merci pour notre rencontre lors de {event} et pour ce que vous m'avez dit de {about}.",
        "bye": " Au plaisir de rester en contact.",
        "event": "l'événement",
        "work": "votre activité",
        "role": "votre travail de {role}",
        "role_at": "votre travail de {role} chez {company}",
    },
}


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
    return cut.rstrip(" ,;:.-") + "…"


def _sentence(text: str) -> str:
    text = " ".join(text.split()).strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…" else text + "."


def _first_name(person: Attendee) -> str:
    parts = person.name.split()
    return _shorten(parts[0], _NAME_LIMIT) if parts else ""


def _about(partner: Attendee, texts: dict) -> str:
    """Something from the partner's own profile, when the caller gave no topic, note or reasons."""
    role, company = partner.role.strip(), partner.company.strip()
    if role:
        return texts["role_at" if company else "role"].format(role=role, company=company)
    interests = partner.interests.split(",")[0].strip()
    return company or interests or partner.offers.split(",")[0].strip() or texts["work"]


def linkedin_message(sender: Attendee, partner: Attendee, *, topic: str = "", detail: str = "", reasons: str = "",
                     language: str = "en", event_name: str = "") -> str:
    """The connection request ``sender`` sends ``partner`` after their conversation.

    Parameters
    ----------
    sender, partner : Attendee
    topic : str
        What they talked about (from the sender's note), e.g. "fundraising".
    detail : str
        A personal detail the sender noted; quoted as its own sentence.
    reasons : str
        Why they were matched, used when neither topic nor detail is given: a sentence the
        partner can read ("We both work on GDPR."), or a list of topics ("GDPR, pricing"),
        which is then used as the topic.
    language : {"en", "fr"}
    event_name : str

    Returns
    -------
    str
        At most :data:`LINKEDIN_LIMIT` characters, always naming the partner and the event.
    """
    texts = _TEXTS["fr" if (language or "").lower().startswith("fr") else "en"]
    first = _first_name(partner)
    hello = texts["hello"].format(first=first) if first else texts["hello"].replace(" {first}", "")
    event = _shorten(event_name, _EVENT_LIMIT) or texts["event"]
    signature = " " + _first_name(sender) if _first_name(sender) else ""
    topic, detail, reasons = (" ".join(t.split()) for t in (topic, detail, reasons))
    if not topic and not detail and reasons and reasons[-1] not in ".!?…":
        topic, reasons = reasons, ""  # a list of shared topics reads best as the topic

    if topic:
        body, extra = texts["topic"], _sentence(detail)
    elif detail or reasons:
        body, extra = texts["reasons"], _sentence(detail or reasons)
    else:
        body, extra = texts["about"], ""
    fixed = len(hello) + len(texts["bye"]) + len(signature)
    room = LINKEDIN_LIMIT - fixed - len(body.format(topic="", event=event, about=""))
    about = ""
    if topic:
        # The topic gets at least half of the room, the note what is left.
        topic = _shorten(topic, max(room // 2, min(len(topic), room - len(extra) - 1)))
        room -= len(topic)
    elif not extra:
        about = _shorten(_about(partner, texts), room)
    extra = _shorten(extra, room - 1) if extra else ""
    message = (hello + body.format(topic=topic, event=event, about=about) + (" " + extra if extra else "")
               + texts["bye"] + signature)
    return _shorten(message, LINKEDIN_LIMIT)
