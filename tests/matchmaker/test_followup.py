"""Follow-up drafts: to the partner, in their language, never over 300 characters, never the private note."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.followup import LINKEDIN_LIMIT, Draft, draft_followup, linkedin_message
from matchmaker.profiles import Attendee
from matchmaker.typography import NBSP, NNBSP, plain

from .goldens import check, lint_all, phrases

tom = Attendee("tom@x.org", "Tom Smith")
zoe = Attendee("zoe@x.org", "Zoé Martin", role="CTO", company="Acme", interests="climate")


def test_english_message_names_partner_event_and_topic_but_never_the_private_detail():
    text = linkedin_message(tom, zoe, topic="fundraising", detail="good luck with the seed round",
                            event_name="Paris Tech Day")
    assert text.startswith("Hi Zoé,")
    assert "Paris Tech Day" in text and "fundraising" in text
    assert "seed round" not in text
    assert text.endswith("Tom")


def test_french_message_with_its_spacing():
    text = linkedin_message(zoe, tom, topic="le recrutement", language="fr", event_name="VivaTech")
    assert plain(text) == ("Bonjour Tom, merci pour notre échange sur le recrutement lors de l'événement "
                           "« VivaTech ». Au plaisir ! Zoé")
    assert f"«{NBSP}VivaTech{NBSP}»" in text and f"plaisir{NNBSP}!" in text


def test_reasons_used_when_no_topic_and_profile_when_nothing_given():
    listed = linkedin_message(tom, zoe, reasons="GDPR, pricing", event_name="E")
    assert "about GDPR and pricing at E." in listed
    bare = linkedin_message(tom, zoe, event_name="E")
    assert "your work as CTO at Acme" in bare
    empty = linkedin_message(Attendee("a@x.org", ""), Attendee("b@x.org", ""), language="fr")
    assert plain(empty) == "Bonjour, merci pour notre échange. Au plaisir !"


def test_long_inputs_are_cut_on_a_word_with_an_ellipsis():
    text = linkedin_message(tom, zoe, topic="pricing " * 30, detail="a very long note " * 40, event_name="E")
    assert len(text) <= LINKEDIN_LIMIT
    assert "…" in text and "pric…" not in text and "…." not in text
    assert text.startswith("Hi Zoé,") and text.endswith("Tom")


def test_draft_speaks_to_the_partner_in_the_second_person():
    draft = draft_followup("Tom", "Anna Roux", topic="sa levée seed", partner_needs=["recrutement"], days_since=1,
                           language="fr")
    assert plain(draft.text) == ("Bonjour Anna, merci pour notre échange d'hier sur votre levée seed. J'ai repensé "
                                 "à ce que vous cherchez en matière de recrutement. Au plaisir ! Tom")
    english = draft_followup("Tom", "Anna", topic="her seed round", language="en", days_since=0)
    assert "about your seed round today" in english.text and "her" not in english.text


@pytest.mark.parametrize("topic", ["elle cherche un CTO", "she is hiring", "je cherche un associé technique",
                                   "I design onboarding flows that cut SaaS churn"])
def test_a_topic_written_as_a_sentence_is_left_out_rather_than_pasted(topic):
    for language in ("fr", "en"):
        text = draft_followup("Tom", "Anna", topic=topic, language=language, days_since=1).text
        assert topic not in plain(text)
        assert not {"elle", "she", "il", "he"} & set(plain(text).lower().split())


def test_the_personal_detail_is_returned_apart_and_never_in_the_text():
    detail = "Elle est passionnée d'échecs, joue au club de la Croix-Rousse"
    draft = draft_followup("Tom", "Anna", topic="levée de fonds", detail=detail, language="fr")
    assert draft.to_mention == detail
    assert "échecs" not in draft.text and "Croix-Rousse" not in draft.text
    assert draft.talking_points == []


def test_a_good_rating_adds_three_talking_points_in_the_attendees_language():
    draft = draft_followup("Tom", "Anna", topic="levée de fonds", detail="joue aux échecs", rating=5,
                           partner_needs=["recrutement"], sender_gives=["recrutement de développeurs"],
                           language="fr", viewer_language="en")
    assert isinstance(draft, Draft) and draft.language == "fr"
    assert len(draft.talking_points) == 3
    assert draft.talking_points[0] == "Thank Anna and recall what you talked about: “levée de fonds”."
    assert "échecs" in draft.talking_points[1]
    assert all(p.endswith(".") for p in draft.talking_points)
    assert len(draft_followup("Tom", "Anna", rating=4).talking_points) == 3
    assert draft_followup("Tom", "Anna", rating=3).talking_points == []


def test_the_draft_follows_the_language_asked_not_the_topics():
    french = draft_followup("Tom", "Anna", topic="fundraising", language="fr", days_since=1)
    assert plain(french.text) == "Bonjour Anna, merci pour notre échange d'hier sur « fundraising ». Au plaisir ! Tom"
    english = draft_followup("Tom", "Anna", topic="levée de fonds", language="en", days_since=1)
    assert english.text == "Hi Anna, thanks for our conversation about “levée de fonds” yesterday. Let's stay in touch! Tom"


def test_empty_topic_falls_back_on_what_the_match_rests_on():
    draft = draft_followup("Tom", "Anna", partner_needs=["recruiting engineers"], sender_gives=["hiring"],
                           event_name="Paris Tech Day")
    assert draft.text == ("Hi Anna, thanks for our conversation at Paris Tech Day. I've been thinking about your "
                          "needs around recruiting engineers. I'd be glad to help with hiring. "
                          "Let's stay in touch! Tom")


def test_no_gendered_word_in_french_drafts():
    for kwargs in ({}, {"topic": "export"}, {"shared": ["voile"]}, {"partner_role": "CTO"}):
        text = plain(draft_followup("Tom", "Anna", language="fr", days_since=1, **kwargs).text).lower()
        assert not {"ravi", "ravie", "content", "contente", "heureux", "heureuse", "elle", "il"} & set(
            text.replace(",", " ").replace(".", " ").split())


PARTNERS = ("Anna Roux", "Élodie", "Hugo Petit", "")
EVENTS = {"en": "Paris Tech Day", "fr": "Rencontres Entrepreneurs Lyon 2026"}
DETAILS = ("Elle joue aux échecs au club de la Croix-Rousse", "just back from a trip to Dakar", "")


def _golden_lines() -> tuple[list[str], list[tuple[str, str]]]:
    lines, rendered = [], []
    items = phrases()
    for number, (shape, phrase) in enumerate(items):
        partner = PARTNERS[number % len(PARTNERS)]
        other = items[(number + 11) % len(items)][1]
        lines.append(f"## {shape}: {phrase!r} (partner {partner!r}, sender gives {other!r})")
        for language in ("en", "fr"):
            topic = draft_followup("Tom Smith", partner, topic=phrase, days_since=1, language=language)
            need = draft_followup("Tom Smith", partner, partner_needs=[phrase], sender_gives=[other],
                                  event_name=EVENTS[language], language=language)
            lines += [f"topic/{language}: {topic.text}", f"need/{language}: {need.text}"]
            rendered += [(language, topic.text), (language, need.text)]
            assert len(topic.text) <= LINKEDIN_LIMIT and len(need.text) <= LINKEDIN_LIMIT
        if number % 4 == 0:
            viewer = "fr" if number % 8 else "en"
            detail = DETAILS[number % len(DETAILS)]
            voiced = draft_followup("Tom Smith", partner, topic=phrase, detail=detail, rating=5,
                                    partner_needs=[phrase], sender_gives=[other], days_since=1,
                                    language="en" if viewer == "fr" else "fr", viewer_language=viewer)
            lines.append(f"voice/{voiced.language}: {voiced.text}")
            lines += [f"  point/{viewer}: {point}" for point in voiced.talking_points]
            lines.append(f"  to_mention: {voiced.to_mention}")
            rendered += [(voiced.language, voiced.text)] + [(viewer, p) for p in voiced.talking_points]
    return lines, rendered


def test_golden_drafts():
    lines, _ = _golden_lines()
    assert sum(1 for line in lines if line.startswith("## ")) >= 60
    check("drafts.txt", lines)


def test_golden_drafts_pass_the_grammar_lint():
    _, rendered = _golden_lines()
    assert lint_all(rendered) == []


texts = st.text(max_size=400)


@settings(max_examples=150, deadline=None)
@given(sender=texts, partner=texts, topic=texts, detail=texts, reasons=texts, event=texts,
       language=st.sampled_from(["en", "fr", "", "de"]))
def test_never_over_the_linkedin_limit(sender, partner, topic, detail, reasons, event, language):
    text = linkedin_message(Attendee("a@x.org", sender), Attendee("b@x.org", partner, role=reasons[:50]),
                            topic=topic, detail=detail, reasons=reasons, language=language, event_name=event)
    assert 0 < len(text) <= LINKEDIN_LIMIT
    assert text == linkedin_message(Attendee("a@x.org", sender), Attendee("b@x.org", partner, role=reasons[:50]),
                                    topic=topic, detail=detail, reasons=reasons, language=language,
                                    event_name=event)


@settings(max_examples=100, deadline=None)
@given(topic=texts, detail=texts, needs=st.lists(texts, max_size=4), gives=st.lists(texts, max_size=4),
       days=st.sampled_from([None, 0, 1, 5]), rating=st.sampled_from([None, 1, 4, 5]),
       language=st.sampled_from(["en", "fr"]))
def test_drafts_stay_short_and_keep_the_detail_apart(topic, detail, needs, gives, days, rating, language):
    draft = draft_followup("Tom", "Anna", topic=topic, detail=detail, partner_needs=needs, sender_gives=gives,
                           days_since=days, rating=rating, language=language)
    assert 0 < len(draft.text) <= LINKEDIN_LIMIT
    assert len(draft.talking_points) == (3 if rating and rating >= 4 else 0)
    words = [w for w in detail.split() if len(w) > 12]
    assert not any(w in draft.text for w in words if w not in topic and w not in " ".join(needs + gives))
