"""Browser tests: the real app served over HTTP, driven by Debian's Chromium.

The server is the real WSGI app (web + API) on ``127.0.0.1:<free port>`` in a
background thread, with a file SQLite database, for the whole session. The
browser is the system Chromium (``/usr/bin/chromium``): no browser download.
Without it the tests skip locally and fail under ``CI=true``
(:func:`tests.helpers.missing_part`).

Screenshots of the main steps go to ``tests/e2e/screenshots/`` (git-ignored).
"""

from __future__ import annotations

import os
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import missing_part

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = Path(__file__).with_name("screenshots")
PASSWORD = "correct horse battery staple"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}
#: Playwright waits this long (ms) at most for a page or an element.
TIMEOUT_MS = 15_000

HEADERS = "Prénom;Nom;E-mail;Entreprise;Poste;Je peux aider sur;Je recherche;Centres d'intérêt;LinkedIn"
#: Twelve topics: person i offers topics i..i+2 and looks for i+6..i+8 (mod 12),
#: so everybody has five people who can help them and whom they can help.
TOPICS = (
    "levée de fonds", "recrutement de développeurs", "conformité RGPD", "marketing B2B", "référencement",
    "tarification", "cybersécurité", "export vers l’Allemagne", "comptabilité", "design UX", "logistique",
    "subventions publiques",
)
PEOPLE = (
    ("Zoé", "Lefèvre", "Œuvre & Co"), ("Hélène", "Gauthier", "Cœur de Données"),
    ("Étienne", "Mercier", "Société Générale d’Idées"),
    ("Loïc", "Guérin", "Bœuf Numérique"), ("Maëlle", "Faure", "Clé Réseau"), ("Benoît", "Rousseau", "Élan Conseil"),
    ("Noémie", "Dupont", "Café Crème SAS"), ("Jérôme", "Bonnet", "Sœurs & Associés"),
    ("Clémence", "Fontaine", "Écrin Tech"),
    ("Cédric", "Chevalier", "Forêt Logistique"), ("Aurélie", "Blanc", "Métropole Fintech"),
    ("Raphaël", "Garnier", "Pâtisserie 2.0"),
)


def french_attendee_file() -> bytes:
    """An Excel-style French export: ``;`` separated, cp1252, accents, œ, ’ and €."""
    lines = [HEADERS]
    for i, (first, last, company) in enumerate(PEOPLE):
        offers = ", ".join(TOPICS[(i + k) % 12] for k in range(3))
        needs = ", ".join(TOPICS[(i + 6 + k) % 12] for k in range(3))
        interests = "vélo, œnologie" if i % 2 else "théâtre, budget à 10 000 €"
        email = f"{first}.{last}".lower().translate(str.maketrans("éèëêïîöôüç", "eeeeiioouc")) + "@exemple.fr"
        lines.append(";".join([
            first, last, email, company, "Directrice générale" if i % 2 else "Responsable d’équipe",
            offers, needs, interests, f"https://www.linkedin.com/in/{last.lower()}-{i}",
        ]))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


@dataclass
class LiveServer:
    url: str
    app: object


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The real app on a free local port for the whole session."""
    from werkzeug.serving import make_server

    from api import register_api
    from web import create_app
    from web.extensions import db

    tmp = tmp_path_factory.mktemp("e2e")
    config = {
        "SECRET_KEY": "e2e-secret-key",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'e2e.sqlite3'}",
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        "MATCH_IN_REQUEST_MAX": 1000,
        "UPLOAD_STAGING_DIR": str(tmp / "uploads"),
        "RATELIMIT_STORAGE_URI": "memory://",
        "MAIL_SERVER": "",
        "BASE_URL": "http://127.0.0.1:1",  # replaced below once the port is known
    }
    server = make_server("127.0.0.1", 0, None, threaded=True)
    config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    app = register_api(create_app(config))
    server.app = app
    with app.app_context():
        db.create_all()
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=config["BASE_URL"], app=app)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, without any network side traffic."""
    if not os.path.exists(CHROMIUM):
        missing_part("Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_part("Python Playwright is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@contextmanager
def context_factory(browser, base_url: str):
    """Yield ``make(**options)`` that opens browser contexts on ``base_url``; all closed on exit."""
    contexts = []

    def make(**options):
        context = browser.new_context(base_url=base_url, **{"locale": "en-GB", **options})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    try:
        yield make
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def new_context(browser, live_server):
    """Factory of browser contexts bound to the live server; all closed at the end of the test."""
    with context_factory(browser, live_server.url) as make:
        yield make


def note_meeting(card, topic: str, detail: str, rating: str) -> None:
    """Fill and send the French "we met" form of one partner card."""
    card.get_by_label("Nous avons échangé").check()
    card.get_by_label(re.compile("^De quoi avez-vous parlé")).fill(topic)
    card.get_by_label("Un détail personnel à retenir").fill(detail)
    card.get_by_label(re.compile("^Était-ce utile")).select_option(rating)
    card.get_by_role("button", name="Enregistrer ma note").click()


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot of the current step (the whole page, or what the screen shows)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


# --- Steps shared by the flow and accessibility tests, all through the real forms ---

def sign_up(page, email: str, name: str = "Organisatrice") -> None:
    page.goto("/signup")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create the account").click()
    # Sign-up never tells whether the address had an account: it always leads to the sign-in form.
    page.wait_for_url(re.compile(r"/signin$"))
    sign_in(page, email)


def sign_in(page, email: str) -> None:
    page.goto("/signin")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def create_event(page, name: str) -> int:
    """Fill the new-event form (Paris, French) and return the event id."""
    page.goto("/events/new")
    page.get_by_label("Event name").fill(name)
    page.get_by_label("Venue").fill("Halle aux Grains, Toulouse")
    page.get_by_label("Date", exact=True).fill("2031-06-12")
    page.get_by_label("Start time (local)").fill("19:00")
    page.get_by_label("End time (local, optional)").fill("21:30")
    page.get_by_label("Time zone", exact=True).select_option("Europe/Paris")
    page.get_by_label("Language of the mails and pages").select_option("fr")
    page.get_by_role("button", name="Create the event").click()
    page.wait_for_url(re.compile(r"/events/\d+$"))
    return int(page.url.rsplit("/", 1)[1])


def upload_preview(page, event_id: int, data: bytes, filename: str = "inscrits.csv") -> None:
    """Upload ``data`` and stop on the preview page."""
    page.goto(f"/events/{event_id}/upload")
    page.get_by_label("Attendee file").set_input_files(
        {"name": filename, "mimeType": "text/csv", "buffer": data})
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("heading", name=f"Preview of “{filename}”").wait_for()


def attendee_link(live_server, event_id: int, email: str) -> str:
    """The private link of one attendee, derived the way the export does."""
    from sqlalchemy import select

    from web.extensions import db
    from web.models import Attendee
    from web.services.links import ensure_link, link_url

    with live_server.app.app_context():
        attendee = db.session.scalar(select(Attendee).where(Attendee.event_id == event_id, Attendee.email == email))
        url = link_url(ensure_link(attendee))
        db.session.commit()
        return url
