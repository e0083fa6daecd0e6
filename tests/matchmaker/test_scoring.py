"""Reciprocity scores and candidate pairs."""

import numpy as np
import pytest

from matchmaker.errors import MatchingError
from matchmaker.profiles import Attendee
from matchmaker.scoring import score_candidates
from matchmaker.synthetic import generate_event


def person(index, **fields):
    return Attendee(email=f"p{index}@example.org", name=f"P {index}", **fields)


def filler(start, count):
    """Unrelated people so that the vocabulary has realistic frequencies."""
    topics = ["gardening", "cooking", "sailing", "chess", "pottery", "astronomy", "cycling", "painting"]
    return [person(start + t, offers=topics[t % 8], needs=topics[(t + 3) % 8], company=f"Filler {t}")
            for t in range(count)]


def pair_codes(cands):
    return set(zip(cands.i.tolist(), cands.j.tolist()))


def assert_valid(cands, n):
    assert cands.n == n
    assert cands.i.dtype == np.int32 and cands.j.dtype == np.int32
    assert np.all(cands.i < cands.j)
    codes = cands.i.astype(np.int64) * n + cands.j
    assert np.all(np.diff(codes) > 0), "pairs sorted by (i, j) and unique"
    assert np.all(cands.score >= 0)
    assert len(cands.score) == len(cands.i) == len(cands.weak)


def test_two_way_help_beats_one_way_help_of_the_same_total():
    people = [
        person(0, offers="fundraising", needs="kubernetes"),
        person(1, offers="kubernetes", needs="fundraising"),   # two-way with 0
        person(2, offers="fundraising kubernetes", needs=""),
        person(3, offers="", needs="fundraising kubernetes"),  # one-way from 2, same words in play
    ] + filler(4, 12)
    cands = score_candidates(people, k=5)
    two_way, one_way = cands.pair_score(0, 1), cands.pair_score(2, 3)
    assert two_way > one_way > 0
    assert not cands.weak[(cands.i == 0) & (cands.j == 1)].any()


def test_french_need_finds_english_offer():
    people = [person(0, needs="Je recherche une levée de fonds", language="fr"),
              person(1, offers="I can help with fundraising")] + filler(2, 40)
    cands = score_candidates(people, k=3)
    assert (0, 1) in pair_codes(cands)
    assert cands.pair_score(0, 1) > max(cands.pair_score(0, b) for b in range(2, 42))


def test_accents_and_case_score_like_identical_text():
    base = [person(0, offers="Stratégie de tarification", needs="Levée de fonds")]
    same = person(1, offers="Levée de fonds", needs="Stratégie de tarification")
    variant = person(2, offers="LEVEE DE FONDS", needs="strategie de TARIFICATION")
    cands = score_candidates(base + [same, variant] + filler(3, 10), k=4)
    assert cands.pair_score(0, 1) == pytest.approx(cands.pair_score(0, 2), rel=1e-5)


def test_colleagues_and_forbidden_pairs_are_never_candidates():
    people = [person(0, offers="fundraising", needs="recruiting", company="ACME SAS"),
              person(1, offers="recruiting", needs="fundraising", company="Acme"),
              person(2, offers="recruiting", needs="fundraising", company="Other"),
              person(3, offers="recruiting", needs="fundraising")] + filler(4, 10)
    cands = score_candidates(people, k=5, forbidden=[(2, 0)])
    assert_valid(cands, len(people))
    assert {(0, 1), (0, 2)}.isdisjoint(pair_codes(cands))
    assert (0, 3) in pair_codes(cands)
    assert not cands.allowed(0, 1) and not cands.allowed(2, 0) and not cands.allowed(3, 3)
    assert cands.allowed(0, 3)
    allowed = score_candidates(people, k=5, forbidden=[(2, 0)], allow_colleagues=True)
    assert (0, 1) in pair_codes(allowed) and (0, 2) not in pair_codes(allowed)
    assert allowed.allowed(0, 1)


