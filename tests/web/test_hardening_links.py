"""Hardening (issue 12), from the attacker's side: LinkedIn addresses, typed text, old mail links, opting back in.

Items 2 (the LinkedIn allow-list bypass), 7 (the profile form skipped the
import's cleaning), 8 (an old unsubscribe link acting on a new person) and 12
(opting back in left the follow-ups suppressed), through HTTP requests.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from tests.builders import linked_event, mail_event
from tests.helpers import csrf_token, post_file, signed_in_event
from web.extensions import db
from web.models import Attendee, Match, OutboxMessage

BYPASS = "https://attacker.example\\.linkedin.com/in/me"
OPEN_UNTIL = dt.datetime(2100, 1, 1)


def _row(app, email: str) -> Attendee:
    with app.app_context():
        row = db.session.scalar(select(Attendee).where(Attendee.email == email))
        db.session.expunge(row)
        return row


def _profile(client, token: str, **fields):
    data = {"csrf_token": csrf_token(client, f"/m/{token}"), "name": "Ana Martin", **fields}
    return client.post(f"/m/{token}/profile", data=data)


@pytest.mark.parametrize("address", [
    BYPASS, "https://attacker.example/.linkedin.com/in/me", "https://www.linkedin.com.attacker.example/in/me",
    "https://me@attacker.example#@www.linkedin.com/in/me", "javascript://www.linkedin.com/in/%0aalert(1)",
    "https://www.linkedin.com/in/me/../../redirect?url=https://attacker.example",
])
def test_the_profile_form_refuses_any_other_host(app, address):
    with app.app_context():
        tokens = linked_event(edit_until=OPEN_UNTIL)
    client = app.test_client()
    _profile(client, tokens["ana@example.org"], linkedin=address)
    assert _row(app, "ana@example.org").linkedin == "https://www.linkedin.com/in/ana"  # unchanged


def test_the_profile_form_stores_the_rebuilt_address_and_partners_see_only_that(app):
    with app.app_context():
        tokens = linked_event(edit_until=OPEN_UNTIL)
    client = app.test_client()
    _profile(client, tokens["ana@example.org"], linkedin="fr.linkedin.com/in/ana-martin/?trk=public")
    assert _row(app, "ana@example.org").linkedin == "https://www.linkedin.com/in/ana-martin"
    # A value stored before the fix (or by another path) is never a link to another host.
    with app.app_context():
        db.session.scalar(select(Attendee).where(Attendee.email == "dan@example.org")).linkedin = BYPASS
        db.session.commit()
    html = app.test_client().get(f"/m/{tokens['ana@example.org']}").get_data(as_text=True)
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert "https://www.linkedin.com/in/ana-martin" not in hrefs  # her own page links partners, not herself
    assert not [h for h in hrefs if "attacker" in h]
    html = app.test_client().get(f"/m/{tokens['dan@example.org']}").get_data(as_text=True)
    assert "https://www.linkedin.com/in/ana-martin" in re.findall(r'href="([^"]+)"', html)


def _upload_and_confirm(client, event_id: int, data: bytes) -> str:
    preview = post_file(client, event_id, data).get_data(as_text=True)
    fields = {name: re.search(rf'name="{name}" value="([^"]*)"', preview).group(1)
              for name in ("csrf_token", "token", "sha256")}
    response = client.post(f"/events/{event_id}/upload/confirm", data=fields)
    assert response.status_code == 200, response.get_data(as_text=True)
    return preview


def test_the_import_drops_odd_hosts_rebuilds_linkedin_and_cleans_names(app, client):
    event_id = signed_in_event(app, client)
    data = ("email;name;linkedin;bio\n"
            f"eve@example.org;Eve\u200b \u202eAdams\u2066;{BYPASS};ok\n"
            "max@example.org;Max\u200dWell;http://linkedin.com/in/max-well?x=1;hi\n").encode()
    _upload_and_confirm(client, event_id, data)
    eve, mx = _row(app, "eve@example.org"), _row(app, "max@example.org")
    assert (eve.name, eve.linkedin) == ("Eve Adams", "")
    assert (mx.name, mx.linkedin) == ("MaxWell", "https://www.linkedin.com/in/max-well")


def test_the_profile_form_cleans_like_the_import(app):
    with app.app_context():
        tokens = linked_event(edit_until=OPEN_UNTIL)
    client = app.test_client()
    response = _profile(client, tokens["ana@example.org"], name="Ana\u202e nitraM\u200b",
                        bio="line one\u200b\r\n\r\n\r\n\u2066line two\u2069", company="Al\u00adpha")
    assert response.status_code == 302
    ana = _row(app, "ana@example.org")
    assert (ana.name, ana.bio, ana.company) == ("Ana nitraM", "line one\n\nline two", "Alpha")


def test_an_old_unsubscribe_link_never_acts_on_a_new_person(app):
    from web.mail.tokens import done_token, unsubscribe_token

    mail_event(app, 4)
    with app.test_request_context():
        gone = db.session.scalar(select(Attendee).order_by(Attendee.id.desc()))
        match_id = db.session.scalar(select(Match.id).where((Match.a_id == gone.id) | (Match.b_id == gone.id)))
        old_unsubscribe, old_done = unsubscribe_token(gone), done_token(gone, match_id)
        gone_id = gone.id
    token = _page_token(app, gone_id)
    page = app.test_client()  # the person deletes their data on their page
    response = page.post(f"/m/{token}/delete", data={"confirm": "1", "csrf_token": csrf_token(page, f"/m/{token}")})
    assert response.status_code == 200
    with app.app_context():
        assert db.session.get(Attendee, gone_id) is None
    # Another organizer's event gets a new attendee: never the same id (SQLite AUTOINCREMENT).
    mail_event(app, 4, organizer_email="other@example.org")
    with app.app_context():
        newcomer = db.session.scalar(select(Attendee).order_by(Attendee.id.desc()))
        assert newcomer.id > gone_id
        # Even if the id came back, the link would not name them: give it back by hand to be sure.
        db.session.add(Attendee(id=gone_id, event_id=newcomer.event_id, email="new@example.org", name="New"))
        db.session.commit()
    client = app.test_client(use_cookies=False)
    assert client.post(f"/u/{old_unsubscribe}", data={"List-Unsubscribe": "One-Click"}).status_code == 200
    assert client.post(f"/d/{old_done}").status_code == 404
    with app.app_context():
        assert db.session.get(Attendee, gone_id).opted_out_at is None


def _page_token(app, attendee_id: int) -> str:
    from web.services import links

    with app.app_context():
        token = links.token_for(links.ensure_link(db.session.get(Attendee, attendee_id)))
        db.session.commit()
        return token


def test_opting_back_in_after_one_click_unsubscribe_restores_the_follow_ups(app):
    from web.mail.tokens import unsubscribe_token

    mail_event(app, 4, starts_at=dt.datetime(2030, 6, 11, 18, 0), ends_at=dt.datetime(2030, 6, 11, 21, 0))
    with app.test_request_context():
        person = db.session.scalar(select(Attendee).where(Attendee.email == "p0@example.org"))
        person_id, link = person.id, unsubscribe_token(person)

    def statuses():
        with app.app_context():
            rows = db.session.execute(select(OutboxMessage.kind, OutboxMessage.status)
                                      .where(OutboxMessage.attendee_id == person_id)).all()
            return sorted(status for kind, status in rows if kind != "invitation")

    assert statuses() == ["queued"] * 4  # three nudges and the reminder
    anonymous = app.test_client(use_cookies=False)
    assert anonymous.post(f"/u/{link}", data={"List-Unsubscribe": "One-Click"}).status_code == 200
    assert statuses() == ["suppressed"] * 4
    token = _page_token(app, person_id)
    client = app.test_client()
    response = client.post(f"/m/{token}/opt-in", data={"csrf_token": csrf_token(client, f"/m/{token}")})
    assert response.status_code == 302
    assert statuses() == ["queued"] * 4
