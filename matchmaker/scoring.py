"""Reciprocity scores and sparse candidate pairs.

A pair is worth a conversation when each side can *give* the other something:
A's offers meet B's needs and B's offers meet A's needs.  Similar people are
not the point (similarity is not complementarity), so bios, which are full of
boilerplate, weigh far below offers and needs.

Help is what :mod:`matchmaker.evidence` finds (the same evidence the
sentences quote): offers and needs are mapped to concepts of the bilingual
lexicon, so that "levée de fonds" meets "fundraising" and "DAF" meets "CFO",
and ``give_ab`` is the sum, over B's need items that one of A's offer items
meets, of the share of the need covered (between 0.5 and 1).  For the pair
(A, B)::

    value = W_GIVE * (give_ab + give_ba + RECIPROCITY * min(give_ab, give_ba))
            + W_SHARED * cos(interests_A, interests_B) + W_BIO * cos(bio_A, bio_B)
            + W_FALLBACK * mean of offers/needs-versus-interests cosines
            + W_TYPO * character n-gram cosines of the words no lexicon term covers
            + TIE_BREAK * a fixed number in [0, 1) per pair

Interests and fallbacks compare concept vectors; bios compare words cut to
their first :data:`PREFIX` letters (cheap, and enough there).  Only ``give``
makes help: a pair without it is *weak*.

The ``min`` term is what makes two-way help beat one-way help of the same
total.  Candidates come from chunked sparse products with top-k per row.  On
large events the people behind the most common terms are *sampled* in the
search only (a new sample per chunk of rows, harder for low-weight fields,
within a work budget, see :data:`SEARCH_WORK_PER_PERSON`); exact values come
from :meth:`Candidates.pair_scores`.  On a synthetic 10,000-person event this
keeps the value of everybody's three best candidates at that of the exact
search for a tenth of its time.

Examples
--------
>>> from matchmaker.profiles import Attendee
>>> people = [Attendee("a@x.org", "A", offers="fundraising", needs="recruiting"),
...           Attendee("b@x.org", "B", offers="recrutement", needs="levée de fonds"),
...           Attendee("c@x.org", "C", offers="cooking", needs="gardening")]
>>> cands = score_candidates(people, k=2)
>>> cands.pair_score(0, 1) > cands.pair_score(0, 2)
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from .errors import MatchingError
from .evidence import EventTerms
from .profiles import Attendee, normalise_company
from .text import normalise
from .vectors import field_vectors, give_matrices

__all__ = ["Candidates", "score_candidates", "W_GIVE", "RECIPROCITY", "W_SHARED", "W_BIO", "W_FALLBACK"]

W_GIVE = 1.0
#: Bonus on the smaller of the two directions: two-way help beats one-way help.  At 1.0 it cost
#: the know/want survey (valued without bonus) 2% of its optimum; at 0.5 the planted events
#: (valued with a full bonus) lose nothing measurable.
RECIPROCITY = 0.5
W_SHARED = 0.3
#: Bios never make help (only offers and needs do); what they share still says something about a
#: conversation: on the speed-dating waves 0.15 lifts the chosen pairs' shared-interest rating above
#: random with a 95% interval above 0 (0.05 did not), planted events unchanged.
W_BIO = 0.15
W_FALLBACK = 0.15
#: Size of the fixed per-pair tie-break added to every value (see _jitter).
TIE_BREAK = 1e-6
#: Weight of the character n-gram comparison of words no lexicon term covers (typos).
W_TYPO = 0.1
#: Below this total help a pair counts as "weak": no offer meets a need (see matchmaker.evidence).
WEAK_GIVE = 1e-6
#: Work allowed for the candidate search, in multiply-adds per attendee; the people behind the
#: most common terms are sampled until the estimated work fits (final scores stay exact).
SEARCH_WORK_PER_PERSON = 2_000
#: Below this much work the search is exact (small events).
MIN_SEARCH_WORK = 4e6
MIN_CANDIDATES = 3
#: Words are cut to this many letters for the search and for bios ("investors" meets "investor").
PREFIX = 5
CHUNK_ROWS = 2_000
PAIR_BLOCK = 100_000

_FIELDS = ("offers", "needs", "interests", "bio")


@dataclass
class Candidates:
    """Undirected candidate pairs with their values, plus what is needed to score any other pair.

    Attributes
    ----------
    n : int
        Number of attendees.
    i, j : ndarray of int32
        Pair ends, ``i < j``, each pair once, sorted by ``(i, j)``.
    score : ndarray of float64
        Value of each pair (>= 0; higher is a better conversation for both).
    weak : ndarray of bool
        True when the value rests on interests/bio only, without offers<->needs evidence.
    """

    n: int
    i: np.ndarray
    j: np.ndarray
    score: np.ndarray
    weak: np.ndarray
    allow_colleagues: bool = False
    _fields: tuple = field(default=(), repr=False)
    _company: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64), repr=False)
    _forbidden: frozenset = field(default=frozenset(), repr=False)

    def pair_scores(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Exact values of the pairs ``(a[t], b[t])``, candidates or not."""
        a, b = np.asarray(a, np.int64), np.asarray(b, np.int64)
        return _pair_values(self._fields, np.minimum(a, b), np.maximum(a, b))[0]

    def pair_score(self, a: int, b: int) -> float:
        """Exact value of one pair, candidate or not."""
        return float(self.pair_scores(np.array([a]), np.array([b]))[0])

    def allowed(self, a: int, b: int) -> bool:
        """False for a person with themself, colleagues (unless allowed) and forbidden pairs."""
        if a == b:
            return False
        if not self.allow_colleagues and self._company[a] >= 0 and self._company[a] == self._company[b]:
            return False
        return (min(a, b), max(a, b)) not in self._forbidden


