"""The event glossary (saved, checked line by line, used by the matching) and each attendee's language
as the organizer sets it in the attendee list."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from tests.builders import linked_event
from tests.helpers import csrf_token, post_file, sign_in, signed_in_event

FORM = {
    "name": "Biotech night", "venue": "Hall B", "date": "2030-06-11", "start_time": "18:30", "end_time": "",
    "timezone": "Europe/Paris", "timezone_other": "", "language": "en", "slot_minutes": "15",
    "meeting_point": "Table {table}", "followup_time": "09:00", "reminder_hours": "48", "followups_enabled": "y",
}


def _edit(client, event_id: int, glossary: str):
    url = f"/events/{event_id}/edit"
    return client.post(url, data={**FORM, "glossary": glossary, "csrf_token": csrf_token(client, url)})


def _event(app, event_id: int):
    from web.extensions import db
    from web.models import Event

    with app.app_context():
        event = db.session.get(Event, event_id)
        db.session.expunge(event)
        return event


def test_glossary_is_saved_and_shown_again(app, client):
    event_id = signed_in_event(app, client)
    response = _edit(client, event_id, "qPCR; PCR quantitative\r\n\r\n# our jargon\r\nCAR-T; cellules CAR-T\r\n")
    assert response.status_code == 302
    assert _event(app, event_id).glossary == "qPCR; PCR quantitative\n\n# our jargon\nCAR-T; cellules CAR-T"
    page = client.get(f"/events/{event_id}/edit").get_data(as_text=True)
    assert "CAR-T; cellules CAR-T</textarea>" in page


@pytest.mark.parametrize("glossary, english, french", [
    ("qPCR; PCR quantitative\nbad;;term", "Line 2: a term is empty between two “;”",
     "Ligne 2\u00a0: un terme est vide entre deux «\u00a0;\u00a0»"),
    ("qPCR; PCR\nCRISPR; Cas9\nPCR; amplification", "Line 3: “PCR” is already on line 1",
     "Ligne 3\u00a0: «\u00a0PCR\u00a0» figure déjà à la ligne 1"),
    ("ok; fine\n---; x", "Line 2: “---” has no letter or digit",
     "Ligne 2\u00a0: «\u00a0---\u00a0» n'a ni lettre ni chiffre"),
])
def test_a_bad_glossary_line_is_named_in_the_page_language(app, client, glossary, english, french):
    event_id = signed_in_event(app, client)
    response = _edit(client, event_id, glossary)
    assert response.status_code == 200 and english in unescape(response.get_data(as_text=True))
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    assert french in unescape(_edit(client, event_id, glossary).get_data(as_text=True))
    assert _event(app, event_id).glossary == ""


PEOPLE = ("email;name;offers;needs\n"
          "ana@example.org;Ana;zorblax assays;cloud hosting\n"
          "ben@example.org;Ben;accounting;frobnication tests\n"
          + "".join(f"p{i}@example.org;P{i};{topic};{need}\n" for i, (topic, need) in enumerate(zip(
              ["pricing strategy", "hiring engineers", "seed fundraising", "legal contracts", "logistics",
               "brand design", "data science", "public tenders"],
              ["hiring engineers", "seed fundraising", "legal contracts", "logistics", "brand design",
               "data science", "public tenders", "pricing strategy"]))))


def _ana_ben(app, event_id: int, glossary: str):
    """Match the event with ``glossary`` and return the Ana-Ben conversation (None when not paired)."""
    from web.extensions import db
    from web.models import Event, Match
    from web.services.matching_jobs import start_matching

    with app.app_context():
        event = db.session.get(Event, event_id)
        event.glossary = glossary
        job = start_matching(event, run_now=True)
        db.session.commit()
        assert job.status == "done", job.error
        for match in db.session.scalars(select(Match).where(Match.event_id == event_id)):
            if {match.a.email, match.b.email} == {"ana@example.org", "ben@example.org"}:
                return match.a.email, match.a_helps_b, match.b_helps_a, match.score
    return None


def test_the_matching_reads_the_glossary(app, client):
    from tests.builders import import_people

    event_id = signed_in_event(app, client)
    import_people(app, event_id, PEOPLE.encode())
    without = _ana_ben(app, event_id, "")
    assert without is None or (without[1], without[2]) == ("", "")
    first, a_helps_b, b_helps_a, score = _ana_ben(app, event_id, "zorblax assays; frobnication tests")
    ana_helps_ben = a_helps_b if first == "ana@example.org" else b_helps_a
    assert "zorblax assays" in ana_helps_ben
    assert without is None or score > without[3]


# -- languages in the attendee list ------------------------------------------------------------------
def _owned_event(app, client):
    from web.extensions import db
    from web.models import Attendee, Event
    from web.passwords import hash_password

    with app.app_context():
        tokens = linked_event(language="fr")
        event = db.session.scalar(select(Event))
        event.organizer.password_hash = hash_password("correct horse battery")
        ana = db.session.scalar(select(Attendee).where(Attendee.email == "ana@example.org"))
        ana.language, ana.language_guessed = "fr", True
        ids = {a.email: a.id for a in db.session.scalars(select(Attendee))}
        db.session.commit()
        event_id = event.id
    sign_in(client, email="org@example.org")
    return event_id, tokens, ids


def test_the_roster_shows_each_language_and_the_organizer_changes_it(app, client):
    event_id, tokens, ids = _owned_event(app, client)
    html = client.get(f"/events/{event_id}/attendees").get_data(as_text=True)
    ana_form = html.split(f'id="language-{ids["ana@example.org"]}"', 1)[1].split("</form>", 1)[0]
    assert re.search(r'<option value="fr" selected>Français', ana_form) and "guessed" in ana_form
    token = csrf_token(client, f"/events/{event_id}/attendees")
    response = client.post(f"/events/{event_id}/attendees/{ids['ana@example.org']}/language",
                           data={"csrf_token": token, "language": "en"})
    assert response.status_code == 302
    from web.extensions import db
    from web.models import Attendee

    with app.app_context():
        ana = db.session.get(Attendee, ids["ana@example.org"])
        assert (ana.language, ana.language_guessed, ana.effective_language) == ("en", False, "en")
    # The attendee's own page follows it.
    page = client.get(f"/m/{tokens['ana@example.org']}").get_data(as_text=True)
    assert '<html lang="en">' in page
    html = client.get(f"/events/{event_id}/attendees").get_data(as_text=True)
    ana_form = html.split(f'id="language-{ids["ana@example.org"]}"', 1)[1].split("</form>", 1)[0]
    assert re.search(r'<option value="en" selected>English', ana_form) and "guessed" not in ana_form


def test_a_forged_language_or_someone_elses_attendee_is_refused(app, client):
    event_id, _, ids = _owned_event(app, client)
    token = csrf_token(client, f"/events/{event_id}/attendees")
    url = f"/events/{event_id}/attendees/{ids['ana@example.org']}/language"
    client.post(url, data={"csrf_token": token, "language": "de"})
    assert "Choose English or French" in client.get(f"/events/{event_id}/attendees").get_data(as_text=True)
    assert client.post(url, data={"language": "en"}).status_code == 400  # no CSRF token
    assert client.post(f"/events/{event_id + 1}/attendees/{ids['ana@example.org']}/language",
                       data={"csrf_token": token, "language": "en"}).status_code == 404


def test_a_new_import_guesses_again_but_keeps_a_chosen_language(app, client, tmp_path):
    app.config["UPLOAD_STAGING_DIR"] = str(tmp_path)
    event_id = signed_in_event(app, client)
    from tests.builders import import_people
    from web.extensions import db
    from web.models import Attendee
    from web.services.languages import set_language

    first = ("email;name;offers;needs\n"
             "zoe@example.org;Zoé;levée de fonds pour les startups;un directeur technique\n"
             "tom@example.org;Tom;hiring engineers for the team;seed investors for our startup\n")
    import_people(app, event_id, first.encode())
    with app.app_context():
        zoe = db.session.scalar(select(Attendee).where(Attendee.email == "zoe@example.org"))
        assert (zoe.language, zoe.language_guessed) == ("fr", True)
        set_language(zoe, "en")  # she reads English: the organizer says so
        db.session.commit()
    # The same people again, Tom now writing in French: his guess follows, Zoé's choice stays.
    again = first.replace("hiring engineers for the team", "recruter des ingénieurs pour l'équipe").replace(
        "seed investors for our startup", "des investisseurs pour notre levée")
    html = post_file(client, event_id, again.encode()).get_data(as_text=True)
    languages = html.split('id="languages"', 1)[1].split("</p>", 1)[0]
    assert "1 attendee in French" in languages and "1 in English" in languages  # Zoé's choice counts
    import_people(app, event_id, again.encode())
    with app.app_context():
        rows = {a.email: a for a in db.session.scalars(select(Attendee).where(Attendee.event_id == event_id))}
        assert (rows["zoe@example.org"].language, rows["zoe@example.org"].language_guessed) == ("en", False)
        assert (rows["tom@example.org"].language, rows["tom@example.org"].language_guessed) == ("fr", True)
