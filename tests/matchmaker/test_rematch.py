"""Minimal-change re-matching after publishing (issue 10, engine part)."""

from collections import Counter
from dataclasses import replace

import pytest

from matchmaker import Attendee, MatchingError
from matchmaker.dayof import key_of
from matchmaker.pipeline import match_event
from matchmaker.profiles import normalise_company
from matchmaker.rematch import rematch
from matchmaker.synthetic import generate_event


def _published(n, seed):
    event = generate_event(n, seed=seed)
    result = match_event(event.attendees, seed=seed)
    return event.attendees, [(p["a"], p["b"], p["round"]) for p in result["pairs"]], result["stats"]["rounds"]


def _no_double_booking(pairs):
    slots = Counter((e, r) for a, b, r in pairs for e in (a, b))
    assert max(slots.values()) == 1


def _rules(people, pairs, forbidden=(), allow_colleagues=False):
    company = {p.email: normalise_company(p.company) for p in people}
    bans = {key_of(p) for p in forbidden}
    assert all(a in company and b in company for a, b, _ in pairs)
    assert not {key_of((a, b)) for a, b, _ in pairs} & bans
    if not allow_colleagues:
        assert not [(a, b) for a, b, _ in pairs if company[a] and company[a] == company[b]]
    assert len({key_of((a, b)) for a, b, _ in pairs}) == len(pairs), "a pair twice"
    _no_double_booking(pairs)


@pytest.mark.parametrize("seed", range(5))
def test_one_late_registration_changes_only_the_pairs_it_must(seed):
    people, before, rounds = _published(200, seed)
    late = replace(generate_event(5, seed=seed + 99).attendees[1], email="late@x.org", company="Latecomer")
    change = rematch(before, people + [late], seed=seed)
    # The bound: to give the newcomer partners, at most degree - 1 = 2 published pairs are broken
    # (each gives the newcomer one partner and leaves the other person one short: the three missing
    # slots of an odd total are spread over three people instead of leaving the newcomer alone);
    # at most 3 pairs are added, all with the newcomer or a person of a broken pair.
    assert len(change.removed) <= 2 and all(p.code == "made_room" for p in change.removed)
    assert 1 <= len(change.added) <= 3
    allowed_people = {"late@x.org"} | {e for p in change.removed for e in (p.a, p.b)}
    assert set(change.touched()) <= allowed_people
    newcomer = [p for p in change.added if "late@x.org" in (p.a, p.b)]
    assert len(newcomer) >= 2
    # Everything else is kept as published, rounds included; no round is added.
    assert set(change.kept) == {(*key_of((a, b)), r) for a, b, r in before} - {
        (p.a, p.b, p.round) for p in change.removed}
    assert change.rounds == rounds and change.rounds_note == ""
    _rules(people + [late], change.pairs())
    shortfall = Counter(k for _, k, _ in change.short)
    assert set(shortfall) <= {2}, "nobody is left with fewer than two partners"


def test_rerunning_with_nothing_new_changes_nothing():
    people, before, _ = _published(60, 3)
    late = Attendee("late@x.org", "Late", offers="fundraising", needs="recruiting engineers")
    change = rematch(before, people + [late])
    assert rematch(change.pairs(), people + [late]).changed is False
    assert rematch(before, people).changed is False


def test_a_removed_person_frees_their_partners_and_only_them():
    people, before, _ = _published(60, 4)
    gone = people[10].email
    change = rematch(before, [p for p in people if p.email != gone])
    assert {p.code for p in change.removed} == {"left"}
    assert all(p.params == {"who": gone} and p.reason == f"{gone} is no longer on the attendee list" for p in change.removed)
    assert all(gone in (p.a, p.b) for p in change.removed) and len(change.removed) == 3
    partners = {e for p in change.removed for e in (p.a, p.b)} - {gone}
    assert {e for p in change.added for e in (p.a, p.b)} <= partners
    _rules([p for p in people if p.email != gone], change.pairs())


def test_rules_that_change_remove_pairs_with_a_reason_and_are_respected():
    people, before, _ = _published(60, 5)
    a, b, _ = before[0]
    c, d, _ = before[1]
    edited = [replace(p, company="Same Corp") if p.email in (c, d) else p for p in people]
    change = rematch(before, edited, forbidden=[(b, a)])
    codes = {(p.a, p.b): p.code for p in change.removed}
    assert codes[key_of((a, b))] == "forbidden" and codes[key_of((c, d))] == "colleagues"
    _rules(edited, change.pairs(), forbidden=[(a, b)])
    assert set(change.touched()) <= {a, b, c, d}


