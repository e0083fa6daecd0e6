"""The column mapper in a real browser with JavaScript turned off: the organizer reads an unknown
column as "Looking for", the preview reads the file again, and the import follows the choice."""

from __future__ import annotations

import pytest

from .conftest import create_event, screenshot, sign_up, upload_preview

pytestmark = pytest.mark.e2e

TICKETS = ("Order #,Email,Full name,Your superpower,Mystery\r\n"
           "1001,zoe@example.org,Zoé Martin,levée de fonds,recruter un CTO pour notre startup\r\n"
           "1002,tom@example.org,Tom Smith,hiring engineers,looking for seed investors\r\n").encode()


def test_the_column_mapper_works_without_javascript(new_context, live_server):
    from playwright.sync_api import expect
    from sqlalchemy import select

    page = new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False).new_page()
    sign_up(page, "mapper@example.org")
    event_id = create_event(page, "Mapper night")
    upload_preview(page, event_id, TICKETS, "tickets.csv")
    mystery = page.get_by_label("Read the column “Mystery” as")
    expect(mystery).to_have_value("")  # not recognised: ignored
    expect(page.get_by_label("Read the column “Your superpower” as")).to_have_value("offers")
    mystery.select_option(label="Looking for")
    page.get_by_role("button", name="Read the file again with these columns").click()
    expect(page.get_by_label("Read the column “Mystery” as")).to_have_value("needs")
    expect(page.locator("#sample")).to_contain_text("recruter un CTO")
    screenshot(page, "20-column-mapper")
    page.get_by_role("button", name="Confirm the import").click()
    expect(page.get_by_role("heading", name="Attendees imported")).to_be_visible()

    from web.extensions import db
    from web.models import Attendee

    with live_server.app.app_context():
        zoe = db.session.scalar(select(Attendee).where(Attendee.event_id == event_id,
                                                       Attendee.email == "zoe@example.org"))
        assert zoe.needs == "recruter un CTO pour notre startup" and zoe.language_guessed
