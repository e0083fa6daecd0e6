"""Reasons carry a stable code and JSON-ready parameters beside the English the CLI and API show."""

import copy
import json
import pickle

import pytest

from matchmaker.reader import RejectedRow, read_attendees
from matchmaker.reasons import CODES, Reason, english


def test_a_reason_is_its_english_sentence_with_code_and_parameters():
    reason = Reason("few_allowed", allowed=1)
    assert reason == "only 1 other attendee is neither a colleague nor excluded"
    assert (reason.code, reason.params) == ("few_allowed", {"allowed": 1})
    assert json.loads(json.dumps(reason.as_dict())) == reason.as_dict()
    assert english("few_allowed", {"allowed": 2}) == "only 2 other attendees are neither a colleague nor excluded"
    with pytest.raises(KeyError):
        Reason("not_a_code")
    for copied in (copy.deepcopy(reason), pickle.loads(pickle.dumps(reason))):
        assert (copied, copied.code, copied.params) == (reason, "few_allowed", {"allowed": 1})


def test_rejected_rows_say_why_with_a_code():
    data = b"Email;Name\nbob@;Bob\n;Nobody\nann@example.org;Ann;extra\n"
    rows = read_attendees(data).rejected
    assert [(r.line, r.code) for r in rows] == [(2, "invalid_email"), (3, "no_email"), (4, "too_many_cells")]
    assert rows[0].params == {"value": "bob@"} and rows[2].params == {"cells": 3, "width": 2}
    assert all(r.code in CODES and r.reason == english(r.code, r.params) for r in rows)
    # Compared by line and text, as before the codes: old callers keep working.
    assert rows[0] == RejectedRow(2, "invalid e-mail address 'bob@'")


def test_a_file_without_a_name_column_rejects_every_row_with_one_code():
    rows = read_attendees(b"Email\nann@example.org\n").rejected
    assert [r.code for r in rows] == ["no_name_column"] and rows[0].reason.startswith("no name")
