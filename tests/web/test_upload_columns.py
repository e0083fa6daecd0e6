"""Upload preview: how each column was read, the column mapper (no JavaScript), remembered choices,
workbooks with a sheet picker, clear errors, and the attendees' languages."""

from __future__ import annotations

import re

import pytest

from tests.builders import bare_event, count_attendees, workbook
from tests.helpers import create_organizer, post_file, same_origin, sign_in, signed_in_event


@pytest.fixture(autouse=True)
def staging_dir(app, tmp_path):
    app.config["UPLOAD_STAGING_DIR"] = str(tmp_path / "uploads")


TICKETS = ("Order #,Email,Full name,Ticket Type,Your superpower,Mystery\r\n"
           "1001,zoe@example.org,Zoé Martin,VIP,levée de fonds,recruter un CTO pour notre startup\r\n"
           "1002,tom@example.org,Tom Smith,Standard,hiring engineers,looking for seed investors\r\n").encode()


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no {name} field"
    return match.group(1)


def _selected(html: str, index: int) -> str:
    select = re.search(rf'<select id="column-{index}" name="column-{index}">(.*?)</select>', html, re.S)
    assert select, f"no select for column {index}"
    chosen = re.findall(r'<option value="([^"]*)" selected>', select.group(1))
    assert len(chosen) == 1
    return chosen[0]


def _mapper_form(html: str) -> dict:
    """What the column mapper form posts as the page shows it (each select at its selected value)."""
    form = html.split('id="column-mapper"', 1)[1].split("</form>", 1)[0]
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))
    for index in re.findall(r'<select id="column-(\d+)"', form):
        data[f"column-{index}"] = _selected(html, int(index))
    return data


def _confirm_form(html: str) -> dict:
    form = html[html.index("/upload/confirm"):].split("</form>", 1)[0]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))


def _attendee(app, event_id: int, email: str):
    from web.extensions import db
    from web.models import Attendee

    with app.app_context():
        row = db.session.query(Attendee).filter_by(event_id=event_id, email=email).one()
        db.session.expunge(row)
        return row


def test_preview_says_how_each_column_was_read(app, client):
    event_id = signed_in_event(app, client)
    html = post_file(client, event_id, TICKETS).get_data(as_text=True)
    table = html.split('id="column-mapper"', 1)[1]
    for header, how in (("Order #", "header not recognised"), ("Email", "known header"),
                        ("Your superpower", "from the words of the header"), ("Mystery", "header not recognised")):
        row = table.split(f"<td>“{header}”</td>", 1)[1].split("</tr>", 1)[0]  # the file's words, quoted
        assert how in row, header
    assert _selected(html, 1) == "email" and _selected(html, 4) == "offers" and _selected(html, 5) == ""


def test_the_mapper_reads_the_file_again_and_the_import_follows_it(app, client):
    event_id = signed_in_event(app, client)
    html = post_file(client, event_id, TICKETS).get_data(as_text=True)
    form = _mapper_form(html)
    form["column-5"] = "needs"  # "Mystery" holds what they look for
    form["column-3"] = "role"
    again = client.post(f"/events/{event_id}/upload/columns", data=form)
    page = again.get_data(as_text=True)
    assert again.status_code == 200
    assert _selected(page, 5) == "needs" and _selected(page, 3) == "role"
    sample = page.split('id="sample"', 1)[1].split("</table>", 1)[0]
    assert "recruter un CTO" in sample and "VIP" in sample
    assert "your choice" in page.split('id="column-mapper"', 1)[1]
    assert count_attendees(app, event_id) == 0  # still a preview
    done = client.post(f"/events/{event_id}/upload/confirm", data=_confirm_form(page))
    assert done.status_code == 200
    zoe = _attendee(app, event_id, "zoe@example.org")
    assert zoe.needs == "recruter un CTO pour notre startup" and zoe.role == "VIP"
    assert zoe.offers == "levée de fonds"


