"""Each attendee's language (French or English) from their own words.

Most organizers' files have no language column. A person's offers, needs,
interests, role and bio are then the best witness of the language they read.
The guess is a vote over evidence, each piece weighted by how much it says:

* function words ("de", "pour", "avec" / "the", "for", "with") and French
  elisions ("l'", "d'", "qu'") weigh most: jargon never brings them along;
* accented letters (é, è, ç, à...) speak for French;
* other words count when simplemma's dictionary knows them in one language only.

English business jargon is everyday French at events ("levée seed, go-to-market
UK, recrutement CTO"), so the common loanwords count for neither side, and a
word known only in English weighs less than one known only in French. When the
evidence is too thin to tell (empty or very short texts), the event's language
applies and the result says it was not read from the words.

Examples
--------
>>> guess_language(["levée seed, go-to-market UK, recrutement CTO"])
('fr', True)
>>> guess_language(["Looking for seed investors"], default="fr")
('en', True)
>>> guess_language(["CTO", ""], default="fr")
('fr', False)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from .profiles import Attendee

__all__ = ["LANGUAGES", "LanguageGuess", "attendee_language", "guess_language", "language_counts",
           "with_languages"]

LANGUAGES = ("fr", "en")


def _words(text: str) -> frozenset:
    return frozenset(text.split())


_FUNCTION_WORDS = {
    "fr": _words("""
        le la les un une des du de et ou à au aux en dans pour par sur avec sans chez entre vers depuis
        je nous vous il elle ils elles on mon ma mes notre nos votre vos leur leurs son sa ses ce cette ces
        qui que quoi dont où est sont suis sommes avons ai très plus aussi mais donc comme tout tous toute
        toutes autre autres afin auprès lors
    """),
    "en": _words("""
        the a an and or of to in into for with without on at by from about over
        i we you he she they my our your their his her its this that these those
        who what which is are am was be been have has had very more also but so as all any
        other others how should can will would looking seeking
    """),
}
#: English words French speakers use as their own at business events: evidence for neither side.
_LOANWORDS = _words("""
    ai angel angels app audit audits b2b b2c board business ceo cfo cmo coo cto churn closing cloud coach
    coaching corporate crm customer data deal deck design designer dev deeptech due diligence early fintech
    first-time fit flow founder founders freelance freelances fullstack greentech growth hacking head hub
    kpi lead leader leadership leads learning machine manager management market marketing marketplace
    mentoring mvp networking no-code office offices onboarding open pentest pentests pitch pre-seed
    pricing product python react roadmap saas sales scale-up seed software sourcing sparring stack
    start-up start-ups startup startups success team tech uk us vc vcs venture family partners
