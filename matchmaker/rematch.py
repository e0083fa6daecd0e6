"""Minimal-change re-matching after publishing: keep every pair that may stay, fill only free slots.

Once partners and times are published, re-optimising the whole event would
change the plans of many people for one late registration. Instead:

1. every previous pair is kept, in its round, while both people are still on
   the list and the pair is still allowed (not forbidden, not colleagues unless
   allowed); the others are removed with a reason;
2. pinned pairs that do not exist yet are added (making room when a pinned
   person already has all their partners);
3. people with free slots (newcomers, partners of people who left) are paired
   among themselves by value, each new pair in a round where both are free;
4. somebody still missing two or more partners gets one from an existing pair
   in a round where they are free: that pair is broken, one of its two people
   meets them instead and the other is left one partner short. This spreads a
   newcomer's missing partners over a few people rather than leaving them
   alone, and changes only the pairs it must.

A round is added only for a pinned pair whose two people share no free round,
and the result says so. Nobody is ever booked twice in a round.

Examples
--------
>>> from matchmaker import Attendee
>>> people = [Attendee(f"{x}@x.org", x.upper(), offers="sales", needs="hiring") for x in "abcd"]
>>> before = [("a@x.org", "b@x.org", 1), ("c@x.org", "d@x.org", 1), ("a@x.org", "c@x.org", 2),
...           ("b@x.org", "d@x.org", 2)]
>>> change = rematch(before, people[:3])      # d@x.org left
>>> [(p.a, p.b, p.code) for p in change.removed]
[('c@x.org', 'd@x.org', 'left'), ('b@x.org', 'd@x.org', 'left')]
>>> [(p.a, p.b, p.round) for p in change.added]
[('b@x.org', 'c@x.org', 3)]
>>> change.rounds_note
''
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .dayof import email_key, key_of, pair_triples
from .errors import MatchingError
from .profiles import Attendee, normalise_company
from .reasons import Reason

__all__ = ["AddedPair", "Rematch", "RemovedPair", "rematch"]

#: Up to this many people with free slots, every pair among them is considered (else candidates only).
ALL_PAIRS_LIMIT = 1_500


@dataclass(frozen=True, slots=True)
class RemovedPair:
    """A previous pair that is gone, and why (``code``: left, forbidden, colleagues, duplicate,
    double_booked, made_room)."""

    a: str
    b: str
    round: int
    reason: str
    code: str
    #: What the reason names (e-mail addresses, a round), for rendering it in another language.
    params: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class AddedPair:
    """A new pair, its round and value."""

    a: str
    b: str
    round: int
    score: float = 0.0
    pinned: bool = False
    #: True when the pair rests on shared interests only (as in the engine's pairs).
    weak: bool = False


@dataclass(frozen=True)
class Rematch:
    """What :func:`rematch` keeps, removes and adds."""

    kept: list[tuple[str, str, int]] = field(default_factory=list)
    removed: list[RemovedPair] = field(default_factory=list)
    added: list[AddedPair] = field(default_factory=list)
    rounds: int = 0
    #: A :class:`~matchmaker.reasons.Reason` when a round was added, else "".
    rounds_note: str = ""
    #: ``(email, partners, reason)`` for everybody with fewer partners than asked (reason: a Reason).
    short: list[tuple[str, int, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.removed or self.added)

    def touched(self) -> list[str]:
        """E-mails of the people whose partners or times changed (to send updated invitations)."""
        return sorted({e for p in [*self.removed, *self.added] for e in (p.a, p.b)})

    def pairs(self) -> list[tuple[str, str, int]]:
        """All pairs after the change, by round then e-mails."""
        return sorted(self.kept + [(p.a, p.b, p.round) for p in self.added], key=lambda t: (t[2], t[0], t[1]))

    def to_dict(self) -> dict:
        return {
            "kept": [{"a": a, "b": b, "round": r} for a, b, r in self.kept],
            "removed": [{"a": p.a, "b": p.b, "round": p.round, "reason": p.reason, "code": p.code,
                         "params": dict(p.params)}
                        for p in self.removed],
            "added": [{"a": p.a, "b": p.b, "round": p.round, "score": round(p.score, 4), "weak": p.weak,
                       "pinned": p.pinned} for p in self.added],
            "rounds": self.rounds, "rounds_note": self.rounds_note,
            "rounds_note_code": getattr(self.rounds_note, "code", ""),
            "rounds_note_params": dict(getattr(self.rounds_note, "params", {})),
            "short": [{"email": e, "partners": k, "reason": str(why), "code": getattr(why, "code", ""),
                       "params": dict(getattr(why, "params", {}))} for e, k, why in self.short],
        }


class _State:
    """Pairs by person and by round while the change is worked out (indices into ``people``)."""

    def __init__(self, n: int, rounds: int):
        self.rounds = rounds
        self.partners: list[dict[int, int]] = [{} for _ in range(n)]  # person -> partner -> round
        self.busy: list[set[int]] = [set() for _ in range(n)]

    def add(self, a: int, b: int, r: int) -> None:
        self.partners[a][b] = self.partners[b][a] = r
        self.busy[a].add(r)
        self.busy[b].add(r)
        self.rounds = max(self.rounds, r)

    def remove(self, a: int, b: int) -> int:
        r = self.partners[a].pop(b)
        del self.partners[b][a]
        self.busy[a].discard(r)
        self.busy[b].discard(r)
        return r

    def common_free(self, a: int, b: int) -> int | None:
        """The first round where both are free, or None."""
        for r in range(1, self.rounds + 1):
            if r not in self.busy[a] and r not in self.busy[b]:
                return r
        return None


def rematch(previous: Iterable, attendees: Sequence[Attendee], *, forbidden: Iterable[tuple[str, str]] = (),
            pinned: Iterable[tuple[str, str]] = (), allow_colleagues: bool = False, degree: int = 3,
            seed: int = 0) -> Rematch:
    """Change a published matching as little as the new attendee list and rules require.

    Parameters
    ----------
    previous : iterable of (a, b, round) or of dicts with "a", "b", "round"
        The published pairs (e-mails).
    attendees : sequence of Attendee
        The new list: people added, removed or edited since publishing.
    forbidden, pinned : iterable of (email, email)
        Pairs never to form / to have, as for :func:`matchmaker.pipeline.match_event`.
    allow_colleagues : bool, default False
    degree : int, default 3
        Partners per attendee.
    seed : int, default 0

    Returns
    -------
    Rematch

    Raises
    ------
    MatchingError
        For an e-mail listed twice, or a pinned pair naming somebody not on the list.

    Examples
    --------
    >>> from matchmaker import Attendee
    >>> people = [Attendee(f"{x}@x.org", x.upper(), offers="sales", needs="hiring") for x in "abc"]
    >>> change = rematch([("a@x.org", "b@x.org", 1)], people, forbidden=[("b@x.org", "a@x.org")])
    >>> [p.code for p in change.removed], sorted((p.a, p.b) for p in change.added)
    (['forbidden'], [('a@x.org', 'c@x.org'), ('b@x.org', 'c@x.org')])
    """
    from .scoring import score_candidates

    people = list(attendees)
    index: dict[str, int] = {}
    for k, person in enumerate(people):
        key = email_key(person.email)
        if key in index:
            raise MatchingError(f"{person.email} appears twice in the attendee list: keep one row per person")
        index[key] = k
    emails = [email_key(p.email) for p in people]
    bans = {key_of(p) for p in forbidden}
    pins = []
    for pair in pinned:
        a, b = key_of(pair)
        missing = [e for e in (a, b) if e not in index]
        if missing:
            raise MatchingError(f"pinned pair names {missing[0]}, who is not in the attendee list: "
                                "fix the address or remove the pair")
        pins.append((index[a], index[b]))
    company = [normalise_company(p.company) for p in people]
    previous = pair_triples(previous)
    # An event has at least ``degree`` rounds, even when the published pairs leave one empty.
    state = _State(len(people), max([degree, *(r for *_, r in previous)]))
    removed: list[RemovedPair] = []

    def drop(a: str, b: str, r: int, reason: Reason) -> None:
        removed.append(RemovedPair(*key_of((a, b)), r, str(reason), reason.code, dict(reason.params)))

    for a, b, r in previous:
        gone = [e for e in (a, b) if e not in index]
        if gone:
            drop(a, b, r, Reason("left", who=gone[0]))
            continue
        i, j = index[a], index[b]
        if key_of((a, b)) in bans:
            drop(a, b, r, Reason("forbidden"))
        elif not allow_colleagues and company[i] and company[i] == company[j] and (min(i, j), max(i, j)) not in pins:
            drop(a, b, r, Reason("colleagues"))
        elif j in state.partners[i]:
            drop(a, b, r, Reason("duplicate"))
        elif r in state.busy[i] or r in state.busy[j]:
            drop(a, b, r, Reason("double_booked", who=a if r in state.busy[i] else b, round=r))
        else:
            state.add(i, j, r)
    previous_rounds = state.rounds

    ban_idx = [(index[a], index[b]) for a, b in bans if a in index and b in index]
    cand = score_candidates(people, k=min(20, max(len(people) - 1, 1)), allow_colleagues=allow_colleagues,
                            forbidden=ban_idx, seed=seed) if len(people) > 1 else None
    added: dict[tuple[int, int], AddedPair] = {}
    pinned_set = {(min(a, b), max(a, b)) for a, b in pins}

    codes = cand.i.astype(np.int64) * len(people) + cand.j if cand is not None else np.zeros(0, np.int64)

    def is_weak(a: int, b: int) -> bool:
        """The candidate's flag; pairs beyond the candidate search count as weak, as in the pipeline."""
        code = min(a, b) * len(people) + max(a, b)
        k = int(np.searchsorted(codes, code))
        return bool(cand.weak[k]) if k < len(codes) and codes[k] == code else True

    def value(a: int, b: int) -> float:
        return cand.pair_score(a, b) if cand is not None else 0.0

    def add(a: int, b: int, r: int, pin: bool = False) -> None:
        state.add(a, b, r)
        a, b = min(a, b), max(a, b)
        added[(a, b)] = AddedPair(*key_of((emails[a], emails[b])), r, value(a, b), pin, is_weak(a, b))

    def unpair(a: int, b: int, reason: Reason) -> None:
        r = state.remove(a, b)
        if (min(a, b), max(a, b)) in added:
            del added[(min(a, b), max(a, b))]
        else:
            drop(emails[a], emails[b], r, reason)

    def room_for(a: int, b: int) -> int | None:
        """The round where a pinned pair costs least to fit: the pairs that ``a`` and ``b`` have in
        it are dropped (never pinned ones), and neither ends up above ``degree`` partners."""
        best = None
        for r in range(1, state.rounds + 1):
            drops = [(x, o) for x in (a, b) for o, rr in state.partners[x].items() if rr == r]
            if any((min(x, o), max(x, o)) in pinned_set for x, o in drops):
                continue
            if any(len(state.partners[x]) - sum(d[0] == x for d in drops) >= degree for x in (a, b)):
                continue
            cost = sum(value(x, o) for x, o in drops)
            if best is None or (cost, r) < best[0]:
                best = ((cost, r), drops)
        if best is None:
            return None
        for x, o in best[1]:
            unpair(x, o, Reason("made_room", pinned=True, other=emails[b if x == a else a]))
        return best[0][1]

    # Pinned pairs first, in a round where both are free, or made free at the least cost.
    for a, b in sorted(pinned_set):
        if b in state.partners[a]:
            continue
        r = state.common_free(a, b)
        if r is None:
            r = room_for(a, b)
        add(a, b, r if r is not None else state.rounds + 1, pin=True)

    def need(v: int) -> int:
        return degree - len(state.partners[v])

    def allowed(a: int, b: int) -> bool:
        return a != b and b not in state.partners[a] and cand is not None and cand.allowed(a, b)

    def fill() -> None:
        """Pair people with free slots among themselves, best value first, in a round both have free."""
        open_ = [v for v in range(len(people)) if need(v) > 0]
        if len(open_) < 2:
            return
        if len(open_) <= ALL_PAIRS_LIMIT:
            edges = [(a, b) for t, a in enumerate(open_) for b in open_[t + 1:] if allowed(a, b)]
        else:
            wanted = set(open_)
            edges = [(int(a), int(b)) for a, b in zip(cand.i, cand.j) if a in wanted and b in wanted
                     and allowed(int(a), int(b))]
        if not edges:
            return
        values = cand.pair_scores([a for a, _ in edges], [b for _, b in edges])
        for k in sorted(range(len(edges)), key=lambda k: (-values[k], edges[k])):
            a, b = edges[k]
            if need(a) > 0 and need(b) > 0 and b not in state.partners[a]:
                r = state.common_free(a, b)
                if r is not None:
                    add(a, b, r)

    def break_for(u: int) -> bool:
        """Give ``u`` a partner taken from an existing pair in a round where ``u`` is free."""
        pool = range(len(people)) if len(people) <= ALL_PAIRS_LIMIT else sorted(
            set(cand.j[cand.i == u].tolist()) | set(cand.i[cand.j == u].tolist()))
        options = [(x, y, r) for x in pool if allowed(u, x) for y, r in state.partners[x].items()
                   if r not in state.busy[u] and y != u and need(y) == 0
                   and (min(x, y), max(x, y)) not in pinned_set and (min(x, y), max(x, y)) not in added]
        if not options:
            return False
        gains = (cand.pair_scores([u] * len(options), [x for x, _, _ in options])
                 - cand.pair_scores([x for x, _, _ in options], [y for _, y, _ in options]))
        best = max(range(len(options)), key=lambda k: (gains[k], -options[k][0], -options[k][1]))
        x, y, r = options[best]
        unpair(x, y, Reason("made_room", who=emails[x], other=emails[u]))
        add(u, x, r)
        return True

    fill()
    for u in range(len(people)):
        while need(u) >= 2 and break_for(u):
            pass
    fill()

    kept = sorted(((emails[a], emails[b], r) if emails[a] < emails[b] else (emails[b], emails[a], r)
                   for a in range(len(people)) for b, r in state.partners[a].items()
                   if a < b and (a, b) not in added), key=lambda t: (t[2], t[0], t[1]))
    new = sorted(added.values(), key=lambda p: (p.round, p.a, p.b))
    extra = [p for p in new if p.round > previous_rounds]
    note = ""
    if extra:
        note = Reason("pinned_round_added", rounds=previous_rounds, extra=len(extra))
    short = [(emails[v], len(state.partners[v]), Reason("no_free_slot")) for v in range(len(people)) if need(v) > 0]
    return Rematch(kept, sorted(removed, key=lambda p: (p.round, p.a, p.b)), new, state.rounds, note, sorted(short))
