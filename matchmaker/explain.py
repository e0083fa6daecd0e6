"""Why two people should meet, in words each of them reads.

Help is only ever stated from the evidence the scores use
(:func:`matchmaker.evidence.help_evidence`): an item of A's offers that meets
an item of B's needs on a specific enough concept (French and English terms of
the lexicon, the event's glossary; generic words such as "partnerships" never
count alone).  The sentence quotes A's own words; when nothing meets it is
empty, and the caller says that help runs one way, rather than inventing it.

Examples
--------
>>> from matchmaker.profiles import Attendee
>>> zoe = Attendee("zoe@x.org", "Zoé Martin", offers="levée de fonds, mise en relation avec des investisseurs",
...                needs="recruiting")
>>> tom = Attendee("tom@x.org", "Tom Smith", offers="I can help with hiring engineers",
...                needs="Looking for fundraising and introductions to investors")
>>> explain_pair(zoe, tom, language_a="fr", language_b="en").a_helps_b
'Zoé can help you with “levée de fonds” and “mise en relation avec des investisseurs”.'
>>> explain_pair(zoe, tom, language_a="fr", language_b="en").b_helps_a.replace("\xa0", " ")
"Tom peut vous aider en matière d'« hiring engineers »."
>>> explain_pair(zoe, tom).a_gives
['levée de fonds', 'mise en relation avec des investisseurs']
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .evidence import EventTerms, help_evidence, shared_interests
from .profiles import Attendee
from .questions import questions_about
from .sentences import they_help_line

__all__ = ["PairExplanation", "explain_pair"]

MAX_HELP_PHRASES = 4
MAX_SHARED = 5

@dataclass(frozen=True)
class PairExplanation:
    """Reasons for a pair and questions to start the conversation.

    ``a_helps_b`` is written for B (in B's language), ``b_helps_a`` for A; either is ``""``
    when the profiles show no such help. ``a_gives`` holds the phrases of A's offers
    that meet B's needs, in A's words, so that A's own page can say "you can help
    them with ..." from A's side; ``b_gives`` likewise. ``questions_for_a`` are
    questions A can ask B.
    """

    a_helps_b: str
    b_helps_a: str
    shared: list[str]
    questions_for_a: list[str]
    questions_for_b: list[str]
    a_gives: list[str] = field(default_factory=list)
    b_gives: list[str] = field(default_factory=list)


def _language(language: str) -> str:
    return "fr" if (language or "").lower().startswith("fr") else "en"


def _gives(helper: Attendee, receiver: Attendee, terms: EventTerms | None) -> list[str]:
    """Phrases of the helper's offers that meet the receiver's needs, in the helper's words."""
    evidence = help_evidence(helper, receiver, terms)
    return list(dict.fromkeys(h.offer for h in evidence))[:MAX_HELP_PHRASES]


def _help_sentence(helper: Attendee, given: list[str], language: str) -> str:
    """What ``helper`` can give, addressed to the receiver; "" without overlap."""
    return they_help_line(helper.name, given, language)


def _questions(asked: Attendee, language: str) -> list[str]:
    """Two or three open questions to ask ``asked``, from their needs, interests, offers, then role."""
    return questions_about(asked.needs, asked.offers, asked.interests, asked.role, asked.company, language=language)


def explain_pair(a: Attendee, b: Attendee, *, language_a: str = "en", language_b: str = "en",
                 terms: EventTerms | None = None) -> PairExplanation:
    """Explain the pair (A, B): help each way, shared interests, conversation starters.

    Parameters
    ----------
    a, b : Attendee
    language_a, language_b : {"en", "fr"}
        Languages A and B read; anything not starting with "fr" reads as English.
    terms : EventTerms, optional
        The event's terms, so that the help stated is the help scored; A and B alone when None.

    Returns
    -------
    PairExplanation
        ``shared`` holds A's wording of interests found on both sides (at most five).

    Examples
    --------
    >>> from matchmaker.profiles import Attendee
    >>> e = explain_pair(Attendee("a@x.org", "Ana"), Attendee("b@x.org", "Ben"), language_a="fr")
    >>> e.a_helps_b, e.b_helps_a, e.shared, len(e.questions_for_a)
    ('', '', [], 3)
    >>> e.questions_for_a[0].replace("\u202f", " ")
    "Qu'est-ce que vous espérez retirer de cet événement ?"
    """
    language_a, language_b = _language(language_a), _language(language_b)
    if terms is None:
        terms = EventTerms([a, b])
    shared = shared_interests(a, b, terms)[:MAX_SHARED]
    a_gives, b_gives = _gives(a, b, terms), _gives(b, a, terms)
    return PairExplanation(
        a_helps_b=_help_sentence(a, a_gives, language_b),
        b_helps_a=_help_sentence(b, b_gives, language_a),
        shared=shared,
        questions_for_a=_questions(b, language_a),
        questions_for_b=_questions(a, language_b),
        a_gives=a_gives,
        b_gives=b_gives,
    )
