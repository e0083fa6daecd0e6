"""How well the lexicon joins the planted subjects' wordings (tune wordings only).

Run: ``.venv/bin/python -m bench.lexicon_coverage [--misses N] [--subjects a,b] [--wordings tune|dev_a|...]``

For every planted subject (``bench/data/subjects.tsv``), every offer wording of
the tune set (French and English) is put against every need wording of the same
subject: the share that meets (:func:`matchmaker.evidence.help_evidence`, the
decision the scores and sentences use) is the subject's *coverage*.  Every offer
wording is also put against every need wording of every other subject: a
meeting there is a *false* match (near misses included).  This is a tuning aid:
it reads the tune wordings (or a development set ``bench/data/<name>_wordings.tsv``
written later, by other hands, to check that lexicon work generalises), never
``heldout_wordings.tsv``; the figures that count are those of
:mod:`bench.engine_quality` on the held-out set.
"""

from __future__ import annotations

import argparse
from itertools import product

from matchmaker import Attendee
from matchmaker.evidence import help_evidence

from .planted import subjects, wordings

__all__ = ["coverage", "main"]


def _meets(offer: str, need: str) -> bool:
    return bool(help_evidence(Attendee("a@x.org", "A", offers=offer), Attendee("b@x.org", "B", needs=need)))


def _side(words, subject, role):
    return [w for lang in ("fr", "en") for w in words.get((subject, lang, role), ())]


def coverage(only: set[str] | None = None, which: str = "tune"):
    """``(per_subject, false)``: per subject ``(met, total, misses)``; false matches ``(s, t, offer, need)``."""
    if which == "heldout":
        raise SystemExit("the held-out wordings judge the lexicon: never tune on them")
    words = wordings(which)
    subs = sorted(subjects())
    per, false = {}, []
    for s in subs:
        if only and s not in only:
            continue
        pairs = list(product(_side(words, s, "offer"), _side(words, s, "need")))
        if not pairs:
            continue
        misses = [(o, n) for o, n in pairs if not _meets(o, n)]
        per[s] = (len(pairs) - len(misses), len(pairs), misses)
        for t in subs:
            if t != s:
                false += [(s, t, o, n) for o, n in product(_side(words, s, "offer"), _side(words, t, "need"))
                          if _meets(o, n)]
    return per, false


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", type=int, default=3, help="misses printed per subject")
    parser.add_argument("--subjects", default="", help="comma-separated subject ids (default: all)")
    parser.add_argument("--wordings", default="tune", help="tune, or a development set dev_a, dev_b, ...")
    args = parser.parse_args(argv)
    per, false = coverage(set(filter(None, args.subjects.split(","))) or None, args.wordings)
    met = total = 0
    for s, (ok, n, misses) in sorted(per.items(), key=lambda kv: kv[1][0] / kv[1][1]):
        met, total = met + ok, total + n
        print(f"{s:28s} {ok:3d}/{n:3d}  {ok / n:.2f}")
        for o, w in misses[:args.misses]:
            print(f"      {o} | {w}")
    share = f"{met / total:.3f}" if total else "-"
    print(f"\ncoverage {met}/{total} = {share}; false matches between subjects: {len(false)}")
    for s, t, o, w in false:
        print(f"  false {s} -> {t}: {o} | {w}")


if __name__ == "__main__":
    main()
