"""An event's glossary: the organizer's own terms, checked with the engine's reader of glossaries.

The text is kept as the organizer wrote it, one concept per line
(``term; synonym; traduction``), and read by :func:`matchmaker.lexicon.parse_glossary`
when checked and when matching (:mod:`web.services.engine_adapter`). Its errors name
the line; here they are said again in the page's language.
"""

from __future__ import annotations

import re

from flask_babel import gettext

from matchmaker.lexicon import MAX_GLOSSARY_LINES, MAX_TERM_LENGTH, GlossaryError, parse_glossary

from .exceptions import Invalid

__all__ = ["MAX_GLOSSARY_CHARS", "check_glossary"]

#: Characters a glossary may hold (2,000 concepts of a few terms each fit well below).
MAX_GLOSSARY_CHARS = 200_000

_LINE = re.compile(r"glossary line (\d+): (.*)", re.S)


def _terms(text: str, line: int) -> list[str]:
    lines = text.splitlines()
    return [t.strip() for t in lines[line - 1].split(";") if t.strip()] if 0 < line <= len(lines) else []


def _key(term: str) -> str:
    return " ".join(term.lower().split())


def _said_again(error: GlossaryError, text: str) -> str:
    found = _LINE.match(str(error))
    if not found:
        return str(error)
    line, reason = int(found.group(1)), found.group(2)
    terms = _terms(text, line)
    other = re.search(r"already on line (\d+)", reason)
    if other:
        earlier = {_key(t) for t in _terms(text, int(other.group(1)))}
        term = next((t for t in terms if _key(t) in earlier), "")
    else:
        term = next((t for t in terms if not any(c.isalnum() for c in t)), "")
    if reason.startswith("empty term"):
        return gettext("Line %(line)d: a term is empty between two “;”; write “term; synonym; translation”.",
                       line=line)
    if reason.startswith("more than"):
        return gettext("Line %(line)d: the glossary has more than %(max)d concepts; keep the terms specific "
                       "to this event.", line=line, max=MAX_GLOSSARY_LINES)
    if "is longer than" in reason:
        return gettext("Line %(line)d: a term is longer than %(max)d characters; split it into shorter terms.",
                       line=line, max=MAX_TERM_LENGTH)
    if reason.endswith("has no letter or digit"):
        return gettext("Line %(line)d: “%(term)s” has no letter or digit.", line=line, term=term)
    if other:
        return gettext("Line %(line)d: “%(term)s” is already on line %(other)d; put each term on one line only.",
                       line=line, term=term, other=int(other.group(1)))
    return str(error)


def check_glossary(text: str | None) -> str:
    """The glossary as stored: line endings made plain, surrounding blank space removed.

    Raises
    ------
    Invalid
        On ``field="glossary"``, naming the line that cannot be read, in the page's language.
    """
    text = "\n".join(line.rstrip() for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    if len(text) > MAX_GLOSSARY_CHARS:
        raise Invalid(gettext("Keep the glossary under %(max)d characters.", max=MAX_GLOSSARY_CHARS),
                      field="glossary")
    try:
        parse_glossary(text)
    except GlossaryError as error:
        raise Invalid(_said_again(error, text), field="glossary") from None
    return text.strip("\n")  # after reading: the line numbers are the ones the organizer typed
