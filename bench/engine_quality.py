"""Match quality against the truth, never against the engine's own scores.

Run: ``.venv/bin/python -m bench.engine_quality [--sizes 200] [--seed 0] [--wordings tune|heldout|both]
[--datasets planted,survey,lyon,speed]``

What "truth" is
---------------
Every attendee's offer and need items carry a subject known to the bench, not
to the engine: planted by :mod:`bench.planted` (subjects in
``bench/data/subjects.tsv``, worded from ``tune_wordings.tsv`` or the held-out
``heldout_wordings.tsv``), the methods themselves in the know/want survey, hand
annotations for the Lyon file.  With ``give(A->B)`` = number of A's offer
subjects among B's need subjects, the true value of a pair is
``give(A->B) + give(B->A) + min(give(A->B), give(B->A))`` (the survey: the first
two terms only).  The true optimum is the integer program over all pairs, each
attendee in exactly three (one at two when the count is odd), colleagues and
forbidden pairs excluded (:mod:`bench.truth`).

Columns
-------
* ``share``: true value of the chosen pairs / true optimum;
* ``x-lang``: chosen pairs with true value across French and English (the
  optimum's count on its row); ``x found``: share of the optimum's valuable
  cross-language pairs that were chosen (optima are not unique: a floor);
* ``prec`` / ``recall``: help statements (``a_gives`` / ``b_gives``) against the
  truth: stated phrases whose subject the partner needs / stated phrases (near
  misses are wrong), and true links of the chosen pairs named / true links;
* ``2-way``: chosen pairs with true help both ways; ``rounds``, ``full``
  (attendees with three partners) for the engine.

Baselines on the same truth: naive word TF-IDF, exact list items weighted by
rarity, random 3-regular (:mod:`bench.methods`).  Speed dating has no subjects:
the mean shared-interest rating (``shar``, both sides averaged) of the chosen
pairs minus that of all cross-gender pairs of the same wave, with a seeded 95%
bootstrap interval over the chosen pairs.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from matchmaker.pipeline import match_event

from ._util import print_table
from .methods import best_pairs, evaluate
from .planted import planted_event
from .realdata import lyon, speed_dating_waves, survey

__all__ = ["main"]

_ORDER = ("optimum", "engine", "tfidf", "items", "random")


def _f(x, digits=3):
    return "" if x is None else f"{x:.{digits}f}"


def print_event(title: str, result: dict) -> None:
    print(f"\n### {title} ({result['n']} attendees, true optimum {result['optimum']})\n")
    rows = []
    for name in _ORDER:
        r = result["methods"].get(name)
        if r is None:
            continue
        rows.append([name, r["value"], _f(r["share"]), r["cross"], _f(r["cross_found"], 2),
                     _f(r.get("precision")), _f(r.get("recall")), _f(r.get("two_way"), 2),
                     r.get("rounds", ""), r.get("full", "")])
    print_table(["method", "value", "share", "x-lang", "x found", "prec", "recall", "2-way", "rounds", "full"],
                rows)
    e = result["methods"]["engine"]
    print(f"\nhelp statements: {e['stated']} phrases stated, {e['links']} true links in the chosen pairs")


def speed_dating(seed: int, resamples: int = 2000) -> None:
    """Chosen pairs' shared-interest rating minus that of all cross-gender pairs, per wave, pooled."""
    diffs, oracle, tfidf, waves, chosen = [], [], [], 0, 0
    for wave in speed_dating_waves():
        n = len(wave.attendees)
        met = wave.shar
        if not met:
            continue
        emails = [a.email for a in wave.attendees]
        banned = [(emails[a], emails[b]) for a in range(n) for b in range(a + 1, n) if (a, b) not in met]
        out = match_event(wave.attendees, seed=seed, forbidden=banned)
        where = {e: k for k, e in enumerate(emails)}
        base = float(np.mean(list(met.values())))
        pairs = [tuple(sorted((where[p["a"]], where[p["b"]]))) for p in out["pairs"]]
        diffs += [met[p] - base for p in pairs]
        allowed = np.zeros((n, n), bool)
        ratings = np.zeros((n, n))
        for (a, b), x in met.items():
            allowed[a, b] = allowed[b, a] = True
            ratings[a, b] = ratings[b, a] = x
        best = best_pairs(ratings, allowed, k=n, seed=seed)
        oracle += [met[tuple(sorted(p))] - base for p in best if tuple(sorted(p)) in met]
        words = best_pairs(np.where(allowed, tfidf_interests(wave.attendees) + 1e-9, 0), allowed, k=n, seed=seed)
        tfidf += [met[tuple(sorted(p))] - base for p in words if tuple(sorted(p)) in met]
        waves += 1
        chosen += len(pairs)
    rng = np.random.default_rng(seed)
    print(f"\n### Speed dating ({waves} waves, shared-interest rating 1-10, chosen minus all cross-gender pairs)\n")
    rows = []
    for name, d in (("engine", diffs), ("tfidf", tfidf), ("oracle", oracle)):
        d = np.asarray(d)
        boot = rng.choice(d, size=(resamples, len(d))).mean(1)
        lo, hi = np.percentile(boot, [2.5, 97.5])
        rows.append([name, len(d), _f(d.mean(), 2), f"[{lo:.2f}, {hi:.2f}]"])
    print_table(["method", "pairs", "mean diff", "95% interval"], rows)
    print("\n(oracle: the best selection on the ratings themselves, the ceiling; tfidf: word TF-IDF "
          "of the profile text)")


def tfidf_interests(attendees) -> np.ndarray:
    """Word TF-IDF cosine of the whole profile text (no offers or needs in speed dating)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [f"{a.role} {a.bio} {a.interests}" for a in attendees]
    x = TfidfVectorizer().fit_transform(texts)
    s = (x @ x.T).toarray()
    np.fill_diagonal(s, 0)
    return s


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200", help="planted event sizes, comma-separated")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--wordings", choices=("tune", "heldout", "both"), default="both")
    parser.add_argument("--datasets", default="planted,survey,lyon,speed")
    args = parser.parse_args(argv)
    sets = set(args.datasets.split(","))
    started = time.perf_counter()
    if "planted" in sets:
        for n in (int(s) for s in args.sizes.split(",")):
            for which in (("tune", "heldout") if args.wordings == "both" else (args.wordings,)):
                event = planted_event(n, seed=args.seed, which=which)
                result = evaluate(event.attendees, [event.truth[a.email] for a in event.attendees], seed=args.seed)
                print_event(f"Planted, {which} wordings, seed {args.seed}", result)
    if "survey" in sets:
        people, truths = survey()
        print_event("Know/want survey (value: methods known by one and wanted by the other, both ways)",
                    evaluate(people, truths, bonus=False, seed=args.seed))
    if "lyon" in sets:
        people, truths = lyon()
        print_event("Lyon mixed French/English file (hand annotations)", evaluate(people, truths, seed=args.seed))
    if "speed" in sets:
        speed_dating(args.seed)
    print(f"\n({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
