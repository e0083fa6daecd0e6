"""Text normalisation shared by scoring and explanations.

French and English profiles must meet on the same subject, and the words a
person reads must be their own.  This module turns free text into

* a *normalised* form for the vectorizer: lowercase, accents stripped, French
  and English synonyms mapped to one spelling (``RGPD`` -> ``gdpr``), filler
  words ("je recherche", "I can help with") removed, because filler shared by
  everybody would otherwise look like common ground;
* *phrases*: the items of a list such as ``"levée de fonds, recrutement"``,
  each kept in its original wording (for quoting) with a set of light stems
  (for matching one phrase against another).

Examples
--------
>>> normalise("Je recherche une levée de fonds")
'fundraising'
>>> [p.text for p in split_phrases("I can help with fundraising and hiring")]
['fundraising', 'hiring']
>>> phrases_match(split_phrases("Recrutement")[0], split_phrases("recruiting")[0])
True
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .items import split_items

__all__ = ["ALIASES", "Phrase", "normalise", "split_phrases", "stems", "phrases_match"]

#: Accent-free, lowercase French (or variant) spellings and the one spelling both languages share.
ALIASES: dict[str, str] = {
    "levee de fonds": "fundraising",
    "levees de fonds": "fundraising",
    "lever des fonds": "fundraising",
    "fund raising": "fundraising",
    "fund-raising": "fundraising",
    "financement": "funding",
    "investisseurs": "investors",
    "investisseur": "investor",
    "business angels": "investors",
    "recrutement": "recruiting",
    "recruter": "recruiting",
    "embauche": "hiring",
    "rgpd": "gdpr",
    "protection des donnees": "gdpr",
    "k8s": "kubernetes",
    "tarification": "pricing",
    "strategie de prix": "pricing",
    "mercatique": "marketing",
    "international": "export",
    "internationalisation": "export",
    "exportation": "export",
    "ventes": "sales",
    "vente": "sales",
    "commercial": "sales",
    "prospection": "prospecting",
    "juridique": "legal",
    "juridiques": "legal",
    "droit": "legal",
    "comptabilite": "accounting",
    "intelligence artificielle": "ai",
    "apprentissage automatique": "machine learning",
    "ia": "ai",
    "cybersecurite": "security",
    "cybersecurity": "security",
    "donnees": "data",
    "ingenierie": "engineering",
    "applications mobiles": "mobile apps",
    "application mobile": "mobile app",
    "securite": "security",
    "produit": "product",
    "design produit": "product design",
    "experience utilisateur": "ux",
    "referencement": "seo",
    "reseaux sociaux": "social media",
    "mise en relation": "introductions",
    "mises en relation": "introductions",
    "subventions": "grants",
    "subvention": "grants",
    "developpement durable": "sustainability",
    "rse": "sustainability",
    "financier": "finance",
    "financiere": "finance",
    "partenariats": "partnerships",
    "partenariat": "partnerships",
    "logistique": "logistics",
    "infonuagique": "cloud",
}

# Lead-ins that say *that* somebody helps or needs, never *what*: removed before
# quoting and before scoring ("je recherche" would otherwise match everybody).
_LEAD_INS = re.compile(
    r"^(?:(?:i|we)\s+(?:can|could|would|am|are|will)?\s*(?:be\s+)?(?:happy|glad)?\s*(?:to\s+)?"
    r"(?:help|offer|share|provide|give|bring|advise|mentor|looking for|need|seek|want)\w*"
    r"(?:\s+(?:you|people|others|founders|startups))?(?:\s+(?:with|on|in|about|for))?"
    r"|(?:je|nous|on)\s+(?:peux|pouvons|peut|cherche|cherchons|recherche|recherchons|propose|proposons|"
    r"offre|offrons|souhaite|souhaitons|voudrais|voulons|ai besoin|avons besoin)\w*"
    r"(?:\s+(?:vous|t')?\s*(?:aider|conseiller|accompagner|partager|apporter|trouver|rencontrer))?"
    r"(?:\s+(?:sur|en|a|pour|avec|dans|de|du|des|d'|un|une|le|la|les))*"
    r"|(?:help|aide|advice|conseils?|expertise|support|looking for|seeking|need|needs|besoin)"
    r"(?:\s+(?:with|on|in|for|sur|en|a|pour|de|d'|du|des))?)\s+",
    re.IGNORECASE,
)
_ARTICLES = re.compile(
    r"^(?:(?:la|le|les|un|une|des|du|de|the|a|an|my|our|mon|ma|mes|notre|nos)\s+|(?:l|d)['’])", re.IGNORECASE
)
_ALIAS_RE = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in sorted(ALIASES, key=len, reverse=True)) + r")\b")
_WORD = re.compile(r"[a-z0-9][a-z0-9+#]*")
_STOPWORDS = frozenset(
    """a an the of to for in on at by with from and or our my your their his her its this that these those is are
    be been am was were happy glad i we you they he she it me us them can could would will help helping helps looking look
    need needs seeking seek want wants new some any more most very also about into as all other others etc
    le la les l un une des du de d au aux et ou en dans sur pour par avec sans ce cet cette ces mon ma mes notre
    nos votre vos leur leurs son sa ses je tu il elle nous vous ils elles on qui que quoi est sont suis etre
    peux peut pouvons aider aide cherche recherche besoin propose offre souhaite plus tres aussi autre autres
    qu s y ne pas""".split()
)
# Light stemming: plural and derivation endings, longest first, so that "investors" meets "investor".
_SUFFIXES = ("ements", "ement", "ations", "ation", "ings", "ing", "euses", "euse", "eurs", "eur", "ers", "er",
             "ies", "es", "s")


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _fold(text: str) -> str:
    """Lowercase without accents; :func:`strip_accents` with a fast path for the common case."""
    if text.isascii():
        return text.lower()
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower()


def _apply_aliases(folded: str) -> str:
    return _ALIAS_RE.sub(lambda m: ALIASES[m.group(0)], folded)


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Accent-free, lowercase, aliased text without filler words, for the vectorizer.

    >>> normalise("Stratégie RGPD, Kubernetes")
    'strategie gdpr kubernetes'
    """
    words = _WORD.findall(_apply_aliases(_fold(text)))
    return " ".join(w for w in words if w not in _STOPWORDS)


