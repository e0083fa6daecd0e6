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

__all__ = ["EXACT_LIMIT", "email_key", "key_of", "match_group", "pair_records", "pair_triples"]

#: Groups up to this size are matched exactly (networkx's blossom algorithm, cubic); larger ones
#: through an assignment (see :func:`_assignment_matching`), within a few thousandths of exact.
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
        a, b = str(a).strip().lower(), str(b).strip().lower()  # email_key, inlined: 45,000 calls at 10,000
        if a == b:
            raise MatchingError(f"a pair names {a} twice: a pair needs two different people")
        out.append((a, b, int(rnd)))
    return out


def _assignment_matching(n: int, weight: dict) -> dict[int, int]:
    """A near-best matching from the best *assignment* of the symmetric pair values.

    Each person is assigned another (or themself, meaning alone) at least total cost with
    scipy's sparse LAPJV; the assignment splits into cycles, whose two-cycles are pairs and
    whose longer cycles give every other edge (the better half; an odd cycle leaves its
    cheapest person out). The assignment's value bounds the matching's, so the loss is small.
    """
    import numpy as np
    import scipy.sparse as sp
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    ends = np.array(list(weight), dtype=np.int64).reshape(-1, 2)
    values = np.fromiter(weight.values(), float, len(weight))
    top = float(values.max()) + 1.0  # costs stay positive: a sparse matrix drops explicit zeros
    rows = np.concatenate([ends[:, 0], ends[:, 1], np.arange(n)])
    cols = np.concatenate([ends[:, 1], ends[:, 0], np.arange(n)])
    cost = sp.csr_matrix((np.concatenate([top - values, top - values, np.full(n, top)]), (rows, cols)),
                         shape=(n, n))
    r, c = min_weight_full_bipartite_matching(cost)
    sigma = np.empty(n, np.int64)
    sigma[r] = c
    mate: dict[int, int] = {}
    seen = np.zeros(n, bool)
    for start in range(n):
        if seen[start]:
            continue
        cycle = [start]
        seen[start] = True
        x = int(sigma[start])
        while x != start:
            cycle.append(x)
            seen[x] = True
            x = int(sigma[x])
        size = len(cycle)
        if size < 2:
            continue
        edges = [(cycle[t], cycle[(t + 1) % size]) for t in range(size)] if size > 2 else [tuple(cycle)]
        gain = [weight[(min(a, b), max(a, b))] for a, b in edges]
        options = [[(first + 2 * k) % len(edges) for k in range(size // 2)]
                   for first in range(len(edges) if size % 2 else min(2, len(edges)))]
        best = max(options, key=lambda chosen: (sum(gain[k] for k in chosen), [-k for k in chosen]))
        for k in best:
            a, b = edges[k]
            mate[a], mate[b] = b, a
    return mate


def match_group(people: Sequence[Attendee], banned: Iterable[tuple[int, int]] = (), *,
                allow_colleagues: bool = False, seed: int = 0) -> list[tuple[int, int, float, bool]]:
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
    list of (int, int, float, bool)
        ``(i, j, value, weak)`` with ``i < j``, sorted; ``weak`` as in the engine's pairs (no
        offers-needs evidence, or a pair found beyond the candidate search).

    Examples
    --------
    >>> group = [Attendee("a@x.org", "A", offers="fundraising", needs="hiring", company="Nova"),
    ...          Attendee("b@x.org", "B", offers="hiring", needs="fundraising"),
    ...          Attendee("c@x.org", "C", offers="hiring", company="Nova")]
    >>> [(i, j, weak) for i, j, _, weak in match_group(group)]
    [(0, 1, False)]
    """
    from .scoring import score_candidates

    n = len(people)
    if n < 2:
        return []
    # Banned pairs are filtered here rather than in the search: they are few per person, and the
    # search's exclusion test costs more than the candidates it would save.
    banned = {(min(a, b), max(a, b)) for a, b in banned}
    cand = score_candidates(people, k=min(10, n - 1), allow_colleagues=allow_colleagues, seed=seed)
    weight = {(i, j): s + _EPSILON for i, j, s in zip(cand.i.tolist(), cand.j.tolist(), cand.score.tolist())
              if (i, j) not in banned}
    weak = {(i, j): bool(w) for i, j, w in zip(cand.i.tolist(), cand.j.tolist(), cand.weak.tolist())}
    mate: dict[int, int] = {}
    if n <= EXACT_LIMIT:
        import networkx as nx

        graph = nx.Graph()
        graph.add_nodes_from(range(n))
        graph.add_weighted_edges_from((i, j, w) for (i, j), w in sorted(weight.items()))
        for i, j in nx.max_weight_matching(graph):
            mate[i], mate[j] = j, i
    else:
        mate = _assignment_matching(n, weight) if weight else {}
        for (i, j), _ in sorted(weight.items(), key=lambda item: (-item[1], item[0])):
            if i not in mate and j not in mate:  # odd cycles' leftovers
                mate[i], mate[j] = j, i
    # The candidate search is sparse: pair whoever is left with an allowed partner left, best first.
    left = [v for v in range(n) if v not in mate]
    extra = [(u, v) for t, u in enumerate(left) for v in left[t + 1:]
             if (u, v) not in banned and cand.allowed(u, v)]
    if extra:
        values = cand.pair_scores([u for u, _ in extra], [v for _, v in extra])
        for k in sorted(range(len(extra)), key=lambda k: (-values[k], extra[k])):
            u, v = extra[k]
            if u not in mate and v not in mate:
                mate[u], mate[v] = v, u
    pairs = sorted((i, j) for i, j in mate.items() if i < j)
    values = cand.pair_scores([i for i, _ in pairs], [j for _, j in pairs]) if pairs else []
    return [(i, j, float(v), weak.get((i, j), True)) for (i, j), v in zip(pairs, values)]


def pair_records(pairs: Iterable, attendees: Sequence[Attendee], *, language: str = "en") -> list[dict]:
    """New pairs in the engine JSON's pair shape, explained in each reader's language.

    Parameters
    ----------
    pairs : iterable
        Objects with ``a``, ``b``, ``round``, ``score`` and ``weak`` (created or added pairs).
    attendees : sequence of Attendee
        Everybody the pairs name (walk-ins included).
    language : str, default "en"
        The event's language, for attendees whose own is unknown and whose words are too few.

    Examples
    --------
    >>> from matchmaker.no_shows import CreatedPair
    >>> people = [Attendee("a@x.org", "Ana", offers="levée de fonds", needs="recrutement"),
    ...           Attendee("b@x.org", "Ben", offers="hiring engineers", needs="fundraising")]
    >>> record = pair_records([CreatedPair("a@x.org", "b@x.org", 2, 0.5)], people)[0]
    >>> record["round"], record["questions_for_a"][0].startswith("Qu")
    (2, True)
    """
    from .explain import explain_pair
    from .language import attendee_language

    by_email = {email_key(p.email): p for p in attendees}
    out = []
    for pair in pairs:
        pa, pb = by_email[email_key(pair.a)], by_email[email_key(pair.b)]
        why = explain_pair(pa, pb, language_a=attendee_language(pa, language).language,
                           language_b=attendee_language(pb, language).language)
        out.append({
            "a": pa.email, "b": pb.email, "round": int(pair.round), "score": round(float(pair.score), 4),
            "weak": bool(pair.weak), "a_helps_b": why.a_helps_b, "b_helps_a": why.b_helps_a,
            "a_gives": list(why.a_gives), "b_gives": list(why.b_gives), "shared": list(why.shared),
            "questions_for_a": list(why.questions_for_a), "questions_for_b": list(why.questions_for_b),
        })
    return out
