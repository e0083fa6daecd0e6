"""CSV exports: columns, UTF-8 with BOM, attachment, and formula cells neutralised."""

from __future__ import annotations

import csv
import io

import pytest

from tests.builders import circle_event
from tests.helpers import create_organizer, csrf_token, sign_in

FORMULAS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"]


def _rows(response):
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))


def test_matches_csv(client, app):
    organizer = create_organizer(app)
    event_id = circle_event(app, organizer, meeting_point="Table {table}, hall B")
    sign_in(client)
    rows = _rows(client.get(f"/events/{event_id}/export/matches.csv"))
    assert rows[0][:8] == ["round", "time", "meeting_point", "a_name", "a_email", "b_name", "b_email", "score"]
    assert len(rows) == 10
    first = dict(zip(rows[0], rows[1]))
    assert first["round"] == "1" and first["time"] == "2026-06-11 18:30" and first["meeting_point"] == "Table 1, hall B"
    assert first["a_name"] == "Zoé Martin" and first["a_email"] == "p0@example.org"
    assert {r[1] for r in rows[1:]} == {"2026-06-11 18:30", "2026-06-11 18:45", "2026-06-11 19:00"}


def test_attendees_csv_has_links_once_published(client, app):
    organizer = create_organizer(app)
    event_id = circle_event(app, organizer)
    sign_in(client)
    rows = _rows(client.get(f"/events/{event_id}/export/attendees.csv"))
    assert rows[0] == ["name", "email", "company", "link"]
    assert rows[1][:3] == ["Zoé Martin", "p0@example.org", "Acme"] and rows[1][3] == ""
    client.post(f"/events/{event_id}/publish", data={"csrf_token": csrf_token(client, f"/events/{event_id}")})
    rows = _rows(client.get(f"/events/{event_id}/export/attendees.csv"))
    links = [r[3] for r in rows[1:]]
    assert all(link.startswith("https://matchmaker.test/m/") for link in links) and len(set(links)) == 6
    again = _rows(client.get(f"/events/{event_id}/export/attendees.csv"))
    assert [r[3] for r in again[1:]] == links  # the same links, not new ones
    from web.services.links import resolve
    with app.app_context():
        assert resolve(links[0].rsplit("/", 1)[1]).email == "p0@example.org"


@pytest.mark.parametrize("payload", FORMULAS)
def test_formula_cells_are_quoted(client, app, payload):
    organizer = create_organizer(app)
    people = [(payload + " name", payload), ("Bob", "Globex")]
    event_id = circle_event(app, organizer, people=people, rounds=1, meeting_point=payload)
    sign_in(client)
    attendees = _rows(client.get(f"/events/{event_id}/export/attendees.csv"))
    assert attendees[1][:3] == ["'" + payload + " name", "p0@example.org", "'" + payload]
    matches = _rows(client.get(f"/events/{event_id}/export/matches.csv"))
    row = dict(zip(matches[0], matches[1]))
    assert row["meeting_point"] == "'" + payload and row["a_name"] == "'" + payload + " name"
    assert not any(cell.startswith(tuple("=+-@\t\r")) for r in attendees + matches for cell in r)


def test_safe_cell_keeps_numbers_and_plain_text():
    from web.services.exports import safe_cell
    assert safe_cell(-0.5) == -0.5 and safe_cell(3) == 3
    assert safe_cell("Zoé") == "Zoé" and safe_cell(None) == "" and safe_cell("a=b") == "a=b"
