"""A demanding French organizer's whole walk, every page read in French and in English (issue 9).

Signs up in French, creates an event, uploads the realistic mixed French/English Lyon file
(bench/data/lyon_mixed.csv, with a rejected row added), runs the matching, publishes, then reads
every page an organizer or an attendee meets: the event page with its figures and reasons, the
attendee list, a page link, the mail page and a preview, the rules, the change log and the change
review with its removed pairs and reasons, the check-in list after a walk-in, the live screen, a
scanned badge, the tokens page, an unknown address, French and English attendee pages in both
languages, the guest list and the profile-phase panel. Each one goes through the grammar lint of
:mod:`matchmaker.lint` (see ``test_wording_lint.py``); a failure lists every sentence to correct.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from html import unescape
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from matchmaker.lint import lint, text_of_html
from tests.builders import token_of
from tests.helpers import csrf_token, post_file, same_origin
from web.extensions import db
from web.models import Attendee, Event
from web.services import checkin

LYON = Path(__file__).resolve().parents[2] / "bench" / "data" / "lyon_mixed.csv"
LANGUAGES = ("fr", "en")
_SLOTS = {"{table}", "{round}"}


def _problems(html: str, language: str) -> list[str]:
    if f'<html lang="{language}">' not in html:
        return [f'not rendered in "{language}"']
    html = re.sub(r"<code>.*?</code>|<pre class=\"mail-text\".*?</pre>", " ", html, flags=re.S)
    # What people wrote themselves is marked with its language: not the page's wording.
    html = re.sub(r'<(\w+)[^>]*\blang="(?!' + language + r')\w+"[^>]*>.*?</\1>', " ", html, flags=re.S)
    return [str(p) for p in lint(text_of_html(html), language) if not (p.rule == "placeholder" and p.excerpt in _SLOTS)]


def _choose(client, language: str, page: str = "/") -> None:
    client.post("/language", data={"language": language, "csrf_token": csrf_token(client, page)})


def _hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="{name}"', html).group(1)


def _post(client, url: str, page: str, **data):
    return client.post(url, data={"csrf_token": csrf_token(client, page), **data}, follow_redirects=True)


def _organizer_with_event(client, *, days_ahead: int = 0, rows: int | None = None) -> tuple[int, str, str]:
    """Sign up and in as a French organizer, create the Lyon event and upload the file (plus one bad row).

    Returns the event id, the upload preview page and the import report page.
    """
    same_origin(client)
    _choose(client, "fr", "/signin")
    _post(client, "/signup", "/signup", name="Claire Dubois", email="claire@example.fr",
          password="un mot de passe solide")
    _post(client, "/signin", "/signin", email="claire@example.fr", password="un mot de passe solide")
    day = dt.datetime.now(ZoneInfo("Europe/Paris")).date() + dt.timedelta(days=days_ahead)
    created = _post(client, "/events/new", "/events/new", name="Rencontres Entrepreneurs Lyon 2026",
                    venue="H7, Lyon", date=day.isoformat(), start_time="23:00", end_time="23:59",
                    timezone="Europe/Paris", language="fr", slot_minutes="15", meeting_point="Table {table}",
                    followups_enabled="y", followup_time="09:00", reminder_hours="48")
    event_id = int(re.search(r"/events/(\d+)/upload", created.get_data(as_text=True)).group(1))
    lines = LYON.read_bytes().rstrip(b"\r\n").split(b"\n")
    data = b"\n".join(lines[: (rows + 1) if rows else None]) + b"\r\nHugo;Petit;pas-une-adresse;Globex;;export;\r\n"
    preview = post_file(client, event_id, data, "lyon_mixed.csv").get_data(as_text=True)
    done = client.post(f"/events/{event_id}/upload/confirm", data={
        "csrf_token": _hidden(preview, "csrf_token"), "token": _hidden(preview, "token"),
        "sha256": _hidden(preview, "sha256"), "filename": "lyon_mixed.csv"}).get_data(as_text=True)
    return event_id, preview, done


def _tokens(app, event_id: int) -> dict[str, str]:
    with app.app_context():
        people = db.session.scalars(select(Attendee).where(Attendee.event_id == event_id)).all()
        tokens = {a.email: token_of(a) for a in people}
        db.session.commit()
    return tokens


@pytest.fixture
def walked(app, client):
    """The organizer's walk, in French, to a published event; returns the event id and attendee tokens."""
    event_id, preview, done = _organizer_with_event(client)
    _post(client, f"/events/{event_id}/matching", f"/events/{event_id}")
    _post(client, f"/events/{event_id}/publish", f"/events/{event_id}", confirm="yes")
    return {"event_id": event_id, "tokens": _tokens(app, event_id), "preview": preview, "done": done}