def _tfidf(texts: list[str], n_blocks: int, **options) -> list[sp.csr_matrix]:
    """L2-normalised TF-IDF rows of ``texts`` cut into ``n_blocks`` equal blocks, one vocabulary.

    Each distinct text is vectorised once; document frequencies still count every text.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    n = len(texts) // n_blocks
    unique, inverse = np.unique(np.array(texts, dtype=object), return_inverse=True)
    if not any(unique):
        return [sp.csr_matrix((n, 1), dtype=np.float32) for _ in range(n_blocks)]
    vectorizer = TfidfVectorizer(sublinear_tf=True, use_idf=False, norm=None, dtype=np.float32, **options)
    tf = vectorizer.fit_transform(unique).tocsr()
    df = np.asarray((tf > 0).T @ np.bincount(inverse, minlength=len(unique))).ravel()
    idf = (np.log((1 + len(texts)) / (1 + df)) + 1).astype(np.float32)
    matrix = normalize(tf @ sp.diags(idf), norm="l2", copy=False)[inverse].tocsr()
    return [matrix[b * n:(b + 1) * n] for b in range(n_blocks)]


def _vectorise(attendees: Sequence[Attendee], terms: EventTerms) -> tuple[tuple, list, list]:
    """Exact-score matrices, search blocks and their weights.

    Help comes from :func:`matchmaker.evidence.give_matrices` (the evidence sentences quote).
    Shared interests and the offers/needs-versus-interests fallbacks compare unit vectors;
    words no lexicon term covers also meet on character n-grams (typos), weakly; bios on
    words cut to their first letters.
    """
    cover, needs = give_matrices(attendees, terms)
    units, leftovers = field_vectors(attendees, terms)
    u_offers, u_needs, u_interests = units["offers"], units["needs"], units["interests"]
    r_offers, r_needs = _tfidf(leftovers["offers"] + leftovers["needs"], 2, analyzer="char_wb", ngram_range=(3, 5))
    bio = _tfidf([" ".join(w[:PREFIX] for w in normalise(a.bio or "").split()) for a in attendees], 1,
                 analyzer="word", token_pattern=r"\S+")[0]
    quarter = W_FALLBACK / 4
    left = [cover, needs, u_interests, bio, u_offers, u_interests, u_needs, u_interests, r_offers, r_needs]
    right = [needs, cover, u_interests, bio, u_interests, u_offers, u_interests, u_needs, r_needs, r_offers]
    weights = [W_GIVE, W_GIVE, W_SHARED, W_BIO, quarter, quarter, quarter, quarter, W_TYPO, W_TYPO]
    rest_left = sp.hstack([w * m for w, m in zip(weights[2:], left[2:])], format="csr")
    rest_right = sp.hstack(right[2:], format="csr")
    whole = sp.hstack([u_offers + u_needs + u_interests, 0.3 * bio], format="csr")
    return (cover, needs, rest_left, rest_right), (left, right, weights), whole


def _rowdot(x: sp.csr_matrix, a: np.ndarray, y: sp.csr_matrix, b: np.ndarray) -> np.ndarray:
    return np.asarray(x[a].multiply(y[b]).sum(axis=1), dtype=np.float64).ravel()


def _pair_values(fields: tuple, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Values and weak flags of pairs; the formula is in the module docstring.

    Computed in blocks of pairs: the row copies behind a row-wise dot product would
    otherwise hold every pair's n-grams at once.
    """
    offers, needs, rest_left, rest_right = fields
    value, weak = np.zeros(len(a)), np.zeros(len(a), bool)
    for start in range(0, len(a), PAIR_BLOCK):
        x, y = a[start:start + PAIR_BLOCK], b[start:start + PAIR_BLOCK]
        give_xy, give_yx = _rowdot(offers, x, needs, y), _rowdot(offers, y, needs, x)
        block = (W_GIVE * (give_xy + give_yx + RECIPROCITY * np.minimum(give_xy, give_yx))
                 + _rowdot(rest_left, x, rest_right, y))
        value[start:start + PAIR_BLOCK] = np.maximum(block, 0.0) + TIE_BREAK * _jitter(x, y)
        weak[start:start + PAIR_BLOCK] = (give_xy + give_yx) < WEAK_GIVE
    return value, weak


