"""Hostile names in events and attendee lists are shown as text on every portal page and in the SVG."""

from __future__ import annotations

import pytest
from markupsafe import escape

from tests.builders import circle_event
from tests.helpers import create_organizer, sign_in

PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_are_escaped_on_every_portal_page(client, app, payload):
    organizer = create_organizer(app)
    people = [(f"{payload} {k}", f"{payload} Inc") for k in range(6)]
    event_id = circle_event(app, organizer, name=payload, venue=payload, people=people, meeting_point=payload)
    from web.extensions import db
    from web.models import Event
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.match_stats = {"unmatched": [{"email": "x@example.org", "name": payload, "reason": payload}]}
        db.session.commit()
    sign_in(client)
    pages = ["/", f"/events/{event_id}", f"/events/{event_id}/edit"]
    escaped = str(escape(payload))  # what Jinja's autoescape writes
    for url in pages:
        body = client.get(url).get_data(as_text=True)
        assert payload not in body, url
        assert "<img src=x" not in body and "<script>alert" not in body, url
        assert escaped in body, url


def test_svg_titles_are_escaped(client, app):
    organizer = create_organizer(app)
    people = [(PAYLOADS[k % 2], PAYLOADS[(k + 1) % 2]) for k in range(6)]
    event_id = circle_event(app, organizer, people=people)
    sign_in(client)
    body = client.get(f"/events/{event_id}").get_data(as_text=True)
    svg = body[body.index("<svg"):body.index("</svg>")]
    assert svg.count("<circle ") == 6 and "<script" not in svg and "<img" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg and "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in svg
