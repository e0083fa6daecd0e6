"""Local repairs of a partner selection: fill missing partners, then swap for value.

Used by :mod:`matchmaker.matching` after rounding a linear relaxation (or when
the candidate graph alone cannot give everybody their partners); bridges are
removed afterwards by :mod:`matchmaker.bridges`. Every move
keeps the degree bound, never removes a pinned pair and never adds a pair that
``cand.allowed`` refuses.
"""

from __future__ import annotations

import itertools

import numpy as np

__all__ = ["Graph", "fill_deficient", "two_opt"]

_SWAP_SCAN = 5000  # selected pairs examined per swap attempt: bounds the cost per attendee
_SWAP_OPTIONS = 64  # feasible swaps compared before choosing the best one


class Graph:
    """Mutable selection with candidate adjacency and weights.

    >>> g = Graph(3, {(0, 1): 2.0, (1, 2): 1.0})
    >>> g.add(0, 1); g.weight(0, 1), g.has(1, 0), g.free(1, 1)
    (2.0, True, False)
    """

    def __init__(self, n: int, weights: dict, pins=(), allowed=None, arrays=None):
        self.n = n
        self.allowed = allowed or (lambda a, b: True)  # candidates are checked lazily, when used
        self.weights = weights
        self.extra: dict[tuple[int, int], float] = {}
        self.pins = set(pins)
        self.partners: list[set[int]] = [set() for _ in range(n)]
        # Candidate partners of each attendee, best first, ties by index (sorted in numpy:
        # millions of pairs at 100,000 attendees). ``arrays`` = (i, j, w), the same pairs as
        # ``weights``, spares reading them back from the dictionary.
        if arrays is None:
            m = len(weights)
            ends = np.fromiter(itertools.chain.from_iterable(weights), np.int64, 2 * m).reshape(m, 2)
            first, second = ends[:, 0], ends[:, 1]
            value = np.fromiter(weights.values(), np.float64, m)
        else:
            first, second, value = (np.asarray(a) for a in arrays)
        mine, other = np.concatenate([first, second]), np.concatenate([second, first])
        order = np.lexsort((other, -np.concatenate([value, value]), mine))
        cuts = np.searchsorted(mine[order], np.arange(1, n)) if n else []
        self.nbrs = [part.tolist() for part in np.split(other[order], cuts)] if n else []

    def has(self, a, b):
        return b in self.partners[a]

    def free(self, v, degree):
        return len(self.partners[v]) < degree

    def weight(self, a, b):
        key = (a, b) if a < b else (b, a)
        return self.weights.get(key, self.extra.get(key, 0.0))

    def is_candidate(self, a, b):
        return ((a, b) if a < b else (b, a)) in self.weights

    def pinned(self, a, b):
        return ((a, b) if a < b else (b, a)) in self.pins

    def add(self, a, b):
        self.partners[a].add(b)
        self.partners[b].add(a)

    def remove(self, a, b):
        self.partners[a].discard(b)
        self.partners[b].discard(a)

    def pairs(self):
        return [(a, b) for a in range(self.n) for b in self.partners[a] if a < b]


def _need(graph, v, degree):
    return degree - len(graph.partners[v])


def _greedy_candidates(graph, degree, deficient):
    """Add the best candidate pairs between attendees who both miss partners."""
    options = sorted({(-graph.weight(u, x), min(u, x), max(u, x))
                      for u in deficient for x in graph.nbrs[u]
                      if x in deficient and not graph.has(u, x)})
    added = set()
    for _, a, b in options:
        if graph.free(a, degree) and graph.free(b, degree) and not graph.has(a, b) \
                and graph.allowed(a, b):
            graph.add(a, b)
            added.update((a, b))
    return added


def _augment(graph, degree, u):
    """Path u-x, (x-y removed), y-v on candidate pairs: u and v each gain a partner."""
    best = None
    for x in graph.nbrs[u]:
        if graph.has(u, x) or not graph.allowed(u, x):
            continue
        for y in sorted(graph.partners[x]):
            if y == u or graph.pinned(x, y):
                continue
            for v in graph.nbrs[y]:
                if v == x or graph.has(y, v):
                    continue
                if v == u and (_need(graph, u, degree) < 2 or graph.has(u, y)):
                    continue
                if v != u and _need(graph, v, degree) <= 0:
                    continue
                if not graph.allowed(y, v):
                    continue
                gain = graph.weight(u, x) - graph.weight(x, y) + graph.weight(y, v)
                if best is None or gain > best[0]:
                    best = (gain, x, y, v)
                break  # nbrs are sorted best first
    if best is None:
        return set()
    _, x, y, v = best
    graph.remove(x, y)
    graph.add(u, x)
    graph.add(y, v)
    return {u, x, y, v}