def _jitter(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """A fixed number in [0, 1) per pair (a < b), the same in every run.

    Help scores take few distinct values (a met need is worth 1 or a share of it), so
    many pairs tie; a tiny pair-specific tie-break makes the relaxation's optimum unique
    and mostly integral instead of spread over tied pairs, which the repair then undoes.
    """
    h = (a.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) ^ (b.astype(np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F))
    h ^= h >> np.uint64(29)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(32)
    return (h >> np.uint64(11)).astype(np.float64) / float(1 << 53)


class _Search:
    """Top-k search on ``left @ right.T``, sampling the people behind common terms.

    The work of a term is (people having it on the left) x (people having it on the right).
    When the total exceeds ``budget``, each chunk of rows sees, for every common term, a
    random sample of at most ``cap`` of the people on the right (a new sample per chunk, so
    that the popular offerers of a topic are spread over everybody instead of dropped).
    """

    def __init__(self, left: list, right: list, weights: list, budget: float, seed: int):
        self.left = sp.hstack([w * block for w, block in zip(weights, left)], format="csr")
        self.right_t = sp.hstack(right, format="csc").T.tocsr()
        df_left = np.bincount(self.left.indices, minlength=self.right_t.shape[0]).astype(np.float64)
        df_right = np.diff(self.right_t.indptr).astype(np.float64)
        # Low-weight blocks (bios, fallbacks) are sampled harder than offers<->needs.
        share = np.repeat(np.asarray(weights, np.float64) / max(weights), [b.shape[1] for b in left])
        self.keep = None
        if (df_left * df_right).sum() > budget:
            low, high = 1.0, float(df_right.max())
            for _ in range(40):  # the largest cap whose work fits the budget
                mid = (low + high) / 2
                low, high = (mid, high) if (df_left * np.minimum(df_right, mid * share)).sum() <= budget else (low, mid)
            self.entry_row = np.repeat(np.arange(len(df_right)), np.diff(self.right_t.indptr))
            self.keep = np.minimum(1.0, np.maximum(1.0, low * share) / np.maximum(df_right, 1))[self.entry_row]
        self.seed = seed

    def right_for_chunk(self, chunk_number: int) -> sp.csr_matrix:
        if self.keep is None:
            return self.right_t
        priority = np.random.default_rng([self.seed, chunk_number]).random(self.right_t.shape[1])
        mask = priority[self.right_t.indices] < self.keep
        indptr = np.concatenate([[0], np.cumsum(np.bincount(self.entry_row[mask], minlength=self.right_t.shape[0]))])
        return sp.csr_matrix((self.right_t.data[mask], self.right_t.indices[mask], indptr),
                             shape=self.right_t.shape)

    def top_k(self, rows: np.ndarray, k: int, excluded, progress=None, label="") -> tuple[np.ndarray, np.ndarray]:
        """Directed (row, column) pairs: the k best allowed columns of each row, ties broken by index."""
        out_rows, out_cols = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
        for number, start in enumerate(range(0, len(rows), CHUNK_ROWS)):
            chunk = rows[start:start + CHUNK_ROWS]
            contiguous = chunk[-1] - chunk[0] == len(chunk) - 1
            left = self.left[chunk[0]:chunk[-1] + 1] if contiguous else self.left[chunk]
            product = (left @ self.right_for_chunk(number)).tocsr()
            r = chunk[np.repeat(np.arange(len(chunk)), np.diff(product.indptr))]
            c, v = product.indices.astype(np.int64), product.data
            v[excluded(r, c) | (v <= 0)] = -1.0
            indptr, picked = product.indptr, []
            for row in range(len(chunk)):  # a partial sort per row beats one sort of the whole chunk
                lo, hi = indptr[row], indptr[row + 1]
                values = v[lo:hi]
                if hi - lo > k:
                    best = np.argpartition(-values, k - 1)[:k]
                else:
                    best = np.arange(hi - lo)
                best = best[np.lexsort((c[lo + best], -values[best]))]  # ties go to the lower index
                picked.append(lo + best[values[best] > 0])
            picked = np.concatenate(picked) if picked else np.zeros(0, np.int64)
            out_rows.append(r[picked])
            out_cols.append(c[picked])
            if progress:
                progress(min(1.0, (start + len(chunk)) / max(len(rows), 1)), label)
        return np.concatenate(out_rows), np.concatenate(out_cols)


def score_candidates(attendees: Sequence[Attendee], *, k: int = 20, allow_colleagues: bool = False,
                     forbidden: Iterable[tuple[int, int]] = (), seed: int = 0,
                     progress: Callable[[float, str], None] | None = None,
                     terms: EventTerms | None = None) -> Candidates:
    """About ``k`` candidate partners per attendee, valued for the help both sides can give.

    Parameters
    ----------
    attendees : sequence of Attendee
    k : int
        Candidates searched per attendee (the union of both directions is kept).
    allow_colleagues : bool
        When False, people of the same company (:func:`normalise_company`) are never candidates.
    forbidden : iterable of (int, int)
        Index pairs that must never meet, in either order.
    seed : int
        Seed of the random candidates given to people with fewer than three found ones.
    progress : callable(fraction, message), optional
    terms : EventTerms, optional
        The event's terms (lexicon, glossary, controlled fields); built from ``attendees`` when None.

    Returns
    -------
    Candidates

    Raises
    ------
    MatchingError
        When ``k`` is below 1 or a forbidden pair names an unknown index.
    """
    n = len(attendees)
    if k < 1:
        raise MatchingError(f"k must be at least 1 (got {k}); use about 20 candidates per attendee.")
    forbidden_set = set()
    for a, b in forbidden:
        a, b = int(a), int(b)
        if not (0 <= a < n and 0 <= b < n):
            raise MatchingError(f"forbidden pair ({a}, {b}) names an attendee outside 0..{n - 1}; fix the pair.")
        forbidden_set.add((min(a, b), max(a, b)))
    keys = [normalise_company(a.company) for a in attendees]
    key_codes = {key: code for code, key in enumerate(sorted(set(keys) - {""}))}
    company = np.array([key_codes.get(key, -1) for key in keys], dtype=np.int64)
    forbidden_codes = np.array(sorted(a * n + b for a, b in forbidden_set), dtype=np.int64)

    def excluded(r: np.ndarray, c: np.ndarray) -> np.ndarray:
        out = r == c
        if not allow_colleagues:
            out |= (company[r] >= 0) & (company[r] == company[c])
        if len(forbidden_codes):
            out |= np.isin(np.minimum(r, c) * n + np.maximum(r, c), forbidden_codes)
        return out

    if progress:
        progress(0.0, "vectorising profiles")
    if terms is None:
        terms = EventTerms(attendees)
    fields, blocks, whole = _vectorise(attendees, terms)
    budget = max(SEARCH_WORK_PER_PERSON * n, MIN_SEARCH_WORK)
    search = _Search(*blocks, budget, seed)
    r, c = search.top_k(np.arange(n), k, excluded, progress, "searching candidates")
    codes = _unique(np.minimum(r, c) * n + np.maximum(r, c))

    # People the search left short: complete from the whole profile, then at random.
    degree = np.bincount(np.concatenate([codes // n, codes % n]), minlength=n)
    short = np.flatnonzero(degree < k)
    if len(short):
        r, c = _Search([whole], [whole], [1.0], budget, seed + 1).top_k(short, k - degree[short].min(), excluded)
        codes = _unique(np.concatenate([codes, np.minimum(r, c) * n + np.maximum(r, c)]))
        degree = np.bincount(np.concatenate([codes // n, codes % n]), minlength=n)
    codes = _unique(np.concatenate([codes, _random_fill(n, codes, degree, excluded, seed)]))

    i, j = (codes // n).astype(np.int32), (codes % n).astype(np.int32)
    score, weak = _pair_values(fields, i.astype(np.int64), j.astype(np.int64))
    if progress:
        progress(1.0, "candidates ready")
    return Candidates(n=n, i=i, j=j, score=score, weak=weak, allow_colleagues=allow_colleagues,
                      _fields=fields, _company=company, _forbidden=frozenset(forbidden_set))


def _unique(codes: np.ndarray) -> np.ndarray:
    """Sorted distinct values of an int64 array, as :func:`numpy.unique` gives them.

    numpy 2.4's ``unique`` hashes integers before sorting them: 1.6 s for the two million pair
    codes of a 100,000-person event, where a sort and a comparison take a fraction of a second.

    >>> _unique(np.array([3, 1, 3, 2], np.int64)).tolist()
    [1, 2, 3]
    """
    codes = np.sort(np.asarray(codes, np.int64))
    if len(codes) < 2:
        return codes
    return codes[np.concatenate([[True], codes[1:] != codes[:-1]])]


def _random_fill(n: int, codes: np.ndarray, degree: np.ndarray, excluded, seed: int) -> np.ndarray:
    """Random allowed partners for people with fewer than MIN_CANDIDATES (seeded, deterministic)."""
    rng = np.random.default_rng(seed)
    short = np.flatnonzero(degree < MIN_CANDIDATES)
    added: list[int] = []
    if not len(short):
        return np.zeros(0, np.int64)
    present = set(codes.tolist())
    for person in short:
        need = MIN_CANDIDATES - degree[person]
        pool = rng.permutation(n) if n <= 4096 else rng.integers(0, n, size=64 * MIN_CANDIDATES)
        pool = pool[~excluded(np.full(len(pool), person), pool)]
        for other in pool:
            code = int(min(person, other) * n + max(person, other))
            if code not in present:
                present.add(code)
                added.append(code)
                degree[person] += 1
                degree[other] += 1
                need -= 1
                if need <= 0:
                    break
    return np.array(added, dtype=np.int64)
