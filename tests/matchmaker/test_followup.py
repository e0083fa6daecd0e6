"""LinkedIn connection requests: personal, in the right language, never over 300 characters."""

from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.followup import LINKEDIN_LIMIT, linkedin_message
from matchmaker.profiles import Attendee

tom = Attendee("tom@x.org", "Tom Smith")
zoe = Attendee("zoe@x.org", "Zoé Martin", role="CTO", company="Acme", interests="climate")


def test_english_message_names_partner_event_topic_and_detail():
    text = linkedin_message(tom, zoe, topic="fundraising", detail="good luck with the seed round",
                            event_name="Paris Tech Day")
    assert text.startswith("Hi Zoé,")
    assert "Paris Tech Day" in text and "fundraising" in text
    assert "Good luck with the seed round." in text
    assert text.endswith("Tom")


def test_french_message():
    text = linkedin_message(zoe, tom, topic="le recrutement", language="fr", event_name="VivaTech")
    assert text.startswith("Bonjour Tom,")
    assert "VivaTech" in text and "le recrutement" in text and "rester en contact" in text


def test_reasons_used_when_no_topic_and_profile_when_nothing_given():
    text = linkedin_message(tom, zoe, reasons="We both work on climate tech.", event_name="E")
    assert "We both work on climate tech." in text
    listed = linkedin_message(tom, zoe, reasons="GDPR, pricing", event_name="E")
    assert "about GDPR, pricing at E." in listed
    bare = linkedin_message(tom, zoe, event_name="E")
    assert "CTO at Acme" in bare
    empty = linkedin_message(Attendee("a@x.org", ""), Attendee("b@x.org", ""), language="fr")
    assert empty.startswith("Bonjour,") and "l'événement" in empty


def test_long_inputs_are_cut_on_a_word_with_an_ellipsis():
    text = linkedin_message(tom, zoe, topic="pricing " * 30, detail="a very long note " * 40, event_name="E")
    assert len(text) <= LINKEDIN_LIMIT
    assert "…" in text and "pric…" not in text
    assert text.startswith("Hi Zoé,") and text.endswith("Tom")


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
