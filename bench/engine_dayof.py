"""Event-day engine speed: re-pairing a round around no-shows, minimal-change re-matching, languages.

Run: ``.venv/bin/python -m bench.engine_dayof [--n 10000] [--seed 0]``

Every figure is a ratio against a full ``match_event`` of the same event in the
same run (so a loaded machine slows both sides):

* ``repair_round`` of round 2 with 25% of the attendees absent and 1% walk-ins
  (median of three runs); target: well under a second at 10,000 attendees;
* the quality of the large-group matching (an assignment split into pairs,
  :func:`matchmaker.dayof._assignment_matching`) against the exact blossom
  matching on the same group, as value and as planted two-way pairs re-formed
  (the synthetic ground truth);
* ``rematch`` after one late registration (pairs removed and added);
* ``with_languages`` on the same attendees with their language column emptied,
  with cold caches (simplemma's dictionaries loaded before, timed apart), and on
  100,000 profiles.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from dataclasses import replace

from matchmaker import dayof, language
from matchmaker.dayof import key_of
from matchmaker.no_shows import repair_round
from matchmaker.pipeline import match_event
from matchmaker.rematch import rematch
from matchmaker.synthetic import generate_event


def _day(n: int, seed: int, absent_share: float = 0.25, walk_in_share: float = 0.01):
    event = generate_event(n, seed=seed)
    started = time.perf_counter()
    result = match_event(event.attendees, seed=seed)
    match_seconds = time.perf_counter() - started
    pairs = [(p["a"], p["b"], p["round"]) for p in result["pairs"]]
    rng = random.Random(seed)
    emails = [a.email for a in event.attendees]
    present = set(emails) - set(rng.sample(emails, int(absent_share * n)))
    walk_ins = [replace(w, email=f"walkin{k}@door.example")
                for k, w in enumerate(generate_event(int(walk_in_share * n), seed=seed + 1).attendees)]
    return event, pairs, present, walk_ins, match_seconds


def _timed(function, repeat: int = 3):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _planted(event, fix) -> int:
    good = {key_of(p) for p in event.truth["good_pairs"]}
    return sum(key_of((c.a, c.b)) in good for c in fix.created)


def bench_repair(n: int, seed: int) -> None:
    event, pairs, present, walk_ins, match_seconds = _day(n, seed)
    seconds, fix = _timed(lambda: repair_round(pairs, 2, event.attendees, present, walk_ins=walk_ins, seed=seed))
    rerun_seconds, rerun = _timed(lambda: repair_round(fix.apply(pairs), 2, event.attendees + walk_ins, present,
                                                       walk_ins=walk_ins, seed=seed), repeat=1)
    print(f"repair_round, {n:,} attendees, 25% absent, {len(walk_ins)} walk-ins, round 2: "
          f"{seconds:.3f} s = {seconds / match_seconds:.3f} of match_event ({match_seconds:.1f} s); "
          f"{len(fix.dissolved)} dissolved, {len(fix.created)} created, {len(fix.unpaired)} unpaired; "
          f"re-run {rerun_seconds:.3f} s, changed: {rerun.changed}")


def bench_quality(n: int, seed: int) -> None:
    """The large-group matching against the exact one on the same group (too slow for 10,000)."""
    event, pairs, present, _, _ = _day(n, seed, absent_share=0.4)
    fast_s, fast = _timed(lambda: repair_round(pairs, 2, event.attendees, present, seed=seed), repeat=1)
    limit = dayof.EXACT_LIMIT
    dayof.EXACT_LIMIT = 10 ** 9
    try:
        exact_s, exact = _timed(lambda: repair_round(pairs, 2, event.attendees, present, seed=seed), repeat=1)
    finally:
        dayof.EXACT_LIMIT = limit
    value = sum(c.score for c in fast.created)
    best = sum(c.score for c in exact.created)
    pool = 2 * len(exact.created) + len(exact.unpaired)
    print(f"group matching quality, {n:,} attendees, 40% absent (group of {pool}): value "
          f"{value / best:.3f} of the exact matching's in {fast_s / exact_s:.3f} of its time "
          f"({fast_s:.2f} s vs {exact_s:.2f} s); planted two-way pairs re-formed: "
          f"{_planted(event, fast)} vs {_planted(event, exact)} exact")


def bench_rematch(n: int, seed: int) -> None:
    event = generate_event(n, seed=seed)
    started = time.perf_counter()
    result = match_event(event.attendees, seed=seed)
    match_seconds = time.perf_counter() - started
    pairs = [(p["a"], p["b"], p["round"]) for p in result["pairs"]]
    late = replace(generate_event(3, seed=seed + 7).attendees[1], email="late@x.org", company="Late Corp")
    seconds, change = _timed(lambda: rematch(pairs, event.attendees + [late], seed=seed), repeat=1)
    print(f"rematch, {n:,} attendees + 1 late registration: {seconds:.3f} s = "
          f"{seconds / match_seconds:.3f} of match_event ({match_seconds:.1f} s); "
          f"{len(change.removed)} pairs removed, {len(change.added)} added, {len(change.kept)} kept, "
          f"rounds {result['stats']['rounds']} -> {change.rounds}")


def bench_languages(n: int, seed: int) -> None:
    started = time.perf_counter()
    language.guess_language("Je cherche des investisseurs and looking for advice")
    print(f"simplemma dictionaries (fr, en), loaded once per process: {time.perf_counter() - started:.2f} s")
    for size in (n, 100_000):
        people = [replace(a, language="") for a in generate_event(size, seed=seed).attendees]
        language._text_evidence.cache_clear()  # cold: the caches are the point of the measure
        language._word_evidence.cache_clear()
        started = time.perf_counter()
        language.with_languages(people, "en")
        cold = time.perf_counter() - started
        if size == n:
            started = time.perf_counter()
            match_event(people, seed=seed)
            match_seconds = time.perf_counter() - started
            print(f"with_languages, {size:,} profiles, cold caches: {cold:.2f} s = "
                  f"{cold / match_seconds:.3f} of match_event on them ({match_seconds:.1f} s)")
        else:
            print(f"with_languages, {size:,} profiles, cold caches: {cold:.2f} s "
                  f"({size / cold:,.0f} profiles/s)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    bench_repair(args.n, args.seed)
    bench_quality(1_000, args.seed)
    bench_rematch(200, args.seed)
    bench_rematch(args.n, args.seed)
    bench_languages(args.n, args.seed)
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