def _report(found: dict[str, list[str]]) -> None:
    found = {where: problems for where, problems in found.items() if problems}
    assert not found, "\n".join(f"{where}: {'; '.join(problems)}" for where, problems in found.items())


def test_the_whole_walk_reads_well_in_both_languages(app, client, walked):
    event_id, tokens = walked["event_id"], walked["tokens"]
    found: dict[str, list[str]] = {}
    assert "pas-une-adresse" in walked["done"]  # the rejected row is reported
    found["upload preview (fr)"] = _problems(walked["preview"], "fr")
    found["upload done (fr)"] = _problems(walked["done"], "fr")
    # A walk-in, a departure and a pinned pair make the change review say why pairs go.
    walk_in = _post(client, f"/events/{event_id}/walk-ins", f"/events/{event_id}/checkin", name="Zoé Lambert",
                    email="zoe.lambert@example.fr", company="Lambert Studio", offers="identité visuelle",
                    needs="clients").get_data(as_text=True)
    assert "Zoé Lambert" in walk_in
    found["check-in after a walk-in, with its message (fr)"] = _problems(walk_in, "fr")
    with app.app_context():
        gone = db.session.scalar(select(Attendee).where(Attendee.email == "ben@rhoneventures.com"))
        scan_token = checkin.scan_token(db.session.scalar(select(Attendee).where(
            Attendee.email == "camille.roux@cycloop.fr")))
    deleted = _post(client, f"/m/{tokens['ben@rhoneventures.com']}/delete", f"/m/{tokens['ben@rhoneventures.com']}",
                    confirm="1").get_data(as_text=True)
    found["page after deleting one's data (en)"] = _problems(deleted, "en")  # Ben reads English
    assert gone is not None
    organizer_pages = [
        "/", f"/events/{event_id}", f"/events/{event_id}/attendees", f"/events/{event_id}/edit",
        f"/events/{event_id}/upload", f"/events/{event_id}/rules", f"/events/{event_id}/mail",
        f"/events/{event_id}/changes", f"/events/{event_id}/changes/review", f"/events/{event_id}/checkin",
        f"/events/{event_id}/live", f"/events/{event_id}/checkin/scan/{scan_token}", "/tokens",
        "/this-page-does-not-exist",
    ]
    with app.app_context():
        some = db.session.scalar(select(Attendee.id).where(Attendee.event_id == event_id).order_by(Attendee.id))
    organizer_pages += [f"/events/{event_id}/attendees/{some}/link",
                        f"/events/{event_id}/mail/preview?attendee={some}&kind=invitation"]
    for language in LANGUAGES:
        _choose(client, language)
        for url in organizer_pages:
            response = client.get(url)
            assert response.status_code == (404 if "does-not-exist" in url else 200), (url, response.status_code)
            found[f"{url} ({language})"] = _problems(response.get_data(as_text=True), language)
            if os.environ.get("WALK_DUMP"):
                name = re.sub(r"\W+", "_", url)[:60]
                Path(f"/tmp/wording_walk_{name}_{language}.html").write_text(response.get_data(as_text=True))
    # The unsubscribe page an invitation links to, in its recipient's language.
    preview = client.get(f"/events/{event_id}/mail/preview?attendee={some}&kind=invitation").get_data(as_text=True)
    unsubscribe = re.search(r"https://matchmaker\.test(/u/[\w.-]+)", preview).group(1)
    with app.app_context():
        reader = db.session.get(Attendee, some).effective_language
    found[f"unsubscribe page ({reader})"] = _problems(client.get(unsubscribe).get_data(as_text=True), reader)
    french, english = tokens["camille.roux@cycloop.fr"], tokens["sarah.whitfield@kinetichealth.co.uk"]
    for token in (french, english):
        for language in LANGUAGES:
            _post(client, f"/m/{token}/language", f"/m/{token}", language=language)
            for url in (f"/m/{token}", f"/m/{token}/guests"):
                html = client.get(url).get_data(as_text=True)
                found[f"{url} ({language})"] = _problems(html, language)
                if os.environ.get("WALK_DUMP"):
                    kind = "guests" if url.endswith("guests") else "page"
                    Path(f"/tmp/wording_walk_m_{token[:6]}_{kind}_{language}.html").write_text(html)
    if os.environ.get("WALK_DUMP"):
        Path("/tmp/wording_walk_upload_done_fr.html").write_text(walked["done"])
        Path("/tmp/wording_walk_upload_preview_fr.html").write_text(walked["preview"])
    _report(found)


