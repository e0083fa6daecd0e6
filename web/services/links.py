"""Private attendee links ("magic links") to the page ``/m/<token>``.

A link row stores a random ``nonce`` and the SHA-256 of the token, never the
token itself. The token is ``base64url(HMAC-SHA256(SECRET_KEY, nonce))``:

* it is re-derivable, so the organizer can export every attendee's link (or
  a mail can be re-sent) long after the invitation went out, without any
  table holding a usable token in clear;
* a copy of the database alone reveals no link: the nonce is useless without
  ``SECRET_KEY``, and the stored hash cannot be turned back into a token;
* it carries the nonce's 256 random bits (>= 128 bits are needed so that
  guessing is hopeless).

Links stay valid for viewing until they expire (``LINK_TTL_DAYS``) or are
revoked: mail scanners open links before their owner does, so opening one
must not use it up. Every change made from the page is a POST with CSRF.
Rotating a link is ``revoke(attendee)`` then ``ensure_link(attendee)``.
:func:`ensure_link` is the only function here that may write (it issues a
link when none is usable); :func:`link_url` only spells out a link's address.

The functions flush and never commit; the caller commits once.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import Attendee, AttendeeLink, utcnow
from ..token_hashing import hash_token
from ..urls import external_url

__all__ = ["active_link_holders", "ensure_link", "link_url", "resolve", "revoke", "token_for"]

#: Tokens are 43 characters; anything much longer is not worth hashing.
_MAX_TOKEN_LENGTH = 128


def token_for(link: AttendeeLink) -> str:
    """The token of ``link``, derived again from ``SECRET_KEY`` and its nonce.

    ``base64url(HMAC-SHA256(SECRET_KEY, nonce))`` without padding: 43
    URL-safe characters carrying 256 bits.
    """
    key = current_app.config["SECRET_KEY"]
    if isinstance(key, str):
        key = key.encode("utf-8")
    mac = hmac.new(key, bytes.fromhex(link.nonce), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode("ascii")


def ensure_link(attendee: Attendee) -> AttendeeLink:
    """A usable link for ``attendee``, created when none exists.

    An existing link is reused only while it is neither revoked nor expired
    and its token can still be derived (a changed ``SECRET_KEY`` derives a
    different token, so such a link is replaced by a new one).
    """
    now = utcnow()
    for link in attendee.links:
        if link.usable_at(now) and hmac.compare_digest(hash_token(token_for(link)), link.token_hash):
            return link
    link = AttendeeLink(
        nonce=secrets.token_bytes(32).hex(),
        created_at=now,
        expires_at=now + dt.timedelta(days=current_app.config["LINK_TTL_DAYS"]),
    )
    link.token_hash = hash_token(token_for(link))
    attendee.links.append(link)
    db.session.flush()
    return link


def link_url(link: AttendeeLink) -> str:
    """Absolute URL of the page ``link`` opens, under ``BASE_URL``; writes nothing.

    ``link_url(ensure_link(attendee))`` is the attendee's current address.
    """
    return external_url("attendee.page", token=token_for(link))


def active_link_holders(attendee_ids: list[int]) -> set[int]:
    """Those of ``attendee_ids`` who hold at least one usable link (one query)."""
    return set(db.session.scalars(select(AttendeeLink.attendee_id).where(
        AttendeeLink.attendee_id.in_(attendee_ids), AttendeeLink.usable_at(utcnow()))))


def resolve(token: str) -> Attendee | None:
    """The attendee whose usable link carries ``token``; None when unknown, expired or revoked.

    The lookup is by the token's hash, so the database never compares the
    secret itself; the final comparison is constant-time.
    """
    if not token or len(token) > _MAX_TOKEN_LENGTH:
        return None
    digest = hash_token(token)
    link = db.session.scalar(select(AttendeeLink).where(AttendeeLink.token_hash == digest))
    if link is None or not hmac.compare_digest(link.token_hash, digest) or not link.usable_at(utcnow()):
        return None
    return link.attendee


def revoke(attendee: Attendee) -> int:
    """Revoke every link of ``attendee``; returns how many were still active."""
    now = utcnow()
    count = 0
    for link in attendee.links:
        if link.revoked_at is None:
            link.revoked_at = now
            count += 1
    db.session.flush()
    return count
