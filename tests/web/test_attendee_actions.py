"""What an attendee does on the page: notes, profile, e-mail opt-out, deletion; CSRF and rate limits."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from tests.builders import linked_event, token_of
from tests.helpers import csrf_token
from web.extensions import db
from web.models import Attendee, AttendeeLink, Match, OutboxMessage, PairNote, utcnow

OPEN = dt.datetime(2100, 1, 1)  # profile_edit_until far in the future


def _ana():
    return db.session.scalar(select(Attendee).where(Attendee.email == "ana@example.org"))


def _first_match_id():
    return db.session.scalar(select(Match.id).order_by(Match.round, Match.id))


@pytest.fixture
def ana(app, client):
    """Ana's token and a CSRF token from her page, for an event whose profiles are still open."""
    with app.app_context():
        token = linked_event(edit_until=OPEN)["ana@example.org"]
        match_id = _first_match_id()
    return token, csrf_token(client, f"/m/{token}"), match_id


@pytest.mark.parametrize("path", ["met/{m}", "profile", "opt-out", "opt-in", "delete"])
def test_every_form_refuses_a_post_without_csrf(app, client, ana, path):
    token, _, match_id = ana
    response = client.post(f"/m/{token}/" + path.format(m=match_id), data={"confirm": "1", "name": "X"})
    assert response.status_code == 400
    with app.app_context():
        assert _ana() is not None and _ana().name == "Ana Martin"


def test_met_note_is_saved_and_shown(app, client, ana):
    token, csrf, match_id = ana
    data = {"csrf_token": csrf, "met": "1", "topic": "Seed rounds", "detail": "Runs marathons", "rating": "4"}
    response = client.post(f"/m/{token}/met/{match_id}", data=data)
    assert response.status_code == 302 and response.headers["Location"] == f"/m/{token}"
    html = client.get(f"/m/{token}").get_data(as_text=True)
    assert "Your note is saved." in html
    assert 'value="Seed rounds"' in html and 'value="Runs marathons"' in html
    assert '<option value="4" selected>' in html
    client.post(f"/m/{token}/met/{match_id}", data={**data, "topic": "Hiring", "rating": ""})
    with app.app_context():
        notes = db.session.scalars(select(PairNote)).all()
        assert len(notes) == 1  # one note per match and attendee, updated in place
        assert (notes[0].met, notes[0].topic, notes[0].rating) == (True, "Hiring", None)


@pytest.mark.parametrize("field, value, message", [
    ("topic", "x" * 201, "Topic is too long: 201 characters, at most 200."),
    ("detail", "x" * 301, "Personal detail is too long: 301 characters, at most 300."),
    ("rating", "9", "Choose a rating from 1 to 5"),
])
def test_met_note_refuses_bad_values_with_a_clear_message(app, client, ana, field, value, message):
    token, csrf, match_id = ana
    client.post(f"/m/{token}/met/{match_id}", data={"csrf_token": csrf, field: value})
    assert message in client.get(f"/m/{token}").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PairNote)) == 0


def test_note_on_someone_elses_match_is_404(app, client, ana):
    token, csrf, _ = ana
    with app.app_context():
        ana_id = _ana().id
        other = db.session.scalar(select(Match.id).where(Match.a_id != ana_id, Match.b_id != ana_id))
    assert client.post(f"/m/{token}/met/{other}", data={"csrf_token": csrf, "met": "1"}).status_code == 404


def test_note_text_is_escaped(app, client, ana):
    token, csrf, match_id = ana
    client.post(f"/m/{token}/met/{match_id}", data={"csrf_token": csrf, "topic": '"><script>x()</script>'})
    html = client.get(f"/m/{token}").get_data(as_text=True)
    assert "<script>" not in html and "&#34;&gt;&lt;script&gt;" in html


PROFILE = dict(name="Ana  Martin-Durand\r\nBcc: x@evil.example", company="Alpha SA", role="CEO", bio="Hi",
               offers="Rust", needs="Sales", interests="Jazz", linkedin="https://fr.linkedin.com/in/ana",
               language="fr")


def test_profile_edit_while_open(app, client, ana):
    token, csrf, _ = ana
    response = client.post(f"/m/{token}/profile", data={**PROFILE, "csrf_token": csrf})
    assert response.status_code == 302
    html = client.get(f"/m/{token}").get_data(as_text=True)
    assert "Votre profil est enregistré." in html  # she chose French
    with app.app_context():
        ana = _ana()
        assert ana.name == "Ana Martin-Durand Bcc: x@evil.example"  # no line break can reach a header
        assert (ana.offers, ana.linkedin, ana.language) == ("Rust", "https://fr.linkedin.com/in/ana", "fr")