def test_the_choice_is_remembered_for_the_same_headers_and_this_organizer_only(app, client):
    event_id = signed_in_event(app, client)
    page = post_file(client, event_id, TICKETS).get_data(as_text=True)
    form = _mapper_form(page)
    form["column-5"] = "needs"
    page = client.post(f"/events/{event_id}/upload/columns", data=form).get_data(as_text=True)
    client.post(f"/events/{event_id}/upload/confirm", data=_confirm_form(page))
    # The next export of the same tool: other rows, same headers (spelled in other case).
    later = TICKETS.replace(b"Mystery", b"MYSTERY").replace(b"zoe@", b"ana@")
    html = post_file(client, bare_event(app, 1, "Second soirée"), later).get_data(as_text=True)
    assert 'id="remembered"' in html and _selected(html, 5) == "needs"
    # Another organizer's upload of the same headers reads as the reader does.
    other = app.test_client()
    same_origin(other)
    create_organizer(app, "other@example.org")
    sign_in(other, "other@example.org")
    html = post_file(other, bare_event(app, 2, "Their event"), TICKETS).get_data(as_text=True)
    assert 'id="remembered"' not in html and _selected(html, 5) == ""


def test_a_file_without_an_email_header_can_be_fixed_in_the_preview(app, client):
    event_id = signed_in_event(app, client)
    data = "Nom;Contact;Je cherche\r\nZoé Martin;zoe@example.org;des investisseurs\r\n".encode()
    response = post_file(client, event_id, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "No column of e-mail addresses" in html
    form = _mapper_form(html)
    form["column-1"] = "email"
    fixed = client.post(f"/events/{event_id}/upload/columns", data=form)
    assert fixed.status_code == 200
    page = fixed.get_data(as_text=True)
    client.post(f"/events/{event_id}/upload/confirm", data=_confirm_form(page))
    assert _attendee(app, event_id, "zoe@example.org").needs == "des investisseurs"


def test_two_columns_for_one_field_is_a_clear_error(app, client):
    event_id = signed_in_event(app, client)
    form = _mapper_form(post_file(client, event_id, TICKETS).get_data(as_text=True))
    form["column-0"] = "email"
    response = client.post(f"/events/{event_id}/upload/columns", data=form)
    assert response.status_code == 422
    assert "Two columns are read as the same field" in response.get_data(as_text=True)


def test_a_forged_field_name_is_refused(app, client):
    event_id = signed_in_event(app, client)
    form = _mapper_form(post_file(client, event_id, TICKETS).get_data(as_text=True))
    form["column-5"] = "password_hash"
    response = client.post(f"/events/{event_id}/upload/columns", data=form)
    assert response.status_code == 400 and "Choose a field from the list" in response.get_data(as_text=True)


# -- workbooks ------------------------------------------------------------------------------------


PEOPLE = [["Prénom", "Nom", "E-mail", "Je peux aider sur", "Je cherche"],
          ["Zoé", "Martin", "zoe@example.org", "levée de fonds", "un directeur technique"],
          ["Tom", "Smith", "tom@example.org", "hiring engineers", "seed investors for our startup"]]


def test_a_workbook_is_previewed_and_imported(app, client):
    event_id = signed_in_event(app, client)
    response = post_file(client, event_id, workbook({"Inscrits": PEOPLE}), "inscrits.xlsx")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "sheet “Inscrits”" in html and 'id="sheet-picker"' not in html
    client.post(f"/events/{event_id}/upload/confirm", data=_confirm_form(html))
    assert count_attendees(app, event_id) == 2
    assert _attendee(app, event_id, "zoe@example.org").offers == "levée de fonds"


def test_several_sheets_give_a_picker_and_the_first_readable_sheet(app, client):
    event_id = signed_in_event(app, client)
    others = [["E-mail", "Name"], ["old@example.org", "Old"]]
    data = workbook({"Read me": [["How to fill this file"]], "2026": PEOPLE, "2025": others})
    html = post_file(client, event_id, data, "export.xlsx").get_data(as_text=True)
    assert 'id="sheet-picker"' in html and "3 sheets" in html
    assert "sheet “2026”" in html and 'id="accepted">2</strong>' in html
    picker = html.split('id="sheet-picker"', 1)[1].split("</form>", 1)[0]
    form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', picker), sheet="2025")
    page = client.post(f"/events/{event_id}/upload/columns", data=form).get_data(as_text=True)
    assert "sheet “2025”" in page and 'id="accepted">1</strong>' in page
    # Picking the cover sheet says why it cannot be read, and keeps the picker.
    response = client.post(f"/events/{event_id}/upload/columns", data=dict(form, sheet="Read me"))
    assert response.status_code == 422 and 'id="sheet-picker"' in response.get_data(as_text=True)
    client.post(f"/events/{event_id}/upload/confirm", data=_confirm_form(page))
    assert count_attendees(app, event_id) == 1 and _attendee(app, event_id, "old@example.org").name == "Old"


@pytest.mark.parametrize("data, sentence, french", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64,
     "protected by a password", "protégé par un mot de passe"),
    (b"PK\x03\x04rest-of-a-zip", "This workbook is damaged", "Ce classeur est endommagé"),
    (None, "This sheet is empty", "Cette feuille est vide"),
], ids=["password", "corrupt", "empty"])
def test_unreadable_workbooks_get_a_clear_sentence_in_the_page_language(app, client, data, sentence, french):
    event_id = signed_in_event(app, client)
    data = data or workbook({"Vide": []})
    response = post_file(client, event_id, data, "liste.xlsx")
    assert response.status_code == 400 and sentence in response.get_data(as_text=True)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr-FR,fr;q=0.9"
    response = post_file(client, event_id, data, "liste.xlsx")
    assert french in response.get_data(as_text=True)
    assert count_attendees(app, event_id) == 0


