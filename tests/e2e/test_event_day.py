"""A simulated event day in a real browser: check-in by the attendee's page and by the organizer's list on a
phone, 25% absent, a walk-in added at the door (their private page opened from the link shown with its QR
code), round 2 re-paired from the live screen, and the pages of the people whose partner changed, the
walk-in's included, showing the new partner with why.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from tests.builders import dayof_event, token_of

from .conftest import PASSWORD, PHONE, screenshot, sign_in
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.e2e

ABSENT = ("d1@example.org", "d4@example.org", "d10@example.org")  # 3 of 12


def _setup(app):
    from web.extensions import db
    from web.models import Organizer
    from web.passwords import hash_password

    now = dt.datetime.now(ZoneInfo("Europe/Paris")).replace(tzinfo=None, second=0, microsecond=0)
    starts = now - dt.timedelta(minutes=5)  # round 1 under way, round 2 next
    if starts.date() != now.date():
        pytest.skip("too close to midnight in Paris for an event-day simulation")
    with app.app_context():
        organizer = Organizer(email="dayof-e2e@example.org", name="Day", password_hash=hash_password(PASSWORD))
        db.session.add(organizer)
        db.session.commit()
        organizer_id = organizer.id
    event_id = dayof_event(app, 12, starts_at=starts, organizer_id=organizer_id)
    return event_id


def _tokens(app, event_id):
    from web.extensions import db
    from web.models import Attendee

    with app.app_context():
        people = db.session.scalars(select(Attendee).where(Attendee.event_id == event_id)).all()
        tokens = {a.email: token_of(a) for a in people}
        db.session.commit()
    return tokens


def test_event_day(new_context, live_server):
    from playwright.sync_api import expect

    from web.extensions import db
    from web.models import Attendee, Match

    app = live_server.app
    event_id = _setup(app)
    tokens = _tokens(app, event_id)

    # An attendee checks in from their page, one tap, on a phone.
    phone = new_context(**PHONE).new_page()
    phone.goto(f"/m/{tokens['d0@example.org']}")
    phone.get_by_role("button", name="I'm here").click()
    expect(phone.locator("main")).to_contain_text("You are checked in.")
    screenshot(phone, "day-01-attendee-checked-in")

    # The organizer, on a phone too, checks everybody else in from the searchable list, and marks 25% absent.
    org = new_context(**PHONE).new_page()
    sign_in(org, "dayof-e2e@example.org")
    for i in range(1, 12):
        email = f"d{i}@example.org"
        org.goto(f"/events/{event_id}/checkin")
        org.get_by_label("Name, e-mail or company").fill(email)
        org.get_by_role("button", name="Search").click()
        row = org.locator("li.card", has_text=email)
        expect(row).to_have_count(1)
        row.get_by_role("button", name="Mark absent" if email in ABSENT else "Check in").click()
        expect(org.locator("li.card", has_text=email)).to_contain_text("Absent" if email in ABSENT else "Present")
    screenshot(org, "day-02-checkin-list")

    # A walk-in at the door.
    org.goto(f"/events/{event_id}/checkin")
    org.get_by_label("Name", exact=True).fill("Wanda Walk")
    org.get_by_label("E-mail", exact=True).fill("wanda@example.org")
    org.get_by_label("Company", exact=True).fill("Late Inc")
    org.get_by_label("Can help with").fill("legal advice")
    org.get_by_label("Is looking for").fill("fundraising")
    org.get_by_role("button", name="Add and check in").click()
    expect(org.get_by_role("status").first).to_contain_text("Wanda Walk")
    # Their private page at once: a QR code for the walk-in's phone, and the link it holds.
    expect(org.get_by_role("img", name="Private page of Wanda Walk")).to_be_visible()
    walk_in_link = org.locator("#walk-in-link").inner_text()
    screenshot(org, "day-02a-walk-in-link")
    assert_accessible(org, "walk-in link")
    wanda = new_context(**PHONE).new_page()
    wanda.goto(walk_in_link)
    expect(wanda.get_by_role("heading", level=1)).to_contain_text("Wanda Walk")

    # The live screen: round 1 under way, counts, and round 2 re-paired on the organizer's click.
    org.goto(f"/events/{event_id}/live")
    main = org.locator("main")
    expect(main).to_contain_text("Round 1")
    expect(main).to_contain_text("10 present")  # 9 registered + the walk-in
    org.get_by_role("button", name="Re-pair round 2 now").click()
    expect(org.get_by_role("status").first).to_contain_text("Round 2:")
    expect(main).to_contain_text("Done.")
    screenshot(org, "day-03-live-screen")

    with app.app_context():
        rows = db.session.scalars(select(Match).where(Match.event_id == event_id, Match.round == 2,
                                                      Match.dissolved_at.is_(None))).all()
        round2 = {(m.a.email, m.b.email, m.repaired_at is not None) for m in rows}
        walk_in = db.session.scalar(select(Attendee).where(Attendee.email == "wanda@example.org"))
        assert walk_in.walk_in and walk_in.presence == "present"
    busy = [e for a, b, _ in round2 for e in (a, b)]
    assert not set(ABSENT) & set(busy), "absent people left round 2"
    assert len(busy) == len(set(busy)), "nobody double-booked"
    assert "wanda@example.org" in busy, "the walk-in is matched into an open slot"
    new_pairs = [(a, b) for a, b, repaired in round2 if repaired]
    assert new_pairs

    # The pages of people whose partner changed show the new partner, with why.
    a, b = next((a, b) for a, b in new_pairs if a in tokens)
    names = {e: f"Day Person {e[1:].split('@')[0]}" for e in tokens}
    phone.goto(f"/m/{tokens[a]}")
    card = phone.locator("article", has_text="New partner for this round")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Wanda Walk" if b == "wanda@example.org" else names[b])
    expect(card).to_contain_text(re.compile("Questions to start with"))
    screenshot(phone, "day-04-new-partner")

    # The walk-in's own page shows the partner the re-pairing gave them.
    wanda_partner = next(b if a == "wanda@example.org" else a for a, b, _ in round2 if "wanda@example.org" in (a, b))
    wanda.reload()
    card = wanda.locator("article", has_text="New partner for this round")
    expect(card).to_have_count(1)
    expect(card).to_contain_text(names[wanda_partner])
    screenshot(wanda, "day-05-walk-in-partner")
