"""The whole flow in French, in a real browser (issue 9): a French organizer, French and English attendees.

The organizer's browser asks for French: every page, button, flash and form error comes in
French, and every page passes the grammar lint (:mod:`matchmaker.lint`). A French attendee
reads French; an English attendee switches their page to English with the FR | EN switch and
then reads every sentence in English, the questions about their partners included. The e-mails
each of them receives speak their language.
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from matchmaker.lint import lint, text_of_html

from .conftest import PASSWORD, PHONE, attendee_link, french_attendee_file, screenshot

pytestmark = pytest.mark.e2e

EVENT_NAME = "Rencontres Entrepreneurs Lyon 2031"


def reads_well(page, language: str, where: str) -> None:
    html = re.sub(r"<code>.*?</code>|<textarea.*?</textarea>", " ", page.content(), flags=re.S)
    # What people wrote themselves is marked with its language: read in that language, not the page's.
    html = re.sub(r'<(\w+)[^>]*\blang="(?!' + language + r')\w+"[^>]*>.*?</\1>', " ", html, flags=re.S)
    problems = [str(p) for p in lint(text_of_html(html), language)
                if not (p.rule == "placeholder" and p.excerpt in ("{table}", "{round}"))]  # the setting's own slots
    assert not problems, f"{where}: {problems}"


def test_french_organizer_with_french_and_english_attendees(new_context, live_server):
    from playwright.sync_api import expect

    page = new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}).new_page()

    # Sign up in French (the browser asks for French).
    page.goto("/signup")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    reads_well(page, "fr", "inscription")
    page.get_by_label("Votre nom").fill("Camille")
    page.get_by_label("E-mail").fill("camille@exemple.fr")
    page.get_by_label(re.compile("^Mot de passe")).fill(PASSWORD)
    page.get_by_role("button", name="Créer le compte").click()
    # Sign-up never tells whether the address had an account: it always leads to the sign-in form.
    page.wait_for_url(re.compile(r"/signin$"))
    expect(page.get_by_role("status")).to_contain_text("connectez-vous")
    reads_well(page, "fr", "connexion")
    page.get_by_label("E-mail").fill("camille@exemple.fr")
    page.get_by_label(re.compile("^Mot de passe")).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", name="Vos événements")).to_be_visible()
    reads_well(page, "fr", "liste des événements")

    # A form error speaks French under its French label.
    page.goto("/events/new")
    page.get_by_role("button", name="Créer l'événement").click()
    expect(page.locator("main")).to_contain_text("Ce champ est requis.")
    reads_well(page, "fr", "formulaire d'événement avec erreurs")
    page.get_by_label("Nom de l'événement").fill(EVENT_NAME)
    page.get_by_label("Lieu").fill("La Sucrière")
    page.get_by_label("Date", exact=True).fill("2031-06-12")
    page.get_by_label("Heure de début (locale)").fill("19:00")
    page.get_by_label("Heure de fin (locale, facultative)").fill("21:30")
    page.get_by_label("Fuseau horaire", exact=True).select_option("Europe/Paris")
    page.get_by_label("Langue des e-mails et des pages").select_option("fr")
    page.get_by_role("button", name="Créer l'événement").click()
    page.wait_for_url(re.compile(r"/events/\d+$"))
    event_id = int(page.url.rsplit("/", 1)[1])
    expect(page.get_by_role("status")).to_contain_text("Événement créé.")
    reads_well(page, "fr", "page de l'événement vide")

    # Upload: the preview names the fields for people, never "first_name".
    page.goto(f"/events/{event_id}/upload")
    page.get_by_label("Fichier des participants").set_input_files(
        {"name": "inscrits.csv", "mimeType": "text/csv", "buffer": french_attendee_file()})
    page.get_by_role("button", name="Aperçu").click()
    page.get_by_role("heading", name="Aperçu du fichier\u00a0«\u00a0inscrits.csv\u00a0»").wait_for()
    expect(page.locator("#accepted")).to_have_text("12")
    expect(page.locator("main")).to_contain_text("points-virgules")
    expect(page.locator("main")).not_to_contain_text("first_name")
    expect(page.get_by_role("cell", name="«\u00a0Prénom\u00a0»", exact=True)).to_be_visible()  # the file's words
    reads_well(page, "fr", "aperçu de l'import")
    page.get_by_role("button", name="Confirmer l'import").click()
    expect(page.get_by_role("heading", name="Participants importés")).to_be_visible()
    reads_well(page, "fr", "import terminé")

    # Matching and publishing: French flashes with real plurals, times in Paris time.
    page.goto(f"/events/{event_id}")
    # Matching runs in the request: give it time on a busy machine.
    page.get_by_role("button", name="Lancer la mise en relation").click(timeout=120_000)
    expect(page.get_by_role("status")).to_contain_text("Mise en relation terminée", timeout=120_000)
    expect(page.locator(".figures")).to_contain_text("12 participants sur 12 ont trois interlocuteurs")
    expect(page.locator(".figures")).to_contain_text("3 tours")
    page.get_by_role("button", name="Publier", exact=True).click()
    page.get_by_role("button", name="Oui, publier").click()
    expect(page.get_by_role("status")).to_contain_text("Publié\u00a0: 12 nouvelles invitations en file.")
    expect(page.locator("main")).not_to_contain_text("UTC")
    reads_well(page, "fr", "page de l'événement publiée")
    screenshot(page, "fr-01-event-published")
    for path in (f"/events/{event_id}/attendees", f"/events/{event_id}/mail", f"/events/{event_id}/rules", "/tokens"):
        page.goto(path)
        reads_well(page, "fr", path)

    # The export opens in columns in French Excel: ";", BOM, French headers.
    page.goto(f"/events/{event_id}")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Participants et leurs liens (CSV)").click()
    data = download_info.value.path().read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 12 and set(rows[0]) == {"Nom", "E-mail", "Entreprise", "Lien privé"}

    # A French attendee reads French, with the event's French typography.
    zoe = attendee_link(live_server, event_id, "zoe.lefevre@exemple.fr")
    phone = new_context(locale="en-GB", **PHONE).new_page()  # the attendee's own language wins
    phone.goto(zoe)
    expect(phone.locator("html")).to_have_attribute("lang", "fr")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Bonjour Zoé Lefèvre")
    expect(phone.locator("article").first).to_contain_text("Questions pour commencer")
    reads_well(phone, "fr", "page de Zoé")
    screenshot(phone, "fr-02-attendee-fr")

    # An English attendee switches the page to English: chrome, help lines and questions follow.
    hugo = attendee_link(live_server, event_id, "helene.gauthier@exemple.fr")
    english = new_context(locale="fr-FR", **PHONE).new_page()
    english.goto(hugo)
    expect(english.locator("html")).to_have_attribute("lang", "fr")
    english.get_by_role("button", name="EN", exact=True).click()
    expect(english.locator("html")).to_have_attribute("lang", "en")
    expect(english.get_by_role("status")).to_have_text("The page is now in English.")
    cards = english.locator("article")
    expect(cards).to_have_count(3)
    for i in range(3):
        expect(cards.nth(i)).to_contain_text("Questions to start with:")
        expect(cards.nth(i)).not_to_contain_text("Qu'est-ce")
    reads_well(english, "en", "Hélène's page in English")
    screenshot(english, "fr-03-attendee-switched-to-en")

    # Their e-mails speak their language now.
    from sqlalchemy import select

    from web.extensions import db
    from web.mail.render import compose
    from web.models import Attendee, Event

    with live_server.app.app_context(), live_server.app.test_request_context():
        event = db.session.get(Event, event_id)
        for email, language, hello in (("zoe.lefevre@exemple.fr", "fr", "Bonjour Zoé Lefèvre,"),
                                       ("helene.gauthier@exemple.fr", "en", "Hello Hélène Gauthier,")):
            person = db.session.scalar(select(Attendee).where(Attendee.event_id == event_id, Attendee.email == email))
            msg = compose("invitation", event, person)
            text = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")
            assert msg["Content-Language"] == language and text.startswith(hello)
            assert str(msg["Subject"]) == ("Vos conversations — " if language == "fr" else "Your conversations — ") \
                + EVENT_NAME
            # Role and company in parentheses are the partner's own words, in the partner's language.
            ours = re.sub(r" \([^)]*\)", "", text)
            assert not lint(ours, language), lint(ours, language)
