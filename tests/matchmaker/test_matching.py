"""choose_partners: degrees, mutuality, rules, reasons, exact and relaxed paths."""

from collections import Counter

import pytest

from matchmaker.errors import MatchingError
from matchmaker.matching import choose_partners

from .fakes import make_candidates


def degrees(selection, n):
    count = Counter(v for p in selection.pairs for v in p)
    return [count[v] for v in range(n)]


def assert_valid(selection, cand, degree=3, pinned=()):
    pairs = selection.pairs
    assert pairs == sorted(pairs)
    assert len(set(pairs)) == len(pairs)
    assert all(a < b for a, b in pairs)
    pins = {(min(a, b), max(a, b)) for a, b in pinned}
    assert all(cand.allowed(a, b) or (a, b) in pins for a, b in pairs)
    deg = degrees(selection, cand.n)
    assert max(deg, default=0) <= degree
    assert {v for v in range(cand.n) if deg[v] < degree} == set(selection.unmatched)
    assert all(isinstance(r, str) and r for r in selection.unmatched.values())


@pytest.mark.parametrize("n", [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
def test_tiny_events(n):
    cand = make_candidates(n, k=3, seed=n)
    selection = choose_partners(cand)
    assert_valid(selection, cand)
    if n >= 4:
        expected_missing = 1 if n % 2 else 0
        assert len(selection.unmatched) == expected_missing
        assert len(selection.pairs) == 3 * n // 2


def test_reasons_for_tiny_events():
    assert choose_partners(make_candidates(1)).unmatched == {0: "only one attendee: nobody to meet"}
    three = choose_partners(make_candidates(3))
    assert len(three.pairs) == 3
    assert set(three.unmatched.values()) == {"only 3 attendees: at most 2 partners each"}
    five = choose_partners(make_candidates(5))
    assert list(five.unmatched.values()) == ["odd number of attendees: one person gets 2 partners"]


def test_everybody_in_one_company_is_unmatched_with_reason():
    cand = make_candidates(12, company=["acme"] * 12)
    selection = choose_partners(cand)
    assert selection.pairs == []
    assert set(selection.unmatched.values()) == {"every other attendee is a colleague or excluded"}
    assert len(selection.unmatched) == 12


def test_colleagues_never_paired_and_short_supply_explained():
    company = ["acme"] * 7 + [""] * 3
    cand = make_candidates(10, company=company)
    selection = choose_partners(cand)
    assert_valid(selection, cand)
    assert len(selection.pairs) == 9  # the three outsiders can host three colleagues each


def test_exactly_three_on_random_graphs_both_paths():
    for n, exact_below in [(120, 1500), (400, 0), (401, 0)]:
        cand = make_candidates(n, k=6, seed=n)
        selection = choose_partners(cand, exact_below=exact_below)
        assert_valid(selection, cand)
        assert len(selection.unmatched) == n % 2
        assert selection.value <= selection.bound + 1e-9


def test_relaxation_is_close_to_exact_optimum():
    cand = make_candidates(300, k=8, seed=3)
    exact = choose_partners(cand)
    relaxed = choose_partners(cand, exact_below=0)
    assert exact.value == pytest.approx(exact.bound)
    assert relaxed.value >= 0.99 * exact.value


def test_star_attendee_still_has_exactly_three():
    cand = make_candidates(60, k=4, star=0)
    selection = choose_partners(cand)
    assert_valid(selection, cand)
    assert degrees(selection, 60)[0] == 3


def test_identical_profiles_still_match_everyone():
    cand = make_candidates(30, k=5, constant=1.0)
    selection = choose_partners(cand)
    assert_valid(selection, cand)
    assert selection.unmatched == {}


def test_pins_kept_and_forbidden_absent():
    forbidden = [(0, 1), (2, 3)]
    cand = make_candidates(100, k=6, seed=5, company=["x", "x"] + [""] * 98, forbidden=forbidden)
    pins = [(0, 1), (4, 9)]  # (0, 1) are colleagues and forbidden: a pin still wins
    selection = choose_partners(cand, pinned=pins)
    assert_valid(selection, cand, pinned=pins)
    assert (0, 1) in selection.pairs and (4, 9) in selection.pairs
    assert (2, 3) not in selection.pairs


@pytest.mark.parametrize("pins, message", [
    ([(2, 2)], "pinned with themselves"),
    ([(0, 1), (0, 2), (0, 3), (0, 4)], "pinned to 4 partners"),
    ([(0, 99)], "outside"),
])
def test_bad_pins_raise_clear_errors(pins, message):
    with pytest.raises(MatchingError, match=message):
        choose_partners(make_candidates(10), pinned=pins)


def test_deterministic_for_a_seed():
    cand = make_candidates(500, k=6, seed=9)
    first = choose_partners(cand, exact_below=0, seed=4)
    again = choose_partners(cand, exact_below=0, seed=4)
    assert first.pairs == again.pairs and first.value == again.value


def test_degree_parameter():
    cand = make_candidates(20, k=6)
    selection = choose_partners(cand, degree=2)
    assert set(degrees(selection, 20)) == {2}
    with pytest.raises(MatchingError):
        choose_partners(cand, degree=0)


@pytest.mark.parametrize("exact_below", [1500, 0])
def test_rules_hold_even_when_candidates_include_refused_pairs(exact_below):
    cand = make_candidates(200, k=6, seed=11)
    best = sorted(zip(cand.score.tolist(), cand.i.tolist(), cand.j.tolist()), reverse=True)[:40]
    cand.forbidden = {(a, b) for _, a, b in best}  # refused after the candidates were picked
    selection = choose_partners(cand, exact_below=exact_below)
    assert_valid(selection, cand)
    assert selection.unmatched == {}


def test_sparse_relaxation_bound_stays_above_the_exact_optimum(monkeypatch):
    import matchmaker.matching as matching

    cand = make_candidates(300, k=12, seed=5)
    exact = choose_partners(cand)
    monkeypatch.setattr(matching, "SPARSE_LP_FROM", 0)
    monkeypatch.setattr(matching, "LP_NEIGHBOURS", 4)  # the relaxation sees a third of the pairs
    sparse = choose_partners(cand, exact_below=0)
    assert_valid(sparse, cand)
    assert len(sparse.unmatched) == 0
    assert sparse.bound >= exact.value - 1e-6  # still a bound over every candidate pair
    assert sparse.value >= 0.97 * sparse.bound


def test_priced_relaxation_for_large_events(monkeypatch):
    import matchmaker.matching as matching

    cand = make_candidates(300, k=12, seed=6)
    exact = choose_partners(cand)
    monkeypatch.setattr(matching, "SPARSE_LP_FROM", 0)
    monkeypatch.setattr(matching, "LP_NEIGHBOURS", 2)
    monkeypatch.setattr(matching, "LP_SLACK", 0.0)  # the fewest pairs the prices can pick
    large = choose_partners(cand, exact_below=0)
    assert_valid(large, cand)
    assert len(large.unmatched) == 0
    assert large.bound >= exact.value - 1e-6
    assert large.value >= 0.97 * large.bound
    assert choose_partners(cand, exact_below=0).pairs == large.pairs  # deterministic