def _pair_beyond(graph, cand, degree, deficient, limit=1500):
    """Best allowed pairs among missing-partner attendees, even outside the candidates."""
    nodes = np.array(sorted(deficient)[:limit], dtype=np.int64)
    if len(nodes) < 2:
        return set()
    ia, ib = np.triu_indices(len(nodes), 1)
    a, b = nodes[ia], nodes[ib]
    scores = np.asarray(cand.pair_scores(a, b), dtype=float)
    added = set()
    for e in np.lexsort((b, a, -scores)).tolist():
        u, v = int(a[e]), int(b[e])
        if graph.free(u, degree) and graph.free(v, degree) and not graph.has(u, v) \
                and cand.allowed(u, v):
            graph.extra[(u, v)] = max(float(scores[e]), 0.0)
            graph.add(u, v)
            added.update((u, v))
    return added


def _swap_beyond(graph, cand, degree, u, v, order):
    """Remove a pair (x, y) and add (u, x), (v, y): u and v each gain a partner."""
    options = []
    for x, y in order[:_SWAP_SCAN]:
        if len(options) >= _SWAP_OPTIONS:
            break
        if not graph.has(x, y) or graph.pinned(x, y) or {x, y} & {u, v}:
            continue
        for p, q in ((x, y), (y, x)):
            if not graph.has(u, p) and not graph.has(v, q) and cand.allowed(u, p) \
                    and cand.allowed(v, q):
                options.append((x, y, p, q))
                break
    if not options:
        return set()
    us = np.array([u] * len(options) + [v] * len(options), dtype=np.int64)
    others = np.array([o[2] for o in options] + [o[3] for o in options], dtype=np.int64)
    scores = np.asarray(cand.pair_scores(np.minimum(us, others), np.maximum(us, others)), float)
    k = len(options)
    gains = [scores[t] + scores[k + t] - graph.weight(options[t][0], options[t][1]) for t in range(k)]
    t = int(np.argmax(gains))
    x, y, p, q = options[t]
    graph.remove(x, y)
    for (s, o), w in (((u, p), scores[t]), ((v, q), scores[k + t])):
        key = (min(s, o), max(s, o))
        if key not in graph.weights:
            graph.extra[key] = max(float(w), 0.0)
        graph.add(s, o)
    return {u, v, x, y}


def fill_deficient(graph: Graph, cand, degree: int, *, seed: int = 0) -> set[int]:
    """Give missing partners wherever a move allows it; return the attendees touched."""
    touched: set[int] = set()
    rng = np.random.default_rng(seed)
    while True:
        deficient = {v for v in range(graph.n) if _need(graph, v, degree) > 0}
        if len(deficient) < 1:
            return touched
        before = len(touched), sum(map(len, graph.partners))
        touched |= _greedy_candidates(graph, degree, deficient)
        for u in sorted(deficient):
            while _need(graph, u, degree) > 0:
                moved = _augment(graph, degree, u)
                if not moved:
                    break
                touched |= moved
        deficient = {v for v in range(graph.n) if _need(graph, v, degree) > 0}
        touched |= _pair_beyond(graph, cand, degree, deficient)
        deficient = sorted(v for v in range(graph.n) if _need(graph, v, degree) > 0)
        if deficient:
            order = sorted(graph.pairs(), key=lambda p: (graph.weight(*p), p))
            start = int(rng.integers(len(order))) if order else 0
            order = order[start:] + order[:start]
            for u in deficient:
                others = [v for v in deficient if v != u and _need(graph, v, degree) > 0]
                if _need(graph, u, degree) >= 2:
                    others.append(u)
                for v in others:
                    if _need(graph, u, degree) <= 0:
                        break
                    if _need(graph, v, degree) > 0:
                        touched |= _swap_beyond(graph, cand, degree, u, v, order)
        if (len(touched), sum(map(len, graph.partners))) == before:
            return touched


def two_opt(graph: Graph, nodes, degree: int, passes: int = 2) -> None:
    """Replace pairs (a, b), (c, d) by (a, c), (b, d) when that raises the total score.

    Only partners ``c`` better for ``a`` than ``b`` are tried (the others would need
    (b, d) to beat (c, d), the same swap seen from ``d``): at 100,000 attendees this keeps
    nearly all the gain for a fraction of the time.
    """
    todo = set(nodes)
    for _ in range(passes):
        changed = set()
        for a in sorted(todo):
            for b in sorted(graph.partners[a]):
                if graph.pinned(a, b) or not graph.has(a, b):
                    continue
                current = graph.weight(a, b)
                for c in graph.nbrs[a]:
                    if graph.weight(a, c) <= current:
                        break  # best first: no better partner for a beyond this one
                    if c == b or graph.has(a, c):
                        continue
                    done = False
                    for d in sorted(graph.partners[c]):
                        if d in (a, b) or graph.pinned(c, d) or graph.has(b, d) \
                                or not graph.is_candidate(b, d):
                            continue
                        gain = (graph.weight(a, c) + graph.weight(b, d)
                                - graph.weight(a, b) - graph.weight(c, d))
                        if gain > 1e-12 and graph.allowed(a, c) and graph.allowed(b, d):
                            graph.remove(a, b)
                            graph.remove(c, d)
                            graph.add(a, c)
                            graph.add(b, d)
                            changed.update((a, b, c, d))
                            done = True
                            break
                    if done:
                        break
        if not changed:
            return
        todo = changed
