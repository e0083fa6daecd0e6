"""Upload of a 10,000-row attendee file through the web services, against the reader alone.

Run: ``.venv/bin/python -m bench.web_upload [--rows 10000] [--no-pg]``

The file is a synthetic event written the way a French spreadsheet saves it
(``;`` separator, cp1252). For each database (a SQLite file, and PostgreSQL
at ``bench._util.PG_URL`` in a throw-away schema when reachable) it times:

* ``read_attendees`` alone: the baseline every other figure is divided by;
* ``preview_import`` on an empty event (reads, compares, stores nothing);
* ``apply_import`` + commit on the empty event (10,000 inserts);
* the same file again: preview, then apply + commit (all rows unchanged).

Ratios are taken against the reader timed in the same run, so they hold on a
noisy machine where absolute seconds do not. Peak RSS is the process's peak
during each step (reset between steps where Linux allows it, but the Python
heap rarely shrinks, so it mostly grows from step to step).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench._util import make_app, peak_rss_mb, pg_schema, print_table, reset_peak_rss, seed_event
from matchmaker.reader import read_attendees
from matchmaker.synthetic import generate_event, to_csv

__all__ = ["make_file", "time_reader", "run_backend", "main"]


def make_file(rows: int, seed: int = 0) -> bytes:
    """The attendee file: ``rows`` synthetic attendees, ``;``-separated, cp1252."""
    return to_csv(generate_event(rows, seed=seed).attendees, separator=";", encoding="cp1252")


def _measure(fn) -> tuple[float, float, object]:
    reset_peak_rss()
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, peak_rss_mb(), value


def time_reader(data: bytes, *, repeat: int = 3) -> tuple[float, float]:
    """Median seconds and peak MB of ``read_attendees`` on ``data`` (limits as the app's defaults)."""
    from web.config import DEFAULTS

    read_attendees(data[:4096].rsplit(b"\n", 1)[0], max_rows=1000, max_cell=10_000)  # warm caches and imports
    runs = [_measure(lambda: read_attendees(data, max_rows=DEFAULTS["UPLOAD_MAX_ROWS"],
                                            max_cell=DEFAULTS["UPLOAD_MAX_CELL"])) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def run_backend(label: str, url: str, data: bytes) -> list[tuple[str, float, float, str]]:
    """(step, seconds, peak MB, outcome) for preview, import and re-upload on database ``url``."""
    from web.extensions import db
    from web.services.imports import apply_import, preview_import

    app = make_app(url)
    steps = []
    with app.app_context():
        event = seed_event()
        db.session.commit()

        def apply():
            result = apply_import(event, data)
            db.session.commit()
            return result

        seconds, peak, preview = _measure(lambda: preview_import(event, data))
        steps.append((f"{label}: preview, empty event", seconds, peak, f"{len(preview.new)} new"))
        seconds, peak, result = _measure(apply)
        steps.append((f"{label}: import + commit", seconds, peak, f"{result.created} created"))
        db.session.expire_all()  # a new request would start with an empty session
        seconds, peak, preview = _measure(lambda: preview_import(event, data))
        steps.append((f"{label}: re-upload preview", seconds, peak, f"{len(preview.unchanged)} unchanged"))
        db.session.expire_all()
        seconds, peak, result = _measure(apply)
        steps.append((f"{label}: re-upload import + commit", seconds, peak,
                      f"{result.unchanged} unchanged, {result.updated} updated"))
        db.session.remove()
        db.engine.dispose()
    return steps


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    args = parser.parse_args(argv)

    data = make_file(args.rows)
    print(f"File: {args.rows:,} rows, {len(data) / 2**20:.1f} MB, ';' separator, cp1252")
    base_seconds, base_peak = time_reader(data)
    steps = [("read_attendees alone (median of 3)", base_seconds, base_peak, "baseline")]
    notes = []
    with tempfile.TemporaryDirectory() as tmp:
        steps += run_backend("SQLite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", data)
    if args.no_pg:
        notes.append("PostgreSQL skipped (--no-pg).")
    else:
        with pg_schema() as url:
            if url is None:
                notes.append("PostgreSQL skipped: nothing reachable at the bench URL.")
            else:
                steps += run_backend("PostgreSQL", url, data)
    # The reader again, after the imports: the ratio's denominator drifts with the machine.
    again, _ = time_reader(data)
    print()
    print_table(["step", "seconds", "x reader", "process peak RSS MB", "outcome"],
                [[name, f"{s:.2f}", f"{s / base_seconds:.1f}", f"{peak:.0f}", outcome]
                 for name, s, peak, outcome in steps], align="lrrrl")
    print()
    print(f"Reader timed again after the imports: {again:.2f} s ({again / base_seconds:.2f} x the first).")
    for note in notes:
        print(note)


if __name__ == "__main__":
    main()
