"""match_event: the JSON contract, rules by e-mail, determinism."""

import json

import pytest

from matchmaker import Attendee
from matchmaker.errors import MatchingError
from matchmaker.pipeline import match_event
from matchmaker.reader import RejectedRow
from matchmaker.reasons import CODES, Reason, english
from matchmaker.synthetic import generate_event

PAIR_KEYS = {"a", "b", "round", "score", "a_helps_b", "b_helps_a", "shared", "questions_for_a",
             "questions_for_b"}


@pytest.fixture(scope="module")
def event():
    return generate_event(40, seed=2)


@pytest.fixture(scope="module")
def result(event):
    return match_event(event.attendees, rejected_rows=[RejectedRow.of(7, Reason("no_email"))])


def test_contract_shape_and_types(result, event):
    assert list(result)[:5] == ["attendees", "pairs", "unmatched", "rejected_rows", "stats"]
    assert [a["email"] for a in result["attendees"]] == [a.email for a in event.attendees]
    for person in result["attendees"]:
        assert set(person) >= {"email", "name", "partners"}
        assert all(isinstance(p, str) for p in person["partners"])
    for pair in result["pairs"]:
        assert set(pair) >= PAIR_KEYS
        assert isinstance(pair["round"], int) and isinstance(pair["score"], float)
        assert all(isinstance(pair[k], str) for k in ("a", "b", "a_helps_b", "b_helps_a"))
        assert all(isinstance(pair[k], list) for k in ("shared", "questions_for_a", "questions_for_b"))
    assert result["rejected_rows"] == [{"line": 7, "reason": "no e-mail address", "code": "no_email", "params": {}}]
    stats = result["stats"]
    assert {"attendees", "pairs", "rounds", "seconds"} <= set(stats)
    assert stats["attendees"] == 40 and stats["pairs"] == len(result["pairs"]) == 60
    assert stats["seconds"] == 0.0
    json.dumps(result)


def test_everybody_three_mutual_partners_ordered_by_round(result):
    rounds = {}
    for pair in result["pairs"]:
        rounds[(pair["a"], pair["b"])] = rounds[(pair["b"], pair["a"])] = pair["round"]
    partners = {a["email"]: a["partners"] for a in result["attendees"]}
    for email, mine in partners.items():
        assert len(mine) == 3 and len(set(mine)) == 3 and email not in mine
        assert all(email in partners[other] for other in mine)
        assert [rounds[(email, o)] for o in mine] == sorted(rounds[(email, o)] for o in mine)
    order = [(p["round"], p["a"], p["b"]) for p in result["pairs"]]
    assert [p["round"] for p in result["pairs"]] == sorted(p["round"] for p in result["pairs"])
    assert len(order) == len(set(order))


def test_colleagues_not_paired_unless_allowed(event, result):
    colleagues = {tuple(p) for p in event.truth["colleagues"]}
    chosen = {tuple(sorted((p["a"], p["b"]))) for p in result["pairs"]}
    assert colleagues and not colleagues & chosen


def test_byte_identical_for_same_seed(event):
    first = json.dumps(match_event(event.attendees, seed=5), ensure_ascii=False)
    assert first == json.dumps(match_event(event.attendees, seed=5), ensure_ascii=False)


def test_pins_and_forbidden_by_email(event, result):
    emails = [a.email for a in event.attendees]
    chosen = [(p["a"], p["b"]) for p in result["pairs"]]
    banned = chosen[0]
    pin = next((a, b) for a in emails for b in emails
               if a < b and (a, b) not in chosen and (b, a) not in chosen)
    again = match_event(event.attendees, pinned=[pin], forbidden=[banned])
    pairs = {frozenset((p["a"], p["b"])) for p in again["pairs"]}
    assert frozenset(pin) in pairs and frozenset(banned) not in pairs


def test_unknown_email_is_named():
    people = [Attendee(email=f"p{k}@x.org", name=f"P{k}") for k in range(4)]
    with pytest.raises(MatchingError, match="ghost@x.org"):
        match_event(people, forbidden=[("p0@x.org", "ghost@x.org")])
    with pytest.raises(MatchingError, match="twice"):
        match_event(people + [people[0]])


@pytest.mark.parametrize("n", [0, 1, 2, 3, 5])
def test_small_and_odd_events_explain_who_gets_fewer(n):
    people = [Attendee(email=f"p{k}@x.org", name=f"P{k}", offers="hiring", needs="sales")
              for k in range(n)]
    result = match_event(people)
    short = {u["email"] for u in result["unmatched"]}
    assert short == {a["email"] for a in result["attendees"] if len(a["partners"]) < 3}
    assert all(u["reason"] and u["code"] in CODES for u in result["unmatched"])
    assert all(english(u["code"], u["params"]) == u["reason"] for u in result["unmatched"])
    json.dumps(result)  # codes and parameters are JSON-ready
    if n == 5:
        assert len(short) == 1 and "odd number" in result["unmatched"][0]["reason"]
        assert result["unmatched"][0]["code"] == "odd_count" and result["unmatched"][0]["params"] == {"partners": 2}
        assert result["stats"]["rounds"] == 4 and "odd number" in result["stats"]["rounds_note"]
        assert result["stats"]["rounds_note_code"] == "extra_round_odd"
    if n == 2:
        assert {u["code"] for u in result["unmatched"]} == {"too_few_attendees"}
        assert result["unmatched"][0]["reason"] == "only 2 attendees: at most 1 partner each"


def test_empty_texts_and_one_company():
    people = [Attendee(email=f"p{k}@x.org", name=f"P{k}", company="Acme") for k in range(6)]
    result = match_event(people)
    assert result["pairs"] == [] and len(result["unmatched"]) == 6
    allowed = match_event(people, allow_colleagues=True)
    assert allowed["unmatched"] == [] and allowed["stats"]["pairs"] == 9


def test_language_of_explanations(event):
    french = [a for a in event.attendees if a.language == "fr"]
    english = [a for a in event.attendees if a.language == "en"]
    assert french and english
    result = match_event(event.attendees, language="fr")
    assert result["stats"]["two_way_share"] >= 0


def test_progress_is_reported_in_order(event):
    seen = []
    match_event(event.attendees[:12], progress=lambda f, m: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert all(0.0 <= f <= 1.0 for f in seen)
