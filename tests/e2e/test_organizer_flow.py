"""The whole journey in a real browser: an organizer signs up, creates a French
event, uploads an Excel export, runs the matching, publishes; an attendee opens
their private link on a phone and notes a conversation.

The steps run in order inside one test because each needs the previous one's
state; a failure names the step through its assertion message.
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from .conftest import (
    PHONE,
    attendee_link,
    create_event,
    french_attendee_file,
    note_meeting,
    screenshot,
    sign_up,
    upload_preview,
)

pytestmark = pytest.mark.e2e

EVENT_NAME = "Soirée Réseau – Entrepreneurs & Œnologie"


def test_organizer_to_attendee_journey(new_context, live_server):
    from playwright.sync_api import expect

    page = new_context(viewport={"width": 1280, "height": 900}).new_page()

    # Sign up through the form, then sign in (sign-up never tells whether the address had an account).
    sign_up(page, "flow@example.org")
    expect(page.get_by_role("heading", name="Your events")).to_be_visible()
    screenshot(page, "01-events-empty")

    # Create the event: Paris time, French pages.
    event_id = create_event(page, EVENT_NAME)
    expect(page.get_by_role("heading", level=1)).to_have_text(EVENT_NAME)
    expect(page.locator("main")).to_contain_text("Europe/Paris")
    expect(page.locator("main")).to_contain_text("in French")
    screenshot(page, "02-event-created")

    # Upload the cp1252, ;-separated file: the preview counts, nothing stored yet.
    upload_preview(page, event_id, french_attendee_file())
    expect(page.locator("#accepted")).to_have_text("12")
    expect(page.locator("#rejected")).to_have_text("0")
    expect(page.locator("#new")).to_have_text("12")
    expect(page.locator("#updated")).to_have_text("0")
    expect(page.locator("main")).to_contain_text("semicolons")
    expect(page.locator("main")).to_contain_text(re.compile("cp1252|windows-1252", re.I))
    expect(page.get_by_role("cell", name="“Centres d'intérêt”", exact=True)).to_be_visible()  # the file's words
    screenshot(page, "03-upload-preview")
    page.get_by_role("button", name="Confirm the import").click()
    expect(page.locator("main")).to_contain_text("12")
    screenshot(page, "04-upload-done")

    # Run the matching: figures and the network picture appear.
    page.goto(f"/events/{event_id}")
    expect(page.locator("main")).to_contain_text("12 attendees")
    page.get_by_role("button", name="Run the matching").click()
    expect(page.get_by_role("status")).to_contain_text("Matching done:")
    figures = page.locator(".figures")
    expect(figures).to_contain_text("of 12 attendees have three partners")
    expect(figures).to_contain_text("conversations help both ways")
    with_three = int(figures.locator(".figure").first.inner_text().split()[0])
    assert with_three == 12, f"everybody can have three partners in this file, got {with_three}"
    svg = page.get_by_role("img", name="Network of conversations")
    expect(svg).to_be_visible()
    expect(svg.locator("circle")).to_have_count(12)
    expect(svg.locator("line")).to_have_count(18)  # 12 people x 3 partners / 2
    screenshot(page, "05-event-matched")

    # Publish: every attendee gets a link and an invitation in the outbox.
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Publish?")  # how many and when, first
    expect(page.locator("#publish-summary")).to_contain_text("12 new invitations go out by e-mail")
    page.get_by_role("button", name="Yes, publish").click()
    expect(page.get_by_role("status")).to_contain_text("Published: 12 new invitations queued.")
    expect(page.get_by_role("button", name="Publish again")).to_be_visible()

    # Organizers check their event on a phone at the venue too.
    organizer_phone = new_context(storage_state=page.context.storage_state(), **PHONE).new_page()
    organizer_phone.goto(f"/events/{event_id}")
    expect(organizer_phone.get_by_role("img", name="Network of conversations")).to_be_visible()
    _assert_fits_phone(organizer_phone)
    screenshot(organizer_phone, "05a-event-phone-screen", full_page=False)

    # The attendees export carries each private link.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Attendees and their links (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(download_info.value.path().read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 12
    zoe = next(row for row in rows if row["E-mail"] == "zoe.lefevre@exemple.fr")
    assert zoe["Name"] == "Zoé Lefèvre" and zoe["Company"] == "Œuvre & Co"
    assert zoe["Private link"].startswith(live_server.url + "/m/")
    assert zoe["Private link"] == attendee_link(live_server, event_id, "zoe.lefevre@exemple.fr")

    # The attendee's page on a phone, in French.
    phone = new_context(**PHONE).new_page()
    phone.goto(zoe["Private link"])
    expect(phone.locator("html")).to_have_attribute("lang", "fr")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Bonjour Zoé Lefèvre")
    expect(phone.get_by_role("heading", name="Vos conversations")).to_be_visible()
    expect(phone.locator("main")).to_contain_text("Europe/Paris")
    partners = phone.locator("article")
    expect(partners).to_have_count(3)
    for i in range(3):
        card = partners.nth(i)
        expect(card.locator("dd").first).to_have_text(re.compile(r"^Tour \d, \d{1,2}:\d{2}$"))
        expect(card).to_contain_text(re.compile("peut vous aider en matière|Vous pouvez aider"))
    expect(partners.nth(0).locator("dd").first).to_contain_text("Tour 1, 19:00")
    _assert_fits_phone(phone)
    screenshot(phone, "06-attendee-phone")
    screenshot(phone, "06a-attendee-phone-screen", full_page=False)

    # "We met": topic, one personal detail, a rating; the page shows it after the redirect.
    first = partners.nth(0)
    partner_name = first.get_by_role("heading", level=3).inner_text()
    note_meeting(first, "Levée de fonds en Série A – 2 M€", "Fait de l’œnologie le week-end", "4")
    expect(phone.get_by_role("status")).to_have_text("Votre note est enregistrée.")
    saved = phone.locator("article").filter(has=phone.get_by_role("heading", name=partner_name, exact=True))
    expect(saved.get_by_label("Nous avons échangé")).to_be_checked()
    expect(saved.get_by_label(re.compile("^De quoi avez-vous parlé"))).to_have_value("Levée de fonds en Série A – 2 M€")
    expect(saved.get_by_label("Un détail personnel à retenir")).to_have_value("Fait de l’œnologie le week-end")
    expect(saved.get_by_label(re.compile("^Était-ce utile"))).to_have_value("4")
    screenshot(phone, "07-attendee-note-saved")
    saved.get_by_role("button", name="Enregistrer ma note").scroll_into_view_if_needed()
    screenshot(phone, "07a-attendee-note-saved-screen", full_page=False)


def _assert_fits_phone(page) -> None:
    """Nothing makes a 390 px wide page scroll sideways."""
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone"