def test_reasons_follow_the_readers_language(app, client, walked):
    """The engine's reasons (a rejected row here) are rendered from their code, not its English."""
    assert "adresse e-mail «\u00a0pas-une-adresse\u00a0» non valide" in walked["done"]
    assert "invalid e-mail address" not in walked["done"]
    with app.app_context():
        event = db.session.get(Event, walked["event_id"])
        rows = (event.match_stats or {}).get("rejected_rows", [])
    assert all(set(row) >= {"reason", "code", "params"} for row in rows)


def test_profile_phase_and_engine_reasons_read_well(app, client):
    """Before the matching: the profile phase panel, invitations, the guided profile and the guest list;
    then an odd number of attendees, so the event page says why one person has two partners."""
    event_id, _, _ = _organizer_with_event(client, days_ahead=30, rows=37)
    deadline = (dt.datetime.now(ZoneInfo("Europe/Paris")) + dt.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")
    _post(client, f"/events/{event_id}/profile-phase", f"/events/{event_id}", deadline=deadline,
          topics="Levée de fonds\nRecrutement\nExport", match_at_deadline="1")
    invited = _post(client, f"/events/{event_id}/profile-phase/invite", f"/events/{event_id}").get_data(as_text=True)
    assert "37\u00a0invitations en file" in invited or "37 invitations en file" in invited
    tokens = _tokens(app, event_id)
    found: dict[str, list[str]] = {"event page after inviting (fr)": _problems(invited, "fr")}
    for token in (tokens["camille.roux@cycloop.fr"], tokens["sarah.whitfield@kinetichealth.co.uk"]):
        for language in LANGUAGES:
            _post(client, f"/m/{token}/language", f"/m/{token}", language=language)
            for url in (f"/m/{token}", f"/m/{token}/guests"):
                found[f"{url} ({language}, profile phase)"] = _problems(client.get(url).get_data(as_text=True), language)
    _post(client, f"/events/{event_id}/matching", f"/events/{event_id}")
    for language in LANGUAGES:
        _choose(client, language)
        html = client.get(f"/events/{event_id}").get_data(as_text=True)
        found[f"event page with reasons ({language})"] = _problems(html, language)
        reason = ("nombre impair de personnes inscrites, donc une personne n'a que 2 partenaires"
                  if language == "fr" else "odd number of attendees, so one person gets 2 partners")
        assert reason in unescape(html).replace("\u202f", "\u00a0"), (language, re.findall(r"<h3>.*?</ul>", html, re.S))
    _report(found)


def test_a_column_without_a_header_is_named_in_the_pages_language(app, client):
    from tests.helpers import signed_in_event

    event_id = signed_in_event(app, client)
    _choose(client, "fr")
    html = post_file(client, event_id, b"E-mail;;Nom\r\na@example.org;x;Ann\r\n").get_data(as_text=True)
    assert "colonne 2 (sans en-tête)" in html and "column 2" not in html
    assert not _problems(html, "fr")
