"""An Excel-written workbook through the upload page: the sheet picker, the empty sheet, a password or a
damaged file (see tests/matchmaker/test_reader_excel.py for how the fixture mirrors Excel's parts)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.builders import count_attendees
from tests.helpers import post_file, signed_in_event

DATA = Path(__file__).parents[1] / "matchmaker" / "data"
EXCEL = (DATA / "excel_fr.xlsx").read_bytes()
LOCKED = (DATA / "excel_fr_password.xlsx").read_bytes()


@pytest.fixture(autouse=True)
def staging_dir(app, tmp_path):
    app.config["UPLOAD_STAGING_DIR"] = str(tmp_path / "uploads")


def _form(html: str, marker: str) -> dict:
    form = html[html.index(marker):].split("</form>", 1)[0]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))


def test_an_excel_workbook_offers_its_visible_sheets_and_imports_the_attendees(app, client):
    event_id = signed_in_event(app, client)
    html = post_file(client, event_id, EXCEL, "inscrits.xlsx").get_data(as_text=True)
    assert "sheet “Participants”" in html  # the cover sheet has no e-mail column: the next sheet is read
    options = re.findall(r"<option value=\"([^\"]*)\"(?: selected)?>", html.split('id="sheet"', 1)[1].split("</select>")[0])
    assert options == ["Couverture", "Participants", "Vide"] and "3 sheets" in html  # "Listes" is hidden
    assert 'id="accepted">3</strong>' in html and "invalid e-mail address" in html
    picker = dict(_form(html, 'id="sheet-picker"'), sheet="Vide")
    empty = client.post(f"/events/{event_id}/upload/columns", data=picker)
    assert empty.status_code == 422 and "This sheet is empty: choose the sheet that holds the attendee list" in (
        empty.get_data(as_text=True))
    client.post(f"/events/{event_id}/upload/confirm", data=_form(html, "/upload/confirm"))
    assert count_attendees(app, event_id) == 3


@pytest.mark.parametrize("data, english, french", [
    (LOCKED, "This workbook is protected by a password, so it cannot be read: open it in Excel, remove the password",
     "Ce classeur est protégé par un mot de passe"),
    (EXCEL[: len(EXCEL) // 2], "This workbook is damaged and cannot be read: open it in Excel and save it again",
     "Ce classeur est endommagé"),
], ids=["password", "truncated"])
def test_a_protected_or_damaged_excel_file_says_what_to_do(app, client, data, english, french):
    event_id = signed_in_event(app, client)
    response = post_file(client, event_id, data, "inscrits.xlsx")
    assert response.status_code == 400 and english in response.get_data(as_text=True)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr-FR,fr;q=0.9"
    assert french in post_file(client, event_id, data, "inscrits.xlsx").get_data(as_text=True)
    assert count_attendees(app, event_id) == 0
