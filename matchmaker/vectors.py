"""The evidence of :mod:`matchmaker.evidence` as sparse matrices, for every pair at once.

:func:`give_matrices` applies the same rule as :func:`matchmaker.evidence.judge`
(through :func:`matchmaker.evidence._accept`) to every offer item and need item
of an event, grouped by what they say, so that ``cover[A] . needs[B]`` is what A
can give B: the scores and the sentences rest on one decision.
:func:`field_vectors` gives the concept vectors of whole fields (shared
interests, fallbacks) and the words no lexicon term covers (typo fallback).

Examples
--------
>>> from matchmaker.profiles import Attendee
>>> people = [Attendee("a@x.org", "A", offers="levée de fonds"), Attendee("b@x.org", "B", needs="fundraising")]
>>> cover, needs = give_matrices(people, EventTerms(people))
>>> float((cover @ needs.T).toarray()[0, 1])
1.0
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from . import evidence as _evidence
from .evidence import _EPS, _MATCH_FIELDS, GENERIC_WEIGHT, WORD_WEIGHT, EventTerms, _accept, _items
from .profiles import Attendee

__all__ = ["give_matrices", "field_vectors"]


def give_matrices(attendees: Sequence[Attendee], terms: EventTerms):
    """Sparse ``(cover, needs)`` with ``cover[A] . needs[B]`` = what A can give B.

    ``needs`` is the attendee x need-phrase incidence; ``cover[A, q]`` the value of A's best
    offer for need phrase ``q`` (:func:`judge` on every offer/need phrase pair sharing a
    specific unit, several offers meeting one need capped at 1).  Phrases are grouped by
    meaning first, so the work follows the number of distinct phrases, not of people.
    """
    n = len(attendees)
    groups: dict[str, dict[tuple, int]] = {"offers": {}, "needs": {}}
    rows: dict[str, tuple[list[int], list[int]]] = {"offers": ([], []), "needs": ([], [])}
    infos: dict[str, list[tuple]] = {"offers": [], "needs": []}
    for person, a in enumerate(attendees):
        for name in ("offers", "needs"):
            ids = set()
            for p in _items(getattr(a, name) or ""):
                info = terms.phrase(p, name)
                if not info[1]:
                    continue  # nothing specific: it can never meet anything
                group = (info[0], info[3])
                gid = groups[name].setdefault(group, len(infos[name]))
                if gid == len(infos[name]):
                    infos[name].append(info)
                ids.add(gid)
            for gid in sorted(ids):
                rows[name][0].append(person)
                rows[name][1].append(gid)
    n_o, n_q = len(infos["offers"]), len(infos["needs"])
    incidence = {name: sp.csr_matrix((np.ones(len(rows[name][0]), np.float32), rows[name]),
                                     shape=(n, len(infos[name]))) for name in ("offers", "needs")}
    if not n_o or not n_q:
        return sp.csr_matrix((n, max(n_q, 1)), dtype=np.float32), sp.csr_matrix((n, max(n_q, 1)), dtype=np.float32)
    column: dict[str, int] = {}
    for info in infos["offers"] + infos["needs"]:
        for unit in info[1]:
            column.setdefault(unit, len(column))

    def matrix(group: list[tuple], binary: bool, strong: bool = False):
        r, c, v = [], [], []
        for k, info in enumerate(group):
            for unit, w in info[1].items():
                if strong and unit not in info[5]:
                    continue
                r.append(k)
                c.append(column[unit])
                v.append(1.0 if binary else w)
        return sp.csr_matrix((v, (r, c)), shape=(len(group), len(column)), dtype=np.float64)

    offers_binary, needs_weights = matrix(infos["offers"], True), matrix(infos["needs"], False)
    shared = (offers_binary @ needs_weights.T).tocsr()
    by_concept = (matrix(infos["offers"], True, True) @ matrix(infos["needs"], False, True).T).tocoo()
    shared = shared.tocoo()
    o, q, s = shared.row.astype(np.int64), shared.col.astype(np.int64), shared.data
    codes = o * n_q + q
    concept_codes = np.sort(by_concept.row.astype(np.int64)[by_concept.data > 0] * n_q
                            + by_concept.col.astype(np.int64)[by_concept.data > 0])
    at = np.clip(np.searchsorted(concept_codes, codes), 0, max(len(concept_codes) - 1, 0))
    concept = (concept_codes[at] == codes) if len(concept_codes) else np.zeros(len(codes), bool)
    total_o = np.array([info[2] for info in infos["offers"]])[o]
    total_q = np.array([info[2] for info in infos["needs"]])[q]
    controlled = (np.array([info[3] for info in infos["offers"]])[o]
                  & np.array([info[3] for info in infos["needs"]])[q])
    keys: dict[tuple, int] = {}
    key_o = np.array([keys.setdefault(info[0], len(keys)) for info in infos["offers"]])[o]
    key_q = np.array([keys.setdefault(info[0], len(keys)) for info in infos["needs"]])[q]
    free_ok = _accept(s, concept, total_o, total_q)
    value = np.where(controlled, (key_o == key_q).astype(np.float64),
                     np.where(free_ok, np.clip(s / np.maximum(total_q, _EPS), 0.5, 1.0), 0.0))
    keep = value > 0
    met = sp.csr_matrix((value[keep].astype(np.float32), (o[keep], q[keep])), shape=(n_o, n_q))
    cover = (incidence["offers"] @ met).tocsr()
    np.minimum(cover.data, 1.0, out=cover.data)
    cover.eliminate_zeros()
    needs = incidence["needs"]
    if _evidence.RARITY:  # a need few can meet weighs more (the optimiser then spends its rare helpers well)
        rarest = np.array([max(info[1].values()) for info in infos["needs"]])
        weight = (rarest / rarest.mean()) ** _evidence.RARITY
        needs = (needs @ sp.diags(weight.astype(np.float32))).tocsr()
    return cover, needs


def field_vectors(attendees: Sequence[Attendee], terms: EventTerms, fields: Sequence[str] = _MATCH_FIELDS):
    """L2-normalised unit vectors of whole fields, one column space, and the uncovered words.

    Returns ``(vectors, leftovers)``: ``vectors[f]`` is an attendee x unit csr matrix
    (generic and common units at :data:`GENERIC_WEIGHT`), ``leftovers[f]`` the words of
    field ``f`` that no lexicon term covered, per attendee, for the typo fallback.
    """
    from sklearn.preprocessing import normalize

    column: dict[str, int] = {}
    vectors, leftovers = {}, {}
    for name in fields:
        r, c, v, rest = [], [], [], []
        rows: dict[str, tuple] = {}
        for person, a in enumerate(attendees):
            text = getattr(a, name) or ""
            row = rows.get(text)
            if row is None:
                weights: dict[str, float] = {}
                words: list[str] = []
                for item in _items(text):
                    for unit in terms.units(item):
                        w = (terms.idf(unit) * (1.0 if terms.specific(unit) else GENERIC_WEIGHT)
                             * (WORD_WEIGHT if unit.startswith("word:") and name != "interests" else 1.0))
                        weights[unit] = max(weights.get(unit, 0.0), w)
                        if unit.startswith("word:"):
                            words.append(unit[5:])
                cols = [column.setdefault(unit, len(column)) for unit in sorted(weights)]
                row = rows[text] = (cols, [weights[u] for u in sorted(weights)], " ".join(words))
            r.extend([person] * len(row[0]))
            c.extend(row[0])
            v.extend(row[1])
            rest.append(row[2])
        vectors[name] = (r, c, v)
        leftovers[name] = rest
    shape = (len(attendees), max(len(column), 1))
    out = {name: sp.csr_matrix((np.asarray(v, np.float32), (r, c)), shape=shape) for name, (r, c, v) in vectors.items()}
    if len(attendees):
        out = {name: normalize(m, copy=False) for name, m in out.items()}
    return out, leftovers
