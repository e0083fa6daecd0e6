"""Organizer accounts and their API tokens.

Use-cases only flush; the view or CLI command that calls them commits once.
"""

from __future__ import annotations

import re
import secrets

from flask_babel import gettext
from sqlalchemy import func, select

from matchmaker.cleaning import clean_text

from ..extensions import db
from ..models import ApiToken, Organizer, utcnow
from ..passwords import hash_password, verify_password, weak_password
from ..token_hashing import hash_token
from .exceptions import Invalid, NotFound

__all__ = [
    "MIN_PASSWORD_LENGTH", "normalise_email", "create_organizer", "sign_up", "authenticate",
    "create_api_token", "revoke_api_token", "organizer_for_token", "organizer_tokens", "end_sessions",
]

MIN_PASSWORD_LENGTH = 10
# Deliberately loose: one "@", no spaces, a dot in the domain. Deliverability is
# proven by mail, not by a pattern.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_email(email: str) -> str:
    """Trimmed, lower-cased address (the form accounts are stored and looked up in).

    Examples
    --------
    >>> normalise_email("  Zoe@Example.ORG ")
    'zoe@example.org'
    """
    return (email or "").strip().lower()


def create_organizer(email: str, password: str, name: str = "") -> Organizer:
    """Create an organizer account.

    Raises
    ------
    Invalid
        When the address is malformed or already has an account (``field="email"``),
        or the password is shorter than :data:`MIN_PASSWORD_LENGTH` or too easy to guess
        (``field="password"``, :func:`web.passwords.weak_password`).
    """
    email = _checked_new_account(email, password, name)
    if _find_by_email(email) is not None:
        raise Invalid("An account with this e-mail address already exists; sign in instead.", field="email")
    return _add(email, password, name)


def sign_up(email: str, password: str, name: str = "") -> Organizer | None:
    """Self-service sign-up that never tells whether an address has an account.

    Returns the new organizer, or None when the address already had one (the
    caller answers both the same way; the password is hashed anyway, so the
    time taken does not tell either).

    Raises
    ------
    Invalid
        A malformed address or a weak password, as :func:`create_organizer`; these
        depend only on what was typed, never on existing accounts.
    """
    email = _checked_new_account(email, password, name)
    if _find_by_email(email) is not None:
        hash_password(password)
        return None
    return _add(email, password, name)


def _checked_new_account(email: str, password: str, name: str) -> str:
    email = normalise_email(email)
    if not _EMAIL.match(email) or len(email) > 254:
        raise Invalid(gettext("Enter a valid e-mail address, such as name@example.org."), field="email")
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise Invalid(gettext("Choose a password of at least %(num)d characters.", num=MIN_PASSWORD_LENGTH),
                      field="password")
    problem = weak_password(password, (email, name))
    if problem:
        raise Invalid(problem, field="password")
    return email


def _add(email: str, password: str, name: str) -> Organizer:
    organizer = Organizer(email=email, name=clean_text(name, max_length=200), password_hash=hash_password(password))
    db.session.add(organizer)
    db.session.flush()
    return organizer


def authenticate(email: str, password: str) -> Organizer | None:
    """The organizer whose address and password match, else None.

    Unknown addresses cost the same hashing time as wrong passwords.
    """
    organizer = _find_by_email(normalise_email(email))
    stored = organizer.password_hash if organizer is not None else None
    if not verify_password(stored, password or ""):
        return None
    return organizer


def create_api_token(organizer: Organizer, label: str = "") -> str:
    """Create a bearer token for ``organizer`` and return its plaintext (shown once, never stored)."""
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(organizer=organizer, token_hash=hash_token(token), label=(label or "").strip()[:100]))
    db.session.flush()
    return token


def organizer_tokens(organizer: Organizer) -> list[ApiToken]:
    """The organizer's API tokens, newest first (revoked ones included)."""
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.organizer_id == organizer.id).order_by(ApiToken.id.desc())
    ))


def revoke_api_token(organizer: Organizer, token_id: int) -> ApiToken:
    """Revoke one of ``organizer``'s tokens (revoking twice keeps the first date).

    Raises
    ------
    NotFound
        When the token does not exist or belongs to someone else.
    """
    token = db.session.get(ApiToken, token_id)
    if token is None or token.organizer_id != organizer.id:
        raise NotFound(gettext("This API token does not exist."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()
    return token


def organizer_for_token(token: str) -> Organizer | None:
    """The organizer owning a live token, else None; records when it was last used."""
    if not token:
        return None
    row = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None))
    )
    if row is None:
        return None
    row.last_used_at = utcnow()
    db.session.flush()
    return row.organizer


def _find_by_email(email: str) -> Organizer | None:
    return db.session.scalar(select(Organizer).where(func.lower(Organizer.email) == email))


def end_sessions(organizer: Organizer) -> None:
    """End every session of ``organizer``, on every device (see :mod:`web.sessions`); API tokens stay."""
    organizer.session_generation = (organizer.session_generation or 0) + 1
    db.session.flush()
