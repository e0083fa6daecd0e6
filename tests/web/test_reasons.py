"""The engine's reasons, the worker's progress and the services' errors, rendered in the reader's language."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from matchmaker.lint import lint
from matchmaker.reasons import CODES, Reason
from web.extensions import db
from web.models import ApiToken, Organizer
from web.reasons import _PROGRESS, as_sentence, job_error_text, progress_text, reason_text
from web.services import organizers

#: One example of every code, with the parameters the engine gives it.
EXAMPLES = {
    "alone": {}, "too_few_attendees": {"attendees": 2, "most": 1}, "all_excluded": {},
    "few_allowed": {"allowed": 2}, "odd_count": {"partners": 2}, "rules_block": {}, "no_free_slot": {},
    "too_many_cells": {"cells": 5, "width": 4}, "cell_too_long": {"column": "Bio", "length": 12000, "limit": 10000},
    "no_email": {}, "invalid_email": {"value": "bob@"}, "no_name_column": {},
    "email_too_long": {"start": "x" * 40, "limit": 254}, "left": {"who": "ana@example.org"}, "forbidden": {},
    "colleagues": {}, "duplicate": {}, "double_booked": {"who": "ana@example.org", "round": 2},
    "made_room": {"who": "ana@example.org", "other": "ben@example.org"}, "extra_round_odd": {"rounds": 3, "extra": 1},
    "extra_round": {"rounds": 3, "extra": 2}, "pinned_round_added": {"rounds": 3, "extra": 1},
}
NAMES = {"ana@example.org": "Ana Martin", "ben@example.org": "Ben Cole"}


def test_every_code_has_an_example_and_an_english_sentence():
    assert set(EXAMPLES) == set(CODES)
    for code, params in EXAMPLES.items():
        assert str(Reason(code, **params)), code


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_reason_reads_well_in_the_readers_language(app, language):
    with app.test_request_context(headers={"Accept-Language": language}):
        for code, params in EXAMPLES.items():
            row = Reason(code, **params).as_dict()
            text = reason_text(row, NAMES)
            # People are named, not shown by address (a rejected address is shown as it was typed).
            assert text and ("@" not in text or code in ("invalid_email", "email_too_long")), (code, text)
            sentence = as_sentence(text)
            assert not lint(sentence, language), (code, sentence, lint(sentence, language))
            if language == "fr":
                assert text != str(Reason(code, **params)), code  # rendered from the code, not the English


def test_reasons_stored_before_codes_are_quoted_not_mixed_in(app):
    legacy = {"email": "a@x.org", "reason": "colleague rules leave nobody"}
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert reason_text(legacy) == "colleague rules leave nobody"
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        text = reason_text(legacy)
        assert text.startswith("raison enregistrée en anglais") and "«\u00a0colleague rules leave nobody\u00a0»" in text
        # A departure logged before reasons had parameters says what it can without a hole.
        assert reason_text({"code": "left", "reason": "left the event"}) == "l'une des deux personnes a quitté l'événement"


def test_removed_pairs_name_people_from_the_pair_itself(app):
    row = {"a": "ana@example.org", "b": "ben@example.org", "a_name": "Ana Martin", "b_name": "Ben Cole",
           **Reason("left", who="ben@example.org").as_dict()}
    pinned = Reason("made_room", pinned=True, other="ana@example.org").as_dict()
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert reason_text(row) == "Ben Cole ne figure plus sur la liste des participants"
        assert reason_text(pinned, NAMES) == "place libérée pour un binôme imposé avec Ana Martin"


def test_worker_progress_and_failures_in_the_readers_language(app):
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert progress_text("scoring pairs") == "évaluation des binômes"
        assert all(progress_text(label) != label for label in _PROGRESS if label not in ("done",))
        assert progress_text("a step added later") == "calcul en cours"
        assert job_error_text("internal error, see the worker log").startswith("une erreur interne")
        assert job_error_text("pinned pair a@x / b@x") == "le moteur a refusé les données («\u00a0pinned pair a@x / b@x\u00a0»)"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert progress_text("scoring pairs") == "scoring the pairs"
        assert progress_text("a step added later") == "a step added later"


def _api_token(app) -> str:
    with app.app_context():
        organizer = Organizer(email="api@example.org", password_hash="x")
        db.session.add(organizer)
        db.session.commit()
        token = organizers.create_api_token(organizer, "test")
        db.session.commit()
        return token


def test_api_errors_follow_accept_language_in_one_shape(app, client):
    headers = {"Authorization": f"Bearer {_api_token(app)}"}
    body = {"name": "Soirée", "starts_at": "2030-05-01T18:00:00", "timezone": "Mars/Olympus", "language": "fr",
            "slot_minutes": 15}
    english = client.post("/api/events", json=body, headers=headers).get_json()
    french = client.post("/api/events", json=body, headers={**headers, "Accept-Language": "fr-FR,fr;q=0.9"}).get_json()
    assert english["error"]["message"] == "“Mars/Olympus” is not a time zone; use a name such as Europe/Paris."
    assert french["error"]["message"].startswith("«\u00a0Mars/Olympus\u00a0» n'est pas un fuseau horaire")
    assert set(english["error"]) == set(french["error"]) and french["error"]["details"][0]["field"] == "timezone"


def test_tokens_page_shows_times_in_the_organizers_zone(app, client):
    from tests.builders import bare_event
    from tests.helpers import create_organizer, sign_in

    organizer_id = create_organizer(app)
    bare_event(app, organizer_id)  # a Paris event: the organizer's zone
    with app.app_context():
        organizers.create_api_token(db.session.get(Organizer, organizer_id), "laptop")
        token = db.session.scalar(select(ApiToken).where(ApiToken.organizer_id == organizer_id))
        token.created_at = dt.datetime(2026, 1, 15, 22, 30)  # 23:30 in Paris
        db.session.commit()
    sign_in(client)
    html = client.get("/tokens", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "UTC" not in html and "15 Jan 2026, 23:30" in html and "Europe/Paris" in html