@pytest.mark.parametrize("field, value, message", [
    ("name", "  ", "Your name cannot be empty."),
    ("linkedin", "javascript:alert(1)", "Give your LinkedIn address starting with https://www.linkedin.com/"),
    ("bio", "x" * 2001, "Bio is too long"),
    ("language", "de", "Choose English or French."),
])
def test_profile_refuses_bad_values(app, client, ana, field, value, message):
    token, csrf, _ = ana
    client.post(f"/m/{token}/profile", data={**PROFILE, "language": "en", field: value, "csrf_token": csrf})
    assert message in client.get(f"/m/{token}").get_data(as_text=True)
    with app.app_context():
        assert _ana().company == "Alpha"


def test_profile_edit_refused_after_close(app, client):
    with app.app_context():
        token = linked_event(edit_until=utcnow() - dt.timedelta(minutes=1))["ana@example.org"]
    html = client.get(f"/m/{token}").get_data(as_text=True)
    assert "your profile can no longer be changed" in html and 'name="offers"' not in html
    csrf = csrf_token(client, f"/m/{token}")
    client.post(f"/m/{token}/profile", data={**PROFILE, "csrf_token": csrf})
    assert "Profiles can no longer be changed" in client.get(f"/m/{token}").get_data(as_text=True)
    with app.app_context():
        assert _ana().company == "Alpha"


def test_profile_closes_at_the_event_start_by_default(app, client):
    with app.app_context():  # started one hour ago in Paris, no explicit deadline
        paris = dt.datetime.now(ZoneInfo("Europe/Paris")) - dt.timedelta(hours=1)
        start = paris.replace(tzinfo=None, microsecond=0)
        token = linked_event(starts_at=start)["ana@example.org"]
    assert 'name="offers"' not in client.get(f"/m/{token}").get_data(as_text=True)


def test_opt_out_and_back_in(app, client, ana):
    token, csrf, _ = ana
    client.post(f"/m/{token}/opt-out", data={"csrf_token": csrf})
    with app.app_context():
        assert _ana().opted_out_at is not None and not _ana().wants_mail
    html = client.get(f"/m/{token}").get_data(as_text=True)
    assert "You have opted out" in html and "Receive e-mails again" in html
    client.post(f"/m/{token}/opt-in", data={"csrf_token": csrf})
    with app.app_context():
        assert _ana().opted_out_at is None


def test_delete_needs_the_confirmation_box(app, client, ana):
    token, csrf, _ = ana
    client.post(f"/m/{token}/delete", data={"csrf_token": csrf})
    assert "Tick the box" in client.get(f"/m/{token}").get_data(as_text=True)
    with app.app_context():
        assert _ana() is not None


def test_delete_removes_everything_about_the_attendee(app, client, ana):
    token, csrf, match_id = ana
    client.post(f"/m/{token}/met/{match_id}", data={"csrf_token": csrf, "met": "1", "topic": "x"})
    with app.app_context():
        ana_row = _ana()
        event_id, ana_id = ana_row.event_id, ana_row.id
        for status, key in (("sent", "invitation:1:ana"), ("queued", "nudge:1:ana")):
            db.session.add(OutboxMessage(key=key, kind="invitation", event_id=event_id, attendee_id=ana_id,
                                         due_at=utcnow(), status=status, message_id=f"<{key}@test>"))
        db.session.commit()
        dan_token = token_of(db.session.scalar(select(Attendee).where(Attendee.email == "dan@example.org")))
    response = client.post(f"/m/{token}/delete", data={"csrf_token": csrf, "confirm": "1"})
    assert response.status_code == 200
    assert "Your data has been deleted" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get(f"/m/{token}").status_code == 404
    with app.app_context():
        assert _ana() is None
        assert db.session.scalar(select(func.count()).select_from(AttendeeLink).where(
            AttendeeLink.attendee_id == ana_id)) == 0
        assert db.session.scalar(select(func.count()).select_from(Match).where(
            (Match.a_id == ana_id) | (Match.b_id == ana_id))) == 0
        assert db.session.scalar(select(func.count()).select_from(PairNote)) == 0
        rows = {m.status: m.attendee_id for m in db.session.scalars(select(OutboxMessage))}
        assert rows == {"sent": None, "cancelled": None}
    dan = client.get(f"/m/{dan_token}").get_data(as_text=True)
    assert "You have 2 conversations instead of three." in dan and "Ana Martin" not in dan


def test_posts_are_rate_limited_per_link_but_the_page_is_not(app, client, ana):
    token, csrf, _ = ana
    codes = [client.post(f"/m/{token}/opt-in", data={"csrf_token": csrf}).status_code for _ in range(31)]
    assert codes[:30] == [302] * 30 and codes[30] == 429
    assert all(client.get(f"/m/{token}").status_code == 200 for _ in range(40))
