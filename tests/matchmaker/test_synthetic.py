"""Synthetic events: deterministic, realistic, with the planted truth they claim."""


import pytest

from matchmaker.profiles import normalise_company
from matchmaker.synthetic import generate_event, to_csv
from matchmaker.text import phrases_match, split_phrases


def test_deterministic_per_seed_and_different_across_seeds():
    assert generate_event(200, seed=3) == generate_event(200, seed=3)
    assert generate_event(200, seed=3).attendees != generate_event(200, seed=4).attendees


def test_counts_shares_and_unique_emails():
    event = generate_event(2000, seed=1, french_share=0.4, sparse_share=0.5, colleague_share=0.1)
    people = event.attendees
    assert len(people) == 2000 and len({a.email for a in people}) == 2000
    french = sum(a.language == "fr" for a in people) / 2000
    sparse = sum(not a.has_exchange for a in people) / 2000
    assert 0.35 < french < 0.45 and 0.45 < sparse < 0.55
    assert len(event.truth["sparse"]) == sum(not a.has_exchange for a in people)
    assert all(a.linkedin.startswith("https://www.linkedin.com/in/") for a in people)
    assert all("innovation" in a.bio for a in people)


def test_planted_pairs_really_help_each_other_and_are_not_colleagues():
    event = generate_event(400, seed=2)
    by_email = {a.email: a for a in event.attendees}
    assert len(event.truth["good_pairs"]) > 50
    for first, second in event.truth["good_pairs"]:
        a, b = by_email[first], by_email[second]
        for giver, taker in ((a, b), (b, a)):
            assert any(phrases_match(o, n) for o in split_phrases(giver.offers) for n in split_phrases(taker.needs))
        assert normalise_company(a.company) != normalise_company(b.company)


def test_colleagues_share_a_company_written_differently():
    event = generate_event(1000, seed=5, colleague_share=0.2)
    by_email = {a.email: a for a in event.attendees}
    pairs = event.truth["colleagues"]
    assert len(pairs) > 100
    assert all(normalise_company(by_email[x].company) == normalise_company(by_email[y].company) for x, y in pairs)
    assert any(by_email[x].company != by_email[y].company for x, y in pairs)
    keys = [normalise_company(a.company) for a in event.attendees]
    assert len(set(keys)) > 700


def test_star_offers_every_need():
    event = generate_event(300, seed=0)
    star = next(a for a in event.attendees if a.email == event.truth["star"])
    offers = split_phrases(star.offers)
    needs = [n for a in event.attendees for n in split_phrases(a.needs)]
    assert needs and all(any(phrases_match(o, n) for o in offers) for n in needs)
    assert generate_event(30, star=False).truth["star"] is None


def test_edge_sizes():
    assert generate_event(0).attendees == []
    assert len(generate_event(1).attendees) == 1


def test_csv_headers_follow_the_separator():
    people = generate_event(3, seed=1).attendees
    assert to_csv(people).decode().startswith("E-mail;Nom complet;Entreprise")
    assert to_csv(people, separator=",").decode().startswith("Email,Name,Company")
    assert to_csv(people, encoding="utf-16").decode("utf-16").startswith("E-mail;")


@pytest.mark.parametrize("separator, encoding", [(";", "utf-8"), (",", "utf-8"), (";", "cp1252")])
def test_csv_round_trips_through_the_reader(separator, encoding):
    from matchmaker.reader import read_attendees

    people = generate_event(150, seed=7).attendees
    if encoding == "cp1252":  # Windows Excel cannot write the middle dot of inclusive French
        people = [p.__class__(**{**{f: getattr(p, f) for f in p.__slots__ if f != "extra"},
                                 "bio": p.bio.replace("·", "")}) for p in people]
    report = read_attendees(to_csv(people, separator=separator, encoding=encoding))
    assert report.rejected == [] and report.duplicates == []
    assert report.attendees == people
