"""The engine and simple baselines, each valued on the same truth (bench only).

* ``engine``  - :func:`matchmaker.pipeline.match_event`, as the product calls it;
* ``tfidf``   - naive word TF-IDF: cosine of A's offers to B's needs plus the
  reverse, best selection by integer program on each person's 20 best pairs;
* ``items``   - exact list items (split on "," ";" and new lines, accents and
  case ignored), each shared item weighted by its rarity (log n / count), both
  ways, same selection;
* ``random``  - a random 3-regular graph over everybody (rules ignored).

:func:`evaluate` returns, per method, the true value as a share of the true
optimum, the cross-language pairs, and for the engine the precision and recall
of its help statements (see :mod:`bench.truth`).

Examples
--------
>>> from matchmaker import Attendee
>>> people = [Attendee(f"p{k}@x.org", f"P{k}", offers="a, b", needs="c") for k in range(4)]
>>> s = item_scores(people)
>>> float(s[0, 1]), float(s[0, 0])
(0.0, 0.0)
"""

from __future__ import annotations

import math
import re

import networkx as nx
import numpy as np
from scipy import optimize, sparse

from matchmaker.pipeline import match_event
from matchmaker.profiles import strip_accents

from .truth import (
    allowed_mask,
    complete_pairs,
    help_precision_recall,
    optimum,
    total_value,
    value_matrix,
)

__all__ = ["best_pairs", "evaluate", "item_scores", "random_pairs", "tfidf_scores"]

_ITEM_SPLIT = re.compile(r"[,;\n]")


