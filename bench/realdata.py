"""Real data sets for the quality bench, turned into attendees and truth (bench only).

* :func:`survey` - the know/want survey of ``conference-pairings`` (Vaggi et al.,
  eLife 2014): 40 scientists x 32 methods; offers = methods known, needs =
  methods wanted, items joined by ", " as a form export would; the truth is the
  methods themselves (value = known-by-A-wanted-by-B plus the reverse, no bonus).
* :func:`speed_dating_waves` - the Columbia speed-dating waves: profile text
  (field of study, career, the activities rated 8 or more), every pair that met
  rated by both sides on shared interests (``shar``).
* :func:`lyon` - ``bench/data/lyon_mixed.csv``, a hand-written mixed French and
  English file of founders, investors and consultants in Lyon, read with the
  product's reader, with hand annotations in ``bench/data/lyon_mixed_truth.tsv``.

The shared data sets live in ``/work/shared/datasets`` (override with
``BENCH_DATASETS``); they are read in place, never copied.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

from matchmaker import Attendee
from matchmaker.reader import read_attendees

from .truth import Truth

__all__ = ["DATASETS", "Wave", "lyon", "speed_dating_waves", "survey"]

DATASETS = Path(os.environ.get("BENCH_DATASETS", "/work/shared/datasets"))
_DATA = Path(__file__).with_name("data")

_ACTIVITIES = {"sports": "sports", "tvsports": "watching sports on TV", "exercise": "exercise",
               "dining": "dining out", "museums": "museums", "art": "art", "hiking": "hiking",
               "gaming": "gaming", "clubbing": "clubbing", "reading": "reading", "tv": "TV",
               "theater": "theater", "movies": "movies", "concerts": "concerts", "music": "music",
               "shopping": "shopping", "yoga": "yoga"}


def _matrix(path: Path) -> dict[str, list[bool]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return {r[0]: [x == "True" for x in r[1:]] for r in rows[1:]}


def survey(root: Path = DATASETS):
    """(attendees, truths) of the know/want survey, in the survey's order."""
    known = _matrix(root / "conference-pairings" / "Known_Methods.csv")
    wanted = _matrix(root / "conference-pairings" / "Wanted_Methods.csv")
    n = len(next(iter(known.values())))
    people, truths = [], []
    for p in range(n):
        k = [m for m, row in known.items() if row[p]]
        w = [m for m, row in wanted.items() if row[p]]
        people.append(Attendee(email=f"scientist{p}@example.org", name=f"Scientist {p}",
                               offers=", ".join(k), needs=", ".join(w), language="en"))
        truths.append(Truth(offers=[(m, m) for m in k], needs=[(m, m) for m in w]))
    return people, truths


@dataclass
class Wave:
    """One speed-dating wave: attendees, genders, and the mean ``shar`` of each pair that met."""

    number: int
    attendees: list[Attendee]
    gender: list[int]
    shar: dict[tuple[int, int], float]  # sorted index pair -> mean of both sides' ratings


def speed_dating_waves(root: Path = DATASETS) -> list[Wave]:
    """The waves of the speed-dating experiment, with both-sided shared-interest ratings."""
    with open(root / "speed-dating" / "speed-dating.csv", encoding="latin-1", newline="") as fh:
        rows = list(csv.DictReader(fh))
    waves = []
    for number in sorted({int(r["wave"]) for r in rows}):
        mine = [r for r in rows if int(r["wave"]) == number]
        profile = {}
        for r in mine:
            profile.setdefault(r["iid"], r)
        ids = sorted(profile, key=int)
        index = {iid: k for k, iid in enumerate(ids)}
        people, gender = [], []
        for iid in ids:
            r = profile[iid]
            liked = [label for col, label in _ACTIVITIES.items() if r[col] and float(r[col]) >= 8]
            field = r["field"].strip()
            people.append(Attendee(email=f"p{iid}@example.org", name=f"Person {iid}", role=r["career"].strip(),
                                   bio=f"Studies {field}." if field else "", interests=", ".join(liked),
                                   language="en"))
            gender.append(int(r["gender"]))
        given: dict[tuple[int, int], float] = {}
        for r in mine:
            if r["pid"] in index and r["shar"]:
                given[(index[r["iid"]], index[r["pid"]])] = float(r["shar"])
        shar = {}
        for (a, b), x in given.items():
            if a < b and (b, a) in given:
                shar[(a, b)] = (x + given[(b, a)]) / 2
        waves.append(Wave(number, people, gender, shar))
    return waves


def lyon(data: Path = _DATA):
    """(attendees, truths) of the hand-annotated Lyon file, read as the product reads it."""
    report = read_attendees((data / "lyon_mixed.csv").read_bytes())
    if report.rejected:
        raise SystemExit(f"lyon_mixed.csv: rows rejected by the reader: {report.rejected}")
    truth: dict[str, Truth] = {}
    with open(data / "lyon_mixed_truth.tsv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"):
            t = truth.setdefault(r["email"].strip().lower(), Truth())
            (t.offers if r["role"] == "offer" else t.needs).append((r["item"], r["subject_id"]))
    people = report.attendees
    missing = [a.email for a in people if a.email not in truth]
    if missing:
        raise SystemExit(f"lyon_mixed_truth.tsv: no annotation for {missing}")
    return people, [truth[a.email] for a in people]
