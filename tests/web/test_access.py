"""Access matrix: every route with an event id, whoever adds it (web or API, GET or POST).

Routes are collected from ``app.url_map`` so that views added later are covered
without touching this file. Another organizer must get 404 (the event does not
exist for them) and an anonymous visitor a redirect to sign in, 401 or 404;
never 200, and nothing may change.
"""

from __future__ import annotations

from werkzeug.routing import AnyConverter, IntegerConverter

from tests.builders import circle_event
from tests.helpers import create_organizer, csrf_token, sign_in

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _event_routes(app, event_id: int) -> list[tuple[str, str, str]]:
    """(method, url, endpoint) for every rule whose path holds ``<int:event_id>``."""
    adapter = app.url_map.bind("localhost")
    out = []
    for rule in app.url_map.iter_rules():
        if "<int:event_id>" not in rule.rule:
            continue
        values = {}
        for name, converter in rule._converters.items():
            if name == "event_id":
                values[name] = event_id
            elif isinstance(converter, AnyConverter):
                values[name] = sorted(converter.items)[0]
            elif isinstance(converter, IntegerConverter):
                values[name] = 1
            else:
                values[name] = "x"
        url = adapter.build(rule.endpoint, values, method=sorted(rule.methods & set(METHODS))[0])
        out += [(method, url, rule.endpoint) for method in METHODS if method in rule.methods]
    return out


def _snapshot(app, event_id):
    from web.extensions import db
    from web.models import Event
    with app.app_context():
        event = db.session.get(Event, event_id)
        return (event.name, event.published_at, event.matched_at, len(event.attendees), len(event.matches))


def test_routes_are_collected(app):
    endpoints = {endpoint for _, _, endpoint in _event_routes(app, 1)}
    assert {"events.show", "events.edit", "events.publish", "events.export_matches",
            "events.export_attendees"} <= endpoints


def test_another_organizer_gets_404_everywhere(client, app):
    owner = create_organizer(app, email="owner@example.org")
    event_id = circle_event(app, owner)
    other = create_organizer(app, email="other@example.org")
    from web.extensions import db
    from web.models import Organizer
    from web.services.organizers import create_api_token
    with app.app_context():
        bearer = create_api_token(db.session.get(Organizer, other))
        db.session.commit()
    before = _snapshot(app, event_id)
    sign_in(client, email="other@example.org")
    token = csrf_token(client, "/events/new")
    headers = {"Authorization": f"Bearer {bearer}", "X-CSRFToken": token}
    wrong = []
    for method, url, endpoint in _event_routes(app, event_id):
        response = client.open(url, method=method, headers=headers, data={"csrf_token": token})
        if response.status_code != 404:
            wrong.append((method, url, endpoint, response.status_code))
    assert wrong == []
    assert _snapshot(app, event_id) == before


def test_anonymous_is_sent_to_sign_in_everywhere(client, app):
    owner = create_organizer(app, email="owner@example.org")
    event_id = circle_event(app, owner)
    before = _snapshot(app, event_id)
    token = csrf_token(client, "/signin")
    wrong = []
    for method, url, endpoint in _event_routes(app, event_id):
        response = client.open(url, method=method, headers={"X-CSRFToken": token}, data={"csrf_token": token})
        redirected = response.status_code == 302 and "/signin" in response.headers["Location"]
        if not (redirected or response.status_code in (401, 404)):
            wrong.append((method, url, endpoint, response.status_code))
    assert wrong == []
    assert _snapshot(app, event_id) == before


def test_owner_reaches_the_event_pages(client, app):
    owner = create_organizer(app)
    event_id = circle_event(app, owner)
    sign_in(client)
    for url in (f"/events/{event_id}", f"/events/{event_id}/edit", f"/events/{event_id}/export/matches.csv"):
        assert client.get(url).status_code == 200, url
    assert client.get(f"/events/{event_id + 1}").status_code == 404
