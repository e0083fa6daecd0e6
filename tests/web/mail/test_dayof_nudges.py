"""Nudges only for conversations that happened; without check-in data they do not assert a meeting."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.builders import mail_event
from web.extensions import db
from web.mail.render import Skip, compose
from web.models import Attendee, Match, PairNote


def _body(msg) -> str:
    return msg.get_body(("plain",)).get_content()


def _p(email):
    return db.session.scalar(select(Attendee).where(Attendee.email == email))


def _match(a, b):
    return db.session.scalar(select(Match).where(Match.a_id == min(a.id, b.id), Match.b_id == max(a.id, b.id)))


NOW = dt.datetime(2026, 6, 12, 8, 0)


@pytest.mark.parametrize("lang, wording", [("en", "If you met"), ("fr", "Si vous avez rencontré")])
def test_without_check_in_the_nudge_does_not_assert_a_meeting(app, lang, wording):
    mail_event(app, 4, languages=(lang,))
    with app.app_context():
        p0, p1 = _p("p0@example.org"), _p("p1@example.org")
        text = _body(compose("nudge", p0.event, p0, _match(p0, p1), now=NOW))
        assert wording in text
        assert "You met" not in text and "Vous avez rencontré" not in text


def test_with_check_in_absent_pairs_get_nothing_and_present_pairs_are_told_they_met(app):
    mail_event(app, 4)
    with app.app_context():
        p0, p1, p2, p3 = (_p(f"p{i}@example.org") for i in range(4))
        for person in (p0, p1, p2):
            person.presence = "present"
        p3.presence = "absent"
        db.session.commit()
        text = _body(compose("nudge", p0.event, p0, _match(p0, p1), now=NOW))
        assert "You met Person 1" in text
        with pytest.raises(Skip):
            compose("nudge", p0.event, p0, _match(p0, p3), now=NOW)
        with pytest.raises(Skip):
            compose("nudge", p3.event, p3, _match(p0, p3), now=NOW)
        # The bundle and the reminder leave the conversation out, keep the others.
        bundle = _body(compose("nudge_bundle", p0.event, p0, now=NOW))
        assert "Person 1" in bundle and "Person 3" not in bundle


def test_we_met_wins_over_a_missing_check_in(app):
    mail_event(app, 4)
    with app.app_context():
        p0, p1, p3 = _p("p0@example.org"), _p("p1@example.org"), _p("p3@example.org")
        p0.presence, p1.presence = "present", "present"  # check-in in use; p3 never checked in
        match = _match(p0, p3)
        db.session.add(PairNote(match_id=match.id, attendee_id=p3.id, met=True))
        db.session.commit()
        assert "You met Person 3" in _body(compose("nudge", p0.event, p0, match, now=NOW))


def test_a_dissolved_pair_gets_no_nudge(app):
    mail_event(app, 4)
    with app.app_context():
        p0, p1 = _p("p0@example.org"), _p("p1@example.org")
        match = _match(p0, p1)
        match.dissolved_at = NOW
        db.session.commit()
        with pytest.raises(Skip):
            compose("nudge", p0.event, p0, match, now=NOW)


@pytest.mark.parametrize("lang, new_partner, cancelled", [
    ("en", "You now meet Person 3 instead.", "nobody else is free at that time"),
    ("fr", "Vous rencontrez Person 3 à la place.", "personne d'autre n'est libre"),
])
def test_partner_change_email_names_the_new_partner_or_says_nobody_is_free(app, lang, new_partner, cancelled):
    mail_event(app, 4, languages=(lang,))
    with app.app_context():
        p0, p1, p3 = _p("p0@example.org"), _p("p1@example.org"), _p("p3@example.org")
        old = _match(p0, p1)
        old.dissolved_at = NOW
        rnd = old.round
        other = _match(p0, p3)
        other.round = rnd  # p3 replaces p1 in that round
        db.session.commit()
        msg = compose("partner_change", p0.event, p0, other, now=NOW)
        assert new_partner in _body(msg)
        other.dissolved_at = NOW
        db.session.commit()
        msg = compose("partner_change", p0.event, p0, old, now=NOW)
        assert cancelled in _body(msg)
