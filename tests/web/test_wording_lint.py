"""Every page and e-mail a person reads, in English and in French, through the grammar lint (issue 9).

The lint (:mod:`matchmaker.lint`) flags what a careful reader corrects at once: "de" / "le" / "que"
before a vowel, a « left alone or without its no-break space, a space before ; : ! ? in French,
lazy plurals such as "(s)", internal names such as ``first_name``, template slots left unfilled,
and sentences of one language that slip into the other outside quotation marks. The pages are
rendered with profile data that is itself clean, so that what the lint finds is our wording.
The organizer's whole walk with a real mixed French/English file (upload, matching, publishing, day-of
pages, change review, profile phase, attendee pages) is in ``test_wording_walk.py``.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from matchmaker.lint import lint, text_of_html
from tests.builders import LINKED_PEOPLE, circle_event, linked_event
from tests.helpers import create_organizer, csrf_token, post_file, same_origin, sign_in
from web.extensions import db
from web.mail.render import compose
from web.models import Attendee, Event, Match, PairNote

LANGUAGES = ("en", "fr")
# The meeting-point setting names its own slots on purpose ("Table {table}").
_SLOTS = {"{table}", "{round}"}


def reads_well(text: str, language: str, where: str) -> None:
    problems = [p for p in lint(text, language) if not (p.rule == "placeholder" and p.excerpt in _SLOTS)]
    assert not problems, f"{where} ({language}): " + "; ".join(map(str, problems))


def page_reads_well(html: str, language: str, where: str) -> None:
    assert f'<html lang="{language}">' in html, where
    # Code samples ("Authorization: Bearer ...") are in no language; a previewed e-mail is in its
    # recipient's language (linted as such below).
    html = re.sub(r"<code>.*?</code>|<pre class=\"mail-text\".*?</pre>", " ", html, flags=re.S)
    # What people wrote themselves is marked with its language: not the page's wording.
    html = re.sub(r'<(\w+)[^>]*\blang="(?!' + language + r')\w+"[^>]*>.*?</\1>', " ", html, flags=re.S)
    reads_well(text_of_html(html), language, where)


def _choose(client, language: str, page: str = "/signin") -> None:
    """The organizer's FR | EN switch, as posted from ``page``."""
    client.post("/language", data={"language": language, "csrf_token": csrf_token(client, page)})


# -- the attendee page ------------------------------------------------------------------------------
PEOPLE = [dict(p, linkedin="https://www.linkedin.com/in/x" + str(k)) for k, p in enumerate(LINKED_PEOPLE)]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("when", ["before", "after"])
def test_attendee_page_reads_well(app, client, language, when):
    starts = dt.datetime(2099, 5, 1, 18, 0) if when == "before" else dt.datetime(2026, 10, 25, 18, 0)
    with app.app_context():
        tokens = linked_event(people=PEOPLE, starts_at=starts, edit_until=dt.datetime(2099, 1, 1))
        viewer = db.session.scalar(select(Attendee).where(Attendee.email == "cleo@example.org"))
        viewer.language = language
        if when == "after":
            for k, match in enumerate(db.session.scalars(select(Match).where(
                    (Match.a_id == viewer.id) | (Match.b_id == viewer.id)))):
                db.session.add(PairNote(match_id=match.id, attendee_id=viewer.id, met=True, rating=5 - k,
                                        topic=("sa levée seed" if language == "fr" else "their seed round"),
                                        detail=("passionnée d'échecs" if language == "fr" else "plays chess")))
        db.session.commit()
    html = client.get(f"/m/{tokens['cleo@example.org']}").get_data(as_text=True)
    page_reads_well(html, language, f"attendee page {when} the event")
    if when == "after":
        assert 'class="draft-text"' in html and html.count("<ol>") >= 1  # drafts, and voice-note points
        assert ("passionnée d'échecs" if language == "fr" else "plays chess") not in "".join(
            re.findall(r'<textarea[^>]*class="draft-text"[^>]*>([^<]*)</textarea>', html))


def test_attendee_language_switch_changes_every_sentence(app, client):
    with app.app_context():
        token = linked_event(people=PEOPLE)["ana@example.org"]
    english = client.get(f"/m/{token}").get_data(as_text=True)
    assert "Questions to start with:" in english and "What would help you most with Python?" in english
    client.post(f"/m/{token}/language", data={"language": "fr", "csrf_token": csrf_token(client, f"/m/{token}")})
    french = client.get(f"/m/{token}").get_data(as_text=True)
    assert '<html lang="fr">' in french and "La page est désormais en français." in french
    # The questions follow the viewer's language now, not the language of the matching.
    assert "Questions pour commencer\u00a0:" in french and "Questions to start with" not in french
    assert "Qu'est-ce qui vous aiderait le plus en matière de Python\u202f?" in text_of_html(french)
    page_reads_well(french, "fr", "attendee page after the switch")


