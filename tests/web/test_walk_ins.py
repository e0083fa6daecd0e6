"""Walk-ins get their private page at the door: the link and its QR code for the organizer to show, the
invitation by e-mail once a re-pairing gives them partners, and their page showing those partners."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from tests.builders import dayof_event
from tests.helpers import csrf_token
from web.extensions import db
from web.models import Attendee, Match, OutboxMessage


def _check_in_all_but(app, client, event_id, absent: set[str]) -> None:
    with app.app_context():
        people = {a.email: a.id for a in db.session.scalars(select(Attendee).where(Attendee.event_id == event_id))}
    for email, attendee_id in people.items():
        if email not in absent:
            token = csrf_token(client, f"/events/{event_id}/checkin")
            client.post(f"/events/{event_id}/checkin/{attendee_id}", data={"csrf_token": token, "presence": "present"})


def _add_walk_in(client, event_id, **fields):
    token = csrf_token(client, f"/events/{event_id}/checkin")
    data = {"csrf_token": token, "name": "Wanda Walk", "email": "wanda@example.org", "company": "Late Inc",
            "offers": "fundraising", "needs": "legal advice", **fields}
    return client.post(f"/events/{event_id}/walk-ins", data=data)


def _invitations(app, attendee_email: str) -> list[str]:
    with app.app_context():
        person = db.session.scalar(select(Attendee).where(Attendee.email == attendee_email))
        return [m.status for m in db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.attendee_id == person.id, OutboxMessage.kind == "invitation"))]


def test_walk_in_gets_a_private_link_with_a_qr_code_at_the_door(app, client, org):
    event_id = dayof_event(app, 6, organizer_id=org)
    response = _add_walk_in(client, event_id)
    assert response.status_code == 303
    page_url = response.headers["Location"]
    assert re.search(rf"/events/{event_id}/walk-ins/\d+$", page_url)
    response = client.get(page_url)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    html = unescape(response.get_data(as_text=True))
    assert "Checked in: Wanda Walk." in html
    assert "<svg" in html  # the QR code, to scan with the walk-in's phone
    link = re.search(r'id="walk-in-link">(http[^<]+)</a>', html).group(1)
    assert "/m/" in link
    # Nobody matched them yet: no e-mail now, it goes with their first partners.
    assert "also gets this link by e-mail" in html
    assert _invitations(app, "wanda@example.org") == []
    # The link opens the walk-in's own page.
    path = link.split("127.0.0.1", 1)[-1].split("localhost", 1)[-1]
    path = path[path.index("/m/"):]
    page = unescape(app.test_client().get(path).get_data(as_text=True))
    assert "Wanda Walk" in page
    # The check-in list leads back to the same link.
    listing = client.get(f"/events/{event_id}/checkin?q=wanda").get_data(as_text=True)
    assert page_url.split("localhost", 1)[-1] in listing
    assert unescape(client.get(page_url).get_data(as_text=True)).count(link) >= 1  # the same link, not a new one


def test_walk_in_is_mailed_and_sees_the_partners_of_the_repair(app, client, org):
    event_id = dayof_event(app, 6, organizer_id=org)
    _check_in_all_but(app, client, event_id, {"d3@example.org"})  # d3's round-1 partner is free
    page_url = _add_walk_in(client, event_id).headers["Location"]
    link = re.search(r'id="walk-in-link">(http[^<]+)</a>',
                     unescape(client.get(page_url).get_data(as_text=True))).group(1)
    path = link[link.index("/m/"):]
    token = csrf_token(client, f"/events/{event_id}/live")
    client.post(f"/events/{event_id}/rounds/1/repair", data={"csrf_token": token})
    with app.app_context():
        walk_in = db.session.scalar(select(Attendee).where(Attendee.email == "wanda@example.org"))
        match = db.session.scalar(select(Match).where(
            Match.round == 1, Match.dissolved_at.is_(None), (Match.a_id == walk_in.id) | (Match.b_id == walk_in.id)))
        assert match is not None, "the walk-in is paired into the free slot"
        partner = match.partner_of(walk_in).name
    # The invitation everybody got at publishing: once, even when another repair pairs them again.
    assert _invitations(app, "wanda@example.org") == ["queued"]
    token = csrf_token(client, f"/events/{event_id}/live")
    client.post(f"/events/{event_id}/rounds/2/repair", data={"csrf_token": token})
    assert _invitations(app, "wanda@example.org") == ["queued"]
    html = unescape(client.get(page_url).get_data(as_text=True))
    assert "is on its way to wanda@example.org" in html
    page = unescape(app.test_client().get(path).get_data(as_text=True))
    assert partner in page and "New partner for this round" in page


def test_walk_in_invitation_holds_the_link_and_the_conversations(app, client, org):
    from web.mail.render import compose

    event_id = dayof_event(app, 6, organizer_id=org)
    _check_in_all_but(app, client, event_id, {"d3@example.org"})
    _add_walk_in(client, event_id)
    token = csrf_token(client, f"/events/{event_id}/live")
    client.post(f"/events/{event_id}/rounds/1/repair", data={"csrf_token": token})
    with app.app_context():
        walk_in = db.session.scalar(select(Attendee).where(Attendee.email == "wanda@example.org"))
        msg = compose("invitation", walk_in.event, walk_in, None, message_id="<t@x>")
        text = msg.get_body(("plain",)).get_content()
        assert "/m/" in text  # their private link
        assert any(f"Day Person {i}" in text for i in range(6))  # their partner
        assert any(part.get_filename() == "conversations.ics" for part in msg.iter_attachments())
        db.session.rollback()


def test_walk_in_without_mail_is_told_the_code_is_the_way(app, client, org):
    event_id = dayof_event(app, 6, organizer_id=org)
    page_url = _add_walk_in(client, event_id).headers["Location"]
    with app.app_context():
        walk_in = db.session.scalar(select(Attendee).where(Attendee.email == "wanda@example.org"))
        from web.services.attendee import opt_out

        opt_out(walk_in)
        db.session.commit()
    html = unescape(client.get(page_url).get_data(as_text=True))
    assert "No e-mail goes to wanda@example.org" in html


def test_walk_in_link_page_is_the_organizers_only(app, client, org):
    event_id = dayof_event(app, 6, organizer_id=org)
    page_url = _add_walk_in(client, event_id).headers["Location"]
    assert app.test_client().get(page_url).status_code in (302, 401)
    other = dayof_event(app, 4, organizer_id=org)
    attendee_id = page_url.rsplit("/", 1)[1]
    assert client.get(f"/events/{other}/walk-ins/{attendee_id}").status_code == 404


@pytest.mark.parametrize("language", ["en", "fr"])
def test_walk_in_page_reads_well(app, client, org, language):
    from tests.web.test_wording_lint import _choose, page_reads_well

    event_id = dayof_event(app, 6, organizer_id=org)
    _choose(client, language, f"/events/{event_id}/checkin")
    page_url = _add_walk_in(client, event_id).headers["Location"]
    html = client.get(page_url).get_data(as_text=True)
    page_reads_well(html, language, "walk-in link")
    listing = client.get(f"/events/{event_id}/checkin").get_data(as_text=True)
    page_reads_well(listing, language, "check-in list with a walk-in")
    assert ("Lien privé et code QR" if language == "fr" else "Private link and QR code") in listing


def test_publish_confirmation_warns_of_unapplied_list_changes(app, client, org):
    from web.models import Event
    from web.services import change_log

    event_id = dayof_event(app, 6, organizer_id=org)
    with app.app_context():
        event = db.session.get(Event, event_id)
        db.session.add(Attendee(event_id=event_id, email="late@example.org", name="Léa Tardive", offers="x", needs="y"))
        change_log.record_attendee_change(event, source="upload", new=["late@example.org"])
        db.session.commit()
    html = unescape(client.get(f"/events/{event_id}/publish").get_data(as_text=True))
    assert "its pair changes are not applied yet" in html
    assert f'href="/events/{event_id}/changes/review"' in html
