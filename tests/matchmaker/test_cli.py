"""The ``matchmaker`` command line: formats, demo, errors without tracebacks."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from matchmaker.cli import main
from matchmaker.synthetic import generate_event, to_csv


@pytest.fixture(scope="module")
def attendee_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "attendees.csv"
    path.write_bytes(to_csv(generate_event(16, seed=1).attendees))
    return path


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_json_is_default_and_byte_identical(capsys, attendee_file):
    status, out, err = run(capsys, "match", str(attendee_file), "--seed", "3")
    assert status == 0 and err == ""
    result = json.loads(out)
    assert result["stats"]["attendees"] == 16 and result["stats"]["seconds"] == 0.0
    assert all(len(a["partners"]) == 3 for a in result["attendees"])
    assert run(capsys, "match", str(attendee_file), "--seed", "3")[1] == out


def test_timing_flag_fills_seconds(capsys, attendee_file):
    status, out, _ = run(capsys, "match", str(attendee_file), "--timing")
    assert status == 0 and json.loads(out)["stats"]["seconds"] > 0


def test_csv_has_one_row_per_pair(capsys, attendee_file):
    status, out, _ = run(capsys, "match", str(attendee_file), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 0 and len(rows) == 24
    assert {"round", "a", "b", "score", "a_helps_b", "b_helps_a"} <= set(rows[0])


def test_text_lists_every_attendee(capsys, attendee_file):
    status, out, _ = run(capsys, "match", str(attendee_file), "--format", "text")
    assert status == 0
    assert out.count("round 1:") + out.count("round 2:") + out.count("round 3:") >= 48
    assert "16 attendees, 24 conversations" in out


def test_demo_writes_a_readable_file(capsys):
    status, out, _ = run(capsys, "demo", "--n", "10", "--seed", "4")
    assert status == 0
    from matchmaker.reader import read_attendees
    assert len(read_attendees(out.encode("utf-8")).attendees) == 10


@pytest.mark.parametrize("content, message", [
    (None, "cannot read"),
    (b"", "empty"),
    (b"\x00\x01\x02binary\xff\xfe" * 50, "matchmaker: error:"),
])
def test_bad_files_exit_2_with_one_line(capsys, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    if content is not None:
        path.write_bytes(content)
    status, out, err = run(capsys, "match", str(path))
    assert status == 2 and out == ""
    assert err.startswith("matchmaker: error:") and err.count("\n") == 1 and message in err
    assert "Traceback" not in err


def test_console_script_reports_errors_without_traceback(tmp_path):
    script = Path(sys.executable).with_name("matchmaker")
    done = subprocess.run([str(script), "match", str(tmp_path / "missing.csv")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.startswith("matchmaker: error:") and "Traceback" not in done.stderr
