"""Golden sentences: phrase shapes in, finished sentences out, compared with files a person read and approved.

Run ``UPDATE_GOLDEN=1 pytest tests/matchmaker`` to rewrite the files after a deliberate change, then read
the diff line by line before committing it: the files are the spec of how every sentence reads.
"""

import os
from pathlib import Path

from matchmaker.lint import lint

GOLDEN = Path(__file__).parent / "golden"


def phrases() -> list[tuple[str, str]]:
    """(shape, phrase) pairs from golden/phrases.txt; "·" marks the ends of a phrase made of spaces."""
    out = []
    for line in (GOLDEN / "phrases.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            shape, phrase = line.split(" | ", 1)
            out.append((shape.strip(), phrase.strip("·")))
    return out


def check(name: str, lines: list[str]) -> None:
    """Compare ``lines`` with golden/``name`` (or write it when UPDATE_GOLDEN is set)."""
    path = GOLDEN / name
    text = "\n".join(lines) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    expected = path.read_text(encoding="utf-8").splitlines()
    for number, (want, got) in enumerate(zip(expected, lines), start=1):
        assert got == want, f"{name}:{number}\n  golden: {want!r}\n  now:    {got!r}"
    assert len(lines) == len(expected), f"{name}: {len(lines)} lines now, {len(expected)} in the golden file"


def lint_all(rendered: list[tuple[str, str]]) -> list[str]:
    """Every (language, text) that the grammar lint finds fault with, as readable messages."""
    return [f"{language}: {text!r}: {', '.join(map(str, problems))}"
            for language, text in rendered if (problems := lint(text, language))]
