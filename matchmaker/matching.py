"""Choose ``degree`` mutual partners per attendee (a maximum-value b-matching).

The chosen pairs form an undirected graph in which every attendee has exactly
``degree`` partners whenever the rules allow it, nobody has more, and the sum
of pair scores is as high as possible:

* small events (``n < exact_below``) solve the integer program with HiGHS
  (:func:`scipy.optimize.milp`, relative gap 1e-4, a few seconds at most) on
  the candidate edges (on every allowed pair for tiny events). A small bonus
  per pair makes full degrees win over a slightly higher total; the bound
  accounts for it;
* large events solve its linear relaxation (:func:`scipy.optimize.linprog`),
  keep the integral edges and repair the few fractional spots
  (:mod:`matchmaker.repair`). From :data:`SPARSE_LP_FROM` attendees the
  relaxation sees only some of the pairs (its solve time grows faster than its
  size): attendee prices come first (:mod:`matchmaker.bound`, a smoothed
  descent over every candidate pair); they give the bound (weak duality) and
  choose the pairs the relaxation sees, those worth about the prices of their
  two ends or more;
* bridges of the chosen graph are removed by cross swaps, since a 3-regular
  graph with a bridge cannot be split into three rounds.

Whoever ends up with fewer partners is listed in ``Selection.unmatched`` with
a reason a person can read.

Examples
--------
>>> import numpy as np
>>> from types import SimpleNamespace
>>> i, j = np.triu_indices(4, 1)
>>> cand = SimpleNamespace(n=4, i=i, j=j, score=np.ones(6), weak=np.zeros(6, bool),
...                        allowed=lambda a, b: True,
...                        pair_scores=lambda a, b: np.ones(len(a)))
>>> sel = choose_partners(cand)
>>> len(sel.pairs), sel.unmatched
(6, {})
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, sparse

from .bound import SMOOTHING, dual_prices, price_bound, price_steps, reduced_values
from .bridges import break_bridges
from .errors import MatchingError
from .reasons import Reason
from .repair import Graph, fill_deficient, two_opt

__all__ = ["Selection", "choose_partners"]

#: Below this many attendees every allowed pair is an edge (not only candidates).
FULL_GRAPH_BELOW = 80
_MILP_SECONDS = 5.0
#: Relative optimality gap accepted from the integer program (the bound is reported).
MIP_GAP = 1e-4
#: Time allowed to the linear relaxation before falling back to a greedy start.
LP_SECONDS = 120.0
#: Bonus per pair in the linear relaxation, as a share of the best score: higher fills more
#: degrees in the relaxation itself (fewer repairs) but makes it slower to solve.
BONUS_SHARE = 0.1
#: From this many attendees the relaxation sees only the pairs that attendee prices
#: (:func:`matchmaker.bound.dual_prices`, which foresee where the relaxation over every pair goes)
#: single out: each attendee's :data:`LP_NEIGHBOURS` best after prices, and every pair whose value
#: is within :data:`LP_SLACK` of its two ends' prices. The prices also give the bound over every
#: candidate pair. Each attendee's 24 best pairs by score cost 3 s of CPU at 10,000 attendees for
#: 99.9% of the bound; the priced pairs cost 0.7 s (prices included) for pairs worth as much.
SPARSE_LP_FROM = 5_000
#: Best pairs of each attendee after prices. Alone (no slack), 3 reached 99.3% of the bound at
#: 100,000 attendees: too few for everybody to find three partners inside the relaxation.
LP_NEIGHBOURS = 3
#: Pairs whose value falls short of their two ends' prices by less than this share of the largest
#: value are seen too: the near-ties the relaxation's optimum may need. On the synthetic events
#: 0.0025 raised the value from 99.3% to 99.7% of the bound at 100,000 attendees (99.5% to 99.9% at
#: 10,000) with 189,000 pairs in the relaxation instead of 159,000 (HiGHS 5 s instead of 1 s);
#: 0.0016 reached 99.5%, 0.003 added 0.03% for 40% more HiGHS time. The bound is within 0.05% of
#: the relaxation over every candidate pair: the rest of the gap is the rounding.
LP_SLACK = 0.0025


@dataclass
class Selection:
    """The chosen pairs and who has fewer partners than asked, with why.

    Attributes
    ----------
    pairs : list of (int, int)
        Chosen pairs ``(i, j)`` with ``i < j``, sorted.
    unmatched : dict
        Attendee index -> why they have fewer than ``degree`` partners: a
        :class:`~matchmaker.reasons.Reason` (English text, code and parameters).
    value, bound : float
        Total score of the chosen pairs and an upper bound on the best
        possible total over the candidate edges (equal when solved exactly).
    """

    pairs: list[tuple[int, int]] = field(default_factory=list)
    unmatched: dict[int, str] = field(default_factory=dict)
    value: float = 0.0
    bound: float = 0.0


def _validate_pins(pinned, n: int, degree: int) -> list[tuple[int, int]]:
    pins, count = set(), np.zeros(n, dtype=int)
    for a, b in pinned:
        a, b = int(a), int(b)
        if not (0 <= a < n and 0 <= b < n):
            raise MatchingError(f"pinned pair ({a}, {b}) names an attendee outside 0..{n - 1}")
        if a == b:
            raise MatchingError(f"attendee {a} is pinned with themselves: remove that pin")
        pins.add((min(a, b), max(a, b)))
    for a, b in pins:
        count[a] += 1
        count[b] += 1
    over = np.flatnonzero(count > degree)
    if over.size:
        raise MatchingError(
            f"attendee {int(over[0])} is pinned to {int(count[over[0]])} partners but only "
            f"{degree} are allowed: remove some of their pins"
        )
    return sorted(pins)


def _edges(cand, pins, n: int):
    """Edge list (i, j, weight) to optimise over: candidates (or all allowed pairs) plus pins."""
    if n < FULL_GRAPH_BELOW:
        i, j = np.triu_indices(n, 1)
        keep = np.fromiter((cand.allowed(int(a), int(b)) for a, b in zip(i, j)), bool, len(i))
        i, j = i[keep], j[keep]
        w = np.asarray(cand.pair_scores(i, j), dtype=float) if len(i) else np.zeros(0)
    else:
        i, j = np.asarray(cand.i, dtype=np.int64), np.asarray(cand.j, dtype=np.int64)
        w = np.asarray(cand.score, dtype=float)  # rules are checked on the pairs actually used
    if pins:
        key = set(zip(i.tolist(), j.tolist()))
        extra = [p for p in pins if p not in key]
        if extra:
            pi, pj = (np.array(x, dtype=np.int64) for x in zip(*extra))
            i, j = np.concatenate([i, pi]), np.concatenate([j, pj])
            w = np.concatenate([w, np.asarray(cand.pair_scores(pi, pj), dtype=float)])
    keys = i * np.int64(n) + j
    if len(keys) > 1 and np.all(keys[1:] > keys[:-1]):  # candidates come sorted: skip the sort
        return i, j, np.maximum(w, 0.0)
    order = np.lexsort((j, i))
    return i[order], j[order], np.maximum(w[order], 0.0)


def _incidence(i, j, n):
    m = len(i)
    rows = np.concatenate([i, j])
    cols = np.concatenate([np.arange(m), np.arange(m)])
    return sparse.csr_array((np.ones(2 * m), (rows, cols)), shape=(n, m))


def _solve_exact(i, j, w, n, caps, pinned_mask):
    """Integer program with the same per-pair bonus as the relaxation (see there).

    Returns the 0/1 solution (None when out of time) and the bound function.
    """
    m = len(i)
    bonus = BONUS_SHARE * (float(w.max()) if w.max() > 0 else 1.0)
    res = optimize.milp(-(w + bonus), constraints=[optimize.LinearConstraint(_incidence(i, j, n), 0, caps)],
                        integrality=np.ones(m), bounds=optimize.Bounds(pinned_mask.astype(float), np.ones(m)),
                        options={"time_limit": _MILP_SECONDS, "mip_rel_gap": MIP_GAP})
    if res.x is None:
        return None, None
    dual = getattr(res, "mip_dual_bound", None)
    top = -dual if dual is not None and np.isfinite(dual) else float(-res.fun)
    return np.round(res.x).astype(bool), (lambda count: top - bonus * count)


def _best_per_attendee(i, j, w, n: int, k: int) -> np.ndarray:
    """Mask of the pairs that are among the ``k`` best of either end (ties by position).

    >>> _best_per_attendee(np.array([0, 0, 1]), np.array([1, 2, 2]), np.array([3., 2., 1.]), 3, 1)
    array([ True,  True, False])
    """
    m = len(i)
    if not m:
        return np.zeros(0, bool)
    ends, values = np.concatenate([i, j]).astype(np.int64), np.concatenate([w, w])
    span = 2.0 * float(np.abs(values).max()) + 1.0
    # One float key (attendee, then best first) sorts several times faster than lexsort on
    # four million entries; the stable sort breaks ties by position.
    order = np.argsort(ends * span - values, kind="stable")
    sorted_ends = ends[order]
    rank = np.arange(2 * m) - np.searchsorted(sorted_ends, sorted_ends)
    keep = np.zeros(m, bool)
    keep[order[rank < k] % m] = True
    return keep


def _priced_pairs(i, j, c, n: int, degree: int, pinned_mask) -> tuple[np.ndarray, float]:
    """Mask of the pairs a large relaxation sees, and the bound from attendee prices."""
    y = dual_prices(i, j, c, n, degree, pinned_mask, stages=SMOOTHING[:-1])
    # the finest stage only tightens the bound: the pairs chosen by the coarser prices solve faster
    fine = dual_prices(i, j, c, n, degree, pinned_mask, start=y, stages=SMOOTHING[-1:])
    top = min(price_bound(i, j, c, degree, y, pinned_mask), price_bound(i, j, c, degree, fine, pinned_mask))
    reduced = reduced_values(i, j, c, y)
    near = reduced > -LP_SLACK * float(np.abs(c).max())
    return _best_per_attendee(i, j, reduced, n, LP_NEIGHBOURS) | near, top


def _solve_relaxed(i, j, w, n, caps, pinned_mask):
    """Linear relaxation with a bonus per pair, which pushes toward full degrees.

    Large events solve it on some of the pairs only (:func:`_priced_pairs`, from
    :data:`SPARSE_LP_FROM`). Returns the fractional solution over all pairs and a function
    giving, for a pair count K, an upper bound on the value of any selection of K candidate
    pairs: ``B(w + bonus) - bonus * K`` where B bounds the relaxation over all pairs (weak
    duality, :func:`matchmaker.bound.price_bound`).
    """
    m = len(i)
    if m == 0:
        return np.zeros(0), (lambda count: 0.0), True
    bonus = BONUS_SHARE * (float(w.max()) if m and w.max() > 0 else 1.0)
    c = w + bonus
    degree = int(caps.max())
    top, lp_mask = np.inf, None
    if n >= SPARSE_LP_FROM:
        lp_mask, top = _priced_pairs(i, j, c, n, degree, pinned_mask)
    lp_mask = np.ones(m, bool) if lp_mask is None else (lp_mask | pinned_mask)
    li, lj = i[lp_mask], j[lp_mask]
    bounds = np.column_stack([pinned_mask[lp_mask].astype(float), np.ones(len(li))])
    res = optimize.linprog(-c[lp_mask], A_ub=_incidence(li, lj, n), b_ub=caps, bounds=bounds,
                           method="highs", options={"time_limit": LP_SECONDS})
    if res.x is None or res.status != 0:  # out of time: a greedy start, repaired, instead
        if not np.isfinite(top):
            top, _ = price_steps(i, j, c, n, degree, pinned_mask, np.zeros(n))
        return _greedy_start(i, j, w, caps, pinned_mask), (lambda count: top - bonus * count), False
    x = np.zeros(m)
    x[lp_mask] = res.x
    if lp_mask.all():
        top = min(top, float(-res.fun))
    return x, (lambda count: top - bonus * count), True


def _greedy_start(i, j, w, caps, pinned_mask):
    """0/1 vector: pins, then the best pairs while both ends have a free slot."""
    free = caps.astype(int).copy()
    x = np.zeros(len(i))
    for e in np.lexsort((j, i, -w, ~pinned_mask)).tolist():
        a, b = i[e], j[e]
        if free[a] > 0 and free[b] > 0:
            free[a] -= 1
            free[b] -= 1
            x[e] = 1.0
    return x


def _reasons(graph: Graph, cand, n: int, degree: int, pins) -> dict[int, Reason]:
    deficient = [v for v in range(n) if len(graph.partners[v]) < degree]
    reasons = {}
    odd_total = (degree * n) % 2 == 1
    pinned_to = {v: set() for v in deficient}
    for a, b in pins:
        for x, y in ((a, b), (b, a)):
            if x in pinned_to:
                pinned_to[x].add(y)
    for v in deficient:
        got = len(graph.partners[v])
        if n == 1:
            reasons[v] = Reason("alone")
        elif n - 1 < degree:
            reasons[v] = Reason("too_few_attendees", attendees=n, most=n - 1)
        else:
            free = 0
            for w in range(n):  # stops as soon as enough partners are allowed
                free += w != v and (w in pinned_to[v] or cand.allowed(v, w))
                if free >= degree:
                    break
            if free == 0:
                reasons[v] = Reason("all_excluded")
            elif free < degree:
                reasons[v] = Reason("few_allowed", allowed=int(free))
            elif odd_total and got == degree - 1 and len(deficient) == 1:
                reasons[v] = Reason("odd_count", partners=degree - 1)
            else:
                reasons[v] = Reason("rules_block")
    return reasons


def choose_partners(cand, *, degree: int = 3, pinned: Iterable[tuple[int, int]] = (),
                    seed: int = 0, exact_below: int = 1500, progress=None) -> Selection:
    """Give every attendee ``degree`` mutual partners, maximising the total score.

    Parameters
    ----------
    cand : Candidates
        Sparse candidate pairs with scores (``n``, ``i``, ``j``, ``score``) and the
        ``allowed(a, b)`` / ``pair_scores(a_arr, b_arr)`` methods.
    degree : int, default 3
        Partners per attendee.
    pinned : iterable of (int, int)
        Pairs to keep whatever their score, even between colleagues.
    seed : int, default 0
        Seed for the order of repair moves; the result is deterministic for a seed.
    exact_below : int, default 1500
        Events smaller than this are solved exactly (integer program).
    progress : callable, optional
        ``progress(fraction, message)``.

    Returns
    -------
    Selection

    Raises
    ------
    MatchingError
        When a pin pairs someone with themselves or gives them more than ``degree`` partners.
    """
    if degree < 1:
        raise MatchingError(f"degree must be at least 1, not {degree}")
    n = int(cand.n)
    report = progress or (lambda fraction, message: None)
    pins = _validate_pins(pinned, n, degree)
    if n < 2:
        graph = Graph(n, {})
        return Selection([], _reasons(graph, cand, n, degree, pins), 0.0, 0.0)
    report(0.0, "collecting candidate pairs")
    i, j, w = _edges(cand, pins, n)
    pin_set = set(pins)
    pinned_mask = (np.fromiter(((a, b) in pin_set for a, b in zip(i.tolist(), j.tolist())), bool, len(i))
                   if pin_set else np.zeros(len(i), bool))
    caps = np.full(n, degree, dtype=float)
    weights = dict(zip(zip(i.tolist(), j.tolist()), w.tolist()))
    graph = Graph(n, weights, pins=pin_set, allowed=cand.allowed, arrays=(i, j, w))
    chosen, dirty, bound_for = None, set(), None
    if n < exact_below and len(i):
        report(0.2, "solving the integer program")
        chosen, bound_for = _solve_exact(i, j, w, n, caps, pinned_mask)
    if chosen is not None:
        for a, b in zip(i[chosen].tolist(), j[chosen].tolist()):
            graph.add(a, b)
    else:
        report(0.3, "solving the linear relaxation")
        x, bound_for, solved = _solve_relaxed(i, j, w, n, caps, pinned_mask)
        order = np.lexsort((i, -w, -np.round(x, 6)))  # integral first, then by score
        for e in order.tolist():
            if x[e] < 1e-6:
                break
            a, b = int(i[e]), int(j[e])
            if graph.free(a, degree) and graph.free(b, degree):
                graph.add(a, b)
                if x[e] < 1 - 1e-6:
                    dirty.update((a, b))
        if not solved:  # greedy start: every attendee may gain from swaps
            dirty = set(range(n))
    for a, b in graph.pairs():
        if not graph.pinned(a, b) and not cand.allowed(a, b):
            graph.remove(a, b)
            dirty.update((a, b))
    report(0.6, "repairing attendees with missing partners")
    dirty |= fill_deficient(graph, cand, degree, seed=seed)
    if dirty:
        report(0.8, "improving pairs by swaps")
        two_opt(graph, dirty, degree)
    report(0.9, "removing bridges that would need an extra round")
    break_bridges(graph, cand, degree)
    pairs = sorted(graph.pairs())
    value = float(sum(graph.weight(a, b) for a, b in pairs))
    bound = bound_for(len(pairs)) if bound_for is not None else value
    if not np.isfinite(bound):  # no relaxation solved: no bound to claim
        bound = value
    report(1.0, "partners chosen")
    return Selection(pairs, _reasons(graph, cand, n, degree, pins), value, max(bound, value))
