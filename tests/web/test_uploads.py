"""Attendee upload through the test client: preview stores nothing, confirm stores all at once."""

from __future__ import annotations

import re

import pytest

from tests.builders import attendee_csv, bare_event, count_attendees
from tests.helpers import create_organizer, csrf_token, post_file, signed_in_event


@pytest.fixture(autouse=True)
def staging_dir(app, tmp_path):
    path = tmp_path / "uploads"
    app.config["UPLOAD_STAGING_DIR"] = str(path)
    return path


HEADER = "Prénom;Nom;E-mail;Entreprise;Je peux aider sur;Je cherche\r\n"


def _field(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no {name} field"
    return match.group(1)


def _figure(html: str, name: str) -> int:
    return int(re.search(rf'id="{name}">(\d+)<', html).group(1))


def _confirm(client, event_id, preview_html: str, *, remove: bool = False):
    data = {"csrf_token": _field(preview_html, "csrf_token"), "token": _field(preview_html, "token"),
            "sha256": _field(preview_html, "sha256")}
    if remove:
        data["remove_missing"] = "1"
    return client.post(f"/events/{event_id}/upload/confirm", data=data)


def _upload(client, event_id, data: bytes, *, remove: bool = False):
    preview = post_file(client, event_id, data)
    assert preview.status_code == 200, preview.get_data(as_text=True)
    return _confirm(client, event_id, preview.get_data(as_text=True), remove=remove)


def test_preview_shows_the_report_and_stores_nothing(app, client, staging_dir):
    event_id = signed_in_event(app, client)
    data = (HEADER + "Zoé;Martin;zoe@example.org;Acme;vente;recrutement\r\n"
            "Luc;Petit;pas-une-adresse;Beta;;\r\n"
            "Zoé;M;ZOE@example.org;Acme;;\r\n"
            "Ana;Roy;ana@example.org;Gamma;design;vente\r\n").encode("utf-8")
    response = post_file(client, event_id, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _figure(html, "accepted") == 2 and _figure(html, "rejected") == 1 and _figure(html, "new") == 2
    assert "line 3" in html or ">3<" in html  # the rejected row's line
    assert "zoe@example.org" in html and "Entreprise" in html  # duplicate and recognised column
    assert "utf-8" in html and "semicolons" in html
    assert count_attendees(app, event_id) == 0
    assert len(list(staging_dir.iterdir())) == 1  # the bytes wait for the confirm, outside the database


def test_preview_shows_first_rows_so_wrong_accents_are_seen(app, client):
    event_id = signed_in_event(app, client)
    data = (HEADER + "Zoé;Cœur;zoe@example.org;Société Générale;levée de fonds;recrutement\r\n").encode("cp1252")
    html = post_file(client, event_id, data).get_data(as_text=True)
    sample = html.split('id="sample"', 1)[1].split("</table>", 1)[0]
    assert "Zoé Cœur" in sample and "Société Générale" in sample and "levée de fonds" in sample


def test_confirm_stores_everything_then_reupload_updates_and_removes_only_when_asked(app, client):
    event_id = signed_in_event(app, client)
    first = (HEADER + "Zoé;Martin;zoe@example.org;Acme;vente;recrutement\r\n"
             "Ana;Roy;ana@example.org;Gamma;design;vente\r\n"
             "Léo;Blanc;leo@example.org;Delta;data;design\r\n").encode()
    done = _upload(client, event_id, first)
    assert done.status_code == 200 and "Created: 3;" in done.get_data(as_text=True)
    assert count_attendees(app, event_id) == 3

    second = (HEADER + "Zoé;Martin;zoe@example.org;Acme Corp;vente;recrutement\r\n"
              "Ana;Roy;ana@example.org;Gamma;design;vente\r\n"
              "Max;Noir;max@example.org;Epsilon;droit;finance\r\n").encode()
    preview = post_file(client, event_id, second).get_data(as_text=True)
    assert (_figure(preview, "new"), _figure(preview, "updated"), _figure(preview, "unchanged"),
            _figure(preview, "missing")) == (1, 1, 1, 1)
    assert "leo@example.org" in preview and 'name="remove_missing"' in preview and "checked" not in preview
    kept = _confirm(client, event_id, preview).get_data(as_text=True)
    assert "Created: 1; updated: 1; unchanged: 1; removed: 0." in kept
    assert count_attendees(app, event_id) == 4

    from web.extensions import db
    from web.models import Attendee
    with app.app_context():
        zoe = db.session.query(Attendee).filter_by(event_id=event_id, email="zoe@example.org").one()
        assert zoe.company == "Acme Corp"

    removed = _upload(client, event_id, second, remove=True).get_data(as_text=True)
    assert "removed: 1." in removed
    assert count_attendees(app, event_id) == 3


@pytest.mark.parametrize("encoding, separator", [
    ("utf-8", ","), ("utf-8-sig", ";"), ("cp1252", ";"), ("utf-16", "\t"), ("utf-8", "\t"), ("cp1252", ","),
])
def test_encodings_and_separators(app, client, encoding, separator):
    """Excel's "CSV UTF-8", French "CSV (point-virgule)" in cp1252 and "Unicode text" (UTF-16, tabs)."""
    event_id = signed_in_event(app, client)
    rows = [["Prénom", "Nom", "E-mail", "Bio"], ["Zoé", "Cœur", "zoe@example.org", "Budget 5 € — œuvre"],
            ["Ana", "Roy", "ana@example.org", "design"]]
    data = "\r\n".join(separator.join(row) for row in rows).encode(encoding)
    _upload(client, event_id, data)
    from web.extensions import db
    from web.models import Attendee
    with app.app_context():
        zoe = db.session.query(Attendee).filter_by(event_id=event_id, email="zoe@example.org").one()
        assert (zoe.name, zoe.bio) == ("Zoé Cœur", "Budget 5 € — œuvre")
    assert count_attendees(app, event_id) == 2


@pytest.mark.parametrize("data, sentence", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "neither a CSV file nor an Excel workbook"),
    (b"", "The file is empty"),
    (b"PK\x03\x04rest-of-a-zip", "This workbook is damaged"),
])
def test_bad_files_show_a_clear_sentence(app, client, data, sentence):
    event_id = signed_in_event(app, client)
    response = post_file(client, event_id, data)
    assert response.status_code == 400
    assert sentence in response.get_data(as_text=True)
    assert count_attendees(app, event_id) == 0


