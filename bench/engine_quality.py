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

Columns (one row per event)
---------------------------
* ``optimum`` / ``engine``: true value of the optimum and of the engine's pairs;
* ``share``: engine value / true optimum; ``tfidf``, ``items``, ``random``: the
  same share for the baselines;
* ``x-lang``: valuable (true value > 0) French-English pairs, engine / optimum;
  ``x found``: share of the optimum's valuable French-English pairs the engine
  chose (optima are not unique, so this is a floor); ``x share``: share of all
  chosen pairs that are French-English, engine / optimum;
* ``prec`` / ``recall``: the engine's help statements (``a_gives`` / ``b_gives``)
  against the truth: stated phrases whose subject the partner needs / stated
  phrases (near misses are wrong), and true links of the chosen pairs that a
  stated phrase names / true links;
* ``2-way``: pairs with true help both ways, engine / optimum; ``rounds``;
  ``full``: attendees with three partners.

Baselines on the same truth: naive word TF-IDF, exact list items weighted by
rarity, random 3-regular (:mod:`bench.methods`).  Speed dating has no subjects:
the mean shared-interest rating (``shar``, both sides averaged) of the chosen
pairs minus that of all cross-gender pairs of the same wave (pairs that did not
meet, same-gender ones included, are forbidden), with a seeded 95% bootstrap
interval over the chosen pairs of all waves.
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

def _f(x, digits=3):
    return "" if x is None else f"{x:.{digits}f}"


def print_table_of(title: str, results: list[tuple[str, dict]]) -> None:
    """One table for a data set: a row per event (and their mean), the engine beside the baselines."""
    print(f"\n### {title}\n")
    rows, sums = [], []
    for label, r in results:
        m = r["methods"]
        e, o = m["engine"], m["optimum"]
        nums = [e["share"]] + [m[k]["share"] for k in ("tfidf", "items", "random") if k in m] + [
            e["cross_found"], e["precision"], e["recall"], e["two_way"], o["two_way"]]
        sums.append(nums)
        rows.append([label, r["n"], o["value"], e["value"], *(_f(x) for x in nums[:4]),
                     f"{e['cross']}/{o['cross']}", _f(e["cross_found"], 2),
                     f"{e['cross_share']:.2f}/{o['cross_share']:.2f}", _f(e["precision"]), _f(e["recall"]),
                     f"{e['two_way']:.2f}/{o['two_way']:.2f}", e["rounds"], f"{e['full']}/{r['n']}"])
    if len(results) > 1:
        mean = np.mean(sums, axis=0)
        rows.append(["mean", "", "", "", *(_f(x) for x in mean[:4]), "", _f(mean[4], 2), "", _f(mean[5]),
                     _f(mean[6]), f"{mean[7]:.2f}/{mean[8]:.2f}", "", ""])
    print_table(["event", "n", "optimum", "engine", "share", "tfidf", "items", "random", "x-lang", "x found",
                 "x share", "prec", "recall", "2-way", "rounds", "full"], rows)
    stated = sum(r["methods"]["engine"]["stated"] for _, r in results)
    links = sum(r["methods"]["engine"]["links"] for _, r in results)
    print(f"\n{stated} help phrases stated; {links} true help links in the engine's pairs")


def explain(result: dict, limit: int) -> None:
    """The engine's false statements, missed links and missed valuable pairs, for tuning (first event)."""
    if limit <= 0:
        return
    log = result["help_log"]
    for kind, title in (("wrong", "False help statements (phrase, its subject, the partner's needs)"),
                        ("missed", "Missed help links in chosen pairs (offer wording, need wording)")):
        lines = [entry[1:] for entry in log if entry[0] == kind]
        print(f"\n{title}: {len(lines)}")
        for line in lines[:limit]:
            print("  ", " | ".join(map(str, line)))
    missed = result["missed_pairs"]
    print(f"\nValuable pairs of the optimum the engine did not choose: {len(missed)}")
    for v, a, b in missed[:limit]:
        print(f"   {v}: [{a.language}] {a.offers!r} -> {a.needs!r}  ||  [{b.language}] {b.offers!r} -> {b.needs!r}")


