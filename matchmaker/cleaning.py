"""One cleaning for every piece of text a person typed: the import, the profile form and the API.

Text from a spreadsheet, a form or a JSON body may hold characters that
display differently from what they are, or break what comes after:

* NUL and the other C0/C1 control characters (a NUL breaks PostgreSQL, a CR/LF
  in a name reaches mail headers); tab, line and page breaks are whitespace;
* bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) and marks,
  which make a name read backwards ("right-to-left override" spoofing);
* zero-width and other invisible format characters (U+200B-U+200D, U+2060,
  U+FEFF, the soft hyphen, tag characters...), which make two equal-looking
  names differ;
* lone surrogates, which no encoder accepts.

:func:`clean_text` removes them, normalises to NFC (so that "é" typed as
``e`` + U+0301 equals "é") and collapses whitespace: to single spaces on one
line, or line by line with at most one blank line in a row when ``multiline``.

Examples
--------
>>> clean_text("  Zo\\u00e9\\u200b \\u202eLefevre\\x00 ")
'Zoé Lefevre'
>>> clean_text("first\\r\\n\\n\\n\\nsecond  line", multiline=True)
'first\\n\\nsecond line'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["INVISIBLE", "clean_text"]

# Whitespace controls and Unicode line/paragraph separators: a space on one line,
# a line break when lines are kept.
_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_SPACES = "\t\x1f"
#: Invisible format characters (Unicode category Cf) and lone surrogates: always removed.
INVISIBLE = frozenset(
    (0xAD, *range(0x600, 0x606), 0x61C, 0x6DD, 0x70F, 0x180E, *range(0x200B, 0x2010), *range(0x202A, 0x202F),
     *range(0x2060, 0x2065), *range(0x2066, 0x2070), 0xFEFF, *range(0xFFF9, 0xFFFC), 0x110BD,
     *range(0x1BCA0, 0x1BCA4), *range(0x1D173, 0x1D17B), 0xE0001, *range(0xE0020, 0xE0080),
     *range(0xD800, 0xE000))
)
_REMOVED = {c: None for c in (*range(0x20), 0x7F, *range(0x80, 0xA0), *INVISIBLE)}
_ONE_LINE = {**_REMOVED, **{ord(c): " " for c in _BREAKS + _SPACES}}
_LINES = {**_REMOVED, **{ord(c): " " for c in _SPACES}, **{ord(c): "\n" for c in _BREAKS}}
_CRLF = re.compile(r"\r\n")
_BLANK_RUNS = re.compile(r"\n{3,}")


def clean_text(value: str | None, *, multiline: bool = False, max_length: int | None = None) -> str:
    """Text as stored and shown: no controls, no invisible or bidi characters, NFC, tidy whitespace.

    Parameters
    ----------
    value : str or None
        Raw text; None reads as "".
    multiline : bool, default False
        Keep line breaks (CR/LF and CR become LF; at most one blank line in a
        row; no leading or trailing blank lines). Otherwise every line break
        and tab becomes a space.
    max_length : int, optional
        Cut the cleaned text to this many characters (trailing space removed).

    Returns
    -------
    str
        NUL and other control characters, bidirectional overrides, isolates and
        marks, zero-width and other invisible format characters are removed;
        whitespace runs (including no-break spaces) become one space, and each
        line is stripped.

    Examples
    --------
    >>> clean_text("Zoé\\r\\nBcc: x@evil.example\\t ")
    'Zoé Bcc: x@evil.example'
    >>> clean_text("\\u2066admin\\u2069\\u00a0\\u00a0(RTL)\\u200d", max_length=5)
    'admin'
    >>> clean_text(" - one\\n\\n\\n - two\\u2028three ", multiline=True)
    '- one\\n\\n- two\\nthree'
    >>> clean_text(None)
    ''
    """
    if not value:
        return ""
    if multiline:
        if not (value.isascii() and value.replace("\n", "").isprintable()):
            value = _CRLF.sub("\n", value).translate(_LINES)
        lines = (" ".join(line.split()) for line in unicodedata.normalize("NFC", value).split("\n"))
        text = _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n")
    else:
        if not (value.isascii() and value.isprintable()):
            value = value.translate(_ONE_LINE)
        text = " ".join(unicodedata.normalize("NFC", value).split())
    if max_length is not None and len(text) > max_length:
        text = text[:max_length].rstrip()
    return text
