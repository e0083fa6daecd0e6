"""What a profile phase is worth: true match value before and after attendees complete their profiles.

Run: ``.venv/bin/python -m bench.profile_phase [--n 200] [--seeds 0,1,2] [--shares 0,0.25,0.5,0.75,1]``

A planted French/English event (``bench/planted.py``, held-out wordings, every
profile complete) gives the truth: the subjects each attendee offers and needs
(``bench/truth.py``). The organizer's file is a thin copy of it: half the
attendees have neither offers nor needs, the other half one of the two
(interests, bios, companies and roles stay). Then a share of the attendees
completes their profile (their complete row comes back) and, in the "wishes"
rows, also picks up to three people from the guest list: those whose offers
meet their own needs best (true subjects, as a person reading the list would),
so some wishes are mutual.

Each matching (``match_event``, as the portal runs it) is valued on the truth,
never on the engine's scores (``truth.value``: subjects given both ways, with a
bonus for two-way help). "of optimum" divides by the true optimum under the same
rules (every attendee at three partners, colleagues excluded). Wishes: directed
wishes honoured out of those asked, mutual wishes kept out of those made.
"""

from __future__ import annotations

import argparse
import dataclasses
import random

import numpy as np

from matchmaker import match_event

from .planted import planted_event
from .truth import allowed_mask, give, optimum, total_value, value_matrix

#: Share of thin rows with neither offers nor needs (the rest keep one of the two).
EMPTY_SHARE = 0.5


def thin(attendees, rng: random.Random):
    """The organizer's thin file: offers and needs dropped (both for EMPTY_SHARE, else one)."""
    out = []
    for a in attendees:
        if rng.random() < EMPTY_SHARE:
            out.append(dataclasses.replace(a, offers="", needs=""))
        else:
            out.append(dataclasses.replace(a, **{rng.choice(("offers", "needs")): ""}))
    return out


def run(n: int, seed: int, share: float, with_wishes: bool) -> dict:
    event = planted_event(n, seed=seed, which="heldout", sparse_share=0.0)
    full = event.attendees
    truths = [event.truth[a.email] for a in full]
    completing = set(random.Random(seed + 1).sample(range(n), round(share * n)))
    thin_rows = thin(full, random.Random(seed))
    rows = [full[k] if k in completing else thin_rows[k] for k in range(n)]
    values = value_matrix(truths)
    allowed = allowed_mask(full)
    wishes = []
    if with_wishes:
        for person in sorted(completing):
            helps_me = [(give(truths[k], truths[person]), values[person, k], -k) for k in range(n)]
            ranked = sorted((k for k in range(n) if k != person and helps_me[k][0] > 0 and allowed[person, k]),
                            key=lambda k: helps_me[k], reverse=True)
            wishes += [(full[person].email, full[k].email) for k in ranked[:3]]
    result = match_event(rows, seed=seed, wishes=wishes)
    index = {a.email: k for k, a in enumerate(full)}
    pairs = [(index[p["a"]], index[p["b"]]) for p in result["pairs"]]
    stats = result["stats"].get("wishes", {})
    return {"true": total_value(values, pairs), "optimum": total_value(values, optimum(values, allowed, seed=seed)),
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
    print(f"{args.n} attendees, planted held-out wordings, mean of seeds {seeds}")
    print(f"{'completed':>9} {'wishes':>6} {'of optimum':>10} {'weak pairs':>10} "
          f"{'wishes honoured':>16} {'mutual kept':>12}")
    for share in (float(s) for s in args.shares.split(",")):
        for with_wishes in (False, True):
            if with_wishes and share == 0:
                continue
            runs = [run(args.n, seed, share, with_wishes) for seed in seeds]
            of_optimum = np.mean([r["true"] / r["optimum"] for r in runs])
            weak = np.mean([r["weak"] for r in runs])
            asked = sum(r["asked"] for r in runs)
            honoured = (f"{sum(r['honoured'] for r in runs) / max(asked, 1):.2f} of {asked / len(runs):.0f}"
                        if with_wishes else "-")
            mutual = (f"{sum(r['mutual_honoured'] for r in runs)}/{sum(r['mutual'] for r in runs)}"
                      if with_wishes else "-")
            print(f"{share:>9.0%} {'yes' if with_wishes else 'no':>6} {of_optimum:>10.3f} {weak:>10.2f} "
                  f"{honoured:>16} {mutual:>12}")


if __name__ == "__main__":
    main()
