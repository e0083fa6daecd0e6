"""French and English typography for sentences people read.

Pure helpers that templates and sentence builders share, so that every page,
e-mail and draft elides, quotes, joins and spaces the same way:

* elision: :func:`de`, :func:`le`, :func:`que` and the general :func:`elide`
  ("de Tom", "d'Anna", "d'Élodie", "d'Hugo", but "de Yann", "de hackathon");
* quotation marks: :func:`quote` (« … » with no-break spaces in French, “…” in English);
* lists: :func:`join_list` ("X, Y and Z" / « X, Y et Z »);
* spacing: :func:`nbsp_fr` puts the no-break spaces French wants before ; ! ? :
  and inside « », so that no mark is left alone at a line end on a phone;
* names and events: :func:`first_name`, :func:`at_event`, :func:`titled`.

All functions take and return plain text (no HTML): escape after calling them.
The apostrophe is the straight ``'`` used across the project's texts.

Examples
--------
>>> de("Anna"), de("Tom"), de("Élodie"), de("Hugo"), de("Yann"), de("hackathon")
("d'Anna", 'de Tom', "d'Élodie", "d'Hugo", 'de Yann', 'de hackathon')
>>> "Profil LinkedIn " + de("Anna")
"Profil LinkedIn d'Anna"
>>> join_list(["SEO", "pricing", "export"], "en"), join_list(["SEO", "export"], "fr", each=de)
('SEO, pricing and export', "de SEO et d'export")
>>> nbsp_fr("Vous avez écrit « export » : pourquoi ?") == "Vous avez écrit «\\u00a0export\\u00a0»\\u00a0: pourquoi\\u202f?"
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

__all__ = [
    "APOSTROPHE",
    "NBSP",
    "NNBSP",
    "at_event",
    "de",
    "elide",
    "first_name",
    "join_list",
    "language_code",
    "le",
    "nbsp_fr",
    "plain",
    "que",
    "quote",
    "starts_with_vowel_sound",
    "titled",
]

#: No-break space (before ":" and inside « » in French).
NBSP = "\u00a0"
#: Narrow no-break space (before ; ! ? in French).
NNBSP = "\u202f"
#: The apostrophe used for elision, as in the rest of the project's texts.
APOSTROPHE = "'"

_VOWELS = frozenset("aeiouàâäéèêëîïôöùûüœæ")
# Words whose "h" is aspirated (no elision: "le hackathon", "de hausse"); prefixes, so plurals and
# derived forms ("hiérarchique", "hackathons") are covered too.
_H_ASPIRE = ("hach", "hack", "haie", "haine", "hall", "halte", "hamac", "hameau", "hamster", "hanche", "handball",
             "handicap", "hangar", "hard", "hareng", "haricot", "harpe", "hasard", "hashtag", "hâte", "hausse",
             "haut", "havre", "hérisson", "héros", "hibou", "hiérarch", "hippie", "hobby", "hockey", "holding",
             "homard", "hongr", "honte", "hoquet", "hors", "hotline", "housse", "hublot", "huit", "hurl", "hutte")
# Vowel letters that sound like consonants here: "de oui", "le onze", "de yoga", "de Yann".
_NO_ELISION = ("oui", "onze", "ouate", "ouistiti", "uhlan", "yaourt")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def language_code(language: str | None) -> str:
    """``"fr"`` for any French tag (``fr``, ``fr-CA``, ``FR``), ``"en"`` for anything else.

    >>> language_code("fr-BE"), language_code(""), language_code(None), language_code("de")
    ('fr', 'en', 'en', 'en')
    """
    return "fr" if (language or "").strip().lower().startswith("fr") else "en"


def starts_with_vowel_sound(text: str) -> bool:
    """True when the first word of ``text`` takes an elided article in French.

    Quotation marks and spaces before the word are skipped; digits never elide.

    >>> [starts_with_vowel_sound(w) for w in ("export", "« IA »", "hausse", "Hélène", "Yves", "yoga", "8 idées")]
    [True, True, False, True, True, False, False]
    """
    text = (text or "").lstrip(" \u00a0\u202f«»\"'“”‘’([")
    match = _WORD.match(text)
    if not match or match.start() != 0:
        return False
    word = match.group(0).lower()
    if word.startswith(_NO_ELISION):
        return False
    first = word[0]
    if first == "h":
        return not word.startswith(_H_ASPIRE)
    if first == "y":  # "Yves", "Ypres" elide; "Yann", "yoga" do not
        return len(word) > 1 and word[1] not in _VOWELS and word[1] != "y"
    return first in _VOWELS


def elide(word: str, following: str) -> str:
    """``word`` (de, le, la, que, je, me, te, se, ne, ce, jusque, lorsque, puisque) joined to ``following``.

    The capital of ``word`` is kept, so it also opens a sentence.

    >>> elide("de", "Anna"), elide("La", "équipe"), elide("que", "Tom"), elide("jusque", "ici")
    ("d'Anna", "L'équipe", 'que Tom', "jusqu'ici")
    """
    following = (following or "").strip()
    if not following:
        return word
    if starts_with_vowel_sound(following) and word[-1:].lower() in ("e", "a") and len(word) >= 2:
        return word[:-1] + APOSTROPHE + following
    return f"{word} {following}"


def de(text: str) -> str:
    """French "de" before ``text``, elided when ``text`` starts with a vowel sound.

    >>> "À propos " + de("Élodie"), de("« Rencontres Lyon »"), de("« Assises »")
    ("À propos d'Élodie", 'de « Rencontres Lyon »', "d'« Assises »")
    """
    return elide("de", text)


def le(text: str) -> str:
    """French "le" before ``text`` ("l'" before a vowel sound).

    >>> le("export"), le("recrutement"), le("hackathon")
    ("l'export", 'le recrutement', 'le hackathon')
    """
    return elide("le", text)


def que(text: str) -> str:
    """French "que" before ``text`` ("qu'" before a vowel sound).

    >>> "Plus " + que("Anna"), "Plus " + que("Tom")
    ("Plus qu'Anna", 'Plus que Tom')
    """
    return elide("que", text)


def quote(text: str, language: str) -> str:
    """``text`` between the quotation marks of ``language``; quotes inside become second-level marks.

    French takes « » with no-break spaces inside and “ ” within; English takes “ ” and ‘ ’ within.

    >>> quote('the "lean" way', "en")
    '“the ‘lean’ way”'
    >>> quote("je cherche un associé", "fr") == "«\\u00a0je cherche un associé\\u00a0»"
    True
    """
    text = " ".join((text or "").split())
    inner_open, inner_close = ("“", "”") if language_code(language) == "fr" else ("‘", "’")
    opened = [False]

    def swap(match: re.Match) -> str:
        # Marks alternate whatever their direction, so that inner quotes always pair up.
        opened[0] = not opened[0]
        return inner_open if opened[0] else inner_close

    text = re.sub(r"«\s*|\s*»|[“”\"]", swap, text)
    if opened[0]:
        text += inner_close
    if language_code(language) == "fr":
        return f"«{NBSP}{text}{NBSP}»"
    return f"“{text}”"


def join_list(items: Iterable[str], language: str, *, each: Callable[[str], str] | None = None) -> str:
    """Items joined as a native writer lists them: "X, Y and Z" / « X, Y et Z ».

    ``each`` wraps every item, e.g. :func:`de` to repeat the preposition in French
    ("de levée de fonds et d'export").

    >>> join_list(["X"], "fr"), join_list(["X", "Y"], "en"), join_list(["X", "Y", "Z"], "fr")
    ('X', 'X and Y', 'X, Y et Z')
    >>> join_list([], "en")
    ''
    """
    items = [each(i) if each else i for i in items if i and i.strip()]
    if len(items) <= 1:
        return "".join(items)
    conjunction = " et " if language_code(language) == "fr" else " and "
    return ", ".join(items[:-1]) + conjunction + items[-1]


def first_name(name: str) -> str:
    """The first word of a display name ("" when there is none).

    >>> first_name("  Zoé Martin "), first_name("")
    ('Zoé', '')
    """
    parts = (name or "").split()
    return parts[0] if parts else ""


def at_event(event_name: str, language: str) -> str:
    """Where a meeting took place: "at Paris Tech Day" / « lors de l'événement « … » ».

    French needs an article before an event's name and cannot guess its gender, so the
    name is quoted after "l'événement".

    >>> at_event("Paris Tech Day", "en"), at_event("", "en")
    ('at Paris Tech Day', 'at the event')
    >>> at_event("Rencontres Lyon 2026", "fr").replace(NBSP, " ")
    "lors de l'événement « Rencontres Lyon 2026 »"
    """
    event_name = " ".join((event_name or "").split())
    if language_code(language) == "fr":
        return "lors de l'événement " + quote(event_name, "fr") if event_name else "lors de l'événement"
    return f"at {event_name}" if event_name else "at the event"


def titled(label: str, event_name: str) -> str:
    """A heading that names an event without a preposition: "Vos conversations — Rencontres Lyon 2026".

    >>> titled("Vos conversations", "Rencontres Lyon 2026"), titled("Your conversations", "")
    ('Vos conversations — Rencontres Lyon 2026', 'Your conversations')
    """
    event_name = " ".join((event_name or "").split())
    return f"{label} — {event_name}" if event_name else label


_SPACES = "[ \t\u00a0\u202f]"
_BEFORE_TALL = re.compile(_SPACES + r"+([;!?])")
_GLUED_TALL = re.compile(r"(?<=[\w»)])([;!?]+)(?=\s|$)")
_BEFORE_COLON = re.compile(_SPACES + r"+:")
_GLUED_COLON = re.compile(r"(?<=[\w»)]):(?=\s|$)")
_AFTER_OPEN = re.compile("«" + _SPACES + "*")
_BEFORE_CLOSE = re.compile(_SPACES + "*»")


def nbsp_fr(text: str) -> str:
    """French spacing: narrow no-break space before ; ! ?, no-break space before : and inside « ».

    A missing space is added after a word ("Bonjour!" -> "Bonjour !"); a mark inside a
    word or an address ("https://x.fr/?a=1", "10:30") is left alone. Idempotent.

    >>> nbsp_fr("Bonjour! Prêt ?") == "Bonjour\\u202f! Prêt\\u202f?"
    True
    >>> nbsp_fr("«export» à 10:30, voir https://x.fr/?a=1") == "«\\u00a0export\\u00a0» à 10:30, voir https://x.fr/?a=1"
    True
    """
    text = _BEFORE_TALL.sub(NNBSP + r"\1", text or "")
    text = _GLUED_TALL.sub(NNBSP + r"\1", text)
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _GLUED_COLON.sub(NBSP + ":", text)
    if "«" in text or "»" in text:
        text = _BEFORE_CLOSE.sub(NBSP + "»", _AFTER_OPEN.sub("«" + NBSP, text))
    return text


def plain(text: str) -> str:
    """``text`` with its no-break spaces made ordinary spaces (for comparing, searching, logs).

    >>> plain(nbsp_fr("Prêt ?"))
    'Prêt ?'
    """
    return (text or "").replace(NBSP, " ").replace(NNBSP, " ")
