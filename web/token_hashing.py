"""The one form in which a secret token is stored, looked up or used as a key: its hex SHA-256.

Tokens carry 256 random bits (API tokens) or an HMAC of that size (attendee
links), so a plain unsalted hash is enough: nothing can be guessed from it.
"""

from __future__ import annotations

import hashlib

__all__ = ["hash_token"]


def hash_token(token: str) -> str:
    """Hex SHA-256 of ``token``.

    Examples
    --------
    >>> hash_token("abc")[:16], len(hash_token("abc"))
    ('ba7816bf8f01cfea', 64)
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
