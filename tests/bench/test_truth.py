"""The quality bench's own truth: values, the true optimum, help judging, and its data files."""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
import pytest

from bench.planted import planted_event, subjects, wordings
from bench.truth import (
    Truth,
    allowed_mask,
    complete_pairs,
    help_precision_recall,
    optimum,
    phrase_subject,
    total_value,
    value,
    value_matrix,
)
from matchmaker import Attendee


def _brute_force(values, allowed, degree=3):
    """Best value over every edge set where everybody has ``degree`` partners (one short if odd)."""
    n = len(values)
    edges = [(a, b) for a, b in itertools.combinations(range(n), 2) if allowed[a, b]]
    best = None
    for chosen in itertools.combinations(edges, degree * n // 2):
        count = Counter(x for e in chosen for x in e)
        if all(count[p] <= degree for p in range(n)):
            v = sum(values[a, b] for a, b in chosen)
            best = v if best is None else max(best, v)
    return best


def _random_truths(n, rng, subjects="abcde"):
    return [Truth(offers=[(s, s) for s in rng.choice(list(subjects), rng.integers(0, 3), replace=False)],
                  needs=[(s, s) for s in rng.choice(list(subjects), rng.integers(0, 3), replace=False)])
            for _ in range(n)]


def test_value_counts_help_both_ways_with_a_bonus():
    a = Truth(offers=[("fundraising", "fund"), ("SEO", "seo")], needs=[("DAF", "cfo")])
    b = Truth(offers=[("CFO search", "cfo")], needs=[("levée de fonds", "fund"), ("référencement", "seo")])
    assert value(a, b) == 2 + 1 + 1
    assert value(a, b, bonus=False) == 3
    assert value_matrix([a, b])[0, 1] == 4


def test_vague_items_never_help():
    a = Truth(offers=[("partnerships", "-")], needs=[("partners", "-")])
    assert value(a, a) == 0


@pytest.mark.parametrize(("n", "seed"), [(6, 0), (6, 1), (6, 4), (7, 2)])
def test_optimum_equals_brute_force_on_tiny_events(n, seed):
    rng = np.random.default_rng(seed)
    values = value_matrix(_random_truths(n, rng))
    allowed = ~np.eye(n, dtype=bool)
    allowed[0, 1] = allowed[1, 0] = False  # colleagues
    pairs = optimum(values, allowed, seed=seed)
    count = Counter(x for e in pairs for x in e)
    assert len(pairs) == 3 * n // 2 and max(count.values()) == 3
    assert all(allowed[a, b] for a, b in pairs)
    assert total_value(values, pairs) == _brute_force(values, allowed)


def test_complete_pairs_reports_an_impossible_completion():
    allowed = ~np.eye(4, dtype=bool)
    allowed[0, 1] = allowed[1, 0] = False
    assert complete_pairs([], allowed) is None  # 0 can meet only 2 and 3


def test_colleagues_are_not_allowed():
    people = [Attendee("a@x.org", "A", company="Nova SAS"), Attendee("b@x.org", "B", company="NOVA"),
              Attendee("c@x.org", "C", company="Terra")]
    ok = allowed_mask(people)
    assert not ok[0, 1] and ok[0, 2] and ok[1, 2]
    assert allowed_mask(people, allow_colleagues=True)[0, 1]


def test_phrase_subject_finds_whole_words_of_the_tightest_item():
    items = [("I can help with cash flow planning", "cash"), ("CIR / CII", "cir"), ("cash", "other")]
    assert phrase_subject("CIR", items) == "cir"
    assert phrase_subject("Cash", items) == "other"
    assert phrase_subject("flow planning", items) == "cash"
    assert phrase_subject("circle", items) is None


def test_help_precision_counts_near_misses_as_wrong():
    truth = {"a@x.org": Truth(offers=[("human cell lines", "human"), ("SEO", "seo")]),
             "b@x.org": Truth(needs=[("cancer cell lines", "cancer"), ("référencement", "seo")])}
    pairs = [{"a": "a@x.org", "b": "b@x.org", "a_gives": ["human cell lines", "SEO"], "b_gives": []}]
    assert help_precision_recall(pairs, truth) == (1, 2, 1, 1)


def test_wording_sets_cover_every_subject_and_differ():
    tune, heldout = wordings("tune"), wordings("heldout")
    keys = {(s, lang, role) for s in subjects() for lang in ("en", "fr") for role in ("offer", "need")}
    assert set(tune) == keys == set(heldout)
    assert all(len(v) == 3 for v in tune.values()) and all(len(v) == 3 for v in heldout.values())
    assert not any(set(tune[k]) & set(heldout[k]) for k in keys)
    assert all(m in subjects() for s in subjects().values() for m in s.near_miss_of)


def test_planted_event_is_deterministic_and_its_truth_is_in_the_text():
    event = planted_event(60, seed=3, which="heldout")
    assert planted_event(60, seed=3, which="heldout").attendees == event.attendees
    languages = Counter(a.language for a in event.attendees)
    assert 10 <= languages["fr"] <= 35
    for person in event.attendees:
        truth = event.truth[person.email]
        assert all(w in person.offers for w, _ in truth.offers)
        assert all(w in person.needs for w, _ in truth.needs)
    values = value_matrix([event.truth[a.email] for a in event.attendees])
    cross = [(a, b) for a, b in zip(*np.nonzero(values)) if event.attendees[a].language != event.attendees[b].language]
    assert len(cross) >= 30
