"""Help evidence: which offer of one person meets which need of another, and on what.

Scores (:mod:`matchmaker.scoring`) and sentences (:mod:`matchmaker.explain`)
rest on the same decision, made here for a pair of phrases:

* each phrase is a set of *units*: concepts of the lexicon
  (:mod:`matchmaker.concepts`) and the words no term covered, weighted by
  rarity in the event (smooth IDF over attendees);
* generic concepts ("partnerships", "clients") and units used by a large share
  of the event are not *specific*: they weigh in a phrase, never as common ground;
* words no term covers weigh half (:data:`WORD_WEIGHT`): they may be the
  same thing in the other language, which the lexicon does not know;
* an offer meets a need when they share a specific concept and the specific
  weight they share (``S``) exceeds what is left unshared on the side that has
  less of it (``S > min(W_offer - S, W_need - S)``): "fundraising" meets
  "levée de fonds pour notre série A", but "partnerships with cities" does not
  meet "HR partners" (only a generic concept in common), nor "hiring in
  Germany" "export to Germany";
* without a shared concept, shared words make help only when they are most of
  both phrases and one phrase says little else ("Kubernetes" and "Kubernetes
  clusters", not "marketing B2B" and "marketing B2C");
* in *controlled* fields (list items that recur verbatim across many
  attendees: checkbox exports, fixed method lists, see
  :func:`controlled_fields`) two items meet only when they say the same thing
  (same units: the same item, or its translation), never on partial overlap.

The value of a met need is the share of it covered, at least one half.

Examples
--------
>>> from matchmaker.profiles import Attendee
>>> a = Attendee("a@x.org", "A", offers="levée de fonds, partenariats")
>>> b = Attendee("b@x.org", "B", needs="fundraising; partnerships with cities")
>>> [(h.offer, h.need) for h in help_evidence(a, b)]
[('levée de fonds', 'fundraising')]
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .concepts import ConceptIndex, default_index, fold, glossary_index
from .lexicon import Concept
from .profiles import Attendee
from .text import split_phrases

__all__ = ["Help", "EventTerms", "help_evidence", "shared_interests", "judge", "controlled_fields",
           "GENERIC_WEIGHT", "COMMON_SHARE"]

#: Weight of a generic unit relative to a specific one of the same rarity.
GENERIC_WEIGHT = 0.3
#: Weight of a word no lexicon term covers, relative to a concept of the same rarity.
WORD_WEIGHT = 0.5
#: Exponent of the rarity weight of a need in the scores (0: every met need is worth the same).
RARITY = 0.0
#: Weight of a one-word concept found inside a longer term ("investisseurs" in "mise en relation
#: avec des investisseurs", "recruiting" in "recruiting engineers"): the phrase implies it but is
#: not mostly about it, so it makes help like a word does (most of both phrases).
INNER_WEIGHT = 0.5
#: Units that make help only when they are most of both phrases (see _strong).
WEAK_UNITS = ("word:", "broad.")
#: Without a shared concept, shared words must make this share of the longer phrase...
WORDS_ONLY_SHARE = 0.5
#: ... and one phrase must say little else (at most this share of what they share):
#: "Kubernetes" meets "Kubernetes clusters", "marketing B2B" does not meet "marketing B2C".
INSIDE_SLACK = 0.25
#: A unit used by more than this share of attendees (in events of COMMON_MIN or more) is not specific.
COMMON_SHARE = 0.25
COMMON_MIN = 200
#: Controlled field: at least this many attendees fill it, and this share of their items recur.
CONTROLLED_MIN_PEOPLE = 10
CONTROLLED_SHARE = 0.6
CONTROLLED_MIN_REPEAT = 3
_EPS = 1e-9
_MATCH_FIELDS = ("offers", "needs", "interests")


@dataclass(frozen=True)
class Help:
    """One piece of evidence: the helper's offer phrase, the receiver's need phrase, the shared unit.

    ``concept`` is a concept id ("funding.fundraising"), ``word:<lemma>`` for a shared word no
    lexicon term covers, or ``glossary.N`` for an event glossary term. ``value`` is in (0, 1].
    """

    offer: str
    need: str
    concept: str
    value: float


@lru_cache(maxsize=262_144)
def _items(text: str) -> tuple[str, ...]:
    """The items of a list field, in the writer's words (:func:`matchmaker.text.split_phrases`)."""
    return tuple(p.text for p in split_phrases(text or ""))


