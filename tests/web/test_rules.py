"""Pins and forbids: set through the rules page, honoured by the next matching run."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.builders import attendee_csv, import_people
from tests.helpers import csrf_token, signed_in_event


def _pairs(app, event_id) -> set[tuple[str, str]]:
    from web.extensions import db
    from web.models import Match

    with app.app_context():
        return {tuple(sorted((m.a.email, m.b.email)))
                for m in db.session.scalars(select(Match).where(Match.event_id == event_id))}


def _emails(app, event_id) -> list[str]:
    from web.extensions import db
    from web.models import Attendee

    with app.app_context():
        return list(db.session.scalars(select(Attendee.email).where(Attendee.event_id == event_id)
                                       .order_by(Attendee.id)))


def _post_rules(client, event_id, **data):
    data["csrf_token"] = csrf_token(client, f"/events/{event_id}/rules")
    return client.post(f"/events/{event_id}/rules", data=data)


def _run(client, event_id):
    token = csrf_token(client, f"/events/{event_id}/rules")
    assert client.post(f"/events/{event_id}/matching", data={"csrf_token": token}).status_code == 302


def test_pins_are_kept_and_forbids_absent_after_rerun(app, client):
    event_id = signed_in_event(app, client)
    import_people(app, event_id, attendee_csv(14, seed=5))
    _run(client, event_id)
    before = _pairs(app, event_id)
    emails = _emails(app, event_id)
    forbid = sorted(before)[0]
    pin = next(tuple(sorted((a, b))) for a in emails for b in emails if a < b and (a, b) not in before)

    page = client.get(f"/events/{event_id}/rules").get_data(as_text=True)
    assert f'<option value="{emails[0]}">' in page and "No rules." in page
    assert _post_rules(client, event_id, a=pin[0], b=pin[1], kind="pin").status_code == 302
    assert _post_rules(client, event_id, a=forbid[1], b=forbid[0], kind="forbid").status_code == 302
    page = client.get(f"/events/{event_id}/rules").get_data(as_text=True)
    assert "Pair forbidden." in page and pin[0] in page and ">always paired<" in page and ">never paired<" in page

    _run(client, event_id)
    after = _pairs(app, event_id)
    assert pin in after and forbid not in after
    _run(client, event_id)  # a second run keeps honouring the rules
    assert pin in _pairs(app, event_id) and forbid not in _pairs(app, event_id)

    page = client.get(f"/events/{event_id}/rules").get_data(as_text=True)
    rule_ids = re.findall(r'name="delete" value="(\d+)"', page)
    assert len(rule_ids) == 2
    assert _post_rules(client, event_id, delete=rule_ids[0]).status_code == 302
    assert len(re.findall(r'name="delete"', client.get(f"/events/{event_id}/rules").get_data(as_text=True))) == 1


def test_bad_rules_are_refused_with_a_reason(app, client):
    event_id = signed_in_event(app, client)
    import_people(app, event_id, attendee_csv(4))
    a = _emails(app, event_id)[0]
    same = _post_rules(client, event_id, a=a, b=a, kind="pin")
    assert same.status_code == 400 and "two different attendees" in same.get_data(as_text=True)
    unknown = _post_rules(client, event_id, a=a, b="nobody@example.org", kind="forbid")
    assert unknown.status_code == 400 and "nobody@example.org" in unknown.get_data(as_text=True)
    assert _post_rules(client, event_id, delete="999").status_code == 400
    assert _post_rules(client, event_id, delete="abc").status_code == 400


def test_setting_a_pair_again_replaces_its_rule(app):
    import datetime as dt

    from web.extensions import db
    from web.models import Attendee, Event, Organizer, PairRule
    from web.services.pair_rules import set_rule

    with app.app_context():
        event = Event(organizer=Organizer(email="o@example.org", password_hash="x"), name="E",
                      starts_at=dt.datetime(2030, 1, 1, 18))
        event.attendees = [Attendee(email="a@example.org", name="A"), Attendee(email="b@example.org", name="B")]
        db.session.add(event)
        db.session.flush()
        set_rule(event, "a@example.org", "b@example.org", "pin")
        rule = set_rule(event, " B@Example.org ", "a@example.org", "forbid")
        db.session.commit()
        assert db.session.scalars(select(PairRule)).all() == [rule] and rule.kind == "forbid"
        assert rule.a_id < rule.b_id
