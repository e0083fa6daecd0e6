"""The optimiser alone: seconds, memory and value against its proven bound, this tree and main.

Run: ``.venv/bin/python -m bench.engine_bound [--sizes 10000,100000] [--main /work/main]``

For each size a synthetic event (:func:`matchmaker.synthetic.generate_event`) is scored once
with this tree's :func:`matchmaker.scoring.score_candidates` and the candidates are pickled to a
temporary file (``--cache DIR`` keeps them between runs). Then, each in its own subprocess so
that the peaks are their own, this tree's :func:`matchmaker.matching.choose_partners` and the
one at ``--main`` (``PYTHONPATH`` set to it) choose partners on the same candidates, and
:func:`matchmaker.rounds.assign_rounds` splits them into rounds. Printed per run: wall and CPU
seconds of ``choose_partners``, its peak memory (resident set above the loaded candidates:
``VmHWM`` reset before the call, minus the resident set before it), the value, the bound the
engine proves over every candidate pair, value / bound, pairs, attendees with fewer partners
and rounds; then this tree's figures as ratios of main's, measured in the same run.

Both engines run on the candidates this tree scores, so value/bound moves with the scores as
well as with the optimiser: the 0.9966 this bench gave at 100,000 (commit c0449fa) and the
0.9931 of the end-to-end run a few commits later came from the same optimiser on different
scores (bios at 0.15, interest words at full weight, lexicon merges). Compare figures of one run.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

_CHILD = r"""
import json, pickle, resource, sys, time
from collections import Counter

def rss_mb(key):
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

with open(sys.argv[1], "rb") as fh:
    cand = pickle.load(fh)
from matchmaker.matching import choose_partners
from matchmaker.rounds import assign_rounds
before = rss_mb("VmRSS:")
with open("/proc/self/clear_refs", "w") as fh:
    fh.write("5")
wall, cpu = time.perf_counter(), time.process_time()
sel = choose_partners(cand, seed=0)
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
peak = rss_mb("VmHWM:") - before
rounds = assign_rounds(sel.pairs, seed=0)
degrees = Counter(v for pair in sel.pairs for v in pair)
print(json.dumps({"seconds": wall, "cpu": cpu, "peak_mb": peak, "value": sel.value, "bound": sel.bound,
                  "pairs": len(sel.pairs), "unmatched": len(sel.unmatched),
                  "short": sum(1 for v in range(cand.n) if degrees[v] < 3),
                  "rounds": max(rounds.values(), default=0)}))
"""


def candidates_file(n: int, seed: int, folder: Path) -> Path:
    """Score a synthetic event of ``n`` once; the pickled candidates' path."""
    path = folder / f"candidates_{n}_seed{seed}.pkl"
    if not path.exists():
        from matchmaker.scoring import score_candidates
        from matchmaker.synthetic import generate_event

        cand = score_candidates(generate_event(n, seed=seed).attendees, seed=seed)
        with open(path, "wb") as fh:
            pickle.dump(cand, fh, protocol=5)
    return path


def run(path: Path, root: Path) -> dict | None:
    """One ``choose_partners`` run with the engine under ``root``; None if it failed."""
    env = dict(os.environ, PYTHONPATH=str(root))
    done = subprocess.run([sys.executable, "-c", _CHILD, str(path)], check=False, env=env, cwd=root,
                          capture_output=True, text=True)
    if done.returncode:
        print(f"  ({root}: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else 'failed'})")
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--main", default="/work/main", help="checkout of the baseline (skipped if absent)")
    parser.add_argument("--cache", help="folder keeping the scored candidates between runs")
    args = parser.parse_args(argv)
    here = Path(__file__).resolve().parents[1]
    baseline = Path(args.main)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.cache) if args.cache else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"{'n':>7} {'code':>5} {'seconds':>8} {'cpu s':>7} {'peak MB':>8} {'value':>11} {'bound':>11} "
              f"{'value/bound':>11} {'pairs':>7} {'short':>5} {'rounds':>6}")
        for n in (int(s) for s in args.sizes.split(",")):
            path = candidates_file(n, args.seed, folder)
            results = {"this": run(path, here)}
            if baseline.is_dir() and baseline.resolve() != here:
                results["main"] = run(path, baseline)
            for code, r in results.items():
                if r is None:
                    continue
                print(f"{n:>7} {code:>5} {r['seconds']:>8.1f} {r['cpu']:>7.1f} {r['peak_mb']:>8.0f} "
                      f"{r['value']:>11.1f} {r['bound']:>11.1f} {r['value'] / r['bound']:>11.4f} "
                      f"{r['pairs']:>7} {r['short']:>5} {r['rounds']:>6}", flush=True)
            this, base = results.get("this"), results.get("main")
            if this and base:
                print(f"{n:>7} this/main: seconds x{this['seconds'] / base['seconds']:.2f}, cpu "
                      f"x{this['cpu'] / base['cpu']:.2f}, peak MB x{this['peak_mb'] / max(base['peak_mb'], 1):.2f}, "
                      f"value/bound {base['value'] / base['bound']:.4f} -> {this['value'] / this['bound']:.4f}",
                      flush=True)
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
