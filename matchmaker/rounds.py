"""Split the chosen pairs into conversation rounds (a proper edge colouring).

Nobody may be in two conversations in the same round. With at most three
partners each, three rounds almost always suffice; some graphs need a fourth
(Vizing: a graph of maximum degree D needs D or D + 1 colours).

The colouring is greedy with Kempe-chain swaps: an edge whose two ends have no
common free colour gets one by swapping the two colours along the alternating
path that starts at one end. The rare edges that still do not fit are
retried after a seeded random perturbation, and only then given an extra
round. Each step touches one alternating path, so 150,000 pairs colour in
seconds.

Examples
--------
>>> square = [(0, 1), (1, 2), (2, 3), (0, 3)]
>>> sorted(set(assign_rounds(square).values()))
[1, 2]
>>> rounds = assign_rounds([(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)])
>>> max(rounds.values())
3
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

__all__ = ["assign_rounds", "max_degree"]

_PERTURB_STEPS = 20  # random recolouring moves per edge that would not fit


def max_degree(pairs: Sequence[tuple[int, int]]) -> int:
    """Largest number of pairs any attendee is in (0 when there are none)."""
    counts = Counter(v for p in pairs for v in p)
    return max(counts.values(), default=0)


class _Colouring:
    def __init__(self, ncol: int):
        self.ncol = ncol
        self.at: dict[int, dict[int, int]] = {}  # vertex -> colour -> neighbour

    def free(self, v):
        used = self.at.get(v, {})
        return [c for c in range(self.ncol) if c not in used]

    def set(self, u, v, c):
        self.at.setdefault(u, {})[c] = v
        self.at.setdefault(v, {})[c] = u

    def unset(self, u, v, c):
        del self.at[u][c]
        del self.at[v][c]

    def chain(self, start, a, b):
        """Vertices of the path from ``start`` alternating colours a, b, a..."""
        path, cur, c = [start], start, a
        while c in self.at.get(cur, {}):
            cur = self.at[cur][c]
            path.append(cur)
            c = b if c == a else a
            if cur == start:  # a closed cycle cannot start at a vertex missing a colour
                break
        return path

    def swap(self, path, a, b):
        edges, c = [], a
        for x, y in zip(path, path[1:]):
            edges.append((x, y, c))
            c = b if c == a else a
        for x, y, c in edges:
            self.unset(x, y, c)
        for x, y, c in edges:
            self.set(x, y, b if c == a else a)

    def insert(self, u, v) -> bool:
        """Colour (u, v) with the colours available, swapping a Kempe chain if needed."""
        fu, fv = self.free(u), self.free(v)
        common = [c for c in fu if c in fv]
        if common:
            self.set(u, v, common[0])
            return True
        for a in fu:
            for b in fv:
                path = self.chain(v, a, b)
                if path[-1] != u:
                    self.swap(path, a, b)
                    self.set(u, v, a)
                    return True
        return False


def _perturb(col: _Colouring, u, v, rng, queue) -> bool:
    """Free a colour at both ends by uncolouring one neighbouring pair (queued again)."""
    end = (u, v)[int(rng.integers(2))]
    used = sorted(col.at.get(end, {}).items())
    if not used:
        return False
    c, x = used[int(rng.integers(len(used)))]
    col.unset(end, x, c)
    queue.append((min(end, x), max(end, x)))
    return col.insert(u, v)


def assign_rounds(pairs: Sequence[tuple[int, int]], *, seed: int = 0) -> dict[tuple[int, int], int]:
    """Give each pair a round (1-based) so that nobody is booked twice in a round.

    Parameters
    ----------
    pairs : sequence of (int, int)
        Undirected pairs, each at most once.
    seed : int, default 0
        Seed of the edge order and of the perturbations; same seed, same rounds.

    Returns
    -------
    dict
        ``(a, b) -> round`` for every pair as given; round 1 is the fullest.
    """
    edges = [(min(a, b), max(a, b)) for a, b in pairs]
    if not edges:
        return {}
    rng = np.random.default_rng(seed)
    delta = max_degree(edges)
    order = [edges[k] for k in rng.permutation(len(edges))]
    col = _Colouring(delta)
    stuck = [e for e in order if not col.insert(*e)]
    budget = _PERTURB_STEPS * len(stuck)
    queue = list(stuck)
    leftover = []
    while queue:
        u, v = queue.pop()
        if col.insert(u, v):
            continue
        fitted = False
        while budget > 0 and not fitted:
            budget -= 1  # every move counts: moves may chase each other around an odd cycle
            fitted = _perturb(col, u, v, rng, queue)
        if not fitted:
            leftover.append((u, v))
    for u, v in leftover:  # extra rounds, only for the pairs that never fitted
        while not col.insert(u, v):
            col.ncol += 1
    colour = {}
    for u, by_colour in col.at.items():
        for c, v in by_colour.items():
            if u < v:
                colour[(u, v)] = c
    sizes = Counter(colour.values())
    rank = {c: r + 1 for r, c in enumerate(sorted(sizes, key=lambda c: (-sizes[c], c)))}
    return {(a, b): rank[colour[(min(a, b), max(a, b))]] for a, b in pairs}
