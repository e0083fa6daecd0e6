"""Events: create, edit, list, the event page and its figures; round times across DST."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest

from tests.builders import circle_event
from tests.helpers import create_organizer, csrf_token, sign_in

FORM = {
    "name": "Spring meetup", "venue": "Hall B", "date": "2026-06-11", "start_time": "18:30", "end_time": "21:00",
    "timezone": "Europe/Paris", "timezone_other": "", "language": "fr", "slot_minutes": "20",
    "meeting_point": "Table {table}", "followup_time": "09:00", "reminder_hours": "48", "followups_enabled": "y",
}


@pytest.fixture
def signed_in(client, app):
    organizer_id = create_organizer(app)
    sign_in(client)
    return organizer_id


def _post(client, url, **changes):
    data = {**FORM, **changes, "csrf_token": csrf_token(client, url)}
    return client.post(url, data={k: v for k, v in data.items() if v is not None})


def test_create_event_then_edit(client, app, signed_in):
    response = _post(client, "/events/new")
    assert response.status_code == 302
    event_id = int(response.headers["Location"].rsplit("/", 1)[1])
    from web.extensions import db
    from web.models import Event
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert (event.name, event.language) == ("Spring meetup", "fr")
        assert (event.slot_minutes, event.timezone) == (20, "Europe/Paris")
        assert event.starts_at == dt.datetime(2026, 6, 11, 18, 30) and event.ends_at == dt.datetime(2026, 6, 11, 21)
        assert event.followups_enabled and not event.allow_colleagues and event.followup_time == dt.time(9)
    edit = client.get(f"/events/{event_id}/edit").get_data(as_text=True)
    assert 'value="Spring meetup"' in edit and 'value="18:30"' in edit
    response = _post(client, f"/events/{event_id}/edit", name="Autumn meetup", timezone="other",
                     timezone_other="America/Toronto", end_time="01:00", followups_enabled=None, allow_colleagues="y")
    assert response.status_code == 302
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert (event.name, event.timezone) == ("Autumn meetup", "America/Toronto")
        assert event.ends_at == dt.datetime(2026, 6, 12, 1, 0)  # after midnight: the next day
        assert event.allow_colleagues and not event.followups_enabled
    assert "Autumn meetup" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("changes, message", [
    ({"timezone": "other", "timezone_other": "Mars/Olympus"}, "is not a time zone"),
    ({"slot_minutes": "200"}, "between 5 and 120"),
    ({"name": ""}, "This field is required"),
    ({"date": "11/06/2026"}, "Not a valid date"),
])
def test_invalid_event_shows_the_error_and_saves_nothing(client, app, signed_in, changes, message):
    response = _post(client, "/events/new", **changes)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    from web.models import Event
    with app.app_context():
        assert Event.query.count() == 0


def test_event_forms_refuse_missing_csrf(client, app, signed_in):
    event_id = circle_event(app, signed_in)
    assert client.post("/events/new", data=FORM).status_code == 400
    assert client.post(f"/events/{event_id}/edit", data=FORM).status_code == 400


def test_event_page_shows_figures_network_and_matches(client, app, signed_in):
    event_id = circle_event(app, signed_in)
    html = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert "Spring meetup" in html and "Hall B" in html
    assert "6 attendees." in html and "(s)" not in html
    assert "6 of 6 attendees have three partners" in html
    assert "44% of 9 conversations help both ways" in html  # 4 of 9 pairs
    assert "ghost@example.org: no consent" in html
    assert html.count("<line ") >= 9 and html.count("<circle ") == 6 and "<title id=\"network-title\">" in html
    assert "Round 3 · 19:00" in html and "Table 1" in html and "Zoé Martin" in html
    assert f'action="/events/{event_id}/publish"' in html
    assert f"/events/{event_id}/export/matches.csv" in html and f"/events/{event_id}/upload" in html


def test_large_rounds_list_the_first_conversations_and_point_to_the_csv(client, app, signed_in):
    event_id = circle_event(app, signed_in)
    app.config["EVENT_PAGE_MAX_PER_ROUND"] = 1
    html = client.get(f"/events/{event_id}").get_data(as_text=True)
    round_one = html.split("Round 1 · ", 1)[1].split("</details>", 1)[0]
    assert "3 conversations" in round_one and round_one.count("<tr>") == 1 + 1  # header + one conversation
    assert "Showing the first 1 of 3 conversations" in round_one and "matches.csv" in round_one


def test_empty_event_page_and_index(client, app, signed_in):
    html = client.get("/").get_data(as_text=True)
    assert "No events yet" in html
    response = _post(client, "/events/new")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "0 attendees." in page and "Publish" not in page


def test_round_start_is_dst_correct(app):
    from web.models import Event
    from web.services.events import round_start
    # Paris springs forward at 02:00 on 29 March 2026: 01:50 + 15 min of real time is 03:05 CEST.
    event = Event(starts_at=dt.datetime(2026, 3, 29, 1, 50), timezone="Europe/Paris", slot_minutes=15)
    assert round_start(event, 1).isoformat() == "2026-03-29T01:50:00+01:00"
    assert round_start(event, 2).isoformat() == "2026-03-29T03:05:00+02:00"
    # Autumn: 02:50 CEST + 15 min is 02:05 CET (the hour repeats).
    event = Event(starts_at=dt.datetime(2026, 10, 25, 1, 50), timezone="Europe/Paris", slot_minutes=30)
    starts = [round_start(event, r) for r in (1, 2, 3, 4)]
    utc = [s.astimezone(dt.timezone.utc) for s in starts]  # same-tzinfo subtraction would use wall clocks
    assert [b - a for a, b in zip(utc, utc[1:])] == [dt.timedelta(minutes=30)] * 3
    assert starts[3].strftime("%H:%M %Z") == "02:20 CET"


def test_services_validate_fields(app):
    from web.extensions import db
    from web.models import Organizer
    from web.services.events import create_event, get_event_for, update_event
    from web.services.exceptions import Invalid, NotFound
    organizer_id = create_organizer(app)
    with app.app_context():
        organizer = db.session.get(Organizer, organizer_id)
        start = dt.datetime(2026, 6, 11, 18, 30)
        with pytest.raises(Invalid) as caught:
            create_event(organizer, name="X", starts_at=start, ends_at=start - dt.timedelta(hours=1))
        assert caught.value.field == "ends_at"
        with pytest.raises(Invalid) as caught:
            create_event(organizer, name="X", starts_at=start, colour="red")
        assert caught.value.field == "colour"
        aware = dt.datetime(2026, 6, 11, 16, 30, tzinfo=dt.timezone.utc)
        event = create_event(organizer, name=" X ", starts_at=aware, timezone="Europe/Paris")
        assert event.name == "X" and event.starts_at == start and event.slot_minutes == 15
        with pytest.raises(Invalid):
            update_event(event, language="de")
        assert event.language == "en"
        assert get_event_for(organizer_id, event.id) is event
        with pytest.raises(NotFound):
            get_event_for(organizer_id + 1, event.id)


def test_event_figures(app):
    from web.extensions import db
    from web.models import Event
    from web.services.events import event_figures
    organizer_id = create_organizer(app)
    event_id = circle_event(app, organizer_id)
    with app.app_context():
        figures = event_figures(db.session.get(Event, event_id))
    assert figures["pairs"] == 9 and figures["rounds"] == 3 and figures["with_three"] == 6
    assert figures["two_way"] == 4 and figures["weak_pairs"] == 1
    assert [w["score"] for w in figures["weakest"]] == sorted(w["score"] for w in figures["weakest"])
    assert figures["weakest"][0]["score"] == pytest.approx(0.1)
    assert figures["unmatched"] == [{"email": "ghost@example.org", "name": "", "reason": "no consent", "code": "", "params": {}}]


def test_network_is_deterministic_coloured_by_round_and_capped(client, app):
    from web.extensions import db
    from web.models import Event
    from web.network import ROUND_COLOURS, network_for
    organizer_id = create_organizer(app)
    event_id = circle_event(app, organizer_id)
    with app.app_context():
        event = db.session.get(Event, event_id)
        first, second = network_for(event), network_for(event)
        capped = network_for(event, max_nodes=4)
    assert first.nodes == second.nodes and first.edges == second.edges
    assert {e["colour"] for e in first.edges} == set(ROUND_COLOURS[:3])
    assert [r["round"] for r in first.rounds] == [1, 2, 3]
    assert all(0 <= n["x"] <= first.size and 0 <= n["y"] <= first.size for n in first.nodes)
    assert (capped.shown, capped.total) == (4, 6) and len(capped.edges) < 9
    sign_in(client)
    with mock.patch("web.views.event_pages.network_for", lambda event: network_for(event, max_nodes=4)):
        html = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert "Showing 4 of 6 attendees." in html
