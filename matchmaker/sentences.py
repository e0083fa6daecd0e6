"""Help lines: what a match is worth, said from the viewer's side and no stronger than the profiles.

Every line is built from evidence the engine found (the phrases each side
gives, the interests both share) and says exactly that much:

* the partner gives something: "Zoé can help you with fundraising and SEO." (or, when a
  phrase is a clause, "Zoé can help you: “I design onboarding flows”.");
* the viewer gives something: "You can help Zoé with recruiting.";
* interests meet: "You share an interest in climate and AI.";
* nothing meets: "A first conversation to explore: ..." (no promise of help).

:func:`match_strength` names the strength in one word and :func:`strength_line`
says it in one short sentence, for headings and invitations ("You can help each
other." only when help runs both ways).  Phrases in the other language than the
reader's are quoted, never set in the sentence as if they were the reader's words.
All functions are pure and take the reader's language, so a page renders them at
view time in the language its viewer chose, from the match's stored evidence::

    mine, theirs = (m.a_gives, m.b_gives) if viewer_is_a else (m.b_gives, m.a_gives)
    lines = help_lines(partner.name, viewer_gives=mine, partner_gives=theirs, shared=m.shared,
                       language=viewer_language)
    heading = strength_line(match_strength(mine, theirs, m.shared), partner.name, viewer_language)

Examples
--------
>>> from matchmaker.typography import plain
>>> help_lines("Zoé Martin", viewer_gives=["recruiting"], partner_gives=["fundraising", "SEO"], language="en")
['Zoé can help you with fundraising and SEO.', 'You can help Zoé with recruiting.']
>>> [plain(x) for x in help_lines("Zoé", partner_gives=["levée de fonds", "export"], language="fr")]
["Zoé peut vous aider en matière de levée de fonds et d'export."]
>>> help_lines("Tom", language="en")
['A first conversation to explore: your profiles show no common ground yet, so start by asking what Tom is working on.']
"""

from __future__ import annotations

from collections.abc import Sequence

from .shapes import bare_count_noun, in_sentence, names_a_person, phrase_shape
from .text import split_phrases
from .typography import de, first_name, join_list, language_code, nbsp_fr, quote

__all__ = ["STRENGTHS", "explore_line", "help_lines", "match_strength", "phrase_items", "shared_line",
           "strength_line", "they_help_line", "you_help_line"]

#: Strengths of a match, strongest first.
STRENGTHS = ("mutual", "they_help", "you_help", "shared", "explore")

_TEXTS = {
    "en": {
        "they_help": "{P} can help you with {list}.",
        "you_help": "You can help {p} with {list}.",
        "shared": "You share an interest in {list}.",
        # A clause cannot follow "with": the person's words follow a colon.
        "they_help_colon": "{P} can help you: {list}.",
        "you_help_colon": "You can help {p}: {list}.",
        "shared_colon": ("You share an interest: {list}.", "You share interests: {list}."),
        "explore": ("A first conversation to explore: your profiles show no common ground yet, "
                    "so start by asking what {p} is working on."),
        "partner": ("Your partner", "your partner"),
        "mutual_line": "You can help each other.",
        "they_help_line": "{P} can help you.",
        "you_help_line": "You can help {p}.",
        "shared_line": "You share interests.",
        "explore_line": "A first conversation to explore.",
    },
    "fr": {
        "they_help": "{P} peut vous aider en matière {de_list}.",
        "you_help": "Vous pouvez aider {p} en matière {de_list}.",
        "shared": ("Vous avez un intérêt commun : {list}.", "Vous avez des intérêts communs : {list}."),
        "they_help_colon": "{P} peut vous aider : {list}.",
        "you_help_colon": "Vous pouvez aider {p} : {list}.",
        "shared_colon": ("Vous avez un intérêt commun : {list}.", "Vous avez des intérêts communs : {list}."),
        "explore": ("Une première conversation pour faire connaissance : vos profils ne montrent pas encore "
                    "de point commun ; demandez à {p} sur quoi porte son travail."),
        "partner": ("Votre partenaire", "votre partenaire"),
        "mutual_line": "Vous pouvez vous aider mutuellement.",
        "they_help_line": "{P} peut vous aider.",
        "you_help_line": "Vous pouvez aider {p}.",
        "shared_line": "Vous avez des intérêts communs.",
        "explore_line": "Une première conversation pour faire connaissance.",
    },
}


def _names(partner_name: str, texts: dict) -> dict:
    """The partner's first name, or "Your partner" / "your partner" when the file has none."""
    first = first_name(partner_name)
    capital, lower = (first, first) if first else texts["partner"]
    return {"P": capital, "p": lower}


def phrase_items(phrases: Sequence[str], language: str) -> list[str]:
    """Phrases ready to list in a sentence of ``language`` (other-language or clause-shaped ones quoted).

    >>> phrase_items(["levée de fonds", "SEO", "  ", "we are hiring"], "en")
    ['“levée de fonds”', 'SEO', '“we are hiring”']
    """
    return _items(phrases, language)[0]


