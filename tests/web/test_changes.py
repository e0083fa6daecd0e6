"""Changes after publishing: minimal-change re-matching, updated and cancelled calendar entries,
settings changes that reach everybody, and the change log."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar
from sqlalchemy import func, select

from tests.builders import mail_event
from tests.helpers import csrf_token, sign_in
from web.extensions import db
from web.mail.render import compose
from web.models import Attendee, Event, Match, Organizer, OutboxMessage
from web.services import change_log, rematching


def _pairs(event_id):
    rows = db.session.execute(select(Match.a_id, Match.b_id, Match.round).where(Match.event_id == event_id))
    return {(a, b, r) for a, b, r in rows}


def _late(event_id, email="late@example.org", company="Late Co"):
    person = Attendee(event_id=event_id, email=email, name="Léa Tardive", company=company, role="CTO",
                      offers="offer 7 and need 12", needs="need 3 and offer 9")
    db.session.add(person)
    db.session.flush()
    return person


def _calendars(msg):
    out = {}
    for part in msg.iter_attachments():
        out[part.get_filename()] = Calendar.from_ical(part.get_payload(decode=True))
    return out


def test_one_late_registration_in_200_people_changes_only_the_pairs_it_must(app):
    event_id = mail_event(app, 200)
    with app.app_context():
        event = db.session.get(Event, event_id)
        before = _pairs(event_id)
        assert len(before) == 300
        late = _late(event_id)
        change_log.record_attendee_change(event, source="api", new=[late.email])
        plan = rematching.plan(event)
        # A newcomer needs three partners; everybody else already has three, so each of the
        # newcomer's partners costs at most one broken pair: at most 3 removed, 3 + 3 added.
        assert len(plan.removed) <= 3 and len(plan.added) <= 6
        assert len(plan.result.kept) >= 300 - 3
        change = rematching.apply(event, plan, source="api")
        db.session.commit()
        after = _pairs(event_id)
        assert len(before - after) == len(plan.removed) and len(after - before) == len(plan.added)
        assert sum(1 for a, b, _ in after if late.id in (a, b)) >= 2
        # Nobody is booked twice in a round, nobody has more than three partners.
        seen, degree = set(), {}
        for a, b, r in after:
            for p in (a, b):
                assert (p, r) not in seen
                seen.add((p, r))
                degree[p] = degree.get(p, 0) + 1
        assert max(degree.values()) == 3
        assert change.status == "applied" and change.kind == "attendees"
        touched = set(plan.touched)
        assert late.email in touched and len(touched) <= 1 + 2 * 3
        # The newcomer gets a first invitation, the others an update keyed by this change.
        updates = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "update")).all()
        assert {m.change_id for m in updates} == {change.id}
        assert len(updates) == len(touched) - 1
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.kind == "invitation", OutboxMessage.attendee_id == late.id)) == 1
        # Applying again changes nothing.
        again = rematching.plan(event)
        assert not again.changed


def test_updated_and_cancelled_calendar_entries(app):
    event_id = mail_event(app, 6)
    with app.app_context():
        event = db.session.get(Event, event_id)
        leaving = db.session.scalar(select(Attendee).where(Attendee.email == "p0@example.org"))
        partner_match = db.session.scalars(select(Match).where(
            (Match.a_id == leaving.id) | (Match.b_id == leaving.id))).first()
        partner, match_id = partner_match.partner_of(leaving), partner_match.id
        old = compose("invitation", event, partner)
        old_cal = _calendars(old)["conversations.ics"]
        old_uids = {str(v["uid"]): int(v.get("sequence", 0)) for v in old_cal.walk("VEVENT")}
        change_log.note_departures(event, [leaving], source="upload")
        db.session.delete(leaving)
        db.session.flush()
        change = rematching.apply(event, rematching.plan(event), source="organizer")
        db.session.commit()
        row = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "update",
                                                            OutboxMessage.attendee_id == partner.id))
        assert row is not None and row.change_id == change.id
        db.session.refresh(partner)
        msg = compose("update", event, partner, change_id=change.id)
        cals = _calendars(msg)
        cancel = cals["cancelled.ics"]
        assert str(cancel["method"]) == "CANCEL"
        cancelled = list(cancel.walk("VEVENT"))
        uid = f"match-{match_id}-{partner.id}@matchmaker.test"
        assert [str(v["uid"]) for v in cancelled] == [uid] and uid in old_uids
        assert int(cancelled[0]["sequence"]) > old_uids[uid]
        assert str(cancelled[0]["status"]) == "CANCELLED"
        updated = cals["conversations.ics"]
        for vevent in updated.walk("VEVENT"):
            if str(vevent["uid"]) in old_uids:
                assert int(vevent["sequence"]) > old_uids[str(vevent["uid"])]
        assert "Person 0" in msg.get_body(("plain",)).get_content()
        assert "have changed" in msg["Subject"]


def test_event_time_change_reinvites_everybody_with_updated_calendar(app, client):
    event_id = mail_event(app, 6)
    with app.app_context():
        organizer = db.session.scalar(select(Organizer))
        from web.passwords import hash_password
        organizer.password_hash = hash_password("correct horse battery")
        db.session.commit()
    sign_in(client)
    token = csrf_token(client, f"/events/{event_id}/edit")
    form = client.get(f"/events/{event_id}/edit").get_data(as_text=True)
    assert form
    with app.app_context():
        event = db.session.get(Event, event_id)
        before = change_log.settings_snapshot(event)
        event.starts_at = event.starts_at + dt.timedelta(hours=1)
        change = change_log.settings_changed(event, before)
        db.session.commit()
        assert change is not None and change.kind == "settings" and "starts_at" in change.details["fields"]
        updates = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "update")).all()
        assert len(updates) == 6 and len(change.notified) == 6
        person = db.session.get(Attendee, updates[0].attendee_id)
        cal = _calendars(compose("update", event, person, change_id=change.id))["conversations.ics"]
        starts = sorted(v.decoded("dtstart") for v in cal.walk("VEVENT"))
        assert starts[0].hour == 19 and all(int(v["sequence"]) == 1 for v in cal.walk("VEVENT"))
    assert token


def test_updated_invitation_in_french(app):
    event_id = mail_event(app, 4, languages=("fr",))
    with app.app_context():
        event = db.session.get(Event, event_id)
        before = change_log.settings_snapshot(event)
        event.venue = "Le Hangar"
        change = change_log.settings_changed(event, before)
        db.session.commit()
        person = db.session.scalar(select(Attendee).where(Attendee.email == "p1@example.org"))
        msg = compose("update", event, person, change_id=change.id)
        assert msg["Subject"] == "Vos conversations à Tech & Co <Meetup> ont changé"
        text = msg.get_body(("plain",)).get_content()
        assert "le fichier de calendrier joint remplace le précédent" in text
        location = _calendars(msg)["conversations.ics"].walk("VEVENT")[0]["location"]
        assert "Le Hangar" in str(location)


def test_a_new_company_that_makes_a_pair_colleagues_removes_only_that_pair(app):
    from web.services.attendee import update_profile

    event_id = mail_event(app, 6)
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.profile_edit_until = dt.datetime(2100, 1, 1)
        p0, p1 = (db.session.scalar(select(Attendee).where(Attendee.email == f"p{i}@example.org")) for i in (0, 1))
        assert db.session.scalar(select(Match).where(Match.a_id == min(p0.id, p1.id), Match.b_id == max(p0.id, p1.id)))
        update_profile(p0, name=p0.name, company=p1.company, role=p0.role, bio="", offers=p0.offers, needs=p0.needs,
                       interests="", linkedin="", language="en")
        pending = change_log.pending_change(event)
        assert pending is not None and pending.details["updated"] == ["p0@example.org"]
        plan = rematching.plan(event)
        assert [(p["a"], p["b"], p["code"]) for p in plan.removed] == [("p0@example.org", "p1@example.org",
                                                                        "colleagues")]
        change = rematching.apply(event, plan, source="organizer")
        assert change.status == "applied" and {"p0@example.org", "p1@example.org"} <= set(change.notified)
        assert rematching.plan(event).pending is None
