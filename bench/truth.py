"""Ground-truth value of a matching, defined without the engine.

Every attendee carries a *truth*: the subject of each of their offer and need
items (``Truth.offers`` / ``Truth.needs``: lists of ``(wording, subject)``;
subject ``"-"`` marks an item too vague to be any subject, which never helps).

* ``give(A -> B)`` = number of A's offer subjects that are among B's need subjects;
* ``value(A, B) = give(A->B) + give(B->A) + min(give(A->B), give(B->A))``: help
  both ways earns a bonus (``bonus=False`` drops it, as for the know/want survey).

The true optimum is an integer program over *all* pairs (scipy ``milp``, HiGHS):
every attendee in exactly ``degree`` pairs (one at ``degree - 1`` when the count
is odd), colleagues and forbidden pairs excluded, as in the engine.  It is
solved on the pairs of positive value with ``<= degree`` each, then completed
with zero-value pairs; when the completion reaches every slot the relaxation's
value is attained, so it is the exact optimum (otherwise the full program runs).

Help statements are judged phrase by phrase: a stated phrase (``a_gives``) maps
back to the helper's offer item that contains it (whole words, accents and case
ignored); it is right when that item's subject is among the partner's need
subjects (a near miss is wrong), and wrong when it maps to no item.

This module never imports :mod:`matchmaker.scoring`: the truth must not be the
engine's own opinion.

Examples
--------
>>> a = Truth(offers=[("fundraising", "fund")], needs=[("CFO", "cfo")])
>>> b = Truth(offers=[("DAF à temps partagé", "cfo")], needs=[("levée de fonds", "fund")])
>>> give(a, b), give(b, a), value(a, b)
(1, 1, 3)
>>> phrase_subject("levée", b.needs)
'fund'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, sparse

from matchmaker.profiles import normalise_company, strip_accents

__all__ = [
    "VAGUE",
    "Truth",
    "allowed_mask",
    "complete_pairs",
    "give",
    "help_precision_recall",
    "optimum",
    "phrase_subject",
    "total_value",
    "value",
    "value_matrix",
]

#: Subject of an item that is too vague to help anybody ("partnerships", "growth").
VAGUE = "-"


@dataclass
class Truth:
    """Subjects of one attendee's offer and need items, with the item wordings."""

    offers: list[tuple[str, str]] = field(default_factory=list)
    needs: list[tuple[str, str]] = field(default_factory=list)

    def offer_subjects(self) -> set[str]:
        return {s for _, s in self.offers if s != VAGUE}

    def need_subjects(self) -> set[str]:
        return {s for _, s in self.needs if s != VAGUE}


def give(a: Truth, b: Truth) -> int:
    """Number of A's offer subjects among B's need subjects."""
    return len(a.offer_subjects() & b.need_subjects())


def value(a: Truth, b: Truth, *, bonus: bool = True) -> int:
    """True value of the pair (A, B)."""
    ab, ba = give(a, b), give(b, a)
    return ab + ba + (min(ab, ba) if bonus else 0)


def value_matrix(truths: list[Truth], *, bonus: bool = True) -> np.ndarray:
    """Symmetric n x n matrix of :func:`value` (zero diagonal)."""
    subjects = sorted(set().union(*(t.offer_subjects() | t.need_subjects() for t in truths)) or {""})
    col = {s: k for k, s in enumerate(subjects)}
    off = np.zeros((len(truths), len(subjects)), np.int64)
    need = np.zeros_like(off)
    for p, t in enumerate(truths):
        off[p, [col[s] for s in t.offer_subjects()]] = 1
        need[p, [col[s] for s in t.need_subjects()]] = 1
    g = off @ need.T  # g[a, b] = give(a -> b)
    v = g + g.T + (np.minimum(g, g.T) if bonus else 0)
    np.fill_diagonal(v, 0)
    return v


def allowed_mask(attendees, *, allow_colleagues: bool = False, forbidden=()) -> np.ndarray:
    """Boolean n x n matrix of the pairs the engine may form (index pairs in ``forbidden``)."""
    n = len(attendees)
    ok = ~np.eye(n, dtype=bool)
    if not allow_colleagues:
        keys = [normalise_company(a.company) for a in attendees]
        for p in range(n):
            for q in range(p + 1, n):
                if keys[p] and keys[p] == keys[q]:
                    ok[p, q] = ok[q, p] = False
    for p, q in forbidden:
        ok[p, q] = ok[q, p] = False
    return ok


def _milp(n, edges, weights, degree, exact):
    i, j = edges[:, 0], edges[:, 1]
    m = len(edges)
    inc = sparse.csr_array((np.ones(2 * m), (np.r_[i, j], np.r_[np.arange(m), np.arange(m)])), shape=(n, m))
    cons = [optimize.LinearConstraint(inc, 0, degree)]
    if exact:
        target = degree * n // 2
        cons.append(optimize.LinearConstraint(np.ones((1, m)), target, target))
    res = optimize.milp(-np.asarray(weights, float), integrality=np.ones(m), bounds=optimize.Bounds(0, 1),
                        constraints=cons, options={"mip_rel_gap": 1e-9, "time_limit": 120})
    if res.x is None:
        return None
    return [tuple(e) for e in edges[res.x > 0.5].tolist()]


