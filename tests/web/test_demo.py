"""``flask demo``: a signed-in-able organizer and a matched, published event, created once."""

from __future__ import annotations

import re

from sqlalchemy import func, select


def test_demo_is_idempotent_and_usable(app, runner, client):
    from web.extensions import db
    from web.jobs_commands import DEMO_EMAIL, DEMO_PASSWORD
    from web.models import Attendee, Event, Match, Organizer

    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Organizer)) == 1
        assert db.session.scalar(select(func.count()).select_from(Event)) == 1
        event = db.session.scalars(select(Event)).one()
        assert (event.language, event.timezone) == ("fr", "Europe/Paris")
        assert event.starts_at.time().isoformat() == "18:30:00"
        assert db.session.scalar(select(func.count()).select_from(Attendee)) == 40
        assert db.session.scalar(select(func.count()).select_from(Match)) >= 50
        assert event.published_at is not None
    for output in (first.output, second.output):
        assert DEMO_EMAIL in output and DEMO_PASSWORD in output and "https://matchmaker.test/signin" in output
    link = re.search(r"https://matchmaker\.test(/m/\S+)", second.output)
    assert link, second.output
    assert client.get(link.group(1)).status_code == 200
    from tests.helpers import same_origin, sign_in
    assert sign_in(same_origin(client), DEMO_EMAIL, DEMO_PASSWORD).status_code == 302
