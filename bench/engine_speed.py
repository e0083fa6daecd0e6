"""End-to-end speed of ``matchmaker match`` and of the naive approach.

Run: ``.venv/bin/python -m bench.engine_speed [--sizes 1000,10000] [--full]``

For each size a synthetic event is written to a temporary CSV, then the real
console script runs on it in a subprocess (``matchmaker match FILE --timing``):
wall time and the subprocess's peak memory (``ru_maxrss`` of the child). Sizes
run one subprocess each, so each peak is that run's own.

The naive approach (three rounds of networkx ``max_weight_matching`` on the
candidate graph, removing used pairs) runs in-process where it can finish
(up to 2,000 attendees); its value is shown as a share of the engine's.
``--baseline DIR`` also runs the engine of another checkout (for example
``/work/main``, the code before a change) on the same files, alternating with
this one, and prints the time ratio: figures from one run on the same loaded
machine, never across runs. CPU seconds (user + system of the child) are shown
too: on a shared machine they move less than wall time. ``--repeat N`` runs each
engine N times, alternating, and reports the medians.
Targets: 10,000 attendees no slower than the baseline; 100,000 under 60 s and 2 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
import numpy as np

from matchmaker.scoring import score_candidates
from matchmaker.synthetic import generate_event, to_csv

NAIVE_LIMIT = 2_000
_PEAK = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
         "use = resource.getrusage(resource.RUSAGE_CHILDREN); "
         "print(use.ru_maxrss, use.ru_utime + use.ru_stime, file=sys.stderr); "
         "sys.exit(done.returncode)")


_CHECKOUT = "import sys; sys.path.insert(0, sys.argv.pop(1)); from matchmaker.cli import main; sys.exit(main())"


def run_cli(path: Path, checkout: str | None = None) -> tuple[float, float, float, dict]:
    """Wall seconds, CPU seconds, peak MB and the JSON result of one ``matchmaker match`` run.

    ``checkout``: run the engine of that directory instead of the installed one.
    """
    script = [str(Path(sys.executable).with_name("matchmaker"))]
    if checkout:
        script = [sys.executable, "-c", _CHECKOUT, checkout]
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", _PEAK, *script, "match", str(path), "--timing"],
                              stdout=out, stderr=subprocess.PIPE, text=False, cwd=checkout or None)
        seconds = time.perf_counter() - started
        if done.returncode:
            raise SystemExit(done.stderr.decode(errors="replace"))
        out.seek(0)
        result = json.load(out)
    peak_kb, cpu = done.stderr.decode().strip().splitlines()[-1].split()
    return seconds, float(cpu), int(peak_kb) / 1024, result


def runs(path: Path, repeat: int, baseline: str | None) -> tuple[tuple, tuple | None]:
    """Medians of ``repeat`` runs of this engine (and of the baseline, alternating)."""
    mine, theirs = [], []
    for _ in range(repeat):
        if baseline:
            theirs.append(run_cli(path, baseline))
        mine.append(run_cli(path))

    def median(results):
        columns = list(zip(*results))
        return (*(float(np.median(c)) for c in columns[:3]), results[-1][3])

    return median(mine), (median(theirs) if theirs else None)


def naive(attendees) -> tuple[float, float]:
    """Three rounds of max_weight_matching; returns (seconds, value)."""
    started = time.perf_counter()
    cand = score_candidates(attendees)
    graph = nx.Graph()
    graph.add_weighted_edges_from(zip(cand.i.tolist(), cand.j.tolist(), cand.score.tolist()))
    total = 0.0
    for _ in range(3):
        matching = nx.max_weight_matching(graph)
        for a, b in matching:
            total += graph[a][b]["weight"]
        graph.remove_edges_from(matching)
    return time.perf_counter() - started, total


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--full", action="store_true", help="add 100,000 attendees")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--baseline", metavar="DIR", help="checkout whose engine runs on the same files")
    parser.add_argument("--no-naive", action="store_true", help="skip the networkx approach")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each engine (medians are shown)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")] + ([100_000] if args.full else [])
    print(f"{'n':>7} {'seconds':>8} {'cpu s':>7} {'peak MB':>8} {'pairs':>7} {'unmatched':>9} {'rounds':>6} "
          f"{'share of bound':>14} {'naive s':>8} {'naive value share':>17}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            event = generate_event(n, seed=args.seed)
            path = Path(tmp) / f"event_{n}.csv"
            path.write_bytes(to_csv(event.attendees))
            (seconds, cpu, peak, result), base_runs = runs(path, max(args.repeat, 1), args.baseline)
            stats = result["stats"]
            naive_s, naive_share = "-", "skipped" if args.no_naive else "skipped (> 2,000)"
            if n <= NAIVE_LIMIT and not args.no_naive:
                naive_seconds, naive_value = naive(event.attendees)
                naive_s = f"{naive_seconds:.1f}"
                naive_share = f"{naive_value / stats['value']:.3f}"
            print(f"{n:>7} {seconds:>8.1f} {cpu:>7.1f} {peak:>8.0f} {stats['pairs']:>7} {len(result['unmatched']):>9} "
                  f"{stats['rounds']:>6} {stats['share_of_bound']:>14.4f} {naive_s:>8} {naive_share:>17}",
                  flush=True)
            if base_runs:
                base_seconds, base_cpu, base_peak, base = base_runs
                print(f"{'':>7} baseline {args.baseline}: {base_seconds:.1f} s, {base_cpu:.1f} cpu s, {base_peak:.0f} MB, "
                      f"share of its bound {base['stats']['share_of_bound']:.4f}; time ratio this/baseline "
                      f"{seconds / base_seconds:.2f} (cpu {cpu / base_cpu:.2f}), memory ratio {peak / base_peak:.2f}",
                      flush=True)
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; engine seconds exclude "
          "file generation)")


if __name__ == "__main__":
    main()