@lru_cache(maxsize=262_144)
def _item_keys(text: str) -> frozenset[str]:
    return frozenset(" ".join(fold(item).split()) for item in _items(text))


def controlled_fields(attendees: Sequence[Attendee], fields: Iterable[str] = _MATCH_FIELDS) -> frozenset[str]:
    """Fields whose list items recur verbatim across attendees (checkbox-like).

    A field is controlled when at least :data:`CONTROLLED_MIN_PEOPLE` attendees fill it and
    at least :data:`CONTROLLED_SHARE` of their items are written identically (case and
    accents aside) by :data:`CONTROLLED_MIN_REPEAT` attendees or more.

    >>> methods = ["qPCR", "flow cytometry", "RNA-seq", "mass spectrometry"]
    >>> people = [Attendee(f"p{k}@x.org", "P", offers="; ".join(methods[k % 4:] + methods[:k % 3]),
    ...                    needs="I would love help with " + "abcdefghijklmnop"[k] + " topic")
    ...           for k in range(12)]
    >>> sorted(controlled_fields(people))
    ['offers']
    """
    out = set()
    for name in fields:
        per_person = [_item_keys(getattr(a, name) or "") for a in attendees]
        filled = [items for items in per_person if items]
        if len(filled) < CONTROLLED_MIN_PEOPLE:
            continue
        counts = Counter(item for items in filled for item in items)
        total = sum(counts.values())
        repeated = sum(c for c in counts.values() if c >= CONTROLLED_MIN_REPEAT)
        if total and repeated >= CONTROLLED_SHARE * total and len(counts) >= 4:
            out.add(name)
    return frozenset(out)


class EventTerms:
    """What the phrases of one event mean: units, rarity and which fields are controlled.

    Parameters
    ----------
    attendees : sequence of Attendee
        The event (rarity is counted over them; an empty event weighs every unit alike).
    glossary : sequence of Concept
        The organizer's glossary (:func:`matchmaker.lexicon.parse_glossary`), on top of the lexicon.
    controlled : iterable of str, optional
        Controlled fields; detected with :func:`controlled_fields` when None.
    """

    def __init__(self, attendees: Sequence[Attendee] = (), *, glossary: Sequence[Concept] = (),
                 controlled: Iterable[str] | None = None):
        self.index: ConceptIndex = glossary_index(tuple(glossary)) if glossary else default_index()
        self.controlled = controlled_fields(attendees) if controlled is None else frozenset(controlled)
        self.n = len(attendees)
        self._units: dict[str, tuple[str, ...]] = {}
        self._inner: dict[str, frozenset[str]] = {}
        self._phrase_cache: dict[tuple[str, str], tuple] = {}
        df: Counter = Counter()
        of_text: dict[str, frozenset[str]] = {}
        for a in attendees:
            seen: set[str] = set()
            for name in _MATCH_FIELDS:
                text = getattr(a, name) or ""
                units = of_text.get(text)
                if units is None:
                    units = of_text[text] = frozenset(u for item in _items(text) for u in self.units(item))
                seen |= units
            df.update(seen)
        self.df = df
        self._common = (max(COMMON_MIN, COMMON_SHARE * self.n) if self.n >= COMMON_MIN else float("inf"))

    def units(self, text: str) -> tuple[str, ...]:
        """Concept ids and ``word:`` units of one phrase, in order.

        >>> EventTerms().units("Kubeflow et levée de fonds")
        ('funding.fundraising', 'broad.investors', 'word:kubeflow')
        """
        units = self._units.get(text)
        if units is None:
            found = self.index.find(text)
            units = found.concepts + found.inner + tuple("word:" + w for w in found.leftover)
            self._units[text] = units
            if found.inner:
                self._inner[text] = frozenset(found.inner)
        return units

    def idf(self, unit: str) -> float:
        return 1.0 + math.log((1 + self.n) / (1 + self.df.get(unit, 0)))

    def specific(self, unit: str) -> bool:
        """True when sharing ``unit`` can make help: not generic, not used by most of the event."""
        if self.index.is_generic(unit):
            return False
        return self.df.get(unit, 0) <= self._common

    def phrase(self, text: str, field: str) -> tuple:
        """``(key, specific weights, total weight, controlled, all weights)`` of one phrase in one field.

        ``key`` is the sorted tuple of its units: two phrases with the same key say the same thing.
        """
        controlled = field in self.controlled
        cached = self._phrase_cache.get((text, field))
        if cached is not None:
            return cached
        units = tuple(sorted(set(self.units(text))))
        inner = self._inner.get(text, ())
        weights, every = {}, {}
        total = 0.0
        for unit in units:
            w = self.idf(unit) * (WORD_WEIGHT if unit.startswith("word:") else INNER_WEIGHT if unit in inner else 1.0)
            if self.specific(unit):
                weights[unit] = w
            else:
                w *= GENERIC_WEIGHT
            every[unit] = w
            total += w
        strong = frozenset(u for u in weights if u not in inner and _strong(u))
        key = tuple(u for u in units if u not in inner)  # "levée de fonds" says what "fundraising" says
        out = (key, weights, total, controlled, every, strong)
        if len(self._phrase_cache) < 1_000_000:
            self._phrase_cache[(text, field)] = out
        return out


