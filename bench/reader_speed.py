"""The reader on hostile 1 MB inputs: linear in size, and never above 2 s for 1 MB.

Run: ``.venv/bin/python -m bench.reader_speed [--mb 1]``

A 6 KB file once froze the workers (a header scan quadratic in its width).
For each input shape, at a quarter, half and all of ``--mb`` megabytes, this
prints the best of three wall times of ``read_attendees`` (read or refused),
the ratio to reading a normal attendee file of the same size in the same run
(a synthetic event, what organizers upload), and the growth from the half to
the full size (about 2.0 when linear, about 4.0 when quadratic). It exits with
status 1 when a full-size input takes more than 2 s.

Shapes: 2,000 identical header cells then rows; distinct header cells up to
the size (60,000 and more); random bytes (refused at once: not text); random
text made of separators, quotes, line breaks and letters; a short header with very wide rows;
an ``.xlsx`` workbook of the normal file (openpyxl is slower than the csv
module, so this one is reported, not held to the CSV ratio).
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time

from matchmaker.errors import FileFormatError
from matchmaker.reader import read_attendees
from matchmaker.synthetic import generate_event, to_csv

__all__ = ["SHAPES", "main", "timed"]

_LIMIT_SECONDS = 2.0


def normal(size: int) -> bytes:
    """A synthetic event's attendee file cut to ``size`` bytes at a line end."""
    data = to_csv(generate_event(max(10, size // 150), seed=0).attendees)
    while len(data) < size:
        data += data[data.index(b"\n") + 1:]
    return data[:size].rsplit(b"\n", 1)[0] + b"\n"


def identical_header(size: int) -> bytes:
    header = b",".join([b"Notes"] * 2000) + b"\n"
    row = b",".join([b"a@example.org"] + [b"x"] * 1999) + b"\n"
    return header + row * max(0, (size - len(header)) // len(row))


def distinct_header(size: int) -> bytes:
    cells, total, k = [], 0, 0
    while total < size:
        cell = f"column {k}".encode()
        cells.append(cell)
        total += len(cell) + 1
        k += 1
    return b",".join(cells) + b"\n"


def random_bytes(size: int) -> bytes:
    return random.Random(size).randbytes(size)


def random_text(size: int) -> bytes:
    """Random characters among separators, quotes, line breaks, '@' and letters: every parser path."""
    rng = random.Random(size)
    return bytes(rng.choice(b'a,;\t"\r\n @.xE') for _ in range(size))


def wide_rows(size: int) -> bytes:
    header = b"Email,Name,Notes\n"
    row = b",".join([b"a@example.org", b"A"] + [b"x"] * 20_000) + b"\n"
    return header + row * max(1, (size - len(header)) // len(row))


def workbook(size: int) -> bytes:
    import csv

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in csv.reader(io.StringIO(normal(size).decode(), newline=""), delimiter=";"):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


SHAPES = {"2,000 identical header cells": identical_header, "distinct header cells": distinct_header,
          "random bytes": random_bytes, "random text": random_text, "wide rows (20,000 cells)": wide_rows}


def timed(data: bytes, repeat: int = 3) -> tuple[float, str]:
    """Best wall time of ``repeat`` reads, and what came out."""
    best, outcome = float("inf"), ""
    for _ in range(repeat):
        started = time.perf_counter()
        try:
            report = read_attendees(data)
            outcome = f"read {len(report.attendees)} attendees, {len(report.rejected)} rejected rows"
        except FileFormatError as error:
            outcome = f"refused: {str(error)[:60]}"
        best = min(best, time.perf_counter() - started)
    return best, outcome


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="full input size in megabytes (default 1)")
    args = parser.parse_args(argv)
    size = int(args.mb * 2**20)
    sizes = (size // 4, size // 2, size)
    read_attendees(normal(4096))  # imports and caches warm
    base = {s: timed(normal(s))[0] for s in sizes}
    times = " / ".join(f"{base[s]:.3f}" for s in sizes)
    print(f"normal file: {times} s at {' / '.join(f'{s // 1024} KB' for s in sizes)}")
    print(f"{'shape':<30} {'seconds (1/4, 1/2, 1)':>26} {'x normal':>9} {'1/2->1':>7}  outcome at full size")
    slow = False
    for name, make in [*SHAPES.items(), ("xlsx of the normal file", workbook)]:
        times, outcome = [], ""
        for s in sizes:
            seconds, outcome = timed(make(s), repeat=1 if make is workbook else 3)
            times.append(seconds)
        growth = times[2] / times[1] if times[1] > 0 else float("nan")
        slow |= make is not workbook and times[2] > _LIMIT_SECONDS
        print(f"{name:<30} {' '.join(f'{t:8.3f}' for t in times):>26} {times[2] / base[size]:9.2f} "
              f"{growth:7.2f}  {outcome}")
    print(f"limit: {_LIMIT_SECONDS} s for {args.mb:g} MB (CSV shapes): {'EXCEEDED' if slow else 'met'}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
