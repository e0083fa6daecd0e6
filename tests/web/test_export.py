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
    assert rows[0] == ["Round", "Time", "Meeting point", "Name A", "E-mail A", "Name B", "E-mail B", "Score",
                       "What A can bring B", "What B can bring A", "Shared interests"]  # no internal names
    assert len(rows) == 10
    first = dict(zip(rows[0], rows[1]))
    assert first["Round"] == "1" and first["Time"] == "2026-06-11 18:30" and first["Meeting point"] == "Table 1, hall B"
    assert first["Name A"] == "Zoé Martin" and first["E-mail A"] == "p0@example.org"
    assert {r[1] for r in rows[1:]} == {"2026-06-11 18:30", "2026-06-11 18:45", "2026-06-11 19:00"}


def test_attendees_csv_has_links_once_published(client, app):
    organizer = create_organizer(app)
    event_id = circle_event(app, organizer)
    sign_in(client)
    rows = _rows(client.get(f"/events/{event_id}/export/attendees.csv"))
    assert rows[0] == ["Name", "E-mail", "Company", "Private link"]
    assert rows[1][:3] == ["Zoé Martin", "p0@example.org", "Acme"] and rows[1][3] == ""
    client.post(f"/events/{event_id}/publish", data={"csrf_token": csrf_token(client, f"/events/{event_id}"),
                                                        "confirm": "yes"})
    rows = _rows(client.get(f"/events/{event_id}/export/attendees.csv"))
    links = [r[3] for r in rows[1:]]
    assert all(link.startswith("https://matchmaker.test/m/") for link in links) and len(set(links)) == 6
    again = _rows(client.get(f"/events/{event_id}/export/attendees.csv"))
    assert [r[3] for r in again[1:]] == links  # the same links, not new ones
    from web.services.links import resolve
    with app.app_context():
        assert resolve(links[0].rsplit("/", 1)[1]).email == "p0@example.org"


def test_french_organizer_gets_semicolons_french_headers_and_decimal_commas(client, app):
    """French Excel opens ";" files in columns; a choice on the link gives the other separator."""
    organizer = create_organizer(app)
    event_id = circle_event(app, organizer)
    sign_in(client)
    client.post("/language", data={"language": "fr", "csrf_token": csrf_token(client, "/")})
    response = client.get(f"/events/{event_id}/export/matches.csv")
    assert response.data.startswith(b"\xef\xbb\xbf")
    text = response.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0][:4] == ["Tour", "Heure", "Point de rencontre", "Nom A"] and len(rows) == 10
    assert "," in rows[1][7] or rows[1][7].isdigit()  # the score's decimal comma
    commas = client.get(f"/events/{event_id}/export/attendees.csv?sep=comma").data.decode("utf-8-sig")
    assert commas.splitlines()[0] == "Nom,E-mail,Entreprise,Lien privé"


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
    assert row["Meeting point"] == "'" + payload and row["Name A"] == "'" + payload + " name"
    assert not any(cell.startswith(tuple("=+-@\t\r")) for r in attendees + matches for cell in r)


def test_safe_cell_keeps_numbers_and_plain_text():
    from web.services.exports import safe_cell
    assert safe_cell(-0.5) == -0.5 and safe_cell(3) == 3
    assert safe_cell("Zoé") == "Zoé" and safe_cell(None) == "" and safe_cell("a=b") == "a=b"