""")
_ELISION = re.compile(r"\b(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’](?=\w)", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_ACCENTED = frozenset("àâäçéèêëîïôöùûüÿœæ")

W_FUNCTION = 2.0
W_ELISION = 2.0
W_ACCENT = 1.5
W_KNOWN_FR = 1.0
#: A word known only in English weighs less: French speakers borrow English words, rarely the reverse.
W_KNOWN_EN = 0.75
#: Below this much evidence for the winning side the event's language applies: one word that
#: only one language's dictionary knows suffices, jargon and names never do.
MIN_EVIDENCE = W_KNOWN_EN
#: The winner must lead by at least this much; otherwise the event's language applies.
MIN_LEAD = 0.5
#: A lead this large (two function words' worth) settles it: later texts (long bios) are not read.
SETTLED_LEAD = 2 * W_FUNCTION


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """An attendee's language and where it came from.

    Attributes
    ----------
    language : str
        ``"fr"`` or ``"en"``.
    source : str
        ``"file"`` (the organizer's file said), ``"words"`` (read from the profile's
        own words) or ``"default"`` (too little text: the event's language).
    """

    language: str
    source: str

    @property
    def guessed(self) -> bool:
        """True when the file did not say (read from the words or the event's default)."""
        return self.source != "file"


@lru_cache(maxsize=65_536)
def _word_evidence(word: str) -> tuple[float, float]:
    from simplemma import in_target_language

    if word in _LOANWORDS:
        return 0.0, 0.0
    fr = en = 0.0
    if word in _FUNCTION_WORDS["fr"]:
        fr += W_FUNCTION
    if word in _FUNCTION_WORDS["en"]:
        en += W_FUNCTION
    if fr or en:
        return fr, en
    if any(c in _ACCENTED for c in word):
        fr += W_ACCENT
    known_fr = in_target_language(word, lang="fr") > 0
    known_en = in_target_language(word, lang="en") > 0
    if known_fr and not known_en:
        fr += W_KNOWN_FR
    elif known_en and not known_fr:
        en += W_KNOWN_EN
    return fr, en


@lru_cache(maxsize=131_072)
def _text_evidence(text: str) -> tuple[float, float]:
    """(French, English) evidence of one text, cached: files repeat the same phrases.

    >>> _text_evidence("MBA, Investment Banking, Boston, MA") == _text_evidence("Investment Banking, Boston")
    True
    """
    fr = W_ELISION * len(_ELISION.findall(text))
    text = _ELISION.sub(" ", text)
    # Upper-case words are acronyms ("MA", "UN", "IP") unless the whole text is written in capitals.
    shouting = text.isupper()
    en = 0.0
    for word in _WORD.findall(text):
        if len(word) > 1 and word.isupper() and not shouting:
            continue
        word = word.lower()
        if len(word) < 2 and word not in ("a", "à", "i"):
            continue
        f, e = _word_evidence(word)
        fr += f
        en += e
    return fr, en


def guess_language(texts: str | Iterable[str], default: str = "en") -> tuple[str, bool]:
    """The language of a person's own words: ``(language, read_from_words)``.

    Parameters
    ----------
    texts : str or iterable of str
        The person's texts, shortest and most telling first (offers, needs, interests, role, bio);
        empty ones are fine. Reading stops once one language leads by :data:`SETTLED_LEAD`.
    default : str, default "en"
        The event's language, used when the words are too few to tell.

    Returns
    -------
    tuple of (str, bool)
        ``"fr"`` or ``"en"``, and True when the words decided, False when the default applied.

    Examples
    --------
    >>> guess_language("Je cherche des investisseurs pour notre levée")
    ('fr', True)
    >>> guess_language(["Hiring senior engineers", "Advice on pricing"], default="fr")
    ('en', True)
    >>> guess_language([], default="fr")
    ('fr', False)
    """
    if default not in LANGUAGES:
        default = "en"
    if isinstance(texts, str):
        texts = (texts,)
    fr = en = 0.0
    for text in texts:
        if abs(fr - en) >= SETTLED_LEAD:
            break
        if text:
            f, e = _text_evidence(text)
            fr += f
            en += e
    if max(fr, en) < MIN_EVIDENCE or abs(fr - en) < MIN_LEAD:
        return default, False
    return ("fr" if fr > en else "en"), True


def attendee_language(attendee: Attendee, default: str = "en") -> LanguageGuess:
    """The attendee's language: the file's when given, else from their words, else ``default``.

    >>> attendee_language(Attendee("a@x.org", "A", language="en", offers="recrutement")).source
    'file'
    >>> attendee_language(Attendee("b@x.org", "B", needs="Conseils pour embaucher un commercial"))
    LanguageGuess(language='fr', source='words')
    """
    stated = (attendee.language or "").strip().lower()[:2]
    if stated in LANGUAGES:
        return LanguageGuess(stated, "file")
    language, from_words = guess_language(
        (attendee.offers, attendee.needs, attendee.interests, attendee.role, attendee.bio), default)
    return LanguageGuess(language, "words" if from_words else "default")


def with_languages(attendees: Sequence[Attendee], default: str = "en") -> tuple[list[Attendee], list[LanguageGuess]]:
    """Attendees whose language is filled in, and how each was found (same order).

    >>> people, guesses = with_languages([Attendee("a@x.org", "A", offers="levée de fonds"),
    ...                                   Attendee("b@x.org", "B")], default="en")
    >>> [p.language for p in people], [g.source for g in guesses]
    (['fr', 'en'], ['words', 'default'])
    """
    guesses = [attendee_language(a, default) for a in attendees]
    people = [a if a.language == g.language else replace(a, language=g.language)
              for a, g in zip(attendees, guesses)]
    return people, guesses


def language_counts(guesses: Iterable[LanguageGuess]) -> dict[str, int]:
    """Counts for the organizer's preview: per language, and how many were not given by the file.

    >>> language_counts([LanguageGuess("fr", "words"), LanguageGuess("en", "file"),
    ...                  LanguageGuess("fr", "default")])
    {'fr': 2, 'en': 1, 'guessed': 2, 'from_words': 1, 'default': 1}
    """
    counts = {"fr": 0, "en": 0, "guessed": 0, "from_words": 0, "default": 0}
    for guess in guesses:
        counts[guess.language] += 1
        counts["guessed"] += guess.guessed
        counts["from_words"] += guess.source == "words"
        counts["default"] += guess.source == "default"
    return counts