def _items(phrases: Sequence[str], language: str) -> tuple[list[str], bool]:
    """Each phrase as it can stand after "with" / "en matière de": a noun phrase of the reader's
    language as it is (without its article in French), anything else quoted as written; and
    whether every phrase was a noun phrase (else the list follows a colon)."""
    items, nouns = [], True
    if isinstance(phrases, str):  # a field as written: "SEO, pricing"
        phrases = [p.text for p in split_phrases(phrases)]
    for phrase in phrases or ():
        shape = phrase_shape(phrase)
        if shape.kind == "empty":
            continue
        if shape.kind != "noun" or names_a_person(shape.text):
            # A clause, or a person ("a technical cofounder"): quoted as written, after a colon.
            nouns = False
            items.append(quote(shape.text, language))
        elif language == "fr" and shape.language in ("", "fr"):
            items.append(in_sentence(shape.bare, shape.language, language))
        elif language == "en" and shape.language in ("", "en") and bare_count_noun(shape.text):
            items.append(quote(shape.text, language))  # "help you with “mobile app”", not "with mobile app"
        else:
            items.append(in_sentence(shape.text, shape.language, language))
    return list(dict.fromkeys(items)), nouns


def _line(key: str, partner_name: str, phrases: Sequence[str], language: str) -> str:
    language = language_code(language)
    texts = _TEXTS[language]
    items, nouns = _items(phrases, language) if key in ("they_help", "you_help", "shared") else ([], True)
    if key in ("they_help", "you_help", "shared") and not items:
        return ""
    template = texts[key if nouns else key + "_colon"]
    if isinstance(template, tuple):
        template = template[len(items) > 1]
    text = template.format(list=join_list(items, language), de_list=join_list(items, language, each=de),
                           **_names(partner_name, texts))
    return nbsp_fr(text) if language == "fr" else text


def they_help_line(partner_name: str, partner_gives: Sequence[str], language: str) -> str:
    """What the partner can help the viewer with ("" when the profiles show nothing).

    >>> from matchmaker.typography import plain
    >>> plain(they_help_line("Tom Smith", ["recruiting engineers"], "fr"))
    'Tom peut vous aider en matière de « recruiting engineers ».'
    """
    return _line("they_help", partner_name, partner_gives, language)


def you_help_line(partner_name: str, viewer_gives: Sequence[str], language: str) -> str:
    """What the viewer can help the partner with ("" when the profiles show nothing).

    >>> you_help_line("", ["pricing"], "en")
    'You can help your partner with pricing.'
    """
    return _line("you_help", partner_name, viewer_gives, language)


def shared_line(shared: Sequence[str], language: str) -> str:
    """The interests both sides wrote ("" when there are none).

    >>> from matchmaker.typography import plain
    >>> plain(shared_line(["Climat", "IA"], "fr")), shared_line(["climate"], "en")
    ('Vous avez des intérêts communs : Climat et IA.', 'You share an interest in climate.')
    """
    return _line("shared", "", shared, language)


def explore_line(partner_name: str, language: str) -> str:
    """The honest line for a match the profiles do not explain.

    >>> from matchmaker.typography import plain
    >>> plain(explore_line("Élodie Roux", "fr"))
    'Une première conversation pour faire connaissance : vos profils ne montrent pas encore de point commun ; demandez à Élodie sur quoi porte son travail.'
    """
    return _line("explore", partner_name, (), language)


def help_lines(partner_name: str, viewer_gives: Sequence[str] = (), partner_gives: Sequence[str] = (),
               shared: Sequence[str] = (), language: str = "en") -> list[str]:
    """Every line that describes a match to its viewer, strongest evidence first.

    Parameters
    ----------
    partner_name : str
        The partner's display name (its first word is used).
    viewer_gives : sequence of str
        The viewer's offer phrases that meet the partner's needs (the engine's ``a_gives`` when
        the viewer is A), in the viewer's words.
    partner_gives : sequence of str
        The partner's offer phrases that meet the viewer's needs, in the partner's words.
    shared : sequence of str
        Interests found on both sides.
    language : str
        The viewer's language.

    Returns
    -------
    list of str
        One line per kind of evidence, or the single "first conversation to explore" line when
        there is none.
    """
    lines = [they_help_line(partner_name, partner_gives, language),
             you_help_line(partner_name, viewer_gives, language),
             shared_line(shared, language)]
    return [x for x in lines if x] or [explore_line(partner_name, language)]


def match_strength(viewer_gives: Sequence[str] = (), partner_gives: Sequence[str] = (),
                   shared: Sequence[str] = ()) -> str:
    """The strength of a match from the viewer's side, one of :data:`STRENGTHS`.

    >>> match_strength(["a"], ["b"]), match_strength([], ["b"]), match_strength(["a"]), match_strength(shared=["c"])
    ('mutual', 'they_help', 'you_help', 'shared')
    >>> match_strength()
    'explore'
    """
    gives, gets = any(x.strip() for x in viewer_gives), any(x.strip() for x in partner_gives)
    if gives and gets:
        return "mutual"
    if gets or gives:
        return "they_help" if gets else "you_help"
    return "shared" if any(x.strip() for x in shared) else "explore"


def strength_line(strength: str, partner_name: str, language: str) -> str:
    """One short sentence for a strength from :func:`match_strength`, for headings and invitations.

    >>> strength_line("mutual", "Zoé", "en"), strength_line("they_help", "Zoé", "fr")
    ('You can help each other.', 'Zoé peut vous aider.')
    """
    if strength not in STRENGTHS:
        raise ValueError(f"unknown strength {strength!r}: expected one of {', '.join(STRENGTHS)}")
    language = language_code(language)
    texts = _TEXTS[language]
    return nbsp_fr(texts[strength + "_line"].format(**_names(partner_name, texts))) if language == "fr" else \
        texts[strength + "_line"].format(**_names(partner_name, texts))