def _strong(unit: str) -> bool:
    """Units that can make help next to other differences: lexicon concepts finer than a broad
    field, glossary terms.  Words, broad fields ("investors") and concepts found inside longer
    terms make help only when they are most of both phrases."""
    return not unit.startswith(WEAK_UNITS)


def _accept(s, concept, total_o, total_n):
    """The rule of the module docstring, on numbers or numpy arrays alike."""
    import numpy as np

    slack = _EPS * np.maximum(total_o, total_n)
    with_concept = s > np.minimum(total_o - s, total_n - s) + slack
    words_only = ((s >= WORDS_ONLY_SHARE * np.maximum(total_o, total_n) - slack)
                  & (np.minimum(total_o - s, total_n - s) <= INSIDE_SLACK * s + slack))
    return (s > 0) & np.where(concept, with_concept, words_only)


def judge(offer: tuple, need: tuple) -> tuple[float, str]:
    """Value in [0, 1] of ``offer`` for ``need`` (phrases from :meth:`EventTerms.phrase`) and the
    shared unit that weighs most ("" and 0.0 when the offer does not meet the need)."""
    key_o, w_o, total_o, controlled_o, _, strong_o = offer
    key_n, w_n, total_n, controlled_n, _, strong_n = need
    shared = [u for u in w_o if u in w_n]
    if not shared:
        return 0.0, ""
    s = sum(w_n[u] for u in shared)
    concept = any(u in strong_o and u in strong_n for u in shared)
    if controlled_o and controlled_n:
        if key_o != key_n:
            return 0.0, ""
        value = 1.0
    else:
        if not _accept(s, concept, total_o, total_n):
            return 0.0, ""
        value = max(0.5, min(1.0, s / total_n))
    best = max(shared, key=lambda u: (w_n[u], u))
    return value, best


def help_evidence(helper: Attendee, receiver: Attendee, terms: EventTerms | None = None) -> list[Help]:
    """What ``helper`` can give ``receiver``: (offer phrase, need phrase, concept) triples.

    Every offer phrase of the helper meeting a need phrase of the receiver, in the helper's
    order, then the receiver's; the same decision the scores use.

    Parameters
    ----------
    helper, receiver : Attendee
    terms : EventTerms, optional
        The event's terms (rarity, glossary, controlled fields); the two people alone when None.
    """
    if terms is None:
        terms = EventTerms([helper, receiver])
    needs = [(q, terms.phrase(q, "needs")) for q in _items(receiver.needs)]
    out = []
    if not needs:
        return out
    for p in _items(helper.offers):
        offer = terms.phrase(p, "offers")
        if not offer[1]:
            continue
        for need_text, need in needs:
            value, unit = judge(offer, need)
            if value > 0:
                out.append(Help(p, need_text, unit, value))
    return out


def shared_interests(a: Attendee, b: Attendee, terms: EventTerms | None = None) -> list[str]:
    """A's interest phrases that meet one of B's, in A's words.

    Interests are common ground, not help: generic concepts count here ("innovation").
    """
    if terms is None:
        terms = EventTerms([a, b])
    theirs = [terms.phrase(q, "interests")[4] for q in _items(b.interests)]
    out = []
    for p in _items(a.interests):
        mine = terms.phrase(p, "interests")[4]
        total = sum(mine.values())
        for other in theirs:
            s = sum(w for u, w in mine.items() if u in other)
            if s > 0 and s > min(total - s, sum(other.values()) - s) + _EPS * total:
                out.append(p)
                break
    return out
