"""In a real browser: what goes out to people is confirmed first, and changes after publishing are reviewed.

- Publishing, publishing again and the bulk sends of the mail page each stop on a page that says how many
  people and when; nothing is queued or moved before "Yes"; follow-ups are refused before the event ends.
  All of it with JavaScript off, and the confirmation pages pass axe-core.
- Minimal-change re-matching: after a late registration, the organizer sees the removed and new pairs
  before anything is written, applies them, and the people concerned get an updated invitation.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from tests.builders import mail_event

from .conftest import PASSWORD, screenshot, sign_in, upload_preview
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.e2e

#: Far enough ahead that the follow-ups are refused ("before the event ends").
STARTS = dt.datetime(2031, 6, 11, 18, 0)
ENDS = dt.datetime(2031, 6, 11, 21, 0)


def _organizer(app, email: str) -> None:
    from web.extensions import db
    from web.models import Organizer
    from web.passwords import hash_password

    with app.app_context():
        db.session.add(Organizer(email=email, name="Camille Org", password_hash=hash_password(PASSWORD)))
        db.session.commit()


def _outbox(app, event_id: int, kind: str, *where) -> int:
    from web.extensions import db
    from web.models import OutboxMessage

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.event_id == event_id, OutboxMessage.kind == kind, *where)) or 0


def _mail_button(page, kind: str, label: str):
    """The button ``label`` of the mail page's row for ``kind`` (found by the form's hidden kind)."""
    return page.locator(f"form:has(input[name='kind'][value='{kind}'])").get_by_role("button", name=label)


def test_publishing_and_bulk_sends_are_confirmed(new_context, live_server):
    from playwright.sync_api import expect

    from web.models import OutboxMessage, utcnow

    app = live_server.app
    email = "confirm-e2e@example.org"
    _organizer(app, email)
    event_id = mail_event(app, 6, starts_at=STARTS, ends_at=ENDS, publish=False, organizer_email=email)
    page = new_context(java_script_enabled=False).new_page()  # plain forms: nothing needs a script
    sign_in(page, email)

    # Publish: a page says how many people get a page and an invitation, and when; nothing is queued yet.
    page.goto(f"/events/{event_id}")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/events/{event_id}/publish$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Publish?")
    summary = page.locator("#publish-summary")
    expect(summary).to_contain_text("6 people get a private page.")
    expect(summary).to_contain_text(re.compile(
        r"6 new invitations go out by e-mail within the next minute \(\d{1,2} \w{3} \d{4}, \d\d:\d\d, Europe/Paris\)"))
    expect(summary).to_contain_text("Follow-ups go out on 12 Jun 2031, 09:00 (Europe/Paris)")
    screenshot(page, "confirm-01-publish")
    checker = new_context(storage_state=page.context.storage_state()).new_page()  # axe-core is a script
    checker.goto(page.url)
    assert_accessible(checker, "publish confirmation")
    assert _outbox(app, event_id, "invitation") == 0
    page.get_by_role("button", name="Yes, publish").click()
    expect(page.get_by_role("status")).to_contain_text("Published: 6 new invitations queued.")
    assert _outbox(app, event_id, "invitation") == 6

    # Publish again: nothing new, said with real plurals.
    page.get_by_role("button", name="Publish again").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Publish again?")
    expect(page.locator("#publish-summary")).to_contain_text("0 new invitations go out")
    expect(page.locator("#publish-summary")).to_contain_text("0 updated invitations are waiting to go out")
    page.get_by_role("button", name="Yes, publish again").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Published again: 0 new invitations queued; 0 updated invitations waiting to go out.")
    assert _outbox(app, event_id, "invitation") == 6

    # Follow-ups before the event ends: the button is disabled and says why; the confirmation refuses too.
    page.goto(f"/events/{event_id}/mail")
    expect(_mail_button(page, "reminder", "Send now")).to_be_disabled()
    expect(page.locator("#why-reminder")).to_contain_text("cannot go out before the event ends")
    page.goto(f"/events/{event_id}/mail/confirm?action=send&kind=reminder")
    expect(page.get_by_role("alert")).to_contain_text("cannot go out before the event ends (11 Jun 2031, 21:00")
    expect(page.get_by_role("button", name="Yes, send now")).to_have_count(0)
    screenshot(page, "confirm-02-followups-refused")

    # Scheduling the reminders: how many people and when (the event's zone), then "Yes".
    page.goto(f"/events/{event_id}/mail")
    _mail_button(page, "reminder", "Schedule").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Schedule?")
    expect(page.locator("main")).to_contain_text("6 people will receive it, on 13 Jun 2031, 21:00 (Europe/Paris).")
    screenshot(page, "confirm-03-schedule")
    page.get_by_role("button", name="Yes, schedule").click()
    expect(page.get_by_role("status")).to_contain_text("Scheduled:")

    # Sending the invitations now: how many e-mails to how many people; nothing moves before "Yes".
    later = utcnow() + dt.timedelta(days=1)
    with app.app_context():
        from web.extensions import db

        db.session.execute(OutboxMessage.__table__.update().where(
            OutboxMessage.event_id == event_id, OutboxMessage.kind == "invitation").values(due_at=later))
        db.session.commit()
    page.goto(f"/events/{event_id}/mail")
    _mail_button(page, "invitation", "Send now").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Send now?")
    expect(page.locator("main")).to_contain_text("6 queued e-mails to 6 people will go out within the next minute")
    assert _outbox(app, event_id, "invitation", OutboxMessage.due_at >= later) == 6
    screenshot(page, "confirm-04-send-now")
    page.get_by_role("button", name="Yes, send now").click()
    expect(page.get_by_role("status")).to_contain_text("6 e-mails will go out within the next minute.")
    assert _outbox(app, event_id, "invitation", OutboxMessage.due_at < later) == 6


LATE_FILE = ("Prénom;Nom;E-mail;Entreprise;Poste;Je peux aider sur;Je recherche\r\n"
             "Léa;Tardive;lea.tardive@exemple.fr;Late SAS;Fondatrice;need 1;offer 2\r\n").encode()


def test_change_review_shows_the_changed_pairs_before_applying(new_context, live_server):
    from playwright.sync_api import expect

    from web.extensions import db
    from web.models import Attendee, CancelledSlot, Match

    app = live_server.app
    email = "review-e2e@example.org"
    _organizer(app, email)
    event_id = mail_event(app, 8, starts_at=STARTS, ends_at=ENDS, organizer_email=email)  # published
    with app.app_context():
        before = {(m.a_id, m.b_id, m.round) for m in db.session.scalars(select(Match).where(Match.event_id == event_id))}
    page = new_context().new_page()
    sign_in(page, email)

    # A late registration, uploaded after publishing.
    upload_preview(page, event_id, LATE_FILE, "retardataire.csv")
    page.get_by_role("button", name="Confirm the import").click()
    page.goto(f"/events/{event_id}")
    page.get_by_role("link", name="Review the pair changes").click()

    # The review: the pairs that go and the pairs that come, and who is told; nothing written yet.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pair changes")
    added = page.locator("ul.added-pairs li")
    expect(added.first).to_contain_text("Léa Tardive")
    new_count = added.count()
    removed_count = page.locator("ul.removed-pairs li").count()
    assert new_count >= 2, "the late registrant gets partners"
    expect(page.get_by_role("heading", name=f"New pairs ({new_count})")).to_be_visible()
    expect(page.get_by_role("heading", name=f"Removed pairs ({removed_count})")).to_be_visible()
    expect(page.locator("main")).to_contain_text("pairs stay as they are.")
    expect(page.locator("main")).to_contain_text(re.compile(r"\d+ people will get an updated invitation"))
    screenshot(page, "review-01-changed-pairs")
    assert_accessible(page, "change review")
    with app.app_context():
        now = {(m.a_id, m.b_id, m.round) for m in db.session.scalars(select(Match).where(Match.event_id == event_id))}
    assert now == before, "the review writes nothing"
    assert _outbox(app, event_id, "update") == 0

    # Applying: the changes are written, and the people concerned get an updated invitation.
    page.get_by_role("button", name="Apply these changes and tell the people concerned").click()
    expect(page.get_by_role("status")).to_contain_text(
        re.compile(rf"{new_count + removed_count} pairs changed; \d+ (person|people) will get an updated invitation\."))
    expect(page.get_by_role("link", name="Review the pair changes")).to_have_count(0)
    screenshot(page, "review-02-applied")
    with app.app_context():
        late = db.session.scalar(select(Attendee).where(Attendee.email == "lea.tardive@exemple.fr"))
        pairs = db.session.scalars(select(Match).where(Match.event_id == event_id)).all()
        after = {(m.a_id, m.b_id, m.round) for m in pairs}
        assert sum(late.id in (m.a_id, m.b_id) for m in pairs) >= 2
        cancelled = db.session.scalar(select(func.count()).select_from(CancelledSlot).where(
            CancelledSlot.event_id == event_id)) or 0
    assert len(after - before) == new_count and len(before - after) == removed_count  # as reviewed
    assert cancelled == 2 * removed_count  # each side of a removed pair gets a cancelled calendar entry
    assert _outbox(app, event_id, "update") >= 1

    # The change log says what changed and who was told.
    page.goto(f"/events/{event_id}/changes")
    expect(page.locator("main")).to_contain_text("lea.tardive@exemple.fr")
    expect(page.locator("main")).to_contain_text("Told:")