def test_a_pin_is_added_in_a_free_round_or_a_new_one_and_said_so():
    people = [Attendee(f"{x}@x.org", x.upper(), offers="sales", needs="hiring") for x in "abcdef"]
    before = [("a@x.org", "b@x.org", 1), ("c@x.org", "d@x.org", 1), ("e@x.org", "f@x.org", 1),
              ("a@x.org", "c@x.org", 2), ("b@x.org", "e@x.org", 2), ("d@x.org", "f@x.org", 2),
              ("a@x.org", "d@x.org", 3), ("b@x.org", "f@x.org", 3), ("c@x.org", "e@x.org", 3)]
    change = rematch(before, people, pinned=[("a@x.org", "e@x.org")])
    pin = [p for p in change.added if p.pinned]
    assert [(p.a, p.b) for p in pin] == [("a@x.org", "e@x.org")]
    assert len(change.removed) == 2 and {p.code for p in change.removed} == {"made_room"}
    assert all(p.params["pinned"] and p.params["other"] in ("a@x.org", "e@x.org") for p in change.removed)
    _rules(people, change.pairs())
    if pin[0].round > 3:
        assert change.rounds == 4 and "round 4 added" in change.rounds_note
    else:
        assert change.rounds == 3 and change.rounds_note == ""


def test_api_shape_and_errors():
    people = [Attendee(f"{x}@x.org", x.upper(), offers="sales", needs="hiring") for x in "abc"]
    shape = rematch([{"a": "a@x.org", "b": "b@x.org", "round": 1}], people).to_dict()
    assert set(shape) == {"kept", "removed", "added", "rounds", "rounds_note", "rounds_note_code", "rounds_note_params",
                          "short"}
    assert all(set(row) == {"email", "partners", "reason", "code", "params"} for row in shape["short"])
    assert {row["code"] for row in shape["short"]} <= {"no_free_slot"}
    assert shape["kept"] == [{"a": "a@x.org", "b": "b@x.org", "round": 1}]
    with pytest.raises(MatchingError, match="twice"):
        rematch([], people + people[:1])
    with pytest.raises(MatchingError, match="z@x.org"):
        rematch([], people, pinned=[("a@x.org", "z@x.org")])


@pytest.mark.parametrize("seed", range(3))
def test_many_changes_at_once_keep_the_rules_and_break_few_pairs(seed):
    import random

    people, before, rounds = _published(120, seed)
    rng = random.Random(seed)
    leaving = set(rng.sample([p.email for p in people], 5))
    newcomers = [replace(p, email=f"new{k}@x.org", company=f"New {k}")
                 for k, p in enumerate(generate_event(5, seed=seed + 50).attendees)]
    edited = {p.email for p in rng.sample(people, 3)}
    now = [replace(p, company="Shared Co") if p.email in edited else p for p in people if p.email not in leaving]
    now += newcomers
    forbidden = [(a, b) for a, b, _ in rng.sample(before, 2)]
    change = rematch(before, now, forbidden=forbidden, seed=seed)
    _rules(now, change.pairs(), forbidden=forbidden)
    by_code = Counter(p.code for p in change.removed)
    assert set(by_code) <= {"left", "forbidden", "colleagues", "made_room"}
    assert all(p.a in leaving or p.b in leaving for p in change.removed if p.code == "left")
    # Pairs are only broken for people missing two partners or more: newcomers, and people who lost two.
    lost = Counter(e for p in change.removed if p.code != "made_room" for e in (p.a, p.b) if e not in leaving)
    needy = len(newcomers) + sum(1 for k in lost.values() if k >= 2)
    assert by_code["made_room"] <= 2 * needy
    assert set(change.kept) <= {(*key_of((a, b)), r) for a, b, r in before}
    assert change.rounds == rounds
    assert rematch(change.pairs(), now, forbidden=forbidden, seed=seed).changed is False


def test_added_pairs_carry_value_and_weak_flags():
    people = [Attendee("a@x.org", "A", offers="fundraising", needs="hiring"),
              Attendee("b@x.org", "B", offers="hiring", needs="fundraising"),
              Attendee("c@x.org", "C", interests="cycling"), Attendee("d@x.org", "D", interests="cycling")]
    change = rematch([], people, degree=1)
    flags = {(p.a, p.b): p.weak for p in change.added}
    assert flags == {("a@x.org", "b@x.org"): False, ("c@x.org", "d@x.org"): True}
    assert all(p.score > 0 for p in change.added)
