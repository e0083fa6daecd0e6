"""Attendees' wishes: whom they want to meet, and whom they would rather not.

Wishes become inputs the matcher already knows, before partners are chosen:

* "avoid", from either side, forbids the pair;
* a mutual "meet" pins the pair whenever the rules allow it (not colleagues
  unless colleagues may meet, not forbidden, and both still have a free slot
  after the organizer's pins); when they do not, it gets twice the bonus;
* a one-way "meet" adds a bonus of :data:`WISH_BONUS` times the event's best
  candidate score to the pair: strong, but the other side's conversations
  still count.

Each attendee's first :data:`MAX_WISHES` wishes of each kind count (in the
order given); later ones, wishes naming oneself or somebody not in the list are
dropped and counted.

Examples
--------
>>> from matchmaker.profiles import Attendee
>>> people = [Attendee(f"p{k}@x.org", f"P{k}") for k in range(4)]
>>> plan = plan_wishes(people, [("p0@x.org", "p1@x.org"), ("p1@x.org", "p0@x.org"),
...                             ("p2@x.org", "p3@x.org"), ("p3@x.org", "p0@x.org", "avoid")])
>>> plan.pins, plan.forbidden, plan.bonus
([(0, 1)], [(0, 3)], {(2, 3): 1})
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .profiles import Attendee, normalise_company

__all__ = [
    "AVOID",
    "MAX_WISHES",
    "MEET",
    "WISH_BONUS",
    "WishPlan",
    "plan_wishes",
    "wish_stats",
    "wishes_from_attendees",
    "with_bonus",
]

MEET, AVOID = "meet", "avoid"
#: Wishes of each kind that count per attendee ("pick the three people you absolutely want to meet").
MAX_WISHES = 3
#: Bonus of a one-way wish, as a share of the best candidate score of the event.
WISH_BONUS = 1.0


@dataclass
class WishPlan:
    """Wishes turned into matcher inputs (attendee indices, pairs sorted ``(i, j)`` with ``i < j``).

    Attributes
    ----------
    pins : list of (int, int)
        Mutual wishes to keep.
    forbidden : list of (int, int)
        Pairs one side would rather not meet.
    bonus : dict
        Pair -> bonus units (1 for a one-way wish, 2 for a mutual wish that could not be pinned).
    asked : set of (int, int)
        Directed wishes to meet that count: ``(wisher, other)``.
    dropped : int
        Wishes ignored: unknown people, oneself, beyond :data:`MAX_WISHES`, or overruled by "avoid".
    """

    pins: list = field(default_factory=list)
    forbidden: list = field(default_factory=list)
    bonus: dict = field(default_factory=dict)
    asked: set = field(default_factory=set)
    dropped: int = 0


def wishes_from_attendees(attendees: Sequence[Attendee]) -> list[tuple[str, str, str]]:
    """The "wants to meet" column of the file, as ``(wisher, other, "meet")`` triples.

    >>> wishes_from_attendees([Attendee("a@x.org", "A", wishes=("b@x.org",))])
    [('a@x.org', 'b@x.org', 'meet')]
    """
    return [(a.email, other, MEET) for a in attendees for other in getattr(a, "wishes", ())]


def _key(pair: tuple[int, int]) -> tuple[int, int]:
    return (min(pair), max(pair))


def plan_wishes(attendees: Sequence[Attendee], wishes: Iterable, *, pinned: Iterable[tuple[int, int]] = (),
                forbidden: Iterable[tuple[int, int]] = (), allow_colleagues: bool = False,
                degree: int = 3, limit: int = MAX_WISHES) -> WishPlan:
    """Pins, forbidden pairs and bonuses from the attendees' wishes.

    Parameters
    ----------
    attendees : sequence of Attendee
    wishes : iterable of (wisher e-mail, other e-mail) or (wisher, other, kind)
        ``kind`` is :data:`MEET` (the default) or :data:`AVOID`.
    pinned, forbidden : iterable of (int, int)
        The organizer's pins and forbidden pairs, by index: they come first.
    allow_colleagues : bool
        Whether colleagues may be paired (a wish does not override this rule).
    degree : int
        Partners per attendee: at most this many pins each.
    limit : int
        Wishes of each kind that count per attendee.

    Returns
    -------
    WishPlan
    """
    index = {a.email.strip().lower(): k for k, a in enumerate(attendees)}
    counts: dict[tuple[int, str], int] = {}
    meet: dict[tuple[int, int], int] = {}  # directed wish -> its rank in the wisher's list
    avoid: set[tuple[int, int]] = set()
    dropped = 0
    for wish in wishes:
        wisher, other, kind = (tuple(wish) + (MEET,))[:3]
        a, b = index.get(str(wisher).strip().lower()), index.get(str(other).strip().lower())
        if a is None or b is None or a == b or kind not in (MEET, AVOID):
            dropped += 1
            continue
        if (kind == MEET and (a, b) in meet) or (kind == AVOID and _key((a, b)) in avoid):
            continue  # the same wish twice counts once
        rank = counts.get((a, kind), 0)
        if rank >= limit:
            dropped += 1
            continue
        counts[(a, kind)] = rank + 1
        if kind == MEET:
            meet[(a, b)] = rank
        else:
            avoid.add(_key((a, b)))
    banned = avoid | {_key(p) for p in forbidden}
    overruled = [p for p in meet if _key(p) in banned]
    dropped += len(overruled)
    for p in overruled:
        del meet[p]

    companies = [normalise_company(a.company) for a in attendees]
    load = np.zeros(len(attendees), int)
    organizer_pins = {_key(p) for p in pinned}
    for a, b in organizer_pins:
        load[a] += 1
        load[b] += 1
    mutual = sorted({_key(p) for p in meet if (p[1], p[0]) in meet},
                    key=lambda p: (meet[p] + meet[(p[1], p[0])], p))  # earliest choices first
    pins, bonus = [], {}
    for a, b in mutual:
        colleagues = not allow_colleagues and companies[a] and companies[a] == companies[b]
        if colleagues:
            continue  # never formed: no bonus either
        if (a, b) in organizer_pins:
            continue
        if load[a] < degree and load[b] < degree:
            pins.append((a, b))
            load[a] += 1
            load[b] += 1
        else:
            bonus[(a, b)] = 2
    settled = organizer_pins | set(pins) | set(bonus)
    for p in meet:
        if (p[1], p[0]) not in meet and _key(p) not in settled:
            bonus[_key(p)] = 1
    return WishPlan(sorted(pins), sorted(avoid), dict(sorted(bonus.items())), set(meet), dropped)


class _WithBonus:
    """Candidates whose pair values include the wish bonuses; wished pairs join the candidates."""

    def __init__(self, cand, bonus: dict, unit: float):
        self._cand = cand
        self.n = n = int(cand.n)
        pairs = [p for p in bonus if cand.allowed(*p)]
        self._codes = np.array(sorted(a * n + b for a, b in pairs), np.int64)
        self._extra = np.array([bonus[(int(c) // n, int(c) % n)] * unit for c in self._codes], float)
        codes = np.asarray(cand.i, np.int64) * n + np.asarray(cand.j, np.int64)
        merged = np.union1d(codes, self._codes)
        self.i, self.j = (merged // n).astype(np.int32), (merged % n).astype(np.int32)
        position = np.searchsorted(merged, codes)
        base = np.zeros(len(merged))
        base[position] = np.asarray(cand.score, float)
        missing = np.setdiff1d(self._codes, codes)
        if len(missing):
            base[np.searchsorted(merged, missing)] = cand.pair_scores(missing // n, missing % n)
        self.score = base + self._bonus(merged)
        weak = np.ones(len(merged), bool)
        weak[position] = np.asarray(cand.weak, bool)
        self.weak = weak

    def _bonus(self, codes: np.ndarray) -> np.ndarray:
        out = np.zeros(len(codes))
        if len(self._codes):
            pos = np.clip(np.searchsorted(self._codes, codes), 0, len(self._codes) - 1)
            hit = self._codes[pos] == codes
            out[hit] = self._extra[pos[hit]]
        return out

    def pair_scores(self, a, b) -> np.ndarray:
        a, b = np.asarray(a, np.int64), np.asarray(b, np.int64)
        codes = np.minimum(a, b) * self.n + np.maximum(a, b)
        return np.asarray(self._cand.pair_scores(a, b), float) + self._bonus(codes)

    def pair_score(self, a: int, b: int) -> float:
        return float(self.pair_scores(np.array([a]), np.array([b]))[0])

    def allowed(self, a: int, b: int) -> bool:
        return self._cand.allowed(a, b)

    def bonus_of(self, pairs) -> float:
        """Total bonus carried by ``pairs`` (to keep the bound comparable)."""
        if not pairs:
            return 0.0
        return float(self._bonus(np.array([a * self.n + b for a, b in pairs], np.int64)).sum())


def with_bonus(cand, plan: WishPlan):
    """``cand`` with the plan's bonuses added (``cand`` itself when there are none).

    The bonus unit is :data:`WISH_BONUS` times the best candidate score (1.0 when all are 0).
    """
    if not plan.bonus:
        return cand
    best = float(np.max(cand.score)) if len(cand.score) else 0.0
    return _WithBonus(cand, plan.bonus, WISH_BONUS * (best if best > 0 else 1.0))


def wish_stats(plan: WishPlan, pairs: Iterable[tuple[int, int]]) -> dict:
    """How many wishes the chosen pairs honour.

    >>> plan = WishPlan(pins=[(0, 1)], asked={(0, 1), (1, 0), (2, 0)}, forbidden=[(2, 3)])
    >>> wish_stats(plan, [(0, 1), (1, 2)])
    {'asked': 3, 'honoured': 2, 'mutual': 1, 'mutual_honoured': 1, 'avoided': 1, 'dropped': 0}
    """
    chosen = {_key(p) for p in pairs}
    mutual = {_key(p) for p in plan.asked if (p[1], p[0]) in plan.asked}
    return {
        "asked": len(plan.asked),
        "honoured": sum(_key(p) in chosen for p in plan.asked),
        "mutual": len(mutual),
        "mutual_honoured": len(mutual & chosen),
        "avoided": len(plan.forbidden),
        "dropped": plan.dropped,
    }
