"""Re-pairing a round around no-shows and walk-ins (issue 10, engine part): rules as properties."""

import random
from dataclasses import replace

import pytest

from matchmaker import Attendee, MatchingError
from matchmaker.dayof import EXACT_LIMIT, key_of
from matchmaker.no_shows import repair_round
from matchmaker.pipeline import match_event
from matchmaker.profiles import normalise_company
from matchmaker.synthetic import generate_event


def _day(n, seed, absent_share=0.25, walk_ins=2, forbidden_count=5):
    event = generate_event(n, seed=seed, colleague_share=0.25)
    people = event.attendees
    rng = random.Random(seed)
    emails = [a.email for a in people]
    forbidden = [tuple(rng.sample(emails, 2)) for _ in range(forbidden_count)]
    result = match_event(people, seed=seed, forbidden=forbidden)
    pairs = [(p["a"], p["b"], p["round"]) for p in result["pairs"]]
    absent = set(rng.sample(emails, int(absent_share * n)))
    extra = generate_event(walk_ins, seed=seed + 1000).attendees
    extra = [replace(w, email=f"walkin{k}@door.example", company=people[k].company if k % 2 else w.company)
             for k, w in enumerate(extra)]
    present = (set(emails) - absent) | {w.email for w in extra}
    return people, pairs, present, extra, forbidden


def _check_rules(people, pairs, present, extra, forbidden, rnd, fix, allow_colleagues=False):
    everyone = {a.email: a for a in list(people) + list(extra)}
    after = fix.apply(pairs)
    # Only the round's pairs with an absent person are dissolved.
    assert set(fix.dissolved) == {key_of((a, b)) for a, b, r in pairs
                                  if r == rnd and not (a in present and b in present)}
    # Every other pair is kept, in its round.
    untouched = [(a, b, r) for a, b, r in pairs if key_of((a, b)) not in set(fix.dissolved) or r != rnd]
    assert set(untouched) <= set(after)
    bans = {key_of(p) for p in forbidden}
    other_rounds = {key_of((a, b)) for a, b, r in after if r != rnd}
    for c in fix.created:
        assert c.round == rnd and c.a in present and c.b in present
        assert key_of((c.a, c.b)) not in bans
        assert key_of((c.a, c.b)) not in other_rounds, "already meet in another round"
        if not allow_colleagues:
            ca, cb = normalise_company(everyone[c.a].company), normalise_company(everyone[c.b].company)
            assert not (ca and ca == cb), (c, ca)
    # Nobody is booked twice in any round.
    seen = set()
    for a, b, r in after:
        assert (a, r) not in seen and (b, r) not in seen
        seen.update({(a, r), (b, r)})
    # Nobody present is left alone in the round while an allowed partner is free too.
    alone = [u.email for u in fix.unpaired]
    busy = {e for a, b, r in after if r == rnd for e in (a, b)}
    assert set(alone) == present - busy
    meets = {key_of((a, b)) for a, b, _ in after}
    for k, x in enumerate(alone):
        for y in alone[k + 1:]:
            cx, cy = normalise_company(everyone[x].company), normalise_company(everyone[y].company)
            colleagues = bool(cx) and cx == cy and not allow_colleagues
            assert colleagues or key_of((x, y)) in bans or key_of((x, y)) in meets, (x, y)


@pytest.mark.parametrize("seed", range(6))
def test_repair_rules_hold_on_random_days(seed):
    people, pairs, present, extra, forbidden = _day(40, seed)
    rnd = 1 + seed % 3
    fix = repair_round(pairs, rnd, people, present, walk_ins=extra, forbidden=forbidden, seed=seed)
    assert fix.dissolved and fix.created
    _check_rules(people, pairs, present, extra, forbidden, rnd, fix)


@pytest.mark.parametrize("seed", range(2))
def test_repair_rules_hold_on_groups_too_large_for_the_exact_matching(seed):
    people, pairs, present, extra, forbidden = _day(400, seed, absent_share=0.4, walk_ins=30)
    fix = repair_round(pairs, 2, people, present, walk_ins=extra, forbidden=forbidden, seed=seed)
    assert len(fix.created) * 2 > EXACT_LIMIT
    _check_rules(people, pairs, present, extra, forbidden, 2, fix)


def test_allowing_colleagues_lets_them_meet_when_nobody_else_is_free():
    people = [Attendee("a@x.org", "A", company="Nova", offers="sales"),
              Attendee("b@x.org", "B", company="Nova SAS", offers="hiring"),
              Attendee("c@x.org", "C", company="Other"), Attendee("d@x.org", "D", company="Else")]
    pairs = [("a@x.org", "c@x.org", 1), ("b@x.org", "d@x.org", 1)]
    present = {"a@x.org", "b@x.org"}
    assert repair_round(pairs, 1, people, present).created == []
    assert [u.code for u in repair_round(pairs, 1, people, present).unpaired] == ["no_allowed_partner"] * 2
    made = repair_round(pairs, 1, people, present, allow_colleagues=True).created
    assert [(c.a, c.b, c.round) for c in made] == [("a@x.org", "b@x.org", 1)]