def test_too_big_file_gets_a_page_with_the_limit(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 3 * 2**20
    event_id = signed_in_event(app, client)
    response = post_file(client, event_id, b"x" * (3 * 2**20 + 10))
    assert response.status_code == 413
    assert "larger than the 3 MB limit" in response.get_data(as_text=True)


def test_row_limit_and_long_cells(app, client):
    app.config.update(UPLOAD_MAX_ROWS=5, UPLOAD_MAX_CELL=50)
    event_id = signed_in_event(app, client)
    too_many = post_file(client, event_id, attendee_csv(8))
    assert too_many.status_code == 400 and "more than 5 rows" in too_many.get_data(as_text=True)
    long_cell = (HEADER + "Zoé;Martin;zoe@example.org;" + "A" * 80 + ";;\r\nAna;Roy;ana@example.org;B;;\r\n").encode()
    html = post_file(client, event_id, long_cell).get_data(as_text=True)
    assert _figure(html, "accepted") == 1 and _figure(html, "rejected") == 1


def test_confirm_checks_the_hash_and_the_event(app, client):
    event_id = signed_in_event(app, client)
    other_id = bare_event(app, 1, name="Autre")
    preview = post_file(client, event_id, attendee_csv(4)).get_data(as_text=True)
    data = {"csrf_token": _field(preview, "csrf_token"), "token": _field(preview, "token"), "sha256": "0" * 64}
    assert client.post(f"/events/{event_id}/upload/confirm", data=data).status_code == 400
    data["sha256"] = _field(preview, "sha256")
    assert client.post(f"/events/{other_id}/upload/confirm", data=data).status_code == 400
    data["token"] = "../../secret_key"
    assert client.post(f"/events/{event_id}/upload/confirm", data=data).status_code == 400
    assert count_attendees(app, event_id) == count_attendees(app, other_id) == 0


def test_other_organizers_event_is_404(app, client):
    other = create_organizer(app, email="other@example.org")
    foreign = bare_event(app, other)
    signed_in_event(app, client)
    assert client.get(f"/events/{foreign}/upload").status_code == 404
    token = csrf_token(client, "/")
    assert client.post(f"/events/{foreign}/upload/confirm", data={"csrf_token": token}).status_code == 404


def test_a_failure_in_the_middle_of_apply_stores_nothing(app, client, monkeypatch):
    import web.services.imports as imports

    event_id = signed_in_event(app, client)
    preview = post_file(client, event_id, attendee_csv(10)).get_data(as_text=True)
    calls = []
    real = imports._values

    def failing(person, *rest):
        calls.append(person)
        if len(calls) > 6:
            raise RuntimeError("disk on fire")
        return real(person, *rest)

    monkeypatch.setattr(imports, "_FLUSH_EVERY", 2)  # rows 1-6 reach the database before the failure
    monkeypatch.setattr(imports, "_values", failing)
    with pytest.raises(RuntimeError):
        _confirm(client, event_id, preview)
    assert len(calls) == 7
    assert count_attendees(app, event_id) == 0


def test_stale_staging_files_are_cleaned(app, client, staging_dir):
    import os
    import time

    event_id = signed_in_event(app, client)
    staging_dir.mkdir(parents=True, exist_ok=True)
    old, fresh = staging_dir / "event9-old.upload", staging_dir / "event9-fresh.upload"
    old.write_bytes(b"x")
    fresh.write_bytes(b"y")
    two_days_ago = time.time() - 2 * 86400
    os.utime(old, (two_days_ago, two_days_ago))
    assert post_file(client, event_id, attendee_csv(3)).status_code == 200
    assert not old.exists() and fresh.exists()


def test_values_longer_than_their_column_are_cut_or_refused(app, client):
    """PostgreSQL enforces VARCHAR(n): a long name is cut, an over-long address refused, never a 500."""
    event_id = signed_in_event(app, client)
    long_email = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".org"
    data = (HEADER + f"{'Z' * 150};{'M' * 150};zoe@example.org;{'C' * 300};;\r\n"
            f"Ana;Roy;{long_email};Gamma;;\r\n").encode()
    preview = post_file(client, event_id, data).get_data(as_text=True)
    assert _figure(preview, "accepted") == 1 and _figure(preview, "rejected") == 1
    assert "longer than 254 characters" in preview
    assert "Created: 1;" in _confirm(client, event_id, preview).get_data(as_text=True)
    from web.extensions import db
    from web.models import Attendee
    with app.app_context():
        zoe = db.session.query(Attendee).filter_by(event_id=event_id).one()
        assert len(zoe.name) == 200 and len(zoe.company) == 200
