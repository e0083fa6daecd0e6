"""Password hashing with OWASP-strength scrypt parameters.

Werkzeug's default scrypt cost (N=2**15) is below OWASP's minimum (N=2**17,
r=8, p=1), so the method is spelled out in the ``PASSWORD_HASH_METHOD``
setting (:mod:`web.config`); tests lower it to stay fast.
"""

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

__all__ = ["hash_password", "verify_password"]


def hash_password(password: str) -> str:
    method = current_app.config["PASSWORD_HASH_METHOD"]
    return generate_password_hash(password, method=method)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Check ``password``; with no stored hash, spend the same time and answer False.

    Hashing for unknown e-mails too keeps sign-in timing from telling which
    addresses have an account.
    """
    if not stored_hash:
        check_password_hash(_dummy_hash(), password)
        return False
    return check_password_hash(stored_hash, password)


_DUMMY = {}


def _dummy_hash() -> str:
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _DUMMY:
        _DUMMY[method] = generate_password_hash("not a password", method=method)
    return _DUMMY[method]
