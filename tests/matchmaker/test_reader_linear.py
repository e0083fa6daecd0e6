"""The reader's work grows linearly with its input, whatever the header's shape (issue: a 6 KB file froze it).

The work is counted (cells visited, header lookups, name-clash probes; :mod:`matchmaker.work`), not timed:
``bench/reader_speed.py`` has the clock.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matchmaker.errors import FileFormatError
from matchmaker.reader import MAX_COLUMNS, _extra_keys, read_attendees
from matchmaker.work import counting

LIMIT = 64 * 1024


def steps_of(data: bytes) -> tuple[int, str]:
    with counting() as work:
        try:
            report = read_attendees(data)
            outcome = f"read {len(report.attendees)}"
        except FileFormatError as error:
            outcome = f"refused: {error}"
    return work.steps, outcome


cells = st.text(st.characters(codec="utf-8", exclude_characters='\x00"'), max_size=12)


@st.composite
def shaped_files(draw):
    sep = draw(st.sampled_from([",", ";", "\t"]))
    shape = draw(st.sampled_from(["identical", "distinct", "few names", "random bytes", "wide rows"]))
    if shape == "random bytes":
        return draw(st.binary(max_size=LIMIT))
    width = draw(st.integers(1, 6000))
    if shape == "identical":
        header = [draw(cells)] * width
    elif shape == "distinct":
        header = [f"h{k}" for k in range(width)]
    else:
        names = draw(st.lists(cells, min_size=1, max_size=5))
        header = [names[k % len(names)] for k in range(width)]
    if draw(st.booleans()):
        header[draw(st.integers(0, width - 1))] = "Email"
    rows = draw(st.integers(0, 30))
    row_width = width if shape != "wide rows" else draw(st.integers(width, width + 3000))
    body = "".join(sep.join(["a@example.org"] * min(row_width, 3) + ["x"] * (row_width - 3)) + "\n"
                   for _ in range(rows))
    return (sep.join(header) + "\n" + body).encode()[:LIMIT]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(shaped_files())
def test_any_file_is_read_or_refused_with_work_linear_in_its_size(data):
    steps, outcome = steps_of(data)
    assert outcome.startswith(("read ", "refused: "))
    assert steps <= 4 * len(data) + 64, (steps, len(data), outcome[:80])


@pytest.mark.parametrize("header", [
    ["a"] * 2000, [f"column {k}" for k in range(60_000)], ["a", "a (2)"] * 1000,
])
def test_wide_headers_are_refused_cheaply(header):
    data = (",".join(header) + "\n").encode()
    steps, outcome = steps_of(data)
    assert outcome.startswith(f"refused: The header row has {len(header)} columns; the limit is {MAX_COLUMNS}.")
    assert steps <= 2 * len(data)


def test_widest_accepted_header_reads_in_linear_work():
    header = ["Email", "Name", *(["Notes"] * (MAX_COLUMNS - 2))]
    data = (",".join(header) + "\n" + ",".join(["a@example.org", "A"] + ["x"] * (MAX_COLUMNS - 2)) + "\n").encode()
    steps, outcome = steps_of(data)
    assert outcome == "read 1"
    assert steps <= 4 * len(data)
    assert len(read_attendees(data).attendees[0].extra) == MAX_COLUMNS - 2


def test_extra_keys_are_distinct_and_numbered_from_two():
    names = ["Notes", "Notes (2)", "Notes", "Notes", "X"]
    assert list(_extra_keys(names, range(len(names))).values()) == [
        "Notes", "Notes (2)", "Notes (3)", "Notes (4)", "X"]
    with counting() as work:
        keys = _extra_keys(["a"] * MAX_COLUMNS, range(MAX_COLUMNS))
    assert len(set(keys.values())) == MAX_COLUMNS
    assert work.steps <= 2 * MAX_COLUMNS  # a scan of every earlier key would be 125,000