def test_rerunning_with_nothing_new_changes_nothing_and_is_deterministic():
    people, pairs, present, extra, forbidden = _day(60, 7)
    fix = repair_round(pairs, 2, people, present, walk_ins=extra, forbidden=forbidden, seed=3)
    again = repair_round(pairs, 2, people, present, walk_ins=extra, forbidden=forbidden, seed=3)
    assert again.to_dict() == fix.to_dict()
    rerun = repair_round(fix.apply(pairs), 2, people + extra, present, walk_ins=extra, forbidden=forbidden, seed=3)
    assert not rerun.changed and rerun.unpaired == fix.unpaired
    assert rerun.apply(fix.apply(pairs)) == fix.apply(pairs)


def test_the_free_people_are_paired_by_value():
    # Four people lose their partner; the ones who can help each other both ways meet.
    people = [Attendee("a@x.org", "A", offers="fundraising", needs="recruiting engineers"),
              Attendee("b@x.org", "B", offers="GDPR compliance", needs="export to Germany"),
              Attendee("c@x.org", "C", offers="recruiting engineers", needs="fundraising"),
              Attendee("d@x.org", "D", offers="export to Germany", needs="GDPR compliance")]
    people += [Attendee(f"gone{k}@x.org", f"G{k}") for k in range(4)]
    pairs = [(p.email, f"gone{k}@x.org", 1) for k, p in enumerate(people[:4])]
    fix = repair_round(pairs, 1, people, {p.email for p in people[:4]})
    assert len(fix.dissolved) == 4 and fix.unpaired == []
    assert {(c.a, c.b) for c in fix.created} == {("a@x.org", "c@x.org"), ("b@x.org", "d@x.org")}


def test_a_walk_in_fills_a_lost_slot_and_the_api_shape_holds():
    people = [Attendee(f"{x}@x.org", x.upper(), offers="sales", needs="hiring") for x in "abcd"]
    pairs = [{"a": "a@x.org", "b": "b@x.org", "round": 1}, {"a": "c@x.org", "b": "d@x.org", "round": 1}]
    walk_in = Attendee("E@X.org", "E", offers="hiring", needs="sales")
    fix = repair_round(pairs, 1, people, {"a@x.org", "c@x.org", "d@x.org"}, walk_ins=[walk_in])
    shape = fix.to_dict()
    assert shape["dissolved"] == [{"a": "a@x.org", "b": "b@x.org"}]
    assert [(c["a"], c["b"], c["round"]) for c in shape["created"]] == [("a@x.org", "e@x.org", 1)]
    assert shape["unpaired"] == []


def test_someone_alone_is_told_why():
    people = [Attendee(f"{x}@x.org", x.upper()) for x in "abc"]
    fix = repair_round([("a@x.org", "b@x.org", 1)], 1, people, {"a@x.org"})
    assert [(u.email, u.code) for u in fix.unpaired] == [("a@x.org", "alone")]
    assert "round 1" in fix.unpaired[0].reason


def test_unknown_people_are_refused():
    people = [Attendee("a@x.org", "A"), Attendee("b@x.org", "B")]
    with pytest.raises(MatchingError, match="nobody@x.org"):
        repair_round([("a@x.org", "b@x.org", 1)], 1, people, {"a@x.org", "nobody@x.org"})
    with pytest.raises(MatchingError, match="ghost@x.org"):
        repair_round([("a@x.org", "ghost@x.org", 1)], 1, people, {"a@x.org"})


def test_created_pairs_come_explained_in_the_engine_shape_and_each_readers_language():
    from matchmaker.dayof import pair_records
    from matchmaker.explain import explain_pair

    people = [Attendee("a@x.org", "Ana", offers="levée de fonds", needs="recrutement de développeurs"),
              Attendee("b@x.org", "Ben", offers="recruiting engineers", needs="fundraising"),
              Attendee("c@x.org", "Cy"), Attendee("d@x.org", "Di")]
    pairs = [("a@x.org", "c@x.org", 1), ("b@x.org", "d@x.org", 1)]
    fix = repair_round(pairs, 1, people, {"a@x.org", "b@x.org"})
    [record] = pair_records(fix.created, people, language="en")
    expected = explain_pair(people[0], people[1], language_a="fr", language_b="en")
    assert record["questions_for_a"] == expected.questions_for_a
    assert record["questions_for_b"] == expected.questions_for_b
    assert record["questions_for_a"] != explain_pair(people[0], people[1], language_a="en").questions_for_a
    assert set(record) >= {"a", "b", "round", "score", "weak", "a_helps_b", "b_helps_a", "shared"}
    assert record["round"] == 1 and record["weak"] is False and record["score"] > 0
