"""Unsubscribe (RFC 8058), the "done" link, and the organizer's mail page."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.builders import mail_event
from tests.helpers import create_organizer, csrf_token, sign_in
from web.extensions import db
from web.mail.outbox import counts
from web.mail.tokens import done_token, unsubscribe_token
from web.models import Attendee, Event, Match, OutboxMessage, PairNote


def attendee(app, email="p0@example.org"):
    with app.app_context():
        a = db.session.scalar(select(Attendee).where(Attendee.email == email))
        return a.id, a.opted_out_at


def test_unsubscribe_get_and_head_change_nothing_one_click_post_works_without_cookies(app):
    mail_event(app, 4, languages=("fr",))
    a_id, _ = attendee(app)
    with app.test_request_context():
        url = f"/u/{unsubscribe_token(a_id)}"
    client = app.test_client(use_cookies=False)
    page = client.get(url)
    assert page.status_code == 200 and "Se désabonner" in page.get_data(as_text=True)
    assert client.head(url).status_code == 200
    assert attendee(app)[1] is None
    response = client.post(url, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "Location" not in response.headers
    assert attendee(app)[1] is not None
    with app.app_context():
        left = db.session.scalars(select(OutboxMessage.status).where(OutboxMessage.attendee_id == a_id)).all()
    assert left and set(left) == {"suppressed"}
    assert client.post(url).status_code == 200  # twice is fine
    assert client.post("/u/forged.token").status_code == 404


def test_opting_out_on_the_page_withdraws_queued_mail_like_the_unsubscribe_link(app):
    from web.services import links

    mail_event(app, 4)
    a_id, _ = attendee(app)
    with app.app_context():
        token = links.token_for(links.ensure_link(db.session.get(Attendee, a_id)))
        queued = db.session.scalars(select(OutboxMessage.status).where(OutboxMessage.attendee_id == a_id)).all()
        db.session.commit()
    assert queued and set(queued) == {"queued"}
    client = app.test_client()
    response = client.post(f"/m/{token}/opt-out", data={"csrf_token": csrf_token(client, f"/m/{token}")})
    assert response.status_code == 302 and attendee(app)[1] is not None
    with app.app_context():
        left = db.session.scalars(select(OutboxMessage.status).where(OutboxMessage.attendee_id == a_id)).all()
    assert len(left) == len(queued) and set(left) == {"suppressed"}


def test_done_link_marks_the_followup(app):
    mail_event(app, 4)
    a_id, _ = attendee(app)
    with app.app_context():
        match = db.session.scalars(select(Match).where((Match.a_id == a_id) | (Match.b_id == a_id))).first()
        m_id = match.id
        token = done_token(a_id, m_id)
    client = app.test_client(use_cookies=False)
    assert client.get(f"/d/{token}").status_code == 200
    with app.app_context():
        assert db.session.scalar(select(PairNote).where(PairNote.attendee_id == a_id)) is None
    response = client.post(f"/d/{token}")
    assert response.status_code == 200 and "Follow-up done" in response.get_data(as_text=True)
    with app.app_context():
        note = db.session.scalar(select(PairNote).where(PairNote.attendee_id == a_id, PairNote.match_id == m_id))
        assert note.followup_done_at is not None
        assert counts(db.session.get(Event, match.event_id))["done_within_48h"] == 0  # done "now", long after 2026
    with app.app_context():
        other = done_token(a_id + 1, m_id) if a_id + 1 not in (match.a_id, match.b_id) else done_token(999, m_id)
    assert client.post(f"/d/{other}").status_code == 404


def same_origin(client):
    """Over HTTPS Flask-WTF also checks the Referer: send the one a browser sends."""
    client.environ_base["HTTP_REFERER"] = "https://localhost/"
    return client


def test_organizer_page_counts_preview_schedule_and_cancel(app, client):
    same_origin(client)
    create_organizer(app)
    event_id = mail_event(app, 4)
    sign_in(client)
    page = client.get(f"/events/{event_id}/mail")
    assert page.status_code == 200
    # 4 invitations, 12 nudges (three per attendee), 4 reminders (one per attendee).
    assert re.search(r"Queued</dt><dd>20<", page.get_data(as_text=True))
    a_id, _ = attendee(app, "p1@example.org")
    for kind in ("invitation", "nudge", "nudge_bundle", "reminder"):
        preview = client.get(f"/events/{event_id}/mail/preview?attendee={a_id}&kind={kind}")
        assert preview.status_code == 200, kind
        html = client.get(f"/events/{event_id}/mail/preview/html?attendee={a_id}&kind={kind}")
        assert html.status_code == 200 and "sandbox" in html.headers["Content-Security-Policy"]
    with app.app_context():
        assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.key.like("%preview%"))) is None
    token = csrf_token(client, f"/events/{event_id}/mail")
    assert client.post(f"/events/{event_id}/mail/cancel", data={"kind": "reminder"}).status_code == 400  # no CSRF
    response = client.post(f"/events/{event_id}/mail/cancel", data={"kind": "reminder", "csrf_token": token})
    assert response.status_code == 303
    with app.app_context():
        statuses = set(db.session.scalars(select(OutboxMessage.status).where(OutboxMessage.kind == "reminder")))
    assert statuses == {"cancelled"}
    client.post(f"/events/{event_id}/mail/schedule", data={"kind": "reminder", "csrf_token": token})
    with app.app_context():
        statuses = set(db.session.scalars(select(OutboxMessage.status).where(OutboxMessage.kind == "reminder")))
    assert statuses == {"queued"}


def test_organizer_page_is_404_for_someone_else(app, client):
    same_origin(client)
    event_id = mail_event(app, 4)
    create_organizer(app, email="other@example.org")
    sign_in(client, email="other@example.org")
    assert client.get(f"/events/{event_id}/mail").status_code == 404
    with app.app_context():
        a_id = db.session.get(Event, event_id).attendees[0].id
    assert client.get(f"/events/{event_id}/mail/preview?attendee={a_id}&kind=invitation").status_code == 404
    with app.app_context():
        before = db.session.scalar(select(OutboxMessage.status).where(OutboxMessage.kind == "reminder"))
    assert before == "queued"