def test_empty_profiles_still_get_allowed_candidates():
    people = [person(t, company="Same" if t < 3 else "") for t in range(8)]
    cands = score_candidates(people, k=4, seed=3)
    assert_valid(cands, 8)
    degree = np.bincount(np.concatenate([cands.i, cands.j]), minlength=8)
    assert degree.min() >= 3
    assert all(cands.allowed(a, b) for a, b in pair_codes(cands))
    assert np.all(cands.weak)


def test_identical_profiles_are_candidates_but_never_self():
    people = [person(t, offers="pricing", needs="SEO") for t in range(3)] + \
             [person(3, offers="SEO", needs="pricing")]
    cands = score_candidates(people, k=3)
    assert_valid(cands, 4)
    assert {(0, 3), (1, 3), (2, 3)} <= pair_codes(cands)


def test_pair_scores_match_candidate_scores_and_are_symmetric():
    event = generate_event(120, seed=4)
    cands = score_candidates(event.attendees, k=8)
    np.testing.assert_allclose(cands.pair_scores(cands.i, cands.j), cands.score)
    np.testing.assert_allclose(cands.pair_scores(cands.j, cands.i), cands.score)


def test_each_attendee_gets_about_k_candidates_and_planted_pairs_are_found():
    event = generate_event(300, seed=2)
    index = {a.email: t for t, a in enumerate(event.attendees)}
    cands = score_candidates(event.attendees, k=10)
    assert_valid(cands, 300)
    degree = np.bincount(np.concatenate([cands.i, cands.j]), minlength=300)
    assert degree.min() >= 8
    codes = pair_codes(cands)
    planted = [tuple(sorted((index[a], index[b]))) for a, b in event.truth["good_pairs"]]
    assert np.mean([p in codes for p in planted]) > 0.7
    star = index[event.truth["star"]]
    assert degree[star] > np.median(degree)


def best_values(cands):
    best = np.zeros(cands.n)
    np.maximum.at(best, cands.i, cands.score)
    np.maximum.at(best, cands.j, cands.score)
    return best


def test_deterministic_and_sampled_search_stays_valid_and_good(monkeypatch):
    import matchmaker.scoring as scoring

    event = generate_event(400, seed=5)
    exact = scoring.score_candidates(event.attendees, k=6, seed=1)
    # A tiny work budget forces the sampled search used on large events.
    monkeypatch.setattr(scoring, "SEARCH_WORK_PER_PERSON", 300)
    monkeypatch.setattr(scoring, "MIN_SEARCH_WORK", 0)
    monkeypatch.setattr(scoring, "CHUNK_ROWS", 64)
    first = scoring.score_candidates(event.attendees, k=6, seed=1)
    second = scoring.score_candidates(event.attendees, k=6, seed=1)
    assert_valid(first, 400)
    for name in ("i", "j", "score", "weak"):
        np.testing.assert_array_equal(getattr(first, name), getattr(second, name))
    assert pair_codes(first) != pair_codes(exact)
    assert np.bincount(np.concatenate([first.i, first.j]), minlength=400).min() >= 3
    assert best_values(first).mean() > 0.9 * best_values(exact).mean()


def test_progress_is_reported_and_bad_arguments_say_what_to_change():
    seen = []
    score_candidates(filler(0, 6), k=2, progress=lambda fraction, message: seen.append(fraction))
    assert seen[0] == 0.0 and seen[-1] == 1.0
    with pytest.raises(MatchingError, match="k must be at least 1"):
        score_candidates(filler(0, 6), k=0)
    with pytest.raises(MatchingError, match="outside"):
        score_candidates(filler(0, 6), forbidden=[(0, 9)])


@pytest.mark.parametrize("people, expected", [
    ([], set()),
    ([person(0)], set()),
    ([person(0), person(1)], {(0, 1)}),
    ([person(0, company="X SAS"), person(1, company="x")], set()),
])
def test_tiny_events(people, expected):
    cands = score_candidates(people)
    assert_valid(cands, len(people))
    assert pair_codes(cands) == expected


def test_distinct_pair_codes_are_numpys_unique():
    from matchmaker.scoring import _unique

    rng = np.random.default_rng(3)
    for size in (0, 1, 2, 1000):
        codes = rng.integers(0, 50, size).astype(np.int64)
        assert np.array_equal(_unique(codes), np.unique(codes))
        assert _unique(codes).dtype == np.int64
