"""The price bound is a true upper bound (weak duality), and a tight one."""

import numpy as np
import pytest
from scipy import optimize, sparse

from matchmaker.bound import dual_prices, price_bound, reduced_values


def _instance(n, seed, neighbours=6, pins=0):
    """Random sparse pairs (about ``neighbours`` per attendee), values in [0, 1), some pinned."""
    rng = np.random.default_rng(seed)
    a = np.repeat(np.arange(n), neighbours)
    b = rng.integers(0, n, size=len(a))
    keep = a != b
    codes = np.unique(np.minimum(a, b)[keep] * n + np.maximum(a, b)[keep])
    i, j = codes // n, codes % n
    c = rng.random(len(i))
    pinned = np.zeros(len(i), bool)
    used = np.zeros(n, int)
    for e in rng.permutation(len(i))[: 4 * pins]:
        if pinned.sum() < pins and used[i[e]] < 3 and used[j[e]] < 3:
            pinned[e] = True
            used[i[e]] += 1
            used[j[e]] += 1
    return i, j, c, pinned


def _best(i, j, c, n, degree, pinned, integral=True):
    """Exact optimum (HiGHS integer program, or its relaxation) of the degree-bounded selection."""
    m = len(i)
    rows = np.concatenate([i, j])
    incidence = sparse.csr_array((np.ones(2 * m), (rows, np.tile(np.arange(m), 2))), shape=(n, m))
    res = optimize.milp(-c, constraints=[optimize.LinearConstraint(incidence, 0, degree)],
                        integrality=np.ones(m) if integral else np.zeros(m),
                        bounds=optimize.Bounds(pinned.astype(float), np.ones(m)),
                        options={"mip_rel_gap": 0.0})
    assert res.status == 0
    return float(-res.fun)


@pytest.mark.parametrize("seed", range(8))
def test_bound_is_above_the_exact_optimum_on_random_instances(seed):
    n = 40 + 10 * seed
    i, j, c, pinned = _instance(n, seed, pins=seed)
    best = _best(i, j, c, n, 3, pinned)
    y = dual_prices(i, j, c, n, 3, pinned)
    assert (y >= 0).all()
    assert price_bound(i, j, c, 3, y, pinned) >= best - 1e-9
    rng = np.random.default_rng(seed)
    for prices in (np.zeros(n), rng.random(n), 0.5 * y):  # any prices give a bound, tight or not
        assert price_bound(i, j, c, 3, prices, pinned) >= best - 1e-9


@pytest.mark.parametrize("seed", range(4))
def test_bound_is_close_to_the_relaxation(seed):
    n = 150
    i, j, c, pinned = _instance(n, 100 + seed, neighbours=8)
    relaxed = _best(i, j, c, n, 3, pinned, integral=False)
    bound = price_bound(i, j, c, 3, dual_prices(i, j, c, n, 3, pinned), pinned)
    assert relaxed - 1e-9 <= bound <= 1.01 * relaxed


def test_bound_with_a_negative_pinned_pair_counts_it():
    i, j = np.array([0, 0, 1]), np.array([1, 2, 2])
    c = np.array([-1.0, 2.0, 2.0])
    pinned = np.array([True, False, False])
    best = _best(i, j, c, 3, 1, pinned)  # (0, 1) is forced: -1, and nobody else is free
    assert best == pytest.approx(-1.0)
    y = dual_prices(i, j, c, 3, 1, pinned)
    assert price_bound(i, j, c, 1, y, pinned) >= best - 1e-9
    assert price_bound(i, j, c, 1, y, pinned) <= 0.5  # tighter than ignoring the pin (2.0)


def test_reduced_values_and_determinism():
    i, j, c, _ = _instance(60, 3)
    y = dual_prices(i, j, c, 60, 3)
    assert np.array_equal(y, dual_prices(i, j, c, 60, 3))
    assert np.allclose(reduced_values(i, j, c, y), c - y[i] - y[j])