def complete_pairs(pairs, allowed: np.ndarray, *, degree: int = 3, seed: int = 0, partial: bool = False):
    """Add pairs of ``allowed`` until everyone has ``degree`` partners (one short if odd).

    When no allowed pair is left before that, return None, or the pairs so far if ``partial``.
    """
    n = len(allowed)
    rng = np.random.default_rng(seed)
    left = np.full(n, degree)
    taken = np.zeros((n, n), bool)
    for a, b in pairs:
        left[a] -= 1
        left[b] -= 1
        taken[a, b] = taken[b, a] = True
    out = [(int(min(a, b)), int(max(a, b))) for a, b in pairs]
    while len(out) < degree * n // 2:
        free = left > 0
        open_ = allowed & ~taken & free[:, None] & free[None, :]
        count = open_.sum(1)
        if not count.any():
            return out if partial else None
        # the most constrained person first, towards whoever has the most slots left
        order = np.lexsort((rng.random(n), np.where(count > 0, count, n + 1)))
        a = int(order[0])
        cands = np.flatnonzero(open_[a])
        b = int(cands[np.lexsort((rng.random(len(cands)), -left[cands]))[0]])
        out.append((min(a, b), max(a, b)))
        taken[a, b] = taken[b, a] = True
        left[a] -= 1
        left[b] -= 1
    return out


def optimum(values: np.ndarray, allowed: np.ndarray, *, degree: int = 3, seed: int = 0):
    """Pairs of a true optimum: every attendee at ``degree`` (one at ``degree - 1`` if odd)."""
    n = len(values)
    iu = np.triu_indices(n, 1)
    keep = allowed[iu] & (values[iu] > 0)
    edges = np.stack([iu[0][keep], iu[1][keep]], 1)
    best = _milp(n, edges, values[iu][keep], degree, exact=False) if len(edges) else []
    full = complete_pairs(best or [], allowed, degree=degree, seed=seed)
    if full is not None:
        return full
    keep = allowed[iu]
    edges = np.stack([iu[0][keep], iu[1][keep]], 1)
    exact = _milp(n, edges, values[iu][keep] + 1e-6, degree, exact=True)  # the epsilon fills slots
    if exact is None:
        raise RuntimeError("no selection gives everyone the required number of partners")
    return exact


def total_value(values: np.ndarray, pairs) -> int:
    """Sum of the true values of ``pairs``."""
    return int(sum(values[a, b] for a, b in pairs))


def _fold(text: str) -> str:
    return " ".join(re.findall(r"\w+", strip_accents(text).lower()))


def phrase_subject(phrase: str, items: list[tuple[str, str]]) -> str | None:
    """Subject of the item that contains ``phrase`` as whole words (the tightest one), else None."""
    needle = _fold(phrase)
    if not needle:
        return None
    best = None
    for wording, subject in items:
        hay = _fold(wording)
        if re.search(r"(?:^| )" + re.escape(needle) + r"(?: |$)", hay) and (best is None or len(hay) < best[0]):
            best = (len(hay), subject)
    return best[1] if best else None


def help_precision_recall(pairs_out, truth_by_email: dict[str, Truth], log: list | None = None):
    """(right, stated, found, links) over the engine's pairs, for precision and recall.

    ``right / stated`` is precision: stated phrases whose subject the partner needs.
    ``found / links`` is recall: true (offer subject of A, needed by B) links of the
    chosen pairs that a stated phrase names.  ``log``, when given, receives
    ``("wrong", phrase, its subject, the partner's needs)`` and
    ``("missed", A's offer wording, B's need wording)`` tuples.
    """
    right = stated = found = links = 0
    for p in pairs_out:
        for helper, receiver, gives in ((p["a"], p["b"], p["a_gives"]), (p["b"], p["a"], p["b_gives"])):
            th, tr = truth_by_email[helper], truth_by_email[receiver]
            wanted = tr.need_subjects()
            named = set()
            for phrase in gives:
                s = phrase_subject(phrase, th.offers)
                stated += 1
                if s is not None and s != VAGUE and s in wanted:
                    right += 1
                    named.add(s)
                elif log is not None:
                    log.append(("wrong", phrase, s, [w for w, _ in tr.needs]))
            true_links = th.offer_subjects() & wanted
            links += len(true_links)
            found += len(true_links & named)
            if log is not None:
                for s in sorted(true_links - named):
                    log.append(("missed", next(w for w, x in th.offers if x == s),
                                next(w for w, x in tr.needs if x == s)))
    return right, stated, found, links
