"""Wishes: mutual wishes kept when the rules allow, "avoid" never paired, at most three each."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker import Attendee, match_event, read_attendees
from matchmaker.profiles import normalise_company
from matchmaker.synthetic import generate_event
from matchmaker.wishes import AVOID, MAX_WISHES, MEET, plan_wishes

SETTINGS = settings(max_examples=15, deadline=None)


@st.composite
def wished_events(draw):
    n = draw(st.integers(4, 24))
    event = generate_event(n, seed=draw(st.integers(0, 10_000)), colleague_share=0.2)
    emails = [a.email for a in event.attendees]
    person = st.integers(0, n - 1)
    raw = draw(st.lists(st.tuples(person, person, st.sampled_from([MEET, MEET, MEET, AVOID])), max_size=3 * n))
    mutual = draw(st.lists(st.tuples(person, person), max_size=n // 2))
    wishes = [(emails[a], emails[b], kind) for a, b, kind in raw]
    wishes += [w for a, b in mutual for w in ((emails[a], emails[b], MEET), (emails[b], emails[a], MEET))]
    return event.attendees, wishes, draw(st.booleans())


def _chosen(result):
    return {tuple(sorted((p["a"], p["b"]))) for p in result["pairs"]}


def _counted(wishes, kind):
    """The wishes that count: the first MAX_WISHES of each kind per wisher, oneself excluded."""
    seen, kept = Counter(), []
    for a, b, k in wishes:
        if k == kind and a != b and (a, b) not in kept:
            if seen[a] < MAX_WISHES:
                kept.append((a, b))
            seen[a] += 1
    return kept


@SETTINGS
@given(wished_events())
def test_avoid_is_never_paired(case):
    attendees, wishes, colleagues = case
    result = match_event(attendees, wishes=wishes, allow_colleagues=colleagues)
    chosen = _chosen(result)
    for a, b in _counted(wishes, AVOID):
        assert tuple(sorted((a, b))) not in chosen


@SETTINGS
@given(wished_events())
def test_mutual_wishes_are_kept_when_the_rules_allow(case):
    attendees, wishes, colleagues = case
    result = match_event(attendees, wishes=wishes, allow_colleagues=colleagues)
    chosen = _chosen(result)
    company = {a.email: normalise_company(a.company) for a in attendees}
    meet = set(_counted(wishes, MEET))
    avoided = {tuple(sorted(p)) for p in _counted(wishes, AVOID)}
    mutual = sorted({tuple(sorted(p)) for p in meet if (p[1], p[0]) in meet} - avoided)
    feasible = [p for p in mutual if colleagues or not (company[p[0]] and company[p[0]] == company[p[1]])]
    load = Counter(v for p in feasible for v in p)
    for a, b in feasible:
        if load[a] <= 3 and load[b] <= 3:  # nobody has more mutual wishes than partners
            assert (a, b) in chosen
    stats = result["stats"].get("wishes", {"mutual_honoured": 0, "mutual": 0, "honoured": 0, "asked": 0})
    assert stats["mutual_honoured"] <= stats["mutual"] and stats["honoured"] <= stats["asked"]
    assert all(len(a["partners"]) <= 3 for a in result["attendees"])


@SETTINGS
@given(wished_events())
def test_at_most_three_wishes_of_each_kind_count(case):
    attendees, wishes, _ = case
    plan = plan_wishes(attendees, wishes)
    per_wisher = Counter(a for a, _ in plan.asked)
    assert all(count <= MAX_WISHES for count in per_wisher.values())
    index = {a.email: k for k, a in enumerate(attendees)}
    assert plan.asked == {(index[a], index[b]) for a, b in _counted(wishes, MEET)
                          if tuple(sorted((index[a], index[b]))) not in set(plan.forbidden)}


def _people(n):
    return [Attendee(f"p{k}@x.org", f"P{k}", company=f"C{k}", offers=f"topic{k}", needs=f"topic{(k + 1) % n}")
            for k in range(n)]


def test_the_fourth_wish_is_dropped():
    people = _people(8)
    wishes = [("p0@x.org", f"p{k}@x.org") for k in range(1, 6)]
    plan = plan_wishes(people, wishes)
    assert plan.asked == {(0, 1), (0, 2), (0, 3)} and plan.dropped == 2


def test_a_one_way_wish_turns_the_matching():
    # Profiles that give nothing to each other: every pair is worth the same, so the wish decides.
    people = [Attendee(f"p{k}@x.org", f"P{k}", company=f"C{k}") for k in range(10)]
    before = match_event(people)
    partners = next(a["partners"] for a in before["attendees"] if a["email"] == "p0@x.org")
    other = next(f"p{k}@x.org" for k in range(9, 0, -1) if f"p{k}@x.org" not in partners)
    wish = ("p0@x.org", other)
    result = match_event(people, wishes=[wish])
    assert tuple(sorted(wish)) in _chosen(result)
    pair = next(p for p in result["pairs"] if {p["a"], p["b"]} == set(wish))
    assert pair["a_asked"] != pair["b_asked"] and (pair["a_asked"] if pair["a"] == "p0@x.org" else pair["b_asked"])
    assert result["stats"]["wishes"]["honoured"] == 1


def test_a_wish_never_overrides_the_colleague_rule():
    people = _people(8)
    people[1] = Attendee("p1@x.org", "P1", company="C0", offers="x", needs="y")
    result = match_event(people, wishes=[("p0@x.org", "p1@x.org"), ("p1@x.org", "p0@x.org")])
    assert ("p0@x.org", "p1@x.org") not in _chosen(result)


def test_without_wishes_the_output_is_unchanged():
    result = match_event(_people(6))
    assert "wishes" not in result["stats"] and "a_asked" not in result["pairs"][0]


def test_unknown_people_and_oneself_are_dropped_not_fatal():
    result = match_event(_people(6), wishes=[("p0@x.org", "nobody@x.org"), ("p1@x.org", "p1@x.org")])
    assert result["stats"]["wishes"]["dropped"] == 2 and result["stats"]["wishes"]["asked"] == 0


def test_the_file_column_carries_wishes_in_french():
    data = (b"E-mail;Nom complet;Souhaite rencontrer\n"
            b"a@x.org;Anna;\"B@x.org ; c@x.org;pas une adresse\"\n"
            b"b@x.org;Bruno;a@x.org\n")
    report = read_attendees(data)
    assert report.attendees[0].wishes == ("b@x.org", "c@x.org")
    assert report.attendees[1].wishes == ("a@x.org",)
    assert report.columns["Souhaite rencontrer"] == "wishes"


def test_the_file_column_in_english_reaches_the_matching():
    rows = ["Email,Name,Company,Wants to meet"] + [f"p{k}@x.org,P{k},C{k}," for k in range(8)]
    rows[1] = "p0@x.org,P0,C0,p7@x.org;p6@x.org"
    rows[8] = "p7@x.org,P7,C7,p0@x.org"
    result = match_event(read_attendees("\n".join(rows).encode()).attendees)
    assert ("p0@x.org", "p7@x.org") in _chosen(result)
    assert result["stats"]["wishes"]["mutual_honoured"] == 1