def tfidf_scores(attendees) -> np.ndarray:
    """Naive word TF-IDF reciprocity: cos(offers A, needs B) + cos(offers B, needs A)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer().fit([a.offers for a in attendees] + [a.needs for a in attendees])
    off, need = vec.transform([a.offers for a in attendees]), vec.transform([a.needs for a in attendees])
    s = (off @ need.T).toarray()
    s = s + s.T
    np.fill_diagonal(s, 0)
    return s


def _items(text: str) -> set[str]:
    return {" ".join(strip_accents(x).lower().split()) for x in _ITEM_SPLIT.split(text or "")} - {""}


def item_scores(attendees) -> np.ndarray:
    """Exact shared list items, weighted by rarity, both ways."""
    off = [_items(a.offers) for a in attendees]
    need = [_items(a.needs) for a in attendees]
    count: dict[str, int] = {}
    for s in off + need:
        for x in s:
            count[x] = count.get(x, 0) + 1
    n = len(attendees)
    weight = {x: math.log(2 * n / c) for x, c in count.items()}
    s = np.zeros((n, n))
    for a in range(n):
        for b in range(n):
            if a != b:
                s[a, b] = sum(weight[x] for x in off[a] & need[b])
    return s + s.T


def best_pairs(scores: np.ndarray, allowed: np.ndarray, *, degree: int = 3, k: int = 20, seed: int = 0):
    """Best selection by a method's own scores: IP on each person's ``k`` best pairs, then completed."""
    n = len(scores)
    s = np.where(allowed, scores, -np.inf)
    keep = np.zeros((n, n), bool)
    top = np.argsort(-s, axis=1, kind="stable")[:, :k]
    keep[np.repeat(np.arange(n), top.shape[1]), top.ravel()] = True
    keep = (keep | keep.T) & allowed & (scores > 0)
    i, j = np.nonzero(np.triu(keep, 1))
    pairs = []
    if len(i):
        m = len(i)
        inc = sparse.csr_array((np.ones(2 * m), (np.r_[i, j], np.r_[np.arange(m), np.arange(m)])), shape=(n, m))
        res = optimize.milp(-scores[i, j], integrality=np.ones(m), bounds=optimize.Bounds(0, 1),
                            constraints=[optimize.LinearConstraint(inc, 0, degree)],
                            options={"mip_rel_gap": 1e-4, "time_limit": 20})
        if res.x is not None:
            pairs = [(int(a), int(b)) for a, b, x in zip(i, j, res.x) if x > 0.5]
    return complete_pairs(pairs, allowed, degree=degree, seed=seed, partial=True)


def random_pairs(n: int, *, degree: int = 3, seed: int = 0):
    """A random ``degree``-regular graph (one person left out when the count is odd)."""
    graph = nx.random_regular_graph(degree, n - (n * degree) % 2, seed=seed)
    return [tuple(sorted(e)) for e in graph.edges()]


def _cross(attendees, pairs, values):
    return sum(1 for a, b in pairs if values[a, b] > 0 and attendees[a].language != attendees[b].language)


def _cross_share(attendees, pairs):
    return sum(attendees[a].language != attendees[b].language for a, b in pairs) / len(pairs) if pairs else 0.0


def evaluate(attendees, truths, *, bonus: bool = True, forbidden=(), seed: int = 0, degree: int = 3,
             baselines=("tfidf", "items", "random"), restrict_random=False) -> dict:
    """The engine and baselines on one event, valued on ``truths`` (one :class:`Truth` per attendee).

    ``forbidden`` holds index pairs.  Returns ``{"optimum", "n", "methods": {name: row}}``
    where a row has ``value``, ``share``, ``cross`` (valuable cross-language pairs),
    ``cross_found`` (share of the optimum's valuable cross-language pairs chosen), and for
    the engine ``precision``, ``recall``, ``rounds``, ``full`` (attendees at ``degree``).
    """
    n = len(attendees)
    values = value_matrix(truths, bonus=bonus)
    allowed = allowed_mask(attendees, forbidden=forbidden)
    best = optimum(values, allowed, degree=degree, seed=seed)
    best_value = total_value(values, best)
    best_cross = {(a, b) for a, b in best
                  if values[a, b] > 0 and attendees[a].language != attendees[b].language}

    emails = [a.email for a in attendees]
    where = {e: k for k, e in enumerate(emails)}
    out = match_event(attendees, seed=seed, degree=degree,
                      forbidden=[(emails[a], emails[b]) for a, b in forbidden])
    engine = [tuple(sorted((where[p["a"]], where[p["b"]]))) for p in out["pairs"]]
    chosen = {"engine": engine}
    if "tfidf" in baselines:
        chosen["tfidf"] = best_pairs(tfidf_scores(attendees), allowed, degree=degree, seed=seed)
    if "items" in baselines:
        chosen["items"] = best_pairs(item_scores(attendees), allowed, degree=degree, seed=seed)
    if "random" in baselines:
        chosen["random"] = (best_pairs(np.zeros((n, n)), allowed, degree=degree, seed=seed)
                            if restrict_random else random_pairs(n, degree=degree, seed=seed))
    rows = {"optimum": {"value": best_value, "share": 1.0, "cross": len(best_cross), "cross_found": 1.0,
                        "cross_share": _cross_share(attendees, best)}}
    for name, pairs in chosen.items():
        v = total_value(values, pairs)
        rows[name] = {"value": v, "share": v / best_value if best_value else 1.0,
                      "cross": _cross(attendees, pairs, values),
                      "cross_found": (len(best_cross & {tuple(sorted(p)) for p in pairs}) / len(best_cross)
                                      if best_cross else 1.0),
                      "cross_share": _cross_share(attendees, pairs), "pairs": len(pairs)}
    log: list = []
    right, stated, found, links = help_precision_recall(out["pairs"], dict(zip(emails, truths)), log)
    partners = [len(a["partners"]) for a in out["attendees"]]
    rows["engine"].update(precision=right / stated if stated else 1.0, recall=found / links if links else 1.0,
                          stated=stated, links=links, rounds=out["stats"]["rounds"],
                          full=sum(p == degree for p in partners), two_way=two_way(values, truths, engine))
    rows["optimum"]["two_way"] = two_way(values, truths, best)
    missed_pairs = sorted((int(values[a, b]), a, b) for a, b in best if values[a, b] > 0 and (a, b) not in set(engine))
    return {"optimum": best_value, "n": n, "methods": rows, "engine_result": out, "help_log": log,
            "missed_pairs": [(v, attendees[a], attendees[b]) for v, a, b in reversed(missed_pairs)]}


def two_way(values, truths, pairs) -> float:
    """Share of the pairs with true help in both directions."""
    from .truth import give

    if not pairs:
        return 0.0
    return sum(1 for a, b in pairs if give(truths[a], truths[b]) and give(truths[b], truths[a])) / len(pairs)
