"""The profile phase: settings, invitations and reminders at the right times, the guided form, the deadline run."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.builders import linked_event
from tests.helpers import create_organizer, csrf_token, same_origin, sign_in
from web.extensions import db
from web.mail.render import Skip, compose
from web.models import Attendee, Event, MatchingJob, OutboxMessage, Wish, utcnow
from web.services import profile_phase
from web.services.exceptions import Invalid

NOW = dt.datetime(2026, 10, 1, 12, 0)  # UTC; the linked event starts 2026-10-25 18:00 Paris
OPEN = dt.datetime(2100, 1, 1)  # profiles stay editable whatever today's date


def _event():
    return db.session.scalar(select(Event))


def _person(email):
    return db.session.scalar(select(Attendee).where(Attendee.email == email))


def _rows(kind):
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)
                              .order_by(OutboxMessage.attendee_id)).all()


@pytest.fixture
def phase(app):
    """The four-person event, not matched yet, with a deadline on 20 October 18:00 Paris; Ben opted out."""
    with app.test_request_context():
        tokens = linked_event(published=False, edit_until=OPEN)
        event = _event()
        event.matched_at = None
        for m in list(event.matches):
            db.session.delete(m)
        _person("ben@example.org").opted_out_at = utcnow()
        profile_phase.update_settings(event, deadline=dt.datetime(2026, 10, 20, 18, 0), topics="Fundraising\nHiring",
                                      now=NOW)
        db.session.commit()
    return tokens


def test_the_deadline_is_stored_in_utc_and_must_come_before_the_event(app, phase):
    with app.test_request_context():
        event = _event()
        assert event.profile_deadline == dt.datetime(2026, 10, 20, 16, 0)  # 18:00 in Paris, summer time
        assert event.topics == ["Fundraising", "Hiring"]
        with pytest.raises(Invalid, match="before the event starts"):
            profile_phase.update_settings(event, deadline=dt.datetime(2026, 10, 26, 9, 0), now=NOW)
        with pytest.raises(Invalid, match="future"):
            profile_phase.update_settings(event, deadline=dt.datetime(2026, 9, 1, 9, 0), now=NOW)


def test_invitation_now_reminder_48_hours_before_the_deadline_day_before_at_ten(app, phase):
    with app.test_request_context():
        event = _event()
        assert profile_phase.invite(event, now=NOW) == 3  # Ben opted out
        assert profile_phase.invite(event, now=NOW) == 0  # idempotent
        invites, reminders, day_before = _rows("profile_invite"), _rows("profile_reminder"), _rows("day_before")
        assert [r.due_at for r in invites] == [NOW] * 3
        assert {r.due_at for r in reminders} == {dt.datetime(2026, 10, 18, 16, 0)}
        # 24 October 10:00 in Paris, still summer time (UTC+2).
        assert {r.due_at for r in day_before} == {dt.datetime(2026, 10, 24, 8, 0)}
        assert _person("ben@example.org").id not in {r.attendee_id for r in invites}
        # Moving the deadline moves the queued reminders.
        profile_phase.update_settings(event, deadline=dt.datetime(2026, 10, 22, 9, 0), now=NOW)
        assert {r.due_at for r in _rows("profile_reminder")} == {dt.datetime(2026, 10, 20, 7, 0)}


def test_no_reminder_when_the_deadline_is_less_than_48_hours_away(app, phase):
    with app.test_request_context():
        event = _event()
        profile_phase.invite(event, now=dt.datetime(2026, 10, 19, 12, 0))
        assert len(_rows("profile_invite")) == 3 and _rows("profile_reminder") == []


def test_the_reminder_skips_complete_profiles_and_the_invitation_links_the_page(app, phase):
    with app.test_request_context():
        event = _event()
        profile_phase.invite(event, now=NOW)
        ana, cleo = _person("ana@example.org"), _person("cleo@example.org")
        cleo.needs = ""
        with pytest.raises(Skip, match="complete"):
            compose("profile_reminder", event, ana, now=NOW)
        msg = compose("profile_reminder", event, cleo, now=NOW)
        assert "Cléo" in msg.get_body(("plain",)).get_content()
        invite = compose("profile_invite", event, ana, now=NOW)
        text = invite.get_body(("plain",)).get_content()
        assert "https://matchmaker.test/m/" in text and "Tuesday, October 20 at 6:00" in text
        assert invite["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        french = compose("profile_invite", event, _person("ben@example.org"), now=NOW)
        assert "mardi 20 octobre à 18:00" in french.get_body(("plain",)).get_content()
        with pytest.raises(Skip, match="passed"):
            compose("profile_invite", event, ana, now=dt.datetime(2026, 10, 21))


def test_day_before_lists_partners_times_and_places_once_published(app):
    with app.test_request_context():
        linked_event(meeting_point="Table {table}, hall B")
        event = _event()
        ana = _person("ana@example.org")
        msg = compose("day_before", event, ana, now=NOW)
        text = msg.get_body(("plain",)).get_content()
        assert "Sunday, October 25" in text and "Halle 9" in text
        for name in ("Ben Cole", "Cléo Petit", "Dan Roy"):
            assert name in text
        assert "6:00\u202fPM" in text and "hall B" in text
        french = compose("day_before", event, _person("ben@example.org"), now=NOW).get_body(("plain",)).get_content()
        assert "dimanche 25 octobre" in french and "Ana Martin" in french


def test_guided_form_saves_topics_and_listing_and_the_hint_is_computed_on_the_server(app, client, phase):
    token = phase["ana@example.org"]
    page = client.get(f"/m/{token}").get_data(as_text=True)
    assert "What I can help with" in page and 'name="offer_topics" value="Fundraising"' in page
    csrf = csrf_token(client, f"/m/{token}")
    data = {"csrf_token": csrf, "offers": "Python back ends and PostgreSQL tuning for young companies",
            "needs": "An investor for a seed round of a climate software company",
            "interests": "cycling", "linkedin": "", "language": "en", "listed": "1",
            "offer_topics": ["Hiring"], "need_topics": ["Fundraising"]}
    strength = client.post(f"/m/{token}/strength", data=data).get_json()
    assert strength["level"] == "strong" and "LinkedIn" in strength["hint"]
    weak = client.post(f"/m/{token}/strength", data={**data, "needs": ""}).get_json()
    assert weak["level"] == "weak" and "looking for" in weak["hint"]
    assert client.post(f"/m/{token}/guided", data=data).status_code == 302
    with app.test_request_context():
        ana = _person("ana@example.org")
        assert ana.listed and ana.offer_topics == ["Hiring"] and ana.need_topics == ["Fundraising"]
        assert ana.needs.startswith("An investor")
    bad = client.post(f"/m/{token}/guided", data={**data, "offer_topics": ["Made up"]}, follow_redirects=True)
    assert "Choose topics from the organizer" in bad.get_data(as_text=True)


def test_topics_reach_the_engine_through_the_offers_and_needs(app, phase):
    from web.services.engine_adapter import engine_attendee

    with app.test_request_context():
        ana = _person("ana@example.org")
        ana.offer_topics, ana.need_topics = ["Hiring"], ["Fundraising"]
        profile = engine_attendee(ana)
        assert "Hiring" in profile.offers and "Fundraising" in profile.needs


def test_organizer_sets_the_phase_invites_and_sees_completeness(app, client):
    from web.passwords import hash_password

    same_origin(client)
    with app.test_request_context():
        linked_event(published=False, edit_until=OPEN, starts_at=dt.datetime(2031, 6, 12, 19, 0))
        event = _event()
        event.organizer.password_hash = hash_password("correct horse battery")
        event.matched_at = None
        for m in list(event.matches):
            db.session.delete(m)
        _person("dan@example.org").needs = ""
        _person("cleo@example.org").offers = _person("cleo@example.org").needs = ""
        db.session.commit()
        event_id = event.id
    sign_in(client)
    csrf = csrf_token(client, f"/events/{event_id}")
    response = client.post(f"/events/{event_id}/profile-phase", data={
        "csrf_token": csrf, "deadline": "2031-06-05T18:00", "topics": "Fundraising\nHiring",
        "match_at_deadline": "1", "publish_at_deadline": "1"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Profile phase saved." in html
    assert 'value="2031-06-05T18:00"' in html
    assert "2</strong> of 4 profiles are complete" in html
    assert "1</strong> profile still empty" in html
    html = client.post(f"/events/{event_id}/profile-phase/invite", data={"csrf_token": csrf},
                       follow_redirects=True).get_data(as_text=True)
    assert "4 invitations queued." in html
    with app.test_request_context():
        assert len(_rows("profile_invite")) == 4


def test_the_deadline_queues_the_matching_and_publishes_when_asked(app, phase):
    from web.services.matching_jobs import run_job

    with app.test_request_context():
        event = _event()
        event.match_at_deadline = event.publish_at_deadline = True
        db.session.commit()
        assert profile_phase.run_due(dt.datetime(2026, 10, 20, 15, 59))["matchings"] == 0
        assert profile_phase.run_due(dt.datetime(2026, 10, 20, 16, 0))["matchings"] == 1
        assert profile_phase.run_due(dt.datetime(2026, 10, 20, 16, 1))["matchings"] == 0  # once
        job = db.session.scalar(select(MatchingJob))
        assert job.status == "queued" and _event().published_at is None
        job.status = "running"
        run_job(job)
        db.session.commit()
        assert profile_phase.run_due(dt.datetime(2026, 10, 20, 16, 2))["published"] == 1
        assert _event().published_at is not None and len(_rows("invitation")) == 3  # Ben opted out


def test_wishes_reach_the_matching_and_the_page_says_who_asked(app, client, phase):
    from web.services.matching_jobs import start_matching
    from web.services.publishing import publish

    with app.test_request_context():
        ana, ben, cleo = (_person(e) for e in ("ana@example.org", "ben@example.org", "cleo@example.org"))
        cleo.listed = True  # a wish made on the page counts while its target is listed
        db.session.add_all([Wish(event_id=ana.event_id, attendee_id=ana.id, other_id=cleo.id, kind="meet",
                                 source="page"),
                            Wish(event_id=ana.event_id, attendee_id=ben.id, other_id=ana.id, kind="meet",
                                 source="file")])
        event = _event()
        job = start_matching(event, run_now=True)
        assert job.status == "done", job.error
        assert event.match_stats["wishes"]["asked"] == 2 and event.match_stats["wishes"]["honoured"] == 2
        publish(event)
        db.session.commit()
    html = client.get(f"/m/{phase['ana@example.org']}").get_data(as_text=True)
    assert "You asked to meet Cléo Petit." in html
    assert "Ben Cole asked to meet you." in html
    html = client.get(f"/m/{phase['cleo@example.org']}").get_data(as_text=True)
    assert "Ana Martin asked to meet you." in html and "You asked" not in html


def test_file_column_becomes_wishes_at_import(app):
    from tests.builders import bare_event, import_people

    organizer_id = create_organizer(app)
    event_id = bare_event(app, organizer_id)
    data = ("E-mail;Nom complet;Souhaite rencontrer\n"
            "a@x.org;Anna;\"b@x.org; c@x.org; nobody@x.org\"\n"
            "b@x.org;Bruno;a@x.org\nc@x.org;Chloé;\n").encode()
    import_people(app, event_id, data)
    with app.test_request_context():
        rows = db.session.execute(select(Wish.attendee_id, Wish.other_id, Wish.source)).all()
        ids = dict(db.session.execute(select(Attendee.email, Attendee.id)).all())
        assert sorted(rows) == sorted([(ids["a@x.org"], ids["b@x.org"], "file"),
                                       (ids["a@x.org"], ids["c@x.org"], "file"),
                                       (ids["b@x.org"], ids["a@x.org"], "file")])


def test_deadline_shown_in_the_attendee_language(app, client, phase):
    html = client.get(f"/m/{phase['ben@example.org']}").get_data(as_text=True)
    assert "mardi 20 octobre à 18:00" in html  # in the event's zone, in Ben's language


def test_the_jobs_worker_runs_the_matching_once_the_deadline_has_passed(app, runner):
    with app.test_request_context():
        linked_event(published=False, edit_until=OPEN)
        event = _event()
        event.matched_at = None
        for m in list(event.matches):
            db.session.delete(m)
        event.profile_deadline = utcnow() - dt.timedelta(minutes=1)
        event.match_at_deadline = True
        db.session.commit()
    result = runner.invoke(args=["jobs", "worker", "--once"])
    assert result.exit_code == 0, result.output
    with app.test_request_context():
        event = _event()
        assert event.matched_at is not None and len(event.matches) == 6
        assert event.published_at is None  # the organizer reviews first unless asked otherwise
        assert db.session.get(MatchingJob, event.deadline_job_id).status == "done"


def test_published_events_get_their_day_before_reminder_from_the_worker(app):
    with app.test_request_context():
        linked_event(starts_at=dt.datetime(2026, 10, 25, 18, 0))
        ben = _person("ben@example.org")
        ben.opted_out_at = utcnow()
        assert profile_phase.run_due(dt.datetime(2026, 10, 20, 12, 0))["day_before"] == 0  # not within days yet
        assert profile_phase.run_due(dt.datetime(2026, 10, 23, 12, 0))["day_before"] == 3  # Ben opted out
        assert profile_phase.run_due(dt.datetime(2026, 10, 23, 12, 5))["day_before"] == 0  # once
        assert {r.due_at for r in _rows("day_before")} == {dt.datetime(2026, 10, 24, 8, 0)}
        db.session.add(Attendee(event=_event(), email="late@example.org", name="Late Comer"))
        db.session.flush()
        assert profile_phase.run_due(dt.datetime(2026, 10, 24, 9, 0))["day_before"] == 0  # too late for "tomorrow"
