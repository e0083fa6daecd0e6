"""The API's attendee import: the columns mapping (remembered), workbooks and their sheets, the column
report; the event's glossary through the event object."""

from __future__ import annotations

import io
import json

from tests.api.conftest import EVENT, assert_error

TICKETS = ("Order #,Email,Full name,Your superpower,Mystery\r\n"
           "1001,zoe@example.org,Zoé Martin,levée de fonds,recruter un CTO pour notre startup\r\n"
           "1002,tom@example.org,Tom Smith,hiring engineers,looking for seed investors\r\n").encode()


def _put(client, auth, event_id, data, content_type="text/csv", **query):
    return client.put(f"/api/events/{event_id}/attendees", data=data, content_type=content_type,
                      headers=auth, query_string=query)


def _needs(app, event_id, email):
    from web.extensions import db
    from web.models import Attendee

    with app.app_context():
        return db.session.query(Attendee).filter_by(event_id=event_id, email=email).one().needs


def test_columns_mapping_reads_a_column_and_is_reported_and_remembered(app, client, auth, event_id):
    body = _put(client, auth, event_id, TICKETS, columns=json.dumps({"Mystery": "needs", "0": None})).get_json()
    readings = {c["column"]: (c["field"], c["how"]) for c in body["columns"]}
    assert readings["Mystery"] == ("needs", "mapping") and readings["Order #"] == (None, "ignored")
    assert readings["Your superpower"] == ("offers", "meaning") and readings["Email"] == ("email", "alias")
    assert _needs(app, event_id, "zoe@example.org") == "recruter un CTO pour notre startup"
    assert body["languages"]["fr"] == 1 and body["languages"]["en"] == 1 and body["sheet"] == ""
    # The next file with the same headers, without a mapping, reads the same way.
    other = client.post("/api/events", json=EVENT, headers=auth).get_json()["id"]
    body = _put(client, auth, other, TICKETS).get_json()
    assert {c["column"]: c["how"] for c in body["columns"]}["Mystery"] == "mapping"
    assert _needs(app, other, "tom@example.org") == "looking for seed investors"


def test_a_bad_mapping_is_422_with_the_field(client, auth, event_id):
    error = assert_error(_put(client, auth, event_id, TICKETS, columns="[1, 2]"), 422)
    assert error["details"][0]["field"] == "columns"
    error = assert_error(_put(client, auth, event_id, TICKETS, columns=json.dumps({"Nope": "needs"})), 422)
    assert "not a header of this file" in error["message"]
    error = assert_error(_put(client, auth, event_id, TICKETS, columns=json.dumps({"Mystery": "salary"})), 422)
    assert "not a field" in error["message"]


def _workbook() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Notes"
    book.active.append(["Read me first"])
    sheet = book.create_sheet("Inscrits")
    sheet.append(["E-mail", "Nom", "Je cherche"])
    sheet.append(["zoe@example.org", "Zoé", "des investisseurs"])
    other = book.create_sheet("Staff")
    other.append(["E-mail", "Nom"])
    other.append(["staff@example.org", "Sam"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_workbooks_through_the_api_with_or_without_a_sheet(app, client, auth, event_id):
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    body = _put(client, auth, event_id, _workbook(), content_type=xlsx).get_json()
    assert body["sheet"] == "Inscrits" and body["created"] == 1  # the first sheet that reads
    body = client.put(f"/api/events/{event_id}/attendees", headers=auth, content_type="multipart/form-data",
                      data={"file": (io.BytesIO(_workbook()), "list.xlsx"), "sheet": "Staff"}).get_json()
    assert body["sheet"] == "Staff" and body["created"] == 1
    error = assert_error(_put(client, auth, event_id, _workbook(), content_type=xlsx, sheet="Notes"), 422)
    assert "e-mail" in error["message"]
    locked = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le")
    error = assert_error(_put(client, auth, event_id, locked, content_type=xlsx), 422)
    assert "protected by a password" in error["message"]


def test_glossary_in_the_event_object(client, auth):
    event = client.post("/api/events", json={**EVENT, "glossary": "qPCR; PCR quantitative"}, headers=auth).get_json()
    assert event["glossary"] == "qPCR; PCR quantitative"
    changed = client.patch(f"/api/events/{event['id']}", json={"glossary": "CAR-T; cellules CAR-T\nqPCR; PCR"},
                           headers=auth)
    assert changed.status_code == 200 and changed.get_json()["glossary"] == "CAR-T; cellules CAR-T\nqPCR; PCR"
    assert changed.get_json()["name"] == EVENT["name"]  # the fields not sent are kept
    error = assert_error(client.patch(f"/api/events/{event['id']}", json={"glossary": "a; b\nc;;d"}, headers=auth),
                         422)
    assert error["message"].startswith("Line 2:") and error["details"][0]["field"] == "glossary"
    error = assert_error(client.patch(f"/api/events/{event['id']}", json={"glossary": 3}, headers=auth), 422)
    assert client.get(f"/api/events/{event['id']}", headers=auth).get_json()["glossary"].startswith("CAR-T")


def test_an_excel_written_workbook_through_the_api(app, client, auth, event_id):
    from pathlib import Path

    data = Path(__file__).parents[1] / "matchmaker" / "data"
    excel, locked = (data / "excel_fr.xlsx").read_bytes(), (data / "excel_fr_password.xlsx").read_bytes()
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    body = _put(client, auth, event_id, excel, content_type=xlsx).get_json()
    assert (body["sheet"], body["created"]) == ("Participants", 3)
    assert body["sheets"] == ["Couverture", "Participants", "Vide"]
    error = assert_error(_put(client, auth, event_id, excel, content_type=xlsx, sheet="Vide"), 422)
    assert error["message"].startswith("This sheet is empty") and error["details"][0]["field"] == "sheet"
    assert error["details"][1] == {"field": "sheets", "message": "Couverture, Participants, Vide"}
    error = assert_error(_put(client, auth, event_id, locked, content_type=xlsx), 422)
    assert "protected by a password" in error["message"] and "remove the password" in error["message"]
    error = assert_error(_put(client, auth, event_id, excel[: len(excel) // 2], content_type=xlsx), 422)
    assert error["message"].startswith("This workbook is damaged and cannot be read: open it in Excel")