def stems(text: str) -> frozenset[str]:
    """Stems of the content words of ``text`` (aliases applied first).

    >>> sorted(stems("Investisseurs et levée de fonds"))
    ['fundrais', 'investor']
    """
    return frozenset(_stem(w) for w in normalise(text).split())


@dataclass(frozen=True)
class Phrase:
    """One item of a list field: its own wording and the stems used to match it."""

    text: str
    stems: frozenset[str]


def _strip_lead_in(item: str) -> str:
    for _ in range(4):  # "je peux vous aider sur la ..." stacks a few; never loop on hostile input
        previous = item
        item = _ARTICLES.sub("", _LEAD_INS.sub("", item, count=1).strip(), count=1).strip()
        if item == previous:
            break
    return item


def split_phrases(text: str) -> list[Phrase]:
    """Items of a list field, without lead-ins, deduplicated, in order.

    >>> [p.text for p in split_phrases("Je peux vous aider sur : RGPD ; pricing / export")]
    ['RGPD', 'pricing', 'export']
    """
    return list(_split_phrases(text or ""))


@lru_cache(maxsize=262144)  # every attendee's fields are split once per pair they are in
def _split_phrases(text: str) -> tuple[Phrase, ...]:
    phrases, seen = [], set()
    for item in split_items(text or "", conjunctions=True):
        item = _strip_lead_in(" ".join(item.split()).strip(" :-–—.!?\"'()[]"))  # one space: no backtracking
        item = item.strip(" \t:-–—.!?\"'()[]")
        key = stems(item)
        if item and key and key not in seen:
            seen.add(key)
            phrases.append(Phrase(item, key))
    return tuple(phrases)


def phrases_match(a: Phrase, b: Phrase) -> bool:
    """True when two phrases share a content stem (accents, case and FR/EN aliases ignored).

    A stem of five letters or more also meets the stems it begins ("climat" and "climate").
    """
    if a.stems & b.stems:
        return True
    if not _heads(a.stems) & _heads(b.stems):  # a shared start needs the same first five letters
        return False
    return any(len(x) >= 5 and len(y) >= 5 and (x.startswith(y) or y.startswith(x)) for x in a.stems for y in b.stems)


@lru_cache(maxsize=65536)
def _heads(stems: frozenset[str]) -> frozenset[str]:
    return frozenset(x[:5] for x in stems if len(x) >= 5)