def test_draft_is_in_the_partners_language_and_switchable(app, client):
    with app.app_context():
        token = linked_event(people=PEOPLE)["ana@example.org"]  # Ana reads English; Ben reads French
    html = client.get(f"/m/{token}").get_data(as_text=True)
    drafts = re.findall(r'<textarea[^>]*lang="(\w+)">([^<]*)</textarea>', html)
    assert ("fr", "Bonjour Ben") in [(lang, text[:11]) for lang, text in drafts]
    switched = client.get(f"/m/{token}?draft=en").get_data(as_text=True)
    assert all(lang == "en" and text.startswith("Hi ") for lang, text in
               re.findall(r'<textarea[^>]*lang="(\w+)">([^<]*)</textarea>', switched))
    assert all(len(text) <= 300 for _, text in drafts)


# -- the organizer's pages --------------------------------------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
def test_sign_in_and_sign_up_read_well(client, language):
    _choose(client, language)
    for url in ("/signin", "/signup"):
        page_reads_well(client.get(url).get_data(as_text=True), language, url)
    # Form errors speak the page's language ("Ce champ est requis." never under "Event name").
    html = client.post("/signup", data={"csrf_token": csrf_token(client, "/signup")}).get_data(as_text=True)
    page_reads_well(html, language, "sign-up errors")
    assert ("Ce champ est requis." in html) == (language == "fr")


UPLOAD = ("Prénom;Nom;E-mail;Entreprise;Je peux aider sur;Je cherche\r\n"
          "Zoé;Martin;zoe@example.org;Acme;recrutement;financement\r\n"
          "Hugo;Petit;not-an-address;Globex;export;design\r\n").encode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_organizer_pages_read_well(app, client, language):
    same_origin(client)
    organizer = create_organizer(app)
    event_id = circle_event(app, organizer, meeting_point="Hall B", timezone="Europe/Paris")
    sign_in(client)
    _choose(client, language, "/")
    confirm = client.get(f"/events/{event_id}/publish").get_data(as_text=True)
    page_reads_well(confirm, language, "publish confirmation")
    published = client.post(f"/events/{event_id}/publish", data={"csrf_token": csrf_token(client, f"/events/{event_id}"),
                                                                 "confirm": "yes"},
                            follow_redirects=True).get_data(as_text=True)
    # The flash after publishing, in the page's language, with a real plural.
    assert ("6 nouvelles invitations en file" if language == "fr" else "6 new invitations queued") in published
    page_reads_well(published, language, "event page after publishing")
    with app.app_context():
        attendee_id = db.session.scalar(select(Attendee.id).where(Attendee.event_id == event_id))
    for url in ("/", f"/events/{event_id}", f"/events/{event_id}/edit", "/events/new", f"/events/{event_id}/attendees",
                f"/events/{event_id}/upload", f"/events/{event_id}/rules", f"/events/{event_id}/mail", "/tokens",
                f"/events/{event_id}/attendees/{attendee_id}/link", f"/events/{event_id}/publish",
                f"/events/{event_id}/mail/preview?attendee={attendee_id}&kind=invitation"):
        response = client.get(url)
        assert response.status_code == 200, url
        page_reads_well(response.get_data(as_text=True), language, url)
    preview = post_file(client, event_id, UPLOAD).get_data(as_text=True)
    page_reads_well(preview, language, "upload preview")
    shown = text_of_html(preview)
    assert "first_name" not in shown and ("Prénom" if language == "fr" else "First name") in shown
    html = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert "UTC" not in text_of_html(html)  # times in the event's zone


def test_event_form_errors_follow_the_page_language(app, client):
    same_origin(client)
    create_organizer(app)
    sign_in(client)
    _choose(client, "en", "/")
    html = client.post("/events/new", data={"csrf_token": csrf_token(client, "/events/new")}).get_data(as_text=True)
    assert "This field is required." in html and "Ce champ est requis." not in html
    _choose(client, "fr", "/")
    html = client.post("/events/new", data={"csrf_token": csrf_token(client, "/events/new")}).get_data(as_text=True)
    assert "Nom de l'événement" in html and "Ce champ est requis." in html


