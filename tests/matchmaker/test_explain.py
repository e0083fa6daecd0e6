"""Pair explanations: help only from real overlaps, in the reader's language."""

import pytest

from matchmaker.explain import explain_pair
from matchmaker.profiles import Attendee
from matchmaker.typography import plain

OPEN_STARTS = ("What", "How", "Where", "You wrote", "Qu'est-ce", "Comment", "En quoi", "Sur quoi", "Sur quel", "Où",
               "Quelle", "Vous avez écrit")

zoe = Attendee("zoe@x.org", "Zoé Martin", offers="Levée de fonds ; mise en relation avec des investisseurs ; yoga",
               needs="recrutement", interests="Climat, IA, voile", language="fr")
tom = Attendee("tom@x.org", "Tom Smith", offers="I can help with recruiting engineers",
               needs="Looking for fundraising advice and introductions to investors", interests="AI, climate",
               language="en")
ana = Attendee("ana@x.org", "Ana Lopez", offers="pottery", needs="sailing lessons", interests="chess")


def test_help_quotes_only_the_overlapping_offers_in_the_readers_language():
    e = explain_pair(zoe, tom, language_a="fr", language_b="en")
    # The other language's words are quoted, never set in the sentence as if they were the reader's.
    assert e.a_helps_b == "Zoé can help you with “Levée de fonds” and “mise en relation avec des investisseurs”."
    assert "yoga" not in e.a_helps_b
    assert plain(e.b_helps_a) == "Tom peut vous aider en matière de « recruiting engineers »."


def test_one_way_help_leaves_the_other_side_empty():
    one_way = Attendee("b@x.org", "Bea", offers="", needs="GDPR compliance")
    helper = Attendee("h@x.org", "Hugo", offers="conformité RGPD", needs="pricing")
    e = explain_pair(helper, one_way, language_a="fr", language_b="en")
    assert e.a_helps_b == "Hugo can help you with “conformité RGPD”."
    assert e.b_helps_a == ""


def test_no_overlap_says_nothing_rather_than_inventing():
    e = explain_pair(zoe, ana)
    assert e.a_helps_b == "" and e.b_helps_a == ""
    assert e.shared == []


def test_shared_interests_in_the_wording_of_a():
    assert explain_pair(zoe, tom).shared == ["Climat", "IA"]
    assert explain_pair(tom, zoe).shared == ["AI", "climate"]


@pytest.mark.parametrize("a, b", [(zoe, tom), (tom, ana), (ana, Attendee("e@x.org", "")),
                                  (Attendee("r@x.org", "Rae", role="CFO"), Attendee("s@x.org", "Sam", company="Acme"))])
def test_two_or_three_open_questions_each_side_in_each_language(a, b):
    e = explain_pair(a, b, language_a="en", language_b="fr")
    for questions, mark in ((e.questions_for_a, "?"), (e.questions_for_b, "\u202f?")):
        assert 2 <= len(questions) <= 3
        assert len(set(questions)) == len(questions)
        assert all(q.startswith(OPEN_STARTS) and q.endswith(mark) for q in questions)


def test_questions_come_from_the_other_persons_needs_and_interests():
    e = explain_pair(zoe, tom, language_a="fr", language_b="en")
    assert "fundraising advice" in e.questions_for_a[0]
    assert e.questions_for_a[0].startswith("Qu'est-ce")
    assert any("recrutement" in q for q in e.questions_for_b)
    assert all(q.startswith(("What", "How")) for q in e.questions_for_b)


def test_deterministic():
    assert explain_pair(zoe, tom, language_a="fr") == explain_pair(zoe, tom, language_a="fr")


@pytest.mark.parametrize("hostile", [" " * 20000 + "x", "i" + " " * 20000 + "x", "help " * 5000 + "x",
                                     "la " * 5000, "we can" + "\t" * 9000 + "be" + " " * 9000 + "x"])
def test_hostile_texts_are_read_in_linear_time(hostile):
    # A quadratic regular expression would hang here for minutes.
    person = Attendee("h@x.org", "H", offers=hostile, needs=hostile, interests=hostile)
    e = explain_pair(person, person)
    assert len(e.questions_for_a) >= 2


def test_gives_lists_the_offer_phrases_each_side_brings():
    from matchmaker.explain import explain_pair
    from matchmaker.profiles import Attendee

    ana = Attendee("ana@x.org", "Ana", offers="pricing, GDPR audits", needs="recruiting")
    ben = Attendee("ben@x.org", "Ben", offers="hiring, recruiting", needs="help with GDPR")
    e = explain_pair(ana, ben)
    assert e.a_gives == ["GDPR audits"]
    assert "recruiting" in e.b_gives and "hiring" not in " ".join(e.a_gives)
    one_way = explain_pair(Attendee("c@x.org", "C", offers="pricing"), Attendee("d@x.org", "D", needs="pricing"))
    assert one_way.a_gives == ["pricing"] and one_way.b_gives == []
