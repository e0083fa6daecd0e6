"""Command line: ``matchmaker match FILE`` and ``matchmaker demo``.

``match`` reads an attendee file (CSV, any common encoding and separator) and
writes the matching to standard output as JSON (default), CSV (one row per
pair) or text (one block per attendee). The same file and ``--seed`` give
byte-identical output: wall time is left out unless ``--timing`` is given.
Errors print one line, ``matchmaker: error: ...``, and exit with status 2.

``--glossary FILE`` adds the event's own terms to the lexicon for this run
(UTF-8, one concept per line: ``term; synonym; traduction``).

``demo`` writes a generated attendee file, handy to try ``match``::

    matchmaker demo --n 40 > demo.csv
    matchmaker match demo.csv --format text
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator

from .errors import MatchmakerError

__all__ = ["main", "build_parser"]

_PAIR_COLUMNS = ("round", "a", "b", "score", "weak", "a_helps_b", "b_helps_a", "shared",
                 "questions_for_a", "questions_for_b")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="matchmaker", description=(
        "Three deep conversations per attendee, chosen for the help they can give each other."))
    sub = parser.add_subparsers(dest="command", required=True)
    match = sub.add_parser("match", help="match the attendees of a CSV file")
    match.add_argument("file", metavar="ATTENDEES.csv", help="attendee file (use - for standard input)")
    match.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    match.add_argument("--allow-colleagues", action="store_true",
                       help="allow pairs of people from the same company")
    match.add_argument("--format", choices=("json", "csv", "text"), default="json")
    match.add_argument("--language", choices=("en", "fr"), default="en",
                       help="the event's language (default en): for attendees whose file gives no "
                            "language and whose own words are too few to tell")
    match.add_argument("--glossary", metavar="GLOSSARY.txt",
                       help="the event's own terms, one concept per line: 'term; synonym; traduction'")
    match.add_argument("--timing", action="store_true",
                       help="put the wall time in stats.seconds (output then varies between runs)")
    demo = sub.add_parser("demo", help="write a generated demo attendee file (CSV) to standard output")
    demo.add_argument("--n", type=int, default=40, help="number of attendees (default 40)")
    demo.add_argument("--seed", type=int, default=0)
    return parser


def _progress_printer():
    if not sys.stderr.isatty():
        return None

    def show(fraction, message):
        sys.stderr.write(f"\r{100 * fraction:5.1f}% {message:<45}")
        if fraction >= 1:
            sys.stderr.write("\n")
        sys.stderr.flush()
    return show


def _as_csv(result: dict) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_PAIR_COLUMNS)
    for pair in result["pairs"]:
        writer.writerow([" | ".join(pair[c]) if isinstance(pair[c], list) else pair[c]
                         for c in _PAIR_COLUMNS])
    return buffer.getvalue()


def _as_text(result: dict) -> str:
    by_email = {a["email"]: a for a in result["attendees"]}
    meetings: dict[str, list[tuple[int, str, str, list[str]]]] = {e: [] for e in by_email}
    for p in result["pairs"]:
        shared = "shared: " + ", ".join(p["shared"]) if p["shared"] else ""
        meetings[p["a"]].append((p["round"], p["b"], p["b_helps_a"] or p["a_helps_b"] or shared,
                                 p["questions_for_a"]))
        meetings[p["b"]].append((p["round"], p["a"], p["a_helps_b"] or p["b_helps_a"] or shared,
                                 p["questions_for_b"]))
    reasons = {u["email"]: u["reason"] for u in result["unmatched"]}
    lines = []
    for email, person in by_email.items():
        lines.append(f"{person['name']} <{email}>")
        for rnd, other, why, questions in sorted(meetings[email]):
            lines.append(f"  round {rnd}: {by_email[other]['name']} <{other}>")
            if why:
                lines.append(f"    {why}")
            lines.extend(f"    ? {q}" for q in questions)
        if email in reasons:
            lines.append(f"  ({reasons[email]})")
        lines.append("")
    s = result["stats"]
    lines.append(f"{s['attendees']} attendees, {s['pairs']} conversations in {s['rounds']} rounds")
    if s.get("rounds_note"):
        lines.append(s["rounds_note"])
    lines.extend(f"rejected line {r['line']}: {r['reason']}" for r in result["rejected_rows"])
    return "\n".join(lines) + "\n"


def _match(args) -> Iterable[str]:
    from .pipeline import match_event
    from .reader import read_attendees

    if args.file == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            with open(args.file, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise MatchmakerError(f"cannot read {args.file}: {exc.strerror or exc}") from None
    glossary = ""
    if args.glossary:
        try:
            with open(args.glossary, "rb") as handle:
                glossary = handle.read().decode("utf-8-sig")
        except OSError as exc:
            raise MatchmakerError(f"cannot read {args.glossary}: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise MatchmakerError(f"{args.glossary} is not UTF-8 text; save the glossary as UTF-8") from None
    report = read_attendees(data)
    result = match_event(report.attendees, seed=args.seed, allow_colleagues=args.allow_colleagues,
                         language=args.language, rejected_rows=report.rejected,
                         progress=_progress_printer(), timing=args.timing, glossary=glossary)
    result["stats"]["columns"] = report.column_readings  # how each column of the file was read
    if args.format == "csv":
        return [_as_csv(result)]
    if args.format == "text":
        return [_as_text(result)]
    return _json_chunks(result)


def _as_json(result: dict) -> str:
    """The result with one record per line: readable, diffable, and written by json's C
    encoder (``indent`` would fall back to the pure-Python one, seconds at 100,000).

    >>> print(_as_json({"pairs": [{"a": 1}, {"a": 2}], "stats": {"pairs": 2}}))
    {
      "pairs": [
        {"a": 1},
        {"a": 2}
      ],
      "stats": {"pairs": 2}
    }
    <BLANKLINE>
    """
    return "".join(_json_chunks(result))


def _json_chunks(result: dict) -> Iterator[str]:
    """:func:`_as_json` piece by piece: at 100,000 attendees the whole text would cost more
    memory than the matching itself, so the command line writes one record at a time."""
    yield "{\n"
    for k, (key, value) in enumerate(result.items()):
        yield ",\n" if k else ""
        if isinstance(value, list) and value:
            yield f"  {json.dumps(key)}: [\n"
            for j, item in enumerate(value):
                yield ("    " if not j else ",\n    ") + json.dumps(item, ensure_ascii=False)
            yield "\n  ]"
        else:
            yield f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
    yield "\n}\n"


def _demo(args) -> list[str]:
    from .synthetic import generate_event, to_csv

    if args.n < 0:
        raise MatchmakerError(f"--n must be zero or more, not {args.n}")
    event = generate_event(args.n, seed=args.seed)
    return [to_csv(event.attendees).decode("utf-8")]


def main(argv=None) -> int:
    """Run the command line; return the exit status (0 success, 2 error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        chunks = _match(args) if args.command == "match" else _demo(args)
    except MatchmakerError as exc:
        print(f"matchmaker: error: {exc}", file=sys.stderr)
        return 2
    except MemoryError:
        print("matchmaker: error: not enough memory for this file; try a smaller event", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("matchmaker: error: interrupted", file=sys.stderr)
        return 130
    try:
        for chunk in chunks:
            sys.stdout.write(chunk)
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
