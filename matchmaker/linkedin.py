"""LinkedIn profile addresses, rebuilt from a strict slug so that only linkedin.com is ever linked.

A typed address is never used as it is: checking that its host "ends with
linkedin.com" is fooled by ``https://attacker.example\\.linkedin.com/in/me``,
which Python's URL parser and browsers read differently. :func:`linkedin_url`
takes the profile's slug out of the forms people paste (with or without the
scheme, ``www.`` or a country subdomain, a trailing slash, tracking
parameters) and writes the one canonical address
``https://www.linkedin.com/in/<slug>``; anything else reads as "". The
import, the profile form, the pages and the e-mails all go through it.

Examples
--------
>>> linkedin_url("linkedin.com/in/zoe-martin-42/?originalSubdomain=fr")
'https://www.linkedin.com/in/zoe-martin-42'
>>> linkedin_url("https://attacker.example\\\\.linkedin.com/in/me")
''
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, unquote

__all__ = ["linkedin_url", "PROFILE_PREFIX"]

#: Every address this module writes starts with this.
PROFILE_PREFIX = "https://www.linkedin.com/in/"
# Host: linkedin.com, www. or a two-letter country subdomain (fr.linkedin.com); nothing before it.
_ADDRESS = re.compile(r"(?:https?://)?(?:(?:www|[a-z]{2})\.)?linkedin\.com/in/([^/?#]+)/?(?:[?#].*)?",
                      re.IGNORECASE | re.DOTALL)
_SLUG_LENGTH = (1, 100)  # LinkedIn asks for 3 to 100 today; older addresses may be shorter


def _slug_ok(slug: str) -> bool:
    if not _SLUG_LENGTH[0] <= len(slug) <= _SLUG_LENGTH[1]:
        return False
    return all(c in "-_" or unicodedata.category(c)[0] in "LN" for c in slug)


def linkedin_url(raw: str | None) -> str:
    """The canonical profile address for ``raw``, or "" when it is not a LinkedIn profile address.

    Parameters
    ----------
    raw : str or None
        What a person typed or a file held.

    Returns
    -------
    str
        ``https://www.linkedin.com/in/<slug>``, the slug percent-encoded when it
        holds non-ASCII letters; "" for anything with a backslash, whitespace,
        a user name, a port, another host or path, or a slug that is not 1 to
        100 letters, digits, ``-`` or ``_``.

    Examples
    --------
    >>> linkedin_url("https://fr.linkedin.com/in/J%C3%A9r%C3%B4me-Dupont")
    'https://www.linkedin.com/in/J%C3%A9r%C3%B4me-Dupont'
    >>> [linkedin_url(u) for u in ("javascript:alert(1)", "https://evil.example/linkedin.com/in/x",
    ...  "https://me@www.linkedin.com/in/abc", "https://www.linkedin.com/in/a/../../x", "linkedin.com/in/%FF%FE")]
    ['', '', '', '', '']
    """
    text = (raw or "").strip()
    if not text or "\\" in text or any(c.isspace() or not c.isprintable() for c in text):
        return ""
    match = _ADDRESS.fullmatch(text)
    if match is None:
        return ""
    try:
        slug = unquote(match.group(1), errors="strict")
    except UnicodeDecodeError:  # percent escapes that are not UTF-8
        return ""
    slug = unicodedata.normalize("NFC", slug)
    if not _slug_ok(slug):
        return ""
    return PROFILE_PREFIX + quote(slug, safe="-_")