# -- every e-mail --------------------------------------------------------------------------------------
def _mails(app, language: str, kinds=("invitation", "nudge", "nudge_bundle", "reminder")):
    from tests.builders import mail_event

    event_id = mail_event(app, 4, languages=(language,), publish=False)
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.published_at = dt.datetime(2026, 6, 1)
        recipient = db.session.scalar(select(Attendee).where(Attendee.email == "p0@example.org"))
        match = db.session.scalar(select(Match).where((Match.a_id == recipient.id) | (Match.b_id == recipient.id)))
        db.session.add(PairNote(match_id=match.id, attendee_id=recipient.id, met=True, rating=5,
                                topic="la levée seed" if language == "fr" else "the seed round",
                                detail="passionnée d'échecs" if language == "fr" else "plays chess"))
        db.session.commit()
        with app.test_request_context():
            return [(kind, compose(kind, event, recipient, match, now=dt.datetime(2026, 6, 12, 7, 0)))
                    for kind in kinds]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_email_reads_well(app, language):
    for kind, msg in _mails(app, language):
        text = msg.get_body(("plain",)).get_content()
        html = msg.get_body(("html",)).get_content()
        reads_well(str(msg["Subject"]), language, f"{kind} subject")
        reads_well(text.replace("\r\n", "\n"), language, f"{kind} text")
        reads_well(text_of_html(html), language, f"{kind} html")
        assert "nudge_bundle" not in text and "a_helps_b" not in text


GOLDEN = {
    "en": {"invitation": ("Your conversations — Tech & Co <Meetup>",
                          "Here are your conversations at Tech & Co <Meetup>, with what each one can bring you."),
           "nudge": ("Follow up with Person 1 — Tech & Co <Meetup>",
                     "You met Person 1 at Tech & Co <Meetup>. A short message today keeps the conversation going."),
           "nudge_bundle": ("Follow up after your 3 conversations — Tech & Co <Meetup>",
                            "Thank you for taking part in Tech & Co <Meetup>. A short message today keeps each "
                            "conversation going."),
           "reminder": ("Reminder: follow up with Person 1, Person 2 and Person 3 — Tech & Co <Meetup>",
                        "Two days after Tech & Co <Meetup>, these follow-ups are still open. Each message is ready "
                        "below; one click marks a follow-up as done.")},
    "fr": {"invitation": ("Vos conversations — Tech & Co <Meetup>",
                          "Voici vos conversations lors de l'événement «\u00a0Tech & Co <Meetup>\u00a0», avec ce que "
                          "chacune peut vous apporter."),
           "nudge": ("Gardez le contact avec Person 1 — Tech & Co <Meetup>",
                     "Vous avez rencontré Person 1 lors de l'événement «\u00a0Tech & Co <Meetup>\u00a0». Un court "
                     "message aujourd'hui fait vivre la conversation."),
           "nudge_bundle": ("Gardez le contact après vos 3 conversations — Tech & Co <Meetup>",
                            "Merci d'avoir participé à l'événement «\u00a0Tech & Co <Meetup>\u00a0». Un court "
                            "message aujourd'hui fait vivre chaque conversation."),
           "reminder": ("Rappel\u00a0: gardez le contact avec Person 1, Person 2 et Person 3 — Tech & Co <Meetup>",
                        "Deux jours après l'événement «\u00a0Tech & Co <Meetup>\u00a0», ces suivis restent à faire. "
                        "Chaque message est prêt ci-dessous\u202f; un clic suffit pour noter un suivi comme fait.")},
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_golden_subjects_and_first_lines(app, language):
    for kind, msg in _mails(app, language):
        subject, first = GOLDEN[language][kind]
        text = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")
        assert str(msg["Subject"]) == subject
        assert text.split("\n\n")[0] == ("Bonjour Person 0," if language == "fr" else "Hello Person 0,")
        assert text.split("\n\n")[1] == first, text.split("\n\n")[1]


def test_invitation_states_each_match_by_its_real_strength(app):
    ((_, msg),) = _mails(app, "en", kinds=("invitation",))
    text = msg.get_body(("plain",)).get_content()
    assert "Each person was chosen because you can help each other" not in text
    # mail_event's pairs give both ways: each line says so, and no more.
    assert text.count("You can help each other.") == 3
    with app.app_context():  # a match with no evidence at all is announced as what it is
        recipient = db.session.scalar(select(Attendee).where(Attendee.email == "p0@example.org"))
        weak = db.session.scalar(select(Match).where((Match.a_id == recipient.id) | (Match.b_id == recipient.id)))
        weak.a_gives, weak.b_gives, weak.shared = [], [], []
        db.session.commit()
        with app.test_request_context():
            text = compose("invitation", weak.event, recipient, now=dt.datetime(2026, 6, 1)).get_body(
                ("plain",)).get_content()
    assert text.count("You can help each other.") == 2 and text.count("A first conversation to explore.") == 1
