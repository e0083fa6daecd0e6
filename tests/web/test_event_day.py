"""Event day through the web: check-in (attendee, organizer, QR code), walk-ins, re-pairing, live screen."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

from sqlalchemy import select

from tests.builders import dayof_event, token_of
from tests.helpers import create_organizer, csrf_token
from web.extensions import db
from web.models import Attendee, Event, Match, OutboxMessage


def _people(app, event_id):
    with app.app_context():
        return {a.email: (a.id, a.presence) for a in db.session.scalars(
            select(Attendee).where(Attendee.event_id == event_id))}


def _current_pairs(app, event_id):
    with app.app_context():
        rows = db.session.scalars(select(Match).where(Match.event_id == event_id, Match.dissolved_at.is_(None)))
        return {(m.a.email, m.b.email, m.round) for m in rows}


def _check_in(client, event_id, attendee_id, presence="present"):
    token = csrf_token(client, f"/events/{event_id}/checkin")
    return client.post(f"/events/{event_id}/checkin/{attendee_id}", data={"csrf_token": token, "presence": presence})


def test_attendee_checks_in_with_one_tap_on_the_event_day_only(app, client):
    event_id = dayof_event(app, 6)
    with app.app_context():
        attendee = db.session.scalar(select(Attendee).where(Attendee.email == "d0@example.org"))
        token = token_of(attendee)
        db.session.commit()
    html = client.get(f"/m/{token}").get_data(as_text=True)
    assert "I&#39;m here" in html or "I'm here" in html
    assert "<svg" in html  # the QR code for the door
    form_token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    response = client.post(f"/m/{token}/here", data={"csrf_token": form_token})
    assert response.status_code == 302
    assert _people(app, event_id)["d0@example.org"][1] == "present"
    html = client.get(f"/m/{token}").get_data(as_text=True)
    assert "You are checked in." in html and "<svg" not in html
    # The day after: no check-in button, and the POST is refused.
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.starts_at -= dt.timedelta(days=2)
        other = db.session.scalar(select(Attendee).where(Attendee.email == "d1@example.org"))
        other_token = token_of(other)
        db.session.commit()
    html = client.get(f"/m/{other_token}").get_data(as_text=True)
    assert "I&#39;m here" not in html and "I'm here" not in html
    client.post(f"/m/{other_token}/here", data={"csrf_token": form_token})
    assert _people(app, event_id)["d1@example.org"][1] == ""


def test_organizer_searches_and_toggles_presence(app, client, org):
    event_id = dayof_event(app, 6, organizer_id=org)
    html = client.get(f"/events/{event_id}/checkin?q=person 3").get_data(as_text=True)
    assert "Day Person 3" in html and "Day Person 4" not in html
    html = client.get(f"/events/{event_id}/checkin?q=d4@example").get_data(as_text=True)
    assert "Day Person 4" in html and "Day Person 3" not in html
    attendee_id = _people(app, event_id)["d3@example.org"][0]
    assert _check_in(client, event_id, attendee_id).status_code == 302
    assert _people(app, event_id)["d3@example.org"][1] == "present"
    _check_in(client, event_id, attendee_id, "absent")
    assert _people(app, event_id)["d3@example.org"][1] == "absent"


def test_another_organizer_cannot_check_in(app, client, org):
    other = create_organizer(app, email="other@example.org")
    event_id = dayof_event(app, 6, organizer_id=other)
    assert client.get(f"/events/{event_id}/checkin").status_code == 404
    assert client.get(f"/events/{event_id}/live").status_code == 404


def test_qr_code_checks_in_only_for_a_signed_in_organizer_of_the_event(app, client, org):
    from web.services.checkin import scan_token

    event_id = dayof_event(app, 6, organizer_id=org)
    with app.app_context():
        attendee = db.session.scalar(select(Attendee).where(Attendee.email == "d2@example.org"))
        code = scan_token(attendee)
    url = f"/events/{event_id}/checkin/scan/{code}"
    html = client.get(url).get_data(as_text=True)
    assert "Check in: Day Person 2" in html
    form_token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    assert client.post(url, data={"csrf_token": form_token}).status_code == 302
    assert _people(app, event_id)["d2@example.org"][1] == "present"
    # A forged or altered code, or the code on another event's URL: 404.
    assert client.get(url[:-3] + "abc").status_code == 404
    other_event = dayof_event(app, 4, organizer_id=org)
    assert client.get(f"/events/{other_event}/checkin/scan/{code}").status_code == 404
    # Signed out: the code opens nothing.
    fresh = app.test_client()
    assert fresh.get(url).status_code in (302, 401)


def _repair(client, event_id, rnd):
    token = csrf_token(client, f"/events/{event_id}/live")
    return client.post(f"/events/{event_id}/rounds/{rnd}/repair", data={"csrf_token": token})


def test_repair_through_the_web_keeps_history_rules_and_is_idempotent(app, client, org):
    # d0 and d2 share a company: the repair must never pair them.
    companies = ["Nova", None, "Nova"] + [None] * 9
    event_id = dayof_event(app, 12, organizer_id=org, companies=companies)
    before = _current_pairs(app, event_id)
    people = _people(app, event_id)
    absent = {"d1@example.org", "d5@example.org", "d9@example.org"}
    for email, (attendee_id, _) in people.items():
        if email not in absent:
            _check_in(client, event_id, attendee_id)
    assert _repair(client, event_id, 2).status_code == 302
    after = _current_pairs(app, event_id)
    round2 = [p for p in after if p[2] == 2]
    busy = [e for a, b, _ in round2 for e in (a, b)]
    assert len(busy) == len(set(busy))  # no double booking
    assert not absent & set(busy)  # absent people are out of round 2
    assert {p for p in after if p[2] != 2} == {p for p in before if p[2] != 2}  # other rounds untouched
    old_keys = {tuple(sorted(p[:2])) for p in before if p[2] != 2}
    new_pairs = [(a, b) for a, b, r in round2 if (a, b, r) not in before]
    assert new_pairs
    for a, b in new_pairs:
        assert tuple(sorted((a, b))) not in old_keys  # no repeat of another round's pair
        assert {a, b} != {"d0@example.org", "d2@example.org"}  # no colleagues
    with app.app_context():
        dissolved = db.session.scalars(select(Match).where(Match.event_id == event_id,
                                                           Match.dissolved_at.is_not(None))).all()
        assert dissolved and all(m.round == 2 for m in dissolved)  # kept as history
        created = db.session.scalars(select(Match).where(Match.event_id == event_id,
                                                         Match.repaired_at.is_not(None))).all()
        assert created and all(m.questions_for_a and m.questions_for_b for m in created)  # explained like others
        event = db.session.get(Event, event_id)
        assert event.repairs["2"]["dissolved"] == len(dissolved)
        stamp = event.updated_at
    _repair(client, event_id, 2)
    assert _current_pairs(app, event_id) == after  # a re-run changes nothing
    with app.app_context():
        assert db.session.get(Event, event_id).updated_at == stamp


def test_walk_in_is_matched_into_an_open_slot(app, client, org):
    event_id = dayof_event(app, 6, organizer_id=org)
    people = _people(app, event_id)
    for email, (attendee_id, _) in people.items():
        if email != "d3@example.org":  # d3 does not come: d3's round-1 partner is free
            _check_in(client, event_id, attendee_id)
    token = csrf_token(client, f"/events/{event_id}/checkin")
    client.post(f"/events/{event_id}/walk-ins", data={
        "csrf_token": token, "name": "Wanda Walk", "email": "Wanda@Example.org", "company": "Late Inc",
        "offers": "fundraising", "needs": "legal advice"})
    assert _people(app, event_id)["wanda@example.org"][1] == "present"
    _repair(client, event_id, 1)
    round1 = [p for p in _current_pairs(app, event_id) if p[2] == 1]
    assert any("wanda@example.org" in p[:2] for p in round1)
    html = client.get(f"/events/{event_id}/live?q=wanda").get_data(as_text=True)
    assert "Wanda Walk" in html


def test_live_screen_shows_round_counts_repair_status_and_searches(app, client, org):
    event_id = dayof_event(app, 6, organizer_id=org)
    people = _people(app, event_id)
    _check_in(client, event_id, people["d0@example.org"][0])
    _check_in(client, event_id, people["d1@example.org"][0], "absent")
    html = client.get(f"/events/{event_id}/live").get_data(as_text=True)
    assert "Round 1" in html and 'id="countdown"' in html
    assert "<strong>1</strong> present" in html
    assert "Not run yet" in html
    html = client.get(f"/events/{event_id}/live?q=Day Person 4").get_data(as_text=True)
    assert "Day Person 4" in html and "Day Person 2 " not in html


def test_partner_change_email_only_for_those_who_asked(app, client, org):
    event_id = dayof_event(app, 6, organizer_id=org)
    with app.app_context():
        for attendee in db.session.scalars(select(Attendee).where(Attendee.event_id == event_id)):
            attendee.notify_changes = attendee.email in ("d0@example.org", "d4@example.org")
        db.session.commit()
    people = _people(app, event_id)
    for email, (attendee_id, _) in people.items():
        if email not in ("d1@example.org", "d2@example.org"):
            _check_in(client, event_id, attendee_id)
    _repair(client, event_id, 1)
    with app.app_context():
        rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "partner_change")).all()
        told = {db.session.get(Attendee, r.attendee_id).email for r in rows}
        touched = {e for m in db.session.scalars(select(Match).where(
            Match.event_id == event_id, Match.round == 1,
            Match.dissolved_at.is_not(None) | Match.repaired_at.is_not(None))) for e in (m.a.email, m.b.email)}
    # Only people who asked, and only among those whose round-1 partner changed.
    assert told and told <= {"d0@example.org", "d4@example.org"} & touched


def test_attendee_page_shows_the_new_partner_and_why(app, client, org):
    event_id = dayof_event(app, 6, organizer_id=org)
    people = _people(app, event_id)
    for email, (attendee_id, _) in people.items():
        if email not in ("d1@example.org", "d2@example.org"):  # their round-1 partners d0 and d5 meet instead
            _check_in(client, event_id, attendee_id)
    _repair(client, event_id, 1)
    with app.app_context():
        created = db.session.scalar(select(Match).where(Match.event_id == event_id, Match.repaired_at.is_not(None)))
        assert created is not None
        viewer, partner = created.a, created.b
        token = token_of(viewer)
        db.session.commit()
        partner_name, question = partner.name, created.questions_for_a[0]
    html = unescape(app.test_client().get(f"/m/{token}").get_data(as_text=True))
    assert "New partner for this round" in html and partner_name in html
    card = html.split("New partner for this round", 1)[1].split("</article>", 1)[0]
    assert '<ul class="help-lines"><li>' in card  # why they meet, built from the new pair's evidence
    assert question in html  # the why: the new pair's own questions, like any other match


def test_worker_repairs_each_round_once_when_due(app):
    from web.services.events import round_start
    from web.services.repairs import due_repairs, run_due_repairs

    event_id = dayof_event(app, 6)
    with app.app_context():
        event = db.session.get(Event, event_id)
        for attendee in db.session.scalars(select(Attendee).where(Attendee.event_id == event_id)):
            attendee.presence = "" if attendee.email in ("d1@example.org", "d2@example.org") else "present"
        db.session.commit()
        start = round_start(event, 1).astimezone(dt.timezone.utc).replace(tzinfo=None)
        assert due_repairs(start - dt.timedelta(minutes=6)) == []  # default: 5 minutes before
        assert due_repairs(start - dt.timedelta(minutes=4)) == [(event_id, 1)]
        done = run_due_repairs(start - dt.timedelta(minutes=4), commit=db.session.commit)
        assert [(e, r) for e, r, _ in done] == [(event_id, 1)] and done[0][2].changed
        assert db.session.get(Event, event_id).repairs["1"]["auto"] is True
        assert due_repairs(start - dt.timedelta(minutes=3)) == []  # once per round
        assert due_repairs(start + dt.timedelta(minutes=1)) == []  # round 1 started: too late


def test_worker_skips_an_event_without_check_in(app):
    from web.services.events import round_start
    from web.services.repairs import run_due_repairs

    event_id = dayof_event(app, 6)
    with app.app_context():
        event = db.session.get(Event, event_id)
        start = round_start(event, 1).astimezone(dt.timezone.utc).replace(tzinfo=None)
        before = _current_pairs_in(event_id)
        done = run_due_repairs(start - dt.timedelta(minutes=2), commit=db.session.commit)
        assert done == [(event_id, 1, None)]
        assert _current_pairs_in(event_id) == before  # nobody checked in: nothing dissolved
        assert db.session.get(Event, event_id).repairs["1"]["skipped"]


def _current_pairs_in(event_id):
    rows = db.session.scalars(select(Match).where(Match.event_id == event_id, Match.dissolved_at.is_(None)))
    return {(m.a_id, m.b_id, m.round) for m in rows}
