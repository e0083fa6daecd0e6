"""break_bridges: cross swaps remove bridges so that three rounds hold every pair."""

import networkx as nx

from matchmaker.bridges import _bridges, break_bridges
from matchmaker.repair import Graph
from matchmaker.rounds import assign_rounds

from .fakes import make_candidates

# Five people, one of whom (0) has a free slot: two copies joined 0-5 make a cubic graph with a bridge.
HALF = [(0, 1), (0, 2), (1, 3), (1, 4), (2, 3), (2, 4), (3, 4)]


def bridged_chain(blocks):
    """``blocks`` copies of two halves joined by a bridge, each block its own component."""
    pairs = []
    for b in range(blocks):
        base = 10 * b
        pairs += [(a + base, c + base) for a, c in HALF] + [(a + base + 5, c + base + 5) for a, c in HALF]
        pairs.append((base, base + 5))
    return pairs


def graph_of(cand, pairs, pins=()):
    weights = dict(zip(zip(cand.i.tolist(), cand.j.tolist()), cand.score.tolist()))
    graph = Graph(cand.n, weights, pins=pins, allowed=cand.allowed)
    for a, b in pairs:
        graph.add(a, b)
    return graph


def test_bridges_removed_degrees_kept_and_three_rounds():
    pairs = bridged_chain(3)
    cand = make_candidates(30, k=12, seed=1)
    assert max(assign_rounds(pairs).values()) == 4  # a cubic graph with a bridge needs four
    graph = graph_of(cand, pairs)
    touched = break_bridges(graph, cand, degree=3)
    assert len(touched) == 12  # four people per bridge
    chosen = graph.pairs()
    assert list(nx.bridges(nx.Graph(chosen))) == []
    assert [len(p) for p in graph.partners] == [3] * 30
    assert all(cand.allowed(a, b) for a, b in chosen)
    assert max(assign_rounds(chosen).values()) == 3


def test_pins_and_rules_respected():
    pairs = bridged_chain(1)
    pins = {(a, b) for a, b in pairs if a < 5 and b < 5}  # the whole first half is pinned
    cand = make_candidates(10, k=9, seed=2, forbidden=[(6, 1), (6, 2)])
    graph = graph_of(cand, pairs, pins=pins)
    break_bridges(graph, cand, degree=3)
    chosen = set(graph.pairs())
    assert pins <= chosen
    assert all(cand.allowed(a, b) for a, b in chosen - pins)
    assert [len(p) for p in graph.partners] == [3] * 10


def test_nothing_to_do_without_a_possible_swap():
    pairs = bridged_chain(1)
    company = ["left"] * 5 + ["right"] * 5
    cand = make_candidates(10, k=9, seed=3, company=company)
    cand.company = ["x"] * 10  # now every pair across the halves is refused
    graph = graph_of(cand, pairs)
    assert break_bridges(graph, cand, degree=3) == set()
    assert sorted(graph.pairs()) == sorted(pairs)


def test_bridge_to_a_person_short_of_partners_is_left():
    pairs = [(0, 1), (0, 2), (1, 2), (2, 3)]  # 3 has one partner: no colouring problem
    cand = make_candidates(4, k=3, seed=4)
    graph = graph_of(cand, pairs)
    assert break_bridges(graph, cand, degree=3) == set()
    assert sorted(graph.pairs()) == pairs


def test_bridges_agree_with_networkx_on_random_graphs():
    import random

    for seed in range(60):
        rng = random.Random(seed)
        n = rng.randint(2, 40)
        g = nx.gnm_random_graph(n, rng.randint(0, 2 * n), seed=seed)
        found, label = _bridges([set(g[v]) for v in range(n)], range(n))
        assert sorted(found) == sorted((min(u, v), max(u, v)) for u, v in nx.bridges(g))
        for component in nx.connected_components(g):
            if len(component) > 1:
                assert len({label[v] for v in component}) == 1
