"""Re-pairing a round around the people who did not come (and the walk-ins who did).

A few minutes before a round, the pairs of that round with an absent person
are dissolved, and the present people free in that round (those who lost
their partner, those who had no conversation in it, the walk-ins) are paired
among themselves by value (:func:`matchmaker.dayof.match_group`), never with a
colleague (unless allowed), a forbidden pair or someone they already meet in
another round. Nobody present is left alone while an allowed partner is free.
Pairs of that round where both came are never touched, nor any other round.

Re-running with nothing new changes nothing: the people left alone the first
time have no allowed partner among themselves, and nothing else is free.

Examples
--------
>>> from matchmaker import Attendee
>>> people = [Attendee(f"{x}@x.org", x.upper(), offers="sales", needs="hiring") for x in "abcd"]
>>> pairs = [("a@x.org", "b@x.org", 1), ("c@x.org", "d@x.org", 1), ("a@x.org", "c@x.org", 2)]
>>> fix = repair_round(pairs, 1, people, present={"a@x.org", "c@x.org", "d@x.org"})
>>> fix.to_dict()["dissolved"], fix.to_dict()["created"]
([{'a': 'a@x.org', 'b': 'b@x.org'}], [])
>>> fix.unpaired[0].email
'a@x.org'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .dayof import email_key, key_of, match_group, pair_triples
from .errors import MatchingError
from .profiles import Attendee

__all__ = ["CreatedPair", "RoundRepair", "Unpaired", "repair_round"]


@dataclass(frozen=True, slots=True)
class CreatedPair:
    """A new pair ``a``-``b`` in ``round``, with its value (higher is better for both) and whether
    it rests on shared interests only (``weak``, as in the engine's pairs)."""

    a: str
    b: str
    round: int
    score: float = 0.0
    weak: bool = False


@dataclass(frozen=True, slots=True)
class Unpaired:
    """A present person with no conversation in the repaired round, and why."""

    email: str
    reason: str
    #: "alone" (everybody else free in the round has a partner) or "no_allowed_partner" (the others
    #: left without one are colleagues, excluded, or people they already meet): to translate ``reason``.
    code: str


@dataclass(frozen=True)
class RoundRepair:
    """What :func:`repair_round` changes in one round."""

    round: int
    dissolved: list[tuple[str, str]] = field(default_factory=list)
    created: list[CreatedPair] = field(default_factory=list)
    unpaired: list[Unpaired] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when a pair was dissolved or created."""
        return bool(self.dissolved or self.created)

    def apply(self, pairs: Iterable) -> list[tuple[str, str, int]]:
        """The pairs after this repair, as ``(a, b, round)`` triples (e-mail keys), sorted."""
        gone = {(key_of(pair), self.round) for pair in self.dissolved}
        kept = [t for t in pair_triples(pairs) if (key_of(t[:2]), t[2]) not in gone]
        return sorted(kept + [(c.a, c.b, c.round) for c in self.created], key=lambda t: (t[2], t[0], t[1]))

    def to_dict(self) -> dict:
        """The API shape: ``{"dissolved": [{"a","b"}], "created": [{"a","b","round"}],
        "unpaired": [{"email","reason"}]}`` (plus each created pair's ``score`` and ``weak``, and
        each unpaired person's ``code``). :func:`matchmaker.dayof.pair_records` explains the
        created pairs in the engine JSON's pair shape."""
        return {
            "dissolved": [{"a": a, "b": b} for a, b in self.dissolved],
            "created": [{"a": c.a, "b": c.b, "round": c.round, "score": round(c.score, 4), "weak": c.weak}
                        for c in self.created],
            "unpaired": [{"email": u.email, "reason": u.reason, "code": u.code} for u in self.unpaired],
        }


def _people(attendees: Sequence[Attendee], walk_ins: Sequence[Attendee]) -> dict[str, Attendee]:
    people: dict[str, Attendee] = {}
    for person in list(attendees) + list(walk_ins):
        people.setdefault(email_key(person.email), person)  # a walk-in already listed is that attendee
    return people


def repair_round(pairs: Iterable, round_number: int, attendees: Sequence[Attendee], present: Iterable[str], *,
                 walk_ins: Sequence[Attendee] = (), forbidden: Iterable[tuple[str, str]] = (),
                 allow_colleagues: bool = False, seed: int = 0) -> RoundRepair:
    """Dissolve the round's pairs with an absent person and pair the free present people.

    Parameters
    ----------
    pairs : iterable of (a, b, round) or of dicts with "a", "b", "round"
        The current pairs of the whole event (e-mails).
    round_number : int
        The round to repair.
    attendees : sequence of Attendee
        Everybody registered (present or not).
    present : iterable of str
        E-mails of the people who came; everybody else is absent. Walk-ins are present.
    walk_ins : sequence of Attendee
        People added at the door (a walk-in already among ``attendees`` counts once).
    forbidden : iterable of (email, email)
        Pairs that must never meet.
    allow_colleagues : bool, default False
    seed : int, default 0
        Same inputs and seed, same result.

    Returns
    -------
    RoundRepair
        Dissolved pairs, created pairs (all in ``round_number``) and present people left
        without a conversation in that round, each with a reason; sorted by e-mail.

    Raises
    ------
    MatchingError
        When a pair or a present e-mail names somebody who is not an attendee or a walk-in.

    Examples
    --------
    >>> from matchmaker import Attendee
    >>> people = [Attendee(f"{x}@x.org", x.upper(), offers="sales", needs="hiring") for x in "abcd"]
    >>> pairs = [("a@x.org", "b@x.org", 1), ("c@x.org", "d@x.org", 1)]
    >>> present = {"a@x.org", "d@x.org", "e@x.org"}
    >>> walk_in = Attendee("e@x.org", "E", offers="hiring", needs="sales")
    >>> fix = repair_round(pairs, 1, people, present, walk_ins=[walk_in])
    >>> [(c.a, c.b, c.round) for c in fix.created], [u.email for u in fix.unpaired]
    ([('a@x.org', 'e@x.org', 1)], ['d@x.org'])
    >>> repair_round(fix.apply(pairs), 1, people, present, walk_ins=[walk_in]).changed
    False
    """
    people = _people(attendees, walk_ins)
    here = {email_key(e) for e in present} | {email_key(w.email) for w in walk_ins}
    triples = pair_triples(pairs)
    unknown = sorted((here | {e for t in triples for e in t[:2]}) - people.keys())
    if unknown:
        raise MatchingError(f"not in the attendee list: {', '.join(unknown[:5])}"
                            f"{' and others' if len(unknown) > 5 else ''}; add them as walk-ins or fix the e-mails")
    dissolved, busy, meets = [], set(), set()
    for a, b, rnd in triples:
        pair = (a, b) if a < b else (b, a)
        if rnd == round_number and not (a in here and b in here):
            dissolved.append(pair)
            continue
        meets.add(pair)
        if rnd == round_number:
            busy.update((a, b))
    order = {key: k for k, key in enumerate(people)}  # input order, then walk-ins
    pool = sorted(here - busy, key=order.__getitem__)
    position = {email: k for k, email in enumerate(pool)}
    banned = {key_of(p) for p in forbidden} | meets
    banned_idx = [(position[a], position[b]) for a, b in banned if a in position and b in position]
    matched = match_group([people[e] for e in pool], banned_idx, allow_colleagues=allow_colleagues, seed=seed)
    created = sorted((CreatedPair(*key_of((pool[i], pool[j])), round_number, value, weak)
                      for i, j, value, weak in matched),
                     key=lambda c: (c.a, c.b))
    paired = {e for c in created for e in (c.a, c.b)}
    left = sorted(set(pool) - paired)
    # Told from what is left, so that a re-run gives the same reasons.
    unpaired = [Unpaired(e, f"everybody else free in round {round_number} has a partner", "alone")
                if len(left) == 1 else
                Unpaired(e, f"the others without a partner in round {round_number} are colleagues, "
                            "excluded, or already meet them", "no_allowed_partner")
                for e in left]
    return RoundRepair(round_number, sorted(set(dissolved)), created, unpaired)
