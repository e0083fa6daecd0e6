"""Quality of the optimiser on the engine's own pair scores, against the exact optimum and baselines.

Run: ``.venv/bin/python -m bench.optimizer_quality [--sizes 200,1000] [--seed 0]``

For each synthetic event (planted two-way pairs, see ``matchmaker.synthetic``)
the candidate graph is built once, then every method is valued with the same
exact pair scores (``Candidates.pair_scores``):

* optimum  - integer program (scipy ``milp``, HiGHS) on the candidate graph,
  every attendee at three partners (odd counts: one at two);
* engine   - ``choose_partners`` as the pipeline calls it (exact below 1,500);
* relaxed  - ``choose_partners(exact_below=0)``: the large-event method
  (linear relaxation + repair) on the same graph;
* greedy   - best candidate pairs first while both ends have a free slot;
* random   - a random 3-regular graph over all attendees (rules ignored).

Shares are of the optimum measured in the same run; "planted" is the share of
planted good pairs that were chosen; "two-way" the share of chosen pairs whose
explanation finds help in both directions.
"""

from __future__ import annotations

import argparse
import time

import networkx as nx
import numpy as np
from scipy import optimize, sparse

from matchmaker.explain import explain_pair
from matchmaker.matching import choose_partners
from matchmaker.scoring import score_candidates
from matchmaker.synthetic import generate_event


def optimum(cand, degree=3):
    i, j, w = cand.i.astype(np.int64), cand.j.astype(np.int64), cand.score
    m, n = len(i), cand.n
    incidence = sparse.csr_array((np.ones(2 * m), (np.r_[i, j], np.r_[np.arange(m), np.arange(m)])),
                                 shape=(n, m))
    target = degree * n // 2
    res = optimize.milp(-w, integrality=np.ones(m), bounds=optimize.Bounds(0, 1),
                        constraints=[optimize.LinearConstraint(incidence, 0, degree),
                                     optimize.LinearConstraint(np.ones((1, m)), target, target)],
                        options={"mip_rel_gap": 1e-9})
    if res.x is None:
        raise SystemExit(f"the candidate graph has no full selection: {res.message}")
    chosen = res.x > 0.5
    return list(zip(i[chosen].tolist(), j[chosen].tolist()))


def greedy(cand, degree=3):
    free = np.full(cand.n, degree)
    pairs = []
    for e in np.lexsort((cand.j, cand.i, -cand.score)):
        a, b = int(cand.i[e]), int(cand.j[e])
        if free[a] and free[b]:
            free[a] -= 1
            free[b] -= 1
            pairs.append((a, b))
    return pairs


def random_regular(n, seed, degree=3):
    graph = nx.random_regular_graph(degree, n - (n * degree) % 2, seed=seed)
    return [tuple(sorted(e)) for e in graph.edges()]


def value(cand, pairs):
    if not pairs:
        return 0.0
    a, b = (np.array(x, dtype=np.int64) for x in zip(*pairs))
    return float(np.sum(cand.pair_scores(a, b)))


def two_way(attendees, pairs):
    both = 0
    for a, b in pairs:
        why = explain_pair(attendees[a], attendees[b], language_a=attendees[a].language or "en",
                           language_b=attendees[b].language or "en")
        both += bool(why.a_helps_b and why.b_helps_a)
    return both / max(len(pairs), 1)


def planted(attendees, truth, pairs):
    emails = [a.email for a in attendees]
    chosen = {tuple(sorted((emails[a], emails[b]))) for a, b in pairs}
    good = {tuple(sorted(p)) for p in truth["good_pairs"]}
    return len(chosen & good) / max(len(good), 1)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,1000")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print(f"{'n':>6} {'method':<8} {'value':>10} {'share':>7} {'planted':>8} {'two-way':>8} {'seconds':>8}")
    for n in (int(s) for s in args.sizes.split(",")):
        event = generate_event(n, seed=args.seed)
        cand = score_candidates(event.attendees, seed=args.seed)
        rows = []
        for name, run in [("optimum", lambda cand=cand: optimum(cand)),
                          ("engine", lambda cand=cand: choose_partners(cand, seed=args.seed).pairs),
                          ("relaxed", lambda cand=cand: choose_partners(cand, seed=args.seed, exact_below=0).pairs),
                          ("greedy", lambda cand=cand: greedy(cand)),
                          ("random", lambda n=n: random_regular(n, args.seed))]:
            started = time.perf_counter()
            pairs = run()
            rows.append((name, pairs, time.perf_counter() - started))
        best = value(cand, rows[0][1])
        for name, pairs, seconds in rows:
            v = value(cand, pairs)
            print(f"{n:>6} {name:<8} {v:>10.2f} {v / best:>7.3f} {planted(event.attendees, event.truth, pairs):>8.3f}"
                  f" {two_way(event.attendees, pairs):>8.3f} {seconds:>8.2f}")


if __name__ == "__main__":
    main()
