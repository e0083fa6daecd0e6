"""Items of a list cell ("what I can help with", "topics"): where one item ends and the next begins.

Organizers' files list items in every way people type them: one per line
(Alt+Enter in Excel), bullets, numbered lists, or on one line separated by
``,`` ``;`` or ``|`` (form tools join checkbox answers so). Splitting must
not cut inside an item:

* a comma between digits is a decimal comma ("1,5 M€");
* ``&`` and ``/`` inside a short token join it (O&M, R&D, M&A, CI/CD, UX/UI,
  B2B/B2C), elsewhere they separate ("pricing / export");
* a period ends an item only at the end of a sentence, not after an
  abbreviation ("etc.", "e.g.", "M.", "S.A.S.") or between digits;
* a separator inside parentheses or brackets stays with its item;
* a dash or a plus separates only with a space on each side ("Saint-Malo").

Everything here is linear in the length of the text.

Examples
--------
>>> split_items("aides Bpifrance\\nmontage de dossiers européens")
['aides Bpifrance', 'montage de dossiers européens']
>>> split_items("Levée de 1,5 M€ ; O&M, R&D | CI/CD")
['Levée de 1,5 M€', 'O&M', 'R&D', 'CI/CD']
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache

__all__ = ["flatten_items", "split_items"]

_LINES = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")
# A bullet or a number that opens a line: "- ", "• ", "* ", "1. ", "2) ".
_MARKER = re.compile(r"\s*(?:[•▪◦‣●○■□►▶➢➤]+\s*|[-–—*]\s+|\d{1,2}[.)]\s+)")
_FIRST_NUMBER = re.compile(r"\s*1[.)]\s")
_NUMBER = re.compile(r"(?<=\s)(\d{1,2})[.)]\s")
_SEPARATOR = re.compile(r"[;|•·▪◦‣●]|,|[&/]|(?:\.{1,3}|…)(?=\s|$)|(?<=\s)[-–—+](?=\s)")
_CONJUNCTION = re.compile(r"(?<=\s)(?:and|et|or|ou)(?=\s)", re.IGNORECASE)
# Short compounds kept whole: up to three letters or digits on each side of & or /.
_SHORT_COMPOUND = re.compile(r"(?<![^\W_])[^\W_]{1,3}(?:[&/][^\W_]{1,3})+(?![^\W_])")
_LAST_WORD = re.compile(r"([^\W\d_]+)\.*$")
_ABBREVIATIONS = frozenset(
    [
        "etc", "ex", "eg", "ie", "cf", "vs", "approx", "env", "dr", "mr", "mrs", "ms", "mme", "mlle", "mm", "st",
        "ste", "inc", "ltd", "co", "corp", "no", "nº", "vol", "fig", "jr", "sr", "prof", "dept", "av", "bd", "min",
        "max", "mio", "md", "mds", "resp", "tel", "ref",
    ]
)
_OPEN, _CLOSE = "([{", ")]}"
_BRACKET = re.compile(r"[()\[\]{}]")


def _same_length_fold(text: str) -> str:
    """Lowercase without accents, one character for one (so spans found in it hold in ``text``)."""
    return "".join((unicodedata.normalize("NFKD", c)[:1] or c).lower()[:1] or c for c in text)


@lru_cache(maxsize=1)
def _fixed_expressions() -> re.Pattern | None:
    """Lexicon terms with a conjunction or a comma inside ("recherche et développement",
    "mergers and acquisitions", "scope 1, 2 and 3"): one thing, never two items."""
    from .lexicon import load_lexicon  # here, not at the top: the lexicon's files load on first use

    terms = {_same_length_fold(t) for c in load_lexicon() for t in c.terms if _CONJUNCTION.search(f" {t} ") or "," in t}
    if not terms:
        return None
    words = (r"[\s,]+".join(map(re.escape, t.replace(",", " ").split())) for t in sorted(terms, key=len, reverse=True))
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)")


def _protected(line: str, fixed: bool = False) -> list[tuple[int, int]]:
    """Disjoint sorted spans of matched brackets, short compounds and (``fixed``) the lexicon's
    fixed expressions; linear in the line."""
    spans, stack = [], []
    for match in _BRACKET.finditer(line):
        char = match.group()
        if char in _OPEN:
            stack.append((match.start(), _CLOSE[_OPEN.index(char)]))
        elif stack and stack[-1][1] == char:
            spans.append((stack.pop()[0], match.end()))
        else:
            stack.clear()  # a stray closing bracket: earlier openings stay unmatched
    spans += [match.span() for match in _SHORT_COMPOUND.finditer(line)]
    expressions = _fixed_expressions() if fixed else None
    if expressions is not None:
        spans += [match.span() for match in expressions.finditer(_same_length_fold(line))]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _is_separator(line: str, match: re.Match) -> bool:
    char, start = match.group(), match.start()
    if char == ",":
        return not (0 < start < len(line) - 1 and line[start - 1].isdigit() and line[start + 1].isdigit())
    if char[0] in ".…":
        word = _LAST_WORD.search(line, max(0, start - 12), start)
        return not (word and (len(word.group(1)) == 1 or word.group(1).lower() in _ABBREVIATIONS))
    return True


def _cuts(line: str, conjunctions: bool, numbered: bool) -> list[tuple[int, int]]:
    spans = _protected(line, fixed=conjunctions)
    starts = [start for start, _ in spans]

    def protected(position: int) -> bool:
        k = bisect.bisect_right(starts, position) - 1
        return k >= 0 and position < spans[k][1]

    cuts = [(m.start(), m.end()) for m in _SEPARATOR.finditer(line)
            if not protected(m.start()) and _is_separator(line, m)]
    if conjunctions:
        cuts += [(m.start(), m.end()) for m in _CONJUNCTION.finditer(line) if not protected(m.start())]
    if numbered:  # "1. a 2. b 3. c": numbers in sequence separate items
        expected = 2
        for match in _NUMBER.finditer(line):
            if int(match.group(1)) == expected and not protected(match.start()):
                cuts.append((match.start(), match.end()))
                expected += 1
    return sorted(cuts)


def _unmarked(line: str) -> str:
    marker = _MARKER.match(line)
    return line[marker.end():] if marker else line


def _split_line(line: str, conjunctions: bool) -> list[str]:
    numbered = _FIRST_NUMBER.match(line) is not None
    line = _unmarked(line)
    items, start = [], 0
    for cut_start, cut_end in _cuts(line, conjunctions, numbered):
        if cut_start >= start:
            items.append(line[start:cut_start])
            start = cut_end
    items.append(line[start:])
    return items


def split_items(text: str, *, conjunctions: bool = False) -> list[str]:
    """Items of a list cell, in order, each in its own wording (spaces trimmed).

    Parameters
    ----------
    text : str
        The cell, possibly on several lines.
    conjunctions : bool, default False
        Also separate at "and", "et", "or", "ou" (the scoring does, to match
        "fundraising and hiring" item by item; a person's list keeps them).

    Returns
    -------
    list of str
        Non-empty items; an item without a letter or digit is left out.

    Examples
    --------
    >>> split_items("• Pricing (B2B, SaaS)\\n• UX/UI design\\n2) e.g. Go-to-market, etc.")
    ['Pricing (B2B, SaaS)', 'UX/UI design', 'e.g. Go-to-market', 'etc.']
    >>> split_items("1. Levée de fonds 2. Recrutement 3. RGPD")
    ['Levée de fonds', 'Recrutement', 'RGPD']
    >>> split_items("Sales and marketing. Export - Asie", conjunctions=True)
    ['Sales', 'marketing', 'Export', 'Asie']
    >>> split_items("Crédit d'impôt recherche et développement, RGPD et contrats", conjunctions=True)
    ["Crédit d'impôt recherche et développement", 'RGPD', 'contrats']
    """
    items = []
    for line in _LINES.split(text or ""):
        for item in _split_line(line, conjunctions):
            item = item.strip()
            if item and any(char.isalnum() for char in item):
                items.append(item)
    return items


def flatten_items(text: str) -> str:
    """A list cell on several lines as one line: each line an item, joined with "; ".

    Bullets and numbers opening a line are dropped, and so are separators
    ending one; a cell on one line is returned as it is.

    Examples
    --------
    >>> flatten_items("- aides Bpifrance,\\n- montage de dossiers européens")
    'aides Bpifrance; montage de dossiers européens'
    >>> flatten_items("pricing, export")
    'pricing, export'
    """
    if not _LINES.search(text):
        return text
    lines = (_unmarked(line).strip().rstrip(",;|").rstrip() for line in _LINES.split(text))
    return "; ".join(line for line in lines if line)
