"""assign_rounds: nobody double-booked, three rounds on typical graphs."""

from collections import Counter

import networkx as nx
import pytest

from matchmaker.rounds import assign_rounds, max_degree


def assert_proper(pairs, rounds):
    assert set(rounds) == set(pairs)
    seen = set()
    for (a, b), r in rounds.items():
        assert r >= 1
        assert (a, r) not in seen and (b, r) not in seen
        seen.update({(a, r), (b, r)})


def test_empty():
    assert assign_rounds([]) == {}
    assert max_degree([]) == 0


@pytest.mark.parametrize("n", [4, 8, 50, 500])
def test_random_cubic_graphs_take_three_rounds(n):
    pairs = sorted(tuple(sorted(e)) for e in nx.random_regular_graph(3, n, seed=n).edges())
    rounds = assign_rounds(pairs)
    assert_proper(pairs, rounds)
    assert max(rounds.values()) == 3
    assert Counter(rounds.values()) == {1: n // 2, 2: n // 2, 3: n // 2}


def test_graphs_that_need_a_fourth_round_get_exactly_one_more():
    petersen = sorted(tuple(sorted(e)) for e in nx.petersen_graph().edges())
    rounds = assign_rounds(petersen)
    assert_proper(petersen, rounds)
    assert max(rounds.values()) == 4
    k5 = [(a, b) for a in range(5) for b in range(a + 1, 5)]  # odd count: one idle per round
    assert max(assign_rounds(k5).values()) == 5


def test_round_one_is_fullest_and_seed_is_deterministic():
    pairs = sorted(tuple(sorted(e)) for e in nx.random_regular_graph(3, 200, seed=1).edges())
    assert assign_rounds(pairs, seed=3) == assign_rounds(pairs, seed=3)
    sizes = Counter(assign_rounds(pairs + [(1000, 1001)]).values())
    assert sizes[1] >= sizes[2] >= sizes[3]


def test_keys_follow_input_orientation():
    rounds = assign_rounds([(2, 1), (3, 2)])
    assert set(rounds) == {(2, 1), (3, 2)}
    assert rounds[(2, 1)] != rounds[(3, 2)]


def test_odd_cycles_need_an_extra_round():
    triangle = [(0, 1), (1, 2), (0, 2)]
    rounds = assign_rounds(triangle)
    assert_proper(triangle, rounds)
    assert sorted(rounds.values()) == [1, 2, 3]
    five = [(k, (k + 1) % 5) for k in range(5)]
    assert max(assign_rounds(five).values()) == 3
