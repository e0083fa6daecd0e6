"""What a profile phase is worth: true match value before and after attendees complete their profiles.

Run: ``.venv/bin/python -m bench.profile_phase [--n 200] [--seeds 0,1,2] [--shares 0,0.25,0.5,0.75,1]``

A synthetic event (``matchmaker.synthetic``, every profile complete) gives the
truth: the planted topics each attendee offers and needs. The organizer's file
is a thin copy of it: half the attendees have neither offers nor needs, the
other half one of the two (interests, bios, companies and roles stay). Then a
share of the attendees completes their profile (their complete row comes back)
and, in the "wishes" rows, also picks up to three people from the guest list:
those whose offers meet their own needs best (true topics, as a person reading
the list would), so some wishes are mutual.

Each matching (``match_event``, as the portal runs it) is valued on the truth,
never on the engine's scores: a pair is worth ``h(A->B) + h(B->A) + min(both)``
where ``h`` counts the planted topics A offers that B needs. "of oracle" divides
by the best value any selection of at most three partners each can reach on
the truth (integer program over every pair, HiGHS). "planted" is the share of
planted two-way pairs found. Wishes: directed wishes honoured out of those
asked, and mutual wishes kept out of those made.
"""

from __future__ import annotations

import argparse
import dataclasses
import random

import numpy as np
from scipy import optimize, sparse

from matchmaker import match_event
from matchmaker.synthetic import TOPICS, generate_event

#: Share of thin rows with neither offers nor needs (the rest keep one of the two).
EMPTY_SHARE = 0.5


def topics(text: str) -> frozenset[int]:
    """Planted topics named in a text (English or French phrasing).

    >>> sorted(topics("Looking for fundraising and conformité RGPD"))
    [0, 3]
    """
    low = text.lower()
    return frozenset(t for t, phrases in enumerate(TOPICS) if any(p.lower() in low for p in phrases))


def truth_matrix(attendees) -> np.ndarray:
    offers = [topics(a.offers) for a in attendees]
    needs = [topics(a.needs) for a in attendees]
    n = len(attendees)
    help_ = np.array([[len(offers[a] & needs[b]) for b in range(n)] for a in range(n)], float)
    return help_ + help_.T + np.minimum(help_, help_.T)


def oracle(value: np.ndarray, degree: int = 3) -> float:
    i, j = np.nonzero(np.triu(value, 1))
    m, n = len(i), len(value)
    incidence = sparse.csr_array((np.ones(2 * m), (np.r_[i, j], np.r_[np.arange(m), np.arange(m)])), shape=(n, m))
    res = optimize.milp(-value[i, j], integrality=np.ones(m), bounds=optimize.Bounds(0, 1),
                        constraints=[optimize.LinearConstraint(incidence, 0, degree)],
                        options={"mip_rel_gap": 1e-6})
    return float(-res.fun)


def thin(attendees, rng: random.Random):
    out = []
    for a in attendees:
        if rng.random() < EMPTY_SHARE:
            out.append(dataclasses.replace(a, offers="", needs=""))
        else:
            out.append(dataclasses.replace(a, **{rng.choice(("offers", "needs")): ""}))
    return out


def wishes_of(person: int, attendees, value_for: np.ndarray, limit: int = 3):
    """Up to ``limit`` people whose offers meet this person's needs best (ties: file order)."""
    ranked = sorted((k for k in range(len(attendees)) if k != person and value_for[k] > 0),
                    key=lambda k: (-value_for[k], k))
    return [(attendees[person].email, attendees[k].email) for k in ranked[:limit]]


def run(n: int, seed: int, share: float, with_wishes: bool) -> dict:
    event = generate_event(n, seed=seed, sparse_share=0.0)
    full = event.attendees
    rng = random.Random(seed)
    thin_rows = thin(full, rng)
    completing = set(random.Random(seed + 1).sample(range(n), round(share * n)))
    rows = [full[k] if k in completing else thin_rows[k] for k in range(n)]
    value = truth_matrix(full)
    needs = [topics(a.needs) for a in full]
    offers = [topics(a.offers) for a in full]
    wishes = []
    if with_wishes:
        for person in sorted(completing):
            gives_me = np.array([len(offers[k] & needs[person]) for k in range(n)], float)
            wishes += wishes_of(person, full, gives_me + 0.01 * value[person])
    result = match_event(rows, seed=seed, wishes=wishes)
    index = {a.email: k for k, a in enumerate(full)}
    pairs = [(index[p["a"]], index[p["b"]]) for p in result["pairs"]]
    good = {tuple(sorted(p)) for p in event.truth["good_pairs"]}
    chosen = {tuple(sorted((p["a"], p["b"]))) for p in result["pairs"]}
    stats = result["stats"].get("wishes", {})
    return {"true": float(sum(value[a, b] for a, b in pairs)), "oracle": oracle(value),
            "planted": len(chosen & good) / max(len(good), 1),
            "weak": result["stats"]["weak_pairs"] / max(len(pairs), 1),
            "asked": stats.get("asked", 0), "honoured": stats.get("honoured", 0),
            "mutual": stats.get("mutual", 0), "mutual_honoured": stats.get("mutual_honoured", 0)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--shares", default="0,0.25,0.5,0.75,1")
    args = parser.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",")]
    print(f"{args.n} attendees, mean of seeds {seeds}")
    print(f"{'completed':>9} {'wishes':>6} {'of oracle':>9} {'planted':>8} {'weak':>6} "
          f"{'wishes honoured':>16} {'mutual kept':>12}")
    for share in (float(s) for s in args.shares.split(",")):
        for with_wishes in (False, True):
            if with_wishes and share == 0:
                continue
            runs = [run(args.n, seed, share, with_wishes) for seed in seeds]
            mean = {key: float(np.mean([r[key] for r in runs])) for key in runs[0]}
            of_oracle = np.mean([r["true"] / r["oracle"] for r in runs])
            honoured = (f"{sum(r['honoured'] for r in runs) / max(sum(r['asked'] for r in runs), 1):.2f}"
                        f" of {mean['asked']:.0f}") if with_wishes else "-"
            mutual = (f"{sum(r['mutual_honoured'] for r in runs)}/{sum(r['mutual'] for r in runs)}"
                      if with_wishes else "-")
            print(f"{share:>9.0%} {'yes' if with_wishes else 'no':>6} {of_oracle:>9.3f} {mean['planted']:>8.3f} "
                  f"{mean['weak']:>6.2f} {honoured:>16} {mutual:>12}")


if __name__ == "__main__":
    main()
