"""Accessibility: axe-core finds no serious or critical violation on the main
pages, and the attendee page works with JavaScript turned off.

The event is set up through the services (fast); the pages under test are
reached through the browser, signed in through the real form.
"""

from __future__ import annotations

import re

import pytest

from tests.helpers import create_organizer

from .conftest import (
    PASSWORD,
    PHONE,
    attendee_link,
    context_factory,
    french_attendee_file,
    note_meeting,
    screenshot,
    sign_in,
    upload_preview,
)

pytestmark = pytest.mark.e2e

EMAIL = "a11y@example.org"
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def published_event(live_server):
    """A French event with the 12 attendees, matched and published: (event id, one attendee's link)."""
    import datetime as dt

    from web.extensions import db
    from web.models import Organizer
    from web.services import events, imports, matching_jobs, publishing

    organizer_id = create_organizer(live_server.app, EMAIL, PASSWORD)
    with live_server.app.app_context():
        event = events.create_event(
            db.session.get(Organizer, organizer_id), name="Afterwork Numérique", venue="La Cantine, Nantes",
            starts_at=dt.datetime(2031, 3, 20, 18, 30), timezone="Europe/Paris", language="fr",
        )
        imports.apply_import(event, french_attendee_file())
        job = matching_jobs.start_matching(event, run_now=True)
        assert job.status == "done", job.error
        publishing.publish(event)
        db.session.commit()
        event_id = event.id
    return event_id, attendee_link(live_server, event_id, "helene.gauthier@exemple.fr")


@pytest.fixture(scope="module")
def contexts(browser, live_server):
    """Browser contexts of this module, closed at its end."""
    with context_factory(browser, live_server.url) as make:
        yield make


@pytest.fixture(scope="module")
def organizer_page(contexts, published_event):
    page = contexts(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, EMAIL)
    return page


def assert_accessible(page, name: str) -> None:
    """Run axe-core on the page; print minor findings, fail on serious or critical ones."""
    from axe_playwright_python.sync_playwright import Axe

    response = Axe().run(page).response
    assert response["testEngine"]["name"] == "axe-core"
    violations = response["violations"]
    for v in violations:
        if v["impact"] not in BLOCKING:
            print(f"[axe {name}] {v['impact']}: {v['id']} – {v['help']} ({len(v['nodes'])} node(s))")
    blocking = [
        f"{v['impact']}: {v['id']} – {v['help']} at {[n['target'] for n in v['nodes'][:5]]}"
        for v in violations if v["impact"] in BLOCKING
    ]
    assert not blocking, f"axe-core on the {name} page:\n" + "\n".join(blocking)


def test_axe_reports_violations_under_the_apps_csp(contexts):
    """The checker itself works on our pages: an image without text is caught."""
    from axe_playwright_python.sync_playwright import Axe

    page = contexts().new_page()
    page.goto("/signin")
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    found = {v["id"]: v["impact"] for v in Axe().run(page).response["violations"]}
    assert found.get("image-alt") == "critical"


def test_sign_in_page(contexts):
    page = contexts().new_page()
    page.goto("/signin")
    assert_accessible(page, "sign-in")


def test_events_list(organizer_page):
    organizer_page.goto("/")
    organizer_page.get_by_role("link", name="Afterwork Numérique").wait_for()
    assert_accessible(organizer_page, "events list")


def test_new_event_form(organizer_page):
    organizer_page.goto("/events/new")
    assert_accessible(organizer_page, "new event")


def test_event_page_after_matching(organizer_page, published_event):
    event_id, _ = published_event
    organizer_page.goto(f"/events/{event_id}")
    organizer_page.get_by_role("img", name="Network of conversations").wait_for()
    assert_accessible(organizer_page, "event")


def test_upload_preview(organizer_page, published_event):
    event_id, _ = published_event
    upload_preview(organizer_page, event_id, french_attendee_file())
    assert organizer_page.locator("#unchanged").inner_text() == "12"
    assert_accessible(organizer_page, "upload preview")


def test_attendee_page_on_a_phone(contexts, published_event):
    _, link = published_event
    page = contexts(**PHONE).new_page()
    page.goto(link)
    assert page.locator("article").count() == 3
    assert_accessible(page, "attendee")


def test_attendee_note_without_javascript(contexts, published_event):
    """The met form is plain HTML: it submits and shows the note with scripts off."""
    from playwright.sync_api import expect

    _, link = published_event
    page = contexts(java_script_enabled=False, **PHONE).new_page()
    page.goto(link)
    card = page.locator("article").last
    partner = card.get_by_role("heading", level=3).inner_text()
    note_meeting(card, "Subventions publiques à l’export", "Fan de cœur de palmier", "5")
    page.wait_for_url(link)
    expect(page.get_by_role("status")).to_have_text("Votre note est enregistrée.")
    saved = page.locator("article").filter(has=page.get_by_role("heading", name=partner, exact=True))
    expect(saved.get_by_label("Nous avons échangé")).to_be_checked()
    expect(saved.get_by_label(re.compile("^De quoi avez-vous parlé"))).to_have_value("Subventions publiques à l’export")
    expect(saved.get_by_label("Un détail personnel à retenir")).to_have_value("Fan de cœur de palmier")
    expect(saved.get_by_label(re.compile("^Était-ce utile"))).to_have_value("5")
    screenshot(page, "08-attendee-no-javascript", full_page=False)
