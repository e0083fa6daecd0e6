"""The profile phase in a real browser: the organizer sets a deadline and invites, and sees the invitations
and the reminder on the mail page; two attendees open the link of their invitation on a phone, complete
their profiles, agree to be listed and pick each other in the guest list; the organizer sees them opened,
listed and wishing; at the deadline the worker matches and publishes; both pages say they asked to meet.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from .conftest import PHONE, attendee_link, create_event, french_attendee_file, screenshot, sign_up, upload_preview

pytestmark = pytest.mark.e2e

ZOE, HELENE = "zoe.lefevre@exemple.fr", "helene.gauthier@exemple.fr"


def _complete_profile(page, offers: str, needs: str) -> None:
    page.get_by_label("Ce que je peux apporter", exact=True).fill(offers)
    page.get_by_label("Ce que je recherche", exact=True).fill(needs)
    page.get_by_label("Levée de fonds").first.check()
    page.get_by_label(re.compile("Me faire figurer dans la liste des participants")).check()
    page.get_by_role("button", name="Enregistrer mon profil").click()
    page.get_by_role("status").filter(has_text="Votre profil est enregistré.").wait_for()


def _pick(page, name: str) -> None:
    page.get_by_role("link", name=re.compile("^Ouvrir la liste des participants")).click()
    page.get_by_role("heading", name="Liste des participants").wait_for()
    page.get_by_role("button", name=f"Je veux rencontrer {name}").click()
    page.get_by_role("status").filter(has_text="Votre choix est enregistré.").wait_for()


def _invitation_link(live_server, event_id: int, email: str) -> str:
    """The page link in the invitation the attendee received (composed as the sender does)."""
    from sqlalchemy import select

    from web.extensions import db
    from web.mail.render import compose
    from web.models import Attendee, Event

    with live_server.app.test_request_context():
        attendee = db.session.scalar(select(Attendee).where(Attendee.event_id == event_id, Attendee.email == email))
        text = compose("profile_invite", db.session.get(Event, event_id), attendee).get_body(("plain",)).get_content()
        db.session.rollback()
    links = re.findall(rf"{re.escape(live_server.url)}/m/[\w-]+", text)
    assert links, text
    return links[0]


def test_invite_complete_wish_deadline_match_and_the_page_shows_the_wish(new_context, live_server):
    from playwright.sync_api import expect

    from web.extensions import db
    from web.models import Event
    from web.services import profile_phase
    from web.services.matching_jobs import claim_next_job, run_job

    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_up(page, "phase@example.org")
    event_id = create_event(page, "Rencontres avant l’événement")
    upload_preview(page, event_id, french_attendee_file())
    page.get_by_role("button", name="Confirm the import").click()

    # The organizer sets the phase and invites everyone.
    page.goto(f"/events/{event_id}")
    panel = page.locator("#profile-phase")
    panel.get_by_label(re.compile("^Deadline")).fill("2031-06-05T18:00")
    panel.get_by_label(re.compile("^Topics attendees can tick")).fill("Levée de fonds\nRecrutement")
    panel.get_by_label("Run the matching at the deadline").check()
    panel.get_by_label(re.compile("Send the attendees their conversations at once")).check()
    panel.get_by_role("button", name="Save the profile phase").click()
    expect(page.get_by_role("status")).to_contain_text("Profile phase saved.")
    page.locator("#profile-phase").get_by_role("button", name="Invite the attendees").click()
    expect(page.get_by_role("status")).to_contain_text("12 invitations queued.")
    expect(page.locator("#profile-phase")).to_contain_text("of 12 profiles are complete")
    screenshot(page, "phase-01-organizer")
    # The mail page lists the invitations and the reminder, due 48 hours before the deadline (Paris time).
    page.goto(f"/events/{event_id}/mail")
    invitations = page.get_by_role("row", name=re.compile("^Invitation to complete the profile"))
    expect(invitations.get_by_role("cell").first).to_have_text("12")
    expect(page.get_by_role("row", name=re.compile("^Profile reminder"))).to_contain_text("3 Jun 2031, 18:00")

    # Two attendees complete their profiles on a phone and pick each other.
    phone = new_context(**PHONE)
    helene = phone.new_page()
    helene.goto(_invitation_link(live_server, event_id, HELENE))
    expect(helene.get_by_role("heading", level=1)).to_contain_text("Hélène")
    expect(helene.locator("[data-role=strength]")).to_be_visible()
    _complete_profile(helene, "Recrutement de développeurs Python, entretiens techniques et grilles de salaires",
                      "Une levée de fonds d’amorçage : présentation aux investisseurs et valorisation")
    zoe = phone.new_page()
    zoe.goto(attendee_link(live_server, event_id, ZOE))
    zoe.get_by_label("Ce que je recherche", exact=True).fill("")
    expect(zoe.locator("[data-role=label]")).to_have_text("Profil faible")  # refreshed by the server as she types
    _complete_profile(zoe, "Levée de fonds : préparer le dossier et rencontrer des business angels",
                      "Recruter deux développeurs Python expérimentés pour notre équipe à Toulouse")
    _pick(zoe, "Hélène Gauthier")
    screenshot(zoe, "phase-02-guest-list", full_page=False)
    _pick(helene, "Zoé Lefèvre")

    # The organizer sees who opened their page, agreed to be listed and made a wish.
    page.goto(f"/events/{event_id}")
    panel = page.locator("#profile-phase")
    expect(panel).to_contain_text("2 attendees opened their page")
    expect(panel).to_contain_text("2 attendees agreed to appear in the guest list · 2 wishes about whom to meet")

    # The deadline passes: the worker matches, then publishes.
    with live_server.app.app_context():
        event = db.session.get(Event, event_id)
        after = event.profile_deadline + dt.timedelta(minutes=1)
        assert profile_phase.run_due(after)["matchings"] == 1
        db.session.commit()
        job = claim_next_job("e2e-worker")
        db.session.commit()
        assert run_job(job, commit=db.session.commit).status == "done"
        db.session.commit()
        assert profile_phase.run_due(after)["published"] == 1
        db.session.commit()

    zoe.goto(attendee_link(live_server, event_id, ZOE))
    card = zoe.locator("article", has_text="Hélène Gauthier")
    expect(card).to_contain_text("Hélène Gauthier et vous avez demandé à vous rencontrer.")
    screenshot(zoe, "phase-03-matched", full_page=False)
    helene.goto(attendee_link(live_server, event_id, HELENE))
    expect(helene.locator("article", has_text="Zoé Lefèvre")).to_contain_text(
        "Zoé Lefèvre et vous avez demandé à vous rencontrer.")
