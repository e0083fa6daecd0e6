"""Candidates-like graphs for engine tests (no scoring module needed)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class FakeCandidates:
    """Random symmetric scores, top-k candidates per attendee, companies and exclusions."""

    n: int
    i: np.ndarray
    j: np.ndarray
    score: np.ndarray
    weak: np.ndarray
    matrix: np.ndarray
    company: list = field(default_factory=list)
    forbidden: set = field(default_factory=set)

    def allowed(self, a, b):
        a, b = int(a), int(b)
        if a == b or (min(a, b), max(a, b)) in self.forbidden:
            return False
        ca, cb = self.company[a], self.company[b]
        return not (ca and ca == cb)

    def pair_score(self, a, b):
        return float(self.matrix[a, b])

    def pair_scores(self, a, b):
        return self.matrix[np.asarray(a, dtype=int), np.asarray(b, dtype=int)]


def make_candidates(n, *, k=8, seed=0, company=None, forbidden=(), star=None, constant=None):
    rng = np.random.default_rng(seed)
    m = rng.random((n, n)) if constant is None else np.full((n, n), float(constant))
    m = np.triu(m, 1)
    m = m + m.T
    if star is not None:
        m[star, :] += 2.0
        m[:, star] += 2.0
    np.fill_diagonal(m, 0.0)
    company = list(company) if company is not None else [""] * n
    forb = {(min(a, b), max(a, b)) for a, b in forbidden}
    cand = FakeCandidates(n, np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros(0),
                          np.zeros(0, bool), m, company, forb)
    pairs = set()
    for a in range(n):
        row = [(-m[a, b], b) for b in range(n) if b != a and cand.allowed(a, b)]
        for _, b in sorted(row)[:k]:
            pairs.add((min(a, b), max(a, b)))
    pairs = sorted(pairs)
    if pairs:
        cand.i = np.array([p[0] for p in pairs], dtype=np.int32)
        cand.j = np.array([p[1] for p in pairs], dtype=np.int32)
        cand.score = m[cand.i, cand.j]
        cand.weak = cand.score < 0.1
    return cand
