"""Translations: the attendee pages speak the attendee's language, and the French catalogue is complete."""

from __future__ import annotations

import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import select

from tests.builders import linked_event
from tests.helpers import csrf_token
from web.extensions import db
from web.models import Event

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "web" / "translations" / "fr" / "LC_MESSAGES" / "messages.po"


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogue():
    """Compile the committed .po the way ``make install`` does (.mo files are not committed)."""
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(pybabel), "-q", "compile", "-d", str(PO.parents[2])], check=True)


def test_french_attendee_sees_french(app, client):
    with app.app_context():
        token = linked_event()["ben@example.org"]  # Ben chose French
    html = client.get(f"/m/{token}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="fr">' in html
    assert "Bonjour Ben Cole" in html and "Vos conversations" in html and "Aller au contenu" in html
    assert "Tour 1, 18:00" in html  # 24-hour clock in French
    assert "dimanche 25 octobre 2026" in html
    assert "Your conversations" not in html


def test_english_attendee_sees_english(app, client):
    with app.app_context():
        token = linked_event()["ana@example.org"]
    html = client.get(f"/m/{token}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="en">' in html and "Hello Ana Martin" in html and "Vos conversations" not in html


def test_attendee_without_a_language_follows_the_event(app, client):
    with app.app_context():
        token = linked_event(language="fr")["cleo@example.org"]
        assert db.session.scalar(select(Event)).language == "fr"
    html = client.get(f"/m/{token}").get_data(as_text=True)
    assert '<html lang="fr">' in html and "Bonjour Cléo Petit" in html


def test_flash_messages_are_translated(app, client):
    with app.app_context():
        token = linked_event()["ben@example.org"]
    client.post(f"/m/{token}/opt-out", data={"csrf_token": csrf_token(client, f"/m/{token}")})
    html = client.get(f"/m/{token}").get_data(as_text=True)
    assert "C'est fait\u00a0: vous ne recevrez plus d'e-mails au sujet de cet événement." in unescape(html)


def test_unknown_link_page_follows_the_browser_language(client):
    html = client.get("/m/nope", headers={"Accept-Language": "fr-FR,fr;q=0.9"}).get_data(as_text=True)
    assert "Ce lien n'est pas valide" in unescape(html)


def test_french_catalogue_is_complete_and_up_to_date(tmp_path):
    pybabel = Path(sys.executable).with_name("pybabel")
    pot = tmp_path / "messages.pot"
    subprocess.run([str(pybabel), "-q", "extract", "-F", "babel.cfg", "-k", "lazy_gettext", "-k", "_l", "-o", str(pot),
                    "web"],
                   check=True, cwd=ROOT)
    with pot.open("rb") as fh:
        extracted = read_po(fh)
    with PO.open("rb") as fh:
        catalogue = read_po(fh)
    translated = {m.id for m in catalogue if m.id and m.string and all(m.string if isinstance(m.string, tuple)
                                                                       else [m.string])}
    attendee_side = {m.id for m in extracted if m.id and any(
        "attendee" in path or path.endswith("base.html") for path, _ in m.locations)}
    assert "Skip to content" in attendee_side and "Account" in attendee_side
    # The organizer portal too (issue 9): every page, flash and form label has its French.
    everything = {m.id for m in extracted if m.id}
    missing = sorted(map(str, everything - translated))
    assert not missing, f"add French for: {missing} (pybabel update, then translate)"
    assert not catalogue.fuzzy


def test_french_catalogues_use_the_engines_apostrophe():
    """One apostrophe on a page: the catalogues write it as the engine's sentences do (typography.APOSTROPHE)."""
    from matchmaker.typography import APOSTROPHE

    other = "’" if APOSTROPHE == "'" else "'"
    for catalogue in (PO, ROOT / "web" / "mail" / "translations" / "fr" / "LC_MESSAGES" / "messages.po"):
        with open(catalogue, "rb") as handle:
            mixed = [m.id for m in read_po(handle) if m.id and any(
                other in s for s in (m.string if isinstance(m.string, tuple) else (m.string,)) if s)
                and re.search(rf"\w{other}\w", str(m.string))]
        assert not mixed, f"{catalogue}: {mixed[:5]}"