def speed_dating(seed: int, resamples: int = 2000) -> None:
    """Chosen pairs' shared-interest rating minus that of all cross-gender pairs that met, per wave, pooled."""
    diffs: dict[str, list[float]] = {"engine": [], "tfidf": [], "random": [], "oracle": []}
    waves = 0
    for wave in speed_dating_waves():
        n, met = len(wave.attendees), wave.shar
        if not met:
            continue
        emails = [a.email for a in wave.attendees]
        # same-gender pairs never met, nor did a few cross-gender ones: forbid both, so every pair has ratings
        banned = [(emails[a], emails[b]) for a in range(n) for b in range(a + 1, n) if (a, b) not in met]
        out = match_event(wave.attendees, seed=seed, forbidden=banned)
        where = {e: k for k, e in enumerate(emails)}
        allowed, ratings = np.zeros((n, n), bool), np.zeros((n, n))
        for (a, b), x in met.items():
            allowed[a, b] = allowed[b, a] = True
            ratings[a, b] = ratings[b, a] = x
        chosen = {
            "engine": [(where[p["a"]], where[p["b"]]) for p in out["pairs"]],
            "tfidf": best_pairs(np.where(allowed, tfidf_interests(wave.attendees) + 1e-9, 0), allowed, k=n,
                                seed=seed),
            "random": best_pairs(np.zeros((n, n)), allowed, k=n, seed=seed),
            "oracle": best_pairs(ratings, allowed, k=n, seed=seed),
        }
        base = float(np.mean(list(met.values())))
        for name, pairs in chosen.items():
            diffs[name] += [met[tuple(sorted(p))] - base for p in pairs if tuple(sorted(p)) in met]
        waves += 1
    rng = np.random.default_rng(seed)
    print(f"\n### Speed dating ({waves} waves): shared-interest rating (1-10, both sides averaged) of the chosen "
          "pairs minus the mean of all cross-gender pairs of the wave\n")
    rows = []
    for name, d in diffs.items():
        d = np.asarray(d)
        boot = rng.choice(d, size=(resamples, len(d))).mean(1)
        lo, hi = np.percentile(boot, [2.5, 97.5])
        rows.append([name, len(d), f"{d.mean():+.3f}", f"[{lo:+.3f}, {hi:+.3f}]"])
    print_table(["method", "pairs", "mean difference", "95% bootstrap interval"], rows)
    print("\n(tfidf: word TF-IDF of the profile text; random: a random selection of pairs that met; "
          "oracle: the best selection on the ratings themselves, the ceiling)")


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
    parser.add_argument("--events", type=int, default=3, help="planted events per size and wording set")
    parser.add_argument("--datasets", default="planted,survey,lyon,speed")
    parser.add_argument("--explain", type=int, default=0, metavar="N",
                        help="print up to N false help statements, missed help links and missed valuable pairs "
                             "(tune wordings and the Lyon file only: never the held-out set)")
    args = parser.parse_args(argv)
    sets = set(args.datasets.split(","))
    started = time.perf_counter()
    if "planted" in sets:
        for n in (int(x) for x in args.sizes.split(",")):
            for which in (("tune", "heldout") if args.wordings == "both" else (args.wordings,)):
                results = []
                for seed in range(args.seed, args.seed + args.events):
                    event = planted_event(n, seed=seed, which=which)
                    results.append((f"seed {seed}", evaluate(
                        event.attendees, [event.truth[a.email] for a in event.attendees], seed=seed)))
                print_table_of(f"Planted events of {n}, {which} wordings", results)
                if which == "tune":
                    explain(results[0][1], args.explain)
    if "survey" in sets:
        people, truths = survey()
        print_table_of("Know/want survey (value: methods one knows and the other wants, both ways, no bonus)",
                       [("survey", evaluate(people, truths, bonus=False, seed=args.seed))])
    if "lyon" in sets:
        people, truths = lyon()
        result = evaluate(people, truths, seed=args.seed)
        print_table_of("Lyon mixed French/English file (hand annotations)", [("lyon", result)])
        explain(result, args.explain)
    if "speed" in sets:
        speed_dating(args.seed)
    print(f"\n({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
