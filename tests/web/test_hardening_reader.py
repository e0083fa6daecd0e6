"""Issue 12, item 1, from the attacker's side: a small file with a very wide header row.

Before the fix, 2,000 identical header cells (4 KB) kept a worker busy for 16 s and 60,000 distinct ones
for 22 s. Both are now refused with a sentence that says what to change, and nothing is staged or stored.
The reader's linear work is asserted in tests/matchmaker/test_reader_linear.py; speed is in
bench/reader_speed.py, never here.
"""

from __future__ import annotations

import os

import pytest

from tests.builders import count_attendees
from tests.helpers import post_file, signed_in_event

IDENTICAL = ("email," + ",".join(["x"] * 2_000) + "\na@example.org\n").encode()
DISTINCT = ("email," + ",".join(f"c{k}" for k in range(60_000)) + "\na@example.org\n").encode()


@pytest.mark.parametrize("data", [IDENTICAL, DISTINCT], ids=["2000-identical", "60000-distinct"])
def test_a_wide_header_is_refused_on_the_upload_page(app, client, data):
    event_id = signed_in_event(app, client)
    response = post_file(client, event_id, data)
    page = response.get_data(as_text=True)
    assert response.status_code in (400, 422), response.status_code
    assert "the limit is 500" in page
    staging = app.config["UPLOAD_STAGING_DIR"] or f"{app.instance_path}/uploads"
    assert not os.path.isdir(staging) or not [n for n in os.listdir(staging) if n.startswith(f"event{event_id}-")]
    assert count_attendees(app, event_id) == 0


@pytest.mark.parametrize("data", [IDENTICAL, DISTINCT], ids=["2000-identical", "60000-distinct"])
def test_a_wide_header_is_refused_by_the_api(app, client, data):
    from tests.api.conftest import EVENT, token_for

    headers = {"Authorization": f"Bearer {token_for(app, 'api@example.org')}"}
    created = client.post("/api/events", json=EVENT, headers=headers)
    assert created.status_code == 201, created.get_data(as_text=True)
    event_id = created.get_json()["id"]
    response = client.put(f"/api/events/{event_id}/attendees", data=data, headers=headers,
                          content_type="text/csv")
    assert response.status_code in (400, 422), response.status_code
    assert "the limit is 500" in response.get_data(as_text=True)
    assert count_attendees(app, event_id) == 0
