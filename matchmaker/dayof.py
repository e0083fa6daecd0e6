"""Shared plain data of the event-day functions: pairs by e-mail, and matching a small group.

:mod:`matchmaker.no_shows` re-pairs a round around absent people and
:mod:`matchmaker.rematch` changes a published matching as little as possible;
both take pairs as ``(a, b, round)`` e-mail triples (or the engine JSON's pair
dicts) and both need a one-partner-each matching of a group by value
(:func:`match_group`).

Examples
--------
>>> pair_triples([{"a": "A@x.org ", "b": "b@x.org", "round": 2}, ("c@x.org", "d@x.org", 1)])
[('a@x.org', 'b@x.org', 2), ('c@x.org', 'd@x.org', 1)]
>>> key_of(("b@x.org", "a@x.org"))
('a@x.org', 'b@x.org')
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .errors import MatchingError
from .profiles import Attendee

__all__ = ["EXACT_LIMIT", "email_key", "key_of", "match_group", "pair_triples"]

#: Groups up to this size are matched exactly (networkx's blossom algorithm, cubic); larger ones
#: greedily by value then improved by exchanging partners between two pairs.
EXACT_LIMIT = 80
#: Added to every allowed pair's value so that a best matching is also a maximal one.
_EPSILON = 1e-6


def email_key(email: str) -> str:
    """The identity of an e-mail within an event (trimmed, lower-case)."""
    return str(email).strip().lower()


def key_of(pair: Sequence[str]) -> tuple[str, str]:
    """An unordered pair of e-mails as a sorted tuple of keys."""
    a, b = email_key(pair[0]), email_key(pair[1])
    return (a, b) if a <= b else (b, a)


def pair_triples(pairs: Iterable) -> list[tuple[str, str, int]]:
    """``(a, b, round)`` with e-mail keys, from triples or the engine JSON's pair dicts."""
    out = []
    for p in pairs:
        a, b, rnd = (p["a"], p["b"], p["round"]) if isinstance(p, dict) else p
        a, b = email_key(a), email_key(b)
        if a == b:
            raise MatchingError(f"a pair names {a} twice: a pair needs two different people")
        out.append((a, b, int(rnd)))
    return out


def _improve(mate: dict, weight: dict, adjacency: dict, passes: int = 2) -> None:
    """Exchange partners between two pairs, (a, b) + (c, d) -> (a, c) + (b, d), while it adds value."""
    for _ in range(passes):
        improved = False
        for a in sorted(mate):
            b = mate.get(a)
            if b is None:
                continue
            for c in adjacency.get(a, ()):
                d = mate.get(c)
                if c == b or d is None or d == a:
                    continue
                bd = weight.get((min(b, d), max(b, d)))
                if bd is None:
                    continue
                gain = weight[(min(a, c), max(a, c))] + bd - weight[(min(a, b), max(a, b))] \
                    - weight[(min(c, d), max(c, d))]
                if gain > 1e-12:
                    mate[a], mate[c], mate[b], mate[d] = c, a, d, b
                    b = c
                    improved = True
        if not improved:
            return


def match_group(people: Sequence[Attendee], banned: Iterable[tuple[int, int]] = (), *,
                allow_colleagues: bool = False, seed: int = 0) -> list[tuple[int, int, float]]:
    """Pair up a group, one partner each, by value; nobody left alone who has an allowed partner left.

    Parameters
    ----------
    people : sequence of Attendee
    banned : iterable of (int, int)
        Index pairs that must not meet (forbidden, or already meeting).
    allow_colleagues : bool
    seed : int

    Returns
    -------
    list of (int, int, float)
        ``(i, j, value)`` with ``i < j``, sorted.

    Examples
    --------
    >>> group = [Attendee("a@x.org", "A", offers="fundraising", needs="hiring", company="Nova"),
    ...          Attendee("b@x.org", "B", offers="recruiting", needs="investors"),
    ...          Attendee("c@x.org", "C", offers="hiring", company="Nova")]
    >>> [(i, j) for i, j, _ in match_group(group)]
    [(0, 1)]
    """
    from .scoring import score_candidates

    n = len(people)
    if n < 2:
        return []
    cand = score_candidates(people, k=min(10, n - 1), allow_colleagues=allow_colleagues,
                            forbidden=list(banned), seed=seed)
    weight = {(int(i), int(j)): float(s) + _EPSILON for i, j, s in zip(cand.i, cand.j, cand.score)}
    mate: dict[int, int] = {}
    if n <= EXACT_LIMIT:
        import networkx as nx

        graph = nx.Graph()
        graph.add_nodes_from(range(n))
        graph.add_weighted_edges_from((i, j, w) for (i, j), w in sorted(weight.items()))
        for i, j in nx.max_weight_matching(graph):
            mate[i], mate[j] = j, i
    else:
        for (i, j), _ in sorted(weight.items(), key=lambda item: (-item[1], item[0])):
            if i not in mate and j not in mate:
                mate[i], mate[j] = j, i
        adjacency: dict[int, list[int]] = {}
        for i, j in weight:
            adjacency.setdefault(i, []).append(j)
            adjacency.setdefault(j, []).append(i)
        _improve(mate, weight, adjacency)
    # The candidate search is sparse: pair whoever is left with an allowed partner left, best first.
    left = [v for v in range(n) if v not in mate]
    extra = [(u, v) for t, u in enumerate(left) for v in left[t + 1:] if cand.allowed(u, v)]
    if extra:
        values = cand.pair_scores([u for u, _ in extra], [v for _, v in extra])
        for k in sorted(range(len(extra)), key=lambda k: (-values[k], extra[k])):
            u, v = extra[k]
            if u not in mate and v not in mate:
                mate[u], mate[v] = v, u
    pairs = sorted((i, j) for i, j in mate.items() if i < j)
    values = cand.pair_scores([i for i, _ in pairs], [j for _, j in pairs]) if pairs else []
    return [(i, j, float(v)) for (i, j), v in zip(pairs, values)]
