"""The bilingual lexicon: concepts written in English and French, read from data files.

Each file ``matchmaker/data/lexicon/<domain>.tsv`` holds one concept per line,
three tab-separated fields::

    funding.fundraising<TAB>fundraising; raising funds<TAB>levée de fonds; lever des fonds

Lines starting with ``#`` are comments.  Ids are ``domain.slug``; the
``generic`` domain holds words that are too broad to make help on their own
("partnerships", "clients", "strategy"): a pair is never credited with help
for sharing only those.

An event glossary adds the organizer's own terms for one run, one concept per
line, terms separated by ``;`` (any language)::

    CRISPR; édition du génome; genome editing

Examples
--------
>>> concepts = parse_lexicon("# demo\\nfunding.seed\\tseed round; seed funding\\tamorçage\\n")
>>> concepts[0].id, concepts[0].en, concepts[0].fr
('funding.seed', ('seed round', 'seed funding'), ('amorçage',))
>>> parse_glossary("CRISPR; édition du génome")[0].terms
('CRISPR', 'édition du génome')
>>> len(load_lexicon()) > 10
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .errors import MatchmakerError

__all__ = ["Concept", "LexiconError", "GlossaryError", "GENERIC_DOMAIN", "parse_lexicon", "load_lexicon",
           "parse_glossary", "MAX_GLOSSARY_LINES", "MAX_TERM_LENGTH"]

GENERIC_DOMAIN = "generic"
MAX_GLOSSARY_LINES = 2_000
MAX_TERM_LENGTH = 80
_ID = re.compile(r"^[a-z0-9_]+\.[a-z0-9_.\-]+$")


class LexiconError(MatchmakerError):
    """A lexicon data file is malformed (a packaging bug, not a user error)."""


class GlossaryError(MatchmakerError):
    """An event glossary line cannot be read; the message names the line and what to change."""


@dataclass(frozen=True)
class Concept:
    """One concept: its id and its terms in each language (glossary terms go in both)."""

    id: str
    en: tuple[str, ...]
    fr: tuple[str, ...]

    @property
    def terms(self) -> tuple[str, ...]:
        """All terms, English first, without repeats."""
        return tuple(dict.fromkeys(self.en + self.fr))

    @property
    def generic(self) -> bool:
        """True for concepts too broad to make help alone."""
        return self.id.startswith(GENERIC_DOMAIN + ".")


def _terms(field: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t.strip() for t in field.split(";") if t.strip()))


def parse_lexicon(text: str, source: str = "lexicon") -> list[Concept]:
    """Concepts of one lexicon file.

    Raises
    ------
    LexiconError
        On a line without three fields, a bad id or a language without terms.
    """
    concepts = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.rstrip("\r\n").split("\t")
        if len(fields) != 3:
            raise LexiconError(f"{source} line {number}: expected 3 tab-separated fields, found {len(fields)}")
        concept_id, en, fr = fields[0].strip(), _terms(fields[1]), _terms(fields[2])
        if not _ID.match(concept_id):
            raise LexiconError(f"{source} line {number}: concept id {concept_id!r} is not 'domain.slug'")
        if not en or not fr:
            raise LexiconError(f"{source} line {number}: {concept_id} needs English and French terms")
        concepts.append(Concept(concept_id, en, fr))
    return concepts


@lru_cache(maxsize=1)
def load_lexicon() -> tuple[Concept, ...]:
    """Every concept of the packaged lexicon files, read once, files in name order.

    A concept id defined twice keeps the terms of both lines.
    """
    folder = resources.files("matchmaker").joinpath("data", "lexicon")
    merged: dict[str, Concept] = {}
    for entry in sorted((e for e in folder.iterdir() if e.name.endswith(".tsv")), key=lambda e: e.name):
        for concept in parse_lexicon(entry.read_text(encoding="utf-8"), source=entry.name):
            old = merged.get(concept.id)
            if old is not None:
                concept = Concept(concept.id, tuple(dict.fromkeys(old.en + concept.en)),
                                  tuple(dict.fromkeys(old.fr + concept.fr)))
            merged[concept.id] = concept
    return tuple(merged.values())


def parse_glossary(text: str) -> tuple[Concept, ...]:
    """An organizer's glossary: one concept per line, terms separated by ``;``.

    Blank lines and lines starting with ``#`` are skipped.  Concepts get the ids
    ``glossary.1``, ``glossary.2``... in line order.

    Raises
    ------
    GlossaryError
        For an empty term between two ``;``, a term longer than :data:`MAX_TERM_LENGTH`
        characters or without a letter or digit, a term given on two lines, or more than
        :data:`MAX_GLOSSARY_LINES` lines.

    Examples
    --------
    >>> [c.terms for c in parse_glossary("qPCR; PCR quantitative\\n\\n# note\\nCAR-T; cellules CAR-T")]
    [('qPCR', 'PCR quantitative'), ('CAR-T', 'cellules CAR-T')]
    >>> parse_glossary("ok; fine\\nbad;;term")
    Traceback (most recent call last):
    ...
    matchmaker.lexicon.GlossaryError: glossary line 2: empty term between two ';' (write 'term; synonym; translation')
    """
    concepts: list[Concept] = []
    seen: dict[str, int] = {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if len(concepts) >= MAX_GLOSSARY_LINES:
            raise GlossaryError(f"glossary line {number}: more than {MAX_GLOSSARY_LINES} concepts; keep the "
                                "terms specific to this event")
        raw = [t.strip() for t in line.split(";")]
        if raw and not raw[-1]:
            raw.pop()  # a trailing ";" is harmless
        if any(not t for t in raw):
            raise GlossaryError(f"glossary line {number}: empty term between two ';' "
                                "(write 'term; synonym; translation')")
        for term in raw:
            if len(term) > MAX_TERM_LENGTH:
                raise GlossaryError(f"glossary line {number}: the term {term[:30]!r}... is longer than "
                                    f"{MAX_TERM_LENGTH} characters; split it into shorter terms")
            if not any(c.isalnum() for c in term):
                raise GlossaryError(f"glossary line {number}: {term!r} has no letter or digit")
            key = " ".join(term.lower().split())
            if key in seen and seen[key] != number:
                raise GlossaryError(f"glossary line {number}: {term!r} is already on line {seen[key]}; "
                                    "put each term on one line only")
            seen[key] = number
        terms = tuple(dict.fromkeys(raw))
        concepts.append(Concept(f"glossary.{len(concepts) + 1}", terms, terms))
    return tuple(concepts)
