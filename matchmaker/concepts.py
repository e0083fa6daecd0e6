"""From free text to concepts of the bilingual lexicon.

A phrase is cut into words, each word lemmatised in French and English
(simplemma: "levées" -> "levée", "investors" -> "investor"), lowercased and
stripped of accents; function words ("de", "the", "des") are dropped.  Lexicon
terms go through the same steps, so "levées de fonds" meets "levée de fonds".
Multiword terms are found longest first ("conseil d'administration" before
"conseil"); words written in capitals ("IT", "US") are kept as acronyms even
when the lowercase word is a function word (unless the whole text is in capitals).

What no term covers is kept as *leftover* words: they still count (a rare
word such as "Kubernetes" on both sides is real evidence), but they carry no
translation.  Filler ("someone", "help", "je cherche", "expert") is not kept.

Examples
--------
>>> tokens("Les levées de fonds")
('levee', 'fonds')
>>> tokens("IT security for SMEs")[:2]
('it', 'security')
>>> ConceptIndex([]).find("Kubernetes et Docker").leftover
('kubernetes', 'docker')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import simplemma

from .lexicon import Concept, load_lexicon

__all__ = ["tokens", "fold", "Found", "ConceptIndex", "default_index", "glossary_index", "FUNCTION_WORDS",
           "FILLER_WORDS", "is_filler"]

#: Words that carry no subject, in both languages (accent-free, lowercase).
FUNCTION_WORDS = frozenset(
    """a an the of to for in on at by with from and or our my your their his her its this that these those is are
    be been am was were i we you they he she it me us them can could would will about into as all also very more
    most some any other others etc our ours via per than then so such both each
    le la les l un une des du de d au aux et ou en dans sur pour par avec sans ce cet cette ces mon ma mes notre
    nos votre vos leur leurs son sa ses je tu il elle nous vous ils elles on qui que quoi est sont suis etre
    plus tres aussi autre autres qu s y ne pas chez vers entre afin comme ainsi n c j m t se re ve ll ai
    not never but now just still already jamais mais maintenant deja encore toujours ex ancien ancienne
    anciens anciennes two three five six seven eight nine ten twenty hundred deux trois quatre cinq sept
    huit neuf dix vingt cent""".split()
)
#: Words that say *that* someone helps, looks or works, never *what* about: they never make a
#: leftover unit ("I'm a consultant based in Lyon who can help you build..."). Lemmatised on use.
FILLER_WORDS = frozenset(
    """do does did doing make makes making made get gets getting set setting put take run running go going
    help helping helps need needs needed want wants looking look find finding seek seeking search offer offering
    provide providing give giving bring share support supporting work working works worked use using based
    someone somebody anyone people person expert experts expertise specialist specialists professional
    consultant consultants freelance freelancer advisor adviser years year experience experienced senior junior
    lead leading good great best new first next own first-time love like happy glad able ready open keen
    im i'm ive i've we're were you're our your about around via also really well much many lot lots
    thing things stuff way ways kind sort type help-with looking-for
    faire fais fait mettre met trouver cherche chercher recherche rechercher aider aide besoin vouloir veux voudrais
    souhaite souhaiter proposer propose offrir offre apporter apporte partager accompagner accompagne
    quelqu quelqu'un personne personnes expert experte experts expertise specialiste consultant consultante
    professionnel annee annees ans experience senior junior bon bonne meilleur nouveau nouvelle premier premiere
    propre pret prete ouvert envie aimer adorer vraiment beaucoup chose choses facon type genre
    suis être etre avoir ai avons avez specialise specialisee specialiser occuper travailler
    calculate calculer measure mesurer have has had haver faut falloir doit devoir dois devons peut pouvoir peux
    pouvons selon under keep ask asking demander""".split()
)
#: Words after which a capital letter names a kind, not the article "a": "Series A", "série B", "Plan A".
LETTER_HEADS = frozenset("series serie round tour phase plan class classe categorie category".split())
_TOKEN = re.compile(r"[^\W_]+(?:&[^\W_]+)*[+#]*")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_LANGUAGES = ("fr", "en")


def fold(text: str) -> str:
    """Lowercase without accents.

    >>> fold("Trésorerie Œuvre")
    'tresorerie oeuvre'
    """
    if text.isascii():
        return text.lower()
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower()


@lru_cache(maxsize=200_000)
def _word(word: str, shouting: bool) -> str:
    """Lemma of one word, or "" for a function word.

    A word in capitals inside ordinary text is an acronym when it would otherwise be a
    function word ("IT", "US"); in text written all in capitals nothing is.
    """
    lower = word.lower()
    if fold(lower) in FUNCTION_WORDS:
        return fold(lower) if (not shouting and len(word) >= 2 and word.isupper()) else ""
    if len(lower) <= 3 or any(ch.isdigit() for ch in lower):
        return fold(lower)
    return fold(simplemma.lemmatize(lower, lang=_LANGUAGES))


@lru_cache(maxsize=200_000)
def tokens(text: str) -> tuple[str, ...]:
    """Lemmas of the content words of ``text``, accent-free, in order.

    >>> tokens("Tests d'intrusion")
    ('test', 'intrusion')
    >>> tokens("Series A, a series")
    ('series', 'a', 'series')
    """
    out = []
    words = _TOKEN.findall(text or "")
    shouting = sum(len(w) for w in words) > 3 and all(w.isupper() for w in words if w.isalpha())
    for word in words:
        lemma = _word(word, shouting)
        if not lemma and len(word) == 1 and word.isupper() and out and out[-1] in LETTER_HEADS:
            lemma = word.lower()
        if lemma:
            out.append(lemma)
    return tuple(out)


@lru_cache(maxsize=1)
def _filler_lemmas() -> frozenset[str]:
    return frozenset(FILLER_WORDS) | frozenset(_word(w, False) for w in FILLER_WORDS) - {""}


def is_filler(lemma: str) -> bool:
    """True for a (lemmatised) word that carries no subject.

    >>> is_filler("helping"), is_filler(tokens("cherchons")[0]), is_filler("kubernetes")
    (True, True, False)
    """
    return lemma in _filler_lemmas()


@dataclass(frozen=True)
class Found:
    """Concepts found in a text, in order and without repeats, the words no term covered, and
    the concepts of shorter terms inside the terms found (a broader concept it implies)."""

    concepts: tuple[str, ...]
    leftover: tuple[str, ...]
    inner: tuple[str, ...] = ()


class ConceptIndex:
    """Term lookup for a set of concepts: token tuples -> concept ids, longest match first.

    A term shared by several concepts maps to all of them (deliberate ambiguity).
    ``overrides`` (an event glossary) replace whatever the base concepts say for the same terms.
    """

    def __init__(self, concepts: Iterable[Concept], overrides: Iterable[Concept] = ()):
        self.concepts: dict[str, Concept] = {}
        self.terms: dict[tuple[str, ...], tuple[str, ...]] = {}
        for group, replace in ((concepts, False), (overrides, True)):
            fresh: dict[tuple[str, ...], tuple[str, ...]] = {}
            for concept in group:
                self.concepts[concept.id] = concept
                for term in concept.terms:
                    key = tokens(term)
                    if key:
                        fresh[key] = tuple(dict.fromkeys(fresh.get(key, ()) + (concept.id,)))
            if not replace:
                fresh = _merge_duplicates(fresh)
            for key, ids in fresh.items():
                self.terms[key] = ids if replace else tuple(dict.fromkeys(self.terms.get(key, ()) + ids))
        # French written without accents ("collectivites", "Etats-Unis") is not in the lemmatiser's
        # dictionary: each accented term is also found as it reads without accents, where no term is
        for concept in list(self.concepts.values()):
            for term in concept.terms:
                if not term.isascii() and (ids := self.terms.get(tokens(term))):
                    key = tokens(_strip_accents(term))
                    if key and key not in self.terms:
                        self.terms[key] = ids
        self.longest = max((len(k) for k in self.terms), default=0)
        self._number_pairs = frozenset(key[k:k + 2] for key in self.terms for k in range(len(key) - 1)
                                       if _count(key[k]) or _count(key[k + 1]))
        self._cache: dict[str, Found] = {}

    def is_generic(self, concept_id: str) -> bool:
        concept = self.concepts.get(concept_id)
        return concept is not None and concept.generic

    def _scan(self, words: tuple[str, ...]):
        concepts: list[str] = []
        leftover: list[str] = []
        spans: list[tuple[int, int]] = []
        at = 0
        while at < len(words):
            for size in range(min(self.longest, len(words) - at), 0, -1):
                ids = self.terms.get(words[at:at + size])
                if ids:
                    concepts.extend(ids)
                    spans.append((at, at + size))
                    at += size
                    break
            else:
                if not is_filler(words[at]):
                    leftover.append(words[at])
                at += 1
        return concepts, leftover, spans

    def find(self, text: str) -> Found:
        """Concepts in ``text`` (longest terms first, left to right) and the uncovered words.

        >>> index = ConceptIndex([Concept("x.cash", ("cash",), ("trésorerie",)),
        ...                       Concept("x.cash_plan", ("cash plan",), ("plan de trésorerie",))])
        >>> index.find("Plan de trésorerie, banques")
        Found(concepts=('x.cash_plan',), leftover=('banque',), inner=('x.cash',))
        """
        found = self._cache.get(text)
        if found is not None:
            return found
        # small counts ("200+ engineers", "3 développeurs") would cut a term in two; numbers that
        # terms use ("scope 3") and longer ones ("ISO 9001") stay
        words = tokens(text)
        words = tuple(w for k, w in enumerate(words) if not _count(w) or words[max(0, k - 1):k + 1] in self._number_pairs
                      or words[k:k + 2] in self._number_pairs)
        concepts, leftover, spans = self._scan(words)
        inner: list[str] = []
        for start, end in spans:  # one-word terms inside a longer one: "recruiting" in "recruiting engineers"
            outer_ids = self.terms.get(words[start:end], ())
            for at in range(start, end if end - start > 1 else start):
                inner.extend(i for i in self.terms.get(words[at:at + 1], ()) if _implied(i, outer_ids))
        outer = tuple(dict.fromkeys(concepts))
        found = Found(outer, tuple(dict.fromkeys(leftover)), tuple(dict.fromkeys(i for i in inner if i not in outer)))
        if len(self._cache) < 500_000:
            self._cache[text] = found
        return found


def _strip_accents(text: str) -> str:
    """``text`` without accents, case kept ("États-Unis" -> "Etats-Unis")."""
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).replace("œ", "oe").replace("Œ", "OE")


def _count(word: str) -> bool:
    """A small number as people write counts: "3", "200+", "10"."""
    return len(word.rstrip("+")) <= 3 and word.rstrip("+").isdigit()


def _implied(inner: str, outer: tuple[str, ...]) -> bool:
    """Whether a one-word concept inside a longer term is implied by it: only within the same
    field ("recruiting" in "recruiting engineers"), or a broad one; "accounting" in "carbon
    accounting" is not bookkeeping.

    >>> _implied("hiring.recruitment", ("hiring.technical_recruiting",))
    True
    >>> _implied("accounting.bookkeeping", ("climate.carbon_accounting",))
    False
    """
    field = inner.partition(".")[0]
    return field in ("broad", "generic", "place") or any(o.partition(".")[0] == field for o in outer)


def _merge_duplicates(terms: dict[tuple[str, ...], tuple[str, ...]]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """One id for concepts that are the same thing written in two files.

    Two concepts sharing a multiword term or two terms ("IPO" and "introduction en bourse")
    become the concept of the smaller id; a lone shared acronym ("CRO": contract research
    organisation or conversion rate optimisation) stays ambiguous and maps to both.
    """
    shared: dict[tuple[str, str], int] = {}
    for key, ids in terms.items():
        for x in ids:
            for y in ids:
                if x < y:
                    shared[(x, y)] = shared.get((x, y), 0) + (2 if len(key) > 1 else 1)
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for (x, y), weight in sorted(shared.items()):
        if weight >= 2:
            rx, ry = root(x), root(y)
            if rx != ry:
                parent[max(rx, ry)] = min(rx, ry)
    if not parent:
        return terms
    return {key: tuple(dict.fromkeys(root(i) for i in ids)) for key, ids in terms.items()}


@lru_cache(maxsize=1)
def default_index() -> ConceptIndex:
    """The index of the packaged lexicon, built once."""
    return ConceptIndex(load_lexicon())


@lru_cache(maxsize=8)
def glossary_index(glossary: tuple[Concept, ...]) -> ConceptIndex:
    """The packaged lexicon with an event glossary on top (cached for repeated runs)."""
    if not glossary:
        return default_index()
    return ConceptIndex(load_lexicon(), overrides=glossary)
