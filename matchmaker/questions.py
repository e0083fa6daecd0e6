"""Opening questions one person can ask another, always grammatical, in the reader's language.

A question is built on a phrase of the *other* person's profile (what they
need, offer, or are interested in).  The template is chosen by the phrase's
shape (see :mod:`matchmaker.shapes`):

* a noun phrase goes in the sentence ("What would help you most with fundraising?",
  but one countable thing without its article, such as "hackathon", is quoted instead,
  « Qu'est-ce qui vous aiderait le plus en matière d'export ? »), quoted when it is
  in the other language (« … en matière de « fundraising » ? »);
* a verb phrase follows "to" / "pour" ("What would help you most to hire a CTO?");
* anything else (a first-person clause, a fragment, a long or quoted text) is
  quoted as the person wrote it: "You wrote “data pipelines break”: what would
  the right person bring?";
* nothing to build on gives good generic questions, never a broken one.

French questions come with their no-break spaces (:func:`matchmaker.typography.nbsp_fr`)
and never guess the reader's gender.

Examples
--------
>>> from matchmaker.typography import plain
>>> question("I design onboarding flows that cut SaaS churn", "offer", "en")
'You wrote “I design onboarding flows that cut SaaS churn”: how did you build that experience?'
>>> plain(question("export", "need", "fr"))
"Qu'est-ce qui vous aiderait le plus en matière d'export ?"
>>> question("référencement", "interest", "en")
'What got you interested in “référencement”?'
>>> questions_about(needs="", language="en")[0]
'What are you hoping to get out of this event?'
"""

from __future__ import annotations

from functools import lru_cache

from .shapes import bare_count_noun, in_sentence, names_a_person, phrase_shape
from .text import split_phrases
from .typography import de, language_code, nbsp_fr, quote

__all__ = ["GENERIC", "question", "questions_about"]

QUOTE_LIMIT = 70
_TEMPLATES = {
    "en": {
        ("need", "noun"): ("What would help you most with {x}?", "Where do things stand with {x} at the moment?"),
        ("need", "verb"): ("What would help you most to {x}?", "What is the hardest part of trying to {x}?"),
        ("need", "clause"): ("You wrote {q}: what would the right person bring?",
                             "You wrote {q}: where do things stand today?"),
        ("offer", "noun"): ("How did you build your experience with {x}?",),
        ("offer", "verb"): ("How did you learn to {x}?",),
        ("offer", "clause"): ("You wrote {q}: how did you build that experience?",),
        # "a technical cofounder", "un mentor": a person, not a field one has experience in.
        ("offer", "person"): ("You offered {q}: what does that look like in practice?",),
        ("interest", "noun"): ("What got you interested in {x}?",),
        ("interest", "clause"): ("You wrote {q}: what draws you to it?",),
        "role_company": "What does your work as {role} at {company} look like day to day?",
        "role": "What does your work as {role} look like day to day?",
        "company": "What are you working on at {company} these days?",
    },
    "fr": {
        ("need", "noun"): ("Qu'est-ce qui vous aiderait le plus en matière {de_x} ?",
                           "Où en êtes-vous aujourd'hui en matière {de_x} ?"),
        ("need", "verb"): ("Qu'est-ce qui vous aiderait le plus pour {x} ?",
                           "Quelle est la principale difficulté pour {x} ?"),
        ("need", "clause"): ("Vous avez écrit {q} : qu'est-ce que la bonne personne vous apporterait ?",
                             "Vous avez écrit {q} : où en êtes-vous aujourd'hui ?"),
        ("offer", "noun"): ("Comment avez-vous acquis votre expérience en {x} ?",),
        ("offer", "verb"): ("Comment avez-vous appris à {x} ?",),
        ("offer", "clause"): ("Vous avez écrit {q} : comment avez-vous acquis cette expérience ?",),
        ("offer", "person"): ("Vous proposez {q} : concrètement, en quoi cela consiste-t-il ?",),
        ("interest", "noun"): ("Qu'est-ce qui vous intéresse le plus en matière {de_x} ?",),
        ("interest", "clause"): ("Vous avez écrit {q} : qu'est-ce qui vous y attire ?",),
        "role_company": "En quoi consiste votre travail {de_role} chez {company} au quotidien ?",
        "role": "En quoi consiste votre travail {de_role} au quotidien ?",
        "company": "Sur quoi travaillez-vous chez {company} en ce moment ?",
    },
}

#: Questions that fit anybody, in the order they are used.
GENERIC = {
    "en": ("What are you hoping to get out of this event?",
           "What is the most interesting problem you are working on right now?",
           "How could the people here help you most?"),
    "fr": ("Qu'est-ce que vous espérez retirer de cet événement ?",
           "Sur quel problème passionnant travaillez-vous en ce moment ?",
           "Comment les personnes présentes ici pourraient-elles vous aider le plus ?"),
}


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–—") + "…"