# -- languages ------------------------------------------------------------------------------------
def test_preview_counts_languages_and_the_import_stores_the_guess(app, client):
    event_id = signed_in_event(app, client)  # a French event
    data = ("E-mail;Nom;Je peux aider sur;Je cherche;Langue\r\n"
            "zoe@example.org;Zoé;levée de fonds pour les startups;un directeur technique;\r\n"
            "tom@example.org;Tom;hiring engineers for the team;seed investors for our startup;\r\n"
            "amy@example.org;Amy;the best pricing advice;a CTO with experience;\r\n"
            "max@example.org;Max;;;\r\n"
            "eva@example.org;Eva;;;en\r\n").encode()
    html = post_file(client, event_id, data).get_data(as_text=True)
    languages = html.split('id="languages"', 1)[1].split("</p>", 1)[0]
    assert "2 attendees in French" in languages and "3 in English" in languages
    assert "3 languages were guessed" in languages and "1 profile is too short to tell" in languages
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    french = post_file(client, event_id, data).get_data(as_text=True).split('id="languages"', 1)[1]
    assert "2 participants en français" in french and "3 en anglais" in french
    assert "Pour 3 personnes, la langue a été déduite" in french
    client.post(f"/events/{event_id}/upload/confirm", data=_confirm_form(html))
    stored = {e: _attendee(app, event_id, f"{e}@example.org") for e in ("zoe", "tom", "max", "eva")}
    assert (stored["zoe"].language, stored["zoe"].language_guessed) == ("fr", True)
    assert (stored["tom"].language, stored["tom"].language_guessed) == ("en", True)
    assert (stored["max"].language, stored["max"].language_guessed) == ("", True)  # follows the event
    assert (stored["eva"].language, stored["eva"].language_guessed) == ("en", False)


def test_a_libreoffice_workbook_with_a_cover_sheet_imports_its_attendees(app, client):
    from pathlib import Path

    data = (Path(__file__).parents[1] / "matchmaker" / "data" / "libreoffice_fr.xlsx").read_bytes()
    event_id = signed_in_event(app, client)
    html = post_file(client, event_id, data, "inscrits.xlsx").get_data(as_text=True)
    assert 'id="sheet-picker"' in html and "sheet “Participants”" in html
    client.post(f"/events/{event_id}/upload/confirm", data=_confirm_form(html))
    assert count_attendees(app, event_id) == 3
    assert _attendee(app, event_id, "elodie@example.org").needs == "distributeurs en Allemagne"