def _finish(text: str, language: str) -> str:
    return nbsp_fr(text) if language == "fr" else text


@lru_cache(maxsize=65536)  # every attendee is asked about in each of their pairs
def question(phrase: str, kind: str, language: str, *, variant: int = 0) -> str | None:
    """One question about ``phrase``, a need, offer or interest of the person asked.

    Parameters
    ----------
    phrase : str
        One item of their profile, in their own words.
    kind : {"need", "offer", "interest"}
    language : str
        The reader's language ("fr..." reads French, anything else English).
    variant : int
        Which wording to use when there are several (a second need gets a different one).

    Returns
    -------
    str or None
        None when there is nothing to build on.

    Examples
    --------
    >>> from matchmaker.typography import plain
    >>> plain(question("trouver un associé technique", "need", "fr"))
    "Qu'est-ce qui vous aiderait le plus pour trouver un associé technique ?"
    >>> question("trouver un associé technique", "need", "en")
    'You wrote “trouver un associé technique”: what would the right person bring?'
    >>> question("  ", "need", "en") is None
    True
    """
    language = language_code(language)
    shape = phrase_shape(phrase)
    if shape.kind == "empty":
        return None
    foreign = bool(shape.language) and shape.language != language
    form = shape.kind
    if form == "verb" and (foreign or kind == "interest"):
        form = "clause"  # a verb in the other language, or "interested in hire a CTO", reads best quoted
    if form == "noun" and names_a_person(shape.text):
        # A person is no field: not "your experience in a technical cofounder", nor « en matière d'associé ».
        form = "person" if kind == "offer" else "clause"
    elif form == "noun" and language == "en" and not foreign and bare_count_noun(shape.text):
        form = "clause"  # not "What got you interested in hackathon?": the person's word, quoted
    templates = _TEMPLATES[language][(kind, form)]
    template = templates[variant % len(templates)]
    x = in_sentence(shape.text, shape.language, language)
    if language == "fr" and form == "noun" and not foreign:  # "en matière de" takes no article
        x = in_sentence(shape.bare, shape.language, language)
    return _finish(template.format(x=x, de_x=de(x), q=quote(_shorten(shape.text, QUOTE_LIMIT), language)), language)


@lru_cache(maxsize=2)
def _generic(language: str) -> tuple[str, ...]:
    return tuple(_finish(q, language) for q in GENERIC[language])


@lru_cache(maxsize=16384)
def _role_question(role: str, company: str, language: str) -> str | None:
    role, company = " ".join(role.split()), " ".join(company.split())
    shape = phrase_shape(role)
    if shape.kind == "clause":
        role = ""
    elif role:
        if " " not in role and role[:1].isupper() and role[1:].islower():
            role = role.lower()  # "Founder" -> "founder"; "CTO" and "Head of Sales" stay
        role = in_sentence(role, shape.language, language)
    if not (role or company):
        return None
    key = "role_company" if role and company else ("role" if role else "company")
    return _finish(_TEMPLATES[language][key].format(role=role, de_role=de(role), company=company), language)


def questions_about(needs: str = "", offers: str = "", interests: str = "", role: str = "", company: str = "",
                    *, language: str = "en", limit: int = 3) -> list[str]:
    """Two or three questions to ask a person, from their needs, interests, offers, then role.

    Parameters
    ----------
    needs, offers, interests, role, company : str
        The fields of the person *asked*, as they wrote them.
    language : str
        The language of the person who asks (the reader).
    limit : int
        How many questions (at most 3 + the profile's); fewer profile questions are topped up
        with :data:`GENERIC` ones.

    Examples
    --------
    >>> from matchmaker.typography import plain
    >>> asked = questions_about(needs="data pipelines break", interests="Climat", language="fr")
    >>> [plain(q) for q in asked[:2]]
    ["Vous avez écrit « data pipelines break » : qu'est-ce que la bonne personne vous apporterait ?", "Qu'est-ce qui vous intéresse le plus en matière de Climat ?"]
    >>> questions_about(role="CTO", language="en", limit=2)
    ['What does your work as CTO look like day to day?', 'What are you hoping to get out of this event?']
    """
    language = language_code(language)
    asked: list[str] = []
    for number, phrase in enumerate(split_phrases(needs)[:2]):
        asked.append(question(phrase.text, "need", language, variant=number))
    for kind, text in (("interest", interests), ("offer", offers)):
        for phrase in split_phrases(text)[:1]:
            asked.append(question(phrase.text, kind, language))
    if len(asked) < 2 and (role.strip() or company.strip()):
        asked.append(_role_question(role, company, language))
    asked = [q for q in asked if q] + list(_generic(language))
    return list(dict.fromkeys(asked))[:limit]
